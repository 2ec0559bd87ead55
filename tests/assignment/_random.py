"""Small random networks for property tests, and brute-force oracles to check solvers against."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
from hypothesis import strategies as st

from corridors.assignment import BPR, AssignmentNetwork, MixedDelay, QueueingDelay


@dataclass(frozen=True)
class Case:
    network: AssignmentNetwork
    demand: np.ndarray


@st.composite
def cases(
    draw: st.DrawFn,
    *,
    max_zones: int = 3,
    max_transit: int = 3,
    powers: tuple[float, ...] = (1.0, 2.0, 4.0, 2.5),
    queues: bool = True,
    fixed: bool = True,
    constant: bool = False,
) -> Case:
    """Zones ``0..k-1`` joined (both ways) to a bidirectional ring of transit nodes, plus random
    extra links (parallel ones included), so every zone reaches every other even when zones are
    closed to through traffic. With ``constant``, some links have a flow-independent time
    (``b = 0``), like uncapacitated legs of the corridor network."""
    k = draw(st.integers(2, max_zones))
    m = draw(st.integers(2, max_transit))
    n = k + m
    tail: list[int] = []
    head: list[int] = []
    for i in range(m):
        a, b = k + i, k + (i + 1) % m
        if m == 2 and i == 1:
            break
        tail += [a, b]
        head += [b, a]
    for z in range(k):
        t = draw(st.integers(k, n - 1))
        tail += [z, t]
        head += [t, z]
    extra = draw(
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1]),
            max_size=4,
        )
    )
    for a, b in extra:
        tail.append(a)
        head.append(b)
    n_links = len(tail)
    floats = st.floats(0.5, 10.0)
    t0 = np.array(draw(st.lists(floats, min_size=n_links, max_size=n_links)))
    cap = np.array(draw(st.lists(st.floats(2.0, 40.0), min_size=n_links, max_size=n_links)))
    b = np.array(draw(st.lists(st.floats(0.05, 1.0), min_size=n_links, max_size=n_links)))
    if constant:
        b[np.array(draw(st.lists(st.booleans(), min_size=n_links, max_size=n_links)))] = 0.0
    power = np.array(draw(st.lists(st.sampled_from(powers), min_size=n_links, max_size=n_links)))
    queued = (
        np.array(draw(st.lists(st.booleans(), min_size=n_links, max_size=n_links))) & (b > 0)
        if queues
        else np.zeros(n_links, dtype=bool)
    )
    q_idx, b_idx = np.flatnonzero(queued), np.flatnonzero(~queued)
    parts = [(b_idx, BPR(t0[b_idx], cap[b_idx], b[b_idx], power[b_idx]))]
    if q_idx.size:
        parts.append((q_idx, QueueingDelay(t0[q_idx], cap[q_idx], delay=b[q_idx] * t0[q_idx])))
    fc = (
        np.array(draw(st.lists(st.floats(0.0, 3.0), min_size=n_links, max_size=n_links)))
        if fixed
        else None
    )
    network = AssignmentNetwork(
        n_nodes=n,
        tail=np.array(tail),
        head=np.array(head),
        delay=MixedDelay(n_links, parts),
        zones=np.arange(k),
        fixed_cost=fc,
        no_through=np.array([draw(st.booleans()) for _ in range(k)] + [False] * m),
    )
    values = draw(st.lists(st.floats(0.0, 30.0), min_size=k * k, max_size=k * k))
    demand = np.array(values).reshape(k, k)
    return Case(network, demand)


def simple_paths(network: AssignmentNetwork, origin: int, dest: int) -> list[list[int]]:
    """Every simple path (as link indices) from node ``origin`` to node ``dest`` that passes
    through no closed node, by exhaustive enumeration (parallel links give separate paths)."""
    g = nx.MultiDiGraph()
    g.add_nodes_from(range(network.n_nodes))
    for i, (a, b) in enumerate(zip(network.tail, network.head, strict=True)):
        g.add_edge(int(a), int(b), key=i)
    out = []
    for edges in nx.all_simple_edge_paths(g, origin, dest):
        inner = [e[0] for e in edges[1:]]
        if not any(network.no_through[v] for v in inner):
            out.append([e[2] for e in edges])
    return out


def min_path_costs(network: AssignmentNetwork, cost: np.ndarray) -> np.ndarray:
    """Zone-to-zone cheapest path costs by enumerating all simple paths."""
    k = network.n_zones
    out = np.zeros((k, k))
    for o in range(k):
        for d in range(k):
            if o != d:
                paths = simple_paths(network, int(network.zones[o]), int(network.zones[d]))
                out[o, d] = min(cost[p].sum() for p in paths) if paths else np.inf
    return out


def node_balance(network: AssignmentNetwork, flows: np.ndarray) -> np.ndarray:
    """Inflow minus outflow at each node."""
    n = network.n_nodes
    return np.bincount(network.head, flows, minlength=n) - np.bincount(
        network.tail, flows, minlength=n
    )


def expected_balance(network: AssignmentNetwork, demand: np.ndarray) -> np.ndarray:
    """Trips ending minus trips starting at each node (intrazonal trips excluded)."""
    d = demand.copy()
    np.fill_diagonal(d, 0.0)
    out = np.zeros(network.n_nodes)
    out[network.zones] = d.sum(axis=0) - d.sum(axis=1)
    return out


def path_based_equilibrium(network: AssignmentNetwork, demand: np.ndarray) -> np.ndarray:
    """Equilibrium link flows by an independent, path-based method (Dafermos–Sparrow path
    equilibration over every enumerated path): for each origin–destination pair, shift flow from
    its dearest used path to its cheapest until their costs are equal (bisection on the shift),
    and sweep until no used path costs more than the cheapest. Viable on tiny networks only."""
    groups: list[tuple[list[np.ndarray], np.ndarray]] = []
    x = np.zeros(network.n_links)
    for o in range(network.n_zones):
        for d in range(network.n_zones):
            if o != d and demand[o, d] > 0:
                found = simple_paths(network, int(network.zones[o]), int(network.zones[d]))
                paths = [np.bincount(p, minlength=network.n_links).astype(float) for p in found]
                h = np.zeros(len(paths))
                h[0] = demand[o, d]
                x += h[0] * paths[0]
                groups.append((paths, h))

    def cost(flows: np.ndarray) -> np.ndarray:
        return network.delay.time(flows) + network.fixed_cost

    for _ in range(20000):
        worst = 0.0
        for paths, h in groups:
            c = cost(x)
            pc = np.array([c @ p for p in paths])
            lo = int(np.argmin(pc))
            used = np.flatnonzero(h > 0)
            hi = int(used[np.argmax(pc[used])])
            excess = (pc[hi] - pc[lo]) / (1.0 + pc[lo])
            worst = max(worst, excess)
            if hi == lo or excess <= 1e-13:
                continue
            move = paths[lo] - paths[hi]
            a, b = 0.0, h[hi]  # shift in [a, b]; the cost difference is monotone in it
            if cost(x + b * move) @ move <= 0:
                a = b
            for _ in range(100):
                if b - a <= 1e-15 * max(1.0, h[hi]):
                    break
                m = 0.5 * (a + b)
                a, b = (m, b) if cost(x + m * move) @ move < 0 else (a, m)
            shift = a if a == h[hi] else 0.5 * (a + b)
            x += shift * move
            h[lo] += shift
            h[hi] -= shift
        if worst <= 1e-11:
            return x
    raise AssertionError("path equilibration did not converge")
