"""Booking from a route option, ISO 6346 containers, listing with filters and cursors."""

from __future__ import annotations

from datetime import datetime

from api_support import World, book
from fastapi.testclient import TestClient

from corridors.network.model import Network
from tracking_support import MIDDLE, NORTHERN, route_option


def _body(network: Network, links: list[str] = MIDDLE, **extra) -> dict:
    return {
        "containers": [{"number": "CSQU3054383", "iso_type": "45G1"}],
        "route_option": route_option(network, links).model_dump(mode="json"),
        **extra,
    }


def test_booking_copies_legs_and_planned_times(
    client: TestClient, world: World, network: Network
) -> None:
    option = route_option(network, MIDDLE)
    ship = book(client, world.forwarder, network, reference="PO-1001")
    assert ship["status"] == "booked"
    assert ship["reference"] == "PO-1001"
    assert ship["origin_id"] == "CN_XIAN" and ship["destination_id"] == "GE_POTI"
    assert [leg["link_id"] for leg in ship["legs"]] == MIDDLE
    for got, planned in zip(ship["legs"], option.legs, strict=True):
        assert datetime.fromisoformat(got["depart"]) == planned.depart
        assert datetime.fromisoformat(got["arrive"]) == planned.arrive
    # Border dwell P90 comes from the network (Khorgos: P50 12 h, P90 36 h).
    khorgos = ship["legs"][1]
    assert khorgos["dwell_h"] == 12.0 and khorgos["dwell_p90_h"] == 36.0
    assert ship["countries"] == ["AZ", "CN", "GE", "KZ"]
    assert datetime.fromisoformat(ship["eta"]["eta_p50"]) == option.arrive_p50
    assert datetime.fromisoformat(ship["eta"]["eta_p90"]) == option.arrive_p90
    assert ship["eta"]["next_milestone"]["kind"] == "depart"
    assert ship["eta"]["next_milestone"]["node_id"] == "CN_XIAN"
    assert ship["route"]["legs"][0]["from_name"] == "Xi'an"

    again = client.get(f"/api/v1/shipments/{ship['id']}", headers=world.forwarder.headers)
    assert again.json() == ship


def test_bad_check_digit_names_container_and_expected_digit(
    client: TestClient, world: World, network: Network
) -> None:
    body = _body(network)
    body["containers"] = [{"number": "CSQU3054383"}, {"number": "MSCU 123456 0"}]
    r = client.post("/api/v1/shipments", json=body, headers=world.forwarder.headers)
    assert r.status_code == 422
    err = r.json()["errors"][0]
    assert err["location"] == "containers[1].number"
    assert "MSCU1234560" in err["message"] and "expected 6" in err["message"]


def test_malformed_container_number(client: TestClient, world: World, network: Network) -> None:
    body = _body(network)
    body["containers"] = [{"number": "ABC123"}]
    r = client.post("/api/v1/shipments", json=body, headers=world.forwarder.headers)
    assert r.status_code == 422
    assert "ISO 6346" in r.json()["detail"]


def test_duplicate_container_in_one_booking(
    client: TestClient, world: World, network: Network
) -> None:
    body = _body(network)
    body["containers"] = [{"number": "CSQU3054383"}, {"number": "csqu 305438 3"}]
    r = client.post("/api/v1/shipments", json=body, headers=world.forwarder.headers)
    assert r.status_code == 422
    assert "CSQU3054383" in r.json()["detail"]


def test_option_not_on_this_network_is_refused(
    client: TestClient, world: World, network: Network
) -> None:
    body = _body(network)
    body["route_option"]["legs"][2]["link_id"] = "L_NOWHERE"
    r = client.post("/api/v1/shipments", json=body, headers=world.forwarder.headers)
    assert r.status_code == 422
    assert r.json()["errors"][0]["location"] == "route_option.legs[2].link_id"

    body = _body(network)
    del body["route_option"]["legs"][3]  # a gap between Almaty and Aktau
    r = client.post("/api/v1/shipments", json=body, headers=world.forwarder.headers)
    assert r.status_code == 422
    assert "does not continue" in r.json()["detail"]


def test_exactly_one_route_source(client: TestClient, world: World, network: Network) -> None:
    body = _body(network)
    body["plan"] = {"request": {"origin": "CN_XIAN", "destination": "GE_POTI"}}
    r = client.post("/api/v1/shipments", json=body, headers=world.forwarder.headers)
    assert r.status_code == 422
    assert "exactly one" in r.json()["detail"]


def test_unknown_party_is_refused(client: TestClient, world: World, network: Network) -> None:
    body = _body(network, parties=[{"organization_id": "no-such-org", "role": "carrier"}])
    r = client.post("/api/v1/shipments", json=body, headers=world.forwarder.headers)
    assert r.status_code == 422
    assert r.json()["errors"][0]["location"] == "parties[0].organization_id"


def test_reference_is_unique_per_owner(client: TestClient, world: World, network: Network) -> None:
    book(client, world.forwarder, network, reference="PO-7")
    r = client.post(
        "/api/v1/shipments", json=_body(network, reference="PO-7"), headers=world.forwarder.headers
    )
    assert r.status_code == 409
    # Another organization may use the same reference.
    book(client, world.other, network, reference="PO-7")


def test_list_paginates_with_cursor_and_filters(
    client: TestClient, world: World, network: Network
) -> None:
    ids = [book(client, world.forwarder, network, reference=f"R{i}")["id"] for i in range(7)]
    north = book(client, world.forwarder, network, NORTHERN, containers=("MSCU1234566",))
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/v1/shipments", params=params, headers=world.forwarder.headers)
        assert page.status_code == 200, page.text
        data = page.json()
        assert len(data["items"]) <= 3
        seen += [s["id"] for s in data["items"]]
        cursor = data["next_cursor"]
        if cursor is None:
            break
    assert seen == [north["id"], *reversed(ids)]  # newest first, each exactly once

    def ids_for(**params) -> list[str]:
        r = client.get("/api/v1/shipments", params=params, headers=world.forwarder.headers)
        assert r.status_code == 200, r.text
        return [s["id"] for s in r.json()["items"]]

    assert ids_for(destination="RU_MOSCOW") == [north["id"]]
    assert ids_for(country="AZ") == list(reversed(ids))
    assert ids_for(container="MSCU1234566") == [north["id"]]
    assert ids_for(reference="R3") == [ids[3]]
    assert ids_for(status="delivered") == []
    assert len(ids_for(status=["booked", "in_transit"])) == 8


def test_damaged_cursor_is_a_clear_error(client: TestClient, world: World) -> None:
    r = client.get("/api/v1/shipments?cursor=bm9wZQ", headers=world.forwarder.headers)
    assert r.status_code == 422
    assert r.json()["errors"][0]["location"] == "cursor"


def test_owner_cancels_parties_cannot(client: TestClient, world: World, network: Network) -> None:
    ship = book(client, world.forwarder, network, parties=((world.railway.id, "carrier"),))
    r = client.patch(
        f"/api/v1/shipments/{ship['id']}",
        json={"status": "cancelled"},
        headers=world.railway.headers,
    )
    assert r.status_code == 403
    r = client.patch(
        f"/api/v1/shipments/{ship['id']}",
        json={"status": "cancelled", "cargo_description": "textiles"},
        headers=world.forwarder.headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "cancelled"
    assert r.json()["cargo_description"] == "textiles"


def test_parties_can_be_replaced(client: TestClient, world: World, network: Network) -> None:
    ship = book(client, world.forwarder, network)
    url = f"/api/v1/shipments/{ship['id']}"
    assert client.get(url, headers=world.railway.headers).status_code == 404
    r = client.patch(
        url,
        json={"parties": [{"organization_id": world.railway.id, "role": "railway"}]},
        headers=world.forwarder.headers,
    )
    assert r.status_code == 200, r.text
    assert client.get(url, headers=world.railway.headers).status_code == 200
