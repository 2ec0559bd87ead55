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
from corridors.messages import N_, Message, items
from corridors.scenarios.validation import Invalid, describe, problem

__all__ = [
    "AddLink",
    "CapacityChange",
    "Change",
    "Close",
    "DemandChange",
    "DwellChange",
    "Open",
    "Scenario",
    "ScenarioText",
    "TariffChange",
    "parse_scenario",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


def _exactly_one(a: str, b: str) -> Message:
    return Message.of(N_("give exactly one of {a} or {b}"), a=a, b=b)


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
            raise Invalid(
                Message.of(
                    N_("must be after from ({start}), got {value}"),
                    start=str(start),
                    value=str(value),
                )
            )
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
            raise Invalid(
                Message.of(N_("name at least one of links, borders, nodes, services or corridor"))
            )
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
            raise Invalid(_exactly_one("capacity_factor", "capacity_teu_day"))
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
            raise Invalid(_exactly_one("price_factor", "price_delta_usd_teu"))
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
            raise Invalid(_exactly_one("dwell_factor", "dwell_h"))
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


class ScenarioText(_Model):
    """A scenario's name and description in another language (the web page shows them)."""

    name: str = Field(..., min_length=1, max_length=200)
    description: str = ""


class Scenario(_Model):
    """A named what-if: the baseline it starts from and the changes to it."""

    name: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    translations: dict[str, ScenarioText] = Field(
        default_factory=dict, description="name and description per language code, e.g. ru"
    )
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

    @field_validator("translations")
    @classmethod
    def _language_codes(cls, value: dict[str, ScenarioText]) -> dict[str, ScenarioText]:
        for code in value:
            if not (len(code) == 2 and code.isascii() and code.isalpha() and code.islower()):
                raise Invalid(
                    Message.of(
                        N_(
                            "language codes are two lowercase letters (ISO 639-1, e.g. ru), "
                            "got {code!r}"
                        ),
                        code=code,
                    )
                )
        return value

    @model_validator(mode="after")
    def _dredge_needs_level(self) -> Scenario:
        if self.dredge is not None and self.caspian_level is None:
            raise Invalid(
                Message.of(N_("dredge needs caspian_level (the sea level the dredging is for)"))
            )
        return self

    @property
    def year_days(self) -> int:
        return (dt.date(self.year + 1, 1, 1) - dt.date(self.year, 1, 1)).days


def parse_scenario(data: Any, *, source: str | Message = "scenario") -> Scenario:
    """Validate parsed YAML/JSON; raise :class:`InvalidInput` naming the bad field's path.

    ``source`` names the file in the messages (a message where a face translates it, such as
    the web's "pasted scenario").
    """
    docs = Message.of(N_("see docs/scenarios.md"))
    if not isinstance(data, Mapping):
        raise InvalidInput(
            Message.of(
                N_("{source}: a scenario is a mapping with at least 'name', got {type}"),
                source=source,
                type=type(data).__name__,
            ),
            hint=docs,
        )
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        lines = [_describe(e, data) for e in errors]
        more = Message.of(N_("also: {more}"), more=items(lines[1:4], "semicolon"))
        raise InvalidInput(
            Message.of(N_("{source}: {problem}"), source=source, problem=lines[0]),
            hint=more if len(lines) > 1 else docs,
            field=lines[0].text.split(": ", 1)[0],
        ) from None
    start, end = dt.date(scenario.year, 1, 1), dt.date(scenario.year + 1, 1, 1)
    for i, change in enumerate(scenario.changes):
        for attr, key in (("from_", "from"), ("to", "to")):
            value = getattr(change, attr)
            if value is not None and not (start <= value <= end):
                raise InvalidInput(
                    Message.of(
                        N_("{source}: {path}: {date} is outside the scenario year {year}"),
                        source=source,
                        path=f"changes[{i}].{key}",
                        date=str(value),
                        year=str(scenario.year),
                    ),
                    hint=Message.of(
                        N_(
                            "dates run from {start} to {end} (the day after the year); "
                            "set 'year' to model another year"
                        ),
                        start=str(start),
                        end=str(end),
                    ),
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


def _describe(err: Any, data: Any) -> Message:
    path = _path(tuple(err["loc"]), data)
    if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
        tag = (err.get("ctx") or {}).get("tag")
        got = (
            Message.of(N_("it is missing"))
            if tag is None
            else Message.of(N_("got {value}"), value=repr(str(tag)))
        )
        return Message.of(
            N_("{path}.type: must be one of {types}; {got}"),
            path=path,
            types=items(CHANGE_TYPES, "comma"),
            got=got,
        )
    return describe(err, path) or Message.of(
        N_("{path}: {problem}"), path=path, problem=problem(err)
    )
