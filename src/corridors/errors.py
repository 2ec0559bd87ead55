"""Errors a user can cause.

Every face turns these into something readable: the API into RFC 9457 problem+json with a 4xx
status, the CLI into one line and a non-zero exit. Anything else escaping is a bug.
"""

from __future__ import annotations

from corridors.messages import Message

__all__ = [
    "Conflict",
    "CorridorsError",
    "InvalidInput",
    "NoRoute",
    "NotFound",
]


class CorridorsError(Exception):
    """Base class: a message for the user, an optional hint, and the HTTP status it maps to.

    ``message`` and ``hint`` may be a :class:`Message`: ``.message``/``.hint`` stay the English
    text, and ``.msg``/``.hint_msg`` keep the structured form so faces can translate it.
    """

    status = 400
    title = "Bad request"

    def __init__(
        self,
        message: str | Message,
        *,
        hint: str | Message | None = None,
        field: str | None = None,
    ) -> None:
        self.msg = message if isinstance(message, Message) else None
        self.hint_msg = hint if isinstance(hint, Message) else None
        self.message = str(message)
        self.hint = None if hint is None else str(hint)
        self.field = field
        super().__init__(self.message)

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
