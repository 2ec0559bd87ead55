"""Congestion equilibrium: user-equilibrium traffic assignment on plain arrays.

``assign(network, demand, algorithm="bfw")`` solves the equilibrium of an
:class:`AssignmentNetwork` (links, volume–delay functions, zones, fixed costs) for a zones × zones
demand matrix with Frank–Wolfe, conjugate or bi-conjugate Frank–Wolfe. :mod:`.tntp` reads the TNTP
benchmark files; :mod:`.vdf` holds the BPR and queueing volume–delay functions.
"""

from __future__ import annotations

from corridors.assignment.equilibrium import (
    ALGORITHMS,
    Algorithm,
    AssignmentResult,
    Iteration,
    assign,
)
from corridors.assignment.network import AssignmentNetwork, validate_demand
from corridors.assignment.paths import AllOrNothing, shortest_path_costs
from corridors.assignment.vdf import BPR, DelayFunction, MixedDelay, QueueingDelay

__all__ = [
    "ALGORITHMS",
    "BPR",
    "Algorithm",
    "AllOrNothing",
    "AssignmentNetwork",
    "AssignmentResult",
    "DelayFunction",
    "Iteration",
    "MixedDelay",
    "QueueingDelay",
    "assign",
    "shortest_path_costs",
    "validate_demand",
]
