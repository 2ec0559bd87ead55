"""Sailing waits around midnight and week boundaries; dwell distributions; reproducible sampling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridors.network.model import Network
from corridors.routing import RouteRequest, plan_routes
from corridors.routing.explain import _percentiles
from corridors.routing.timing import (
    Z90,
    dwell_parameters,
    epoch_hours,
    next_departure_wait,
    next_departure_waits,
)

from .nets import border, corridor, link, network, node, service

# Departure positions are hours after Monday 00:00 UTC.
MON_0000, SUN_2300 = 0.0, 6 * 24 + 23.0


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> float:
    return epoch_hours(datetime(2026, m, d, h, mi, tzinfo=UTC)) if y == 2026 else 0.0


def test_wait_counts_from_the_actual_arrival() -> None:
    # 2026-11-30 is a Monday. Arriving Sunday 22:00 catches the Sunday 23:00 sailing.
    assert next_departure_wait(at(2026, 12, 6, 22), [SUN_2300]) == pytest.approx(1.0)
    # Arriving Sunday 23:30 just missed it: the next one is a week later.
    assert next_departure_wait(at(2026, 12, 6, 23, 30), [SUN_2300]) == pytest.approx(167.5)
    # Across the week boundary: Sunday 23:30 to Monday 00:00.
    assert next_departure_wait(at(2026, 12, 6, 23, 30), [MON_0000]) == pytest.approx(0.5)
    # Exactly at departure time: caught, no wait.
    assert next_departure_wait(at(2026, 12, 7, 0), [MON_0000]) == 0.0
    # Two sailings a week: the nearer one wins.
    assert next_departure_wait(at(2026, 12, 2, 12), [MON_0000, 3 * 24.0]) == pytest.approx(12.0)


def test_vectorised_waits_match_scalar() -> None:
    rng = np.random.default_rng(1)
    deps = [5.5, 50.0, 150.25]
    t = at(2026, 12, 1) + rng.uniform(0, 400, 500)
    got = next_departure_waits(t, deps)
    want = [next_departure_wait(x, deps) for x in t]
    assert np.allclose(got, want)
    assert got.min() >= 0 and got.max() < 168


def test_local_departure_hour_uses_the_port_country_offset() -> None:
    # A Monday 02:00 sailing in Kazakhstan (UTC+5) leaves Sunday 21:00 UTC.
    nodes = [node("A", "KZ", handling_h=0.0), node("B", "AZ", handling_h=0.0)]
    links = [link("AB", "A", "B", "ferry", km=400)]
    net = network(nodes, links, services=[service("AB", "s", weekdays=(0,), departure_hour=2.0)])
    req = RouteRequest(
        origin="A", destination="B", departure=datetime(2026, 12, 6, 20, 0, tzinfo=UTC), samples=50
    )
    leg = plan_routes(net, req).options[0].legs[0]
    assert leg.depart == datetime(2026, 12, 6, 21, 0, tzinfo=UTC)
    assert leg.wait_h == pytest.approx(1.0)
    # The same instant given in another zone gives the same answer, shown in that zone.
    tz = timezone(timedelta(hours=6))
    req2 = req.model_copy(update={"departure": datetime(2026, 12, 7, 2, 0, tzinfo=tz)})
    leg2 = plan_routes(net, req2).options[0].legs[0]
    assert leg2.depart == leg.depart and leg2.depart.utcoffset() == timedelta(hours=6)


def test_dwell_draws_match_median_and_p90() -> None:
    med, sig = dwell_parameters(np.array([30.0, 5.0, 0.0]), np.array([90.0, 5.0, 40.0]))
    x = med[0] * np.exp(sig[0] * np.random.default_rng(7).standard_normal(200_000))
    assert np.median(x) == pytest.approx(30.0, rel=0.02)
    assert np.percentile(x, 90) == pytest.approx(90.0, rel=0.02)
    assert (med[1], sig[1]) == (5.0, 0.0)  # P90 = median: a fixed dwell
    assert med[2] == pytest.approx(4.0) and med[2] * np.exp(sig[2] * Z90) == pytest.approx(40.0)


def test_sampling_is_reproducible_and_p90_not_below_p50() -> None:
    net = corridor()
    dep = datetime(2026, 12, 1, 8, tzinfo=UTC)
    req = RouteRequest(origin="X", destination="D", departure=dep, seed=42, samples=2000)
    a = plan_routes(net, req)
    b = plan_routes(net, req)
    assert a.model_dump() == b.model_dump()
    for opt in a.options:
        assert opt.transit_p90_h >= opt.transit_p50_h
    c = plan_routes(net, req.model_copy(update={"seed": 43}))
    assert [o.transit_p90_h for o in c.options] != [o.transit_p90_h for o in a.options]


def test_a_late_border_misses_the_sailing_in_the_samples() -> None:
    # A border with a long tail (~16 % of boxes wait > 29 h) just before a weekly ferry:
    # P90 is a week later than P50.
    nodes = [node(n, c, handling_h=0.0) for n, c in (("A", "KZ"), ("B", "KZ"), ("C", "AZ"))]
    links = [link("AB", "A", "B", km=100, speed=50), link("BC", "B", "C", "ferry", km=400)]
    net = network(
        nodes,
        links,
        borders=[border("AB", 2.0, 60.0)],
        services=[service("BC", "weekly", weekdays=(2,), departure_hour=12.0, crossing_h=20.0)],
    )
    # Leave Tuesday 00:00 UTC: the median arrival (04:00 UTC Tue) catches Wednesday 07:00 UTC.
    dep = datetime(2026, 12, 1, 0, tzinfo=UTC)
    opt = plan_routes(
        net, RouteRequest(origin="A", destination="C", departure=dep, samples=4000)
    ).options[0]
    assert opt.transit_p50_h == pytest.approx(31.0 + 20.0, abs=0.01)
    assert opt.transit_p90_h == pytest.approx(31.0 + 168.0 + 20.0, abs=0.01)


def _one_sailing(**kw: object) -> Network:
    nodes = [node("A", "KZ", handling_h=0.0), node("B", "AZ", handling_h=0.0)]
    links = [link("AB", "A", "B", "ferry", km=400)]
    return network(nodes, links, services=[service("AB", "s", crossing_h=20.0, **kw)])


def test_port_queue_draws_match_median_and_p90() -> None:
    # A Tuesday 12:00 (UTC+5) sailing caught on the dot: no timetable wait, so the transit is the
    # crossing plus the lognormal queue, whose median and P90 are the data's.
    net = _one_sailing(weekdays=(1,), departure_hour=12.0, queue_p50_h=24.0, queue_p90_h=96.0)
    dep = datetime(2026, 12, 1, 7, tzinfo=UTC)
    req = RouteRequest(origin="A", destination="B", departure=dep, samples=40_000, seed=3)
    opt = plan_routes(net, req).options[0]
    leg = opt.legs[0]
    assert (leg.wait_h, leg.queue_h, leg.running_h) == (0.0, 24.0, 20.0)
    assert leg.depart == dep + timedelta(hours=24)  # the sailing leaves after the queue
    assert leg.arrive == dep + timedelta(hours=44)
    assert opt.transit_p50_h == pytest.approx(20.0 + 24.0, rel=0.02)
    assert opt.transit_p90_h == pytest.approx(20.0 + 96.0, rel=0.02)


def test_the_search_counts_the_median_queue_after_the_mean_wait() -> None:
    # Frequency-based: mean wait 168 / 3.5 / 2 = 24 h, then the median queue, then the crossing.
    net = _one_sailing(sailings_per_week=3.5, queue_p50_h=30.0, queue_p90_h=30.0)
    dep = datetime(2026, 12, 1, 7, tzinfo=UTC)
    opt = plan_routes(net, RouteRequest(origin="A", destination="B", departure=dep)).options[0]
    leg = opt.legs[0]
    assert (leg.wait_h, leg.queue_h) == (24.0, 30.0)
    assert leg.arrive - dep == timedelta(hours=24 + 30 + 20)
    # P90 = median: a fixed queue; the spread is the uniform wait alone (0..48 h).
    assert opt.transit_p50_h == pytest.approx(30 + 20 + 24, abs=1.5)
    assert opt.transit_p90_h == pytest.approx(30 + 20 + 0.9 * 48, abs=1.5)


def test_a_long_tailed_queue_moves_the_p90_more_than_the_p50() -> None:
    # The Kuryk–Alat figures (66 h median, 312 h P90) on top of a twice-weekly sailing.
    plain = _one_sailing(sailings_per_week=2.0)
    queued = _one_sailing(sailings_per_week=2.0, queue_p50_h=66.0, queue_p90_h=312.0)
    dep = datetime(2026, 12, 1, 7, tzinfo=UTC)
    req = RouteRequest(origin="A", destination="B", departure=dep, samples=4000)
    a = plan_routes(plain, req).options[0]
    b = plan_routes(queued, req).options[0]
    assert a.legs[0].queue_h == 0.0 and b.legs[0].queue_h == 66.0
    assert b.transit_p50_h > a.transit_p50_h + 50
    assert b.transit_p90_h - a.transit_p90_h > b.transit_p50_h - a.transit_p50_h


@given(st.lists(st.floats(0, 1e4), min_size=1, max_size=300))
def test_percentiles_match_numpy(xs: list[float]) -> None:
    x = np.array(xs)
    assert _percentiles(x, 50.0, 90.0) == pytest.approx(list(np.percentile(x, [50, 90])))
