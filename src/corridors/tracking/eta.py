"""ETA of a shipment from its booked plan and its latest actual event. Pure: no I/O.

The plan is a list of legs; each leg gives two milestones, *depart* (from its first node) and
*arrive* (at its last node), with planned times. An actual event at a node is matched to a
milestone (see :func:`advance`); the delay so far is the event time minus that milestone's
planned time, and it is carried forward unchanged over the remaining legs.

The planner's P50 is a sampled median, which can differ from the sum of the legs' median times
(dwell distributions are skewed) and includes unloading at the destination. So:

    ETA P50 = planned arrival of the last leg + delay + destination handling + skew x share
    ETA P90 = ETA P50 + (planned P90 - planned P50) x share

where *skew* is planned P50 minus (last leg's arrival + destination handling), and *share* is
the part of the plan's uncertainty still ahead. Each leg contributes the uncertainty of its
border dwell, (dwell P90 - dwell P50), resolved once the leg has arrived, and of its wait for a
sailing (about 0.8 x the planned mean wait, the P90-P50 gap of a uniform wait) and of its port
queue (queue P90 - P50), both resolved once the leg has departed; they combine in quadrature,
as independent spreads do. Without any such leg the share is the part of the planned time still
ahead. At booking (share 1, delay 0) this is exactly the plan; on arrival (share 0) both
quantiles are the arrival time plus unloading.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal

from corridors.tracking.vocabulary import Phase

__all__ = ["Estimate", "Milestone", "Plan", "PlannedLeg", "advance", "start"]

WAIT_SPREAD = 0.8  # (P90 - P50) / mean of a wait uniform over the headway: (0.9 - 0.5) / 0.5


@dataclass(frozen=True, slots=True)
class PlannedLeg:
    from_id: str
    to_id: str
    depart: datetime
    arrive: datetime
    wait_h: float = 0.0
    dwell_h: float = 0.0
    dwell_p90_h: float = 0.0
    queue_h: float = 0.0  # port queue before the sailing leaves (part of the planned departure)
    queue_p90_h: float = 0.0
    border: str | None = None


@dataclass(frozen=True, slots=True)
class Milestone:
    index: int
    kind: Literal["depart", "arrive"]
    node_id: str
    leg_seq: int
    planned: datetime
    border: str | None


@dataclass(frozen=True)
class Plan:
    legs: Sequence[PlannedLeg]
    depart: datetime
    arrival_p50: datetime
    arrival_p90: datetime
    destination_handling_h: float = 0.0
    milestones: list[Milestone] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        out: list[Milestone] = []
        for i, leg in enumerate(self.legs):
            out.append(Milestone(2 * i, "depart", leg.from_id, i, leg.depart, leg.border))
            out.append(Milestone(2 * i + 1, "arrive", leg.to_id, i, leg.arrive, leg.border))
        object.__setattr__(self, "milestones", out)

    @property
    def origin(self) -> str:
        return self.legs[0].from_id

    @property
    def destination(self) -> str:
        return self.legs[-1].to_id


@dataclass(frozen=True, slots=True)
class Estimate:
    eta_p50: datetime
    eta_p90: datetime
    delay_h: float  # delay at the last matched milestone (ETA P50 - planned P50 until arrival)
    milestone: int  # last milestone passed; -1 = not yet departed from the origin
    arrived: bool = False


def _hours(delta: timedelta) -> float:
    return delta.total_seconds() / 3600.0


def start(plan: Plan) -> Estimate:
    """The estimate at booking: exactly the plan."""
    return Estimate(plan.arrival_p50, plan.arrival_p90, 0.0, -1)


def _match(plan: Plan, node_id: str, phase: Phase, current: int) -> int | None:
    """Milestone index an event at ``node_id`` corresponds to; -1 = at the origin, not departed.

    Candidates are the milestones at that node of the kind the phase implies; the first one at
    or after the current milestone wins (routes may pass a node twice), else the last before.
    """
    ms = plan.milestones
    last = len(ms) - 1
    if phase == "departure":
        cands = [m.index for m in ms if m.kind == "depart" and m.node_id == node_id]
        if not cands and node_id == plan.destination:
            cands = [last]  # e.g. gate-out at the destination terminal: already arrived
    else:  # arrival, or something happening while at the node
        cands = [m.index for m in ms if m.kind == "arrive" and m.node_id == node_id]
        if not cands and node_id == plan.origin:
            return -1
    if not cands:
        return None
    ahead = [c for c in cands if c >= current]
    return ahead[0] if ahead else cands[-1]


def _spread_share(plan: Plan, milestone: int) -> float:
    """Share of the plan's P90-P50 spread still ahead after ``milestone``."""
    total = 0.0
    ahead = 0.0
    for i, leg in enumerate(plan.legs):
        w_wait = (WAIT_SPREAD * leg.wait_h) ** 2 + max(0.0, leg.queue_p90_h - leg.queue_h) ** 2
        w_dwell = max(0.0, leg.dwell_p90_h - leg.dwell_h) ** 2
        total += w_wait + w_dwell
        if milestone < 2 * i:
            ahead += w_wait
        if milestone < 2 * i + 1:
            ahead += w_dwell
    if total > 0:
        return math.sqrt(ahead / total)
    span = _hours(plan.arrival_p50 - plan.depart)
    if span <= 0:
        return 0.0
    reached = plan.depart if milestone < 0 else plan.milestones[milestone].planned
    return max(0.0, min(1.0, _hours(plan.arrival_p50 - reached) / span))


def advance(
    plan: Plan, current: Estimate, node_id: str, phase: Phase, when: datetime
) -> Estimate | None:
    """The estimate after an actual event, or None when ``node_id`` is not on the route."""
    ms = plan.milestones
    m = _match(plan, node_id, phase, current.milestone)
    if m is None:
        return None
    last = len(ms) - 1
    if m == last:
        # Reached the destination (or something happened there, which implies it had).
        done = when + timedelta(hours=plan.destination_handling_h)
        return Estimate(done, done, _hours(when - ms[last].planned), last, arrived=True)
    if m == -1:
        delay = max(current.delay_h, _hours(when - ms[0].planned))
        milestone = -1
    elif phase == "at" and ms[m].kind == "arrive":
        # At a node between arriving and departing: the departure can be no earlier than now.
        delay = max(current.delay_h, _hours(when - ms[m + 1].planned))
        milestone = m
    else:
        delay = _hours(when - ms[m].planned)
        milestone = m
    return _estimate(plan, delay, milestone)


def _estimate(plan: Plan, delay: float, milestone: int) -> Estimate:
    share = _spread_share(plan, milestone)
    finish = plan.legs[-1].arrive + timedelta(hours=plan.destination_handling_h)
    skew = _hours(plan.arrival_p50 - finish)
    p50 = finish + timedelta(hours=delay + skew * share)
    spread = max(0.0, _hours(plan.arrival_p90 - plan.arrival_p50)) * share
    return Estimate(p50, p50 + timedelta(hours=spread), delay, milestone)
