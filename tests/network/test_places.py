"""Place lookup finds what a forwarder types, in English or Russian, with typos, and says
how a city that is not a terminal is connected."""

from __future__ import annotations

import pytest

from corridors.errors import NotFound
from corridors.network.geo import great_circle_km
from corridors.network.load import load_network
from corridors.network.model import Network
from corridors.network.places import ROAD_DETOUR, normalize, resolve_place, search_places


@pytest.fixture(scope="module")
def net() -> Network:
    return load_network()


@pytest.mark.parametrize(
    ("query", "node_id"),
    [
        ("KZ_DOS", "KZ_DOS"),  # id
        ("kz_dos", "KZ_DOS"),
        ("KZDOS", "KZ_DOS"),  # UN/LOCODE
        ("Dostyk", "KZ_DOS"),  # English
        ("Достык", "KZ_DOS"),  # Russian
        ("Druzhba", "KZ_DOS"),  # former name
        ("Dostyk station", "KZ_DOS"),
        ("Malaszewicze", "PL_MAL"),  # without diacritics
        ("Małaszewicze", "PL_MAL"),
        ("Караганда", "KZ_KGF"),
        ("Türkmenbaşy", "TM_KRW"),
        ("Turkmenbashi", "TM_KRW"),
        ("Gəncə", "AZ_GNJ"),  # the Azerbaijani spelling, through the GeoNames city
    ],
)
def test_exact_lookups(net: Network, query: str, node_id: str) -> None:
    place = resolve_place(net, query)
    assert place.node_id == node_id
    assert place.access_km == 0.0


@pytest.mark.parametrize(
    ("query", "node_id"), [("Dostik", "KZ_DOS"), ("Almatty", "KZ_ALA"), ("Tashkient", "UZ_TAS")]
)
def test_typos_are_read_as_the_nearest_name_and_said_so(
    net: Network, query: str, node_id: str
) -> None:
    place = resolve_place(net, query)
    assert place.node_id == node_id
    assert place.note.startswith(f"read {query!r} as")


def test_a_city_that_is_not_a_node_is_connected_by_road(net: Network) -> None:
    place = resolve_place(net, "Taraz")
    assert place.name == "Taraz"
    assert net.nodes[place.node_id].country == "KZ"
    node = net.nodes[place.node_id]
    gc = great_circle_km(place.lat, place.lon, node.lat, node.lon)
    assert place.access_km == pytest.approx(gc * ROAD_DETOUR, abs=0.1)
    # No other Kazakh terminal is closer.
    for other in net.nodes.values():
        if other.country == "KZ" and other.kind in ("terminal", "hub", "dry_port", "seaport"):
            assert great_circle_km(place.lat, place.lon, other.lat, other.lon) >= gc - 1e-6
    assert "not a network node" in place.note and "estimate" in place.note


def test_lat_lon_connects_to_the_nearest_terminal(net: Network) -> None:
    place = resolve_place(net, "43.35, 77.05")  # just outside Almaty
    assert place.node_id == "KZ_ALA"
    assert (place.lat, place.lon) == (43.35, 77.05)
    assert 0 < place.access_km < 30


def test_out_of_range_coordinates(net: Network) -> None:
    with pytest.raises(NotFound, match="out of range"):
        resolve_place(net, "95, 10")


def test_unknown_place_suggests(net: Network) -> None:
    with pytest.raises(NotFound) as err:
        resolve_place(net, "Dosstykkk Gateway Xq")
    assert "did you mean" in err.value.message
    assert "KZ_DOS" in err.value.message or "Dostyk" in err.value.message


def test_empty_query(net: Network) -> None:
    with pytest.raises(NotFound):
        resolve_place(net, "   ")


def test_search_places_puts_nodes_first_then_cities(net: Network) -> None:
    found = search_places(net, "kar", limit=6)
    assert [m.node_id for m in found[:2]] == ["KZ_KGF", "TR_KSY"]
    assert any(m.kind == "city" for m in found)
    # Every suggestion resolves to a node.
    for m in found:
        assert resolve_place(net, m.query).node_id in net.nodes


def test_search_places_limits_and_empty_text(net: Network) -> None:
    assert len(search_places(net, "a", limit=3)) == 3
    assert search_places(net, "  ", limit=5) == []


def test_normalize() -> None:
    assert normalize("Kuźnica-Białostocka ") == "kuznica bialostocka"
    assert normalize("Türkmenbaşy") == "turkmenbasy"
