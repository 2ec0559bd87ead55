"""Every error is RFC 9457 problem+json that names the field, the value and what is accepted."""

from __future__ import annotations

from api_support import Org, World
from fastapi.testclient import TestClient

PROBLEM = "application/problem+json"


def _problem(r, status: int) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith(PROBLEM)
    body = r.json()
    assert body["status"] == status
    assert body["title"] and body["detail"] and body["type"]
    return body


def test_unknown_path_is_a_problem(client: TestClient) -> None:
    body = _problem(client.get("/api/v1/nowhere"), 404)
    assert "/api/v1/nowhere" in body["detail"]
    assert body["instance"] == "/api/v1/nowhere"


def test_wrong_method_is_a_problem_with_allow(client: TestClient, admin: Org) -> None:
    r = client.put("/api/v1/organizations", headers=admin.headers)
    body = _problem(r, 405)
    assert "PUT" in body["detail"]
    assert "GET" in r.headers["allow"]


def test_missing_and_bad_keys_get_401_with_challenge(client: TestClient) -> None:
    r = client.get("/api/v1/shipments")
    body = _problem(r, 401)
    assert r.headers["www-authenticate"] == "Bearer"
    assert "API key" in body["detail"]
    r = client.get("/api/v1/shipments", headers={"Authorization": "Bearer crd_nope"})
    _problem(r, 401)
    r = client.get(
        "/api/v1/shipments", headers={"Authorization": "Bearer crd_abcdefghij_" + "x" * 43}
    )
    assert _problem(r, 401)["detail"] == "unknown API key"


def test_validation_errors_list_each_field(client: TestClient, admin: Org) -> None:
    r = client.post(
        "/api/v1/organizations",
        json={"name": "", "kind": "airline", "country": "kz"},
        headers=admin.headers,
    )
    body = _problem(r, 422)
    locations = {e["location"] for e in body["errors"]}
    assert {"name", "kind", "country"} <= locations
    kind = next(e for e in body["errors"] if e["location"] == "kind")
    assert kind["value"] == "airline"
    assert "shipper" in kind["message"]  # says what is accepted


def test_malformed_json_is_a_problem(client: TestClient, admin: Org) -> None:
    r = client.post(
        "/api/v1/organizations",
        content=b'{"name": ',
        headers={**admin.headers, "Content-Type": "application/json"},
    )
    _problem(r, 422)


def test_request_body_limit(client: TestClient, world: World) -> None:
    limit = client.app.state.settings.max_body_bytes  # type: ignore[attr-defined]
    big = b'{"events": [' + b" " * (limit + 10) + b"]}"
    r = client.post(
        "/api/v1/events/batch",
        content=big,
        headers={**world.railway.headers, "Content-Type": "application/json"},
    )
    body = _problem(r, 413)
    assert f"{limit:,}" in body["detail"]


def test_streamed_body_over_the_limit(client: TestClient, world: World) -> None:
    limit = client.app.state.settings.max_body_bytes  # type: ignore[attr-defined]

    def chunks():
        yield b'{"events": ['
        for _ in range(limit // 65536 + 2):
            yield b" " * 65536
        yield b"]}"

    r = client.post(
        "/api/v1/events/batch",
        content=chunks(),
        headers={**world.railway.headers, "Content-Type": "application/json"},
    )
    body = _problem(r, 413)
    assert "at most" in body["detail"]


def test_nul_in_query_is_rejected(client: TestClient, world: World) -> None:
    r = client.get("/api/v1/shipments?reference=a%00b", headers=world.forwarder.headers)
    _problem(r, 422)


def test_problem_carries_request_id(client: TestClient, world: World) -> None:
    r = client.get(
        "/api/v1/shipments/nope",
        headers={**world.forwarder.headers, "X-Request-ID": "trace-42"},
    )
    body = _problem(r, 404)
    assert body["request_id"] == "trace-42"
    assert r.headers["x-request-id"] == "trace-42"


def test_nul_in_body_is_a_clear_error_not_a_500(client: TestClient, admin: Org) -> None:
    r = client.post(
        "/api/v1/organizations",
        json={"name": "Bad\u0000Name", "kind": "shipper"},
        headers=admin.headers,
    )
    body = _problem(r, 422)
    assert "NUL" in body["detail"]
