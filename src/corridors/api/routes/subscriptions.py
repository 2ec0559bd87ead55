"""Webhook subscriptions and the status of their deliveries."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Response, status

from corridors.api.deps import CallerDep, CtxDep, Cursor, Limit
from corridors.api.problems import problem_responses
from corridors.tracking import subscriptions as subs
from corridors.tracking.schemas import (
    DeliveryPublic,
    DeliveryStatus,
    Page,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionPublic,
    SubscriptionUpdate,
)

router = APIRouter(
    prefix="/subscriptions", tags=["webhooks"], responses=problem_responses(401, 422)
)

SubscriptionId = Annotated[str, Path(max_length=36)]
DeliveryId = Annotated[int, Path(ge=1, le=2**63 - 1)]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(404),
    summary="Subscribe a URL to events or to ETA slips; the signing secret is shown once",
)
def create_subscription(
    ctx: CtxDep, caller: CallerDep, data: SubscriptionCreate
) -> SubscriptionCreated:
    return subs.create_subscription(ctx, caller, data)


@router.get("", summary="Your organization's subscriptions")
def list_subscriptions(ctx: CtxDep, caller: CallerDep) -> list[SubscriptionPublic]:
    return subs.list_subscriptions(ctx, caller)


@router.get("/{subscription_id}", responses=problem_responses(404))
def read_subscription(
    ctx: CtxDep, caller: CallerDep, subscription_id: SubscriptionId
) -> SubscriptionPublic:
    return subs.get_subscription(ctx, caller, subscription_id)


@router.patch("/{subscription_id}", responses=problem_responses(404))
def update_subscription(
    ctx: CtxDep, caller: CallerDep, subscription_id: SubscriptionId, data: SubscriptionUpdate
) -> SubscriptionPublic:
    return subs.update_subscription(ctx, caller, subscription_id, data)


@router.delete(
    "/{subscription_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(404),
)
def delete_subscription(
    ctx: CtxDep, caller: CallerDep, subscription_id: SubscriptionId
) -> Response:
    subs.delete_subscription(ctx, caller, subscription_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/{subscription_id}/deliveries",
    responses=problem_responses(404),
    summary="Deliveries, newest first, with attempts, last answer and status",
)
def list_deliveries(
    ctx: CtxDep,
    caller: CallerDep,
    subscription_id: SubscriptionId,
    status: DeliveryStatus | None = None,
    limit: Limit = 50,
    cursor: Cursor = None,
) -> Page[DeliveryPublic]:
    return subs.list_deliveries(
        ctx, caller, subscription_id, status=status, limit=limit, cursor=cursor
    )


@router.post(
    "/{subscription_id}/deliveries/{delivery_id}/retry",
    responses=problem_responses(404),
    summary="Queue a delivery again (e.g. a dead one) with a fresh count of attempts",
)
def retry_delivery(
    ctx: CtxDep, caller: CallerDep, subscription_id: SubscriptionId, delivery_id: DeliveryId
) -> DeliveryPublic:
    return subs.redeliver(ctx, caller, subscription_id, delivery_id)


@router.post(
    "/{subscription_id}/ping",
    status_code=status.HTTP_202_ACCEPTED,
    responses=problem_responses(404),
    summary="Queue a signed test delivery",
)
def ping(ctx: CtxDep, caller: CallerDep, subscription_id: SubscriptionId) -> DeliveryPublic:
    return subs.ping(ctx, caller, subscription_id)
