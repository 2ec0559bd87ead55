"""The FastAPI application factory.

``create_app()`` wires settings, database (migrated on start), network, route planner and the
outbox dispatcher into one app. Every resource has its router under ``/api/v1``; further faces
(the web UI) pass their routers in ``extra_routers`` and share the same lifespan and context.
"""

from __future__ import annotations

import gc
import importlib
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.concurrency import run_in_threadpool

from corridors import __version__
from corridors.api.middleware import RequestContextMiddleware
from corridors.api.plan_cache import PlanCache
from corridors.api.problems import fix_openapi, install
from corridors.api.routes import events, health, organizations, shipments, subscriptions
from corridors.api.routes import network as network_routes
from corridors.api.routes import routes as route_planning
from corridors.network.model import Network
from corridors.settings import Settings
from corridors.store.db import Database
from corridors.store.migrate import upgrade
from corridors.tracking.context import Context, Planner
from corridors.tracking.dispatcher import Dispatcher, DispatcherConfig

__all__ = ["API_PREFIX", "api_router", "create_app"]

log = logging.getLogger("corridors.api")
API_PREFIX = "/api/v1"

DESCRIPTION = """\
Routes, shipments, events and ETAs for the Eurasian transport corridors.

Authenticate with an organization's API key: `Authorization: Bearer crd_...`.
Errors are RFC 9457 `application/problem+json`. Lists are keyset-paginated: pass the
`next_cursor` of a page as `?cursor=` to get the next one.
"""


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX)
    for module in (
        network_routes,
        route_planning,
        organizations,
        shipments,
        events,
        subscriptions,
    ):
        router.include_router(module.router)
    return router


def _default_network(settings: Settings) -> Network | None:
    try:
        load_network = importlib.import_module("corridors.network.load").load_network
    except (ImportError, AttributeError):
        log.warning("corridors.network.load is not installed: network endpoints answer 503")
        return None
    network: Network = load_network(settings.network_path)
    return network


def _default_planner() -> Planner | None:
    try:
        planner: Planner = importlib.import_module("corridors.routing").plan_routes
    except (ImportError, AttributeError):
        log.warning("corridors.routing.plan_routes is not installed: route endpoints answer 503")
        return None
    return planner


def _optional_auth(schema: dict[str, Any], tags: set[str]) -> None:
    """Say in the schema that these operations also answer without a key."""
    for item in schema.get("paths", {}).values():
        for op in item.values():
            if isinstance(op, dict) and tags & set(op.get("tags", ())):
                op["security"] = [{}, *op.get("security", [])]


def create_app(
    settings: Settings | None = None,
    *,
    network: Network | None = None,
    planner: Planner | None = None,
    extra_routers: Sequence[APIRouter] = (),
) -> FastAPI:
    """Build the app. ``network``/``planner`` default to the bundled network and planner."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(settings.database_url)
        try:
            await run_in_threadpool(upgrade, db)
            net = (
                network
                if network is not None
                else await run_in_threadpool(_default_network, settings)
            )
        except BaseException:
            db.dispose()  # a failed start must not leave pooled connections behind
            raise
        dispatcher = None
        if settings.dispatcher_enabled:
            dispatcher = Dispatcher(
                db,
                DispatcherConfig(
                    timeout_s=settings.webhook_timeout_s,
                    max_attempts=settings.webhook_max_attempts,
                    backoff_base_s=settings.webhook_backoff_base_s,
                    backoff_cap_s=settings.webhook_backoff_cap_s,
                    poll_s=settings.webhook_poll_s,
                    allow_private=settings.webhook_allow_private,
                ),
            )
        ctx = Context(
            db=db,
            network=net,
            planner=planner if planner is not None else _default_planner(),
            max_batch_events=settings.max_batch_events,
            allow_private_webhooks=settings.webhook_allow_private,
        )
        if planner is None and ctx.planner is not None and net is not None:
            # the bundled planner: load its compiled kernels before saying ready
            await run_in_threadpool(importlib.import_module("corridors.routing").warm_up, net)
        # Everything alive now lives as long as the server: keep it out of the collector's
        # scans, which otherwise walk the network, the compiled caches and the framework on
        # every full collection.
        gc.collect()
        gc.freeze()
        if dispatcher is not None:
            ctx.wake_dispatcher = dispatcher.wake
            dispatcher.start()
        app.state.ctx = ctx
        log.info(
            "corridors ready",
            extra={"fields": {"database": db.dialect, "network": net is not None}},
        )
        try:
            yield
        finally:
            # Uvicorn has let in-flight requests finish; now stop the dispatcher (it records
            # the outcome of deliveries in flight) and close the database cleanly.
            if dispatcher is not None:
                await run_in_threadpool(dispatcher.stop, settings.shutdown_timeout_s)
            await run_in_threadpool(db.dispose)
            log.info("corridors stopped")

    app = FastAPI(
        title="Corridors",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.plan_cache = PlanCache(settings.plan_cache_size)
    install(app)
    app.include_router(health.router)
    app.include_router(api_router())
    for router in extra_routers:
        app.include_router(router)
    importlib.import_module("corridors.web").mount_web(app)  # web pages and their assets
    app.add_middleware(RequestContextMiddleware, max_body_bytes=settings.max_body_bytes)

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = fix_openapi(
                get_openapi(
                    title=app.title,
                    version=app.version,
                    description=app.description,
                    routes=app.routes,
                )
            )
            if settings.open_planning:
                _optional_auth(schema, tags={"network", "routes"})
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app
