"""The baseline flow on the bundled network and demand looks like what forwarders do."""

from __future__ import annotations

import pytest

from corridors.capacity import CapacityResult, load_bundled_demand, solve_capacity
from corridors.network.load import load_network
from corridors.network.model import Network

EU = {"PL", "DE", "NL", "CZ", "AT", "HU", "IT", "ES", "FR", "RO", "BG"}


@pytest.fixture(scope="module")
def solved() -> tuple[Network, CapacityResult]:
    net = load_network()
    return net, solve_capacity(net, load_bundled_demand(net))


def test_china_europe_freight_does_not_go_long_haul_by_road(
    solved: tuple[Network, CapacityResult],
) -> None:
    # Before road speeds allowed for drivers' rest and EU rail was priced below road, ~95,000
    # TEU/yr of China -> EU freight went by rail to Minsk and on by truck to Duisburg.
    net, r = solved
    by_road = 0.0
    for od in r.od:
        if net.nodes[od.origin].country != "CN" or net.nodes[od.destination].country not in EU:
            continue
        for route in od.routes:
            km = sum(net.links[i].length_km for i in route.links if net.links[i].mode == "road")
            if km > 300:
                by_road += route.teu_yr
    assert by_road < 1_000


def test_road_freight_crosses_borders_only_where_capacity_bounds_it(
    solved: tuple[Network, CapacityResult],
) -> None:
    # Every road border crossing that carries freight has a capacity (an estimate where none is
    # published), so overflow from full rail borders cannot pour onto the road without limit.
    net, r = solved
    used = [b for b in r.borders if b.flow_teu_yr > 1 and net.links[b.link_id].mode == "road"]
    assert used  # e.g. trucks via Khorgos when the rail crossings are full
    for b in used:
        assert b.capacity_teu_yr is not None, b.name
        assert b.flow_teu_yr <= b.capacity_teu_yr + 1e-6
