"""PNG charts of the Caspian model, rendered in memory (matplotlib's Agg canvas, no pyplot state).

The functions return PNG bytes; writing them somewhere is the caller's business.
"""

from __future__ import annotations

import io
import itertools
from collections.abc import Mapping

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from corridors.climate.capacity import port_factor
from corridors.climate.model import CaspianModel
from corridors.climate.projection import DEFAULT_TREND_WINDOW, HORIZON_YEAR, project_with
from corridors.climate.sealevel import KIND_PRIORITY, check_level

__all__ = ["capacity_chart", "series_chart"]

_KIND_STYLE = {
    "annual": {"marker": "o", "color": "#1f4e79", "label": "annual mean (official)"},
    "derived": {"marker": "s", "color": "#2e75b6", "label": "derived from sourced changes"},
    "point": {"marker": "x", "color": "#7f7f7f", "label": "point observation"},
    "fill": {"marker": ".", "color": "#bfbfbf", "label": "estimate fill (unsourced)"},
}
_SCENARIO_COLOURS = {
    "trend": "#c00000",
    "ssp245": "#ed7d31",
    "ssp585": "#7030a0",
    "prange2020": "#548235",
}


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    FigureCanvasAgg(fig)  # attach the Agg canvas: no pyplot, no global backend switch
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def series_chart(
    model: CaspianModel, window: tuple[int, int] = DEFAULT_TREND_WINDOW, dpi: int = 120
) -> bytes:
    """The recorded levels by kind, and every projection scenario with its band, to 2100."""
    fig = Figure(figsize=(11, 6), dpi=dpi)
    ax = fig.add_subplot()
    best = model.series.best()
    ax.plot([y for y, _, _ in best], [v for _, v, _ in best], color="#404040", lw=0.8, zorder=1)
    for kind in KIND_PRIORITY:
        rows = [r for r in model.series.rows if r.kind == kind]
        if rows:
            style = _KIND_STYLE[kind]
            ax.scatter(
                [r.year for r in rows],
                [r.level_m for r in rows],
                marker=style["marker"],
                color=style["color"],
                label=style["label"],
                zorder=3,
            )
    base_year, base_level = model.series.latest_annual()
    years = list(range(base_year, HORIZON_YEAR + 1))
    names = {p.id: p.name for p in model.published}
    for scenario, colour in _SCENARIO_COLOURS.items():
        if scenario != "trend" and scenario not in names:
            continue
        values = np.array(
            [project_with(model.series, model.published, y, scenario, window) for y in years]
        )
        label = (
            f"trend {window[0]}–{window[1]} (90% band)"
            if scenario == "trend"
            else f"{names[scenario]} (range)"
        )
        ax.plot(years, values[:, 0], color=colour, lw=1.8, label=label)
        ax.fill_between(years, values[:, 1], values[:, 2], color=colour, alpha=0.12, lw=0)
    references = [p for p in model.published if p.kind == "reference"]
    for ref, marker in zip(references, itertools.cycle("D^vsP"), strict=False):
        ax.errorbar(
            [ref.year],
            [ref.central_m],
            yerr=[[ref.central_m - ref.low_m], [ref.high_m - ref.central_m]],
            fmt=marker,
            color="#000000",
            mfc="white",
            capsize=4,
            label=ref.name,
        )
    ax.axvline(base_year, color="#404040", ls=":", lw=0.8)
    ax.set_xlabel("year")
    ax.set_ylabel("Caspian Sea level, m (Baltic height system)")
    ax.set_title(
        f"Caspian Sea level: record and projections (present = {base_year}, {base_level} m)"
    )
    ax.grid(alpha=0.3)
    ax.legend(loc="lower left", fontsize=8, ncol=2)
    fig.text(
        0.01,
        0.01,
        "Sources: Kazhydromet, AZ ministries, Iran WRI (changes only), Samant & Prange 2023, "
        "Prange et al. 2020; fills are unsourced estimates. See docs/caspian.md.",
        fontsize=7,
        color="#595959",
    )
    fig.tight_layout(rect=(0, 0.03, 1, 1))
    return _png(fig)


def capacity_chart(
    model: CaspianModel,
    dredge: Mapping[str, float] | None = None,
    levels: tuple[float, float] = (-26.0, -36.0),
    dpi: int = 120,
) -> bytes:
    """Capacity factor against sea level, one panel per port, one line per calling vessel class."""
    top, bottom = check_level(levels[0], "levels"), check_level(levels[1], "levels")
    grid = np.round(np.linspace(top, bottom, 201), 3)
    ports = list(model.ports.values())
    cols = 5
    rows = -(-len(ports) // cols)
    fig = Figure(figsize=(3.2 * cols, 2.8 * rows + 0.6), dpi=dpi)
    axes = fig.subplots(rows, cols, sharex=True, sharey=True, squeeze=False)
    _, today = model.series.latest_annual()
    dredge_ids = model.resolve_dredge(dredge)
    for ax, port in zip(axes.flat, ports, strict=False):
        for vessel_id in port.calls:
            vessel = model.vessels[vessel_id]
            extra = dredge_ids.get(port.node_id, 0.0)
            factors = [port_factor(port, vessel, level, extra) for level in grid]
            ax.plot(grid, factors, lw=1.5, label=vessel_id)
        ax.axvline(today, color="#404040", ls=":", lw=0.8)
        ax.set_title(f"{port.name} ({port.node_id})", fontsize=9)
        ax.set_xlim(top, bottom)
        ax.set_ylim(-0.02, 1.05)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=6, loc="lower left")
    for ax in axes.flat[len(ports) :]:
        ax.set_visible(False)
    for ax in axes[-1]:
        ax.set_xlabel("sea level, m BS")
    for ax in axes[:, 0]:
        ax.set_ylabel("capacity factor")
    dredged = ", ".join(f"{k} +{v:g} m" for k, v in dredge_ids.items())
    fig.suptitle(
        "Share of a full load per sailing against Caspian level"
        + (f" (dredged: {dredged})" if dredged else "")
        + f"; dotted: latest annual level {today} m",
        fontsize=11,
    )
    fig.tight_layout()
    return _png(fig)
