"""The corridor network as plain, immutable data.

Everything downstream (routing, capacity, scenarios, the API) reads these classes; none of them
does I/O. ``load.py`` builds a :class:`Network` from the GMNS-style CSV files, resolving defaults
(tariffs, emission factors, speeds) so that every number here is final and carries its sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

__all__ = [
    "BorderCrossing",
    "EmissionFactor",
    "GaugeChange",
    "Link",
    "LinkStatus",
    "Mode",
    "Network",
    "Node",
    "NodeKind",
    "Service",
    "Source",
    "Traction",
]

Mode = Literal["rail", "road", "ferry", "sea", "inland_water"]
NodeKind = Literal["terminal", "dry_port", "seaport", "border", "hub", "junction"]
LinkStatus = Literal["operational", "planned", "closed"]
Traction = Literal["electric", "diesel", "mixed", "marine", "none"]
GaugeChange = Literal["none", "transshipment", "bogie_exchange"]

MODES: tuple[Mode, ...] = ("rail", "road", "ferry", "sea", "inland_water")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure comes from. ``kind`` is e.g. official, press, wiki, estimate, derived."""

    id: str
    title: str
    ref: str
    kind: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Node:
    """A place freight passes through."""

    id: str
    name: str
    country: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    kind: NodeKind
    name_ru: str = ""
    name_local: str = ""
    unlocode: str = ""
    gauges: tuple[int, ...] = ()  # track gauges in mm present at the node (rail)
    handling_h: float = 0.0  # terminal handling per container move
    handling_usd_teu: float = 0.0
    reefer: bool = True  # reefer plugs available
    capacity_teu_day: float | None = None  # terminal / port throughput
    corridors: tuple[str, ...] = ()  # corridor tags, e.g. N, M, NS-W, NS-E, NS-C, CKU
    sources: tuple[str, ...] = ()
    estimated: tuple[str, ...] = ()  # names of the fields whose values are estimates
    # Break of gauge: how (and at what cost) a rail unit changes between the node's gauges.
    # "none" means rail links of different gauges must not be chained here.
    gauge_change: GaugeChange = "none"
    gauge_change_h: float = 0.0
    gauge_change_usd_teu: float = 0.0
    aliases: tuple[str, ...] = ()  # other spellings and former names, for place lookup
    note: str = ""


@dataclass(frozen=True, slots=True)
class BorderCrossing:
    """The border between two neighbouring states' stations, attached to one directed link."""

    id: str
    link_id: str
    name: str
    dwell_p50_h: float
    dwell_p90_h: float
    gauge_change: GaugeChange = "none"
    name_ru: str = ""  # Russian name (the web UI's Russian pages); empty = use ``name``
    capacity_trains_day: float | None = None
    capacity_teu_day: float | None = None
    documents: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    estimated: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class Service:
    """A scheduled or frequency-based operation on a ferry/sea link (e.g. a Caspian ferry line).

    ``weekdays`` (0 = Monday) fixes the departure days; when empty, departures are spread evenly
    at ``sailings_per_week`` and the wait for the next one is uniform over the headway.
    ``queue_p50_h`` / ``queue_p90_h`` are the port queue on top of that timetable wait (a slot on
    an unscheduled ferry, anchorage, weather): Caspian boxes wait days that no headway explains.
    """

    id: str
    link_id: str
    name: str
    operator: str
    sailings_per_week: float
    crossing_h: float
    price_usd_teu: float
    weekdays: tuple[int, ...] = ()
    departure_hour: float = 12.0
    vessel_class: str = ""
    capacity_teu: float | None = None  # per sailing
    max_draft_m: float | None = None
    reefer_ok: bool = True
    dg_ok: bool = True
    sources: tuple[str, ...] = ()
    estimated: tuple[str, ...] = ()
    note: str = ""
    # What goes on board: "container" (lifted on/off), "rail_wagon" (rail ferry), "truck"
    # (Ro-Ro: the container must arrive and leave by road).
    carries: tuple[str, ...] = ("container", "rail_wagon", "truck")
    name_ru: str = ""  # Russian name; empty = use ``name``
    queue_p50_h: float = 0.0  # median port queue before the crossing, hours
    queue_p90_h: float = 0.0  # its 90th percentile (>= the median)


@dataclass(frozen=True, slots=True)
class EmissionFactor:
    """Well-to-wheel emission intensity (ISO 14083 / GLEC), kg CO2e per tonne-km."""

    id: str
    mode: Mode
    energy: str
    region: str
    wtw_kg_tkm: float
    ttw_kg_tkm: float | None = None
    wtt_kg_tkm: float | None = None
    sources: tuple[str, ...] = ()
    estimated: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Link:
    """A directed connection between two nodes by one mode, with every default resolved."""

    id: str
    from_id: str
    to_id: str
    mode: Mode
    length_km: float
    speed_kmh: float  # running speed (for ferry/sea links the service crossing time wins)
    price_usd_teu: float  # whole-link price per TEU (for ferry/sea: the service price)
    emission_factor_id: str
    wtw_kg_tkm: float
    gauge: int | None = None
    traction: Traction = "none"
    capacity_teu_day: float | None = None
    status: LinkStatus = "operational"
    opening_year: int | None = None
    name: str = ""
    reefer_ok: bool = True
    dg_ok: bool = True
    corridors: tuple[str, ...] = ()  # corridor tags, e.g. N, M, NS-W, NS-E, NS-C, CKU
    sources: tuple[str, ...] = ()
    estimated: tuple[str, ...] = ()
    base_id: str = ""  # the link.csv row this directed link comes from (id without "R")
    note: str = ""
    # The drawn shape, (lon, lat) in the direction of travel; empty = straight between the nodes.
    geometry: tuple[tuple[float, float], ...] = ()

    @property
    def running_h(self) -> float:
        return self.length_km / self.speed_kmh


@dataclass(frozen=True)
class Network:
    """The whole network. Lookups are by id; ``out_links`` is precomputed for searches."""

    nodes: Mapping[str, Node]
    links: Mapping[str, Link]
    borders: Mapping[str, BorderCrossing]  # keyed by link id
    services: Mapping[str, tuple[Service, ...]]  # keyed by link id
    emission_factors: Mapping[str, EmissionFactor]
    sources: Mapping[str, Source]
    out_links: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.out_links:
            out: dict[str, list[str]] = {n: [] for n in self.nodes}
            for link in self.links.values():
                out.setdefault(link.from_id, []).append(link.id)
            object.__setattr__(self, "out_links", {k: tuple(v) for k, v in out.items()})

    def countries_of(self, link: Link) -> tuple[str, ...]:
        """Countries a link touches, in travel order, without repeats."""
        a = self.nodes[link.from_id].country
        b = self.nodes[link.to_id].country
        return (a,) if a == b else (a, b)

    def line(self, link: Link) -> list[tuple[float, float]]:
        """The (lon, lat) points to draw a link with: its shape, or its two nodes."""
        if link.geometry:
            return list(link.geometry)
        a, b = self.nodes[link.from_id], self.nodes[link.to_id]
        return [(a.lon, a.lat), (b.lon, b.lat)]
