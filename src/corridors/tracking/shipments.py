"""Shipments: book one from a route option, read, list, change, and report its ETA.

Booking copies the option's legs and planned times into the shipment, checked against the
network this server runs (node and link ids, a continuous chain of legs, times that move
forward), and takes each border leg's dwell P90 from the network for the ETA spread.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Select, and_, delete, exists, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from corridors.errors import Conflict, InvalidInput
from corridors.network.model import Network
from corridors.routing.schemas import Leg, RouteOption
from corridors.store.models import (
    EtaRecord,
    Organization,
    Shipment,
    ShipmentContainer,
    ShipmentCountry,
    ShipmentLeg,
    ShipmentParty,
)
from corridors.store.types import utcnow
from corridors.tracking import eta
from corridors.tracking.access import get_visible, visible_to
from corridors.tracking.context import Caller, Context, Forbidden
from corridors.tracking.pagination import decode_cursor, encode_cursor
from corridors.tracking.schemas import (
    ContainerPublic,
    EtaPublic,
    EtaRecordPublic,
    LegPublic,
    MilestonePublic,
    Page,
    PartyIn,
    PartyPublic,
    PositionPublic,
    ShipmentCreate,
    ShipmentPublic,
    ShipmentSummary,
    ShipmentUpdate,
)

__all__ = [
    "ShipmentFilter",
    "book",
    "eta_history",
    "get_eta",
    "get_shipment",
    "list_shipments",
    "plan_of",
    "update_shipment",
]

_TIME_SLACK = timedelta(minutes=1)  # rounding in planners' times
ACCESS = "access"  # link id the planner gives road legs to and from places that are not nodes


@dataclass
class ShipmentFilter:
    status: list[str] = field(default_factory=list)
    reference: str | None = None
    container: str | None = None
    origin_id: str | None = None
    destination_id: str | None = None
    country: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    min_delay_h: float | None = None


# --- booking ----------------------------------------------------------------------------------


def _leg_row(
    seq: int, leg: Leg, *, dwell_p90_h: float, queue_p90_h: float, border: str | None
) -> ShipmentLeg:
    return ShipmentLeg(
        seq=seq,
        from_id=leg.from_id,
        to_id=leg.to_id,
        mode=leg.mode,
        link_id=leg.link_id,
        service_id=leg.service_id,
        depart=leg.depart,
        arrive=leg.arrive,
        running_h=leg.running_h,
        wait_h=leg.wait_h,
        dwell_h=leg.dwell_h,
        dwell_p90_h=dwell_p90_h,
        queue_h=leg.queue_h,
        queue_p90_h=queue_p90_h,
        handling_h=leg.handling_h,
        border=border,
        countries=list(leg.countries),
    )


def _validated_legs(
    network: Network, option: RouteOption, where: str
) -> tuple[list[ShipmentLeg], set[str]]:
    """Rows for the option's legs and the countries they touch; InvalidInput on any mismatch."""
    if not option.legs:
        raise InvalidInput(f"{where} has no legs", field=f"{where}.legs")
    if option.arrive_p50 < option.depart or option.arrive_p90 < option.arrive_p50:
        raise InvalidInput(
            f"{where}: times must satisfy depart <= arrive_p50 <= arrive_p90 "
            f"(got {option.depart.isoformat()}, {option.arrive_p50.isoformat()}, "
            f"{option.arrive_p90.isoformat()})",
            field=f"{where}.arrive_p50",
        )
    countries = set(option.countries)
    rows: list[ShipmentLeg] = []
    prev = None
    last = len(option.legs) - 1
    for i, leg in enumerate(option.legs):
        at = f"{where}.legs[{i}]"
        if leg.link_id == ACCESS:
            # The planner's road leg between a place that is not a node and its terminal.
            node_end = leg.to_id if i == 0 else leg.from_id
            if i not in (0, last) or node_end not in network.nodes or leg.mode != "road":
                raise InvalidInput(
                    f"{at}: a road access leg (link_id 'access') may only start the route "
                    "(ending at a node) or end it (starting at a node)",
                    field=f"{at}.link_id",
                )
            countries.add(network.nodes[node_end].country)
            rows.append(
                _leg_row(i, leg, dwell_p90_h=leg.dwell_h, queue_p90_h=leg.queue_h, border=None)
            )
            prev = leg
            continue
        for attr in ("from_id", "to_id"):
            node_id = getattr(leg, attr)
            if node_id not in network.nodes:
                raise InvalidInput(
                    f"{at}.{attr} {node_id!r} is not a node of this server's network",
                    hint="book an option returned by POST /api/v1/routes on this server",
                    field=f"{at}.{attr}",
                )
            countries.add(network.nodes[node_id].country)
        link = network.links.get(leg.link_id)
        if link is None:
            raise InvalidInput(
                f"{at}.link_id {leg.link_id!r} is not a link of this server's network",
                hint="book an option returned by POST /api/v1/routes on this server",
                field=f"{at}.link_id",
            )
        if (link.from_id, link.to_id) != (leg.from_id, leg.to_id):
            raise InvalidInput(
                f"{at}.link_id {leg.link_id!r} runs {link.from_id} -> {link.to_id}, "
                f"not {leg.from_id} -> {leg.to_id}",
                field=f"{at}.link_id",
            )
        if prev is not None and leg.from_id != prev.to_id:
            raise InvalidInput(
                f"{at}.from_id {leg.from_id!r} does not continue from the previous leg, "
                f"which ends at {prev.to_id!r}",
                field=f"{at}.from_id",
            )
        if leg.arrive < leg.depart:
            raise InvalidInput(
                f"{at} arrives ({leg.arrive.isoformat()}) before it departs "
                f"({leg.depart.isoformat()})",
                field=f"{at}.arrive",
            )
        if prev is not None and leg.depart + _TIME_SLACK < prev.arrive:
            raise InvalidInput(
                f"{at} departs ({leg.depart.isoformat()}) before the previous leg arrives "
                f"({prev.arrive.isoformat()})",
                field=f"{at}.depart",
            )
        border = network.borders.get(leg.link_id)
        spread = max(0.0, border.dwell_p90_h - border.dwell_p50_h) if border else 0.0
        queue = max(
            (s.queue_p90_h - s.queue_p50_h for s in network.services.get(leg.link_id, ())
             if s.id == leg.service_id),
            default=0.0,
        )  # fmt: skip
        countries.update(leg.countries)
        rows.append(
            _leg_row(
                i,
                leg,
                dwell_p90_h=leg.dwell_h + spread,
                queue_p90_h=leg.queue_h + queue,
                border=leg.border or (border.name if border else None),
            )
        )
        prev = leg
    return rows, countries


def _option_to_book(ctx: Context, data: ShipmentCreate) -> tuple[RouteOption, str]:
    if data.route_option is not None:
        return data.route_option, "route_option"
    assert data.plan is not None
    plan = ctx.require_planner()(ctx.require_network(), data.plan.request)
    for option in plan.options:
        if option.rank == data.plan.option_rank:
            return option, "plan"
    raise InvalidInput(
        f"plan.option_rank {data.plan.option_rank}: the planner found "
        f"{len(plan.options)} option(s) for this request",
        hint="choose a rank from 1 to the number of options",
        field="plan.option_rank",
    )


def _check_parties(session: Session, parties: list[PartyIn]) -> None:
    ids = {p.organization_id for p in parties}
    if not ids:
        return
    known = set(session.scalars(select(Organization.id).where(Organization.id.in_(ids))))
    for i, p in enumerate(parties):
        if p.organization_id not in known:
            raise InvalidInput(
                f"parties[{i}].organization_id {p.organization_id!r} is not an organization",
                hint="GET /api/v1/organizations lists them",
                field=f"parties[{i}].organization_id",
            )


def book(ctx: Context, caller: Caller, data: ShipmentCreate) -> ShipmentPublic:
    caller.require("book", "book shipments")
    network = ctx.require_network()
    option, where = _option_to_book(ctx, data)
    legs, countries = _validated_legs(network, option, where)
    shipment_id = str(uuid.uuid4())
    now = utcnow()
    try:
        with ctx.db.write() as session:
            _check_parties(session, data.parties)
            ship = Shipment(
                id=shipment_id,
                owner_org_id=caller.org_id,
                reference=data.reference,
                cargo_description=data.cargo_description,
                status="booked",
                origin_id=legs[0].to_id if legs[0].link_id == ACCESS else legs[0].from_id,
                destination_id=(legs[-1].from_id if legs[-1].link_id == ACCESS else legs[-1].to_id),
                depart=option.depart,
                planned_arrival_p50=option.arrive_p50,
                planned_arrival_p90=option.arrive_p90,
                price_usd=option.price_usd,
                co2e_kg=option.co2e_kg,
                distance_km=option.distance_km,
                route=option.model_dump(mode="json"),
                created_at=now,
                updated_at=now,
                eta_p50=option.arrive_p50,
                eta_p90=option.arrive_p90,
                delay_h=0.0,
                slip_h=0.0,
            )
            session.add(ship)
            session.flush()
            for leg in legs:
                leg.shipment_id = shipment_id
            session.add_all(legs)
            session.add_all(
                ShipmentContainer(
                    shipment_id=shipment_id, number=c.number, iso_type=c.iso_type, seal=c.seal
                )
                for c in data.containers
            )
            session.add_all(
                ShipmentParty(shipment_id=shipment_id, org_id=p.organization_id, role=p.role)
                for p in {p.organization_id: p for p in data.parties}.values()
            )
            session.add_all(
                ShipmentCountry(shipment_id=shipment_id, country=c) for c in sorted(countries)
            )
            session.add(
                EtaRecord(
                    shipment_id=shipment_id,
                    computed_at=now,
                    as_of=now,
                    eta_p50=option.arrive_p50,
                    eta_p90=option.arrive_p90,
                    delay_h=0.0,
                    trigger="booked",
                )
            )
    except IntegrityError:
        raise Conflict(
            f"you already have a shipment with reference {data.reference!r}",
            hint="references are unique per organization; choose another or omit it",
            field="reference",
        ) from None
    return get_shipment(ctx, caller, shipment_id)


# --- reading ----------------------------------------------------------------------------------


def plan_of(ship: Shipment, legs: list[ShipmentLeg]) -> eta.Plan:
    return eta.Plan(
        legs=[
            eta.PlannedLeg(
                from_id=leg.from_id,
                to_id=leg.to_id,
                depart=leg.depart,
                arrive=leg.arrive,
                wait_h=leg.wait_h,
                dwell_h=leg.dwell_h,
                dwell_p90_h=leg.dwell_p90_h,
                queue_h=leg.queue_h,
                queue_p90_h=leg.queue_p90_h,
                border=leg.border,
            )
            for leg in legs
        ],
        depart=ship.depart,
        arrival_p50=ship.planned_arrival_p50,
        arrival_p90=ship.planned_arrival_p90,
        destination_handling_h=float(ship.route.get("destination_handling_h") or 0.0),
    )


def _legs(session: Session, shipment_id: str) -> list[ShipmentLeg]:
    return list(
        session.scalars(
            select(ShipmentLeg)
            .where(ShipmentLeg.shipment_id == shipment_id)
            .order_by(ShipmentLeg.seq)
        )
    )


def _eta_public(ship: Shipment, legs: list[ShipmentLeg]) -> EtaPublic:
    plan = plan_of(ship, legs)
    milestones = plan.milestones
    nxt = None
    if ship.arrived_at is None and ship.status != "cancelled":
        idx = (ship.milestone if ship.milestone is not None else -1) + 1
        if 0 <= idx < len(milestones):
            m = milestones[idx]
            nxt = MilestonePublic(
                index=m.index,
                kind=m.kind,
                node_id=m.node_id,
                leg_seq=m.leg_seq,
                planned=m.planned,
                expected=m.planned + timedelta(hours=ship.delay_h),
                border=m.border,
            )
    return EtaPublic(
        shipment_id=ship.id,
        status=ship.status,
        planned_arrival_p50=ship.planned_arrival_p50,
        planned_arrival_p90=ship.planned_arrival_p90,
        eta_p50=ship.eta_p50,
        eta_p90=ship.eta_p90,
        delay_h=round(ship.slip_h, 4),
        milestone_delay_h=round(ship.delay_h, 4),
        position=PositionPublic.model_validate(ship.position) if ship.position else None,
        next_milestone=nxt,
        arrived_at=ship.arrived_at,
        delivered_at=ship.delivered_at,
    )


def _summary(ship: Shipment, containers: list[str]) -> ShipmentSummary:
    return ShipmentSummary(
        id=ship.id,
        reference=ship.reference,
        owner_org_id=ship.owner_org_id,
        status=ship.status,
        origin_id=ship.origin_id,
        destination_id=ship.destination_id,
        depart=ship.depart,
        planned_arrival_p50=ship.planned_arrival_p50,
        eta_p50=ship.eta_p50,
        eta_p90=ship.eta_p90,
        delay_h=round(ship.slip_h, 4),
        containers=containers,
        created_at=ship.created_at,
    )


def _public(session: Session, ship: Shipment) -> ShipmentPublic:
    legs = _legs(session, ship.id)
    containers = list(
        session.scalars(
            select(ShipmentContainer)
            .where(ShipmentContainer.shipment_id == ship.id)
            .order_by(ShipmentContainer.number)
        )
    )
    parties = list(
        session.scalars(
            select(ShipmentParty)
            .where(ShipmentParty.shipment_id == ship.id)
            .order_by(ShipmentParty.org_id)
        )
    )
    countries = list(
        session.scalars(
            select(ShipmentCountry.country)
            .where(ShipmentCountry.shipment_id == ship.id)
            .order_by(ShipmentCountry.country)
        )
    )
    summary = _summary(ship, [c.number for c in containers])
    return ShipmentPublic(
        **summary.model_dump(),
        cargo_description=ship.cargo_description,
        planned_arrival_p90=ship.planned_arrival_p90,
        price_usd=ship.price_usd,
        co2e_kg=ship.co2e_kg,
        distance_km=ship.distance_km,
        countries=countries,
        parties=[PartyPublic.model_validate(p) for p in parties],
        container_details=[ContainerPublic.model_validate(c) for c in containers],
        legs=[LegPublic.model_validate(leg) for leg in legs],
        route=ship.route,
        eta=_eta_public(ship, legs),
        updated_at=ship.updated_at,
    )


def get_shipment(ctx: Context, caller: Caller, shipment_id: str) -> ShipmentPublic:
    with ctx.db.read() as session:
        return _public(session, get_visible(session, caller, shipment_id))


def _filtered(query: Select[Shipment], f: ShipmentFilter) -> Select[Shipment]:
    if f.status:
        query = query.where(Shipment.status.in_(f.status))
    if f.reference is not None:
        query = query.where(Shipment.reference == f.reference)
    if f.container is not None:
        query = query.where(
            exists().where(
                ShipmentContainer.shipment_id == Shipment.id,
                ShipmentContainer.number == f.container,
            )
        )
    if f.origin_id is not None:
        query = query.where(Shipment.origin_id == f.origin_id)
    if f.destination_id is not None:
        query = query.where(Shipment.destination_id == f.destination_id)
    if f.country is not None:
        query = query.where(
            exists().where(
                ShipmentCountry.shipment_id == Shipment.id, ShipmentCountry.country == f.country
            )
        )
    if f.created_from is not None:
        query = query.where(Shipment.created_at >= f.created_from)
    if f.created_to is not None:
        query = query.where(Shipment.created_at < f.created_to)
    if f.min_delay_h is not None:
        query = query.where(Shipment.slip_h >= f.min_delay_h)
    return query


def list_shipments(
    ctx: Context, caller: Caller, f: ShipmentFilter, *, limit: int, cursor: str | None
) -> Page[ShipmentSummary]:
    """Newest first; keyset-paginated on (created_at, id)."""
    query = _filtered(select(Shipment).where(visible_to(caller)), f)
    if cursor:
        at_raw, last_id = decode_cursor(cursor, 2)
        try:
            at = datetime.fromisoformat(str(at_raw))
        except ValueError:
            at = None
        if at is None or at.tzinfo is None or not isinstance(last_id, str):
            raise InvalidInput("cursor is damaged", field="cursor")
        query = query.where(
            or_(Shipment.created_at < at, and_(Shipment.created_at == at, Shipment.id < last_id))
        )
    query = query.order_by(Shipment.created_at.desc(), Shipment.id.desc()).limit(limit + 1)
    with ctx.db.read() as session:
        rows = list(session.scalars(query))
        more = len(rows) > limit
        rows = rows[:limit]
        containers: dict[str, list[str]] = defaultdict(list)
        if rows:
            for sid, number in session.execute(
                select(ShipmentContainer.shipment_id, ShipmentContainer.number)
                .where(ShipmentContainer.shipment_id.in_([r.id for r in rows]))
                .order_by(ShipmentContainer.number)
            ):
                containers[sid].append(number)
    items = [_summary(r, containers[r.id]) for r in rows]
    nxt = encode_cursor(rows[-1].created_at.isoformat(), rows[-1].id) if more else None
    return Page[ShipmentSummary](items=items, next_cursor=nxt)


# --- changing ---------------------------------------------------------------------------------


def update_shipment(
    ctx: Context, caller: Caller, shipment_id: str, data: ShipmentUpdate
) -> ShipmentPublic:
    try:
        with ctx.db.write() as session:
            ship = get_visible(session, caller, shipment_id)
            if ship.owner_org_id != caller.org_id:
                raise Forbidden(
                    "only the organization that booked a shipment can change it",
                    hint="ask the owner to make the change",
                )
            if data.reference is not None:
                ship.reference = data.reference
            if data.cargo_description is not None:
                ship.cargo_description = data.cargo_description
            if data.status == "cancelled":
                if ship.status in ("arrived", "delivered"):
                    raise Conflict(
                        f"shipment {shipment_id} has {ship.status}; it can no longer be cancelled",
                        field="status",
                    )
                ship.status = "cancelled"
            if data.parties is not None:
                _check_parties(session, data.parties)
                session.execute(delete(ShipmentParty).where(ShipmentParty.shipment_id == ship.id))
                session.add_all(
                    ShipmentParty(shipment_id=ship.id, org_id=p.organization_id, role=p.role)
                    for p in {p.organization_id: p for p in data.parties}.values()
                )
            ship.updated_at = utcnow()
            session.flush()
            return _public(session, ship)
    except IntegrityError:
        raise Conflict(
            f"you already have a shipment with reference {data.reference!r}", field="reference"
        ) from None


# --- ETA --------------------------------------------------------------------------------------


def get_eta(ctx: Context, caller: Caller, shipment_id: str) -> EtaPublic:
    with ctx.db.read() as session:
        ship = get_visible(session, caller, shipment_id)
        return _eta_public(ship, _legs(session, ship.id))


def eta_history(ctx: Context, caller: Caller, shipment_id: str) -> list[EtaRecordPublic]:
    with ctx.db.read() as session:
        ship = get_visible(session, caller, shipment_id)
        rows = session.scalars(
            select(EtaRecord).where(EtaRecord.shipment_id == ship.id).order_by(EtaRecord.seq)
        )
        return [EtaRecordPublic.model_validate(r) for r in rows]
