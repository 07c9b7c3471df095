"""Handoffs (handoffs.csv) and outcomes (events with from and to) in every reader and writer, validated."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from conftest import build_workbook

import network
from network.cli import main
from network.errors import ValidationError
from network.io import dataset_bytes, parse_file, parse_files
from network.model import ANY, Handoff

NODES = "id,label,kind\nsp,School police,school_police\nbric,BRIC,fusion_center\ngang_db,Gang database,database\n" \
        "ice,ICE ERO,immigration_enforcement\n"
# bpd is in no nodes.csv row: an end of a link is a node too
EDGES = (
    "id,source,target,relation,carries,status,sources\n"
    "e1,sp,bric,shares_reports,incident reports,documented,S1\n"
    "e2,bric,gang_db,shares_reports,gang-database entries,documented,S1\n"
    "e3,gang_db,ice,accessible_to,gang-database entries,reported,S2\n"
    "e4,sp,bpd,shares_reports,incident reports,acknowledged,S2\n"
    "e5,bpd,ice,shares_reports,,disputed,S2\n"
)
SOURCES = "id,title\nS1,A court record\nS2,A news report\nS3,A denial\n"
EVENTS = (
    "id,date,title,sources,opens,closes,from,to,status\n"
    "v1,2014,Policy,S1,e1,,,,\n"
    "v2,2015-06,A report reached ICE,S2,,,sp,ice,documented\n"
)
HANDOFFS = (
    "at,from,to,status,sources,note,start,end\n"
    "bric,sp,gang_db,alleged,S1;S3,unverified,2010,2020-08\n"
    "bric,*,ice,disputed,S3,denied,,\n"
    "bpd,,*,Disputed,S3,,2014,\n"
    "ice,sp,*,unknown,,at a node no route passes through,,\n"
)
GOOD = {"edges_csv": EDGES, "nodes_csv": NODES, "sources_csv": SOURCES, "events_csv": EVENTS,
        "handoffs_csv": HANDOFFS}


@pytest.fixture
def good(write_dataset):
    return write_dataset(**GOOD)


def test_a_folder_with_handoffs_loads(good):
    ds = network.load(good)
    assert ds.handoffs == (
        Handoff("bric", "sp", "gang_db", "alleged", ("S1", "S3"), "unverified", "2010", "2020-08"),
        Handoff("bric", ANY, "ice", "disputed", ("S3",), "denied"),
        Handoff("bpd", ANY, ANY, "disputed", ("S3",), "", "2014"),  # bpd: an end of links, in no nodes.csv row
        Handoff("ice", "sp", ANY, "unknown", (), "at a node no route passes through"),
    )
    assert ds.summary()["handoffs"] == 4 and ds.assesses_continuity
    [outcome] = ds.outcomes
    assert (outcome.id, outcome.reached_from, outcome.reached, outcome.status) == ("v2", "sp", "ice", "documented")
    v1 = next(v for v in ds.events if v.id == "v1")
    assert not v1.is_outcome and (v1.reached_from, v1.reached, v1.status) == ("", "", "")


def test_handoff_columns_are_found_by_their_aliases_and_in_any_case(write_dataset):
    folder = write_dataset(edges_csv=EDGES, handoffs_csv="Node,Received From,Passed-To,Evidence\nbric,sp,gang_db,"
                                                         "reported\n")
    assert network.load(folder).handoffs == (Handoff("bric", "sp", "gang_db", "reported"),)


def test_without_sources_csv_any_cited_id_is_kept(write_dataset):
    folder = write_dataset(edges_csv=EDGES, handoffs_csv="at,sources\nbric,S9\n")
    assert network.load(folder).handoffs[0].sources == ("S9",)


def _errors(write_dataset, **files: str) -> list:
    with pytest.raises(ValidationError) as info:
        network.load(write_dataset(**{**GOOD, **files}))
    return info.value.errors


BAD = {
    "unknown at": ("handoffs_csv", "at,from,to\nnobody,sp,*\n", ("handoffs.csv", 2, "at"),
                   "at 'nobody' is not an institution of the data set (in neither nodes.csv nor edges.csv).",
                   "Use a node id from nodes.csv or edges.csv."),
    "at is any": ("handoffs_csv", "at,from,to\n*,sp,bric\n", ("handoffs.csv", 2, "at"), "'at' is *", ""),
    "at is empty": ("handoffs_csv", "at,from,to\n,sp,bric\n", ("handoffs.csv", 2, "at"), "'at' is empty.", ""),
    "no at column": ("handoffs_csv", "node_name,from\nbric,sp\n", ("handoffs.csv", 1, "at"),
                     "there is no 'at' column", ""),
    "unknown from": ("handoffs_csv", "at,from,to\nbric,nobody,*\n", ("handoffs.csv", 2, "from"),
                     "from 'nobody' is not an institution", "Use a node id from nodes.csv or edges.csv, or * for any."),
    "unknown to": ("handoffs_csv", "at,From,To\nbric,sp,ICE\n", ("handoffs.csv", 2, "To"),
                   "to 'ICE' is not an institution", "Use a node id from nodes.csv or edges.csv, or * for any."),
    "bad status": ("handoffs_csv", "at,status\nbric,sure\n", ("handoffs.csv", 2, "status"),
                   "status 'sure' is not one we know.",
                   "Use one of: documented, acknowledged, reported, alleged, disputed, unknown."),
    "unknown source": ("handoffs_csv", "at,sources\nbric,S1;S9\n", ("handoffs.csv", 2, "sources"),
                       "cites source 'S9', which is not in sources.csv.", "Add it to sources.csv, or correct the id."),
    "bad date": ("handoffs_csv", "at,start,end\nbric,2019-13,\n", ("handoffs.csv", 2, "start"),
                 "'2019-13' is not a real date", "Write dates as YYYY, YYYY-MM or YYYY-MM-DD"),
    "end before start": ("handoffs_csv", "at,start,end\nbric,2020,2019-05\n", ("handoffs.csv", 2, "end"),
                         "the end (2019-05) is before the start (2020).", "Swap the two dates"),
    "duplicate": ("handoffs_csv", "at,from,to,status\nbric,sp,gang_db,alleged\nbric,sp,gang_db,disputed\n",
                  ("handoffs.csv", 3, "at"), "the handoff at 'bric' from 'sp' to 'gang_db' is already on row 2.",
                  "Keep one row per handoff"),
    "duplicate, blank as any": ("handoffs_csv", "at,from,to,start\nbric,,*,2019\nbric,*,,2019\n",
                                ("handoffs.csv", 3, "at"), "with the same dates is already on row 2.", ""),
    "outcome with from only": ("events_csv", "id,date,from,to\nv1,2015,sp,\n", ("events.csv", 2, "to"),
                               "'to' is empty, but 'from' is given.", "An outcome needs both from and to"),
    "outcome with to only": ("events_csv", "id,date,from,to\nv1,2015,,ice\n", ("events.csv", 2, "from"),
                             "'from' is empty, but 'to' is given.", "An outcome needs both from and to"),
    "outcome with unknown to": ("events_csv", "id,date,from,to\nv1,2015,sp,nobody\n", ("events.csv", 2, "to"),
                                "to 'nobody' is not an institution", "Use a node id from nodes.csv or edges.csv."),
    "outcome to any": ("events_csv", "id,date,from,to\nv1,2015,sp,*\n", ("events.csv", 2, "to"), "'to' is *", ""),
    "outcome with bad status": ("events_csv", "id,date,from,to,status\nv1,2015,sp,ice,proven\n",
                                ("events.csv", 2, "status"), "status 'proven' is not one we know.", "Use one of:"),
}


@pytest.mark.parametrize("case", BAD)
def test_each_bad_input_is_located(write_dataset, case):
    name, text, where, message, fix = BAD[case]
    [problem] = _errors(write_dataset, **{name: text})
    assert (problem.file, problem.row, problem.column) == where
    assert message in problem.message and fix in problem.fix


def test_every_problem_is_reported_at_once_in_row_order(write_dataset):
    errors = _errors(write_dataset, handoffs_csv="at,from,to,status,sources,start\nnobody,sp,*,,,\n"
                                                 "bric,nobody,*,sure,S9,2019-13\n",
                     events_csv="id,date,from,to\nv1,2015,sp,\n")
    assert [(p.file, p.row, p.column) for p in errors] == [
        ("events.csv", 2, "to"),
        ("handoffs.csv", 2, "at"),
        ("handoffs.csv", 3, "from"), ("handoffs.csv", 3, "status"), ("handoffs.csv", 3, "start"),
        ("handoffs.csv", 3, "sources"),
    ]


def test_a_link_and_a_handoff_have_the_same_status_rule(write_dataset):
    [link] = _errors(write_dataset, edges_csv=EDGES + "e6,sp,ice,shares_reports,,sure,S1\n")
    [handoff] = _errors(write_dataset, handoffs_csv="at,status\nbric,sure\n")
    assert (link.message, link.fix) == (handoff.message, handoff.fix)


def test_a_workbook_has_a_handoffs_sheet():
    rows = {"edges": [line.split(",") for line in EDGES.splitlines()],
            "nodes": [line.split(",") for line in NODES.splitlines()],
            "sources": [line.split(",") for line in SOURCES.splitlines()]}
    good = build_workbook(**rows, Handoffs=[["at", "from", "to", "status", "sources"], ["bric", "sp", "*", "alleged",
                                                                                          "S1"]],
                          events=[["id", "date", "from", "to"], ["v1", "2015-06", "sp", "ice"]])
    ds = parse_file("book.xlsx", good)
    assert ds.handoffs == (Handoff("bric", "sp", ANY, "alleged", ("S1",)),)
    assert [(v.reached_from, v.reached) for v in ds.outcomes] == [("sp", "ice")]
    bad = build_workbook(**rows, handoffs=[["at", "from"], ["bric", "sp"], ["nobody", "sp"]])
    with pytest.raises(ValidationError) as info:
        parse_file("book.xlsx", bad)
    [problem] = info.value.errors
    assert (problem.file, problem.row, problem.column) == ("book.xlsx[handoffs]", 3, "at")
    assert "in neither the nodes sheet nor the edges sheet" in problem.message
    assert problem.fix == "Use a node id from the nodes sheet or the edges sheet."


@pytest.mark.parametrize("fmt", ["zip", "graphml", "gexf", "json"])
def test_graph_files_and_zips_carry_handoffs_and_outcomes(good, fmt):
    ds = network.load(good)
    again = parse_file(f"out.{fmt}", dataset_bytes(ds, fmt))
    assert again.handoffs == ds.handoffs and len(again.handoffs) == 4
    assert again.events == ds.events and [v.id for v in again.outcomes] == ["v2"]
    assert again.content_hash == ds.content_hash


def test_graph_files_embed_handoffs_as_json_like_sources_and_events(good):
    ds = network.load(good)
    graphml = dataset_bytes(ds, "graphml").decode()
    assert 'attr.name="entangle:handoffs"' in graphml
    assert "<entangle:handoffs>" in dataset_bytes(ds, "gexf").decode()
    doc = json.loads(dataset_bytes(ds, "json"))
    assert doc["handoffs"][1] == {"at": "bric", "from": "*", "to": "ice", "status": "disputed", "sources": "S3",
                                  "note": "denied", "start": "", "end": ""}
    assert doc["events"][1]["from"] == "sp" and doc["events"][1]["to"] == "ice"


def test_a_bad_handoff_inside_a_graph_file_is_located():
    doc = {"nodes": [{"id": "a"}, {"id": "b"}], "links": [{"source": "a", "target": "b"}],
           "handoffs": [{"at": "b", "from": "a"}, {"at": "c", "status": "sure"}]}
    with pytest.raises(ValidationError) as info:
        parse_file("g.json", json.dumps(doc).encode())
    assert [(p.file, p.row, p.column) for p in info.value.errors] == [("g.json", 2, "at"), ("g.json", 2, "status")]
    assert info.value.errors[0].message.startswith('handoff 2 of "handoffs": at \'c\' is not an institution')


def test_dropped_files_and_a_zipped_folder_read_handoffs_csv():
    files = {name.replace("_csv", ".csv"): text.encode() for name, text in GOOD.items()}
    assert len(parse_files(files).handoffs) == 4
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"boston/{name}", data)
    assert len(parse_file("data.zip", buffer.getvalue()).handoffs) == 4


def test_check_reports_a_bad_handoffs_csv_located_and_exits_1(write_dataset, capsys):
    folder = write_dataset(**{**GOOD, "handoffs_csv": "at,from,to,status\nbric,sp,*,alleged\nbric,nobody,*,sure\n"})
    assert main(["check", str(folder)]) == 1
    out = [line for line in capsys.readouterr().out.splitlines() if ": warning: " not in line]  # bpd: no node row
    assert out == [
        f"{folder / 'handoffs.csv'}:3:from: from 'nobody' is not an institution of the data set (in neither "
        "nodes.csv nor edges.csv). Use a node id from nodes.csv or edges.csv, or * for any.",
        f"{folder / 'handoffs.csv'}:3:status: status 'sure' is not one we know. Use one of: documented, "
        "acknowledged, reported, alleged, disputed, unknown.",
    ]


def test_check_counts_handoffs_and_outcomes(good, tmp_path, capsys):
    assert main(["check", str(good)]) == 0
    assert "  4 handoffs, 1 outcome\n" in capsys.readouterr().out
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "edges.csv").write_text(EDGES)
    assert main(["check", str(plain)]) == 0
    out = capsys.readouterr().out
    assert "5 institutions" in out and "handoffs," not in out and "outcome" not in out
