"""Percentiles, binding shares and rank correlations against numpy and scipy on known inputs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

from corridors.sweeps import RunRecord, summarise
from corridors.sweeps.summary import describe, element_name, spearman


def test_describe_matches_numpy_on_known_values() -> None:
    values = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0, 5.0]
    s = describe("x", "x", "u", values, base=2.5)
    assert s.n == 11
    assert s.mean == pytest.approx(44 / 11)
    assert s.min == 1.0 and s.max == 9.0
    assert s.p50 == 4.0  # the 6th of 11 sorted values
    # numpy's default: linear interpolation at (n - 1) * q
    assert s.p5 == pytest.approx(1.0)  # position 0.5 between 1 and 1
    assert s.p95 == pytest.approx(6.0 + 0.5 * (9.0 - 6.0))  # position 9.5 between 6 and 9
    assert s.sd == pytest.approx(np.std(values, ddof=1))
    assert s.base == 2.5


def test_missing_and_nan_values_are_left_out() -> None:
    s = describe("x", "x", "u", [1.0, None, float("nan"), 3.0])
    assert s.n == 2 and s.p50 == 2.0
    empty = describe("x", "x", "u", [None])
    assert empty.n == 0 and empty.p50 is None and empty.mean is None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1e9, 1e9), min_size=1, max_size=200))
def test_percentiles_are_numpys(values: list[float]) -> None:
    s = describe("x", "x", "u", values)
    p5, p50, p95 = np.percentile(values, [5, 50, 95])
    assert (s.p5, s.p50, s.p95) == (pytest.approx(p5), pytest.approx(p50), pytest.approx(p95))
    assert s.mean == pytest.approx(float(np.mean(values)), rel=1e-9, abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(-20, 20), st.integers(-20, 20)), min_size=3, max_size=60))
def test_spearman_matches_scipy(pairs: list[tuple[int, int]]) -> None:
    x = [float(a) for a, _ in pairs]
    y = [float(b) for _, b in pairs]
    ours = spearman(x, y)
    if len(set(x)) == 1 or len(set(y)) == 1:
        assert ours is None
    else:
        assert ours == pytest.approx(spearmanr(x, y).statistic, abs=1e-9)


def _record(i: int, served: float, binding: dict[str, float], level: float) -> RunRecord:
    return RunRecord(
        index=i,
        ok=True,
        params={"caspian_level": level},
        kpis={"served_teu_yr": served, "throughput_teu_yr.M": served / 2},
        binding=binding,
        full=sorted({*binding, "border:B0131"}),
    )


def test_summary_counts_binding_runs_failures_and_is_order_free(bundled) -> None:
    net, _ = bundled
    records = [
        _record(0, 100.0, {"border:B0130": 10.0}, -30.0),
        _record(1, 200.0, {"border:B0130": 30.0, "port:KZ_KGW": 5.0}, -31.0),
        RunRecord(index=2, ok=False, params={"caspian_level": -45.0}, error="draw 2: bad"),
        _record(3, 300.0, {}, -32.0),
    ]
    base = _record(-1, 150.0, {"port:KZ_KGW": 1.0}, 0.0)
    a = summarise("s", "", 1, records, base, net, ["caspian_level"])
    b = summarise("s", "", 1, records[::-1], base, net, ["caspian_level"])
    assert a == b
    assert (a.runs, a.ok, a.failed) == (4, 3, 1)
    assert a.failures[0].index == 2 and a.failures[0].error == "draw 2: bad"
    served = next(k for k in a.kpis if k.name == "served_teu_yr")
    assert (served.n, served.p50, served.base) == (3, 200.0, 150.0)
    khorgos, border, port = a.bottlenecks  # most often full first
    assert khorgos.key == "border:B0131" and khorgos.runs_full == 3 and khorgos.runs_binding == 0
    assert khorgos.share_full == 1.0 and khorgos.mean_shadow_usd_teu_yr == 0.0
    assert khorgos.full_in_base and not khorgos.binds_in_base
    assert border.key == "border:B0130" and border.runs_binding == border.runs_full == 2
    assert border.share_binding == pytest.approx(2 / 3)
    assert border.mean_shadow_usd_teu_yr == 20.0 and not border.binds_in_base
    assert border.name == "Alashankou–Dostyk (CN–KZ)"
    assert port.binds_in_base and port.name == element_name(net, "port:KZ_KGW")
    corridor = a.throughput_by_corridor[0]
    assert corridor.label == "M" and corridor.p50 == 100.0 and corridor.base == 75.0
    level = a.parameters[0]
    assert level.n == 4 and level.min == -45.0  # parameters of failed runs count too
    rho = next(x for x in a.sensitivity if x.kpi == "served_teu_yr")
    assert rho.parameter == "caspian_level" and rho.spearman == pytest.approx(-1.0)
