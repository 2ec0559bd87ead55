"""Route planning: the same request and answer as ``corridors route --json``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from corridors.api.deps import CtxDep, OptionalCallerDep
from corridors.api.plan_cache import PlanCache
from corridors.api.problems import problem_responses
from corridors.errors import InvalidInput, NotFound
from corridors.routing.geojson import plan_geojson
from corridors.routing.schemas import RoutePlan, RouteRequest

router = APIRouter(prefix="/routes", tags=["routes"], responses=problem_responses(401, 422, 503))
T = TypeVar("T")


async def _on_planning_thread(http: Request, fn: Callable[[], T]) -> T:
    """Run ``fn`` on the process's one planning thread. Plans are CPU-bound Python: sixteen of
    them on sixteen threads only fight over the GIL (bench_platform measured 9 ms of server CPU
    per request that way, against 4.5 ms one at a time); more processes (``--workers``) scale."""
    limiter = getattr(http.app.state, "planning_limiter", None)
    if limiter is None:
        limiter = http.app.state.planning_limiter = CapacityLimiter(1)
    return await anyio.to_thread.run_sync(fn, limiter=limiter)


def _check(request: RouteRequest) -> None:
    """Ranges RouteRequest does not state yet (reported to the routing package's owners)."""
    if request.seed < 0:
        raise InvalidInput(
            f"seed {request.seed} is negative", hint="use an integer >= 0", field="seed"
        )
    if request.departure is not None and not 1971 <= request.departure.year <= 2200:
        raise InvalidInput(
            f"departure {request.departure.isoformat()} is out of range",
            hint="give a date between 1971 and 2200",
            field="departure",
        )


def _plan(ctx: CtxDep, request: RouteRequest) -> RoutePlan:
    _check(request)
    try:
        return ctx.require_planner()(ctx.require_network(), request)
    except NotFound as exc:
        # An unknown place is bad input to this request, not a missing resource.
        raise InvalidInput(
            exc.msg or exc.message, hint=exc.hint_msg or exc.hint, field=exc.field
        ) from None


@router.post(
    "",
    response_model=RoutePlan,
    summary="Plan door-to-door routes: options with time P50/P90, price, CO2e, borders",
)
async def plan(
    http: Request, ctx: CtxDep, caller: OptionalCallerDep, request: RouteRequest
) -> Response:
    """Without ``weights``: the diversified Pareto options (fastest, cheapest, greenest, ...).
    With ``weights``: the single best option for them. Book one with ``POST /api/v1/shipments``
    and ``route_option`` set to it."""
    cache: PlanCache = http.app.state.plan_cache
    body = cache.get(request)
    if body is None:
        body = await _on_planning_thread(
            http, lambda: _plan(ctx, request).model_dump_json().encode()
        )
        cache.put(request, body)
    return Response(body, media_type="application/json")


@router.post(
    "/geojson",
    summary="The same plan as a GeoJSON FeatureCollection, one LineString per leg",
    responses={200: {"content": {"application/geo+json": {}}, "description": "legs"}},
    response_class=JSONResponse,
)
async def plan_as_geojson(
    http: Request, ctx: CtxDep, caller: OptionalCallerDep, request: RouteRequest
) -> JSONResponse:
    data: dict[str, Any] = await _on_planning_thread(
        http, lambda: plan_geojson(_plan(ctx, request))
    )
    return JSONResponse(data, media_type="application/geo+json")
