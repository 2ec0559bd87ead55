"""All the Caspian data in one immutable object, with lookups by id, name or alias."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import process

from corridors.climate.ports import Port, check_dredge
from corridors.climate.projection import PublishedRange
from corridors.climate.sealevel import SeaLevelSeries
from corridors.climate.vessels import Vessel
from corridors.errors import InvalidInput, NotFound
from corridors.network.model import Source

__all__ = ["CaspianModel", "normalise"]


def normalise(name: str) -> str:
    """Lower case with spaces, dashes and underscores folded, for forgiving name lookups."""
    return " ".join(name.strip().lower().replace("_", " ").replace("-", " ").split())


@dataclass(frozen=True)
class CaspianModel:
    """Sea-level record, published projections, ports and vessel classes, and their sources."""

    series: SeaLevelSeries
    published: tuple[PublishedRange, ...]
    ports: Mapping[str, Port]  # by node id
    vessels: Mapping[str, Vessel]  # by class id
    sources: Mapping[str, Source]

    # Lookups run once per service per scenario: the name tables and matches are memoised.
    _memo: dict[str, Vessel | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    @staticmethod
    def _index(items: Mapping[str, Port] | Mapping[str, Vessel]) -> dict[str, str]:
        names: dict[str, str] = {}
        for key, item in items.items():
            for name in (key, item.name, *item.aliases):
                names.setdefault(normalise(name), key)
        return names

    @cached_property
    def _port_names(self) -> dict[str, str]:
        return self._index(self.ports)

    @cached_property
    def _vessel_names(self) -> dict[str, str]:
        return self._index(self.vessels)

    def _resolve(self, what: str, name: str, names: dict[str, str], field: str) -> str:
        key = names.get(normalise(name))
        if key is not None:
            return key
        match = process.extractOne(normalise(name), list(names))
        hint = f"did you mean {match[0]!r}? " if match and match[1] >= 70 else ""
        raise NotFound(
            f"{what} {name!r} is not a Caspian {what} of the model",
            hint=hint + "accepted: " + ", ".join(sorted(set(names.values()))),
            field=field,
        )

    def port(self, name: str, field: str = "port") -> Port:
        """The port named by node id (``KZ_SCO``), name (``Aktau``) or alias, any case."""
        return self.ports[self._resolve("port", name, self._port_names, field)]

    def vessel(self, name: str, field: str = "vessel") -> Vessel:
        """The vessel class named by id (``tanker_12k``) or alias (``tanker``), any case."""
        return self.vessels[self._resolve("vessel class", name, self._vessel_names, field)]

    def find_vessel(self, text: str) -> Vessel | None:
        """The vessel class a free-text description names, or None.

        An exact id, name or alias wins; otherwise the alias found earliest in the text (the
        longest at a tie), as whole words: "Ro-Pax Azerbaijan (154.5 m)" is ``ropax_rail``,
        "Rail ferry (Dagestan class) and Ro-Pax Berkarar" is ``rail_ferry``.
        """
        if text not in self._memo:
            self._memo[text] = self._match_vessel(normalise(text))
        return self._memo[text]

    def _match_vessel(self, wanted: str) -> Vessel | None:
        if not wanted:
            return None
        names = self._vessel_names
        if wanted in names:
            return self.vessels[names[wanted]]
        found = [
            (match.start(), -len(alias), key)
            for alias, key in names.items()
            if (match := re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", wanted))
        ]
        return self.vessels[min(found)[2]] if found else None

    def resolve_dredge(self, dredge: Mapping[str, float] | None) -> dict[str, float]:
        """``{port name or node id: metres}`` to ``{node id: metres}``, checking every entry."""
        out: dict[str, float] = {}
        for name, metres in (dredge or {}).items():
            port = self.port(str(name), field=f"dredge.{name}")
            if port.node_id in out:
                raise InvalidInput(
                    f"dredge names {port.name} ({port.node_id}) more than once",
                    hint="give one entry per port",
                    field=f"dredge.{name}",
                )
            out[port.node_id] = check_dredge(metres, field=f"dredge.{name}")
        return out
