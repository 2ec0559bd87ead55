"""Sioux Falls: each algorithm reproduces the best-known equilibrium (TNTP, Bar-Gera)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corridors.assignment import AssignmentNetwork, Iteration, assign
from corridors.assignment.tntp import read_flows, read_net, read_trips

SIOUX = Path(__file__).parent.parent / "data" / "tntp" / "SiouxFalls"
BEST_OBJECTIVE = 42.31335287107440e5  # SiouxFalls/README.md, x 1e5


@pytest.fixture(scope="module")
def sioux() -> tuple[AssignmentNetwork, np.ndarray, np.ndarray]:
    net = read_net(SIOUX / "SiouxFalls_net.tntp").to_assignment()
    demand = read_trips(SIOUX / "SiouxFalls_trips.tntp")
    best = read_flows(SIOUX / "SiouxFalls_flow.tntp").volume
    return net, demand, best


# The objective error is bounded by gap x (total cost / objective), about 1.8 x gap here, so
# plain FW runs to 5e-5 to be sure of 1e-4; the conjugate methods land far inside at 1e-4.
@pytest.mark.parametrize(("algorithm", "gap"), [("bfw", 1e-4), ("cfw", 1e-4), ("fw", 5e-5)])
def test_reaches_the_best_known_objective(
    sioux: tuple[AssignmentNetwork, np.ndarray, np.ndarray], algorithm: str, gap: float
) -> None:
    net, demand, best = sioux
    result = assign(net, demand, algorithm=algorithm, gap=gap, max_iter=5000)  # type: ignore[arg-type]
    assert result.converged
    assert result.relative_gap <= gap
    assert abs(result.objective - BEST_OBJECTIVE) / BEST_OBJECTIVE <= 1e-4
    assert result.objective >= BEST_OBJECTIVE * (1 - 1e-9)  # nothing beats the optimum
    # Link flows within 1% of the best-known ones on every link.
    assert np.max(np.abs(result.flows - best) / best) < 1e-2


def test_bfw_at_tight_gap_matches_best_known_flows_closely(
    sioux: tuple[AssignmentNetwork, np.ndarray, np.ndarray],
) -> None:
    net, demand, best = sioux
    result = assign(net, demand, algorithm="bfw", gap=1e-6, max_iter=5000)
    assert result.converged
    assert abs(result.objective - BEST_OBJECTIVE) / BEST_OBJECTIVE <= 1e-6
    assert np.max(np.abs(result.flows - best) / best) < 1e-3
    assert result.costs == pytest.approx(net.delay.time(result.flows))


def test_conjugate_directions_need_fewer_iterations_than_frank_wolfe(
    sioux: tuple[AssignmentNetwork, np.ndarray, np.ndarray],
) -> None:
    net, demand, _ = sioux
    its = {
        a: assign(net, demand, algorithm=a, gap=1e-4, max_iter=5000).iterations
        for a in ("fw", "cfw", "bfw")
    }  # type: ignore[arg-type]
    assert its["bfw"] < its["cfw"] < its["fw"]


def test_history_and_progress_callback(
    sioux: tuple[AssignmentNetwork, np.ndarray, np.ndarray],
) -> None:
    net, demand, _ = sioux
    seen: list[Iteration] = []
    result = assign(net, demand, algorithm="bfw", gap=1e-3, on_iteration=seen.append)
    assert [it.iteration for it in seen] == list(range(1, result.iterations + 1))
    assert tuple(it.relative_gap for it in seen) == result.gap_history
    assert result.gap_history[-1] == result.relative_gap <= 1e-3
    assert all(g > 1e-3 for g in result.gap_history[:-1])  # stops at the first gap below target
    assert {it.direction for it in seen[:-1]} == {"fw", "cfw", "bfw"}
    data = result.to_dict()
    assert data["iterations"] == result.iterations and len(data["gap_history"]) == result.iterations


def test_max_iter_stops_early_and_says_so(
    sioux: tuple[AssignmentNetwork, np.ndarray, np.ndarray],
) -> None:
    net, demand, _ = sioux
    result = assign(net, demand, algorithm="fw", gap=1e-6, max_iter=7)
    assert not result.converged and result.iterations == 7 and result.relative_gap > 1e-6
