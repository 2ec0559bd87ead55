"""Network and route endpoints on the bundled network, with the real planner."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from api_support import Org
from fastapi.testclient import TestClient

from corridors.api import create_app
from corridors.network.load import load_network
from corridors.routing import RouteRequest, plan_routes
from corridors.settings import Settings
from corridors.tracking.orgs import create_organization
from corridors.tracking.schemas import OrganizationCreate


@pytest.fixture
def bundled(database_url: str) -> Iterator[TestClient]:
    app = create_app(Settings(database_url=database_url, json_logs=False))
    with TestClient(app) as client:
        yield client


@pytest.fixture
def forwarder(bundled: TestClient) -> Org:
    created = create_organization(
        bundled.app.state.ctx,  # type: ignore[attr-defined]
        OrganizationCreate(name="Forwarder", kind="forwarder"),
        caller=None,
        bootstrap=True,
    )
    return Org(created.organization.id, "Forwarder", created.api_key.key)


REQUEST = {
    "origin": "Xi'an",
    "destination": "Duisburg",
    "departure": "2026-12-01T08:00:00+08:00",
    "samples": 200,
}


def test_nodes_links_borders_services(bundled: TestClient) -> None:
    net = load_network()
    nodes = bundled.get("/api/v1/network/nodes").json()
    assert len(nodes) == len(net.nodes)
    kz = bundled.get("/api/v1/network/nodes", params={"country": "KZ"}).json()
    assert kz and all(n["country"] == "KZ" for n in kz)
    ports = bundled.get("/api/v1/network/nodes", params={"kind": "seaport"}).json()
    assert all(n["kind"] == "seaport" for n in ports)
    node = bundled.get(f"/api/v1/network/nodes/{nodes[0]['id']}").json()
    assert node == nodes[0]
    assert bundled.get("/api/v1/network/nodes/NOPE").status_code == 404
    ferries = bundled.get("/api/v1/network/links", params={"mode": "ferry"}).json()
    assert ferries and all(x["mode"] == "ferry" for x in ferries)
    link = bundled.get(f"/api/v1/network/links/{ferries[0]['id']}").json()
    assert link["id"] == ferries[0]["id"]
    borders = bundled.get("/api/v1/network/borders").json()
    assert len(borders) == len(net.borders)
    assert all(b["dwell_p90_h"] >= b["dwell_p50_h"] for b in borders)
    services = bundled.get("/api/v1/network/services").json()
    assert services and all(s["sailings_per_week"] > 0 for s in services)
    summary = bundled.get("/api/v1/network").json()
    assert summary["nodes"] == len(net.nodes)


def test_geojson(bundled: TestClient) -> None:
    r = bundled.get("/api/v1/network/geojson")
    assert r.headers["content-type"].startswith("application/geo+json")
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    kinds = {f["geometry"]["type"] for f in fc["features"]}
    assert kinds == {"Point", "LineString"}
    node_id = next(f["id"] for f in fc["features"] if f["geometry"]["type"] == "Point")
    one = bundled.get(f"/api/v1/network/nodes/{node_id}/geojson").json()
    assert one["geometry"]["type"] == "Point"


def test_place_search_and_resolve(bundled: TestClient) -> None:
    hits = bundled.get("/api/v1/network/places", params={"q": "Dost"}).json()
    assert any(h["name"] == "Dostyk" for h in hits)
    resolved = bundled.get("/api/v1/network/places/resolve", params={"q": "Duisburg"}).json()
    assert resolved["node_id"].startswith("DE_")
    r = bundled.get("/api/v1/network/places/resolve", params={"q": "Xqzwv Nowhere"})
    assert r.status_code == 404


def test_route_answer_is_the_planners(bundled: TestClient) -> None:
    r = bundled.post("/api/v1/routes", json=REQUEST)
    assert r.status_code == 200, r.text
    direct = plan_routes(load_network(), RouteRequest.model_validate(REQUEST))
    assert r.json() == direct.model_dump(mode="json")
    again = bundled.post("/api/v1/routes", json=REQUEST)
    assert again.content == r.content
    geo = bundled.post("/api/v1/routes/geojson", json=REQUEST).json()
    assert len(geo["features"]) == sum(len(o["legs"]) for o in r.json()["options"])


def test_route_errors_are_problems(bundled: TestClient) -> None:
    r = bundled.post("/api/v1/routes", json={**REQUEST, "origin": "Xqzwv Nowhere"})
    assert r.status_code == 422
    assert "Xqzwv" in r.json()["detail"]
    r = bundled.post("/api/v1/routes", json={**REQUEST, "avoid_countries": ["KZ", "RU", "CN"]})
    assert r.status_code == 422
    r = bundled.post("/api/v1/routes", json={**REQUEST, "samples": 10})
    assert r.status_code == 422 and r.json()["errors"][0]["location"] == "samples"


def test_planning_can_require_a_key(database_url: str) -> None:
    app = create_app(Settings(database_url=database_url, json_logs=False, open_planning=False))
    with TestClient(app) as client:
        assert client.post("/api/v1/routes", json=REQUEST).status_code == 401
        assert client.get("/api/v1/network/nodes").status_code == 401


def test_book_from_a_planned_option_and_server_side_plan(
    bundled: TestClient, forwarder: Org
) -> None:
    plan = bundled.post("/api/v1/routes", json=REQUEST).json()
    option = plan["options"][1]
    r = bundled.post(
        "/api/v1/shipments",
        json={"containers": [{"number": "CSQU3054383"}], "route_option": option},
        headers=forwarder.headers,
    )
    assert r.status_code == 201, r.text
    ship = r.json()
    assert [leg["link_id"] for leg in ship["legs"]] == [leg["link_id"] for leg in option["legs"]]
    assert datetime.fromisoformat(ship["eta"]["eta_p50"]) == datetime.fromisoformat(
        option["arrive_p50"]
    )
    r = bundled.post(
        "/api/v1/shipments",
        json={
            "containers": [{"number": "MSCU1234566"}],
            "plan": {"request": REQUEST, "option_rank": 2},
        },
        headers=forwarder.headers,
    )
    assert r.status_code == 201, r.text
    assert [leg["link_id"] for leg in r.json()["legs"]] == [
        leg["link_id"] for leg in option["legs"]
    ]
    r = bundled.post(
        "/api/v1/shipments",
        json={"containers": [{"number": "MSCU1234566"}],
              "plan": {"request": REQUEST, "option_rank": 40}},
        headers=forwarder.headers,
    )  # fmt: skip
    assert r.status_code == 422 and "option_rank" in r.json()["detail"]


def test_book_with_road_access_legs(bundled: TestClient, forwarder: Org) -> None:
    request = {**REQUEST, "origin": "43.30,77.00"}  # a point near Almaty, not a node
    plan = bundled.post("/api/v1/routes", json=request).json()
    option = plan["options"][0]
    assert option["legs"][0]["link_id"] == "access"
    r = bundled.post(
        "/api/v1/shipments",
        json={"containers": [{"number": "CSQU3054383"}], "route_option": option},
        headers=forwarder.headers,
    )
    assert r.status_code == 201, r.text
    assert r.json()["origin_id"] == option["legs"][0]["to_id"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"seed": -1}, "seed"), ({"departure": "9999-12-31T23:00:00+00:00"}, "departure")],
)
def test_out_of_range_request_fields(bundled: TestClient, extra: dict, field: str) -> None:
    r = bundled.post("/api/v1/routes", json={**REQUEST, **extra})
    assert r.status_code == 422
    assert r.json()["errors"][0]["location"] == field
