"""Shared CLI plumbing: domain errors become one readable line and a non-zero exit."""

from __future__ import annotations

import json
import sys
from typing import Any

import typer
from rich.console import Console

from corridors.errors import CorridorsError

console = Console()
err_console = Console(stderr=True)


def run_app(app: typer.Typer) -> None:
    try:
        app(standalone_mode=True)
    except CorridorsError as exc:
        fail(exc)


def fail(exc: CorridorsError) -> None:
    """Print a domain error as one line (plus its hint) and exit with status 2."""
    err_console.print(f"[bold red]error:[/] {exc.message}", highlight=False)
    if exc.hint:
        err_console.print(f"[dim]hint:[/] {exc.hint}", highlight=False)
    sys.exit(2)


def print_json(data: Any) -> None:
    """Machine output: plain JSON on stdout, no Rich markup."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
