"""Texts the core computes for people, kept structured so each face can say them in its language.

A :class:`Message` is an English template with named ``{placeholders}`` (its ``id``, which is
also the msgid in the web catalogs) and the values to put in them. ``str(message)`` is the
English text the CLI and the API have always printed, so the plain-text fields (``notes``,
``detail``, ``effect``) keep their meaning; the web renders the same message from its catalog
in the page's language, with place, country and mode names in that language too.

Use it like an f-string whose template is marked for extraction::

    notes.append(Message.of(N_("{n} routes found; showing {shown}"), n=7, shown=5))

``N_`` is the keyword ``pybabel extract`` looks for (babel.cfg), so the template reaches the
catalogs; a test fails while any template lacks a Russian translation. Placeholders take Python
format specs (``{km:g}``, ``{value!r}``), which set the English rendering; translations may drop
them (``«{value}»``). Values are numbers, plain strings (ids, user input) or the small
references below, which a face localises.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = [
    "MODE_WORDS",
    "N_",
    "SEPARATORS",
    "Country",
    "Items",
    "LinkName",
    "Message",
    "ModeName",
    "Param",
    "Place",
    "items",
]


def N_(template: str) -> str:
    """Mark a message template for the catalogs (pybabel keyword); returns it unchanged."""
    return template


class _Ref(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Place(_Ref):
    """A place: a network node (named in the reader's language) or a city or point outside it."""

    name: str  # English, as the planner names it
    node: str | None = None


class Country(_Ref):
    """A country, written as its ISO code in English and by its name where a face knows it."""

    country: str


class ModeName(_Ref):
    """A transport mode (rail, road, ferry, sea, inland_water), written as its id in English."""

    mode: str


# Modes as words in running text (msgid = the mode id, which is what English prints).
MODE_WORDS: dict[str, str] = {
    "rail": N_("rail"),
    "road": N_("road"),
    "ferry": N_("ferry"),
    "sea": N_("sea"),
    "inland_water": N_("inland_water"),
}


class LinkName(_Ref):
    """A link: its English name, and its end nodes for languages the name is not given in."""

    link: str
    name: str
    from_node: str
    to_node: str


# How a list reads in English; the web translates these joiners like any other text.
SEPARATORS: dict[str, str] = {
    "or": N_(" or "),
    "comma": N_(", "),
    "or_clauses": N_(", or "),
    "semicolon": N_("; "),
}


class Items(_Ref):
    """A list joined by one of ``SEPARATORS`` ("RU or BY", "KZ_DOS, KZ_AKT")."""

    items: list[Param]
    sep: Literal["or", "comma", "or_clauses", "semicolon"] = "comma"


class Message(_Ref):
    """An English template with ``{name}`` placeholders and the values that fill them."""

    id: str
    params: dict[str, Param] = {}

    @classmethod
    def of(cls, template: str, /, **params: Param) -> Message:
        return cls(id=template, params=params)

    @property
    def text(self) -> str:
        """The English text (what ``notes``, ``detail`` and the CLI show)."""
        return self.id.format(**{k: _english(v) for k, v in self.params.items()})

    def __str__(self) -> str:
        return self.text


Param = int | float | str | Place | Country | ModeName | LinkName | Items | Message

Items.model_rebuild()
Message.model_rebuild()


def items(values: Sequence[Param], sep: Literal["or", "comma", "or_clauses", "semicolon"]) -> Items:
    """An :class:`Items` of ``values`` (a short alias for building messages)."""
    return Items(items=list(values), sep=sep)


def _english(value: Param) -> object:
    """The value as the English template formats it (numbers stay numbers for their spec)."""
    match value:
        case Place(name=name) | LinkName(name=name):
            return name
        case Country(country=code):
            return code
        case ModeName(mode=mode):
            return mode
        case Items(items=values, sep=sep):
            return SEPARATORS[sep].join(str(_english(v)) for v in values)
        case Message():
            return value.text
        case _:
            return value
