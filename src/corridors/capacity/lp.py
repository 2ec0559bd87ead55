"""The capacitated multicommodity min-cost flow as one sparse linear programme (HiGHS).

Commodities are origins (the origin-based formulation: one flow per origin rather than per OD
pair keeps the programme small); rows that avoid countries form their own commodity per origin,
whose arcs touching those countries are fixed at zero. The year may be cut into *slices* (e.g.
the two weeks a border is closed and the rest); each slice has its own graph and carries its
share of the yearly demand and capacity. Variables, all in TEU over the slice:

* ``x[s, o, a]`` flow of origin ``o`` on arc ``a``;
* ``u[s, p]`` unserved demand of OD pair ``p`` (cost: the penalty);
* ``v[s, p]`` demand of pair ``p`` that waits for the next slice (cost: value of time x half
  the slice length, the mean wait of freight arriving evenly over the slice).

Rows: flow conservation per slice, origin and vertex (equalities) and one ``<=`` row per
capacity per slice. The dual of a capacity row is the change of the optimal cost per extra TEU
of that slice's capacity; :mod:`corridors.capacity.solve` turns them into yearly shadow prices.
"""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.optimize import linprog

from corridors.capacity.demand import ODKey
from corridors.capacity.graph import ARC_LOAD, ARC_UNLOAD, FlowGraph
from corridors.errors import CorridorsError

__all__ = ["LpSize", "LpSolution", "SliceInput", "arc_epsilons", "solve_lp"]

# A cent per handling move keeps zero-cost cycles through a hub out of the optimum, and a
# stable pseudo-random tenth of a cent per arc breaks ties between equal routes, so a scenario
# and its baseline pick the same route wherever nothing changed. Neither is in reported costs.
_HUB_EPS_USD = 0.01
_TIE_EPS_USD = 1e-3


def _tie_breaks(g: FlowGraph) -> NDArray[np.float64]:
    """The same small cost for the same arc in every graph built from the same network."""
    nodes = g.vertex_node
    keys = (
        f"{o}|{s}|{k}|{nodes[t]}>{nodes[h]}"
        for o, s, k, t, h in zip(
            g.owner, g.service, g.kind.tolist(), g.tail.tolist(), g.head.tolist(), strict=True
        )
    )
    return np.fromiter((zlib.crc32(k.encode()) / 2**32 for k in keys), float, g.n_arcs)


def arc_epsilons(g: FlowGraph) -> NDArray[np.float64]:
    """The tiny per-arc costs the LP adds to ``g.cost_usd`` (hub cent + tie-break), per arc.

    Public so that solvers built on the same graphs (the sweeps' route generation) price arcs
    exactly as the LP does.
    """
    hub = (g.kind == ARC_LOAD) | (g.kind == ARC_UNLOAD)
    return np.where(hub, _HUB_EPS_USD, 0.0) + _TIE_EPS_USD * _tie_breaks(g)


@dataclass(frozen=True)
class SliceInput:
    """One slice of the year: its length, its graph and the yearly demand rate per OD pair."""

    days: float
    graph: FlowGraph
    demand_teu_yr: NDArray[np.float64]  # aligned with the pair list given to solve_lp


@dataclass(frozen=True)
class LpSize:
    variables: int
    rows: int
    nonzeros: int
    build_s: float
    solve_s: float
    iterations: int


@dataclass(frozen=True)
class LpSolution:
    """Flows per slice ``(origins, arcs)``, slack per slice and pair, and capacity duals."""

    commodities: tuple[tuple[str, tuple[str, ...]], ...]  # (origin, avoided countries)
    pairs: tuple[ODKey, ...]
    flows: tuple[NDArray[np.float64], ...]
    unserved: NDArray[np.float64]  # (slices, pairs)
    deferred: NDArray[np.float64]  # (slices - 1, pairs)
    duals: tuple[NDArray[np.float64], ...]  # per slice, per resource: d cost / d capacity
    demand: NDArray[np.float64]  # (slices, pairs) TEU in each slice
    objective: float
    size: LpSize


def solve_lp(
    slices: list[SliceInput],
    pairs: list[ODKey],
    *,
    year_days: float,
    penalty_usd_teu: float,
    deferral_usd_teu_day: float | None,
    time_limit_s: float = 60.0,
) -> LpSolution:
    """Build and solve the programme; raise if HiGHS does not reach an optimum."""
    t0 = time.perf_counter()
    commodities = sorted({(o, avoid) for o, _, avoid in pairs})
    k_of = {c: i for i, c in enumerate(commodities)}
    n_k, n_p, n_s = len(commodities), len(pairs), len(slices)
    pk = np.array([k_of[(o, avoid)] for o, _, avoid in pairs], dtype=np.int64)

    eq_r: list[NDArray[np.int64]] = []
    eq_c: list[NDArray[np.int64]] = []
    eq_v: list[NDArray[np.float64]] = []
    ub_r: list[NDArray[np.int64]] = []
    ub_c: list[NDArray[np.int64]] = []
    ub_v: list[NDArray[np.float64]] = []
    costs: list[NDArray[np.float64]] = []
    upper: list[NDArray[np.float64]] = []
    b_eq_parts: list[NDArray[np.float64]] = []
    b_ub_parts: list[NDArray[np.float64]] = []
    demand = np.zeros((n_s, n_p))
    # row indices of each pair's origin and destination, per slice (for the deferral columns)
    o_rows: list[NDArray[np.int64]] = []
    d_rows: list[NDArray[np.int64]] = []
    x_col0: list[int] = []
    u_col0: list[int] = []
    v_col0: list[int] = []
    row0 = ub0 = col0 = 0
    for s, sl in enumerate(slices):
        g = sl.graph
        n_a, n_v = g.n_arcs, g.n_vertices
        share = sl.days / year_days
        demand[s] = sl.demand_teu_yr * share
        # arc flows: +1 at the tail's row, -1 at the head's row, per origin block
        k = np.repeat(np.arange(n_k, dtype=np.int64), n_a)
        a = np.tile(np.arange(n_a, dtype=np.int64), n_k)
        cols = col0 + k * n_a + a
        eq_r += [row0 + k * n_v + g.tail[a], row0 + k * n_v + g.head[a]]
        eq_c += [cols, cols]
        eq_v += [np.ones(cols.size), -np.ones(cols.size)]
        arc_cost = g.cost_usd + arc_epsilons(g)
        costs.append(np.tile(arc_cost, n_k))
        ub = np.full((n_k, n_a), np.inf)
        for ki, (_, avoid) in enumerate(commodities):
            ub[ki, g.arcs_touching(avoid)] = 0.0
        upper.append(ub.ravel())
        x_col0.append(col0)
        col0 += n_k * n_a
        # unserved slack: leaves the origin row, enters the destination row
        src = np.array([g.hub_in[o] for o, _, _ in pairs], dtype=np.int64)
        dst = np.array([g.hub_out[d] for _, d, _ in pairs], dtype=np.int64)
        orow = row0 + pk * n_v + src
        drow = row0 + pk * n_v + dst
        o_rows.append(orow)
        d_rows.append(drow)
        ucols = col0 + np.arange(n_p, dtype=np.int64)
        eq_r += [orow, drow]
        eq_c += [ucols, ucols]
        eq_v += [np.ones(n_p), -np.ones(n_p)]
        costs.append(np.full(n_p, penalty_usd_teu))
        upper.append(np.full(n_p, np.inf))
        u_col0.append(col0)
        col0 += n_p
        b = np.zeros(n_k * n_v)
        np.add.at(b, orow - row0, demand[s])
        np.add.at(b, drow - row0, -demand[s])
        b_eq_parts.append(b)
        row0 += n_k * n_v
        # capacities: one row per resource, summing its arcs over all origins
        for r, res in enumerate(g.resources):
            rc = (x_col0[s] + np.arange(n_k, dtype=np.int64)[:, None] * n_a + res.arcs).ravel()
            ub_r.append(np.full(rc.size, ub0 + r, dtype=np.int64))
            ub_c.append(rc)
            ub_v.append(np.ones(rc.size))
        b_ub_parts.append(np.array([res.capacity_teu_yr * share for res in g.resources]))
        ub0 += len(g.resources)
    # deferral: out of slice s (like slack), back into slice s + 1 (like extra demand)
    if deferral_usd_teu_day is not None:
        for s in range(n_s - 1):
            vcols = col0 + np.arange(n_p, dtype=np.int64)
            eq_r += [o_rows[s], d_rows[s], o_rows[s + 1], d_rows[s + 1]]
            eq_c += [vcols] * 4
            eq_v += [np.ones(n_p), -np.ones(n_p), -np.ones(n_p), np.ones(n_p)]
            costs.append(np.full(n_p, deferral_usd_teu_day * slices[s].days / 2.0))
            upper.append(np.full(n_p, np.inf))
            v_col0.append(col0)
            col0 += n_p
        # One origin's pairs share a commodity, so the slack and deferral columns alone would let
        # a pair shed more than it has (its destination then sends the surplus on to a sibling
        # pair's destination: freight teleported past a closure). Each pair keeps what it owns:
        # unserved + deferred out <= its demand in the slice + deferred in.
        pidx = np.arange(n_p, dtype=np.int64)
        for s in range(n_s) if v_col0 else ():  # one slice: nothing is deferred
            rows = ub0 + pidx
            ub_r.append(rows)
            ub_c.append(u_col0[s] + pidx)
            ub_v.append(np.ones(n_p))
            if s < n_s - 1:
                ub_r.append(rows)
                ub_c.append(v_col0[s] + pidx)
                ub_v.append(np.ones(n_p))
            if s > 0:
                ub_r.append(rows)
                ub_c.append(v_col0[s - 1] + pidx)
                ub_v.append(-np.ones(n_p))
            b_ub_parts.append(demand[s].copy())
            ub0 += n_p

    n_cols, n_eq, n_ub = col0, row0, ub0
    a_eq = sp.csc_array(
        (np.concatenate(eq_v), (np.concatenate(eq_r), np.concatenate(eq_c))),
        shape=(n_eq, n_cols),
    )
    b_eq = np.concatenate(b_eq_parts)
    a_ub = b_ub = None
    if n_ub:
        ub_rows = np.concatenate(ub_r)
        a_ub = sp.csc_array(
            (np.concatenate(ub_v), (ub_rows, np.concatenate(ub_c))), shape=(n_ub, n_cols)
        )
        b_ub = np.concatenate(b_ub_parts)
    c = np.concatenate(costs)
    bounds = np.column_stack([np.zeros(c.size), np.concatenate(upper)])
    t1 = time.perf_counter()
    res = linprog(
        c,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=b_eq,
        bounds=bounds,
        method="highs",
        options={"time_limit": time_limit_s, "presolve": True},
    )
    t2 = time.perf_counter()
    if res.status != 0:
        raise CorridorsError(
            f"the flow programme was not solved: {res.message}",
            hint="raise the time limit or report the scenario; slack keeps it always feasible",
        )
    x = np.maximum(np.asarray(res.x), 0.0)  # HiGHS may return -1e-12 for a zero
    flows = tuple(
        x[x_col0[s] : x_col0[s] + n_k * sl.graph.n_arcs].reshape(n_k, sl.graph.n_arcs)
        for s, sl in enumerate(slices)
    )
    unserved = np.stack([x[u_col0[s] : u_col0[s] + n_p] for s in range(n_s)])
    deferred = np.stack([x[c : c + n_p] for c in v_col0]) if v_col0 else np.zeros((n_s - 1, n_p))
    marg = np.asarray(res.ineqlin.marginals) if n_ub else np.zeros(0)
    duals: list[NDArray[np.float64]] = []
    start = 0
    for sl in slices:
        n_r = len(sl.graph.resources)
        duals.append(marg[start : start + n_r])
        start += n_r
    nnz = a_eq.nnz + (a_ub.nnz if a_ub is not None else 0)
    return LpSolution(
        commodities=tuple(commodities),
        pairs=tuple(pairs),
        flows=flows,
        unserved=unserved,
        deferred=deferred,
        duals=tuple(duals),
        demand=demand,
        objective=float(res.fun),
        size=LpSize(
            variables=n_cols,
            rows=n_eq + n_ub,
            nonzeros=int(nnz),
            build_s=t1 - t0,
            solve_s=t2 - t1,
            iterations=int(getattr(res, "nit", 0)),
        ),
    )
