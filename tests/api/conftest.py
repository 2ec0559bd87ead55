"""API fixtures: the app on a real database (SQLite and PostgreSQL), organizations, shipments."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from api_support import Org, World, make_org
from fastapi.testclient import TestClient

from corridors.api import create_app
from corridors.network.model import Network
from corridors.settings import Settings
from corridors.tracking.orgs import create_organization
from corridors.tracking.schemas import OrganizationCreate
from tracking_support import (  # noqa: F401
    corridor_network,
    database_url,
    postgres_database,
)


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
