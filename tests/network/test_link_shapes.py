"""Drawn link shapes (link.csv ``geometry``, WKT as in GMNS): checked like any other cell, loaded
in the direction of travel, and used wherever a link is drawn, so that a sea lane on the map
stays on water."""

from __future__ import annotations

import itertools
import json
import math
import shutil
from importlib import resources
from pathlib import Path

import pytest
from matplotlib.path import Path as Polygon

from corridors.network.check import check_network
from corridors.network.geo import great_circle_km
from corridors.network.geojson import network_geojson
from corridors.network.load import load_network
from corridors.routing import RouteRequest, plan_routes

FIXTURES = Path(__file__).parents[1] / "data" / "network"
# The valid fixture's ferry L5 runs from B_PORT (51.1739 43.6611) to C_PORT (49.4 39.95).
ROUND_THE_CAPE = "LINESTRING (51.1739 43.6611, 51 40.45, 50.3 39.9, 49.4 39.95)"


def _with_shape(tmp_path: Path, shape: str) -> Path:
    shutil.copytree(FIXTURES / "valid", tmp_path / "n")
    path = tmp_path / "n" / "link.csv"
    rows = path.read_text().splitlines()
    rows[0] += ",geometry"
    rows = [r if i == 0 or r.startswith("L5,") else r + "," for i, r in enumerate(rows)]
    rows = [r + f',"{shape}"' if r.startswith("L5,") else r for r in rows]
    path.write_text("\n".join(rows) + "\n")
    return tmp_path / "n"


def test_a_shape_loads_in_the_direction_of_travel(tmp_path: Path) -> None:
    net = load_network(_with_shape(tmp_path, ROUND_THE_CAPE))
    there, back = net.links["L5"], net.links["L5R"]
    assert there.geometry[1] == (51.0, 40.45)
    assert back.geometry == there.geometry[::-1]
    assert net.line(back)[0] == (49.4, 39.95)
    # links without a shape are drawn straight between their nodes
    a = net.nodes["A_TERM"]
    assert net.line(net.links["L1"])[0] == (a.lon, a.lat) and len(net.line(net.links["L1"])) == 2
    (feature,) = [f for f in network_geojson(net)["features"] if f["properties"].get("id") == "L5"]
    assert feature["geometry"]["coordinates"] == [list(p) for p in there.geometry]


@pytest.mark.parametrize(
    ("shape", "severity", "expected"),
    [
        ("POINT (51 43)", "error", "WKT 'LINESTRING (lon lat, lon lat, ...)'"),
        ("LINESTRING (51.1739 43.6611)", "error", "at least two points"),
        ("LINESTRING (51.1739 43.6611, 49.4 north)", "error", "point 2 as two numbers"),
        ("LINESTRING (51.1739 43.6611, 49.4 95)", "error", "lat in [-90, 90]"),
        ("LINESTRING (51.1739 43.6611, 50 39.2)", "error", "ends within 50 km of its to node"),
        ("LINESTRING (53 43.6611, 49.4 39.95)", "error", "starts within 50 km of its from node"),
        (
            "LINESTRING (51.1739 43.6611, 54 38, 49.4 39.95)",
            "warning",
            "no longer than 1.25 × the length 493 km",
        ),
    ],
)
def test_a_bad_shape_is_named(tmp_path: Path, shape: str, severity: str, expected: str) -> None:
    problems = check_network(_with_shape(tmp_path, shape))
    (p,) = problems
    assert (p.file, p.row, p.record, p.column, p.value) == ("link.csv", 6, "L5", "geometry", shape)
    assert p.severity == severity and expected in p.expected


Land = list[tuple[tuple[float, float, float, float], Polygon]]


def _land() -> Land:
    """Country outlines with their bounding boxes (most points are far from most countries)."""
    text = resources.files("corridors.network").joinpath("data", "countries.geojson").read_text()
    out = []
    for f in json.loads(text)["features"]:
        g = f["geometry"]
        for poly in g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]:
            xs, ys = [p[0] for p in poly[0]], [p[1] for p in poly[0]]
            out.append(((min(xs), min(ys), max(xs), max(ys)), Polygon(poly[0])))
    return out


def _on_land(x: tuple[float, float], land: Land) -> bool:
    return any(
        b[0] <= x[0] <= b[2] and b[1] <= x[1] <= b[3] and poly.contains_point(x) for b, poly in land
    )


def _land_km(points: list[tuple[float, float]], land: Land, ends_km: float) -> float:
    """Kilometres of a drawn line over land, sampled every ~2 km, ignoring the first and last
    ``ends_km`` (a port's node is its town, a little inland)."""
    start, end = points[0], points[-1]
    total = 0.0
    for p, q in itertools.pairwise(points):
        seg = great_circle_km(p[1], p[0], q[1], q[0])
        n = max(1, math.ceil(seg / 2.0))
        for i in range(n):
            t = (i + 0.5) / n
            x = (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)
            if min(great_circle_km(x[1], x[0], e[1], e[0]) for e in (start, end)) < ends_km:
                continue
            if _on_land(x, land):
                total += seg / n
    return total


def test_bundled_sea_lanes_stay_on_water() -> None:
    """Every sea and ferry link is drawn over water (Natural Earth outlines shipped with the
    data); the one canal on a lane (Suez, about 190 km with its gulf's head in outlines this
    coarse) is all the land a line may cross."""
    net = load_network()
    land = _land()
    for link in net.links.values():
        if link.mode not in ("sea", "ferry") or link.id.endswith("R"):
            continue
        allowed = 250.0 if "Suez" in link.name else 0.0
        km = _land_km(net.line(link), land, ends_km=50.0)
        assert km <= allowed, f"{link.id} {link.name}: {km:.0f} km over land"


def test_a_route_leg_follows_the_sea_lane() -> None:
    plan = plan_routes(
        load_network(),
        RouteRequest(origin="KZ_KUR", destination="AZ_ALT", modes=["ferry"], max_options=1),
    )
    (leg,) = [x for x in plan.options[0].legs if x.mode == "ferry"]
    assert len(leg.geometry) > 2
    assert leg.geometry[0] == (51.6812, 43.1803) and leg.geometry[-1] == (49.4, 39.95)
