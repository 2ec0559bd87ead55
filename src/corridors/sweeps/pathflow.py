"""The capacity programme of one draw solved by column generation over routes.

:mod:`corridors.capacity.lp` states the flow model with one flow per origin and arc (some 60,000
columns on the bundled network, about a second to solve). The same linear programme written
over routes has one row per OD pair and capacity, and needs only the few routes the optimum
uses. So each draw starts from the routes of the optima of the base scenario and of a few
pilot draws (the *seed*) and alternates:

1. solve the restricted programme (routes so far, unserved and deferral slack) with HiGHS;
2. price: with the capacity rows' duals added to arc costs, find each pair's cheapest route
   (Dijkstra, one run per origin and avoided-country set); add every route cheaper than the
   pair's dual.

When no route prices in, the restricted optimum is the optimum of the full programme: the
same objective, flows and duals as ``solve_slices`` up to solver tolerance. Everything a draw
does depends on the draw and the seed only, so its result is the same on any worker.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import highspy
import numpy as np
import scipy.sparse as sp
from highspy._core import _Highs  # the bare binding: highspy.Highs prints a banner on stdout
from numpy.typing import NDArray
from scipy.sparse.csgraph import dijkstra

from corridors.errors import CorridorsError
from corridors.sweeps.structure import SliceArrays, Structure

__all__ = ["PathOutcome", "PathSolver"]

_Float = NDArray[np.float64]
Route = tuple[int, ...]  # structure arc indices, origin to destination

_PRICE_TOL = 1e-5  # USD per TEU: a route must beat the pair's dual by this much to enter
_FLOW_TOL = 1e-6  # TEU
_MAX_ROUNDS = 500


@dataclass(frozen=True)
class PathOutcome:
    """A solved draw. Flows are TEU over each slice; shadow prices are per TEU of a slice's
    capacity (multiply by the slice's share of the year for a yearly price)."""

    routes: tuple[tuple[int, int, Route], ...]  # (slice, pair, arcs) carrying flow
    route_flow: _Float
    arc_flow: _Float  # (slices, arcs)
    unserved: _Float  # (slices, pairs)
    deferred: _Float  # (slices - 1, pairs) waiting for the next slice
    demand: _Float  # (slices, pairs)
    shadow: _Float  # (slices, resources)
    objective: float
    rounds: int
    iterations: int


@dataclass
class _Batch:
    """Route columns of one slice added together: their pairs, arcs and (route x arc) matrix."""

    slice: int
    pairs: NDArray[np.int64]
    routes: list[Route]
    arcs: sp.csr_array

    @classmethod
    def of(cls, s: int, pairs: Sequence[int], routes: list[Route], n_arcs: int) -> _Batch:
        lengths = [len(r) for r in routes]
        flat = np.fromiter(itertools.chain.from_iterable(routes), np.int64, sum(lengths))
        rid = np.repeat(np.arange(len(routes), dtype=np.int64), lengths)
        arcs = sp.csr_array((np.ones(flat.size), (rid, flat)), shape=(len(routes), n_arcs))
        return cls(s, np.asarray(pairs, dtype=np.int64), routes, arcs)


class PathSolver:
    """Column generation on a :class:`Structure`, started from the routes of a *seed*."""

    def __init__(
        self,
        structure: Structure,
        *,
        year_days: float,
        penalty_usd_teu: float,
        deferral_usd_teu_day: float | None,
        time_limit_s: float,
    ) -> None:
        st = structure
        self.st = st
        self.year_days = year_days
        self.penalty = penalty_usd_teu
        self.deferral = deferral_usd_teu_day
        self.time_limit_s = time_limit_s
        self.by_arc = st.incidence.T.tocsr()  # arc x resource
        self.seed = _Batch.of(0, [], [], st.n_arcs)
        # pairs grouped by the countries they avoid, each with its origins for Dijkstra
        self.groups: list[
            tuple[tuple[str, ...], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]
        ] = []
        for avoid in sorted({a for _, _, a in st.pairs}):
            ps = np.asarray([p for p, (_, _, a) in enumerate(st.pairs) if a == avoid], np.int64)
            sources = np.unique(st.pair_source[ps])
            rows = np.searchsorted(sources, st.pair_source[ps])
            self.groups.append((avoid, ps, sources, rows))
        self._arc_of = np.full((st.n_vertices, st.n_vertices), -1, dtype=np.int64)

    def set_seed(self, outcomes: Sequence[PathOutcome]) -> None:
        """Start later draws from the routes of ``outcomes`` (the base scenario's optimum and
        a few pilot draws'), in their order."""
        seen: dict[tuple[int, Route], None] = {}
        for outcome in outcomes:
            flows = outcome.route_flow.tolist()
            for (_, p, route), f in zip(outcome.routes, flows, strict=True):
                if f > _FLOW_TOL:
                    seen.setdefault((p, route), None)
        keys = list(seen)
        self.seed = _Batch.of(0, [p for p, _ in keys], [r for _, r in keys], self.st.n_arcs)

    def solve(self, slices: Sequence[SliceArrays]) -> PathOutcome:
        st = self.st
        n_s, n_p, n_r = len(slices), len(st.pairs), len(st.resource_keys)
        block = n_p + n_r
        shares = np.asarray([sl.days for sl in slices]) / self.year_days
        demand = np.stack([sl.demand * sh for sl, sh in zip(slices, shares, strict=True)])
        weights = [sl.cost + st.eps for sl in slices]
        h = _Highs()
        for option, value in (
            ("output_flag", False),
            ("threads", 1),
            ("simplex_strategy", 4),  # primal: added routes keep the basis primal feasible
            ("time_limit", float(self.time_limit_s)),
        ):
            h.setOptionValue(option, value)
        lo = np.full((n_s, block), -np.inf)
        hi = np.empty((n_s, block))
        lo[:, :n_p] = hi[:, :n_p] = demand
        for s, (sl, sh) in enumerate(zip(slices, shares, strict=True)):
            hi[s, n_p:] = sl.capacity * sh
        empty_i = np.zeros(0, dtype=np.int32)
        h.addRows(n_s * block, lo.ravel(), hi.ravel(), 0, empty_i, empty_i, np.zeros(0))
        # slack: unserved per slice and pair, then deferral from slice s into s + 1
        n_u = n_s * n_p
        _add(
            h, np.full(n_u, self.penalty), [(np.arange(n_u) // n_p) * block + np.arange(n_u) % n_p]
        )
        n_defer = (n_s - 1) * n_p if self.deferral is not None else 0
        if n_defer:
            s_of = np.arange(n_defer) // n_p
            row = s_of * block + np.arange(n_defer) % n_p
            days = np.asarray([sl.days for sl in slices[:-1]])
            _add(h, self.deferral * days[s_of] / 2.0, [row, row + block], [1.0, -1.0])
        n_slack = n_u + n_defer
        batches: list[_Batch] = []
        known: set[tuple[int, int, Route]] = set()
        new = []
        for s, sl in enumerate(slices):
            seed = self.seed
            closed = seed.arcs @ (~sl.open).astype(np.float64)
            take = np.nonzero((closed == 0) & (demand[s, seed.pairs] > 0))[0]
            if take.size:
                routes = [seed.routes[i] for i in take.tolist()]
                new.append(_Batch(s, seed.pairs[take], routes, seed.arcs[take]))
        for b in new:
            self._add_routes(h, b, weights[b.slice], block)
        h.setBasis(self._start_basis(new, weights, n_s, n_p, n_r, n_defer))
        rounds = iterations = 0
        while True:
            for b in new if rounds else ():
                self._add_routes(h, b, weights[b.slice], block)
                known.update(
                    zip([b.slice] * len(b.routes), b.pairs.tolist(), b.routes, strict=True)
                )
            batches += new
            h.run()
            rounds += 1
            iterations += int(h.getInfo().simplex_iteration_count)
            status = h.getModelStatus()
            if status != highspy.HighsModelStatus.kOptimal:
                raise CorridorsError(
                    f"the flow programme was not solved: {h.modelStatusToString(status)}",
                    hint="raise options.time_limit_s; slack keeps the programme always feasible",
                )
            dual = np.asarray(h.getSolution().row_dual).reshape(n_s, block)
            new = []
            for s, sl in enumerate(slices):
                mu = np.maximum(-dual[s, n_p:], 0.0)
                reduced = weights[s] + self.by_arc @ mu
                found = [
                    (p, r)
                    for p, r in self._price(sl, reduced, dual[s, :n_p], demand[s])
                    if (s, p, r) not in known
                ]
                if found:
                    routes = [r for _, r in found]
                    new.append(_Batch.of(s, [p for p, _ in found], routes, st.n_arcs))
            if not new:
                break
            if rounds >= _MAX_ROUNDS:
                raise CorridorsError(
                    f"route generation did not converge in {_MAX_ROUNDS} rounds",
                    hint="report the sweep file; the full solve (corridors scenario run) works",
                )
        solution = h.getSolution()
        x = np.maximum(np.asarray(solution.col_value), 0.0)
        dual = np.asarray(solution.row_dual).reshape(n_s, block)
        arc_flow = np.zeros((n_s, st.n_arcs))
        kept: list[tuple[int, int, Route]] = []
        kept_flow: list[float] = []
        start = n_slack
        for b in batches:
            f = x[start : start + len(b.routes)]
            start += len(b.routes)
            arc_flow[b.slice] += b.arcs.T @ f
            for i in np.nonzero(f > _FLOW_TOL)[0].tolist():
                kept.append((b.slice, int(b.pairs[i]), b.routes[i]))
                kept_flow.append(float(f[i]))
        return PathOutcome(
            routes=tuple(kept),
            route_flow=np.asarray(kept_flow, dtype=np.float64),
            arc_flow=arc_flow,
            unserved=x[:n_u].reshape(n_s, n_p),
            deferred=x[n_u:n_slack].reshape(n_s - 1, n_p) if n_defer else np.zeros((n_s - 1, n_p)),
            demand=demand,
            shadow=np.maximum(-dual[:, n_p:], 0.0),
            objective=float(h.getInfo().objective_function_value),
            rounds=rounds,
            iterations=iterations,
        )

    @staticmethod
    def _start_basis(
        seeds: list[_Batch], weights: list[_Float], n_s: int, n_p: int, n_r: int, n_defer: int
    ) -> highspy.HighsBasis:
        """Each pair's cheapest seed route basic (its unserved slack where it has none), every
        capacity row's slack basic: a valid basis close to the optimum, so the first solve
        does not have to pivot every route in from the all-unserved start."""
        basic, lower = highspy.HighsBasisStatus.kBasic, highspy.HighsBasisStatus.kLower
        unserved = np.ones((n_s, n_p), dtype=bool)
        route_status = []
        for b in seeds:
            cost = b.arcs @ weights[b.slice]
            order = np.lexsort((np.arange(cost.size), cost, b.pairs))
            first = np.ones(order.size, dtype=bool)
            first[1:] = b.pairs[order][1:] != b.pairs[order][:-1]
            chosen = np.zeros(cost.size, dtype=bool)
            chosen[order[first]] = True
            unserved[b.slice, b.pairs[chosen]] = False
            route_status.append(chosen)
        basis = highspy.HighsBasis()
        cols = [basic if u else lower for u in unserved.ravel().tolist()]
        cols += [lower] * n_defer
        for chosen in route_status:
            cols += [basic if c else lower for c in chosen.tolist()]
        basis.col_status = cols
        basis.row_status = ([lower] * n_p + [basic] * n_r) * n_s
        basis.valid = True
        return basis

    def _add_routes(self, h: _Highs, b: _Batch, weight: _Float, block: int) -> None:
        """Route columns: 1 in their pair's demand row, the number of their arcs in each
        capacity row (a border and its link are two capacities on one arc)."""
        counts = sp.csr_array(b.arcs @ self.by_arc)
        counts.sum_duplicates()
        n = len(b.routes)
        per = np.diff(counts.indptr) + 1
        starts = np.zeros(n, dtype=np.int64)
        starts[1:] = np.cumsum(per)[:-1]
        total = int(per.sum())
        index = np.empty(total, dtype=np.int32)
        value = np.empty(total)
        rest = np.ones(total, dtype=bool)
        rest[starts] = False
        base = b.slice * block
        index[starts] = base + b.pairs
        value[starts] = 1.0
        index[rest] = base + len(self.st.pairs) + counts.indices
        value[rest] = counts.data
        cost = b.arcs @ weight
        h.addCols(
            n, cost, np.zeros(n), np.full(n, np.inf), total, starts.astype(np.int32), index, value
        )

    def _price(
        self, sl: SliceArrays, reduced: _Float, pi: _Float, demand: _Float
    ) -> list[tuple[int, Route]]:
        """Each pair's cheapest route under ``reduced`` arc costs, where it beats the dual."""
        st = self.st
        out: list[tuple[int, Route]] = []
        n = st.n_vertices
        for avoid, ps, sources, source_row in self.groups:
            arcs = np.nonzero(sl.open & st.allowed[avoid])[0]
            t, hd, c = st.tail[arcs], st.head[arcs], reduced[arcs]
            order = np.lexsort((arcs, c, hd, t))  # cheapest of parallel arcs, then lowest index
            t, hd, c, arcs = t[order], hd[order], c[order], arcs[order]
            first = np.ones(t.size, dtype=bool)
            first[1:] = (t[1:] != t[:-1]) | (hd[1:] != hd[:-1])
            t, hd, c, arcs = t[first], hd[first], c[first], arcs[first]
            # csgraph drops stored zeros: lift them a little (true costs decide below)
            graph = sp.csr_array((np.maximum(c, 1e-12), (t, hd)), shape=(n, n))
            dist, pred = dijkstra(graph, directed=True, indices=sources, return_predecessors=True)
            sinks = st.pair_sink[ps]
            best = dist[source_row, sinks]
            take = np.nonzero((demand[ps] > 0) & np.isfinite(best) & (best < pi[ps] - _PRICE_TOL))[
                0
            ]
            if not take.size:
                continue
            self._arc_of[t, hd] = arcs
            rows, v = source_row[take], sinks[take].copy()
            src = sources[rows]
            hops: list[NDArray[np.int64]] = []
            live = v != src
            while live.any():  # walk all candidate routes back to their origins together
                step = np.full(take.size, -1, dtype=np.int64)
                u = pred[rows[live], v[live]].astype(np.int64)
                step[live] = self._arc_of[u, v[live]]
                v[live] = u
                hops.append(step)
                live = v != src
            self._arc_of[t, hd] = -1
            path = np.stack(hops[::-1]) if hops else np.zeros((0, take.size), np.int64)
            true = np.where(path >= 0, reduced[np.maximum(path, 0)], 0.0).sum(axis=0)
            for i in np.nonzero(true < pi[ps[take]] - _PRICE_TOL)[0].tolist():
                col = path[:, i]
                out.append((int(ps[take[i]]), tuple(col[col >= 0].tolist())))
        return out


def _add(
    h: _Highs, cost: _Float, rows: list[NDArray[np.int64]], values: Sequence[float] = (1.0,)
) -> None:
    """Columns with one entry per array of ``rows`` (row ``rows[k][j]`` of column ``j``)."""
    n = cost.size
    k = len(rows)
    index = np.stack(rows, axis=1).ravel().astype(np.int32)
    value = np.tile(np.asarray(values, dtype=np.float64), n)
    starts = (np.arange(n) * k).astype(np.int32)
    h.addCols(n, cost, np.zeros(n), np.full(n, np.inf), n * k, starts, index, value)
