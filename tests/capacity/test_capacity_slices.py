"""A year cut into slices: identical slices change nothing; a closed slice reroutes or waits."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_capacity_oracle import small_networks
from toynet import link, network, node, with_link

from corridors.capacity import (
    CapacityOptions,
    Demand,
    ODDemand,
    Slice,
    solve_capacity,
    solve_slices,
)
from corridors.errors import InvalidInput

OPTS = CapacityOptions(unserved_penalty_usd_teu=10_000.0)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(net=small_networks(), teu=st.integers(1, 5000), cut=st.integers(1, 364))
def test_identical_slices_give_the_one_year_answer(net, teu: int, cut: int) -> None:
    demand = Demand.checked([ODDemand("N0", "N1", float(teu)), ODDemand("N2", "N1", 700.0)])
    whole = solve_capacity(net, demand, OPTS)
    split = solve_slices([Slice(net, demand, cut), Slice(net, demand, 365 - cut)], OPTS)
    assert split.totals.objective_usd == pytest.approx(whole.totals.objective_usd, rel=1e-7)
    assert split.totals.unserved_teu_yr == pytest.approx(whole.totals.unserved_teu_yr, abs=1e-6)
    # flows may differ between alternative optima; yearly capacities may not
    for lf_w, lf_s in zip(whole.links, split.links, strict=True):
        assert lf_s.capacity_teu_yr == pytest.approx(lf_w.capacity_teu_yr)


def _closure_net(detour_price: float):
    links = [link("A", "B", price=100), link("A", "C", price=detour_price), link("C", "B", price=0)]
    return network([node("A"), node("B"), node("C")], links)


def _closed(net):
    return with_link(net, "A-B", status="closed")


def test_a_two_week_closure_makes_freight_wait_when_waiting_is_cheaper() -> None:
    net = _closure_net(detour_price=5000)
    demand = Demand.checked([ODDemand("A", "B", 36_500)])  # 100 TEU/day
    r = solve_slices(
        [Slice(net, demand, 200), Slice(_closed(net), demand, 14), Slice(net, demand, 151)], OPTS
    )
    # 14 days x 100 TEU wait for the reopening: mean wait 7 days at 8.3 USD/TEU-h
    assert r.totals.deferred_teu_yr == pytest.approx(1400)
    assert r.totals.deferral_cost_usd == pytest.approx(1400 * 7 * 24 * 8.3)
    assert r.totals.unserved_teu_yr == pytest.approx(0, abs=1e-6)
    flows = {lf.id: lf.flow_teu_yr for lf in r.links}
    assert flows["A-B"] == pytest.approx(36_500)
    assert flows["A-C"] == pytest.approx(0, abs=1e-6)
    assert r.od[0].deferred_teu_yr == pytest.approx(1400)


def test_a_closure_reroutes_when_the_detour_is_cheaper_than_waiting() -> None:
    net = _closure_net(detour_price=500)
    demand = Demand.checked([ODDemand("A", "B", 36_500)])
    r = solve_slices(
        [Slice(net, demand, 200), Slice(_closed(net), demand, 14), Slice(net, demand, 151)], OPTS
    )
    flows = {lf.id: lf.flow_teu_yr for lf in r.links}
    assert flows["A-C"] == pytest.approx(1400)
    assert r.totals.deferred_teu_yr == pytest.approx(0, abs=1e-6)


def test_a_pair_defers_only_its_own_freight() -> None:
    """A and its two destinations share one origin commodity. A-B is closed for 200 days and is
    A's only way out; B-C (1 TEU/day) is the only way on to C. Everything waits, and after the
    reopening C's backlog plus its new demand exceed 155 days of B-C: the excess is unserved.
    Deferring more "A->B" freight than A->B has would let B send the surplus to C during the
    closure, as if it had passed the closed link (the full LP once did that)."""
    net = network(
        [node("A"), node("B"), node("C")],
        [link("A", "B", price=1), link("B", "C", price=1, cap=1)],
    )
    demand = Demand.checked([ODDemand("A", "B", 1.0), ODDemand("A", "C", 125.0)])
    r = solve_slices(
        [
            Slice(net, demand, 10),
            Slice(_closed(net), demand.scaled(1.5), 200),
            Slice(net, demand, 155),
        ],
        OPTS.model_copy(
            update={"unserved_penalty_usd_teu": 20_000.0}
        ),  # waiting 200 days is cheaper
    )
    to_c = 125.0 * 1.5 * 200 / 365
    assert r.totals.unserved_teu_yr == pytest.approx(to_c + 125.0 * 155 / 365 - 155, rel=1e-6)
    od = {(x.origin, x.destination): x for x in r.od}
    assert od[("A", "B")].deferred_teu_yr == pytest.approx(1.5 * 200 / 365, rel=1e-6)
    assert od[("A", "C")].deferred_teu_yr <= to_c + 1e-6


def test_without_deferral_a_closure_at_year_end_is_unserved() -> None:
    net = network([node("A"), node("B")], [link("A", "B", price=100)])
    demand = Demand.checked([ODDemand("A", "B", 36_500)])
    closed = with_link(net, "A-B", status="closed")
    for opts in (OPTS, OPTS.model_copy(update={"allow_deferral": False})):
        r = solve_slices([Slice(net, demand, 351), Slice(closed, demand, 14)], opts)
        assert r.totals.unserved_teu_yr == pytest.approx(1400)
        assert r.totals.deferred_teu_yr == pytest.approx(0, abs=1e-6)


def test_slices_must_cover_the_year() -> None:
    net = network([node("A"), node("B")], [link("A", "B")])
    demand = Demand.checked([ODDemand("A", "B", 1)])
    with pytest.raises(InvalidInput, match="adding up to 365"):
        solve_slices([Slice(net, demand, 100)], OPTS)
