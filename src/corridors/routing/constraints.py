"""Constraints of a query: which arcs may be used, and the per-query numbers of the search.

The arc mask is a pure function of (avoided countries, avoided nodes, modes, planned links, reefer,
dangerous goods); it is cached on the compiled network with everything derived from it (out-arc
lists, reverse graphs, the state graph of the fast path).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridors.network.model import MODES
from corridors.routing.compile import MODE_CODE, WAIT_FIXED, BoolArray, CompiledNetwork

__all__ = ["TEU_PER_UNIT", "MaskKey", "Query", "arc_mask", "has_fixed_sailings", "mask_key"]

TEU_PER_UNIT = {"20ft": 1.0, "40ft": 2.0}


@dataclass(frozen=True, slots=True)
class MaskKey:
    """Everything the usable-arc mask depends on (hashable: the cache key)."""

    avoid_countries: frozenset[str] = frozenset()
    avoid_nodes: frozenset[str] = frozenset()
    modes: frozenset[str] = frozenset(MODES)
    include_planned: bool = False
    reefer: bool = False
    dangerous: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    """One search: where, under which mask, for how much cargo, from when."""

    origin: int
    destination: int
    mask: MaskKey
    teu: float  # TEU of the whole consignment (price is per TEU)
    tonnes: float  # gross tonnes of the whole consignment (CO2e is per tonne-km)
    t0_h: float  # epoch hours when the cargo is at the origin node
    reefer: bool = False
    max_transshipments: int | None = None


def mask_key(
    *,
    avoid_countries: frozenset[str] = frozenset(),
    avoid_nodes: frozenset[str] = frozenset(),
    modes: frozenset[str] | None = None,
    include_planned: bool = False,
    reefer: bool = False,
    dangerous: bool = False,
) -> MaskKey:
    return MaskKey(
        avoid_countries=avoid_countries,
        avoid_nodes=avoid_nodes,
        modes=frozenset(MODES) if modes is None else modes,
        include_planned=include_planned,
        reefer=reefer,
        dangerous=dangerous,
    )


def arc_mask(cn: CompiledNetwork, key: MaskKey) -> BoolArray:
    """Boolean array over arcs: usable under ``key`` (closed links are never usable)."""
    cached = cn.cache.get(("mask", key))
    if cached is not None:
        return np.asarray(cached, dtype=np.bool_)
    ok = cn.a_status == 0
    if key.include_planned:
        ok |= cn.a_status == 1
    codes = [i for m, i in MODE_CODE.items() if m in key.modes]
    ok &= np.isin(cn.a_mode, codes)
    if key.reefer:
        ok &= cn.a_reefer_ok
    if key.dangerous:
        ok &= cn.a_dg_ok
    if key.avoid_countries:
        idx = [i for i, c in enumerate(cn.countries) if c in key.avoid_countries]
        if idx:
            ok &= ~cn.a_touch_country[:, idx].any(axis=1)
    if key.avoid_nodes:
        bad = np.array(
            [cn.node_index[n] for n in key.avoid_nodes if n in cn.node_index], dtype=np.int64
        )
        if bad.size:
            ok &= ~(np.isin(cn.a_from, bad) | np.isin(cn.a_to, bad))
    cn.cache[("mask", key)] = ok
    return np.asarray(ok, dtype=np.bool_)


def has_fixed_sailings(cn: CompiledNetwork, key: MaskKey) -> bool:
    """Whether any usable arc waits for a fixed-weekday sailing (makes time time-dependent)."""
    return bool(np.any(arc_mask(cn, key) & (cn.a_wait_kind == WAIT_FIXED)))
