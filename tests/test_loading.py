"""Reading data sets: every bad input gives a problem with the exact file, row and column."""

from __future__ import annotations

import pytest

import network
from network.errors import DataFileError, ValidationError
from network.io import parse_csv_dataset

NODES = "id,label,kind\nbps,Boston Public Schools,school_district\nbpd,Boston Police,city_police\n"


def problems_of(files: dict[str, bytes | str], **kwargs) -> list[network.Problem]:
    data = {k: v.encode() if isinstance(v, str) else v for k, v in files.items()}
    with pytest.raises(ValidationError) as info:
        parse_csv_dataset(data, **kwargs)
    return info.value.problems


def only_error(files, **kwargs) -> network.Problem:
    errors = [p for p in problems_of(files, **kwargs) if p.is_error]
    assert len(errors) == 1, errors
    return errors[0]


def test_minimal_edge_list_is_all_flows():
    ds = parse_csv_dataset({"edges.csv": b"source,target\nA,B\nB,C\n"})
    assert sorted(ds.nodes) == ["A", "B", "C"]
    assert [e.flow for e in ds.edges] == [True, True]
    assert ds.nodes["A"].kind == "unknown"


@pytest.mark.parametrize(
    "header", ["from,to", "Source,Target", "src,dst", "source_id,target_id", " Source Id , TARGET ID "]
)
def test_column_aliases(header):
    ds = parse_csv_dataset({"edges.csv": f"{header}\nA,B\n".encode()})
    assert (ds.edges[0].source, ds.edges[0].target) == ("A", "B")


def test_everything_is_text():
    ds = parse_csv_dataset({"edges.csv": b"source,target\n007,NA\nNone,null\n"})
    assert sorted(ds.nodes) == ["007", "NA", "None", "null"]


def test_flow_column_overrides_relation():
    ds = parse_csv_dataset({"edges.csv": b"source,target,relation,flow\nA,B,funds,\nB,C,funds,yes\nC,D,shares,no\n"})
    assert [e.flow for e in ds.edges] == [False, True, False]


def test_user_column_mapping_wins():
    ds = parse_csv_dataset({"edges.csv": b"Von,Nach,source\nA,B,x\n"}, columns={"source": "Von", "target": "Nach"})
    assert (ds.edges[0].source, ds.edges[0].target) == ("A", "B")
    assert ds.edges[0].attrs == {"source": "x"}


def test_extra_columns_are_kept_as_attributes():
    ds = parse_csv_dataset({"edges.csv": b"source,target,weight\nA,B,3\n"})
    assert ds.edges[0].attrs["weight"] == "3"


def test_empty_file():
    p = only_error({"edges.csv": b""})
    assert (p.file, p.row, p.column) == ("edges.csv", None, "")
    assert "is empty" in p.message and "header" in p.fix


def test_header_only():
    p = only_error({"edges.csv": b"source,target\n"})
    assert (p.row, p.message) == (2, "has a header but no rows.")


def test_missing_target_column_lists_columns_found():
    p = only_error({"edges.csv": b"source,destination\nA,B\n"})
    assert (p.row, p.column) == (1, "target")
    assert "'source', 'destination'" in p.message


def test_blank_source_and_target():
    errors = problems_of({"edges.csv": b"source,target\nA,B\n,C\nD,\n"})
    assert [(p.row, p.column) for p in errors] == [(3, "source"), (4, "target")]
    assert errors[0].fix == "Every row needs a source and a target."


def test_unknown_status_lists_allowed():
    p = only_error({"edges.csv": b"source,target,status\nA,B,documented\nB,C,confirmed\n"})
    assert (p.row, p.column) == (3, "status")
    assert "documented, acknowledged, reported, alleged, disputed, unknown" in p.fix


@pytest.mark.parametrize("bad", ["2019/10/01", "Oct 2019", "2019-13", "2019-02-30"])
def test_bad_dates(bad):
    p = only_error({"edges.csv": f"source,target,start\nA,B,{bad}\n".encode()})
    assert (p.row, p.column) == (2, "start")
    assert "YYYY-MM-DD" in p.fix


def test_end_before_start():
    p = only_error({"edges.csv": b"source,target,start,end\nA,B,2019,2018-05\n"})
    assert (p.row, p.column) == (2, "end")
    assert "before the start" in p.message


def test_citation_of_missing_source():
    p = only_error({"edges.csv": b"source,target,sources\nA,B,S1;S9\n", "sources.csv": b"id,title\nS1,One\n"})
    assert (p.file, p.row, p.column) == ("edges.csv", 2, "sources")
    assert "'S9'" in p.message


def test_duplicate_node_ids():
    p = only_error({"edges.csv": b"source,target\nbps,bpd\n", "nodes.csv": NODES + "bps,Again,school\n"})
    assert (p.file, p.row, p.column) == ("nodes.csv", 4, "id")
    assert "row 2" in p.message


def test_node_missing_from_nodes_csv_is_a_warning():
    ds = parse_csv_dataset({"edges.csv": b"source,target\nbps,bpd\nbpd,ice\n", "nodes.csv": NODES.encode()})
    assert ds.nodes["ice"].kind == "unknown"
    [w] = ds.warnings
    assert (w.file, w.row, w.column, w.severity) == ("edges.csv", 3, "target", "warning")


def test_duplicate_edges_are_merged_with_one_warning():
    ds = parse_csv_dataset({
        "edges.csv": b"source,target,sources\nA,B,S1\nA,B,S2\nB,C,\nA,B,S1\n",
        "sources.csv": b"id\nS1\nS2\n",
    })
    assert len(ds.edges) == 2
    assert ds.edges[0].sources == ("S1", "S2")
    [w] = ds.warnings
    assert (w.row, w.severity) == (3, "warning")
    assert w.message.startswith("2 duplicate links were merged") and "rows 3, 5" in w.message


def test_self_loop_is_a_warning():
    ds = parse_csv_dataset({"edges.csv": b"source,target\nA,A\nA,B\n"})
    [w] = ds.warnings
    assert (w.row, w.column, w.severity) == (2, "target", "warning")




def test_ragged_rows_are_each_located():
    errors = problems_of({"edges.csv": b"source,target,status\nA,B,reported\nB,C\nC,D,reported,x\n"})
    assert [(p.row, p.column) for p in errors] == [(3, ""), (4, "")]
    assert "has 2 cells but the header has 3 columns" in errors[0].message


def test_unterminated_quote_names_the_row_where_it_starts():
    p = only_error({"edges.csv": b'source,target,note\nA,B,fine\nB,C,"never closed\nC,D,x\n'})
    assert (p.row, p.column) == (3, "")
    assert "never closed" in p.message


def test_quoted_newline_counts_as_one_row():
    p = only_error({"edges.csv": b'source,target,note\nA,B,"two\nlines"\n,D,x\n'})
    assert (p.row, p.column) == (3, "source")


def test_bom_is_accepted():
    ds = parse_csv_dataset({"edges.csv": b"\xef\xbb\xbfsource,target\nA,B\n"})
    assert ds.edges[0].source == "A"


@pytest.mark.parametrize("delimiter,name", [(";", "semicolon"), ("\t", "tab")])
def test_delimiter_is_detected(delimiter, name):
    ds = parse_csv_dataset({"edges.csv": f"source{delimiter}target\nA, Inc{delimiter}B\n".encode()})
    assert (ds.edges[0].source, ds.edges[0].target) == ("A, Inc", "B")
    assert any(name in w.message for w in ds.warnings)


def test_bytes_that_are_not_utf8_name_the_offset():
    p = only_error({"edges.csv": b"source,target\nA,B\nCaf\xe9,D\n"})
    assert (p.row, p.column) == (3, "")
    assert "byte 21 (0xe9) is not UTF-8" in p.message


def test_binary_file_renamed_csv():
    p = only_error({"edges.csv": b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + bytes(range(256))})
    assert p.message == "is not a text file (it looks binary)."


def test_hostile_labels_are_stored_as_given():
    text = 'id,label\nx,"<img src=x onerror=alert(1)>"\ny,=cmd()\nz,\u202eevil\n'
    ds = parse_csv_dataset({"edges.csv": b"source,target\nx,y\ny,z\n", "nodes.csv": text.encode()})
    assert [ds.nodes[i].label for i in "xyz"] == ["<img src=x onerror=alert(1)>", "=cmd()", "\u202eevil"]


def test_every_problem_is_reported_at_once():
    problems = problems_of({
        "edges.csv": b"source,target,status,start,sources\n,B,maybe,2019,S1\nA,B,reported,20199,S7\n",
        "sources.csv": b"id\nS1\n",
    })
    assert [(p.row, p.column) for p in problems] == [(2, "source"), (2, "status"), (3, "start"), (3, "sources")]


def test_events_must_name_real_edges_and_have_dates():
    problems = problems_of({
        "edges.csv": b"id,source,target\ne1,A,B\n",
        "events.csv": b"id,date,title,closes\nv1,2019-12-19,Trust Act,e1\nv2,,Blank,\nv3,2020,Bad,e9\n",
    })
    assert [(p.file, p.row, p.column) for p in problems] == [("events.csv", 3, "date"), ("events.csv", 4, "closes")]


def test_dataset_json_errors_name_the_line():
    p = only_error({"edges.csv": b"source,target\nA,B\n", "dataset.json": b'{\n"title": "x",\n}\n'})
    assert (p.file, p.row) == ("dataset.json", 3)


def test_folder_without_edges(tmp_path):
    (tmp_path / "nodes.csv").write_text("id\nA\n")
    with pytest.raises(DataFileError, match="needs an edges.csv"):
        network.load(tmp_path)


def test_load_reads_folder_files(write_dataset):
    folder = write_dataset(edges_csv="source,target,sources\nbps,bpd,S1\n", nodes_csv=NODES,
                           sources_csv="id,title\nS1,A record\n", dataset_json='{"title": "Tiny"}')
    ds = network.load(folder)
    assert ds.title == "Tiny"
    assert ds.nodes["bps"].kind == "school_district"
    assert ds.sources["S1"].title == "A record"
