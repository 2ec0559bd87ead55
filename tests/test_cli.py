"""The command line answers --help and turns domain errors into one line and exit status 2."""

from __future__ import annotations

import subprocess
import sys


def test_help_lists_commands() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "corridors.cli", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "network" in out.stdout
