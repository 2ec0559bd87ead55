"""``corridors serve``: run the platform (API, and later the web UI) with Uvicorn."""

from __future__ import annotations

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
) -> None:
    """Start the platform server (OpenAPI docs at /docs). Stops cleanly on Ctrl-C / SIGTERM."""
    import uvicorn

    from corridors.api.app import create_app
    from corridors.logs import configure_logging

    settings = load_settings(host=host, port=port, database_url=database_url, log_level=log_level)
    configure_logging(settings.log_level, json_lines=settings.json_logs)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=int(settings.shutdown_timeout_s),
        server_header=False,
    )
