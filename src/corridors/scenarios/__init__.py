"""What-if scenarios: closures, new lines, capacities, tariffs, demand and the Caspian level,
run against a baseline with the capacitated flow model. Pure core; YAML I/O lives in ``load``.
"""

from corridors.scenarios.compare import Comparison
from corridors.scenarios.load import load_scenario, read_scenario_text
from corridors.scenarios.run import build_slices, run_scenario
from corridors.scenarios.schema import Scenario, parse_scenario

__all__ = [
    "Comparison",
    "Scenario",
    "build_slices",
    "load_scenario",
    "parse_scenario",
    "read_scenario_text",
    "run_scenario",
]
