"""Event ingestion: one event or thousands per call, idempotent, in any order of arrival.

A batch is one transaction. Inside it each event is either

- ``created``: stored now;
- ``duplicate``: the publisher already sent this event id with the same content (harmless);
- ``conflict``: the event id was already used for different content (nothing stored);
- ``rejected``: it names a shipment the publisher cannot see, an unknown location, etc.

Every created ACT event moves its shipment's position (if it is the latest by *event time*,
not by arrival), status and ETA; webhook deliveries for the new events and ETA slips are written
to the outbox in the same transaction, so a crash can lose neither the events nor their alerts.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Table, and_, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer

from corridors.errors import Conflict, CorridorsError, InvalidInput, NotFound
from corridors.store.models import EtaRecord, Event, Shipment, ShipmentContainer, ShipmentLeg
from corridors.store.types import utcnow
from corridors.tracking import alerts, eta
from corridors.tracking.access import get_visible, visible_to
from corridors.tracking.context import Caller, Context
from corridors.tracking.pagination import decode_cursor, encode_cursor
from corridors.tracking.records import EventRecord
from corridors.tracking.schemas import BatchResult, EventIn, EventPublic, EventResult, Page
from corridors.tracking.shipments import plan_of
from corridors.tracking.vocabulary import code_info

__all__ = ["IngestOutcome", "event_public", "ingest", "list_events", "shipment_events"]

FUTURE_TOLERANCE = timedelta(minutes=15)  # clock skew allowed on ACT events
_CHUNK = 500  # ids per IN (...) list
_CONTENT_FIELDS = (
    "event_classifier",
    "event_type",
    "event_type_code",
    "event_datetime",
    "shipment_id",
    "equipment_reference",
    "location",
    "mode",
    "transport_reference",
    "remarks",
)
_CLOSED = ("delivered", "cancelled")


@dataclass
class _Item:
    index: int
    event: EventIn
    node_id: str | None = None
    when: datetime | None = None  # event_datetime in UTC
    content: dict[str, Any] = field(default_factory=dict)
    digest: str = ""
    error: CorridorsError | None = None


@dataclass
class IngestOutcome:
    """A result per event, plus the error behind each rejection (for single-event answers)."""

    result: EventResult
    error: CorridorsError | None = None
    event: EventPublic | None = None


def _utc_iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat()


def _prepare(ctx: Context, index: int, ev: EventIn, now: datetime) -> _Item:
    item = _Item(index, ev)
    try:
        if ev.location is not None:
            item.node_id = ctx.resolve_location(ev.location, field=f"events[{index}].location")
        if ev.event_classifier == "ACT" and ev.event_datetime > now + FUTURE_TOLERANCE:
            raise InvalidInput(
                f"events[{index}]: an ACT (actual) event cannot be in the future "
                f"({ev.event_datetime.isoformat()})",
                hint="send planned or estimated times as PLN or EST events",
                field=f"events[{index}].event_datetime",
            )
    except CorridorsError as exc:
        item.error = exc
        return item
    item.when = ev.event_datetime.astimezone(UTC)
    item.content = {
        "event_classifier": ev.event_classifier,
        "event_type": ev.event_type,
        "event_type_code": ev.event_type_code,
        "event_datetime": item.when.isoformat(),
        "shipment_id": ev.shipment_id,
        "equipment_reference": ev.equipment_reference,
        "location": item.node_id,
        "mode": ev.mode,
        "transport_reference": ev.transport_reference,
        "remarks": ev.remarks,
    }
    # Fields in a fixed order, separated by U+001F; NUL (never allowed in input) marks None.
    canonical = "\x1f".join("\x00" if v is None else str(v) for v in item.content.values())
    item.digest = hashlib.sha256(canonical.encode()).hexdigest()
    return item


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _stored_content(row: Event) -> dict[str, Any]:
    return {
        "event_classifier": row.classifier,
        "event_type": row.event_type,
        "event_type_code": row.type_code,
        "event_datetime": _utc_iso(row.event_time),
        "equipment_reference": row.equipment_reference,
        "location": row.location_id,
        "mode": row.mode,
        "transport_reference": row.transport_reference,
        "remarks": row.remarks,
    }


def _conflict(item: _Item, earlier: dict[str, Any], where: str) -> Conflict:
    differs = [k for k in _CONTENT_FIELDS if k in earlier and earlier[k] != item.content.get(k)]
    what = ", ".join(differs) if differs else "shipment_id"
    return Conflict(
        f"events[{item.index}]: event_id {item.event.event_id!r} was {where} with different "
        f"content (differs in: {what})",
        hint="an event id names one event; send a correction under a new event_id",
        field=f"events[{item.index}].event_id",
    )


def event_public(row: Event | EventRecord) -> EventPublic:
    return EventPublic(
        event_id=row.event_id,
        publisher_org_id=row.org_id,
        shipment_id=row.shipment_id,
        event_classifier=row.classifier,
        event_type=row.event_type,
        event_type_code=row.type_code,
        event_datetime=row.event_time,
        location=row.location_id,
        mode=row.mode,
        transport_reference=row.transport_reference,
        equipment_reference=row.equipment_reference,
        remarks=row.remarks,
        received_at=row.received_at,
    )


def _resolve_targets(
    session: Session, caller: Caller, items: list[_Item]
) -> tuple[dict[str, Shipment], dict[str, list[str]], set[tuple[str, str]]]:
    """Visible shipments by id, open visible shipments by container, (shipment, container)."""
    ids = sorted({i.event.shipment_id for i in items if i.event.shipment_id})
    numbers = sorted({i.event.equipment_reference for i in items if i.event.equipment_reference})
    shipments: dict[str, Shipment] = {}
    for chunk in _chunks(ids):
        for ship in session.scalars(
            select(Shipment)
            .options(defer(Shipment.route))
            .where(Shipment.id.in_(chunk), visible_to(caller))
        ):
            shipments[ship.id] = ship
    by_container: dict[str, list[str]] = defaultdict(list)
    pairs: set[tuple[str, str]] = set()
    for chunk in _chunks(numbers):
        rows = session.execute(
            select(ShipmentContainer.number, Shipment)
            .options(defer(Shipment.route))
            .join(Shipment, Shipment.id == ShipmentContainer.shipment_id)
            .where(ShipmentContainer.number.in_(chunk), visible_to(caller))
            .order_by(Shipment.created_at)
        ).all()
        for number, ship in rows:
            pairs.add((ship.id, number))
            if ship.status not in _CLOSED:
                by_container[number].append(ship.id)
                shipments.setdefault(ship.id, ship)
    return shipments, by_container, pairs


def _target(
    item: _Item,
    shipments: dict[str, Shipment],
    by_container: dict[str, list[str]],
    pairs: set[tuple[str, str]],
) -> str:
    ev = item.event
    at = f"events[{item.index}]"
    if ev.shipment_id is not None:
        if ev.shipment_id not in shipments:
            raise NotFound(
                f"{at}: shipment {ev.shipment_id!r} not found", field=f"{at}.shipment_id"
            )
        if ev.equipment_reference and (ev.shipment_id, ev.equipment_reference) not in pairs:
            raise InvalidInput(
                f"{at}: container {ev.equipment_reference} is not on shipment {ev.shipment_id}",
                field=f"{at}.equipment_reference",
            )
        return ev.shipment_id
    assert ev.equipment_reference is not None
    found = by_container.get(ev.equipment_reference, [])
    if not found:
        raise NotFound(
            f"{at}: no open shipment you can see carries container {ev.equipment_reference}",
            hint="give shipment_id, or check that you are a party to the shipment",
            field=f"{at}.equipment_reference",
        )
    if len(found) > 1:
        raise InvalidInput(
            f"{at}: container {ev.equipment_reference} is on {len(found)} open shipments "
            f"({', '.join(found)})",
            hint="give shipment_id to say which",
            field=f"{at}.shipment_id",
        )
    return found[0]


def _phase(ev: EventRecord) -> str | None:
    info = code_info(ev.event_type, ev.type_code)
    return info.phase if info else None


def _plans_of(ctx: Context, session: Session, ships: Sequence[Shipment]) -> dict[str, eta.Plan]:
    """The booked plans (they never change after booking, so they are cached in memory)."""
    plans = {s.id: p for s in ships if (p := ctx.plans.get(s.id)) is not None}
    missing = [s for s in ships if s.id not in plans]
    legs: dict[str, list[ShipmentLeg]] = defaultdict(list)
    for chunk in _chunks([s.id for s in missing]):
        for leg in session.scalars(
            select(ShipmentLeg)
            .where(ShipmentLeg.shipment_id.in_(chunk))
            .order_by(ShipmentLeg.shipment_id, ShipmentLeg.seq)
        ):
            legs[leg.shipment_id].append(leg)
    for ship in missing:
        plans[ship.id] = ctx.plans.put(ship.id, plan_of(ship, legs[ship.id]))
    return plans


def _track(
    ctx: Context,
    session: Session,
    ship: Shipment,
    plan: eta.Plan,
    new: list[EventRecord],
    now: datetime,
) -> alerts.EtaChange | None:
    """Apply a shipment's new ACT events; return the ETA change, if any."""
    before = (ship.eta_p50, ship.eta_p90)
    trigger: EventRecord | None = None
    for ev in new:
        info = code_info(ev.event_type, ev.type_code)
        assert info is not None
        if info.delivers and (ship.delivered_at is None or ev.event_time < ship.delivered_at):
            ship.delivered_at = ev.event_time
        at_destination = ev.location_id == plan.destination and info.phase is not None
        if (info.delivers or at_destination) and (
            ship.arrived_at is None or ev.event_time < ship.arrived_at
        ):
            ship.arrived_at = ev.event_time
            trigger = ev
    positioned = [e for e in new if _phase(e) is not None]
    # Latest by event time; among equal times the one given last in the batch.
    latest = max(reversed(positioned), key=lambda e: e.event_time, default=None)
    if latest is not None and (
        ship.position_time is None or latest.event_time >= ship.position_time
    ):
        info = code_info(latest.event_type, latest.type_code)
        assert info is not None and info.phase is not None and latest.location_id is not None
        current = eta.Estimate(
            ship.eta_p50,
            ship.eta_p90,
            ship.delay_h,
            -1 if ship.milestone is None else ship.milestone,
        )
        moved = eta.advance(plan, current, latest.location_id, info.phase, latest.event_time)
        node = ctx.network.nodes.get(latest.location_id) if ctx.network else None
        ship.position = {
            "node_id": latest.location_id,
            "node_name": node.name if node else None,
            "event_id": latest.event_id,
            "event_type": latest.event_type,
            "event_type_code": latest.type_code,
            "event_datetime": latest.event_time.isoformat(),
            "on_route": moved is not None,
        }
        ship.position_time = latest.event_time
        if moved is not None and ship.arrived_at is None:
            ship.milestone = moved.milestone
            ship.delay_h = moved.delay_h
            ship.eta_p50, ship.eta_p90 = moved.eta_p50, moved.eta_p90
            trigger = latest
    if ship.arrived_at is not None:
        ship.eta_p50 = ship.eta_p90 = ship.arrived_at + timedelta(hours=plan.destination_handling_h)
        ship.milestone = len(plan.milestones) - 1
        ship.delay_h = (ship.arrived_at - plan.legs[-1].arrive).total_seconds() / 3600
    if ship.status != "cancelled":
        if ship.delivered_at is not None:
            ship.status = "delivered"
        elif ship.arrived_at is not None:
            ship.status = "arrived"
        else:
            ship.status = "in_transit"
    ship.slip_h = (ship.eta_p50 - ship.planned_arrival_p50).total_seconds() / 3600
    ship.updated_at = now
    if (ship.eta_p50, ship.eta_p90) == before or trigger is None:
        return None
    session.add(
        EtaRecord(
            shipment_id=ship.id,
            computed_at=now,
            as_of=trigger.event_time,
            eta_p50=ship.eta_p50,
            eta_p90=ship.eta_p90,
            delay_h=ship.slip_h,
            trigger=f"{trigger.event_type}.{trigger.type_code} {trigger.event_id}"[:200],
        )
    )
    return alerts.EtaChange(ship=ship, previous_p50=before[0], trigger=trigger)


def _store(
    ctx: Context, caller: Caller, items: list[_Item], with_events: bool
) -> tuple[list[IngestOutcome], int]:
    outcomes: list[IngestOutcome | None] = [None] * len(items)
    now = utcnow()
    with ctx.db.write() as session:
        valid = [i for i in items if i.error is None]
        ids = sorted({i.event.event_id for i in valid})
        existing: dict[str, Event] = {}
        for chunk in _chunks(ids):
            for row in session.scalars(
                select(Event).where(Event.org_id == caller.org_id, Event.event_id.in_(chunk))
            ):
                existing[row.event_id] = row
        fresh = [i for i in valid if i.event.event_id not in existing]
        shipments, by_container, pairs = _resolve_targets(session, caller, fresh)

        in_batch: dict[str, _Item] = {}
        rows: list[dict[str, Any]] = []
        for item in items:
            ev = item.event
            if item.error is not None:
                outcomes[item.index] = _rejected(item, item.error)
                continue
            if ev.event_id in existing:
                row = existing[ev.event_id]
                if row.content_hash == item.digest:
                    outcomes[item.index] = IngestOutcome(
                        EventResult.model_construct(
                            index=item.index,
                            event_id=ev.event_id,
                            status="duplicate",
                            shipment_id=row.shipment_id,
                        ),
                        event=event_public(row) if with_events else None,
                    )
                else:
                    exc = _conflict(item, _stored_content(row), "already received")
                    outcomes[item.index] = _conflicted(item, exc)
                continue
            if ev.event_id in in_batch:
                first = in_batch[ev.event_id]
                if first.digest == item.digest:
                    outcomes[item.index] = IngestOutcome(
                        EventResult.model_construct(
                            index=item.index,
                            event_id=ev.event_id,
                            status="duplicate",
                            shipment_id=first.content["_shipment"],
                        )
                    )
                else:
                    exc = _conflict(item, first.content, "used earlier in this batch")
                    outcomes[item.index] = _conflicted(item, exc)
                continue
            try:
                shipment_id = _target(item, shipments, by_container, pairs)
            except CorridorsError as exc:
                outcomes[item.index] = _rejected(item, exc)
                continue
            item.content["_shipment"] = shipment_id
            in_batch[ev.event_id] = item
            rows.append(
                {
                    "org_id": caller.org_id,
                    "event_id": ev.event_id,
                    "shipment_id": shipment_id,
                    "classifier": ev.event_classifier,
                    "event_type": ev.event_type,
                    "type_code": ev.event_type_code,
                    "event_time": item.when,
                    "location_id": item.node_id,
                    "mode": ev.mode,
                    "transport_reference": ev.transport_reference,
                    "equipment_reference": ev.equipment_reference,
                    "remarks": ev.remarks,
                    "content_hash": item.digest,
                    "received_at": now,
                }
            )
            outcomes[item.index] = IngestOutcome(
                EventResult.model_construct(
                    index=item.index,
                    event_id=ev.event_id,
                    status="created",
                    shipment_id=shipment_id,
                )
            )

        created = [EventRecord(**r) for r in rows]
        if rows:
            session.execute(insert(cast(Table, Event.__table__)), rows)
        by_ship: dict[str, list[EventRecord]] = defaultdict(list)
        for record in created:
            if record.classifier == "ACT":
                by_ship[record.shipment_id].append(record)
        plans = _plans_of(ctx, session, [shipments[sid] for sid in sorted(by_ship)])
        changes = [
            change
            for sid, evs in by_ship.items()
            if (change := _track(ctx, session, shipments[sid], plans[sid], evs, now)) is not None
        ]
        queued = alerts.enqueue(session, created, changes, shipments, now)
    if with_events:
        fresh_outcomes = (o for o in outcomes if o is not None and o.result.status == "created")
        for o, record in zip(fresh_outcomes, created, strict=True):
            o.event = event_public(record)
    return [o for o in outcomes if o is not None], queued


def _rejected(item: _Item, exc: CorridorsError) -> IngestOutcome:
    return IngestOutcome(
        EventResult.model_construct(
            index=item.index, event_id=item.event.event_id, status="rejected", detail=str(exc)
        ),
        error=exc,
    )


def _conflicted(item: _Item, exc: Conflict) -> IngestOutcome:
    return IngestOutcome(
        EventResult.model_construct(
            index=item.index, event_id=item.event.event_id, status="conflict", detail=str(exc)
        ),
        error=exc,
    )


def ingest(
    ctx: Context, caller: Caller, events: Sequence[EventIn], *, with_events: bool = False
) -> list[IngestOutcome]:
    """Store a batch; one outcome per event, in the order given (``with_events``: each
    outcome also carries the stored event, as the single-event endpoint returns it)."""
    caller.require("publish", "publish events")
    if len(events) > ctx.max_batch_events:
        raise InvalidInput(
            f"events: {len(events)} events in one request; at most {ctx.max_batch_events} "
            "are accepted",
            hint="split the batch into several requests",
            field="events",
        )
    now = utcnow()
    items = [_prepare(ctx, i, ev, now) for i, ev in enumerate(events)]
    for attempt in range(3):
        try:
            outcomes, queued = _store(ctx, caller, items, with_events)
            break
        except IntegrityError:
            # Another request stored one of these ids between our check and insert (PostgreSQL
            # only; SQLite writers are serialised). Re-run: they now classify as duplicates.
            if attempt == 2:
                raise Conflict(
                    "the same event ids are being written concurrently; retry the request"
                ) from None
    if queued:
        ctx.wake_dispatcher()
    return outcomes


def summarise(outcomes: Sequence[IngestOutcome]) -> BatchResult:
    counts: dict[str, int] = defaultdict(int)
    for o in outcomes:
        counts[o.result.status] += 1
    return BatchResult(
        created=counts["created"],
        duplicates=counts["duplicate"],
        conflicts=counts["conflict"],
        rejected=counts["rejected"],
        results=[o.result for o in outcomes],
    )


# --- reading ----------------------------------------------------------------------------------


def list_events(
    ctx: Context,
    caller: Caller,
    *,
    shipment_id: str | None,
    classifier: str | None,
    event_type: str | None,
    limit: int,
    cursor: str | None,
) -> Page[EventPublic]:
    """Events of shipments the caller can see, in the order they were received (for polling)."""
    query = select(Event).join(Shipment, Shipment.id == Event.shipment_id).where(visible_to(caller))
    if shipment_id is not None:
        query = query.where(Event.shipment_id == shipment_id)
    if classifier is not None:
        query = query.where(Event.classifier == classifier)
    if event_type is not None:
        query = query.where(Event.event_type == event_type)
    if cursor:
        (after,) = decode_cursor(cursor, 1)
        if not isinstance(after, int):
            raise InvalidInput("cursor is damaged", field="cursor")
        query = query.where(Event.seq > after)
    with ctx.db.read() as session:
        rows = list(session.scalars(query.order_by(Event.seq).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return Page[EventPublic](
        items=[event_public(r) for r in rows],
        next_cursor=encode_cursor(rows[-1].seq) if more else None,
    )


def shipment_events(
    ctx: Context,
    caller: Caller,
    shipment_id: str,
    *,
    classifier: str | None,
    limit: int,
    cursor: str | None,
) -> Page[EventPublic]:
    """A shipment's events in the order they happened (event time), whatever their arrival."""
    query = select(Event).where(Event.shipment_id == shipment_id)
    if classifier is not None:
        query = query.where(Event.classifier == classifier)
    if cursor:
        at_raw, seq = decode_cursor(cursor, 2)
        try:
            at = datetime.fromisoformat(str(at_raw))
        except ValueError:
            at = None
        if at is None or at.tzinfo is None or not isinstance(seq, int):
            raise InvalidInput("cursor is damaged", field="cursor")
        query = query.where(
            or_(Event.event_time > at, and_(Event.event_time == at, Event.seq > seq))
        )
    with ctx.db.read() as session:
        get_visible(session, caller, shipment_id)
        rows = list(session.scalars(query.order_by(Event.event_time, Event.seq).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    nxt = encode_cursor(rows[-1].event_time.isoformat(), rows[-1].seq) if more else None
    return Page[EventPublic](items=[event_public(r) for r in rows], next_cursor=nxt)
