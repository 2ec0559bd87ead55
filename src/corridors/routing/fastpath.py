"""Single-criterion fast path: one compiled Dijkstra on a state graph, stopped at the target.

When every cost is static (no fixed-weekday sailing is usable, or time has no weight) and the
number of transshipments is not limited, the weighted single-best route is a plain shortest path
on a *state graph*. A node served by one vehicle class (mode and gauge) is one vertex; a node with
several has an arrival vertex and a departure vertex per class, joined by transfer arcs that carry
the handling or break-of-gauge cost (arrival-to-departure only, so transfers never chain into a
move the rules forbid). A single-mode network's state graph is therefore the network itself.

Rail arcs whose entry gauge does not matter (unknown gauge, or a border with its own break of
gauge) leave from a per-node "any gauge" departure vertex that every rail class reaches for free;
arcs ending with an unknown gauge arrive at an "any gauge" arrival vertex that reaches every class.
The structure is cached per usable-arc mask; a query only fills in the costs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from corridors.routing import kernels
from corridors.routing.bounds import arc_costs
from corridors.routing.compile import (
    RAIL,
    ROAD,
    TRUCK,
    BoolArray,
    CompiledNetwork,
    FloatArray,
    IntArray,
)
from corridors.routing.constraints import MaskKey, Query, arc_mask

__all__ = ["StateGraph", "fast_single_best", "state_graph"]

_B = 100_000
_DEP_ANY = -2


@dataclass(frozen=True, slots=True)
class StateGraph:
    """CSR structure of the state graph; entries are link arcs or transfers."""

    n_states: int
    node_of_state: IntArray
    states_of_node: list[list[int]]
    indptr: IntArray
    indices: IntArray
    entry_arc: IntArray  # arc id, or -1 for a transfer entry
    link_entries: IntArray  # positions of link entries
    link_arcs: IntArray  # their arc ids
    transfer_entries: IntArray
    transfer_h: FloatArray
    transfer_usd: FloatArray  # per TEU
    weighted: dict[Any, FloatArray] = field(default_factory=dict)  # the last weights' entries


def state_graph(cn: CompiledNetwork, key: MaskKey) -> StateGraph:
    cached = cn.cache.get(("states", key))
    if cached is None:
        cached = _build(cn, key, arc_mask(cn, key))
        cn.cache[("states", key)] = cached
    assert isinstance(cached, StateGraph)
    return cached


def _build(cn: CompiledNetwork, key: MaskKey, mask: BoolArray) -> StateGraph:
    arcs = np.flatnonzero(mask)
    mode, gin, gout = cn.a_cmode[arcs], cn.a_gin[arcs], cn.a_gout[arcs]
    rail = mode == RAIL
    cls_in = np.where(rail & (gin <= 0), _DEP_ANY, mode * _B + np.maximum(gin, 0))
    cls_out = mode * _B + gout
    u, v = cn.a_from[arcs], cn.a_to[arcs]
    arr = np.unique(np.stack([v, cls_out], 1), axis=0)
    dep = np.unique(np.stack([u, cls_in], 1), axis=0)
    both = np.unique(np.concatenate([arr, dep]), axis=0)
    single = np.bincount(both[:, 0], minlength=cn.n_nodes) == 1
    # vertices: role 0 = the only class at its node; 1 = arrival; 2 = departure
    multi_arr = arr[~single[arr[:, 0]]]
    multi_dep = dep[~single[dep[:, 0]]]
    single_v = both[single[both[:, 0]]]
    verts = np.concatenate(
        [
            np.column_stack([single_v, np.zeros(len(single_v), dtype=np.int64)]),
            np.column_stack([multi_arr, np.ones(len(multi_arr), dtype=np.int64)]),
            np.column_stack([multi_dep, np.full(len(multi_dep), 2, dtype=np.int64)]),
        ]
    )

    def code(n: IntArray, c: IntArray, role: IntArray) -> IntArray:
        return (n * (10 * _B) + (c - _DEP_ANY)) * 3 + role

    vcode = code(verts[:, 0], verts[:, 1], verts[:, 2])
    order_v = np.argsort(vcode)
    verts, vcode = verts[order_v], vcode[order_v]
    n_states = len(verts)
    s_from = np.searchsorted(vcode, code(u, cls_in, np.where(single[u], 0, 2)))
    s_to = np.searchsorted(vcode, code(v, cls_out, np.where(single[v], 0, 1)))
    node_of_state = verts[:, 0].copy()
    states_of_node: list[list[int]] = [[] for _ in range(cn.n_nodes)]
    for s, n in enumerate(node_of_state.tolist()):
        states_of_node[n].append(s)
    # transfers: arrival vertex -> departure vertex inside each multi-class node (never chained)
    t_from: list[int] = []
    t_to: list[int] = []
    t_h: list[float] = []
    t_usd: list[float] = []
    cls_list = verts[:, 1].tolist()
    role_list = verts[:, 2].tolist()
    for n in np.flatnonzero(~single).tolist():
        states = states_of_node[n]
        for s1 in states:
            if role_list[s1] != 1:
                continue
            for s2 in states:
                if role_list[s2] != 2:
                    continue
                c1, c2 = cls_list[s1], cls_list[s2]
                cost = (0.0, 0.0) if c1 == c2 else _transfer(cn, key, n, c1, c2)
                if cost is not None:
                    t_from.append(s1)
                    t_to.append(s2)
                    t_h.append(cost[0])
                    t_usd.append(cost[1])
    rows = np.concatenate([s_from, np.array(t_from, dtype=np.int64)])
    cols = np.concatenate([s_to, np.array(t_to, dtype=np.int64)])
    entry_arc = np.concatenate([arcs, np.full(len(t_from), -1, dtype=np.int64)])
    order = np.argsort(rows, kind="stable")
    indptr = np.zeros(n_states + 1, dtype=np.int64)
    np.add.at(indptr, rows + 1, 1)
    entry_arc = entry_arc[order]
    is_link = entry_arc >= 0
    tr = order[~is_link] - len(arcs)
    return StateGraph(
        n_states=n_states,
        node_of_state=node_of_state,
        states_of_node=states_of_node,
        indptr=np.cumsum(indptr),
        indices=cols[order].astype(np.int32),
        entry_arc=entry_arc,
        link_entries=np.flatnonzero(is_link),
        link_arcs=entry_arc[is_link],
        transfer_entries=np.flatnonzero(~is_link),
        transfer_h=np.asarray(t_h, dtype=np.float64)[tr],
        transfer_usd=np.asarray(t_usd, dtype=np.float64)[tr],
    )


def _transfer(
    cn: CompiledNetwork, key: MaskKey, n: int, c1: int, c2: int
) -> tuple[float, float] | None:
    """Cost (h, USD/TEU) of moving a box at node ``n`` from arriving class c1 to departing c2."""
    m1, g1 = divmod(c1, _B)
    if c2 == _DEP_ANY:
        m2, g2 = RAIL, 0
    else:
        m2, g2 = divmod(c2, _B)
    if m1 == TRUCK or m2 == TRUCK:
        return (0.0, 0.0) if m1 in (ROAD, TRUCK) and m2 in (ROAD, TRUCK) else None
    if m1 != m2:
        if key.reefer and not cn.node_reefer[n]:
            return None
        return cn.node_handling_h[n], cn.node_handling_usd[n]
    if m1 != RAIL or g1 == 0 or g2 == 0 or g1 == g2:
        return 0.0, 0.0
    kind = cn.node_gc_kind[n]
    if kind == 0 or (kind == 1 and key.reefer and not cn.node_reefer[n]):
        return None
    return cn.node_gc_h[n], cn.node_gc_usd[n]


def fast_single_best(
    cn: CompiledNetwork, q: Query, w_time: float, w_price: float, w_co2: float
) -> tuple[int, ...] | None:
    """Arcs of the route minimising the weighted sum (static costs only), or None.

    A compiled Dijkstra from the origin's states that stops when a destination state is settled
    (:func:`corridors.routing.kernels.dijkstra_to_target`): same optimum as scipy's full
    single-source run, without visiting the rest of the graph.
    """
    sg = state_graph(cn, q.mask)
    data = _weights(cn, sg, q, w_time, w_price, w_co2)
    sources = sg.states_of_node[q.origin]
    targets = sg.states_of_node[q.destination]
    if not sources or not targets:
        return None
    found, arcs = kernels.dijkstra_to_target(
        sg.indptr,
        sg.indices,
        data,
        sg.entry_arc,
        np.asarray(sources, dtype=np.int64),
        np.asarray(targets, dtype=np.int64),
    )
    return tuple(arcs.tolist()) if found else None


def _weights(
    cn: CompiledNetwork, sg: StateGraph, q: Query, w_time: float, w_price: float, w_co2: float
) -> FloatArray:
    """Scalar weights of the state graph's entries; the last ones are kept, as queries repeat."""
    key = (w_time, w_price, w_co2, q.teu, q.tonnes)
    got = sg.weighted.get(key)  # one atomic read: safe with concurrent queries
    if got is not None:
        return got
    time, price, co2 = arc_costs(cn, q)
    scalar = w_time * time + w_price * price + w_co2 * co2
    data = np.empty(len(sg.entry_arc), dtype=np.float64)
    data[sg.link_entries] = scalar[sg.link_arcs]
    data[sg.transfer_entries] = w_time * sg.transfer_h + w_price * q.teu * sg.transfer_usd
    sg.weighted.clear()
    sg.weighted[key] = data
    return data
