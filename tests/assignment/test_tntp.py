"""The TNTP reader: Sioux Falls as published, format variants, and clear errors on bad files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from corridors.assignment.tntp import read_flows, read_net, read_nodes, read_trips
from corridors.errors import InvalidInput

SIOUX = Path(__file__).parent.parent / "data" / "tntp" / "SiouxFalls"
# Published best-known objective (SiouxFalls/README.md), in units of 1e5 vehicle-time units.
BEST_OBJECTIVE = 42.31335287107440e5


def test_sioux_falls_network_matches_its_header_and_first_links() -> None:
    net = read_net(SIOUX / "SiouxFalls_net.tntp")
    assert (net.name, net.n_zones, net.n_nodes, net.n_links) == ("SiouxFalls", 24, 24, 76)
    assert net.first_thru_node == 1
    assert (net.init_node[0], net.term_node[0]) == (1, 2)
    assert net.capacity[0] == pytest.approx(25900.20064)
    assert net.free_flow_time[3] == 5.0 and net.b[3] == 0.15 and net.power[3] == 4.0
    assert (net.init_node[-1], net.term_node[-1]) == (24, 23)


def test_sioux_falls_trips_sum_to_the_published_total() -> None:
    demand = read_trips(SIOUX / "SiouxFalls_trips.tntp")
    assert demand.shape == (24, 24)
    assert demand.sum() == pytest.approx(360600.0)
    assert demand[0, 1] == 100.0 and demand[0, 9] == 1300.0 and demand[1, 0] == 100.0


def test_best_known_flows_give_the_published_objective() -> None:
    """Reader, BPR integral and published figure agree: an oracle for the solver tests."""
    net = read_net(SIOUX / "SiouxFalls_net.tntp").to_assignment()
    flows = read_flows(SIOUX / "SiouxFalls_flow.tntp")
    assert np.array_equal(flows.init_node, np.arange(1, 25)[net.tail])
    assert np.array_equal(flows.term_node, np.arange(1, 25)[net.head])
    assert net.delay.integral(flows.volume).sum() == pytest.approx(BEST_OBJECTIVE, rel=1e-12)
    assert net.delay.time(flows.volume) == pytest.approx(flows.cost, rel=1e-9)


def test_node_coordinates() -> None:
    nodes = read_nodes(SIOUX / "SiouxFalls_node.tntp")
    assert nodes.node.tolist() == list(range(1, 25))
    assert nodes.x[0] == pytest.approx(-96.77041974) and nodes.y[0] == pytest.approx(43.61282792)


NET_HEAD = """<NUMBER OF ZONES> 2
<NUMBER OF NODES> 3
<FIRST THRU NODE> 3
<NUMBER OF LINKS> {links}
<END OF METADATA>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def test_format_variants_comments_missing_semicolons_and_short_rows(tmp_path: Path) -> None:
    text = NET_HEAD.format(links=3) + (
        "~ init term cap len fft b power speed toll type ;\n"
        "\n"
        "1 3 100 5 2 0.15 4 0 1.5 1 ;   ~ inline comment\n"
        "\t3\t2\t200\t7\t3\t0.15\t4\t0\t0\t1\n"  # no terminator
        "3 1 50 2 1 0.15 4 ;\n"  # speed, toll, type left out
    )
    net = read_net(_write(tmp_path, "x_net.tntp", text))
    assert net.init_node.tolist() == [1, 3, 3] and net.term_node.tolist() == [3, 2, 1]
    assert net.toll.tolist() == [1.5, 0.0, 0.0]
    a = net.to_assignment(toll_factor=2.0, distance_factor=0.5)
    assert a.fixed_cost.tolist() == [2.0 * 1.5 + 0.5 * 5, 0.5 * 7, 0.5 * 2]
    assert a.no_through.tolist() == [True, True, False]  # zones below the first thru node
    assert a.tail.tolist() == [0, 2, 2]  # 0-based


def test_trips_with_several_entries_per_line_and_comments(tmp_path: Path) -> None:
    text = (
        "<NUMBER OF ZONES> 3\n<TOTAL OD FLOW> 6.5\n<END OF METADATA>\n\n"
        "Origin 1\n  2 : 1.5;  3 : 2.0; ~ comment\n"
        "Origin\t3\n1:3;\n"
    )
    demand = read_trips(_write(tmp_path, "x_trips.tntp", text))
    assert demand.tolist() == [[0, 1.5, 2.0], [0, 0, 0], [3.0, 0, 0]]


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (NET_HEAD.format(links=1) + "1 2 100 1 x 0.15 4 0 0 1 ;\n", 6, "free_flow_time = 'x'"),
        (NET_HEAD.format(links=1) + "1 9 100 1 1 0.15 4 0 0 1 ;\n", 6, "term_node = 9"),
        (NET_HEAD.format(links=1) + "1 2 0 1 1 0.15 4 0 0 1 ;\n", 6, "capacity = 0"),
        (NET_HEAD.format(links=1) + "1 2 100 1 -1 0.15 4 0 0 1 ;\n", 6, "free_flow_time = -1"),
        (NET_HEAD.format(links=1) + "1 2 100 ;\n", 6, "3 fields"),
        (NET_HEAD.format(links=1) + "1 2 100 1 1 0.15 inf 0 0 1 ;\n", 6, "not a finite number"),
        ("<NUMBER OF ZONES> 2\nnot metadata\n", 2, "metadata"),
        (
            "<NUMBER OF ZONES> two\n<NUMBER OF NODES> 3\n<NUMBER OF LINKS> 0\n<END OF METADATA>\n",
            1,
            "<NUMBER OF ZONES>",
        ),
    ],
)
def test_malformed_network_lines_are_named(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    path = _write(tmp_path, "bad_net.tntp", text)
    with pytest.raises(InvalidInput) as err:
        read_net(path)
    assert f"{path}:{line}:" in err.value.message
    assert words in err.value.message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (NET_HEAD.format(links=2) + "1 2 100 1 1 0.15 4 0 0 1 ;\n", "<NUMBER OF LINKS> 2"),
        ("<NUMBER OF NODES> 3\n", "<END OF METADATA>"),
        ("<NUMBER OF ZONES> 2\n<NUMBER OF LINKS> 0\n<END OF METADATA>\n", "<NUMBER OF NODES>"),
    ],
)
def test_inconsistent_network_files_are_named(tmp_path: Path, text: str, words: str) -> None:
    path = _write(tmp_path, "bad_net.tntp", text)
    with pytest.raises(InvalidInput) as err:
        read_net(path)
    assert str(path) in err.value.message and words in err.value.message


@pytest.mark.parametrize(
    ("body", "line", "words"),
    [
        ("1 : 2;\n", 3, "before the first 'Origin'"),
        ("Origin 1\n 2 : -4;\n", 4, "trips = -4"),
        ("Origin 1\n 5 : 4;\n", 4, "destination = 5"),
        ("Origin 7\n", 3, "origin = 7"),
        ("Origin 1\n 2 4;\n", 4, "destination : trips"),
        ("Origin 1\n 2 : 1; 2 : 1;\n", 4, "second entry"),
    ],
)
def test_malformed_trips_lines_are_named(tmp_path: Path, body: str, line: int, words: str) -> None:
    path = _write(tmp_path, "bad_trips.tntp", "<NUMBER OF ZONES> 2\n<END OF METADATA>\n" + body)
    with pytest.raises(InvalidInput) as err:
        read_trips(path)
    assert f"{path}:{line}:" in err.value.message and words in err.value.message


def test_truncated_trips_file_is_caught_by_its_total(tmp_path: Path) -> None:
    text = "<NUMBER OF ZONES> 2\n<TOTAL OD FLOW> 10\n<END OF METADATA>\nOrigin 1\n 2 : 4;\n"
    with pytest.raises(InvalidInput, match="TOTAL OD FLOW"):
        read_trips(_write(tmp_path, "t_trips.tntp", text))


def test_missing_file_and_bad_flow_rows(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="no such file"):
        read_net(tmp_path / "absent_net.tntp")
    path = _write(tmp_path, "f_flow.tntp", "From To Volume Cost\n1 2 3.5 1.0\n2 x 1 1\n")
    with pytest.raises(InvalidInput) as err:
        read_flows(path)
    assert f"{path}:3:" in err.value.message and "to = 'x'" in err.value.message
