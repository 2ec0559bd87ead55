"""Events: publish one or a batch; poll what you can see; the vocabulary."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response, status

from corridors.api.deps import CallerDep, CtxDep, Cursor, Limit
from corridors.api.problems import problem_responses
from corridors.tracking import events
from corridors.tracking.schemas import BatchResult, EventBatch, EventIn, EventPublic, Page
from corridors.tracking.vocabulary import CODES, Classifier, EventType

router = APIRouter(prefix="/events", tags=["events"])


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses={
        200: {"model": EventPublic, "description": "already received with the same content"},
        **problem_responses(401, 403, 404, 409, 413, 422),
    },
    summary="Publish one event",
)
def publish_event(
    ctx: CtxDep, caller: CallerDep, event: EventIn, response: Response
) -> EventPublic:
    """201 when stored, 200 when this event id was already received with the same content,
    409 when it was received with different content."""
    (outcome,) = events.ingest(ctx, caller, [event], with_events=True)
    if outcome.error is not None:
        raise outcome.error
    if outcome.result.status == "duplicate":
        response.status_code = status.HTTP_200_OK
    assert outcome.event is not None
    return outcome.event


@router.post(
    "/batch",
    responses=problem_responses(401, 403, 413, 422),
    summary="Publish a batch of events (up to CORRIDORS_MAX_BATCH_EVENTS, default 5000)",
)
def publish_batch(ctx: CtxDep, caller: CallerDep, batch: EventBatch) -> BatchResult:
    """One transaction. Each event gets a result, in the order sent: ``created``,
    ``duplicate`` (same id and content as before: nothing changes), ``conflict`` (same id,
    different content: not stored) or ``rejected`` (e.g. unknown shipment or location; not
    stored, with the reason). Malformed events (wrong types or codes) fail the whole request
    with 422 and the location of each problem."""
    return events.summarise(events.ingest(ctx, caller, batch.events))


@router.get(
    "",
    responses=problem_responses(401, 422),
    summary="Events of the shipments you can see, in the order received (for polling)",
)
def list_events(
    ctx: CtxDep,
    caller: CallerDep,
    shipment_id: str | None = None,
    classifier: Classifier | None = None,
    event_type: EventType | None = None,
    limit: Limit = 100,
    cursor: Cursor = None,
) -> Page[EventPublic]:
    return events.list_events(
        ctx,
        caller,
        shipment_id=shipment_id,
        classifier=classifier,
        event_type=event_type,
        limit=limit,
        cursor=cursor,
    )


@router.get("/vocabulary", summary="Event types and codes, with their meaning")
def vocabulary() -> dict[str, list[dict[str, Any]]]:
    return {
        etype: [
            {"code": c.code, "meaning": c.meaning, "phase": c.phase, "dcsa": c.dcsa}
            for c in codes.values()
        ]
        for etype, codes in CODES.items()
    }
