"""Exchange demand with other modelling tools as OMX (Open Matrix, HDF5) files.

Layout written: one square matrix per commodity (TEU per year, origins in rows), a ``node_id``
mapping (zone index -> node id, as strings) and a ``zone`` mapping (1..n) for tools that only
read integer zones. Per-row sources do not fit in a matrix, so each matrix keeps one ``source``
attribute; imported rows are marked ``derived`` with a note naming the file. Rows that avoid
countries go to a matrix named ``commodity|avoid=RU;BY``.
"""

from __future__ import annotations

import math
import warnings
from pathlib import Path
from typing import Any

import numpy as np
import openmatrix
import tables

from corridors.capacity.demand import Demand, ODDemand
from corridors.errors import InvalidInput, NotFound
from corridors.network.model import Network

__all__ = ["read_omx", "write_omx"]

NODE_MAPPING = "node_id"
AVOID = "|avoid="


def write_omx(demand: Demand, path: str | Path, zones: list[str] | None = None) -> list[str]:
    """Write ``demand`` to an OMX file; returns the zone order (node ids).

    ``zones`` fixes the zone list (e.g. every node of the network); by default it is the sorted
    set of origins and destinations.
    """
    ids = sorted({r.origin for r in demand.rows} | {r.destination for r in demand.rows})
    if zones is not None:
        missing = sorted(set(ids) - set(zones))
        if missing:
            raise InvalidInput(
                f"zones lack {len(missing)} demand node(s), e.g. {missing[0]!r}", field="zones"
            )
        ids = list(zones)
    index = {z: i for i, z in enumerate(ids)}
    n = len(ids)
    matrices: dict[str, np.ndarray[Any, np.dtype[np.float64]]] = {}
    sources: dict[str, set[str]] = {}
    for r in demand.rows:
        name = r.commodity + (AVOID + ";".join(r.avoid) if r.avoid else "")
        m = matrices.setdefault(name, np.zeros((n, n)))
        m[index[r.origin], index[r.destination]] += r.teu_per_year
        if r.source:
            sources.setdefault(name, set()).add(r.source)
    target = Path(path)
    tmp = target.with_name(target.name + ".tmp")
    with openmatrix.open_file(str(tmp), "w") as f, warnings.catch_warnings():
        # names such as "containers|avoid=RU" are valid HDF5, not Python identifiers
        warnings.simplefilter("ignore", tables.NaturalNameWarning)
        for name, m in sorted(matrices.items()):
            node = f.create_matrix(name, obj=m)
            node.attrs.units = "TEU per year"
            node.attrs.source = "; ".join(sorted(sources.get(name, set())))[:60000]
        f.create_mapping("zone", np.arange(1, n + 1, dtype=np.uint32))
        # openmatrix only writes integer mappings; the string one goes straight to HDF5.
        f.create_array(f.root.lookup, NODE_MAPPING, obj=np.array([z.encode() for z in ids]))
    tmp.replace(target)
    return ids


def read_omx(
    path: str | Path,
    network: Network | None = None,
    matrices: list[str] | None = None,
) -> Demand:
    """Read demand from an OMX file written by :func:`write_omx` or any tool that adds a
    ``node_id`` mapping. Each named matrix becomes one commodity."""
    p = Path(path)
    if not p.exists():
        raise NotFound(f"OMX file {str(p)!r} does not exist", field="omx")
    try:
        f = openmatrix.open_file(str(p), "r")
    except Exception as exc:  # pytables raises several unrelated types for a bad file
        raise InvalidInput(f"{p.name} is not an OMX (HDF5) file: {exc}", field="omx") from None
    with f:
        if NODE_MAPPING not in f.list_mappings():
            raise InvalidInput(
                f"{p.name} has no {NODE_MAPPING!r} mapping",
                hint="the file needs a mapping from zone index to network node id; "
                f"mappings present: {', '.join(f.list_mappings()) or 'none'}",
                field="omx",
            )
        raw = f.get_node(f.root.lookup, NODE_MAPPING)[:]
        ids = [z.decode() if isinstance(z, bytes) else str(z) for z in raw]
        names = list(f.list_matrices())
        wanted = matrices or names
        for name in wanted:
            if name not in names:
                raise InvalidInput(
                    f"{p.name} has no matrix {name!r}",
                    hint=f"matrices present: {', '.join(names)}",
                    field="matrix",
                )
        rows: list[ODDemand] = []
        for name in wanted:
            node = f[name]
            m = np.asarray(node[:], dtype=float)
            if m.shape != (len(ids), len(ids)):
                raise InvalidInput(
                    f"{p.name}: matrix {name!r} is {m.shape}, zones are {len(ids)}", field="omx"
                )
            attrs = node.attrs
            src = str(attrs.source) if "source" in attrs._v_attrnames else ""
            commodity, _, avoided = name.partition(AVOID)
            avoid = tuple(sorted({c for c in avoided.split(";") if c}))
            for i, j in zip(*np.nonzero(m), strict=True):
                v = float(m[i, j])
                if not math.isfinite(v) or v < 0:
                    raise InvalidInput(
                        f"{p.name}: matrix {name!r} cell ({ids[i]}, {ids[j]}) is {v}; "
                        "TEU per year must be finite and >= 0",
                        field="omx",
                    )
                if i == j:
                    continue
                rows.append(
                    ODDemand(
                        origin=ids[i],
                        destination=ids[j],
                        teu_per_year=v,
                        commodity=commodity,
                        avoid=avoid,
                        source=src or f"OMX file {p.name}",
                        kind="derived",
                        note=f"imported from {p.name}, matrix {name}",
                    )
                )
    return Demand.checked(rows, network)
