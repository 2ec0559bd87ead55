"""Route planning: the same request and answer as ``corridors route --json``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from corridors.api.deps import CtxDep, OptionalCallerDep
from corridors.api.plan_cache import PlanCache
from corridors.api.problems import problem_responses
from corridors.errors import InvalidInput, NotFound
from corridors.routing.geojson import plan_geojson
from corridors.routing.schemas import RoutePlan, RouteRequest

router = APIRouter(prefix="/routes", tags=["routes"], responses=problem_responses(401, 422, 503))


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
def plan(http: Request, ctx: CtxDep, caller: OptionalCallerDep, request: RouteRequest) -> Response:
    """Without ``weights``: the diversified Pareto options (fastest, cheapest, greenest, ...).
    With ``weights``: the single best option for them. Book one with ``POST /api/v1/shipments``
    and ``route_option`` set to it."""
    cache: PlanCache = http.app.state.plan_cache
    body = cache.get(request)
    if body is None:
        body = _plan(ctx, request).model_dump_json().encode()
        cache.put(request, body)
    return Response(body, media_type="application/json")


@router.post(
    "/geojson",
    summary="The same plan as a GeoJSON FeatureCollection, one LineString per leg",
    responses={200: {"content": {"application/geo+json": {}}, "description": "legs"}},
    response_class=JSONResponse,
)
def plan_as_geojson(ctx: CtxDep, caller: OptionalCallerDep, request: RouteRequest) -> JSONResponse:
    data: dict[str, Any] = plan_geojson(_plan(ctx, request))
    return JSONResponse(data, media_type="application/geo+json")
