"""Who sees what: owners, parties, customs of a crossed country; everyone else gets 404."""

from __future__ import annotations

from api_support import World, book
from events_support import event
from fastapi.testclient import TestClient

from corridors.network.model import Network
from tracking_support import MIDDLE, NORTHERN


def test_visibility_rules(client: TestClient, world: World, network: Network) -> None:
    middle = book(
        client, world.forwarder, network, MIDDLE, parties=((world.railway.id, "railway"),)
    )
    north = book(client, world.forwarder, network, NORTHERN, containers=("MSCU1234566",))
    cases = {
        # org: (sees middle, sees north)
        "forwarder": (True, True),  # owner
        "railway": (True, False),  # party to the middle one only
        "customs_kz": (True, True),  # both cross Kazakhstan
        "customs_az": (True, False),  # only the middle one crosses Azerbaijan
        "customs_tr": (False, False),  # neither crosses Türkiye
        "other": (False, False),
        "admin": (False, False),  # admin of the platform is not a party
    }
    for name, (sees_middle, sees_north) in cases.items():
        org = getattr(world, name)
        for ship, expected in ((middle, sees_middle), (north, sees_north)):
            for path in ("", "/eta", "/eta/history", "/events"):
                r = client.get(f"/api/v1/shipments/{ship['id']}{path}", headers=org.headers)
                assert r.status_code == (200 if expected else 404), (name, path, r.text)
                if not expected:
                    assert r.headers["content-type"].startswith("application/problem+json")
        listed = {
            s["id"] for s in client.get("/api/v1/shipments", headers=org.headers).json()["items"]
        }
        assert listed == {s["id"] for s, e in ((middle, sees_middle), (north, sees_north)) if e}


def test_unknown_and_hidden_shipments_look_the_same(
    client: TestClient, world: World, network: Network
) -> None:
    ship = book(client, world.forwarder, network)
    hidden = client.get(f"/api/v1/shipments/{ship['id']}", headers=world.other.headers).json()
    missing = client.get(
        "/api/v1/shipments/00000000-0000-0000-0000-000000000000", headers=world.other.headers
    ).json()
    assert hidden["status"] == missing["status"] == 404
    assert hidden["title"] == missing["title"]


def test_events_on_hidden_shipments_are_rejected_as_not_found(
    client: TestClient, world: World, network: Network
) -> None:
    ship = book(client, world.forwarder, network)
    r = client.post("/api/v1/events", json=event("x", ship["id"]), headers=world.other.headers)
    assert r.status_code == 404
    r = client.post(
        "/api/v1/events",
        json=event(
            "y",
            None,
            "GTIN",
            "CN_XIAN",
            1,
            event_type="EQUIPMENT",
            equipment_reference="CSQU3054383",
        ),
        headers=world.other.headers,
    )
    assert r.status_code == 404
    # Customs of a crossed country may publish (e.g. a release).
    r = client.post(
        "/api/v1/events",
        json=event("rel", ship["id"], "RELS", "KZ_ALTYNKOL", 80, event_type="CUSTOMS"),
        headers=world.customs_kz.headers,
    )
    assert r.status_code == 201, r.text


def test_event_listing_only_shows_visible_shipments(
    client: TestClient, world: World, network: Network
) -> None:
    a = book(client, world.forwarder, network)
    b = book(client, world.other, network)
    client.post("/api/v1/events", json=event("a1", a["id"]), headers=world.forwarder.headers)
    client.post("/api/v1/events", json=event("b1", b["id"]), headers=world.other.headers)
    mine = client.get("/api/v1/events", headers=world.forwarder.headers).json()["items"]
    assert [e["event_id"] for e in mine] == ["a1"]
    kz = client.get("/api/v1/events", headers=world.customs_kz.headers).json()["items"]
    assert sorted(e["event_id"] for e in kz) == ["a1", "b1"]


def test_subscriptions_cannot_target_hidden_shipments(
    client: TestClient, world: World, network: Network
) -> None:
    ship = book(client, world.forwarder, network)
    r = client.post(
        "/api/v1/subscriptions",
        json={"kind": "events", "url": "http://127.0.0.1:9/hook", "shipment_id": ship["id"]},
        headers=world.other.headers,
    )
    assert r.status_code == 404
