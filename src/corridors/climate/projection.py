"""Sea-level projections: the recent trend extrapolated, and the published ranges for 2100.

Two kinds of scenario answer "what level in year Y?":

- ``trend``: an ordinary least-squares line through the best annual values (official annual means
  and derived values; never point observations or fills) over a stated window, default
  2006–2024, the current decline. The band is the 90% prediction interval of one year's level.
- published ranges (``ssp245``, ``ssp585``, ``prange2020``): a change by 2100 relative to
  "present" with a low–high range. Present is the latest official annual mean (2024, -29.20 m,
  Kazakh part). Between present and 2100 the change, its low and its high are interpolated
  linearly in time, starting from zero width at present.

``low`` and ``high`` are always sea levels (m BS) with ``low <= central <= high``: ``low`` is the
deeper fall.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from numbers import Real
from typing import Literal, NamedTuple

import numpy as np
from scipy.special import stdtrit

from corridors.climate.sealevel import SeaLevelSeries
from corridors.errors import InvalidInput

__all__ = [
    "DEFAULT_TREND_WINDOW",
    "HORIZON_YEAR",
    "Projection",
    "PublishedRange",
    "TrendFit",
    "fit_trend",
    "project_with",
]

DEFAULT_TREND_WINDOW = (2006, 2024)
HORIZON_YEAR = 2100
TREND_BAND = 0.90  # coverage of the trend's prediction interval


class Projection(NamedTuple):
    """A projected level (m BS) and its band; unpacks as ``central, low, high``."""

    central: float
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class PublishedRange:
    """A published projection. ``basis`` ``change`` is metres versus present; ``level`` is m BS.

    ``kind`` ``scenario`` can be projected; ``reference`` rows (outdated or weak figures) are only
    shown on the chart for comparison.
    """

    id: str
    name: str
    kind: Literal["scenario", "reference"]
    year: int
    central_m: float
    low_m: float
    high_m: float
    basis: Literal["change", "level"]
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class TrendFit:
    """The least-squares line ``level = intercept + slope * (year - year0)`` and its statistics."""

    window: tuple[int, int]
    years: tuple[int, ...]
    levels: tuple[float, ...]
    slope_m_per_yr: float
    intercept_m: float
    year0: float
    residual_sd_m: float
    sxx: float

    def predict(self, year: float, coverage: float = TREND_BAND) -> Projection:
        """Central value and the prediction interval of one year's level at ``year``."""
        n = len(self.years)
        central = self.intercept_m + self.slope_m_per_yr * (year - self.year0)
        t = float(stdtrit(n - 2, 0.5 + coverage / 2))  # Student-t quantile
        half = t * self.residual_sd_m * math.sqrt(1 + 1 / n + (year - self.year0) ** 2 / self.sxx)
        return Projection(central, central - half, central + half)


def fit_trend(series: SeaLevelSeries, window: tuple[int, int] = DEFAULT_TREND_WINDOW) -> TrendFit:
    """Fit the linear trend over ``window`` (inclusive) to annual and derived values only."""
    start, end = window
    if start >= end:
        raise InvalidInput(f"trend window {start}–{end} must start before it ends", field="window")
    points = [(y, v) for y, v, _ in series.best(("annual", "derived")) if start <= y <= end]
    if len(points) < 3:
        raise InvalidInput(
            f"trend window {start}–{end} holds {len(points)} annual values; at least 3 are needed",
            hint="annual and derived values exist for "
            + ", ".join(str(y) for y, _, _ in series.best(("annual", "derived"))),
            field="window",
        )
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    year0 = float(x.mean())
    sxx = float(((x - year0) ** 2).sum())
    slope = float(((x - year0) * (y - y.mean())).sum() / sxx)
    intercept = float(y.mean())
    resid = y - (intercept + slope * (x - year0))
    sd = float(math.sqrt((resid**2).sum() / (len(x) - 2)))
    return TrendFit(
        window=(start, end),
        years=tuple(int(v) for v in x),
        levels=tuple(float(v) for v in y),
        slope_m_per_yr=slope,
        intercept_m=intercept,
        year0=year0,
        residual_sd_m=sd,
        sxx=sxx,
    )


def project_with(
    series: SeaLevelSeries,
    published: tuple[PublishedRange, ...],
    year: float,
    scenario: str,
    window: tuple[int, int] = DEFAULT_TREND_WINDOW,
) -> Projection:
    """Project ``year`` under ``scenario`` from explicit data (see the module docstring)."""
    base_year, base_level = series.latest_annual()
    scenarios = {p.id: p for p in published if p.kind == "scenario"}
    key = scenario.strip().lower()
    if key != "trend" and key not in scenarios:
        raise InvalidInput(
            f"scenario {scenario!r} is not known",
            hint="accepted: " + ", ".join(["trend", *scenarios]),
            field="scenario",
        )
    if not (isinstance(year, Real) and math.isfinite(year)) or not (
        base_year <= year <= HORIZON_YEAR
    ):
        raise InvalidInput(
            f"year {year!r} is outside the projection range {base_year}–{HORIZON_YEAR}",
            hint="past years are in the series (`corridors caspian series`)",
            field="year",
        )
    if key == "trend":
        return fit_trend(series, window).predict(year)
    p = scenarios[key]
    share = (year - base_year) / (p.year - base_year)

    def at(value: float) -> float:
        end = base_level + value if p.basis == "change" else value
        return base_level + (end - base_level) * share

    return Projection(at(p.central_m), at(p.low_m), at(p.high_m))
