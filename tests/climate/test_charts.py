"""The charts render to PNG images of the intended size."""

from __future__ import annotations

import io

import matplotlib.image
import pytest

from corridors.climate import bundled_model
from corridors.climate.charts import capacity_chart, series_chart
from corridors.errors import InvalidInput


def _pixels(png: bytes) -> tuple[int, int]:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = matplotlib.image.imread(io.BytesIO(png), format="png")
    return image.shape[1], image.shape[0]


def test_series_chart_is_a_png() -> None:
    assert _pixels(series_chart(bundled_model(), dpi=50)) == (550, 300)


def test_capacity_chart_has_a_panel_grid_for_all_ports() -> None:
    width, height = _pixels(capacity_chart(bundled_model(), dpi=40))
    assert (width, height) == (640, 248)  # 5 columns x 2 rows of panels for 10 ports


def test_dredging_changes_the_capacity_chart() -> None:
    model = bundled_model()
    plain = capacity_chart(model, dpi=40)
    assert capacity_chart(model, {"alat": 2.0}, dpi=40) != plain


def test_capacity_chart_refuses_impossible_level_ranges() -> None:
    with pytest.raises(InvalidInput):
        capacity_chart(bundled_model(), levels=(-26.0, 10.0))
