"""Liveness and readiness, outside /api/v1 so that load balancers need no key."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from corridors.api.problems import problem, problem_responses
from corridors.store.migrate import current_revision, head_revision
from corridors.tracking.context import Context

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is up")
def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz",
    summary="Ready to serve: database reachable and migrated to head, network loaded",
    responses=problem_responses(503),
)
def readyz(request: Request) -> Any:
    ctx: Context = request.app.state.ctx
    head = head_revision()
    try:
        ctx.db.ping()
        current = current_revision(ctx.db)
    except Exception as exc:  # any driver error means "not ready", with the reason
        return problem(request, 503, f"database unreachable: {type(exc).__name__}: {exc}")
    if current != head:
        return problem(request, 503, f"database schema is at {current}, this server needs {head}")
    if ctx.network is None:
        return problem(request, 503, "the corridor network is not loaded")
    return JSONResponse(
        {
            "status": "ready",
            "database": ctx.db.dialect,
            "schema": current,
            "network": {"nodes": len(ctx.network.nodes), "links": len(ctx.network.links)},
            "planner": "available" if ctx.planner is not None else "missing",
        }
    )
