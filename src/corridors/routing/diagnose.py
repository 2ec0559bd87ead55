"""Why is there no route? Re-run relaxed searches to name the constraint that blocks.

Each constraint is relaxed alone (each avoided country, each avoided node, each missing mode,
planned links, reefer, dangerous goods, the transshipment limit); those whose relaxation alone
yields a route are the blockers, and the message says every route violates one of them ("every
route from Xi'an to Duisburg crosses RU"). When no single relaxation helps, groups are tried
(all avoided countries at once, ...) before falling back to "the constraints together".
"""

from __future__ import annotations

from dataclasses import replace

from corridors.messages import N_, Country, Items, Message, ModeName, Place, items
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


def explain_no_route(cn: CompiledNetwork, q: Query, a: Place, b: Place) -> Message:
    """A one-sentence reason naming the blocking constraint(s)."""
    base = q.mask
    k = q.max_transshipments
    everything = MaskKey(modes=frozenset(MODES), include_planned=True)
    if not _feasible(cn, q, everything, None):
        return Message.of(
            N_("no route from {a} to {b} exists in the network, even with planned links"), a=a, b=b
        )
    net = cn.network

    def ok(key: MaskKey, max_k: int | None = k) -> bool:
        return _feasible(cn, q, key, max_k)

    blockers: list[Message] = []
    countries = [
        Country(country=c)
        for c in sorted(base.avoid_countries)
        if ok(replace(base, avoid_countries=base.avoid_countries - {c}))
    ]
    if countries:
        blockers.append(Message.of(N_("crosses {countries}"), countries=items(countries, "or")))
    nodes = [
        Message.of(
            N_("{place} ({node_id})"), place=Place(name=net.nodes[n].name, node=n), node_id=n
        )
        for n in sorted(base.avoid_nodes)
        if ok(replace(base, avoid_nodes=base.avoid_nodes - {n}))
    ]
    if nodes:
        blockers.append(Message.of(N_("passes through {nodes}"), nodes=items(nodes, "or")))
    missing = [m for m in MODES if m not in base.modes]
    needed = [ModeName(mode=m) for m in missing if ok(replace(base, modes=base.modes | {m}))]
    if needed:
        blockers.append(
            Message.of(
                N_("needs {modes} (allowed: {allowed})"),
                modes=items(needed, "or"),
                allowed=_allowed(base),
            )
        )
    if not base.include_planned and ok(replace(base, include_planned=True)):
        blockers.append(
            Message.of(N_("uses a planned link (include planned links to consider them)"))
        )
    if base.reefer and ok(replace(base, reefer=False)):
        blockers.append(
            Message.of(N_("uses a link or sailing that does not take reefer containers"))
        )
    if base.dangerous and ok(replace(base, dangerous=False)):
        blockers.append(Message.of(N_("uses a link or sailing that does not take dangerous goods")))
    if k is not None and ok(base, None):
        fewest = next((m for m in range(k + 1, k + _MAX_EXTRA_K + 1) if ok(base, m)), None)
        if fewest is not None:
            blockers.append(
                Message.of(
                    N_("needs more than {k} transshipments (the fewest is {fewest})"),
                    k=k,
                    fewest=fewest,
                )
            )
        else:
            blockers.append(Message.of(N_("needs more than {k} transshipments"), k=k))
    if blockers:
        return Message.of(
            N_("every route from {a} to {b} {reasons}"),
            a=a,
            b=b,
            reasons=items(blockers, "or_clauses"),
        )
    groups: list[tuple[Message, MaskKey]] = []
    if len(base.avoid_countries) > 1:
        groups.append(
            (
                Message.of(
                    N_("crosses at least one of {countries}"),
                    countries=items(
                        [Country(country=c) for c in sorted(base.avoid_countries)], "comma"
                    ),
                ),
                replace(base, avoid_countries=frozenset()),
            )
        )
    if len(base.avoid_nodes) > 1:
        groups.append(
            (
                Message.of(
                    N_("passes through at least one of {nodes}"),
                    nodes=items(sorted(base.avoid_nodes), "comma"),
                ),
                replace(base, avoid_nodes=frozenset()),
            )
        )
    if len(missing) > 1:
        groups.append(
            (
                Message.of(
                    N_("needs several modes outside those allowed (allowed: {allowed})"),
                    allowed=_allowed(base),
                ),
                replace(base, modes=frozenset(MODES)),
            )
        )
    for phrase, key in groups:
        if ok(key):
            return Message.of(
                N_("every route from {a} to {b} {reasons}"),
                a=a,
                b=b,
                reasons=items([phrase], "or_clauses"),
            )
    return Message.of(
        N_(
            "no route from {a} to {b} satisfies the constraints together; relax several of them "
            "(avoided countries or nodes, modes, planned links, cargo, transshipments)"
        ),
        a=a,
        b=b,
    )


def _allowed(key: MaskKey) -> Items:
    return items([ModeName(mode=m) for m in MODES if m in key.modes], "comma")
