"""The Caspian page's data: sea-level record, projection bands and the capacity table.

Everything is computed by ``corridors.climate``; this module only picks what the page shows
(the chart's series, the table at the chosen level) and turns user input into a level.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from corridors.climate import bundled_model, capacity_table, project
from corridors.climate.projection import HORIZON_YEAR
from corridors.climate.sealevel import check_level
from corridors.errors import CorridorsError

__all__ = ["caspian_view"]

PROJECTION_STEP = 2  # years between projected points on the chart


def _scenarios() -> list[tuple[str, str]]:
    model = bundled_model()
    named = [(p.id, p.name) for p in model.published if p.kind == "scenario"]
    return [("trend", "trend"), *named]


def _projections(base_year: int) -> list[dict[str, Any]]:
    years = [*range(base_year, HORIZON_YEAR, PROJECTION_STEP), HORIZON_YEAR]
    out = []
    for sid, name in _scenarios():
        points = [project(y, sid) for y in years]
        out.append(
            {
                "id": sid,
                "name": name,
                "years": years,
                "central": [p.central for p in points],
                "low": [p.low for p in points],
                "high": [p.high for p in points],
            }
        )
    return out


def caspian_view(level_text: str | None, lang: str) -> dict[str, Any]:
    """What the page shows; ``level_text`` is the user's level (m, Baltic system) or empty."""
    model = bundled_model()
    base_year, base_level = model.series.latest_annual()
    error, level = None, base_level
    if level_text:
        try:
            level = check_level(float(level_text.replace(",", ".").replace("−", "-")))
        except ValueError:
            error = f"level {level_text!r} is not a number; give metres, e.g. -29.2"
        except CorridorsError as exc:
            error = str(exc)
    rows = capacity_table(level)
    quick = [("present", base_year, base_level)]
    for sid, _ in _scenarios():
        quick.append((sid, 2050, round(project(2050, sid).central, 2)))
    used_sources = {s for r in model.series.rows for s in r.sources}
    used_sources |= {s for p in model.published for s in p.sources}
    return {
        "base_year": base_year,
        "base_level": base_level,
        "level": level,
        "level_text": level_text or "",
        "error": error,
        "rows": [asdict(r) for r in rows],
        "quick": quick,
        "chart": {
            "rows": [
                {"year": r.year, "level": r.level_m, "kind": r.kind, "note": r.note}
                for r in model.series.rows
            ],
            "best": [[y, v] for y, v, _ in model.series.best()],
            "projections": _projections(base_year),
            "references": [
                {
                    "name": p.name,
                    "year": p.year,
                    "central": p.central_m,
                    "low": p.low_m,
                    "high": p.high_m,
                }
                for p in model.published
                if p.kind == "reference" and p.basis == "level"
            ],
            "level": level,
        },
        "vessels": {v.id: v.name for v in model.vessels.values()},
        "sources": sorted(
            (model.sources[s] for s in used_sources if s in model.sources), key=lambda s: s.id
        ),
        "lang": lang,
    }
