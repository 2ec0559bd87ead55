"""A just-stored event as a plain record: what tracking and the outbox read from a batch.

Building thousands of ORM objects per batch costs more than the database work itself, so the
batch path inserts dictionaries and hands these light records on; attribute names match
``corridors.store.models.Event`` so code can read either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["EventRecord"]


@dataclass(frozen=True, slots=True)
class EventRecord:
    org_id: str
    event_id: str
    shipment_id: str
    classifier: str
    event_type: str
    type_code: str
    event_time: datetime
    location_id: str | None
    mode: str | None
    transport_reference: str | None
    equipment_reference: str | None
    remarks: str | None
    content_hash: str
    received_at: datetime
