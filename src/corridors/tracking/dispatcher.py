"""The outbox dispatcher: POSTs pending deliveries, retries with back-off, gives up as ``dead``.

Delivery is at-least-once. A delivery is *claimed* by setting a lease (``locked_until``) in one
transaction, sent, and its outcome recorded in another; if the process dies in between, the
lease runs out and the delivery is sent again. Receivers deduplicate on the
``Corridors-Delivery`` header (the delivery id) and, inside it, on event ids.

Retries: after the n-th failed attempt the next waits min(cap, base x 2^(n-1)), of which a random
half is jitter (so receivers coming back up are not hit by every sender at once). After
``max_attempts`` failures the delivery is ``dead``; it can be re-queued through the API.
Multiple servers may share a PostgreSQL database: claims use ``FOR UPDATE SKIP LOCKED``.
"""

from __future__ import annotations

import ipaddress
import logging
import random
import socket
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import httpx
from sqlalchemy import or_, select

from corridors.store.db import Database
from corridors.store.models import Delivery, Subscription
from corridors.store.types import utcnow
from corridors.tracking.signing import SIGNATURE_HEADER, sign

__all__ = ["Dispatcher", "DispatcherConfig", "backoff_s", "is_private_url"]

log = logging.getLogger("corridors.webhooks")
USER_AGENT = "corridors-webhooks/1"


@dataclass(frozen=True)
class DispatcherConfig:
    timeout_s: float = 10.0
    max_attempts: int = 16
    backoff_base_s: float = 2.0
    backoff_cap_s: float = 3600.0
    poll_s: float = 1.0
    allow_private: bool = True
    batch: int = 50
    workers: int = 8


@dataclass(frozen=True)
class _Claimed:
    id: int
    kind: str
    body: str
    attempts: int
    url: str
    secret: str


def backoff_s(attempts: int, base: float, cap: float, rng: random.Random | None = None) -> float:
    """Wait before the next try after ``attempts`` failures: exponential, capped, half jitter."""
    full: float = min(cap, base * 2.0 ** max(0, attempts - 1))
    jitter: float = (rng or random).uniform(0, full / 2)
    return full / 2 + jitter


def is_private_url(url: str) -> bool:
    """Does the URL's host resolve to a loopback, private, link-local or reserved address?"""
    host = urlsplit(url).hostname or ""
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    for info in infos:
        addr = ipaddress.ip_address(info[4][0])
        if addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved:
            return True
    return False


class Dispatcher:
    def __init__(self, db: Database, config: DispatcherConfig) -> None:
        self.db = db
        self.config = config
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client = httpx.Client(
            timeout=config.timeout_s,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Content-Type": "application/json"},
        )
        self._pool = ThreadPoolExecutor(max_workers=config.workers, thread_name_prefix="webhook")
        self._lease = timedelta(seconds=config.timeout_s * 2 + 30)

    # -- lifecycle ------------------------------------------------------------------------------

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, name="outbox-dispatcher", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        """Finish the deliveries in flight, record their outcome, and stop."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._pool.shutdown(wait=True)
        self._client.close()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                sent = self.run_once()
            except Exception:  # keep the dispatcher alive through database hiccups
                log.exception("outbox dispatcher pass failed")
                sent = 0
            if sent == 0:
                self._wake.wait(self.config.poll_s)
                self._wake.clear()

    # -- one pass -------------------------------------------------------------------------------

    def run_once(self) -> int:
        """Claim due deliveries, send them concurrently, record outcomes. Returns how many."""
        claimed = self._claim()
        if not claimed:
            return 0
        outcomes = list(self._pool.map(self._send, claimed))
        self._record(claimed, outcomes)
        return len(claimed)

    def _claim(self) -> list[_Claimed]:
        now = utcnow()
        with self.db.write() as session:
            rows = session.execute(
                select(Delivery, Subscription.url, Subscription.secret)
                .join(Subscription, Subscription.id == Delivery.subscription_id)
                .where(
                    Delivery.status == "pending",
                    Delivery.next_attempt_at <= now,
                    or_(Delivery.locked_until.is_(None), Delivery.locked_until < now),
                    Subscription.active.is_(True),
                )
                .order_by(Delivery.next_attempt_at, Delivery.id)
                .limit(self.config.batch)
                .with_for_update(of=Delivery, skip_locked=True)
            ).all()
            out = []
            for delivery, url, secret in rows:
                delivery.locked_until = now + self._lease
                out.append(
                    _Claimed(
                        delivery.id, delivery.kind, delivery.body, delivery.attempts, url, secret
                    )
                )
            return out

    def _send(self, d: _Claimed) -> tuple[bool, int | None, str | None]:
        if not self.config.allow_private and is_private_url(d.url):
            return False, None, "URL resolves to a private or loopback address (not allowed)"
        body = d.body.encode()
        headers = {
            SIGNATURE_HEADER: sign(d.secret, body),
            "Corridors-Delivery": str(d.id),
            "Corridors-Event": d.kind,
            "Corridors-Attempt": str(d.attempts + 1),
        }
        try:
            resp = self._client.post(d.url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            return False, None, f"{type(exc).__name__}: {exc}"[:500]
        if 200 <= resp.status_code < 300:
            return True, resp.status_code, None
        return False, resp.status_code, f"receiver answered HTTP {resp.status_code}"

    def _record(
        self, claimed: list[_Claimed], outcomes: list[tuple[bool, int | None, str | None]]
    ) -> None:
        now = utcnow()
        cfg = self.config
        with self.db.write() as session:
            for d, (ok, code, error) in zip(claimed, outcomes, strict=True):
                row = session.get(Delivery, d.id)
                if row is None:  # subscription deleted meanwhile
                    continue
                row.attempts += 1
                row.locked_until = None
                row.last_status_code = code
                row.last_error = error
                if ok:
                    row.status = "delivered"
                    row.delivered_at = now
                elif row.attempts >= cfg.max_attempts:
                    row.status = "dead"
                    log.warning(
                        "webhook delivery %s is dead after %s attempts: %s",
                        d.id,
                        row.attempts,
                        error,
                    )
                else:
                    wait = backoff_s(row.attempts, cfg.backoff_base_s, cfg.backoff_cap_s)
                    row.next_attempt_at = now + timedelta(seconds=wait)
