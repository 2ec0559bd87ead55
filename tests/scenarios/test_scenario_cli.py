"""The command line: scenario run writes every report file; errors are one line, exit 2."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from corridors.scenarios.report import REPORT_FILES

EXAMPLES = Path(__file__).resolve().parents[2] / "scenarios"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    res = subprocess.run(
        [sys.executable, "-m", "corridors.cli", *args], capture_output=True, text=True, timeout=300
    )
    res.stderr = " ".join(res.stderr.split())  # Rich wraps long lines on a narrow terminal
    return res


@pytest.mark.slow
def test_scenario_run_writes_the_report_and_json(tmp_path: Path) -> None:
    out = tmp_path / "report"
    res = cli(
        "scenario", "run", str(EXAMPLES / "pl_by_border_closed.yaml"), "-o", str(out), "--json"
    )
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)  # nothing but JSON on stdout
    assert data["name"] == "Poland–Belarus border closed for 13 days"
    assert {k["name"] for k in data["kpis"]} >= {"served", "unserved", "CO2e (well-to-wheel)"}
    assert data["scenario"]["lp"]["slices"] == 3
    for name in REPORT_FILES:
        assert (out / name).stat().st_size > 0, name
    for png in ("throughput_by_corridor.png", "bottlenecks.png", "utilisation_map.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = (out / "index.html").read_text()
    assert "Poland–Belarus border closed" in html and "utilisation_map.png" in html
    geo = json.loads((out / "flows.geojson").read_text())
    kinds = {f["properties"]["kind"] for f in geo["features"]}
    assert kinds == {"link", "port"}
    assert any(f["properties"].get("delta_teu_yr") for f in geo["features"])
    with (out / "links.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert {"baseline_flow_teu_yr", "scenario_flow_teu_yr", "scenario_utilisation"} <= set(rows[0])
    summary = json.loads((out / "summary.json").read_text())
    assert summary["applied"][0]["days"] == 13
    assert not list(out.glob(".*.tmp"))


@pytest.mark.slow
def test_scenario_run_prints_the_comparison() -> None:
    res = cli("scenario", "run", str(EXAMPLES / "rasht_astara_opened.yaml"))
    assert res.returncode == 0, res.stderr
    for text in ("Baseline vs scenario", "Throughput by corridor", "Top bottlenecks", "Rasht"):
        assert text in res.stdout


def test_validate_names_the_bad_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "name: x\nchanges:\n  - {type: capacity, borders: [Dostyk], capacity_factor: -1}\n"
    )
    res = cli("scenario", "validate", str(bad))
    assert res.returncode == 2
    assert "changes[0].capacity_factor: must be > 0, got -1" in res.stderr
    assert "Traceback" not in res.stderr


def test_validate_checks_names_against_the_network(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nchanges:\n  - {type: open, links: [Rasht-Astra railway]}\n")
    res = cli("scenario", "validate", str(bad))
    assert res.returncode == 2
    assert "changes[0].links[0]: no link" in res.stderr
    assert "Rasht–Astara railway" in res.stderr  # the hint
    ok = cli("scenario", "validate", str(EXAMPLES / "rasht_astara_opened.yaml"), "--json")
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["applied"][0]["effect"].startswith("opened 2 link(s)")


def test_demand_show_export_import(tmp_path: Path) -> None:
    res = cli("demand", "show", "--json")
    assert res.returncode == 0, res.stderr
    shown = json.loads(res.stdout)
    assert shown["od_pairs"] >= 200 and set(shown["groups"]) >= {"CN-EU", "TITR", "INSTC"}
    omx = tmp_path / "d.omx"
    assert cli("demand", "export", "--omx", str(omx)).returncode == 0
    back = tmp_path / "d.csv"
    res = cli("demand", "import", str(omx), "-o", str(back), "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["total_teu_yr"] == pytest.approx(shown["total_teu_yr"])
    again = json.loads(cli("demand", "show", "--file", str(back), "--json").stdout)
    assert again["total_teu_yr"] == pytest.approx(shown["total_teu_yr"])
    missing = cli("demand", "show", "--file", str(tmp_path / "none.csv"))
    assert missing.returncode == 2 and "does not exist" in missing.stderr


def test_demand_equilibrium_reaches_the_gap() -> None:
    res = cli("demand", "equilibrium", "--gap", "1e-3", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["converged"] and data["relative_gap"] <= 1e-3
    assert data["avg_time_h"] >= data["free_flow_time_h"]
    bad = cli("demand", "equilibrium", "--algorithm", "magic")
    assert bad.returncode == 2 and "--algorithm must be fw, cfw or bfw" in bad.stderr
