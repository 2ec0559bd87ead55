"""``corridors route``: table, --json equal to the Python API, --geojson, readable errors."""

from __future__ import annotations

import json
import subprocess
import sys

from corridors.network.load import load_network
from corridors.routing import RoutePlan, RouteRequest, plan_routes

DEPART = "2026-12-01T08:00+06:00"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corridors.cli", "route", *args],
        capture_output=True,
        text=True,
        env={"COLUMNS": "160", "PATH": "/usr/bin:/bin"},
        check=False,
    )


def test_table_lists_options_and_legs() -> None:
    out = run("Xi'an", "Duisburg", "--avoid", "RU,BY", "--depart", DEPART, "--legs")
    assert out.returncode == 0, out.stderr
    assert "Xi'an → Duisburg" in out.stdout
    assert "fastest" in out.stdout and "cheapest" in out.stdout
    assert "RU" not in out.stdout.split("CN–")[1].split("\n")[0]
    assert "documents:" in out.stdout and "borders:" in out.stdout


def test_json_is_the_python_api_result() -> None:
    out = run(
        "Xi'an", "Duisburg", "--avoid", "RU,BY", "--depart", DEPART, "--modes", "rail,ferry,sea",
        "--container", "20ft", "--units", "2", "--weights", "time=1,price=1,co2=0", "--json",
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    got = RoutePlan.model_validate(json.loads(out.stdout))
    want = plan_routes(
        load_network(),
        RouteRequest(
            origin="Xi'an",
            destination="Duisburg",
            avoid_countries=["RU", "BY"],
            departure=DEPART,  # type: ignore[arg-type]
            modes=["rail", "ferry", "sea"],
            cargo={"container": "20ft", "units": 2},  # type: ignore[arg-type]
            weights={"time": 1, "price": 1, "co2": 0},  # type: ignore[arg-type]
        ),
    )
    assert got.model_dump(mode="json") == want.model_dump(mode="json")
    assert len(got.options) == 1 and got.options[0].label == "best for weights"


def test_geojson_has_a_line_per_leg() -> None:
    out = run("CN_XIY", "DE_DUI", "--depart", DEPART, "--options", "2", "--geojson")
    assert out.returncode == 0, out.stderr
    fc = json.loads(out.stdout)
    assert fc["type"] == "FeatureCollection" and fc["features"]
    feat = fc["features"][0]
    assert feat["geometry"]["type"] == "LineString"
    assert {"option_rank", "mode", "distance_km"} <= set(feat["properties"])


def test_errors_are_one_line_naming_the_field() -> None:
    for args, needle in (
        (("Xi'an", "Duisburg", "--modes", "rail,boat"), "modes"),
        (("Xi'an", "Duisburg", "--weights", "time=fast"), "weights"),
        (("Xi'an", "Duisburg", "--depart", "tomorrow"), "depart"),
        (("Xi'an", "Duisburg", "--units", "0"), "cargo.units"),
        (("Xi'an", "Duisburg", "--avoid", "RUS"), "avoid_countries"),
        (("Atlantis", "Duisburg"), "Atlantis"),
    ):
        out = run(*args)
        assert out.returncode == 2, (args, out.stdout, out.stderr)
        assert "Traceback" not in out.stderr
        assert needle in out.stderr.splitlines()[0], (args, out.stderr)


def test_no_route_names_the_blocking_constraint() -> None:
    out = run("Xi'an", "Duisburg", "--modes", "rail", "--avoid", "RU,KZ,MN")
    assert out.returncode == 2
    assert out.stderr.startswith("error: every route from Xi'an to Duisburg")
