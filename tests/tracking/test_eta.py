"""The ETA model on a hand-made plan: exact values, and properties over random delays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridors.tracking.eta import Plan, PlannedLeg, advance, start

T0 = datetime(2026, 5, 4, 0, 0, tzinfo=UTC)


def h(x: float) -> datetime:
    return T0 + timedelta(hours=x)


# A -> B (rail, 10 h) -> C (border, dwell P50 4 / P90 16, 1 h running) -> D (ferry: waits 20 h,
# sails 10 h). Planned P50 = 45 h; the planner's P50 is 50 h (skewed dwell + 2 h unloading at D).
LEGS = [
    PlannedLeg("A", "B", h(0), h(10)),
    PlannedLeg("B", "C", h(10), h(15), dwell_h=4, dwell_p90_h=16, border="B-C"),
    PlannedLeg("C", "D", h(35), h(45), wait_h=20),
]
PLAN = Plan(LEGS, depart=h(0), arrival_p50=h(50), arrival_p90=h(70), destination_handling_h=2)
W_DWELL, W_WAIT = 12.0**2, (0.8 * 20) ** 2


def test_start_is_the_plan() -> None:
    e = start(PLAN)
    assert (e.eta_p50, e.eta_p90, e.delay_h, e.milestone) == (h(50), h(70), 0, -1)


def test_on_time_departure_reproduces_the_plan() -> None:
    e = advance(PLAN, start(PLAN), "A", "departure", h(0))
    assert e is not None
    assert (e.eta_p50, e.eta_p90, e.milestone) == (h(50), h(70), 0)


def test_late_arrival_after_border_carries_delay_and_shrinks_spread() -> None:
    e = advance(PLAN, start(PLAN), "C", "arrival", h(18))  # planned 15: 3 h late
    assert e is not None and e.milestone == 3 and e.delay_h == 3
    share = (W_WAIT / (W_WAIT + W_DWELL)) ** 0.5
    skew = 50 - (45 + 2)
    assert e.eta_p50 == h(45 + 3 + 2 + skew * share)
    assert e.eta_p90 - e.eta_p50 == timedelta(hours=20 * share)


def test_after_the_last_departure_only_unloading_remains() -> None:
    e = advance(PLAN, start(PLAN), "C", "departure", h(36))
    assert e is not None
    assert e.eta_p50 == e.eta_p90 == h(45 + 1 + 2)


def test_waiting_at_a_node_past_planned_departure_is_delay() -> None:
    arrived = advance(PLAN, start(PLAN), "B", "arrival", h(10))
    assert arrived is not None and arrived.delay_h == 0
    held = advance(PLAN, arrived, "B", "at", h(14))  # planned to leave B at 10
    assert held is not None and held.delay_h == 4 and held.milestone == 1
    early_release = advance(PLAN, arrived, "B", "at", h(9))
    assert early_release is not None and early_release.delay_h == 0


def test_at_origin_before_departure() -> None:
    e = advance(PLAN, start(PLAN), "A", "arrival", h(-5))  # gate-in at origin, early
    assert e is not None and e.milestone == -1 and e.delay_h == 0
    e = advance(PLAN, start(PLAN), "A", "at", h(3))  # still loading 3 h after planned departure
    assert e is not None and e.delay_h == 3


def test_arrival_at_destination() -> None:
    e = advance(PLAN, start(PLAN), "D", "arrival", h(47))
    assert e is not None and e.arrived
    assert e.eta_p50 == e.eta_p90 == h(49)
    assert e.delay_h == 2


def test_off_route() -> None:
    assert advance(PLAN, start(PLAN), "X", "arrival", h(5)) is None


def test_loop_routes_match_forward() -> None:
    legs = [
        PlannedLeg("A", "B", h(0), h(1)),
        PlannedLeg("B", "A", h(1), h(2)),
        PlannedLeg("A", "C", h(2), h(3)),
    ]
    plan = Plan(legs, h(0), h(3), h(3))
    e = advance(plan, start(plan), "B", "arrival", h(1))
    assert e is not None and e.milestone == 1
    e = advance(plan, e, "A", "departure", h(2))
    assert e is not None and e.milestone == 4  # the second departure from A, not the first


milestones = st.sampled_from(
    [("A", "departure"), ("B", "arrival"), ("B", "departure"), ("C", "arrival"),
     ("C", "departure")]
)  # fmt: skip


@given(milestones, st.floats(-20, 200))
def test_eta_moves_with_the_delay(m: tuple[str, str], late: float) -> None:
    node, phase = m
    planned = {("A", "departure"): 0, ("B", "arrival"): 10, ("B", "departure"): 10,
               ("C", "arrival"): 15, ("C", "departure"): 35}[m]  # fmt: skip
    on_time = advance(PLAN, start(PLAN), node, phase, h(planned))  # type: ignore[arg-type]
    late_e = advance(PLAN, start(PLAN), node, phase, h(planned + late))  # type: ignore[arg-type]
    assert on_time is not None and late_e is not None
    shift = (late_e.eta_p50 - on_time.eta_p50).total_seconds() / 3600
    assert shift == pytest.approx(late, abs=1e-6)
    assert late_e.eta_p90 >= late_e.eta_p50
    assert late_e.eta_p90 - late_e.eta_p50 == on_time.eta_p90 - on_time.eta_p50


def test_spread_never_grows_along_the_route() -> None:
    seq = [("A", "departure", 0), ("B", "arrival", 10), ("B", "departure", 10),
           ("C", "arrival", 15), ("C", "departure", 35), ("D", "arrival", 45)]  # fmt: skip
    e = start(PLAN)
    spreads = [e.eta_p90 - e.eta_p50]
    for node, phase, t in seq:
        nxt = advance(PLAN, e, node, phase, h(t))  # type: ignore[arg-type]
        assert nxt is not None
        e = nxt
        spreads.append(e.eta_p90 - e.eta_p50)
    assert spreads == sorted(spreads, reverse=True)
    assert spreads[-1] == timedelta(0)


def test_a_port_queue_counts_in_the_spread_until_the_ferry_leaves() -> None:
    # The ferry leg also queues (median 30 h, P90 90 h): before it leaves, its queue is most of
    # the plan's uncertainty; once it has left, none of the spread is left.
    legs = [*LEGS[:2], PlannedLeg("C", "D", h(65), h(75), wait_h=20, queue_h=30, queue_p90_h=90)]
    plan = Plan(legs, depart=h(0), arrival_p50=h(80), arrival_p90=h(150), destination_handling_h=2)
    e = advance(plan, start(plan), "C", "arrival", h(15))  # on time, border behind
    assert e is not None
    w_queue = 60.0**2
    share = ((W_WAIT + w_queue) / (W_WAIT + w_queue + W_DWELL)) ** 0.5
    assert (e.eta_p90 - e.eta_p50).total_seconds() / 3600 == pytest.approx(70 * share)
    assert share > 0.95  # without the queue it would be (W_WAIT / (W_WAIT + W_DWELL)) ** 0.5
    gone = advance(plan, e, "C", "departure", h(65))
    assert gone is not None and gone.eta_p50 == gone.eta_p90
