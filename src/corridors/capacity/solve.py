"""Assign demand to the network as a capacitated min-cost flow and report flows and bottlenecks.

``solve_capacity`` runs one year with one network; ``solve_slices`` runs a year cut into slices
(used by scenarios for closures and openings with dates). Both return a
:class:`~corridors.capacity.result.CapacityResult`.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra

from corridors.capacity.demand import Demand
from corridors.capacity.graph import (
    ARC_LINK,
    ARC_SERVICE,
    ARC_THROUGH,
    CostParams,
    FlowGraph,
    build_graph,
)
from corridors.capacity.lp import LpSize, LpSolution, SliceInput, solve_lp
from corridors.capacity.regions import crosses_caspian
from corridors.capacity.result import (
    BorderFlow,
    Bottleneck,
    CapacityOptions,
    CapacityResult,
    LinkFlow,
    LpStats,
    ODResult,
    PortFlow,
    RouteShare,
    ServiceFlow,
    SliceInfo,
    Totals,
)
from corridors.errors import InvalidInput
from corridors.messages import N_, Message, items
from corridors.network.model import Link, Network, Node

__all__ = ["Slice", "solve_capacity", "solve_slices"]

_TOL = 1e-6  # TEU; flows below this are solver noise
_BINDING_USD = 1e-3  # shadow prices below this (USD per TEU/yr) are not bottlenecks
UNTAGGED = "untagged"


@dataclass(frozen=True)
class Slice:
    """A part of the year with its own network state and demand (yearly rates)."""

    network: Network
    demand: Demand
    days: float
    label: str = "year"
    start: str = ""
    end: str = ""


def solve_capacity(
    network: Network, demand: Demand, options: CapacityOptions | None = None
) -> CapacityResult:
    """Assign a year of ``demand`` to ``network`` with hard capacities; see docs/capacity.md."""
    opts = options or CapacityOptions()
    return solve_slices([Slice(network, demand, opts.year_days)], opts)


def solve_slices(slices: Sequence[Slice], options: CapacityOptions | None = None) -> CapacityResult:
    """Assign demand over consecutive slices whose lengths add up to the year."""
    t0 = time.perf_counter()
    opts = options or CapacityOptions()
    if not slices:
        raise InvalidInput("at least one slice of the year is needed", field="slices")
    total_days = math.fsum(s.days for s in slices)
    if abs(total_days - opts.year_days) > 1e-6 or any(s.days <= 0 for s in slices):
        raise InvalidInput(
            f"slices must have positive lengths adding up to {opts.year_days:g} days, "
            f"got {total_days:g}",
            field="slices",
        )
    rates = [s.demand.keys() for s in slices]
    pairs = sorted({p for r in rates for p, v in r.items() if v > 0})
    for s in slices:
        s.demand.check_nodes(s.network)
    od_nodes = {n for o, d, _ in pairs for n in (o, d)}
    params = CostParams(opts.value_of_time_usd_teu_h, opts.tonnes_per_teu, opts.teu_per_train)
    graphs = [build_graph(s.network, params, od_nodes) for s in slices]
    inputs = [
        SliceInput(s.days, g, np.array([r.get(p, 0.0) for p in pairs], dtype=np.float64))
        for s, g, r in zip(slices, graphs, rates, strict=True)
    ]
    if pairs:
        sol = solve_lp(
            inputs,
            pairs,
            year_days=opts.year_days,
            penalty_usd_teu=opts.unserved_penalty_usd_teu,
            deferral_usd_teu_day=opts.value_of_time_usd_teu_h * 24.0
            if opts.allow_deferral
            else None,
            time_limit_s=opts.time_limit_s,
        )
    else:
        sol = _empty_solution(inputs)
    result = _Report(slices, graphs, sol, opts).build()
    lp = result.lp.model_copy(update={"total_s": time.perf_counter() - t0})
    return result.model_copy(update={"lp": lp})


def _empty_solution(inputs: list[SliceInput]) -> LpSolution:
    return LpSolution(
        commodities=(),
        pairs=(),
        flows=tuple(np.zeros((0, i.graph.n_arcs)) for i in inputs),
        unserved=np.zeros((len(inputs), 0)),
        deferred=np.zeros((max(len(inputs) - 1, 0), 0)),
        duals=tuple(np.zeros(len(i.graph.resources)) for i in inputs),
        demand=np.zeros((len(inputs), 0)),
        objective=0.0,
        size=LpSize(0, 0, 0, 0.0, 0.0, 0),
    )


@dataclass
class _ODAcc:
    teu: float = 0.0
    cost: float = 0.0
    price: float = 0.0
    time: float = 0.0
    co2: float = 0.0
    routes: dict[tuple[tuple[str, ...], tuple[str, ...]], list[float]] = field(default_factory=dict)


class _Report:
    """Turns the raw LP solution into the user-facing result."""

    def __init__(
        self,
        slices: Sequence[Slice],
        graphs: list[FlowGraph],
        sol: LpSolution,
        opts: CapacityOptions,
    ) -> None:
        self.slices = slices
        self.graphs = graphs
        self.sol = sol
        self.opts = opts
        self.share = [s.days / opts.year_days for s in slices]
        self.links: dict[str, Link] = {}
        for s in slices:
            for lk in s.network.links.values():
                self.links.setdefault(lk.id, lk)

    # ---- per-arc totals ------------------------------------------------------------------
    def build(self) -> CapacityResult:
        sol, opts = self.sol, self.opts
        arc_flow = [f.sum(axis=0) for f in sol.flows]  # per slice, TEU per arc
        per_slice = list(zip(arc_flow, self.graphs, strict=True))
        transport = math.fsum(float(af @ g.cost_usd) for af, g in per_slice)
        co2_kg = math.fsum(float(af @ g.co2_kg) for af, g in per_slice)
        price_sum = math.fsum(float(af @ g.price_usd) for af, g in per_slice)
        time_sum = math.fsum(float(af @ g.time_h) for af, g in per_slice)
        penalty = float(sol.unserved.sum()) * opts.unserved_penalty_usd_teu
        deferral = math.fsum(
            float(sol.deferred[s].sum()) * opts.value_of_time_usd_teu_h * 24.0 * sl.days / 2.0
            for s, sl in enumerate(self.slices[:-1])
        )
        free = self._free_flow()
        od = self._od_results(free)
        demand_total = float(sol.demand.sum())
        unserved_total = float(sol.unserved.sum())
        served = demand_total - unserved_total
        by_corridor: dict[str, float] = {}
        for r in od:
            for route in r.routes:
                by_corridor[route.corridor] = by_corridor.get(route.corridor, 0.0) + route.teu_yr
        links, borders, ports, services, bottlenecks = self._elements(arc_flow)
        teu_km: dict[str, float] = {}
        caspian = 0.0
        for lf in links:
            lk = self.links[lf.id]
            for tag in lk.corridors or (UNTAGGED,):
                teu_km[tag] = teu_km.get(tag, 0.0) + lf.flow_teu_yr * lk.length_km
            if crosses_caspian(self.slices[0].network, lk):
                caspian += lf.flow_teu_yr
        totals = Totals(
            demand_teu_yr=demand_total,
            served_teu_yr=served,
            unserved_teu_yr=unserved_total,
            deferred_teu_yr=float(sol.deferred.sum()),
            throughput_by_corridor=dict(sorted(by_corridor.items())),
            teu_km_by_corridor=dict(sorted(teu_km.items())),
            caspian_crossing_teu_yr=caspian,
            avg_cost_usd_teu=transport / served if served > _TOL else None,
            avg_price_usd_teu=price_sum / served if served > _TOL else None,
            avg_time_h=time_sum / served if served > _TOL else None,
            co2e_t=co2_kg / 1000.0,
            transport_cost_usd=transport,
            unserved_penalty_usd=penalty,
            deferral_cost_usd=deferral,
            objective_usd=transport + penalty + deferral,
        )
        size = sol.size
        warnings = self._warnings(od)
        return CapacityResult(
            options=opts,
            slices=[
                SliceInfo(label=s.label, start=s.start, end=s.end, days=s.days) for s in self.slices
            ],
            totals=totals,
            bottlenecks=bottlenecks,
            od=od,
            links=links,
            borders=borders,
            ports=ports,
            services=services,
            warnings=[w.text for w in warnings],
            warning_messages=warnings,
            lp=LpStats(
                variables=size.variables,
                rows=size.rows,
                nonzeros=size.nonzeros,
                origins=len({o for o, _ in sol.commodities}),
                commodities=len(sol.commodities),
                od_pairs=len(sol.pairs),
                arcs=sum(g.n_arcs for g in self.graphs),
                slices=len(self.slices),
                build_s=size.build_s,
                solve_s=size.solve_s,
                total_s=0.0,  # set by the caller once the report is built
                iterations=size.iterations,
            ),
        )

    # ---- capacities and shadow prices ----------------------------------------------------
    def _elements(
        self, arc_flow: list[NDArray[np.float64]]
    ) -> tuple[
        list[LinkFlow], list[BorderFlow], list[PortFlow], list[ServiceFlow], list[Bottleneck]
    ]:
        flow: dict[tuple[str, str], float] = {}
        cap: dict[tuple[str, str], float | None] = {}
        shadow: dict[tuple[str, str], float] = {}
        names: dict[tuple[str, str], str] = {}
        link_co2: dict[str, float] = {}
        for s, g in enumerate(self.graphs):
            af = arc_flow[s]
            on_link = (g.kind == ARC_LINK) | (g.kind == ARC_SERVICE)
            for a in np.nonzero(on_link)[0]:
                key = ("link", g.owner[a])
                flow[key] = flow.get(key, 0.0) + float(af[a])
                link_co2[g.owner[a]] = link_co2.get(g.owner[a], 0.0) + float(af[a] * g.co2_kg[a])
                if g.kind[a] == ARC_SERVICE:
                    skey = ("service", g.service[a])
                    flow[skey] = flow.get(skey, 0.0) + float(af[a])
            for a in np.nonzero(g.kind == ARC_THROUGH)[0]:
                key = ("port", g.owner[a])
                flow[key] = flow.get(key, 0.0) + float(af[a])
            capped: set[tuple[str, str]] = set()
            for r, res in enumerate(g.resources):
                key = (res.kind, res.id)
                capped.add(key)
                names[key] = res.name
                prev = cap.get(key, 0.0)
                cap[key] = None if prev is None else prev + res.capacity_teu_yr * self.share[s]
                shadow[key] = shadow.get(key, 0.0) - float(self.sol.duals[s][r]) * self.share[s]
                if key[0] == "border":
                    flow[key] = flow.get(key, 0.0) + float(af[res.arcs].sum())
            # an element present but uncapacitated in this slice has no yearly capacity
            for key in self._present(s) - capped:
                cap[key] = None
        # elements absent from a slice (closed) contribute zero capacity there: nothing to add

        def util(key: tuple[str, str]) -> tuple[float | None, float | None]:
            c = cap.get(key)
            if c is None:
                return None, None
            f = flow.get(key, 0.0)
            return c, (f / c if c > 0 else 0.0)  # no capacity all year: nothing could flow

        links: list[LinkFlow] = []
        for lid, lk in sorted(self.links.items()):
            if not any(lid in s.network.links for s in self.slices):
                continue
            key = ("link", lid)
            c, u = util(key)
            if lk.status != "operational" and key not in flow and c is None:
                continue
            links.append(
                LinkFlow(
                    id=lid,
                    name=lk.name or f"{lk.from_id}-{lk.to_id}",
                    from_id=lk.from_id,
                    to_id=lk.to_id,
                    mode=lk.mode,
                    corridors=list(lk.corridors),
                    flow_teu_yr=flow.get(key, 0.0),
                    capacity_teu_yr=c,
                    utilisation=u,
                    shadow_price_usd_teu_yr=max(shadow.get(key, 0.0), 0.0),
                    co2e_t=link_co2.get(lid, 0.0) / 1000.0,
                )
            )
        borders: list[BorderFlow] = []
        services: list[ServiceFlow] = []
        seen_b: set[str] = set()
        seen_s: set[str] = set()
        for sl in self.slices:
            for link_id, bc in sl.network.borders.items():
                if bc.id in seen_b or link_id not in self.links:
                    continue
                seen_b.add(bc.id)
                key = ("border", bc.id)
                c, u = util(key)
                borders.append(
                    BorderFlow(
                        id=bc.id,
                        link_id=link_id,
                        name=bc.name,
                        flow_teu_yr=flow.get(key, flow.get(("link", link_id), 0.0)),
                        capacity_teu_yr=c,
                        utilisation=u,
                        shadow_price_usd_teu_yr=max(shadow.get(key, 0.0), 0.0),
                    )
                )
            for link_id, svcs in sl.network.services.items():
                for sv in svcs:
                    if sv.id in seen_s:
                        continue
                    seen_s.add(sv.id)
                    key = ("service", sv.id)
                    c, u = util(key)
                    services.append(
                        ServiceFlow(
                            id=sv.id,
                            link_id=link_id,
                            name=sv.name,
                            flow_teu_yr=flow.get(key, 0.0),
                            capacity_teu_yr=c,
                            utilisation=u,
                            shadow_price_usd_teu_yr=max(shadow.get(key, 0.0), 0.0),
                        )
                    )
        ports: list[PortFlow] = []
        nodes: dict[str, Node] = {}
        for sl in self.slices:
            for nid, node in sl.network.nodes.items():
                nodes.setdefault(nid, node)
        for nid, node in sorted(nodes.items()):
            key = ("port", nid)
            if key not in flow and key not in cap:
                continue
            c, u = util(key)
            ports.append(
                PortFlow(
                    node_id=nid,
                    name=node.name,
                    country=node.country,
                    kind=node.kind,
                    throughput_teu_yr=flow.get(key, 0.0),
                    capacity_teu_yr=c,
                    utilisation=u,
                    shadow_price_usd_teu_yr=max(shadow.get(key, 0.0), 0.0),
                )
            )
        ranked = sorted(
            ((v, k) for k, v in shadow.items() if v > _BINDING_USD and cap.get(k) is not None),
            key=lambda t: (-t[0], t[1]),
        )
        bottlenecks = []
        for i, (v, key) in enumerate(ranked, start=1):
            c = cap[key]
            assert c is not None
            f = flow.get(key, 0.0)
            bottlenecks.append(
                Bottleneck(
                    rank=i,
                    kind=key[0],
                    id=key[1],
                    name=names.get(key, key[1]),
                    flow_teu_yr=f,
                    capacity_teu_yr=c,
                    utilisation=f / c if c > 0 else 1.0,
                    shadow_price_usd_teu_yr=v,
                    shadow_price_usd_teu_day=v * 365.0,
                )
            )
        return links, borders, ports, services, bottlenecks

    def _present(self, s: int) -> set[tuple[str, str]]:
        """Elements that exist (with arcs) in slice ``s``, capacitated or not."""
        g = self.graphs[s]
        out: set[tuple[str, str]] = set()
        for a in range(g.n_arcs):
            k = int(g.kind[a])
            if k in (ARC_LINK, ARC_SERVICE):
                out.add(("link", g.owner[a]))
                bc = self.slices[s].network.borders.get(g.owner[a])
                if bc is not None:
                    out.add(("border", bc.id))
                if k == ARC_SERVICE:
                    out.add(("service", g.service[a]))
            elif k == ARC_THROUGH:
                out.add(("port", g.owner[a]))
        return out

    # ---- OD level ------------------------------------------------------------------------
    def _free_flow(self) -> NDArray[np.float64]:
        """Cheapest generalised cost per OD pair ignoring capacities (min over slices)."""
        sol = self.sol
        best = np.full(len(sol.pairs), np.inf)
        for g in self.graphs:
            for avoid in sorted({a for _, a in sol.commodities}):
                keep = ~g.arcs_touching(avoid)
                t, h, c = g.tail[keep], g.head[keep], g.cost_usd[keep]
                order = np.lexsort((c, h, t))
                t, h, c = t[order], h[order], c[order]
                first = np.ones(t.size, dtype=bool)
                first[1:] = (t[1:] != t[:-1]) | (h[1:] != h[:-1])
                # csgraph reads stored zeros as missing edges: lift zero costs a little
                w = np.maximum(c[first], 1e-9)
                shape = (g.n_vertices, g.n_vertices)
                mat = sp.csr_array((w, (t[first], h[first])), shape=shape)
                ps = [p for p, (_, _, a) in enumerate(sol.pairs) if a == avoid]
                origins = sorted({sol.pairs[p][0] for p in ps})
                row = {o: i for i, o in enumerate(origins)}
                dist = dijkstra(mat, directed=True, indices=[g.hub_in[o] for o in origins])
                for p in ps:
                    o, d, _ = sol.pairs[p]
                    best[p] = min(best[p], float(dist[row[o], g.hub_out[d]]))
        return best

    def _od_results(self, free: NDArray[np.float64]) -> list[ODResult]:
        sol = self.sol
        acc = [_ODAcc() for _ in sol.pairs]
        by_commodity: dict[int, list[int]] = {}
        k_of = {c: i for i, c in enumerate(sol.commodities)}
        for p, (o, _, avoid) in enumerate(sol.pairs):
            by_commodity.setdefault(k_of[(o, avoid)], []).append(p)
        for s, g in enumerate(self.graphs):
            for k, plist in by_commodity.items():
                self._decompose(s, g, k, plist, acc)
        out: list[ODResult] = []
        demand = sol.demand.sum(axis=0)
        unserved = sol.unserved.sum(axis=0)
        deferred = sol.deferred.sum(axis=0) if sol.deferred.size else np.zeros(len(sol.pairs))
        for p, (o, d, avoid) in enumerate(sol.pairs):
            a = acc[p]
            served = float(demand[p] - unserved[p])
            reason = ""
            if unserved[p] > _TOL:
                if not math.isfinite(free[p]):
                    reason = "no_route"
                elif free[p] >= self.opts.unserved_penalty_usd_teu:
                    reason = "penalty"
                else:
                    reason = "capacity"
            routes = [
                RouteShare(
                    links=list(key[0]),
                    services=[sv for sv in key[1] if sv],
                    teu_yr=v[0],
                    corridor=self._corridor(key[0]),
                    cost_usd_teu=v[1] / v[0],
                    time_h=v[2] / v[0],
                )
                for key, v in sorted(a.routes.items(), key=lambda kv: -kv[1][0])
            ]
            main = routes[0].corridor if routes else ""
            out.append(
                ODResult(
                    origin=o,
                    destination=d,
                    avoid=list(avoid),
                    demand_teu_yr=float(demand[p]),
                    served_teu_yr=max(served, 0.0),
                    unserved_teu_yr=float(unserved[p]),
                    deferred_teu_yr=float(deferred[p]),
                    cost_usd_teu=a.cost / a.teu if a.teu > _TOL else None,
                    price_usd_teu=a.price / a.teu if a.teu > _TOL else None,
                    time_h=a.time / a.teu if a.teu > _TOL else None,
                    co2e_kg_teu=a.co2 / a.teu if a.teu > _TOL else None,
                    free_flow_cost_usd_teu=float(free[p]) if math.isfinite(free[p]) else None,
                    corridor=main,
                    unserved_reason=reason,
                    routes=routes[: self.opts.max_routes_per_od]
                    if self.opts.max_routes_per_od
                    else [],
                )
            )
        return out

    def _decompose(self, s: int, g: FlowGraph, k: int, plist: list[int], acc: list[_ODAcc]) -> None:
        """Split commodity ``k``'s flow in slice ``s`` into paths, one destination at a time."""
        sol = self.sol
        x = sol.flows[s][k]
        arcs = np.nonzero(x > _TOL)[0]
        if arcs.size == 0:
            return
        residual = {int(a): float(x[a]) for a in arcs}
        adj: dict[int, list[int]] = {}
        for arc in arcs.tolist():
            adj.setdefault(int(g.tail[arc]), []).append(arc)
        src = g.hub_in[sol.commodities[k][0]]
        for p in plist:
            d = sol.pairs[p][1]
            need = float(sol.demand[s, p] - sol.unserved[s, p])
            if s > 0:
                need += float(sol.deferred[s - 1, p])
            if s < len(self.slices) - 1:
                need -= float(sol.deferred[s, p])
            dst = g.hub_out[d]
            while need > _TOL:
                path = _bfs(src, dst, adj, residual, g)
                if path is None:
                    break
                amount = min(need, min(residual[a] for a in path))
                for a in path:
                    residual[a] -= amount
                need -= amount
                idx = np.asarray(path)
                cost = float(g.cost_usd[idx].sum())
                t = float(g.time_h[idx].sum())
                entry = acc[p]
                entry.teu += amount
                entry.cost += amount * cost
                entry.price += amount * float(g.price_usd[idx].sum())
                entry.time += amount * t
                entry.co2 += amount * float(g.co2_kg[idx].sum())
                on = [a for a in path if g.kind[a] in (ARC_LINK, ARC_SERVICE)]
                key = (tuple(g.owner[a] for a in on), tuple(g.service[a] for a in on))
                r = entry.routes.setdefault(key, [0.0, 0.0, 0.0])
                r[0] += amount
                r[1] += amount * cost
                r[2] += amount * t

    def _corridor(self, link_ids: Sequence[str]) -> str:
        """The corridor a route belongs to: the tag with the most km among links carrying a
        single tag; if no link has a single tag, the tag with the most km overall."""
        single: dict[str, float] = {}
        every: dict[str, float] = {}
        for lid in link_ids:
            lk = self.links[lid]
            for tag in lk.corridors:
                every[tag] = every.get(tag, 0.0) + lk.length_km
            if len(lk.corridors) == 1:
                single[lk.corridors[0]] = single.get(lk.corridors[0], 0.0) + lk.length_km
        pool = single or every
        if not pool:
            return UNTAGGED
        return max(sorted(pool), key=lambda t: pool[t])

    def _warnings(self, od: list[ODResult]) -> list[Message]:
        out: list[Message] = []
        no_route = [r for r in od if r.unserved_reason == "no_route"]
        if no_route:
            out.append(
                Message.of(
                    N_(
                        "{n} OD pair(s) have no route in the network and are unserved "
                        "({teu:,.0f} TEU/yr), e.g. {pairs}"
                    ),
                    n=len(no_route),
                    teu=math.fsum(r.unserved_teu_yr for r in no_route),
                    pairs=items([f"{r.origin}->{r.destination}" for r in no_route[:5]], "comma"),
                )
            )
        pen = [r for r in od if r.unserved_reason == "penalty"]
        if pen:
            r = pen[0]
            out.append(
                Message.of(
                    N_(
                        "{n} OD pair(s) cost more than the unserved penalty ({penalty:,.0f} "
                        "USD/TEU) even without capacity limits, e.g. {pair} at {cost:,.0f} "
                        "USD/TEU; raise unserved_penalty_usd_teu"
                    ),
                    n=len(pen),
                    penalty=self.opts.unserved_penalty_usd_teu,
                    pair=f"{r.origin}->{r.destination}",
                    cost=r.free_flow_cost_usd_teu or 0,
                )
            )
        return out


def _bfs(
    src: int, dst: int, adj: dict[int, list[int]], residual: dict[int, float], g: FlowGraph
) -> list[int] | None:
    """Fewest-arc path from ``src`` to ``dst`` over arcs with flow left."""
    prev: dict[int, int] = {src: -1}
    queue = deque([src])
    while queue:
        v = queue.popleft()
        if v == dst:
            break
        for a in adj.get(v, ()):
            if residual[a] <= _TOL:
                continue
            w = int(g.head[a])
            if w not in prev:
                prev[w] = a
                queue.append(w)
    if dst not in prev:
        return None
    path: list[int] = []
    v = dst
    while v != src:
        a = prev[v]
        path.append(a)
        v = int(g.tail[a])
    path.reverse()
    return path
