"""Volume–delay functions: values, derivatives and integrals agree with each other and with
independent numerical calculus; the queueing delay stays finite and convex past capacity."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from corridors.assignment import BPR, MixedDelay, QueueingDelay
from corridors.errors import InvalidInput

positive = st.floats(0.1, 100.0)
flows = st.floats(0.0, 300.0)


def _bpr(t0: float, cap: float, b: float, power: float) -> BPR:
    return BPR(np.array([t0]), np.array([cap]), b, power)


def _queue(t0: float, cap: float, delay: float, rho_max: float) -> QueueingDelay:
    return QueueingDelay(np.array([t0]), np.array([cap]), delay, rho_max)


def _check_calculus(fn: BPR | QueueingDelay, x: float, kink: float | None = None) -> None:
    """t' against a central difference, ∫t against adaptive quadrature (told where t'' jumps)."""
    x = max(x, 1e-3)  # a central difference needs room on both sides
    h = 1e-6 * x
    fd = (fn.time(np.array([x + h]))[0] - fn.time(np.array([x - h]))[0]) / (2 * h)
    rounding = 50 * np.finfo(float).eps * fn.time(np.array([x]))[0] / h
    assert fn.derivative(np.array([x]))[0] == pytest.approx(fd, rel=1e-5, abs=rounding)
    t, dt = fn.time_and_derivative(np.array([x]))
    assert t[0] == pytest.approx(fn.time(np.array([x]))[0], rel=1e-14)
    assert dt[0] == pytest.approx(fn.derivative(np.array([x]))[0], rel=1e-14)
    points = [kink] if kink is not None and 0 < kink < x else None
    area, _ = quad(
        lambda v: fn.time(np.array([v]))[0],
        0.0,
        x,
        epsabs=0,
        epsrel=1e-11,
        limit=200,
        points=points,
    )
    assert fn.integral(np.array([x]))[0] == pytest.approx(area, rel=1e-8, abs=1e-9)


@settings(max_examples=200)
@given(positive, positive, st.floats(0.0, 2.0), st.sampled_from([1.0, 2.0, 4.0, 1.7, 5.3]), flows)
def test_bpr_derivative_and_integral_match_numerical_calculus(
    t0: float, cap: float, b: float, power: float, x: float
) -> None:
    _check_calculus(_bpr(t0, cap, b, power), x)


@settings(max_examples=200)
@given(positive, positive, st.floats(0.0, 50.0), st.floats(0.5, 0.99), flows)
def test_queueing_derivative_and_integral_match_numerical_calculus(
    t0: float, cap: float, delay: float, rho_max: float, x: float
) -> None:
    fn = _queue(t0, cap, delay, rho_max)
    x_m = rho_max * cap
    if abs(x - x_m) < 1e-3 * cap:  # the second derivative jumps at x_m; test either side
        x = x_m + 2e-3 * cap
    _check_calculus(fn, x, kink=x_m)


def test_bpr_matches_the_tntp_formula() -> None:
    fn = BPR(np.array([6.0, 4.0]), np.array([25900.2, 100.0]), 0.15, 4.0)
    x = np.array([25900.2, 50.0])
    assert fn.time(x) == pytest.approx([6.0 * 1.15, 4.0 * (1 + 0.15 * 0.5**4)])
    # A non-integer power takes the general code path and still agrees with the formula.
    g = BPR(np.array([2.0]), np.array([10.0]), 0.5, 2.5)
    assert g.time(np.array([20.0]))[0] == pytest.approx(2.0 * (1 + 0.5 * 2.0**2.5))


def test_queueing_delay_is_mm1_below_rho_max() -> None:
    fn = QueueingDelay(np.array([2.0]), np.array([100.0]), delay=3.0, rho_max=0.95)
    assert fn.time(np.array([0.0]))[0] == pytest.approx(2.0)
    assert fn.time(np.array([50.0]))[0] == pytest.approx(2.0 + 3.0)  # wait = delay at ρ = 0.5
    assert fn.time(np.array([90.0]))[0] == pytest.approx(2.0 + 3.0 * 9.0)


def test_queueing_delay_is_finite_continuous_and_convex_beyond_capacity() -> None:
    fn = QueueingDelay(np.array([1.0]), np.array([10.0]), delay=2.0, rho_max=0.9)
    x = np.linspace(0.0, 100.0, 20001)
    t, dt = fn.time(x), fn.derivative(x)
    assert np.all(np.isfinite(t)) and np.all(np.isfinite(dt))
    assert np.all(np.diff(dt) >= -1e-12)  # convex: the slope never falls
    around = np.array([9.0 - 1e-9, 9.0 + 1e-9])  # x_m = rho_max · capacity
    assert np.ptp(fn.time(around)) < 1e-6  # continuous
    assert np.ptp(fn.derivative(around)) < 1e-4  # and differentiable there
    # Steep near capacity: at 10x capacity the delay is far above the free-flow time.
    assert fn.time(np.array([100.0]))[0] > 1000.0
    assert fn.derivative(np.array([9.5]))[0] == pytest.approx(2.0 / (10.0 * 0.1**2))


def test_mixed_delay_dispatches_each_link_to_its_function() -> None:
    bpr = BPR(np.array([1.0, 2.0]), np.array([10.0, 10.0]), 0.15, 4.0)
    queue = QueueingDelay(np.array([3.0]), np.array([5.0]), 1.0)
    mixed = MixedDelay(3, [([0, 2], bpr), ([1], queue)])
    x = np.array([5.0, 2.0, 12.0])
    t = mixed.time(x)
    assert t[[0, 2]] == pytest.approx(bpr.time(x[[0, 2]]))
    assert t[1] == pytest.approx(queue.time(x[[1]])[0])
    assert mixed.integral(x)[1] == pytest.approx(queue.integral(x[[1]])[0])
    assert mixed.derivative(x)[[0, 2]] == pytest.approx(bpr.derivative(x[[0, 2]]))
    tt, dd = mixed.time_and_derivative(x)
    assert tt == pytest.approx(t)
    assert dd == pytest.approx(mixed.derivative(x))


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: BPR(np.array([1.0]), np.array([0.0])), "capacity"),
        (lambda: BPR(np.array([-1.0]), np.array([1.0])), "free_flow_time"),
        (lambda: BPR(np.array([1.0]), np.array([1.0]), 0.15, 0.5), "power"),
        (lambda: BPR(np.array([1.0]), np.array([np.nan])), "capacity"),
        (lambda: BPR(np.array([1.0, 2.0]), np.array([1.0])), "capacity"),
        (lambda: QueueingDelay(np.array([1.0]), np.array([1.0]), 1.0, 1.0), "rho_max"),
        (lambda: QueueingDelay(np.array([1.0]), np.array([1.0]), -1.0), "delay"),
        (lambda: MixedDelay(2, [([0], BPR(np.array([1.0]), np.array([1.0])))]), "parts"),
    ],
)
def test_bad_parameters_name_the_field(build: object, field: str) -> None:
    with pytest.raises(InvalidInput) as err:
        build()  # type: ignore[operator]
    assert err.value.field == field
