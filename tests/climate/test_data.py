"""The bundled Caspian data loads, is sourced row by row, and bad files fail with a clear error."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest

from corridors.climate import bundled_model, load_caspian
from corridors.climate.load import FILES
from corridors.errors import InvalidInput


def test_every_row_names_known_sources() -> None:
    model = bundled_model()
    rows = [
        *model.series.rows,
        *model.published,
        *model.ports.values(),
        *model.vessels.values(),
        *(d for p in model.ports.values() for d in p.depths),
    ]
    assert rows
    for row in rows:
        assert row.sources, row
        assert set(row.sources) <= set(model.sources), row


def test_iranian_wri_absolute_level_is_not_mixed_in() -> None:
    # Iran WRI gives -27.43 m for 2021, ~1 m above Kazakh/Russian values (corridor-facts §12.8).
    rows_2021 = [r for r in bundled_model().series.rows if r.year == 2021]
    assert rows_2021
    assert all(r.level_m < -28.0 for r in rows_2021)


def test_fills_are_flagged_and_only_fills_use_general_knowledge() -> None:
    for row in bundled_model().series.rows:
        assert ("gk" in row.sources) == (row.kind == "fill"), row


def test_depth_reference_levels_match_the_series() -> None:
    model = bundled_model()
    for port in model.ports.values():
        for depth in port.depths:
            expected = model.series.level_at(depth.reference_year)
            assert depth.reference_level_m == pytest.approx(expected, abs=0.01), depth


def test_ropax_tpc_matches_the_fact_sheet_rule_of_thumb() -> None:
    # corridor-facts §8.3: ASCO Ro-Pax 154.5 x 17.7 m, Cwp 0.85, rho 1.01 -> TPC ~ 23-24 t/cm.
    assert 23.0 <= bundled_model().vessel("ro-pax").tpc <= 24.0


def test_ports_have_the_network_node_ids() -> None:
    assert set(bundled_model().ports) == {
        "KZ_SCO",
        "KZ_KUR",
        "AZ_ALT",
        "AZ_GYD",
        "TM_KRW",
        "RU_MCX",
        "RU_OLY",
        "RU_ASF",
        "IR_BNZ",
        "IR_AMI",
    }


def _copy(tmp_path: Path) -> Path:
    data = resources.files("corridors.climate").joinpath("data")
    for name in FILES:
        shutil.copyfile(str(data.joinpath(name)), tmp_path / name)
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_copy_of_the_data_loads_like_the_bundle(tmp_path: Path) -> None:
    assert load_caspian(_copy(tmp_path)) == bundled_model()


@pytest.mark.parametrize(
    ("file", "old", "new", "field", "words"),
    [
        ("caspian_level.csv", "2020,annual,-28.23", "2020,annual,abc", "level_m", "line 20"),
        ("caspian_level.csv", "-27.07,annual,", "-27.07,yearly,", "kind", "annual"),
        ("caspian_level.csv", "kazhydromet_154", "nosuchsource", "sources", "nosuchsource"),
        ("ports.csv", "ropax_rail|rail_ferry|roro_truck", "hovercraft", "calls", "vessels.csv"),
        ("vessels.csv", "154.5,17.7,5.0,5740", "154.5,17.7,-5.0,5740", "design_draft_m", ""),
        ("port_depths.csv", "KZ_KUR,channel,*,7.5", "KZ_KUR,channel,*,deep", "depth_m", ""),
        ("projections.csv", "-8,-15,-2", "-8,-2,-15", "central_m", "low_m <= central_m"),
    ],
)
def test_bad_data_names_file_line_and_column(
    tmp_path: Path, file: str, old: str, new: str, field: str, words: str
) -> None:
    directory = _copy(tmp_path)
    _edit(directory / file, old, new)
    with pytest.raises(InvalidInput) as err:
        load_caspian(directory)
    assert err.value.field == f"{file}:{field}"
    assert file in err.value.message and words in err.value.message


def test_missing_file_is_reported(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "vessels.csv").unlink()
    with pytest.raises(InvalidInput, match=r"vessels\.csv is missing"):
        load_caspian(directory)
