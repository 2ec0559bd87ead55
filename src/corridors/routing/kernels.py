"""Numba kernels of the route planner: Pareto label setting and a state-graph Dijkstra.

Pure array code: the callers (:mod:`pareto`, :mod:`fastpath`) flatten the compiled network and
the query into arrays and turn the answers back into paths. ``pareto_labels`` is a port of
:func:`corridors.routing.search.pareto_search` (the readable reference, kept for the property
tests that hold the two equal), plus the optional ε-merge of A*pex (see :mod:`pareto`).

Kernels compile on first use and are cached on disk (``cache=True``), so a process pays the
compile once per machine, not once per start. The cache lives in ``__pycache__`` beside this file;
where that is not writable (a read-only install) it goes to the user cache directory, unless
``NUMBA_CACHE_DIR`` already says where.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

import numba
import numpy as np
import numpy.typing as npt
import platformdirs

__all__ = ["dijkstra_to_target", "label_paths", "pareto_labels"]

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Ints = npt.NDArray[np.integer[Any]]
I32 = npt.NDArray[np.int32]
Bools = npt.NDArray[np.bool_]
_Fn = TypeVar("_Fn", bound=Callable[..., Any])


def njit(fn: _Fn) -> _Fn:
    """``numba.njit(cache=True)``, typed as the function it compiles."""
    return cast(_Fn, numba.njit(cache=True)(fn))


def _cache_dir() -> None:
    """Point numba's cache at a writable directory (must run before the kernels are defined)."""
    if os.environ.get("NUMBA_CACHE_DIR"):
        return
    here = Path(__file__).parent
    pycache = here / "__pycache__"
    if os.access(pycache if pycache.is_dir() else here, os.W_OK):
        return
    where = Path(platformdirs.user_cache_dir("corridors")) / "numba"
    numba.config.CACHE_DIR = str(where)  # type: ignore[attr-defined]


_cache_dir()

_GB = 100_000  # class = mode code * _GB + gauge, as in search.py
_START = -1
_TOL = 1e-9  # search.py's _EPS: sums in another order differ in the last bits
_MONDAY = 96.0  # timing.py: the first Monday 00:00 UTC, in epoch hours
_WEEK = 168.0
_CATCH = 1e-9
_MERGE_TRIES = 8  # open labels at a state the ε-search tries to merge a new one into

# label float columns: time; representative's price, CO2e; apex price, CO2e (the lower bounds
# f = g + h live in the heap, beside the label index)
_T, _RP, _RC, _AP, _AC = 0, 1, 2, 3, 4
# label int columns
_K, _NODE, _CLS, _KEY, _ARC, _PAR, _HPOS, _NEXT = 0, 1, 2, 3, 4, 5, 6, 7


@njit
def _wait(t_epoch_h: float, dep_ptr: I64, dep_val: F64, a: int) -> float:
    """timing.next_departure_wait for the sailings of arc ``a``."""
    pos = (t_epoch_h - _MONDAY) % _WEEK
    for i in range(dep_ptr[a], dep_ptr[a + 1]):
        d = dep_val[i]
        if d >= pos - _CATCH:
            return float(max(d - pos, 0.0))
    return float(dep_val[dep_ptr[a]] + _WEEK - pos)


@njit
def _grow(f: F64, ints: I32, hk: F64, hl: I64, cap: int) -> tuple[F64, I32, F64, I64]:
    """The label and heap arrays with room for ``cap`` labels."""
    f2 = np.empty((cap, f.shape[1]), np.float64)
    f2[: f.shape[0]] = f
    i2 = np.empty((cap, ints.shape[1]), np.int32)
    i2[: ints.shape[0]] = ints
    k2 = np.empty((cap, 3), np.float64)
    k2[: hk.shape[0]] = hk
    l2 = np.empty(cap, np.int64)
    l2[: hl.shape[0]] = hl
    return f2, i2, k2, l2


@njit
def _key_less(
    a0: float, a1: float, a2: float, ai: int, b0: float, b1: float, b2: float, bi: int
) -> bool:
    """Heap order: (ft, fp, fc, label index) lexicographically, as search.py's heap tuples."""
    if a0 != b0:
        return a0 < b0
    if a1 != b1:
        return a1 < b1
    if a2 != b2:
        return a2 < b2
    return ai < bi


@njit
def _sift_up(hk: F64, hl: I64, ints: I32, pos: int) -> None:
    """Move heap entry ``pos`` up to its place (after a push or a decreased key)."""
    k0, k1, k2, li = hk[pos, 0], hk[pos, 1], hk[pos, 2], hl[pos]
    while pos > 0:
        par = (pos - 1) >> 1
        if not _key_less(k0, k1, k2, li, hk[par, 0], hk[par, 1], hk[par, 2], hl[par]):
            break
        hk[pos, 0], hk[pos, 1], hk[pos, 2] = hk[par, 0], hk[par, 1], hk[par, 2]
        hl[pos] = hl[par]
        ints[hl[pos], _HPOS] = pos
        pos = par
    hk[pos, 0], hk[pos, 1], hk[pos, 2] = k0, k1, k2
    hl[pos] = li
    ints[li, _HPOS] = pos


@njit
def _pop(hk: F64, hl: I64, ints: I32, size: int) -> int:
    """Remove the heap's first entry (read it before); returns the new size."""
    ints[hl[0], _HPOS] = -1
    size -= 1
    if size > 0:
        k0, k1, k2, li = hk[size, 0], hk[size, 1], hk[size, 2], hl[size]
        pos = 0
        while True:
            c = 2 * pos + 1
            if c >= size:
                break
            if c + 1 < size and _key_less(
                hk[c + 1, 0], hk[c + 1, 1], hk[c + 1, 2], hl[c + 1],
                hk[c, 0], hk[c, 1], hk[c, 2], hl[c],
            ):  # fmt: skip
                c += 1
            if not _key_less(hk[c, 0], hk[c, 1], hk[c, 2], hl[c], k0, k1, k2, li):
                break
            hk[pos, 0], hk[pos, 1], hk[pos, 2] = hk[c, 0], hk[c, 1], hk[c, 2]
            hl[pos] = hl[c]
            ints[hl[pos], _HPOS] = pos
            pos = c
        hk[pos, 0], hk[pos, 1], hk[pos, 2] = k0, k1, k2
        hl[pos] = li
        ints[li, _HPOS] = pos
    return size


@njit
def _dominated(sp: F64, sc: F64, start: int, n: int, p: float, c: float) -> bool:
    """The staircase sp/sc[start:start+n] (p ascending, c descending) has a point <= (p, c)."""
    lo, hi = start, start + n
    x = p + _TOL
    while lo < hi:  # bisect_right
        mid = (lo + hi) >> 1
        if sp[mid] <= x:
            lo = mid + 1
        else:
            hi = mid
    return lo > start and sc[lo - 1] <= c + _TOL


@njit
def _insert(sp: F64, sc: F64, start: int, n: int, p: float, c: float) -> int:
    """Insert a non-dominated (p, c) into the staircase (capacity for one more is there);
    returns the new length."""
    lo, hi = start, start + n
    while lo < hi:  # bisect_left
        mid = (lo + hi) >> 1
        if sp[mid] < p:
            lo = mid + 1
        else:
            hi = mid
    i = lo
    j = i
    end = start + n
    while j < end and sc[j] >= c:
        j += 1
    drop = j - i
    if drop == 0:
        for x in range(end, i, -1):
            sp[x] = sp[x - 1]
            sc[x] = sc[x - 1]
        sp[i] = p
        sc[i] = c
        return n + 1
    sp[i] = p
    sc[i] = c
    if drop > 1:
        for x in range(j, end):
            sp[x - drop + 1] = sp[x]
            sc[x - drop + 1] = sc[x]
    return n - drop + 1


@njit
def pareto_labels(
    out_ptr: I64, out_arc: I64, a_to: I64, a_cls: I64, a_same: I64, a_free: I64, a_base: F64,
    a_fixed: Bools, a_price: F64, a_co2: F64, a_gcb: I64, a_cmode: I64, a_gin: I64, a_key: I64,
    n_keys: int, nd_h: F64, nd_usd: F64, nd_reefer: Bools, nd_gck: I64, nd_gch: F64,
    nd_gcusd: F64, dep_ptr: I64, dep_val: F64, h_t: F64, h_p: F64, h_c: F64,
    o: int, d: int, teu: float, t0: float, reefer: bool, maxk: int, limit: int, eps: float,
    rail: int, road: int, truck: int,
) -> tuple[float, F64, I32, int, I64]:  # fmt: skip
    """Label-setting Pareto search; returns (reach, labels' floats, ints, count, solutions).

    ``reach`` is infinite when the search finished; when it stopped at ``limit`` labels, the
    lower bound of the label it was expanding: labels pop in time order, so the solutions found
    cover every route arriving earlier than that.

    ``a_key`` is the state (node, arriving class) each arc leads to, numbered 0..n_keys-2;
    n_keys-1 is the origin's start state. ``maxk`` < 0: transshipments unlimited. ``eps`` > 0
    merges open labels at a state into apex/representative pairs (A*pex), see pareto.py.
    ``rail``, ``road``, ``truck``: the vehicle class mode codes of compile.py (arguments, as the
    on-disk cache would not see a change of another module's constants).
    """
    use_k = maxk >= 0
    kk_n = maxk + 1 if use_k else 1
    n_st = n_keys * kk_n
    # closed staircases (apex price, apex CO2e) per (state, k), in one pool; the last is routes'
    st_start = np.zeros(n_st + 1, np.int64)
    st_len = np.zeros(n_st + 1, np.int64)
    st_cap = np.zeros(n_st + 1, np.int64)
    pool_p = np.empty(1024, np.float64)
    pool_c = np.empty(1024, np.float64)
    pool_n = 0
    sol_key = n_st
    open_head = np.full(n_st, -1, np.int64)
    sols = np.empty(64, np.int64)
    n_sols = 0
    cap = 1024
    f = np.empty((cap, 5), np.float64)
    ints = np.empty((cap, 8), np.int32)
    hk = np.empty((cap, 3), np.float64)
    hl = np.empty(cap, np.int64)
    dest_h = nd_h[d]
    dest_usd = nd_usd[d] * teu
    mul = 1.0 + eps
    merge = eps > 0.0
    # the origin label
    f[0, _T] = nd_h[o]
    f[0, _RP] = nd_usd[o] * teu
    f[0, _RC] = 0.0
    f[0, _AP] = f[0, _RP]
    f[0, _AC] = 0.0
    hk[0, 0] = f[0, _T] + h_t[o]
    hk[0, 1] = f[0, _RP] + h_p[o]
    hk[0, 2] = h_c[o]
    hl[0] = 0
    ints[0, _K] = 0
    ints[0, _NODE] = o
    ints[0, _CLS] = _START
    ints[0, _KEY] = n_keys - 1
    ints[0, _ARC] = -1
    ints[0, _PAR] = -1
    ints[0, _NEXT] = -1
    ints[0, _HPOS] = 0
    n = 1
    size = 1
    while size > 0:
        li = hl[0]
        reach, fp, fc = hk[0, 0], hk[0, 1], hk[0, 2]
        size = _pop(hk, hl, ints, size)
        sn = st_len[sol_key]
        if sn > 0 and _dominated(pool_p, pool_c, st_start[sol_key], sn, fp * mul, fc * mul):
            continue
        t = f[li, _T]
        rp = f[li, _RP]
        rc = f[li, _RC]
        p = f[li, _AP]
        c = f[li, _AC]
        k = ints[li, _K]
        u = ints[li, _NODE]
        cls = ints[li, _CLS]
        if u == d:
            if n_sols == sols.shape[0]:
                s2 = np.empty(2 * n_sols, np.int64)
                s2[:n_sols] = sols
                sols = s2
            sols[n_sols] = li
            n_sols += 1
            key = sol_key
            pp, cc = rp, rc
        else:
            base = ints[li, _KEY] * kk_n
            key = base + (k if use_k else 0)
            skip = False
            for kk in range(k + 1 if use_k else 1):
                kx = base + kk
                if st_len[kx] > 0 and _dominated(pool_p, pool_c, st_start[kx], st_len[kx], p, c):
                    skip = True
                    break
            if skip:
                continue
            pp, cc = p, c
        # insert into the staircase of ``key``, moving it to the pool's end when full
        if st_len[key] == st_cap[key]:
            ncap = max(4, 2 * st_cap[key])
            if pool_n + ncap > pool_p.shape[0]:
                m = max(2 * pool_p.shape[0], pool_n + ncap)
                p2 = np.empty(m, np.float64)
                c2 = np.empty(m, np.float64)
                p2[:pool_n] = pool_p[:pool_n]
                c2[:pool_n] = pool_c[:pool_n]
                pool_p, pool_c = p2, c2
            s0 = st_start[key]
            for x in range(st_len[key]):
                pool_p[pool_n + x] = pool_p[s0 + x]
                pool_c[pool_n + x] = pool_c[s0 + x]
            st_start[key] = pool_n
            st_cap[key] = ncap
            pool_n += ncap
        st_len[key] = _insert(pool_p, pool_c, st_start[key], st_len[key], pp, cc)
        if u == d:
            continue
        pm = cls // _GB
        for e in range(out_ptr[u], out_ptr[u + 1]):
            a = out_arc[e]
            th = 0.0
            tusd = 0.0
            dk = 0
            if not (cls == _START or pm == a_free[a] or cls == a_same[a]):
                # search.transfer
                mode = a_cmode[a]
                pg = cls % _GB
                if pm == truck or mode == truck:  # a Ro-Ro box only meets the road
                    if not (pm in (road, truck) and mode in (road, truck)):
                        continue
                elif pm != mode:
                    if reefer and not nd_reefer[u]:
                        continue
                    th = nd_h[u]
                    tusd = nd_usd[u]
                    dk = 1
                elif mode == rail:
                    gin = a_gin[a]
                    if gin > 0 and pg > 0 and gin != pg:
                        kind = nd_gck[u]
                        if kind == 0 or (kind == 1 and reefer and not nd_reefer[u]):
                            continue
                        th = nd_gch[u]
                        tusd = nd_gcusd[u]
                        dk = 1
            k2 = k + dk + a_gcb[a]
            if use_k and k2 > maxk:
                continue
            t1 = t + th
            if a_fixed[a]:
                t1 += _wait(t0 + t1, dep_ptr, dep_val, a)
            t2 = t1 + a_base[a]
            p2 = p + tusd * teu + a_price[a]
            c2 = c + a_co2[a]
            rp2 = rp + tusd * teu + a_price[a]
            rc2 = rc + a_co2[a]
            v = a_to[a]
            key2 = -1
            if v == d:
                t2 += dest_h
                p2 += dest_usd
                rp2 += dest_usd
                ft, fp2, fc2 = t2, p2, c2
            else:
                hv = h_t[v]
                if hv == np.inf:
                    continue
                ft, fp2, fc2 = t2 + hv, p2 + h_p[v], c2 + h_c[v]
                key2 = a_key[a] * kk_n + (k2 if use_k else 0)
                if st_len[key2] > 0 and _dominated(
                    pool_p, pool_c, st_start[key2], st_len[key2], p2, c2
                ):
                    continue
            sn = st_len[sol_key]
            if sn > 0 and _dominated(pool_p, pool_c, st_start[sol_key], sn, fp2 * mul, fc2 * mul):
                continue
            if merge and key2 >= 0:
                # A*pex: fold the new label into an open one at its state when the earlier
                # of the two stays within (1 + eps) of their common apex
                merged = False
                prev = -1
                m_ = open_head[key2]
                tries = 0
                while m_ >= 0 and tries < _MERGE_TRIES:
                    nxt = ints[m_, _NEXT]
                    if ints[m_, _HPOS] < 0:  # popped: unlink
                        if prev < 0:
                            open_head[key2] = nxt
                        else:
                            ints[prev, _NEXT] = nxt
                        m_ = nxt
                        continue
                    tries += 1
                    ap = min(f[m_, _AP], p2)
                    ac = min(f[m_, _AC], c2)
                    if f[m_, _T] <= t2:  # the open label stays the representative
                        merged = f[m_, _RP] <= mul * ap + _TOL and f[m_, _RC] <= mul * ac + _TOL
                    elif rp2 <= mul * ap + _TOL and rc2 <= mul * ac + _TOL:  # the new one does
                        f[m_, _T] = t2
                        f[m_, _RP] = rp2
                        f[m_, _RC] = rc2
                        hk[ints[m_, _HPOS], 0] = ft
                        ints[m_, _ARC] = a
                        ints[m_, _PAR] = li
                        ints[m_, _K] = k2  # without a transshipment limit k is not in the key
                        merged = True
                    if merged:
                        f[m_, _AP] = ap
                        f[m_, _AC] = ac
                        hp = ints[m_, _HPOS]
                        hk[hp, 1] = ap + h_p[v]
                        hk[hp, 2] = ac + h_c[v]
                        _sift_up(hk, hl, ints, hp)
                        break
                    prev = m_
                    m_ = nxt
                if merged:
                    continue
            if n == f.shape[0]:
                f, ints, hk, hl = _grow(f, ints, hk, hl, 2 * n)
            f[n, _T] = t2
            f[n, _RP] = rp2
            f[n, _RC] = rc2
            f[n, _AP] = p2
            f[n, _AC] = c2
            ints[n, _K] = k2
            ints[n, _NODE] = v
            ints[n, _CLS] = a_cls[a]
            ints[n, _KEY] = a_key[a]
            ints[n, _ARC] = a
            ints[n, _PAR] = li
            ints[n, _NEXT] = -1
            if merge and key2 >= 0:
                ints[n, _NEXT] = open_head[key2]
                open_head[key2] = n
            hk[size, 0], hk[size, 1], hk[size, 2] = ft, fp2, fc2
            hl[size] = n
            size += 1
            _sift_up(hk, hl, ints, size - 1)
            n += 1
            if n > limit:
                return reach, f, ints, n, sols[:n_sols]
    return np.inf, f, ints, n, sols[:n_sols]


@njit
def label_paths(ints: I32, sols: I64) -> tuple[I64, I64]:
    """Arcs of each solution label, as (ptr, arcs) in CSR form, origin first."""
    ptr = np.zeros(sols.shape[0] + 1, np.int64)
    for i in range(sols.shape[0]):
        li = sols[i]
        m = 0
        while ints[li, _PAR] >= 0:
            m += 1
            li = ints[li, _PAR]
        ptr[i + 1] = ptr[i] + m
    arcs = np.empty(ptr[-1], np.int64)
    for i in range(sols.shape[0]):
        li = sols[i]
        j = ptr[i + 1]
        while ints[li, _PAR] >= 0:
            j -= 1
            arcs[j] = ints[li, _ARC]
            li = ints[li, _PAR]
    return ptr, arcs


@njit
def dijkstra_to_target(
    indptr: I64, indices: Ints, data: F64, entry_arc: I64, sources: I64, targets: I64
) -> tuple[bool, I64]:
    """Shortest path from any source to the first target settled; (found, link arcs in order).

    Multi-source Dijkstra with a lazy binary heap, stopping at the first settled target, which
    is the nearest one. Only entries with ``entry_arc`` >= 0 (links, not transfers) are returned.
    """
    ns = indptr.shape[0] - 1
    dist = np.full(ns, np.inf)
    pred = np.full(ns, -1, np.int64)  # CSR entry that reached the state
    done = np.zeros(ns, np.bool_)
    is_target = np.zeros(ns, np.bool_)
    for s in targets:
        is_target[s] = True
    cap = 1024
    hk = np.empty(cap, np.float64)
    hs = np.empty(cap, np.int64)
    size = 0
    for s in sources:
        if dist[s] > 0.0:
            dist[s] = 0.0
            hk[size] = 0.0
            hs[size] = s
            size += 1
    best = -1
    while size > 0:
        key = hk[0]
        s = hs[0]
        size -= 1
        if size > 0:  # sift the last entry down from the root
            lk, ls = hk[size], hs[size]
            pos = 0
            while True:
                c = 2 * pos + 1
                if c >= size:
                    break
                if c + 1 < size and hk[c + 1] < hk[c]:
                    c += 1
                if hk[c] >= lk:
                    break
                hk[pos] = hk[c]
                hs[pos] = hs[c]
                pos = c
            hk[pos] = lk
            hs[pos] = ls
        if done[s] or key > dist[s]:
            continue
        done[s] = True
        if is_target[s]:
            best = s
            break
        for e in range(indptr[s], indptr[s + 1]):
            v = indices[e]
            nd = key + data[e]
            if nd < dist[v]:
                dist[v] = nd
                pred[v] = e
                if size == cap:
                    cap *= 2
                    k2 = np.empty(cap, np.float64)
                    s2 = np.empty(cap, np.int64)
                    k2[:size] = hk[:size]
                    s2[:size] = hs[:size]
                    hk, hs = k2, s2
                pos = size
                size += 1
                while pos > 0:
                    par = (pos - 1) >> 1
                    if hk[par] <= nd:
                        break
                    hk[pos] = hk[par]
                    hs[pos] = hs[par]
                    pos = par
                hk[pos] = nd
                hs[pos] = v
    if best < 0:
        return False, np.empty(0, np.int64)
    m = 0
    s = best
    while pred[s] >= 0:
        e = pred[s]
        if entry_arc[e] >= 0:
            m += 1
        s = _row_of(indptr, e)
    arcs = np.empty(m, np.int64)
    s = best
    while pred[s] >= 0:
        e = pred[s]
        if entry_arc[e] >= 0:
            m -= 1
            arcs[m] = entry_arc[e]
        s = _row_of(indptr, e)
    return True, arcs


@njit
def _row_of(indptr: I64, e: int) -> int:
    """The row (source state) of CSR entry ``e``."""
    lo, hi = 0, indptr.shape[0] - 1
    while hi - lo > 1:
        mid = (lo + hi) >> 1
        if indptr[mid] <= e:
            lo = mid
        else:
            hi = mid
    return lo
