"""Scenario runs for the web page: run a scenario file or pasted YAML, keep recent runs, and
shape a comparison for the utilisation map, the tables and the charts.

The analysis is ``corridors.scenarios.run_scenario``; this module only chooses inputs, stores
each run in the platform's database (the file as given and its comparison, compressed), so that a
run's address survives restarts and can be shared, and picks what to show.
"""

from __future__ import annotations

import hashlib
import os
import threading
import zlib
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from corridors.errors import InvalidInput, NotFound
from corridors.messages import N_, Message
from corridors.network.model import Network
from corridors.scenarios import Comparison, read_scenario_text, run_scenario
from corridors.scenarios.schema import ScenarioText
from corridors.store.db import Database
from corridors.store.models import ScenarioRun
from corridors.web.mapdata import localized_name

__all__ = [
    "Example",
    "Run",
    "RunEntry",
    "element_name",
    "examples",
    "get_run",
    "recent_runs",
    "start_run",
    "utilisation_map",
]

KEEP = 200  # runs kept in the database; older ones are deleted as new ones come
LISTED = 20  # runs listed on the page
PARSED = 8  # comparisons kept parsed in memory (a page and its map data read the same run)
MAX_YAML = 100_000  # characters of pasted YAML


@dataclass(frozen=True)
class Example:
    slug: str
    name: str
    description: str
    text: str
    translations: dict[str, ScenarioText] = field(default_factory=dict)

    def title(self, lang: str) -> str:
        t = self.translations.get(lang)
        return t.name if t else self.name

    def summary(self, lang: str) -> str:
        t = self.translations.get(lang)
        return t.description.strip() if t else self.description


@dataclass(frozen=True)
class RunEntry:
    id: str
    name: str
    created: datetime
    names: dict[str, str]  # the name in other languages

    def title(self, lang: str) -> str:
        return self.names.get(lang, self.name)


@dataclass(frozen=True)
class Run(RunEntry):
    comparison: Comparison


def _example_dirs() -> list[Path]:
    """``CORRIDORS_SCENARIOS_DIR``, else the repository's ``scenarios/`` (source checkouts)."""
    env = os.environ.get("CORRIDORS_SCENARIOS_DIR")
    if env:
        return [Path(env)]
    return [Path(__file__).resolve().parents[3] / "scenarios"]


def examples() -> list[Example]:
    out = []
    for folder in _example_dirs():
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else ():
            text = path.read_text("utf-8")
            try:
                sc = read_scenario_text(text, source=path.name, base_dir=path.parent)
            except InvalidInput:
                continue  # a broken example is not offered; `corridors scenario validate` says why
            out.append(Example(path.stem, sc.name, sc.description.strip(), text, sc.translations))
    return out


_parsed: OrderedDict[str, Run] = OrderedDict()
_lock = threading.Lock()


def _remember(run: Run) -> None:
    with _lock:
        _parsed[run.id] = run
        _parsed.move_to_end(run.id)
        while len(_parsed) > PARSED:
            _parsed.popitem(last=False)


def start_run(text: str, source: str | Message, network: Network, db: Database) -> Run:
    """Parse and run a scenario (seconds: it solves two LPs), then store the result."""
    if len(text) > MAX_YAML:
        raise InvalidInput(
            Message.of(
                N_("the scenario has {n} characters; at most {most} are accepted"),
                n=len(text),
                most=MAX_YAML,
            ),
            field="yaml",
        )
    scenario = read_scenario_text(text, source=source)
    for key in ("baseline", "demand"):
        if getattr(scenario, key) != "bundled":
            raise InvalidInput(
                Message.of(
                    N_(
                        "{key}: {value!r} names a file; the web page runs scenarios on the "
                        "bundled network and demand only"
                    ),
                    key=key,
                    value=getattr(scenario, key),
                ),
                hint=Message.of(
                    N_("run scenarios on your own files with `corridors scenario run FILE`")
                ),
                field=key,
            )
    comparison = run_scenario(scenario, network=network)
    created = datetime.now(UTC)
    run_id = hashlib.sha1(f"{text}{created.isoformat()}".encode()).hexdigest()[:12]
    names = {lang: t.name for lang, t in scenario.translations.items()}
    run = Run(run_id, scenario.name, created, names, comparison)
    blob = zlib.compress(comparison.model_dump_json().encode(), 6)
    with db.write() as session:
        session.add(
            ScenarioRun(
                id=run_id,
                name=run.name,
                names=names,
                created_at=created,
                scenario_yaml=text,
                comparison=blob,
            )
        )
        session.flush()
        stale = session.scalars(
            select(ScenarioRun.id).order_by(ScenarioRun.created_at.desc()).offset(KEEP)
        ).all()
        if stale:
            session.execute(delete(ScenarioRun).where(ScenarioRun.id.in_(stale)))
    with _lock:
        for old in stale:
            _parsed.pop(old, None)
    _remember(run)
    return run


def get_run(run_id: str, db: Database) -> Run:
    """A stored run with its comparison (parsed once, then kept for the next few requests)."""
    with _lock:
        run = _parsed.get(run_id)
    if run is not None:
        return run
    with db.read() as session:
        row = session.get(ScenarioRun, run_id)
        if row is None:
            raise NotFound(
                Message.of(N_("scenario run {run!r} is not known to this server"), run=run_id),
                hint=Message.of(
                    N_("the server keeps the latest {keep} runs; run the scenario again"),
                    keep=KEEP,
                ),
                field="run",
            )
        comparison = Comparison.model_validate_json(zlib.decompress(row.comparison))
        run = Run(row.id, row.name, row.created_at, dict(row.names), comparison)
    _remember(run)
    return run


def recent_runs(db: Database) -> list[RunEntry]:
    """The latest runs, newest first, without their comparisons."""
    with db.read() as session:
        rows = session.execute(
            select(ScenarioRun.id, ScenarioRun.name, ScenarioRun.created_at, ScenarioRun.names)
            .order_by(ScenarioRun.created_at.desc())
            .limit(LISTED)
        ).all()
    return [RunEntry(r.id, r.name, r.created_at, dict(r.names)) for r in rows]


def element_name(network: Network, kind: str, element_id: str, name: str, lang: str) -> str:
    """A bottleneck's name in the page's language: ports and crossings by their own names,
    links by their end places (link names are English only), sailings by the line's name."""
    if kind == "port" and element_id in network.nodes:
        return localized_name(network.nodes[element_id], lang)
    if kind == "border":
        crossing = next((b for b in network.borders.values() if b.id == element_id), None)
        return localized_name(crossing, lang) if crossing else name
    if kind == "service":
        found = [s for ss in network.services.values() for s in ss if s.id == element_id]
        return localized_name(found[0], lang) if found else name
    link = network.links.get(element_id)
    if kind == "link" and link is not None and lang != "en":
        a, b = network.nodes[link.from_id], network.nodes[link.to_id]
        return f"{localized_name(a, lang)}–{localized_name(b, lang)}"
    return name


def utilisation_map(comparison: Comparison, network: Network, lang: str) -> dict[str, Any]:
    """Scenario flows and utilisation per link, border and port, with coordinates and names in
    the page's language."""
    base = {x.id: x.flow_teu_yr for x in comparison.baseline.links}
    links = []
    for x in comparison.scenario.links:
        link = network.links.get(x.id)
        if link is None or (x.flow_teu_yr <= 0 and base.get(x.id, 0) <= 0):
            continue
        links.append(
            {
                "id": x.id,
                "name": x.name,
                "mode": x.mode,
                "coords": [[lat, lon] for lon, lat in network.line(link)],
                "flow": x.flow_teu_yr,
                "baseline_flow": base.get(x.id, 0.0),
                "capacity": x.capacity_teu_yr,
                "utilisation": x.utilisation,
            }
        )
    borders = []
    for y in comparison.scenario.borders:
        link = network.links.get(y.link_id)
        if link is None or y.utilisation is None:
            continue
        a, b = network.nodes[link.from_id], network.nodes[link.to_id]
        crossing = network.borders.get(y.link_id)
        borders.append(
            {
                "name": localized_name(crossing, lang) if crossing else y.name,
                "lat": (a.lat + b.lat) / 2,
                "lon": (a.lon + b.lon) / 2,
                "flow": y.flow_teu_yr,
                "capacity": y.capacity_teu_yr,
                "utilisation": y.utilisation,
            }
        )
    ports = []
    for p in comparison.scenario.ports:
        node = network.nodes.get(p.node_id)
        if node is None or p.utilisation is None:
            continue
        ports.append(
            {
                "name": localized_name(node, lang),
                "lat": node.lat,
                "lon": node.lon,
                "flow": p.throughput_teu_yr,
                "capacity": p.capacity_teu_yr,
                "utilisation": p.utilisation,
            }
        )
    return {"links": links, "borders": borders, "ports": ports}
