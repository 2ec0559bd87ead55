"""Building event JSON for the tests."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from tracking_support import T0


def event(
    event_id: str,
    shipment_id: str | None,
    code: str = "DEPA",
    location: str | None = "CN_XIAN",
    hours: float = 2.0,
    *,
    event_type: str = "TRANSPORT",
    classifier: str = "ACT",
    **extra: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "event_id": event_id,
        "event_classifier": classifier,
        "event_type": event_type,
        "event_type_code": code,
        "event_datetime": (T0 + timedelta(hours=hours)).isoformat(),
        **extra,
    }
    if shipment_id is not None:
        body["shipment_id"] = shipment_id
    if location is not None:
        body["location"] = location
    return body
