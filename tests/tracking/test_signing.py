"""Webhook signatures: HMAC-SHA256 over timestamp and body, with replay protection."""

from __future__ import annotations

import hashlib
import hmac

from hypothesis import given
from hypothesis import strategies as st

from corridors.tracking.dispatcher import backoff_s
from corridors.tracking.signing import sign, verify

SECRET = "whsec_test"


def test_header_is_hmac_of_timestamp_and_body() -> None:
    body = b'{"type":"ping"}'
    header = sign(SECRET, body, timestamp=1_700_000_000)
    expected = hmac.new(SECRET.encode(), b"1700000000." + body, hashlib.sha256).hexdigest()
    assert header == f"t=1700000000,v1={expected}"


def test_verify_accepts_fresh_and_rejects_tampering() -> None:
    body = b'{"a":1}'
    header = sign(SECRET, body, timestamp=1000)
    assert verify(SECRET, body, header, now=1000 + 299)
    assert not verify(SECRET, body, header, now=1000 + 301)  # replayed too late
    assert not verify(SECRET, b'{"a":2}', header, now=1000)
    assert not verify("whsec_other", body, header, now=1000)
    assert not verify(SECRET, body, header.replace("t=1000", "t=1001"), now=1000)
    assert not verify(SECRET, body, "garbage", now=1000)


@given(st.integers(1, 40), st.floats(0.01, 100), st.floats(1, 10_000))
def test_backoff_is_capped_exponential_with_half_jitter(n: int, base: float, cap: float) -> None:
    full = min(cap, base * 2 ** (n - 1))
    wait = backoff_s(n, base, cap)
    assert full / 2 <= wait <= full
