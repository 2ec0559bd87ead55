"""Replay a found route: deterministically (the legs shown) and by sampling (P50 / P90).

The deterministic replay applies exactly the search's rules (:func:`search.step`), so its totals
equal the search's. The sampled replay draws border dwell from its lognormal, the wait for
frequency-based sailings uniformly over the headway, and computes fixed-weekday waits from each
draw's own arrival time, so a late border makes the box miss the sailing, as it would.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridors.routing.compile import WAIT_FIXED, WAIT_FREQUENCY, CompiledNetwork, FloatArray
from corridors.routing.constraints import Query
from corridors.routing.search import START, Step, step
from corridors.routing.timing import next_departure_waits, sample_dwell

__all__ = ["Replayed", "replay", "sample_transit"]


@dataclass(frozen=True, slots=True)
class Replayed:
    """One arc of a route with its clock: hours since the query's ``t0_h``."""

    arc: int
    step: Step
    start_h: float  # when handling before the arc starts
    depart_h: float  # when the vehicle leaves (after handling and the wait)
    arrive_h: float  # after running and border dwell


def replay(cn: CompiledNetwork, q: Query, arcs: tuple[int, ...]) -> list[Replayed]:
    """The legs of a route as the search costed them."""
    t = cn.node_handling_h[q.origin]
    cls = START
    out: list[Replayed] = []
    for a in arcs:
        s = step(cn, q, t, cls, a)
        if s is None:  # the search never returns such a route
            raise AssertionError(f"arc {cn.link_ids[cn.lst('link')[a]]} not takeable")
        depart = t + s.handling_h + s.wait_h
        arrive = depart + s.run_h + s.dwell_h
        out.append(Replayed(a, s, t, depart, arrive))
        t, cls = arrive, s.cls
    return out


def sample_transit(
    cn: CompiledNetwork, q: Query, legs: list[Replayed], samples: int, seed: int
) -> FloatArray:
    """``samples`` draws of the time (h) from the cargo at the origin node to its release."""
    rng = np.random.default_rng(seed)
    t = np.full(samples, cn.node_handling_h[q.origin])
    for leg in legs:
        a = leg.arc
        t = t + leg.step.handling_h
        wk = cn.lst("wait_kind")[a]
        if wk == WAIT_FREQUENCY:
            t = t + rng.uniform(0.0, cn.lst("headway_h")[a], samples)
        elif wk == WAIT_FIXED:
            t = t + next_departure_waits(q.t0_h + t, cn.a_deps[a])
        t = t + leg.step.run_h
        if cn.lst("border")[a] >= 0:
            t = t + sample_dwell(rng, cn.lst("dwell50")[a], cn.lst("dwell90")[a], samples)
    return np.asarray(t + cn.node_handling_h[q.destination], dtype=np.float64)
