"""Shortest paths and all-or-nothing loading, vectorised over the shortest-path trees.

Each loading runs SciPy's Dijkstra once from every origin zone (one C call for all of them) and
then pushes the demand of each destination up its origin's predecessor tree towards the root:
all origins at once, one tree level at a time, so the Python loop runs once per tree level
rather than once per origin and node. The levels come from a breadth-first walk down the trees,
with each node's children found through one sort of the predecessor array.

Two details of the routing graph keep that exact:

- *No through traffic at zones* (TNTP's ``<FIRST THRU NODE>``): the outgoing links of such a node
  are moved to a private source copy of it. Paths start at the copy and can end at the node, but
  since the node itself has no outgoing edges no path can pass through it.
- *Parallel links*: SciPy's predecessor array names nodes, not links. Every second and later link
  between the same pair of nodes ends at its own dummy node, joined to the real head by a
  zero-cost connector, so each tree edge is one link.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra

from corridors.assignment._types import FloatArray, IntArray
from corridors.assignment.network import AssignmentNetwork, validate_demand
from corridors.errors import NoRoute

__all__ = ["AllOrNothing", "shortest_path_costs"]


class _RoutingGraph:
    """The network as a fixed CSR structure; only the edge costs change between loadings."""

    def __init__(self, network: AssignmentNetwork) -> None:
        n, n_links = network.n_nodes, network.n_links
        sealed = np.flatnonzero(network.no_through)
        self.source_of: IntArray = np.arange(n, dtype=np.int64)
        self.source_of[sealed] = n + np.arange(sealed.size, dtype=np.int64)
        g_tail = self.source_of[network.tail]
        g_head = network.head.copy()
        base = n + sealed.size

        key = g_tail * base + g_head
        order = np.argsort(key, kind="stable")
        repeated = np.zeros(n_links, dtype=np.bool_)
        repeated[order[1:]] = key[order[1:]] == key[order[:-1]]
        dup = np.flatnonzero(repeated)
        dummies = base + np.arange(dup.size, dtype=np.int64)
        g_head[dup] = dummies
        self.n_nodes = base + dup.size

        e_tail = np.concatenate([g_tail, dummies])
        e_head = np.concatenate([g_head, network.head[dup]])
        # Connectors carry the index n_links, whose cost is 0 and whose flow is dropped.
        e_link = np.concatenate([np.arange(n_links, dtype=np.int64), np.full(dup.size, n_links)])
        perm = np.lexsort((e_head, e_tail))
        self.indices = e_head[perm].astype(np.int32)
        self.indptr = np.zeros(self.n_nodes + 1, dtype=np.int32)
        np.cumsum(np.bincount(e_tail, minlength=self.n_nodes), out=self.indptr[1:])
        self.edge_link: IntArray = e_link[perm]
        self.edge_key: IntArray = e_tail[perm] * self.n_nodes + e_head[perm]
        self.n_links = n_links
        # Tree edge lookup by (tail, head): a dense table (at most 4 MB), else a binary search.
        self._dense: NDArray[np.int32] | None = None
        if self.n_nodes <= 1024:
            self._dense = np.full(self.n_nodes * self.n_nodes, -1, dtype=np.int32)
            self._dense[self.edge_key] = np.arange(self.edge_key.size, dtype=np.int32)
        self._cost = np.zeros(n_links + 1)
        self._csr = csr_array(
            (np.zeros(self.indices.size), self.indices, self.indptr),
            shape=(self.n_nodes, self.n_nodes),
        )

    def edge_of(self, tail: IntArray, head: IntArray) -> IntArray:
        """CSR positions of the edges ``tail -> head`` (which must exist)."""
        key = tail.astype(np.int64) * self.n_nodes + head
        if self._dense is not None:
            return np.take(self._dense, key).astype(np.int64)
        return np.searchsorted(self.edge_key, key).astype(np.int64)

    def csr(self, cost: FloatArray) -> csr_array:
        """The graph weighted by link ``cost`` (explicit zeros stay edges in csgraph).

        The matrix is built once and its weights overwritten in place, which saves SciPy's
        format checks on every iteration.
        """
        self._cost[:-1] = cost
        np.take(self._cost, self.edge_link, out=self._csr.data)
        return self._csr


class AllOrNothing:
    """Loads a fixed demand matrix onto the shortest paths of a network, for any link costs.

    Built once per (network, demand); :meth:`load` is then called every iteration. Intrazonal
    demand (the diagonal) never uses the network and is ignored. Raises :class:`NoRoute` when
    some origin–destination pair with demand has no path at all.
    """

    def __init__(self, network: AssignmentNetwork, demand: object) -> None:
        d = validate_demand(network, demand).copy()
        np.fill_diagonal(d, 0.0)
        self._graph = _RoutingGraph(network)
        origins = np.flatnonzero(d.sum(axis=1) > 0)
        self._sources = self._graph.source_of[network.zones[origins]]
        self._dest = np.zeros((origins.size, self._graph.n_nodes))
        self._dest[:, network.zones] = d[origins]
        self._check_reachable(network, d, origins)

    def _check_reachable(
        self, network: AssignmentNetwork, demand: FloatArray, origins: IntArray
    ) -> None:
        if origins.size == 0:
            return
        graph = self._graph.csr(np.ones(self._graph.n_links))
        hops = dijkstra(graph, directed=True, indices=self._sources, unweighted=True)
        stranded = np.isinf(hops[:, network.zones]) & (demand[origins] > 0)
        if stranded.any():
            i, j = (int(v) for v in np.argwhere(stranded)[0])
            a, b = network.node_ids[network.zones[origins[i]]], network.node_ids[network.zones[j]]
            raise NoRoute(
                f"no path from node {a} to node {b}, which have demand {demand[origins[i], j]:g}",
                hint=f"{int(stranded.sum())} origin-destination pair(s) with demand have no path",
                field="demand",
            )

    def load(self, cost: FloatArray) -> FloatArray:
        """Link flows when every trip takes a shortest path under ``cost`` (one per link)."""
        g = self._graph
        if self._sources.size == 0:
            return np.zeros(g.n_links)
        _, pred = dijkstra(
            g.csr(cost), directed=True, indices=self._sources, return_predecessors=True
        )
        n_orig, n = pred.shape
        flat_pred = pred.reshape(-1)
        # Children of every (origin, node), grouped by parent: sort each row by predecessor
        # (a radix sort while node numbers fit in 16 bits), drop the entries without one.
        key = pred.astype(np.int16) if n < 2**15 else pred
        by_parent = np.argsort(key, axis=1, kind="stable")
        by_parent += np.arange(0, n_orig * n, n)[:, None]
        sorted_entries = by_parent.reshape(-1)
        children = sorted_entries[flat_pred[sorted_entries] >= 0]
        column = children % n
        parent = children - column + flat_pred[children]
        counts = np.bincount(parent, minlength=n_orig * n)
        starts = np.cumsum(counts) - counts

        # Breadth-first from the roots, one tree level of all origins per step.
        levels = []
        frontier = np.arange(0, n_orig * n, n) + self._sources
        while frontier.size:
            cnt = counts[frontier]
            frontier, cnt = frontier[cnt > 0], cnt[cnt > 0]
            if not frontier.size:
                break
            first = np.cumsum(cnt) - cnt
            nxt = children[np.repeat(starts[frontier] - first, cnt) + np.arange(int(cnt.sum()))]
            levels.append((frontier, first, nxt))
            frontier = nxt

        # Deepest level first, each node adds up what its children carry (they are contiguous).
        through = self._dest.reshape(-1).copy()
        for parents, first, kids in reversed(levels):
            through[parents] += np.add.reduceat(through[kids], first)
        edge = g.edge_of(flat_pred[children], column)
        loaded = np.bincount(g.edge_link[edge], weights=through[children], minlength=g.n_links + 1)
        return loaded[:-1].astype(np.float64)


def shortest_path_costs(network: AssignmentNetwork, cost: FloatArray) -> FloatArray:
    """Zone-to-zone shortest-path costs under link ``cost`` (``inf`` where there is no path)."""
    g = _RoutingGraph(network)
    dist = dijkstra(g.csr(cost), directed=True, indices=g.source_of[network.zones])
    out: FloatArray = dist[:, network.zones]
    np.fill_diagonal(out, 0.0)
    return out
