"""``corridors assign`` as a user runs it: a real subprocess on the vendored Sioux Falls files."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SIOUX = Path(__file__).parent.parent / "data" / "tntp" / "SiouxFalls"
NET, TRIPS = SIOUX / "SiouxFalls_net.tntp", SIOUX / "SiouxFalls_trips.tntp"
BEST_OBJECTIVE = 42.31335287107440e5


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corridors.cli", "assign", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "400"},  # keep Rich from wrapping long paths
    )


def test_json_output_reports_the_equilibrium(tmp_path: Path) -> None:
    out = tmp_path / "flows.csv"
    proc = _run(NET, TRIPS, "--algorithm", "bfw", "--gap", "1e-5", "--json", "--flows-out", out)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["network"] == "SiouxFalls" and data["algorithm"] == "bfw"
    assert data["converged"] is True and data["relative_gap"] <= 1e-5
    assert abs(data["objective"] - BEST_OBJECTIVE) / BEST_OBJECTIVE < 1e-5
    assert len(data["gap_history"]) == data["iterations"] > 1
    assert data["gap_history"][-1] == data["relative_gap"]
    assert data["seconds"] > 0
    with out.open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 76
    assert (rows[0]["init_node"], rows[0]["term_node"]) == ("1", "2")
    total = sum(float(r["flow"]) * float(r["cost"]) for r in rows)
    assert total == pytest.approx(7.48e6, rel=1e-2)  # total travel time at equilibrium


def test_human_output_and_generalised_cost_options() -> None:
    proc = _run(NET, TRIPS, "--toll-factor", "0.5", "--distance-factor", "1", "--gap", "1e-3")
    assert proc.returncode == 0, proc.stderr
    assert "objective (Beckmann)" in proc.stdout and "relative gap" in proc.stdout
    # Sioux Falls lengths equal free-flow times, so distance_factor 1 doubles every fixed cost.
    value = float(proc.stdout.split("objective (Beckmann)")[1].split()[0].replace(",", ""))
    assert value > BEST_OBJECTIVE * 1.2


def test_not_converging_warns_but_succeeds() -> None:
    proc = _run(NET, TRIPS, "--algorithm", "fw", "--max-iter", "5", "--json")
    assert proc.returncode == 0
    data = json.loads(proc.stdout)
    assert data["converged"] is False and data["iterations"] == 5


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--algorithm", "msa"), "--algorithm 'msa' is not known"),
        (("--gap", "-1"), "gap = -1"),
        (("--toll-factor", "-2"), "toll_factor = -2"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(args: tuple[str, ...], words: str) -> None:
    proc = _run(NET, TRIPS, *args)
    assert proc.returncode == 2
    assert words in " ".join(proc.stderr.split()) and "Traceback" not in proc.stderr


def test_malformed_file_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad_net.tntp"
    lines = NET.read_text().splitlines()
    lines[12] = lines[12].replace("0.15", "zero", 1)
    bad.write_text("\n".join(lines) + "\n")
    proc = _run(bad, TRIPS)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    message = " ".join(proc.stderr.split())
    assert "bad_net.tntp:13:" in message and "b = 'zero'" in message
