"""The tables. Changing one means writing an Alembic migration in ``store/migrations/versions``.

Identifiers handed to users are UUID strings (organizations, keys, shipments, subscriptions);
high-volume rows (events, ETA history, deliveries) use integer keys, which also give a stable
ingestion order for cursors.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from corridors.store.types import UTCDateTime, utcnow

__all__ = [
    "AlertState",
    "ApiKey",
    "Base",
    "Delivery",
    "EtaRecord",
    "Event",
    "Organization",
    "ScenarioRun",
    "Shipment",
    "ShipmentContainer",
    "ShipmentCountry",
    "ShipmentLeg",
    "ShipmentParty",
    "Subscription",
]

JsonType = JSON().with_variant(JSONB(), "postgresql")
# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JsonType,
    }


class Organization(Base):
    __tablename__ = "organizations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    country: Mapped[str | None] = mapped_column(String(2))
    roles: Mapped[list[str]] = mapped_column(JsonType)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiKey(Base):
    """Only a lookup prefix and the SHA-256 of the whole key are kept; the key itself never is."""

    __tablename__ = "api_keys"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    prefix: Mapped[str] = mapped_column(String(24), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]


class Shipment(Base):
    __tablename__ = "shipments"
    __table_args__ = (
        UniqueConstraint("owner_org_id", "reference", name="uq_shipments_owner_reference"),
        Index("ix_shipments_owner_created", "owner_org_id", "created_at", "id"),
        Index("ix_shipments_created", "created_at", "id"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    owner_org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    reference: Mapped[str | None] = mapped_column(String(100))
    cargo_description: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    origin_id: Mapped[str] = mapped_column(String(64))
    destination_id: Mapped[str] = mapped_column(String(64))
    depart: Mapped[datetime]
    planned_arrival_p50: Mapped[datetime]
    planned_arrival_p90: Mapped[datetime]
    price_usd: Mapped[float] = mapped_column(Float)
    co2e_kg: Mapped[float] = mapped_column(Float)
    distance_km: Mapped[float] = mapped_column(Float)
    route: Mapped[dict[str, Any]] = mapped_column(JsonType)  # the booked RouteOption, verbatim
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Tracking state, kept current by event ingestion.
    eta_p50: Mapped[datetime]
    eta_p90: Mapped[datetime]
    delay_h: Mapped[float] = mapped_column(Float, default=0.0)  # at the last milestone
    slip_h: Mapped[float] = mapped_column(Float, default=0.0, index=True)  # ETA - planned P50
    position: Mapped[dict[str, Any] | None] = mapped_column(JsonType)
    position_time: Mapped[datetime | None]
    milestone: Mapped[int | None] = mapped_column(Integer)  # index into the milestone list
    arrived_at: Mapped[datetime | None]
    delivered_at: Mapped[datetime | None]


class ShipmentLeg(Base):
    __tablename__ = "shipment_legs"

    shipment_id: Mapped[str] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    from_id: Mapped[str] = mapped_column(String(64))
    to_id: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(20))
    link_id: Mapped[str] = mapped_column(String(64))
    service_id: Mapped[str | None] = mapped_column(String(64))
    depart: Mapped[datetime]
    arrive: Mapped[datetime]
    running_h: Mapped[float] = mapped_column(Float)
    wait_h: Mapped[float] = mapped_column(Float)
    dwell_h: Mapped[float] = mapped_column(Float)
    dwell_p90_h: Mapped[float] = mapped_column(Float)
    queue_h: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    queue_p90_h: Mapped[float] = mapped_column(Float, default=0.0, server_default="0")
    handling_h: Mapped[float] = mapped_column(Float)
    border: Mapped[str | None] = mapped_column(String(200))
    countries: Mapped[list[str]] = mapped_column(JsonType)


class ShipmentContainer(Base):
    __tablename__ = "shipment_containers"

    shipment_id: Mapped[str] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[str] = mapped_column(String(11), primary_key=True, index=True)
    iso_type: Mapped[str | None] = mapped_column(String(4))
    seal: Mapped[str | None] = mapped_column(String(40))


class ShipmentParty(Base):
    __tablename__ = "shipment_parties"

    shipment_id: Mapped[str] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), primary_key=True
    )
    org_id: Mapped[str] = mapped_column(
        ForeignKey("organizations.id"), primary_key=True, index=True
    )
    role: Mapped[str] = mapped_column(String(30))


class ShipmentCountry(Base):
    """Countries the booked route passes through: what a customs authority may see."""

    __tablename__ = "shipment_countries"

    shipment_id: Mapped[str] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), primary_key=True
    )
    country: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)


class Event(Base):
    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("org_id", "event_id", name="uq_events_org_event_id"),
        Index("ix_events_shipment_time", "shipment_id", "event_time"),
    )

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"))
    event_id: Mapped[str] = mapped_column(String(100))
    shipment_id: Mapped[str] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"))
    classifier: Mapped[str] = mapped_column(String(3))
    event_type: Mapped[str] = mapped_column(String(12))
    type_code: Mapped[str] = mapped_column(String(4))
    event_time: Mapped[datetime]
    location_id: Mapped[str | None] = mapped_column(String(64))  # None for document events
    mode: Mapped[str | None] = mapped_column(String(20))
    transport_reference: Mapped[str | None] = mapped_column(String(100))
    equipment_reference: Mapped[str | None] = mapped_column(String(11))
    remarks: Mapped[str | None] = mapped_column(String(1000))
    content_hash: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class EtaRecord(Base):
    """One row per ETA recomputation, for the history chart."""

    __tablename__ = "eta_history"
    __table_args__ = (Index("ix_eta_history_shipment", "shipment_id", "seq"),)

    seq: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    shipment_id: Mapped[str] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"))
    computed_at: Mapped[datetime] = mapped_column(default=utcnow)
    as_of: Mapped[datetime]
    eta_p50: Mapped[datetime]
    eta_p90: Mapped[datetime]
    delay_h: Mapped[float] = mapped_column(Float)
    trigger: Mapped[str] = mapped_column(String(200))


class Subscription(Base):
    __tablename__ = "subscriptions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # events | eta_slip
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(100))  # needed in clear to sign deliveries
    event_types: Mapped[list[str]] = mapped_column(JsonType)
    classifiers: Mapped[list[str]] = mapped_column(JsonType)
    shipment_id: Mapped[str | None] = mapped_column(ForeignKey("shipments.id", ondelete="CASCADE"))
    eta_slip_hours: Mapped[float | None] = mapped_column(Float)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AlertState(Base):
    """How much ETA slip was last alerted, per subscription and shipment."""

    __tablename__ = "alert_state"

    subscription_id: Mapped[str] = mapped_column(
        ForeignKey("subscriptions.id", ondelete="CASCADE"), primary_key=True
    )
    shipment_id: Mapped[str] = mapped_column(
        ForeignKey("shipments.id", ondelete="CASCADE"), primary_key=True
    )
    alerted_slip_h: Mapped[float] = mapped_column(Float)


class Delivery(Base):
    """The outbox: written in the same transaction as the events it announces."""

    __tablename__ = "deliveries"
    __table_args__ = (
        Index("ix_deliveries_due", "status", "next_attempt_at"),
        Index("ix_deliveries_subscription", "subscription_id", "id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    subscription_id: Mapped[str] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))  # events | eta_slip | ping
    body: Mapped[str] = mapped_column(Text)  # the exact JSON bytes that are signed and sent
    status: Mapped[str] = mapped_column(String(12))  # pending | delivered | dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime]
    locked_until: Mapped[datetime | None]
    last_status_code: Mapped[int | None] = mapped_column(Integer)
    last_error: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]


class ScenarioRun(Base):
    """A scenario run of the web page: the file as given and its comparison, so that a run's
    address stays valid across restarts and can be sent to a colleague."""

    __tablename__ = "scenario_runs"
    __table_args__ = (Index("ix_scenario_runs_created", "created_at"),)

    id: Mapped[str] = mapped_column(String(12), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    names: Mapped[dict[str, Any]] = mapped_column(default=dict)  # language -> name
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    scenario_yaml: Mapped[str] = mapped_column(Text)
    comparison: Mapped[bytes] = mapped_column(LargeBinary)  # zlib-compressed Comparison JSON
