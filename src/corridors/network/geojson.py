"""The network as a GeoJSON FeatureCollection (RFC 7946) for maps, the API and exports.

Nodes are Points, links are LineStrings (their drawn shape where link.csv gives one, e.g. a sea
lane round a peninsula; otherwise straight between their end nodes), each with its properties
and sources. Two-way links appear once per
direction unless ``one_per_pair`` is set, which keeps the maps light.
"""

from __future__ import annotations

from typing import Any

from corridors.network.model import Link, Network, Node

__all__ = ["link_feature", "network_geojson", "node_feature"]


def network_geojson(
    network: Network, *, one_per_pair: bool = True, include_planned: bool = True
) -> dict[str, Any]:
    """A FeatureCollection of every node and link (reverse twins dropped if ``one_per_pair``)."""
    features = [node_feature(n) for n in network.nodes.values()]
    for link in network.links.values():
        if one_per_pair and link.id != link.base_id and link.base_id in network.links:
            continue
        if not include_planned and link.status == "planned":
            continue
        features.append(link_feature(network, link))
    return {"type": "FeatureCollection", "features": features}


def node_feature(node: Node) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": node.id,
        "geometry": {"type": "Point", "coordinates": [node.lon, node.lat]},
        "properties": {
            "feature": "node",
            "id": node.id,
            "name": node.name,
            "name_ru": node.name_ru,
            "country": node.country,
            "kind": node.kind,
            "unlocode": node.unlocode,
            "gauges": list(node.gauges),
            "gauge_change": node.gauge_change,
            "handling_h": node.handling_h,
            "handling_usd_teu": node.handling_usd_teu,
            "capacity_teu_day": node.capacity_teu_day,
            "corridors": list(node.corridors),
            "sources": list(node.sources),
            "estimated": list(node.estimated),
            "note": node.note,
        },
    }


def link_feature(network: Network, link: Link) -> dict[str, Any]:
    border = network.borders.get(link.id)
    services = network.services.get(link.id, ())
    return {
        "type": "Feature",
        "id": link.id,
        "geometry": {"type": "LineString", "coordinates": [list(p) for p in network.line(link)]},
        "properties": {
            "feature": "link",
            "id": link.id,
            "name": link.name,
            "from_id": link.from_id,
            "to_id": link.to_id,
            "mode": link.mode,
            "length_km": link.length_km,
            "speed_kmh": link.speed_kmh,
            "price_usd_teu": link.price_usd_teu,
            "wtw_kg_tkm": link.wtw_kg_tkm,
            "gauge": link.gauge,
            "traction": link.traction,
            "capacity_teu_day": link.capacity_teu_day,
            "status": link.status,
            "opening_year": link.opening_year,
            "two_way": link.id != link.base_id or f"{link.id}R" in network.links,
            "corridors": list(link.corridors),
            "border": border.name if border else None,
            "services": [s.name for s in services],
            "sources": list(link.sources),
            "estimated": list(link.estimated),
            "note": link.note,
        },
    }
