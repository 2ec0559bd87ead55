"""Regions the reports single out. The Caspian is landlocked, so a port inside its bounding box
is a Caspian port (Aktau, Kuryk, Alat, Türkmenbaşy, Makhachkala, Olya, Astrakhan, Anzali, ...)."""

from __future__ import annotations

from corridors.network.model import Link, Network, Node

__all__ = ["CASPIAN_BOX", "crosses_caspian", "in_caspian"]

CASPIAN_BOX = (36.0, 47.5, 46.5, 55.5)  # lat_min, lat_max, lon_min, lon_max


def in_caspian(node: Node) -> bool:
    lat0, lat1, lon0, lon1 = CASPIAN_BOX
    return lat0 <= node.lat <= lat1 and lon0 <= node.lon <= lon1


def crosses_caspian(network: Network, link: Link) -> bool:
    """A ferry, sea or inland-water link between two places on the Caspian."""
    return link.mode in ("ferry", "sea", "inland_water") and all(
        in_caspian(network.nodes[n]) for n in (link.from_id, link.to_id)
    )
