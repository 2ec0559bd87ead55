"""Port queue of a booked leg: its median and P90, so the ETA spread resolves it on departure.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # legs booked before this revision had no queue: 0 is what they were planned with
    for name in ("queue_h", "queue_p90_h"):
        op.add_column(
            "shipment_legs", sa.Column(name, sa.Float(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("shipment_legs") as batch:
        batch.drop_column("queue_p90_h")
        batch.drop_column("queue_h")
