"""Turn new events and ETA changes into webhook deliveries in the outbox.

Called inside the ingestion transaction, so a delivery exists if and only if its events were
stored. A subscription only ever receives what its organization may see (same rule as the API).

ETA-slip alerts: the slip is ETA P50 minus planned P50. A subscription with threshold N alerts
when the slip exceeds the last alerted slip by more than N hours (the first alert: slip > N),
so a shipment slipping steadily alerts at about N, 2N, 3N... If the ETA recovers below the last
alerted slip, that level is lowered to the new slip, so a renewed slip alerts again.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from corridors.store.models import (
    AlertState,
    Delivery,
    Organization,
    Shipment,
    ShipmentCountry,
    ShipmentParty,
    Subscription,
)
from corridors.tracking.access import can_see
from corridors.tracking.records import EventRecord

__all__ = ["EVENTS_PER_DELIVERY", "EtaChange", "enqueue", "event_body", "matches"]

EVENTS_PER_DELIVERY = 500


@dataclass
class EtaChange:
    ship: Shipment
    previous_p50: datetime
    trigger: EventRecord


def _dumps(body: dict[str, Any]) -> str:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def event_body(ev: EventRecord) -> dict[str, Any]:
    """The JSON of an event in a delivery: the same fields as GET /api/v1/events."""
    return {
        "event_id": ev.event_id,
        "publisher_org_id": ev.org_id,
        "shipment_id": ev.shipment_id,
        "event_classifier": ev.classifier,
        "event_type": ev.event_type,
        "event_type_code": ev.type_code,
        "event_datetime": ev.event_time.isoformat(),
        "location": ev.location_id,
        "mode": ev.mode,
        "transport_reference": ev.transport_reference,
        "equipment_reference": ev.equipment_reference,
        "remarks": ev.remarks,
        "received_at": ev.received_at.isoformat(),
    }


def matches(sub: Subscription, ev: EventRecord) -> bool:
    """Does an event pass the subscription's shipment, classifier and type filters?"""
    if sub.shipment_id is not None and sub.shipment_id != ev.shipment_id:
        return False
    if sub.classifiers and ev.classifier not in sub.classifiers:
        return False
    if sub.event_types:
        return ev.event_type in sub.event_types or f"{ev.event_type}.{ev.type_code}" in (
            sub.event_types
        )
    return True


def enqueue(
    session: Session,
    created: Sequence[EventRecord],
    changes: Sequence[EtaChange],
    shipments: dict[str, Shipment],
    now: datetime,
) -> int:
    """Write the deliveries for a batch; returns how many were queued."""
    subs = list(session.scalars(select(Subscription).where(Subscription.active.is_(True))))
    if not subs or not (created or changes):
        return 0
    orgs = {
        o.id: o
        for o in session.scalars(
            select(Organization).where(Organization.id.in_({s.org_id for s in subs}))
        )
    }
    touched = sorted({e.shipment_id for e in created} | {c.ship.id for c in changes})
    parties: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, set[str]] = defaultdict(set)
    for i in range(0, len(touched), 500):
        chunk = touched[i : i + 500]
        for sid, org_id in session.execute(
            select(ShipmentParty.shipment_id, ShipmentParty.org_id).where(
                ShipmentParty.shipment_id.in_(chunk)
            )
        ):
            parties[sid].add(org_id)
        for sid, country in session.execute(
            select(ShipmentCountry.shipment_id, ShipmentCountry.country).where(
                ShipmentCountry.shipment_id.in_(chunk)
            )
        ):
            countries[sid].add(country)

    seen: dict[tuple[str, str], bool] = {}

    def visible(sub: Subscription, shipment_id: str) -> bool:
        key = (sub.org_id, shipment_id)
        if key not in seen:
            org = orgs[sub.org_id]
            seen[key] = can_see(
                org.id,
                org.kind,
                org.country,
                owner_org_id=shipments[shipment_id].owner_org_id,
                party_ids=parties[shipment_id],
                countries=countries[shipment_id],
            )
        return seen[key]

    queued: list[Delivery] = []
    for sub in subs:
        if sub.kind == "events":
            mine = [e for e in created if matches(sub, e) and visible(sub, e.shipment_id)]
            for i in range(0, len(mine), EVENTS_PER_DELIVERY):
                body = {
                    "type": "events",
                    "subscription_id": sub.id,
                    "events": [event_body(e) for e in mine[i : i + EVENTS_PER_DELIVERY]],
                }
                queued.append(_delivery(sub, "events", body, now))
        elif sub.kind == "eta_slip":
            queued.extend(_slip_alerts(session, sub, changes, visible, now))
    session.add_all(queued)
    return len(queued)


def _slip_alerts(
    session: Session, sub: Subscription, changes: Sequence[EtaChange], visible: Any, now: datetime
) -> list[Delivery]:
    threshold = sub.eta_slip_hours or 0.0
    relevant = [
        c
        for c in changes
        if (sub.shipment_id is None or sub.shipment_id == c.ship.id) and visible(sub, c.ship.id)
    ]
    if not relevant:
        return []
    states = {
        s.shipment_id: s
        for s in session.scalars(
            select(AlertState).where(
                AlertState.subscription_id == sub.id,
                AlertState.shipment_id.in_([c.ship.id for c in relevant]),
            )
        )
    }
    out: list[Delivery] = []
    for change in relevant:
        ship = change.ship
        slip = ship.slip_h
        state = states.get(ship.id)
        alerted = state.alerted_slip_h if state else 0.0
        if slip - alerted > threshold:
            body = {
                "type": "eta.slipped",
                "subscription_id": sub.id,
                "shipment_id": ship.id,
                "reference": ship.reference,
                "threshold_h": threshold,
                "slip_h": round(slip, 3),
                "planned_arrival_p50": ship.planned_arrival_p50.isoformat(),
                "previous_eta_p50": change.previous_p50.isoformat(),
                "eta_p50": ship.eta_p50.isoformat(),
                "eta_p90": ship.eta_p90.isoformat(),
                "as_of": change.trigger.event_time.isoformat(),
                "trigger_event_id": change.trigger.event_id,
                "position": ship.position,
            }
            out.append(_delivery(sub, "eta_slip", body, now))
            new_level = slip
        elif slip < alerted:
            new_level = max(0.0, slip)
        else:
            continue
        if state is None:
            session.add(
                AlertState(subscription_id=sub.id, shipment_id=ship.id, alerted_slip_h=new_level)
            )
        else:
            state.alerted_slip_h = new_level
    return out


def _delivery(sub: Subscription, kind: str, body: dict[str, Any], now: datetime) -> Delivery:
    return Delivery(
        subscription_id=sub.id,
        kind=kind,
        body=_dumps(body),
        status="pending",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
