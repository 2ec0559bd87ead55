"""User-equilibrium traffic assignment: Frank–Wolfe, conjugate and bi-conjugate Frank–Wolfe.

The equilibrium minimises the Beckmann objective ``Σ ∫₀^{x_a} t_a + Σ f_a·x_a`` over the link flows
that carry the demand (``t_a`` the volume–delay function, ``f_a`` a fixed cost). Every iteration
loads the demand all-or-nothing onto the shortest paths at the current costs (``y``), which
both measures how far from equilibrium the flows are and gives a descent direction.

- ``fw``: move towards ``y``.
- ``cfw``: move towards a mix of ``y`` and the previous target, chosen so the new direction is
  conjugate to the previous one with respect to the Hessian ``diag(t'(x))``.
- ``bfw``: conjugate to the previous two directions.

(Mitradjieva & Lindberg, "The stiff is moving — conjugate direction Frank–Wolfe methods with
applications to traffic assignment", Transportation Science 47(2), 2013.) The step along each
direction is the exact minimiser of the objective (:mod:`corridors.assignment.linesearch`).

The relative gap of flows ``x`` with costs ``c(x)`` is ``(Σ x·c − Σ y·c) / Σ x·c``: the share of
the total cost that travellers would save if every one of them switched to a current shortest
path. It is zero exactly at equilibrium and is what ``gap`` stops on.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np

from corridors.assignment._types import FloatArray
from corridors.assignment.linesearch import exact_line_search
from corridors.assignment.network import AssignmentNetwork
from corridors.assignment.paths import AllOrNothing
from corridors.errors import InvalidInput

__all__ = ["ALGORITHMS", "Algorithm", "AssignmentResult", "Iteration", "assign"]

Algorithm = Literal["fw", "cfw", "bfw"]
ALGORITHMS: tuple[str, ...] = get_args(Algorithm)

# Largest conjugate weight (1 − δ of Mitradjieva & Lindberg): a weight of 1 would repeat the
# previous target and stall.
_MAX_CONJUGATE_WEIGHT = 1.0 - 1e-5


@dataclass(frozen=True, slots=True)
class Iteration:
    """Progress after one iteration, passed to ``on_iteration``."""

    iteration: int
    relative_gap: float
    objective: float
    step: float  # step length τ taken after measuring the gap (0 on the last iteration)
    direction: str  # "fw", "cfw" or "bfw": the direction actually used


@dataclass(frozen=True, eq=False)
class AssignmentResult:
    """Equilibrium link flows and how they were reached.

    ``relative_gap`` and ``objective`` describe the returned ``flows``; the histories hold one
    entry per iteration.
    """

    algorithm: str
    flows: FloatArray
    times: FloatArray  # volume–delay time t(x) per link
    costs: FloatArray  # generalised cost t(x) + fixed cost per link
    objective: float  # Beckmann objective plus fixed costs
    relative_gap: float
    converged: bool
    iterations: int
    seconds: float
    gap_history: tuple[float, ...]
    objective_history: tuple[float, ...]

    def to_dict(self, *, flows: bool = False) -> dict[str, Any]:
        """Plain data with the same names as the attributes (what ``--json`` prints)."""
        out: dict[str, Any] = {
            "algorithm": self.algorithm,
            "objective": self.objective,
            "relative_gap": self.relative_gap,
            "converged": self.converged,
            "iterations": self.iterations,
            "seconds": self.seconds,
            "gap_history": list(self.gap_history),
            "objective_history": list(self.objective_history),
        }
        if flows:
            out["flows"] = self.flows.tolist()
            out["times"] = self.times.tolist()
            out["costs"] = self.costs.tolist()
        return out


class _Directions:
    """The target point ``s`` of each iteration; the solver moves from ``x`` towards it.

    Keeps the previous two targets and the previous step, which the conjugate directions need.
    After a full step (``τ = 1``) the history collapses onto the current point, so it restarts
    with a plain Frank–Wolfe direction, as it does whenever a conjugate direction fails to descend.
    """

    def __init__(self, algorithm: Algorithm) -> None:
        self.algorithm = algorithm
        self.prev: FloatArray | None = None  # s_{k-1}
        self.prev2: FloatArray | None = None  # s_{k-2}
        self.tau_prev = 0.0

    def restart(self) -> None:
        self.prev = self.prev2 = None

    def target(self, x: FloatArray, y: FloatArray, hess: FloatArray) -> tuple[FloatArray, str]:
        prev, prev2 = self.prev, self.prev2
        if self.algorithm == "fw" or prev is None:
            return y, "fw"
        if self.algorithm == "cfw" or prev2 is None:
            d_prev = hess * (prev - x)
            num = float(np.dot(d_prev, y - x))
            den = float(np.dot(d_prev, y - prev))
            alpha = num / den if den != 0.0 else 0.0
            if not 0.0 <= alpha <= _MAX_CONJUGATE_WEIGHT:
                # No conjugate mix exists inside the feasible set. Clipping to the cap (as the
                # paper does) would aim at the previous target, along which the objective is
                # already minimal, and stall with tiny steps: take the Frank–Wolfe direction.
                alpha = 0.0
            return alpha * prev + (1.0 - alpha) * y, "cfw"
        tau = self.tau_prev
        d_bar = hess * (prev - x)
        d_bar2 = hess * (tau * prev + (1.0 - tau) * prev2 - x)
        mu_den = float(np.dot(d_bar2, prev2 - prev))
        mu = max(0.0, -float(np.dot(d_bar2, y - x)) / mu_den) if mu_den != 0.0 else 0.0
        nu_den = float(np.dot(d_bar, prev - x))
        nu = 0.0
        if nu_den != 0.0:
            nu = max(0.0, -float(np.dot(d_bar, y - x)) / nu_den + mu * tau / (1.0 - tau))
        b0 = 1.0 / (1.0 + mu + nu)
        return b0 * y + (nu * b0) * prev + (mu * b0) * prev2, "bfw"

    def accept(self, s: FloatArray, tau: float) -> None:
        if tau >= 1.0:
            self.restart()
            return
        self.prev2, self.prev, self.tau_prev = self.prev, s, tau


def assign(
    network: AssignmentNetwork,
    demand: object,
    *,
    algorithm: Algorithm = "bfw",
    gap: float = 1e-4,
    max_iter: int = 1000,
    on_iteration: Callable[[Iteration], None] | None = None,
) -> AssignmentResult:
    """Solve the user equilibrium of ``demand`` (zones × zones) on ``network``.

    Stops when the relative gap is at most ``gap`` or after ``max_iter`` iterations, whichever
    comes first (``converged`` says which). One iteration is one all-or-nothing loading after
    the initial one at free-flow costs.
    """
    if algorithm not in ALGORITHMS:
        raise InvalidInput(
            f"algorithm = {algorithm!r}; accepted: {', '.join(ALGORITHMS)}", field="algorithm"
        )
    if not (np.isfinite(gap) and gap >= 0):
        raise InvalidInput(f"gap = {gap}; accepted: a number >= 0", field="gap")
    if max_iter < 1:
        raise InvalidInput(f"max_iter = {max_iter}; accepted: an integer >= 1", field="max_iter")

    start = time.perf_counter()
    delay, fixed = network.delay, network.fixed_cost
    aon = AllOrNothing(network, demand)
    x = aon.load(delay.time(np.zeros(network.n_links)) + fixed)
    directions = _Directions(algorithm)
    gaps: list[float] = []
    objectives: list[float] = []
    converged = False

    for k in range(1, max_iter + 1):
        t, dt = delay.time_and_derivative(x)
        cost = t + fixed
        y = aon.load(cost)
        total = float(np.dot(x, cost))
        rgap = (total - float(np.dot(y, cost))) / total if total > 0.0 else 0.0
        objective = float(delay.integral(x).sum() + np.dot(fixed, x))
        gaps.append(rgap)
        objectives.append(objective)
        converged = rgap <= gap
        tau, used = 0.0, "fw"
        if not converged and k < max_iter:
            s, used = directions.target(x, y, dt)
            d = s - x
            tau = exact_line_search(delay, fixed, x, d, float(np.dot(cost, d)))
            if tau == 0.0 and used != "fw":
                # The conjugate direction does not descend: fall back to Frank–Wolfe.
                directions.restart()
                s, used = y, "fw"
                d = y - x
                tau = exact_line_search(delay, fixed, x, d, float(np.dot(cost, d)))
            directions.accept(s, tau)
            x = x + tau * d
        if on_iteration is not None:
            on_iteration(Iteration(k, rgap, objective, tau, used))
        if converged or k == max_iter or tau == 0.0:
            break

    t = delay.time(x)
    return AssignmentResult(
        algorithm=algorithm,
        flows=x,
        times=t,
        costs=t + fixed,
        objective=objectives[-1],
        relative_gap=gaps[-1],
        converged=converged,
        iterations=len(gaps),
        seconds=time.perf_counter() - start,
        gap_history=tuple(gaps),
        objective_history=tuple(objectives),
    )
