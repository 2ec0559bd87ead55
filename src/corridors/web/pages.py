"""The pages: one handler per page, each renders a template with what it needs to start.

Pages that show an organization's data (shipments) render an empty frame; the browser fetches
the data from ``/api/v1`` with the API key the user pasted, which never reaches these handlers.
"""

from __future__ import annotations

import json
import unicodedata
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from corridors.network.model import Network
from corridors.web import caspian as caspian_view
from corridors.web.i18n import COOKIE, LANGUAGES, Formatter, choose_language, translations
from corridors.web.mapdata import countries_geojson, country_names, map_data
from corridors.web.strings import ui_strings

__all__ = ["router"]

TEMPLATES = Path(__file__).parent / "templates"
router = APIRouter(include_in_schema=False)

_env = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    extensions=["jinja2.ext.i18n"],
    trim_blocks=True,
    lstrip_blocks=True,
)
_env.install_null_translations()  # type: ignore[attr-defined]

NAV = (
    ("map", "/"),
    ("plan", "/plan"),
    ("shipments", "/shipments"),
    ("scenarios", "/scenarios"),
    ("caspian", "/caspian"),
)


def network_of(request: Request) -> Network:
    """The platform's loaded network (shared with the API), or the bundled one."""
    ctx = getattr(request.app.state, "ctx", None)
    network: Network | None = getattr(ctx, "network", None)
    return network if network is not None else _bundled()


@cache
def _bundled() -> Network:
    from corridors.network.load import load_network

    return load_network()


def sort_key(text: str) -> str:
    """Alphabetical order that ignores accents (Türkiye next to Turkmenistan)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode() or text


def _json(data: Any) -> Markup:
    """JSON safe to put inside a <script type="application/json"> element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def render(request: Request, template: str, page: str, **context: Any) -> HTMLResponse:
    lang = choose_language(request)
    t = translations(lang)
    fmt = Formatter(lang)
    html = _env.get_template(template).render(
        request=request,
        lang=lang,
        languages=LANGUAGES,
        page=page,
        nav=NAV,
        _=t.gettext,
        gettext=t.gettext,
        ngettext=t.ngettext,
        fmt=fmt,
        boot=_json({"lang": lang, "fmt": fmt.symbols(), "s": ui_strings(t.gettext)}),
        to_json=_json,
        **context,
    )
    response = HTMLResponse(html)
    response.headers["Content-Language"] = lang
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=False)
    return response


@router.get("/", response_class=HTMLResponse)
def map_page(request: Request) -> HTMLResponse:
    return render(request, "map.html", "map")


@router.get("/plan", response_class=HTMLResponse)
def plan_page(request: Request) -> HTMLResponse:
    lang = choose_language(request)
    network = network_of(request)
    names = country_names(lang)
    used = {n.country for n in network.nodes.values()}
    countries = sorted(((c, names.get(c, c)) for c in used), key=lambda x: sort_key(x[1]))
    return render(request, "plan.html", "plan", countries=countries, today=date.today().isoformat())


@router.get("/shipments", response_class=HTMLResponse)
def shipments_page(request: Request) -> HTMLResponse:
    return render(request, "shipments.html", "shipments")


@router.get("/shipments/{shipment_id}", response_class=HTMLResponse)
def shipment_page(request: Request, shipment_id: str) -> HTMLResponse:
    return render(request, "shipment.html", "shipments", shipment_id=shipment_id[:36])


@router.get("/caspian", response_class=HTMLResponse)
def caspian_page(request: Request) -> HTMLResponse:
    lang = choose_language(request)
    view = caspian_view.caspian_view(request.query_params.get("level"), lang)
    return render(request, "caspian.html", "caspian", view=view)


@router.get("/web/data/map.json")
def map_json(request: Request) -> JSONResponse:
    lang = choose_language(request)
    return JSONResponse(map_data(network_of(request), lang))


@router.get("/web/data/countries.json")
def countries_json(request: Request) -> JSONResponse:
    return JSONResponse(countries_geojson(choose_language(request)))
