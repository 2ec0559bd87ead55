"""Helpers for the API tests: organizations with keys, booking, the cast of a small world."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.testclient import TestClient

from corridors.network.model import Network
from tracking_support import MIDDLE, route_option


@dataclass
class Org:
    id: str
    name: str
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}


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
