"""Reading every format: real files from other tools, files networkx writes, workbooks, zips and uploads."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import networkx as nx
import pytest
from conftest import FIXTURES, build_workbook

import network
from network.cli import main
from network.errors import ValidationError
from network.io import Limits, parse_csv_dataset, parse_file, parse_files


def problems_of(name: str, data: bytes, **kwargs) -> list[network.Problem]:
    with pytest.raises(ValidationError) as info:
        parse_file(name, data, **kwargs)
    return info.value.errors


def warning_text(ds: network.Dataset) -> str:
    return "\n".join(str(w) for w in ds.warnings)


# --- our own files in other tools' formats (tests/data/) ------------------------------------------------


def test_dynamic_gexf_with_spells_and_typed_attributes():
    ds = network.load(FIXTURES / "millbrook-dynamic.gexf")
    assert list(ds.nodes) == ["mhs", "msd", "mpd", "vault"]
    assert [n.label for n in ds.nodes.values()] == ["Millbrook High School", "Millbrook School District",
                                                    "Millbrook Police Department", "Records Vault Inc."]
    assert len(ds.edges) == 5 and all(e.flow for e in ds.edges)
    dated = {(e.source, e.target): (e.start, e.end) for e in ds.edges}
    assert dated[("mhs", "mpd")] == ("2016-01-01", "2020-06-30")  # both dates on the <edge>
    assert dated[("mpd", "msd")] == ("", "2022-12-31")  # an end only
    assert dated[("mhs", "msd")] == ("2012-09-01", "")  # a start only
    assert ds.nodes["mhs"].url == "https://millbrook.example/high-school"  # the attribute titled "url"
    assert ds.nodes["mhs"].attrs["start"] == "2012-09-01"  # a node's own start is kept as an attribute
    assert ds.nodes["vault"].attrs["public body"] == "false" and ds.nodes["msd"].attrs["public body"] == "true"
    assert ds.nodes["msd"].attrs["records staff"] == "8 (until 2018-01-01); 11 (2018-01-01 to 2021-07-01); " \
        "9 (from 2021-07-01)"  # a dynamic attribute, written out with its periods
    assert ds.nodes["mpd"].attrs["spells"] == "until 2016-06-30; 2019-01-01 to 2023-12-31"
    assert ds.meta["description"] == "Millbrook's student records, link by link, as they changed"
    assert ds.meta["updated"] == "2024-05-02"
    assert not ds.warnings
    link = next(e for e in ds.edges if (e.source, e.target) == ("mhs", "mpd"))
    assert link.is_open_on(dt.date(2018, 1, 1)) and not link.is_open_on(dt.date(2021, 1, 1))


def test_undirected_gexf_with_dates_in_an_attribute_and_viz():
    ds = network.load(FIXTURES / "millbrook-undirected.gexf")
    assert len(ds.nodes) == 6 and ds.nodes["counsel"].label == "Counseling Office"
    assert "x" not in ds.nodes["counsel"].attrs and "r" not in ds.nodes["counsel"].attrs  # viz is ignored
    assert len(ds.edges) == 16  # 8 undirected links, each both ways
    first = ds.edge_by_id["mou-1"]
    back = ds.edge_by_id["mou-1~reverse"]
    assert (first.source, first.target, back.source, back.target) == ("counsel", "nurse", "nurse", "counsel")
    assert first.start == back.start == "2019-02-11"
    assert first.attrs == {"Program": "Wellness", "Records a year": "120"}  # the date attribute became the start
    assert ds.edge_by_id["handshake"].start == "" and ds.edge_by_id["handshake~reverse"].start == ""
    assert ds.edge_by_id["handshake"].attrs["Program"] == "Informal"
    assert ds.title == "Data-sharing agreements in Millbrook"
    text = warning_text(ds)
    assert "this graph is undirected: each link was added in both directions (8 reverse links added)" in text
    assert "'Agreement date' was read as each link's start date" in text
    assert not ds.edge_by_id["mou-7"].is_open_on(dt.date(2024, 1, 1))
    assert ds.edge_by_id["mou-7~reverse"].is_open_on(dt.date(2024, 9, 1))
    assert ds.edge_by_id["handshake"].is_open_on(dt.date(2000, 1, 1))  # undated: open on every date


def test_cytoscape_flat_array_with_parallel_links_and_a_self_loop():
    ds = network.load(FIXTURES / "millbrook-cytoscape.json")
    assert list(ds.nodes) == ["office", "sis", "district", "state", "archive"]
    assert len(ds.edges) == 10
    ids = [e.id for e in ds.edges]
    assert ids[:3] == ["office->sis", "office->sis#2", "sis->office"]  # generated, parallel links kept
    assert [ds.edge_by_id[i].carries for i in ids[:2]] == ["enrollment forms", "discipline notes"]
    assert "sync-1" in ids  # a given id is kept, and generated ids do not take it
    assert sum(1 for e in ds.edges if (e.source, e.target) == ("district", "state")) == 4
    assert ds.edge_by_id["district->state#3"].attrs == {"classes": "sync"}
    assert ds.edge_by_id["sis->district"].attrs == {"classes": "export weekly"}  # a list of classes, joined
    assert ds.edge_by_id["sis->archive"].attrs == {"retention_years": "7"}  # an extra data key on a link
    assert ds.nodes["sis"].attrs == {"vendor": "Ledgerly", "hosted": "true"}  # extra data keys, as text
    assert ds.nodes["state"].attrs == {"flagged": "false"} and ds.nodes["state"].kind == "unknown"
    assert ds.nodes["office"].kind == "school" and ds.nodes["sis"].kind == "database"  # "type" is kind
    [loop] = ds.warnings
    assert (loop.row, loop.column) == (14, "target")
    assert loop.message.startswith("element 14 of the list: 'archive' links to itself")


# --- the real files in ../shared/samples (an extra check, skipped where the folder is absent) ---


def test_sample_dynamics_gexf(shared_samples):
    ds = network.load(shared_samples / "dynamics.gexf")
    assert sorted(ds.nodes) == ["0", "1", "2", "3"]
    assert [n.label for n in ds.nodes.values()] == ["Gephi", "Network", "Visualization", "Graph"]
    assert len(ds.edges) == 5 and all(e.flow for e in ds.edges)
    dated = {(e.source, e.target): (e.start, e.end) for e in ds.edges}
    assert dated[("0", "2")] == ("2009-03-01", "2009-03-10")
    assert dated[("2", "1")] == ("", "2009-03-10")
    assert ds.nodes["0"].url == "http://gephi.org"  # the attribute titled "url" is the node's url
    assert ds.nodes["3"].attrs["frog"] == "false" and ds.nodes["0"].attrs["frog"] == "true"  # default applied
    assert ds.nodes["1"].attrs["indegree"] == "1 (until 2009-03-01); 2 (2009-03-01 to 2009-03-10); 1 (from 2009-03-10)"
    assert ds.nodes["2"].attrs["spells"] == "until 2009-03-01; 2009-03-05 to 2009-03-10"
    assert ds.meta["description"] == "A Web network changing over time"
    assert not ds.warnings


def test_sample_edge_dates_gexf_is_undirected_with_dates_in_an_attribute(shared_samples):
    ds = network.load(shared_samples / "edge-dates.gexf")
    assert len(ds.nodes) == 8 and ds.nodes["alice"].label == "Alice"
    assert len(ds.edges) == 32  # 16 undirected links, each both ways
    first = ds.edge_by_id["collab-01"]
    back = ds.edge_by_id["collab-01~reverse"]
    assert (first.source, first.target, back.source, back.target) == ("alice", "bob", "bob", "alice")
    assert first.start == back.start == "2022-01-15"
    assert first.attrs == {"Project": "Atlas", "Publications": "2"}  # the date attribute became the start
    assert ds.edge_by_id["undated-collaboration"].start == ""
    assert ds.edge_by_id["undated-collaboration"].attrs["Project"] == "Uncatalogued"
    assert ds.title == "Research collaborations over time"
    text = warning_text(ds)
    assert "this graph is undirected: each link was added in both directions" in text
    assert "'Collaboration date' was read as each link's start date" in text
    assert not ds.edge_by_id["collab-15"].is_open_on(dt.date(2025, 1, 1))
    assert ds.edge_by_id["collab-15"].is_open_on(dt.date(2025, 9, 1))


def test_sample_cytoscape_flat_array(shared_samples):
    ds = network.load(shared_samples / "cytoscape-edge-types.json")
    assert len(ds.nodes) == 18 and len(ds.edges) == 15
    ids = [e.id for e in ds.edges]
    assert ids[:3] == ["n01->n02", "n01->n02#2", "n02->n01"]  # generated, parallel links kept
    assert "e06" in ids  # a given id is kept
    assert sum(1 for e in ds.edges if (e.source, e.target) == ("n08", "n07")) == 4
    assert ds.edge_by_id["n08->n07#3"].attrs == {"classes": "haystack"}
    assert ds.nodes["n04"].attrs == {"flipLabel": "true"}
    assert ds.nodes["n01"].kind == "bezier"  # "type" is an alias of kind, as in CSV
    [loop] = ds.warnings
    assert (loop.row, loop.column) == (30, "target")
    assert loop.message.startswith("element 30 of the list: 'n16' links to itself")


# --- files written by networkx ------------------------------------------------------------------------


def _written(graph: nx.Graph, fmt: str) -> bytes:
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(graph, buffer)
    elif fmt == "gexf":
        nx.write_gexf(graph, buffer)
    elif fmt == "json-links":
        buffer.write(json.dumps(nx.node_link_data(graph, edges="links")).encode())
    else:
        buffer.write(json.dumps(nx.node_link_data(graph, edges="edges")).encode())
    return buffer.getvalue()


NX_FORMATS = ["graphml", "gexf", "json-links", "json-edges"]


def _name(fmt: str) -> str:
    return "g." + fmt.split("-")[0]


@pytest.mark.parametrize("fmt", NX_FORMATS)
def test_networkx_digraph_with_attributes(fmt):
    g = nx.DiGraph()
    g.add_node("bps", label="Boston Public Schools", kind="school_district", size=3)
    g.add_node("bpd", label="Boston Police", kind="city_police")
    g.add_node(7, label="Seven")
    g.add_edge("bps", "bpd", relation="shares_reports", status="documented", start="2014", weight=2)
    g.add_edge("bpd", 7, status="alleged", end="2020-01-01")
    ds = parse_file(_name(fmt), _written(g, fmt))
    assert ds.nodes["bps"].label == "Boston Public Schools" and ds.nodes["bps"].kind == "school_district"
    assert ds.nodes["bps"].attrs["size"] == "3"
    assert ds.nodes["7"].label == "Seven"  # a number id becomes its text
    first, second = ds.edges
    assert (first.source, first.target, first.relation, first.status, first.start) == (
        "bps", "bpd", "shares_reports", "documented", "2014")
    assert first.attrs["weight"] == "2"
    assert (second.target, second.status, second.end) == ("7", "alleged", "2020-01-01")
    assert not ds.warnings


@pytest.mark.parametrize("fmt", NX_FORMATS)
def test_networkx_multidigraph_keeps_parallel_links(fmt):
    g = nx.MultiDiGraph()
    g.add_edge("a", "b", relation="shares")
    g.add_edge("a", "b", relation="reports")
    g.add_edge("b", "c")
    ds = parse_file(_name(fmt), _written(g, fmt))
    assert [(e.source, e.target, e.relation) for e in ds.edges] == [
        ("a", "b", "shares"), ("a", "b", "reports"), ("b", "c", "")]
    assert len({e.id for e in ds.edges}) == 3


@pytest.mark.parametrize("fmt", NX_FORMATS)
def test_networkx_undirected_graph_goes_both_ways(fmt):
    g = nx.Graph()
    g.add_edge("a", "b", date="2020-01-02")
    g.add_edge("b", "c")
    ds = parse_file(_name(fmt), _written(g, fmt))
    assert sorted((e.source, e.target) for e in ds.edges) == [("a", "b"), ("b", "a"), ("b", "c"), ("c", "b")]
    assert all(e.start == "2020-01-02" for e in ds.edges if "c" not in (e.source, e.target))
    assert "this graph is undirected: each link was added in both directions" in warning_text(ds)


def test_networkx_graphml_repeated_keys_become_an_attribute():
    g = nx.MultiDiGraph()
    g.add_edge("a", "b")
    g.add_edge("b", "c")
    ds = parse_file("g.graphml", _written(g, "graphml"))
    assert [(e.id, e.attrs["key"]) for e in ds.edges] == [("a->b", "0"), ("b->c", "0")]
    assert "link ids repeat" in warning_text(ds)


def test_networkx_reads_what_we_write(boston):
    from network.io import dataset_bytes

    g = nx.node_link_graph(json.loads(dataset_bytes(boston, "json")), edges="edges")
    assert g.number_of_edges() == len(boston.edges)
    assert g.nodes["bric"]["kind"] == "fusion_center"
    assert nx.read_graphml(io.BytesIO(dataset_bytes(boston, "graphml"))).number_of_nodes() == len(boston.nodes)
    assert nx.read_gexf(io.BytesIO(dataset_bytes(boston, "gexf"))).number_of_edges() == len(boston.edges)


# --- GraphML, GEXF and JSON details ---------------------------------------------------------------------

GRAPHML = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns">
  <key id="k0" for="node" attr.name="Name" attr.type="string"/>
  <key id="k1" for="edge" attr.name="Type" attr.type="string"/>
  <key id="k2" for="edge" attr.name="Evidence" attr.type="string"><default>reported</default></key>
  <key id="k3" for="graph" attr.name="title" attr.type="string"/>
  <graph edgedefault="directed">
    <data key="k3">A test graph</data>
    <node id="a"><data key="k0">School A</data></node>
    <node id="b"/>
    <edge source="a" target="b"><data key="k1">shares_reports</data></edge>
    <edge source="b" target="c" directed="false"><data key="k2">sure</data></edge>
  </graph>
</graphml>
"""


def test_graphml_keys_map_like_csv_headers_and_errors_name_the_line():
    errors = problems_of("g.graphml", GRAPHML.encode())
    [status] = errors
    assert (status.file, status.row, status.column) == ("g.graphml", 12, "Evidence")
    assert status.message.startswith("the <edge> on line 12: status 'sure' is not one we know")
    assert "documented, acknowledged" in status.fix


def test_graphml_mixed_directions_defaults_and_title():
    ds = parse_file("g.graphml", GRAPHML.replace(">sure<", ">alleged<").encode())
    assert ds.nodes["a"].label == "School A" and ds.title == "A test graph"
    assert [(e.source, e.target, e.relation, e.status) for e in ds.edges] == [
        ("a", "b", "shares_reports", "reported"), ("b", "c", "", "alleged"), ("c", "b", "", "alleged")]
    text = warning_text(ds)
    assert "1 link of this graph is undirected: each link was added in both directions" in text
    assert "'c' is not in the file's <node> elements; it was created" in text


def test_graphml_user_column_mapping_for_other_fields(tmp_path, capsys):
    path = tmp_path / "g.graphml"
    path.write_text(GRAPHML.replace(">sure<", ">alleged<").replace('attr.name="Evidence"', 'attr.name="Belief"'))
    ds = network.load(path, columns={"status": "Belief", "source": "ignored"})
    assert [e.status for e in ds.edges] == ["reported", "alleged", "alleged"]
    assert main(["check", str(path), "--status-col", "Belief"]) == 0
    assert "links by evidence: reported 1, alleged 2" in capsys.readouterr().out


def test_yed_node_labels_are_read_from_node_graphics():
    xml = """<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:y="http://www.yworks.com/xml/graphml">
      <key for="node" id="d6" yfiles.type="nodegraphics"/>
      <graph edgedefault="directed">
        <node id="n0"><data key="d6"><y:ShapeNode><y:NodeLabel>Boston Police</y:NodeLabel></y:ShapeNode></data></node>
        <node id="n1"/>
        <edge id="e0" source="n0" target="n1"/>
      </graph></graphml>"""
    ds = parse_file("yed.graphml", xml.encode())
    assert ds.nodes["n0"].label == "Boston Police" and not ds.nodes["n0"].attrs


GEXF_SPELLS = """<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://www.gexf.net/1.2draft" version="1.2">
  <graph mode="dynamic" defaultedgetype="directed" timeformat="{timeformat}">
    <attributes class="edge"><attribute id="0" title="status" type="string"/></attributes>
    <nodes><node id="a" label="A"/><node id="b" label="B"/></nodes>
    <edges>
      <edge id="e1" source="a" target="b">
        <attvalues><attvalue for="0" value="documented"/></attvalues>
        <spells><spell start="{s1}" end="{e1}"/><spell start="{s2}"/></spells>
      </edge>
    </edges>
  </graph>
</gexf>
"""


def test_gexf_spells_become_one_link_each():
    xml = GEXF_SPELLS.format(timeformat="date", s1="2014-01-01", e1="2016-06-30", s2="2018-03-01T09:30:00")
    ds = parse_file("g.gexf", xml.encode())
    assert [(e.id, e.start, e.end, e.status) for e in ds.edges] == [
        ("e1", "2014-01-01", "2016-06-30", "documented"), ("e1#spell2", "2018-03-01", "", "documented")]
    open_on = [any(e.is_open_on(dt.date(y, 1, 1)) for e in ds.edges) for y in (2015, 2017, 2019)]
    assert open_on == [True, False, True]  # closed between the spells


def test_gexf_numeric_time_is_kept_as_attributes_with_a_warning():
    ds = parse_file("g.gexf", GEXF_SPELLS.format(timeformat="double", s1="1.5", e1="2.5", s2="3.0").encode())
    assert [(e.start, e.end, dict(e.attrs)) for e in ds.edges] == [
        ("", "", {"start": "1.5", "end": "2.5"}), ("", "", {"start": "3.0"})]
    text = warning_text(ds)
    assert "2 links have a 'start' that is not a date (first: the <edge> on line 7, '1.5')" in text
    assert "kept as an attribute" in text


def test_cytoscape_elements_object_with_network_data():
    doc = {"data": {"name": "From Cytoscape"}, "elements": {
        "nodes": [{"data": {"id": 1, "name": "School"}}, {"data": {"id": 2, "name": "Police"}}],
        "edges": [{"data": {"source": 1, "target": 2, "interaction": "reports", "weight": 1.5}}],
    }}
    ds = parse_file("c.json", json.dumps(doc).encode())
    assert ds.title == "From Cytoscape"
    assert [n.label for n in ds.nodes.values()] == ["School", "Police"]
    [e] = ds.edges
    assert (e.id, e.source, e.target, e.relation, e.attrs["weight"]) == ("1->2", "1", "2", "reports", "1.5")


def test_json_errors_name_the_position_in_the_list():
    doc = {"nodes": [{"id": "a"}, {"id": "b"}],
           "links": [{"source": "a", "target": "b"}, {"source": "b", "target": "a", "status": "certain"}],
           "sources": [{"id": "S1"}]}
    doc["links"][0]["sources"] = "S1;S2"
    errors = problems_of("g.json", json.dumps(doc).encode())
    assert [(p.row, p.column) for p in errors] == [(1, "sources"), (2, "status")]
    assert errors[0].message == "link 1 of \"links\": cites source 'S2', which is not in the file's sources."
    assert errors[1].message.startswith('link 2 of "links": status \'certain\' is not one we know')


def test_labels_over_the_limit_are_located(tmp_path):
    errors = problems_of("g.json", b'{"nodes": [{"id": "a", "label": "' + b"x" * 20 + b'"}], '
                         b'"links": [{"source": "a", "target": "b"}]}', limits=Limits(max_label=10))
    assert [(p.row, p.column) for p in errors] == [(1, "label")]
    assert errors[0].message == 'node 1 of "nodes": the label is 20 characters long, over the limit of 10.'


@pytest.mark.parametrize("name,data", [
    ("e.csv", b"source,target\nA,B\nB,C\nC,D\n"),
    ("e.json", b'{"nodes": [], "links": [{"source": 1, "target": 2}, {"source": 2, "target": 3},'
               b' {"source": 3, "target": 4}]}'),
    ("e.graphml", b'<graphml><graph><edge source="a" target="b"/><edge source="b" target="c"/>'
                  b'<edge source="c" target="d"/></graph></graphml>'),
])
def test_too_many_links_are_refused_before_building(name, data):
    [p] = problems_of(name, data, limits=Limits(max_edges=2))
    assert "over the limit" in p.message and "Limits(max_edges=N)" in p.fix


# --- CSV written by spreadsheets and by us --------------------------------------------------------------


def test_csv_strips_exactly_one_protective_quote():
    ds = parse_csv_dataset({
        "edges.csv": b"source,target,note\n'=cmd(),''quoted,'plain\n'-1,'@x,'\n",
    })
    assert [(e.source, e.target, e.note) for e in ds.edges] == [("=cmd()", "'quoted", "'plain"), ("-1", "@x", "'")]


# --- workbooks -------------------------------------------------------------------------------------------




def test_xlsx_cells_are_read_as_they_show():
    data = build_workbook(
        Links=[["From", "To", "Start", "Weight", "Status"],
               ["007", "BPD", dt.datetime(2019, 10, 1), 3.0, "reported"],
               ["BPD", "ICE", 2014, 2.5, None]],
        NODES=[["id", "label", "kind"], ["007", "Agent", "school"]],
    )
    ds = parse_file("book.xlsx", data)
    first, second = ds.edges
    assert (first.source, first.start, first.attrs["Weight"], first.status) == ("007", "2019-10-01", "3", "reported")
    assert (second.start, second.attrs["Weight"], second.status) == ("2014", "2.5", "unknown")
    assert ds.nodes["007"].label == "Agent"
    assert "'BPD' is not in the nodes sheet" in warning_text(ds)


def test_xlsx_problems_name_the_sheet_and_row():
    data = build_workbook(edges=[["source", "target", "status"], ["A", "B", "sure"], [None, None, None], ["C", None]])
    errors = problems_of("book.xlsx", data)
    assert [(p.file, p.row, p.column) for p in errors] == [("book.xlsx[edges]", 2, "status"),
                                                           ("book.xlsx[edges]", 4, "target")]


# --- zips and several files ------------------------------------------------------------------------------


def zipped(files: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_of_a_folder_inside_one_top_folder():
    data = zipped({"boston/edges.csv": "source,target,status\nbps,bpd,sure\n", "boston/nodes.csv": "id\nbps\n",
                   "__MACOSX/boston/._edges.csv": b"\x00\x05", "boston/.DS_Store": b"\x00"})
    [p] = problems_of("data.zip", data)
    assert (p.file, p.row, p.column) == ("data.zip/boston/edges.csv", 2, "status")
    ds = parse_file("data.zip", zipped({"boston/edges.csv": "source,target\nbps,bpd\n",
                                        "boston/dataset.json": '{"title": "Zipped"}'}))
    assert ds.title == "Zipped" and len(ds.edges) == 1


def test_zip_holding_one_graph_file():
    ds = parse_file("graph.zip", zipped({"export/graph.gexf": (FIXTURES / "millbrook-dynamic.gexf").read_bytes()}))
    assert len(ds.edges) == 5 and ds.nodes["mhs"].label == "Millbrook High School"


def test_parse_files_reads_a_folder_dropped_together():
    ds = parse_files({"My links.csv": b"source,target,sources\nbps,bpd,S1\n", "nodes.csv": b"id,kind\nbps,school\n",
                      "sources.csv": b"id,title\nS1,A record\n", "dataset.json": b'{"title": "Dropped"}'})
    assert ds.title == "Dropped" and ds.nodes["bps"].kind == "school" and ds.sources["S1"].title == "A record"


def test_parse_files_refuses_files_that_do_not_belong():
    with pytest.raises(ValidationError) as info:
        parse_files({"edges.csv": b"source,target\nA,B\n", "graph.gexf": b"<gexf/>"})
    [p] = info.value.problems
    assert p.file == "graph.gexf" and "does not belong to a data set folder" in p.message


def test_load_routes_files_through_the_same_readers(tmp_path):
    path = tmp_path / "copy.gexf"
    path.write_bytes((FIXTURES / "millbrook-undirected.gexf").read_bytes())
    ds = network.load(path)
    assert ds.origin == str(path) and len(ds.edges) == 16


def test_csv_rows_with_their_own_ids_are_not_merged_and_generated_ids_avoid_given_ones():
    ds = parse_csv_dataset({"edges.csv": b"source,target,id\nA,B,\nX,Y,A->B\nA,B,\nA,B,k1\nA,B,k1\n"})
    assert [e.id for e in ds.edges] == ["A->B#2", "A->B", "k1"]
    [merged] = ds.warnings
    assert "rows 4, 6" in merged.message
