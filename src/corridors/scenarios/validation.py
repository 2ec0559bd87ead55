"""Pydantic's validation errors said in the file's terms, as messages the web can translate.

Shared by the scenario and the sweep file (``corridors.sweeps.schema``): both name the bad
field by its path in the file (``changes[2].capacity_factor``) and explain it the same way
("must be > 0, got -1"). The path, the value and the limits are the file's own words and stay
as written; the explanation is a :class:`~corridors.messages.Message`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from corridors.errors import InvalidInput
from corridors.messages import N_, Message, Param, items

__all__ = ["EXPLANATIONS", "Invalid", "describe", "parse_yaml", "problem"]


class Invalid(ValueError):
    """A validator's complaint as a message, so it reaches the page translated."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text)
        self.message = message


# pydantic error type -> what it means for a field of the file
EXPLANATIONS = {
    "greater_than": N_("must be > {gt}"),
    "greater_than_equal": N_("must be >= {ge}"),
    "less_than": N_("must be < {lt}"),
    "less_than_equal": N_("must be <= {le}"),
    "missing": N_("is required"),
    "extra_forbidden": N_("is not a known key"),
    "string_too_short": N_("must not be empty"),
    "string_too_long": N_("must be at most {max_length} characters"),
    "too_short": N_("needs at least {min_length} item(s)"),
    "finite_number": N_("must be a finite number"),
    "float_parsing": N_("must be a number"),
    "float_type": N_("must be a number"),
    "int_parsing": N_("must be a whole number"),
    "int_type": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "bool_parsing": N_("must be true or false"),
    "bool_type": N_("must be true or false"),
    "date_from_datetime_parsing": N_("must be a date like 2025-09-12"),
    "date_parsing": N_("must be a date like 2025-09-12"),
    "date_type": N_("must be a date like 2025-09-12"),
    "string_type": N_("must be text"),
    "list_type": N_("must be a list"),
    "dict_type": N_("must be a mapping"),
    "model_type": N_("must be a mapping"),
    "model_attributes_type": N_("must be a mapping"),
    "literal_error": N_("must be one of {expected}"),
    "string_pattern_mismatch": N_("may only contain letters, digits and _ . : -"),
}
_NO_VALUE = ("missing", "extra_forbidden")  # the value is absent or is the key itself

# pydantic's list of allowed literals: "'rail', 'road' or 'sea'"
_CHOICES = re.compile(r"^(.*) or ('[^']*')$")


def describe(err: Any, path: str) -> Message | None:
    """``path: explanation, got value`` for the error types of :data:`EXPLANATIONS`, else None."""
    kind = err["type"]
    if kind not in EXPLANATIONS:
        return None
    ctx = {k: _value(k, v) for k, v in (err.get("ctx") or {}).items()}
    text = Message.of(EXPLANATIONS[kind], **ctx)
    if kind in _NO_VALUE:
        return Message.of(N_("{path}: {problem}"), path=path, problem=text)
    return Message.of(
        N_("{path}: {problem}, got {value}"), path=path, problem=text, value=repr(err.get("input"))
    )


def problem(err: Any) -> Message | str:
    """What a validator said: its message if it raised :class:`Invalid`, else pydantic's text."""
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, Invalid):
        return cause.message
    return str(err["msg"]).removeprefix("Value error, ")


def _value(key: str, v: Any) -> Param:
    """A limit as the file would write it (floats as ``:g``, a decimal point in every language,
    like the value beside it), or the allowed choices as a list joined in the page's words."""
    if key == "expected" and isinstance(v, str):
        found = _CHOICES.match(v)
        if found is not None:
            return items([items(found.group(1).split(", "), "comma"), found.group(2)], "or")
    return f"{v:g}" if isinstance(v, float) else str(v)


# PyYAML's descriptions of the syntax errors people make most, with its own English as the
# template (so the English text does not change) and the tokens it quotes as values.
_YAML_PROBLEMS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"expected (?P<expected>.+), but found (?P<found>.+)"),
     N_("expected {expected}, but found {found}")),
    (re.compile(r"expected (?P<expected>.+), but got (?P<found>.+)"),
     N_("expected {expected}, but got {found}")),
    (re.compile(r"mapping values are not allowed here"), N_("mapping values are not allowed here")),
    (re.compile(r"could not find expected ':'"), N_("could not find expected ':'")),
    (re.compile(r"found character (?P<char>.+) that cannot start any token"),
     N_("found character {char} that cannot start any token")),
    (re.compile(r"found unexpected end of stream"), N_("found unexpected end of stream")),
    (re.compile(r"did not find expected key"), N_("did not find expected key")),
    (re.compile(r"did not find expected '-' indicator"), N_("did not find expected '-' indicator")),
    (re.compile(r"found undefined alias (?P<alias>.+)"), N_("found undefined alias {alias}")),
)  # fmt: skip


def parse_yaml(text: str, source: str | Message) -> Any:
    """``yaml.safe_load`` for scenario and sweep files: a syntax error becomes InvalidInput
    saying where, with PyYAML's description as a message for the common ones (others stay in
    PyYAML's English)."""
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = _yaml_problem(getattr(exc, "problem", None) or str(exc))
        message = (
            Message.of(N_("{source}: not valid YAML: {problem}"), source=source, problem=problem)
            if mark is None
            else Message.of(
                N_("{source} line {line}, column {column}: not valid YAML: {problem}"),
                source=source,
                line=mark.line + 1,
                column=mark.column + 1,
                problem=problem,
            )
        )
        raise InvalidInput(message, field="yaml") from None


def _yaml_problem(text: str) -> Message | str:
    """PyYAML's ``problem`` as a message where it is one of the common ones, else as it is."""
    for pattern, template in _YAML_PROBLEMS:
        m = pattern.fullmatch(text.strip())
        if m:
            return Message.of(template, **m.groupdict())
    return text
