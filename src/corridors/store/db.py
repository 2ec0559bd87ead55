"""The database handle: engines, read and write units of work, SQLite durability settings.

SQLite choices (and why):

- ``journal_mode=WAL``: readers never block the single writer, so API reads stay fast while a
  batch of events is being committed.
- ``synchronous=FULL``: every commit fsyncs the WAL before it returns. With ``NORMAL`` a commit in
  WAL mode survives a process crash but may be lost on power failure; an acknowledged event must
  survive both, and one fsync per batch costs little next to the work of the batch.
- Write transactions start with ``BEGIN IMMEDIATE`` (taking the write lock up front) and are
  serialised in-process by a lock, so two requests never deadlock upgrading a read lock, and a
  second process (``corridors admin`` while the server runs) waits on ``busy_timeout``.

PostgreSQL needs none of this: both units of work use one engine with the default isolation.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["Database"]

SQLITE_BUSY_TIMEOUT_MS = 30_000


class Database:
    """Owns the engines; hands out sessions for reading and for writing."""

    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        parsed = make_url(url)
        self.dialect = parsed.get_backend_name()
        self.is_sqlite = self.dialect == "sqlite"
        if self.is_sqlite:
            database = parsed.database or ""
            if database and database != ":memory:":
                Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self.engine = _sqlite_engine(url, echo=echo, begin="BEGIN")
            self.write_engine = _sqlite_engine(url, echo=echo, begin="BEGIN IMMEDIATE")
        else:
            self.engine = create_engine(url, echo=echo, pool_pre_ping=True, pool_size=10)
            self.write_engine = self.engine
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(self.write_engine, expire_on_commit=False)
        # In-process writer queue for SQLite; PostgreSQL handles concurrent writers itself.
        self._write_lock: threading.Lock | None = threading.Lock() if self.is_sqlite else None

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A session for queries; nothing it does is committed."""
        with self._read() as session:
            yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One transaction: committed (durably) when the block ends, rolled back on error."""
        if self._write_lock is None:
            with self._write() as session, session.begin():
                yield session
            return
        with self._write_lock, self._write() as session, session.begin():
            yield session

    def ping(self) -> None:
        with self.engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def dispose(self) -> None:
        """Close pooled connections, waiting for a write in progress to finish first."""
        if self._write_lock is not None:
            with self._write_lock:
                self.write_engine.dispose()
                self.engine.dispose()
        else:
            self.engine.dispose()


def _sqlite_engine(url: str, *, echo: bool, begin: str) -> Engine:
    engine = create_engine(url, echo=echo, connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Take transaction control from the sqlite3 module so that BEGIN is ours (see docstring).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin)

    return engine
