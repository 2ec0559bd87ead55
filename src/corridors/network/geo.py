"""Small spherical geometry shared by the checks, the loader and place lookup."""

from __future__ import annotations

import itertools
import math
import re

__all__ = ["EARTH_RADIUS_KM", "great_circle_km", "line_km", "parse_linestring"]

EARTH_RADIUS_KM = 6371.0  # the mean radius corridor-facts.md uses for its "computed GC" column


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Haversine distance in km between two points given in decimal degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp = p2 - p1
    dl = math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


Point = tuple[float, float]  # (lon, lat), the GeoJSON and WKT order

_WKT = re.compile(r"^\s*LINESTRING\s*\((.*)\)\s*$", re.IGNORECASE | re.DOTALL)


def parse_linestring(text: str) -> tuple[Point, ...]:
    """The points of a WKT ``LINESTRING (lon lat, lon lat, ...)``, as GMNS writes link shapes.

    Raises ValueError saying what is wrong: the keyword, a point that is not two numbers, a
    coordinate out of range, or fewer than two points.
    """
    m = _WKT.match(text)
    if m is None:
        raise ValueError("WKT 'LINESTRING (lon lat, lon lat, ...)'")
    points: list[Point] = []
    for i, part in enumerate(m.group(1).split(","), start=1):
        xy = part.split()
        try:
            lon, lat = (float(v) for v in xy)
        except ValueError:
            raise ValueError(f"point {i} as two numbers 'lon lat' (got {part.strip()!r})") from None
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
            raise ValueError(f"point {i} with lon in [-180, 180] and lat in [-90, 90]")
        points.append((lon, lat))
    if len(points) < 2:
        raise ValueError("at least two points")
    return tuple(points)


def line_km(points: tuple[Point, ...]) -> float:
    """Length of a polyline of (lon, lat) points, summed great circles between its vertices."""
    return math.fsum(great_circle_km(a[1], a[0], b[1], b[0]) for a, b in itertools.pairwise(points))
