"""Languages of the web pages: Babel catalogs, the visitor's choice, and localised formatting.

The Russian catalog lives in the repo as ``locales/ru/LC_MESSAGES/messages.po``. A compiled
``messages.mo`` next to it is used when it is at least as new as the ``.po``; otherwise the ``.po``
is compiled in memory at startup, so a fresh ``pip install -e .`` (or a checkout where someone
edited the ``.po``) always shows current translations without a build step.
"""

from __future__ import annotations

import io
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.support import NullTranslations, Translations
from fastapi import Request

__all__ = [
    "COOKIE",
    "DEFAULT",
    "LANGUAGES",
    "Formatter",
    "choose_language",
    "load_catalog",
    "translations",
]

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "messages"
DEFAULT = "en"
# Code -> the language's own name, shown in the switcher.
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский"}
COOKIE = "corridors_lang"


@cache
def translations(lang: str) -> NullTranslations:
    """The catalog for ``lang`` (English is the source language: no catalog)."""
    if lang == DEFAULT:
        return NullTranslations()
    return load_catalog(LOCALES_DIR / lang / "LC_MESSAGES", lang)


def load_catalog(folder: Path, lang: str) -> Translations:
    """``messages.mo`` if it is at least as new as ``messages.po``, else the ``.po`` compiled."""
    po, mo = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        with mo.open("rb") as fh:
            return Translations(fh, domain=DOMAIN)
    with po.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    buf = io.BytesIO()
    write_mo(buf, catalog, use_fuzzy=False)
    buf.seek(0)
    return Translations(buf, domain=DOMAIN)


def choose_language(request: Request) -> str:
    """``?lang=`` first, then the cookie, then the browser's Accept-Language, then English."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(COOKIE)):
        if candidate in LANGUAGES:
            return candidate
    header = request.headers.get("accept-language", "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return DEFAULT


class Formatter:
    """Numbers and dates in the page's language (Babel, CLDR data), for templates."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = Locale.parse(lang)

    def num(self, value: float | None, digits: int = 0) -> str:
        if value is None:
            return "–"
        fmt = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=fmt, locale=self.locale)

    def pct(self, value: float | None) -> str:
        return "–" if value is None else format_percent(value, locale=self.locale)

    def date(self, value: date | datetime | str | None) -> str:
        """A date (or an ISO 8601 date string, as the scenario results carry them)."""
        if isinstance(value, str):
            value = date.fromisoformat(value)
        return "–" if value is None else format_date(value, format="medium", locale=self.locale)

    def datetime(self, value: datetime | None) -> str:
        if value is None:
            return "–"
        return format_datetime(value, format="medium", locale=self.locale)

    def symbols(self) -> dict[str, Any]:
        """What the browser scripts need to format like Babel does."""
        return {
            "locale": self.lang,
            "decimal": self.locale.number_symbols["latn"]["decimal"],
            "group": self.locale.number_symbols["latn"]["group"],
        }
