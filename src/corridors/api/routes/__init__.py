"""One router per resource, all under /api/v1 (health checks sit at the root)."""
