"""Build a :class:`Network` from GMNS-style CSV files, with every default resolved.

The loader is the only module of the package that reads files. It refuses files with any
error-level problem (see ``check``), expands two-way rows into two directed links (``L1`` and
``L1R``), and copies default tariffs, speeds, emission factors and handling times into each link
and node, adding the default rows' sources and estimate flags so that every number carries its
provenance.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import cast, get_args

from corridors.errors import InvalidInput
from corridors.network._defaults import (
    default_traction,
    pick_emission_factor,
    pick_speed,
    pick_tariff,
)
from corridors.network._tables import Row, by_key, read_tables
from corridors.network.check import DATA_DIR, check_tables
from corridors.network.geo import parse_linestring
from corridors.network.model import (
    BorderCrossing,
    EmissionFactor,
    GaugeChange,
    Link,
    LinkStatus,
    Mode,
    Network,
    Node,
    NodeKind,
    Service,
    Source,
    Traction,
)

__all__ = ["DATA_DIR", "load_network"]

# CSV column -> model field, where the names differ (for the ``estimated`` lists).
_NODE_FIELDS = {"x_coord": "lon", "y_coord": "lat", "node_type": "kind", "reefer": "reefer"}
_LINK_FIELDS = {
    "length": "length_km",
    "free_speed": "speed_kmh",
    "from_node_id": "from_id",
    "to_node_id": "to_id",
}


def load_network(path: Path | None = None) -> Network:
    """Load the network in directory ``path``; None loads the bundled data (cached).

    Raises :class:`InvalidInput` naming file, row, column, value and what is expected when the
    files have an error (``corridors network check`` lists them all).
    """
    if path is None:
        return _bundled()
    return _load(Path(path))


@lru_cache(maxsize=1)
def _bundled() -> Network:
    return _load(DATA_DIR)


def _load(directory: Path) -> Network:
    tables, problems, _ = read_tables(directory, fallback=DATA_DIR)
    if tables:
        problems += check_tables(tables)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise InvalidInput(
            f"network data in {directory}: {first}{more}",
            hint="run `corridors network check PATH` to list every problem",
            field=first.column or None,
        )
    return _build(tables)


def _build(tables: dict[str, list[Row]]) -> Network:
    sources = {
        r.text("source_id"): Source(
            id=r.text("source_id"),
            title=r.text("title"),
            ref=r.text("ref"),
            kind=r.text("kind"),
            note=r.text("note"),
        )
        for r in tables["source.csv"]
    }
    factors = {r.text("ef_id"): _emission_factor(r) for r in tables["emission_factor.csv"]}
    handling = by_key(tables["handling.csv"], "node_type")
    nodes = {
        r.text("node_id"): _node(r, handling.get(r.text("node_type"))) for r in tables["node.csv"]
    }
    services_by_base: dict[str, list[Row]] = {}
    for r in tables["service.csv"]:
        services_by_base.setdefault(r.text("link_id"), []).append(r)
    links: dict[str, Link] = {}
    services: dict[str, tuple[Service, ...]] = {}
    for r in tables["link.csv"]:
        for link_id, a, b in _directions(r):
            base = r.text("link_id")
            rows = services_by_base.get(base, [])
            if link_id != base:
                rows = rows + services_by_base.get(link_id, [])
            link = _link(r, link_id, a, b, nodes, factors, tables)
            svc = tuple(
                _service(s, link, reverse=link_id != base and s.text("link_id") == base)
                for s in rows
            )
            if svc:
                services[link_id] = svc
                if r.number("price_usd_teu") is None:
                    cheapest = min(s.price_usd_teu for s in svc)
                    link = _replace_price(link, cheapest, svc)
            links[link_id] = link
    borders: dict[str, BorderCrossing] = {}
    for r in tables["border.csv"]:
        target = r.text("link_id")
        for link_id, link in links.items():
            if link_id == target or (link.base_id == target and target in links):
                suffix = "" if link_id == target else "R"
                borders[link_id] = _border(r, link_id, suffix)
    return Network(
        nodes=nodes,
        links=links,
        borders=borders,
        services=services,
        emission_factors=factors,
        sources=sources,
    )


def _directions(r: Row) -> list[tuple[str, str, str]]:
    a, b, lid = r.text("from_node_id"), r.text("to_node_id"), r.text("link_id")
    flag = r.integer("dir_flag")
    if flag == 0:
        return [(lid, a, b), (lid + "R", b, a)]
    return [(lid, b, a)] if flag == -1 else [(lid, a, b)]


def _fields(r: Row, mapping: dict[str, str]) -> tuple[str, ...]:
    return tuple(mapping.get(c, c) for c in r.items("estimated"))


def _merge(*parts: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for p in parts for x in p))


def _emission_factor(r: Row) -> EmissionFactor:
    return EmissionFactor(
        id=r.text("ef_id"),
        mode=cast(Mode, r.text("mode")),
        energy=r.text("energy"),
        region=";".join(r.items("region")),
        wtw_kg_tkm=r.number("wtw_kg_tkm") or 0.0,
        ttw_kg_tkm=r.number("ttw_kg_tkm"),
        wtt_kg_tkm=r.number("wtt_kg_tkm"),
        sources=r.items("source"),
        estimated=r.items("estimated"),
    )


def _node(r: Row, default: Row | None) -> Node:
    change = cast(GaugeChange, r.text("gauge_change") or "none")
    values: dict[str, float] = {}
    defaulted: list[str] = []
    for col in ("handling_h", "handling_usd_teu", "gauge_change_h", "gauge_change_usd_teu"):
        v = r.number(col)
        if v is None and col.startswith("gauge_change") and change == "none":
            v = 0.0
        if v is None and default is not None:
            v = default.number(col)
            defaulted.append(col)
        values[col] = v or 0.0
    est = _fields(r, _NODE_FIELDS)
    srcs = r.items("source")
    if defaulted and default is not None:
        est = _merge(est, tuple(c for c in defaulted if c in default.items("estimated")))
        srcs = _merge(srcs, default.items("source"))
    kind = r.text("node_type")
    assert kind in get_args(NodeKind)
    return Node(
        id=r.text("node_id"),
        name=r.text("name"),
        country=r.text("country"),
        lat=r.number("y_coord") or 0.0,
        lon=r.number("x_coord") or 0.0,
        kind=cast(NodeKind, kind),
        name_ru=r.text("name_ru"),
        name_local=r.text("name_local"),
        unlocode=r.text("unlocode"),
        gauges=r.ints("gauges"),
        handling_h=values["handling_h"],
        handling_usd_teu=values["handling_usd_teu"],
        reefer=r.flag("reefer", True),
        capacity_teu_day=r.number("capacity_teu_day"),
        corridors=r.items("corridors"),
        sources=srcs,
        estimated=est,
        gauge_change=change,
        gauge_change_h=values["gauge_change_h"],
        gauge_change_usd_teu=values["gauge_change_usd_teu"],
        aliases=r.items("aliases"),
        note=r.text("note"),
    )


def _link(
    r: Row,
    link_id: str,
    a: str,
    b: str,
    nodes: dict[str, Node],
    factors: dict[str, EmissionFactor],
    tables: dict[str, list[Row]],
) -> Link:
    mode = r.text("mode")
    traction = r.text("traction") or default_traction(mode)
    country = nodes[a].country
    length = r.number("length") or 0.0
    est = _fields(r, _LINK_FIELDS)
    srcs = r.items("source")

    speed = r.number("free_speed")
    if speed is None:
        row = pick_speed(tables["speed.csv"], mode, traction, country)
        assert row is not None  # guaranteed by check_tables
        speed = row.number("speed_kmh") or 1.0
        srcs = _merge(srcs, row.items("source"))
        if "speed_kmh" in row.items("estimated"):
            est = _merge(est, ("speed_kmh",))

    price = r.number("price_usd_teu")
    if price is None:
        row = pick_tariff(tables["tariff.csv"], mode, country)
        assert row is not None
        price = (row.number("fixed_usd_teu") or 0.0) + (
            row.number("usd_per_teu_km") or 0.0
        ) * length
        srcs = _merge(srcs, row.items("source"))
        if {"usd_per_teu_km", "fixed_usd_teu"} & set(row.items("estimated")):
            est = _merge(est, ("price_usd_teu",))

    ef_id = r.text("emission_factor_id")
    if not ef_id:
        row = pick_emission_factor(tables["emission_factor.csv"], mode, traction, country)
        assert row is not None
        ef_id = row.text("ef_id")
    factor = factors[ef_id]
    srcs = _merge(srcs, factor.sources)
    if "wtw_kg_tkm" in factor.estimated:
        est = _merge(est, ("wtw_kg_tkm",))

    return Link(
        id=link_id,
        from_id=a,
        to_id=b,
        mode=cast(Mode, mode),
        length_km=length,
        speed_kmh=speed,
        price_usd_teu=round(price, 2),
        emission_factor_id=ef_id,
        wtw_kg_tkm=factor.wtw_kg_tkm,
        gauge=r.integer("gauge"),
        traction=cast(Traction, traction),
        capacity_teu_day=r.number("capacity_teu_day"),
        status=cast(LinkStatus, r.text("status")),
        opening_year=r.integer("opening_year"),
        name=r.text("name"),
        reefer_ok=r.flag("reefer_ok", True),
        dg_ok=r.flag("dg_ok", True),
        corridors=r.items("corridors"),
        sources=srcs,
        estimated=est,
        base_id=r.text("link_id"),
        note=r.text("note"),
        geometry=_shape(r, reverse=(a, b) != (r.text("from_node_id"), r.text("to_node_id"))),
    )


def _shape(r: Row, reverse: bool) -> tuple[tuple[float, float], ...]:
    """The row's drawn shape (already checked) in the direction of the directed link."""
    text = r.text("geometry")
    if not text:
        return ()
    points = parse_linestring(text)
    return points[::-1] if reverse else points


def _service(r: Row, link: Link, reverse: bool) -> Service:
    price = r.number("price_usd_teu")
    est = r.items("estimated")
    srcs = r.items("source")
    queue50 = r.number("queue_p50_h") or 0.0
    if price is None:
        price = link.price_usd_teu
        if "price_usd_teu" in link.estimated:
            est = _merge(est, ("price_usd_teu",))
    return Service(
        id=r.text("service_id") + ("R" if reverse else ""),
        link_id=link.id,
        name=r.text("name"),
        name_ru=r.text("name_ru"),
        operator=r.text("operator"),
        sailings_per_week=r.number("sailings_per_week") or 0.0,
        crossing_h=r.number("crossing_h") or 0.0,
        queue_p50_h=queue50,
        queue_p90_h=_or(r.number("queue_p90_h"), queue50),
        price_usd_teu=price,
        weekdays=r.ints("weekdays"),
        departure_hour=_or(r.number("departure_hour"), 12.0),
        vessel_class=r.text("vessel_class"),
        carries=r.items("carries") or ("container", "rail_wagon", "truck"),
        capacity_teu=r.number("capacity_teu"),
        max_draft_m=r.number("max_draft_m"),
        reefer_ok=r.flag("reefer_ok", link.reefer_ok),
        dg_ok=r.flag("dg_ok", link.dg_ok),
        sources=srcs,
        estimated=est,
        note=r.text("note"),
    )


def _replace_price(link: Link, price: float, services: tuple[Service, ...]) -> Link:
    """A ferry/sea link without its own price costs what its cheapest sailing costs."""
    cheapest = min(services, key=lambda s: s.price_usd_teu)
    est = tuple(e for e in link.estimated if e != "price_usd_teu")
    if "price_usd_teu" in cheapest.estimated:
        est = _merge(est, ("price_usd_teu",))
    return replace(
        link, price_usd_teu=price, estimated=est, sources=_merge(link.sources, cheapest.sources)
    )


def _border(r: Row, link_id: str, suffix: str) -> BorderCrossing:
    return BorderCrossing(
        id=r.text("border_id") + suffix,
        link_id=link_id,
        name=r.text("name"),
        name_ru=r.text("name_ru"),
        dwell_p50_h=r.number("dwell_p50_h") or 0.0,
        dwell_p90_h=r.number("dwell_p90_h") or 0.0,
        gauge_change=cast(GaugeChange, r.text("gauge_change") or "none"),
        capacity_trains_day=r.number("capacity_trains_day"),
        capacity_teu_day=r.number("capacity_teu_day"),
        documents=r.items("documents"),
        sources=r.items("source"),
        estimated=r.items("estimated"),
        note=r.text("note"),
    )


def _or(value: float | None, default: float) -> float:
    return default if value is None else value
