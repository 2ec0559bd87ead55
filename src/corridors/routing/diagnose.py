"""Why is there no route? Re-run relaxed searches to name the constraint that blocks.

Each constraint is relaxed alone (each avoided country, each avoided node, each missing mode,
planned links, reefer, dangerous goods, the transshipment limit); those whose relaxation alone
yields a route are the blockers, and the message says every route violates one of them ("every
route from Xi'an to Duisburg crosses RU"). When no single relaxation helps, groups are tried
(all avoided countries at once, ...) before falling back to "the constraints together".
"""

from __future__ import annotations

from dataclasses import replace

from corridors.network.model import MODES
from corridors.routing.bounds import lower_bounds
from corridors.routing.compile import CompiledNetwork
from corridors.routing.constraints import MaskKey, Query
from corridors.routing.fastpath import fast_single_best
from corridors.routing.search import weighted_search

__all__ = ["explain_no_route"]

_MAX_EXTRA_K = 12


def _feasible(cn: CompiledNetwork, q: Query, key: MaskKey, max_k: int | None) -> bool:
    q2 = replace(q, mask=key, max_transshipments=max_k)
    if max_k is None:
        return fast_single_best(cn, q2, 1.0, 0.0, 0.0) is not None
    bounds = lower_bounds(cn, q2)
    if bounds.time[q2.origin] == float("inf"):
        return False
    return weighted_search(cn, q2, bounds, 1.0, 0.0, 0.0) is not None


def explain_no_route(cn: CompiledNetwork, q: Query, a: str, b: str) -> str:
    """A one-sentence reason naming the blocking constraint(s)."""
    base = q.mask
    k = q.max_transshipments
    everything = MaskKey(modes=frozenset(MODES), include_planned=True)
    if not _feasible(cn, q, everything, None):
        return f"no route from {a} to {b} exists in the network, even with planned links"
    net = cn.network

    def ok(key: MaskKey, max_k: int | None = k) -> bool:
        return _feasible(cn, q, key, max_k)

    blockers: list[str] = []
    countries = [
        c
        for c in sorted(base.avoid_countries)
        if ok(replace(base, avoid_countries=base.avoid_countries - {c}))
    ]
    if countries:
        blockers.append("crosses " + " or ".join(countries))
    nodes = [
        f"{net.nodes[n].name} ({n})"
        for n in sorted(base.avoid_nodes)
        if ok(replace(base, avoid_nodes=base.avoid_nodes - {n}))
    ]
    if nodes:
        blockers.append("passes through " + " or ".join(nodes))
    missing = [m for m in MODES if m not in base.modes]
    needed = [m for m in missing if ok(replace(base, modes=base.modes | {m}))]
    if needed:
        blockers.append("needs " + " or ".join(needed) + _allowed(base))
    if not base.include_planned and ok(replace(base, include_planned=True)):
        blockers.append("uses a planned link (include planned links to consider them)")
    if base.reefer and ok(replace(base, reefer=False)):
        blockers.append("uses a link or sailing that does not take reefer containers")
    if base.dangerous and ok(replace(base, dangerous=False)):
        blockers.append("uses a link or sailing that does not take dangerous goods")
    if k is not None and ok(base, None):
        fewest = next((m for m in range(k + 1, k + _MAX_EXTRA_K + 1) if ok(base, m)), None)
        tail = f" (the fewest is {fewest})" if fewest is not None else ""
        blockers.append(f"needs more than {k} transshipments{tail}")
    if blockers:
        return f"every route from {a} to {b} " + ", or ".join(blockers)
    groups: list[tuple[str, MaskKey]] = []
    if len(base.avoid_countries) > 1:
        groups.append(
            (
                "crosses at least one of " + ", ".join(sorted(base.avoid_countries)),
                replace(base, avoid_countries=frozenset()),
            )
        )
    if len(base.avoid_nodes) > 1:
        groups.append(
            (
                "passes through at least one of " + ", ".join(sorted(base.avoid_nodes)),
                replace(base, avoid_nodes=frozenset()),
            )
        )
    if len(missing) > 1:
        groups.append(
            ("needs several modes outside those allowed" + _allowed(base),
             replace(base, modes=frozenset(MODES)))
        )  # fmt: skip
    for phrase, key in groups:
        if ok(key):
            return f"every route from {a} to {b} {phrase}"
    return (
        f"no route from {a} to {b} satisfies the constraints together; "
        "relax several of them (avoided countries or nodes, modes, planned links, cargo, "
        "transshipments)"
    )


def _allowed(key: MaskKey) -> str:
    return " (allowed: " + ", ".join(m for m in MODES if m in key.modes) + ")"
