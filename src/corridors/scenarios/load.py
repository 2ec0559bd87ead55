"""Read scenario files and the network and demand they name (the I/O of the scenarios package).

Relative paths in a scenario (``baseline``, ``demand``) are relative to the scenario file.
"""

from __future__ import annotations

from pathlib import Path

from corridors.capacity.demand import Demand
from corridors.capacity.demand_csv import load_bundled_demand, read_demand_csv
from corridors.capacity.omx import read_omx
from corridors.errors import InvalidInput, NotFound
from corridors.messages import Message
from corridors.network.model import Network
from corridors.scenarios.schema import Scenario, parse_scenario
from corridors.scenarios.validation import parse_yaml

__all__ = ["BUNDLED", "load_demand", "load_inputs", "load_scenario", "read_scenario_text"]

BUNDLED = "bundled"


def read_scenario_text(
    text: str, *, source: str | Message = "scenario", base_dir: Path | None = None
) -> Scenario:
    """Parse YAML text into a validated scenario; paths in it are made absolute."""
    data = parse_yaml(text, source)
    scenario = parse_scenario(data, source=source)
    if base_dir is not None:
        updates = {}
        for key in ("baseline", "demand"):
            value = getattr(scenario, key)
            if value != BUNDLED and not Path(value).is_absolute():
                updates[key] = str((base_dir / value).resolve())
        scenario = scenario.model_copy(update=updates)
    return scenario


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario YAML file."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except FileNotFoundError:
        raise NotFound(f"scenario file {str(p)!r} does not exist", field="file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read scenario file {str(p)!r}: {exc}", field="file") from None
    return read_scenario_text(text, source=p.name, base_dir=p.parent)


def load_inputs(scenario: Scenario) -> tuple[Network, Demand]:
    """The baseline network and demand the scenario names (bundled or files)."""
    try:
        from corridors.network.load import load_network
    except ImportError:  # the network loader ships with the bundled network data
        raise InvalidInput(
            "this installation has no network loader (corridors.network.load)",
            field="baseline",
        ) from None
    network = load_network(None if scenario.baseline == BUNDLED else Path(scenario.baseline))
    return network, load_demand(scenario, network)


def load_demand(scenario: Scenario, network: Network) -> Demand:
    """The demand the scenario names, checked against ``network``."""
    if scenario.demand == BUNDLED:
        return load_bundled_demand(network)
    if scenario.demand.lower().endswith(".omx"):
        return read_omx(scenario.demand, network)
    return read_demand_csv(scenario.demand, network)
