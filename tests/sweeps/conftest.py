"""Sweep tests: the bundled network and demand, loaded once per session."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "capacity"))

from corridors.capacity import Demand, load_bundled_demand
from corridors.network.load import load_network
from corridors.network.model import Network


@pytest.fixture(scope="session")
def bundled() -> tuple[Network, Demand]:
    net = load_network(None)
    return net, load_bundled_demand(net)
