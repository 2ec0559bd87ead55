"""Run the draws of a sweep: one :class:`Evaluator` per worker, one :class:`RunRecord` per draw.

The evaluator prepares what all draws share once (the base scenario's slices and structure,
the route solver seeded with the base optimum) and then turns an index into a record. A draw
that fails (an invalid drawn value, a name the network lacks, a solver failure) becomes a record
with the error, never an exception: one bad draw does not stop a sweep.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from corridors.capacity.demand import Demand
from corridors.capacity.graph import CostParams, FlowGraph, build_graph
from corridors.capacity.solve import Slice
from corridors.errors import CorridorsError, InvalidInput
from corridors.network.model import Network
from corridors.scenarios.run import build_slices
from corridors.scenarios.schema import Scenario
from corridors.sweeps.draw import Values, draw_values, scenario_for, translate, typical_values
from corridors.sweeps.kpis import RouteTagger, figures_from_routes
from corridors.sweeps.pathflow import PathSolver
from corridors.sweeps.schema import Distribution1, Projection, Sweep, support
from corridors.sweeps.structure import SliceArrays, Structure

__all__ = ["Evaluator", "RunRecord", "check_sweep"]


class RunRecord(BaseModel):
    """One draw: its parameters, and either its figures or why it failed."""

    model_config = ConfigDict(extra="forbid")

    index: int
    ok: bool
    params: dict[str, float | str]
    kpis: dict[str, float | None] = Field(default_factory=dict)
    binding: dict[str, float] = Field(default_factory=dict)  # "kind:id" -> USD per TEU/yr
    full: list[str] = Field(default_factory=list)  # "kind:id" used to at least 99.9%
    slices: int = 0
    error: str = ""
    field: str = ""
    seconds: float = 0.0  # wall time of the run in its worker
    cpu_s: float = 0.0  # CPU time of the run in its worker


# (where, accepted range) of the values a draw hands to the scenario
_RANGES = {
    "caspian_level": (-40.0, -20.0),
    "dwell": (0.0, 100.0),
    "demand": (0.0, 100.0),
    "dredge": (0.0, math.inf),
}


def check_sweep(sweep: Sweep, network: Network, demand: Demand) -> list[str]:
    """Check every name the file gives against the network (with every closure happening),
    raising :class:`InvalidInput` naming the field; return warnings about distributions that
    can draw values the scenario rejects (those draws fail and are reported)."""
    values = typical_values(sweep)
    try:
        scenario, origins = scenario_for(sweep, -1, values)
        build_slices(scenario, network, demand)
    except InvalidInput as exc:
        if exc.field and exc.field.startswith("changes["):
            exc = translate(exc, origins, -1)
        raise InvalidInput(
            exc.message.replace("draw -1: ", "", 1), hint=exc.hint, field=exc.field
        ) from None
    p = sweep.parameters
    checks: list[tuple[str, str, Distribution1]] = []
    if p.caspian_level is not None and not isinstance(p.caspian_level, Projection):
        checks.append(("parameters.caspian_level", "caspian_level", p.caspian_level))
    checks += [(f"parameters.dredge.{k}", "dredge", d) for k, d in p.dredge.items()]
    checks += [(f"parameters.dwell[{i}].factor", "dwell", d.factor) for i, d in enumerate(p.dwell)]
    checks += [
        (f"parameters.demand[{i}].factor", "demand", d.factor) for i, d in enumerate(p.demand)
    ]
    warnings = []
    for path, kind, dist in checks:
        lo, hi = support(dist)
        a, b = _RANGES[kind]
        if lo < a or hi > b:
            accepted = f"{a:g}..{b:g}" if math.isfinite(b) else f">= {a:g}"
            warnings.append(
                f"{path}: can draw values outside {accepted} (from {lo:g} to {hi:g}); "
                "those runs fail and are listed as failures"
            )
    return warnings


PILOTS = 8  # pilot draws that seed the route pool
PILOT_INDEX = 2**40  # their indices: far beyond any run (MAX_RUNS is 10**6)


class Evaluator:
    """Everything a worker needs to run draws of ``sweep`` on ``network`` and ``demand``."""

    def __init__(self, sweep: Sweep, network: Network, demand: Demand) -> None:
        self.sweep = sweep
        self.network = network
        self.demand = demand
        opts = sweep.base.options
        self.options = opts
        self.params = CostParams(
            opts.value_of_time_usd_teu_h, opts.tonnes_per_teu, opts.teu_per_train
        )
        slices, _, _ = build_slices(sweep.base, network, demand)
        self.pairs = sorted({p for s in slices for p, v in s.demand.keys().items() if v > 0})
        self.od_nodes = {n for o, d, _ in self.pairs for n in (o, d)}
        graphs = self._graphs(slices)
        self.structure = Structure(
            [(g, s.network) for g, s in zip(graphs, slices, strict=True)], self.pairs
        )
        self.solver = PathSolver(
            self.structure,
            year_days=opts.year_days,
            penalty_usd_teu=opts.unserved_penalty_usd_teu,
            deferral_usd_teu_day=opts.value_of_time_usd_teu_h * 24.0
            if opts.allow_deferral
            else None,
            time_limit_s=opts.time_limit_s,
        )
        self.tagger = RouteTagger(self.structure, slices[0].network)
        arrays = self._arrays(slices, graphs)
        if arrays is None:  # the base maps onto its own structure by construction
            raise CorridorsError("the base scenario does not map onto its own flow structure")
        outcome = self.solver.solve(arrays)
        self.solver.set_seed([outcome])
        figures = figures_from_routes(self.structure, self.tagger, arrays, outcome, opts)
        self.base = RunRecord(
            index=-1,
            ok=True,
            params={},
            kpis=figures.kpis,
            binding=figures.binding,
            full=figures.full,
            slices=len(slices),
        )
        # the routes of a few draws outside the sweep's own make a seed close to most draws'
        # optima: about half the rounds of route generation. The same in every worker.
        pilots = [outcome]
        for j in range(PILOTS):
            index = PILOT_INDEX + j
            try:
                _, pilot = self._prepare(index, draw_values(self.sweep, index))
            except CorridorsError:
                continue  # an invalid draw: the run with that value fails and says why
            if pilot is not None:
                pilots.append(self.solver.solve(pilot))
        self.solver.set_seed(pilots)

    def _prepare(self, index: int, values: Values) -> tuple[int, list[SliceArrays] | None]:
        """Draw ``index`` with ``values``: its number of slices and its arrays (None when it
        uses something the base does not have)."""
        scenario, origins = scenario_for(self.sweep, index, values)
        try:
            slices, _, _ = build_slices(scenario, self.network, self.demand)
        except InvalidInput as exc:
            if exc.field and exc.field.startswith("changes["):
                raise translate(exc, origins, index) from None
            raise
        return len(slices), self._arrays(slices, self._graphs(slices))

    def _graphs(self, slices: list[Slice]) -> list[FlowGraph]:
        built: dict[int, FlowGraph] = {}  # slices of one state share their network object
        out = []
        for s in slices:
            key = id(s.network)
            if key not in built:
                built[key] = build_graph(s.network, self.params, self.od_nodes)
            out.append(built[key])
        return out

    def _arrays(self, slices: list[Slice], graphs: list[FlowGraph]) -> list[SliceArrays] | None:
        out = []
        for s, g in zip(slices, graphs, strict=True):
            mapped = self.structure.map_slice(g, s.network, s.demand.keys(), s.days)
            if mapped is None:
                return None
            out.append(mapped)
        return out

    def scenario(self, index: int) -> tuple[Values, Scenario, list[str]]:
        values = draw_values(self.sweep, index)
        scenario, origins = scenario_for(self.sweep, index, values)
        return values, scenario, origins

    def run(self, index: int) -> RunRecord:
        """The record of draw ``index``; errors are recorded, not raised."""
        t0, c0 = time.perf_counter(), time.process_time()
        values: Values = {}
        try:
            values = draw_values(self.sweep, index)
            n_slices, arrays = self._prepare(index, values)
            if arrays is None:  # draws only close, scale and re-cost what the base has
                raise CorridorsError(
                    "the draw uses a link, hub or capacity the base scenario does not have",
                    hint="report the sweep file: draws should never add to the network",
                )
            outcome = self.solver.solve(arrays)
            figures = figures_from_routes(
                self.structure, self.tagger, arrays, outcome, self.options
            )
        except CorridorsError as exc:
            text = (
                exc.message if exc.message.startswith("draw ") else f"draw {index}: {exc.message}"
            )
            return RunRecord(
                index=index,
                ok=False,
                params=values,
                error=text + (f" ({exc.hint})" if exc.hint else ""),
                field=exc.field or "",
                seconds=time.perf_counter() - t0,
                cpu_s=time.process_time() - c0,
            )
        except Exception as exc:
            return RunRecord(
                index=index,
                ok=False,
                params=values,
                error=f"draw {index}: {type(exc).__name__}: {exc}",
                seconds=time.perf_counter() - t0,
                cpu_s=time.process_time() - c0,
            )
        return RunRecord(
            index=index,
            ok=True,
            params=values,
            kpis=figures.kpis,
            binding=figures.binding,
            full=figures.full,
            slices=n_slices,
            seconds=time.perf_counter() - t0,
            cpu_s=time.process_time() - c0,
        )

    def run_many(self, indices: Iterable[int]) -> list[RunRecord]:
        return [self.run(i) for i in indices]
