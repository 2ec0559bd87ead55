"""Read sweep files (the I/O of the sweeps package).

``base`` is a scenario written inline or the path of a scenario file; relative paths (the base
file, and ``baseline`` / ``demand`` of an inline base) are relative to the sweep file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corridors.errors import InvalidInput, NotFound
from corridors.scenarios.load import BUNDLED, load_scenario
from corridors.scenarios.schema import Scenario
from corridors.scenarios.validation import parse_yaml
from corridors.sweeps.schema import Sweep, parse_sweep

__all__ = ["load_sweep", "read_sweep_text"]


def read_sweep_text(text: str, *, source: str = "sweep", base_dir: Path | None = None) -> Sweep:
    """Parse YAML text into a validated sweep."""
    data = parse_yaml(text, source)
    here = base_dir or Path.cwd()
    base: Scenario | None = None
    base_file: str | None = None
    if isinstance(data, dict) and isinstance(data.get("base"), str):
        path = Path(data["base"])
        path = path if path.is_absolute() else (here / path).resolve()
        try:
            base = load_scenario(path)
        except NotFound:
            raise InvalidInput(
                f"{source}: base: scenario file {str(path)!r} does not exist",
                hint="base is a scenario written inline or the path of a scenario file, "
                "relative to the sweep file",
                field="base",
            ) from None
        base_file = str(path)
    sweep = parse_sweep(data, source=source, base=base)
    if base is None:
        sweep = sweep.model_copy(update={"base": _relative(sweep.base, here)})
    return sweep.model_copy(update={"base_file": base_file})


def _relative(scenario: Scenario, here: Path) -> Scenario:
    updates: dict[str, Any] = {}
    for key in ("baseline", "demand"):
        value = getattr(scenario, key)
        if value != BUNDLED and not Path(value).is_absolute():
            updates[key] = str((here / value).resolve())
    return scenario.model_copy(update=updates)


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep YAML file."""
    p = Path(path)
    try:
        text = p.read_text("utf-8")
    except FileNotFoundError:
        raise NotFound(f"sweep file {str(p)!r} does not exist", field="file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read sweep file {str(p)!r}: {exc}", field="file") from None
    return read_sweep_text(text, source=p.name, base_dir=p.parent)
