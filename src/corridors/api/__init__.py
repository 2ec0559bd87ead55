"""The REST API (FastAPI): one router per resource under /api/v1, problem+json errors."""

from __future__ import annotations

from corridors.api.app import create_app

__all__ = ["create_app"]
