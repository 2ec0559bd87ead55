"""Replay a found route: deterministically (the legs shown) and by sampling (P50 / P90).

The deterministic replay applies exactly the search's rules (:func:`search.step`), so its totals
equal the search's. The sampled replay draws border dwell and port queues from their lognormals,
the wait for frequency-based sailings uniformly over the headway, and computes fixed-weekday waits
from each draw's own arrival time, so a late border makes the box miss the sailing, as it would.
A port queue comes after the timetable wait (the sailing leaves late), as in the search, so it
never changes which fixed sailing a box catches and every arc stays FIFO.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridors.routing.compile import WAIT_FIXED, WAIT_FREQUENCY, CompiledNetwork, FloatArray
from corridors.routing.constraints import Query
from corridors.routing.search import START, Step, step
from corridors.routing.timing import dwell_parameters, next_departure_waits

__all__ = ["Replayed", "replay", "sample_transit"]


@dataclass(frozen=True, slots=True)
class Replayed:
    """One arc of a route with its clock: hours since the query's ``t0_h``."""

    arc: int
    step: Step
    start_h: float  # when handling before the arc starts
    depart_h: float  # when the vehicle leaves (after handling, the wait and the port queue)
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
        depart = t + s.handling_h + s.wait_h + s.queue_h
        arrive = depart + s.run_h + s.dwell_h
        out.append(Replayed(a, s, t, depart, arrive))
        t, cls = arrive, s.cls
    return out


def sample_transit(
    cn: CompiledNetwork, q: Query, legs: list[Replayed], samples: int, seed: int
) -> FloatArray:
    """``samples`` draws of the time (h) from the cargo at the origin node to its release.

    All draws are taken at once (one uniform matrix for frequency waits, one normal matrix for
    border dwell, one for port queues); only fixed-weekday sailings, whose wait depends on each
    draw's arrival time, are stepped through one by one.
    """
    rng = np.random.default_rng(seed)
    wait_kind, headway, border = cn.lst("wait_kind"), cn.lst("headway_h"), cn.lst("border")
    d50, d90 = cn.lst("dwell50"), cn.lst("dwell90")
    q50, q90 = cn.lst("queue50"), cn.lst("queue90")
    arcs = [leg.arc for leg in legs]
    handling = np.array([leg.step.handling_h for leg in legs], dtype=np.float64)
    inc = np.repeat((handling + [leg.step.run_h for leg in legs])[:, None], samples, axis=1)
    freq = [i for i, a in enumerate(arcs) if wait_kind[a] == WAIT_FREQUENCY]
    if freq:
        heads = np.array([headway[arcs[i]] for i in freq])
        inc[freq] += rng.uniform(0.0, 1.0, (len(freq), samples)) * heads[:, None]
    dwelling = [i for i, a in enumerate(arcs) if border[a] >= 0 and d90[a] > 0.0]
    if dwelling:
        med, sig = dwell_parameters(
            np.array([d50[arcs[i]] for i in dwelling]), np.array([d90[arcs[i]] for i in dwelling])
        )
        inc[dwelling] += med[:, None] * np.exp(
            sig[:, None] * rng.standard_normal((len(dwelling), samples))
        )
    queued = [i for i, a in enumerate(arcs) if q90[a] > 0.0]
    if queued:
        med, sig = dwell_parameters(
            np.array([q50[arcs[i]] for i in queued]), np.array([q90[arcs[i]] for i in queued])
        )
        inc[queued] += med[:, None] * np.exp(
            sig[:, None] * rng.standard_normal((len(queued), samples))
        )
    t = np.full(samples, cn.node_handling_h[q.origin])
    done = 0
    for i, a in enumerate(arcs):
        if wait_kind[a] == WAIT_FIXED:
            t = t + inc[done:i].sum(axis=0) + handling[i]
            t = t + next_departure_waits(q.t0_h + t, cn.a_deps[a]) + (inc[i] - handling[i])
            done = i + 1
    t = t + inc[done:].sum(axis=0)
    return np.asarray(t + cn.node_handling_h[q.destination], dtype=np.float64)
