"""A small in-process cache of serialised route plans.

The planner is deterministic for a given network and request, and popular corridors get asked
the same question again and again. A request without ``departure`` means "leave now": its answer
is reused for at most ``now_ttl_s`` seconds. Explicit departures are reused until evicted (LRU).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from corridors.routing.schemas import RouteRequest

__all__ = ["PlanCache"]


class PlanCache:
    def __init__(self, size: int = 512, now_ttl_s: float = 60.0) -> None:
        self.size = size
        self.now_ttl_s = now_ttl_s
        self._lock = threading.Lock()
        self._items: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def _key(self, request: RouteRequest) -> str:
        return request.model_dump_json()

    def get(self, request: RouteRequest) -> bytes | None:
        if self.size <= 0:
            return None
        key = self._key(request)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                expires, body = found
                if expires > time.monotonic():
                    self._items.move_to_end(key)
                    self.hits += 1
                    return body
                del self._items[key]
            self.misses += 1
            return None

    def put(self, request: RouteRequest, body: bytes) -> None:
        if self.size <= 0:
            return
        ttl = self.now_ttl_s if request.departure is None else float("inf")
        with self._lock:
            self._items[self._key(request)] = (time.monotonic() + ttl, body)
            self._items.move_to_end(self._key(request))
            while len(self._items) > self.size:
                self._items.popitem(last=False)
