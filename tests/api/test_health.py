"""Health, readiness and the OpenAPI description."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_healthz(client: TestClient) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok"}


def test_readyz_reports_database_and_schema(client: TestClient) -> None:
    r = client.get("/readyz")
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["status"] == "ready"
    assert body["schema"] == "0003"
    assert body["network"]["nodes"] > 0


def test_openapi_lists_every_resource_and_problem_errors(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/organizations",
        "/api/v1/shipments",
        "/api/v1/shipments/{shipment_id}/eta",
        "/api/v1/events",
        "/api/v1/events/batch",
        "/api/v1/subscriptions",
    ):
        assert path in paths
    bad = paths["/api/v1/shipments"]["post"]["responses"]["422"]["content"]
    assert list(bad) == ["application/problem+json"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    assert client.get("/docs").status_code == 200


def test_readyz_fails_when_the_schema_is_not_at_head(client: TestClient) -> None:
    from sqlalchemy import text

    db = client.app.state.ctx.db  # type: ignore[attr-defined]
    with db.write() as session:
        head = session.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
        session.execute(text("UPDATE alembic_version SET version_num = '0000'"))
    try:
        r = client.get("/readyz")
    finally:  # the PostgreSQL database is shared by the session's tests
        with db.write() as session:
            session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
    assert r.status_code == 503
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "0000" in r.json()["detail"]
