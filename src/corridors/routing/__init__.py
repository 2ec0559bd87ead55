"""The route planner: multi-criteria routes over the corridor network (time, price, CO2e).

``plan_routes(network, request)`` is the one entry point for the Python API, the CLI and REST.
How the search works is in ``docs/routing.md``.
"""

from corridors.routing.planner import plan_routes, warm_up
from corridors.routing.schemas import (
    Cargo,
    Leg,
    PlaceRef,
    RouteOption,
    RoutePlan,
    RouteRequest,
    Weights,
)

__all__ = [
    "Cargo",
    "Leg",
    "PlaceRef",
    "RouteOption",
    "RoutePlan",
    "RouteRequest",
    "Weights",
    "plan_routes",
    "warm_up",
]
