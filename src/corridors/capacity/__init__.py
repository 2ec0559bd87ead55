"""Corridor capacity: demand, capacitated min-cost flow and bottleneck (shadow) prices.

Pure core: plain data in, plain data out. File I/O lives in ``demand_csv`` and ``omx`` only.
"""

from corridors.capacity.demand import TONNES_PER_TEU, Demand, ODDemand
from corridors.capacity.demand_csv import load_bundled_demand, read_demand_csv, write_demand_csv
from corridors.capacity.omx import read_omx, write_omx
from corridors.capacity.result import CapacityOptions, CapacityResult
from corridors.capacity.solve import Slice, solve_capacity, solve_slices

__all__ = [
    "TONNES_PER_TEU",
    "CapacityOptions",
    "CapacityResult",
    "Demand",
    "ODDemand",
    "Slice",
    "load_bundled_demand",
    "read_demand_csv",
    "read_omx",
    "solve_capacity",
    "solve_slices",
    "write_demand_csv",
    "write_omx",
]
