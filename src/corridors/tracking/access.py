"""Who may see a shipment.

An organization sees the shipments it owns and those it is a party to; a customs authority also
sees every shipment whose booked route passes through its country. For anyone else a shipment
does not exist: services raise ``NotFound`` (404), never ``Forbidden``, so ids cannot be probed.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from corridors.errors import NotFound
from corridors.store.models import Shipment, ShipmentCountry, ShipmentParty
from corridors.tracking.context import Caller

__all__ = ["can_see", "get_visible", "visible_to"]


def visible_to(caller: Caller) -> ColumnElement[bool]:
    """SQL condition on ``Shipment``: the caller may see the row."""
    conditions: list[ColumnElement[bool]] = [
        Shipment.owner_org_id == caller.org_id,
        exists().where(
            ShipmentParty.shipment_id == Shipment.id, ShipmentParty.org_id == caller.org_id
        ),
    ]
    if caller.kind == "customs" and caller.country:
        conditions.append(
            exists().where(
                ShipmentCountry.shipment_id == Shipment.id,
                ShipmentCountry.country == caller.country,
            )
        )
    return or_(*conditions)


def can_see(
    org_id: str,
    kind: str,
    country: str | None,
    *,
    owner_org_id: str,
    party_ids: Iterable[str],
    countries: Iterable[str],
) -> bool:
    """The same rule in Python, for matching webhook subscriptions to shipments."""
    if org_id == owner_org_id or org_id in set(party_ids):
        return True
    return kind == "customs" and country is not None and country in set(countries)


def get_visible(session: Session, caller: Caller, shipment_id: str) -> Shipment:
    row = session.scalars(
        select(Shipment).where(Shipment.id == shipment_id, visible_to(caller))
    ).first()
    if row is None:
        raise NotFound(f"shipment {shipment_id!r} not found", field="shipment_id")
    return row
