"""The corridor map's data: the network as the browser draws it, with every figure's sources.

Presentation only: names in the page's language, reverse twins folded into one line, border
crossings and sailings attached to the line they sit on, and source ids resolved to titles so a
click can say where each number comes from and whether it is an estimate.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from corridors.network.model import BorderCrossing, Link, Network, Node, Service

__all__ = ["countries_geojson", "localized_name", "map_data"]


def localized_name(item: Node | BorderCrossing | Service, lang: str) -> str:
    """The item's name in the page's language (English where no Russian name is given)."""
    return item.name_ru if lang == "ru" and item.name_ru else item.name


@cache
def _countries_raw() -> dict[str, Any]:
    text = resources.files("corridors.network").joinpath("data/countries.geojson").read_text()
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def countries_geojson(lang: str) -> dict[str, Any]:
    """Country outlines (Natural Earth, bundled) with ``label`` in the page's language."""
    raw = _countries_raw()
    features = []
    for f in raw["features"]:
        p = f["properties"]
        label = p.get("name_ru") if lang == "ru" and p.get("name_ru") else p["name"]
        features.append({**f, "properties": {**p, "label": label}})
    return {"type": "FeatureCollection", "source": raw.get("source", ""), "features": features}


def country_names(lang: str) -> dict[str, str]:
    return {
        f["properties"]["iso_a2"]: f["properties"]["label"]
        for f in countries_geojson(lang)["features"]
    }


def _border(b: BorderCrossing, lang: str) -> dict[str, Any]:
    return {
        "id": b.id,
        "name": localized_name(b, lang),
        "dwell_p50_h": b.dwell_p50_h,
        "dwell_p90_h": b.dwell_p90_h,
        "gauge_change": b.gauge_change,
        "capacity_trains_day": b.capacity_trains_day,
        "capacity_teu_day": b.capacity_teu_day,
        "documents": list(b.documents),
        "sources": list(b.sources),
        "estimated": list(b.estimated),
        "note": b.note,
    }


def _service(s: Service, lang: str) -> dict[str, Any]:
    return {
        "id": s.id,
        "name": localized_name(s, lang),
        "operator": s.operator,
        "sailings_per_week": s.sailings_per_week,
        "weekdays": list(s.weekdays),
        "crossing_h": s.crossing_h,
        "queue_p50_h": s.queue_p50_h,
        "queue_p90_h": s.queue_p90_h,
        "price_usd_teu": s.price_usd_teu,
        "vessel_class": s.vessel_class,
        "capacity_teu": s.capacity_teu,
        "max_draft_m": s.max_draft_m,
        "sources": list(s.sources),
        "estimated": list(s.estimated),
    }


def _direction(network: Network, link: Link, lang: str) -> dict[str, Any]:
    border = network.borders.get(link.id)
    return {
        "id": link.id,
        "from": localized_name(network.nodes[link.from_id], lang),
        "to": localized_name(network.nodes[link.to_id], lang),
        "border": _border(border, lang) if border else None,
        "services": [_service(s, lang) for s in network.services.get(link.id, ())],
    }


def _link(network: Network, link: Link, twin: Link | None, lang: str) -> dict[str, Any]:
    directions = [_direction(network, link, lang)]
    if twin is not None:
        directions.append(_direction(network, twin, lang))
    return {
        "id": link.id,
        "name": link.name,
        "from_id": link.from_id,
        "to_id": link.to_id,
        "coords": [[lat, lon] for lon, lat in network.line(link)],
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
        "corridors": list(link.corridors),
        "two_way": twin is not None,
        "is_border": bool(network.borders.get(link.id) or (twin and network.borders.get(twin.id))),
        "has_service": bool(network.services.get(link.id)),
        "directions": directions,
        "sources": list(link.sources),
        "estimated": list(link.estimated),
        "note": link.note,
    }


def _node(node: Node, lang: str) -> dict[str, Any]:
    return {
        "id": node.id,
        "name": localized_name(node, lang),
        "name_en": node.name,
        "country": node.country,
        "kind": node.kind,
        "lat": node.lat,
        "lon": node.lon,
        "unlocode": node.unlocode,
        "gauges": list(node.gauges),
        "gauge_change": node.gauge_change,
        "gauge_change_h": node.gauge_change_h,
        "handling_h": node.handling_h,
        "handling_usd_teu": node.handling_usd_teu,
        "capacity_teu_day": node.capacity_teu_day,
        "corridors": list(node.corridors),
        "sources": list(node.sources),
        "estimated": list(node.estimated),
        "note": node.note,
    }


def map_data(network: Network, lang: str) -> dict[str, Any]:
    """Nodes, links (one per two-way pair) and the sources they cite."""
    links = []
    for link in network.links.values():
        base = link.base_id or link.id
        if link.id != base and base in network.links:
            continue  # drawn with its forward twin
        twin = network.links.get(f"{base}R") if link.id == base else None
        links.append(_link(network, link, twin, lang))
    return {
        "nodes": [_node(n, lang) for n in network.nodes.values()],
        "links": links,
        "countries": country_names(lang),
        "sources": {
            s.id: {"title": s.title, "ref": s.ref, "kind": s.kind, "note": s.note}
            for s in network.sources.values()
        },
    }
