"""Trend extrapolation with its prediction band, and the published 2100 ranges interpolated."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from corridors.climate import SeaLevelRow, SeaLevelSeries, bundled_model, fit_trend, project
from corridors.errors import InvalidInput

BASE_YEAR, BASE_LEVEL = 2024, -29.20


def test_trend_matches_numpy_least_squares_over_the_default_window() -> None:
    best = [(y, v) for y, v, k in bundled_model().series.best() if k in ("annual", "derived")]
    points = [(y, v) for y, v in best if 2006 <= y <= 2024]
    slope, intercept = np.polyfit([p[0] for p in points], [p[1] for p in points], 1)
    fit = fit_trend(bundled_model().series)
    assert fit.years == (2006, 2014, 2018, 2019, 2020, 2021, 2024)
    assert fit.slope_m_per_yr == pytest.approx(slope)
    assert project(2050, "trend").central == pytest.approx(intercept + slope * 2050)


def test_trend_ignores_fills_and_point_observations() -> None:
    fit = fit_trend(bundled_model().series, (2000, 2026))
    assert 2000 not in fit.years and 2010 not in fit.years  # fills
    assert 2023 not in fit.years and 2025 not in fit.years  # point observations only


def test_prediction_band_covers_about_90_percent_of_new_years() -> None:
    """Oracle: simulate a known line with noise; the 90% band must hold ~90% of fresh draws."""
    rng = np.random.default_rng(7)
    years = list(range(2000, 2015))
    hits = trials = 0
    for _ in range(400):
        levels = -27.0 - 0.1 * (np.array(years) - 2000) + rng.normal(0, 0.2, len(years))
        rows = tuple(
            SeaLevelRow(y, "annual", float(v), "annual", "whole", ("x",))
            for y, v in zip(years, levels, strict=True)
        )
        _, low, high = fit_trend(SeaLevelSeries(rows), (2000, 2014)).predict(2030)
        truth = -27.0 - 0.1 * 30 + rng.normal(0, 0.2)
        hits += low <= truth <= high
        trials += 1
    assert 0.85 <= hits / trials <= 0.95


def test_published_scenarios_reach_the_paper_values_in_2100() -> None:
    # Samant & Prange 2023: -8 m (2-15) SSP2-4.5, -14 m (11-21) SSP5-8.5 by 2100 vs present.
    assert project(2100, "ssp245") == pytest.approx(
        (BASE_LEVEL - 8, BASE_LEVEL - 15, BASE_LEVEL - 2)
    )
    assert project(2100, "ssp585") == pytest.approx(
        (BASE_LEVEL - 14, BASE_LEVEL - 21, BASE_LEVEL - 11)
    )
    # Prange et al. 2020: -9 to -18 m.
    assert project(2100, "PRANGE2020")[1:] == pytest.approx((BASE_LEVEL - 18, BASE_LEVEL - 9))


def test_published_scenarios_are_linear_from_present() -> None:
    share = (2050 - BASE_YEAR) / (2100 - BASE_YEAR)
    assert project(2050, "ssp585").central == pytest.approx(BASE_LEVEL - 14 * share)
    assert project(BASE_YEAR, "ssp585") == pytest.approx((BASE_LEVEL,) * 3)


@given(
    year=st.floats(min_value=BASE_YEAR, max_value=2100),
    scenario=st.sampled_from(["trend", "ssp245", "ssp585", "prange2020"]),
)
def test_band_is_ordered(year: float, scenario: str) -> None:
    central, low, high = project(year, scenario)
    assert low <= central <= high


@given(
    a=st.floats(min_value=BASE_YEAR, max_value=2100),
    b=st.floats(min_value=BASE_YEAR, max_value=2100),
    scenario=st.sampled_from(["ssp245", "ssp585", "prange2020", "trend"]),
)
def test_every_scenario_falls_over_time(a: float, b: float, scenario: str) -> None:
    early, late = sorted((a, b))
    assert project(late, scenario).central <= project(early, scenario).central + 1e-9


@pytest.mark.parametrize(
    ("year", "scenario", "field"),
    [(2050, "rcp85", "scenario"), (2010, "ssp245", "year"), (2150, "trend", "year")],
)
def test_bad_projection_requests(year: int, scenario: str, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        project(year, scenario)
    assert err.value.field == field


def test_unknown_scenario_lists_the_accepted_ones() -> None:
    with pytest.raises(InvalidInput) as err:
        project(2050, "rcp85")
    assert err.value.hint == "accepted: trend, ssp245, ssp585, prange2020"


def test_a_window_without_enough_annual_values_is_refused() -> None:
    with pytest.raises(InvalidInput) as err:
        project(2050, "trend", window=(2022, 2024))
    assert err.value.field == "window"
