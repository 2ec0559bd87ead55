"""The sweep file: a base scenario, how many draws, a seed, and the uncertain parameters.

Each parameter takes a number (fixed) or a distribution, e.g. ``{dist: uniform, low: 0.8,
high: 2.0}``. Every error names the path of the bad field, e.g.
``parameters.dwell[1].factor.high: must be > low (0.8), got 0.5``. docs/sweeps.md lists every key.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    model_validator,
)

from corridors.errors import InvalidInput
from corridors.scenarios.schema import Scenario, parse_scenario
from corridors.scenarios.validation import describe, problem

__all__ = [
    "ClosureParam",
    "DemandParam",
    "Distribution",
    "Distribution1",
    "DwellParam",
    "Parameters",
    "Projection",
    "Sweep",
    "parse_sweep",
    "support",
]

MAX_RUNS = 1_000_000
DIST_KINDS = ("fixed", "uniform", "normal", "lognormal", "triangular", "choice", "projection")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fixed(_Model):
    """A number written alone in the file."""

    dist: Literal["fixed"] = "fixed"
    value: float = Field(..., allow_inf_nan=False)


class Uniform(_Model):
    dist: Literal["uniform"]
    low: float = Field(..., allow_inf_nan=False)
    high: float = Field(..., allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.high > self.low:
            raise ValueError(f"high: must be > low ({self.low:g}), got {self.high:g}")
        return self


class Normal(_Model):
    """Normal, optionally truncated to ``[low, high]`` (values outside are drawn again)."""

    dist: Literal["normal"]
    mean: float = Field(..., allow_inf_nan=False)
    sd: float = Field(..., gt=0, allow_inf_nan=False)
    low: float | None = Field(None, allow_inf_nan=False)
    high: float | None = Field(None, allow_inf_nan=False)

    @model_validator(mode="after")
    def _window(self) -> Normal:
        lo = -math.inf if self.low is None else self.low
        hi = math.inf if self.high is None else self.high
        if not hi > lo:
            raise ValueError(f"high: must be > low ({lo:g}), got {hi:g}")
        # rejection sampling must accept often: keep at least ~1% of the mass
        if (lo - self.mean) / self.sd > 2.3 or (self.mean - hi) / self.sd > 2.3:
            raise ValueError(
                "low: the window [low, high] lies in the far tail of the distribution; "
                "keep at least 1% of it"
            )
        return self


class LogNormal(_Model):
    """Log-normal by its median and the standard deviation of its logarithm."""

    dist: Literal["lognormal"]
    median: float = Field(..., gt=0, allow_inf_nan=False)
    sigma: float = Field(..., gt=0, le=5)


class Triangular(_Model):
    dist: Literal["triangular"]
    low: float = Field(..., allow_inf_nan=False)
    mode: float = Field(..., allow_inf_nan=False)
    high: float = Field(..., allow_inf_nan=False)

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not self.low <= self.mode <= self.high or not self.high > self.low:
            raise ValueError(
                f"mode: needs low <= mode <= high and low < high, got {self.low:g}, {self.mode:g}, "
                f"{self.high:g}"
            )
        return self


class Choice(_Model):
    """One of ``values``, with ``weights`` (default: equally likely)."""

    dist: Literal["choice"]
    values: list[Annotated[float, Field(allow_inf_nan=False)]] = Field(..., min_length=1)
    weights: list[Annotated[float, Field(ge=0, allow_inf_nan=False)]] | None = None

    @model_validator(mode="after")
    def _weights(self) -> Choice:
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError(
                    f"weights: needs one number per value ({len(self.values)}), "
                    f"got {len(self.weights)}"
                )
            if sum(self.weights) <= 0:
                raise ValueError("weights: must not all be 0")
        return self


class Projection(_Model):
    """The Caspian level projected for ``year`` under ``scenario`` (corridors.climate): a
    triangular (default) or uniform distribution over the projection's band."""

    dist: Literal["projection"]
    year: int = Field(..., ge=1900, le=2100)
    scenario: str = Field(..., min_length=1)
    shape: Literal["triangular", "uniform"] = "triangular"


def _number_is_fixed(value: Any) -> Any:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return {"dist": "fixed", "value": value}
    return value


Distribution = Annotated[
    Fixed | Uniform | Normal | LogNormal | Triangular | Choice,
    Field(discriminator="dist"),
    BeforeValidator(_number_is_fixed),
]
LevelDistribution = Annotated[
    Fixed | Uniform | Normal | LogNormal | Triangular | Choice | Projection,
    Field(discriminator="dist"),
    BeforeValidator(_number_is_fixed),
]

_NAME = r"^[A-Za-z0-9_.:\-]+$"


class DwellParam(_Model):
    """A factor on the median (and P90) border dwell of ``borders``: one draw for the group,
    or one per border with ``each: true``."""

    name: str | None = Field(None, min_length=1, pattern=_NAME)
    borders: list[str] = Field(..., min_length=1)
    factor: Distribution
    each: bool = False


class DemandParam(_Model):
    """A factor on demand: all of it, or the rows of ``series`` (e.g. TITR, CN-EU) and/or
    with the given origins/destinations (node ids or ISO country codes)."""

    name: str | None = Field(None, min_length=1, pattern=_NAME)
    factor: Distribution
    series: list[str] = Field(default_factory=list)
    origins: list[str] = Field(default_factory=list)
    destinations: list[str] = Field(default_factory=list)


class ClosureParam(_Model):
    """A closure that happens with ``probability`` in a draw, lasting ``days`` (rounded to
    whole days), starting on a day drawn uniformly between ``earliest`` and ``latest``
    (defaults: the scenario year) and cut off at the end of the year."""

    name: str | None = Field(None, min_length=1, pattern=_NAME)
    probability: float = Field(..., ge=0, le=1)
    days: Distribution
    earliest: dt.date | None = None
    latest: dt.date | None = None
    links: list[str] = Field(default_factory=list)
    borders: list[str] = Field(default_factory=list)
    nodes: list[str] = Field(default_factory=list)
    services: list[str] = Field(default_factory=list)
    corridor: str | None = Field(None, min_length=1)
    both_directions: bool = True

    @model_validator(mode="after")
    def _targets(self) -> ClosureParam:
        if not (self.links or self.borders or self.nodes or self.services or self.corridor):
            raise ValueError("name at least one of links, borders, nodes, services or corridor")
        if self.earliest and self.latest and self.latest < self.earliest:
            raise ValueError(f"latest ({self.latest}) is before earliest ({self.earliest})")
        return self


class Parameters(_Model):
    caspian_level: LevelDistribution | None = None
    dredge: dict[str, Distribution] = Field(default_factory=dict)
    dwell: list[DwellParam] = Field(default_factory=list)
    demand: list[DemandParam] = Field(default_factory=list)
    closures: list[ClosureParam] = Field(default_factory=list)


class Sweep(_Model):
    """A named sweep: ``runs`` draws of ``parameters`` applied to the ``base`` scenario."""

    name: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    base: Scenario
    base_file: str | None = None  # where the base scenario came from, if a file
    runs: int = Field(..., ge=1, le=MAX_RUNS)
    seed: int = Field(..., ge=0, le=2**63 - 1)
    parameters: Parameters = Field(default_factory=Parameters)

    def names(self) -> list[str]:
        """The columns of the draws, in file order (see ``parameter_names``)."""
        return [n for n, _ in parameter_names(self.parameters)]


def parameter_names(params: Parameters) -> list[tuple[str, str]]:
    """(column name, path in the file) of every drawn value. Dwell with ``each`` gives one
    column per border; a closure gives ``.closed``, ``.days`` and ``.start``."""
    out: list[tuple[str, str]] = []
    if params.caspian_level is not None:
        out.append(("caspian_level", "parameters.caspian_level"))
    for port in params.dredge:
        out.append((f"dredge.{port}", f"parameters.dredge.{port}"))
    for i, dw in enumerate(params.dwell):
        stem = f"dwell.{dw.name or i}"
        path = f"parameters.dwell[{i}]"
        if dw.each:
            out += [(f"{stem}.{b}", f"{path}.factor") for b in dw.borders]
        else:
            out.append((stem, f"{path}.factor"))
    for i, dm in enumerate(params.demand):
        out.append((f"demand.{dm.name or i}", f"parameters.demand[{i}].factor"))
    for i, cl in enumerate(params.closures):
        stem = f"closure.{cl.name or i}"
        path = f"parameters.closures[{i}]"
        out += [
            (f"{stem}.closed", f"{path}.probability"),
            (f"{stem}.days", f"{path}.days"),
            (f"{stem}.start", f"{path}.earliest"),
        ]
    return out


Distribution1 = Fixed | Uniform | Normal | LogNormal | Triangular | Choice  # one, unannotated


def support(d: Distribution1) -> tuple[float, float]:
    """The smallest and largest value a distribution can draw."""
    if isinstance(d, Fixed):
        return d.value, d.value
    if isinstance(d, Uniform | Triangular):
        return d.low, d.high
    if isinstance(d, Normal):
        return (
            -math.inf if d.low is None else d.low,
            math.inf if d.high is None else d.high,
        )
    if isinstance(d, LogNormal):
        return 0.0, math.inf
    return min(d.values), max(d.values)


# ---- parsing with readable errors ----------------------------------------------------------


def parse_sweep(data: Any, *, source: str = "sweep", base: Scenario | None = None) -> Sweep:
    """Validate parsed YAML; raise :class:`InvalidInput` naming the bad field's path.

    ``base`` is the scenario when the file names one by path (the loader reads it); an inline
    ``base`` mapping is validated here, its errors prefixed with ``base.``.
    """
    if not isinstance(data, Mapping):
        raise InvalidInput(
            f"{source}: a sweep is a mapping with name, base, runs, seed and parameters, "
            f"got {type(data).__name__}",
            hint="see docs/sweeps.md",
        )
    data = dict(data)
    raw_base = data.get("base")
    if base is None:
        if isinstance(raw_base, Mapping):
            base = _parse_base(raw_base, source)
        elif raw_base is None:
            raise InvalidInput(f"{source}: base: is required", field="base", hint=_BASE_HINT)
        else:
            raise InvalidInput(
                f"{source}: base: must be a scenario mapping or a path to a scenario file, "
                f"got {raw_base!r}",
                field="base",
                hint=_BASE_HINT,
            )
    data["base"] = base
    try:
        sweep = Sweep.model_validate(data)
    except ValidationError as exc:
        lines = [_describe(e, data) for e in exc.errors(include_url=False)]
        raise InvalidInput(
            f"{source}: " + lines[0],
            hint=("also: " + "; ".join(lines[1:4])) if len(lines) > 1 else "see docs/sweeps.md",
            field=lines[0].split(": ", 1)[0],
        ) from None
    _check(sweep, source)
    return sweep


_BASE_HINT = "write the scenario inline (name, year, changes, ...) or give its file path"


def _parse_base(raw: Mapping[str, Any], source: str) -> Scenario:
    try:
        return parse_scenario(raw, source=source)
    except InvalidInput as exc:
        field = exc.field or "(top level)"
        text = exc.message.removeprefix(f"{source}: ").removeprefix(f"{field}: ")
        path = "base" if field == "(top level)" else f"base.{field}"
        raise InvalidInput(f"{source}: {path}: {text}", hint=exc.hint, field=path) from None


def _check(sweep: Sweep, source: str) -> None:
    """Cross-field checks: unique column names, closure windows in the year, projections."""
    seen: dict[str, str] = {}
    for name, path in parameter_names(sweep.parameters):
        if name in seen:
            raise InvalidInput(
                f"{source}: {path}: draws the column {name!r}, as {seen[name]} does",
                hint="give the parameters distinct names (name: ...)",
                field=path,
            )
        seen[name] = path
    year = sweep.base.year
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for i, cl in enumerate(sweep.parameters.closures):
        for key in ("earliest", "latest"):
            value = getattr(cl, key)
            if value is not None and not first <= value <= last:
                raise InvalidInput(
                    f"{source}: parameters.closures[{i}].{key}: {value} is outside the base "
                    f"scenario's year {year}",
                    hint=f"closures start between {first} and {last}",
                    field=f"parameters.closures[{i}].{key}",
                )
    level = sweep.parameters.caspian_level
    if isinstance(level, Projection):
        from corridors.climate import project  # the Caspian model names the scenarios

        try:
            project(level.year, level.scenario)
        except InvalidInput as exc:
            key = exc.field if exc.field in ("year", "scenario") else "scenario"
            raise InvalidInput(
                f"{source}: parameters.caspian_level.{key}: {exc.message}",
                hint=exc.hint,
                field=f"parameters.caspian_level.{key}",
            ) from None


def _path(loc: tuple[int | str, ...], data: Any) -> str:
    """``('parameters', 'dwell', 0, 'factor', 'uniform', 'high')`` -> ``parameters.dwell[0]
    .factor.high``: the names of union members pydantic inserts (``uniform``) are left out."""
    out = ""
    node: Any = data
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            continue
        if isinstance(node, Mapping) and part in DIST_KINDS and node.get("dist", "fixed") == part:
            continue  # the distribution pydantic tried, not a key of the file
        out += ("." if out else "") + part
        node = node.get(part) if isinstance(node, Mapping) else None
    return out or "(top level)"


def _describe(err: Any, data: Any) -> str:
    path = _path(tuple(err["loc"]), data)
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "union_tag_invalid":
        return f"{path}.dist: must be one of {ctx['expected_tags']}; got {str(ctx['tag'])!r}"
    if kind in ("union_tag_invalid", "union_tag_not_found", "model_attributes_type") and (
        re.search(r"(factor|days|caspian_level|dredge\.[^.]+)$", path)
    ):
        kinds = [k for k in DIST_KINDS if k != "fixed"]
        if not path.endswith("caspian_level"):
            kinds.remove("projection")
        got = f"got {err.get('input')!r}"
        return f"{path}: must be a number or a distribution (dist: {', '.join(kinds)}); {got}"
    shared = describe(err, path)
    if shared is not None:
        return shared.text
    text = str(problem(err))
    key = re.match(r"^([a-z_]+): ", text)  # a check between fields names the field it blames
    if key and path != "(top level)":
        return f"{path}.{text}"
    return f"{path}: {text}"
