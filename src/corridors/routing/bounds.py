"""Admissible lower bounds to the destination, one reverse Dijkstra (scipy) per criterion.

Each bound counts what every route must pay on its arcs: running or crossing time, median border
dwell, median port queue and the mean wait of frequency-based services (the search uses the same
deterministic values), the arc price and its CO2e. Fixed-weekday waits, handling and
transshipments are left out (they are never negative), so the bounds are consistent and
label-setting stays exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from corridors.routing.compile import CompiledNetwork, FloatArray
from corridors.routing.constraints import Query, arc_mask

__all__ = ["Bounds", "arc_costs", "criterion_scales", "lower_bounds"]


@dataclass(frozen=True, slots=True)
class Bounds:
    """Per node, lower bounds of the remaining time (h), price (USD) and CO2e (kg)."""

    time: list[float]
    price: list[float]
    co2: list[float]


def arc_costs(cn: CompiledNetwork, q: Query) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Static per-arc (time, price, CO2e) of the query's cargo, waits at their expectation."""
    key = ("costs", q.teu, q.tonnes)
    got = cn.cache.get(key)
    if got is None:
        time = cn.base_h()
        price = (cn.a_price_teu + cn.a_gc_usd) * q.teu
        co2 = cn.a_co2_t * q.tonnes
        got = cn.cache[key] = (time, price, co2)
    return got


def criterion_scales(cn: CompiledNetwork, q: Query) -> tuple[float, float]:
    """USD per hour and USD per kg CO2e: total price over total time (CO2e) of usable arcs."""
    key = ("scales", q.mask, q.teu, q.tonnes)
    got = cn.cache.get(key)
    if got is None:
        mask = arc_mask(cn, q.mask)
        time, price, co2 = arc_costs(cn, q)
        p = float(price[mask].sum())
        t = float(time[mask].sum())
        c = float(co2[mask].sum())
        got = cn.cache[key] = ((p / t if t > 0 else 1.0), (p / c if c > 0 else 1.0))
    return got


# Bounds depend on the destination, the mask and the cargo, not on the origin or the departure:
# a server answering the same corridors again and again reuses them. Kept per compiled network.
BOUNDS_CACHE_SIZE = 1024


def lower_bounds(cn: CompiledNetwork, q: Query) -> Bounds:
    """Reverse single-source Dijkstra from the destination over the usable arcs, per criterion."""
    key = ("bounds", q.destination, q.mask, q.teu, q.tonnes)
    got = cn.cache.get(key)
    if got is None:
        graphs = _reverse_graphs(cn, q)
        got = Bounds(*(dijkstra(g, directed=True, indices=q.destination).tolist() for g in graphs))
        # deque and dict operations are atomic: server threads may race here and at worst
        # compute one bound twice
        cn.cache[key] = got
        cn.bounds_keys.append(key)
        while len(cn.bounds_keys) > BOUNDS_CACHE_SIZE:
            cn.cache.pop(cn.bounds_keys.popleft(), None)
    assert isinstance(got, Bounds)
    return got


def _reverse_graphs(cn: CompiledNetwork, q: Query) -> list[csr_array]:
    """The usable arcs reversed, weighted by time, price and CO2e (cached per mask and cargo)."""
    key = ("reverse", q.mask, q.teu, q.tonnes)
    got = cn.cache.get(key)
    if got is None:
        mask = arc_mask(cn, q.mask)
        rows = cn.a_to[mask]
        cols = cn.a_from[mask]
        order = np.argsort(rows, kind="stable")
        rows, cols = rows[order], cols[order]
        indptr = np.zeros(cn.n_nodes + 1, dtype=np.int64)
        np.add.at(indptr, rows + 1, 1)
        indptr = np.cumsum(indptr)
        got = cn.cache[key] = [
            csr_array((cost[mask][order], cols, indptr), shape=(cn.n_nodes, cn.n_nodes))
            for cost in arc_costs(cn, q)
        ]
    assert isinstance(got, list)
    return got
