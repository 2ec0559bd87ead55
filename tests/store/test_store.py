"""The store on real SQLite and PostgreSQL: migrations, durability settings, UTC times."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, select, text

from corridors.store import Database, current_revision, head_revision, upgrade
from corridors.store.models import Base, Organization


@pytest.fixture
def db(database_url: str):
    database = Database(database_url)
    upgrade(database)
    yield database
    database.dispose()


def test_migrations_reach_head_and_match_the_models(db: Database) -> None:
    assert current_revision(db) == head_revision()
    upgrade(db)  # idempotent
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_sqlite_is_wal_with_full_sync(tmp_path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        with database.engine.connect() as conn:
            assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
            assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        database.dispose()


def test_default_database_lives_in_the_user_data_dir(monkeypatch, tmp_path) -> None:
    from corridors.settings import Settings

    monkeypatch.delenv("CORRIDORS_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    url = Settings().database_url
    assert url.startswith("sqlite:///") and url.endswith("corridors/corridors.db")
    assert str(tmp_path) in url
    pg = Settings(database_url="postgresql://u@h/db").database_url
    assert pg == "postgresql+psycopg://u@h/db"


def test_times_come_back_as_utc(db: Database) -> None:
    kz = timezone(timedelta(hours=5))
    created = datetime(2026, 3, 1, 17, 30, 15, 123456, tzinfo=kz)
    with db.write() as s:
        s.add(Organization(id="o1", name="A", kind="railway", roles=[], created_at=created))
    with db.read() as s:
        got = s.get(Organization, "o1")
        assert got is not None
        assert got.created_at == created
        assert got.created_at.tzinfo == UTC
    with pytest.raises(Exception, match="naive"), db.write() as s:
        s.add(Organization(id="o2", name="B", kind="railway", roles=[],
                           created_at=datetime(2026, 1, 1)))  # fmt: skip
    with db.read() as s:
        assert s.get(Organization, "o2") is None  # the failed transaction left nothing


def test_concurrent_writers_all_commit(db: Database) -> None:
    errors: list[BaseException] = []

    def writer(k: int) -> None:
        try:
            for i in range(20):
                with db.write() as s:
                    s.add(Organization(id=str(uuid.uuid4()), name=f"w{k}-{i}", kind="port",
                                       roles=[]))  # fmt: skip
        except BaseException as exc:  # collected and reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(Organization)) == 120
