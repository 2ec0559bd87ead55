"""Opaque keyset cursors: the sort key of the last row of a page, base64url-encoded JSON.

Keyset (not offset) pagination stays correct while rows are being added and costs the same on
page 1,000 as on page 1.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from corridors.errors import InvalidInput

__all__ = ["decode_cursor", "encode_cursor"]


def encode_cursor(*values: Any) -> str:
    raw = json.dumps(list(values), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, arity: int) -> list[Any]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        values = None
    if not isinstance(values, list) or len(values) != arity:
        raise InvalidInput(
            f"cursor {cursor[:40]!r} is not a cursor this list returned",
            hint="pass next_cursor from the previous page unchanged",
            field="cursor",
        )
    return values
