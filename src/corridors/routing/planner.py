"""``plan_routes``: resolve places, check the request, search, diversify, explain.

Engines: the Pareto set always comes from the label-setting search. A weighted single-best query
takes the scipy fast path when its costs are static (no usable fixed-weekday sailing, or time has no
weight) and transshipments are not limited; otherwise the label-setting search in weighted mode.

Weights are made comparable by expressing each criterion in US dollars at the network's own
exchange rate: an hour counts as the network's average price per hour of transport (total price
over total time of the usable links, for this cargo), a kilogram of CO2e as its average price per
kilogram. Weight 1 on every criterion thus means "a typical hour, a typical kilogram and a dollar
count alike"; the rates depend on the network and the constraints, not on the origin and
destination, so the same weights mean the same thing for every query.
"""

from __future__ import annotations

import re
import statistics
from datetime import UTC, datetime

from corridors.errors import InvalidInput, NoRoute
from corridors.network.model import Network
from corridors.network.places import ResolvedPlace, resolve_place
from corridors.routing.bounds import criterion_scales, lower_bounds
from corridors.routing.compile import CompiledNetwork, compile_network
from corridors.routing.constraints import TEU_PER_UNIT, Query, has_fixed_sailings, mask_key
from corridors.routing.diagnose import explain_no_route
from corridors.routing.explain import AccessLeg, build_option
from corridors.routing.fastpath import fast_single_best
from corridors.routing.replay import replay
from corridors.routing.schemas import PlaceRef, RouteOption, RoutePlan, RouteRequest
from corridors.routing.search import Path, pareto_search, weighted_search
from corridors.routing.select import choose
from corridors.routing.timing import epoch_hours

__all__ = ["plan_routes"]

_ISO2 = re.compile(r"^[A-Z]{2}$")


def plan_routes(network: Network, request: RouteRequest) -> RoutePlan:
    """Plan routes for ``request``: the diversified Pareto options, or the best for its weights.

    Raises ``NotFound`` for an unknown place, ``InvalidInput`` for a malformed constraint and
    ``NoRoute`` (naming the blocking constraint) when nothing satisfies the constraints.
    """
    cn = compile_network(network)
    origin = resolve_place(network, request.origin)
    destination = resolve_place(network, request.destination)
    notes: list[str] = [p.note for p in (origin, destination) if p.note]
    if origin.node_id == destination.node_id:
        raise InvalidInput(
            f"origin and destination are the same terminal ({origin.node_id})",
            field="destination",
            hint="choose two different places",
        )
    avoid_c = _avoid_countries(network, request, origin, destination, notes)
    avoid_n = _avoid_nodes(network, request, origin, destination)
    depart = request.departure or datetime.now(UTC).replace(microsecond=0)
    if depart.tzinfo is None:
        raise InvalidInput(
            f"departure {depart.isoformat()} has no time zone",
            field="departure",
            hint="give ISO 8601 with an offset, e.g. 2026-12-01T08:00+06:00",
        )
    cargo = request.cargo
    teu = TEU_PER_UNIT[cargo.container] * cargo.units
    tonnes = cargo.gross_weight_t * cargo.units
    first = _access(network, origin, teu, tonnes, to_node=True)
    last = _access(network, destination, teu, tonnes, to_node=False)
    key = mask_key(
        avoid_countries=avoid_c,
        avoid_nodes=avoid_n,
        modes=frozenset(request.modes) if request.modes is not None else None,
        include_planned=request.include_planned,
        reefer=cargo.reefer,
        dangerous=cargo.dangerous,
    )
    q = Query(
        origin=cn.node_index[origin.node_id],
        destination=cn.node_index[destination.node_id],
        mask=key,
        teu=teu,
        tonnes=tonnes,
        t0_h=epoch_hours(depart) + (first.hours if first else 0.0),
        reefer=cargo.reefer,
        max_transshipments=request.max_transshipments,
    )

    def fail() -> NoRoute:
        return NoRoute(explain_no_route(cn, q, origin.name, destination.name))

    options: list[RouteOption] = []
    if request.weights is not None:
        w = request.weights
        if w.time == 0 and w.price == 0 and w.co2 == 0:
            raise InvalidInput(
                "weights are all zero", field="weights", hint="give at least one positive weight"
            )
        usd_h, usd_kg = criterion_scales(cn, q)
        wt, wp, wc = w.time * usd_h, w.price, w.co2 * usd_kg
        path = _single_best(cn, q, wt, wp, wc)
        if path is None:
            raise fail()
        score = wt * path.time_h + wp * path.price_usd + wc * path.co2e_kg
        options.append(
            build_option(
                cn, q, path, depart=depart, first=first, last=last,
                samples=request.samples, seed=request.seed, label="best for weights",
                score=score,
            )
        )  # fmt: skip
    else:
        bounds = lower_bounds(cn, q)
        if bounds.time[q.origin] == float("inf"):
            raise fail()
        paths = pareto_search(cn, q, bounds)
        if not paths:
            raise fail()
        link = cn.lst("link")
        chosen = choose(
            paths, [frozenset(link[a] for a in p.arcs) for p in paths], request.max_options
        )
        options = [
            build_option(
                cn, q, c.path, depart=depart, first=first, last=last,
                samples=request.samples, seed=request.seed, label=c.label,
            )
            for c in chosen
        ]  # fmt: skip
        options.sort(key=lambda o: (o.transit_p50_h, o.price_usd, o.co2e_kg))
        if len(paths) > len(options):
            notes.append(
                f"{len(paths)} Pareto-optimal routes found; showing {len(options)} distinct ones"
            )
    for rank, opt in enumerate(options, 1):
        opt.rank = rank
    notes.extend(_planned_notes(network, options))
    return RoutePlan(
        origin=_ref(origin),
        destination=_ref(destination),
        request=request,
        options=options,
        notes=notes,
    )


def _single_best(cn: CompiledNetwork, q: Query, wt: float, wp: float, wc: float) -> Path | None:
    static = wt == 0 or not has_fixed_sailings(cn, q.mask)
    if static and q.max_transshipments is None:
        arcs = fast_single_best(cn, q, wt, wp, wc)
        if arcs is None:
            return None
        steps = replay(cn, q, arcs)
        t = steps[-1].arrive_h + cn.node_handling_h[q.destination] if steps else 0.0
        price = cn.node_handling_usd[q.origin] * q.teu + cn.node_handling_usd[q.destination] * q.teu
        price += sum(s.step.price_usd + s.step.handling_usd for s in steps)
        co2 = sum(s.step.co2e_kg for s in steps)
        k = sum(s.step.transshipments for s in steps)
        return Path(arcs, t, price, co2, k)
    bounds = lower_bounds(cn, q)
    if bounds.time[q.origin] == float("inf"):
        return None
    return weighted_search(cn, q, bounds, wt, wp, wc)


def _ref(p: ResolvedPlace) -> PlaceRef:
    return PlaceRef(
        query=p.query, node_id=p.node_id, name=p.name, lat=p.lat, lon=p.lon, note=p.note
    )


def _avoid_countries(
    network: Network,
    request: RouteRequest,
    origin: ResolvedPlace,
    destination: ResolvedPlace,
    notes: list[str],
) -> frozenset[str]:
    out = set()
    present = {n.country for n in network.nodes.values()}
    for raw in request.avoid_countries:
        code = raw.strip().upper()
        if not _ISO2.match(code):
            raise InvalidInput(
                f"avoid_countries: {raw!r} is not an ISO 3166-1 alpha-2 country code",
                field="avoid_countries",
                hint="use two letters, e.g. RU, BY",
            )
        for place, role in ((origin, "origin"), (destination, "destination")):
            if network.nodes[place.node_id].country == code:
                raise InvalidInput(
                    f"avoid_countries: {code} is the country of the {role} ({place.name})",
                    field="avoid_countries",
                    hint=f"a route cannot avoid its {role}'s country",
                )
        if code not in present:
            notes.append(f"{code} has no node in the network; avoiding it changes nothing")
        out.add(code)
    return frozenset(out)


def _avoid_nodes(
    network: Network, request: RouteRequest, origin: ResolvedPlace, destination: ResolvedPlace
) -> frozenset[str]:
    out = set()
    for raw in request.avoid_nodes:
        node_id = resolve_place(network, raw).node_id if raw not in network.nodes else raw
        for place, role in ((origin, "origin"), (destination, "destination")):
            if node_id == place.node_id:
                raise InvalidInput(
                    f"avoid_nodes: {raw!r} is the {role} ({place.name})",
                    field="avoid_nodes",
                    hint="a route cannot avoid its own end points",
                )
        out.add(node_id)
    return frozenset(out)


def _access(
    network: Network, place: ResolvedPlace, teu: float, tonnes: float, *, to_node: bool
) -> AccessLeg | None:
    """The road leg between a place that is not a node and its terminal, at road tariffs."""
    if place.access_km <= 0.0:
        return None
    roads = [link for link in network.links.values() if link.mode == "road" and link.length_km > 0]
    if roads:
        speed = statistics.median(link.speed_kmh for link in roads)
        usd_km = statistics.median(link.price_usd_teu / link.length_km for link in roads)
        wtw = statistics.median(link.wtw_kg_tkm for link in roads)
    else:
        factors = [f.wtw_kg_tkm for f in network.emission_factors.values() if f.mode == "road"]
        speed, usd_km, wtw = 50.0, 0.0, (statistics.median(factors) if factors else 0.0)
    return AccessLeg(
        place_name=place.name,
        lat=place.lat,
        lon=place.lon,
        node_id=place.node_id,
        km=place.access_km,
        hours=place.access_km / speed,
        price_usd=place.access_km * usd_km * teu,
        co2e_kg=place.access_km * wtw * tonnes,
    )


def _planned_notes(network: Network, options: list[RouteOption]) -> list[str]:
    seen: list[str] = []
    for opt in options:
        for leg in opt.legs:
            link = network.links.get(leg.link_id)
            if link is not None and link.status == "planned" and link.id not in seen:
                seen.append(link.id)
    notes = []
    for link_id in seen:
        link = network.links[link_id]
        name = link.name or f"{link.from_id}–{link.to_id}"
        when = f", opening {link.opening_year}" if link.opening_year else ""
        notes.append(f"uses planned link {name}{when}")
    return notes
