"""The web face over HTTP (no browser): languages, localised numbers, map data with sources,
offline assets, and the form pages' error handling."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import httpx
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from web_support import Server

from corridors.web.i18n import LOCALES_DIR, Formatter, load_catalog, translations

PAGES = ["/", "/plan", "/shipments", "/shipments/does-not-exist", "/scenarios", "/caspian"]


def test_every_russian_message_is_translated() -> None:
    with (LOCALES_DIR / "ru" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="ru")
    empty = [m.id for m in catalog if m.id and not m.string]
    assert empty == []
    assert translations("ru").gettext("Route planner") == "Планировщик маршрутов"


def test_catalog_is_compiled_from_the_po_and_a_stale_mo_is_ignored(tmp_path: Path) -> None:
    # A fresh install has only the .po (the repository ships no .mo): it must still translate.
    po = LOCALES_DIR / "ru" / "LC_MESSAGES" / "messages.po"
    shutil.copy(po, tmp_path / "messages.po")
    assert load_catalog(tmp_path, "ru").gettext("Shipments") == "Отправки"
    # A compiled catalog older than the .po (someone edited the .po since) is not used.
    stale = Catalog(locale="ru", domain="messages")
    stale.add("Shipments", "устарело")
    with (tmp_path / "messages.mo").open("wb") as fh:
        write_mo(fh, stale)
    os.utime(tmp_path / "messages.mo", (1_000_000, 1_000_000))
    assert load_catalog(tmp_path, "ru").gettext("Shipments") == "Отправки"
    # A current one is.
    os.utime(tmp_path / "messages.mo")
    assert load_catalog(tmp_path, "ru").gettext("Shipments") == "устарело"


def test_numbers_and_dates_follow_the_language() -> None:
    ru, en = Formatter("ru"), Formatter("en")
    assert en.num(12345.678, 1) == "12,345.7"
    assert ru.num(12345.678, 1) == "12\u00a0345,7"
    assert ru.pct(0.5) == "50\u00a0%"
    assert en.symbols() == {"locale": "en", "decimal": ".", "group": ","}


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_in_both_languages(server: Server, path: str) -> None:
    en = httpx.get(server.url + path + "?lang=en")
    ru = httpx.get(server.url + path + "?lang=ru")
    assert en.status_code == ru.status_code == 200
    assert '<html lang="en">' in en.text and '<html lang="ru">' in ru.text
    assert "Skip to content" in en.text and "Перейти к содержимому" in ru.text
    assert ru.cookies.get("corridors_lang") == "ru"


def test_language_cookie_and_accept_language(server: Server) -> None:
    assert '<html lang="ru">' in httpx.get(server.url + "/", cookies={"corridors_lang": "ru"}).text
    header = {"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}
    assert '<html lang="ru">' in httpx.get(server.url + "/", headers=header).text
    assert '<html lang="en">' in httpx.get(server.url + "/?lang=xx").text


def test_pages_load_nothing_from_elsewhere(server: Server) -> None:
    for path in PAGES:
        html = httpx.get(server.url + path).text
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert not re.match(r"^(https?:)?//", ref), f"{path} loads {ref}"
    for asset in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/leaflet/leaflet.css",
        "/static/vendor/plotly/plotly.min.js",
        "/static/web/js/common.js",
        "/static/web/css/app.css",
    ):
        assert httpx.get(server.url + asset).status_code == 200, asset


def test_map_data_names_sources_and_estimates(server: Server) -> None:
    data = httpx.get(server.url + "/web/data/map.json?lang=ru").json()
    dostyk = next(n for n in data["nodes"] if n["id"] == "KZ_DOS")
    assert dostyk["name"] == "Достык"
    crossings = [d["border"] for link in data["links"] for d in link["directions"] if d["border"]]
    assert len(crossings) >= 30
    for b in crossings:
        assert b["dwell_p50_h"] <= b["dwell_p90_h"]
        assert b["sources"], b["name"]
        assert all(s in data["sources"] for s in b["sources"])
    assert any(b["estimated"] for b in crossings)
    ferries = [s for link in data["links"] for d in link["directions"] for s in d["services"]]
    assert ferries and all(s["sailings_per_week"] > 0 for s in ferries)
    # Reverse twins are folded: one line per two-way link.
    ids = [link["id"] for link in data["links"]]
    assert len(ids) == len(set(ids)) and not any(i + "R" in set(ids) for i in ids)


def _cyrillic(text: str) -> bool:
    return any("а" <= ch.lower() <= "я" for ch in text)


def test_crossings_and_sailings_are_named_in_the_language(server: Server) -> None:
    for lang, want in (("ru", True), ("en", False)):
        data = httpx.get(server.url + f"/web/data/map.json?lang={lang}").json()
        directions = [d for link in data["links"] for d in link["directions"]]
        names = [d["border"]["name"] for d in directions if d["border"]]
        names += [s["name"] for d in directions for s in d["services"]]
        assert names and all(_cyrillic(n) == want for n in names), lang


def test_scenario_map_names_crossings_and_ports_in_the_language(server: Server) -> None:
    posted = httpx.post(server.url + "/scenarios/run", data={"example": "dostyk_capacity_plus_20"})
    assert posted.status_code == 303
    run_id = posted.headers["location"].split("run=")[1].split("&")[0]
    for lang, want in (("ru", True), ("en", False)):
        view = httpx.get(server.url + f"/web/data/scenario/{run_id}.json?lang={lang}").json()
        names = [b["name"] for b in view["map"]["borders"]] + [
            p["name"] for p in view["map"]["ports"]
        ]
        assert names and all(_cyrillic(n) == want for n in names), lang


def test_countries_are_labelled_in_the_language(server: Server) -> None:
    geo = httpx.get(server.url + "/web/data/countries.json?lang=ru").json()
    labels = {f["properties"]["iso_a2"]: f["properties"]["label"] for f in geo["features"]}
    assert labels["KZ"] == "Казахстан"


def test_caspian_level_input_errors_are_explained(server: Server) -> None:
    page = httpx.get(server.url + "/caspian", params={"level": "abc"})
    assert page.status_code == 200
    assert "is not a number" in page.text
    page = httpx.get(server.url + "/caspian", params={"level": "-5"})
    assert "outside the accepted range" in page.text


def test_scenario_errors_name_the_problem(server: Server) -> None:
    bad = httpx.post(server.url + "/scenarios/run", data={"yaml": "name: x\nchanges: [1, 2"})
    assert bad.status_code == 422
    assert "not valid YAML" in bad.text
    files = httpx.post(server.url + "/scenarios/run", data={"yaml": "name: x\nbaseline: /etc\n"})
    assert files.status_code == 422
    assert "bundled network and demand only" in files.text
    missing = httpx.get(server.url + "/scenarios", params={"run": "nope"})
    assert missing.status_code == 404
    assert "not known to this server" in missing.text
