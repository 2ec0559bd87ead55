"""Server configuration, read from ``CORRIDORS_*`` environment variables (and an optional ``.env``).

One object holds every knob an operator may turn; the app factory, ``corridors serve`` and the
tests all build it the same way, so a setting means the same thing everywhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "default_database_url", "load_settings"]

LogLevel = Literal["debug", "info", "warning", "error"]


def default_database_url() -> str:
    """A SQLite file in the user's data directory (created on first start)."""
    path = Path(platformdirs.user_data_dir("corridors")) / "corridors.db"
    return f"sqlite:///{path}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CORRIDORS_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default_factory=default_database_url,
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host/db",
    )
    host: str = Field("127.0.0.1", description="bind address")
    port: int = Field(8000, ge=0, le=65535)
    log_level: LogLevel = "info"
    json_logs: bool = Field(True, description="one JSON object per log line")

    network_path: Path | None = Field(
        None, description="directory of network CSV files; default: the bundled network"
    )
    open_planning: bool = Field(
        True, description="network and route endpoints answer without an API key"
    )

    plan_cache_size: int = Field(512, ge=0, description="route plans kept in memory (0 = no cache)")
    workers: int = Field(1, ge=1, le=64, description="server processes (uvicorn workers)")

    max_body_bytes: int = Field(16 * 1024 * 1024, ge=1024, description="largest request body")
    max_batch_events: int = Field(5000, ge=1, description="most events in one batch request")

    webhook_timeout_s: float = Field(10.0, gt=0, description="per delivery attempt")
    webhook_max_attempts: int = Field(
        16, ge=1, description="then the delivery is dead (16: about 2.5 to 5 hours of retries)"
    )
    webhook_backoff_base_s: float = Field(
        2.0, gt=0, description="first retry waits about this long; doubles per attempt"
    )
    webhook_backoff_cap_s: float = Field(3600.0, gt=0, description="longest wait between tries")
    webhook_poll_s: float = Field(1.0, gt=0, description="outbox poll interval when idle")
    webhook_allow_private: bool = Field(
        True, description="allow webhook URLs on loopback/private addresses (self-hosted setups)"
    )
    dispatcher_enabled: bool = Field(True, description="run the webhook outbox dispatcher")

    shutdown_timeout_s: float = Field(30.0, gt=0, description="grace period for in-flight work")

    @field_validator("database_url")
    @classmethod
    def _normalise_url(cls, value: str) -> str:
        # Plain postgres URLs would pick psycopg2, which we do not ship; psycopg 3 is the driver.
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value


def load_settings(**overrides: Any) -> Settings:
    """Environment (and ``.env``) first, then the non-None ``overrides`` (e.g. CLI options)."""
    return Settings(**{k: v for k, v in overrides.items() if v is not None})
