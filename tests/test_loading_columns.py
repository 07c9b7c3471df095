"""Loading by column (issue 12): a CSV data set read by column gives what the row-by-row reader gives.

The by-column readers (network/io/csvcolumns.py, edgecolumns.py, nodecolumns.py) give up on a file whenever a row
holds a problem, and the row reader reads it again to name it. So for any file, clean or messy, the data set (every
field of every node and edge), the warnings, or the problems must be the same, in the same order, whichever reader
read it; and a clean file must be read by column.
"""

from __future__ import annotations

import csv
import dataclasses
import io

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import network.io.csvcolumns as csvcolumns
import network.io.csvdataset as csvdataset
import network.io.validate as validate
from network.errors import ValidationError
from network.io import parse_csv_dataset, parse_files
from network.io.csvcolumns import parse_columns, read_columns, stripped
from network.io.csvtext import open_rows, parse_table
from network.io.edgecolumns import read_edges
from network.model import NO_ATTRS, Edge, Node


def outcome(files: dict[str, bytes]) -> tuple[str, object]:
    try:
        ds = parse_csv_dataset(files)
    except ValidationError as err:
        return "problems", [str(p) + p.severity for p in err.problems]
    edges = [tuple(dict(v) if f.name == "attrs" else v for f in dataclasses.fields(e) for v in [getattr(e, f.name)])
             for e in ds.edges]
    nodes = [(n.id, n.label, n.kind, n.jurisdiction, n.description, n.url, dict(n.attrs)) for n in ds.nodes.values()]
    return "data set", (edges, nodes, [str(w) + w.severity for w in ds.warnings])


def by_rows(files: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> tuple[str, object]:
    """The outcome with every by-column reader turned off: the row-by-row reader reads everything."""
    with monkeypatch.context() as m:
        m.setattr(validate, "read_edges", lambda *a, **k: None)
        m.setattr(validate, "read_nodes", lambda *a, **k: None)
        m.setattr(csvdataset, "parse_columns", parse_table)
        return outcome(files)


def read_by_column(files: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[str, object], bool]:
    """The outcome as loading gives it, and whether the edges were read by column."""
    used = []

    def spy(*args, **kwargs):
        found = read_edges(*args, **kwargs)
        used.append(found is not None)
        return found

    with monkeypatch.context() as m:
        m.setattr(validate, "read_edges", spy)
        return outcome(files), any(used)


def same_both_ways(files: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> tuple[tuple[str, object], bool]:
    (columns, used) = read_by_column(files, monkeypatch)
    assert columns == by_rows(files, monkeypatch)
    return columns, used


CLEAN = {
    "edges.csv": (b"id,source,target,relation,status,start,end,sources,weight\n"
                  b"e1,bps,bsp,Shares Reports,Documented,2014,2019-06,S1;S2,3\n"
                  b"e2,bsp,bric,shares_reports,,2015-01-02,,S2| S1 ,\n"
                  b"e3,bric,ice,funds,alleged,,,, \n"
                  b"e4,ice,ice,shares,reported,,,S1,\n"
                  b"e5,bric,gang_db,,,,,,x\n"),
    "nodes.csv": b"id,label,kind\nbps,Boston Public Schools,School District\nbsp,,school_police\nbric,BRIC,\n",
    "sources.csv": b"id,title\nS1,One\nS2,Two\n",
}


def test_a_clean_folder_is_read_by_column_and_gives_what_rows_give(monkeypatch):
    (kind, found), used = same_both_ways(CLEAN, monkeypatch)
    assert kind == "data set" and used
    edges, nodes, warnings = found
    assert [e[0] for e in edges] == ["e1", "e2", "e3", "e4", "e5"]
    assert [w.split(":")[1] for w in warnings] == ["4", "5", "6"]  # ice (not in nodes.csv), ice->ice, gang_db


@pytest.mark.parametrize("edges", [
    b"source,target,status\nA,B,bogus\n",                         # unknown status
    b"source,target,start,end\nA,B,2020,2019\n",                   # end before start
    b"source,target,start\nA,B,9999\n",                            # year out of range
    b"source,target\nA,\n",                                        # blank target
    b"id,source,target\ne1,A,B\ne1,A,C\n",                         # id used twice
    b"id,source,target\ne1,A,B\ne1,A,B\n",                         # id used twice, same link: merged
    b"id,source,target\n,A,B\nA->B,A,C\n",                         # blank id: numbered around the others
    b"source,target\nA,B\nshort\n",                                # too few cells
    b'source,target\nA,"B\n',                                      # quote never closed
    b'source,target\nA,"B"x\n',                                    # stray quote
    b"source,target,flow\nA,B,maybe\n",                            # neither yes nor no
    b"source,target,sources\nA,B,S9\n",                            # unknown source (with sources.csv below)
    b"source,target\nA,B\n\n \n,\nC,D\n",                          # blank rows of every kind
    b"source,target\r\nA,B\r\n\r\nC,D\r\n",
    b"source,target\rA,B\r\rC,D\r",
    b"source,target\n'=A,''B\n'-1,x\n",                            # formula-safe cells
    b"source,target\nA,B->C\nA->B,C\nA,B->C\n",                    # ids SOURCE->TARGET that collide
    b"source,target,relation\nA,B,x\nA,B,y\nA,B#2,z\n",            # numbered ids that collide
    b"source,target,relation,sources\nA,B,r,S1\nA,B,R,S2\nA,B,r,S1\n",  # merged repeats, sources kept
    b"Source;Target;Weight\nA;B;1\nB;C;\n",                        # semicolons, an extra column
    b"source\ttarget\nA\tB\n",
    b'source,target,note\nA,B,"two\nlines"\nC,D,"a ""quote"""\n',  # quoted cells
    b"source,target\n\xc2\xa0A\xe2\x80\x83,B\n",                   # spaces Python strips and ASCII does not
    b"source,target\nICE,ice\n",                                   # ids that differ only in case
    b"source,target\n\xd0\x86CE,ICE\n",                            # look-alike ids
    b"\xef\xbb\xbfsource,target\nA,B\n",                           # a byte order mark
    b"source,target\n" + b"A," + b"x" * 1001 + b"\n",              # an id over the length limit
    b"source,target,note\nA,B," + b"x" * 140_000 + b"\n",          # a cell over the csv module's limit
    b"source,target,target\nA,B,C\n",                              # a column named twice
    b"source,target\n",                                            # no rows
])
@pytest.mark.parametrize("with_tables", [False, True])
def test_every_kind_of_file_gives_the_same_both_ways(edges, with_tables, monkeypatch):
    files = {"edges.csv": edges}
    if with_tables:
        files |= {"nodes.csv": b"id,label\nA,Agency\nB,Bureau\nice,ICE\n", "sources.csv": b"id\nS1\nS2\n"}
    same_both_ways(files, monkeypatch)


def test_a_quoted_file_is_read_by_column_too(monkeypatch):
    files = {"edges.csv": b'source,target,note\nA,B,"one, two"\n"C",D,"x ""y"""\n'}
    (kind, found), used = same_both_ways(files, monkeypatch)
    assert kind == "data set" and used
    assert [e[10] for e in found[0]] == ["one, two", 'x "y"']


def test_a_file_with_errors_is_read_by_rows_and_its_problems_named(monkeypatch):
    (kind, problems), used = read_by_column({"edges.csv": b"source,target,status\nA,B,bogus\n"}, monkeypatch)
    assert kind == "problems" and not used
    assert problems[0].startswith("edges.csv:2:status: status 'bogus' is not one we know.")


def test_an_upload_of_one_edge_list_is_read_by_column(monkeypatch):
    data = b"source,target,relation,status\n" + b"".join(
        f"n{i},n{i + 1},shares_reports,documented\n".encode() for i in range(1000))
    used = []
    with monkeypatch.context() as m:
        m.setattr(validate, "read_edges", lambda *a, **k: used.append(1) or read_edges(*a, **k))
        ds = parse_files({"edges.csv": data})
    assert used and len(ds.edges) == 1000 and ds.edges[0] == Edge("n0->n1", "n0", "n1", "shares_reports",
                                                                  status="documented")


def test_read_columns_keeps_cells_and_row_numbers():
    stream, _ = open_rows(b"a,b\n'=x,y\n\n,\nz, w \n", "t.csv")
    table = read_columns(stream)
    assert [c.to_pylist() for c in table.cells] == [["=x", "z"], ["y", " w "]] and table.rows.tolist() == [2, 5]
    assert list(stream) == [(2, ["=x", "y"]), (5, ["z", " w "])]  # the stream itself is left unread


def test_stripped_strips_what_python_strips():
    cells = ["", " ", "a", " a ", "\ta\n", "\u00a0a", "a\u3000", "\x1fa", "é", " é ", "a b", "\u200ba"]
    assert stripped(pa.array(cells)).to_pylist() == [c.strip() for c in cells]


def test_a_nodes_table_is_read_by_column_with_its_extra_values():
    table, problems = parse_columns(b"id,label,kind,size\nA,,School,3\nB,Bureau,,\n", "nodes.csv")
    assert problems == [] and table.columns is not None
    nodes = validate.parse_nodes(table, [])
    assert nodes == {"A": Node("A", "A", "school", attrs={"size": "3"}), "B": Node("B", "Bureau", "unknown")}
    assert nodes["B"].attrs is NO_ATTRS


# ------------------------------------------------------------------ any file, generated


CELLS = ["A", "B", "C", " A", "a", "ICE", "ice", "", " ", "A->B", "B#2", "x\u00a0", "'=x", "''q", "q\"q", "a,b"]
STATUS = ["", "documented", "Documented ", "alleged", "bogus"]
DATES = ["", "2019", "2019-06", "2019-13", "2020-01-02", "9999", "x"]
SOURCES = ["", "S1", "S1;S2", " S2 | S1", "S9", ";", "S1;S1", "S1;;S2", "S2;S1;S2", "S1,S2", "S1;S9"]
FLOWS = ["", "yes", "No", "maybe"]
COLUMNS = {"id": ["", "e1", "e2", "e3", "A->B", " e4"], "relation": ["", "funds", "Shares", "r"], "status": STATUS,
           "start": DATES, "end": DATES, "sources": SOURCES, "flow": FLOWS, "note": CELLS, "weight": ["", "1", " "]}


@st.composite
def edge_files(draw) -> dict[str, bytes]:
    extra = draw(st.lists(st.sampled_from(sorted(COLUMNS)), unique=True, max_size=5))
    header = draw(st.permutations(["source", "target", *extra]))
    rows = draw(st.lists(st.fixed_dictionaries({c: st.sampled_from(COLUMNS.get(c, CELLS)) for c in header}),
                         min_size=1, max_size=8))
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    for row in rows:
        writer.writerow([row[c] for c in header])
        if draw(st.integers(0, 9)) == 0:
            out.write(draw(st.sampled_from(["\n", ",\n", "x\n", '"\n'])))  # a blank, short or broken line
    files = {"edges.csv": out.getvalue().encode()}
    if draw(st.booleans()):
        files["nodes.csv"] = b"id,label\nA,Agency\nB,\nice,ICE\n"
    if draw(st.booleans()):
        files["sources.csv"] = b"id\nS1\nS2\n"
    return files


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=edge_files())
def test_any_generated_file_gives_the_same_both_ways(files, monkeypatch):
    same_both_ways(files, monkeypatch)


def big_files(quoted: bool) -> dict[str, bytes]:
    """A folder of 20k links, many of pyarrow's blocks and the csv module's (as the test sets them): repeats, self
    loops, ends missing from nodes.csv, cells to strip or unescape, dates and cited sources."""
    import random

    rnd = random.Random(12)
    nodes = [f"n{i}" for i in range(3000)]
    rows = ["source,target,relation,status,start,end,sources,note"]
    for i in range(20_000):
        s, t = rnd.choice(nodes), rnd.choice(nodes + ["stray"])
        start = rnd.choice(["", "", "2015", "2016-02", "2017-03-04"])
        end = rnd.choice(["", "", "2019", "2020-05"]) if start else ""
        note = rnd.choice(["", "", " padded ", "'=formula", "plain"])
        if quoted and i % 1000 == 0:
            note = '"a, quoted ""note"""'
        rows.append(",".join([s, s if i % 5000 == 0 else t, rnd.choice(["shares", "funds", " Shares Reports", ""]),
                              rnd.choice(["", "documented", "Alleged", "reported "]), start, end,
                              rnd.choice(["", "S1", "S1;S2", "S2 ; S1", "S2;S2"]), note]))
    rows += rows[1:200]  # repeats of earlier rows: merged
    return {"edges.csv": ("\n".join(rows) + "\n").encode(),
            "nodes.csv": ("id,label,kind\n" + "\n".join(f"{n},Node {n},School" for n in nodes) + "\n").encode(),
            "sources.csv": b"id,title\nS1,One\nS2,Two\n"}


@pytest.mark.parametrize("quoted", [False, True])
def test_a_large_file_in_chunks_gives_the_same_both_ways(quoted, monkeypatch):
    files = big_files(quoted)
    monkeypatch.setattr(csvcolumns, "_ARROW_BLOCK", 64 << 10)  # columns in many chunks, as a large file's are
    monkeypatch.setattr(csvcolumns, "_BLOCK", 4096)
    (kind, found), used = same_both_ways(files, monkeypatch)
    assert kind == "data set" and used
    edges, nodes, warnings = found
    assert 19_900 < len(edges) <= 20_000  # the repeats (and a few the draw made) merged
    assert any("merged" in w for w in warnings) and any("itself" in w for w in warnings)


def test_repeats_are_found_whatever_the_number_of_distinct_values():
    from network.io.edgecolumns import _first_rows

    big = 1 << 31  # three such columns would overflow one 64-bit key: it is made dense again on the way
    keys = [np.array([big, 1, big, 1, big]), np.array([big, 2, big, 2, 7]), np.array([0, big, 0, big, 0])]
    assert _first_rows(keys).tolist() == [0, 1, 0, 1, 4]
