"""Request and answer of the route planner: one shape for the Python API, CLI ``--json`` and REST.

The planner may add fields; it must not rename or remove these, because the API, the shipment
booking and the web UI read them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from corridors.messages import Message
from corridors.network.model import Mode

__all__ = ["Cargo", "Leg", "PlaceRef", "RouteOption", "RoutePlan", "RouteRequest", "Weights"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Cargo(_Model):
    container: Literal["20ft", "40ft"] = "40ft"
    units: int = Field(1, ge=1, le=500, description="number of containers")
    gross_weight_t: float = Field(
        20.0, gt=0, le=32.5, description="gross weight of one loaded container, tonnes"
    )
    reefer: bool = False
    dangerous: bool = False


class Weights(_Model):
    """Relative weights for the single best option (scaled so each criterion counts in USD).

    An hour and a kg of CO2e are converted to USD at the network's average price per hour and
    per kg of transport (see docs/routing.md), so 1/1/1 weighs a typical hour, kg and dollar alike.
    """

    time: float = Field(1.0, ge=0)
    price: float = Field(1.0, ge=0)
    co2: float = Field(1.0, ge=0)


class RouteRequest(_Model):
    origin: str = Field(..., min_length=1, description="node id, UN/LOCODE, name or 'lat,lon'")
    destination: str = Field(..., min_length=1)
    avoid_countries: list[str] = Field(default_factory=list, description="ISO 3166-1 alpha-2")
    avoid_nodes: list[str] = Field(default_factory=list)
    modes: list[Mode] | None = Field(None, description="allowed modes; default all")
    include_planned: bool = False
    max_transshipments: int | None = Field(None, ge=0)
    cargo: Cargo = Field(default_factory=lambda: Cargo())
    departure: datetime | None = Field(None, description="ISO 8601 with zone; default now")
    weights: Weights | None = Field(None, description="give to get the single best option")
    max_options: int = Field(5, ge=1, le=50)
    epsilon: float | None = Field(
        None,
        ge=0,
        le=1,
        description="where the exact Pareto set is too large to enumerate, return an ε-cover: "
        "for every Pareto-optimal route one no slower and within (1 + ε) in price and CO2e "
        "(default 0.05); 0 = exact only",
    )
    samples: int = Field(1000, ge=50, le=100_000)
    seed: int = 0


class PlaceRef(_Model):
    query: str
    node_id: str
    name: str
    lat: float
    lon: float
    note: str = ""  # e.g. "Astana city is not a node; connected by road to KZ_NQZ (12 km)"
    note_message: Message | None = None  # the note, structured for translation


class Leg(_Model):
    from_id: str
    to_id: str
    from_name: str
    to_name: str
    mode: Mode
    link_id: str
    service_id: str | None = None
    distance_km: float
    depart: datetime
    arrive: datetime
    running_h: float
    wait_h: float = 0.0  # waiting for a sailing
    dwell_h: float = 0.0  # border dwell (median)
    handling_h: float = 0.0  # terminal handling / transshipment at the leg's start
    price_usd: float
    co2e_kg: float
    gauge: int | None = None
    countries: list[str]
    border: str | None = None  # border crossing name, if the leg crosses one
    geometry: list[tuple[float, float]]  # [(lon, lat), ...]
    # added by the planner (fields are only ever added):
    queue_h: float = 0.0  # port queue of a sailing (median), after the wait, before departure


class RouteOption(_Model):
    rank: int
    label: str = ""  # fastest / cheapest / greenest / balanced
    legs: list[Leg]
    depart: datetime
    arrive_p50: datetime
    arrive_p90: datetime
    transit_p50_h: float
    transit_p90_h: float
    price_usd: float
    co2e_kg: float
    distance_km: float
    countries: list[str]
    border_crossings: list[str]
    gauge_changes: list[str]
    transshipments: int
    documents: list[str]
    modes: list[Mode]
    # added by the planner (fields are only ever added):
    destination_handling_h: float = 0.0  # unloading at the destination terminal (in the totals)
    destination_handling_usd: float = 0.0
    score: float | None = None  # weighted cost when the request gave weights (USD-scaled)
    corridors: list[str] = Field(default_factory=list)  # corridor tags of the links used


class RoutePlan(_Model):
    origin: PlaceRef
    destination: PlaceRef
    request: RouteRequest
    options: list[RouteOption]
    notes: list[str] = Field(default_factory=list)
    # The notes again, one structured message each (same order), for faces that translate them.
    messages: list[Message] = Field(default_factory=list)
