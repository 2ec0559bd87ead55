"""The base scenario's flow graphs as one fixed *structure*, and each draw mapped onto it.

A sweep solves the same network thousands of times with other sea levels, dwell times, demand
and closures. Only costs, capacities, demand and which arcs exist change, so a worker keys
every vertex (node and role), arc (kind, owner, ends) and capacity of the base scenario's
graphs (built by :func:`corridors.capacity.graph.build_graph`) once, and maps each draw's graphs
onto those keys as plain arrays. A draw holding something the base lacks (a new link, hub or
capacity) does not map; the caller then solves it with ``corridors.capacity.solve_slices``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from corridors.capacity.demand import ODKey
from corridors.capacity.graph import ARC_LINK, ARC_SERVICE, FlowGraph
from corridors.capacity.lp import arc_epsilons  # same arc costs as the LP
from corridors.errors import CorridorsError
from corridors.network.model import Network

__all__ = ["AKey", "RKey", "SliceArrays", "Structure", "VKey"]

VKey = tuple[str, str]  # (node id, "in" | "out" | mode)
AKey = tuple[int, str, str, VKey, VKey]  # (arc kind, owner, service, tail, head)
RKey = tuple[str, str]  # (resource kind, id)

_Int = NDArray[np.int64]
_Float = NDArray[np.float64]
_Bool = NDArray[np.bool_]


def _vertex_keys(g: FlowGraph, network: Network) -> list[VKey]:
    """Hubs are (node, in/out); the other vertices are (node, mode of the links at them)."""
    keys: list[VKey | None] = [None] * g.n_vertices
    for node, v in g.hub_in.items():
        keys[v] = (node, "in")
    for node, v in g.hub_out.items():
        keys[v] = (node, "out")
    for a in np.nonzero((g.kind == ARC_LINK) | (g.kind == ARC_SERVICE))[0].tolist():
        mode = network.links[g.owner[a]].mode
        for v in (int(g.tail[a]), int(g.head[a])):
            if keys[v] is None:
                keys[v] = (g.vertex_node[v], mode)
    missing = [g.vertex_node[v] for v, k in enumerate(keys) if k is None]
    if missing:  # build_graph gives every vertex a hub role or a link: a broken invariant
        raise CorridorsError(f"flow graph vertices without a role at {missing[:3]}")
    return [k for k in keys if k is not None]


def _arc_keys(g: FlowGraph, vkeys: Sequence[VKey]) -> list[AKey]:
    return [
        (k, o, s, vkeys[t], vkeys[h])
        for k, o, s, t, h in zip(
            g.kind.tolist(), g.owner, g.service, g.tail.tolist(), g.head.tolist(), strict=True
        )
    ]


@dataclass(frozen=True)
class SliceArrays:
    """One slice of one draw in structure coordinates (index = structure arc / resource / pair)."""

    days: float
    open: _Bool  # the arc exists in this slice
    cost: _Float  # generalised cost per TEU as reported (price + value of time x time)
    price: _Float
    time: _Float
    co2: _Float  # kg per TEU
    capacity: _Float  # TEU per year; inf where uncapacitated or absent
    demand: _Float  # TEU per year


class Structure:
    """Every vertex, arc, capacity and OD pair of the base scenario's slices. Built once per
    worker; the order of arcs is the order of the base graph, so ties resolve alike."""

    def __init__(
        self,
        graphs: Sequence[tuple[FlowGraph, Network]],
        pairs: Sequence[ODKey],
    ) -> None:
        vindex: dict[VKey, int] = {}
        aindex: dict[AKey, int] = {}
        tails: list[int] = []
        heads: list[int] = []
        kinds: list[int] = []
        eps_per_arc: list[float] = []
        owners: list[str] = []
        rindex: dict[RKey, int] = {}
        rarcs: list[set[int]] = []
        for g, net in graphs:
            vk = _vertex_keys(g, net)
            for vkey in vk:
                vindex.setdefault(vkey, len(vindex))
            eps = arc_epsilons(g)
            local: list[int] = []
            for a, key in enumerate(_arc_keys(g, vk)):
                if key not in aindex:
                    aindex[key] = len(aindex)
                    tails.append(vindex[key[3]])
                    heads.append(vindex[key[4]])
                    kinds.append(key[0])
                    eps_per_arc.append(float(eps[a]))
                    owners.append(key[1])
                local.append(aindex[key])
            for res in g.resources:
                rk = (res.kind, res.id)
                if rk not in rindex:
                    rindex[rk] = len(rindex)
                    rarcs.append(set())
                rarcs[rindex[rk]].update(local[a] for a in res.arcs.tolist())
        self.vertex_index = vindex
        self.vertex_keys: tuple[VKey, ...] = tuple(vindex)
        self.arc_index = aindex
        self.tail: _Int = np.asarray(tails, dtype=np.int64)
        self.head: _Int = np.asarray(heads, dtype=np.int64)
        self.kind: NDArray[np.int8] = np.asarray(kinds, dtype=np.int8)
        self.owner: tuple[str, ...] = tuple(owners)
        self.eps: _Float = np.asarray(eps_per_arc, dtype=np.float64)
        self.resource_index = rindex
        self.resource_keys: tuple[RKey, ...] = tuple(rindex)
        self.resource_arcs: tuple[frozenset[int], ...] = tuple(frozenset(s) for s in rarcs)
        self.pairs: tuple[ODKey, ...] = tuple(pairs)
        self.pair_index = {p: i for i, p in enumerate(self.pairs)}
        self.pair_source: _Int = np.array(
            [vindex[(o, "in")] for o, _, _ in self.pairs], dtype=np.int64
        )
        self.pair_sink: _Int = np.array(
            [vindex[(d, "out")] for _, d, _ in self.pairs], dtype=np.int64
        )
        country = {n.id: n.country for _, net in graphs for n in net.nodes.values()}
        self.vertex_country: tuple[str, ...] = tuple(country[n] for n, _ in self.vertex_keys)
        # arcs each avoid-set may use: those touching none of its countries
        self.allowed: dict[tuple[str, ...], _Bool] = {}
        for avoid in sorted({a for _, _, a in self.pairs}):
            in_c = np.array([c in avoid for c in self.vertex_country], dtype=bool)
            self.allowed[avoid] = ~(in_c[self.tail] | in_c[self.head])
        # resource x arc incidence: which capacities an arc's flow counts against
        r_idx = [r for r, arcs in enumerate(self.resource_arcs) for _ in arcs]
        a_idx = [a for arcs in self.resource_arcs for a in sorted(arcs)]
        self.incidence = sp.csr_array(
            (
                np.ones(len(a_idx)),
                (np.asarray(r_idx, dtype=np.int64), np.asarray(a_idx, dtype=np.int64)),
            ),
            shape=(len(self.resource_keys), self.n_arcs),
        )

    @property
    def n_arcs(self) -> int:
        return int(self.tail.size)

    @property
    def n_vertices(self) -> int:
        return len(self.vertex_keys)

    def map_slice(
        self,
        g: FlowGraph,
        network: Network,
        demand: Mapping[ODKey, float],
        days: float,
    ) -> SliceArrays | None:
        """The slice in structure coordinates, or None when it holds something the structure
        lacks (then the draw needs a full solve)."""
        vk = _vertex_keys(g, network)
        if any(vkey not in self.vertex_index for vkey in vk):
            return None
        local = []
        for key in _arc_keys(g, vk):
            idx = self.arc_index.get(key)
            if idx is None:
                return None
            local.append(idx)
        where = np.asarray(local, dtype=np.int64)
        n = self.n_arcs
        is_open = np.zeros(n, dtype=bool)
        is_open[where] = True
        arrays = {}
        for name, values in (
            ("cost", g.cost_usd),
            ("price", g.price_usd),
            ("time", g.time_h),
            ("co2", g.co2_kg),
        ):
            full = np.zeros(n)
            full[where] = values
            arrays[name] = full
        capacity = np.full(len(self.resource_keys), np.inf)
        for res in g.resources:
            if (res.kind, res.id) not in self.resource_index:
                if res.capacity_teu_yr > 0:
                    return None
                # a capacity of 0 (a closed port the base leaves unlimited): nothing passes
                is_open[[local[a] for a in res.arcs.tolist()]] = False
        for res in g.resources:
            r = self.resource_index.get((res.kind, res.id))
            if r is None:
                continue
            arcs = {local[a] for a in res.arcs.tolist()}
            # the row sums the structure's arcs; those it adds must be closed in this slice
            if (
                not arcs <= self.resource_arcs[r]
                or is_open[list(self.resource_arcs[r] - arcs)].any()
            ):
                return None
            capacity[r] = res.capacity_teu_yr
        rates = np.zeros(len(self.pairs))
        for od, value in demand.items():
            if value <= 0:
                continue
            p = self.pair_index.get(od)
            if p is None:
                return None
            rates[p] = value
        return SliceArrays(
            days=days,
            open=is_open,
            cost=arrays["cost"],
            price=arrays["price"],
            time=arrays["time"],
            co2=arrays["co2"],
            capacity=capacity,
            demand=rates,
        )
