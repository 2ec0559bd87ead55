"""What a capacity run returns: one shape for the Python API, CLI ``--json``, REST and the report.

Units: TEU per year for flows and capacities, USD per TEU for costs, hours, tonnes CO2e.
A shadow price is the total cost saved per year by one more TEU per year of that capacity.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from corridors.messages import Message

__all__ = [
    "DEFAULT_TEU_PER_TRAIN",
    "DEFAULT_UNSERVED_PENALTY",
    "DEFAULT_VALUE_OF_TIME",
    "BorderFlow",
    "Bottleneck",
    "CapacityOptions",
    "CapacityResult",
    "LinkFlow",
    "LpStats",
    "ODResult",
    "PortFlow",
    "RouteShare",
    "ServiceFlow",
    "SliceInfo",
    "Totals",
]

# USD per TEU-hour. Derived from the rail premium shippers pay on China–Europe (corridor-facts
# §7.2, 2025): rail 10,500–12,500 USD/FEU in 15–20 d vs sea 3,000–4,000 USD/FEU in 30–45 d.
# Mid-points: 8,000 USD/FEU = 4,000 USD/TEU saved for 20 d = 480 h longer -> 8.3 USD/TEU-h,
# the value of time of the marginal shipper who chooses rail.
DEFAULT_VALUE_OF_TIME = 8.3
# USD per TEU not carried: far above any corridor route (their generalised cost is at most
# ~20,000 USD/TEU), so slack is used only when capacity leaves no route. Runs warn otherwise.
DEFAULT_UNSERVED_PENALTY = 50_000.0
# TEU per container train, derived from Manzhouli H1 2020: 1,505 trains, 134,700 TEU (§2).
DEFAULT_TEU_PER_TRAIN = 90.0


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CapacityOptions(_Model):
    """Parameters of the flow model (defaults sourced in docs/capacity.md)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value_of_time_usd_teu_h: float = Field(DEFAULT_VALUE_OF_TIME, ge=0, le=10_000)
    unserved_penalty_usd_teu: float = Field(DEFAULT_UNSERVED_PENALTY, gt=0, le=1e7)
    tonnes_per_teu: float = Field(11.0, gt=0, le=30, description="cargo mass per TEU for CO2e")
    teu_per_train: float = Field(DEFAULT_TEU_PER_TRAIN, gt=0, le=300)
    allow_deferral: bool = Field(
        True, description="freight may wait for the next slice (e.g. a border reopening)"
    )
    year_days: float = Field(365.0, gt=0, le=366)
    time_limit_s: float = Field(120.0, gt=0)
    max_routes_per_od: int = Field(5, ge=0, le=100)


class SliceInfo(_Model):
    label: str
    start: str = ""  # ISO date, when the slice comes from a dated scenario
    end: str = ""  # exclusive
    days: float


class LinkFlow(_Model):
    id: str
    name: str
    from_id: str
    to_id: str
    mode: str
    corridors: list[str]
    flow_teu_yr: float
    capacity_teu_yr: float | None
    utilisation: float | None
    shadow_price_usd_teu_yr: float = 0.0
    co2e_t: float = 0.0


class BorderFlow(_Model):
    id: str
    link_id: str
    name: str
    flow_teu_yr: float
    capacity_teu_yr: float | None
    utilisation: float | None
    shadow_price_usd_teu_yr: float = 0.0


class PortFlow(_Model):
    node_id: str
    name: str
    country: str
    kind: str
    throughput_teu_yr: float
    capacity_teu_yr: float | None
    utilisation: float | None
    shadow_price_usd_teu_yr: float = 0.0


class ServiceFlow(_Model):
    id: str
    link_id: str
    name: str
    flow_teu_yr: float
    capacity_teu_yr: float | None
    utilisation: float | None
    shadow_price_usd_teu_yr: float = 0.0


class RouteShare(_Model):
    links: list[str]
    services: list[str] = Field(default_factory=list)
    teu_yr: float
    corridor: str
    cost_usd_teu: float
    time_h: float


class ODResult(_Model):
    origin: str
    destination: str
    avoid: list[str] = Field(default_factory=list)  # countries this demand does not cross
    demand_teu_yr: float
    served_teu_yr: float
    unserved_teu_yr: float
    deferred_teu_yr: float = 0.0  # waited for a later slice (then served or not)
    cost_usd_teu: float | None  # generalised: price + value of time x time, served TEU
    price_usd_teu: float | None
    time_h: float | None
    co2e_kg_teu: float | None
    free_flow_cost_usd_teu: float | None  # cheapest route ignoring every capacity
    corridor: str = ""
    unserved_reason: str = ""  # "", "no_route", "capacity", "penalty"
    routes: list[RouteShare] = Field(default_factory=list)


class Bottleneck(_Model):
    rank: int
    kind: str  # link, border, service, port
    id: str
    name: str
    flow_teu_yr: float
    capacity_teu_yr: float
    utilisation: float
    shadow_price_usd_teu_yr: float  # yearly cost saved per extra TEU/yr of capacity
    shadow_price_usd_teu_day: float  # yearly cost saved per extra TEU/day of capacity


class Totals(_Model):
    demand_teu_yr: float
    served_teu_yr: float
    unserved_teu_yr: float
    deferred_teu_yr: float
    throughput_by_corridor: dict[str, float]
    teu_km_by_corridor: dict[str, float]
    caspian_crossing_teu_yr: float  # TEU on ferry/sea links between two Caspian ports
    avg_cost_usd_teu: float | None
    avg_price_usd_teu: float | None
    avg_time_h: float | None
    co2e_t: float
    transport_cost_usd: float
    unserved_penalty_usd: float
    deferral_cost_usd: float
    objective_usd: float


class LpStats(_Model):
    variables: int
    rows: int
    nonzeros: int
    origins: int
    commodities: int  # origins, split further by the countries their rows avoid
    od_pairs: int
    arcs: int
    slices: int
    build_s: float
    solve_s: float
    total_s: float
    iterations: int
    solver: str = "HiGHS (scipy.optimize.linprog)"


class CapacityResult(_Model):
    options: CapacityOptions
    slices: list[SliceInfo]
    totals: Totals
    bottlenecks: list[Bottleneck]
    od: list[ODResult]
    links: list[LinkFlow]
    borders: list[BorderFlow]
    ports: list[PortFlow]
    services: list[ServiceFlow]
    warnings: list[str] = Field(default_factory=list)
    warning_messages: list[Message] = Field(default_factory=list)  # the warnings, structured
    lp: LpStats
