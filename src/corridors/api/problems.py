"""RFC 9457 problem details for every error the API returns, including 404/405 and validation.

Domain errors carry a ``type`` of ``urn:corridors:problem:<kind>`` (invalid-input, not-found,
conflict, no-route, forbidden, unauthorized, ...); plain HTTP errors use ``about:blank`` with the
status phrase as title, as the RFC recommends. Validation errors list every offending field as
``errors: [{location, message, value}]`` with a JSON-path-like location such as
``events[3].event_type_code``. A domain error whose text the core keeps structured also carries
``message_id`` and ``params`` (and ``hint_id``/``hint_params``): the English template and its
values (see ``corridors.messages``), so a client can show the problem in its own language.
"""

from __future__ import annotations

import logging
import re
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy.exc import DataError
from starlette.exceptions import HTTPException as StarletteHTTPException

from corridors.errors import CorridorsError
from corridors.messages import Message

__all__ = [
    "PROBLEM_JSON",
    "Problem",
    "ProblemError",
    "fix_openapi",
    "install",
    "problem",
    "problem_responses",
]

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("corridors.api")


class ProblemError(BaseModel):
    location: str = Field(description="where in the request, e.g. events[3].event_datetime")
    message: str
    value: Any = Field(None, description="the offending value, when short")


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(examples=["urn:corridors:problem:invalid-input"])
    title: str
    status: int
    detail: str
    instance: str | None = Field(None, description="the request path")
    hint: str | None = None
    errors: list[ProblemError] | None = None
    request_id: str | None = None
    message_id: str | None = Field(None, description="English template of detail, for translation")
    params: dict[str, Any] | None = Field(None, description="the values in message_id")
    hint_id: str | None = Field(None, description="English template of hint")
    hint_params: dict[str, Any] | None = None


def _slug(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def problem(
    request: Request | None,
    status: int,
    detail: str,
    *,
    type_: str = "about:blank",
    title: str | None = None,
    hint: str | None = None,
    errors: list[ProblemError] | None = None,
    headers: dict[str, str] | None = None,
    message: Message | None = None,
    hint_message: Message | None = None,
) -> JSONResponse:
    body = Problem(
        type=type_,
        title=title or HTTPStatus(status).phrase,
        status=status,
        detail=detail,
        instance=request.url.path if request is not None else None,
        hint=hint,
        errors=errors,
        request_id=request.scope.get("corridors.request_id") if request is not None else None,
        message_id=message.id if message else None,
        params=message.model_dump(mode="json")["params"] if message else None,
        hint_id=hint_message.id if hint_message else None,
        hint_params=hint_message.model_dump(mode="json")["params"] if hint_message else None,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        media_type=PROBLEM_JSON,
        headers=headers,
    )


def _location(loc: tuple[int | str, ...]) -> str:
    parts = list(loc)
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        source = str(parts.pop(0))
        if source != "body":
            parts.insert(0, source)
    out = ""
    for p in parts:
        if isinstance(p, int):
            out += f"[{p}]"
        elif not out:
            out = str(p)
        elif "[" in str(p) or "-" in str(p) or "," in str(p):
            # pydantic names union/function branches like "function-after[...]": skip them
            continue
        else:
            out += f".{p}"
    return out or "body"


def _short(value: Any) -> Any:
    if isinstance(value, str):
        return value if len(value) <= 100 else value[:97] + "..."
    if isinstance(value, bool | int | float) or value is None:
        return value
    return None


async def _corridors_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, CorridorsError)
    errors = [ProblemError(location=exc.field, message=exc.message)] if exc.field else None
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return problem(
        request,
        exc.status,
        exc.message,
        type_=f"urn:corridors:problem:{_slug(type(exc).__name__)}",
        title=exc.title,
        hint=exc.hint,
        errors=errors,
        headers=headers,
        message=exc.msg,
        hint_message=exc.hint_msg,
    )


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = []
    for err in exc.errors():
        message = str(err.get("msg", "invalid"))
        message = message.removeprefix("Value error, ")
        errors.append(
            ProblemError(
                location=_location(tuple(err.get("loc", ()))),
                message=message,
                value=_short(err.get("input")),
            )
        )
    first = errors[0] if errors else ProblemError(location="body", message="invalid request")
    more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
    return problem(
        request,
        422,
        f"{first.location}: {first.message}{more}",
        type_="urn:corridors:problem:invalid-input",
        title="Invalid input",
        errors=errors,
    )


def _allowed_methods(request: Request) -> str:
    """Every method the API documents for this path (Starlette names only one route's)."""
    methods: set[str] = set()
    for template, item in request.app.openapi().get("paths", {}).items():
        pattern = re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template))
        if re.fullmatch(pattern, request.url.path):
            methods.update(m.upper() for m in item if m != "parameters")
    return ", ".join(sorted(methods))


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    status = exc.status_code
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(status).phrase
    hint: str | None = None
    headers = dict(exc.headers) if exc.headers else None
    if status == 404 and detail == "Not Found":
        detail = f"no resource at {request.url.path}"
        hint = "the API lives under /api/v1; /docs lists every path"
    elif status == 405:
        allowed = _allowed_methods(request)
        detail = f"{request.method} is not allowed on {request.url.path}"
        hint = f"allowed: {allowed}"
        headers = {**(headers or {}), "Allow": allowed}
    return problem(request, status, detail, hint=hint, headers=headers)


async def _unstorable(request: Request, exc: Exception) -> JSONResponse:
    # Last line of defence for values the schemas let through but the database refuses.
    log.warning("database refused a value on %s: %s", request.url.path, exc)
    return problem(
        request,
        422,
        "a value in the request cannot be stored (strings must not contain NUL characters; "
        "numbers must fit in 64 bits)",
        type_="urn:corridors:problem:invalid-input",
        title="Invalid input",
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return problem(
        request,
        500,
        "the server failed to handle this request; it has been logged",
        hint="quote the request_id when reporting it",
    )


def install(app: FastAPI) -> None:
    app.add_exception_handler(CorridorsError, _corridors_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(DataError, _unstorable)
    app.add_exception_handler(Exception, _unexpected)


def problem_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses=`` entries for the problem statuses an operation can return."""
    return {
        code: {
            "description": HTTPStatus(code).phrase,
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
        }
        for code in codes
    }


def fix_openapi(schema: dict[str, Any]) -> dict[str, Any]:
    """Every 4xx/5xx answer is problem+json: say so in the schema, replacing FastAPI's 422."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    defs = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(defs.pop("$defs", {}))
    components["Problem"] = defs
    for name in ("HTTPValidationError", "ValidationError"):
        components.pop(name, None)
    ref = {"$ref": "#/components/schemas/Problem"}
    for path_item in schema.get("paths", {}).values():
        for op in path_item.values():
            if not isinstance(op, dict) or "responses" not in op:
                continue
            for code, response in op["responses"].items():
                if code[0] in "45":
                    response["content"] = {PROBLEM_JSON: {"schema": ref}}
                    response.setdefault("description", HTTPStatus(int(code)).phrase)
    return schema
