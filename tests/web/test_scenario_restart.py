"""A scenario run's address still works after the server restarts: runs live in the database."""

from __future__ import annotations

import os
from pathlib import Path

import httpx
from web_support import start_server, stop_server


def test_a_scenario_run_survives_a_restart(tmp_path: Path) -> None:
    env = {**os.environ, "CORRIDORS_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}"}
    proc, url = start_server(env, tmp_path / "server.log")
    try:
        posted = httpx.post(
            url + "/scenarios/run", data={"example": "dostyk_capacity_plus_20"}, timeout=120
        )
        assert posted.status_code == 303, posted.text
        address = posted.headers["location"]
        before = httpx.get(url + address, timeout=60)
        assert before.status_code == 200
    finally:
        stop_server(proc)
    proc, url = start_server(env, tmp_path / "server.log")
    try:
        after = httpx.get(url + address, timeout=60)
        assert after.status_code == 200, after.text
        run_id = address.split("run=")[1].split("&")[0]
        assert f'data-run="{run_id}"' in after.text
        data = httpx.get(url + f"/web/data/scenario/{run_id}.json", timeout=60).json()
        assert data["bottlenecks"] and data["map"]["links"]
    finally:
        stop_server(proc)
