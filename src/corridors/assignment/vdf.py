"""Volume–delay functions: link travel time as a function of link flow, vectorised over links.

Each function gives, for an array of link flows ``x``, the travel time ``t(x)``, its derivative
``t'(x)`` (the diagonal of the Hessian of the Beckmann objective, used by the conjugate directions
and the Newton line search) and the integral ``∫₀ˣ t(v) dv`` (the Beckmann objective itself).
All of them are non-decreasing in ``x`` and finite for every flow ``x >= 0``: the equilibrium
solvers take steps that overload links on the way to equilibrium, so a function that returns
``inf`` above capacity would break the line search.

- :class:`BPR` — the Bureau of Public Roads function used by the TNTP networks,
  ``t = t0 · (1 + b · (x/c)^power)``.
- :class:`QueueingDelay` — queueing delay for border crossings and ports (a modified Davidson
  function): M/M/1-like growth towards capacity, continued linearly beyond ``rho_max · c``.
- :class:`MixedDelay` — a network whose links use different functions (BPR on lines,
  queueing delay at borders and ports).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from corridors.assignment._types import BoolArray, FloatArray, IntArray
from corridors.errors import InvalidInput

__all__ = ["BPR", "DelayFunction", "MixedDelay", "QueueingDelay"]


class DelayFunction(Protocol):
    """What the equilibrium solvers need from a volume–delay function over ``size`` links."""

    @property
    def size(self) -> int: ...

    def time(self, flow: FloatArray) -> FloatArray:
        """Travel time per link at the given flows."""
        ...

    def derivative(self, flow: FloatArray) -> FloatArray:
        """``dt/dx`` per link (>= 0)."""
        ...

    def time_and_derivative(self, flow: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Both at once; cheaper than two calls because they share powers."""
        ...

    def integral(self, flow: FloatArray) -> FloatArray:
        """``∫₀ˣ t(v) dv`` per link; its sum is the Beckmann objective."""
        ...


def _column(name: str, value: object, size: int | None) -> FloatArray:
    """A finite float64 vector; scalars broadcast to ``size``."""
    arr = np.asarray(value, dtype=np.float64)
    if arr.ndim == 0:
        if size is None:
            raise InvalidInput(f"{name} must be an array when no other array fixes the size")
        arr = np.full(size, float(arr))
    if arr.ndim != 1:
        raise InvalidInput(f"{name} must be one-dimensional, got shape {arr.shape}", field=name)
    if size is not None and arr.shape[0] != size:
        raise InvalidInput(
            f"{name} has {arr.shape[0]} values but there are {size} links", field=name
        )
    bad = ~np.isfinite(arr)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidInput(f"{name}[{i}] = {arr[i]} is not a finite number", field=name)
    return arr


def _require(name: str, arr: FloatArray, ok: BoolArray, accepted: str) -> None:
    bad = ~ok
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise InvalidInput(
            f"{name}[{i}] = {arr[i]:g}; accepted: {accepted}",
            field=name,
            hint=f"{int(bad.sum())} link(s) affected",
        )


def _size_of(*values: object) -> int | None:
    for v in values:
        arr = np.asarray(v)
        if arr.ndim == 1:
            return int(arr.shape[0])
    return None


@dataclass(frozen=True, eq=False)
class BPR:
    """``t(x) = t0 · (1 + b · (x/c)^power)`` (Bureau of Public Roads, as in the TNTP files).

    ``b`` and ``power`` are TNTP's column names (often called alpha and beta). Scalars broadcast
    to the length of the first array argument.
    """

    free_flow_time: FloatArray
    capacity: FloatArray
    b: FloatArray
    power: FloatArray
    _int_power: int | None = field(init=False, repr=False)

    def __init__(
        self, free_flow_time: object, capacity: object, b: object = 0.15, power: object = 4.0
    ) -> None:
        n = _size_of(free_flow_time, capacity, b, power)
        t0 = _column("free_flow_time", free_flow_time, n)
        cap = _column("capacity", capacity, n)
        bb = _column("b", b, n)
        pw = _column("power", power, n)
        _require("free_flow_time", t0, t0 >= 0, "a time >= 0")
        _require("capacity", cap, cap > 0, "a capacity > 0")
        _require("b", bb, bb >= 0, "b >= 0")
        _require("power", pw, (pw >= 1) | (bb == 0), "power >= 1 (or b = 0)")
        object.__setattr__(self, "free_flow_time", t0)
        object.__setattr__(self, "capacity", cap)
        object.__setattr__(self, "b", bb)
        object.__setattr__(self, "power", pw)
        # Nearly every network uses one integer power (4); repeated multiplication is several
        # times faster than np.power on the line-search hot path.
        p0 = float(pw[0]) if pw.size else 1.0
        common = bool(pw.size) and bool(np.all(pw == p0)) and p0.is_integer() and 1 <= p0 <= 8
        object.__setattr__(self, "_int_power", int(p0) if common else None)

    @property
    def size(self) -> int:
        return int(self.free_flow_time.shape[0])

    def _ratio_powers(self, flow: FloatArray) -> tuple[FloatArray, FloatArray]:
        """``(x/c)^(power-1)`` and ``x/c`` for non-negative flows."""
        r = np.maximum(flow, 0.0) / self.capacity
        if self._int_power is not None:
            rp1 = np.ones_like(r)
            for _ in range(self._int_power - 1):
                rp1 = rp1 * r
            return rp1, r
        return np.power(r, self.power - 1.0), r

    def time(self, flow: FloatArray) -> FloatArray:
        rp1, r = self._ratio_powers(flow)
        return self.free_flow_time * (1.0 + self.b * rp1 * r)

    def derivative(self, flow: FloatArray) -> FloatArray:
        rp1, _ = self._ratio_powers(flow)
        return self.free_flow_time * self.b * self.power * rp1 / self.capacity

    def time_and_derivative(self, flow: FloatArray) -> tuple[FloatArray, FloatArray]:
        rp1, r = self._ratio_powers(flow)
        k = self.free_flow_time * self.b * rp1
        return self.free_flow_time + k * r, k * self.power / self.capacity

    def integral(self, flow: FloatArray) -> FloatArray:
        rp1, r = self._ratio_powers(flow)
        x = np.maximum(flow, 0.0)
        return self.free_flow_time * (x + self.b * self.capacity * rp1 * r * r / (self.power + 1.0))


@dataclass(frozen=True, eq=False)
class QueueingDelay:
    """Queueing delay at a border crossing or port (modified Davidson function).

    With utilisation ``ρ = x / c``::

        t(x) = t0 + delay · ρ / (1 − ρ)                       for ρ <= rho_max
        t(x) = t(x_m) + t'(x_m) · (x − x_m),  x_m = rho_max·c  for ρ >  rho_max

    The first branch is the mean wait of an M/M/1 queue (Davidson's function): ``t0`` is the
    clearance time with no queue and ``delay`` the mean service time, so the wait doubles from
    ``delay`` at ρ = 0.5 to ``19 · delay`` at ρ = 0.95. The pure form has a pole at capacity:
    any flow above capacity — which an all-or-nothing step produces routinely — would make the
    Beckmann objective infinite and the line search meaningless. Beyond ``rho_max`` the
    function therefore continues along its tangent (Akçelik's modification). It stays
    continuous, differentiable and convex, and still rises steeply: the slope there is
    ``delay / (c · (1 − rho_max)²)``, 400 times the slope at zero flow for ``rho_max = 0.95``.
    """

    free_flow_time: FloatArray
    capacity: FloatArray
    delay: FloatArray
    rho_max: FloatArray

    def __init__(
        self,
        free_flow_time: object,
        capacity: object,
        delay: object,
        rho_max: object = 0.95,
    ) -> None:
        n = _size_of(free_flow_time, capacity, delay, rho_max)
        t0 = _column("free_flow_time", free_flow_time, n)
        cap = _column("capacity", capacity, n)
        d = _column("delay", delay, n)
        rm = _column("rho_max", rho_max, n)
        _require("free_flow_time", t0, t0 >= 0, "a time >= 0")
        _require("capacity", cap, cap > 0, "a capacity > 0")
        _require("delay", d, d >= 0, "a time >= 0")
        _require("rho_max", rm, (rm > 0) & (rm < 1), "0 < rho_max < 1")
        object.__setattr__(self, "free_flow_time", t0)
        object.__setattr__(self, "capacity", cap)
        object.__setattr__(self, "delay", d)
        object.__setattr__(self, "rho_max", rm)

    @property
    def size(self) -> int:
        return int(self.free_flow_time.shape[0])

    def _parts(self, flow: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Utilisation clipped to the queueing branch, the overflow beyond ``x_m``, and ``1−ρ``."""
        rho = np.maximum(flow, 0.0) / self.capacity
        rho_q = np.minimum(rho, self.rho_max)
        over = (rho - rho_q) * self.capacity
        return rho_q, over, 1.0 - rho_q

    def time(self, flow: FloatArray) -> FloatArray:
        return self.time_and_derivative(flow)[0]

    def derivative(self, flow: FloatArray) -> FloatArray:
        _, _, one_minus = self._parts(flow)
        return self.delay / (self.capacity * one_minus * one_minus)

    def time_and_derivative(self, flow: FloatArray) -> tuple[FloatArray, FloatArray]:
        rho_q, over, one_minus = self._parts(flow)
        slope = self.delay / (self.capacity * one_minus * one_minus)
        return self.free_flow_time + self.delay * rho_q / one_minus + slope * over, slope

    def integral(self, flow: FloatArray) -> FloatArray:
        rho_q, over, one_minus = self._parts(flow)
        x_q = rho_q * self.capacity
        queue = self.free_flow_time * x_q + self.delay * self.capacity * (-rho_q - np.log1p(-rho_q))
        t_m = self.free_flow_time + self.delay * rho_q / one_minus
        slope = self.delay / (self.capacity * one_minus * one_minus)
        return queue + t_m * over + 0.5 * slope * over * over


@dataclass(frozen=True, eq=False)
class MixedDelay:
    """Links that use different functions: ``parts`` pairs link indices with a function.

    Every link index in ``0 .. size-1`` must appear in exactly one part, e.g.
    ``MixedDelay(n, [(line_links, BPR(...)), (border_links, QueueingDelay(...))])``.
    """

    size: int
    parts: tuple[tuple[IntArray, DelayFunction], ...]

    def __init__(self, size: int, parts: Sequence[tuple[object, DelayFunction]]) -> None:
        seen = np.zeros(size, dtype=np.int64)
        norm: list[tuple[IntArray, DelayFunction]] = []
        for k, (links, fn) in enumerate(parts):
            idx = np.asarray(links, dtype=np.int64).reshape(-1)
            if idx.size != fn.size:
                raise InvalidInput(
                    f"part {k} lists {idx.size} links but its function covers {fn.size}",
                    field="parts",
                )
            if idx.size and (idx.min() < 0 or idx.max() >= size):
                raise InvalidInput(
                    f"part {k} has a link index outside 0..{size - 1}", field="parts"
                )
            np.add.at(seen, idx, 1)
            norm.append((idx, fn))
        if size and not np.all(seen == 1):
            i = int(np.flatnonzero(seen != 1)[0])
            raise InvalidInput(
                f"link {i} has {int(seen[i])} delay functions; each link needs exactly one",
                field="parts",
            )
        object.__setattr__(self, "size", size)
        object.__setattr__(self, "parts", tuple(norm))

    def time(self, flow: FloatArray) -> FloatArray:
        out = np.empty(self.size)
        for idx, fn in self.parts:
            out[idx] = fn.time(flow[idx])
        return out

    def derivative(self, flow: FloatArray) -> FloatArray:
        out = np.empty(self.size)
        for idx, fn in self.parts:
            out[idx] = fn.derivative(flow[idx])
        return out

    def time_and_derivative(self, flow: FloatArray) -> tuple[FloatArray, FloatArray]:
        t = np.empty(self.size)
        dt = np.empty(self.size)
        for idx, fn in self.parts:
            t[idx], dt[idx] = fn.time_and_derivative(flow[idx])
        return t, dt

    def integral(self, flow: FloatArray) -> FloatArray:
        out = np.empty(self.size)
        for idx, fn in self.parts:
            out[idx] = fn.integral(flow[idx])
        return out
