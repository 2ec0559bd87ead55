"""The Caspian model on the bundled corridor network (``corridors.network.load``)."""

from __future__ import annotations

import pytest

from corridors.climate import apply_sea_level, bundled_model, present_level, service_effects
from corridors.network.load import load_network

CASPIAN_PORTS = set(bundled_model().ports)


def _caspian_links() -> set[str]:
    net = load_network()
    return {
        link.id
        for link in net.links.values()
        if link.mode in ("ferry", "sea") and {link.from_id, link.to_id} & CASPIAN_PORTS
    }


def test_every_caspian_service_names_a_known_vessel_class() -> None:
    effects = service_effects(load_network(), present_level())
    assert len(effects) >= 20
    assert [e.service_id for e in effects if e.class_assumed] == []


def test_a_high_sea_leaves_the_bundled_network_as_it_is() -> None:
    net = load_network()
    assert apply_sea_level(net, -26.0) == net


def test_today_the_baku_lines_are_limited_by_alat() -> None:
    effects = {e.service_id: e for e in service_effects(load_network(), present_level())}
    ropax = effects["S0801A"]  # Kuryk-Alat Ro-Pax
    assert ropax.limiting_port == "AZ_ALT" and 0 < ropax.factor < 1


def test_at_minus_32_the_caspian_crossings_close_and_nothing_else_changes() -> None:
    net = load_network()
    out = apply_sea_level(net, -32.0)
    caspian = _caspian_links()
    assert caspian
    for link_id, link in net.links.items():
        if link_id in caspian:
            assert out.links[link_id].status == "closed"
            assert out.services.get(link_id, ()) == ()
        else:
            assert out.links[link_id] == link
            assert out.services.get(link_id) == net.services.get(link_id)


@pytest.mark.parametrize("level", [-30.0, -31.0, -32.0])
def test_enough_dredging_everywhere_buys_all_capacity_back(level: float) -> None:
    net = load_network()
    dredge = {port: 8.0 for port in CASPIAN_PORTS}
    assert apply_sea_level(net, level, dredge) == net
