"""Admissible lower bounds to the destination, one reverse Dijkstra (scipy) per criterion.

Each bound counts what every route must pay on its arcs: running or crossing time, median border
dwell and the mean wait of frequency-based services (the search uses the same deterministic
values), the arc price and its CO2e. Fixed-weekday waits, handling and transshipments are left out
(they are never negative), so the bounds are consistent and label-setting stays exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from corridors.routing.compile import WAIT_FREQUENCY, CompiledNetwork, FloatArray
from corridors.routing.constraints import Query, arc_mask

__all__ = ["Bounds", "arc_costs", "lower_bounds"]


@dataclass(frozen=True, slots=True)
class Bounds:
    """Per node, lower bounds of the remaining time (h), price (USD) and CO2e (kg)."""

    time: list[float]
    price: list[float]
    co2: list[float]


def arc_costs(cn: CompiledNetwork, q: Query) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Static per-arc (time, price, CO2e) of the query's cargo, waits at their expectation."""
    time = (
        cn.a_run_h
        + cn.a_dwell50
        + np.where(cn.a_wait_kind == WAIT_FREQUENCY, cn.a_headway_h / 2.0, 0.0)
    )
    price = (cn.a_price_teu + cn.a_gc_usd) * q.teu
    co2 = cn.a_co2_t * q.tonnes
    return time, price, co2


def lower_bounds(cn: CompiledNetwork, q: Query) -> Bounds:
    """Reverse single-source Dijkstra from the destination over the usable arcs, per criterion."""
    mask = arc_mask(cn, q.mask)
    rows = cn.a_to[mask]
    cols = cn.a_from[mask]
    order = np.argsort(rows, kind="stable")
    rows, cols = rows[order], cols[order]
    indptr = np.zeros(cn.n_nodes + 1, dtype=np.int64)
    np.add.at(indptr, rows + 1, 1)
    indptr = np.cumsum(indptr)
    out = []
    for cost in arc_costs(cn, q):
        data = cost[mask][order]
        graph = csr_array((data, cols, indptr), shape=(cn.n_nodes, cn.n_nodes))
        dist = dijkstra(graph, directed=True, indices=q.destination)
        out.append(dist.tolist())
    return Bounds(out[0], out[1], out[2])
