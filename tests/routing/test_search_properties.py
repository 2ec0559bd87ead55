"""Property tests of the search against a brute-force oracle on small random networks.

The oracle enumerates every walk that never revisits a (node, vehicle) state, costs it with its own
implementation of the rules in docs/routing.md (handling on mode change, break of gauge only at a
border that has one, waits for fixed sailings from the actual arrival time, mean wait for frequency
services, median border dwell, median port queue), and keeps the non-dominated cost vectors.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridors.errors import NoRoute
from corridors.network.model import Network
from corridors.routing import RouteRequest, plan_routes
from corridors.routing.bounds import lower_bounds
from corridors.routing.compile import RAIL, TRUCK, CompiledNetwork, compile_network
from corridors.routing.constraints import Query, mask_key
from corridors.routing.fastpath import fast_single_best
from corridors.routing.search import pareto_search, weighted_search
from corridors.routing.timing import epoch_hours, utc_offset_h

from .nets import border, link, network, node, service

COUNTRIES = ["CN", "KZ", "RU", "AZ", "GE"]
CARRIES = ("container", "rail_wagon", "truck")
DEPART = datetime(2026, 12, 3, 21, 30, tzinfo=UTC)  # a Thursday evening


@st.composite
def small_networks(draw: st.DrawFn) -> Network:
    n = draw(st.integers(3, 6))
    ids = [f"N{i}" for i in range(n)]
    nodes = [
        node(
            nid,
            draw(st.sampled_from(COUNTRIES)),
            handling_h=draw(st.sampled_from([0.0, 1.0, 3.0])),
            handling_usd_teu=draw(st.sampled_from([0.0, 20.0, 60.0])),
            reefer=draw(st.booleans()),
            gauge_change=draw(st.sampled_from(["none", "none", "transshipment", "bogie_exchange"])),
            gauge_change_h=draw(st.sampled_from([1.0, 5.0])),
            gauge_change_usd_teu=draw(st.sampled_from([0.0, 80.0])),
        )
        for nid in ids
    ]
    links, borders, services = [], [], []
    m = draw(st.integers(n, 3 * n))
    for j in range(m):
        a = draw(st.sampled_from(ids))
        b = draw(st.sampled_from([x for x in ids if x != a]))
        mode = draw(st.sampled_from(["rail", "rail", "road", "road", "ferry"]))
        lid = f"L{j}"
        gauge = draw(st.sampled_from([1435, 1520])) if mode == "rail" else None
        links.append(
            link(
                lid,
                a,
                b,
                mode,
                km=draw(st.integers(50, 900)),
                speed=draw(st.sampled_from([20.0, 40.0, 60.0])),
                price=draw(st.integers(0, 900)),
                gauge=gauge,
                wtw=draw(st.sampled_from([0.01, 0.03, 0.1])),
                status=draw(st.sampled_from(["operational"] * 4 + ["planned", "closed"])),
                reefer_ok=draw(st.booleans()),
            )
        )
        if draw(st.integers(0, 3)) == 0:
            gc = "transshipment" if mode == "rail" and draw(st.booleans()) else "none"
            p50 = draw(st.sampled_from([0.0, 2.0, 10.0]))
            borders.append(border(lid, p50, p50 * 3 + 1, gc))
        if mode == "ferry":
            for k in range(draw(st.integers(0, 2))):
                fixed = draw(st.booleans())
                queue = draw(st.sampled_from([0.0, 0.0, 6.0, 30.0]))
                services.append(
                    service(
                        lid,
                        f"S{j}_{k}",
                        weekdays=tuple(draw(st.sets(st.integers(0, 6), min_size=1, max_size=3)))
                        if fixed
                        else (),
                        departure_hour=draw(st.sampled_from([0.0, 6.5, 23.0])),
                        sailings_per_week=draw(st.sampled_from([1.0, 3.5, 7.0])),
                        crossing_h=draw(st.sampled_from([10.0, 30.0])),
                        price_usd_teu=draw(st.integers(100, 900)),
                        queue_p50_h=queue,
                        queue_p90_h=queue * 4,
                        carries=tuple(
                            draw(
                                st.sets(
                                    st.sampled_from(["container", "rail_wagon", "truck"]),
                                    min_size=1,
                                )
                            )
                        ),
                    )
                )
    return network(nodes, links, borders, services)


@dataclass(frozen=True)
class Walk:
    links: tuple[tuple[str, str, str], ...]  # (link id, service id or "", how carried or "")
    t: float
    p: float
    c: float
    k: int


def oracle_walks(
    net: Network,
    o: str,
    d: str,
    *,
    teu: float,
    tonnes: float,
    t0: float,
    avoid: frozenset[str] = frozenset(),
    planned: bool = False,
    reefer: bool = False,
) -> list[Walk]:
    """Every state-simple walk from o to d with its costs, computed independently."""
    out: list[Walk] = []
    arcs: dict[str, list[tuple[str, Any, str]]] = {n: [] for n in net.nodes}
    for lk in net.links.values():
        if lk.status == "closed" or (lk.status == "planned" and not planned):
            continue
        if net.nodes[lk.from_id].country in avoid or net.nodes[lk.to_id].country in avoid:
            continue
        svcs = net.services.get(lk.id, ())
        for s in svcs or (None,):
            ok = lk.reefer_ok and (s is None or s.reefer_ok)
            if reefer and not ok:
                continue
            for carry in [x for x in CARRIES if x in s.carries] if s else [""]:
                arcs[lk.from_id].append((lk.id, s, carry))

    def rec(
        u: str, cls: tuple[str, int] | None, t: float, p: float, c: float, k: int, seen, path
    ) -> None:
        for lid, s, carry in arcs[u]:
            lk = net.links[lid]
            nu = net.nodes[u]
            th = tp = 0.0
            dk = 0
            b = net.borders.get(lid)
            gc_border = b is not None and b.gauge_change != "none" and lk.mode == "rail"
            box = {"rail_wagon": "rail", "truck": "truck"}.get(carry, lk.mode)
            gauge = 0 if carry else (lk.gauge or 0)  # tests' ports list no gauges
            if cls is not None:
                if "truck" in (cls[0], box):
                    if not {cls[0], box} <= {"road", "truck"}:
                        continue
                elif cls[0] != box:
                    if reefer and not nu.reefer:
                        continue
                    th, tp, dk = nu.handling_h, nu.handling_usd_teu, 1
                elif box == "rail" and not gc_border and cls[1] and gauge and gauge != cls[1]:
                    if nu.gauge_change == "none":
                        continue  # no break-of-gauge facility at the node
                    if reefer and nu.gauge_change == "transshipment" and not nu.reefer:
                        continue
                    th, tp, dk = nu.gauge_change_h, nu.gauge_change_usd_teu, 1
            queue = 0.0
            if s is None:
                wait, run, price = 0.0, lk.length_km / lk.speed_kmh, lk.price_usd_teu
            else:
                run, price, queue = s.crossing_h, s.price_usd_teu, s.queue_p50_h
                if s.weekdays:
                    off = utc_offset_h(nu.country, nu.lon)
                    wait = min(
                        _wait_to(t0 + t + th, wd, s.departure_hour, off) for wd in set(s.weekdays)
                    )
                else:
                    wait = 168.0 / s.sailings_per_week / 2.0
            dwell = b.dwell_p50_h if b is not None else 0.0
            extra = 0.0
            if gc_border:
                dk += 1
                to = net.nodes[lk.to_id]
                extra = to.gauge_change_usd_teu or to.handling_usd_teu
            t2 = t + th + wait + queue + run + dwell  # the queue after the timetable wait
            p2 = p + tp * teu + (price + extra) * teu
            c2 = c + lk.wtw_kg_tkm * lk.length_km * tonnes
            ncls = (box, 0 if gc_border else gauge)
            v = lk.to_id
            if v == d:
                nd = net.nodes[d]
                out.append(
                    Walk(
                        (*path, (lid, s.id if s else "", carry)),
                        t2 + nd.handling_h,
                        p2 + nd.handling_usd_teu * teu,
                        c2,
                        k + dk,
                    )
                )
                continue
            state = (v, ncls)
            if state in seen:
                continue
            rec(
                v,
                ncls,
                t2,
                p2,
                c2,
                k + dk,
                seen | {state},
                (*path, (lid, s.id if s else "", carry)),
            )

    no = net.nodes[o]
    rec(o, None, no.handling_h, no.handling_usd_teu * teu, 0.0, 0, frozenset(), ())
    return out


def _wait_to(t_utc_h: float, weekday: int, hour: float, offset: float) -> float:
    """Hours from ``t_utc_h`` (epoch hours) to the next ``weekday`` at ``hour`` local time."""
    local = t_utc_h + offset
    day = math.floor(local / 24.0)
    for i in range(8):
        if (day + i + 3) % 7 == weekday:  # 1970-01-01 was a Thursday (weekday 3)
            cand = (day + i) * 24.0 + hour
            if cand >= local - 1e-9:
                return max(cand - local, 0.0)
    raise AssertionError("no departure within a week")


def front(vectors: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Non-dominated vectors, equal within 1e-9 counting as equal (float sums in another order)."""
    exact: list[tuple[float, float, float]] = []
    for v in sorted(set(vectors)):
        if not any(all(a <= b for a, b in zip(w, v, strict=True)) for w in exact):
            exact.append(v)

    def dom(w: tuple[float, ...], v: tuple[float, ...]) -> bool:
        return all(a <= b + 1e-9 for a, b in zip(w, v, strict=True)) and any(
            a < b - 1e-9 for a, b in zip(w, v, strict=True)
        )

    out: list[tuple[float, float, float]] = []
    for v in exact:
        if any(dom(w, v) for w in exact):
            continue
        if not any(all(abs(a - b) <= 1e-9 for a, b in zip(w, v, strict=True)) for w in out):
            out.append(v)
    return out


def same(a: list[tuple[float, ...]], b: list[tuple[float, ...]]) -> bool:
    if len(a) != len(b):
        return False
    return all(
        any(
            all(math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-6) for x, y in zip(v, w, strict=True))
            for w in b
        )
        for v in a
    )


def _key(cn: CompiledNetwork, arcs: tuple[int, ...]) -> tuple[tuple[str, str, str], ...]:
    out = []
    for a in arcs:
        si = cn.lst("service")[a]
        carry = ""
        if si >= 0:
            cm = cn.lst("cmode")[a]
            carry = "truck" if cm == TRUCK else "rail_wagon" if cm == RAIL else "container"
        out.append((cn.link_ids[cn.lst("link")[a]], cn.services[si].id if si >= 0 else "", carry))
    return tuple(out)


def _query(net: Network, o: str, d: str, **kw: object) -> Query:
    cn = compile_network(net)
    key = mask_key(
        avoid_countries=kw.get("avoid", frozenset()),  # type: ignore[arg-type]
        include_planned=bool(kw.get("planned", False)),
        reefer=bool(kw.get("reefer", False)),
    )
    return Query(
        origin=cn.node_index[o],
        destination=cn.node_index[d],
        mask=key,
        teu=2.0,
        tonnes=20.0,
        t0_h=epoch_hours(DEPART),
        reefer=bool(kw.get("reefer", False)),
        max_transshipments=kw.get("max_k"),  # type: ignore[arg-type]
    )


# ROUTING_EXAMPLES=2000 runs a longer search for counterexamples.
SETTINGS = settings(
    max_examples=int(os.environ.get("ROUTING_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# A small network with every constraint the search honours: one avoided country, planned links
# in or out, reefer, a transshipment limit.
CONSTRAINED_CASES = given(
    net=small_networks(),
    avoid=st.sets(st.sampled_from(COUNTRIES), max_size=1),
    planned=st.booleans(),
    reefer=st.booleans(),
    max_k=st.one_of(st.none(), st.integers(0, 2)),
)


@SETTINGS
@CONSTRAINED_CASES
def test_pareto_set_equals_brute_force(
    net: Network, avoid: set[str], planned: bool, reefer: bool, max_k: int | None
) -> None:
    o, d = "N0", "N1"
    avoid_f = frozenset(avoid) - {net.nodes[o].country, net.nodes[d].country}
    q = _query(net, o, d, avoid=avoid_f, planned=planned, reefer=reefer, max_k=max_k)
    cn = compile_network(net)
    walks = oracle_walks(
        net, o, d, teu=2.0, tonnes=20.0, t0=q.t0_h, avoid=avoid_f, planned=planned, reefer=reefer
    )
    walks = [w for w in walks if max_k is None or w.k <= max_k]
    expected = front([(w.t, w.p, w.c) for w in walks])
    paths = pareto_search(cn, q, lower_bounds(cn, q))
    got = [(p.time_h, p.price_usd, p.co2e_kg) for p in paths]
    assert same(got, expected), (got, expected)
    assert_real_walks(cn, paths, walks)


def assert_real_walks(cn: CompiledNetwork, paths: Any, walks: list[Walk]) -> None:
    """Each path is one of the oracle's walks, with its time, price and transshipments."""
    by_links = {w.links: w for w in walks}
    for p in paths:
        w = by_links.get(_key(cn, p.arcs))
        assert w is not None, (_key(cn, p.arcs), p, walks)
        assert math.isclose(w.t, p.time_h, abs_tol=1e-6)
        assert math.isclose(w.p, p.price_usd, abs_tol=1e-6)
        assert w.k == p.transshipments, (p, w)


@SETTINGS
@given(
    net=small_networks(),
    wt=st.sampled_from([0.0, 1.0, 30.0]),
    wp=st.sampled_from([0.0, 1.0]),
    wc=st.sampled_from([0.0, 2.0]),
    max_k=st.one_of(st.none(), st.integers(0, 2)),
)
def test_weighted_best_equals_brute_force(
    net: Network, wt: float, wp: float, wc: float, max_k: int | None
) -> None:
    if wt == wp == wc == 0.0:
        wp = 1.0
    q = _query(net, "N0", "N1", max_k=max_k)
    cn = compile_network(net)
    walks = oracle_walks(net, "N0", "N1", teu=2.0, tonnes=20.0, t0=q.t0_h)
    walks = [w for w in walks if max_k is None or w.k <= max_k]
    best = weighted_search(cn, q, lower_bounds(cn, q), wt, wp, wc)
    if not walks:
        assert best is None
        return
    expected = min(wt * w.t + wp * w.p + wc * w.c for w in walks)
    assert best is not None
    assert math.isclose(
        wt * best.time_h + wp * best.price_usd + wc * best.co2e_kg,
        expected,
        rel_tol=1e-9,
        abs_tol=1e-6,
    )
    if max_k is None and (
        wt == 0.0 or not any(s.weekdays for v in net.services.values() for s in v)
    ):
        arcs = fast_single_best(cn, q, wt, wp, wc)
        assert arcs is not None
        w = next((w for w in walks if w.links == _key(cn, arcs)), None)
        assert w is not None, (
            _key(cn, arcs),
            [(x.id, x.from_id, x.to_id, x.mode, x.gauge, x.status) for x in net.links.values()],
            list(net.borders.values()),
            [(wt, wp, wc)],
            walks,
        )
        assert math.isclose(wt * w.t + wp * w.p + wc * w.c, expected, rel_tol=1e-9, abs_tol=1e-6)


@SETTINGS
@given(
    net=small_networks(),
    avoid=st.sets(st.sampled_from(COUNTRIES), max_size=2),
    reefer=st.booleans(),
)
def test_every_option_satisfies_every_constraint_and_none_is_dominated(
    net: Network, avoid: set[str], reefer: bool
) -> None:
    o, d = "N0", "N1"
    avoid_l = sorted(set(avoid) - {net.nodes[o].country, net.nodes[d].country})
    req = RouteRequest(
        origin=o,
        destination=d,
        avoid_countries=avoid_l,
        modes=["rail", "ferry"],
        max_transshipments=1,
        cargo={"reefer": reefer},
        departure=DEPART,
        samples=50,
    )
    try:
        plan = plan_routes(net, req)
    except NoRoute as exc:
        assert f"from {o} to {d}" in exc.message
        return
    assert plan.options
    for opt in plan.options:
        assert not set(opt.countries) & set(avoid_l)
        assert set(opt.modes) <= {"rail", "ferry"}
        assert opt.transshipments <= 1
        for leg in opt.legs:
            lk = net.links[leg.link_id]
            assert lk.status == "operational"
            if reefer:
                assert lk.reefer_ok
                if leg.service_id:
                    assert next(s for s in net.services[lk.id] if s.id == leg.service_id).reefer_ok
        assert opt.transit_p90_h >= opt.transit_p50_h
        assert math.isclose(
            opt.price_usd,
            sum(leg.price_usd for leg in opt.legs) + opt.destination_handling_usd,
            abs_tol=0.05,
        )
    vecs = [(o_.transit_p50_h, o_.price_usd, o_.co2e_kg) for o_ in plan.options]
    det = [
        (o_.legs[-1].arrive - o_.depart).total_seconds() / 3600 + o_.destination_handling_h
        for o_ in plan.options
    ]
    for i, a in enumerate(plan.options):
        for j, b in enumerate(plan.options):
            if i != j:
                worse_or_equal = (
                    det[i] >= det[j] - 1e-6
                    and a.price_usd >= b.price_usd
                    and a.co2e_kg >= b.co2e_kg
                )
                strictly = (
                    det[i] > det[j] + 1e-6 or a.price_usd > b.price_usd or a.co2e_kg > b.co2e_kg
                )
                assert not (worse_or_equal and strictly), (vecs, det)
