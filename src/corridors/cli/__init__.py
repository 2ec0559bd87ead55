"""The ``corridors`` command line. Each capability registers its commands in its own module."""

from __future__ import annotations

import typer

from corridors.cli._common import run_app

app = typer.Typer(
    name="corridors",
    help="Corridors: routes, tracking and capacity for the Eurasian transport corridors.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Capability modules attach their commands to ``app`` on import.
from corridors.cli import admin as _admin  # noqa: E402,F401
from corridors.cli import assign as _assign  # noqa: E402,F401
from corridors.cli import caspian as _caspian  # noqa: E402,F401
from corridors.cli import demand as _demand  # noqa: E402,F401
from corridors.cli import network as _network  # noqa: E402,F401
from corridors.cli import route as _route  # noqa: E402,F401
from corridors.cli import scenario as _scenario  # noqa: E402,F401
from corridors.cli import serve as _serve  # noqa: E402,F401
from corridors.cli import sweep as _sweep  # noqa: E402,F401


def main() -> None:
    run_app(app)
