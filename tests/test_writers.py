"""Writing data sets: every format loads back the same, CSV is safe in a spreadsheet, and `entangle export`."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest

import network
from network.cli import main
from network.errors import DataFileError, QueryError, ValidationError
from network.io import dataset_bytes, parse_file, write_dataset
from network.model import Dataset, Edge, Node

HOSTILE = {
    "nodes.csv": (
        "id,label,kind,jurisdiction,description,url,=weird,weight\n"
        '=cmd(),"=HYPERLINK(""http://evil"",""x"")",school,+1 city,-minus first,@at,"=SUM(1,2)",-3\n'
        "'quoted,\"<img src=x onerror=alert(1)>\",city_police,,\"line one\nline two ]]> &amp;\",,''=already,\n"
        'ICE,ICE,immigration_enforcement,,"tab\tinside and cr\r\nlf",,,\n'
        "\u0406CE,Cyrillic I,immigration_enforcement,,,,,\n"
        "A\u200bB,zero width,database,,\u202eevil,,,\n"
        '\U0001f3eb,"Ünïcødé, with comma and ""quotes""",school,,,,,\n'
    ),
    "edges.csv": (
        "id,source,target,relation,carries,flow,status,start,end,sources,note,@extra\n"
        "e1,=cmd(),'quoted,shares_reports,@mentions,yes,documented,2019,2020-05,S1;S2,=1+1 note,-5\n"
        "e2,'quoted,ICE,funds,,no,alleged,2019-10-01,,S1,'already quoted,\n"
        'e3,\'quoted,\u0406CE,shares,,,reported,,,,"multi\nline",\n'
        "e4,A\u200bB,\U0001f3eb,,,,unknown,,,,,\n"
        "e5,\U0001f3eb,\U0001f3eb,,,,,,,,self loop,\n"
        "e6,=cmd(),'quoted,shares_reports,@mentions,yes,documented,2019,2020-05,S1,parallel link,\n"
        "e7,=cmd(),nobody,,,,,,,,a node only named here,+\n"
    ),
    "sources.csv": (
        "id,title,publisher,date,url,kind\n"
        'S1,"=HYPERLINK(""http://x"",""click"")",@pub,2019-10,http://example.org/?a=1&b=2,news\n'
        "S2,<script>alert(1)</script>,,,,\n"
    ),
    "events.csv": (
        "id,date,title,kind,description,sources,opens,closes,from,to,status\n"
        "v1,2019,+Opened,policy,=evil,S1,e1,,,,\n"
        "v2,2020-05,-Closed,ruling,,S2,,e1;e6,,,\n"
        "v3,2020-06,=Reached,outcome,@arrived,S1,,,=cmd(),\u0406CE,Reported\n"
    ),
    "handoffs.csv": (
        "at,from,to,status,sources,note,start,end\n"
        "'quoted,=cmd(),ICE,Alleged,S1;S2,=1+1 <b>note</b>,2019,2020-05\n"
        "'quoted,*,*,,,\"multi\nline, with comma\",,\n"
        "A\u200bB,,\U0001f3eb,disputed,S2,@at,2019-10-01,\n"
        "'quoted,=cmd(),ICE,documented,S1,same ends later,2020-05,\n"
    ),
    "dataset.json": json.dumps({"title": "=Hostile <b>bold</b>", "description": "line\nbreak",
                                "nested": {"list": [1, 2.5, True, None, "x"]}, "unicode": "\u0406CE \U0001f3eb"}),
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Dataset:
    folder = tmp_path_factory.mktemp("hostile")
    for name, text in HOSTILE.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    return network.load(folder)


def test_the_hostile_data_set_is_what_it_says(hostile):
    assert hostile.nodes["=cmd()"].attrs == {"=weird": "=SUM(1,2)", "weight": "-3"}
    assert hostile.nodes["ICE"].description == "tab\tinside and cr\r\nlf"
    assert hostile.nodes["'quoted"].attrs == {"=weird": "'=already"}
    assert "'quoted" in hostile.nodes and "\u0406CE" in hostile.nodes and "ICE" in hostile.nodes
    assert hostile.edge_by_id["e1"].attrs == {"@extra": "-5"}
    text = "\n".join(w.message for w in hostile.warnings)
    assert "looks like 'ICE'" in text and "ZERO WIDTH SPACE" in text
    assert [(v.id, v.reached_from, v.reached, v.status) for v in hostile.outcomes] == [
        ("v3", "=cmd()", "\u0406CE", "reported")]
    assert [(h.at, h.received_from, h.passed_to, h.status, h.sources, h.start, h.end) for h in hostile.handoffs] == [
        ("'quoted", "=cmd()", "ICE", "alleged", ("S1", "S2"), "2019", "2020-05"),
        ("'quoted", "*", "*", "unknown", (), "", ""),
        ("A\u200bB", "*", "\U0001f3eb", "disputed", ("S2",), "2019-10-01", ""),
        ("'quoted", "=cmd()", "ICE", "documented", ("S1",), "2020-05", ""),
    ]
    assert hostile.handoffs[1].note == "multi\nline, with comma" and hostile.handoffs[0].note == "=1+1 <b>note</b>"


def assert_same(a: Dataset, b: Dataset) -> None:
    """Equal nodes, links, sources, events and metadata, every field and attribute."""
    assert dict(a.nodes) == dict(b.nodes)
    assert [(n.id, dict(n.attrs)) for n in a.nodes.values()] == [(n.id, dict(n.attrs)) for n in b.nodes.values()]
    assert list(a.edges) == list(b.edges)
    assert [dict(e.attrs) for e in a.edges] == [dict(e.attrs) for e in b.edges]
    assert dict(a.sources) == dict(b.sources)
    assert list(a.events) == list(b.events)
    assert [(v.reached_from, v.reached, v.status) for v in a.events] == [
        (v.reached_from, v.reached, v.status) for v in b.events]
    assert list(a.handoffs) == list(b.handoffs)
    assert dict(a.meta) == dict(b.meta)
    assert a.content_hash == b.content_hash


TARGETS = ["folder", "data.zip", "data.graphml", "data.gexf", "data.json"]


@pytest.mark.parametrize("target", TARGETS)
def test_boston_round_trips(boston, tmp_path, target):
    written = write_dataset(boston, tmp_path / target)
    assert_same(boston, network.load(written))


@pytest.mark.parametrize("target", TARGETS)
def test_hostile_data_round_trips(hostile, tmp_path, target):
    written = write_dataset(hostile, tmp_path / target)
    assert_same(hostile, network.load(written))


@pytest.mark.parametrize("fmt", ["zip", "graphml", "gexf", "json"])
def test_download_bytes_round_trip_and_are_stable(hostile, fmt):
    data = dataset_bytes(hostile, fmt)
    assert data == dataset_bytes(hostile, fmt)
    assert_same(hostile, parse_file(f"download.{fmt}", data))


def test_written_csv_is_safe_in_a_spreadsheet(hostile):
    with zipfile.ZipFile(io.BytesIO(dataset_bytes(hostile, "zip"))) as archive:
        assert sorted(archive.namelist()) == ["dataset.json", "edges.csv", "events.csv", "handoffs.csv", "nodes.csv",
                                              "sources.csv"]
        for name in ("edges.csv", "nodes.csv", "sources.csv", "events.csv", "handoffs.csv"):
            rows = list(csv.reader(io.StringIO(archive.read(name).decode("utf-8"), newline="")))
            for cell in (c for row in rows for c in row):
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r", "\n")), (name, cell)
        nodes = archive.read("nodes.csv").decode("utf-8")
        handoffs = archive.read("handoffs.csv").decode("utf-8")
    assert "'=cmd()" in nodes and "''quoted" in nodes and "'-3" in nodes and "'=weird" in nodes
    assert "''=already" in nodes
    assert handoffs.startswith("at,from,to,status,sources,note,start,end\n")
    assert "''quoted,'=cmd(),ICE,alleged,S1;S2,'=1+1 <b>note</b>,2019,2020-05" in handoffs


def test_a_control_character_cannot_go_into_xml(tmp_path):
    ds = Dataset.build([Node("a", "bell\x07")], [Edge("a->b", "a", "b", note="ok")])
    with pytest.raises(ValidationError) as info:
        write_dataset(ds, tmp_path / "out.graphml")
    [p] = info.value.problems
    assert p.column == "label" and "U+0007" in p.message and ".zip or .json" in p.fix
    assert_same(ds, network.load(write_dataset(ds, tmp_path / "out.json")))


def test_writing_refuses_unknown_suffixes_and_full_folders(boston, tmp_path):
    with pytest.raises(QueryError, match="use .zip, .graphml, .gexf, .json"):
        write_dataset(boston, tmp_path / "out.pdf")
    with pytest.raises(QueryError, match="choose one of zip, graphml, gexf, json"):
        dataset_bytes(boston, "xls")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "notes.txt").write_text("mine")
    with pytest.raises(DataFileError, match="nothing was overwritten"):
        write_dataset(boston, tmp_path / "full")
    assert (tmp_path / "full" / "notes.txt").read_text() == "mine"


def test_export_command(tmp_path, capsys):
    out = tmp_path / "boston.gexf"
    assert main(["export", "data/boston", str(out)]) == 0
    assert f"Wrote {out}: 23 institutions" in capsys.readouterr().out
    assert main(["export", str(out), str(tmp_path / "again")]) == 0
    assert main(["check", str(tmp_path / "again")]) == 0
    assert "links citing a source: 100%" in capsys.readouterr().out


def test_export_of_bad_data_exits_1_and_usage_errors_exit_2(tmp_path, entangle):
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target,status\nA,B,sure\n")
    result = entangle("export", str(bad), str(tmp_path / "x.zip"))
    assert result.returncode == 1 and result.stdout.startswith("bad.csv:2:status:")
    assert not (tmp_path / "x.zip").exists()
    result = entangle("export", "data/boston", str(tmp_path / "x.pdf"))
    assert result.returncode == 2 and "cannot write .pdf files" in result.stderr
    assert "Traceback" not in result.stderr
