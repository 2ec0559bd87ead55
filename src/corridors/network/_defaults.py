"""Which default row (emission factor, tariff, speed, handling) applies to a link or node.

Shared by the checks (a link no default covers is an error) and the loader (which copies the
chosen values into the model). A row whose ``region`` lists the country beats a ``*`` row; for
speeds an exact traction beats ``*``.
"""

from __future__ import annotations

from corridors.network._tables import Row

__all__ = [
    "default_traction",
    "ef_key",
    "pick_emission_factor",
    "pick_speed",
    "pick_tariff",
    "region_rank",
]


def region_rank(row: Row, country: str) -> int | None:
    """0 when the row names the country, 1 for a ``*`` row, None when it does not apply."""
    regions = row.items("region")
    if country in regions:
        return 0
    if "*" in regions:
        return 1
    return None


def default_traction(mode: str) -> str:
    """Traction assumed when link.csv leaves it empty (rail must state it; the check says so)."""
    return {"rail": "diesel", "road": "diesel"}.get(mode, "marine")


def ef_key(mode: str, traction: str) -> str:
    """The ``default_for`` value that covers a link of this mode and traction."""
    return f"rail:{traction}" if mode == "rail" else mode


def pick_emission_factor(rows: list[Row], mode: str, traction: str, country: str) -> Row | None:
    key = ef_key(mode, traction)
    ranked = [
        (rank, r)
        for r in rows
        if r.text("default_for") == key and (rank := region_rank(r, country)) is not None
    ]
    return min(ranked, key=lambda x: x[0])[1] if ranked else None


def pick_tariff(rows: list[Row], mode: str, country: str) -> Row | None:
    ranked = [
        (rank, r)
        for r in rows
        if r.text("mode") == mode and (rank := region_rank(r, country)) is not None
    ]
    return min(ranked, key=lambda x: x[0])[1] if ranked else None


def pick_speed(rows: list[Row], mode: str, traction: str, country: str) -> Row | None:
    ranked = []
    for r in rows:
        if r.text("mode") != mode or r.text("traction") not in (traction, "*"):
            continue
        rank = region_rank(r, country)
        if rank is not None:
            ranked.append(((rank, 0 if r.text("traction") == traction else 1), r))
    return min(ranked, key=lambda x: x[0])[1] if ranked else None
