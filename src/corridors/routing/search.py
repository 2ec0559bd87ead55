"""Label-setting search over (time, price, CO2e): Pareto sets and weighted single-best routes.

The search is NAMOA*-style: labels are popped in lexicographic order of their lower-bound vector
``f = g + h`` where ``h`` comes from one reverse Dijkstra per criterion (:mod:`bounds`); a label is
dropped when an existing label at the same *state* weakly dominates it, or when a route already
found dominates its lower bound.

A state is a node together with the vehicle the box arrived on (mode and track gauge), because what
the next link costs depends on it: changing mode is a transshipment with terminal handling, changing
gauge needs a break-of-gauge facility, a box on a rail ferry stays on its wagon, and a box that
crossed on a Ro-Ro truck can only go on by road. Time is the arrival time, so fixed-weekday sailings
make costs time-dependent; every arc is FIFO (arriving later never leaves earlier), and dominance on
the arrival time keeps the search exact. In weighted mode the scalar cost includes time, so labels
are compared on (non-time cost, arrival time), not on (scalar, time): a label that arrives earlier
but costs more can catch a sailing the other just misses, and one that arrives later but is cheaper
can end up waiting for the same sailing. When ``max_transshipments`` is set, the count is a resource
and joins the dominance vector.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any

import numpy as np

from corridors.routing.bounds import Bounds
from corridors.routing.compile import (
    RAIL,
    ROAD,
    TRUCK,
    WAIT_FIXED,
    WAIT_FREQUENCY,
    CompiledNetwork,
)
from corridors.routing.constraints import Query, arc_mask
from corridors.routing.timing import next_departure_wait

__all__ = [
    "START",
    "Path",
    "Step",
    "drop_near_ties",
    "out_arcs",
    "pareto_search",
    "step",
    "transfer",
    "weighted_search",
]

START = -1
_GAUGE_BASE = 100_000  # class = mode code * base + gauge (mm)
_STATE_BASE = 10 * _GAUGE_BASE  # state = node * base + class


@dataclass(frozen=True, slots=True)
class Path:
    """A route found by a search: its arcs and its deterministic totals (destination handled)."""

    arcs: tuple[int, ...]
    time_h: float  # hours from the cargo being at the origin node to release at the destination
    price_usd: float
    co2e_kg: float
    transshipments: int


@dataclass(frozen=True, slots=True)
class Step:
    """What taking one arc from a state adds."""

    handling_h: float  # handling / transshipment before the arc
    handling_usd: float
    wait_h: float
    run_h: float
    dwell_h: float
    queue_h: float  # median port queue of the sailing (after the timetable wait)
    price_usd: float  # arc price incl. a break-of-gauge transshipment at its border
    co2e_kg: float
    transshipments: int  # added by this step
    cls: int  # vehicle class after the arc


def transfer(
    cn: CompiledNetwork, reefer: bool, cls: int, arc: int
) -> tuple[float, float, int] | None:
    """(hours, USD per TEU, transshipments) of putting a box that arrived as ``cls`` onto ``arc``.

    None when the move is impossible: a break of gauge where the node has no facility, a reefer
    transshipped where there are no plugs, a Ro-Ro truck meeting anything but the road.
    """
    if cls == START:
        return 0.0, 0.0, 0
    u = cn.lst("from")[arc]
    mode = cn.lst("cmode")[arc]
    pm, pg = divmod(cls, _GAUGE_BASE)
    if pm == TRUCK or mode == TRUCK:
        # a Ro-Ro box boards and leaves on its truck: only road connects, without handling
        if pm in (ROAD, TRUCK) and mode in (ROAD, TRUCK):
            return 0.0, 0.0, 0
        return None
    if pm != mode:
        if reefer and not cn.node_reefer[u]:
            return None
        return cn.node_handling_h[u], cn.node_handling_usd[u], 1
    if mode == RAIL:
        gin = cn.lst("gin")[arc]
        if gin > 0 and pg > 0 and gin != pg:
            kind = cn.node_gc_kind[u]
            if kind == 0 or (kind == 1 and reefer and not cn.node_reefer[u]):
                return None
            return cn.node_gc_h[u], cn.node_gc_usd[u], 1
    return 0.0, 0.0, 0


def step(cn: CompiledNetwork, q: Query, t_h: float, cls: int, arc: int) -> Step | None:
    """Take ``arc`` at time ``t_h`` (hours since ``q.t0_h``) arriving with class ``cls``."""
    tr = transfer(cn, q.reefer, cls, arc)
    if tr is None:
        return None
    th, tusd, dk = tr
    wk = cn.lst("wait_kind")[arc]
    if wk == WAIT_FREQUENCY:
        wait = cn.lst("headway_h")[arc] / 2.0
    elif wk == WAIT_FIXED:
        wait = next_departure_wait(q.t0_h + t_h + th, cn.a_deps[arc])
    else:
        wait = 0.0
    return Step(
        handling_h=th,
        handling_usd=tusd * q.teu,
        wait_h=wait,
        run_h=cn.lst("run_h")[arc],
        dwell_h=cn.lst("dwell50")[arc],
        queue_h=cn.lst("queue50")[arc],
        price_usd=(cn.lst("price_teu")[arc] + cn.lst("gc_usd")[arc]) * q.teu,
        co2e_kg=cn.lst("co2_t")[arc] * q.tonnes,
        transshipments=dk + (1 if cn.lst("gc_border")[arc] else 0),
        cls=cn.lst("cmode")[arc] * _GAUGE_BASE + cn.lst("gout")[arc],
    )


def out_arcs(cn: CompiledNetwork, q: Query) -> list[list[int]]:
    """Usable arcs leaving each node under the query's mask (cached per mask)."""
    key = ("out", q.mask)
    got = cn.cache.get(key)
    if got is None:
        mask = arc_mask(cn, q.mask)
        got = [[] for _ in range(cn.n_nodes)]
        frm = cn.lst("from")
        for a, ok in enumerate(mask.tolist()):
            if ok:
                got[frm[a]].append(a)
        cn.cache[key] = got
    return got


@dataclass(frozen=True, slots=True)
class _ArcLists:
    """Per-arc increments of one cargo (time without waits-to-timetable, price, CO2e), as lists."""

    to: list[int]
    cls: list[int]
    same: list[int]  # arriving class whose transfer onto the arc is free (same vehicle), or -2
    free_mode: list[int]  # arriving class mode for which the transfer is free whatever the gauge
    base_h: list[float]  # running + median dwell + median port queue + mean frequency wait
    fixed: list[bool]
    price: list[float]
    co2: list[float]
    gcb: list[int]


def _arc_lists(cn: CompiledNetwork, q: Query) -> _ArcLists:
    key = ("arcs", q.teu, q.tonnes)
    got = cn.cache.get(key)
    if got is None:
        rail_gauged = (cn.a_cmode == RAIL) & (cn.a_gin > 0)
        got = _ArcLists(
            to=cn.lst("to"),
            cls=(cn.a_cmode * _GAUGE_BASE + cn.a_gout).tolist(),
            same=np.where(rail_gauged, cn.a_cmode * _GAUGE_BASE + cn.a_gin, -2).tolist(),
            free_mode=np.where(rail_gauged, -2, cn.a_cmode).tolist(),
            base_h=cn.base_h().tolist(),
            fixed=(cn.a_wait_kind == WAIT_FIXED).tolist(),
            price=((cn.a_price_teu + cn.a_gc_usd) * q.teu).tolist(),
            co2=(cn.a_co2_t * q.tonnes).tolist(),
            gcb=cn.a_gc_border.astype(int).tolist(),
        )
        cn.cache[key] = got
    assert isinstance(got, _ArcLists)
    return got


_EPS = 1e-9  # sums taken in another order differ in the last bits; such labels are equal


def _stair_dominated(ps: list[float], cs: list[float], p: float, c: float) -> bool:
    """Whether the 2-D staircase (p ascending, c descending) has a point <= (p, c)."""
    i = bisect_right(ps, p + _EPS)
    return i > 0 and cs[i - 1] <= c + _EPS


def _stair_insert(ps: list[float], cs: list[float], p: float, c: float) -> None:
    """Insert (p, c), not dominated, dropping the points it dominates."""
    i = bisect_left(ps, p)
    j = i
    while j < len(ps) and cs[j] >= c:
        j += 1
    ps[i:j] = [p]
    cs[i:j] = [c]


def _arcs_of(parent: list[int], arc_of: list[int], li: int) -> tuple[int, ...]:
    arcs: list[int] = []
    while li > 0:
        arcs.append(arc_of[li])
        li = parent[li]
    return tuple(reversed(arcs))


def pareto_search(
    cn: CompiledNetwork, q: Query, bounds: Bounds, max_labels: int | None = None
) -> list[Path] | None:
    """All Pareto-optimal routes over (time, price, CO2e), one per distinct cost vector.

    Labels pop in lexicographic order of ``f`` with time first, so every label already closed at a
    state, and every route already accepted, arrived no later; dominance then only needs the
    other two criteria, checked in O(log n) on a 2-D staircase (BOA*'s idea, one dimension up).
    With a transshipment limit there is one staircase per count. Returns None when more than
    ``max_labels`` labels would be needed.
    """
    o, d = q.origin, q.destination
    out = out_arcs(cn, q)
    al = _arc_lists(cn, q)
    to, acls, base_h, fixed, aprice, aco2, gcb = (
        al.to, al.cls, al.base_h, al.fixed, al.price, al.co2, al.gcb
    )  # fmt: skip
    same, free_mode = al.same, al.free_mode
    deps = cn.a_deps
    hT, hP, hC = bounds.time, bounds.price, bounds.co2
    teu, t0, reefer = q.teu, q.t0_h, q.reefer
    maxk = q.max_transshipments
    use_k = maxk is not None
    dest_h = cn.node_handling_h[d]
    dest_usd = cn.node_handling_usd[d] * teu
    limit = max_labels if max_labels is not None else 1 << 62
    eps = _EPS
    # a label: (time, price, co2, transshipments, node, class, arc, parent label)
    labels: list[tuple[float, float, float, int, int, int, int, int]] = [
        (cn.node_handling_h[o], cn.node_handling_usd[o] * teu, 0.0, 0, o, START, -1, -1)
    ]
    closed: dict[Any, tuple[list[float], list[float]]] = {}
    sol_ps: list[float] = []
    sol_cs: list[float] = []
    sols: list[int] = []
    heap: list[tuple[float, float, float, int]] = [
        (labels[0][0] + hT[o], labels[0][1] + hP[o], hC[o], 0)
    ]
    while heap:
        _ft, fp, fc, li = heapq.heappop(heap)
        if sol_ps:
            i = bisect_right(sol_ps, fp + eps)
            if i and sol_cs[i - 1] <= fc + eps:
                continue
        t, p, c, k, u, cls, _a, _par = labels[li]
        if u == d:
            sols.append(li)
            _stair_insert(sol_ps, sol_cs, fp, fc)
            continue
        sid = u * _STATE_BASE + cls
        if use_k:
            if any(
                (sid, kk) in closed and _stair_dominated(*closed[(sid, kk)], p, c)
                for kk in range(k + 1)
            ):
                continue
            key: Any = (sid, k)
        else:
            key = sid
        stair = closed.get(key)
        if stair is None:
            stair = closed[key] = ([], [])
        elif not use_k and _stair_dominated(stair[0], stair[1], p, c):
            continue
        _stair_insert(stair[0], stair[1], p, c)
        pm = cls // _GAUGE_BASE
        for a in out[u]:
            if cls == START or pm == free_mode[a] or cls == same[a]:
                th = tusd = 0.0
                dk = 0
            else:
                tr = transfer(cn, reefer, cls, a)
                if tr is None:
                    continue
                th, tusd, dk = tr
            k2 = k + dk + gcb[a]
            if use_k and k2 > maxk:  # type: ignore[operator]
                continue
            t1 = t + th
            if fixed[a]:
                t1 += next_departure_wait(t0 + t1, deps[a])
            t2 = t1 + base_h[a]
            p2 = p + tusd * teu + aprice[a]
            c2 = c + aco2[a]
            v = to[a]
            c2cls = acls[a]
            if v == d:
                t2 += dest_h
                p2 += dest_usd
                ft, fp2, fc2 = t2, p2, c2
            else:
                hv = hT[v]
                if hv == math.inf:
                    continue
                ft, fp2, fc2 = t2 + hv, p2 + hP[v], c2 + hC[v]
                st2 = closed.get(
                    (v * _STATE_BASE + c2cls, k2) if use_k else v * _STATE_BASE + c2cls
                )
                if st2 is not None and _stair_dominated(st2[0], st2[1], p2, c2):
                    continue
            if sol_ps:
                i = bisect_right(sol_ps, fp2 + eps)
                if i and sol_cs[i - 1] <= fc2 + eps:
                    continue
            labels.append((t2, p2, c2, k2, v, c2cls, a, li))
            n = len(labels)
            heapq.heappush(heap, (ft, fp2, fc2, n - 1))
            if n > limit:
                return None
    par = [lab[7] for lab in labels]
    arc = [lab[6] for lab in labels]
    found = [
        Path(_arcs_of(par, arc, li), labels[li][0], labels[li][1], labels[li][2], labels[li][3])
        for li in sols
    ]
    return drop_near_ties(found)


def drop_near_ties(found: list[Path]) -> list[Path]:
    """Routes accepted in time order, less those beaten: only a route arriving within ``_EPS``
    of another can beat it."""
    return [
        p
        for i, p in enumerate(found)
        if not any(_beats(o, p) for o in found[i + 1 : i + 1 + _near(found, i)])
    ]


def _near(found: list[Path], i: int) -> int:
    """How many routes after ``found[i]`` arrive within ``_EPS`` of it."""
    n = 0
    while i + 1 + n < len(found) and found[i + 1 + n].time_h <= found[i].time_h + _EPS:
        n += 1
    return n


def _beats(a: Path, b: Path) -> bool:
    """``a`` dominates ``b`` beyond rounding. Accepted routes are non-dominated except that one
    which arrived earlier by less than ``_EPS`` (timetable arithmetic on epoch hours) can be
    beaten by a later one; it is dropped here."""
    va = (a.time_h, a.price_usd, a.co2e_kg)
    vb = (b.time_h, b.price_usd, b.co2e_kg)
    return all(x <= y + _EPS for x, y in zip(va, vb, strict=True)) and any(
        x < y - _EPS for x, y in zip(va, vb, strict=True)
    )


def weighted_search(
    cn: CompiledNetwork, q: Query, bounds: Bounds, w_time: float, w_price: float, w_co2: float
) -> Path | None:
    """The route minimising ``w_time*time + w_price*price + w_co2*co2`` (weights already scaled).

    Labels pop by the scalar lower bound; a state keeps the (non-time cost, arrival time)
    pairs of its closed labels (and the transshipment count, when limited) for dominance.
    """
    o, d = q.origin, q.destination
    out = out_arcs(cn, q)
    al = _arc_lists(cn, q)
    to, acls, base_h, fixed, aprice, aco2, gcb = (
        al.to, al.cls, al.base_h, al.fixed, al.price, al.co2, al.gcb
    )  # fmt: skip
    same, free_mode = al.same, al.free_mode
    deps = cn.a_deps
    hT, hP, hC = bounds.time, bounds.price, bounds.co2
    teu, t0, reefer = q.teu, q.t0_h, q.reefer
    maxk = q.max_transshipments
    use_k = maxk is not None
    dest_h = cn.node_handling_h[d]
    dest_usd = cn.node_handling_usd[d] * teu
    L_t = [cn.node_handling_h[o]]
    L_p = [cn.node_handling_usd[o] * teu]
    L_c = [0.0]
    L_k = [0]
    L_node = [o]
    L_cls = [START]
    L_arc = [-1]
    L_par = [-1]
    closed: dict[int, list[tuple[float, float, int]]] = {}

    def scalar(t: float, p: float, c: float) -> float:
        return w_time * t + w_price * p + w_co2 * c

    heap: list[tuple[float, float, int]] = [
        (scalar(L_t[0] + hT[o], L_p[0] + hP[o], hC[o]), L_t[0] + hT[o], 0)
    ]
    while heap:
        _fs, _ft, li = heapq.heappop(heap)
        u = L_node[li]
        if u == d:
            return Path(_arcs_of(L_par, L_arc, li), L_t[li], L_p[li], L_c[li], L_k[li])
        t, p, c, k, cls = L_t[li], L_p[li], L_c[li], L_k[li], L_cls[li]
        r = w_price * p + w_co2 * c
        sid = u * _STATE_BASE + cls
        front = closed.setdefault(sid, [])
        if any(r0 <= r + _EPS and t0_ <= t + _EPS and k0 <= k for r0, t0_, k0 in front):
            continue
        front.append((r, t, k if use_k else 0))
        pm = cls // _GAUGE_BASE
        for a in out[u]:
            if cls == START or pm == free_mode[a] or cls == same[a]:
                th = tusd = 0.0
                dk = 0
            else:
                tr = transfer(cn, reefer, cls, a)
                if tr is None:
                    continue
                th, tusd, dk = tr
            k2 = k + dk + gcb[a]
            if use_k and k2 > maxk:  # type: ignore[operator]
                continue
            t1 = t + th
            if fixed[a]:
                t1 += next_departure_wait(t0 + t1, deps[a])
            t2 = t1 + base_h[a]
            p2 = p + tusd * teu + aprice[a]
            c2 = c + aco2[a]
            v = to[a]
            if v == d:
                t2 += dest_h
                p2 += dest_usd
                fs, ft = scalar(t2, p2, c2), t2
            else:
                if hT[v] == math.inf:
                    continue
                fs, ft = scalar(t2 + hT[v], p2 + hP[v], c2 + hC[v]), t2 + hT[v]
            L_t.append(t2)
            L_p.append(p2)
            L_c.append(c2)
            L_k.append(k2)
            L_node.append(v)
            L_cls.append(acls[a])
            L_arc.append(a)
            L_par.append(li)
            heapq.heappush(heap, (fs, ft, len(L_t) - 1))
    return None
