"""The sweep file: what it accepts, and errors that name the path of the bad field."""

from __future__ import annotations

from pathlib import Path

import pytest
from sweepkit import EXAMPLE, sweep_data

from corridors.errors import InvalidInput, NotFound
from corridors.sweeps import load_sweep, parse_sweep, read_sweep_text
from corridors.sweeps.schema import Normal, Projection, Triangular, Uniform


def test_example_file_loads() -> None:
    sweep = load_sweep(EXAMPLE)
    assert sweep.runs == 1000
    assert isinstance(sweep.parameters.caspian_level, Uniform)
    assert sweep.parameters.caspian_level.low == -32.0
    assert sweep.parameters.closures[0].probability == 0.1
    assert sweep.names()[:2] == ["caspian_level", "dwell.china-kazakhstan"]


def test_numbers_are_fixed_values_and_distributions_parse() -> None:
    sweep = parse_sweep(
        sweep_data(
            caspian_level={"dist": "projection", "year": 2050, "scenario": "ssp245"},
            dwell=[{"borders": ["x"], "factor": 1.5}],
            demand=[{"factor": {"dist": "normal", "mean": 1, "sd": 0.1, "low": 0.9}}],
        )
    )
    assert isinstance(sweep.parameters.caspian_level, Projection)
    assert sweep.parameters.dwell[0].factor.dist == "fixed"
    assert isinstance(sweep.parameters.demand[0].factor, Normal)


BAD = [
    (
        {"caspian_level": {"dist": "uniform", "low": -30, "high": -31}},
        "parameters.caspian_level.high",
        "must be > low",
    ),
    ({"caspian_level": {"dist": "unif", "low": -30}}, "parameters.caspian_level.dist", "'unif'"),
    ({"caspian_level": "low"}, "parameters.caspian_level", "must be a number or a distribution"),
    (
        {"dwell": [{"borders": ["x"], "factor": {"dist": "normal", "mean": 1}}]},
        "parameters.dwell[0].factor.sd",
        "is required",
    ),
    (
        {"dwell": [{"borders": ["x"], "factor": {"dist": "normal", "mean": 1, "sd": 0}}]},
        "parameters.dwell[0].factor.sd",
        "must be > 0",
    ),
    ({"dwell": [{"borders": [], "factor": 1}]}, "parameters.dwell[0].borders", "at least 1"),
    (
        {"demand": [{"factor": {"dist": "choice", "values": [1, 2], "weights": [1]}}]},
        "parameters.demand[0].factor.weights",
        "one number per value",
    ),
    (
        {"demand": [{"factor": {"dist": "triangular", "low": 1, "mode": 3, "high": 2}}]},
        "parameters.demand[0].factor.mode",
        "low <= mode <= high",
    ),
    (
        {"closures": [{"probability": 1.5, "days": 3, "borders": ["a"]}]},
        "parameters.closures[0].probability",
        "must be <= 1",
    ),
    (
        {"closures": [{"probability": 0.5, "days": 3}]},
        "parameters.closures[0]",
        "name at least one of",
    ),
    (
        {"closures": [{"probability": 0.5, "days": 3, "borders": ["a"], "earliest": "2026-02-01"}]},
        "parameters.closures[0].earliest",
        "outside the base scenario's year",
    ),
    (
        {"caspian_level": {"dist": "projection", "year": 2050, "scenario": "rcp99"}},
        "parameters.caspian_level.scenario",
        "not known",
    ),
    (
        {"dredge": {"aktau": {"dist": "uniform", "low": 1}}},
        "parameters.dredge.aktau.high",
        "is required",
    ),
    ({"dwel": []}, "parameters.dwel", "not a known key"),
    (
        {
            "dwell": [
                {"name": "a", "borders": ["x"], "factor": 1},
                {"name": "a", "borders": ["y"], "factor": 2},
            ]
        },
        "parameters.dwell[1].factor",
        "as parameters.dwell[0].factor does",
    ),
]


@pytest.mark.parametrize(("params", "field", "text"), BAD)
def test_errors_name_the_path_of_the_bad_field(params: dict, field: str, text: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_sweep(sweep_data(**params), source="s.yaml")
    assert err.value.field == field
    assert err.value.message.startswith(f"s.yaml: {field}")
    assert text in err.value.message


def test_top_level_errors() -> None:
    with pytest.raises(InvalidInput, match=r"runs: must be >= 1, got 0"):
        parse_sweep({**sweep_data(), "runs": 0})
    with pytest.raises(InvalidInput, match=r"base: is required"):
        parse_sweep({k: v for k, v in sweep_data().items() if k != "base"})
    with pytest.raises(InvalidInput, match="a sweep is a mapping"):
        parse_sweep([1, 2])


def test_inline_base_errors_are_prefixed_with_base() -> None:
    data = sweep_data()
    data["base"] = {
        "name": "b",
        "changes": [{"type": "dwell", "borders": ["x"], "dwell_factor": -1}],
    }
    with pytest.raises(InvalidInput) as err:
        parse_sweep(data, source="s.yaml")
    assert err.value.field == "base.changes[0].dwell_factor"
    assert "must be >= 0" in err.value.message


def test_base_by_path_is_relative_to_the_sweep_file(tmp_path: Path) -> None:
    (tmp_path / "scen").mkdir()
    (tmp_path / "scen" / "base.yaml").write_text("name: from a file\nyear: 2024\n")
    (tmp_path / "s.yaml").write_text("name: s\nbase: scen/base.yaml\nruns: 3\nseed: 1\n")
    sweep = load_sweep(tmp_path / "s.yaml")
    assert sweep.base.name == "from a file"
    assert sweep.base.year == 2024
    assert sweep.base_file == str((tmp_path / "scen" / "base.yaml").resolve())
    (tmp_path / "t.yaml").write_text("name: s\nbase: nowhere.yaml\nruns: 3\nseed: 1\n")
    with pytest.raises(InvalidInput, match=r"base: scenario file .* does not exist") as err:
        load_sweep(tmp_path / "t.yaml")
    assert err.value.field == "base"


def test_missing_file_and_bad_yaml(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        load_sweep(tmp_path / "absent.yaml")
    with pytest.raises(InvalidInput, match=r"line 2, column \d+: not valid YAML") as err:
        read_sweep_text("name: x\nruns: : 3\n", source="x.yaml")
    assert err.value.field == "yaml"


def test_triangular_and_uniform_models_hold_their_bounds() -> None:
    t = Triangular(dist="triangular", low=0.8, mode=1.0, high=2.0)
    assert (t.low, t.mode, t.high) == (0.8, 1.0, 2.0)
    with pytest.raises(ValueError):
        Uniform(dist="uniform", low=1.0, high=1.0)
