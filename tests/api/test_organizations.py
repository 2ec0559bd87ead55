"""Organizations, roles and API keys (stored hashed, revocable)."""

from __future__ import annotations

from api_support import Org, World, make_org
from fastapi.testclient import TestClient
from sqlalchemy import select

from corridors.store.models import ApiKey


def test_bootstrap_org_is_admin(client: TestClient, admin: Org) -> None:
    me = client.get("/api/v1/organizations/me", headers=admin.headers).json()
    assert me["id"] == admin.id
    assert "admin" in me["roles"]


def test_roles_default_by_kind(client: TestClient, world: World) -> None:
    orgs = {
        o["name"]: o
        for o in client.get("/api/v1/organizations", headers=world.other.headers).json()
    }
    assert orgs["Silk Forwarding"]["roles"] == ["book", "publish"]
    assert orgs["KTZ Express"]["roles"] == ["publish"]
    assert orgs["KZ State Revenue"]["country"] == "KZ"
    assert orgs["KZ State Revenue"]["kind"] == "customs"


def test_customs_needs_a_country(client: TestClient, admin: Org) -> None:
    r = client.post(
        "/api/v1/organizations", json={"name": "Customs", "kind": "customs"}, headers=admin.headers
    )
    assert r.status_code == 422
    assert "country" in r.json()["detail"]


def test_only_admins_create_organizations(client: TestClient, world: World) -> None:
    r = client.post(
        "/api/v1/organizations",
        json={"name": "Sneaky", "kind": "shipper"},
        headers=world.forwarder.headers,
    )
    assert r.status_code == 403
    assert "admin" in r.json()["detail"]


def test_duplicate_name_conflicts(client: TestClient, world: World) -> None:
    r = client.post(
        "/api/v1/organizations",
        json={"name": "Silk Forwarding", "kind": "shipper"},
        headers=world.admin.headers,
    )
    assert r.status_code == 409
    assert r.json()["errors"][0]["location"] == "name"


def test_admin_grants_roles(client: TestClient, world: World) -> None:
    r = client.patch(
        f"/api/v1/organizations/{world.railway.id}",
        json={"roles": ["publish", "book"]},
        headers=world.admin.headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["roles"] == ["book", "publish"]


def test_keys_are_stored_hashed_and_revocable(client: TestClient, world: World) -> None:
    r = client.post(
        f"/api/v1/organizations/{world.other.id}/keys",
        json={"name": "ci"},
        headers=world.other.headers,
    )
    assert r.status_code == 201, r.text
    new = r.json()
    key = new["key"]
    assert key.startswith(new["prefix"] + "_")
    # Only the prefix and a SHA-256 digest reach the database.
    with client.app.state.ctx.db.read() as session:  # type: ignore[attr-defined]
        rows = session.execute(select(ApiKey.prefix, ApiKey.key_hash)).all()
    assert all(key not in (p, h) for p, h in rows)
    assert any(h != key and len(h) == 64 for _, h in rows)

    listed = client.get(f"/api/v1/organizations/{world.other.id}/keys", headers=world.other.headers)
    assert {k["name"] for k in listed.json()} == {"default", "ci"}
    assert all("key" not in k for k in listed.json())

    headers = {"Authorization": f"Bearer {key}"}
    assert client.get("/api/v1/organizations/me", headers=headers).status_code == 200
    r = client.delete(
        f"/api/v1/organizations/{world.other.id}/keys/{new['id']}", headers=world.other.headers
    )
    assert r.status_code == 204
    r = client.get("/api/v1/organizations/me", headers=headers)
    assert r.status_code == 401
    assert "revoked" in r.json()["detail"]
    assert client.get("/api/v1/organizations/me", headers=world.other.headers).status_code == 200


def test_other_orgs_keys_are_not_found(client: TestClient, world: World) -> None:
    r = client.get(f"/api/v1/organizations/{world.forwarder.id}/keys", headers=world.other.headers)
    assert r.status_code == 404
    r = client.get(f"/api/v1/organizations/{world.forwarder.id}/keys", headers=world.admin.headers)
    assert r.status_code == 200


def test_ministry_cannot_book(client: TestClient, world: World, network) -> None:
    ministry = make_org(client, world.admin, "Ministry of Transport", "ministry")
    r = client.post(
        "/api/v1/shipments",
        json={
            "containers": [{"number": "CSQU3054383"}],
            "plan": {"request": {"origin": "CN_XIAN", "destination": "GE_POTI"}},
        },
        headers=ministry.headers,
    )
    assert r.status_code == 403
    assert "book" in r.json()["detail"]
