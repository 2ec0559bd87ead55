"""Platform service over HTTP on loopback: event ingestion and route planning.

Starts the real server (``corridors serve``) as a subprocess, like an operator would, and drives
it with an asyncio HTTP client from this process (which shares the machine's cores).

1. Event ingestion in batches of 500 on SQLite (WAL, synchronous=FULL) and on PostgreSQL
   (CORRIDORS_TEST_POSTGRES_URL; skipped if unset), with a webhook subscription so every batch
   also writes the outbox. Peer: the same rows inserted straight into SQLite with
   ``executemany`` and the same durability, no HTTP, validation or tracking (an upper bound).
2. Route planning with 16 concurrent clients: distinct requests (no cache hits) with 1 and 2
   server workers, and repeated popular requests (cache hits). Peer: ``plan_routes`` called
   in-process on one thread, no HTTP.

Usage: ``python -m bench bench_platform`` (``BENCH_QUICK=1`` for a short run).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

QUICK = os.environ.get("BENCH_QUICK") == "1"
BATCH = 500
PAIRS = [
    ("Xi'an", "Duisburg"),
    ("Chongqing", "Duisburg"),
    ("Almaty", "Poti"),
    ("Urumqi", "Istanbul"),
    ("Lianyungang", "Baku"),
    ("Tashkent", "Moscow"),
    ("Dostyk", "Brest"),
    ("Moscow", "Mumbai"),
    ("Chengdu", "Malaszewicze"),
    ("Khorgos", "Constanta"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / tick
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text().split():
                total += cpu_seconds(int(child))
    except (FileNotFoundError, ProcessLookupError):
        pass
    return total


@dataclass
class Running:
    base: str
    pid: int

    def cpu(self) -> float:
        return cpu_seconds(self.pid)


@contextmanager
def server(database_url: str, workers: int = 1) -> Iterator[Running]:
    port = _free_port()
    env = {**os.environ, "CORRIDORS_DATABASE_URL": database_url, "CORRIDORS_LOG_LEVEL": "warning"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "corridors.cli", "serve", "--port", str(port),
         "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("server did not start")
            time.sleep(0.2)
        yield Running(base, proc.pid)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(60)


def _bootstrap(database_url: str) -> dict[str, str]:
    out = subprocess.run(
        [sys.executable, "-m", "corridors.cli", "admin", "bootstrap", "--name", "Bench",
         "--kind", "forwarder", "--json", "--database-url", database_url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    return {"Authorization": f"Bearer {json.loads(out.stdout)['api_key']['key']}"}


class _Sink(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


# --- event ingestion ----------------------------------------------------------------------------


def _events(shipments: list[dict[str, Any]], n_batches: int) -> list[list[dict[str, Any]]]:
    """Batches of realistic events: actual departures/arrivals along each route, in order,
    and equipment inspections at nodes; each batch spans all the shipments."""
    rng = random.Random(7)
    streams = []
    for ship in shipments:
        stream = []
        for leg in ship["legs"]:
            for code, node, when in (("DEPA", leg["from_id"], leg["depart"]),
                                     ("ARRI", leg["to_id"], leg["arrive"])):  # fmt: skip
                if not node:
                    continue
                t = datetime.fromisoformat(when) + timedelta(minutes=rng.randint(-30, 240))
                stream.append(("TRANSPORT", code, node, t))
                stream.append(("EQUIPMENT", "INSP", node, t + timedelta(minutes=5)))
        streams.append((ship["id"], stream))
    batches = []
    for b in range(n_batches):
        batch = []
        for i in range(BATCH):
            sid, stream = streams[i % len(streams)]
            etype, code, node, t = stream[(b * BATCH // len(streams) + i // len(streams))
                                          % len(stream)]  # fmt: skip
            batch.append({
                "event_id": f"{sid[:8]}-{b}-{i}-{uuid.uuid4().hex[:6]}",
                "event_classifier": "ACT",
                "event_type": etype,
                "event_type_code": code,
                "event_datetime": t.isoformat(),
                "shipment_id": sid,
                "location": node,
                "mode": "rail",
            })  # fmt: skip
        batches.append(batch)
    return batches


async def _ingest(base: str, headers: dict[str, str], batches: list[Any], clients: int) -> float:
    queue = list(enumerate(batches))
    lock = asyncio.Lock()

    async def worker(http: httpx.AsyncClient) -> None:
        while True:
            async with lock:
                if not queue:
                    return
                _, batch = queue.pop(0)
            r = await http.post(f"{base}/api/v1/events/batch", json={"events": batch},
                                headers=headers)  # fmt: skip
            body = r.json()
            assert r.status_code == 200 and body["created"] == len(batch), body

    async with httpx.AsyncClient(timeout=120) as http:
        t = time.perf_counter()
        await asyncio.gather(*(worker(http) for _ in range(clients)))
        return time.perf_counter() - t


def bench_ingestion(database_url: str, label: str) -> list[tuple[str, float, float]]:
    headers = _bootstrap(database_url)
    sink = ThreadingHTTPServer(("127.0.0.1", 0), _Sink)
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    n_batches = 8 if QUICK else 40
    rows = []
    with server(database_url) as srv:
        base = srv.base
        hook = f"http://127.0.0.1:{sink.server_address[1]}/hook"
        httpx.post(f"{base}/api/v1/subscriptions", json={"kind": "events", "url": hook},
                   headers=headers, timeout=30).raise_for_status()  # fmt: skip
        shipments = []
        for k in range(20):
            o, d = PAIRS[k % 5]
            r = httpx.post(
                f"{base}/api/v1/shipments",
                json={"containers": [{"number": "CSQU3054383"}],
                      "plan": {"request": {"origin": o, "destination": d,
                                           "departure": "2026-06-01T08:00:00+00:00"},
                               "option_rank": 1 + k % 2}},
                headers=headers, timeout=60,
            )  # fmt: skip
            r.raise_for_status()
            shipments.append(r.json())
        for clients in (1, 4):
            batches = _events(shipments, n_batches)
            cpu0 = srv.cpu()
            secs = asyncio.run(_ingest(base, headers, batches, clients))
            cpu = srv.cpu() - cpu0
            rate = n_batches * BATCH / secs
            rows.append((f"{label}, {clients} client(s)", rate, cpu / n_batches * 1000))
    sink.shutdown()
    return rows


def raw_sqlite_baseline(n_batches: int) -> float:
    """Same number of 500-row batches inserted straight into SQLite, WAL + synchronous=FULL."""
    with tempfile.TemporaryDirectory() as tmp:
        con = sqlite3.connect(Path(tmp) / "raw.db", isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute("PRAGMA synchronous=FULL")
        con.execute(
            "CREATE TABLE events (seq INTEGER PRIMARY KEY, org_id TEXT, event_id TEXT, "
            "shipment_id TEXT, classifier TEXT, event_type TEXT, type_code TEXT, event_time TEXT,"
            " location_id TEXT, content_hash TEXT, received_at TEXT, UNIQUE(org_id, event_id))"
        )
        now = datetime.now(UTC).isoformat()
        t = time.perf_counter()
        for b in range(n_batches):
            rows = [("o", f"{b}-{i}", "s", "ACT", "TRANSPORT", "DEPA", now, "N", "h" * 64, now)
                    for i in range(BATCH)]  # fmt: skip
            con.execute("BEGIN IMMEDIATE")
            con.executemany(
                "INSERT INTO events (org_id, event_id, shipment_id, classifier, event_type, "
                "type_code, event_time, location_id, content_hash, received_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            con.execute("COMMIT")
        secs = time.perf_counter() - t
        con.close()
    return n_batches * BATCH / secs


# --- route planning -----------------------------------------------------------------------------


def _route_requests(n: int, distinct: bool) -> list[dict[str, Any]]:
    base = datetime(2026, 6, 1, 6, tzinfo=UTC)
    out = []
    for i in range(n):
        o, d = PAIRS[i % len(PAIRS)]
        # Distinct departures (a minute apart) defeat the plan cache; popular ones repeat.
        minute = i if distinct else i % 3
        out.append({"origin": o, "destination": d,
                    "departure": (base + timedelta(minutes=minute)).isoformat()})  # fmt: skip
    return out


def _http_post(host: str, path: str, body: dict[str, Any]) -> bytes:
    """A keep-alive HTTP/1.1 POST, encoded once before the clock starts."""
    data = json.dumps(body).encode()
    head = (f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(data)}\r\n\r\n")  # fmt: skip
    return head.encode() + data


async def _exchange(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes
) -> tuple[int, bytes]:
    """Send one request and read its response (status line, Content-Length body)."""
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    return status, await reader.readexactly(length)


async def _plan_load(
    base: str, requests: list[dict[str, Any]], clients: int
) -> tuple[float, list[float], float]:
    """Drive ``clients`` keep-alive connections; returns (seconds, latencies, client CPU s).

    The client is a few lines over asyncio streams, with every request encoded before the clock
    starts, so that on a 2-core machine the load generator takes as little CPU from the server
    as it can (httpx took about 3 ms of CPU per request, a third of the server's)."""
    host, port = base.removeprefix("http://").split(":")
    path = "/api/v1/routes"
    queue = [_http_post(host, path, body) for body in requests]
    latencies: list[float] = []

    async def worker() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        while queue:
            request = queue.pop()
            t = time.perf_counter()
            status, body = await _exchange(reader, writer, request)
            latencies.append(time.perf_counter() - t)
            assert status == 200, body[:500]
        writer.close()

    reader, writer = await asyncio.open_connection(host, int(port))
    await _exchange(reader, writer, _http_post(host, path, requests[0]))  # warm the planner
    writer.close()
    cpu = time.process_time()
    t = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return time.perf_counter() - t, latencies, time.process_time() - cpu


def bench_planning(database_url: str) -> list[tuple[str, float, float, float, float, float]]:
    n = 200 if QUICK else 800
    rows = []
    setups = (
        (1, True, "distinct requests, 1 worker"),
        (2, True, "distinct requests, 2 workers"),
        (1, False, "popular requests (cache hits), 1 worker"),
    )
    for workers, distinct, label in setups:
        with server(database_url, workers=workers) as srv:
            cpu0 = srv.cpu()
            secs, lat, client_s = asyncio.run(
                _plan_load(srv.base, _route_requests(n, distinct), 16)
            )
            cpu_ms = (srv.cpu() - cpu0) / (n + 1) * 1000
        lat.sort()
        p50, p95 = lat[len(lat) // 2] * 1000, lat[int(len(lat) * 0.95)] * 1000
        rows.append((label, n / secs, p50, p95, cpu_ms, client_s / n * 1000))
    return rows


def in_process_planning() -> float:
    from corridors.network.load import load_network
    from corridors.routing import RouteRequest, plan_routes

    net = load_network()
    reqs = [RouteRequest.model_validate(r) for r in _route_requests(60 if QUICK else 200, True)]
    plan_routes(net, reqs[0])
    t = time.perf_counter()
    for r in reqs:
        plan_routes(net, r)
    return len(reqs) / (time.perf_counter() - t)


def main() -> None:
    print(f"date {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f} (other work shares the machine)")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        results = bench_ingestion(f"sqlite:///{tmp}/bench.db", "SQLite (WAL, synchronous=FULL)")
    pg = os.environ.get("CORRIDORS_TEST_POSTGRES_URL")
    if pg:
        import psycopg
        from sqlalchemy.engine import make_url

        url = make_url(pg)
        admin = url.set(drivername="postgresql").render_as_string(hide_password=False)
        name = f"corridors_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(admin, autocommit=True) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        try:
            db = url.set(drivername="postgresql+psycopg", database=name)
            results += bench_ingestion(db.render_as_string(hide_password=False), "PostgreSQL")
        finally:
            with psycopg.connect(admin, autocommit=True) as c:
                c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    raw = raw_sqlite_baseline(8 if QUICK else 40)
    print("\nEvent ingestion over HTTP, batches of 500, one webhook subscription")
    print(f"{'setup':46} {'events/s':>9} {'vs 5,000':>9} {'vs raw':>7} {'server CPU/batch':>17}")
    for label, rate, cpu_ms in results:
        print(f"{label:46} {rate:9,.0f} {rate / 5000:8.2f}x {rate / raw:6.2f}x {cpu_ms:14.0f} ms")
    print(f"{'raw SQLite executemany (peer, no HTTP)':46} {raw:9,.0f}")

    with tempfile.TemporaryDirectory() as tmp:
        rows = bench_planning(f"sqlite:///{tmp}/plan.db")
    direct = in_process_planning()
    print("\nRoute planning over HTTP, 16 concurrent clients")
    print(f"{'setup':42} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'vs 200':>7} {'CPU/req':>9}"
          f" {'client CPU/req':>15}")  # fmt: skip
    for label, rps, p50, p95, cpu_ms, client_ms in rows:
        print(f"{label:42} {rps:7.1f} {p50:7.1f} {p95:7.1f} {rps / 200:6.2f}x {cpu_ms:6.1f} ms"
              f" {client_ms:12.2f} ms")  # fmt: skip
    print(f"{'plan_routes in-process, 1 thread (peer)':42} {direct:7.1f} {'':>23} "
          f"{1000 / direct:6.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
