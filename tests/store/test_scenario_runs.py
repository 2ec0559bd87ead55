"""Scenario runs of the web page live in the database (SQLite and PostgreSQL): a run read back
after the server's memory is gone is the same comparison, the page lists the latest runs, and
the oldest beyond the limit are deleted with a message that says so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from corridors.errors import NotFound
from corridors.network.load import load_network
from corridors.store.db import Database
from corridors.store.migrate import upgrade
from corridors.web import scenarios as runs

SCENARIO = """
name: Dostyk +20%
changes:
  - type: capacity
    borders: [Alashankou–Dostyk (CN–KZ)]
    capacity_factor: 1.2
"""


@pytest.fixture
def db(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    upgrade(database)
    yield database
    database.dispose()


def _forget() -> None:
    """What a restart does to the server's memory."""
    runs._parsed.clear()


def test_a_run_reads_back_the_same_after_a_restart(db: Database) -> None:
    run = runs.start_run(SCENARIO, "dostyk.yaml", load_network(), db)
    _forget()
    again = runs.get_run(run.id, db)
    assert (again.id, again.name) == (run.id, "Dostyk +20%")
    assert again.created == run.created
    assert again.comparison == run.comparison
    assert [(r.id, r.name) for r in runs.recent_runs(db)] == [(run.id, "Dostyk +20%")]


def test_only_the_latest_runs_are_kept(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runs, "KEEP", 1)
    first = runs.start_run(SCENARIO, "a.yaml", load_network(), db)
    second = runs.start_run(SCENARIO.replace("1.2", "1.3"), "b.yaml", load_network(), db)
    assert [r.id for r in runs.recent_runs(db)] == [second.id]
    with pytest.raises(NotFound) as err:
        runs.get_run(first.id, db)
    assert "keeps the latest 1 runs" in str(err.value.hint)
    assert runs.get_run(second.id, db).comparison == second.comparison
