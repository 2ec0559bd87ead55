"""Core messages in the web's languages: every template translated, values localised."""

from __future__ import annotations

from dataclasses import replace

import httpx
import pytest
from babel.messages.pofile import read_po
from web_support import Server

from corridors.capacity import CapacityOptions, Demand, ODDemand, solve_capacity
from corridors.errors import InvalidInput
from corridors.messages import N_, Country, Items, LinkName, Message, ModeName, Place, items
from corridors.network.load import load_network
from corridors.scenarios import read_scenario_text
from corridors.scenarios.compare import compare
from corridors.web.i18n import LOCALES_DIR, translations
from corridors.web.messages import PLACEHOLDER, MessageRenderer, core_templates


def _names(template: str) -> set[str]:
    return {m.group(1) for m in PLACEHOLDER.finditer(template)}


def test_every_core_message_has_a_russian_translation() -> None:
    """A note, reason or error the core marks with N_ fails the build until it is translated."""
    templates = core_templates()
    assert "{found} Pareto-optimal routes found; showing {shown} distinct ones" in templates
    assert "every route from {a} to {b} {reasons}" in templates
    assert "capacity {how} on {ids}" in templates
    assert "must be > {gt}" in templates  # the scenario and sweep files' validation errors
    assert "{source} line {line}, column {column}: not valid YAML: {problem}" in templates
    with (LOCALES_DIR / "ru" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        catalog = read_po(fh, locale="ru")
    missing = [t for t in templates if t not in catalog or not catalog[t].string]
    assert missing == [], "run scripts/update_translations.py and translate: " + repr(missing)
    # A translation must use the same placeholders, or a value would be lost or not filled.
    wrong = [t for t in templates if _names(str(catalog[t].string)) != _names(t)]
    assert wrong == []


def test_messages_render_english_as_the_plain_text_and_russian_with_local_names() -> None:
    network = load_network()
    m = Message.of(
        N_("every route from {a} to {b} {reasons}"),
        a=Place(name="Xi'an", node="CN_XIY"),
        b=Place(name="Duisburg", node="DE_DUI"),
        reasons=items(
            [
                Message.of(
                    N_("crosses {countries}"), countries=items([Country(country="RU")], "or")
                ),
                Message.of(
                    N_("needs {modes} (allowed: {allowed})"),
                    modes=Items(items=[ModeName(mode="sea")], sep="or"),
                    allowed=Items(items=[ModeName(mode="rail")]),
                ),
            ],
            "or_clauses",
        ),
    )
    assert Message.model_validate_json(m.model_dump_json()) == m
    en = MessageRenderer("en", translations("en").gettext, network)
    ru = MessageRenderer("ru", translations("ru").gettext, network)
    assert (
        en(m)
        == m.text
        == ("every route from Xi'an to Duisburg crosses RU, or needs sea (allowed: rail)")
    )
    assert ru(m) == (
        "каждый маршрут Сиань → Дуйсбург идёт через исключённую страну: Россия, "
        "или требует вида транспорта: морской транспорт (допустимы: ж/д транспорт)"
    )
    link = LinkName(link="L0602", name="Rasht–Astara railway", from_node="IR_AST", to_node="IR_RAS")
    planned = Message.of(N_("uses planned link {link}, opening {year}"), link=link, year="2028")
    assert planned.text == "uses planned link Rasht–Astara railway, opening 2028"
    assert (
        ru(planned)
        == "маршрут проходит по строящемуся участку Астара (Иран)–Решт, открытие в 2028 г."
    )
    road = Message.of(
        N_(
            "{place} is not a network node; connected by road to {node} ({node_id}), {km:g} km "
            "(estimate: great circle × {detour})"
        ),
        place=Place(name="Karaganda"),
        node=Place(name="Karaganda", node="KZ_KGF"),
        node_id="KZ_KGF",
        km=1234.5,
        detour=1.26,
    )
    assert "1234.5 km (estimate: great circle × 1.26)" in road.text
    assert "1\u00a0234,5 км" in ru(road) and "× 1,26" in ru(road)


def test_problems_carry_the_message_id_and_params(server: Server) -> None:
    body = {"origin": "CN_XIY", "destination": "DE_DUI", "avoid_countries": ["CN"]}
    r = httpx.post(server.url + "/api/v1/routes", json=body, timeout=60)
    assert r.status_code == 422
    p = r.json()
    assert p["detail"] == "avoid_countries: CN is the country of the origin (Xi'an)"
    assert p["message_id"] == "avoid_countries: {country} is the country of the origin ({place})"
    assert p["params"] == {
        "country": {"country": "CN"},
        "place": {"name": "Xi'an", "node": "CN_XIY"},
    }
    assert p["hint"] == "a route cannot avoid its origin's country" == p["hint_id"]


def test_scenario_page_in_russian_translates_effects(server: Server) -> None:
    yaml = (
        "name: Dostyk +20%\nchanges:\n  - type: capacity\n"
        "    borders: [Alashankou–Dostyk (CN–KZ)]\n    capacity_factor: 1.2\n"
    )
    r = httpx.post(
        server.url + "/scenarios/run?lang=ru",
        data={"yaml": yaml},
        follow_redirects=True,
        timeout=300,
    )
    assert r.status_code == 200
    assert "пропускная способность ×1,2" in r.text and "capacity x1.2" not in r.text
    bad = httpx.post(
        server.url + "/scenarios/run?lang=ru", data={"yaml": "name: x\nbaseline: /etc\n"}
    )
    assert "только на встроенной сети" in bad.text


def test_scenario_file_errors_and_warnings_in_russian() -> None:
    """The explanation is translated; the path, the keys and the value stay as written."""
    ru = MessageRenderer("ru", translations("ru").gettext, load_network())
    yaml = "name: x\nchanges:\n  - type: demand\n    factor: -1\n    sereis: [TITR]\n"
    try:
        read_scenario_text(yaml, source=Message.of(N_("pasted scenario")))
    except InvalidInput as exc:
        assert exc.message == "pasted scenario: changes[0].factor: must be >= 0, got -1"
        assert exc.hint == "also: changes[0].sereis: is not a known key"
        assert exc.field == "changes[0].factor"
        assert exc.msg is not None and exc.hint_msg is not None
        assert (
            ru(exc.msg) == "вставленный сценарий: changes[0].factor: должно быть ≥ 0, получено -1"
        )
        assert ru(exc.hint_msg) == "ещё: changes[0].sereis: неизвестный ключ"
    else:
        raise AssertionError("the scenario is invalid")
    no_links = replace(load_network(), links={}, borders={}, services={})
    demand = Demand.checked([ODDemand("CN_XIY", "DE_DUI", 4200)])
    result = solve_capacity(no_links, demand, CapacityOptions())
    (warning,) = compare("x", "", 2025, [], [], result, result).warning_messages[1:]
    assert warning.text.startswith("scenario: 1 OD pair(s) have no route in the network")
    assert ru(warning) == (
        "сценарий: пар отправления–назначения без маршрута в сети, их спрос не обслужен "
        "(4\u00a0200 TEU/год): 1, например CN_XIY->DE_DUI"
    )


def test_common_yaml_syntax_errors_in_russian() -> None:
    """PyYAML's English stays the English text; the Russian page explains the common errors."""
    ru = MessageRenderer("ru", translations("ru").gettext, load_network())
    cases = [
        ("name: x\n  a: b: c\n", "mapping values are not allowed here", "пары «ключ: значение»"),
        ("name: x\nchanges:\n\t- a\n", "found character '\\t' that cannot", "без табуляции"),
        ("name: x\n- b\n", "expected <block end>, but found '-'", "ожидалось <block end>"),
    ]
    for text, english, russian in cases:
        with pytest.raises(InvalidInput) as err:
            read_scenario_text(text, source=Message.of(N_("pasted scenario")))
        assert english in err.value.message
        assert err.value.msg is not None
        rendered = ru(err.value.msg)
        assert rendered.startswith("вставленный сценарий") and russian in rendered, rendered


def test_numbers_in_messages_use_the_page_symbols() -> None:
    ru = MessageRenderer("ru", translations("ru").gettext, load_network())
    assert ru.number(2.0001, "g") == "2"
    assert ru.number(12.5, "g") == "12,5"
    assert ru.number(123456.7, ",.0f") == "123\u00a0457"
    assert ru.number(25.0, "+g") == "+25"


def test_example_scenarios_and_their_runs_in_russian(server: Server) -> None:
    """The examples carry Russian names (translations: ru: in the file): the list, the run's
    heading and the recent runs show them on the Russian page, the English ones elsewhere."""
    ru = httpx.get(server.url + "/scenarios?lang=ru").text
    assert "Пропускная способность Достыка +20 %" in ru
    assert "Открыт переход Бахты" in ru and "Bakhty crossing opened" not in ru
    en = httpx.get(server.url + "/scenarios?lang=en").text
    assert "Bakhty crossing opened" in en and "Открыт переход Бахты" not in en
    run = httpx.post(
        server.url + "/scenarios/run?lang=ru",
        data={"example": "rasht_astara_opened"},
        follow_redirects=True,
        timeout=300,
    )
    assert run.status_code == 200
    assert '<h2 id="result-title">Открыта железная дорога Решт — Астара' in run.text
    assert "Планируемая железная дорога Решт — Астара работает весь год" in run.text
    run_id = str(run.url).split("run=")[1].split("&")[0]
    again = httpx.get(server.url + f"/scenarios?run={run_id}&lang=en").text
    assert '<h2 id="result-title">Rasht–Astara railway opened' in again
    listed = httpx.get(server.url + "/scenarios?lang=ru").text
    assert f'href="/scenarios?run={run_id}"' in listed
