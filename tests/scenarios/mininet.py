"""A miniature of the corridors with the same ids and tags as the bundled network:
Xi'an -> Dostyk -> Moscow -> Brest/Terespol -> Duisburg (N), Dostyk -> Aktau -ferry-> Alat ->
Poti -sea-> Constanța -> Duisburg/Budapest (M), and Moscow -> Astrakhan -> Baku -> Astara ->
Rasht -> Tehran (NS-W, Rasht–Astara planned; a truck link meanwhile) or Astrakhan -ferry->
Anzali -> Tehran (NS-C). Figures are round numbers chosen so each scenario has one clear effect.
"""

from __future__ import annotations

from toynet import both, network, node

from corridors.capacity import Demand, ODDemand
from corridors.network.model import BorderCrossing, Network, Service


def mini_network() -> Network:
    h = {"handling_usd_teu": 50.0, "handling_h": 2.0}
    nodes = [
        node("CN_XIY", 108.9, 34.3, country="CN", **h),
        node("CN_AKO", 82.6, 45.2, country="CN", kind="border"),
        node("KZ_DOS", 82.5, 45.3, country="KZ", kind="border"),
        node("KZ_SCO", 51.2, 43.7, country="KZ", kind="seaport", capacity_teu_day=500.0, **h),
        node("AZ_ALT", 49.4, 40.0, country="AZ", kind="seaport", **h),
        node("AZ_GYD", 49.9, 40.4, country="AZ", **h),
        node("AZ_AST", 48.9, 38.5, country="AZ", kind="border"),
        node("IR_AST", 48.9, 38.4, country="IR", kind="terminal", **h),  # the ADY terminal
        node("IR_RAS", 49.6, 37.3, country="IR", **h),
        node("IR_BNZ", 49.5, 37.5, country="IR", kind="seaport", **h),
        node("IR_THR", 51.4, 35.7, country="IR", **h),
        node("GE_PTI", 41.7, 42.1, country="GE", kind="seaport", **h),
        node("RO_CND", 28.6, 44.2, country="RO", kind="seaport", **h),
        node("RU_MOW", 37.6, 55.8, country="RU", **h),
        node("RU_ASF", 48.0, 46.3, country="RU", kind="seaport", **h),
        node("BY_BQT", 23.7, 52.1, country="BY", kind="border"),
        node("PL_TRS", 23.6, 52.1, country="PL", kind="border"),
        node("DE_DUI", 6.8, 51.4, country="DE", **h),
        node("HU_BUD", 19.0, 47.5, country="HU", **h),
    ]
    r = {"speed": 50.0}
    links = [
        *both("CN_XIY", "CN_AKO", km=2500, price=1500, corridors=("N", "M"), **r),
        *both(
            "CN_AKO",
            "KZ_DOS",
            km=12,
            price=200,
            corridors=("N", "M"),
            name="Alashankou–Dostyk",
            **r,
        ),
        *both("KZ_DOS", "RU_MOW", km=4000, price=1800, corridors=("N",), **r),
        *both("RU_MOW", "BY_BQT", km=1100, price=500, corridors=("N",), **r),
        *both("BY_BQT", "PL_TRS", km=8, price=300, corridors=("N",), name="Brest–Terespol", **r),
        *both("PL_TRS", "DE_DUI", km=1200, price=700, corridors=("N",), **r),
        *both("PL_TRS", "HU_BUD", km=1000, price=900, corridors=("N",), **r),
        *both("KZ_DOS", "KZ_SCO", km=2500, price=1200, corridors=("M",), **r),
        *both(
            "KZ_SCO", "AZ_ALT", km=450, mode="ferry", price=900, corridors=("M",), name="Aktau–Alat"
        ),
        *both("AZ_ALT", "GE_PTI", km=900, price=600, corridors=("M",), **r),
        *both("GE_PTI", "RO_CND", km=1100, mode="sea", speed=25.0, price=700, corridors=("M",)),
        *both("RO_CND", "DE_DUI", km=2000, price=1200, corridors=("M",), **r),
        *both("RO_CND", "HU_BUD", km=800, price=300, corridors=("M",), **r),
        *both("RU_MOW", "RU_ASF", km=1400, price=700, corridors=("NS-W", "NS-C"), **r),
        *both("RU_ASF", "AZ_GYD", km=900, price=450, corridors=("NS-W",), **r),
        *both("AZ_GYD", "AZ_ALT", km=70, price=50, corridors=("M", "NS-W"), **r),
        *both("AZ_GYD", "AZ_AST", km=300, price=150, corridors=("NS-W",), **r),
        *both("AZ_AST", "IR_AST", km=10, price=100, corridors=("NS-W",), name="Astara–Astara", **r),
        *both("IR_AST", "IR_RAS", km=170, mode="road", speed=40.0, price=800, corridors=("NS-W",)),
        *both(
            "IR_AST",
            "IR_RAS",
            km=162,
            price=150,
            corridors=("NS-W",),
            status="planned",
            opening_year=2028,
            name="Rasht–Astara railway",
            **r,
        ),
        *both("IR_RAS", "IR_THR", km=320, price=150, corridors=("NS-W",), **r),
        *both(
            "RU_ASF",
            "IR_BNZ",
            km=900,
            mode="ferry",
            price=0,
            corridors=("NS-C",),
            name="Astrakhan–Anzali",
        ),
        *both("IR_BNZ", "IR_THR", km=350, mode="road", speed=40.0, price=600, corridors=("NS-C",)),
    ]
    # the planned railway has ids distinct from the truck link
    links = [
        lk.__class__(**{**{f: getattr(lk, f) for f in lk.__slots__}, "id": lk.id + "-rail"})
        if lk.status == "planned"
        else lk
        for lk in links
    ]
    borders = [
        BorderCrossing(
            "BX_DOS",
            "CN_AKO-KZ_DOS",
            "Alashankou–Dostyk",
            12.0,
            48.0,
            gauge_change="transshipment",
            capacity_teu_day=1000.0,
        ),
        BorderCrossing(
            "BX_DOS_E",
            "KZ_DOS-CN_AKO",
            "Alashankou–Dostyk",
            12.0,
            48.0,
            gauge_change="transshipment",
            capacity_teu_day=1000.0,
        ),
        BorderCrossing(
            "BX_BRE",
            "BY_BQT-PL_TRS",
            "Brest–Terespol",
            48.0,
            120.0,
            gauge_change="transshipment",
            capacity_teu_day=1500.0,
        ),
        BorderCrossing(
            "BX_BRE_E",
            "PL_TRS-BY_BQT",
            "Brest–Terespol",
            48.0,
            120.0,
            gauge_change="transshipment",
            capacity_teu_day=1500.0,
        ),
        BorderCrossing("BX_AST", "AZ_AST-IR_AST", "Astara", 24.0, 48.0),
    ]
    services = [
        Service(
            "SV_AKT", "KZ_SCO-AZ_ALT", "Aktau–Alat feeder", "op", 7.0, 20.0, 900.0, capacity_teu=300
        ),
        Service(
            "SV_AKT_E",
            "AZ_ALT-KZ_SCO",
            "Aktau–Alat feeder",
            "op",
            7.0,
            20.0,
            900.0,
            capacity_teu=300,
        ),
        Service(
            "SV_ANZ", "RU_ASF-IR_BNZ", "Astrakhan–Anzali", "op", 2.0, 36.0, 700.0, capacity_teu=100
        ),
    ]
    return network(nodes, links, borders, services)


def mini_demand() -> Demand:
    return Demand.checked(
        [
            ODDemand("CN_XIY", "DE_DUI", 100_000, corridor="CN-EU", source="test"),
            ODDemand("CN_XIY", "HU_BUD", 20_000, corridor="CN-EU", source="test"),
            ODDemand("CN_XIY", "GE_PTI", 10_000, corridor="TITR", source="test"),
            ODDemand("RU_MOW", "IR_THR", 20_000, corridor="INSTC", source="test"),
        ]
    )
