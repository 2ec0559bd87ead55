"""Turn a found route into the explained option the user sees: legs, countries, borders, documents.

Leg prices include the handling or transshipment at the leg's start (the first leg: loading at the
origin terminal); unloading at the destination terminal is reported on the option. CO2e is
well-to-wheel (ISO 14083 / GLEC): the link's WTW factor (kg CO2e per tonne-km, from the network
data, by mode and traction) times its length times the gross tonnes of the consignment. The data has
no factors for terminal handling, so handling adds no CO2e.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from corridors.network.model import Mode, Network
from corridors.routing.compile import RAIL, CompiledNetwork, FloatArray
from corridors.routing.constraints import Query
from corridors.routing.documents import DocLeg, documents_for
from corridors.routing.replay import Replayed, replay, sample_transit
from corridors.routing.schemas import Leg, RouteOption
from corridors.routing.search import START, Path

__all__ = ["AccessLeg", "build_option"]

_B = 100_000


@dataclass(frozen=True, slots=True)
class AccessLeg:
    """Road between a place that is not a node and its nearest terminal."""

    place_name: str
    lat: float
    lon: float
    node_id: str
    km: float
    hours: float
    price_usd: float
    co2e_kg: float


def build_option(
    cn: CompiledNetwork,
    q: Query,
    path: Path,
    *,
    depart: datetime,
    first: AccessLeg | None,
    last: AccessLeg | None,
    samples: int,
    seed: int,
    label: str = "",
    score: float | None = None,
    steps: list[Replayed] | None = None,
) -> RouteOption:
    """The explained option for ``path``; ``depart`` is when the cargo leaves the origin place."""
    net = cn.network
    tz = depart.tzinfo
    t_node = depart + timedelta(hours=first.hours if first else 0.0)
    if steps is None:
        steps = replay(cn, q, path.arcs)
    legs: list[Leg] = []
    doc_legs: list[DocLeg] = []
    border_docs: list[str] = []
    borders: list[str] = []
    gauge_changes: list[str] = []
    corridors: list[str] = []
    if first is not None:
        legs.append(_access_leg(net, first, depart, to_node=True))
        doc_legs.append(("road", [net.nodes[first.node_id].country], False))
    prev_cls = START
    for i, r in enumerate(steps):
        link = net.links[cn.link_ids[cn.lst("link")[r.arc]]]
        a, b = net.nodes[link.from_id], net.nodes[link.to_id]
        border = net.borders.get(link.id)
        svc_i = cn.lst("service")[r.arc]
        service = cn.services[svc_i] if svc_i >= 0 else None
        handling_h = r.step.handling_h + (cn.node_handling_h[q.origin] if i == 0 else 0.0)
        handling_usd = r.step.handling_usd + (
            cn.node_handling_usd[q.origin] * q.teu if i == 0 else 0.0
        )
        countries = list(net.countries_of(link))
        if prev_cls != START and link.mode == "rail":
            pm, pg = divmod(prev_cls, _B)
            gin = cn.lst("gin")[r.arc]
            if pm == RAIL and pg > 0 and gin > 0 and gin != pg:
                kind = _kind_name(cn.node_gc_kind[cn.lst("from")[r.arc]])
                gauge_changes.append(f"{a.name}: {pg}→{gin} mm ({kind})")
        if border is not None:
            borders.append(border.name)
            border_docs.extend(border.documents)
            if border.gauge_change != "none" and link.mode == "rail":
                gauge_changes.append(f"{border.name}: {border.gauge_change.replace('_', ' ')}")
        for tag in link.corridors:
            if tag not in corridors:
                corridors.append(tag)
        legs.append(
            Leg(
                from_id=a.id,
                to_id=b.id,
                from_name=a.name,
                to_name=b.name,
                mode=link.mode,
                link_id=link.id,
                service_id=service.id if service else None,
                distance_km=round(link.length_km, 1),
                depart=(t_node + timedelta(hours=r.depart_h)).astimezone(tz),
                arrive=(t_node + timedelta(hours=r.arrive_h)).astimezone(tz),
                running_h=round(r.step.run_h, 2),
                wait_h=round(r.step.wait_h, 2),
                dwell_h=round(r.step.dwell_h, 2),
                handling_h=round(handling_h, 2),
                price_usd=round(handling_usd + r.step.price_usd, 2),
                co2e_kg=round(r.step.co2e_kg, 1),
                gauge=link.gauge,
                countries=countries,
                border=border.name if border else None,
                geometry=net.line(link),
                queue_h=round(r.step.queue_h, 2),
            )
        )
        doc_legs.append((link.mode, countries, border is not None or len(countries) > 1))
        prev_cls = r.step.cls
    dest_h = cn.node_handling_h[q.destination]
    dest_usd = cn.node_handling_usd[q.destination] * q.teu
    if last is not None:
        t_arr = t_node + timedelta(hours=path.time_h)
        legs.append(_access_leg(net, last, t_arr, to_node=False))
        doc_legs.append(("road", [net.nodes[last.node_id].country], False))
    extra_h = (first.hours if first else 0.0) + (last.hours if last else 0.0)
    draws = sample_transit(cn, q, steps, samples, seed) + extra_h
    p50, p90 = _percentiles(draws, 50.0, 90.0)
    countries_all: list[str] = []
    for leg in legs:
        for c in leg.countries:
            if c not in countries_all:
                countries_all.append(c)
    modes: list[Mode] = []
    for leg in legs:
        if leg.mode not in modes:
            modes.append(leg.mode)
    access_price = (first.price_usd if first else 0.0) + (last.price_usd if last else 0.0)
    access_co2 = (first.co2e_kg if first else 0.0) + (last.co2e_kg if last else 0.0)
    return RouteOption(
        rank=0,
        label=label,
        legs=legs,
        depart=depart,
        arrive_p50=(depart + timedelta(hours=p50)).astimezone(tz),
        arrive_p90=(depart + timedelta(hours=p90)).astimezone(tz),
        transit_p50_h=round(p50, 2),
        transit_p90_h=round(p90, 2),
        price_usd=round(path.price_usd + access_price, 2),
        co2e_kg=round(path.co2e_kg + access_co2, 1),
        distance_km=round(sum(leg.distance_km for leg in legs), 1),
        countries=countries_all,
        border_crossings=borders,
        gauge_changes=gauge_changes,
        transshipments=path.transshipments,
        documents=documents_for(doc_legs, border_docs),
        modes=modes,
        destination_handling_h=round(dest_h, 2),
        destination_handling_usd=round(dest_usd, 2),
        score=None if score is None else round(score, 2),
        corridors=corridors,
    )


def _percentiles(x: FloatArray, *qs: float) -> list[float]:
    """``np.percentile(x, qs)`` (linear interpolation) by one partial sort: np.percentile's own
    overhead was a tenth of a route plan."""
    n = len(x)
    pos = [(n - 1) * q / 100.0 for q in qs]
    lo = [int(p) for p in pos]
    hi = [min(i + 1, n - 1) for i in lo]
    part = np.partition(x, sorted({*lo, *hi}))
    return [
        float(part[i] + (part[j] - part[i]) * (p - i)) for p, i, j in zip(pos, lo, hi, strict=True)
    ]


def _kind_name(code: int) -> str:
    return {1: "transshipment", 2: "bogie exchange"}.get(code, "break of gauge")


def _access_leg(net: Network, acc: AccessLeg, start: datetime, *, to_node: bool) -> Leg:
    node = net.nodes[acc.node_id]
    place = ("", acc.place_name, (acc.lon, acc.lat))
    term = (node.id, node.name, (node.lon, node.lat))
    a, b = (place, term) if to_node else (term, place)
    return Leg(
        from_id=a[0],
        to_id=b[0],
        from_name=a[1],
        to_name=b[1],
        mode="road",
        link_id="access",
        distance_km=round(acc.km, 1),
        depart=start,
        arrive=start + timedelta(hours=acc.hours),
        running_h=round(acc.hours, 2),
        price_usd=round(acc.price_usd, 2),
        co2e_kg=round(acc.co2e_kg, 1),
        countries=[node.country],
        geometry=[a[2], b[2]],
    )
