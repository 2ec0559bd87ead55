"""A route across the Caspian, planned and booked through the API on the bundled network: the
ferry leg keeps its port queue (median in the plan, P90 from the service), the ETA's spread
carries it until the ferry leaves, and an on-time departure from the port resolves it."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from api_support import World
from fastapi.testclient import TestClient

from corridors.network.load import load_network
from corridors.network.model import Network


@pytest.fixture
def network() -> Network:
    return load_network()


def _hours(a: str, b: str) -> float:
    return (datetime.fromisoformat(b) - datetime.fromisoformat(a)).total_seconds() / 3600


def test_a_queued_ferry_leg_is_booked_and_resolved_when_it_leaves(
    client: TestClient, world: World, network: Network
) -> None:
    request = {
        "origin": "Almaty",
        "destination": "Baku",
        "departure": "2026-06-01T06:00:00+00:00",
        "avoid_countries": ["RU"],
    }
    r = client.post("/api/v1/routes", json=request)
    assert r.status_code == 200, r.text
    options = r.json()["options"]
    rank, leg_index = next(
        (o["rank"], i)
        for o in options
        for i, leg in enumerate(o["legs"])
        if leg["mode"] in ("ferry", "sea") and leg["queue_h"] > 0
    )
    planned = next(o for o in options if o["rank"] == rank)
    ferry = planned["legs"][leg_index]
    service = next(s for s in network.services[ferry["link_id"]] if s.id == ferry["service_id"])

    r = client.post(
        "/api/v1/shipments",
        json={
            "containers": [{"number": "CSQU3054383"}],
            "plan": {"request": request, "option_rank": rank},
            "parties": [{"organization_id": world.railway.id, "role": "carrier"}],
        },
        headers=world.forwarder.headers,
    )
    assert r.status_code == 201, r.text
    ship = r.json()
    booked = ship["legs"][leg_index]
    assert booked["link_id"] == ferry["link_id"]
    assert booked["queue_h"] == pytest.approx(ferry["queue_h"])
    assert booked["queue_p90_h"] == pytest.approx(
        ferry["queue_h"] + service.queue_p90_h - service.queue_p50_h
    )
    spread_booked = _hours(ship["eta"]["eta_p50"], ship["eta"]["eta_p90"])
    assert spread_booked >= service.queue_p90_h - service.queue_p50_h  # the queue dominates

    # The shipment reaches the port on time: the queue and the wait for the sailing are ahead.
    at_port = _act(client, world, ship["id"], "ARRI", planned["legs"][leg_index - 1]["arrive"],
                   ferry["from_id"])  # fmt: skip
    assert at_port["milestone_delay_h"] == pytest.approx(0.0, abs=1e-6)
    spread_at_port = _hours(at_port["eta_p50"], at_port["eta_p90"])
    # The ferry leaves on time: the queue is behind the shipment, and with it the spread.
    left = _act(client, world, ship["id"], "DEPA", ferry["depart"], ferry["from_id"])
    assert left["milestone_delay_h"] == pytest.approx(0.0, abs=1e-6)
    assert left["position"]["node_id"] == ferry["from_id"]
    assert left["next_milestone"]["node_id"] == ferry["to_id"]
    spread_left = _hours(left["eta_p50"], left["eta_p90"])
    assert spread_left < spread_at_port - 1.0
    assert spread_left < spread_booked - 0.5 * (service.queue_p90_h - service.queue_p50_h)
    assert datetime.fromisoformat(left["eta_p90"]) < datetime.fromisoformat(
        ship["eta"]["eta_p90"]
    ) - timedelta(hours=1)


def _act(
    client: TestClient, world: World, shipment_id: str, code: str, when: str, node: str
) -> dict:
    """Post one actual transport event and return the shipment's ETA after it."""
    r = client.post(
        "/api/v1/events",
        json={
            "event_id": f"{code}-{node}",
            "shipment_id": shipment_id,
            "event_classifier": "ACT",
            "event_type": "TRANSPORT",
            "event_type_code": code,
            "event_datetime": when,
            "location": node,
        },
        headers=world.railway.headers,
    )
    assert r.status_code == 201, r.text
    eta = client.get(f"/api/v1/shipments/{shipment_id}/eta", headers=world.forwarder.headers)
    assert eta.status_code == 200, eta.text
    return eta.json()  # type: ignore[no-any-return]
