"""``plan_routes``: resolve places, check the request, search, diversify, explain.

Engines: the Pareto set comes from the compiled label-setting search (:mod:`pareto`), exact
while it stays within ``LABEL_BUDGET`` labels; past that (very large networks with modes side by
side everywhere) the search runs again as an ε-cover (``request.epsilon``, default
``DEFAULT_EPSILON``) within ``EPSILON_LABEL_BUDGET``; past that too, or with ``epsilon`` 0, the
planner returns the *supported* Pareto-optimal routes (the optima of a spread of weights). The
notes say which. A weighted single-best query takes the compiled Dijkstra fast path when its
costs are static (no usable fixed-weekday sailing, or time has no weight) and transshipments are
not limited; otherwise the label-setting search in weighted mode.

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

from corridors.errors import CorridorsError, InvalidInput, NoRoute
from corridors.messages import N_, Country, LinkName, Message, Place
from corridors.network.model import Network
from corridors.network.places import ResolvedPlace, resolve_place
from corridors.routing.bounds import criterion_scales, lower_bounds
from corridors.routing.compile import CompiledNetwork, compile_network
from corridors.routing.constraints import TEU_PER_UNIT, Query, mask_key
from corridors.routing.diagnose import explain_no_route
from corridors.routing.explain import AccessLeg, build_option
from corridors.routing.pareto import pareto_set, undominated
from corridors.routing.schemas import PlaceRef, RouteOption, RoutePlan, RouteRequest, Weights
from corridors.routing.select import choose
from corridors.routing.single import single_best, supported_paths
from corridors.routing.timing import epoch_hours

__all__ = ["DEFAULT_EPSILON", "EPSILON_LABEL_BUDGET", "LABEL_BUDGET", "plan_routes", "warm_up"]

# Labels the exact Pareto search may create before the ε-cover search takes over, and the ε-cover
# search before the planner adds supported routes. The bundled network needs at most ~10,000; on
# a 100,000-node network the compiled search spends ~1 µs a label exact, ~2 µs with ε-merging,
# so both budgets together stay near one second, leaving room for the rest within two.
LABEL_BUDGET = 50_000
EPSILON_LABEL_BUDGET = 500_000
DEFAULT_EPSILON = 0.05

_ISO2 = re.compile(r"^[A-Z]{2}$")


def plan_routes(network: Network, request: RouteRequest) -> RoutePlan:
    """Plan routes for ``request``: the diversified Pareto options, or the best for its weights.

    Raises ``NotFound`` for an unknown place, ``InvalidInput`` for a malformed constraint and
    ``NoRoute`` (naming the blocking constraint) when nothing satisfies the constraints.
    """
    cn = compile_network(network)
    origin = resolve_place(network, request.origin)
    destination = resolve_place(network, request.destination)
    notes: list[Message] = [p.message for p in (origin, destination) if p.message]
    if origin.node_id == destination.node_id:
        raise InvalidInput(
            Message.of(
                N_("origin and destination are the same terminal ({node})"), node=origin.node_id
            ),
            field="destination",
            hint=Message.of(N_("choose two different places")),
        )
    avoid_c = _avoid_countries(network, request, origin, destination, notes)
    avoid_n = _avoid_nodes(network, request, origin, destination)
    depart = request.departure or datetime.now(UTC).replace(microsecond=0)
    if depart.tzinfo is None:
        raise InvalidInput(
            Message.of(N_("departure {when} has no time zone"), when=depart.isoformat()),
            field="departure",
            hint=Message.of(N_("give ISO 8601 with an offset, e.g. 2026-12-01T08:00+06:00")),
        )
    cargo = request.cargo
    teu = TEU_PER_UNIT[cargo.container] * cargo.units
    tonnes = cargo.gross_weight_t * cargo.units
    first = _access(cn, origin, teu, tonnes)
    last = _access(cn, destination, teu, tonnes)
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
        return NoRoute(explain_no_route(cn, q, _place(origin), _place(destination)))

    options: list[RouteOption] = []
    if request.weights is not None:
        w = request.weights
        if w.time == 0 and w.price == 0 and w.co2 == 0:
            raise InvalidInput(
                Message.of(N_("weights are all zero")),
                field="weights",
                hint=Message.of(N_("give at least one positive weight")),
            )
        usd_h, usd_kg = criterion_scales(cn, q)
        wt, wp, wc = w.time * usd_h, w.price, w.co2 * usd_kg
        best = single_best(cn, q, wt, wp, wc)
        if best is None:
            raise fail()
        path, steps = best
        score = wt * path.time_h + wp * path.price_usd + wc * path.co2e_kg
        options.append(
            build_option(
                cn, q, path, depart=depart, first=first, last=last,
                samples=request.samples, seed=request.seed, label="best for weights",
                score=score, steps=steps,
            )
        )  # fmt: skip
    else:
        bounds = lower_bounds(cn, q)
        if bounds.time[q.origin] == float("inf"):
            raise fail()
        eps = DEFAULT_EPSILON if request.epsilon is None else request.epsilon
        res = pareto_set(cn, q, bounds, max_labels=LABEL_BUDGET)
        cover: Message | None = None
        if not res.complete and eps > 0:
            res = pareto_set(cn, q, bounds, max_labels=EPSILON_LABEL_BUDGET, epsilon=eps)
            cover = Message.of(
                N_(
                    "an ε-cover (ε = {eps:g}: for every Pareto-optimal route, one no slower and "
                    "at most {percent:g} % dearer and higher in CO2e)"
                ),
                eps=eps,
                percent=eps * 100,
            )
        paths = res.paths
        if not res.complete:
            paths = undominated(paths + supported_paths(cn, q))
            notes.append(
                Message.of(
                    N_(
                        "the Pareto set is too large to enumerate on this network; the options "
                        "come from {cover} of the routes up to {hours:.0f} h and, beyond, from "
                        "supported Pareto-optimal routes (best for a spread of weights)"
                    ),
                    cover=cover or Message.of(N_("the exact Pareto set")),
                    hours=res.reach_h,
                )
            )
        elif cover:
            notes.append(
                Message.of(
                    N_(
                        "the exact Pareto set is too large to enumerate on this network; the "
                        "options come from {cover}"
                    ),
                    cover=cover,
                )
            )
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
                Message.of(
                    N_("{found} Pareto-optimal routes found; showing {shown} distinct ones"),
                    found=len(paths),
                    shown=len(options),
                )
            )
    for rank, opt in enumerate(options, 1):
        opt.rank = rank
    notes.extend(_planned_notes(network, options))
    return RoutePlan(
        origin=_ref(origin),
        destination=_ref(destination),
        request=request,
        options=options,
        notes=[m.text for m in notes],
        messages=notes,
    )


def warm_up(network: Network) -> None:
    """Plan one Pareto and one weighted route, so that the compiled kernels are loaded (or, on a
    machine's first start, compiled: 10–20 s) before a server says it is ready, not on the first
    user's request."""
    ids = list(network.nodes)
    for dest in ids[1:21]:  # the first destination with a route will do
        try:
            for weights in (None, Weights()):
                req = RouteRequest(origin=ids[0], destination=dest, weights=weights, samples=50)
                plan_routes(network, req)
        except CorridorsError:
            continue
        return


def _ref(p: ResolvedPlace) -> PlaceRef:
    return PlaceRef(
        query=p.query,
        node_id=p.node_id,
        name=p.name,
        lat=p.lat,
        lon=p.lon,
        note=p.note,
        note_message=p.message,
    )


def _place(p: ResolvedPlace) -> Place:
    """The place as a message parameter: the node when the user named one, else its own name."""
    return Place(name=p.name, node=p.node_id if p.access_km <= 0.0 else None)


def _avoid_countries(
    network: Network,
    request: RouteRequest,
    origin: ResolvedPlace,
    destination: ResolvedPlace,
    notes: list[Message],
) -> frozenset[str]:
    out = set()
    present = {n.country for n in network.nodes.values()} if request.avoid_countries else set()
    for raw in request.avoid_countries:
        code = raw.strip().upper()
        if not _ISO2.match(code):
            raise InvalidInput(
                Message.of(
                    N_("avoid_countries: {value!r} is not an ISO 3166-1 alpha-2 country code"),
                    value=raw,
                ),
                field="avoid_countries",
                hint=Message.of(N_("use two letters, e.g. RU, BY")),
            )
        for place, text, hint in (
            (
                origin,
                N_("avoid_countries: {country} is the country of the origin ({place})"),
                N_("a route cannot avoid its origin's country"),
            ),
            (
                destination,
                N_("avoid_countries: {country} is the country of the destination ({place})"),
                N_("a route cannot avoid its destination's country"),
            ),
        ):
            if network.nodes[place.node_id].country == code:
                raise InvalidInput(
                    Message.of(text, country=Country(country=code), place=_place(place)),
                    field="avoid_countries",
                    hint=Message.of(hint),
                )
        if code not in present:
            notes.append(
                Message.of(
                    N_("{country} has no node in the network; avoiding it changes nothing"),
                    country=Country(country=code),
                )
            )
        out.add(code)
    return frozenset(out)


def _avoid_nodes(
    network: Network, request: RouteRequest, origin: ResolvedPlace, destination: ResolvedPlace
) -> frozenset[str]:
    out = set()
    for raw in request.avoid_nodes:
        node_id = resolve_place(network, raw).node_id if raw not in network.nodes else raw
        for place, text in (
            (origin, N_("avoid_nodes: {value!r} is the origin ({place})")),
            (destination, N_("avoid_nodes: {value!r} is the destination ({place})")),
        ):
            if node_id == place.node_id:
                raise InvalidInput(
                    Message.of(text, value=raw, place=_place(place)),
                    field="avoid_nodes",
                    hint=Message.of(N_("a route cannot avoid its own end points")),
                )
        out.add(node_id)
    return frozenset(out)


def _access(
    cn: CompiledNetwork, place: ResolvedPlace, teu: float, tonnes: float
) -> AccessLeg | None:
    """The road leg between a place that is not a node and its terminal, at road tariffs."""
    if place.access_km <= 0.0:
        return None
    speed, usd_km, wtw = _road_defaults(cn)
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


def _road_defaults(cn: CompiledNetwork) -> tuple[float, float, float]:
    """Median road speed, price per TEU-km and WTW factor of the network (cached)."""
    got = cn.cache.get("road")
    if got is None:
        roads = [lk for lk in cn.network.links.values() if lk.mode == "road" and lk.length_km > 0]
        if roads:
            got = (
                statistics.median(lk.speed_kmh for lk in roads),
                statistics.median(lk.price_usd_teu / lk.length_km for lk in roads),
                statistics.median(lk.wtw_kg_tkm for lk in roads),
            )
        else:  # no road links: 50 km/h, unpriced, the network's road emission factor if any
            factors = [
                f.wtw_kg_tkm for f in cn.network.emission_factors.values() if f.mode == "road"
            ]
            got = (50.0, 0.0, statistics.median(factors) if factors else 0.0)
        cn.cache["road"] = got
    return got


def _planned_notes(network: Network, options: list[RouteOption]) -> list[Message]:
    seen: list[str] = []
    for opt in options:
        for leg in opt.legs:
            link = network.links.get(leg.link_id)
            if link is not None and link.status == "planned" and link.id not in seen:
                seen.append(link.id)
    notes = []
    for link_id in seen:
        link = network.links[link_id]
        ref = LinkName(
            link=link.id,
            name=link.name or f"{link.from_id}–{link.to_id}",
            from_node=link.from_id,
            to_node=link.to_id,
        )
        if link.opening_year:
            notes.append(
                Message.of(
                    N_("uses planned link {link}, opening {year}"),
                    link=ref,
                    year=str(link.opening_year),
                )
            )
        else:
            notes.append(Message.of(N_("uses planned link {link}"), link=ref))
    return notes
