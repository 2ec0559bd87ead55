"""Request plumbing (plain ASGI, outermost): request id, body-size limit, access log."""

from __future__ import annotations

import logging
import re
import time
import uuid

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from corridors.api.problems import problem

__all__ = ["BodyTooLarge", "NulInBody", "RequestContextMiddleware"]

access_log = logging.getLogger("corridors.access")
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class BodyTooLarge(StarletteHTTPException):
    """Raised while reading a body that outgrows the limit (FastAPI re-raises HTTP errors)."""


class NulInBody(StarletteHTTPException):
    """A JSON string holds U+0000: PostgreSQL cannot store it, so no database accepts it."""


# An escaped NUL (\u0000) preceded by an even number of backslashes (i.e. not "\\u0000").
_JSON_NUL = re.compile(rb"(?<!\\)(?:\\\\)*\\u0000")


def _too_large(limit: int, size: int | None) -> str:
    got = f"request body is {size:,} bytes" if size is not None else "request body is too large"
    return f"{got}; at most {limit:,} bytes are accepted"


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        given = headers.get("x-request-id", "")
        request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        scope["corridors.request_id"] = request_id
        started = time.perf_counter()
        status = 500

        async def send_wrapper(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                message["headers"] = [
                    *message["headers"],
                    (b"x-request-id", request_id.encode()),
                ]
            await send(message)

        limit = self.max_body_bytes
        received = 0

        chunks: list[bytes] = []

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                chunk = message.get("body", b"")
                received += len(chunk)
                if received > limit:
                    raise BodyTooLarge(413, _too_large(limit, None))
                chunks.append(chunk)
                if not message.get("more_body", False):
                    body = b"".join(chunks)
                    if b"\\u0000" in body and _JSON_NUL.search(body):
                        raise NulInBody(
                            422,
                            "a string in the request body contains a NUL character (\\u0000), "
                            "which is not accepted",
                        )
            return message

        try:
            if b"%00" in scope.get("query_string", b"") or "\x00" in scope.get("path", ""):
                response = problem(Request(scope), 422, "the URL contains a NUL character (%00)")
                await response(scope, receive, send_wrapper)
                return
            length = headers.get("content-length")
            if length is not None and length.isdigit() and int(length) > limit:
                response = problem(
                    Request(scope),
                    413,
                    _too_large(limit, int(length)),
                    hint="split the data into several requests (event batches: "
                    "POST /api/v1/events/batch)",
                )
                await response(scope, receive, send_wrapper)
                return
            await self.app(scope, limited_receive, send_wrapper)
        finally:
            access_log.info(
                "%s %s %s",
                scope.get("method"),
                scope.get("path"),
                status,
                extra={
                    "fields": {
                        "method": scope.get("method"),
                        "path": scope.get("path"),
                        "status": status,
                        "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                        "request_id": request_id,
                        "org_id": scope.get("corridors.org_id"),
                        "client": (scope.get("client") or ("", 0))[0],
                    }
                },
            )
