"""Webhook subscriptions of an organization, and the status of their deliveries.

A subscription belongs to one organization; others get 404 for it, as for shipments.
"""

from __future__ import annotations

import json
import secrets
import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from corridors.errors import InvalidInput, NotFound
from corridors.store.models import Delivery, Subscription
from corridors.store.types import utcnow
from corridors.tracking.access import get_visible
from corridors.tracking.context import Caller, Context
from corridors.tracking.dispatcher import is_private_url
from corridors.tracking.pagination import decode_cursor, encode_cursor
from corridors.tracking.schemas import (
    DeliveryPublic,
    Page,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionPublic,
    SubscriptionUpdate,
)

__all__ = [
    "create_subscription",
    "delete_subscription",
    "get_subscription",
    "list_deliveries",
    "list_subscriptions",
    "ping",
    "redeliver",
    "update_subscription",
]


def _check_url(ctx: Context, url: str) -> None:
    if not ctx.allow_private_webhooks and is_private_url(url):
        raise InvalidInput(
            f"url {url!r} resolves to a private or loopback address",
            hint="this server only delivers to public addresses "
            "(CORRIDORS_WEBHOOK_ALLOW_PRIVATE=false)",
            field="url",
        )


def _own(session: Session, caller: Caller, subscription_id: str) -> Subscription:
    sub = session.get(Subscription, subscription_id)
    if sub is None or sub.org_id != caller.org_id:
        raise NotFound(f"subscription {subscription_id!r} not found", field="subscription_id")
    return sub


def create_subscription(
    ctx: Context, caller: Caller, data: SubscriptionCreate
) -> SubscriptionCreated:
    url = str(data.url)
    _check_url(ctx, url)
    secret = "whsec_" + secrets.token_urlsafe(32)
    with ctx.db.write() as session:
        if data.shipment_id is not None:
            get_visible(session, caller, data.shipment_id)
        sub = Subscription(
            id=str(uuid.uuid4()),
            org_id=caller.org_id,
            kind=data.kind,
            url=url,
            secret=secret,
            event_types=sorted(set(data.event_types)),
            classifiers=sorted(set(data.classifiers)),
            shipment_id=data.shipment_id,
            eta_slip_hours=data.eta_slip_hours,
            active=True,
            created_at=utcnow(),
        )
        session.add(sub)
        session.flush()
        return SubscriptionCreated(
            **SubscriptionPublic.model_validate(sub).model_dump(), secret=secret
        )


def list_subscriptions(ctx: Context, caller: Caller) -> list[SubscriptionPublic]:
    with ctx.db.read() as session:
        rows = session.scalars(
            select(Subscription)
            .where(Subscription.org_id == caller.org_id)
            .order_by(Subscription.created_at, Subscription.id)
        )
        return [SubscriptionPublic.model_validate(r) for r in rows]


def get_subscription(ctx: Context, caller: Caller, subscription_id: str) -> SubscriptionPublic:
    with ctx.db.read() as session:
        return SubscriptionPublic.model_validate(_own(session, caller, subscription_id))


def update_subscription(
    ctx: Context, caller: Caller, subscription_id: str, data: SubscriptionUpdate
) -> SubscriptionPublic:
    if data.url is not None:
        _check_url(ctx, str(data.url))
    with ctx.db.write() as session:
        sub = _own(session, caller, subscription_id)
        if data.url is not None:
            sub.url = str(data.url)
        if data.active is not None:
            sub.active = data.active
        if data.event_types is not None:
            sub.event_types = sorted(set(data.event_types))
        if data.classifiers is not None:
            sub.classifiers = sorted(set(data.classifiers))
        if data.eta_slip_hours is not None:
            if sub.kind != "eta_slip":
                raise InvalidInput(
                    "eta_slip_hours only applies to kind=eta_slip", field="eta_slip_hours"
                )
            sub.eta_slip_hours = data.eta_slip_hours
        session.flush()
        public = SubscriptionPublic.model_validate(sub)
    if data.active:
        ctx.wake_dispatcher()
    return public


def delete_subscription(ctx: Context, caller: Caller, subscription_id: str) -> None:
    with ctx.db.write() as session:
        session.delete(_own(session, caller, subscription_id))


def list_deliveries(
    ctx: Context,
    caller: Caller,
    subscription_id: str,
    *,
    status: str | None,
    limit: int,
    cursor: str | None,
) -> Page[DeliveryPublic]:
    """Newest first."""
    query = select(Delivery).where(Delivery.subscription_id == subscription_id)
    if status is not None:
        query = query.where(Delivery.status == status)
    if cursor:
        (before,) = decode_cursor(cursor, 1)
        if not isinstance(before, int):
            raise InvalidInput("cursor is damaged", field="cursor")
        query = query.where(Delivery.id < before)
    with ctx.db.read() as session:
        _own(session, caller, subscription_id)
        rows = list(session.scalars(query.order_by(Delivery.id.desc()).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    return Page[DeliveryPublic](
        items=[DeliveryPublic.model_validate(r) for r in rows],
        next_cursor=encode_cursor(rows[-1].id) if more else None,
    )


def redeliver(
    ctx: Context, caller: Caller, subscription_id: str, delivery_id: int
) -> DeliveryPublic:
    """Queue a delivery again now, with a fresh count of attempts (e.g. after a dead one)."""
    with ctx.db.write() as session:
        _own(session, caller, subscription_id)
        row = session.get(Delivery, delivery_id)
        if row is None or row.subscription_id != subscription_id:
            raise NotFound(f"delivery {delivery_id} not found", field="delivery_id")
        row.status = "pending"
        row.attempts = 0
        row.next_attempt_at = utcnow()
        row.locked_until = None
        session.flush()
        public = DeliveryPublic.model_validate(row)
    ctx.wake_dispatcher()
    return public


def ping(ctx: Context, caller: Caller, subscription_id: str) -> DeliveryPublic:
    """Queue a signed test delivery, to check the receiver and its signature check."""
    now = utcnow()
    with ctx.db.write() as session:
        sub = _own(session, caller, subscription_id)
        row = Delivery(
            subscription_id=sub.id,
            kind="ping",
            body=json.dumps(
                {"type": "ping", "subscription_id": sub.id, "sent_at": now.isoformat()},
                separators=(",", ":"),
            ),
            status="pending",
            attempts=0,
            next_attempt_at=now,
            created_at=now,
        )
        session.add(row)
        session.flush()
        public = DeliveryPublic.model_validate(row)
    ctx.wake_dispatcher()
    return public
