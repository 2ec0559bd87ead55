"""``corridors network ...``: inspect and validate corridor network data."""

from __future__ import annotations

import typer

from corridors.cli import app

network_app = typer.Typer(
    help="Inspect, validate and export corridor network data.", no_args_is_help=True
)
app.add_typer(network_app, name="network")
