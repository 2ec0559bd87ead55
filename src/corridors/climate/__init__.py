"""The Caspian model: sea level, port depths, vessel payloads and ferry capacity.

Sea level (m, Baltic height system) sets the water depth at each port; depth minus under-keel
clearance gives the allowed draft; draft gives the payload and the units per sailing; the share
of a full load is the capacity factor that ``apply_sea_level`` applies to a network's Caspian
services. See ``docs/caspian.md``.

Example::

    from corridors.climate import apply_sea_level, project

    central, low, high = project(2050, "ssp245")
    at_minus_30_5 = apply_sea_level(network, -30.5, {"aktau": 1.0})
"""

from corridors.climate.capacity import (
    CapacityRow,
    ServiceEffect,
    apply_sea_level,
    capacity_factor,
    capacity_table,
    port_factor,
    service_effects,
    weekly_teu,
)
from corridors.climate.load import bundled_model, load_caspian
from corridors.climate.model import CaspianModel
from corridors.climate.ports import Port, PortDepth
from corridors.climate.projection import Projection, PublishedRange, fit_trend
from corridors.climate.queries import (
    allowed_draft,
    level_at,
    payload,
    present_level,
    project,
    units_per_sailing,
)
from corridors.climate.sealevel import SeaLevelRow, SeaLevelSeries
from corridors.climate.vessels import Vessel

__all__ = [
    "CapacityRow",
    "CaspianModel",
    "Port",
    "PortDepth",
    "Projection",
    "PublishedRange",
    "SeaLevelRow",
    "SeaLevelSeries",
    "ServiceEffect",
    "Vessel",
    "allowed_draft",
    "apply_sea_level",
    "bundled_model",
    "capacity_factor",
    "capacity_table",
    "fit_trend",
    "level_at",
    "load_caspian",
    "payload",
    "port_factor",
    "present_level",
    "project",
    "service_effects",
    "units_per_sailing",
    "weekly_teu",
]
