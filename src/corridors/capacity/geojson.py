"""Flows as GeoJSON: one LineString per link and one Point per port, for maps and GIS tools."""

from __future__ import annotations

from typing import Any

from corridors.capacity.result import CapacityResult
from corridors.network.model import Network

__all__ = ["flows_geojson"]


def flows_geojson(
    network: Network, result: CapacityResult, baseline: CapacityResult | None = None
) -> dict[str, Any]:
    """A FeatureCollection of link flows (and the baseline flow and delta when given) and port
    throughput. Coordinates are [lon, lat] of the link's end nodes."""
    base_links = {lf.id: lf.flow_teu_yr for lf in baseline.links} if baseline else {}
    base_ports = {p.node_id: p.throughput_teu_yr for p in baseline.ports} if baseline else {}
    features: list[dict[str, Any]] = []
    for lf in result.links:
        line = network.line(network.links[lf.id])
        props: dict[str, Any] = {
            "kind": "link",
            "id": lf.id,
            "name": lf.name,
            "from_id": lf.from_id,
            "to_id": lf.to_id,
            "mode": lf.mode,
            "corridors": lf.corridors,
            "flow_teu_yr": round(lf.flow_teu_yr, 3),
            "capacity_teu_yr": lf.capacity_teu_yr,
            "utilisation": lf.utilisation,
            "shadow_price_usd_teu_yr": lf.shadow_price_usd_teu_yr,
            "co2e_t": round(lf.co2e_t, 3),
        }
        if baseline is not None:
            props["baseline_flow_teu_yr"] = round(base_links.get(lf.id, 0.0), 3)
            props["delta_teu_yr"] = round(lf.flow_teu_yr - base_links.get(lf.id, 0.0), 3)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [list(p) for p in line]},
                "properties": props,
            }
        )
    for p in result.ports:
        n = network.nodes[p.node_id]
        props = {
            "kind": "port",
            "id": p.node_id,
            "name": p.name,
            "node_kind": p.kind,
            "throughput_teu_yr": round(p.throughput_teu_yr, 3),
            "capacity_teu_yr": p.capacity_teu_yr,
            "utilisation": p.utilisation,
            "shadow_price_usd_teu_yr": p.shadow_price_usd_teu_yr,
        }
        if baseline is not None:
            props["baseline_throughput_teu_yr"] = round(base_ports.get(p.node_id, 0.0), 3)
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [n.lon, n.lat]},
                "properties": props,
            }
        )
    return {"type": "FeatureCollection", "features": features}
