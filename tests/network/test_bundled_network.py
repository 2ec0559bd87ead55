"""The bundled corridor network is complete enough to plan on and passes its own checks."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Callable

import pytest

from corridors.network._tables import TABLES, read_tables
from corridors.network.check import DATA_DIR, check_network
from corridors.network.load import load_network
from corridors.network.model import Link, Network


@pytest.fixture(scope="module")
def net() -> Network:
    return load_network()


def test_bundled_data_has_no_errors() -> None:
    problems = check_network()
    assert [str(p) for p in problems if p.severity == "error"] == []
    # The only warnings are lengths that conflict with coordinates flagged as estimates.
    for p in problems:
        assert p.column == "length" and "estimates" in p.expected, str(p)


def test_coverage_minima(net: Network) -> None:
    assert len(net.nodes) >= 120
    assert len(net.links) >= 250
    assert len({b.id for b in net.borders.values()}) >= 40
    assert {lk.mode for lk in net.links.values()} == {
        "rail",
        "road",
        "ferry",
        "sea",
        "inland_water",
    }


KEY_NODES = {
    "N": ["CN_AKO", "KZ_DOS", "CN_HRG", "KZ_ALT", "CN_ERL", "MN_ZUU", "CN_MZL", "RU_ZBK", "BY_BQT"],
    "M": ["KZ_SCO", "KZ_KUR", "AZ_ALT", "GE_TBS", "GE_PTI", "GE_BUS", "GE_AKH", "TR_KSY", "RO_CND"],
    "NS-W": ["AZ_AST", "IR_AST", "IR_RAS", "IR_QZV"],
    "NS-E": ["KZ_BOL", "TM_SEY", "IR_INC", "TM_AKY"],
    "NS-C": ["RU_ASF", "RU_OLY", "RU_MCX", "IR_BNZ", "IR_AMI"],
    "CKU": ["CN_KHG", "KG_TOR", "KG_JAL", "UZ_AZN"],
    "CA": ["KZ_ALA", "UZ_TAS", "KG_FRU"],
}


@pytest.mark.parametrize("corridor", sorted(KEY_NODES))
def test_each_corridor_has_its_key_nodes(net: Network, corridor: str) -> None:
    for node_id in KEY_NODES[corridor]:
        assert node_id in net.nodes
        assert corridor in net.nodes[node_id].corridors, node_id
        assert net.out_links[node_id], f"{node_id} has no links"


def test_south_end_reaches_india(net: Network) -> None:
    assert {"IR_BND", "IR_SRP", "IN_NSA"} <= set(net.nodes)
    assert any(lk.to_id == "IN_NSA" and lk.mode == "sea" for lk in net.links.values())


def test_every_row_names_sources_that_exist() -> None:
    tables, problems, _ = read_tables(DATA_DIR)
    assert problems == []
    known = {r.text("source_id") for r in tables["source.csv"]}
    for name in TABLES:
        if name == "source.csv":
            continue
        for row in tables[name]:
            sources = row.items("source")
            assert sources, f"{name}:{row.line} has no source"
            assert set(sources) <= known, f"{name}:{row.line} cites unknown {sources}"


def test_planned_links_carry_opening_years(net: Network) -> None:
    rasht = net.links["L0602"]
    assert (rasht.from_id, rasht.to_id, rasht.status) == ("IR_AST", "IR_RAS", "planned")
    assert rasht.opening_year == 2028 and rasht.length_km == 162
    cku = [net.links[i] for i in ("L0134", "L0135", "L0136")]  # Kashgar–Torugart–Andijan
    assert all(lk.status == "planned" and lk.opening_year == 2030 for lk in cku)
    assert sum(lk.length_km for lk in cku) == pytest.approx(523, rel=0.10)  # CN 213/KG 260/UZ 50
    assert all(lk.opening_year for lk in net.links.values() if lk.status == "planned")


def test_rasht_astara_has_a_road_alternative(net: Network) -> None:
    assert any(
        lk.mode == "road" and {lk.from_id, lk.to_id} == {"IR_AST", "IR_RAS"}
        for lk in net.links.values()
    )


def _countries(net: Network, link_id: str) -> set[str]:
    return set(net.countries_of(net.links[link_id]))


def test_poland_belarus_crossings_are_identifiable(net: Network) -> None:
    by_pl = {
        b.link_id: b for b in net.borders.values() if _countries(net, b.link_id) == {"BY", "PL"}
    }
    assert {"L0401", "L0401R", "L0402", "L0402R", "L0403", "L0403R", "L0918", "L0918R"} == set(
        by_pl
    )
    assert by_pl["L0401"].gauge_change == "transshipment"
    assert "CIM/SMGS" in by_pl["L0401"].documents


def test_borders_have_ordered_dwell_and_documents(net: Network) -> None:
    for b in net.borders.values():
        assert 0 <= b.dwell_p50_h <= b.dwell_p90_h, b.id
        assert b.documents, b.id
        assert b.sources, b.id


def test_caspian_and_black_sea_sailings(net: Network) -> None:
    caspian = {"KZ", "AZ", "TM", "RU", "IR"}
    sailings = [s for v in net.services.values() for s in v]
    in_caspian = [s for s in sailings if _countries(net, s.link_id) <= caspian]
    assert len(in_caspian) >= 10
    assert all(s.sailings_per_week > 0 and s.crossing_h > 0 for s in sailings)
    black_sea = [s for s in sailings if net.links[s.link_id].to_id in ("RO_CND", "UA_CHM")]
    assert black_sea


def test_every_link_has_resolved_figures(net: Network) -> None:
    for lk in net.links.values():
        assert lk.length_km > 0 and lk.speed_kmh > 0 and lk.price_usd_teu > 0, lk.id
        assert lk.wtw_kg_tkm > 0 and lk.emission_factor_id in net.emission_factors, lk.id
        if lk.mode == "rail":
            assert lk.gauge in (1435, 1520, 1668, 1676) and lk.traction in ("electric", "diesel")


def test_gauges_change_only_where_transshipped(net: Network) -> None:
    """Independent of the checker: walk every pair of consecutive rail links."""
    for node_id, outs in net.out_links.items():
        node = net.nodes[node_id]
        ins = [lk for lk in net.links.values() if lk.to_id == node_id and lk.mode == "rail"]
        for a in ins:
            for lid in outs:
                b = net.links[lid]
                if b.mode == "rail" and a.gauge != b.gauge:
                    assert node.gauge_change != "none", (a.id, node_id, b.id)


# --- fidelity against published figures (corridor-facts.md) ------------------------------


def _path(
    net: Network, a: str, b: str, weight: Callable[[Link], float], modes: tuple[str, ...]
) -> list[Link]:
    """Plain Dijkstra over operational links (an oracle independent of the route planner)."""
    dist = {a: 0.0}
    prev: dict[str, Link] = {}
    queue = [(0.0, a)]
    while queue:
        d, u = heapq.heappop(queue)
        if u == b:
            break
        if d > dist[u]:
            continue
        for lid in net.out_links[u]:
            lk = net.links[lid]
            if lk.mode not in modes or lk.status != "operational":
                continue
            nd = d + weight(lk)
            if nd < dist.get(lk.to_id, float("inf")):
                dist[lk.to_id], prev[lk.to_id] = nd, lk
                heapq.heappush(queue, (nd, lk.to_id))
    out: list[Link] = []
    u = b
    while u != a:
        out.append(prev[u])
        u = prev[u].from_id
    return out[::-1]


def _km(links: list[Link]) -> float:
    return sum(lk.length_km for lk in links)


def test_chongqing_duisburg_rail_length_matches_published(net: Network) -> None:
    # 11,179 km (China Daily 2013); tolerance 10 %.
    km = _km(_path(net, "CN_CKG", "DE_DUI", lambda lk: lk.length_km, ("rail",)))
    assert km == pytest.approx(11179, rel=0.10)


def test_aktau_poti_trans_caspian_length_matches_published(net: Network) -> None:
    # 1,300 km rail + sea (USAID via Trend, 2022); tolerance 15 %.
    km = _km(_path(net, "KZ_SCO", "GE_PTI", lambda lk: lk.length_km, ("rail", "sea", "ferry")))
    assert km == pytest.approx(1300, rel=0.15)


def test_middle_corridor_sea_leg_matches_published(net: Network) -> None:
    # TITR: about 508 km of sea (Aktau–Alat); tolerance 10 %.
    assert net.links["L0802"].length_km == pytest.approx(508, rel=0.10)


def test_xian_duisburg_price_and_time_land_in_published_ranges(net: Network) -> None:
    """Tariffs and speeds are calibrated on this route: US$10,500–12,500 per FEU (2025) and
    a 13-day express (2024); the sum here follows the cheapest rail path."""
    links = _path(net, "CN_XIY", "DE_DUI", lambda lk: lk.price_usd_teu, ("rail",))
    price = sum(lk.price_usd_teu for lk in links)
    hours = sum(lk.running_h for lk in links)
    for a, b in itertools.pairwise(links):
        if a.gauge != b.gauge:
            node = net.nodes[a.to_id]
            price += node.gauge_change_usd_teu
            hours += node.gauge_change_h
    hours += sum(net.borders[lk.id].dwell_p50_h for lk in links if lk.id in net.borders)
    ends = (net.nodes["CN_XIY"], net.nodes["DE_DUI"])
    price += sum(n.handling_usd_teu for n in ends)
    hours += sum(n.handling_h for n in ends)
    assert 10_500 <= 2 * price <= 12_500
    assert hours / 24 == pytest.approx(13, rel=0.15)


def test_truck_only_ro_ro_lines_are_marked(net: Network) -> None:
    roro = net.services["L0805"][0]
    assert roro.carries == ("truck",)
    assert roro.price_usd_teu == 825  # US$1,600–1,700 per truck ÷ 2 TEU
    assert "rail_wagon" in net.services["L0803"][0].carries


def test_borders_and_sailings_have_russian_names(net: Network) -> None:
    # The web UI's Russian pages show these names; every crossing and sailing has one.
    named = [*net.borders.values(), *(s for svc in net.services.values() for s in svc)]
    for item in named:
        assert any("а" <= ch.lower() <= "я" for ch in item.name_ru), (item.id, item.name_ru)


def test_every_rail_tariff_is_below_the_road_tariff() -> None:
    # Per TEU-km, a train is cheaper than a truck in every region (a truck carries one 40' box
    # = 2 TEU at about US$2 per truck-km), so rail undercuts road on long hauls.
    tables, _, _ = read_tables(DATA_DIR)
    rows = tables["tariff.csv"]
    (road,) = [r for r in rows if r.text("mode") == "road"]
    for r in rows:
        if r.text("mode") == "rail":
            assert (r.number("usd_per_teu_km") or 0) < (road.number("usd_per_teu_km") or 0), r.key
            assert (r.number("fixed_usd_teu") or 0) <= (road.number("fixed_usd_teu") or 0)


def test_road_speed_allows_for_drivers_rest(net: Network) -> None:
    # One driver: ~9 h at the wheel per 24 h, so a long-haul truck makes ~540 km a day.
    for lk in net.links.values():
        if lk.mode == "road":
            assert lk.speed_kmh * 24 <= 600, lk.id


def test_the_baku_tbilisi_line_runs_through_alat(net: Network) -> None:
    # Baku – Böyük Kəsik is 503 km (railturkey 2016); the port at Alat is on that line, so a
    # train from the port does not go back through Baku.
    via_baku = _path(net, "AZ_GYD", "GE_GAR", lambda lk: lk.length_km, ("rail",))
    assert _km(via_baku) == pytest.approx(503, abs=0.5)
    assert "AZ_ALT" in {lk.to_id for lk in via_baku}
    from_port = _path(net, "AZ_ALT", "GE_GAR", lambda lk: lk.length_km, ("rail",))
    assert "AZ_GYD" not in {lk.to_id for lk in from_port}


def test_sea_and_ferry_crossings_cost_the_same_both_ways(net: Network) -> None:
    # Tariffs are chosen by the from-node's country; a sea crossing must not be dearer one way
    # because its ports lie in different tariff regions (Iran has Caspian and Gulf ports).
    for lk in net.links.values():
        back = net.links.get(lk.id + "R")
        if lk.mode in ("sea", "ferry") and back is not None:
            assert back.price_usd_teu == pytest.approx(lk.price_usd_teu), lk.id


def test_road_crossings_with_controls_have_a_capacity(net: Network) -> None:
    # Road freight is bounded wherever trucks are checked (EU-internal crossings have no dwell).
    for link_id, b in net.borders.items():
        if net.links[link_id].mode == "road" and b.dwell_p90_h > 0:
            assert b.capacity_teu_day is not None, b.name
