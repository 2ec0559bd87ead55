"""Baseline against scenario: the figures a planner compares, with deltas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from corridors.capacity.result import CapacityResult
from corridors.messages import N_, Message
from corridors.scenarios.schema import ScenarioText

__all__ = [
    "KPI",
    "AppliedChange",
    "BottleneckDelta",
    "Comparison",
    "CorridorDelta",
    "LinkDelta",
    "compare",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class KPI(_Model):
    name: str
    unit: str
    baseline: float | None
    scenario: float | None
    delta: float | None
    delta_pct: float | None


class CorridorDelta(_Model):
    corridor: str
    baseline_teu_yr: float
    scenario_teu_yr: float
    delta_teu_yr: float


class BottleneckDelta(_Model):
    rank: int
    kind: str
    id: str
    name: str
    capacity_teu_yr: float
    flow_teu_yr: float
    utilisation: float
    shadow_price_usd_teu_yr: float
    baseline_shadow_price_usd_teu_yr: float  # 0 when it did not bind in the baseline


class LinkDelta(_Model):
    id: str
    name: str
    corridors: list[str]
    baseline_teu_yr: float
    scenario_teu_yr: float
    delta_teu_yr: float
    scenario_utilisation: float | None


class AppliedChange(_Model):
    index: int
    type: str
    start: str
    end: str  # exclusive
    days: int
    effect: str
    effect_message: Message | None = None  # the effect, structured for translation


class Comparison(_Model):
    name: str
    description: str
    translations: dict[str, ScenarioText] = Field(default_factory=dict)  # of name, description
    year: int
    applied: list[AppliedChange]
    notes: list[str] = Field(default_factory=list)  # Caspian and other whole-run adjustments
    messages: list[Message] = Field(default_factory=list)  # the notes, structured (same order)
    kpis: list[KPI]
    throughput_by_corridor: list[CorridorDelta]
    bottlenecks: list[BottleneckDelta]
    link_changes: list[LinkDelta]
    warnings: list[str]
    warning_messages: list[Message] = Field(default_factory=list)  # the warnings, structured
    baseline: CapacityResult
    scenario: CapacityResult


def _warnings(result: CapacityResult) -> list[Message] | list[str]:
    """The structured warnings, or the plain ones of a result made without them."""
    return result.warning_messages or result.warnings


def _kpi(name: str, unit: str, a: float | None, b: float | None) -> KPI:
    delta = None if a is None or b is None else b - a
    pct = None if delta is None or not a else 100.0 * delta / abs(a)
    return KPI(name=name, unit=unit, baseline=a, scenario=b, delta=delta, delta_pct=pct)


def compare(
    name: str,
    description: str,
    year: int,
    applied: list[AppliedChange],
    notes: list[Message],
    baseline: CapacityResult,
    scenario: CapacityResult,
    *,
    top: int = 15,
    translations: dict[str, ScenarioText] | None = None,
) -> Comparison:
    """Deltas of the headline figures, corridor throughput, bottlenecks and link flows."""
    a, b = baseline.totals, scenario.totals
    kpis = [
        _kpi("demand", "TEU/yr", a.demand_teu_yr, b.demand_teu_yr),
        _kpi("served", "TEU/yr", a.served_teu_yr, b.served_teu_yr),
        _kpi("unserved", "TEU/yr", a.unserved_teu_yr, b.unserved_teu_yr),
        _kpi("waited for a later slice", "TEU/yr", a.deferred_teu_yr, b.deferred_teu_yr),
        _kpi("Caspian crossings", "TEU/yr", a.caspian_crossing_teu_yr, b.caspian_crossing_teu_yr),
        _kpi("average generalised cost", "USD/TEU", a.avg_cost_usd_teu, b.avg_cost_usd_teu),
        _kpi("average price", "USD/TEU", a.avg_price_usd_teu, b.avg_price_usd_teu),
        _kpi("average transit time", "h", a.avg_time_h, b.avg_time_h),
        _kpi("CO2e (well-to-wheel)", "t/yr", a.co2e_t, b.co2e_t),
        _kpi("transport cost", "USD/yr", a.transport_cost_usd, b.transport_cost_usd),
        _kpi("total cost incl. unserved and waiting", "USD/yr", a.objective_usd, b.objective_usd),
    ]
    corridors = sorted(set(a.throughput_by_corridor) | set(b.throughput_by_corridor))
    by_corridor = [
        CorridorDelta(
            corridor=c,
            baseline_teu_yr=a.throughput_by_corridor.get(c, 0.0),
            scenario_teu_yr=b.throughput_by_corridor.get(c, 0.0),
            delta_teu_yr=b.throughput_by_corridor.get(c, 0.0)
            - a.throughput_by_corridor.get(c, 0.0),
        )
        for c in corridors
    ]
    base_shadow = {(x.kind, x.id): x.shadow_price_usd_teu_yr for x in baseline.bottlenecks}
    bottlenecks = [
        BottleneckDelta(
            rank=x.rank,
            kind=x.kind,
            id=x.id,
            name=x.name,
            capacity_teu_yr=x.capacity_teu_yr,
            flow_teu_yr=x.flow_teu_yr,
            utilisation=x.utilisation,
            shadow_price_usd_teu_yr=x.shadow_price_usd_teu_yr,
            baseline_shadow_price_usd_teu_yr=base_shadow.get((x.kind, x.id), 0.0),
        )
        for x in scenario.bottlenecks[:top]
    ]
    base_flow = {lf.id: lf.flow_teu_yr for lf in baseline.links}
    scen = {lf.id: lf for lf in scenario.links}
    names = {lf.id: lf for lf in baseline.links} | scen
    deltas = []
    for lid in set(base_flow) | set(scen):
        fa = base_flow.get(lid, 0.0)
        fb = scen[lid].flow_teu_yr if lid in scen else 0.0
        if abs(fb - fa) > 0.5:
            lf = names[lid]
            deltas.append(
                LinkDelta(
                    id=lid,
                    name=lf.name,
                    corridors=lf.corridors,
                    baseline_teu_yr=fa,
                    scenario_teu_yr=fb,
                    delta_teu_yr=fb - fa,
                    scenario_utilisation=scen[lid].utilisation if lid in scen else None,
                )
            )
    deltas.sort(key=lambda d: (-abs(d.delta_teu_yr), d.id))
    warnings = [Message.of(N_("baseline: {warning}"), warning=w) for w in _warnings(baseline)]
    warnings += [Message.of(N_("scenario: {warning}"), warning=w) for w in _warnings(scenario)]
    return Comparison(
        name=name,
        description=description,
        translations=translations or {},
        year=year,
        applied=applied,
        notes=[n.text for n in notes],
        messages=notes,
        kpis=kpis,
        throughput_by_corridor=by_corridor,
        bottlenecks=bottlenecks,
        link_changes=deltas[: top * 2],
        warnings=[w.text for w in warnings],
        warning_messages=warnings,
        baseline=baseline,
        scenario=scenario,
    )
