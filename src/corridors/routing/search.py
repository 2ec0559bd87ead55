"""Label-setting search over (time, price, CO2e): Pareto sets and weighted single-best routes.

The search is NAMOA*-style: labels are popped in lexicographic order of their lower-bound vector
``f = g + h`` where ``h`` comes from one reverse Dijkstra per criterion (:mod:`bounds`); a label is
dropped when an existing label at the same *state* weakly dominates it, or when a route already
found dominates its lower bound.

A state is a node together with the vehicle the box arrived on (mode and track gauge), because what
the next link costs depends on it: changing mode is a transshipment with terminal handling, changing
gauge needs a break-of-gauge facility. Time is the arrival time, so fixed-weekday sailings make
costs time-dependent; every arc is FIFO (arriving later never leaves earlier), and dominance on the
arrival time keeps the search exact. In weighted mode the scalar cost includes time, so labels are
compared on (non-time cost, arrival time), not on (scalar, time): a label that arrives earlier but
costs more can catch a sailing the other just misses, and one that arrives later but is cheaper can
end up waiting for the same sailing. When ``max_transshipments`` is set, the count is a resource and
joins the dominance vector.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from dataclasses import dataclass

from corridors.routing.bounds import Bounds
from corridors.routing.compile import RAIL, WAIT_FIXED, WAIT_FREQUENCY, CompiledNetwork
from corridors.routing.constraints import Query, arc_mask
from corridors.routing.timing import next_departure_wait

__all__ = ["START", "Path", "Step", "out_arcs", "pareto_search", "step", "weighted_search"]

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
    price_usd: float  # arc price incl. a break-of-gauge transshipment at its border
    co2e_kg: float
    transshipments: int  # added by this step
    cls: int  # vehicle class after the arc


def vehicle_class(cn: CompiledNetwork, arc: int) -> int:
    return int(cn.lst("mode")[arc]) * _GAUGE_BASE + int(cn.lst("gout")[arc])


def step(cn: CompiledNetwork, q: Query, t_h: float, cls: int, arc: int) -> Step | None:
    """Take ``arc`` at time ``t_h`` (hours since ``q.t0_h``) arriving with class ``cls``.

    Returns None when the transfer is impossible (no break-of-gauge facility, no reefer plugs).
    """
    u = cn.lst("from")[arc]
    mode = cn.lst("mode")[arc]
    th = tp = 0.0
    dk = 0
    if cls != START:
        pm, pg = divmod(cls, _GAUGE_BASE)
        if pm != mode:
            th, tp, dk = cn.node_handling_h[u], cn.node_handling_usd[u], 1
            if q.reefer and not cn.node_reefer[u]:
                return None
        elif mode == RAIL:
            gin = cn.lst("gin")[arc]
            if gin > 0 and pg > 0 and gin != pg:
                kind = cn.node_gc_kind[u]
                if kind == 0 or (kind == 1 and q.reefer and not cn.node_reefer[u]):
                    return None
                th, tp, dk = cn.node_gc_h[u], cn.node_gc_usd[u], 1
    wk = cn.lst("wait_kind")[arc]
    if wk == WAIT_FREQUENCY:
        wait = cn.lst("headway_h")[arc] / 2.0
    elif wk == WAIT_FIXED:
        wait = next_departure_wait(q.t0_h + t_h + th, cn.a_deps[arc])
    else:
        wait = 0.0
    gcb = cn.lst("gc_border")[arc]
    return Step(
        handling_h=th,
        handling_usd=tp * q.teu,
        wait_h=wait,
        run_h=cn.lst("run_h")[arc],
        dwell_h=cn.lst("dwell50")[arc],
        price_usd=(cn.lst("price_teu")[arc] + cn.lst("gc_usd")[arc]) * q.teu,
        co2e_kg=cn.lst("co2_t")[arc] * q.tonnes,
        transshipments=dk + (1 if gcb else 0),
        cls=mode * _GAUGE_BASE + cn.lst("gout")[arc],
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


# A label: (t, price, co2, k, node, cls, arc, parent index)
_Label = tuple[float, float, float, int, int, int, int, int]


def _expand(
    cn: CompiledNetwork,
    q: Query,
    bounds: Bounds,
    vector: Callable[[float, float, float, int], tuple[float, ...]],
    key: Callable[[float, float, float, int, int], tuple[float, ...]],
    pruned: Callable[[tuple[float, ...]], bool],
    on_target: Callable[[float, float, float, int, int], None],
    stop: Callable[[tuple[float, ...]], bool],
) -> list[_Label]:
    """The shared label-setting loop; the modes differ in the dominance vector and the key."""
    o, d = q.origin, q.destination
    out = out_arcs(cn, q)
    dest_h = cn.node_handling_h[d]
    dest_usd = cn.node_handling_usd[d] * q.teu
    maxk = q.max_transshipments
    hT, hP, hC = bounds.time, bounds.price, bounds.co2
    to = cn.lst("to")
    start_t = cn.node_handling_h[o]
    start_p = cn.node_handling_usd[o] * q.teu
    labels: list[_Label] = [(start_t, start_p, 0.0, 0, o, START, -1, -1)]
    alive = [True]
    fronts: dict[int, list[tuple[tuple[float, ...], int]]] = {}
    heap: list[tuple[tuple[float, ...], int]] = [(key(start_t, start_p, 0.0, 0, o), 0)]
    while heap:
        fkey, li = heapq.heappop(heap)
        if not alive[li]:
            continue
        if stop(fkey):
            break
        t, p, c, k, u, cls, _arc, _parent = labels[li]
        if pruned(fkey):
            continue
        for a in out[u]:
            s = step(cn, q, t, cls, a)
            if s is None:
                continue
            k2 = k + s.transshipments
            if maxk is not None and k2 > maxk:
                continue
            t2 = t + s.handling_h + s.wait_h + s.run_h + s.dwell_h
            p2 = p + s.handling_usd + s.price_usd
            c2 = c + s.co2e_kg
            v = to[a]
            if v == d:
                labels.append((t2, p2, c2, k2, v, s.cls, a, li))
                alive.append(False)
                on_target(t2 + dest_h, p2 + dest_usd, c2, k2, len(labels) - 1)
                continue
            if hT[v] == math.inf:
                continue
            fk = key(t2 + hT[v], p2 + hP[v], c2 + hC[v], k2, v)
            if pruned(fk):
                continue
            vec = vector(t2, p2, c2, k2)
            sid = v * _STATE_BASE + s.cls
            front = fronts.get(sid)
            if front is None:
                front = fronts[sid] = []
            if any(_dominates(w, vec) for w, _ in front):
                continue
            keep = []
            for w, j in front:
                if _dominates(vec, w):
                    alive[j] = False
                else:
                    keep.append((w, j))
            labels.append((t2, p2, c2, k2, v, s.cls, a, li))
            alive.append(True)
            keep.append((vec, len(labels) - 1))
            fronts[sid] = keep
            heapq.heappush(heap, (fk, len(labels) - 1))
    return labels


def _dominates(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Weak dominance: ``a`` is at least as good as ``b`` in every component."""
    return all(x <= y for x, y in zip(a, b, strict=True))


def _arcs_of(labels: list[_Label], li: int) -> tuple[int, ...]:
    arcs: list[int] = []
    while li > 0:
        arcs.append(labels[li][6])
        li = labels[li][7]
    return tuple(reversed(arcs))


def pareto_search(cn: CompiledNetwork, q: Query, bounds: Bounds) -> list[Path]:
    """All Pareto-optimal routes over (time, price, CO2e) (one per distinct cost vector)."""
    use_k = q.max_transshipments is not None
    sols: list[tuple[tuple[float, float, float], int, int]] = []  # (vector, k, label)

    def vector(t: float, p: float, c: float, k: int) -> tuple[float, ...]:
        return (t, p, c, k) if use_k else (t, p, c)

    def key(t: float, p: float, c: float, k: int, v: int) -> tuple[float, ...]:
        return (t, p, c)

    def pruned(f: tuple[float, ...]) -> bool:
        return any(s[0] <= f[0] and s[1] <= f[1] and s[2] <= f[2] for s, _, _ in sols)

    def on_target(t: float, p: float, c: float, k: int, li: int) -> None:
        vec = (t, p, c)
        if any(_dominates(s, vec) for s, _, _ in sols):
            return
        sols[:] = [x for x in sols if not _dominates(vec, x[0])]
        sols.append((vec, k, li))

    labels = _expand(cn, q, bounds, vector, key, pruned, on_target, lambda f: False)
    return [Path(_arcs_of(labels, li), v[0], v[1], v[2], k) for v, k, li in sols]


def weighted_search(
    cn: CompiledNetwork, q: Query, bounds: Bounds, w_time: float, w_price: float, w_co2: float
) -> Path | None:
    """The route minimising ``w_time*time + w_price*price + w_co2*co2`` (weights already scaled)."""
    use_k = q.max_transshipments is not None
    best: list[tuple[float, float, float, float, int, int]] = []  # (scalar, t, p, c, k, label)

    def vector(t: float, p: float, c: float, k: int) -> tuple[float, ...]:
        r = w_price * p + w_co2 * c
        return (r, t, k) if use_k else (r, t)

    def key(t: float, p: float, c: float, k: int, v: int) -> tuple[float, ...]:
        return (w_time * t + w_price * p + w_co2 * c, t)

    def pruned(f: tuple[float, ...]) -> bool:
        return bool(best) and f[0] >= best[0][0]

    def on_target(t: float, p: float, c: float, k: int, li: int) -> None:
        s = w_time * t + w_price * p + w_co2 * c
        if not best or (s, t) < best[0][:2]:
            best[:] = [(s, t, p, c, k, li)]

    def stop(f: tuple[float, ...]) -> bool:
        return bool(best) and f[0] >= best[0][0]

    labels = _expand(cn, q, bounds, vector, key, pruned, on_target, stop)
    if not best:
        return None
    _s, t, p, c, k, li = best[0]
    return Path(_arcs_of(labels, li), t, p, c, k)
