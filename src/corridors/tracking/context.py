"""What every tracking service needs: the database, the network, and who is calling."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from corridors.errors import CorridorsError, InvalidInput
from corridors.network.model import Network
from corridors.routing.schemas import RoutePlan, RouteRequest
from corridors.store.db import Database
from corridors.tracking.eta import Plan

__all__ = [
    "Caller",
    "Context",
    "Forbidden",
    "LruCache",
    "Planner",
    "Unauthorized",
    "Unavailable",
]

Planner = Callable[[Network, RouteRequest], RoutePlan]
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Unauthorized(CorridorsError):
    """No API key, or one that is unknown or revoked."""

    status = 401
    title = "Unauthorized"


class Forbidden(CorridorsError):
    """The caller is known but its organization lacks the role for this operation."""

    status = 403
    title = "Forbidden"


class Unavailable(CorridorsError):
    """A part of the platform this request needs is not available on this server."""

    status = 503
    title = "Service unavailable"


@dataclass(frozen=True, slots=True)
class Caller:
    """The organization behind an API key."""

    org_id: str
    name: str
    kind: str
    country: str | None
    roles: tuple[str, ...]
    key_id: str

    def require(self, role: str, action: str) -> None:
        if role not in self.roles:
            raise Forbidden(
                f"organization {self.name!r} lacks the {role!r} role needed to {action}",
                hint="an admin can grant it with PATCH /api/v1/organizations/{id}",
            )


def _no_wake() -> None:
    return None


class LruCache(Generic[K, V]):
    """A bounded, thread-safe map that forgets the least recently used entries."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[K, V] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: K) -> V | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: K, value: V) -> V:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value


@dataclass
class Context:
    db: Database
    network: Network | None = None
    planner: Planner | None = None
    max_batch_events: int = 5000
    allow_private_webhooks: bool = True
    wake_dispatcher: Callable[[], None] = field(default=_no_wake)
    plans: LruCache[str, Plan] = field(default_factory=lambda: LruCache(20_000), repr=False)
    _locodes: dict[str, str] | None = field(default=None, repr=False)

    def require_network(self) -> Network:
        if self.network is None:
            raise Unavailable(
                "the corridor network is not loaded on this server",
                hint="set CORRIDORS_NETWORK_PATH or install the bundled network data",
            )
        return self.network

    def require_planner(self) -> Planner:
        if self.planner is None:
            raise Unavailable(
                "the route planner is not available on this server",
                hint="book with 'route_option' instead of 'plan'",
            )
        return self.planner

    def resolve_location(self, value: str, *, field: str = "location") -> str:
        """A node id, or a UN/LOCODE (``CNXIY`` or ``CN XIY``) of exactly one node."""
        network = self.require_network()
        if value in network.nodes:
            return value
        if self._locodes is None:
            index: dict[str, str] = {}
            for node in network.nodes.values():
                if node.unlocode:
                    index.setdefault(node.unlocode.replace(" ", "").upper(), node.id)
            self._locodes = index
        node_id = self._locodes.get(value.replace(" ", "").upper())
        if node_id is None:
            raise InvalidInput(
                f"{field} {value!r} is neither a node id nor a UN/LOCODE of the network",
                hint="look it up with GET /api/v1/network/places?q=...",
                field=field,
            )
        return node_id
