"""Apply a scenario's changes to a network and a demand, slice by slice of the year.

A change with dates holds from its ``from`` day up to (not including) its ``to`` day. The year is
cut at every such date; each slice gets the changes that hold in it. A two-week closure thus
removes 14/365 of that element's yearly capacity, and the freight that arrives during those two
weeks must reroute, wait for the reopening (value of time x the mean wait) or go unserved.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, replace

from corridors.capacity.demand import Demand, ODDemand, suggestion
from corridors.capacity.regions import in_caspian
from corridors.climate import apply_sea_level
from corridors.errors import InvalidInput
from corridors.messages import N_, Message, ModeName, Param, items
from corridors.network.model import Link, Network
from corridors.scenarios.schema import (
    AddLink,
    CapacityChange,
    Change,
    Close,
    DemandChange,
    DwellChange,
    Open,
    Scenario,
    TariffChange,
)
from corridors.scenarios.select import listed, select, select_links

__all__ = [
    "PlannedSlice",
    "apply_caspian",
    "apply_changes",
    "apply_demand_changes",
    "caspian_baseline",
    "plan_slices",
]


@dataclass(frozen=True)
class PlannedSlice:
    start: dt.date
    end: dt.date  # exclusive
    active: tuple[int, ...]  # indices into scenario.changes

    @property
    def days(self) -> int:
        return (self.end - self.start).days


def _window(change: Change, year: int) -> tuple[dt.date, dt.date]:
    start, end = dt.date(year, 1, 1), dt.date(year + 1, 1, 1)
    a = change.from_ or start
    b = change.to or end
    return max(a, start), min(b, end)


def plan_slices(scenario: Scenario) -> list[PlannedSlice]:
    """Cut the year at every change date; each slice lists the changes holding in it."""
    year = scenario.year
    cuts = {dt.date(year, 1, 1), dt.date(year + 1, 1, 1)}
    windows = [_window(c, year) for c in scenario.changes]
    for a, b in windows:
        cuts.update((a, b))
    edges = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(edges):
        active = tuple(i for i, (wa, wb) in enumerate(windows) if wa <= a and b <= wb)
        out.append(PlannedSlice(a, b, active))
    return out


def apply_caspian(network: Network, scenario: Scenario) -> tuple[Network, list[Message]]:
    """Sea level and dredging (via corridors.climate) and the Caspian port capacity factor."""
    notes: list[Message] = []
    if scenario.caspian_level is not None:
        network = apply_sea_level(network, scenario.caspian_level, scenario.dredge)
        dredged = [
            Message.of(N_("{port} +{m:g} m"), port=k, m=v)
            for k, v in (scenario.dredge or {}).items()
        ]
        if dredged:
            notes.append(
                Message.of(
                    N_(
                        "Caspian at {level:g} m BS with dredging ({dredged}): ferry sailings and "
                        "port capacities cut to what the drafts allow"
                    ),
                    level=scenario.caspian_level,
                    dredged=items(dredged, "comma"),
                )
            )
        else:
            notes.append(
                Message.of(
                    N_(
                        "Caspian at {level:g} m BS, no dredging: ferry sailings and port "
                        "capacities cut to what the drafts allow"
                    ),
                    level=scenario.caspian_level,
                )
            )
    factor = scenario.caspian_port_capacity_factor
    if factor is not None:
        nodes = dict(network.nodes)
        scaled = []
        for nid, n in network.nodes.items():
            if n.kind == "seaport" and in_caspian(n) and n.capacity_teu_day is not None:
                nodes[nid] = replace(n, capacity_teu_day=n.capacity_teu_day * factor)
                scaled.append(nid)
        network = replace(network, nodes=nodes)
        ports: Param = (
            items(sorted(scaled), "comma")
            if scaled
            else Message.of(N_("none has a capacity in the data"))
        )
        notes.append(
            Message.of(
                N_("Caspian port capacity x{factor:g} at {n} port(s): {ports}"),
                factor=factor,
                n=len(scaled),
                ports=ports,
            )
        )
    return network, notes


def caspian_baseline(network: Network, scenario: Scenario) -> tuple[Network, list[Message]]:
    """The baseline for a scenario that sets the Caspian level: the network at today's level.

    The network data holds nominal (full-draft) capacities; comparing a future level with them
    would mix today's shortfall into the scenario's effect.
    """
    if scenario.caspian_level is None:
        return network, []
    from corridors.climate import present_level

    level = present_level()
    note = Message.of(N_("baseline at today's Caspian level {level:g} m BS"), level=level)
    return apply_sea_level(network, level), [note]


def apply_changes(
    network: Network, changes: list[tuple[int, Change]]
) -> tuple[Network, dict[int, Message]]:
    """The network with the given (index, change) pairs applied in order, and what each did."""
    notes: dict[int, Message] = {}
    for i, change in changes:
        path = f"changes[{i}]"
        if isinstance(change, DemandChange):
            continue
        network, notes[i] = _APPLY[type(change)](network, change, path)
    return network, notes


def _links_with(network: Network, updates: dict[str, Link]) -> Network:
    links = dict(network.links)
    links.update(updates)
    return replace(network, links=links, out_links={})


def _short(ids: set[str], limit: int = 6) -> Param:
    listed = items(sorted(ids)[:limit], "comma")
    if len(ids) <= limit:
        return listed
    return Message.of(N_("{items} and {more} more"), items=listed, more=len(ids) - limit)


def _close(network: Network, change: Close, path: str) -> tuple[Network, Message]:
    sel = select(network, change, path)
    link_ids = sel.links | sel.borders
    network = _links_with(
        network, {lid: replace(network.links[lid], status="closed") for lid in link_ids}
    )
    if sel.nodes:
        nodes = dict(network.nodes)
        for nid in sel.nodes:
            nodes[nid] = replace(nodes[nid], capacity_teu_day=0.0)
        network = replace(network, nodes=nodes)
    if sel.services:
        services = {
            k: tuple(s for s in v if s.id not in sel.services) for k, v in network.services.items()
        }
        network = replace(network, services=services)
    parts: list[Param] = []
    if link_ids:
        parts.append(
            Message.of(N_("{n} link(s) ({links})"), n=len(link_ids), links=_short(link_ids))
        )
    if sel.nodes:
        parts.append(Message.of(N_("handling at {nodes}"), nodes=_short(sel.nodes)))
    if sel.services:
        parts.append(Message.of(N_("service(s) {services}"), services=_short(sel.services)))
    return network, Message.of(N_("closed {parts}"), parts=items(parts, "semicolon"))


def _open(network: Network, change: Open, path: str) -> tuple[Network, Message]:
    ids = select_links(network, change.links, f"{path}.links", change.both_directions)
    opened = {lid for lid in ids if network.links[lid].status != "operational"}
    network = _links_with(
        network, {lid: replace(network.links[lid], status="operational") for lid in opened}
    )
    already = ids - opened
    text = (
        Message.of(N_("opened {n} link(s) ({links})"), n=len(opened), links=_short(opened))
        if opened
        else Message.of(N_("opened no link"))
    )
    if already:
        text = Message.of(
            N_("{effect}; already operational: {links}"), effect=text, links=_short(already)
        )
    return network, text


def _scale(value: float | None, factor: float | None, absolute: float | None) -> float | None:
    if absolute is not None:
        return absolute
    return None if value is None or factor is None else value * factor


def _capacity(network: Network, change: CapacityChange, path: str) -> tuple[Network, Message]:
    sel = select(network, change, path)
    f, a = change.capacity_factor, change.capacity_teu_day
    uncapped: set[str] = set()
    updates = {}
    for lid in sel.links:
        lk = network.links[lid]
        if lk.capacity_teu_day is None and a is None:
            if lid not in sel.borders and not network.services.get(lid):
                uncapped.add(lid)
            continue
        updates[lid] = replace(lk, capacity_teu_day=_scale(lk.capacity_teu_day, f, a))
    network = _links_with(network, updates)
    borders = dict(network.borders)
    for lid in sel.borders:
        bc = borders[lid]
        if bc.capacity_teu_day is None and bc.capacity_trains_day is None and a is None:
            uncapped.add(bc.id)
            continue
        borders[lid] = replace(
            bc,
            capacity_teu_day=_scale(bc.capacity_teu_day, f, a),
            capacity_trains_day=None if a is not None else _scale(bc.capacity_trains_day, f, None),
        )
    services = dict(network.services)
    wanted = set(sel.services) | {s.id for lid in sel.links for s in services.get(lid, ())}
    for lid, svcs in services.items():
        new = []
        for s in svcs:
            if s.id in wanted:
                if s.capacity_teu is None and a is None:
                    uncapped.add(s.id)
                elif a is not None:  # a yearly-equivalent capacity spread over the sailings
                    s = replace(s, capacity_teu=a * 365 / (52 * s.sailings_per_week))
                else:
                    s = replace(s, capacity_teu=_scale(s.capacity_teu, f, None))
            new.append(s)
        services[lid] = tuple(new)
    nodes = dict(network.nodes)
    for nid in sel.nodes:
        n = nodes[nid]
        if n.capacity_teu_day is None and a is None:
            uncapped.add(nid)
            continue
        nodes[nid] = replace(n, capacity_teu_day=_scale(n.capacity_teu_day, f, a))
    network = replace(network, borders=borders, services=services, nodes=nodes)
    how = (
        Message.of(N_("x{factor:g}"), factor=f)
        if f is not None
        else Message.of(N_("set to {teu:g} TEU/day"), teu=a or 0.0)
    )
    changed = (sel.links | {network.borders[b].id for b in sel.borders} | sel.nodes) - uncapped
    text = Message.of(
        N_("capacity {how} on {ids}"), how=how, ids=_short(changed | (wanted - uncapped))
    )
    if uncapped:
        text = Message.of(
            N_("{effect}; no effect on {ids} (no capacity in the data: unlimited)"),
            effect=text,
            ids=_short(uncapped),
        )
    return network, text


def _tariff(network: Network, change: TariffChange, path: str) -> tuple[Network, Message]:
    sel = select(network, change, path)
    f, d = change.price_factor, change.price_delta_usd_teu

    def price(p: float) -> float:
        return max(0.0, p * f) if f is not None else max(0.0, p + (d or 0.0))

    link_ids = sel.links | sel.borders
    network = _links_with(
        network,
        {
            lid: replace(network.links[lid], price_usd_teu=price(network.links[lid].price_usd_teu))
            for lid in link_ids
        },
    )
    wanted = set(sel.services) | {s.id for lid in link_ids for s in network.services.get(lid, ())}
    services = {
        k: tuple(
            replace(s, price_usd_teu=price(s.price_usd_teu)) if s.id in wanted else s for s in v
        )
        for k, v in network.services.items()
    }
    nodes = dict(network.nodes)
    for nid in sel.nodes:
        nodes[nid] = replace(nodes[nid], handling_usd_teu=price(nodes[nid].handling_usd_teu))
    network = replace(network, services=services, nodes=nodes)
    how = (
        Message.of(N_("x{factor:g}"), factor=f)
        if f is not None
        else Message.of(N_("{usd:+g} USD/TEU"), usd=d or 0.0)
    )
    return network, Message.of(
        N_("prices {how} on {links} link(s), {services} service(s), {nodes} node(s) ({ids})"),
        how=how,
        links=len(link_ids),
        services=len(wanted),
        nodes=len(sel.nodes),
        ids=_short(link_ids | wanted | sel.nodes),
    )


def _dwell(network: Network, change: DwellChange, path: str) -> tuple[Network, Message]:
    sel = select(network, change, path)
    borders = dict(network.borders)
    for lid in sel.borders:
        bc = borders[lid]
        if change.dwell_h is not None:
            ratio = bc.dwell_p90_h / bc.dwell_p50_h if bc.dwell_p50_h > 0 else 1.0
            borders[lid] = replace(
                bc, dwell_p50_h=change.dwell_h, dwell_p90_h=change.dwell_h * ratio
            )
        else:
            k = change.dwell_factor or 0.0
            borders[lid] = replace(
                bc, dwell_p50_h=bc.dwell_p50_h * k, dwell_p90_h=bc.dwell_p90_h * k
            )
    how = (
        Message.of(N_("x{factor:g}"), factor=change.dwell_factor or 0.0)
        if change.dwell_h is None
        else Message.of(N_("{hours:g} h"), hours=change.dwell_h)
    )
    names = {borders[lid].id for lid in sel.borders}
    effect = Message.of(N_("border dwell {how} at {ids}"), how=how, ids=_short(names))
    return replace(network, borders=borders), effect


def _add_link(network: Network, change: AddLink, path: str) -> tuple[Network, Message]:
    for key, nid in (("from_node", change.from_id), ("to_node", change.to_id)):
        if nid not in network.nodes:
            raise InvalidInput(
                Message.of(
                    N_("{path}: {node} is not a node of the network"),
                    path=f"{path}.{key}",
                    node=repr(nid),
                ),
                hint=suggestion(nid, network.nodes, Message.of(N_("node ids"))),
                field=f"{path}.{key}",
            )
    factors = network.emission_factors
    ef_id = change.emission_factor or next(
        (k for k, e in sorted(factors.items()) if e.mode == change.mode), None
    )
    if ef_id is None or ef_id not in factors:
        raise InvalidInput(
            Message.of(
                N_("{path}: no emission factor {factor} for mode {mode}"),
                path=f"{path}.emission_factor",
                factor=repr(ef_id),
                mode=ModeName(mode=change.mode),
            ),
            hint=Message.of(N_("known factors: {ids}"), ids=listed(sorted(factors))),
            field=f"{path}.emission_factor",
        )
    ends = [(change.id, change.from_id, change.to_id)]
    if change.both_directions:
        ends.append((f"{change.id}-rev", change.to_id, change.from_id))
    new = {}
    for lid, a, b in ends:
        if lid in network.links:
            raise InvalidInput(
                Message.of(
                    N_("{path}: a link {link} already exists"), path=f"{path}.id", link=repr(lid)
                ),
                hint=Message.of(
                    N_("open an existing link with type: open; pick a new id to add one")
                ),
                field=f"{path}.id",
            )
        new[lid] = Link(
            id=lid,
            from_id=a,
            to_id=b,
            mode=change.mode,
            length_km=change.length_km,
            speed_kmh=change.speed_kmh,
            price_usd_teu=change.price_usd_teu,
            emission_factor_id=ef_id,
            wtw_kg_tkm=factors[ef_id].wtw_kg_tkm,
            gauge=change.gauge,
            capacity_teu_day=change.capacity_teu_day,
            name=change.name,
            corridors=tuple(change.corridors),
            sources=("scenario",),
            estimated=("length_km", "speed_kmh", "price_usd_teu", "capacity_teu_day"),
        )
    return _links_with(network, new), Message.of(N_("added link(s) {ids}"), ids=_short(set(new)))


_APPLY: dict[type, Callable[[Network, object, str], tuple[Network, Message]]] = {
    Close: _close,  # type: ignore[dict-item]
    Open: _open,  # type: ignore[dict-item]
    CapacityChange: _capacity,  # type: ignore[dict-item]
    TariffChange: _tariff,  # type: ignore[dict-item]
    DwellChange: _dwell,  # type: ignore[dict-item]
    AddLink: _add_link,  # type: ignore[dict-item]
}


def apply_demand_changes(
    demand: Demand, network: Network, changes: list[tuple[int, Change]]
) -> tuple[Demand, dict[int, Message]]:
    """Scale demand rows selected by series, origins and destinations (ids or countries)."""
    notes: dict[int, Message] = {}
    for i, change in changes:
        if not isinstance(change, DemandChange):
            continue
        path = f"changes[{i}]"
        series = set(change.series)
        known_series = {r.corridor for r in demand.rows}
        for j, s in enumerate(change.series):
            if s not in known_series:
                raise InvalidInput(
                    Message.of(
                        N_("{path}: no demand series {series}"),
                        path=f"{path}.series[{j}]",
                        series=repr(s),
                    ),
                    hint=Message.of(
                        N_("series in the demand: {ids}"), ids=listed(sorted(known_series))
                    ),
                    field=f"{path}.series[{j}]",
                )
        origins = _places(change.origins, network, f"{path}.origins")
        dests = _places(change.destinations, network, f"{path}.destinations")

        def chosen(
            r: ODDemand, series: set[str] = series, o: set[str] = origins, d: set[str] = dests
        ) -> bool:
            return (
                (not series or r.corridor in series)
                and (not o or r.origin in o)
                and (not d or r.destination in d)
            )

        before = math.fsum(r.teu_per_year for r in demand.rows if chosen(r))
        demand = demand.scaled(change.factor, chosen)
        notes[i] = Message.of(
            N_("demand x{factor:g} on {teu:,.0f} TEU/yr of rows"), factor=change.factor, teu=before
        )
    return demand, notes


def _places(entries: list[str], network: Network, path: str) -> set[str]:
    """Node ids for node ids or ISO country codes."""
    out: set[str] = set()
    countries = {n.country for n in network.nodes.values()}
    for j, e in enumerate(entries):
        if e in network.nodes:
            out.add(e)
        elif e.upper() in countries:
            out.update(n.id for n in network.nodes.values() if n.country == e.upper())
        else:
            raise InvalidInput(
                Message.of(
                    N_("{path}: {entry} is neither a node id nor a country code of the network"),
                    path=f"{path}[{j}]",
                    entry=repr(e),
                ),
                hint=Message.of(
                    N_("countries: {ids}"),
                    ids=items(sorted(countries), "comma"),  # the codes to write, not names
                ),
                field=f"{path}[{j}]",
            )
    return out
