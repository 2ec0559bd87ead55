"""Scenario files: every error names the path of the bad field and what is accepted."""

from __future__ import annotations

from pathlib import Path

import pytest

from corridors.errors import InvalidInput, NotFound
from corridors.scenarios import load_scenario, read_scenario_text


def error(text: str) -> InvalidInput:
    with pytest.raises(InvalidInput) as exc:
        read_scenario_text(text, source="s.yaml")
    return exc.value


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            """
name: x
changes:
  - {type: close, links: [A]}
  - {type: open, links: [B]}
  - {type: capacity, borders: [D], capacity_factor: -1}
""",
            "s.yaml: changes[2].capacity_factor: must be > 0, got -1",
        ),
        (
            "name: x\nchanges: [{type: capacity, links: [A], capacity_factor: lots}]",
            "must be a number, got 'lots'",
        ),
        ("name: x\nchanges: [{type: explode}]", "changes[0].type: must be one of close, open"),
        ("name: x\nchanges: [{links: [A]}]", "changes[0].type: must be one of"),
        ("name: x\nchanges: [{type: close}]", "changes[0]: name at least one of links"),
        (
            "name: x\nchanges: [{type: close, links: [A], from: 2025-09-25, to: 2025-09-12}]",
            "changes[0].to: must be after from (2025-09-25), got 2025-09-12",
        ),
        (
            "name: x\nchanges: [{type: close, links: [A], from: 2024-09-25}]",
            "changes[0].from: 2024-09-25 is outside the scenario year 2025",
        ),
        (
            "name: x\nchanges: [{type: close, links: [A], form: 2025-01-01}]",
            "changes[0].form: is not a known key",
        ),
        (
            "name: x\noptions: {value_of_time_usd_teu_h: -3}",
            "options.value_of_time_usd_teu_h: must be >= 0",
        ),
        ("changes: []", "name: is required"),
        ("name: x\ndredge: {aktau: 1}", "dredge needs caspian_level"),
        ("name: x\ncaspian_level: -50", "caspian_level: must be >= -40, got -50"),
        ("name: x\nchanges: [{type: open, links: R}]", "changes[0].links: must be a list, got 'R'"),
        (
            "name: x\nchanges: [{type: close, links: [A], from: soon}]",
            "changes[0].from: must be a date",
        ),
        (
            "name: x\nchanges: [{type: tariff, links: [A], price_factor: 1,"
            " price_delta_usd_teu: 3}]",
            "give exactly one of price_factor or price_delta_usd_teu",
        ),
        ("- just\n- a list\n", "a scenario is a mapping"),
        ("name: x\nchanges: [\n", "s.yaml line 3, column 1: not valid YAML"),
        (
            "name: x\ntranslations: {RU: {name: y}}",
            "translations: language codes are two lowercase letters (ISO 639-1, e.g. ru), got 'RU'",
        ),
        ("name: x\ntranslations: {ru: {description: y}}", "translations.ru.name: is required"),
    ],
)
def test_errors_name_the_path(text: str, message: str) -> None:
    assert message in error(text).message


def test_error_field_is_the_path() -> None:
    e = error("name: x\nchanges: [{type: dwell, borders: [A], dwell_factor: -2}]")
    assert e.field == "changes[0].dwell_factor"


def test_defaults_and_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text("name: demo\nyear: 2024\ndemand: data/d.csv\n")
    s = load_scenario(tmp_path / "s.yaml")
    assert s.baseline == "bundled"
    assert s.demand == str((tmp_path / "data" / "d.csv").resolve())
    assert s.options.year_days == 366  # a leap year
    assert s.options.value_of_time_usd_teu_h == pytest.approx(8.3)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        load_scenario(tmp_path / "none.yaml")


def test_translations_of_the_name_and_description() -> None:
    text = "name: Dostyk +20%\ntranslations:\n  ru: {name: Достык +20 %, description: Больше}\n"
    sc = read_scenario_text(text)
    assert sc.translations["ru"].name == "Достык +20 %"
    assert sc.translations["ru"].description == "Больше"
    assert sc.name == "Dostyk +20%"
