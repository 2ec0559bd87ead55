"""A route plan as GeoJSON: one LineString feature per leg, tagged with its option and leg data.

Shared by the CLI (``--geojson``) and the API so that both export the same shape.
"""

from __future__ import annotations

from typing import Any

from corridors.routing.schemas import RoutePlan

__all__ = ["plan_geojson"]


def plan_geojson(plan: RoutePlan) -> dict[str, Any]:
    """FeatureCollection of every leg of every option (coordinates are [lon, lat])."""
    features: list[dict[str, Any]] = []
    for opt in plan.options:
        for i, leg in enumerate(opt.legs):
            props = leg.model_dump(mode="json", exclude={"geometry"})
            props.update(option_rank=opt.rank, option_label=opt.label, leg_index=i)
            features.append(
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "LineString",
                        "coordinates": [list(p) for p in leg.geometry],
                    },
                    "properties": props,
                }
            )
    return {"type": "FeatureCollection", "features": features}
