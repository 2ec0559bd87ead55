"""Read and write demand CSV files (the only file I/O of the demand model besides OMX).

Columns: ``origin,destination,teu_per_year`` (or ``tonnes_per_year``, converted with
:data:`~corridors.capacity.demand.TONNES_PER_TEU`), then optional ``commodity``, ``source``,
``kind``, ``corridor``, ``note`` and ``avoid`` (country codes the freight does not cross,
separated by ``;``). Errors name the file, line and column.
"""

from __future__ import annotations

import csv
import io
import math
from importlib import resources
from pathlib import Path

from corridors.capacity.demand import TONNES_PER_TEU, Demand, ODDemand
from corridors.errors import InvalidInput, NotFound
from corridors.network.model import Network

__all__ = ["BUNDLED_DEMAND", "load_bundled_demand", "read_demand_csv", "write_demand_csv"]

BUNDLED_DEMAND = "baseline_demand.csv"
COLUMNS = (
    "origin",
    "destination",
    "teu_per_year",
    "commodity",
    "source",
    "kind",
    "corridor",
    "note",
    "avoid",
)
_OPTIONAL = ("commodity", "source", "kind", "corridor", "note", "avoid")


def load_bundled_demand(network: Network | None = None) -> Demand:
    """The bundled baseline demand (see docs/capacity.md for its sources and split)."""
    text = resources.files("corridors.capacity").joinpath("data", BUNDLED_DEMAND).read_text("utf-8")
    return parse_demand_csv(text, name=BUNDLED_DEMAND, network=network)


def read_demand_csv(path: str | Path, network: Network | None = None) -> Demand:
    """Read a demand CSV; with ``network``, origins and destinations must be its node ids."""
    p = Path(path)
    try:
        text = p.read_text("utf-8-sig")
    except FileNotFoundError:
        raise NotFound(f"demand file {str(p)!r} does not exist", field="demand") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"cannot read demand file {str(p)!r}: {exc}", field="demand") from None
    return parse_demand_csv(text, name=p.name, network=network)


def parse_demand_csv(text: str, *, name: str = "demand", network: Network | None = None) -> Demand:
    """Parse CSV text into a checked :class:`Demand`."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    for col in ("origin", "destination"):
        if col not in header:
            raise InvalidInput(
                f"{name}: missing column {col!r}",
                hint="the header must have origin,destination,teu_per_year "
                "(or tonnes_per_year) and may have " + ",".join(_OPTIONAL),
                field=col,
            )
    volume_col = "teu_per_year" if "teu_per_year" in header else "tonnes_per_year"
    if volume_col not in header:
        raise InvalidInput(
            f"{name}: missing column 'teu_per_year' (or 'tonnes_per_year')", field="teu_per_year"
        )
    rows: list[ODDemand] = []
    for line_no, rec in enumerate(reader, start=2):
        if not any((v or "").strip() for v in rec.values() if isinstance(v, str)):
            continue
        value = _number(rec.get(volume_col), name, line_no, volume_col)
        teu = value / TONNES_PER_TEU if volume_col == "tonnes_per_year" else value
        extra = {k: (rec.get(k) or "").strip() for k in _OPTIONAL}
        rows.append(
            ODDemand(
                origin=(rec.get("origin") or "").strip(),
                destination=(rec.get("destination") or "").strip(),
                teu_per_year=teu,
                commodity=extra["commodity"] or "containers",
                source=extra["source"],
                kind=extra["kind"] or "official",
                corridor=extra["corridor"],
                note=extra["note"],
                avoid=tuple(
                    sorted({c.strip().upper() for c in extra["avoid"].split(";") if c.strip()})
                ),
            )
        )
        try:
            Demand.checked(rows[-1:])
        except InvalidInput as exc:
            raise InvalidInput(
                f"{name} line {line_no}: " + exc.message.split(": ", 1)[-1],
                hint=exc.hint,
                field=exc.field,
            ) from None
    try:
        return Demand.checked(rows, network)
    except InvalidInput as exc:
        raise InvalidInput(f"{name}: {exc.message}", hint=exc.hint, field=exc.field) from None


def _countries(text: str) -> tuple[str, ...]:
    return tuple(sorted({c.strip().upper() for c in text.split(";") if c.strip()}))


def _number(raw: str | None, name: str, line_no: int, col: str) -> float:
    text = (raw or "").strip()
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0:
        raise InvalidInput(
            f"{name} line {line_no}, column {col}: {text!r} is not a number >= 0",
            hint="write a plain decimal number, e.g. 12500 or 12500.5",
            field=col,
        )
    return value


def write_demand_csv(demand: Demand, path: str | Path | None = None) -> str:
    """Write the demand as CSV (to ``path`` when given); returns the CSV text."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for r in demand.rows:
        writer.writerow(
            [
                r.origin,
                r.destination,
                format(r.teu_per_year, ".12g"),
                r.commodity,
                r.source,
                r.kind,
                r.corridor,
                r.note,
                ";".join(r.avoid),
            ]
        )
    text = buf.getvalue()
    if path is not None:
        target = Path(path)
        tmp = target.with_name(target.name + ".tmp")
        tmp.write_text(text, "utf-8")
        tmp.replace(target)
    return text
