"""Every class of mistake in a user's network files is reported with file, row and column,
and the loader refuses such files with the same precision."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from corridors.errors import InvalidInput
from corridors.network.check import check_network
from corridors.network.load import load_network

FIXTURES = Path(__file__).parents[1] / "data" / "network"


def test_valid_fixture_has_no_problems() -> None:
    assert check_network(FIXTURES / "valid") == []


@pytest.mark.parametrize(
    ("case", "file", "row", "column", "value", "expected"),
    [
        ("duplicate_id", "node.csv", 8, "node_id", "A_TERM", "unique id"),
        ("unknown_node", "link.csv", 4, "to_node_id", "B_TRM", "node_id of node.csv"),
        ("bad_coordinate", "node.csv", 2, "y_coord", "95", "between -90 and 90"),
        ("gauge_without_transshipment", "node.csv", 4, "gauge_change", "", "1435/1520 meet"),
        ("shorter_than_great_circle", "link.csv", 4, "length", "397", "at least the great"),
        ("longer_than_twice", "link.csv", 2, "length", "1068", "at most twice"),
        ("missing_source", "link.csv", 3, "source", "", "a value"),
        ("unknown_source", "node.csv", 2, "source", "NOPE", "unknown: NOPE"),
        ("p90_below_p50", "border.csv", 2, "dwell_p90_h", "8", "at least the median"),
        ("queue_p90_below_p50", "service.csv", 2, "queue_p90_h", "24", "at least the median"),
        ("planned_without_year", "link.csv", 7, "opening_year", "", "year a planned link"),
        ("negative_length", "link.csv", 5, "length", "-5", "greater than 0"),
        ("unknown_mode", "link.csv", 2, "mode", "train", "one of rail, road"),
    ],
)
def test_each_mistake_is_named(
    case: str, file: str, row: int, column: str, value: str, expected: str
) -> None:
    problems = [p for p in check_network(FIXTURES / case) if p.severity == "error"]
    assert problems, case
    first = problems[0]
    assert (first.file, first.row, first.column, first.value) == (file, row, column, value)
    assert expected in first.expected
    with pytest.raises(InvalidInput) as err:
        load_network(FIXTURES / case)
    assert f"{file}:{row}" in err.value.message and column in err.value.message


def test_a_border_claiming_a_gauge_change_needs_a_transshipment_node() -> None:
    problems = check_network(FIXTURES / "gauge_without_transshipment")
    assert any(p.file == "border.csv" and p.column == "gauge_change" for p in problems)


@pytest.mark.parametrize(
    ("p50", "p90", "column", "value", "expected"),
    [
        ("-1", "24", "queue_p50_h", "-1", "at least 0"),
        ("12", "", "queue_p90_h", "", "a value (hours) when queue_p50_h is given"),
        ("", "12", "queue_p50_h", "", "a value (hours) when queue_p90_h is given"),
        ("12", "many", "queue_p90_h", "many", "a number"),
    ],
)
def test_a_port_queue_is_a_median_and_a_p90(
    tmp_path: Path, p50: str, p90: str, column: str, value: str, expected: str
) -> None:
    shutil.copytree(FIXTURES / "queue_p90_below_p50", tmp_path / "n")
    svc = tmp_path / "n" / "service.csv"
    svc.write_text(svc.read_text().replace(",48,24,", f",{p50},{p90},"))
    (problem,) = [p for p in check_network(tmp_path / "n") if p.severity == "error"]
    assert (problem.file, problem.row, problem.record) == ("service.csv", 2, "SX")
    assert (problem.column, problem.value) == (column, value)
    assert expected in problem.expected


def test_a_port_queue_loads_onto_the_service_both_ways(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "queue_p90_below_p50", tmp_path / "n")
    svc = tmp_path / "n" / "service.csv"
    svc.write_text(svc.read_text().replace(",48,24,", ",24,96,"))
    net = load_network(tmp_path / "n")
    got = [(s.queue_p50_h, s.queue_p90_h) for v in net.services.values() for s in v]
    assert got == [(24.0, 96.0), (24.0, 96.0)]
    plain = load_network(FIXTURES / "valid")  # no queue columns: no queue
    assert all(s.queue_p50_h == s.queue_p90_h == 0.0 for v in plain.services.values() for s in v)


def test_missing_directory_and_files(tmp_path: Path) -> None:
    assert check_network(tmp_path / "nope")[0].expected == "a directory of CSV files"
    names = {p.file for p in check_network(tmp_path)}
    assert {"source.csv", "node.csv", "link.csv"} <= names


def test_unknown_column_and_ragged_row(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "valid", tmp_path / "n")
    node = tmp_path / "n" / "node.csv"
    lines = node.read_text().splitlines()
    lines[0] += ",colour"
    lines[1] += ",red"
    lines[2] = lines[2] + ",x,y"  # one cell too many even with the new column
    node.write_text("\n".join(lines) + "\n")
    problems = check_network(tmp_path / "n")
    assert any(p.row == 1 and p.column == "colour" for p in problems)
    assert any(p.row == 3 and "cells" in p.expected for p in problems)


def test_user_files_without_default_tables_use_the_bundled_defaults() -> None:
    net = load_network(FIXTURES / "valid")
    rail = net.links["L1"]
    assert rail.speed_kmh > 0 and rail.price_usd_teu > 0 and rail.wtw_kg_tkm > 0
    # CN electric rail takes the China grid factor, sourced from the bundled source.csv.
    assert rail.emission_factor_id == "EF_RAIL_ELEC_CN"
    assert "ECOTRANSIT_2010" in net.sources


def test_two_way_rows_become_two_directed_links_with_borders_and_sailings() -> None:
    net = load_network(FIXTURES / "valid")
    assert len(net.links) == 12
    back = net.links["L2R"]
    assert (back.from_id, back.to_id, back.base_id) == ("B_BORD", "A_BORD", "L2")
    assert net.borders["L2"].id == "BX" and net.borders["L2R"].id == "BXR"
    assert net.services["L5R"][0].id == "SXR"
    assert net.links["L5"].price_usd_teu == 600  # the sailing's price
    assert net.services["L5"][0].weekdays == (1, 4)
    # name_ru is optional (the fixture has no such column): empty, so pages fall back to name
    assert net.borders["L2"].name_ru == "" and net.services["L5"][0].name_ru == ""
