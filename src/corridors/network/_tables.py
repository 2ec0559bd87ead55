"""The CSV file format of a corridor network: column specifications and a lenient parser.

Parsing never stops at the first bad cell: every cell that does not fit its column becomes a
:class:`Problem` naming file, row, column, value and what is expected, so ``check`` can report
them all and ``load`` can refuse the files with a precise message. ``docs/network-format.md``
describes the same columns for people.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

__all__ = [
    "DEFAULT_TABLES",
    "OPTIONAL_TABLES",
    "REQUIRED_TABLES",
    "TABLES",
    "Column",
    "Problem",
    "Row",
    "Severity",
    "Table",
    "by_key",
    "read_tables",
]

Kind = Literal["str", "float", "int", "bool", "list", "int_list"]
Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a network's files; ``row`` is the file's line number (header = 1)."""

    file: str
    row: int
    column: str
    value: str
    expected: str
    severity: Severity = "error"
    record: str = ""  # the id of the row (node_id, link_id, ...), when it has one

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" if self.row else self.file
        if self.record:
            where += f" ({self.record})"
        col = f" column {self.column}" if self.column else ""
        return f"{where}{col} = {self.value!r}: expected {self.expected}"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind = "str"
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    positive: bool = False  # strictly greater than zero

    def expected(self) -> str:
        if self.choices:
            base = "one of " + ", ".join(self.choices)
            return base + ("" if self.kind == "str" else " (separated by ';')")
        text = {
            "str": "text",
            "float": "a number",
            "int": "a whole number",
            "bool": "yes/no (also true/false, 1/0)",
            "list": "values separated by ';'",
            "int_list": "whole numbers separated by ';'",
        }[self.kind]
        if self.positive:
            text += " greater than 0"
        elif self.minimum is not None and self.maximum is not None:
            text += f" between {self.minimum:g} and {self.maximum:g}"
        elif self.minimum is not None:
            text += f" of at least {self.minimum:g}"
        return text


Value = str | float | int | bool | tuple[str, ...] | tuple[int, ...] | None


@dataclass(slots=True)
class Row:
    """One parsed data row: typed values (None when the cell is empty) and the raw text."""

    file: str
    line: int
    values: dict[str, Value] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    key: str = ""  # the row's id, for messages

    def text(self, col: str) -> str:
        v = self.values.get(col)
        return v if isinstance(v, str) else ""

    def number(self, col: str) -> float | None:
        v = self.values.get(col)
        return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None

    def integer(self, col: str) -> int | None:
        v = self.values.get(col)
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    def flag(self, col: str, default: bool) -> bool:
        v = self.values.get(col)
        return v if isinstance(v, bool) else default

    def items(self, col: str) -> tuple[str, ...]:
        v = self.values.get(col)
        return tuple(str(x) for x in v) if isinstance(v, tuple) else ()

    def ints(self, col: str) -> tuple[int, ...]:
        v = self.values.get(col)
        return tuple(x for x in v if isinstance(x, int)) if isinstance(v, tuple) else ()

    def problem(self, col: str, expected: str, severity: Severity = "error") -> Problem:
        raw = self.raw.get(col, "")
        return Problem(self.file, self.line, col, raw, expected, severity, self.key)


MODES = ("rail", "road", "ferry", "sea", "inland_water")
NODE_TYPES = ("terminal", "dry_port", "seaport", "border", "hub", "junction")
STATUSES = ("operational", "planned", "closed")
TRACTIONS = ("electric", "diesel", "mixed", "marine", "none")
GAUGE_CHANGES = ("none", "transshipment", "bogie_exchange")
SOURCE_KINDS = ("official", "press", "wiki", "weak", "estimate", "derived", "dataset")
CORRIDOR_TAGS = ("N", "M", "NS-W", "NS-E", "NS-C", "CKU", "CA", "sea", "road")
DOCUMENTS = (
    "SMGS",
    "CIM",
    "CIM/SMGS",
    "CMR",
    "TIR",
    "T1",
    "B/L",
    "SWB",
    "NCTS",
)
CARRIES = ("container", "rail_wagon", "truck")  # what a sailing takes on board
_SRC = Column("source", "list", required=True)
_EST = Column("estimated", "list")
_NOTE = Column("note")


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    key: str
    columns: tuple[Column, ...]

    def column(self, name: str) -> Column | None:
        return next((c for c in self.columns if c.name == name), None)


TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "source.csv",
            "source_id",
            (
                Column("source_id", required=True),
                Column("title", required=True),
                Column("ref", required=True),
                Column("kind", required=True, choices=SOURCE_KINDS),
                _NOTE,
            ),
        ),
        Table(
            "node.csv",
            "node_id",
            (
                Column("node_id", required=True),
                Column("name", required=True),
                Column("name_ru"),
                Column("name_local"),
                Column("aliases", "list"),
                Column("country", required=True),
                Column("x_coord", "float", required=True, minimum=-180, maximum=180),
                Column("y_coord", "float", required=True, minimum=-90, maximum=90),
                Column("node_type", required=True, choices=NODE_TYPES),
                Column("unlocode"),
                Column("gauges", "int_list"),
                Column("gauge_change", choices=GAUGE_CHANGES),
                Column("handling_h", "float", minimum=0),
                Column("handling_usd_teu", "float", minimum=0),
                Column("gauge_change_h", "float", minimum=0),
                Column("gauge_change_usd_teu", "float", minimum=0),
                Column("reefer", "bool"),
                Column("capacity_teu_day", "float", positive=True),
                Column("corridors", "list", choices=CORRIDOR_TAGS),
                _SRC,
                _EST,
                _NOTE,
            ),
        ),
        Table(
            "link.csv",
            "link_id",
            (
                Column("link_id", required=True),
                Column("name"),
                Column("from_node_id", required=True),
                Column("to_node_id", required=True),
                Column("dir_flag", "int", required=True, minimum=-1, maximum=1),
                Column("mode", required=True, choices=MODES),
                Column("length", "float", required=True, positive=True),
                Column("gauge", "int"),
                Column("traction", choices=TRACTIONS),
                Column("free_speed", "float", positive=True),
                Column("capacity_teu_day", "float", positive=True),
                Column("status", required=True, choices=STATUSES),
                Column("opening_year", "int", minimum=1800, maximum=2100),
                Column("price_usd_teu", "float", minimum=0),
                Column("emission_factor_id"),
                Column("reefer_ok", "bool"),
                Column("dg_ok", "bool"),
                Column("corridors", "list", choices=CORRIDOR_TAGS),
                Column("geometry"),
                _SRC,
                _EST,
                _NOTE,
            ),
        ),
        Table(
            "border.csv",
            "border_id",
            (
                Column("border_id", required=True),
                Column("link_id", required=True),
                Column("name", required=True),
                Column("name_ru"),
                Column("dwell_p50_h", "float", required=True, minimum=0),
                Column("dwell_p90_h", "float", required=True, minimum=0),
                Column("gauge_change", required=True, choices=GAUGE_CHANGES),
                Column("capacity_trains_day", "float", positive=True),
                Column("capacity_teu_day", "float", positive=True),
                Column("documents", "list", choices=DOCUMENTS),
                _SRC,
                _EST,
                _NOTE,
            ),
        ),
        Table(
            "service.csv",
            "service_id",
            (
                Column("service_id", required=True),
                Column("link_id", required=True),
                Column("name", required=True),
                Column("name_ru"),
                Column("operator", required=True),
                Column("sailings_per_week", "float", required=True, positive=True),
                Column("weekdays", "int_list"),
                Column("departure_hour", "float", minimum=0, maximum=23.99),
                Column("crossing_h", "float", required=True, positive=True),
                Column("queue_p50_h", "float", minimum=0),
                Column("queue_p90_h", "float", minimum=0),
                Column("vessel_class"),
                Column("carries", "list", choices=CARRIES),
                Column("capacity_teu", "float", positive=True),
                Column("max_draft_m", "float", positive=True),
                Column("price_usd_teu", "float", minimum=0),
                Column("reefer_ok", "bool"),
                Column("dg_ok", "bool"),
                _SRC,
                _EST,
                _NOTE,
            ),
        ),
        Table(
            "emission_factor.csv",
            "ef_id",
            (
                Column("ef_id", required=True),
                Column("mode", required=True, choices=MODES),
                Column("energy", required=True),
                Column("region", "list", required=True),
                Column("wtw_kg_tkm", "float", required=True, positive=True),
                Column("ttw_kg_tkm", "float", minimum=0),
                Column("wtt_kg_tkm", "float", minimum=0),
                Column("default_for"),
                _SRC,
                _EST,
                _NOTE,
            ),
        ),
        Table(
            "tariff.csv",
            "tariff_id",
            (
                Column("tariff_id", required=True),
                Column("mode", required=True, choices=MODES),
                Column("region", "list", required=True),
                Column("usd_per_teu_km", "float", required=True, minimum=0),
                Column("fixed_usd_teu", "float", required=True, minimum=0),
                _SRC,
                _EST,
                _NOTE,
            ),
        ),
        Table(
            "speed.csv",
            "speed_id",
            (
                Column("speed_id", required=True),
                Column("mode", required=True, choices=MODES),
                Column("traction", required=True, choices=(*TRACTIONS, "*")),
                Column("region", "list", required=True),
                Column("speed_kmh", "float", required=True, positive=True),
                _SRC,
                _EST,
                _NOTE,
            ),
        ),
        Table(
            "handling.csv",
            "node_type",
            (
                Column("node_type", required=True, choices=NODE_TYPES),
                Column("handling_h", "float", required=True, minimum=0),
                Column("handling_usd_teu", "float", required=True, minimum=0),
                Column("gauge_change_h", "float", required=True, minimum=0),
                Column("gauge_change_usd_teu", "float", required=True, minimum=0),
                _SRC,
                _EST,
                _NOTE,
            ),
        ),
    )
}

REQUIRED_TABLES = ("source.csv", "node.csv", "link.csv")
OPTIONAL_TABLES = ("border.csv", "service.csv")  # absent = none
DEFAULT_TABLES = (
    "emission_factor.csv",
    "tariff.csv",
    "speed.csv",
    "handling.csv",
)  # absent = bundled

_TRUE = {"yes", "true", "1", "y"}
_FALSE = {"no", "false", "0", "n"}


def _parse_cell(col: Column, text: str) -> tuple[Value, bool]:
    """Return (value, ok). Empty text is (None, True): required-ness is checked by the caller."""
    if text == "":
        return None, True
    try:
        if col.kind == "str":
            ok = not col.choices or text in col.choices
            return text, ok
        if col.kind == "float":
            f = float(text)
            return f, _in_range(col, f)
        if col.kind == "int":
            i = int(text)
            return i, _in_range(col, i)
        if col.kind == "bool":
            low = text.lower()
            if low in _TRUE:
                return True, True
            if low in _FALSE:
                return False, True
            return None, False
        parts = tuple(p.strip() for p in text.split(";") if p.strip())
        if col.kind == "int_list":
            return tuple(int(p) for p in parts), True
        return parts, not col.choices or all(p in col.choices for p in parts)
    except ValueError:
        return None, False


def _in_range(col: Column, v: float) -> bool:
    if not math.isfinite(v):
        return False
    if col.positive and v <= 0:
        return False
    if col.minimum is not None and v < col.minimum:
        return False
    return col.maximum is None or v <= col.maximum


def _read_one(path: Path, table: Table) -> tuple[list[Row], list[Problem]]:
    rows: list[Row] = []
    problems: list[Problem] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Problem(table.name, 0, "", str(exc), "UTF-8 text")]
    lines = text.splitlines()
    reader: Iterator[list[str]] = csv.reader(lines)
    header = next(reader, None)
    if header is None:
        return [], [Problem(table.name, 1, "", "", "a header line")]
    header = [h.strip() for h in header]
    known = {c.name for c in table.columns}
    for name in header:
        if name not in known:
            problems.append(
                Problem(table.name, 1, name, name, "a known column: " + ", ".join(sorted(known)))
            )
    for col in table.columns:
        if col.required and col.name not in header:
            problems.append(Problem(table.name, 1, col.name, "", "a column named " + col.name))
    for line_no, cells in enumerate(reader, start=2):
        if not cells or all(c.strip() == "" for c in cells):
            continue
        if cells[0].lstrip().startswith("#"):
            continue  # comment line
        row = Row(table.name, line_no)
        if table.key in header and len(cells) > header.index(table.key):
            row.key = cells[header.index(table.key)].strip()
        if len(cells) != len(header):
            problems.append(
                Problem(
                    table.name, line_no, "", ",".join(cells), f"{len(header)} cells, as the header"
                )
            )
        bad: set[str] = set()
        for name, cell in zip(header, cells, strict=False):
            spec = table.column(name)
            if spec is None:
                continue
            text = cell.strip()
            row.raw[name] = text
            value, ok = _parse_cell(spec, text)
            if not ok:
                problems.append(row.problem(name, spec.expected()))
                bad.add(name)
                continue
            row.values[name] = value
        for col in table.columns:
            if col.name in bad or col.name not in header:
                continue
            if col.required and row.values.get(col.name) in (None, ()):
                problems.append(row.problem(col.name, "a value (" + col.expected() + ")"))
        rows.append(row)
    return rows, problems


def read_tables(
    directory: Path, fallback: Path | None = None
) -> tuple[dict[str, list[Row]], list[Problem], dict[str, Path]]:
    """Read every table of a network directory.

    Required tables must exist; optional ones default to empty; default tables (emission
    factors, tariffs, speeds, handling) and the sources they cite come from ``fallback`` (the
    bundled data) when the directory has none. Returns rows by file name, the problems found
    and the path each table was read from.
    """
    tables: dict[str, list[Row]] = {}
    problems: list[Problem] = []
    origin: dict[str, Path] = {}
    if not directory.is_dir():
        return {}, [Problem(str(directory), 0, "", str(directory), "a directory of CSV files")], {}
    for name, table in TABLES.items():
        path = directory / name
        if not path.is_file() and name in DEFAULT_TABLES and fallback is not None:
            path = fallback / name
        if not path.is_file():
            tables[name] = []
            if name in REQUIRED_TABLES:
                problems.append(Problem(name, 0, "", str(directory / name), "the file to exist"))
            continue
        rows, probs = _read_one(path, table)
        tables[name], origin[name] = rows, path
        problems.extend(probs)
    if fallback is not None and any(origin.get(n, directory).parent != directory for n in origin):
        # Default tables came from the bundle: add the bundled sources they cite.
        own = {r.text("source_id") for r in tables["source.csv"]}
        bundled, _ = _read_one(fallback / "source.csv", TABLES["source.csv"])
        tables["source.csv"] += [r for r in bundled if r.text("source_id") not in own]
    return tables, problems, origin


def by_key(rows: list[Row], key: str) -> Mapping[str, Row]:
    """First row per key (duplicates are reported by the checks)."""
    out: dict[str, Row] = {}
    for r in rows:
        out.setdefault(r.text(key), r)
    return out
