"""The time model: sailing waits, border-dwell and port-queue distributions.

Times inside the planner are hours since the Unix epoch (UTC), as floats; the search works in hours
since departure and adds the departure epoch only where a timetable is read.

Fixed-weekday sailings leave at ``departure_hour`` local time of the departure port. Local time is
the country's standard UTC offset from :data:`UTC_OFFSET_H` (general knowledge, daylight saving
ignored, so a European or Iranian summer departure may be off by one hour); a country not in the
table uses its longitude / 15. Frequency-based services are modelled as evenly spaced departures of
unknown phase: the wait is uniform over the headway (the search uses its mean, headway / 2).

Border dwell and a sailing's port queue are lognormal, fitted so their median and 90th percentile
equal the data's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import numpy as np
import numpy.typing as npt

__all__ = [
    "UTC_OFFSET_H",
    "Z90",
    "dwell_parameters",
    "epoch_hours",
    "next_departure_wait",
    "next_departure_waits",
    "utc_offset_h",
]

FloatArray = npt.NDArray[np.float64]

# Standard-time UTC offsets (hours) of the corridor countries. GK: general knowledge, unverified;
# RU uses Moscow time (Astrakhan is UTC+4, one hour more); KZ unified to UTC+5 in March 2024.
UTC_OFFSET_H: dict[str, float] = {
    "AF": 4.5, "AM": 4.0, "AT": 1.0, "AZ": 4.0, "BE": 1.0, "BG": 2.0, "BY": 3.0, "CH": 1.0,
    "CN": 8.0, "CZ": 1.0, "DE": 1.0, "ES": 1.0, "FR": 1.0, "GE": 4.0, "GR": 2.0, "HU": 1.0,
    "IN": 5.5, "IR": 3.5, "IT": 1.0, "KG": 6.0, "KZ": 5.0, "LT": 2.0, "LV": 2.0, "MN": 8.0,
    "NL": 1.0, "PK": 5.0, "PL": 1.0, "RO": 2.0, "RS": 1.0, "RU": 3.0, "SK": 1.0, "TJ": 5.0,
    "TM": 5.0, "TR": 3.0, "UA": 2.0, "UZ": 5.0,
}  # fmt: skip

WEEK_H = 168.0
# The Unix epoch (1970-01-01) was a Thursday: the first Monday 00:00 UTC is 96 h later.
_MONDAY_EPOCH_H = 96.0
_CATCH_EPS = 1e-9  # hours
Z90 = 1.2815515655446004  # standard normal 90th percentile


def utc_offset_h(country: str, lon: float | None = None) -> float:
    """Standard UTC offset of a country; falls back to solar time from the longitude."""
    if country in UTC_OFFSET_H:
        return UTC_OFFSET_H[country]
    return round(lon / 15.0) if lon is not None else 0.0


def epoch_hours(when: datetime) -> float:
    """Hours since the Unix epoch of an aware datetime."""
    return when.timestamp() / 3600.0


def next_departure_wait(t_epoch_h: float, deps: Sequence[float]) -> float:
    """Hours from ``t_epoch_h`` to the next departure; ``deps`` are sorted UTC-week positions.

    A sailing leaving at the arrival time (within ``_CATCH_EPS``, far below the microsecond
    resolution of timestamps) is caught with wait 0. The wait is below one week.
    """
    pos = (t_epoch_h - _MONDAY_EPOCH_H) % WEEK_H
    for d in deps:
        if d >= pos - _CATCH_EPS:
            return max(d - pos, 0.0)
    return deps[0] + WEEK_H - pos


def next_departure_waits(t_epoch_h: FloatArray, deps: Sequence[float]) -> FloatArray:
    """Vectorised :func:`next_departure_wait` over an array of arrival times."""
    pos = np.mod(t_epoch_h - _MONDAY_EPOCH_H, WEEK_H)
    d = np.asarray(deps, dtype=np.float64)
    waits = np.mod(d[None, :] - pos[:, None] + _CATCH_EPS, WEEK_H) - _CATCH_EPS
    return np.asarray(np.maximum(waits.min(axis=1), 0.0), dtype=np.float64)


def dwell_parameters(p50: FloatArray, p90: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Median and sigma of a lognormal border dwell or port queue, per element with a positive P90.

    A zero median (usually nil, sometimes long) becomes a tenth of the P90, so the tail is
    kept; a P90 not above the median gives sigma 0, a fixed time.
    """
    median = np.where(p50 > 0.0, p50, p90 / 10.0)
    ratio = np.maximum(p90 / median, 1.0)
    return median, np.log(ratio) / Z90
