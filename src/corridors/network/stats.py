"""Counts that describe a network: by mode, country, corridor and status, and how much of it
is sourced rather than estimated."""

from __future__ import annotations

from collections import Counter
from typing import Any

from corridors.network.model import Network

__all__ = ["network_stats"]

# Model fields that hold figures (numbers a user relies on), per record type.
_NODE_FIGURES = ("lat", "lon", "handling_h", "handling_usd_teu", "capacity_teu_day")
_LINK_FIGURES = ("length_km", "speed_kmh", "price_usd_teu", "wtw_kg_tkm", "capacity_teu_day")
_BORDER_FIGURES = ("dwell_p50_h", "dwell_p90_h", "capacity_trains_day", "capacity_teu_day")
_SERVICE_FIGURES = ("sailings_per_week", "crossing_h", "price_usd_teu", "capacity_teu")


def network_stats(network: Network) -> dict[str, Any]:
    """Plain-data summary (the CLI prints it, ``--json`` emits it unchanged)."""
    base_links = [link for link in network.links.values() if link.id == link.base_id]
    figures = estimated = 0
    per_field: dict[str, list[int]] = {}
    records: list[tuple[object, tuple[str, ...], tuple[str, ...]]] = []
    records += [(n, _NODE_FIGURES, n.estimated) for n in network.nodes.values()]
    records += [(lk, _LINK_FIGURES, lk.estimated) for lk in base_links]
    records += [(b, _BORDER_FIGURES, b.estimated) for b in network.borders.values()]
    records += [(s, _SERVICE_FIGURES, s.estimated) for v in network.services.values() for s in v]
    for obj, names, est in records:
        for name in names:
            if getattr(obj, name) is not None:
                figures += 1
                estimated += name in est
                tally = per_field.setdefault(f"{type(obj).__name__}.{name}", [0, 0])
                tally[0] += 1
                tally[1] += name in est
    return {
        "nodes": len(network.nodes),
        "links": len(network.links),
        "link_rows": len(base_links),
        "borders": len(network.borders),
        "services": sum(len(v) for v in network.services.values()),
        "sources": len(network.sources),
        "km_by_mode": {
            m: round(sum(lk.length_km for lk in base_links if lk.mode == m))
            for m in sorted({lk.mode for lk in base_links})
        },
        "links_by_mode": dict(sorted(Counter(lk.mode for lk in network.links.values()).items())),
        "links_by_status": dict(
            sorted(Counter(lk.status for lk in network.links.values()).items())
        ),
        "nodes_by_country": dict(
            sorted(Counter(n.country for n in network.nodes.values()).items())
        ),
        "nodes_by_kind": dict(sorted(Counter(n.kind for n in network.nodes.values()).items())),
        "links_by_corridor": dict(
            sorted(Counter(c for lk in network.links.values() for c in lk.corridors).items())
        ),
        "figures": figures,
        "estimated_figures": estimated,
        "estimated_share": round(estimated / figures, 3) if figures else 0.0,
        "estimated_share_by_figure": {
            k: round(v[1] / v[0], 3) for k, v in sorted(per_field.items())
        },
    }
