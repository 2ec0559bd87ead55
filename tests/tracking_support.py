"""Shared pieces for the platform tests: a small corridor network, route options over it, and
database fixtures that run each test on SQLite and on PostgreSQL.

The network is SYNTHETIC test data: the places are real, the figures are round illustrative
numbers (not sourced data) chosen so that times are easy to reason about in assertions.
"""

from __future__ import annotations

import math
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from corridors.network.model import BorderCrossing, Link, Network, Node, Service
from corridors.routing.schemas import Leg, RouteOption

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def _node(id_: str, name: str, country: str, lat: float, lon: float, kind: str, locode: str = ""):
    return Node(
        id=id_,
        name=name,
        country=country,
        lat=lat,
        lon=lon,
        kind=kind,  # type: ignore[arg-type]
        unlocode=locode,
        handling_h=2.0 if kind in ("terminal", "seaport", "dry_port") else 0.0,
    )


def corridor_network() -> Network:
    """Xi'an to Poti over the Middle Corridor, plus a branch to Moscow via Dostyk."""
    nodes = [
        _node("CN_XIAN", "Xi'an", "CN", 34.3, 108.9, "terminal", "CNXIY"),
        _node("CN_KHORGOS", "Khorgos", "CN", 44.2, 80.4, "border"),
        _node("KZ_ALTYNKOL", "Altynkol", "KZ", 44.2, 80.3, "border"),
        _node("KZ_ALMATY", "Almaty", "KZ", 43.2, 76.9, "terminal", "KZALA"),
        _node("KZ_AKTAU", "Aktau", "KZ", 43.6, 51.2, "seaport", "KZAKX"),
        _node("AZ_ALAT", "Alat", "AZ", 39.9, 49.4, "seaport", "AZALT"),
        _node("AZ_BEYUK_KESIK", "Beyuk-Kesik", "AZ", 41.3, 45.1, "border"),
        _node("GE_GARDABANI", "Gardabani", "GE", 41.4, 45.1, "border"),
        _node("GE_POTI", "Poti", "GE", 42.2, 41.7, "seaport", "GEPTI"),
        _node("CN_ALASHANKOU", "Alashankou", "CN", 45.2, 82.6, "border"),
        _node("KZ_DOSTYK", "Dostyk", "KZ", 45.3, 82.5, "border"),
        _node("RU_MOSCOW", "Moscow", "RU", 55.7, 37.6, "terminal", "RUMOW"),
    ]

    def rail(id_: str, a: str, b: str, km: float, gauge: int, speed: float = 40.0) -> Link:
        return Link(
            id=id_,
            from_id=a,
            to_id=b,
            mode="rail",
            length_km=km,
            speed_kmh=speed,
            price_usd_teu=km * 0.5,
            emission_factor_id="rail",
            wtw_kg_tkm=0.02,
            gauge=gauge,
        )

    links = [
        rail("L_XIAN_KHORGOS", "CN_XIAN", "CN_KHORGOS", 3600, 1435, 60),
        rail("L_KHORGOS_ALTYNKOL", "CN_KHORGOS", "KZ_ALTYNKOL", 10, 1435, 10),
        rail("L_ALTYNKOL_ALMATY", "KZ_ALTYNKOL", "KZ_ALMATY", 400, 1520),
        rail("L_ALMATY_AKTAU", "KZ_ALMATY", "KZ_AKTAU", 2800, 1520),
        Link(
            id="L_AKTAU_ALAT",
            from_id="KZ_AKTAU",
            to_id="AZ_ALAT",
            mode="ferry",
            length_km=450,
            speed_kmh=22.5,
            price_usd_teu=900,
            emission_factor_id="ferry",
            wtw_kg_tkm=0.05,
        ),
        rail("L_ALAT_BEYUK", "AZ_ALAT", "AZ_BEYUK_KESIK", 500, 1520),
        rail("L_BEYUK_GARDABANI", "AZ_BEYUK_KESIK", "GE_GARDABANI", 5, 1520, 10),
        rail("L_GARDABANI_POTI", "GE_GARDABANI", "GE_POTI", 360, 1520),
        rail("L_XIAN_ALASHANKOU", "CN_XIAN", "CN_ALASHANKOU", 3200, 1435, 60),
        rail("L_ALASHANKOU_DOSTYK", "CN_ALASHANKOU", "KZ_DOSTYK", 10, 1435, 10),
        rail("L_DOSTYK_MOSCOW", "KZ_DOSTYK", "RU_MOSCOW", 5000, 1520, 50),
    ]
    borders = [
        BorderCrossing(
            "B_KHORGOS",
            "L_KHORGOS_ALTYNKOL",
            "Khorgos - Altynkol",
            12.0,
            36.0,
            gauge_change="transshipment",
        ),
        BorderCrossing("B_BEYUK", "L_BEYUK_GARDABANI", "Beyuk-Kesik - Gardabani", 6.0, 18.0),
        BorderCrossing(
            "B_DOSTYK",
            "L_ALASHANKOU_DOSTYK",
            "Alashankou - Dostyk",
            10.0,
            30.0,
            gauge_change="transshipment",
        ),
    ]
    services = {
        "L_AKTAU_ALAT": (
            Service("S_AKTAU_ALAT", "L_AKTAU_ALAT", "Aktau - Alat ferry", "test", 3.5, 20.0, 900),
        )
    }
    return Network(
        nodes={n.id: n for n in nodes},
        links={lk.id: lk for lk in links},
        borders={b.link_id: b for b in borders},
        services=services,
        emission_factors={},
        sources={},
    )


MIDDLE = [
    "L_XIAN_KHORGOS",
    "L_KHORGOS_ALTYNKOL",
    "L_ALTYNKOL_ALMATY",
    "L_ALMATY_AKTAU",
    "L_AKTAU_ALAT",
    "L_ALAT_BEYUK",
    "L_BEYUK_GARDABANI",
    "L_GARDABANI_POTI",
]
NORTHERN = ["L_XIAN_ALASHANKOU", "L_ALASHANKOU_DOSTYK", "L_DOSTYK_MOSCOW"]
FERRY_WAIT_H = 24.0


def route_option(network: Network, link_ids: list[str], depart: datetime = T0) -> RouteOption:
    """A route option over ``link_ids`` as a planner would return it (legs back to back)."""
    legs: list[Leg] = []
    t = depart
    spread_sq = 0.0
    countries: list[str] = []
    for lid in link_ids:
        link = network.links[lid]
        a, b = network.nodes[link.from_id], network.nodes[link.to_id]
        handling = a.handling_h if not legs else 0.0
        services = network.services.get(lid, ())
        running = services[0].crossing_h if services else link.length_km / link.speed_kmh
        wait = FERRY_WAIT_H if services else 0.0
        border = network.borders.get(lid)
        dwell = border.dwell_p50_h if border else 0.0
        if border:
            spread_sq += (border.dwell_p90_h - border.dwell_p50_h) ** 2
        spread_sq += (0.8 * wait) ** 2
        leg_depart = t + timedelta(hours=handling + wait)
        leg_arrive = leg_depart + timedelta(hours=running + dwell)
        leg_countries = list(dict.fromkeys([a.country, b.country]))
        for c in leg_countries:
            if c not in countries:
                countries.append(c)
        legs.append(
            Leg(
                from_id=a.id,
                to_id=b.id,
                from_name=a.name,
                to_name=b.name,
                mode=link.mode,
                link_id=lid,
                service_id=services[0].id if services else None,
                distance_km=link.length_km,
                depart=leg_depart,
                arrive=leg_arrive,
                running_h=running,
                wait_h=wait,
                dwell_h=dwell,
                handling_h=handling,
                price_usd=link.price_usd_teu * 2,
                co2e_kg=link.length_km * 20 * link.wtw_kg_tkm,
                gauge=link.gauge,
                countries=leg_countries,
                border=border.name if border else None,
                geometry=[(a.lon, a.lat), (b.lon, b.lat)],
            )
        )
        t = leg_arrive
    arrive = legs[-1].arrive
    return RouteOption(
        rank=1,
        label="fastest",
        legs=legs,
        depart=depart,
        arrive_p50=arrive,
        arrive_p90=arrive + timedelta(hours=math.sqrt(spread_sq)),
        transit_p50_h=(arrive - depart).total_seconds() / 3600,
        transit_p90_h=(arrive - depart).total_seconds() / 3600 + math.sqrt(spread_sq),
        price_usd=sum(leg.price_usd for leg in legs),
        co2e_kg=sum(leg.co2e_kg for leg in legs),
        distance_km=sum(leg.distance_km for leg in legs),
        countries=countries,
        border_crossings=[leg.border for leg in legs if leg.border],
        gauge_changes=[],
        transshipments=0,
        documents=[],
        modes=list(dict.fromkeys(leg.mode for leg in legs)),
    )


# --- databases ------------------------------------------------------------------------------


def _postgres_admin_url() -> str | None:
    return os.environ.get("CORRIDORS_TEST_POSTGRES_URL") or None


def _unavailable(reason: str) -> None:
    message = f"PostgreSQL tests need a server: {reason}"
    if os.environ.get("CORRIDORS_REQUIRE_POSTGRES") == "1":
        pytest.fail(message + " (CORRIDORS_REQUIRE_POSTGRES=1, so this is a failure)")
    pytest.skip(message + " (set CORRIDORS_TEST_POSTGRES_URL to run them)")


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A uniquely named database for this test session, dropped at the end."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = _postgres_admin_url()
    if admin is None:
        _unavailable("CORRIDORS_TEST_POSTGRES_URL is not set")
        raise AssertionError("unreachable")
    url = make_url(admin)
    plain = url.set(drivername="postgresql").render_as_string(hide_password=False)
    name = f"corridors_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    try:
        conn = psycopg.connect(plain, autocommit=True, connect_timeout=5)
    except psycopg.Error as exc:
        _unavailable(f"cannot connect to {url.render_as_string()}: {exc}")
        raise AssertionError("unreachable") from exc
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(drivername="postgresql+psycopg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _truncate_postgres(url: str) -> None:
    from sqlalchemy import create_engine, inspect, text

    from corridors.store.models import Base

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            present = set(inspect(conn).get_table_names())
            tables = [t.name for t in Base.metadata.sorted_tables if t.name in present]
            if tables:
                conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path) -> str:
    """An empty database: a fresh SQLite file, or the session's PostgreSQL database emptied."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'corridors.db'}"
    url: str = request.getfixturevalue("postgres_database")
    _truncate_postgres(url)
    return url
