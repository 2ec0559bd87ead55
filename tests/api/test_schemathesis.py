"""Property-based API testing from the OpenAPI schema: no 5xx, every answer matches the schema.

Runs in-process against the real app on a real database, authenticated as an organization that
owns a shipment, so both the 404 paths and the happy paths get exercised.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from api_support import Org, make_org
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from corridors.api import create_app
from corridors.settings import Settings
from corridors.tracking.orgs import create_organization
from corridors.tracking.schemas import OrganizationCreate

pytestmark = pytest.mark.slow


@pytest.fixture
def prepared(database_url: str) -> Iterator[tuple[Any, Org]]:
    """The app on the bundled network, with an organization that owns a shipment."""
    app = create_app(Settings(database_url=database_url, json_logs=False))
    with TestClient(app) as client:
        created = create_organization(
            app.state.ctx,
            OrganizationCreate(
                name="Operator", kind="forwarder", roles=["admin", "book", "publish"]
            ),
            caller=None,
            bootstrap=True,
        )
        admin = Org(created.organization.id, "Operator", created.api_key.key)
        make_org(client, admin, "KZ customs", "customs", "KZ")
        r = client.post(
            "/api/v1/shipments",
            json={
                "containers": [{"number": "CSQU3054383"}],
                "plan": {"request": {"origin": "Xi'an", "destination": "Duisburg"}},
            },
            headers=admin.headers,
        )
        assert r.status_code == 201, r.text
        yield app, admin


def _operations() -> list[tuple[str, str]]:
    """(path, method) of every operation, read from the app's own OpenAPI document."""
    doc = create_app(Settings(database_url="sqlite://")).openapi()
    return [
        (path, method.upper())
        for path, item in doc["paths"].items()
        for method in item
        if method in ("get", "post", "put", "patch", "delete")
    ]


@pytest.mark.parametrize(("path", "method"), _operations())
def test_api_conforms(path: str, method: str, prepared: tuple[Any, Org]) -> None:
    app, admin = prepared
    operation = schemathesis.openapi.from_asgi("/openapi.json", app)[path][method]

    @given(case=operation.as_strategy())
    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case: Any) -> None:
        # Not "positive data acceptance": JSON Schema cannot say that a container number needs a
        # valid check digit or a route option must use this network's links, so schema-valid
        # input may rightly get 422. Every other check (no 5xx, status codes, content types,
        # response schemas, rejection of schema-invalid input, ...) runs.
        case.call_and_validate(
            headers=admin.headers, excluded_checks=[checks.positive_data_acceptance]
        )

    check()
