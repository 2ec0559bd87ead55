"""Place lookup (interim): node id, UN/LOCODE, exact name, or 'lat,lon' to the nearest node.

The netdata branch replaces this module with the full, typo-tolerant lookup; the interface
(``resolve_place`` and ``ResolvedPlace``) is the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from corridors.errors import NotFound
from corridors.network.model import Network

__all__ = ["ResolvedPlace", "resolve_place"]


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    query: str
    node_id: str
    name: str
    lat: float
    lon: float
    access_km: float = 0.0
    note: str = ""


def _gc_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def resolve_place(network: Network, query: str) -> ResolvedPlace:
    q = query.strip()
    node = network.nodes.get(q)
    if node is None:
        low = q.casefold()
        node = next(
            (
                n
                for n in network.nodes.values()
                if low in (n.unlocode.casefold(), n.name.casefold(), n.name_ru.casefold())
            ),
            None,
        )
    if node is not None:
        return ResolvedPlace(q, node.id, node.name, node.lat, node.lon)
    parts = q.split(",")
    if len(parts) == 2:
        try:
            lat, lon = float(parts[0]), float(parts[1])
        except ValueError:
            pass
        else:
            near = min(network.nodes.values(), key=lambda n: _gc_km(lat, lon, n.lat, n.lon))
            km = _gc_km(lat, lon, near.lat, near.lon) * 1.3
            return ResolvedPlace(
                q, near.id, f"{lat:.4f},{lon:.4f}", lat, lon, km, f"connected by road to {near.id}"
            )
    raise NotFound(f"unknown place {query!r}", field="place")
