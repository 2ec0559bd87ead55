"""Origin–destination freight demand, in TEU per year.

A :class:`Demand` is a list of sourced rows. Rows with the same origin and destination (for
example two commodities) stay separate here, because each keeps its own source; the flow model
adds them up per pair. Tonnes are turned into TEU with :data:`TONNES_PER_TEU`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from rapidfuzz import process

from corridors.errors import InvalidInput
from corridors.messages import N_, Message, items
from corridors.network.model import Network

__all__ = [
    "TONNES_PER_TEU",
    "Demand",
    "ODDemand",
    "ODKey",
    "suggest",
    "suggestion",
]

ODKey = tuple[str, str, tuple[str, ...]]  # origin, destination, countries avoided

# Average cargo mass per loaded TEU on the corridors, derived from the Xi'an hub figures for
# Jan–Oct 2025: 5.564 Mt in 505,000 TEU (corridor-facts.md §6.2) -> 11.0 t per TEU.
TONNES_PER_TEU = 11.0

KINDS = ("official", "derived", "estimate")


@dataclass(frozen=True, slots=True)
class ODDemand:
    """Yearly demand between two nodes. ``kind`` says whether the figure is published
    (official), computed from published figures (derived) or an estimate."""

    origin: str
    destination: str
    teu_per_year: float
    commodity: str = "containers"
    source: str = ""
    kind: str = "official"
    corridor: str = ""  # the published series this row belongs to, e.g. "CN-EU", "TITR"
    note: str = ""
    avoid: tuple[str, ...] = ()  # ISO country codes the freight does not cross (sorted)


@dataclass(frozen=True)
class Demand:
    """A set of OD rows. Build it with :meth:`checked` to get the validation."""

    rows: tuple[ODDemand, ...]

    @classmethod
    def checked(cls, rows: Iterable[ODDemand], network: Network | None = None) -> Demand:
        """Validate every row (numbers, ids, duplicates) and return the demand."""
        rows = tuple(rows)
        seen: dict[tuple[str, str, str, tuple[str, ...]], int] = {}
        for i, row in enumerate(rows):
            where = f"demand row {i + 1} ({row.origin} -> {row.destination})"
            _check_row(row, where)
            key = (row.origin, row.destination, row.commodity, row.avoid)
            if key in seen:
                raise InvalidInput(
                    f"{where}: duplicate of row {seen[key] + 1} for commodity {row.commodity!r}",
                    hint="give each origin, destination and commodity once",
                    field="demand",
                )
            seen[key] = i
        demand = cls(rows)
        if network is not None:
            demand.check_nodes(network)
        return demand

    def check_nodes(self, network: Network) -> None:
        """Raise :class:`InvalidInput` for the first origin or destination not in the network,
        or a row whose origin or destination lies in a country it avoids."""
        for i, row in enumerate(self.rows):
            for node_id in (row.origin, row.destination):
                node = network.nodes.get(node_id)
                if node is not None and node.country in row.avoid:
                    raise InvalidInput(
                        f"demand row {i + 1}: {node_id} is in {node.country}, "
                        "a country the row avoids",
                        hint="avoid lists transit countries only",
                        field="avoid",
                    )
            for field_name in ("origin", "destination"):
                node_id = getattr(row, field_name)
                if node_id not in network.nodes:
                    raise InvalidInput(
                        f"demand row {i + 1}: {field_name} {node_id!r} is not a node "
                        "of the network",
                        hint=suggest(node_id, network.nodes, "node ids"),
                        field=field_name,
                    )

    @property
    def total_teu(self) -> float:
        return math.fsum(r.teu_per_year for r in self.rows)

    def keys(self) -> dict[ODKey, float]:
        """TEU per year per (origin, destination, avoided countries), commodities added up."""
        out: dict[ODKey, float] = {}
        for r in self.rows:
            key = (r.origin, r.destination, r.avoid)
            out[key] = out.get(key, 0.0) + r.teu_per_year
        return out

    def pairs(self) -> dict[tuple[str, str], float]:
        """TEU per year per (origin, destination), commodities added up."""
        out: dict[tuple[str, str], float] = {}
        for r in self.rows:
            key = (r.origin, r.destination)
            out[key] = out.get(key, 0.0) + r.teu_per_year
        return out

    def scaled(self, factor: float, where: Callable[[ODDemand], bool] | None = None) -> Demand:
        """Multiply the rows selected by ``where`` (all when None) by ``factor``."""
        if not (math.isfinite(factor) and factor >= 0):
            raise InvalidInput(
                f"demand factor must be a finite number >= 0, got {factor}", field="factor"
            )
        return Demand(
            tuple(
                replace(r, teu_per_year=r.teu_per_year * factor) if where is None or where(r) else r
                for r in self.rows
            )
        )

    def by(self, key: Callable[[ODDemand], str]) -> dict[str, float]:
        """Total TEU per group, e.g. ``by(lambda r: r.corridor)``."""
        out: dict[str, float] = {}
        for r in self.rows:
            k = key(r)
            out[k] = out.get(k, 0.0) + r.teu_per_year
        return out


def _check_row(row: ODDemand, where: str) -> None:
    if not row.origin or not row.destination:
        raise InvalidInput(f"{where}: origin and destination are required", field="origin")
    if row.origin == row.destination:
        raise InvalidInput(
            f"{where}: origin and destination are the same node",
            hint="demand is between two different nodes",
            field="destination",
        )
    v = row.teu_per_year
    if not (isinstance(v, int | float) and math.isfinite(v) and v >= 0):
        raise InvalidInput(
            f"{where}: teu_per_year must be a finite number >= 0, got {v!r}",
            field="teu_per_year",
        )
    if any(len(c) != 2 or not c.isalpha() or not c.isupper() for c in row.avoid):
        raise InvalidInput(
            f"{where}: avoid must list ISO 3166 alpha-2 country codes, got {row.avoid!r}",
            field="avoid",
        )
    if list(row.avoid) != sorted(set(row.avoid)):
        raise InvalidInput(f"{where}: avoid must be sorted and without repeats", field="avoid")
    if row.kind not in KINDS:
        raise InvalidInput(
            f"{where}: kind must be one of {', '.join(KINDS)}, got {row.kind!r}", field="kind"
        )


def suggest(value: str, choices: Mapping[str, object] | Iterable[str], what: str) -> str:
    """A hint naming the closest known ids, for "not found" errors."""
    return suggestion(value, choices, what).text


def suggestion(
    value: str, choices: Mapping[str, object] | Iterable[str], what: str | Message
) -> Message:
    """:func:`suggest` as a message (``what`` a message too where a face translates it)."""
    keys = list(choices)
    close = [m[0] for m in process.extract(value, keys, limit=3, score_cutoff=60)]
    if close:
        return Message.of(N_("did you mean {ids}?"), ids=items([repr(c) for c in close], "comma"))
    return Message.of(N_("no close match among the {n} {what}"), n=len(keys), what=what)
