"""How links, border crossings, ports and ferry services become costs and capacities."""

from __future__ import annotations

import pytest
from toynet import link, network, node

from corridors.capacity import CapacityOptions, Demand, ODDemand, solve_capacity
from corridors.capacity.graph import mean_wait_h
from corridors.errors import InvalidInput
from corridors.network.model import BorderCrossing, Service

OPTS = CapacityOptions(unserved_penalty_usd_teu=10_000.0)


def svc(**kw) -> Service:
    base = dict(
        id="S",
        link_id="L",
        name="line",
        operator="op",
        sailings_per_week=2.0,
        crossing_h=12.0,
        price_usd_teu=100.0,
    )
    base.update(kw)
    return Service(**base)


def test_wait_for_a_sailing() -> None:
    assert mean_wait_h(svc(sailings_per_week=2)) == pytest.approx(42)  # half of 84 h
    # Monday and Tuesday noon: gaps 24 h and 144 h -> (24^2 + 144^2) / (2 * 168)
    assert mean_wait_h(svc(weekdays=(0, 1))) == pytest.approx((24**2 + 144**2) / 336)
    assert mean_wait_h(svc(weekdays=(0, 1, 2, 3, 4, 5, 6))) == pytest.approx(12)


def test_port_capacity_counts_handled_containers_not_passing_trains() -> None:
    # P is a port with 1 TEU/day. Rail A->P->B passes it; A->P then sea P->C is handled there.
    nodes = [node("A"), node("P", kind="seaport", capacity_teu_day=1.0), node("B"), node("C")]
    links = [link("A", "P"), link("P", "B"), link("P", "C", mode="sea")]
    net = network(nodes, links)
    demand = Demand.checked([ODDemand("A", "B", 5000), ODDemand("A", "C", 5000)])
    r = solve_capacity(net, demand, OPTS)
    od = {(x.origin, x.destination): x for x in r.od}
    assert od[("A", "B")].unserved_teu_yr == pytest.approx(0)
    assert od[("A", "C")].served_teu_yr == pytest.approx(365)
    (port,) = [p for p in r.ports if p.node_id == "P"]
    assert port.throughput_teu_yr == pytest.approx(365)
    assert port.utilisation == pytest.approx(1.0)
    assert r.bottlenecks[0].kind == "port"


def test_a_dry_port_handles_everything_that_passes() -> None:
    nodes = [
        node("A"),
        node("K", kind="dry_port", capacity_teu_day=2.0, handling_usd_teu=40),
        node("B"),
    ]
    net = network(nodes, [link("A", "K", price=10), link("K", "B", price=10)])
    r = solve_capacity(net, Demand.checked([ODDemand("A", "B", 1000)]), OPTS)
    assert r.totals.served_teu_yr == pytest.approx(730)
    assert r.od[0].price_usd_teu == pytest.approx(10 + 40 + 10)


def test_trucks_passing_a_dry_port_by_road_are_not_handled_there() -> None:
    # K is a full dry port (1 TEU/day); a truck A -> K -> B by road passes it without a lift,
    # while the train C -> K -> B changes gauge there and is held to the dry port's capacity.
    nodes = [
        node("A"),
        node("C"),
        node("K", kind="dry_port", capacity_teu_day=1.0, handling_usd_teu=40),
        node("B"),
    ]
    links = [
        link("A", "K", mode="road", price=10),
        link("K", "B", mode="road", id="K-B road", price=10),
        link("C", "K", price=10),
        link("K", "B", price=10),
    ]
    net = network(nodes, links)
    demand = Demand.checked([ODDemand("A", "B", 1000), ODDemand("C", "B", 1000)])
    r = solve_capacity(net, demand, OPTS)
    od = {x.origin: x for x in r.od}
    assert od["A"].served_teu_yr == pytest.approx(1000)
    assert od["A"].price_usd_teu == pytest.approx(10 + 10)
    assert od["C"].served_teu_yr == pytest.approx(365)
    (port,) = [p for p in r.ports if p.node_id == "K"]
    assert port.throughput_teu_yr == pytest.approx(365)


def test_handling_is_paid_per_move_at_origin_destination_and_mode_change() -> None:
    nodes = [
        node("A", handling_usd_teu=5),
        node("P", handling_usd_teu=20, handling_h=10),
        node("B", handling_usd_teu=7),
    ]
    net = network(nodes, [link("A", "P", price=100), link("P", "B", mode="road", price=50)])
    r = solve_capacity(net, Demand.checked([ODDemand("A", "B", 10)]), OPTS)
    (od,) = r.od
    assert od.price_usd_teu == pytest.approx(5 + 100 + 2 * 20 + 50 + 7)
    assert od.time_h == pytest.approx(2 + 2 * 10 + 2)


def test_border_capacity_in_trains_and_dwell() -> None:
    bc = BorderCrossing(
        "BX",
        "A-B",
        "A/B",
        dwell_p50_h=30,
        dwell_p90_h=60,
        capacity_trains_day=2,
        capacity_teu_day=500,
    )
    net = network([node("A"), node("B")], [link("A", "B", price=100)], borders=[bc])
    opts = CapacityOptions(teu_per_train=80, unserved_penalty_usd_teu=10_000.0)
    r = solve_capacity(net, Demand.checked([ODDemand("A", "B", 100_000)]), opts)
    (border,) = r.borders
    assert border.capacity_teu_yr == pytest.approx(2 * 80 * 365)  # trains bind before TEU/day
    assert border.flow_teu_yr == pytest.approx(2 * 80 * 365)
    assert r.od[0].time_h == pytest.approx(2 + 30)


def test_ferry_services_fill_by_generalised_cost_with_sailings_times_capacity() -> None:
    links = [link("A", "B", id="L", mode="ferry", price=0)]
    services = [
        # 100 USD but 84 h mean wait: 100 + 96 h x 8.3 = 897 USD/TEU
        svc(id="weekly", price_usd_teu=100, sailings_per_week=1, capacity_teu=100),
        # 300 USD and 28 h wait: 300 + 40 h x 8.3 = 632 USD/TEU, used first
        svc(id="frequent", price_usd_teu=300, sailings_per_week=3, capacity_teu=50),
    ]
    net = network([node("A"), node("B")], links, services=services)
    r = solve_capacity(net, Demand.checked([ODDemand("A", "B", 10_000)]), OPTS)
    flows = {s.id: s.flow_teu_yr for s in r.services}
    assert flows == pytest.approx({"weekly": 10_000 - 7800, "frequent": 3 * 50 * 52})
    r = solve_capacity(net, Demand.checked([ODDemand("A", "B", 20_000)]), OPTS)
    assert {s.id: s.utilisation for s in r.services} == pytest.approx({"weekly": 1, "frequent": 1})
    assert r.totals.unserved_teu_yr == pytest.approx(20_000 - 5200 - 7800)


def test_planned_and_closed_links_carry_nothing() -> None:
    links = [
        link("A", "B", price=10, status="planned", opening_year=2028),
        link("A", "C", price=10, status="closed"),
        link("C", "B", price=10),
        link("A", "B", id="long", price=900),
    ]
    net = network([node("A"), node("B"), node("C")], links)
    r = solve_capacity(net, Demand.checked([ODDemand("A", "B", 10)]), OPTS)
    assert [route.links for route in r.od[0].routes] == [["long"]]


def test_no_route_is_reported_not_hidden() -> None:
    net = network([node("A"), node("B"), node("C")], [link("A", "C")])
    r = solve_capacity(net, Demand.checked([ODDemand("A", "B", 42)]), OPTS)
    assert r.totals.unserved_teu_yr == pytest.approx(42)
    assert r.od[0].unserved_reason == "no_route"
    assert r.od[0].free_flow_cost_usd_teu is None
    assert "no route" in r.warnings[0]
    assert [w.text for w in r.warning_messages] == r.warnings  # the same warnings, structured


def test_penalty_below_route_cost_is_warned() -> None:
    net = network([node("A"), node("B")], [link("A", "B", price=20_000)])
    opts = CapacityOptions(unserved_penalty_usd_teu=1_000.0)
    r = solve_capacity(net, Demand.checked([ODDemand("A", "B", 10)]), opts)
    assert r.od[0].unserved_reason == "penalty"
    assert any("unserved penalty" in w for w in r.warnings)


def test_corridor_throughput_and_co2() -> None:
    links = [
        link("A", "B", km=1000, corridors=("N", "M"), wtw=0.03),
        link("B", "C", km=500, corridors=("M",), wtw=0.03),
        link("B", "D", km=2000, corridors=("N",), wtw=0.03),
    ]
    net = network([node(x) for x in "ABCD"], links)
    demand = Demand.checked([ODDemand("A", "C", 100), ODDemand("A", "D", 300)])
    opts = CapacityOptions(tonnes_per_teu=10.0)
    r = solve_capacity(net, demand, opts)
    assert r.totals.throughput_by_corridor == pytest.approx({"M": 100, "N": 300})
    assert r.totals.teu_km_by_corridor == pytest.approx(
        {"M": 400 * 1000 + 100 * 500, "N": 400 * 1000 + 300 * 2000}
    )
    # 10 t per TEU x 0.03 kg/tkm
    expected_t = (100 * 1500 + 300 * 3000) * 10 * 0.03 / 1000
    assert r.totals.co2e_t == pytest.approx(expected_t)
    assert sum(lf.co2e_t for lf in r.links) == pytest.approx(expected_t)


def test_rows_that_avoid_a_country_take_the_way_round() -> None:
    nodes = [
        node("A", country="KZ"),
        node("R", country="RU"),
        node("C", country="AZ"),
        node("B", country="GE"),
    ]
    links = [
        link("A", "R", price=10),
        link("R", "B", price=10),
        link("A", "C", price=500),
        link("C", "B", price=500),
    ]
    net = network(nodes, links)
    demand = Demand.checked(
        [ODDemand("A", "B", 100), ODDemand("A", "B", 40, commodity="titr", avoid=("RU",))]
    )
    r = solve_capacity(net, demand, OPTS)
    assert r.lp.origins == 1 and r.lp.commodities == 2
    by = {tuple(od.avoid): od for od in r.od}
    assert [x.links for x in by[()].routes] == [["A-R", "R-B"]]
    assert [x.links for x in by[("RU",)].routes] == [["A-C", "C-B"]]
    assert by[("RU",)].free_flow_cost_usd_teu > by[()].free_flow_cost_usd_teu
    flows = {lf.id: lf.flow_teu_yr for lf in r.links}
    assert flows == pytest.approx({"A-R": 100, "R-B": 100, "A-C": 40, "C-B": 40})


def test_avoiding_the_only_way_is_no_route_and_avoid_must_be_transit() -> None:
    nodes = [node("A", country="KZ"), node("R", country="RU"), node("B", country="GE")]
    net = network(nodes, [link("A", "R"), link("R", "B")])
    r = solve_capacity(net, Demand.checked([ODDemand("A", "B", 5, avoid=("RU",))]), OPTS)
    assert r.od[0].unserved_reason == "no_route"
    with pytest.raises(InvalidInput, match="a country the row avoids"):
        Demand.checked([ODDemand("A", "R", 5, avoid=("RU",))], net)
    with pytest.raises(InvalidInput, match="alpha-2"):
        Demand.checked([ODDemand("A", "B", 5, avoid=("Russia",))])


@pytest.mark.parametrize(
    ("kind", "routed"), [("border", False), ("junction", False), ("hub", True)]
)
def test_only_handling_places_change_mode(kind: str, routed: bool) -> None:
    # rail A->X, road X->B: a border station or a junction cannot move a box from train to truck
    nodes = [node("A"), node("X", kind=kind, handling_usd_teu=0.0), node("B")]
    net = network(nodes, [link("A", "X"), link("X", "B", mode="road")])
    r = solve_capacity(net, Demand.checked([ODDemand("A", "B", 10), ODDemand("X", "B", 5)]), OPTS)
    od = {(o.origin, o.destination): o for o in r.od}
    assert (od[("A", "B")].unserved_reason == "") is routed
    assert od[("X", "B")].served_teu_yr == pytest.approx(5)  # it may still start there
