"""Errors a user can cause.

Every face turns these into something readable: the API into RFC 9457 problem+json with a 4xx
status, the CLI into one line and a non-zero exit. Anything else escaping is a bug.
"""

from __future__ import annotations

__all__ = [
    "Conflict",
    "CorridorsError",
    "InvalidInput",
    "NoRoute",
    "NotFound",
]


class CorridorsError(Exception):
    """Base class: a message for the user, an optional hint, and the HTTP status it maps to."""

    status = 400
    title = "Bad request"

    def __init__(self, message: str, *, hint: str | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.field = field

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class InvalidInput(CorridorsError):
    """A value is malformed or out of range; names the field, the value and what is accepted."""

    status = 422
    title = "Invalid input"


class NotFound(CorridorsError):
    """A place, shipment or other object does not exist (or the caller may not see it)."""

    status = 404
    title = "Not found"


class Conflict(CorridorsError):
    """The request clashes with what is stored."""

    status = 409
    title = "Conflict"


class NoRoute(CorridorsError):
    """No route satisfies the constraints; the message says which constraint blocks it."""

    status = 422
    title = "No route"
