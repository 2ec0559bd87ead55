"""Reader for the TNTP benchmark files (``_net``, ``_trips``, ``_flow``, ``_node``).

The format (Bar-Gera's Transportation Network Test Problems, ``bstabler/TransportationNetworks``)
is a ``<KEY> value`` metadata header closed by ``<END OF METADATA>``, then whitespace-separated
rows ending in ``;``. ``~`` starts a comment, node ids are 1-based, and zones are nodes
``1 .. <NUMBER OF ZONES>``. Nodes below ``<FIRST THRU NODE>`` are zones that paths must not pass
through. Every malformed line raises :class:`InvalidInput` naming the file, the line and the field.

This is the only module of the package that reads files.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corridors.assignment._types import FloatArray, IntArray
from corridors.assignment.network import AssignmentNetwork
from corridors.assignment.vdf import BPR
from corridors.errors import InvalidInput

__all__ = [
    "TntpFlows",
    "TntpNetwork",
    "TntpNodes",
    "read_flows",
    "read_net",
    "read_nodes",
    "read_trips",
]

NET_COLUMNS = (
    "init_node",
    "term_node",
    "capacity",
    "length",
    "free_flow_time",
    "b",
    "power",
    "speed",
    "toll",
    "link_type",
)
_REQUIRED_NET_COLUMNS = 7  # speed, toll and link_type default to 0 when a file leaves them out
_META = re.compile(r"^<([^>]+)>\s*(.*)$")
_OD = re.compile(r"^(\S+)\s*:\s*(\S+)$")


@dataclass(frozen=True, eq=False)
class TntpNetwork:
    """The columns of a ``_net.tntp`` file, node ids as in the file (1-based)."""

    name: str
    n_zones: int
    n_nodes: int
    first_thru_node: int
    init_node: IntArray
    term_node: IntArray
    capacity: FloatArray
    length: FloatArray
    free_flow_time: FloatArray
    b: FloatArray
    power: FloatArray
    speed: FloatArray
    toll: FloatArray
    link_type: IntArray

    @property
    def n_links(self) -> int:
        return int(self.init_node.shape[0])

    def to_assignment(
        self, *, toll_factor: float = 0.0, distance_factor: float = 0.0
    ) -> AssignmentNetwork:
        """The network to assign on, BPR delays and TNTP's generalised cost.

        The link cost is ``t(x) + toll_factor·toll + distance_factor·length``: the time units per
        toll unit and per length unit that a network's README gives (Chicago Sketch: 0.02 and
        0.04). Zones are nodes ``1 .. n_zones`` (indices ``0 .. n_zones-1``).
        """
        for name, value in (("toll_factor", toll_factor), ("distance_factor", distance_factor)):
            if not (math.isfinite(value) and value >= 0):
                raise InvalidInput(f"{name} = {value}; accepted: a number >= 0", field=name)
        return AssignmentNetwork(
            n_nodes=self.n_nodes,
            tail=self.init_node - 1,
            head=self.term_node - 1,
            delay=BPR(self.free_flow_time, self.capacity, self.b, self.power),
            zones=np.arange(self.n_zones, dtype=np.int64),
            fixed_cost=toll_factor * self.toll + distance_factor * self.length,
            no_through=np.arange(self.n_nodes) < self.first_thru_node - 1,
            node_ids=np.arange(1, self.n_nodes + 1),
        )


@dataclass(frozen=True, eq=False)
class TntpFlows:
    """A ``_flow.tntp`` file: a (best-known) flow and cost per link, node ids 1-based."""

    init_node: IntArray
    term_node: IntArray
    volume: FloatArray
    cost: FloatArray


@dataclass(frozen=True, eq=False)
class TntpNodes:
    """A ``_node.tntp`` file: coordinates per node id."""

    node: IntArray
    x: FloatArray
    y: FloatArray


class _Source:
    """The lines of one file, with the header split off and comments removed."""

    def __init__(self, path: str | Path, *, header: bool) -> None:
        self.path = Path(path)
        try:
            text = self.path.read_text(encoding="utf-8-sig", errors="strict")
        except FileNotFoundError:
            raise InvalidInput(f"{self.path}: no such file", field="path") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise InvalidInput(f"{self.path}: cannot read the file ({exc})", field="path") from None
        self.lines = text.splitlines()
        self.meta: dict[str, tuple[str, int]] = {}
        self.body_start = 0
        if header:
            self._read_header()

    def _read_header(self) -> None:
        for i, raw in enumerate(self.lines):
            line = raw.split("~", 1)[0].strip()
            if not line:
                continue
            m = _META.match(line)
            if m is None:
                raise self.error(i + 1, f"expected a <KEY> value metadata line, got {line[:40]!r}")
            key = " ".join(m.group(1).upper().split())
            if key == "END OF METADATA":
                self.body_start = i + 1
                return
            self.meta[key] = (m.group(2).strip(), i + 1)
        raise InvalidInput(
            f"{self.path}: no <END OF METADATA> line; is this a TNTP file?", field="path"
        )

    def error(self, line: int, message: str, field: str | None = None) -> InvalidInput:
        return InvalidInput(f"{self.path}:{line}: {message}", field=field)

    def meta_int(self, key: str, default: int | None = None, minimum: int = 0) -> int:
        if key not in self.meta:
            if default is not None:
                return default
            raise InvalidInput(f"{self.path}: the header has no <{key}>", field=key.lower())
        text, line = self.meta[key]
        try:
            value = float(text)
        except ValueError:
            raise self.error(line, f"<{key}> = {text!r} is not a number") from None
        if not value.is_integer() or value < minimum:
            raise self.error(line, f"<{key}> = {text!r}; accepted: an integer >= {minimum}")
        return int(value)

    def rows(self) -> Iterator[tuple[int, str]]:
        """(line number, content) of each non-empty body line, comments and ``;`` kept."""
        for i in range(self.body_start, len(self.lines)):
            line = self.lines[i].split("~", 1)[0].strip()
            if line:
                yield i + 1, line


def _number(src: _Source, line: int, column: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise src.error(line, f"{column} = {text!r} is not a number", column) from None
    if not math.isfinite(value):
        raise src.error(line, f"{column} = {text!r} is not a finite number", column)
    return value


def _node_id(src: _Source, line: int, column: str, text: str, n_nodes: int) -> int:
    value = _number(src, line, column, text)
    if not value.is_integer() or not 1 <= value <= n_nodes:
        raise src.error(line, f"{column} = {text}; accepted: a node id in 1 .. {n_nodes}", column)
    return int(value)


def read_net(path: str | Path) -> TntpNetwork:
    """Read a ``_net.tntp`` file."""
    src = _Source(path, header=True)
    n_zones = src.meta_int("NUMBER OF ZONES")
    n_nodes = src.meta_int("NUMBER OF NODES", minimum=1)
    n_links = src.meta_int("NUMBER OF LINKS")
    first_thru = src.meta_int("FIRST THRU NODE", default=1, minimum=1)
    if n_zones > n_nodes:
        raise InvalidInput(
            f"{src.path}: {n_zones} zones but only {n_nodes} nodes; zones are nodes 1 .. zones"
        )
    cols: list[list[float]] = [[] for _ in NET_COLUMNS]
    for line, text in src.rows():
        fields = text.replace(";", " ").split()
        if len(fields) < _REQUIRED_NET_COLUMNS:
            raise src.error(
                line,
                f"{len(fields)} fields; a link needs at least {_REQUIRED_NET_COLUMNS} "
                f"({', '.join(NET_COLUMNS[:_REQUIRED_NET_COLUMNS])})",
            )
        fields = fields[: len(NET_COLUMNS)] + ["0"] * (len(NET_COLUMNS) - len(fields))
        row = [
            float(_node_id(src, line, col, f, n_nodes))
            if col in ("init_node", "term_node")
            else _number(src, line, col, f)
            for col, f in zip(NET_COLUMNS, fields, strict=True)
        ]
        _check_link(src, line, dict(zip(NET_COLUMNS, row, strict=True)))
        for c, v in zip(cols, row, strict=True):
            c.append(v)
    if len(cols[0]) != n_links:
        raise InvalidInput(
            f"{src.path}: the header says <NUMBER OF LINKS> {n_links} but the file has "
            f"{len(cols[0])} links",
            field="links",
        )
    arr = {name: np.asarray(c, dtype=np.float64) for name, c in zip(NET_COLUMNS, cols, strict=True)}
    return TntpNetwork(
        name=src.path.name.removesuffix(".tntp").removesuffix("_net"),
        n_zones=n_zones,
        n_nodes=n_nodes,
        first_thru_node=first_thru,
        init_node=arr["init_node"].astype(np.int64),
        term_node=arr["term_node"].astype(np.int64),
        capacity=arr["capacity"],
        length=arr["length"],
        free_flow_time=arr["free_flow_time"],
        b=arr["b"],
        power=arr["power"],
        speed=arr["speed"],
        toll=arr["toll"],
        link_type=arr["link_type"].astype(np.int64),
    )


def _check_link(src: _Source, line: int, row: dict[str, float]) -> None:
    checks = (
        ("capacity", row["capacity"] > 0, "a capacity > 0"),
        ("free_flow_time", row["free_flow_time"] >= 0, "a time >= 0"),
        ("length", row["length"] >= 0, "a length >= 0"),
        ("b", row["b"] >= 0, "b >= 0"),
        ("power", row["power"] >= 1 or row["b"] == 0, "power >= 1 (or b = 0)"),
        ("toll", row["toll"] >= 0, "a toll >= 0"),
    )
    for column, ok, accepted in checks:
        if not ok:
            raise src.error(line, f"{column} = {row[column]:g}; accepted: {accepted}", column)


def read_trips(path: str | Path) -> FloatArray:
    """Read a ``_trips.tntp`` file into a zones × zones matrix (row = origin, 0-based)."""
    src = _Source(path, header=True)
    n = src.meta_int("NUMBER OF ZONES", minimum=1)
    demand = np.zeros((n, n))
    seen = np.zeros((n, n), dtype=np.bool_)
    origin: int | None = None
    for line, text in src.rows():
        if text.lower().startswith("origin"):
            parts = text.split()
            if len(parts) != 2:
                raise src.error(line, f"expected 'Origin <zone>', got {text[:40]!r}", "origin")
            origin = _node_id(src, line, "origin", parts[1], n) - 1
            continue
        if origin is None:
            raise src.error(line, "OD entries before the first 'Origin' line", "origin")
        for piece in text.split(";"):
            piece = piece.strip()
            if not piece:
                continue
            m = _OD.match(piece)
            if m is None:
                raise src.error(line, f"expected 'destination : trips;', got {piece[:40]!r}")
            dest = _node_id(src, line, "destination", m.group(1), n) - 1
            trips = _number(src, line, "trips", m.group(2))
            if trips < 0:
                raise src.error(line, f"trips = {trips:g}; accepted: a number >= 0", "trips")
            if seen[origin, dest]:
                raise src.error(line, f"a second entry for origin {origin + 1} → {dest + 1}")
            seen[origin, dest] = True
            demand[origin, dest] = trips
    if "TOTAL OD FLOW" in src.meta:
        total = _number(
            src, src.meta["TOTAL OD FLOW"][1], "TOTAL OD FLOW", src.meta["TOTAL OD FLOW"][0]
        )
        found = float(demand.sum())
        if abs(found - total) > 1e-4 * max(abs(total), 1.0):
            raise InvalidInput(
                f"{src.path}: the header says <TOTAL OD FLOW> {total:g} but the entries sum to "
                f"{found:g}; is the file truncated?",
                field="TOTAL OD FLOW",
            )
    return demand


def _table(src: _Source, columns: tuple[str, ...]) -> list[tuple[int, list[str]]]:
    """Rows of a headerless table file, skipping one leading column-title line."""
    rows = []
    for k, (line, text) in enumerate(src.rows()):
        fields = text.replace(";", " ").split()
        if k == 0 and fields and not _is_number(fields[0]):
            continue  # the column titles, e.g. "From To Volume Cost"
        if len(fields) < len(columns):
            raise src.error(line, f"{len(fields)} fields; expected {', '.join(columns)}")
        rows.append((line, fields))
    return rows


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def read_flows(path: str | Path) -> TntpFlows:
    """Read a ``_flow.tntp`` file (``From To Volume Cost`` per link)."""
    src = _Source(path, header=False)
    cols = ("from", "to", "volume", "cost")
    rows = _table(src, cols)
    values = [
        [_number(src, line, c, f) for c, f in zip(cols, fields, strict=False)]
        for line, fields in rows
    ]
    for (line, _), v in zip(rows, values, strict=True):
        for c in ("from", "to"):
            x = v[cols.index(c)]
            if not x.is_integer() or x < 1:
                raise src.error(line, f"{c} = {x:g}; accepted: a node id >= 1", c)
    a = np.asarray(values, dtype=np.float64).reshape(-1, 4)
    return TntpFlows(
        init_node=a[:, 0].astype(np.int64),
        term_node=a[:, 1].astype(np.int64),
        volume=a[:, 2],
        cost=a[:, 3],
    )


def read_nodes(path: str | Path) -> TntpNodes:
    """Read a ``_node.tntp`` file (``Node X Y`` per node)."""
    src = _Source(path, header=False)
    cols = ("node", "x", "y")
    rows = _table(src, cols)
    values = [
        [_number(src, line, c, f) for c, f in zip(cols, fields, strict=False)]
        for line, fields in rows
    ]
    a = np.asarray(values, dtype=np.float64).reshape(-1, 3)
    return TntpNodes(node=a[:, 0].astype(np.int64), x=a[:, 1], y=a[:, 2])
