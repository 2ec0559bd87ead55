"""Choose a few, distinct options from a Pareto set, and name them.

The extremes come first (fastest, cheapest, greenest), then the best compromise (smallest sum of
criteria normalised to the set's range), then the options farthest from those already chosen, where
distance is the normalised criteria distance plus how different the route is (share of links not in
common). Options too close to a chosen one in both respects are skipped as near-duplicates, so
five options are five real choices, not one corridor with five small detours.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from corridors.routing.search import Path

__all__ = ["Chosen", "choose"]

NEAR_DUPLICATE = 0.05  # combined distance below which an option adds nothing


@dataclass(frozen=True, slots=True)
class Chosen:
    path: Path
    label: str


def choose(paths: Sequence[Path], links: Sequence[frozenset[int]], limit: int) -> list[Chosen]:
    """Up to ``limit`` diversified paths with labels, in the order they were picked."""
    if not paths:
        return []
    crit = [(p.time_h, p.price_usd, p.co2e_kg) for p in paths]
    lo = [min(c[i] for c in crit) for i in range(3)]
    span = [max(max(c[i] for c in crit) - lo[i], 1e-9) for i in range(3)]
    norm = [tuple((c[i] - lo[i]) / span[i] for i in range(3)) for c in crit]
    names = ("fastest", "cheapest", "greenest")
    labels: dict[int, list[str]] = {}
    order: list[int] = []
    for i, name in enumerate(names):

        def by(j: int, i: int = i) -> tuple[float, float]:
            return crit[j][i], sum(norm[j])

        best = min(range(len(paths)), key=by)
        labels.setdefault(best, []).append(name)
        if best not in order:
            order.append(best)
    balanced = min(range(len(paths)), key=lambda j: (sum(norm[j]), crit[j]))
    if balanced not in order:
        labels.setdefault(balanced, []).append("balanced")
        order.append(balanced)

    def distance(a: int, b: int) -> float:
        dc = sum(abs(x - y) for x, y in zip(norm[a], norm[b], strict=True)) / 3.0
        union = len(links[a] | links[b])
        dl = 1.0 - len(links[a] & links[b]) / union if union else 0.0
        return dc + dl

    rest = [j for j in range(len(paths)) if j not in order]
    while rest and len(order) < limit:
        score = {j: min(distance(j, k) for k in order) for j in rest}
        far = max(rest, key=lambda j: (score[j], -sum(norm[j])))
        if score[far] < NEAR_DUPLICATE:
            break
        order.append(far)
        rest.remove(far)
    return [Chosen(paths[j], ", ".join(labels.get(j, []))) for j in order[:limit]]
