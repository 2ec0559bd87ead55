"""Demand files: the bundled baseline, CSV parsing with clear errors, OMX round trips."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import openmatrix
import pytest
from toynet import link, network, node

from corridors.capacity import (
    TONNES_PER_TEU,
    Demand,
    ODDemand,
    load_bundled_demand,
    read_demand_csv,
    read_omx,
    write_demand_csv,
    write_omx,
)
from corridors.errors import InvalidInput, NotFound

NET = network([node("A"), node("B"), node("CN_XIY")], [link("A", "B")])


def test_bundled_demand_is_sourced_and_adds_up_to_the_published_volumes() -> None:
    d = load_bundled_demand()
    assert len(d.pairs()) >= 200
    for r in d.rows:
        assert r.source and r.note, r
        assert r.kind in ("official", "derived", "estimate")
        # trans-Caspian rows may not go round the Caspian
        assert r.avoid == (("IR", "RU") if r.corridor == "TITR" else ())
    by = d.by(lambda r: r.corridor)
    # corridor-facts §6: ERAI China<->EU 2025, China–Central Asia 2025, CER minus both, TITR 2025
    assert by["CN-EU"] == pytest.approx(272_157 + 38_422, abs=5)
    assert by["CN-CA"] == pytest.approx(1_130_000, abs=5)
    assert by["CN-RU"] == pytest.approx(2_050_000 - 1_130_000 - 310_579, abs=5)
    assert by["TITR"] == pytest.approx(77_000, abs=5)
    assert by["INSTC"] == pytest.approx(17_600_000 * 0.08 / TONNES_PER_TEU, abs=5)


def _write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "d.csv"
    p.write_text(text, "utf-8")
    return p


def test_csv_reads_tonnes_and_optional_columns(tmp_path: Path) -> None:
    text = "origin,destination,tonnes_per_year,source,avoid\nA,B,1100,test, ru ; by\n\n"
    d = read_demand_csv(_write(tmp_path, text), NET)
    (row,) = d.rows
    assert row.teu_per_year == pytest.approx(1100 / TONNES_PER_TEU)
    assert (row.commodity, row.source, row.kind) == ("containers", "test", "official")
    assert row.avoid == ("BY", "RU")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("origin,destination\nA,B\n", "missing column 'teu_per_year'"),
        ("origin,teu_per_year\nA,1\n", "missing column 'destination'"),
        ("origin,destination,teu_per_year\nA,B,12\nA,B,lots\n", "line 3, column teu_per_year"),
        ("origin,destination,teu_per_year\nA,B,-5\n", "'-5' is not a number >= 0"),
        ("origin,destination,teu_per_year\nA,B,nan\n", "'nan' is not a number"),
        ("origin,destination,teu_per_year\nA,A,5\n", "line 2: origin and destination are the same"),
        ("origin,destination,teu_per_year\nA,B,5\nA,B,6\n", "duplicate of row 1"),
        ("origin,destination,teu_per_year,kind\nA,B,5,guess\n", "kind must be one of"),
    ],
)
def test_csv_errors_name_line_and_column(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        read_demand_csv(_write(tmp_path, text), NET)


def test_unknown_node_suggests_close_ids(tmp_path: Path) -> None:
    p = _write(tmp_path, "origin,destination,teu_per_year\nCN_XIA,B,5\n")
    with pytest.raises(InvalidInput, match="origin 'CN_XIA' is not a node") as exc:
        read_demand_csv(p, NET)
    assert "CN_XIY" in (exc.value.hint or "")


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound):
        read_demand_csv(tmp_path / "nope.csv")


def test_csv_round_trip(tmp_path: Path) -> None:
    d = Demand.checked(
        [
            ODDemand("A", "B", 1234567.891, "grain", "src, with comma", "estimate", "X", "n"),
            ODDemand("A", "B", 1, avoid=("BY", "RU")),
            ODDemand("B", "A", 0.5),
        ]
    )
    write_demand_csv(d, tmp_path / "out.csv")
    assert read_demand_csv(tmp_path / "out.csv", NET) == d


def test_scaling_selected_rows() -> None:
    d = Demand.checked([ODDemand("A", "B", 100, corridor="M"), ODDemand("B", "A", 50)])
    s = d.scaled(1.5, lambda r: r.corridor == "M")
    assert [r.teu_per_year for r in s.rows] == [150, 50]
    with pytest.raises(InvalidInput, match="factor"):
        d.scaled(-1)


def test_omx_round_trip_keeps_pairs_and_commodities(tmp_path: Path) -> None:
    d = Demand.checked(
        [
            ODDemand("A", "B", 100.25, source="s1"),
            ODDemand("B", "CN_XIY", 7, commodity="reefer"),
            ODDemand("A", "CN_XIY", 3, commodity="reefer", source="s2"),
            ODDemand("A", "B", 9, avoid=("BY", "RU")),
        ]
    )
    zones = write_omx(d, tmp_path / "d.omx")
    assert zones == ["A", "B", "CN_XIY"]
    back = read_omx(tmp_path / "d.omx", NET)
    got = {(r.origin, r.destination, r.commodity, r.avoid): r.teu_per_year for r in back.rows}
    assert got == {
        ("A", "B", "containers", ()): 100.25,
        ("B", "CN_XIY", "reefer", ()): 7,
        ("A", "CN_XIY", "reefer", ()): 3,
        ("A", "B", "containers", ("BY", "RU")): 9,
    }
    assert {r.source for r in back.rows if r.commodity == "reefer"} == {"s2"}
    with openmatrix.open_file(str(tmp_path / "d.omx")) as f:
        assert f.shape() == (3, 3)
        assert list(f.mapping("zone")) == [1, 2, 3]
        assert f["containers"][0, 1] == pytest.approx(100.25)


def test_bundled_demand_survives_omx(tmp_path: Path) -> None:
    d = load_bundled_demand()
    write_omx(d, tmp_path / "b.omx")
    back = read_omx(tmp_path / "b.omx")
    assert back.pairs() == pytest.approx(d.pairs())


def test_omx_without_node_mapping_is_rejected(tmp_path: Path) -> None:
    with openmatrix.open_file(str(tmp_path / "x.omx"), "w") as f:
        f.create_matrix("trips", obj=np.ones((2, 2)))
        f.create_mapping("taz", [1, 2])
    with pytest.raises(InvalidInput, match="no 'node_id' mapping") as exc:
        read_omx(tmp_path / "x.omx")
    assert "taz" in (exc.value.hint or "")


def test_omx_bad_matrix_name_and_bad_file(tmp_path: Path) -> None:
    write_omx(Demand.checked([ODDemand("A", "B", 1)]), tmp_path / "d.omx")
    with pytest.raises(InvalidInput, match="no matrix 'trips'"):
        read_omx(tmp_path / "d.omx", matrices=["trips"])
    (tmp_path / "bad.omx").write_text("not hdf5")
    with pytest.raises(InvalidInput, match="not an OMX"):
        read_omx(tmp_path / "bad.omx")
