"""CORRIDORS_REQUIRE_POSTGRES=1 turns an unreachable PostgreSQL into failures, not skips."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNREACHABLE = "postgresql+psycopg://postgres@127.0.0.1:1/nowhere"


def _run(require: bool) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CORRIDORS_TEST_POSTGRES_URL": UNREACHABLE}
    env.pop("CORRIDORS_REQUIRE_POSTGRES", None)
    if require:
        env["CORRIDORS_REQUIRE_POSTGRES"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rfs",
         "tests/api/test_health.py::test_healthz"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.mark.slow
def test_unreachable_postgres_fails_when_required() -> None:
    out = _run(require=True)
    assert out.returncode != 0, out.stdout
    assert "CORRIDORS_REQUIRE_POSTGRES=1" in out.stdout
    assert "1 passed" in out.stdout  # the SQLite half still runs


@pytest.mark.slow
def test_unreachable_postgres_skips_otherwise() -> None:
    out = _run(require=False)
    assert out.returncode == 0, out.stdout
    assert "1 skipped" in out.stdout and "cannot connect" in out.stdout
