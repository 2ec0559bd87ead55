"""``corridors sweep run`` and ``validate`` as a user types them (a real subprocess)."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import yaml
from sweepkit import EXAMPLE, PL_BY

from corridors.sweeps.report import REPORT_FILES


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corridors.cli", "sweep", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=600,
    )


def _write(tmp_path: Path, **params: object) -> Path:
    data = {
        "name": "cli sweep",
        "base": {"name": "base", "year": 2025, "caspian_level": -29.2},
        "runs": 6,
        "seed": 3,
        "parameters": params,
    }
    path = tmp_path / "sweep.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_run_writes_the_report_and_prints_json(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        caspian_level={"dist": "uniform", "low": -31.0, "high": -29.0},
        closures=[{"name": "pl-by", "probability": 0.5, "days": 10, "borders": PL_BY}],
    )
    out = tmp_path / "report"
    done = _cli("run", path, "--json", "-o", out)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["runs"] == 6 and summary["ok"] == 6 and summary["failed"] == 0
    assert {k["name"] for k in summary["kpis"]} >= {"served_teu_yr", "co2e_t", "objective_usd"}
    assert summary["bottlenecks"], "some capacity binds on the bundled network"
    assert sorted(p.name for p in out.iterdir()) == sorted(REPORT_FILES)
    assert json.loads((out / "summary.json").read_text()) == summary
    with (out / "runs.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["index"]) for r in rows] == list(range(6))
    assert all(r["ok"] == "True" and float(r["served_teu_yr"]) > 1e6 for r in rows)
    assert {r["closure.pl-by.closed"] for r in rows} <= {"0", "1"}
    for png in ("kpis.png", "corridors.png", "bottlenecks.png", "drivers.png"):
        assert (out / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = (out / "index.html").read_text(encoding="utf-8")
    assert "cli sweep" in html and "kpis.png" in html


def test_run_prints_tables_and_runs_on_two_workers(tmp_path: Path) -> None:
    path = _write(tmp_path, demand=[{"factor": {"dist": "uniform", "low": 0.9, "high": 1.1}}])
    done = _cli("run", path, "--workers", "2", "--runs", "4")
    assert done.returncode == 0, done.stderr
    assert "4 of 4 runs solved" in done.stdout
    assert "2 worker(s)" in done.stdout
    assert "Throughput by corridor" in done.stdout


def test_validate_the_example_and_report_bad_fields(tmp_path: Path) -> None:
    done = _cli("validate", EXAMPLE, "--json")
    assert done.returncode == 0, done.stderr
    info = json.loads(done.stdout)
    assert info["ok"] and info["runs"] == 1000 and "caspian_level" in info["parameters"]
    bad = _write(tmp_path, dwell=[{"borders": ["Atlantis (XX–YY)"], "factor": 1.5}])
    done = _cli("validate", bad)
    assert done.returncode == 2
    assert "parameters.dwell[0].borders[0]: no border crossing" in done.stderr
    assert "Traceback" not in done.stderr
    negative = _write(
        tmp_path, dwell=[{"borders": [PL_BY[0]], "factor": {"dist": "normal", "mean": 1, "sd": 1}}]
    )
    done = _cli("validate", negative)
    assert done.returncode == 0
    assert "parameters.dwell[0].factor: can draw values outside 0..100" in done.stdout
    typo = tmp_path / "typo.yaml"
    typo.write_text(
        "name: x\nbase: {name: b}\nruns: 2\nseed: 1\n"
        "parameters: {caspian_level: {dist: uniform, low: -30}}\n"
    )
    done = _cli("run", typo)
    assert done.returncode == 2
    assert "typo.yaml: parameters.caspian_level.high: is required" in done.stderr
