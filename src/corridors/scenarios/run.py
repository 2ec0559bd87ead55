"""Run a scenario: solve the baseline, then the scenario year slice by slice, and compare."""

from __future__ import annotations

from collections.abc import Callable

from corridors.capacity.demand import Demand
from corridors.capacity.solve import Slice, solve_capacity, solve_slices
from corridors.messages import Message
from corridors.network.model import Network
from corridors.scenarios.apply import (
    apply_caspian,
    apply_changes,
    apply_demand_changes,
    caspian_baseline,
    plan_slices,
)
from corridors.scenarios.compare import AppliedChange, Comparison, compare
from corridors.scenarios.load import load_demand, load_inputs
from corridors.scenarios.schema import Scenario

__all__ = ["ProgressFn", "build_slices", "run_scenario"]

ProgressFn = Callable[[str, float], None]


def build_slices(
    scenario: Scenario, network: Network, demand: Demand
) -> tuple[list[Slice], list[AppliedChange], list[Message]]:
    """The scenario's slices of the year, what each change did, and whole-run notes.

    Also the check behind ``corridors scenario validate``: every named link, border, node and
    service must exist (errors name the path of the change).
    """
    network, notes = apply_caspian(network, scenario)
    states: dict[tuple[int, ...], tuple[Network, Demand]] = {}
    effects: dict[int, Message] = {}
    slices: list[Slice] = []
    windows: dict[int, list[tuple[str, str, int]]] = {}
    for ps in plan_slices(scenario):
        if ps.active not in states:
            active = [(i, scenario.changes[i]) for i in ps.active]
            net, net_notes = apply_changes(network, active)
            dem, dem_notes = apply_demand_changes(demand, network, active)
            states[ps.active] = (net, dem)
            for i, text in (net_notes | dem_notes).items():
                effects.setdefault(i, text)
        net, dem = states[ps.active]
        label = "changes " + ", ".join(str(i) for i in ps.active) if ps.active else "no change"
        start, end = ps.start.isoformat(), ps.end.isoformat()
        slices.append(Slice(net, dem, ps.days, label, start, end))
        for i in ps.active:
            windows.setdefault(i, []).append((start, end, ps.days))
    applied = [
        AppliedChange(
            index=i,
            type=change.type,
            start=windows[i][0][0],
            end=windows[i][-1][1],
            days=sum(w[2] for w in windows[i]),
            effect=effects[i].text if i in effects else "",
            effect_message=effects.get(i),
        )
        for i, change in enumerate(scenario.changes)
    ]
    return slices, applied, notes


def run_scenario(
    scenario: Scenario,
    *,
    network: Network | None = None,
    demand: Demand | None = None,
    progress: ProgressFn | None = None,
) -> Comparison:
    """Solve the baseline and the scenario and compare them (see docs/scenarios.md).

    ``network`` and ``demand`` default to what the scenario names (bundled data or files).
    """

    def step(text: str, done: float) -> None:
        if progress is not None:
            progress(text, done)

    step("loading network and demand", 0.0)
    if network is None:
        network, loaded = load_inputs(scenario)
        demand = demand or loaded
    elif demand is None:
        demand = load_demand(scenario, network)
    step("building the scenario", 0.05)
    slices, applied, notes = build_slices(scenario, network, demand)
    step("solving the baseline", 0.1)
    base_network, base_notes = caspian_baseline(network, scenario)
    notes = base_notes + notes
    baseline = solve_capacity(base_network, demand, scenario.options)
    step(f"solving the scenario ({len(slices)} slice(s) of the year)", 0.45)
    result = solve_slices(slices, scenario.options)
    step("comparing", 0.95)
    comparison = compare(
        scenario.name,
        scenario.description,
        scenario.year,
        applied,
        notes,
        baseline,
        result,
        translations=scenario.translations,
    )
    step("done", 1.0)
    return comparison
