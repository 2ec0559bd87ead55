"""``corridors serve``: run the platform (API, and later the web UI) with Uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from corridors.cli import app
from corridors.settings import load_settings


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="bind address [CORRIDORS_HOST]")] = None,
    port: Annotated[int | None, typer.Option(help="port [CORRIDORS_PORT]")] = None,
    database_url: Annotated[
        str | None, typer.Option(help="SQLAlchemy URL [CORRIDORS_DATABASE_URL]")
    ] = None,
    log_level: Annotated[str | None, typer.Option(help="[CORRIDORS_LOG_LEVEL]")] = None,
    workers: Annotated[
        int | None, typer.Option(help="server processes [CORRIDORS_WORKERS]", min=1)
    ] = None,
) -> None:
    """Start the platform server (OpenAPI docs at /docs). Stops cleanly on Ctrl-C / SIGTERM."""
    import uvicorn

    from corridors.logs import logging_config

    settings = load_settings(
        host=host, port=port, database_url=database_url, log_level=log_level, workers=workers
    )
    common = {
        "host": settings.host,
        "port": settings.port,
        "log_config": logging_config(settings.log_level, json_lines=settings.json_logs),
        "access_log": False,
        "timeout_graceful_shutdown": int(settings.shutdown_timeout_s),
        "server_header": False,
    }
    if settings.workers == 1:
        from corridors.api.app import create_app

        uvicorn.run(create_app(settings), **common)  # type: ignore[arg-type]
        return
    # Worker processes build their own app from the environment: hand the options down.
    for name, value in (("DATABASE_URL", settings.database_url), ("LOG_LEVEL", log_level)):
        if value is not None:
            os.environ[f"CORRIDORS_{name}"] = str(value)
    uvicorn.run(
        "corridors.api.app:create_app",
        factory=True,
        workers=settings.workers,
        **common,  # type: ignore[arg-type]
    )
