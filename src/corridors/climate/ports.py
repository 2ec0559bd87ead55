"""Port depths and the draft a ship may have at a given sea level.

A depth figure was true at the sea level of its year. The bottom does not move unless dredged, so
the water depth follows the sea:

    depth(L, d) = depth_ref + (L - L_ref) + d        (d: extra dredging, m)

A ship needs an under-keel clearance (UKC) below it: ``max(ukc_fraction * T, ukc_min_m)``. The
allowed draft is the largest ``T`` with ``T + UKC(T) <= depth``:

    T = max(0, min(depth / (1 + ukc_fraction), depth - ukc_min_m))

Some sources publish an allowed draft rather than a depth (``depth_basis`` ``draft_limit``); it is
turned into the equivalent depth with the same UKC rule, so at its own reference level the model
gives back exactly the published draft.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from corridors.climate.sealevel import check_level
from corridors.climate.vessels import Vessel
from corridors.errors import InvalidInput

__all__ = [
    "DepthBasis",
    "Port",
    "PortDepth",
    "allowed_draft",
    "check_dredge",
    "dredge_for_full_load",
]

DepthBasis = Literal["charted", "dredged", "derived", "draft_limit", "estimate"]

_MAX_DREDGE_M = 30.0


@dataclass(frozen=True, slots=True)
class PortDepth:
    """One controlling depth (channel, berth group or canal) and the vessel classes it serves."""

    node_id: str
    berth: str
    serves: tuple[str, ...]  # vessel class ids, or ("*",) for every class
    depth_m: float
    depth_basis: DepthBasis
    reference_year: int
    reference_level_m: float
    ukc_fraction: float
    ukc_min_m: float
    target_depth_m: float | None = None  # an announced dredging programme, not applied
    sources: tuple[str, ...] = ()
    estimated: tuple[str, ...] = ()
    note: str = ""

    def required_depth(self, draft: float) -> float:
        """Water depth a ship of ``draft`` needs here: draft plus under-keel clearance."""
        return draft + max(self.ukc_fraction * draft, self.ukc_min_m)

    @property
    def reference_depth_m(self) -> float:
        """Water depth at the reference level (a published draft limit turned into depth)."""
        if self.depth_basis == "draft_limit":
            return self.required_depth(self.depth_m)
        return self.depth_m

    def depth_at(self, level: float, dredge_m: float = 0.0) -> float:
        return self.reference_depth_m + (level - self.reference_level_m) + dredge_m

    def draft_for_depth(self, depth: float) -> float:
        return max(0.0, min(depth / (1 + self.ukc_fraction), depth - self.ukc_min_m))


@dataclass(frozen=True, slots=True)
class Port:
    """A Caspian port (a network node id) with its controlling depths and the classes calling."""

    node_id: str
    name: str
    country: str
    calls: tuple[str, ...]
    depths: tuple[PortDepth, ...]
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    estimated: tuple[str, ...] = ()
    note: str = ""

    def depth_for(self, vessel_id: str | None = None) -> PortDepth:
        """The depth row serving ``vessel_id`` (a dedicated berth first), else the general one."""
        if vessel_id is not None:
            for row in self.depths:
                if vessel_id in row.serves:
                    return row
        for row in self.depths:
            if "*" in row.serves:
                return row
        raise InvalidInput(f"port {self.name} has no general depth row", field="serves")


def check_dredge(dredge_m: float, field: str = "dredge") -> float:
    """Return the extra dredged depth as float, or raise InvalidInput naming ``field``."""
    try:
        value = float(dredge_m)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or not 0 <= value <= _MAX_DREDGE_M:
        raise InvalidInput(
            f"{field} {dredge_m!r} is not an extra dredged depth",
            hint=f"give metres of extra depth from 0 to {_MAX_DREDGE_M:g}, e.g. 1.0",
            field=field,
        )
    return value


def allowed_draft(
    port: Port, level: float, dredge_m: float = 0.0, vessel: Vessel | None = None
) -> float:
    """Largest draft (m) a ship may have at ``port`` when the sea stands at ``level`` m BS.

    ``dredge_m`` is extra depth dredged beyond today's; ``vessel`` picks a dedicated berth (e.g. an
    oil harbour for tankers) where the port has one.
    """
    row = port.depth_for(vessel.id if vessel else None)
    depth = row.depth_at(check_level(level), check_dredge(dredge_m))
    return row.draft_for_depth(depth)


def dredge_for_full_load(port: Port, vessel: Vessel, level: float) -> float:
    """Extra depth (m) to dredge so that ``vessel`` can sail fully loaded at ``level``."""
    row = port.depth_for(vessel.id)
    return max(0.0, row.required_depth(vessel.design_draft_m) - row.depth_at(check_level(level)))
