"""Exact line search on the Beckmann objective along a feasible direction.

Along ``x + τ·d`` the objective ``φ(τ) = Σ ∫₀^{x+τd} t + Σ f·(x+τd)`` is convex, so its minimum
on ``[0, 1]`` is where ``φ'(τ) = Σ (t(x+τd) + f)·d`` changes sign. We find it by Newton's method on
``φ'`` (with ``φ''(τ) = Σ t'(x+τd)·d²``), safeguarded by bisection, to near machine precision: the
conjugate directions assume an exact minimiser along the previous direction.
"""

from __future__ import annotations

import numpy as np

from corridors.assignment._types import FloatArray
from corridors.assignment.vdf import DelayFunction

__all__ = ["exact_line_search"]

_MAX_STEPS = 60


def exact_line_search(
    delay: DelayFunction,
    fixed_cost: FloatArray,
    flow: FloatArray,
    direction: FloatArray,
    slope_at_zero: float,
) -> float:
    """The step ``τ ∈ [0, 1]`` minimising the objective along ``flow + τ·direction``.

    ``slope_at_zero`` is ``φ'(0) = Σ cost(flow)·direction``, which the caller has already. Returns
    0 when the direction does not descend and 1 when the objective still falls at the full step.
    """
    if not slope_at_zero < 0.0:
        return 0.0

    def slope(tau: float) -> tuple[float, float]:
        t, dt = delay.time_and_derivative(flow + tau * direction)
        return float(np.dot(t + fixed_cost, direction)), float(np.dot(dt, direction * direction))

    g1, _ = slope(1.0)
    if g1 <= 0.0:
        return 1.0
    lo, hi = 0.0, 1.0
    tau = slope_at_zero / (slope_at_zero - g1)  # secant start
    tol = 1e-12 * -slope_at_zero
    for _ in range(_MAX_STEPS):
        g, curvature = slope(tau)
        if abs(g) <= tol:
            break
        if g > 0.0:
            hi = tau
        else:
            lo = tau
        if hi - lo <= 1e-15:
            break
        newton = tau - g / curvature if curvature > 0.0 else np.nan
        if not lo < newton < hi:
            tau = 0.5 * (lo + hi)  # Newton left the bracket: bisect instead
        elif abs(newton - tau) <= 1e-15 * max(tau, 1e-3):
            return float(newton)  # converged to rounding level
        else:
            tau = float(newton)
    return tau
