"""``corridors caspian``: tables for people, JSON with the Python API's names for machines."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corridors.cli import app
from corridors.climate import (
    bundled_model,
    capacity_table,
    project,
    service_effects,
    weekly_teu,
)
from corridors.network.load import load_network

runner = CliRunner()


def _json(*args: str) -> object:
    result = runner.invoke(app, ["caspian", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_series_json_has_every_row_and_the_baseline() -> None:
    data = _json("series")
    assert isinstance(data, dict)
    assert len(data["rows"]) == len(bundled_model().series.rows)
    assert data["latest_annual"] == {"year": 2024, "level_m": -29.2}
    assert {"year", "period", "level_m", "kind", "area", "sources", "note"} == set(data["rows"][0])


def test_project_json_equals_the_python_api() -> None:
    data = _json("project", "--year", "2050", "--scenario", "ssp245")
    central, low, high = project(2050, "ssp245")
    assert data == {
        "year": 2050,
        "scenario": "ssp245",
        "central": pytest.approx(central),
        "low": pytest.approx(low),
        "high": pytest.approx(high),
        "baseline_year": 2024,
        "baseline_level_m": -29.2,
    }


def test_project_without_scenario_lists_all_of_them_and_the_trend_fit() -> None:
    data = _json("project", "--year", "2040", "--window", "2014:2024")
    assert isinstance(data, dict)
    assert [p["scenario"] for p in data["projections"]] == [
        "trend",
        "ssp245",
        "ssp585",
        "prange2020",
    ]
    assert data["trend"]["window"] == [2014, 2024]
    assert data["projections"][0]["central"] == pytest.approx(
        project(2040, "trend", window=(2014, 2024)).central
    )


def test_capacity_json_equals_the_python_api() -> None:
    data = _json("capacity", "--level=-30.5", "--dredge", "Aktau=1.0")
    expected = capacity_table(-30.5, {"aktau": 1.0})
    assert isinstance(data, dict)
    assert data["level_m"] == -30.5
    assert data["rows"] == [asdict(r) for r in expected]
    aktau = [r for r in data["rows"] if r["node_id"] == "KZ_SCO"]
    assert aktau and all(r["dredge_m"] == 1.0 for r in aktau)


def test_capacity_table_for_people_marks_the_limited_rows() -> None:
    result = runner.invoke(
        app, ["caspian", "capacity", "--level", "-30", "--port", "alat"], env={"COLUMNS": "160"}
    )
    assert result.exit_code == 0, result.output
    assert "Baku (Alat)" in result.stdout and "ropax_rail" in result.stdout


def test_services_json_equals_the_python_api() -> None:
    data = _json("services", "--level=-30.5", "--dredge", "alat=1")
    effects = service_effects(load_network(), -30.5, {"alat": 1.0})
    assert isinstance(data, dict)
    assert data["services"] == [asdict(e) for e in effects]
    assert (data["teu_per_week"], data["effective_teu_per_week"]) == pytest.approx(
        weekly_teu(effects)
    )
    assert data["effective_teu_per_week"] < data["teu_per_week"]


def test_chart_writes_a_png(tmp_path: Path) -> None:
    out = tmp_path / "level.png"
    data = _json("chart", "-o", str(out))
    assert out.read_bytes().startswith(b"\x89PNG")
    assert data == {"output": str(out), "kind": "series", "bytes": out.stat().st_size}
    cap = tmp_path / "capacity.png"
    _json("chart", "-o", str(cap), "--kind", "capacity", "--dredge", "kuryk=0.5")
    assert cap.read_bytes().startswith(b"\x89PNG")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["capacity.png", "level.png"]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["capacity", "--level", "30.5"], "level 30.5 is outside"),
        (["capacity", "--dredge", "aktau:1"], "not PORT=METRES"),
        (["capacity", "--dredge", "atkau=1"], "did you mean 'aktau'"),
        (["project", "--year", "2050", "--scenario", "rcp85"], "accepted: trend, ssp245"),
        (["project", "--year", "1990", "--scenario", "trend"], "outside the projection range"),
        (["chart", "-o", "/nonexistent-dir/x.png"], "does not exist"),
        (["chart", "-o", "x.png", "--kind", "pie"], "accepted: series, capacity"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], words: str, tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "corridors.cli", "caspian", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={"COLUMNS": "200", "PATH": ""},
    )
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    assert out.stderr.startswith("error: ") and words in out.stderr
    assert list(tmp_path.iterdir()) == []  # nothing half-written
