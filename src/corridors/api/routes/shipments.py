"""Shipments: book, list, read, change; their ETA, ETA history and events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, status
from pydantic import AwareDatetime

from corridors.api.deps import CallerDep, CtxDep, Cursor, Limit
from corridors.api.problems import problem_responses
from corridors.tracking import events, shipments
from corridors.tracking.schemas import (
    ContainerNumber,
    EtaPublic,
    EtaRecordPublic,
    EventPublic,
    Page,
    ShipmentCreate,
    ShipmentPublic,
    ShipmentStatus,
    ShipmentSummary,
    ShipmentUpdate,
)
from corridors.tracking.vocabulary import Classifier

router = APIRouter(prefix="/shipments", tags=["shipments"], responses=problem_responses(401, 422))

ShipmentId = Annotated[str, Path(max_length=36, description="shipment id")]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(403, 409, 503),
    summary="Book a shipment from a route option",
)
def book_shipment(ctx: CtxDep, caller: CallerDep, data: ShipmentCreate) -> ShipmentPublic:
    """Send either ``route_option`` (an option from ``POST /api/v1/routes``, unchanged) or
    ``plan`` (a route request and the rank of the option to book)."""
    return shipments.book(ctx, caller, data)


@router.get("", summary="Shipments you can see, newest first")
def list_shipments(
    ctx: CtxDep,
    caller: CallerDep,
    limit: Limit = 50,
    cursor: Cursor = None,
    status: Annotated[list[ShipmentStatus] | None, Query()] = None,
    reference: Annotated[str | None, Query(max_length=100)] = None,
    container: Annotated[ContainerNumber | None, Query()] = None,
    origin: Annotated[str | None, Query(max_length=64, description="node id")] = None,
    destination: Annotated[str | None, Query(max_length=64, description="node id")] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Z]{2}$")] = None,
    created_from: AwareDatetime | None = None,
    created_to: AwareDatetime | None = None,
    min_delay_h: Annotated[float | None, Query(ge=-1e5, le=1e5)] = None,
) -> Page[ShipmentSummary]:
    f = shipments.ShipmentFilter(
        status=list(status or []),
        reference=reference,
        container=container,
        origin_id=origin,
        destination_id=destination,
        country=country,
        created_from=created_from,
        created_to=created_to,
        min_delay_h=min_delay_h,
    )
    return shipments.list_shipments(ctx, caller, f, limit=limit, cursor=cursor)


@router.get("/{shipment_id}", responses=problem_responses(404))
def read_shipment(ctx: CtxDep, caller: CallerDep, shipment_id: ShipmentId) -> ShipmentPublic:
    return shipments.get_shipment(ctx, caller, shipment_id)


@router.patch(
    "/{shipment_id}",
    responses=problem_responses(403, 404, 409),
    summary="Change reference, description or parties, or cancel (owner only)",
)
def update_shipment(
    ctx: CtxDep, caller: CallerDep, shipment_id: ShipmentId, data: ShipmentUpdate
) -> ShipmentPublic:
    return shipments.update_shipment(ctx, caller, shipment_id, data)


@router.get(
    "/{shipment_id}/eta",
    responses=problem_responses(404),
    summary="Current ETA (P50/P90), position, next milestone and delay against plan",
)
def read_eta(ctx: CtxDep, caller: CallerDep, shipment_id: ShipmentId) -> EtaPublic:
    return shipments.get_eta(ctx, caller, shipment_id)


@router.get(
    "/{shipment_id}/eta/history",
    responses=problem_responses(404),
    summary="Every ETA the shipment has had, oldest first",
)
def read_eta_history(
    ctx: CtxDep, caller: CallerDep, shipment_id: ShipmentId
) -> list[EtaRecordPublic]:
    return shipments.eta_history(ctx, caller, shipment_id)


@router.get(
    "/{shipment_id}/events",
    responses=problem_responses(404),
    summary="The shipment's events in the order they happened",
)
def read_shipment_events(
    ctx: CtxDep,
    caller: CallerDep,
    shipment_id: ShipmentId,
    classifier: Classifier | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    cursor: Cursor = None,
) -> Page[EventPublic]:
    return events.shipment_events(
        ctx, caller, shipment_id, classifier=classifier, limit=limit, cursor=cursor
    )
