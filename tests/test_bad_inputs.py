"""Bad and hostile inputs: each is refused (or warned about) with a located message, quickly, and
`entangle check` exits 1 (2 for usage) without a traceback."""

from __future__ import annotations

import io
import json
import time
import warnings
import zipfile

import pytest
from conftest import ROOT, build_workbook

from network.errors import DataFileError, NetworkDataError, ValidationError
from network.io import Limits, parse_file, parse_files

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<graphml><graph><node id="&lol9;"/></graph></graphml>
"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE gexf [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<gexf><graph><nodes><node id="a" label="&secret;"/></nodes></graph></gexf>
"""
GRAPH_HEAD = (b'<?xml version="1.0"?>\n<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
              b'<graph edgedefault="directed">\n')
HYPEREDGE = GRAPH_HEAD + (b'<node id="a"/><node id="b"/><node id="c"/>\n'
                          b'<hyperedge><endpoint node="a"/><endpoint node="b"/><endpoint node="c"/></hyperedge>\n'
                          b"</graph></graphml>\n")
NESTED = GRAPH_HEAD + (b'<node id="a"/>\n<node id="b">\n  <graph id="inner" edgedefault="directed">'
                       b'<node id="b:1"/></graph>\n</node>\n<edge source="a" target="b"/>\n</graph></graphml>\n')
PORTS = GRAPH_HEAD + (b'<node id="a"><port name="north"/></node><node id="b"/>\n'
                      b'<edge source="a" target="b" sourceport="north"/>\n</graph></graphml>\n')
MALFORMED = GRAPH_HEAD + b'<node id="a">\n<edge source="a" target="b"/>\n</graph></graphml>\n'
DEEP_JSON = b"[" * 100_000 + b"]" * 100_000




def zipped(entries: list[tuple[str, str | bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name, which is the point here
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in entries:
                archive.writestr(name, data)
    return buffer.getvalue()


def the_error(name: str, data: bytes, **kwargs) -> tuple[str, int | None, str, str]:
    """The one error reading gives, as (file, row, column, message + fix)."""
    with pytest.raises(ValidationError) as info:
        parse_file(name, data, **kwargs)
    [p] = info.value.errors
    return p.file, p.row, p.column, f"{p.message} {p.fix}"


# (file name, bytes, exit code of `entangle check`, text the output must hold)
CASES = {
    "billion-laughs": ("bomb.graphml", BILLION_LAUGHS, 1, "contains a DTD or entity declarations, which are refused"),
    "external-entity": ("secret.gexf", EXTERNAL, 1, "refused for safety; export the file again without them"),
    "malformed": ("broken.graphml", MALFORMED, 1, "is not well-formed XML: mismatched tag (line 6, column 3)"),
    "hyperedge": ("hyper.graphml", HYPEREDGE, 1, "line 5: a <hyperedge> (a link joining more than two nodes) is not"),
    "nested-graph": ("nested.graphml", NESTED, 1, "line 6: a graph nested inside a node or link is not supported"),
    "ports": ("ports.graphml", PORTS, 1, "a <port> (a connection point on a node) is not supported"),
    "deep-json": ("deep.json", DEEP_JSON, 1, "is nested more than 100 levels deep"),
    "json-number": ("number.json", b"42", 1, "is JSON, but not a network we can read: it holds a number"),
    "json-object": ("other.json", b'{"name": "x", "rows": []}', 1, "it holds an object with 'name', 'rows'"),
    "json-bad-items": ("items.json", b'{"nodes": [1], "links": [{"source": "a"}]}', 1, "node 1 of \"nodes\" is not"),
    "json-invalid": ("cut.json", b'{"nodes": [\n{"id": "a"},\n', 1, "is not valid JSON"),
    "no-edges-sheet": ("book.xlsx", build_workbook(Sheet1=[["a", "b"]], Notes=[["x"]]), 1,
                       "has no sheet named 'edges' or 'links' (sheets found: 'Sheet1', 'Notes')"),
    "not-a-workbook": ("fake.xlsx", b"PK\x03\x04 not really", 1, "is not a zip archive, or it is damaged"),
    "same-name-in-zip": ("twice.zip", zipped([("edges.csv", "source,target\nA,B\n"),
                                              ("edges.csv", "source,target\nC,D\n")]), 1,
                         "twice.zip/edges.csv: is in the archive 2 times"),
    "zip-bomb": ("bomb.zip", zipped([("edges.csv", "source,target\n" + "A,B\n" * 8_000_000)]), 1,
                 "unpacks to 31 MB, over the limit of 25 MB"),
    "zip-without-edges": ("empty.zip", zipped([("readme.md", "hello")]), 1, "holds no edges.csv (found: readme.md)"),
    "gexf-hierarchy": ("tree.gexf", b'<gexf><graph><nodes><node id="a"><nodes><node id="b"/></nodes></node>'
                       b"</nodes></graph></gexf>", 1, "nodes nested inside a node (a hierarchy) are not supported"),
    "not-graphml": ("wrong.graphml", b"<svg></svg>", 1, "is not GraphML: it starts with <svg>"),
    "binary-graphml": ("binary.graphml", bytes(range(256)), 1, "is not well-formed XML"),
    "unknown-extension": ("data.pdf", b"%PDF-1.4", 2, "cannot read .pdf files"),
    "old-excel": ("data.xls", b"\xd0\xcf\x11\xe0", 2, "save it as .xlsx"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_refuses_bad_files_without_traceback(tmp_path, case, entangle):
    name, data, code, needle = CASES[case]
    path = tmp_path / name
    path.write_bytes(data)
    started = time.perf_counter()
    # files on the user's own disk may be large (2 GB); the bomb is measured against the 25 MB upload limit
    extra = ["--max-bytes", "25MB"] if case == "zip-bomb" else []
    result = entangle("check", str(path), *extra)
    output = result.stdout + result.stderr
    assert result.returncode == code, output
    assert needle in output
    assert "Traceback" not in output
    if code == 1:
        assert result.stdout.startswith(name)
    assert time.perf_counter() - started < 30


@pytest.mark.parametrize("case", [c for c in CASES if CASES[c][2] == 1])
def test_readers_raise_only_our_errors(case):
    name, data, _, needle = CASES[case]
    with pytest.raises(NetworkDataError) as info:
        parse_file(name, data)
    assert needle in "\n".join(str(p) for p in info.value.problems)


def test_entity_bomb_is_refused_within_a_second():
    started = time.perf_counter()
    file, row, _, text = the_error("bomb.graphml", BILLION_LAUGHS)
    assert time.perf_counter() - started < 1
    assert (file, row) == ("bomb.graphml", 2)
    assert "delete the <!DOCTYPE ...> part" in text


def test_deep_json_is_refused_within_a_second():
    started = time.perf_counter()
    file, row, _, text = the_error("deep.json", DEEP_JSON)
    assert time.perf_counter() - started < 1
    assert "over the limit of 100" in text and "Limits(max_json_depth=N)" in text


def test_malformed_xml_names_line_and_column():
    assert the_error("broken.graphml", MALFORMED)[:2] == ("broken.graphml", 6)


def test_unsupported_graphml_names_every_element_line():
    with pytest.raises(ValidationError) as info:
        parse_file("ports.graphml", PORTS)
    assert [(p.row, p.message.split(":")[0]) for p in info.value.errors] == [(4, "line 4"), (5, "line 5")]


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path, entangle):
    assert the_error("big.json", b"{" * 5000, limits=Limits(max_bytes=1000)) == (
        "big.json", None, "",
        "is 4.9 KB, over the limit of 1000 bytes. Split it into smaller files, or raise the limit: entangle check "
        "--max-bytes N on the command line, Limits(max_bytes=N) in Python.")
    path = tmp_path / "edges.csv"
    path.write_text("source,target\n" + "A,B\n" * 1000)
    small = entangle("check", str(path), "--max-bytes", "2k")
    assert small.returncode == 1 and "over the limit of 2 KB" in small.stdout and "--max-bytes" in small.stdout
    assert entangle("check", str(path), "--max-bytes", "1MB").returncode == 0
    usage = entangle("check", str(path), "--max-bytes", "lots")
    assert usage.returncode == 2 and "invalid size value" in usage.stderr and "Traceback" not in usage.stderr


def test_the_same_name_twice_in_an_upload():
    with pytest.raises(ValidationError) as info:
        parse_files([("edges.csv", b"source,target\nA,B\n"), ("EDGES.CSV", b"source,target\nC,D\n"),
                     ("nodes.csv", b"id\nA\n")])
    [p] = info.value.errors
    assert p.file == "edges.csv" and "was given 2 times (edges.csv, EDGES.CSV)" in p.message


def test_no_file_at_all():
    with pytest.raises(DataFileError, match="No file was given"):
        parse_files({})


LOOKALIKE = "source,target\nbpd,ICE\nbps,\u0406CE\n".encode()


def test_lookalike_ids_are_kept_apart_with_a_warning(tmp_path, entangle):
    ds = parse_file("edges.csv", LOOKALIKE)
    assert {"ICE", "\u0406CE"} <= set(ds.nodes)
    [w] = ds.warnings
    assert (w.file, w.row, w.column, w.severity) == ("edges.csv", 3, "target", "warning")
    assert w.message == ("'\u0406CE' (edges.csv row 3) looks like 'ICE' (edges.csv row 2) but is a different id: it "
                         "has CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I (U+0406). Both were kept, as two "
                         "institutions.")
    path = tmp_path / "edges.csv"
    path.write_bytes(LOOKALIKE)
    result = entangle("check", str(path))
    assert result.returncode == 0 and "edges.csv:3:target: warning: 'ІCE' (edges.csv row 3) looks like" in result.stdout


@pytest.mark.parametrize("variant,name", [("Boston \u200bPolice", "ZERO WIDTH SPACE (U+200B)"),
                                          ("Boston \u202ePolice", "RIGHT-TO-LEFT OVERRIDE (U+202E)"),
                                          ("Boston\u00a0Police", "NO-BREAK SPACE (U+00A0)")])
def test_invisible_characters_in_ids_are_warned_about(variant, name):
    doc = {"nodes": [{"id": "Boston Police"}, {"id": variant}],
           "links": [{"source": "Boston Police", "target": variant}]}
    ds = parse_file("g.json", json.dumps(doc).encode())
    assert len(ds.nodes) == 2
    invisible, lookalike = ds.warnings
    assert (invisible.row, invisible.column) == (2, "id")
    assert f'(node 2 of "nodes") holds {name}, which cannot be seen' in invisible.message
    assert "looks like 'Boston Police'" in lookalike.message


def test_warnings_are_reported_by_every_reader():
    body = '<node id="ICE"/><node id="\u0406CE"/><edge source="ICE" target="\u0406CE"/>\n</graph></graphml>'
    graphml = GRAPH_HEAD + body.encode()
    ds = parse_file("g.graphml", graphml)
    [w] = ds.warnings
    assert w.row == 4 and "(the <node> on line 4) looks like 'ICE' (the <node> on line 4)" in w.message


@pytest.mark.parametrize("fmt", ["zip", "graphml", "gexf", "json", "csv"])
def test_damaged_files_give_only_our_errors(boston, fmt):
    """Random damage to a good file: every outcome is a data set or one of our errors, never a crash."""
    import random

    from network.io import dataset_bytes

    good = dataset_bytes(boston, fmt) if fmt != "csv" else (ROOT / "data" / "boston" / "edges.csv").read_bytes()
    rng = random.Random(fmt)
    for _ in range(60):
        damaged = bytearray(good)
        for _ in range(rng.randint(1, 6)):
            at = rng.randrange(len(damaged))
            if rng.random() < 0.5:
                damaged[at] = rng.randrange(256)
            else:
                del damaged[at:at + rng.randint(1, 40)]
        try:
            parse_file(f"damaged.{fmt}", bytes(damaged))
        except DataFileError as err:
            assert "could not be read" not in str(err), err
        except NetworkDataError:
            pass


# --- dates the app can hold: years 1900 to 2100, wherever dates are read ---------------------------------------

DATED_FILES = {
    "edges.csv": "source,target,start,end,id\nbps,bpd,2014,2019,e1\n",
    "nodes.csv": "id,label\nbps,Schools\nbpd,Police\n",
    "sources.csv": "id,title,date\nS1,A report,2015\n",
    "events.csv": "id,date,title\nv1,2016,A vote\n",
    "handoffs.csv": "at,from,to,start,end\nbpd,bps,*,2014,2019\n",
}
#: (file, column, the row's cells before and after the date): each place a date is read
DATE_PLACES = [("edges.csv", "start", "bps,bpd,", ",2019,e1"), ("edges.csv", "end", "bps,bpd,2014,", ",e1"),
               ("events.csv", "date", "v1,", ",A vote"), ("handoffs.csv", "start", "bpd,bps,*,", ",2019"),
               ("handoffs.csv", "end", "bpd,bps,*,2014,", ""), ("sources.csv", "date", "S1,A report,", "")]


def dated(file: str, row: str) -> dict[str, bytes]:
    """The dated data set with ``row`` as the second row of ``file``."""
    files = dict(DATED_FILES)
    files[file] = files[file].splitlines()[0] + "\n" + row + "\n"
    return {name: text.encode() for name, text in files.items()}


@pytest.mark.parametrize("date", ["9999-01-01", "0001-01-01", "1899-12", "2101"])
@pytest.mark.parametrize("file,column,before,after", DATE_PLACES)
def test_a_date_outside_the_years_the_app_holds_is_located(file, column, before, after, date):
    with pytest.raises(ValidationError) as info:
        parse_files(dated(file, before + date + after))
    [p] = info.value.errors
    assert (p.file, p.row, p.column) == (file, 2, column)
    assert p.message == f"{date!r} is outside the years this tool can hold (1900 to 2100)."
    assert p.fix.startswith("Write a year between 1900 and 2100")


def test_the_years_are_one_range_stated_in_the_docs():
    from network.model import YEARS

    said = f"in the years {YEARS[0]} to {YEARS[-1]}"
    assert said in (ROOT / "README.md").read_text(encoding="utf-8")
    assert said in (ROOT / "data" / "boston" / "README.md").read_text(encoding="utf-8")


def test_check_reports_a_year_9999_and_exits_1(tmp_path, entangle):
    path = tmp_path / "edges.csv"
    path.write_text("source,target,end\nbps,bpd,9999-01-01\n")
    result = entangle("check", str(path))
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout.startswith("edges.csv:2:end: '9999-01-01' is outside the years this tool can hold")
    assert "Traceback" not in result.stdout + result.stderr


def test_a_query_date_outside_the_years_is_a_query_error(boston):
    from network import trace
    from network.errors import QueryError

    with pytest.raises(QueryError, match=r"as_of: '9999' is outside the years this tool can hold \(1900 to 2100\)"):
        trace(boston, origins="ebhs", as_of="9999")


EXTREME = {  # the first and last days a data set may hold, on open-ended and closed links, events and handoffs
    "edges.csv": "source,target,start,end,id\nbps,bpd,1900-01-01,2100-12-31,e1\nbpd,ice,2100-12-31,,e2\n"
                 "bps,ice,1900,,e3\nbpd,bric,,2100-12,e4\nbric,ice,2100,,e5\n",
    "events.csv": "id,date,title,opens,closes\nv1,1900-01-01,First,e1,\nv2,2100-12-31,Last,e2,e1\n",
    "handoffs.csv": "at,from,to,status,start,end\nbpd,bps,*,alleged,1900,2100-12-31\n",
}


def extreme_dataset():
    return parse_files({name: text.encode() for name, text in EXTREME.items()})


def test_the_first_and_last_days_break_nothing_that_reads_time():
    import datetime as dt

    from network import diff, levers, trace
    from network.export import routes_csv, routes_json
    from network.figures import timeline_figure
    from network.narrative import strength_line
    from network.timeline import events_between, open_edges
    from network.timing import date_words, last_day
    from network.viewstate import month_range

    ds = extreme_dataset()
    first, last = month_range(ds)
    assert (first, last) == (dt.date(1899, 1, 1), dt.date(2101, 12, 1))
    for as_of in (None, "1900-01-01", "2100-12-31", "2100"):
        rs = trace(ds, origins="bps", targets="ice", as_of=as_of)
        rs.describe(), routes_json(ds, rs), routes_csv(rs)
        for r in rs.routes:
            r.sentence, r.window.as_dict(), strength_line(ds, r)
    over_all = trace(ds, origins="bps", targets="ice")
    assert over_all.count >= 2 and all(r.sentence for r in over_all.routes)
    assert diff(ds, "1900-01-01", "2100-12-31", origins="bps", targets="ice").closed
    levers(ds, origins="bps", targets="ice")
    assert [e.id for e in open_edges(ds, "2100-12-31")] == ["e2", "e3", "e5"]
    assert [ev.id for ev in events_between(ds, "1900", "2100-12-31")] == ["v2"]
    assert timeline_figure(ds, as_of="2100-12-31")["data"][0]["x"] == ["1900-01-01", "2100-12-31"]
    assert last_day("2100-12") == dt.date(2100, 12, 31) and date_words("2100-12-31") == "31 December 2100"


# --- a column named twice --------------------------------------------------------------------------------------

@pytest.mark.parametrize("header,column,message", [
    ("source,target,target", "target", "column 3 is named 'target', as column 2 is."),
    ("Source,target,source", "source", "column 3 ('source') has the same name as column 1 ('Source') once case, "
                                       "spaces and hyphens are ignored."),
    ("source,target,Weight Kg,weight-kg", "weight-kg",
     "column 4 ('weight-kg') has the same name as column 3 ('Weight Kg') once case, spaces and hyphens are "
     "ignored."),
    ("source,target,weight,weight", "weight", "column 4 is named 'weight', as column 3 is."),  # an attribute too
])
def test_a_column_named_twice_is_an_error_on_row_1(header, column, message):
    cells = ",".join("x" for _ in header.split(","))
    with pytest.raises(ValidationError) as info:
        parse_file("edges.csv", f"{header}\na,b{cells[3:]}\n".encode())
    [p] = info.value.errors
    assert (p.file, p.row, p.column, p.message) == ("edges.csv", 1, column, message)
    assert p.fix == "Rename one of them, or delete the one you do not need: each name may head one column."


def test_a_column_named_twice_in_any_table_and_sheet():
    with pytest.raises(ValidationError) as info:
        parse_files({"edges.csv": b"source,target\na,b\n", "nodes.csv": b"id,label,Label\na,A,B\n"})
    assert [(p.file, p.row, p.column) for p in info.value.errors] == [("nodes.csv", 1, "Label")]
    book = build_workbook(edges=[["from", "to", "to"], ["a", "b", "c"]])
    with pytest.raises(ValidationError) as info:
        parse_file("book.xlsx", book)
    assert [(p.row, p.column, p.message) for p in info.value.errors] == [(1, "to", "column 3 is named 'to', as "
                                                                                    "column 2 is.")]


def test_blank_column_names_and_graph_attributes_are_not_repeats():
    assert len(parse_file("edges.csv", b"source,target,,\na,b,,\n").edges) == 1  # a spreadsheet's empty columns
    doc = {"nodes": [{"id": "a", "label": "A", "Label": "B"}, {"id": "b"}], "links": [{"source": "a", "target": "b"}]}
    assert parse_file("g.json", json.dumps(doc).encode()).nodes["a"].attrs["Label"] == "B"


# --- a cell over the CSV field limit ---------------------------------------------------------------------------

def test_a_2_mb_cell_is_named_by_row_and_column_with_the_limit():
    data = b"source,target,note\nbps,bpd,short\nbpd,ice," + b"x" * 2_000_000 + b"\n"
    file, row, column, text = the_error("edges.csv", data)
    assert (file, row, column) == ("edges.csv", 3, "note")
    assert text == ("the cell in column 3 (note) is longer than 131,072 characters, the most a CSV cell may hold. "
                    "Shorten it: keep long text in a document and cite it as a source.")
    assert "quote" not in text


def test_a_long_cell_in_a_table_beside_the_edges_and_after_blank_lines_and_quoted_newlines():
    nodes = b'id,label,description\n\nbps,"Boston\nSchools",a\n\nbpd,Police,"' + b"y" * 200_000 + b'"\n'
    with pytest.raises(ValidationError) as info:
        parse_files({"edges.csv": b"source,target\nbps,bpd\n", "nodes.csv": nodes})
    [p] = info.value.errors
    assert (p.file, p.row, p.column) == ("nodes.csv", 5, "description")  # a quoted newline is one row
    assert "longer than 131,072 characters" in p.message and "It starts with a quote" in p.message


def test_a_quote_never_closed_that_swallows_the_file_says_so():
    data = b'source,target\nbps,"bpd\n' + b"a,b\n" * 40_000
    file, row, column, text = the_error("edges.csv", data)
    assert (row, column) == (2, "target")
    assert "if that quote is never closed, the rest of the file ran into it. Close the quote" in text


def test_a_long_cell_in_the_header_is_located_by_position():
    file, row, column, text = the_error("edges.csv", b"source,target," + b"z" * 140_000 + b"\nbps,bpd,x\n")
    assert (row, column) == (1, "") and text.startswith("the cell in column 3 is longer than 131,072 characters")


# --- a zip member over the size limit: refused from its declared size, and read no further than the limit ------

BIG_MEMBER = b"source,target\n" + b"A,B\n" * (12 * 1024 * 1024)  # 48 MB that compress to about 50 KB


def lying_zip(member: bytes, declared: int) -> bytes:
    """A zip whose one member says (in its local header and in the central directory) it holds ``declared`` bytes."""
    data = bytearray(zipped([("edges.csv", member)]))
    for signature, offset in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # where each record keeps the size
        at = data.index(signature) + offset
        data[at:at + 4] = declared.to_bytes(4, "little")
    return bytes(data)


def peak_memory(read) -> tuple[BaseException, int]:
    """The error ``read()`` raises, and the most memory it held at once, in bytes."""
    import tracemalloc

    tracemalloc.start()
    try:
        read()
    except NetworkDataError as err:
        error = err
    else:
        raise AssertionError("the archive was read")
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return error, peak


def test_a_member_declared_over_the_limit_is_refused_before_it_is_read():
    data = zipped([("edges.csv", BIG_MEMBER)])
    err, peak = peak_memory(lambda: parse_file("big.zip", data, limits=Limits(max_bytes=1024 * 1024)))
    [p] = err.problems
    assert (p.file, p.row, p.column) == ("big.zip", None, "")
    assert p.message == "unpacks to 48 MB, over the limit of 1 MB." and "--max-bytes N" in p.fix
    assert peak < 1024 * 1024  # nothing was unpacked


def test_a_member_that_lies_about_its_size_is_not_read_past_what_it_declared():
    data = lying_zip(BIG_MEMBER, 500)
    err, peak = peak_memory(lambda: parse_file("lie.zip", data, limits=Limits(max_bytes=1024 * 1024)))
    [p] = err.problems
    assert p.file == "lie.zip/edges.csv" and p.message.startswith("cannot be unpacked (Bad CRC-32")
    assert peak < 4 * 1024 * 1024  # a chunk unpacked and the unpacker's buffers; not the 48 MB


def test_a_member_is_read_in_chunks_and_never_past_the_limit():
    """Whatever the archive declares (here more than the member holds, so nothing stops early but the limit)."""
    from network.io.archive import read_member

    archive = zipfile.ZipFile(io.BytesIO(lying_zip(BIG_MEMBER, 10 ** 9)))
    [info] = archive.infolist()
    err, peak = peak_memory(lambda: read_member(archive, info, "lie.zip", 1024 * 1024))
    [p] = err.problems
    assert p.file == "lie.zip/edges.csv"
    assert p.message == "unpacks to more than 1 MB, the limit (the archive says it holds 954 MB)."
    assert peak < 4 * 1024 * 1024  # the limit, a chunk and the unpacker's buffers; not the 48 MB


# --- UTF-16 text is read; UTF-8 with a BOM still is ------------------------------------------------------------

UNICODE_EDGES = "source,target,note\n\u00c9cole,Police,\"M\u00fcller, the chief\"\nPolice,ICE,\n"
ENCODINGS = {
    "utf-16": UNICODE_EDGES.encode("utf-16"),  # the BOM in this machine's byte order
    "utf-16-le": b"\xff\xfe" + UNICODE_EDGES.encode("utf-16-le"),
    "utf-16-be": b"\xfe\xff" + UNICODE_EDGES.encode("utf-16-be"),
    "utf-8-bom": b"\xef\xbb\xbf" + UNICODE_EDGES.encode("utf-8"),
    "utf-8": UNICODE_EDGES.encode("utf-8"),
}


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_utf16_and_utf8_text_read_the_same(encoding):
    ds = parse_file("edges.csv", ENCODINGS[encoding])
    assert sorted(ds.nodes) == ["ICE", "Police", "\u00c9cole"]
    assert ds.edges[0].note == "M\u00fcller, the chief" and not ds.warnings


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_in_every_text_format(encoding):
    bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
    doc = json.dumps({"nodes": [{"id": "\u00c9cole"}, {"id": "ICE"}],
                      "links": [{"source": "\u00c9cole", "target": "ICE"}]})
    assert len(parse_file("g.json", bom + doc.encode(encoding)).edges) == 1
    folder = {"edges.csv": bom + "source,target\na,b\n".encode(encoding),
              "nodes.csv": bom + "id,label\na,\u00c9cole\n".encode(encoding),
              "dataset.json": bom + '{"title": "D\u00e9j\u00e0"}'.encode(encoding)}
    ds = parse_files(folder)
    assert ds.nodes["a"].label == "\u00c9cole" and ds.title == "D\u00e9j\u00e0"


def test_utf16_problems_keep_their_rows_and_columns():
    data = "source,target,status\na,b,sure\n".encode("utf-16")
    assert the_error("edges.csv", data)[:3] == ("edges.csv", 2, "status")
    cut = b"\xff\xfe" + "source,target\na,b".encode("utf-16-le") + b"\x00\xdc"
    assert the_error("edges.csv", cut) == ("edges.csv", 2, "", "is UTF-16 text, but byte 36 is not: the file was "
                                           "cut or damaged. Save it again as UTF-8.")


def test_utf16_without_its_bom_and_utf32_are_named_with_the_fix():
    assert the_error("edges.csv", "source,target\na,b\n".encode("utf-16-le"))[3] == (
        "looks like UTF-16 text without the mark that says so (a BOM). Save it as UTF-8 (in Excel: Save As, "
        "'CSV UTF-8').")
    assert the_error("edges.csv", "source,target\na,b\n".encode("utf-32"))[3].startswith("is UTF-32 text. Save it as "
                                                                                        "UTF-8")


# --- ids that differ only in case ------------------------------------------------------------------------------

def test_ids_that_differ_only_in_case_load_with_one_warning_naming_each(tmp_path, entangle):
    data = b"source,target\nbpd,ICE\nbps,ice\nschool,Ice\n"
    ds = parse_file("edges.csv", data)
    assert {"ICE", "ice", "Ice"} <= set(ds.nodes)  # kept as written: ids are matched exactly everywhere
    [w] = ds.warnings
    assert (w.file, w.row, w.column, w.severity) == ("edges.csv", 3, "target", "warning")
    assert w.message == ("'ICE' (edges.csv row 2), 'ice' (edges.csv row 3) and 'Ice' (edges.csv row 4) differ only "
                         "in case: they are 3 different ids, kept as 3 institutions.")
    assert w.fix == "If they are one institution, write it one way everywhere (for example 'ICE')."
    path = tmp_path / "edges.csv"
    path.write_bytes(data)
    result = entangle("check", str(path))
    assert result.returncode == 0 and result.stdout.startswith("edges.csv:3:target: warning: 'ICE' (edges.csv row 2)")


def test_case_is_compared_across_the_nodes_table_and_links_and_in_any_script():
    ds = parse_files({"nodes.csv": "id\nStraße\nBRIC\n".encode(), "edges.csv": b"source,target\nbric,STRASSE\n"})
    assert sorted(w.message.split(" differ")[0] for w in ds.warnings if "differ only in case" in w.message) == [
        "'BRIC' (nodes.csv row 3) and 'bric' (edges.csv row 2)", "'Straße' (nodes.csv row 2) and 'STRASSE' "
                                                               "(edges.csv row 2)"]
    [w] = parse_file("e.csv", b"source,target\nbps,ice\nbpd,ICE\nx,Ice\n").warnings  # the lower-case one first
    assert w.row == 3 and w.message.startswith("'ice' (e.csv row 2), 'ICE' (e.csv row 3) and 'Ice' (e.csv row 4)")
    assert not parse_file("e.csv", b"source,target\nICE,ice_ero\n").warnings
    cyrillic = parse_file("e.csv", "source,target\nbps,ICE\nbpd,\u0456ce\n".encode()).warnings  # not case alone
    assert not [w for w in cyrillic if "differ only in case" in w.message]
