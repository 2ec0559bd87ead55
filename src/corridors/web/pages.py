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
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool

from corridors.errors import CorridorsError
from corridors.messages import N_, Message
from corridors.network.model import Network
from corridors.store.db import Database
from corridors.web import caspian as caspian_view
from corridors.web import scenarios as scenario_view
from corridors.web.i18n import COOKIE, LANGUAGES, Formatter, choose_language, translations
from corridors.web.mapdata import countries_geojson, country_names, map_data
from corridors.web.messages import MessageRenderer, script_templates
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


def db_of(request: Request) -> Database:
    """The platform's database (scenario runs are stored there)."""
    db: Database = request.app.state.ctx.db
    return db


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

    def gettext(message: str, **values: Any) -> str:
        """``_("... %(n)s", n=1)``: translate, then fill the placeholders."""
        text = t.gettext(message)
        return text % values if values else text

    html = _env.get_template(template).render(
        request=request,
        lang=lang,
        languages=LANGUAGES,
        page=page,
        nav=NAV,
        _=gettext,
        gettext=gettext,
        ngettext=t.ngettext,
        fmt=fmt,
        say=MessageRenderer(lang, t.gettext, network_of(request)),
        boot=_json(
            {
                "lang": lang,
                "fmt": fmt.symbols(),
                "s": ui_strings(t.gettext),
                "msg": script_templates(t.gettext, lang),
            }
        ),
        to_json=_json,
        **context,
    )
    response = HTMLResponse(html)
    response.headers["Content-Language"] = lang
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=False)
    return response


def error_text(request: Request, exc: CorridorsError) -> str:
    """The error and its hint in the page's language where the core gave them structured."""
    lang = choose_language(request)
    say = MessageRenderer(lang, translations(lang).gettext, network_of(request))
    text = say(exc.msg) if exc.msg else exc.message
    hint = say(exc.hint_msg) if exc.hint_msg else exc.hint
    return f"{text} ({hint})" if hint else text


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


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request, run: str | None = None) -> HTMLResponse:
    return _scenarios(request, run_id=run)


@router.post("/scenarios/run", response_class=HTMLResponse, response_model=None)
async def scenarios_run(request: Request) -> HTMLResponse | RedirectResponse:
    """Form post (works without JavaScript): run an example or pasted YAML, then show it."""
    form = parse_qs((await request.body()).decode("utf-8", "replace"))
    slug = (form.get("example") or [""])[0]
    text = (form.get("yaml") or [""])[0]
    source: str | Message
    if not text.strip():
        chosen = [e for e in scenario_view.examples() if e.slug == slug]
        if not chosen:
            gettext = translations(choose_language(request)).gettext
            unknown = gettext("example %(slug)s is not known") % {"slug": repr(slug)}
            return _scenarios(request, error=unknown, status=422)
        text, source = chosen[0].text, f"{chosen[0].slug}.yaml"
    else:
        source = Message.of(N_("pasted scenario"))
    try:
        run = await run_in_threadpool(
            scenario_view.start_run, text, source, network_of(request), db_of(request)
        )
    except CorridorsError as exc:
        return _scenarios(request, error=error_text(request, exc), yaml_text=text, status=422)
    lang = choose_language(request)
    return RedirectResponse(f"/scenarios?run={run.id}&lang={lang}", status_code=303)


def _scenarios(
    request: Request,
    *,
    run_id: str | None = None,
    error: str | None = None,
    yaml_text: str = "",
    status: int = 200,
) -> HTMLResponse:
    run = None
    if run_id:
        try:
            run = scenario_view.get_run(run_id[:40], db_of(request))
        except CorridorsError as exc:
            error, status = error_text(request, exc), 404
    lang, network = choose_language(request), network_of(request)

    def element_name(kind: str, element_id: str, name: str) -> str:
        return scenario_view.element_name(network, kind, element_id, name, lang)

    response = render(
        request,
        "scenarios.html",
        "scenarios",
        element_name=element_name,
        examples=scenario_view.examples(),
        runs=scenario_view.recent_runs(db_of(request)),
        run=run,
        error=error,
        yaml_text=yaml_text,
    )
    response.status_code = status
    return response


@router.get("/web/data/scenario/{run_id}.json")
def scenario_json(request: Request, run_id: str) -> JSONResponse:
    try:
        run = scenario_view.get_run(run_id[:40], db_of(request))
    except CorridorsError as exc:
        return JSONResponse({"detail": str(exc)}, status_code=404)
    c = run.comparison
    lang, network = choose_language(request), network_of(request)
    return JSONResponse(
        {
            "map": scenario_view.utilisation_map(c, network, lang),
            "corridors": [x.model_dump() for x in c.throughput_by_corridor],
            "bottlenecks": [
                x.model_dump()
                | {"name": scenario_view.element_name(network, x.kind, x.id, x.name, lang)}
                for x in c.bottlenecks
            ],
        }
    )


@router.get("/web/data/map.json")
def map_json(request: Request) -> JSONResponse:
    lang = choose_language(request)
    return JSONResponse(map_data(network_of(request), lang))


@router.get("/web/data/countries.json")
def countries_json(request: Request) -> JSONResponse:
    return JSONResponse(countries_geojson(choose_language(request)))
