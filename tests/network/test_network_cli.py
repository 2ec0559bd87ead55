"""``corridors network check/stats/export`` as a user runs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from corridors.cli import app
from corridors.network.load import load_network

FIXTURES = Path(__file__).parents[1] / "data" / "network"
runner = CliRunner()


def test_check_bundled_ok() -> None:
    result = runner.invoke(app, ["network", "check"])
    assert result.exit_code == 0, result.output
    net = load_network()
    assert f"OK: {len(net.nodes)} nodes, {len(net.links)} links" in result.output


def test_check_broken_exits_1_and_names_the_cell() -> None:
    result = runner.invoke(app, ["network", "check", str(FIXTURES / "unknown_node"), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["ok"] is False
    assert {"file": "link.csv", "row": 4, "column": "to_node_id", "value": "B_TRM"}.items() <= (
        data["problems"][0].items()
    )


def test_check_broken_table() -> None:
    result = runner.invoke(app, ["network", "check", str(FIXTURES / "p90_below_p50")])
    assert result.exit_code == 1
    assert "dwell_p90_h" in result.output and "border.csv" in result.output


def test_stats_json() -> None:
    result = runner.invoke(app, ["network", "stats", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["nodes"] >= 120 and data["links"] >= 250
    assert set(data["links_by_mode"]) >= {"rail", "road", "ferry", "sea"}
    assert 0 < data["estimated_share"] < 1
    assert data["links_by_status"]["planned"] >= 4


def test_stats_table() -> None:
    result = runner.invoke(app, ["network", "stats"])
    assert result.exit_code == 0 and "estimated figures" in result.output


def test_export_geojson(tmp_path: Path) -> None:
    out = tmp_path / "net.geojson"
    result = runner.invoke(app, ["network", "export", "--geojson", "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert data["type"] == "FeatureCollection"
    kinds = {f["geometry"]["type"] for f in data["features"]}
    assert kinds == {"Point", "LineString"}
    dostyk = next(f for f in data["features"] if f["id"] == "KZ_DOS")
    assert dostyk["geometry"]["coordinates"] == [82.4804, 45.2533]
    assert dostyk["properties"]["sources"]
    link = next(f for f in data["features"] if f["id"] == "L0130")
    assert link["properties"]["border"].startswith("Alashankou")
    assert not any(f["id"] == "L0130R" for f in data["features"])


def test_bad_user_network_is_one_line_error_not_traceback() -> None:
    path = str(FIXTURES / "bad_coordinate")
    cmd = [sys.executable, "-m", "corridors.cli", "network", "stats", path]
    result = subprocess.run(cmd, capture_output=True, text=True, check=False)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "node.csv:2" in result.stderr and "y_coord" in result.stderr
