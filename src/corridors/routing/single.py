"""Single best route for weights, and the supported Pareto routes built from it.

``single_best`` takes the scipy fast path when costs are static (no usable fixed-weekday sailing,
or time has no weight) and transshipments are not limited, else the weighted label-setting search.
``supported_paths`` runs it for a simplex grid of weights: every route it returns is Pareto-optimal
(tiny weights on every criterion break ties), and together they are the "supported" part of the
Pareto set (the corners of its convex hull), a sound, fast substitute where the full set explodes.
"""

from __future__ import annotations

from corridors.routing.bounds import criterion_scales, lower_bounds
from corridors.routing.compile import CompiledNetwork
from corridors.routing.constraints import Query, has_fixed_sailings
from corridors.routing.fastpath import fast_single_best
from corridors.routing.replay import Replayed, replay
from corridors.routing.search import Path, weighted_search

__all__ = ["single_best", "supported_paths"]

_TIE = 1e-6  # weight every criterion at least this much (relative), so optima are not dominated


def single_best(
    cn: CompiledNetwork, q: Query, wt: float, wp: float, wc: float
) -> tuple[Path, list[Replayed] | None] | None:
    """The weighted best route (and its replay when the fast path already made it)."""
    static = wt == 0 or not has_fixed_sailings(cn, q.mask)
    if static and q.max_transshipments is None:
        arcs = fast_single_best(cn, q, wt, wp, wc)
        if arcs is None:
            return None
        steps = replay(cn, q, arcs)
        t = (steps[-1].arrive_h if steps else 0.0) + cn.node_handling_h[q.destination]
        price = (cn.node_handling_usd[q.origin] + cn.node_handling_usd[q.destination]) * q.teu
        price += sum(s.step.price_usd + s.step.handling_usd for s in steps)
        co2 = sum(s.step.co2e_kg for s in steps)
        k = sum(s.step.transshipments for s in steps)
        return Path(arcs, t, price, co2, k), steps
    bounds = lower_bounds(cn, q)
    if bounds.time[q.origin] == float("inf"):
        return None
    path = weighted_search(cn, q, bounds, wt, wp, wc)
    return None if path is None else (path, None)


def supported_paths(cn: CompiledNetwork, q: Query, steps: int = 3) -> list[Path]:
    """Non-dominated optima of the weights (i, j, k) / ``steps``, i + j + k = ``steps``."""
    usd_h, usd_kg = criterion_scales(cn, q)
    found: dict[tuple[int, ...], Path] = {}
    for i in range(steps + 1):
        for j in range(steps + 1 - i):
            k = steps - i - j
            w = [max(x / steps, _TIE) for x in (i, j, k)]
            best = single_best(cn, q, w[0] * usd_h, w[1], w[2] * usd_kg)
            if best is not None:
                found.setdefault(best[0].arcs, best[0])
    paths = list(found.values())
    return [
        p
        for p in paths
        if not any(
            o.time_h <= p.time_h
            and o.price_usd <= p.price_usd
            and o.co2e_kg <= p.co2e_kg
            and (o.time_h, o.price_usd, o.co2e_kg) != (p.time_h, p.price_usd, p.co2e_kg)
            for o in paths
        )
    ]
