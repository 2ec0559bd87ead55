"""The network an equilibrium runs on: plain arrays, 0-based, validated once.

Any source can build one — a TNTP file (:mod:`corridors.assignment.tntp`), the bundled corridor
network, a test — so the solvers never see file formats or domain objects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridors.assignment._types import BoolArray, FloatArray, IntArray
from corridors.assignment.vdf import DelayFunction
from corridors.errors import InvalidInput

__all__ = ["AssignmentNetwork", "validate_demand"]


@dataclass(frozen=True, eq=False)
class AssignmentNetwork:
    """Directed links ``tail[i] -> head[i]`` over nodes ``0 .. n_nodes-1``.

    Parameters
    ----------
    n_nodes
        Number of nodes.
    tail, head
        Link end nodes (0-based). Parallel links are allowed.
    delay
        Volume–delay function over all links (``delay.size == len(tail)``).
    zones
        ``zones[z]`` is the node where zone ``z`` (row/column ``z`` of the demand matrix) starts
        and ends its trips.
    fixed_cost
        Flow-independent cost added to the travel time of each link (toll and distance in time
        units, as TNTP's generalised cost); zeros when ``None``.
    no_through
        Nodes that paths may start or end at but never pass through (TNTP's zones below the
        first through node, or centroids of the corridor network); none when ``None``.
    node_ids
        The ids users know the nodes by (TNTP's 1-based ids), for messages; ``0 .. n_nodes-1``
        when ``None``.
    """

    n_nodes: int
    tail: IntArray
    head: IntArray
    delay: DelayFunction
    zones: IntArray
    fixed_cost: FloatArray
    no_through: BoolArray
    node_ids: IntArray

    def __init__(
        self,
        n_nodes: int,
        tail: object,
        head: object,
        delay: DelayFunction,
        zones: object,
        fixed_cost: object | None = None,
        no_through: object | None = None,
        node_ids: object | None = None,
    ) -> None:
        if n_nodes < 1:
            raise InvalidInput(f"n_nodes = {n_nodes}; a network needs at least one node")
        t = _index_column("tail", tail, n_nodes)
        h = _index_column("head", head, n_nodes)
        if t.shape != h.shape:
            raise InvalidInput(f"tail has {t.size} links but head has {h.size}", field="head")
        if delay.size != t.size:
            raise InvalidInput(
                f"the delay function covers {delay.size} links but the network has {t.size}",
                field="delay",
            )
        z = _index_column("zones", zones, n_nodes)
        if np.unique(z).size != z.size:
            raise InvalidInput(
                "two zones share one node; each zone needs its own node", field="zones"
            )
        if fixed_cost is None:
            fc = np.zeros(t.size)
        else:
            fc = np.asarray(fixed_cost, dtype=np.float64)
            if fc.shape != t.shape:
                raise InvalidInput(f"fixed_cost has shape {fc.shape}, expected ({t.size},)")
            bad = ~(np.isfinite(fc) & (fc >= 0))
            if bad.any():
                i = int(np.flatnonzero(bad)[0])
                raise InvalidInput(
                    f"fixed_cost[{i}] = {fc[i]}; accepted: a finite cost >= 0", field="fixed_cost"
                )
        if no_through is None:
            nt = np.zeros(n_nodes, dtype=np.bool_)
        else:
            nt = np.asarray(no_through, dtype=np.bool_)
            if nt.shape != (n_nodes,):
                raise InvalidInput(f"no_through has shape {nt.shape}, expected ({n_nodes},)")
        ids = np.arange(n_nodes, dtype=np.int64) if node_ids is None else np.asarray(node_ids)
        if ids.shape != (n_nodes,):
            raise InvalidInput(f"node_ids has shape {ids.shape}, expected ({n_nodes},)")
        object.__setattr__(self, "n_nodes", int(n_nodes))
        object.__setattr__(self, "tail", t)
        object.__setattr__(self, "head", h)
        object.__setattr__(self, "delay", delay)
        object.__setattr__(self, "zones", z)
        object.__setattr__(self, "fixed_cost", fc)
        object.__setattr__(self, "no_through", nt)
        object.__setattr__(self, "node_ids", ids.astype(np.int64))

    @property
    def n_links(self) -> int:
        return int(self.tail.shape[0])

    @property
    def n_zones(self) -> int:
        return int(self.zones.shape[0])


def _index_column(name: str, value: object, n_nodes: int) -> IntArray:
    arr = np.asarray(value)
    if arr.ndim != 1:
        raise InvalidInput(f"{name} must be one-dimensional, got shape {arr.shape}", field=name)
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        raise InvalidInput(f"{name} must hold integer node indices, got {arr.dtype}", field=name)
    out = arr.astype(np.int64)
    bad = (out < 0) | (out >= n_nodes)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidInput(
            f"{name}[{i}] = {out[i]} is not a node; accepted: 0 .. {n_nodes - 1}", field=name
        )
    return out


def validate_demand(network: AssignmentNetwork, demand: object) -> FloatArray:
    """The demand as a float matrix of shape ``(n_zones, n_zones)``, finite and non-negative."""
    d = np.asarray(demand, dtype=np.float64)
    z = network.n_zones
    if d.shape != (z, z):
        raise InvalidInput(
            f"demand has shape {d.shape}; the network has {z} zones, so ({z}, {z}) is expected",
            field="demand",
        )
    bad = ~(np.isfinite(d) & (d >= 0))
    if bad.any():
        o, t = (int(v) for v in np.argwhere(bad)[0])
        raise InvalidInput(
            f"demand[{o}, {t}] = {d[o, t]}; accepted: a finite number >= 0", field="demand"
        )
    return d
