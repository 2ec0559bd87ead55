"""One level per year, chosen by kind; interpolation between years; level validation."""

from __future__ import annotations

import pytest

from corridors.climate import SeaLevelRow, SeaLevelSeries, bundled_model, level_at
from corridors.climate.sealevel import check_level
from corridors.errors import InvalidInput


def _row(year: int, level: float, kind: str, period: str = "annual") -> SeaLevelRow:
    return SeaLevelRow(year, period, level, kind, "whole", ("x",))  # type: ignore[arg-type]


def test_official_annual_mean_beats_a_derived_value_of_the_same_year() -> None:
    best = dict((y, (v, k)) for y, v, k in bundled_model().series.best())
    assert best[2024] == (-29.20, "annual")  # not the derived -29.40 of the AZ series
    assert best[2021] == (-28.44, "derived")  # not the July point observations
    assert best[2023] == (pytest.approx(-28.99), "point")  # mean of July and November


def test_kind_priority_and_averaging_within_a_kind() -> None:
    series = SeaLevelSeries(
        (
            _row(2000, -27.0, "fill"),
            _row(2000, -27.5, "point", "2000-05"),
            _row(2000, -27.7, "point", "2000-09"),
            _row(2001, -28.0, "fill"),
        )
    )
    assert series.best() == ((2000, -27.6, "point"), (2001, -28.0, "fill"))
    assert series.best(("fill",)) == ((2000, -27.0, "fill"), (2001, -28.0, "fill"))


def test_level_at_interpolates_between_recorded_years() -> None:
    assert level_at(2020) == -28.23
    # 2015 fill (-27.6) and 2018 derived (-28.06): two thirds of the way in 2017.
    assert level_at(2017) == pytest.approx(-27.6 + 2 / 3 * (-28.06 + 27.6))


@pytest.mark.parametrize("year", [1850, 2031])
def test_level_at_outside_the_record_is_refused(year: int) -> None:
    with pytest.raises(InvalidInput) as err:
        level_at(year)
    assert err.value.field == "year"


def test_latest_annual_is_the_2024_kazakh_part_mean() -> None:
    assert bundled_model().series.latest_annual() == (2024, -29.20)


@pytest.mark.parametrize("bad", [30.5, float("nan"), "deep", -100.0])
def test_bad_levels_name_the_field_and_the_range(bad: object) -> None:
    with pytest.raises(InvalidInput) as err:
        check_level(bad, "caspian_level")  # type: ignore[arg-type]
    assert err.value.field == "caspian_level"
    assert err.value.hint and "-29.2" in err.value.hint
