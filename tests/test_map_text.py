"""The map's text alternative, the selected route beside the map and the routes CSV download, as plain functions."""

from __future__ import annotations

import csv
import io

import pytest
from dash import html, no_update

import network
from network.figures import MapSelection, network_figure, shown_nodes
from network.model import Dataset, Edge, Node
from network.ui import datasets, ids
from network.ui import downloads as dl
from network.ui import map_text as mt
from network.ui.app import create_app

ROUTE = "ebhs>bsp>bric>gang_db>ice_ero"
VIEW = {"dataset": "default", "origins": ["ebhs"], "show_cut": True}


@pytest.fixture(scope="module", autouse=True)
def app():
    app = create_app()
    with app.server.app_context():
        yield app


def walk(component):
    yield component
    children = getattr(component, "children", None)
    for child in children if isinstance(children, list | tuple) else [children]:
        if child is not None and not isinstance(child, str | int | float):
            yield from walk(child)


def texts(components) -> str:
    out = []
    for comp in components:
        for c in walk(comp):
            children = getattr(c, "children", None)
            out += [children] if isinstance(children, str) else [x for x in children or [] if isinstance(x, str)] \
                if isinstance(children, list) else []
    return " ".join(out)


def test_the_table_lists_what_the_map_draws_with_evidence_and_anchors(boston):
    sel = MapSelection(route_nodes=[ROUTE.split(">")], selected=ROUTE.split(">"), origins=["ebhs"],
                       targets=["ice_ero"], cut_pairs=[("bric", "ice_ero")], removed_pairs=[("bsp", "bpd")])
    tables = mt.map_tables(boston, sel)
    nodes_table, links_table = [t for t in tables if isinstance(t, html.Table)]
    node_rows = list(nodes_table.children[2].children)
    link_rows = list(links_table.children[2].children)
    assert len(node_rows) == len(shown_nodes(boston, sel)[0]) == len(boston.nodes)
    flows = [e for e in boston.flow_edges if e.source != e.target]
    assert len(link_rows) == len(flows) + len([e for e in boston.context_edges if e.source != e.target])
    anchors = {c.id for t in (nodes_table, links_table) for c in walk(t) if getattr(c, "id", None)}
    hrefs = {c.href.removeprefix("#") for t in (nodes_table, links_table) for c in walk(t) if isinstance(c, html.A)}
    assert hrefs <= anchors and any(h.startswith("map-table-link-") for h in hrefs)  # every link lands on a row
    words = texts(tables)
    assert "where records start" in words and "in the minimum cut" in words and "removed (what if)" in words
    assert "on the selected route" in words and "context link" in words
    by_pair = {(texts([r.children[1]]), texts([r.children[2]])): r for r in link_rows}
    row = by_pair[("East Boston High School", "Boston School Police / Office of Safety Services")]
    edge = next(e for e in flows if (e.source, e.target) == ("ebhs", "bsp"))
    status = next(c for c in walk(row) if isinstance(c, html.Span))
    assert status.children == edge.status and texts([row.children[5]]) == f"{len(edge.sources)} source" + \
        ("s" if len(edge.sources) != 1 else "")


def test_the_table_is_the_view_on_screen():
    big = network.Dataset.build([Node(f"s{i}", f"School {i}", "school") for i in range(3100)]
                                + [Node("p", "Police", "city_police")],
                                [Edge(f"e{i}", f"s{i}", "p") for i in range(3100)])
    sel = MapSelection(route_nodes=[("s1", "p")], origins=["s1"])
    tables = mt.map_tables(big, sel)
    shown, note = shown_nodes(big, sel)
    assert texts(tables).startswith(note) and f"Institutions on the map ({len(shown):,})" in texts(tables)


def test_the_table_keeps_hostile_text_as_text():
    ds = Dataset.build([Node("a", "<img src=x onerror=alert(1)>", "school"), Node("b", "ICE", "court")],
                       [Edge("e", "a", "b", carries="<script>x</script>")])
    tables = mt.map_tables(ds, MapSelection())
    assert "<img src=x onerror=alert(1)>" in texts(tables) and "<script>x</script>" in texts(tables)
    assert all(str(c.href).startswith("#") for t in tables for c in walk(t) if isinstance(c, html.A))


def test_the_table_button_opens_and_closes_the_table():
    closed = mt.show_map_table(0, VIEW, ROUTE)
    assert closed == {"table": [], "hidden": True, "label": mt.TABLE_CLOSED, "expanded": "false"}
    opened = mt.show_map_table(1, VIEW, ROUTE)
    assert opened["hidden"] is False and opened["label"] == mt.TABLE_OPEN and opened["expanded"] == "true"
    assert "Institutions on the map" in texts(opened["table"])
    assert mt.show_map_table(2, VIEW, ROUTE)["hidden"] is True
    for forged in (None, "1", 1.0, True, float("nan"), [1], {"a": 1}):
        assert mt.show_map_table(forged, VIEW, ROUTE)["hidden"] is True
    assert mt.show_map_table(10**40 + 1, {"dataset": ["x"], "origins": 7}, "<script>")["hidden"] is False


def test_the_selected_route_hop_by_hop():
    hops = mt.show_hops(ROUTE, VIEW)
    [title, listed] = hops
    assert title.children.startswith("The selected route: 4 links, strength ")
    items = list(listed.children)
    assert len(items) == 4
    first = items[0].children[0]
    assert first.children == "East Boston High School → Boston School Police / Office of Safety Services"
    assert [i.children[0].href for i in items] == [f"#{ids.hop(n)}" for n in range(1, 5)]
    for none in ("", None, "nowhere>else", 7, "<script>"):
        [hint] = mt.show_hops(none, VIEW)
        assert "Pick a route below" in hint.children


def test_the_routes_download_as_a_spreadsheet_safe_csv():
    answer = dl.download_routes_csv(1, VIEW)
    assert answer["filename"] == dl.CSV_NAME and answer["type"] == "text/csv"
    assert answer["content"].startswith("\ufeffrank,length,strength")
    rows = list(csv.reader(io.StringIO(answer["content"].lstrip("\ufeff"))))
    assert len(rows) - 1 == network.trace(network.load(), origins="ebhs").count
    for forged in (0, None, "1", True, float("nan")):
        assert dl.download_routes_csv(forged, VIEW) is no_update
    assert dl.download_routes_csv(1, {"dataset": "default", "origins": []}) is no_update


def test_the_routes_csv_is_formula_safe(tmp_path):
    (tmp_path / "edges.csv").write_bytes(b"source,target\nschool,ice\n")
    (tmp_path / "nodes.csv").write_bytes(b"id,label,kind\nschool,=HYPERLINK(\"http://x\"),school\n"
                                         b"ice,@ICE,immigration_enforcement\n")
    with create_app(tmp_path).server.app_context():
        answer = dl.download_routes_csv(1, {"dataset": datasets.DEFAULT_KEY, "origins": ["school"]})
    [_, row] = list(csv.reader(io.StringIO(answer["content"].lstrip("\ufeff"))))
    assert all(not cell.startswith(("=", "@", "+", "-")) for cell in row)
    assert "'=HYPERLINK" in answer["content"]


def test_the_panel_wraps_the_map_in_one_labelled_tab_stop():
    panel = mt.map_panel(html.Div(id="graph"))
    frame = panel.children[0]
    props = frame.to_plotly_json()["props"]
    assert frame.id == ids.MAP_FRAME and props["tabIndex"] == "0" and props["aria-label"]
    assert props["aria-describedby"] == ids.MAP_KEYS_HINT and props["data-graph"] == ids.MAP
    live = next(c for c in walk(panel) if getattr(c, "id", None) == ids.MAP_KEYS_LIVE)
    assert live.to_plotly_json()["props"]["aria-live"] == "polite"
    assert network_figure(network.load())["layout"]["meta"]["keys"]["nodes"]
