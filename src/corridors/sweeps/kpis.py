"""The figures kept from each run: the totals of ``corridors.capacity`` and what binds.

Names and definitions are those of :class:`corridors.capacity.result.Totals`, so a run of a
sweep reads like ``corridors scenario run`` of the same draw: throughput is served demand, a
route belongs to the corridor with the most kilometres among its links that carry a single
corridor tag, and a capacity *binds* when its yearly shadow price is above 0.001 USD.

A capacity is *full* when its flow reaches 99.9% of it in some slice of the year (all year,
or during a closure). Full is a property of the flows; binding is one of the duals, and where
two capacities sit in series (a border and the dry port behind it) only the sum of their
shadow prices is determined: the solver may put it all on either. Both are reported.

Totals, costs and CO2e are those of the optimum, which is unique. The split of
throughput by corridor is not always: where origins compete for a bottleneck, the optimum may
share it among them in more than one way at the same total cost, and each way puts other
routes (so other corridors) through it. The split here is that of the routes the solver chose.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from corridors.capacity.graph import ARC_LINK, ARC_SERVICE
from corridors.capacity.regions import crosses_caspian
from corridors.capacity.result import CapacityOptions
from corridors.capacity.solve import UNTAGGED
from corridors.network.model import Network
from corridors.sweeps.pathflow import PathOutcome, Route
from corridors.sweeps.structure import SliceArrays, Structure

__all__ = [
    "BINDING_USD",
    "FULL_SHARE",
    "KPIS",
    "THROUGHPUT",
    "Figures",
    "RouteTagger",
    "figures_from_routes",
]

BINDING_USD = 1e-3  # yearly shadow price (USD per TEU/yr) above which a capacity binds
THROUGHPUT = "throughput_teu_yr"  # prefix of the per-corridor columns: throughput_teu_yr.M

# (name, label, unit): the run's totals, in the order reports show them
KPIS: tuple[tuple[str, str, str], ...] = (
    ("served_teu_yr", "throughput (served demand)", "TEU/yr"),
    ("unserved_teu_yr", "unserved demand", "TEU/yr"),
    ("demand_teu_yr", "demand", "TEU/yr"),
    ("deferred_teu_yr", "waited for a later slice", "TEU/yr"),
    ("caspian_crossing_teu_yr", "Caspian crossings", "TEU/yr"),
    ("transport_cost_usd", "transport cost", "USD/yr"),
    ("objective_usd", "total cost incl. unserved and waiting", "USD/yr"),
    ("avg_cost_usd_teu", "average generalised cost", "USD/TEU"),
    ("avg_price_usd_teu", "average price", "USD/TEU"),
    ("avg_time_h", "average transit time", "h"),
    ("co2e_t", "CO2e (well-to-wheel)", "t/yr"),
)

FULL_SHARE = 0.999  # a capacity used to at least this share of itself over the year is full


@dataclass(frozen=True)
class Figures:
    """What a run keeps: its totals, the capacities whose shadow price is positive (with it,
    USD per TEU/yr) and the capacities in full use (keys ``kind:id``)."""

    kpis: dict[str, float | None]
    binding: dict[str, float]
    full: list[str]


def resource_key(kind: str, rid: str) -> str:
    return f"{kind}:{rid}"


class RouteTagger:
    """The corridor of a route (structure arcs), remembered: routes recur across draws. Hub
    arcs have no kilometres and no tags, so they do not change a route's corridor."""

    def __init__(self, structure: Structure, network: Network) -> None:
        self.km: list[float] = []
        self.tags: list[tuple[str, ...]] = []
        caspian = []
        for kind, owner in zip(structure.kind.tolist(), structure.owner, strict=True):
            link = network.links.get(owner) if kind in (ARC_LINK, ARC_SERVICE) else None
            self.km.append(link.length_km if link else 0.0)
            self.tags.append(link.corridors if link else ())
            caspian.append(link is not None and crosses_caspian(network, link))
        self.caspian = np.asarray(caspian, dtype=bool)
        self._cache: dict[Route, str] = {}

    def corridor(self, route: Route) -> str:
        tag = self._cache.get(route)
        if tag is None:
            single: dict[str, float] = {}
            every: dict[str, float] = {}
            for a in route:
                for t in self.tags[a]:
                    every[t] = every.get(t, 0.0) + self.km[a]
                if len(self.tags[a]) == 1:
                    t = self.tags[a][0]
                    single[t] = single.get(t, 0.0) + self.km[a]
            pool = single or every
            tag = max(sorted(pool), key=lambda k: pool[k]) if pool else UNTAGGED
            self._cache[route] = tag
        return tag


def figures_from_routes(
    structure: Structure,
    tagger: RouteTagger,
    slices: Sequence[SliceArrays],
    out: PathOutcome,
    options: CapacityOptions,
) -> Figures:
    """The figures of a draw solved by :class:`PathSolver`."""
    flow = out.arc_flow
    transport = math.fsum(float(flow[s] @ sl.cost) for s, sl in enumerate(slices))
    price = math.fsum(float(flow[s] @ sl.price) for s, sl in enumerate(slices))
    hours = math.fsum(float(flow[s] @ sl.time) for s, sl in enumerate(slices))
    co2 = math.fsum(float(flow[s] @ sl.co2) for s, sl in enumerate(slices))
    vot_day = options.value_of_time_usd_teu_h * 24.0
    demand = float(out.demand.sum())
    unserved = float(out.unserved.sum())
    served = demand - unserved
    penalty = unserved * options.unserved_penalty_usd_teu
    deferral = math.fsum(
        float(out.deferred[s].sum()) * vot_day * sl.days / 2.0 for s, sl in enumerate(slices[:-1])
    )
    caspian = float((flow.sum(axis=0) * tagger.caspian).sum())
    kpis: dict[str, float | None] = {
        "served_teu_yr": served,
        "unserved_teu_yr": unserved,
        "demand_teu_yr": demand,
        "deferred_teu_yr": float(out.deferred.sum()),
        "caspian_crossing_teu_yr": caspian,
        "transport_cost_usd": transport,
        "objective_usd": transport + penalty + deferral,
        "avg_cost_usd_teu": transport / served if served > 1e-6 else None,
        "avg_price_usd_teu": price / served if served > 1e-6 else None,
        "avg_time_h": hours / served if served > 1e-6 else None,
        "co2e_t": co2 / 1000.0,
    }
    by_corridor: dict[str, float] = {}
    for (_, _, route), f in zip(out.routes, out.route_flow.tolist(), strict=True):
        tag = tagger.corridor(route)
        by_corridor[tag] = by_corridor.get(tag, 0.0) + f
    for tag in sorted(by_corridor):
        kpis[f"{THROUGHPUT}.{tag}"] = by_corridor[tag]
    share = np.asarray([sl.days for sl in slices]) / options.year_days
    yearly = share @ out.shadow
    binding = {
        resource_key(*structure.resource_keys[r]): float(yearly[r])
        for r in np.nonzero(yearly > BINDING_USD)[0].tolist()
    }
    # full in some slice of the year (during a closure, say), as its shadow price may be
    full_mask = np.zeros(len(structure.resource_keys), dtype=bool)
    for s, sl in enumerate(slices):
        used = structure.incidence @ flow[s]
        cap = sl.capacity * share[s]
        full_mask |= np.isfinite(cap) & (cap > 0) & (used >= FULL_SHARE * cap)
    full = sorted(
        resource_key(*structure.resource_keys[r]) for r in np.nonzero(full_mask)[0].tolist()
    )
    return Figures(kpis, binding, full)
