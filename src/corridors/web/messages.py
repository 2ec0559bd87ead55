"""Core messages (``corridors.messages``) in the page's language.

The template is translated by the catalog like any page text; the values are localised here:
numbers with the page's symbols, nodes, borders and countries by their names in the language,
modes by their words in the language. ``static/web/js/common.js`` (``say``) does the same in the
browser with the templates this module hands to the scripts, so both render alike.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.extract import extract_from_dir

import corridors
from corridors.messages import (
    MODE_WORDS,
    SEPARATORS,
    Country,
    Items,
    LinkName,
    Message,
    ModeName,
    Param,
    Place,
)
from corridors.network.model import Network
from corridors.web.i18n import DEFAULT, Formatter
from corridors.web.mapdata import country_names, localized_name

__all__ = ["PLACEHOLDER", "MessageRenderer", "core_templates", "script_templates"]

Gettext = Callable[[str], str]

# "{name}", "{name:spec}" or "{name!r}": the placeholders str.format accepts in our templates.
PLACEHOLDER = re.compile(r"\{(\w+)(?:!(\w))?(?::([^{}]*))?\}")
_DECIMALS = re.compile(r"\.(\d+)f")


@cache
def core_templates() -> tuple[str, ...]:
    """Every template the core marks with ``N_``, found the way ``pybabel extract`` finds it."""
    root = Path(corridors.__file__).parent
    found = extract_from_dir(
        root,
        method_map=[("web/**", "ignore"), ("**.py", "python")],
        keywords={"N_": None},
    )
    return tuple(sorted({text for _, _, text, _, _ in found if isinstance(text, str)}))


def script_templates(gettext: Gettext, lang: str) -> dict[str, str]:
    """Template -> translation for the browser's ``say`` (empty in English: the id is the text)."""
    return {} if lang == DEFAULT else {t: gettext(t) for t in core_templates()}


class MessageRenderer:
    """Render messages in one language, naming places from one network."""

    def __init__(self, lang: str, gettext: Gettext, network: Network) -> None:
        self.lang = lang
        self.gettext = gettext
        self.network = network
        self.fmt = Formatter(lang)

    def __call__(self, message: Message) -> str:
        template = self.gettext(message.id)

        def fill(m: re.Match[str]) -> str:
            name, conv, spec = m.group(1), m.group(2), m.group(3) or ""
            if name not in message.params:
                return m.group(0)
            return self.value(message.params[name], conv, spec)

        return PLACEHOLDER.sub(fill, template)

    def value(self, v: Param, conv: str | None = None, spec: str = "") -> str:
        match v:
            case bool():
                return str(v)
            case int() | float():
                return self.number(float(v), spec)
            case str():
                return repr(v) if conv == "r" else v
            case Place(name=name, node=node):
                return self.node(node, name)
            case Country(country=code):
                return code if self.lang == DEFAULT else country_names(self.lang).get(code, code)
            case ModeName(mode=mode):
                return self.gettext(MODE_WORDS[mode]) if mode in MODE_WORDS else mode
            case LinkName(name=name, from_node=a, to_node=b):
                if self.lang == DEFAULT:
                    return name
                return f"{self.node(a, a)}–{self.node(b, b)}"
            case Items(items=values, sep=sep):
                return self.gettext(SEPARATORS[sep]).join(self.value(x) for x in values)
            case Message():
                return self(v)
        return str(v)

    def node(self, node_id: str | None, fallback: str) -> str:
        node = self.network.nodes.get(node_id) if node_id else None
        return localized_name(node, self.lang) if node is not None else fallback

    def number(self, value: float, spec: str) -> str:
        """The number with the page's symbols; ``.Nf`` in the spec fixes the decimals, ``+`` the
        sign (otherwise up to three decimals, as ``g`` would show them)."""
        fixed = _DECIMALS.search(spec)
        rounded = round(value, 3)
        if fixed:
            text = self.fmt.num(value, int(fixed.group(1)))
        elif rounded == int(rounded):
            text = self.fmt.num(rounded)
        else:
            text = self.fmt.num(rounded, 3).rstrip("0")
        return ("+" if "+" in spec and value > 0 else "") + text
