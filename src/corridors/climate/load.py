"""Read the Caspian data files (the only I/O of ``corridors.climate``).

The bundled files live in ``corridors/climate/data/``; ``load_caspian(directory)`` reads a copy
with better local figures (same columns). Every row must name its sources, and a bad value stops
the load with the file, line, column and what is accepted.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast, get_args

from corridors.climate.model import CaspianModel
from corridors.climate.ports import DepthBasis, Port, PortDepth
from corridors.climate.projection import PublishedRange
from corridors.climate.sealevel import LevelKind, SeaLevelRow, SeaLevelSeries
from corridors.climate.vessels import Vessel, payload, units_per_sailing
from corridors.errors import InvalidInput
from corridors.network.model import Source

__all__ = ["FILES", "bundled_model", "load_caspian"]

FILES = (
    "sources.csv",
    "caspian_level.csv",
    "projections.csv",
    "ports.csv",
    "port_depths.csv",
    "vessels.csv",
)

T = TypeVar("T")


class _Row:
    """One CSV row with typed getters that raise InvalidInput naming file, line and column."""

    def __init__(self, file: str, line: int, data: dict[str, str]) -> None:
        self.file, self.line, self.data = file, line, data

    def fail(self, column: str, expected: str) -> InvalidInput:
        value = self.data.get(column, "")
        return InvalidInput(
            f"{self.file} line {self.line}: {column} = {value!r} is invalid; expected {expected}",
            field=f"{self.file}:{column}",
        )

    def text(self, column: str, required: bool = True) -> str:
        value = (self.data.get(column) or "").strip()
        if required and not value:
            raise self.fail(column, "a value")
        return value

    def number(self, column: str, positive: bool = False) -> float:
        try:
            value = float(self.text(column))
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or (positive and value <= 0):
            raise self.fail(column, "a positive number" if positive else "a number")
        return value

    def optional_number(self, column: str) -> float | None:
        return self.number(column, positive=True) if self.text(column, required=False) else None

    def integer(self, column: str) -> int:
        value = self.number(column)
        if value != int(value):
            raise self.fail(column, "a whole number")
        return int(value)

    def items(self, column: str, required: bool = False) -> tuple[str, ...]:
        parts = tuple(p.strip() for p in self.text(column, required).split("|") if p.strip())
        if required and not parts:
            raise self.fail(column, "one or more values separated by |")
        return parts

    def choice(self, column: str, choices: tuple[str, ...]) -> str:
        value = self.text(column)
        if value not in choices:
            raise self.fail(column, "one of " + ", ".join(choices))
        return value


def _read(directory: Path | None, name: str) -> Iterator[_Row]:
    if directory is None:
        text = resources.files("corridors.climate").joinpath("data", name).read_text("utf-8")
    else:
        path = directory / name
        if not path.is_file():
            raise InvalidInput(f"{path} is missing", hint="needed: " + ", ".join(FILES))
        text = path.read_text("utf-8")
    for index, data in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        yield _Row(name, index, data)


def _table(directory: Path | None, name: str, build: Callable[[_Row], T]) -> list[T]:
    return [build(row) for row in _read(directory, name)]


def _sources(row: _Row, known: dict[str, Source]) -> tuple[str, ...]:
    ids = row.items("sources", required=True)
    for source_id in ids:
        if source_id not in known:
            raise row.fail("sources", f"ids from sources.csv (unknown: {source_id})")
    return ids


def load_caspian(directory: Path | None = None) -> CaspianModel:
    """Load and check the Caspian data from ``directory`` (default: the bundled files)."""
    sources = {
        s.id: s
        for s in _table(
            directory,
            "sources.csv",
            lambda r: Source(
                r.text("id"), r.text("title"), r.text("ref"), r.text("kind"), r.text("note", False)
            ),
        )
    }
    levels = _table(
        directory,
        "caspian_level.csv",
        lambda r: SeaLevelRow(
            year=r.integer("year"),
            period=r.text("period"),
            level_m=r.number("level_m"),
            kind=cast(LevelKind, r.choice("kind", get_args(LevelKind))),
            area=r.text("area"),
            sources=_sources(r, sources),
            note=r.text("note", False),
        ),
    )
    series = SeaLevelSeries(tuple(sorted(levels, key=lambda s: (s.year, s.period))))
    published = tuple(_table(directory, "projections.csv", lambda r: _published(r, sources)))
    vessels = {v.id: v for v in _table(directory, "vessels.csv", lambda r: _vessel(r, sources))}
    depths = _table(directory, "port_depths.csv", lambda r: _depth(r, sources, vessels))
    ports = {
        p.node_id: p
        for p in _table(directory, "ports.csv", lambda r: _port(r, sources, vessels, depths))
    }
    for depth in depths:
        if depth.node_id not in ports:
            raise InvalidInput(
                f"port_depths.csv: node {depth.node_id} is not in ports.csv",
                field="port_depths.csv:node_id",
            )
    model = CaspianModel(series, published, ports, vessels, sources)
    series.latest_annual()  # a baseline for the projections must exist
    return model


def _published(r: _Row, sources: dict[str, Source]) -> PublishedRange:
    p = PublishedRange(
        id=r.text("id"),
        name=r.text("name"),
        kind=cast(Any, r.choice("kind", ("scenario", "reference"))),
        year=r.integer("year"),
        central_m=r.number("central_m"),
        low_m=r.number("low_m"),
        high_m=r.number("high_m"),
        basis=cast(Any, r.choice("basis", ("change", "level"))),
        sources=_sources(r, sources),
        note=r.text("note", False),
    )
    if not p.low_m <= p.central_m <= p.high_m:
        raise r.fail("central_m", "low_m <= central_m <= high_m")
    return p


def _vessel(r: _Row, sources: dict[str, Source]) -> Vessel:
    v = Vessel(
        id=r.text("id"),
        name=r.text("name"),
        loa_m=r.number("loa_m", positive=True),
        beam_m=r.number("beam_m", positive=True),
        design_draft_m=r.number("design_draft_m", positive=True),
        deadweight_t=r.number("deadweight_t", positive=True),
        constants_t=r.number("constants_t"),
        unit=r.text("unit"),
        unit_capacity=r.number("unit_capacity", positive=True),
        unit_mass_t=r.number("unit_mass_t", positive=True),
        waterplane_coeff=r.number("waterplane_coeff", positive=True),
        tpc_published=r.optional_number("tpc_t_cm"),
        aliases=r.items("aliases"),
        sources=_sources(r, sources),
        estimated=r.items("estimated"),
        note=r.text("note", False),
    )
    if not 0 < v.waterplane_coeff <= 1:
        raise r.fail("waterplane_coeff", "a coefficient in (0, 1]")
    if payload(v, v.design_draft_m) <= 0 or units_per_sailing(v, v.design_draft_m) <= 0:
        raise r.fail("constants_t", "constants that leave room for cargo at the design draft")
    return v


def _depth(r: _Row, sources: dict[str, Source], vessels: dict[str, Vessel]) -> PortDepth:
    serves = r.items("serves", required=True)
    for vessel_id in serves:
        if vessel_id != "*" and vessel_id not in vessels:
            raise r.fail("serves", "* or vessel class ids from vessels.csv")
    d = PortDepth(
        node_id=r.text("node_id"),
        berth=r.text("berth"),
        serves=serves,
        depth_m=r.number("depth_m", positive=True),
        depth_basis=cast(DepthBasis, r.choice("depth_basis", get_args(DepthBasis))),
        reference_year=r.integer("reference_year"),
        reference_level_m=r.number("reference_level_m"),
        ukc_fraction=r.number("ukc_fraction"),
        ukc_min_m=r.number("ukc_min_m"),
        target_depth_m=r.optional_number("target_depth_m"),
        sources=_sources(r, sources),
        estimated=r.items("estimated"),
        note=r.text("note", False),
    )
    if not 0 <= d.ukc_fraction < 1:
        raise r.fail("ukc_fraction", "a fraction of draft in [0, 1)")
    if d.ukc_min_m < 0:
        raise r.fail("ukc_min_m", "metres >= 0")
    return d


def _port(
    r: _Row, sources: dict[str, Source], vessels: dict[str, Vessel], depths: list[PortDepth]
) -> Port:
    calls = r.items("calls", required=True)
    for vessel_id in calls:
        if vessel_id not in vessels:
            raise r.fail("calls", "vessel class ids from vessels.csv")
    node_id = r.text("node_id")
    own = tuple(d for d in depths if d.node_id == node_id)
    if not any("*" in d.serves for d in own):
        raise r.fail("node_id", "a port with a general (serves = *) row in port_depths.csv")
    return Port(
        node_id=node_id,
        name=r.text("name"),
        country=r.text("country"),
        calls=calls,
        depths=own,
        aliases=r.items("aliases"),
        sources=_sources(r, sources),
        estimated=r.items("estimated"),
        note=r.text("note", False),
    )


@cache
def bundled_model() -> CaspianModel:
    """The bundled model, read once per process."""
    return load_caspian()
