"""All-or-nothing loading: every trip on a cheapest path, checked against path enumeration."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corridors.assignment import BPR, AllOrNothing, AssignmentNetwork, shortest_path_costs
from corridors.errors import NoRoute

from ._random import (
    Case,
    cases,
    expected_balance,
    min_path_costs,
    node_balance,
)


def _network(
    tail: list[int], head: list[int], n: int, zones: list[int], **kw: object
) -> AssignmentNetwork:
    m = len(tail)
    return AssignmentNetwork(
        n, np.array(tail), np.array(head), BPR(np.ones(m), np.ones(m)), np.array(zones), **kw
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases(), st.data())
def test_loading_costs_what_the_cheapest_enumerated_paths_cost(
    case: Case, data: st.DataObject
) -> None:
    net = case.network
    cost = np.array(
        data.draw(st.lists(st.floats(0.0, 20.0), min_size=net.n_links, max_size=net.n_links))
    )
    flows = AllOrNothing(net, case.demand).load(cost)
    best = min_path_costs(net, cost)
    demand = case.demand.copy()
    np.fill_diagonal(demand, 0.0)
    assert float(flows @ cost) == pytest.approx(float((demand * best).sum()), rel=1e-9, abs=1e-9)
    assert np.all(flows >= 0)
    assert node_balance(net, flows) == pytest.approx(expected_balance(net, case.demand), abs=1e-9)
    assert shortest_path_costs(net, cost) == pytest.approx(best, rel=1e-12)


def test_closed_zones_are_never_passed_through() -> None:
    # 0 -> 2 -> 1 is the only cheap route from zone 0 to node 3, but 2 is a closed zone.
    net = _network(
        [0, 2, 0, 3], [2, 3, 3, 1], 4, zones=[0, 1, 2], no_through=[True, True, True, False]
    )
    demand = np.zeros((3, 3))
    demand[0, 1] = 10.0
    flows = AllOrNothing(net, demand).load(np.array([1.0, 1.0, 5.0, 1.0]))
    assert flows.tolist() == [0.0, 0.0, 10.0, 10.0]
    open_net = _network([0, 2, 0, 3], [2, 3, 3, 1], 4, zones=[0, 1, 2])
    flows = AllOrNothing(open_net, demand).load(np.array([1.0, 1.0, 5.0, 1.0]))
    assert flows.tolist() == [10.0, 10.0, 0.0, 10.0]


@pytest.mark.parametrize("cheap_first", [True, False])
def test_parallel_links_load_the_cheaper_one(cheap_first: bool) -> None:
    net = _network([0, 0, 1], [1, 1, 0], 2, zones=[0, 1])
    cost = np.array([1.0, 2.0, 1.0]) if cheap_first else np.array([2.0, 1.0, 1.0])
    flows = AllOrNothing(net, np.array([[0.0, 7.0], [3.0, 0.0]])).load(cost)
    assert flows.tolist() == ([7.0, 0.0, 3.0] if cheap_first else [0.0, 7.0, 3.0])


def test_unreachable_demand_names_the_pair() -> None:
    net = _network([0], [1], 3, zones=[0, 1, 2], node_ids=[10, 20, 30])
    demand = np.zeros((3, 3))
    demand[0, 2] = 5.0
    with pytest.raises(NoRoute, match="from node 10 to node 30"):
        AllOrNothing(net, demand)
    demand[0, 2], demand[2, 2] = 0.0, 4.0  # intrazonal trips never need the network
    AllOrNothing(net, demand)
