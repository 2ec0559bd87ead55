"""Congestion mode: the same demand as a user equilibrium where capacity is soft.

Instead of refusing freight above capacity (the LP), each capacity slows the freight that uses it
(:mod:`corridors.assignment`): lines with limited capacity follow BPR, border crossings, ports
and ferry services a queueing delay that rises steeply near capacity. Costs are in USD per TEU
(value of time x hours + price), so the equilibrium is one where no shipper can save by
switching route. Nothing is unserved here: overload shows as delay.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from pydantic import BaseModel, ConfigDict

from corridors.assignment import (
    BPR,
    AssignmentNetwork,
    DelayFunction,
    MixedDelay,
    QueueingDelay,
    assign,
)
from corridors.assignment.equilibrium import Algorithm, Iteration
from corridors.capacity.demand import Demand
from corridors.capacity.graph import (
    ARC_LINK,
    ARC_SERVICE,
    CostParams,
    build_graph,
)
from corridors.capacity.regions import crosses_caspian
from corridors.capacity.result import CapacityOptions
from corridors.errors import InvalidInput
from corridors.messages import N_, Message
from corridors.network.model import Network

__all__ = ["CongestedElement", "CongestionResult", "solve_congested"]

BPR_B, BPR_POWER = 0.15, 4.0
MIN_QUEUE_H = 1.0  # mean service time of a queue when the data gives none (h)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CongestedElement(_Model):
    kind: str  # link, border, port, service
    id: str
    name: str
    flow_teu_yr: float
    capacity_teu_yr: float | None
    volume_capacity: float | None
    delay_h: float  # mean time above free flow per TEU at the equilibrium


class CongestionResult(_Model):
    algorithm: str
    relative_gap: float
    converged: bool
    iterations: int
    seconds: float
    demand_teu_yr: float
    avg_cost_usd_teu: float | None
    avg_time_h: float | None
    free_flow_time_h: float | None  # the same flows at free-flow times
    co2e_t: float
    caspian_crossing_teu_yr: float
    teu_km_by_corridor: dict[str, float]
    elements: list[CongestedElement]  # capacitated elements, most loaded first
    warnings: list[str]
    warning_messages: list[Message]  # the warnings, structured for translation (same order)


def solve_congested(
    network: Network,
    demand: Demand,
    options: CapacityOptions | None = None,
    *,
    algorithm: Algorithm = "bfw",
    gap: float = 1e-4,
    max_iter: int = 1000,
    on_iteration: Callable[[Iteration], None] | None = None,
) -> CongestionResult:
    """User-equilibrium flows of ``demand`` with volume–delay functions on every capacity."""
    opts = options or CapacityOptions()
    vot = opts.value_of_time_usd_teu_h
    if vot <= 0:
        raise InvalidInput(
            "the congestion mode needs a value of time > 0: delay is what congestion costs",
            field="value_of_time_usd_teu_h",
        )
    demand.check_nodes(network)
    warnings: list[Message] = []
    avoiding = [r for r in demand.rows if r.avoid]
    if avoiding:
        warnings.append(
            Message.of(
                N_(
                    "{n} demand row(s) avoid countries; the equilibrium has one class of "
                    "freight, so they are routed like the rest"
                ),
                n=len(avoiding),
            )
        )
    pairs = {k: v for k, v in demand.pairs().items() if v > 0}
    zones = sorted({n for p in pairs for n in p})
    if not zones:
        raise InvalidInput("the demand is empty", field="demand")
    params = CostParams(vot, opts.tonnes_per_teu, opts.teu_per_train)
    g = build_graph(network, params, zones)
    n_arcs, n_v, n_z = g.n_arcs, g.n_vertices, len(zones)

    # each zone gets a centroid joined to its handling hub; paths never pass through centroids
    centroid = n_v + np.arange(n_z)
    tail = np.concatenate([g.tail, centroid, [g.hub_out[z] for z in zones]])
    head = np.concatenate([g.head, [g.hub_in[z] for z in zones], centroid])
    n_all = n_arcs + 2 * n_z

    # one capacity per arc for its delay function: its own service, border or port capacity,
    # else the capacity of its link
    order = {"service": 0, "border": 1, "port": 2, "link": 3}
    owner_res: dict[int, tuple[int, str, str, str, float]] = {}
    for r in g.resources:
        for a in r.arcs.tolist():
            rank = order[r.kind]
            if a not in owner_res or rank < owner_res[a][0]:
                owner_res[a] = (rank, r.kind, r.id, r.name, r.capacity_teu_yr)
    t0 = vot * g.time_h
    queue_h = np.full(n_arcs, MIN_QUEUE_H)
    for a, (_, kind, rid, _, _) in owner_res.items():
        if kind == "border":
            queue_h[a] = max(network.borders[g.owner[a]].dwell_p50_h, MIN_QUEUE_H)
        elif kind == "port":
            queue_h[a] = max(network.nodes[rid].handling_h, MIN_QUEUE_H)
        elif kind == "service":
            svc = next(s for s in network.services[g.owner[a]] if s.id == rid)
            queue_h[a] = max(0.5 * 168.0 / svc.sailings_per_week, MIN_QUEUE_H)
    queued = [a for a, v in owner_res.items() if v[1] != "link"]
    lined = [a for a, v in owner_res.items() if v[1] == "link"]
    free = [a for a in range(n_arcs) if a not in owner_res] + list(range(n_arcs, n_all))
    cap = np.array([max(owner_res[a][4], 1e-6) if a in owner_res else 1.0 for a in range(n_arcs)])
    t0_all = np.concatenate([t0, np.zeros(2 * n_z)])
    parts: list[tuple[object, DelayFunction]] = []
    if queued:
        q = np.array(queued)
        parts.append((q, QueueingDelay(t0[q], cap[q], vot * queue_h[q])))
    if lined:
        ln = np.array(lined)
        parts.append((ln, BPR(t0[ln], cap[ln], BPR_B, BPR_POWER)))
    if free:
        fr = np.array(free)
        parts.append((fr, BPR(t0_all[fr], 1.0, 0.0, 1.0)))
    delay = MixedDelay(n_all, parts)
    no_through = np.zeros(n_v + n_z, dtype=bool)
    no_through[n_v:] = True
    anet = AssignmentNetwork(
        n_v + n_z,
        tail,
        head,
        delay,
        centroid,
        fixed_cost=np.concatenate([g.price_usd, np.zeros(2 * n_z)]),
        no_through=no_through,
    )
    index = {z: i for i, z in enumerate(zones)}
    matrix = np.zeros((n_z, n_z))
    for (o, d), v in pairs.items():
        matrix[index[o], index[d]] += v
    res = assign(
        anet, matrix, algorithm=algorithm, gap=gap, max_iter=max_iter, on_iteration=on_iteration
    )
    x = np.asarray(res.flows[:n_arcs])
    hours = np.asarray(res.times[:n_arcs]) / vot
    costs = np.asarray(res.costs[:n_arcs])
    total = float(matrix.sum())

    per: dict[tuple[str, str], list[float]] = {}  # flow, excess hours x flow
    names: dict[tuple[str, str], tuple[str, float]] = {}
    for a, (_, kind, rid, name, c) in owner_res.items():
        key = (kind, rid)
        acc = per.setdefault(key, [0.0, 0.0])
        acc[0] += float(x[a])
        acc[1] += float(x[a] * (hours[a] - g.time_h[a]))
        names[key] = (name, c)
    elements = []
    for (kind, rid), (flow, excess) in per.items():
        name, c = names[(kind, rid)]
        elements.append(
            CongestedElement(
                kind=kind,
                id=rid,
                name=name,
                flow_teu_yr=flow,
                capacity_teu_yr=c,
                volume_capacity=flow / c if c else None,
                delay_h=excess / flow if flow > 0 else 0.0,
            )
        )
    elements.sort(key=lambda e: (-(e.volume_capacity or 0.0), e.kind, e.id))
    teu_km: dict[str, float] = {}
    caspian = 0.0
    on_link = (g.kind == ARC_LINK) | (g.kind == ARC_SERVICE)
    for a in np.flatnonzero(on_link).tolist():
        lk = network.links[g.owner[a]]
        for tag in lk.corridors or ("untagged",):
            teu_km[tag] = teu_km.get(tag, 0.0) + float(x[a]) * lk.length_km
        if crosses_caspian(network, lk):
            caspian += float(x[a])
    if not res.converged:
        warnings.append(
            Message.of(
                N_("stopped after {n} iterations at relative gap {gap}"),
                n=res.iterations,
                gap=f"{res.relative_gap:.2e}",
            )
        )
    served = total if total > 0 else math.nan
    return CongestionResult(
        algorithm=res.algorithm,
        relative_gap=res.relative_gap,
        converged=res.converged,
        iterations=res.iterations,
        seconds=res.seconds,
        demand_teu_yr=total,
        avg_cost_usd_teu=float(x @ costs) / served if total > 0 else None,
        avg_time_h=float(x @ hours) / served if total > 0 else None,
        free_flow_time_h=float(x @ g.time_h) / served if total > 0 else None,
        co2e_t=float(x @ g.co2_kg) / 1000.0,
        caspian_crossing_teu_yr=caspian,
        teu_km_by_corridor=dict(sorted(teu_km.items())),
        elements=elements,
        warnings=[w.text for w in warnings],
        warning_messages=warnings,
    )
