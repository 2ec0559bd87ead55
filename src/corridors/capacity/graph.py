"""The network as a flat list of arcs with per-TEU costs and the capacities that bound them.

Each node becomes one vertex per mode that touches it, so a train passing through a port does
not count as port throughput. Where containers are handled (origin, destination or a change
of mode) the flow passes the node's *handling hub*: ``unload`` arc -> ``hub_in`` ->
``through`` arc -> ``hub_out`` -> ``load`` arc. The through arc carries the node's throughput
capacity, so every handled TEU is counted once. A dry port handles everything that passes it
(that is what it is for: transshipment between gauges), so there all links meet at the hub.
Border stations and junctions handle nothing: freight may start or end there, never change
mode.

A ferry or sea link with services becomes one arc per service (its own price, crossing time,
mean wait for a departure and capacity = sailings per week x TEU per sailing x 52).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from corridors.network.model import Link, Network, Node, Service

__all__ = [
    "ARC_LINK",
    "ARC_LOAD",
    "ARC_SERVICE",
    "ARC_THROUGH",
    "ARC_UNLOAD",
    "CostParams",
    "FlowGraph",
    "Resource",
    "ResourceKind",
    "build_graph",
    "mean_wait_h",
]

ARC_LINK, ARC_SERVICE, ARC_LOAD, ARC_UNLOAD, ARC_THROUGH = range(5)
# Border stations and junctions pass trains through: no container changes mode there (a gauge
# change is the border crossing's business: its dwell and capacity).
PASS_THROUGH = ("border", "junction")
ResourceKind = Literal["link", "border", "service", "port"]
HOURS_PER_WEEK = 168.0


@dataclass(frozen=True, slots=True)
class CostParams:
    """What turns a route into one generalised cost per TEU (USD)."""

    value_of_time_usd_teu_h: float
    tonnes_per_teu: float
    teu_per_train: float


@dataclass(frozen=True, slots=True)
class Resource:
    """One hard capacity: the sum of flow over ``arcs`` is at most ``capacity_teu_yr``."""

    kind: ResourceKind
    id: str
    name: str
    capacity_teu_yr: float
    arcs: NDArray[np.int64]


@dataclass(frozen=True)
class FlowGraph:
    """Arcs as parallel arrays (index = arc) plus the hub vertices of nodes and the resources."""

    n_vertices: int
    vertex_node: tuple[str, ...]  # the node each vertex belongs to
    vertex_country: tuple[str, ...]  # and its country
    tail: NDArray[np.int64]
    head: NDArray[np.int64]
    kind: NDArray[np.int8]
    price_usd: NDArray[np.float64]  # per TEU
    time_h: NDArray[np.float64]
    km: NDArray[np.float64]
    co2_kg: NDArray[np.float64]  # well-to-wheel, per TEU
    cost_usd: NDArray[np.float64]  # generalised: price + value of time x time
    owner: tuple[str, ...]  # link id (link/service arcs) or node id (hub arcs)
    service: tuple[str, ...]  # service id of service arcs, "" otherwise
    hub_in: dict[str, int]
    hub_out: dict[str, int]
    resources: tuple[Resource, ...]

    @property
    def n_arcs(self) -> int:
        return int(self.tail.size)

    def arcs_touching(self, countries: Collection[str]) -> NDArray[np.bool_]:
        """Mask of the arcs that start or end in one of ``countries``."""
        if not countries:
            return np.zeros(self.n_arcs, dtype=bool)
        in_c = np.array([c in countries for c in self.vertex_country], dtype=bool)
        return np.asarray(in_c[self.tail] | in_c[self.head])


def mean_wait_h(service: Service) -> float:
    """Mean wait for the next departure when freight arrives at a uniformly random time.

    With fixed weekdays the gaps between departures g_i give sum(g_i^2) / (2 * 168) hours;
    without them departures are spread evenly, so the wait is half the headway.
    """
    if service.sailings_per_week <= 0:
        return math.inf
    days = sorted(set(service.weekdays))
    if not days:
        return 0.5 * HOURS_PER_WEEK / service.sailings_per_week
    times = [d * 24.0 + service.departure_hour for d in days]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    gaps.append(times[0] + HOURS_PER_WEEK - times[-1])
    return sum(g * g for g in gaps) / (2.0 * HOURS_PER_WEEK)


def _border_capacity_teu_yr(network: Network, link: Link, teu_per_train: float) -> float | None:
    bc = network.borders.get(link.id)
    if bc is None:
        return None
    caps = []
    if bc.capacity_teu_day is not None:
        caps.append(bc.capacity_teu_day)
    if bc.capacity_trains_day is not None:
        caps.append(bc.capacity_trains_day * teu_per_train)
    return min(caps) * 365.0 if caps else None


class _Builder:
    def __init__(self, params: CostParams) -> None:
        self.p = params
        self.n_vertices = 0
        self.vertex_node: list[str] = []
        self.vertex_country: list[str] = []
        self.tail: list[int] = []
        self.head: list[int] = []
        self.kind: list[int] = []
        self.price: list[float] = []
        self.time: list[float] = []
        self.km: list[float] = []
        self.co2: list[float] = []
        self.owner: list[str] = []
        self.service: list[str] = []
        self.resources: list[Resource] = []

    def vertex(self, node: Node) -> int:
        self.vertex_node.append(node.id)
        self.vertex_country.append(node.country)
        self.n_vertices += 1
        return self.n_vertices - 1

    def arc(
        self,
        tail: int,
        head: int,
        kind: int,
        owner: str,
        *,
        price: float = 0.0,
        time: float = 0.0,
        km: float = 0.0,
        co2: float = 0.0,
        service: str = "",
    ) -> int:
        self.tail.append(tail)
        self.head.append(head)
        self.kind.append(kind)
        self.price.append(price)
        self.time.append(time)
        self.km.append(km)
        self.co2.append(co2)
        self.owner.append(owner)
        self.service.append(service)
        return len(self.tail) - 1

    def resource(
        self, kind: ResourceKind, rid: str, name: str, cap: float | None, arcs: list[int]
    ) -> None:
        if cap is not None and arcs:
            self.resources.append(
                Resource(kind, rid, name, max(cap, 0.0), np.asarray(arcs, dtype=np.int64))
            )


def build_graph(network: Network, params: CostParams, od_nodes: Collection[str]) -> FlowGraph:
    """Arcs of every operational link, hubs where containers are handled, and capacities.

    ``od_nodes`` are the origins and destinations of the demand: they always get a hub.
    """
    b = _Builder(params)
    links = [lk for lk in network.links.values() if lk.status == "operational"]
    modes: dict[str, set[str]] = {n: set() for n in network.nodes}
    for lk in links:
        modes[lk.from_id].add(lk.mode)
        modes[lk.to_id].add(lk.mode)

    sub: dict[tuple[str, str], int] = {}
    hub_in: dict[str, int] = {}
    hub_out: dict[str, int] = {}
    dry: set[str] = set()
    for node_id, node in network.nodes.items():
        node_modes = sorted(modes[node_id])
        is_dry = node.kind == "dry_port" and bool(node_modes)
        is_od = node_id in od_nodes
        if node.kind in PASS_THROUGH:
            # trains pass; freight can start or end here but not change mode: the source
            # only loads, the sink only unloads, and nothing joins them
            for m in node_modes:
                sub[(node_id, m)] = b.vertex(node)
            if is_od:
                hub_in[node_id] = b.vertex(node)
                hub_out[node_id] = b.vertex(node)
                usd, h = node.handling_usd_teu, node.handling_h
                for m in node_modes:
                    b.arc(hub_in[node_id], sub[(node_id, m)], ARC_LOAD, node_id, price=usd, time=h)
                    b.arc(
                        sub[(node_id, m)], hub_out[node_id], ARC_UNLOAD, node_id, price=usd, time=h
                    )
            continue
        if is_dry or is_od or len(node_modes) >= 2:
            hub_in[node_id] = b.vertex(node)
            hub_out[node_id] = b.vertex(node)
            # a dry port charges its one transshipment move on the through arc
            move_usd, move_h = (node.handling_usd_teu, node.handling_h) if is_dry else (0.0, 0.0)
            through = b.arc(
                hub_in[node_id], hub_out[node_id], ARC_THROUGH, node_id, price=move_usd, time=move_h
            )
            cap = None if node.capacity_teu_day is None else node.capacity_teu_day * 365.0
            b.resource("port", node_id, node.name, cap, [through])
        if is_dry:
            dry.add(node_id)
            continue
        for m in node_modes:
            v = sub[(node_id, m)] = b.vertex(node)
            if node_id in hub_in:
                usd, h = node.handling_usd_teu, node.handling_h
                b.arc(v, hub_in[node_id], ARC_UNLOAD, node_id, price=usd, time=h)
                b.arc(hub_out[node_id], v, ARC_LOAD, node_id, price=usd, time=h)

    def tail_of(lk: Link) -> int:
        return hub_out[lk.from_id] if lk.from_id in dry else sub[(lk.from_id, lk.mode)]

    def head_of(lk: Link) -> int:
        return hub_in[lk.to_id] if lk.to_id in dry else sub[(lk.to_id, lk.mode)]

    vot = params.value_of_time_usd_teu_h
    for lk in links:
        border = network.borders.get(lk.id)
        dwell = border.dwell_p50_h if border is not None else 0.0
        co2 = lk.length_km * lk.wtw_kg_tkm * params.tonnes_per_teu
        services = network.services.get(lk.id, ())
        arcs: list[int] = []
        if services:
            for s in services:
                wait = mean_wait_h(s)
                if not math.isfinite(wait):
                    continue
                a = b.arc(
                    tail_of(lk),
                    head_of(lk),
                    ARC_SERVICE,
                    lk.id,
                    price=s.price_usd_teu,
                    time=s.crossing_h + wait + dwell,
                    km=lk.length_km,
                    co2=co2,
                    service=s.id,
                )
                arcs.append(a)
                cap = None if s.capacity_teu is None else s.sailings_per_week * s.capacity_teu * 52
                b.resource("service", s.id, s.name, cap, [a])
        else:
            arcs.append(
                b.arc(
                    tail_of(lk),
                    head_of(lk),
                    ARC_LINK,
                    lk.id,
                    price=lk.price_usd_teu,
                    time=lk.running_h + dwell,
                    km=lk.length_km,
                    co2=co2,
                )
            )
        name = lk.name or f"{lk.from_id}-{lk.to_id}"
        link_cap = None if lk.capacity_teu_day is None else lk.capacity_teu_day * 365.0
        b.resource("link", lk.id, name, link_cap, arcs)
        if border is not None:
            cap = _border_capacity_teu_yr(network, lk, params.teu_per_train)
            b.resource("border", border.id, border.name, cap, arcs)

    price = np.asarray(b.price, dtype=np.float64)
    time = np.asarray(b.time, dtype=np.float64)
    return FlowGraph(
        n_vertices=b.n_vertices,
        vertex_node=tuple(b.vertex_node),
        vertex_country=tuple(b.vertex_country),
        tail=np.asarray(b.tail, dtype=np.int64),
        head=np.asarray(b.head, dtype=np.int64),
        kind=np.asarray(b.kind, dtype=np.int8),
        price_usd=price,
        time_h=time,
        km=np.asarray(b.km, dtype=np.float64),
        co2_kg=np.asarray(b.co2, dtype=np.float64),
        cost_usd=price + vot * time,
        owner=tuple(b.owner),
        service=tuple(b.service),
        hub_in=hub_in,
        hub_out=hub_out,
        resources=tuple(b.resources),
    )
