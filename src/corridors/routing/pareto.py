"""The compiled Pareto search: exact, or an ε-cover with a guarantee when the exact set explodes.

``pareto_set`` flattens the compiled network and the query into arrays (cached per mask and per
cargo) and runs :func:`corridors.routing.kernels.pareto_labels`, a port of
:func:`corridors.routing.search.pareto_search` with the same states, transfer rules, sailing waits,
transshipment resource, bounds and staircase dominance. With ``epsilon`` = 0 it returns the same
Pareto set as that reference (a property test holds them equal).

With ``epsilon`` > 0 the search is A*pex (Zhang et al., ICAPS 2022) with time kept exact: each
label is an *apex* (the component-wise least cost of the partial routes it stands for) and a
*representative* route. A new label is folded into an open label at the same state (same node,
vehicle class and, when limited, transshipment count) when the earlier of the two arrives no
later than the other and its price and CO2e stay within (1 + ε) of the merged apex; labels are
pruned on their apex exactly as in the exact search, and against found routes when a route's
price and CO2e are within (1 + ε) of the label's lower bound and it arrived no later. Price and
CO2e are additive and time is FIFO, so the invariant "representative <= (1 + ε) apex, same time"
survives every extension, and the result is an ε-cover:

    for every Pareto-optimal route R there is a returned route S with
    time(S) <= time(R), price(S) <= (1 + ε) price(R), CO2e(S) <= (1 + ε) CO2e(R),

and the returned routes are mutually non-dominated.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from corridors.routing import kernels
from corridors.routing.bounds import Bounds
from corridors.routing.compile import (
    RAIL,
    ROAD,
    TRUCK,
    WAIT_FIXED,
    BoolArray,
    CompiledNetwork,
    FloatArray,
    IntArray,
)
from corridors.routing.constraints import MaskKey, Query, arc_mask
from corridors.routing.search import Path, drop_near_ties

__all__ = ["ParetoResult", "pareto_set", "undominated"]

_GB = 100_000  # class = mode code * _GB + gauge, as in search.py
_TOL = 1e-9  # as search.py's _EPS


@dataclass(frozen=True, slots=True)
class _Static:
    """Per network: what an arc leads to and how a box on it may transfer, as kernel arrays."""

    a_to: IntArray
    a_cls: IntArray
    a_same: IntArray
    a_free: IntArray
    a_base: FloatArray
    a_fixed: BoolArray
    a_gcb: IntArray
    a_cmode: IntArray
    a_gin: IntArray
    a_key: IntArray  # state (node, class) the arc leads to; n_keys - 1 is the origin's start
    n_keys: int
    nd_h: FloatArray
    nd_usd: FloatArray
    nd_reefer: BoolArray
    nd_gck: IntArray
    nd_gch: FloatArray
    nd_gcusd: FloatArray
    dep_ptr: IntArray
    dep_val: FloatArray


def _static(cn: CompiledNetwork) -> _Static:
    got = cn.cache.get("kstatic")
    if isinstance(got, _Static):
        return got
    cls = cn.a_cmode * _GB + cn.a_gout
    rail_gauged = (cn.a_cmode == RAIL) & (cn.a_gin > 0)
    pairs = np.stack([cn.a_to, cls], axis=1)
    keys = (
        np.unique(pairs, axis=0, return_inverse=True)[1].reshape(-1)
        if len(pairs)
        else np.zeros(0, np.int64)
    )
    n_keys = int(keys.max()) + 2 if len(keys) else 1
    dep_ptr = np.zeros(cn.n_arcs + 1, np.int64)
    dep_ptr[1:] = np.cumsum([len(d) for d in cn.a_deps])
    dep_val = np.array([x for d in cn.a_deps for x in d], dtype=np.float64)
    got = _Static(
        a_to=cn.a_to,
        a_cls=cls,
        a_same=np.where(rail_gauged, cn.a_cmode * _GB + cn.a_gin, -2),
        a_free=np.where(rail_gauged, -2, cn.a_cmode),
        a_base=cn.base_h(),
        a_fixed=cn.a_wait_kind == WAIT_FIXED,
        a_gcb=cn.a_gc_border.astype(np.int64),
        a_cmode=cn.a_cmode,
        a_gin=cn.a_gin,
        a_key=keys.astype(np.int64),
        n_keys=n_keys,
        nd_h=np.array(cn.node_handling_h, dtype=np.float64),
        nd_usd=np.array(cn.node_handling_usd, dtype=np.float64),
        nd_reefer=np.array(cn.node_reefer, dtype=np.bool_),
        nd_gck=np.array(cn.node_gc_kind, dtype=np.int64),
        nd_gch=np.array(cn.node_gc_h, dtype=np.float64),
        nd_gcusd=np.array(cn.node_gc_usd, dtype=np.float64),
        dep_ptr=dep_ptr,
        dep_val=dep_val,
    )
    cn.cache["kstatic"] = got
    return got


def _out_csr(cn: CompiledNetwork, key: MaskKey) -> tuple[IntArray, IntArray]:
    """Usable arcs leaving each node, in arc order (as ``search.out_arcs``), in CSR form."""
    got = cn.cache.get(("kout", key))
    if got is None:
        arcs = np.flatnonzero(arc_mask(cn, key)).astype(np.int64)
        arcs = arcs[np.argsort(cn.a_from[arcs], kind="stable")]
        ptr = np.zeros(cn.n_nodes + 1, np.int64)
        ptr[1:] = np.cumsum(np.bincount(cn.a_from[arcs], minlength=cn.n_nodes))
        got = cn.cache[("kout", key)] = (ptr, arcs)
    return got


def _cargo(cn: CompiledNetwork, q: Query) -> tuple[FloatArray, FloatArray]:
    """Per-arc price (with a border break of gauge) and CO2e of the query's cargo."""
    key = ("kcargo", q.teu, q.tonnes)
    got = cn.cache.get(key)
    if got is None:
        got = cn.cache[key] = ((cn.a_price_teu + cn.a_gc_usd) * q.teu, cn.a_co2_t * q.tonnes)
    return got


def _bound_arrays(bounds: Bounds) -> tuple[FloatArray, FloatArray, FloatArray]:
    return (
        np.asarray(bounds.time, dtype=np.float64),
        np.asarray(bounds.price, dtype=np.float64),
        np.asarray(bounds.co2, dtype=np.float64),
    )


@dataclass(frozen=True, slots=True)
class ParetoResult:
    """Routes of a Pareto search. ``complete``: the whole (ε-)Pareto set; else the search ran out
    of labels and the routes cover only the Pareto-optimal routes faster than ``reach_h``."""

    paths: list[Path]
    complete: bool
    reach_h: float


def pareto_set(
    cn: CompiledNetwork,
    q: Query,
    bounds: Bounds,
    max_labels: int | None = None,
    epsilon: float = 0.0,
) -> ParetoResult:
    """Pareto-optimal routes (``epsilon`` = 0) or an ε-cover of them, within ``max_labels``."""
    st = _static(cn)
    out_ptr, out_arc = _out_csr(cn, q.mask)
    price, co2 = _cargo(cn, q)
    h_t, h_p, h_c = _bound_arrays(bounds)
    reach, f, ints, _n, sols = kernels.pareto_labels(
        out_ptr, out_arc, st.a_to, st.a_cls, st.a_same, st.a_free, st.a_base, st.a_fixed,
        price, co2, st.a_gcb, st.a_cmode, st.a_gin, st.a_key, st.n_keys, st.nd_h, st.nd_usd,
        st.nd_reefer, st.nd_gck, st.nd_gch, st.nd_gcusd, st.dep_ptr, st.dep_val, h_t, h_p, h_c,
        q.origin, q.destination, float(q.teu), float(q.t0_h), bool(q.reefer),
        -1 if q.max_transshipments is None else int(q.max_transshipments),
        (1 << 62) if max_labels is None else int(max_labels), float(epsilon), RAIL, ROAD, TRUCK,
    )  # fmt: skip
    ptr, arcs = kernels.label_paths(ints, sols)
    arc_list = arcs.tolist()
    cut = ptr.tolist()
    rows = f[sols].tolist()
    ks = ints[sols, 0].tolist()
    found = [
        Path(tuple(arc_list[cut[i] : cut[i + 1]]), r[0], r[1], r[2], ks[i])
        for i, r in enumerate(rows)
    ]
    paths = drop_near_ties(found) if epsilon == 0.0 else undominated(found)
    return ParetoResult(paths, complete=reach == np.inf, reach_h=float(reach))


def undominated(found: list[Path]) -> list[Path]:
    """Routes no other route dominates beyond rounding, the first of equal ones (an ε-search's
    representatives can be beaten by a later route of equal time)."""
    if len(found) < 2:
        return found
    v = np.array([(p.time_h, p.price_usd, p.co2e_kg) for p in found])
    le = (v[:, None, :] <= v[None, :, :] + _TOL).all(axis=2)  # [j, i]: j <= i everywhere
    lt = (v[:, None, :] < v[None, :, :] - _TOL).any(axis=2)
    eq = (np.abs(v[:, None, :] - v[None, :, :]) <= _TOL).all(axis=2)
    beaten = (le & lt).any(axis=0) | np.tril(eq, -1).any(axis=1)  # or equal to an earlier one
    return [p for p, b in zip(found, beaten.tolist(), strict=True) if not b]
