"""Helpers of the sweep tests: sweep files on the bundled network, and a full one."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "capacity"))

from corridors.sweeps import Sweep, parse_sweep

EXAMPLE = Path(__file__).resolve().parents[2] / "scenarios" / "sweeps" / "caspian-risk.yaml"
PL_BY = [
    "Brest–Terespol–Małaszewicze broad gauge (BY–PL)",
    "Brest–Terespol standard gauge (BY–PL)",
    "Bruzgi–Kuźnica (BY–PL)",
    "Kozlovichi–Kukuryki road crossing (BY–PL)",
]


def sweep_data(runs: int = 8, seed: int = 7, **params: Any) -> dict[str, Any]:
    """A sweep on the bundled network and demand; ``params`` go under ``parameters``."""
    return {
        "name": "test sweep",
        "base": {"name": "base", "year": 2025, "caspian_level": -29.2},
        "runs": runs,
        "seed": seed,
        "parameters": params,
    }


def make_sweep(runs: int = 8, seed: int = 7, **params: Any) -> Sweep:
    return parse_sweep(sweep_data(runs, seed, **params), source="test.yaml")


# a sweep drawing every kind of parameter, with a closure in about half the runs
FULL = {
    "caspian_level": {"dist": "uniform", "low": -31.0, "high": -29.0},
    "dredge": {"aktau": {"dist": "uniform", "low": 0.0, "high": 1.5}},
    "dwell": [
        {
            "name": "cn-kz",
            "borders": ["Alashankou–Dostyk (CN–KZ)"],
            "factor": {"dist": "triangular", "low": 0.8, "mode": 1.0, "high": 2.0},
        }
    ],
    "demand": [
        {"name": "all", "factor": {"dist": "normal", "mean": 1.0, "sd": 0.05}},
        {
            "name": "titr",
            "series": ["TITR"],
            "factor": {"dist": "lognormal", "median": 1.2, "sigma": 0.2},
        },
    ],
    "closures": [
        {
            "name": "pl-by",
            "probability": 0.5,
            "days": {"dist": "uniform", "low": 5, "high": 20},
            "borders": PL_BY,
        }
    ],
}
