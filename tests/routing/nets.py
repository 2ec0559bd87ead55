"""Small networks built from the model classes, for routing tests."""

from __future__ import annotations

from typing import Any

from corridors.network.model import BorderCrossing, Link, Mode, Network, Node, Service

WTW = {"rail": 0.02, "road": 0.1, "ferry": 0.12, "sea": 0.02, "inland_water": 0.04}


def node(nid: str, country: str, lat: float = 45.0, lon: float = 60.0, **kw: Any) -> Node:
    kw.setdefault("handling_h", 2.0)
    kw.setdefault("handling_usd_teu", 50.0)
    kw.setdefault("kind", "terminal")
    return Node(id=nid, name=kw.pop("name", nid), country=country, lat=lat, lon=lon, **kw)


def link(
    lid: str,
    a: str,
    b: str,
    mode: Mode = "rail",
    km: float = 100.0,
    *,
    speed: float = 50.0,
    price: float = 100.0,
    gauge: int | None = None,
    **kw: Any,
) -> Link:
    if mode == "rail" and gauge is None and "gauge" not in kw:
        gauge = 1520
    return Link(
        id=lid,
        from_id=a,
        to_id=b,
        mode=mode,
        length_km=km,
        speed_kmh=speed,
        price_usd_teu=price,
        emission_factor_id=f"ef_{mode}",
        wtw_kg_tkm=kw.pop("wtw", WTW[mode]),
        gauge=gauge if mode == "rail" else None,
        **kw,
    )


def border(
    link_id: str, p50: float, p90: float, gauge_change: str = "none", **kw: Any
) -> BorderCrossing:
    return BorderCrossing(
        id=f"b_{link_id}",
        link_id=link_id,
        name=kw.pop("name", f"border {link_id}"),
        dwell_p50_h=p50,
        dwell_p90_h=p90,
        gauge_change=gauge_change,  # type: ignore[arg-type]
        **kw,
    )


def service(link_id: str, sid: str, **kw: Any) -> Service:
    kw.setdefault("sailings_per_week", 3.0)
    kw.setdefault("crossing_h", 20.0)
    kw.setdefault("price_usd_teu", 400.0)
    return Service(id=sid, link_id=link_id, name=sid, operator="op", **kw)


def network(
    nodes: list[Node],
    links: list[Link],
    borders: list[BorderCrossing] = (),  # type: ignore[assignment]
    services: list[Service] = (),  # type: ignore[assignment]
) -> Network:
    by_link: dict[str, list[Service]] = {}
    for s in services:
        by_link.setdefault(s.link_id, []).append(s)
    return Network(
        nodes={n.id: n for n in nodes},
        links={ln.id: ln for ln in links},
        borders={b.link_id: b for b in borders},
        services={k: tuple(v) for k, v in by_link.items()},
        emission_factors={},
        sources={},
    )


def corridor() -> Network:
    """Xi'an-like X (CN) to Duisburg-like D (DE): north via RU/BY, middle via a ferry, deep sea."""
    nodes = [
        node("X", "CN", 34.3, 108.9),
        node("K", "CN", 45.2, 82.6),  # Chinese border station
        node("Q", "KZ", 45.3, 82.5),  # Kazakh border station (1520)
        node("R", "RU", 54.0, 55.0),
        node("B", "BY", 52.1, 23.7),
        node("P", "PL", 52.0, 23.1),
        node("D", "DE", 51.4, 6.8),
        node("A", "KZ", 43.6, 51.2, kind="seaport"),  # Caspian port
        node("Z", "AZ", 40.0, 49.4, kind="seaport"),
        node("G", "GE", 42.1, 41.7, kind="seaport"),
        node("C", "RO", 44.2, 28.6, kind="seaport"),
        node("S", "CN", 31.2, 121.5, kind="seaport"),
        node("H", "NL", 51.9, 4.1, kind="seaport"),
    ]
    links = [
        link("XK", "X", "K", km=2500, gauge=1435, speed=60, price=1500),
        link("KQ", "K", "Q", km=12, gauge=1520, speed=20, price=200),
        link("QR", "Q", "R", km=2500, speed=60, price=1200),
        link("RB", "R", "B", km=2200, speed=60, price=1000),
        link("BP", "B", "P", km=8, gauge=1435, speed=20, price=150),
        link("PD", "P", "D", km=1100, gauge=1435, speed=50, price=1100, wtw=0.01),
        link("QA", "Q", "A", km=2900, speed=55, price=1300, wtw=0.03),
        link("AZ", "A", "Z", "ferry", km=450, speed=20, price=900),
        link("ZG", "Z", "G", km=800, speed=40, price=700),
        link("GC", "G", "C", "sea", km=1100, speed=25, price=800),
        link("CD", "C", "D", "road", km=1900, speed=60, price=2200),
        link("XS", "X", "S", km=1300, gauge=1435, speed=50, price=600),
        link("SH", "S", "H", "sea", km=19500, speed=30, price=1400, wtw=0.015),
        link("HD", "H", "D", km=220, gauge=1435, speed=40, price=300, wtw=0.01),
    ]
    borders = [
        border(
            "KQ",
            8.0,
            40.0,
            "transshipment",
            name="Khorgos–Altynkol",
            documents=("customs transit declaration",),
        ),
        border("QR", 4.0, 12.0, name="KZ–RU"),
        border("RB", 3.0, 10.0, name="RU–BY"),
        border("BP", 30.0, 90.0, "transshipment", name="Brest–Małaszewicze"),
        border("ZG", 3.0, 8.0, name="AZ–GE"),
    ]
    services = [service("AZ", "ferry1", weekdays=(1, 4), departure_hour=18.0, crossing_h=20.0)]
    return network(nodes, links, borders, services)
