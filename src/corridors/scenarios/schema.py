"""The scenario file: a baseline and a list of changes, validated with pydantic.

Every error names the path of the bad field, e.g. ``changes[2].capacity_factor: must be > 0,
got -1``. docs/scenarios.md is the reference of every key.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from corridors.capacity.result import CapacityOptions
from corridors.errors import InvalidInput

__all__ = [
    "AddLink",
    "CapacityChange",
    "Change",
    "Close",
    "DemandChange",
    "DwellChange",
    "Open",
    "Scenario",
    "TariffChange",
    "parse_scenario",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class _Window(_Model):
    """When a change applies: ``from`` (first day) up to ``to`` (the first day it no longer
    applies). Both default to the edges of the scenario year."""

    from_: dt.date | None = Field(None, alias="from")
    to: dt.date | None = None

    @field_validator("to")
    @classmethod
    def _after_from(cls, value: dt.date | None, info: ValidationInfo) -> dt.date | None:
        start = info.data.get("from_")
        if value is not None and start is not None and value <= start:
            raise ValueError(f"must be after from ({start}), got {value}")
        return value


class _Targets(_Window):
    """What a change acts on. Ids or names; a name may match several elements."""

    links: list[str] = Field(default_factory=list)
    borders: list[str] = Field(default_factory=list)
    nodes: list[str] = Field(default_factory=list)
    services: list[str] = Field(default_factory=list)
    corridor: str | None = Field(None, min_length=1, description="links tagged with it")
    exclude_corridors: list[str] = Field(default_factory=list)
    both_directions: bool = True

    @model_validator(mode="after")
    def _something(self) -> _Targets:
        if not (self.links or self.borders or self.nodes or self.services or self.corridor):
            raise ValueError("name at least one of links, borders, nodes, services or corridor")
        return self


class Close(_Targets):
    """Close links, border crossings (their links), ports (no handling) or ferry services."""

    type: Literal["close"]


class Open(_Window):
    """Open planned or closed links (by id or name), e.g. the Rasht–Astara railway."""

    type: Literal["open"]
    links: list[str] = Field(..., min_length=1)
    both_directions: bool = True


class CapacityChange(_Targets):
    """Scale capacities (``capacity_factor``) or set them (``capacity_teu_day``)."""

    type: Literal["capacity"]
    capacity_factor: float | None = Field(None, gt=0, le=100)
    capacity_teu_day: float | None = Field(None, ge=0)

    @model_validator(mode="after")
    def _one(self) -> CapacityChange:
        if (self.capacity_factor is None) == (self.capacity_teu_day is None):
            raise ValueError("give exactly one of capacity_factor or capacity_teu_day")
        return self


class TariffChange(_Targets):
    """Scale (``price_factor``) or shift (``price_delta_usd_teu``) prices of links, their ferry
    services and the handling charge of nodes."""

    type: Literal["tariff"]
    price_factor: float | None = Field(None, ge=0, le=100)
    price_delta_usd_teu: float | None = Field(None, ge=-100_000, le=100_000)

    @model_validator(mode="after")
    def _one(self) -> TariffChange:
        if (self.price_factor is None) == (self.price_delta_usd_teu is None):
            raise ValueError("give exactly one of price_factor or price_delta_usd_teu")
        return self


class DwellChange(_Window):
    """Scale (``dwell_factor``) or set (``dwell_h``) the median dwell of border crossings."""

    type: Literal["dwell"]
    borders: list[str] = Field(..., min_length=1)
    dwell_factor: float | None = Field(None, ge=0, le=100)
    dwell_h: float | None = Field(None, ge=0, le=24 * 60)
    both_directions: bool = True

    @model_validator(mode="after")
    def _one(self) -> DwellChange:
        if (self.dwell_factor is None) == (self.dwell_h is None):
            raise ValueError("give exactly one of dwell_factor or dwell_h")
        return self


class DemandChange(_Window):
    """Scale demand: all of it, or rows of a demand series (``series``, e.g. TITR) and/or
    with given origins/destinations (node ids or ISO country codes)."""

    type: Literal["demand"]
    factor: float = Field(..., ge=0, le=100)
    series: list[str] = Field(default_factory=list)
    origins: list[str] = Field(default_factory=list)
    destinations: list[str] = Field(default_factory=list)


class AddLink(_Window):
    """A link that is not in the network data, with its own figures."""

    type: Literal["add_link"]
    id: str = Field(..., min_length=1, pattern=r"^[A-Za-z0-9_.:\-]+$")
    from_id: str = Field(..., alias="from_node", min_length=1)
    to_id: str = Field(..., alias="to_node", min_length=1)
    mode: Literal["rail", "road", "ferry", "sea", "inland_water"] = "rail"
    name: str = ""
    length_km: float = Field(..., gt=0, le=30_000)
    speed_kmh: float = Field(..., gt=0, le=1_000)
    price_usd_teu: float = Field(..., ge=0, le=100_000)
    capacity_teu_day: float | None = Field(None, ge=0)
    gauge: int | None = Field(None, ge=600, le=2000)
    corridors: list[str] = Field(default_factory=list)
    emission_factor: str | None = Field(None, description="id; default: the mode's first factor")
    both_directions: bool = True


Change = Annotated[
    Close | Open | CapacityChange | TariffChange | DwellChange | DemandChange | AddLink,
    Field(discriminator="type"),
]
CHANGE_TYPES = ("close", "open", "capacity", "tariff", "dwell", "demand", "add_link")


class Scenario(_Model):
    """A named what-if: the baseline it starts from and the changes to it."""

    name: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    baseline: str = Field("bundled", min_length=1, description="'bundled' or a network path")
    demand: str = Field("bundled", min_length=1, description="'bundled', a CSV or an OMX file")
    year: int = Field(2025, ge=1990, le=2100)
    options: CapacityOptions = Field(default_factory=lambda: CapacityOptions())
    caspian_level: float | None = Field(None, ge=-40, le=-20, description="m Baltic system")
    dredge: dict[str, float] | None = Field(
        None, description="extra dredged metres per Caspian port (name or node id)"
    )
    caspian_port_capacity_factor: float | None = Field(None, gt=0, le=100)
    changes: list[Change] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dredge_needs_level(self) -> Scenario:
        if self.dredge is not None and self.caspian_level is None:
            raise ValueError("dredge needs caspian_level (the sea level the dredging is for)")
        return self

    @property
    def year_days(self) -> int:
        return (dt.date(self.year + 1, 1, 1) - dt.date(self.year, 1, 1)).days


def parse_scenario(data: Any, *, source: str = "scenario") -> Scenario:
    """Validate parsed YAML/JSON; raise :class:`InvalidInput` naming the bad field's path."""
    if not isinstance(data, Mapping):
        raise InvalidInput(
            f"{source}: a scenario is a mapping with at least 'name', got {type(data).__name__}",
            hint="see docs/scenarios.md",
        )
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        lines = [_describe(e, data) for e in errors]
        raise InvalidInput(
            f"{source}: " + lines[0],
            hint=("also: " + "; ".join(lines[1:4])) if len(lines) > 1 else "see docs/scenarios.md",
            field=lines[0].split(": ", 1)[0],
        ) from None
    start, end = dt.date(scenario.year, 1, 1), dt.date(scenario.year + 1, 1, 1)
    for i, change in enumerate(scenario.changes):
        for attr, key in (("from_", "from"), ("to", "to")):
            value = getattr(change, attr)
            if value is not None and not (start <= value <= end):
                raise InvalidInput(
                    f"{source}: changes[{i}].{key}: {value} is outside the scenario year "
                    f"{scenario.year}",
                    hint=f"dates run from {start} to {end} (the day after the year); "
                    "set 'year' to model another year",
                    field=f"changes[{i}].{key}",
                )
    year_days = scenario.year_days
    if scenario.options.year_days != year_days:
        scenario = scenario.model_copy(
            update={"options": scenario.options.model_copy(update={"year_days": year_days})}
        )
    return scenario


def _path(loc: tuple[int | str, ...], data: Any) -> str:
    """``('changes', 2, 'capacity', 'capacity_factor')`` -> ``changes[2].capacity_factor``.

    pydantic inserts the name of the union member it tried (a change's ``type`` tag, or a type
    such as ``float``); those are not keys of the file and are left out.
    """
    out = ""
    node: Any = data
    for i, part in enumerate(loc):
        if isinstance(part, int):
            out += f"[{part}]"
            node = node[part] if isinstance(node, list) and part < len(node) else None
            continue
        key = "from" if part == "from_" else part
        last = i == len(loc) - 1
        if not isinstance(node, Mapping) or (key not in node and not last):
            continue
        if isinstance(node.get("type"), str) and key == node["type"] and key not in _KEYS:
            continue
        out += ("." if out else "") + key
        node = node.get(key)
    return out or "(top level)"


_KEYS = {"type"}  # keys that may equal a union tag and still be real keys

_MESSAGES = {
    "greater_than": "must be > {gt}",
    "greater_than_equal": "must be >= {ge}",
    "less_than": "must be < {lt}",
    "less_than_equal": "must be <= {le}",
    "missing": "is required",
    "extra_forbidden": "is not a known key",
    "string_too_short": "must not be empty",
    "string_too_long": "must be at most {max_length} characters",
    "too_short": "needs at least {min_length} item(s)",
    "float_parsing": "must be a number",
    "float_type": "must be a number",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "int_from_float": "must be a whole number",
    "bool_parsing": "must be true or false",
    "bool_type": "must be true or false",
    "date_from_datetime_parsing": "must be a date like 2025-09-12",
    "date_parsing": "must be a date like 2025-09-12",
    "date_type": "must be a date like 2025-09-12",
    "string_type": "must be text",
    "list_type": "must be a list",
    "dict_type": "must be a mapping",
    "model_type": "must be a mapping",
    "model_attributes_type": "must be a mapping",
    "literal_error": "must be one of {expected}",
    "string_pattern_mismatch": "may only contain letters, digits and _ . : -",
}


def _fmt(v: Any) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def _describe(err: Any, data: Any) -> str:
    path = _path(tuple(err["loc"]), data)
    kind = err["type"]
    ctx = {k: _fmt(v) for k, v in (err.get("ctx") or {}).items()}
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        got = f"got {ctx['tag']!r}" if "tag" in ctx else "it is missing"
        return f"{path}.type: must be one of {', '.join(CHANGE_TYPES)}; {got}"
    if kind in _MESSAGES:
        text = _MESSAGES[kind].format(**ctx)
        if kind in ("missing", "extra_forbidden"):
            return f"{path}: {text}"
        return f"{path}: {text}, got {err.get('input')!r}"
    return f"{path}: " + str(err["msg"]).removeprefix("Value error, ")
