"""The real server as a subprocess: bootstrap, crash safety under SIGKILL, graceful SIGTERM."""

from __future__ import annotations

import json
import threading
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from events_support import event
from server_process import Server, cli
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.slow


@pytest.fixture
def bootstrapped(database_url: str) -> str:
    out = cli(
        "admin", "bootstrap", "--name", "Operator", "--kind", "forwarder", "--json",
        env={"CORRIDORS_DATABASE_URL": database_url},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    created = json.loads(out.stdout)
    assert "admin" in created["organization"]["roles"]
    return str(created["api_key"]["key"])


@pytest.fixture
def server(database_url: str, tmp_path: Path) -> Iterator[Server]:
    srv = Server(database_url, tmp_path / "server.log")
    yield srv
    srv.close()


def _book(base: str, headers: dict[str, str]) -> str:
    r = httpx.post(
        f"{base}/api/v1/shipments",
        json={
            "containers": [{"number": "CSQU3054383"}],
            "plan": {"request": {"origin": "Xi'an", "destination": "Duisburg"}, "option_rank": 1},
        },
        headers=headers,
        timeout=60,
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def test_second_bootstrap_is_refused(database_url: str, bootstrapped: str) -> None:
    out = cli(
        "admin", "bootstrap", "--name", "Again", "--kind", "shipper",
        env={"CORRIDORS_DATABASE_URL": database_url},
    )  # fmt: skip
    assert out.returncode == 2
    assert "already has organizations" in out.stderr
    assert "Traceback" not in out.stderr


def test_acknowledged_events_survive_sigkill_exactly_once(
    server: Server, bootstrapped: str, database_url: str
) -> None:
    headers = {"Authorization": f"Bearer {bootstrapped}"}
    server.start()
    shipment = _book(server.url, headers)
    batches = [
        [
            event(f"b{b}-{i}", shipment, "INSP", "CN_XIY", 1 + b + i / 1000,
                  event_type="EQUIPMENT")
            for i in range(500)
        ]
        for b in range(60)
    ]  # fmt: skip
    acknowledged: list[int] = []
    three_acked = threading.Event()
    stop = threading.Event()

    def send() -> None:
        with httpx.Client(timeout=60) as http:
            for b, batch in enumerate(batches):
                if stop.is_set():
                    return
                try:
                    r = http.post(
                        f"{server.url}/api/v1/events/batch",
                        json={"events": batch},
                        headers=headers,
                    )
                except httpx.HTTPError:
                    return  # the server died under us: this batch is not acknowledged
                assert r.status_code == 200, r.text
                assert r.json()["created"] == 500
                acknowledged.append(b)
                if len(acknowledged) == 3:
                    three_acked.set()

    sender = threading.Thread(target=send)
    sender.start()
    assert three_acked.wait(120)
    server.kill()  # mid-stream: the sender is already sending the next batch
    stop.set()
    sender.join(60)
    assert 3 <= len(acknowledged) < len(batches)

    # Straight from the database: every acknowledged event is there exactly once, and a batch
    # is stored whole or not at all.
    engine = create_engine(database_url)
    with engine.connect() as conn:
        ids = [r[0] for r in conn.execute(text("SELECT event_id FROM events"))]
    engine.dispose()
    counts = Counter(ids)
    assert max(counts.values()) == 1
    for b in acknowledged:
        assert all(counts[e["event_id"]] == 1 for e in batches[b])
    per_batch = Counter(i.split("-")[0] for i in ids)
    assert set(per_batch.values()) == {500}

    # Restart; the client resends everything not acknowledged, and resends are harmless.
    server.start()
    with httpx.Client(timeout=60) as http:
        for b, batch in enumerate(batches[: max(acknowledged) + 2]):
            r = http.post(
                f"{server.url}/api/v1/events/batch", json={"events": batch}, headers=headers
            )
            assert r.status_code == 200, r.text
            body = r.json()
            assert body["created"] + body["duplicates"] == 500
            if b in acknowledged:
                assert body["duplicates"] == 500
        page = http.get(
            f"{server.url}/api/v1/shipments/{shipment}/events",
            params={"limit": 1000},
            headers=headers,
        ).json()
    expected = (max(acknowledged) + 2) * 500
    engine = create_engine(database_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM events")).scalar() == expected
        assert (
            conn.execute(text("SELECT count(DISTINCT event_id) FROM events")).scalar() == expected
        )
    engine.dispose()
    assert len(page["items"]) == 1000 and page["next_cursor"]


def test_sigterm_finishes_the_request_in_flight(
    server: Server, bootstrapped: str, database_url: str
) -> None:
    headers = {"Authorization": f"Bearer {bootstrapped}", "Content-Type": "application/json"}
    server.start()
    shipment = _book(server.url, headers)
    body = json.dumps(
        {"events": [event(f"g{i}", shipment, "INSP", "CN_XIY", 1 + i / 1000,
                          event_type="EQUIPMENT") for i in range(2000)]}
    ).encode()  # fmt: skip
    half = len(body) // 2
    first_part_sent = threading.Event()
    may_finish = threading.Event()

    def slow_body() -> Iterator[bytes]:
        yield body[:half]
        first_part_sent.set()
        may_finish.wait(30)
        yield body[half:]

    result: dict[str, httpx.Response] = {}

    def post() -> None:
        result["r"] = httpx.post(
            f"{server.url}/api/v1/events/batch", content=slow_body(), headers=headers, timeout=60
        )

    poster = threading.Thread(target=post)
    poster.start()
    assert first_part_sent.wait(30)
    assert server.proc is not None
    server.proc.send_signal(15)  # SIGTERM while the request is half-way through its body
    may_finish.set()
    poster.join(60)
    assert result["r"].status_code == 200, result["r"].text
    assert result["r"].json()["created"] == 2000
    # Uvicorn re-raises SIGTERM once it has shut down cleanly, so -15 is a clean exit too.
    assert server.proc.wait(60) in (0, -15)
    engine = create_engine(database_url)
    with engine.connect() as conn:
        n = conn.execute(text("SELECT count(*) FROM events WHERE event_id LIKE 'g%'")).scalar()
    engine.dispose()
    assert n == 2000
    lines = [json.loads(x) for x in server.log.read_text().splitlines() if x.startswith("{")]
    assert any(x["msg"] == "corridors stopped" for x in lines)
    access = [x for x in lines if x["logger"] == "corridors.access"]
    assert any(x["path"] == "/api/v1/events/batch" and x["status"] == 200 for x in access)
