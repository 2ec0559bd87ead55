"""Tracking-service fixtures: the database parametrisation shared with the API tests."""

from tracking_support import database_url, postgres_database  # noqa: F401
