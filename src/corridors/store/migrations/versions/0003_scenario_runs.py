"""Scenario runs of the web page, kept in the database instead of the server's memory.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scenario_runs",
        sa.Column("id", sa.String(12), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column(
            "names",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("scenario_yaml", sa.Text(), nullable=False),
        sa.Column("comparison", sa.LargeBinary(), nullable=False),
    )
    op.create_index("ix_scenario_runs_created", "scenario_runs", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_scenario_runs_created", table_name="scenario_runs")
    op.drop_table("scenario_runs")
