"""Draw the uncertain parameters of one run and turn them into a concrete scenario.

Draw ``i`` of a sweep uses child ``i`` of ``numpy.random.SeedSequence(seed)`` (what ``spawn``
gives), and each parameter its own grandchild keyed by the parameter's column name. So a draw
depends on the seed, its index and the parameter only: not on the number of workers, the
order runs finish in, or the other parameters of the file (two sweeps that differ in one
parameter draw the same values for the others: common random numbers).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import zlib
from typing import Any

import numpy as np

from corridors.errors import InvalidInput
from corridors.scenarios.schema import Scenario, parse_scenario
from corridors.sweeps.schema import (
    Choice,
    Fixed,
    LogNormal,
    Normal,
    Projection,
    Sweep,
    Triangular,
    Uniform,
)

__all__ = [
    "Values",
    "central",
    "draw_values",
    "rng_for",
    "sample",
    "scenario_for",
    "typical_values",
]

Values = dict[str, float | str]
_MAX_TRIES = 10_000  # truncated normal: the schema keeps at least ~1% of the mass in the window


def rng_for(seed: int, index: int, name: str) -> np.random.Generator:
    """The random stream of parameter ``name`` in draw ``index``."""
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(index, key)))


@functools.lru_cache(maxsize=64)
def _band(year: int, scenario: str) -> tuple[float, float, float]:
    from corridors.climate import project  # the Caspian model owns the projections

    central, low, high = project(year, scenario)
    return central, low, high


def sample(
    dist: Fixed | Uniform | Normal | LogNormal | Triangular | Choice | Projection,
    rng: np.random.Generator,
) -> float:
    """One value of ``dist``."""
    if isinstance(dist, Fixed):
        return dist.value
    if isinstance(dist, Uniform):
        return float(rng.uniform(dist.low, dist.high))
    if isinstance(dist, Normal):
        lo = -math.inf if dist.low is None else dist.low
        hi = math.inf if dist.high is None else dist.high
        for _ in range(_MAX_TRIES):
            x = float(rng.normal(dist.mean, dist.sd))
            if lo <= x <= hi:
                return x
        raise InvalidInput(
            f"no value of normal({dist.mean:g}, {dist.sd:g}) fell in [{lo:g}, {hi:g}]",
            field="low",
        )
    if isinstance(dist, LogNormal):
        return dist.median * math.exp(dist.sigma * float(rng.standard_normal()))
    if isinstance(dist, Triangular):
        return float(rng.triangular(dist.low, dist.mode, dist.high))
    if isinstance(dist, Choice):
        w = np.asarray(dist.weights if dist.weights is not None else [1.0] * len(dist.values))
        return float(dist.values[int(rng.choice(len(dist.values), p=w / w.sum()))])
    central, low, high = _band(dist.year, dist.scenario)
    if high <= low:  # the projection has no width (its start year)
        return central
    if dist.shape == "uniform":
        return float(rng.uniform(low, high))
    return float(rng.triangular(low, central, high))


def central(
    dist: Fixed | Uniform | Normal | LogNormal | Triangular | Choice | Projection,
) -> float:
    """A typical value: the mode, median or mid-point (what ``sweep validate`` checks with)."""
    if isinstance(dist, Fixed):
        return dist.value
    if isinstance(dist, Uniform):
        return (dist.low + dist.high) / 2
    if isinstance(dist, Normal):
        lo = -math.inf if dist.low is None else dist.low
        hi = math.inf if dist.high is None else dist.high
        return min(max(dist.mean, lo), hi)
    if isinstance(dist, LogNormal):
        return dist.median
    if isinstance(dist, Triangular):
        return dist.mode
    if isinstance(dist, Choice):
        return dist.values[0]
    return _band(dist.year, dist.scenario)[0]


def typical_values(sweep: Sweep) -> Values:
    """Every parameter at its ``central`` value and every closure happening on its first
    possible day: one scenario that uses every name the file gives."""
    p = sweep.parameters
    out: Values = {}
    if p.caspian_level is not None:
        out["caspian_level"] = central(p.caspian_level)
    for port, dist in p.dredge.items():
        out[f"dredge.{port}"] = central(dist)
    for i, dw in enumerate(p.dwell):
        stem = f"dwell.{dw.name or i}"
        for name in [f"{stem}.{b}" for b in dw.borders] if dw.each else [stem]:
            out[name] = central(dw.factor)
    for i, dm in enumerate(p.demand):
        out[f"demand.{dm.name or i}"] = central(dm.factor)
    for i, cl in enumerate(p.closures):
        stem = f"closure.{cl.name or i}"
        out[f"{stem}.closed"] = 1.0
        out[f"{stem}.days"] = float(max(1, round(central(cl.days))))
        out[f"{stem}.start"] = (cl.earliest or dt.date(sweep.base.year, 1, 1)).isoformat()
    return out


def draw_values(sweep: Sweep, index: int) -> Values:
    """Every drawn value of run ``index``, by column name (see ``Sweep.names``)."""
    p = sweep.parameters
    seed = sweep.seed
    out: Values = {}
    if p.caspian_level is not None:
        out["caspian_level"] = sample(p.caspian_level, rng_for(seed, index, "caspian_level"))
    for port, dist in p.dredge.items():
        name = f"dredge.{port}"
        out[name] = sample(dist, rng_for(seed, index, name))
    for i, dw in enumerate(p.dwell):
        stem = f"dwell.{dw.name or i}"
        for name in [f"{stem}.{b}" for b in dw.borders] if dw.each else [stem]:
            out[name] = sample(dw.factor, rng_for(seed, index, name))
    for i, dm in enumerate(p.demand):
        name = f"demand.{dm.name or i}"
        out[name] = sample(dm.factor, rng_for(seed, index, name))
    year = sweep.base.year
    for i, cl in enumerate(p.closures):
        stem = f"closure.{cl.name or i}"
        rng = rng_for(seed, index, stem)
        # always three draws, so the stream is the same whether or not it closes
        closed = float(rng.random()) < cl.probability
        days = max(1, round(sample(cl.days, rng)))
        first = cl.earliest or dt.date(year, 1, 1)
        last = cl.latest or dt.date(year, 12, 31)
        start = first + dt.timedelta(days=int(rng.integers(0, (last - first).days + 1)))
        out[f"{stem}.closed"] = 1.0 if closed else 0.0
        out[f"{stem}.days"] = float(days) if closed else 0.0
        out[f"{stem}.start"] = start.isoformat() if closed else ""
    return out


def scenario_for(sweep: Sweep, index: int, values: Values) -> tuple[Scenario, list[str]]:
    """The concrete scenario of a draw and, per change in it, where it comes from in the file
    (``base.changes[i]`` or ``parameters....``). Invalid drawn values raise
    :class:`InvalidInput` naming the sweep field."""
    base = sweep.base
    p = sweep.parameters
    data: dict[str, Any] = base.model_dump(by_alias=True, exclude_none=True)
    data["name"] = f"{sweep.name} #{index}"
    origins = [f"base.changes[{i}]" for i in range(len(base.changes))]
    changes: list[dict[str, Any]] = list(data.get("changes", []))
    if "caspian_level" in values:
        data["caspian_level"] = values["caspian_level"]
    if p.dredge:
        dredge = dict(base.dredge or {})
        dredge.update({port: float(values[f"dredge.{port}"]) for port in p.dredge})
        data["dredge"] = dredge
    for i, dw in enumerate(p.dwell):
        stem = f"dwell.{dw.name or i}"
        groups = [([b], f"{stem}.{b}") for b in dw.borders] if dw.each else [(dw.borders, stem)]
        for borders, name in groups:
            changes.append({"type": "dwell", "borders": borders, "dwell_factor": values[name]})
            origins.append(f"parameters.dwell[{i}]")
    for i, dm in enumerate(p.demand):
        changes.append(
            {
                "type": "demand",
                "factor": values[f"demand.{dm.name or i}"],
                "series": dm.series,
                "origins": dm.origins,
                "destinations": dm.destinations,
            }
        )
        origins.append(f"parameters.demand[{i}]")
    year_end = dt.date(base.year + 1, 1, 1)
    for i, cl in enumerate(p.closures):
        stem = f"closure.{cl.name or i}"
        if values[f"{stem}.closed"] != 1.0:
            continue
        start = dt.date.fromisoformat(str(values[f"{stem}.start"]))
        end = min(start + dt.timedelta(days=int(values[f"{stem}.days"])), year_end)
        change: dict[str, Any] = {"type": "close", "from": start, "to": end}
        for key in ("links", "borders", "nodes", "services"):
            if getattr(cl, key):
                change[key] = getattr(cl, key)
        if cl.corridor:
            change["corridor"] = cl.corridor
        change["both_directions"] = cl.both_directions
        changes.append(change)
        origins.append(f"parameters.closures[{i}]")
    data["changes"] = changes
    try:
        return parse_scenario(data, source=f"draw {index}"), origins
    except InvalidInput as exc:
        raise translate(exc, origins, index) from None


# keys of generated changes -> the key of the sweep file that set them
_KEYS = {"dwell_factor": "factor", "factor": "factor", "from": "earliest", "to": "days"}
_CHANGE = re.compile(r"^changes\[(\d+)\](?:\.([A-Za-z_]+))?(.*)$")


def translate(exc: InvalidInput, origins: list[str], index: int) -> InvalidInput:
    """An error about a draw's scenario, re-addressed to the sweep file's field."""
    field = exc.field or ""
    text = exc.message
    for prefix in (f"draw {index}: ", f"{field}: "):
        text = text.removeprefix(prefix)
    m = _CHANGE.match(field)
    if m and int(m.group(1)) < len(origins):
        origin = origins[int(m.group(1))]
        key = m.group(2)
        if key and not origin.startswith("base."):
            key = _KEYS.get(key, key)
        path = origin + (f".{key}" if key else "") + m.group(3)
    elif field == "caspian_level" or field.startswith("dredge"):
        path = f"parameters.{field}"
    else:
        path = field or "(draw)"
    return InvalidInput(f"draw {index}: {path}: {text}", hint=exc.hint, field=path)
