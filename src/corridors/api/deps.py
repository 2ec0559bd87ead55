"""Dependencies as types: routes declare ``ctx: CtxDep, caller: CallerDep`` and get them."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.concurrency import run_in_threadpool

from corridors.settings import Settings
from corridors.tracking.context import Caller, Context, Unauthorized
from corridors.tracking.orgs import AuthError, authenticate

__all__ = [
    "CallerDep",
    "CtxDep",
    "Cursor",
    "Limit",
    "OptionalCallerDep",
    "SettingsDep",
]

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="ApiKey",
    description="An organization's API key: `Authorization: Bearer crd_...`",
)


# Trivial dependencies are async so that FastAPI runs them on the event loop instead of handing
# each to the thread pool (a thread hop per dependency per request adds up under load).
async def get_ctx(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


CtxDep = Annotated[Context, Depends(get_ctx)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def get_caller(request: Request, ctx: CtxDep, credentials: Credentials) -> Caller:
    if credentials is None:
        raise Unauthorized(
            "this endpoint needs an API key",
            hint="send 'Authorization: Bearer <key>'; `corridors admin bootstrap` makes the "
            "first one",
        )
    try:
        caller = authenticate(ctx, credentials.credentials)
    except AuthError as exc:
        raise Unauthorized(
            str(exc), hint="check the key, or ask your admin for a new one"
        ) from None
    request.scope["corridors.org_id"] = caller.org_id
    return caller


async def get_planning_caller(
    request: Request, ctx: CtxDep, settings: SettingsDep, credentials: Credentials
) -> Caller | None:
    """Network and route endpoints: open unless CORRIDORS_OPEN_PLANNING=false."""
    if settings.open_planning and credentials is None:
        return None
    return await run_in_threadpool(get_caller, request, ctx, credentials)


CallerDep = Annotated[Caller, Depends(get_caller)]
OptionalCallerDep = Annotated[Caller | None, Depends(get_planning_caller)]
Limit = Annotated[int, Query(ge=1, le=500, description="page size")]
Cursor = Annotated[
    str | None, Query(max_length=500, description="next_cursor of the previous page")
]
