"""The fast paths of loading (issue 3): streamed edge rows, shared strings, slots, the paused collector.

Each fast path must give what the plain path gives: the same edges, and the same problems in the same order.
"""

from __future__ import annotations

import dataclasses
import gc

import pytest

from network.errors import ValidationError
from network.io import parse_csv_dataset
from network.io.csvtext import open_rows, parse_table
from network.io.fields import split_ids
from network.io.identifiers import Place, check_ids
from network.io.limits import Limits
from network.io.validate import assemble
from network.model import NO_ATTRS, Edge, Node


def outcome(load) -> tuple[str, object]:
    """What a load gives, to compare two ways of loading: the edges and warnings, or every problem."""
    try:
        ds = load()
    except ValidationError as err:
        return "problems", [str(p) + p.severity for p in err.problems]
    edges = [tuple(dict(v) if f.name == "attrs" else v for f in dataclasses.fields(e) for v in [getattr(e, f.name)])
             for e in ds.edges]
    return "data set", (edges, [str(w) for w in ds.warnings])


def both_ways(files: dict[str, bytes], limits: Limits | None = None) -> tuple[object, object]:
    """A folder loaded with its edge rows streamed, and with edges.csv read whole into a table first."""
    streamed = outcome(lambda: parse_csv_dataset(files, limits=limits))

    def whole():
        problems = []
        tables = {}
        for name in ("edges.csv", "nodes.csv", "sources.csv"):
            if name in files:
                table, found = parse_table(files[name], name)
                problems += found
                tables[name] = table
        return assemble(tables["edges.csv"], nodes=tables.get("nodes.csv"), sources=tables.get("sources.csv"),
                        problems=problems, limits=limits)

    return streamed, outcome(whole)


MESSY = {
    "edges.csv": (
        b"id,source,target,status,start,end,sources,weight\n"
        b"e1,A,B,documented,2019,2018,S1,\n"       # end before start
        b",A,B,bogus,,,S9;S1,3\n"                   # unknown status, unknown source
        b"e1,B,C,,20x9,,,\n"                       # bad date, id used twice
        b"e2,,C,,,,,\n"                            # blank source
        b"short,row\n"                             # too few cells
        b"e3,C,Z,reported,,,S1|S2,\n"              # Z not in nodes.csv
        b'"unclosed,A,B\n'
    ),
    "nodes.csv": b"id,label\nA,Agency\nB,Bureau\nC,Court\n",
    "sources.csv": b"id,title\nS1,One\nS2,Two\n",
}


def test_streamed_rows_give_the_problems_of_a_whole_table_in_the_same_order():
    streamed, whole = both_ways(MESSY)
    assert streamed[0] == "problems"
    assert streamed == whole


def test_streamed_rows_give_the_edges_and_warnings_of_a_whole_table():
    files = {
        "edges.csv": b"source,target,relation,sources,note\nA,B,funds,S1,\nA,B,funds,S2,\nB,B,shares,,x\nC,D,,,\n",
        "nodes.csv": b"id,label\nA,Agency\nB,Bureau\n",
        "sources.csv": b"id,title\nS1,One\nS2,Two\n",
    }
    streamed, whole = both_ways(files)
    assert streamed[0] == "data set"
    assert streamed == whole


def test_too_many_links_streamed_counts_every_row_and_reports_nothing_else():
    files = {"edges.csv": b"source,target,status\nA,B,bogus\nB,C,\nC,D,\n"}
    streamed, whole = both_ways(files, Limits(max_edges=2))
    assert streamed == whole == ("problems", [
        "edges.csv: has 3 links, over the limit of 2. Load a part of the network, or raise the limit with "
        "Limits(max_edges=N) in Python.error"
    ])


def test_long_ids_are_reported_column_by_column_when_streamed():
    files = {"edges.csv": b"id,source,target\nlongid,AAAAAA,B\nx,C,DDDDDD\ny,EEEEEE,F\n"}
    streamed, whole = both_ways(files, Limits(max_label=5))
    assert streamed == whole
    assert [p.split(":")[1:3] for p in streamed[1]] == [["2", "id"], ["2", "source"], ["4", "source"], ["3", "target"]]


def test_a_link_without_id_never_takes_an_id_a_later_row_names():
    ds = parse_csv_dataset({"edges.csv": b"id,source,target\n,A,B\nA->B,A,C\n,A,B#x\nA->B#x,Q,R\n"})
    assert [e.id for e in ds.edges] == ["A->B#2", "A->B", "A->B#x#2", "A->B#x"]


def test_ids_named_on_rows_without_a_link_are_avoided_too():
    with pytest.raises(ValidationError):  # the blank source is an error, but the ids are still worked out
        parse_csv_dataset({"edges.csv": b"id,source,target\n,A,B\nA->B,,C\n"})
    table, _ = parse_table(b"id,source,target\n,A,B\nA->B,,C\n", "edges.csv")
    from network.io.edgelist import parse_edges

    assert [e.id for e in parse_edges(table, [])] == ["A->B#2"]


def test_edge_and_node_have_slots_and_stay_frozen():
    edge, node = Edge("a->b", "a", "b"), Node("a")
    assert not hasattr(edge, "__dict__") and not hasattr(node, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        edge.status = "documented"  # type: ignore[misc]
    assert dataclasses.replace(edge, status="documented").status == "documented"


def test_edge_fields_are_in_the_order_the_reader_builds_them():
    # EdgeReader builds edges by position, for speed: this order is what it relies on
    assert [f.name for f in dataclasses.fields(Edge)] == [
        "id", "source", "target", "relation", "carries", "flow", "status", "start", "end", "sources", "note", "attrs"]


def test_edges_without_extra_values_share_one_empty_attrs_mapping():
    ds = parse_csv_dataset({"edges.csv": b"source,target,weight\nA,B,\nB,C,2\nC,D,\n"})
    assert ds.edges[0].attrs is NO_ATTRS and ds.edges[2].attrs is NO_ATTRS
    assert dict(ds.edges[1].attrs) == {"weight": "2"}
    assert Edge("x", "a", "b").attrs == {} and Node("a").attrs == {}


def test_node_ids_and_statuses_are_shared_strings():
    ds = parse_csv_dataset({"edges.csv": b"source,target,status\nA,B,Documented\nB,A,documented\n"})
    first, second = ds.edges
    assert first.target is second.source and first.source is second.target
    assert first.status == second.status == "documented"


@pytest.mark.parametrize("cell, ids", [
    ("", ()), ("   ", ()), ("S1", ("S1",)), (" S1 ", ("S1",)), ("S1;S2", ("S1", "S2")), ("S1| S1 ,S2", ("S1", "S2")),
    (";;", ()), (None, ()),
])
def test_split_ids_fast_paths_agree_with_the_general_one(cell, ids):
    assert split_ids(cell) == ids


def test_a_plain_id_that_looks_like_an_earlier_foreign_one_is_still_reported():
    warnings = check_ids([("\u0406CE", Place("e.csv", 2, "source", "e.csv row 2")),
                          ("ICE", Place("e.csv", 3, "target", "e.csv row 3"))])
    assert len(warnings) == 1 and "'ICE' (e.csv row 3) looks like 'ІCE'" in warnings[0].message


def test_rows_of_a_stream_are_read_once():
    stream, _ = open_rows(b"source,target\nA,B\n", "edges.csv")
    assert list(stream) == [(2, ["A", "B"])]
    with pytest.raises(RuntimeError):
        list(stream)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_streamed_rows_keep_line_endings_and_row_numbers(newline):
    text = newline.join(["source,target,note", 'A,B,"two', 'lines"', "", "C,D,x"]) + newline
    table, problems = parse_table(text.encode(), "edges.csv")
    assert problems == []
    assert table.rows == [(2, ["A", "B", f"two{newline}lines"]), (4, ["C", "D", "x"])]


def test_a_byte_order_mark_is_skipped_when_streaming():
    stream, problems = open_rows(b"\xef\xbb\xbfsource,target\nA,B\n", "edges.csv")
    assert stream.header == ["source", "target"] and list(stream) == [(2, ["A", "B"])] and problems == []


def test_the_collector_is_restored_after_loading_even_on_errors():
    assert gc.isenabled()
    parse_csv_dataset({"edges.csv": b"source,target\nA,B\n"})
    assert gc.isenabled()
    with pytest.raises(ValidationError):
        parse_csv_dataset({"edges.csv": b"source,target\n,B\n"})
    assert gc.isenabled()
    gc.disable()
    try:
        parse_csv_dataset({"edges.csv": b"source,target\nA,B\n"})
        assert not gc.isenabled()  # left off: it was off before
    finally:
        gc.enable()
