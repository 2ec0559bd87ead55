"""Vessel classes and what they can carry at a given draft.

Near the design waterline a ship's sides are close to vertical, so each centimetre of draft given
up costs a constant mass: the tonnes per centimetre immersion (TPC). Where no TPC is published it
is approximated from the waterplane (corridor-facts §8.3):

    TPC = Cwp * L * B * rho / 100        (t/cm; rho = 1.01 t/m³ for Caspian water)

    deadweight(T) = DWT - 100 * TPC * (T_design - T)
    payload(T)    = clip(deadweight(T) - constants, 0, DWT - constants)

``constants`` are the deductions that sail whatever the cargo: fuel, fresh water, stores, crew and
passengers. A sailing carries whole units (wagons, TEU, trucks): the fewer of the deck slots and the
units whose mass fits in the payload.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from corridors.errors import InvalidInput

__all__ = [
    "CASPIAN_WATER_DENSITY",
    "Vessel",
    "deadweight",
    "loaded_draft",
    "payload",
    "units_per_sailing",
]

CASPIAN_WATER_DENSITY = 1.01  # t/m³; salinity ~12‰ (general knowledge, as in corridor-facts §8.3)


@dataclass(frozen=True, slots=True)
class Vessel:
    """A vessel class. ``unit`` is ``t`` for bulk and tankers, else wagon, TEU or truck."""

    id: str
    name: str
    loa_m: float
    beam_m: float
    design_draft_m: float
    deadweight_t: float
    constants_t: float
    unit: str
    unit_capacity: float  # deck slots (wagons, TEU, trucks) or cargo tonnes for unit "t"
    unit_mass_t: float  # average gross mass of one loaded unit (1 for unit "t")
    waterplane_coeff: float = 0.85
    tpc_published: float | None = None  # t/cm, when a source gives it
    aliases: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    estimated: tuple[str, ...] = ()
    note: str = ""

    @property
    def tpc(self) -> float:
        """Tonnes per centimetre immersion: the published value or the waterplane approximation."""
        if self.tpc_published is not None:
            return self.tpc_published
        return self.waterplane_coeff * self.loa_m * self.beam_m * CASPIAN_WATER_DENSITY / 100

    @property
    def max_payload_t(self) -> float:
        return self.deadweight_t - self.constants_t


def _check_draft(draft: float) -> float:
    try:
        value = float(draft)
    except (TypeError, ValueError):
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(
            f"draft {draft!r} is not a draft in metres",
            hint="give a finite draft >= 0 m",
            field="draft",
        )
    return value


def loaded_draft(vessel: Vessel, allowed_draft_m: float) -> float:
    """The draft the ship actually sails at: the port's allowed draft, never above its design."""
    return min(_check_draft(allowed_draft_m), vessel.design_draft_m)


def deadweight(vessel: Vessel, draft: float) -> float:
    """Deadweight (t) at ``draft``, linear in draft below the design draft, never negative."""
    t = loaded_draft(vessel, draft)
    return max(0.0, vessel.deadweight_t - 100 * vessel.tpc * (vessel.design_draft_m - t))


def payload(vessel: Vessel, draft: float) -> float:
    """Cargo tonnes the vessel can load when its draft may not exceed ``draft`` metres."""
    return min(max(0.0, deadweight(vessel, draft) - vessel.constants_t), vessel.max_payload_t)


def units_per_sailing(vessel: Vessel, draft: float) -> float:
    """Units one sailing carries at ``draft``: whole wagons, TEU or trucks (tonnes for ``t``)."""
    tonnes = payload(vessel, draft)
    if vessel.unit == "t":
        return min(tonnes, vessel.unit_capacity)
    return float(min(vessel.unit_capacity, math.floor(tonnes / vessel.unit_mass_t + 1e-9)))
