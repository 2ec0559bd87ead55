"""Persistence: SQLAlchemy 2 tables, the database handle, and Alembic migrations shipped inside.

The same code runs on SQLite (the default, a single file in WAL mode) and on PostgreSQL
(psycopg 3). Services in ``corridors.tracking`` use this package; the core never does.
"""

from __future__ import annotations

from corridors.store.db import Database
from corridors.store.migrate import current_revision, head_revision, upgrade

__all__ = ["Database", "current_revision", "head_revision", "upgrade"]
