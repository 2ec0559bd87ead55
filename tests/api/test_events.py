"""Publishing events: single and batch, idempotent by id, any order of arrival."""

from __future__ import annotations

from api_support import World, book
from events_support import event
from fastapi.testclient import TestClient

from corridors.network.model import Network


def test_single_event_created_duplicate_conflict(
    client: TestClient, world: World, network: Network
) -> None:
    ship = book(client, world.forwarder, network, parties=((world.railway.id, "railway"),))
    ev = event("ktz-1", ship["id"], mode="rail", transport_reference="X8024")
    h = world.railway.headers
    r = client.post("/api/v1/events", json=ev, headers=h)
    assert r.status_code == 201, r.text
    stored = r.json()
    assert stored["publisher_org_id"] == world.railway.id
    assert stored["location"] == "CN_XIAN"

    r = client.post("/api/v1/events", json=ev, headers=h)
    assert r.status_code == 200
    assert r.json() == stored

    changed = {**ev, "event_datetime": "2026-03-02T11:00:00+00:00"}
    r = client.post("/api/v1/events", json=changed, headers=h)
    assert r.status_code == 409
    assert "differs in: event_datetime" in r.json()["detail"]

    # The same id from another publisher is another event.
    r = client.post("/api/v1/events", json=ev, headers=world.forwarder.headers)
    assert r.status_code == 201

    listed = client.get(f"/api/v1/shipments/{ship['id']}/events", headers=h).json()["items"]
    assert len(listed) == 2


def test_same_instant_in_another_zone_is_a_duplicate(
    client: TestClient, world: World, network: Network
) -> None:
    ship = book(client, world.forwarder, network)
    ev = event("e1", ship["id"], hours=2)
    assert (
        client.post("/api/v1/events", json=ev, headers=world.forwarder.headers).status_code == 201
    )
    ev["event_datetime"] = "2026-03-02T16:00:00+06:00"  # 10:00 UTC, the same instant
    assert (
        client.post("/api/v1/events", json=ev, headers=world.forwarder.headers).status_code == 200
    )


def test_batch_reports_each_event(client: TestClient, world: World, network: Network) -> None:
    ship = book(client, world.forwarder, network, parties=((world.railway.id, "railway"),))
    h = world.railway.headers
    client.post("/api/v1/events", json=event("old", ship["id"]), headers=h)
    batch = [
        event("a", ship["id"], "ARRI", "CN_KHORGOS", 62),
        event("old", ship["id"]),  # duplicate of a stored one
        event("old", ship["id"], hours=3),  # conflict with the stored one
        event("b", ship["id"], "ARRI", "NOWHERE", 63),  # unknown location
        event("c", "no-such-shipment", "ARRI", "CN_KHORGOS", 63),
        event("a", ship["id"], "ARRI", "CN_KHORGOS", 62),  # duplicate within the batch
        event(
            "d",
            None,
            "GTIN",
            "KZALA",
            86,
            event_type="EQUIPMENT",
            equipment_reference="CSQU3054383",
        ),
        event("e", ship["id"], "LODG", "KZ_ALTYNKOL", 70, event_type="CUSTOMS"),
        event("f", ship["id"], "ISSU", None, 1, event_type="SHIPMENT"),
    ]
    r = client.post("/api/v1/events/batch", json={"events": batch}, headers=h)
    assert r.status_code == 200, r.text
    out = r.json()
    statuses = [x["status"] for x in out["results"]]
    assert statuses == [
        "created",
        "duplicate",
        "conflict",
        "rejected",
        "rejected",
        "duplicate",
        "created",
        "created",
        "created",
    ]
    assert (out["created"], out["duplicates"], out["conflicts"], out["rejected"]) == (4, 2, 1, 2)
    assert "NOWHERE" in out["results"][3]["detail"]
    assert "not found" in out["results"][4]["detail"]
    assert out["results"][6]["shipment_id"] == ship["id"]  # found by its container

    events = client.get(f"/api/v1/shipments/{ship['id']}/events", headers=h).json()["items"]
    by_id = {e["event_id"]: e for e in events}
    assert set(by_id) == {"old", "a", "d", "e", "f"}
    assert by_id["d"]["location"] == "KZ_ALMATY"  # the UN/LOCODE became the node id
    assert by_id["f"]["location"] is None


def test_large_batch_then_resend_is_all_duplicates(
    client: TestClient, world: World, network: Network
) -> None:
    ship = book(client, world.forwarder, network)
    batch = [
        event(f"pos-{i}", ship["id"], "INSP", "CN_XIAN", 1 + i / 1000, event_type="EQUIPMENT")
        for i in range(2000)
    ]
    h = world.forwarder.headers
    r = client.post("/api/v1/events/batch", json={"events": batch}, headers=h)
    assert r.status_code == 200
    assert r.json()["created"] == 2000
    r = client.post("/api/v1/events/batch", json={"events": batch}, headers=h)
    assert r.json()["duplicates"] == 2000 and r.json()["created"] == 0
    page = client.get(
        "/api/v1/events", params={"shipment_id": ship["id"], "limit": 500}, headers=h
    ).json()
    total = len(page["items"])
    while page["next_cursor"]:
        page = client.get(
            "/api/v1/events",
            params={"shipment_id": ship["id"], "limit": 500, "cursor": page["next_cursor"]},
            headers=h,
        ).json()
        total += len(page["items"])
    assert total == 2000


def test_batch_size_limit(client: TestClient, world: World, network: Network) -> None:
    limit = client.app.state.settings.max_batch_events  # type: ignore[attr-defined]
    ship = book(client, world.forwarder, network)
    batch = [event(f"x{i}", ship["id"]) for i in range(limit + 1)]
    r = client.post("/api/v1/events/batch", json={"events": batch}, headers=world.forwarder.headers)
    assert r.status_code == 422
    assert f"at most {limit}" in r.json()["detail"]
    # nothing was stored
    page = client.get(f"/api/v1/shipments/{ship['id']}/events", headers=world.forwarder.headers)
    assert page.json()["items"] == []


def test_malformed_event_fails_the_batch_with_its_location(
    client: TestClient, world: World, network: Network
) -> None:
    ship = book(client, world.forwarder, network)
    batch = [event("ok", ship["id"]), event("bad", ship["id"], "LOAD")]  # LOAD is not TRANSPORT
    r = client.post("/api/v1/events/batch", json={"events": batch}, headers=world.forwarder.headers)
    assert r.status_code == 422
    err = r.json()["errors"][0]
    assert err["location"] == "events[1]"
    assert "ARRI, DEPA" in err["message"]


def test_events_need_a_zone_and_a_target(
    client: TestClient, world: World, network: Network
) -> None:
    ship = book(client, world.forwarder, network)
    ev = event("z", ship["id"])
    ev["event_datetime"] = "2026-03-02T10:00:00"
    r = client.post("/api/v1/events", json=ev, headers=world.forwarder.headers)
    assert r.status_code == 422
    assert r.json()["errors"][0]["location"] == "event_datetime"
    r = client.post("/api/v1/events", json=event("t", None), headers=world.forwarder.headers)
    assert r.status_code == 422
    assert "equipment_reference" in r.json()["detail"]


def test_actual_events_cannot_be_in_the_future(
    client: TestClient, world: World, network: Network
) -> None:
    ship = book(client, world.forwarder, network)
    ev = event("future", ship["id"], hours=24 * 365 * 5)
    r = client.post("/api/v1/events", json=ev, headers=world.forwarder.headers)
    assert r.status_code == 422
    assert "future" in r.json()["detail"]
    ev = event("plan", ship["id"], hours=24 * 365 * 5, classifier="EST")
    assert (
        client.post("/api/v1/events", json=ev, headers=world.forwarder.headers).status_code == 201
    )


def test_publishing_needs_the_role(client: TestClient, world: World, network: Network) -> None:
    from api_support import make_org

    ministry = make_org(client, world.admin, "Ministry", "ministry")
    r = client.post("/api/v1/events", json=event("m", "x"), headers=ministry.headers)
    assert r.status_code == 403


def test_vocabulary_is_published(client: TestClient) -> None:
    vocab = client.get("/api/v1/events/vocabulary").json()
    assert {"TRANSPORT", "EQUIPMENT", "SHIPMENT", "BORDER", "CUSTOMS"} == set(vocab)
    codes = {c["code"]: c for c in vocab["EQUIPMENT"]}
    assert codes["TRSH"]["dcsa"] is False and codes["LOAD"]["dcsa"] is True
