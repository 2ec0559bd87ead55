"""API fixtures: the app on a real database (SQLite and PostgreSQL), organizations, shipments."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from corridors.api import create_app
from corridors.network.model import Network
from corridors.settings import Settings
from corridors.tracking.orgs import create_organization
from corridors.tracking.schemas import OrganizationCreate
from tracking_support import (  # noqa: F401
    MIDDLE,
    NORTHERN,
    corridor_network,
    database_url,
    postgres_database,
    route_option,
)


@dataclass
class Org:
    id: str
    name: str
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


@pytest.fixture
def network() -> Network:
    return corridor_network()


@pytest.fixture
def settings(database_url: str) -> Settings:  # noqa: F811
    return Settings(
        database_url=database_url,
        json_logs=False,
        webhook_backoff_base_s=0.05,
        webhook_backoff_cap_s=0.2,
        webhook_poll_s=0.05,
        webhook_timeout_s=5,
    )


@pytest.fixture
def client(settings: Settings, network: Network) -> Iterator[TestClient]:
    app = create_app(settings, network=network)
    with TestClient(app) as c:
        yield c


@pytest.fixture
def admin(client: TestClient) -> Org:
    created = create_organization(
        client.app.state.ctx,  # type: ignore[attr-defined]
        OrganizationCreate(name="Corridor Operator", kind="ministry"),
        caller=None,
        bootstrap=True,
    )
    return Org(created.organization.id, created.organization.name, created.api_key.key)


def make_org(
    client: TestClient, admin: Org, name: str, kind: str, country: str | None = None, **extra: Any
) -> Org:
    body: dict[str, Any] = {"name": name, "kind": kind, **extra}
    if country:
        body["country"] = country
    r = client.post("/api/v1/organizations", json=body, headers=admin.headers)
    assert r.status_code == 201, r.text
    data = r.json()
    return Org(data["organization"]["id"], name, data["api_key"]["key"])


def book(
    client: TestClient,
    org: Org,
    network: Network,
    links: list[str] = MIDDLE,
    *,
    containers: tuple[str, ...] = ("CSQU3054383",),
    parties: tuple[tuple[str, str], ...] = (),
    reference: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "containers": [{"number": c} for c in containers],
        "parties": [{"organization_id": oid, "role": role} for oid, role in parties],
        "route_option": route_option(network, links).model_dump(mode="json"),
    }
    if reference:
        body["reference"] = reference
    r = client.post("/api/v1/shipments", json=body, headers=org.headers)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


@dataclass
class World:
    admin: Org
    forwarder: Org
    railway: Org
    customs_kz: Org
    customs_az: Org
    customs_tr: Org
    other: Org


@pytest.fixture
def world(client: TestClient, admin: Org) -> World:
    return World(
        admin=admin,
        forwarder=make_org(client, admin, "Silk Forwarding", "forwarder"),
        railway=make_org(client, admin, "KTZ Express", "railway"),
        customs_kz=make_org(client, admin, "KZ State Revenue", "customs", "KZ"),
        customs_az=make_org(client, admin, "AZ Customs", "customs", "AZ"),
        customs_tr=make_org(client, admin, "TR Customs", "customs", "TR"),
        other=make_org(client, admin, "Other Logistics", "forwarder"),
    )
