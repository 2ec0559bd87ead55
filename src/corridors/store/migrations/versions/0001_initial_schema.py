"""Initial schema: organizations, keys, shipments, events, ETA history, webhooks outbox.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

JSON_T = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "organizations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("roles", JSON_T, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "api_keys",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=24), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("prefix"),
    )
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_keys_org_id"), ["org_id"], unique=False)

    op.create_table(
        "shipments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("owner_org_id", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=True),
        sa.Column("cargo_description", sa.String(length=500), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("origin_id", sa.String(length=64), nullable=False),
        sa.Column("destination_id", sa.String(length=64), nullable=False),
        sa.Column("depart", sa.DateTime(timezone=True), nullable=False),
        sa.Column("planned_arrival_p50", sa.DateTime(timezone=True), nullable=False),
        sa.Column("planned_arrival_p90", sa.DateTime(timezone=True), nullable=False),
        sa.Column("price_usd", sa.Float(), nullable=False),
        sa.Column("co2e_kg", sa.Float(), nullable=False),
        sa.Column("distance_km", sa.Float(), nullable=False),
        sa.Column("route", JSON_T, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("eta_p50", sa.DateTime(timezone=True), nullable=False),
        sa.Column("eta_p90", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delay_h", sa.Float(), nullable=False),
        sa.Column("slip_h", sa.Float(), nullable=False),
        sa.Column("position", JSON_T, nullable=True),
        sa.Column("position_time", sa.DateTime(timezone=True), nullable=True),
        sa.Column("milestone", sa.Integer(), nullable=True),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_org_id"],
            ["organizations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("owner_org_id", "reference", name="uq_shipments_owner_reference"),
    )
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.create_index("ix_shipments_created", ["created_at", "id"], unique=False)
        batch_op.create_index(
            "ix_shipments_owner_created", ["owner_org_id", "created_at", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_shipments_slip_h"), ["slip_h"], unique=False)
        batch_op.create_index(batch_op.f("ix_shipments_status"), ["status"], unique=False)

    op.create_table(
        "eta_history",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("shipment_id", sa.String(length=36), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("as_of", sa.DateTime(timezone=True), nullable=False),
        sa.Column("eta_p50", sa.DateTime(timezone=True), nullable=False),
        sa.Column("eta_p90", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delay_h", sa.Float(), nullable=False),
        sa.Column("trigger", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("eta_history", schema=None) as batch_op:
        batch_op.create_index("ix_eta_history_shipment", ["shipment_id", "seq"], unique=False)

    op.create_table(
        "events",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=100), nullable=False),
        sa.Column("shipment_id", sa.String(length=36), nullable=False),
        sa.Column("classifier", sa.String(length=3), nullable=False),
        sa.Column("event_type", sa.String(length=12), nullable=False),
        sa.Column("type_code", sa.String(length=4), nullable=False),
        sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
        sa.Column("location_id", sa.String(length=64), nullable=True),
        sa.Column("mode", sa.String(length=20), nullable=True),
        sa.Column("transport_reference", sa.String(length=100), nullable=True),
        sa.Column("equipment_reference", sa.String(length=11), nullable=True),
        sa.Column("remarks", sa.String(length=1000), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
        ),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("seq"),
        sa.UniqueConstraint("org_id", "event_id", name="uq_events_org_event_id"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_events_shipment_time", ["shipment_id", "event_time"], unique=False
        )

    op.create_table(
        "shipment_containers",
        sa.Column("shipment_id", sa.String(length=36), nullable=False),
        sa.Column("number", sa.String(length=11), nullable=False),
        sa.Column("iso_type", sa.String(length=4), nullable=True),
        sa.Column("seal", sa.String(length=40), nullable=True),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("shipment_id", "number"),
    )
    with op.batch_alter_table("shipment_containers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shipment_containers_number"), ["number"], unique=False)

    op.create_table(
        "shipment_countries",
        sa.Column("shipment_id", sa.String(length=36), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("shipment_id", "country"),
    )
    with op.batch_alter_table("shipment_countries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_shipment_countries_country"), ["country"], unique=False
        )

    op.create_table(
        "shipment_legs",
        sa.Column("shipment_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("from_id", sa.String(length=64), nullable=False),
        sa.Column("to_id", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=20), nullable=False),
        sa.Column("link_id", sa.String(length=64), nullable=False),
        sa.Column("service_id", sa.String(length=64), nullable=True),
        sa.Column("depart", sa.DateTime(timezone=True), nullable=False),
        sa.Column("arrive", sa.DateTime(timezone=True), nullable=False),
        sa.Column("running_h", sa.Float(), nullable=False),
        sa.Column("wait_h", sa.Float(), nullable=False),
        sa.Column("dwell_h", sa.Float(), nullable=False),
        sa.Column("dwell_p90_h", sa.Float(), nullable=False),
        sa.Column("handling_h", sa.Float(), nullable=False),
        sa.Column("border", sa.String(length=200), nullable=True),
        sa.Column("countries", JSON_T, nullable=False),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("shipment_id", "seq"),
    )
    op.create_table(
        "shipment_parties",
        sa.Column("shipment_id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("role", sa.String(length=30), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
        ),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("shipment_id", "org_id"),
    )
    with op.batch_alter_table("shipment_parties", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shipment_parties_org_id"), ["org_id"], unique=False)

    op.create_table(
        "subscriptions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("org_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("event_types", JSON_T, nullable=False),
        sa.Column("classifiers", JSON_T, nullable=False),
        sa.Column("shipment_id", sa.String(length=36), nullable=True),
        sa.Column("eta_slip_hours", sa.Float(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["org_id"],
            ["organizations.id"],
        ),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_subscriptions_org_id"), ["org_id"], unique=False)

    op.create_table(
        "alert_state",
        sa.Column("subscription_id", sa.String(length=36), nullable=False),
        sa.Column("shipment_id", sa.String(length=36), nullable=False),
        sa.Column("alerted_slip_h", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(["shipment_id"], ["shipments.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["subscription_id"], ["subscriptions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("subscription_id", "shipment_id"),
    )
    op.create_table(
        "deliveries",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("subscription_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_status_code", sa.Integer(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["subscription_id"], ["subscriptions.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.create_index("ix_deliveries_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index("ix_deliveries_subscription", ["subscription_id", "id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("deliveries", schema=None) as batch_op:
        batch_op.drop_index("ix_deliveries_subscription")
        batch_op.drop_index("ix_deliveries_due")

    op.drop_table("deliveries")
    op.drop_table("alert_state")
    with op.batch_alter_table("subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subscriptions_org_id"))

    op.drop_table("subscriptions")
    with op.batch_alter_table("shipment_parties", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipment_parties_org_id"))

    op.drop_table("shipment_parties")
    op.drop_table("shipment_legs")
    with op.batch_alter_table("shipment_countries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipment_countries_country"))

    op.drop_table("shipment_countries")
    with op.batch_alter_table("shipment_containers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipment_containers_number"))

    op.drop_table("shipment_containers")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_shipment_time")

    op.drop_table("events")
    with op.batch_alter_table("eta_history", schema=None) as batch_op:
        batch_op.drop_index("ix_eta_history_shipment")

    op.drop_table("eta_history")
    with op.batch_alter_table("shipments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shipments_status"))
        batch_op.drop_index("ix_shipments_owner_created")
        batch_op.drop_index("ix_shipments_created")

    op.drop_table("shipments")
    with op.batch_alter_table("api_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_keys_org_id"))

    op.drop_table("api_keys")
    op.drop_table("organizations")
