"""The Caspian Sea level record: sourced rows of different quality, and one value per year.

Levels are metres in the Baltic height system (m BS). Sources disagree by 0.1–0.3 m depending on
which stations they average (whole sea, Kazakh part, one coast), so every row keeps its ``kind``
and ``area`` and the best value for a year is chosen by kind, never by averaging across kinds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from typing import Literal

from corridors.errors import InvalidInput

__all__ = ["KIND_PRIORITY", "LevelKind", "SeaLevelRow", "SeaLevelSeries", "check_level"]

LevelKind = Literal["annual", "derived", "point", "fill"]
"""annual: official annual mean; derived: computed from sourced values (method in the note);
point: a dated observation (week, month, season); fill: a general-knowledge estimate (±0.15 m),
kept only so a plot is continuous."""

KIND_PRIORITY: tuple[LevelKind, ...] = ("annual", "derived", "point", "fill")

# A level outside this range is a typing error (e.g. a missing minus sign), not a scenario.
_LEVEL_RANGE = (-60.0, -15.0)


def check_level(level: float, field: str = "level") -> float:
    """Return ``level`` as float or raise InvalidInput naming the field and the accepted range."""
    lo, hi = _LEVEL_RANGE
    try:
        value = float(level)
    except (TypeError, ValueError):
        raise InvalidInput(
            f"{field} must be a number of metres, got {level!r}",
            hint="Caspian levels are negative metres in the Baltic height system, e.g. -29.2",
            field=field,
        ) from None
    if not math.isfinite(value) or not lo <= value <= hi:
        raise InvalidInput(
            f"{field} {level!r} is outside the accepted range {lo:g} … {hi:g} m",
            hint="Caspian levels are negative metres in the Baltic height system, e.g. -29.2",
            field=field,
        )
    return value


@dataclass(frozen=True, slots=True)
class SeaLevelRow:
    """One sourced value. ``period`` is ``annual`` or the month of a point observation."""

    year: int
    period: str
    level_m: float
    kind: LevelKind
    area: str  # whole, kz_part, kz_coast, n_caspian, middle_caspian, altimetry
    sources: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class SeaLevelSeries:
    """All rows, in year order, with the rules for picking one value per year."""

    rows: tuple[SeaLevelRow, ...]

    def best(
        self, kinds: tuple[LevelKind, ...] = KIND_PRIORITY
    ) -> tuple[tuple[int, float, LevelKind], ...]:
        """One ``(year, level_m, kind)`` per year: the highest-priority kind among ``kinds``.

        Several rows of that kind in one year (e.g. two seasonal observations) are averaged.
        """
        by_year: dict[int, list[SeaLevelRow]] = {}
        for row in self.rows:
            if row.kind in kinds:
                by_year.setdefault(row.year, []).append(row)
        out: list[tuple[int, float, LevelKind]] = []
        for year in sorted(by_year):
            rows = by_year[year]
            kind = min((r.kind for r in rows), key=KIND_PRIORITY.index)
            values = [r.level_m for r in rows if r.kind == kind]
            out.append((year, round(sum(values) / len(values), 4), kind))
        return tuple(out)

    def level_at(self, year: float) -> float:
        """The level in ``year``: the best value, linearly interpolated between years."""
        best = self.best()
        first, last = best[0][0], best[-1][0]
        if not first <= year <= last:
            raise InvalidInput(
                f"year {year!r} is outside the recorded series {first}–{last}",
                hint="use `project(year, scenario)` for future years",
                field="year",
            )
        for (y0, v0, _), (y1, v1, _) in pairwise(best):
            if y0 <= year <= y1:
                return v0 if y1 == y0 else v0 + (v1 - v0) * (year - y0) / (y1 - y0)
        return best[-1][1]

    def latest_annual(self) -> tuple[int, float]:
        """The most recent official annual mean: the baseline ("present") of the projections."""
        annual = self.best(("annual",))
        if not annual:
            raise InvalidInput("the sea-level series has no annual row", field="kind")
        year, level, _ = annual[-1]
        return year, level
