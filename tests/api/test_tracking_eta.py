"""Position, status, next milestone, delay and ETA history as actual events come in."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from api_support import World, book
from events_support import event
from fastapi.testclient import TestClient

from corridors.network.model import Network
from tracking_support import MIDDLE, T0, route_option


def _t(h: float) -> datetime:
    return T0 + timedelta(hours=h)


def _eta(client: TestClient, world: World, sid: str) -> dict:
    r = client.get(f"/api/v1/shipments/{sid}/eta", headers=world.forwarder.headers)
    assert r.status_code == 200, r.text
    return r.json()


def _post(client: TestClient, world: World, *events: dict) -> dict:
    r = client.post(
        "/api/v1/events/batch", json={"events": list(events)}, headers=world.railway.headers
    )
    assert r.status_code == 200, r.text
    assert r.json()["created"] == len(events), r.json()
    return r.json()


@pytest.fixture
def shipment(client: TestClient, world: World, network: Network) -> dict:
    return book(client, world.forwarder, network, parties=((world.railway.id, "railway"),))


def test_on_time_departure_keeps_the_plan(
    client: TestClient, world: World, network: Network, shipment: dict
) -> None:
    plan = route_option(network, MIDDLE)
    _post(client, world, event("dep", shipment["id"], "DEPA", "CN_XIAN", 2))
    eta = _eta(client, world, shipment["id"])
    assert eta["status"] == "in_transit"
    assert datetime.fromisoformat(eta["eta_p50"]) == plan.arrive_p50
    assert eta["delay_h"] == 0
    assert eta["position"]["node_id"] == "CN_XIAN"
    assert eta["position"]["event_type_code"] == "DEPA"
    nxt = eta["next_milestone"]
    assert (nxt["kind"], nxt["node_id"]) == ("arrive", "CN_KHORGOS")
    assert datetime.fromisoformat(nxt["planned"]) == _t(62)


def test_delay_at_the_border_moves_eta_and_narrows_p90(
    client: TestClient, world: World, network: Network, shipment: dict
) -> None:
    plan = route_option(network, MIDDLE)
    spread0 = (plan.arrive_p90 - plan.arrive_p50).total_seconds() / 3600
    # Planned arrival at Altynkol (after the Khorgos dwell) is T0+75 h; it arrives 10 h late.
    _post(
        client,
        world,
        event("dep", shipment["id"], "DEPA", "CN_XIAN", 2),
        event("arr", shipment["id"], "ARRI", "KZ_ALTYNKOL", 85),
    )
    eta = _eta(client, world, shipment["id"])
    p50 = datetime.fromisoformat(eta["eta_p50"])
    p90 = datetime.fromisoformat(eta["eta_p90"])
    assert p50 == plan.arrive_p50 + timedelta(hours=10)
    assert eta["delay_h"] == pytest.approx(10.0)
    assert eta["milestone_delay_h"] == pytest.approx(10.0)
    # The Khorgos dwell (P90-P50 = 24 h) is behind; the ferry wait and Beyuk-Kesik remain.
    spread = (p90 - p50).total_seconds() / 3600
    remaining = ((0.8 * 24) ** 2 + 12**2) ** 0.5
    total = ((0.8 * 24) ** 2 + 12**2 + 24**2) ** 0.5
    assert spread == pytest.approx(spread0 * remaining / total, rel=1e-6)
    assert eta["next_milestone"]["node_id"] == "KZ_ALTYNKOL"
    assert eta["next_milestone"]["kind"] == "depart"
    assert datetime.fromisoformat(eta["next_milestone"]["expected"]) == _t(75 + 10)

    history = client.get(
        f"/api/v1/shipments/{shipment['id']}/eta/history", headers=world.forwarder.headers
    ).json()
    assert [h["trigger"].split()[0] for h in history] == ["booked", "TRANSPORT.ARRI"]
    assert datetime.fromisoformat(history[-1]["as_of"]) == _t(85)
    assert history[-1]["delay_h"] == pytest.approx(10.0)


def test_late_arriving_older_event_does_not_move_the_shipment_back(
    client: TestClient, world: World, shipment: dict
) -> None:
    _post(client, world, event("arr", shipment["id"], "ARRI", "KZ_ALMATY", 90))
    before = _eta(client, world, shipment["id"])
    _post(client, world, event("dep", shipment["id"], "DEPA", "CN_XIAN", 2))  # older, arrives late
    after = _eta(client, world, shipment["id"])
    assert after["position"]["node_id"] == "KZ_ALMATY"
    assert after["eta_p50"] == before["eta_p50"]
    events = client.get(
        f"/api/v1/shipments/{shipment['id']}/events", headers=world.forwarder.headers
    ).json()["items"]
    assert [e["event_id"] for e in events] == ["dep", "arr"]  # by event time


def test_events_in_one_batch_apply_in_event_time_order(
    client: TestClient, world: World, network: Network, shipment: dict
) -> None:
    plan = route_option(network, MIDDLE)
    _post(
        client,
        world,
        event("b", shipment["id"], "ARRI", "KZ_AKTAU", 155 + 5),
        event("a", shipment["id"], "DEPA", "CN_XIAN", 2),
    )
    eta = _eta(client, world, shipment["id"])
    assert eta["position"]["node_id"] == "KZ_AKTAU"
    assert datetime.fromisoformat(eta["eta_p50"]) == plan.arrive_p50 + timedelta(hours=5)


def test_customs_hold_past_planned_departure_adds_delay(
    client: TestClient, world: World, network: Network, shipment: dict
) -> None:
    plan = route_option(network, MIDDLE)
    # On time at Altynkol (T0+75); planned to leave at once, but customs releases at T0+81.
    _post(
        client,
        world,
        event("arr", shipment["id"], "ARRI", "KZ_ALTYNKOL", 75),
        event("rel", shipment["id"], "RELS", "KZ_ALTYNKOL", 81, event_type="CUSTOMS"),
    )
    eta = _eta(client, world, shipment["id"])
    assert eta["position"]["event_type"] == "CUSTOMS"
    assert datetime.fromisoformat(eta["eta_p50"]) == plan.arrive_p50 + timedelta(hours=6)


def test_off_route_event_keeps_eta_and_says_so(
    client: TestClient, world: World, shipment: dict
) -> None:
    _post(client, world, event("dep", shipment["id"], "DEPA", "CN_XIAN", 2))
    before = _eta(client, world, shipment["id"])
    _post(client, world, event("dos", shipment["id"], "ARRI", "KZ_DOSTYK", 70))
    eta = _eta(client, world, shipment["id"])
    assert eta["position"]["node_id"] == "KZ_DOSTYK"
    assert eta["position"]["on_route"] is False
    assert eta["eta_p50"] == before["eta_p50"]


def test_arrival_and_delivery(client: TestClient, world: World, shipment: dict) -> None:
    _post(client, world, event("arr", shipment["id"], "ARRI", "GE_POTI", 240))
    eta = _eta(client, world, shipment["id"])
    assert eta["status"] == "arrived"
    assert eta["eta_p50"] == eta["eta_p90"] == eta["arrived_at"]
    assert datetime.fromisoformat(eta["arrived_at"]) == _t(240)
    assert eta["delay_h"] == pytest.approx(13.0)
    assert eta["next_milestone"] is None
    _post(
        client,
        world,
        event("dlv", shipment["id"], "DLVR", "GE_POTI", 250, event_type="EQUIPMENT"),
    )
    eta = _eta(client, world, shipment["id"])
    assert eta["status"] == "delivered"
    assert datetime.fromisoformat(eta["delivered_at"]) == _t(250)
    assert datetime.fromisoformat(eta["arrived_at"]) == _t(240)
    listed = client.get(
        "/api/v1/shipments", params={"status": "delivered"}, headers=world.forwarder.headers
    ).json()["items"]
    assert [s["id"] for s in listed] == [shipment["id"]]


def test_planned_and_estimated_events_do_not_move_the_eta(
    client: TestClient, world: World, shipment: dict
) -> None:
    before = _eta(client, world, shipment["id"])
    _post(
        client,
        world,
        event("est", shipment["id"], "ARRI", "KZ_ALMATY", 200, classifier="EST"),
        event("pln", shipment["id"], "DEPA", "CN_XIAN", 3, classifier="PLN"),
    )
    after = _eta(client, world, shipment["id"])
    assert after == before


def test_filter_by_delay(client: TestClient, world: World, network: Network) -> None:
    late = book(client, world.forwarder, network, parties=((world.railway.id, "railway"),))
    book(client, world.forwarder, network)
    _post(client, world, event("arr", late["id"], "ARRI", "KZ_ALMATY", 85 + 30))
    r = client.get("/api/v1/shipments", params={"min_delay_h": 24}, headers=world.forwarder.headers)
    assert [s["id"] for s in r.json()["items"]] == [late["id"]]
    assert r.json()["items"][0]["delay_h"] == pytest.approx(30.0)
