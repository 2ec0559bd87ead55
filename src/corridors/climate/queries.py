"""Entry points that take names as users write them ("Aktau", "tanker", "ssp245").

They look the names up in the bundled model (or the ``model`` given) and call the pure functions
of ``ports``, ``vessels`` and ``projection``.
"""

from __future__ import annotations

from corridors.climate import ports as _ports
from corridors.climate import vessels as _vessels
from corridors.climate.load import bundled_model
from corridors.climate.model import CaspianModel
from corridors.climate.ports import Port
from corridors.climate.projection import DEFAULT_TREND_WINDOW, Projection, project_with
from corridors.climate.vessels import Vessel

__all__ = [
    "allowed_draft",
    "level_at",
    "payload",
    "present_level",
    "project",
    "units_per_sailing",
]


def _port(port: Port | str, model: CaspianModel | None) -> Port:
    return port if isinstance(port, Port) else (model or bundled_model()).port(port)


def _vessel(vessel: Vessel | str, model: CaspianModel | None) -> Vessel:
    return vessel if isinstance(vessel, Vessel) else (model or bundled_model()).vessel(vessel)


def project(
    year: float,
    scenario: str,
    *,
    window: tuple[int, int] = DEFAULT_TREND_WINDOW,
    model: CaspianModel | None = None,
) -> Projection:
    """Caspian level (m BS) in ``year`` under ``scenario`` as ``(central, low, high)``.

    Scenarios: ``trend`` (linear fit over ``window``, 90% prediction band), ``ssp245``,
    ``ssp585`` (Samant & Prange 2023) and ``prange2020``; see ``corridors.climate.projection``.
    """
    m = model or bundled_model()
    return project_with(m.series, m.published, year, scenario, window)


def present_level(*, model: CaspianModel | None = None) -> float:
    """Latest official annual mean (m BS): "present" for projections and scenario baselines."""
    return (model or bundled_model()).series.latest_annual()[1]


def level_at(year: float, *, model: CaspianModel | None = None) -> float:
    """Recorded level (m BS) in a past ``year``: the best value, interpolated between years."""
    return (model or bundled_model()).series.level_at(year)


def allowed_draft(
    port: Port | str,
    level: float,
    dredge_m: float = 0.0,
    vessel: Vessel | str | None = None,
    *,
    model: CaspianModel | None = None,
) -> float:
    """Largest draft (m) at ``port`` (name, alias or node id) with the sea at ``level`` m BS."""
    v = None if vessel is None else _vessel(vessel, model)
    return _ports.allowed_draft(_port(port, model), level, dredge_m, v)


def payload(vessel: Vessel | str, draft: float, *, model: CaspianModel | None = None) -> float:
    """Cargo tonnes ``vessel`` (class id or alias) can load at ``draft`` metres."""
    return _vessels.payload(_vessel(vessel, model), draft)


def units_per_sailing(
    vessel: Vessel | str, draft: float, *, model: CaspianModel | None = None
) -> float:
    """Wagons, TEU, trucks (or tonnes) one sailing of ``vessel`` carries at ``draft`` metres."""
    return _vessels.units_per_sailing(_vessel(vessel, model), draft)
