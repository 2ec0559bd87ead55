"""Small hand-built networks for the capacity and scenario tests."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from corridors.network.model import (
    BorderCrossing,
    EmissionFactor,
    Link,
    Network,
    Node,
    Service,
    Source,
)


def node(node_id: str, lon: float = 0.0, lat: float = 0.0, **kw: Any) -> Node:
    kw.setdefault("kind", "terminal")
    kw.setdefault("country", "XX")
    return Node(id=node_id, name=kw.pop("name", node_id), lat=lat, lon=lon, **kw)


def link(a: str, b: str, **kw: Any) -> Link:
    return Link(
        id=kw.pop("id", f"{a}-{b}"),
        from_id=a,
        to_id=b,
        mode=kw.pop("mode", "rail"),
        length_km=kw.pop("km", 100.0),
        speed_kmh=kw.pop("speed", 50.0),
        price_usd_teu=kw.pop("price", 100.0),
        emission_factor_id="ef",
        wtw_kg_tkm=kw.pop("wtw", 0.02),
        capacity_teu_day=kw.pop("cap", None),
        **kw,
    )


def both(a: str, b: str, **kw: Any) -> list[Link]:
    """A link and its reverse with the same figures."""
    kw.pop("id", None)
    return [link(a, b, **kw), link(b, a, **kw)]


def network(
    nodes: Iterable[Node],
    links: Iterable[Link],
    borders: Iterable[BorderCrossing] = (),
    services: Iterable[Service] = (),
) -> Network:
    nodes = {n.id: n for n in nodes}
    links = {lk.id: lk for lk in links}
    svc: dict[str, list[Service]] = {}
    for s in services:
        svc.setdefault(s.link_id, []).append(s)
    return Network(
        nodes=nodes,
        links=links,
        borders={b.link_id: b for b in borders},
        services={k: tuple(v) for k, v in svc.items()},
        emission_factors={"ef": EmissionFactor("ef", "rail", "diesel", "test", 0.02)},
        sources={"test": Source("test", "test network", "", "estimate")},
    )


def with_link(net: Network, link_id: str, **changes: Any) -> Network:
    links = dict(net.links)
    links[link_id] = replace(links[link_id], **changes)
    return replace(net, links=links, out_links={})
