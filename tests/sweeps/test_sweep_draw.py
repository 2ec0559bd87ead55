"""Draws: seeded per run and parameter, distributed as the file says, turned into scenarios."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sweepkit import FULL, PL_BY, make_sweep

from corridors.climate import project
from corridors.errors import InvalidInput
from corridors.scenarios.schema import Close, DemandChange, DwellChange
from corridors.sweeps.draw import draw_values, rng_for, sample, scenario_for
from corridors.sweeps.schema import Choice, LogNormal, Normal, Projection, Triangular, Uniform


def test_run_streams_are_the_children_numpy_spawn_gives() -> None:
    """Draw i of seed s is child i of SeedSequence(s), as ``spawn`` would hand it out."""
    children = np.random.SeedSequence(42).spawn(5)
    for i, child in enumerate(children):
        grandchild = child.spawn(1)[0]  # spawn_key (i, 0)
        ours = np.random.SeedSequence(42, spawn_key=(i, 0))
        assert grandchild.generate_state(4).tolist() == ours.generate_state(4).tolist()
    a = rng_for(42, 3, "caspian_level").random(3)
    b = rng_for(42, 3, "caspian_level").random(3)
    assert a.tolist() == b.tolist()
    assert a.tolist() != rng_for(42, 4, "caspian_level").random(3).tolist()
    assert a.tolist() != rng_for(43, 3, "caspian_level").random(3).tolist()


def test_draws_repeat_and_do_not_depend_on_other_parameters() -> None:
    sweep = make_sweep(**FULL)
    assert draw_values(sweep, 17) == draw_values(sweep, 17)
    assert draw_values(sweep, 17) != draw_values(sweep, 18)
    # the same sweep without the dwell parameter draws the same sea levels and closures
    fewer = make_sweep(**{k: v for k, v in FULL.items() if k != "dwell"})
    for i in range(20):
        a, b = draw_values(sweep, i), draw_values(fewer, i)
        for key in b:
            assert a[key] == b[key]


@settings(max_examples=40, deadline=None)
@given(
    low=st.floats(-35, 5, allow_nan=False),
    width=st.floats(0.01, 10),
    seed=st.integers(0, 2**32),
)
def test_samples_stay_in_their_support(low: float, width: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    high = low + width
    dists = [
        Uniform(dist="uniform", low=low, high=high),
        Triangular(dist="triangular", low=low, mode=low + width / 3, high=high),
        Normal(dist="normal", mean=low + width / 2, sd=width, low=low, high=high),
        Choice(dist="choice", values=[low, high], weights=[1, 3]),
    ]
    for d in dists:
        for _ in range(20):
            assert low <= sample(d, rng) <= high


def test_samples_have_the_moments_of_their_distribution() -> None:
    """10,000 draws: means within 4 standard errors of the exact values."""
    rng = np.random.default_rng(1)
    n = 10_000
    cases = [
        (Uniform(dist="uniform", low=0.8, high=2.0), 1.4, math.sqrt(1.2**2 / 12)),
        (Triangular(dist="triangular", low=0.8, mode=1.0, high=2.0), 3.8 / 3, 0.26),
        (LogNormal(dist="lognormal", median=1.2, sigma=0.2), 1.2 * math.exp(0.02), 0.25),
        (Choice(dist="choice", values=[0.0, 1.0], weights=[1, 3]), 0.75, math.sqrt(0.1875)),
    ]
    for dist, mean, sd in cases:
        x = np.array([sample(dist, rng) for _ in range(n)])
        assert abs(x.mean() - mean) < 4 * sd / math.sqrt(n), dist
    # truncation: a standard normal cut at 0 has mean sqrt(2/pi)
    half = Normal(dist="normal", mean=0.0, sd=1.0, low=0.0)
    x = np.array([sample(half, rng) for _ in range(n)])
    assert x.min() >= 0
    assert abs(x.mean() - math.sqrt(2 / math.pi)) < 4 * 0.6 / math.sqrt(n)


def test_projection_draws_span_the_climate_band() -> None:
    central, low, high = project(2050, "ssp245")
    d = Projection(dist="projection", year=2050, scenario="ssp245")
    x = np.array([sample(d, np.random.default_rng(i)) for i in range(2000)])
    assert low <= x.min() and x.max() <= high
    # triangular(low, central, high) has mean (low + central + high) / 3
    assert abs(x.mean() - (low + central + high) / 3) < 0.05 * (high - low)


def test_closures_happen_with_their_probability() -> None:
    sweep = make_sweep(runs=2000, closures=FULL["closures"])
    closed = [draw_values(sweep, i)["closure.pl-by.closed"] for i in range(2000)]
    # binomial(2000, 0.5): 4 standard deviations is 89
    assert abs(sum(closed) - 1000) < 90
    for i in range(50):
        v = draw_values(sweep, i)
        if v["closure.pl-by.closed"]:
            assert 5 <= v["closure.pl-by.days"] <= 20
            assert dt.date.fromisoformat(str(v["closure.pl-by.start"])).year == 2025
        else:
            assert v["closure.pl-by.days"] == 0 and v["closure.pl-by.start"] == ""


def test_a_draw_becomes_a_scenario_with_the_drawn_changes() -> None:
    sweep = make_sweep(**FULL)
    i = next(i for i in range(50) if draw_values(sweep, i)["closure.pl-by.closed"])
    values = draw_values(sweep, i)
    scenario, origins = scenario_for(sweep, i, values)
    assert scenario.caspian_level == values["caspian_level"]
    assert scenario.dredge == {"aktau": values["dredge.aktau"]}
    dwell, demand_all, demand_titr, close = scenario.changes
    assert isinstance(dwell, DwellChange) and dwell.dwell_factor == values["dwell.cn-kz"]
    assert isinstance(demand_all, DemandChange) and demand_all.series == []
    assert isinstance(demand_titr, DemandChange) and demand_titr.series == ["TITR"]
    assert isinstance(close, Close) and close.borders == PL_BY
    start = dt.date.fromisoformat(str(values["closure.pl-by.start"]))
    assert close.from_ == start
    days = int(values["closure.pl-by.days"])
    assert close.to == min(start + dt.timedelta(days=days), dt.date(2026, 1, 1))
    assert origins == [
        "parameters.dwell[0]",
        "parameters.demand[0]",
        "parameters.demand[1]",
        "parameters.closures[0]",
    ]


def test_an_invalid_drawn_value_names_the_sweep_field() -> None:
    sweep = make_sweep(dwell=[{"borders": ["x"], "factor": {"dist": "normal", "mean": 0, "sd": 1}}])
    i = next(i for i in range(50) if float(draw_values(sweep, i)["dwell.0"]) < 0)
    with pytest.raises(InvalidInput) as err:
        scenario_for(sweep, i, draw_values(sweep, i))
    assert err.value.field == "parameters.dwell[0].factor"
    assert err.value.message.startswith(f"draw {i}: parameters.dwell[0].factor: must be >= 0")
