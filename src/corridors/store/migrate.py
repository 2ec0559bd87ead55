"""Apply the Alembic migrations shipped in ``corridors/store/migrations`` and report their state.

The server calls :func:`upgrade` on start, so a fresh database or an older one is brought to the
schema this code expects before the first request. On PostgreSQL an advisory lock keeps two
servers starting at once from migrating concurrently.
"""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from corridors.store.db import Database

__all__ = ["current_revision", "head_revision", "upgrade"]

# Arbitrary constant naming "corridors schema migration" for pg_advisory_xact_lock.
_PG_LOCK_KEY = 7_404_112_001


def _config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", "corridors.store:migrations")
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(_config()).get_current_head()
    assert head is not None, "no migrations shipped"
    return head


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: the newest shipped)."""
    cfg = _config()
    with db.write_engine.begin() as conn:
        if db.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
