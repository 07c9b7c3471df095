"""The map figure: deterministic, escaped, readable in grayscale, bounded on big data sets."""

from __future__ import annotations

import json
import random

import network
from network.figures import BIG_DATASET, STATUS_STYLE, MapSelection, network_figure
from network.layout import layered_positions
from network.model import Dataset, Edge, Node


def test_layout_is_deterministic_and_layered(boston):
    pos = layered_positions(boston)
    assert pos == layered_positions(network.load())
    assert pos["ebhs"][0] < pos["bsp"][0] < pos["bpd"][0] < pos["bric"][0] < pos["ice_ero"][0]


def test_status_reads_without_colour():
    dashes = [dash for _, dash in STATUS_STYLE.values()]
    assert len(set(dashes)) == len(dashes)


def test_labels_and_hovers_are_escaped():
    ds = Dataset.build([Node("a", "<img src=x onerror=alert(1)>", "school"),
                        Node("b", '<a href="javascript:x">ICE</a>', "immigration_enforcement")],
                       [Edge("e", "a", "b", carries="<b>bold</b>")])
    dumped = json.dumps(network_figure(ds, MapSelection(route_nodes=[("a", "b")])))
    assert "<img" not in dumped and "<a href" not in dumped and "<b>bold" not in dumped
    assert "&lt;img src=x onerror=alert(1)&gt;" in dumped


def big_dataset(n_schools: int = 3000) -> Dataset:
    rng = random.Random(1)
    nodes = [Node(f"s{i}", f"School {i}", "school") for i in range(n_schools)]
    nodes += [Node(f"p{i}", f"Police {i}", "city_police") for i in range(50)]
    nodes += [Node("ice", "ICE", "immigration_enforcement")]
    edges = [Edge(f"e{i}", f"s{i}", f"p{rng.randrange(50)}") for i in range(n_schools)]
    edges += [Edge(f"f{i}", f"p{i}", "ice") for i in range(0, 50, 7)]
    return Dataset.build(nodes, edges)


def test_a_big_data_set_is_drawn_as_groups_with_the_routes_one_by_one():
    ds = big_dataset()
    assert len(ds.nodes) + len(ds.edges) > BIG_DATASET
    rs = network.trace(ds, origins="s5")
    fig = network_figure(ds, MapSelection(route_nodes=[r.nodes for r in rs.routes], origins=["s5"]))
    groups = [c for t in fig["data"] for c in t.get("customdata") or [] if c.startswith("group:")]
    assert groups == ["group:0:school", "group:1:city_police", "group:2:immigration_enforcement"]
    ones = {c[5:] for t in fig["data"] for c in t.get("customdata") or [] if c.startswith("node:")}
    assert ones == {n for r in rs.routes for n in r.nodes}  # the routes' institutions, one by one
    named = " ".join(a["text"] for a in fig["layout"]["annotations"])
    assert "<b>Schools</b><br>3,000" in named and "<b>City police<br>departments</b><br>50" in named
    assert "title" not in fig["layout"]  # the note is said once, above the map, not in the figure too
    assert fig["layout"]["meta"]["note"].startswith("3,051 institutions and 3,008 links are too many")
    assert len(json.dumps(fig)) < 200_000


def test_a_group_opens_with_its_first_members_linked_to_the_routes_first():
    ds = big_dataset()
    route = ("s5", "p" + str(int(ds.edge_by_id["e5"].target[1:])), "ice")
    fig = network_figure(ds, MapSelection(route_nodes=[route]), opened="0:school")
    ones = [c[5:] for t in fig["data"] for c in t.get("customdata") or [] if c.startswith("node:")]
    assert len(ones) == 3 + 11 and "s5" in ones  # the route's three, and 12 schools with s5 among them
    hover = next(t for t in fig["data"] if t.get("name") == "groups")["hovertext"][0]
    assert "Open: its first institutions are drawn below" in hover
    assert "Open: Schools, 12 of 3,000" in fig["layout"]["meta"]["note"]
    closed = network_figure(ds, MapSelection(route_nodes=[route]), opened="<script>")
    assert closed["layout"]["meta"]["opened"] == "" and fig["layout"]["meta"]["opened"] == "0:school"


def test_a_small_map_says_its_words_in_spanish(boston):
    from network import i18n

    with i18n.speaking("es"):
        names = {t["name"] for t in network_figure(boston)["data"] if t.get("showlegend")}
    assert "escuela" in names and "school" not in names


def test_extra_columns_show_in_hover():
    from network.io import parse_csv_dataset

    ds = parse_csv_dataset({"edges.csv": b"source,target,weight,<b>col</b>\nA,B,3,<i>x</i>\n",
                            "nodes.csv": b"id,kind,budget\nA,school,\"$1,000\"\nB,city_police,\n"})
    dumped = json.dumps(network_figure(ds))
    assert "weight: 3" in dumped and "budget: $1,000" in dumped
    assert "&lt;b&gt;col&lt;/b&gt;: &lt;i&gt;x&lt;/i&gt;" in dumped


def test_the_cut_markers_have_a_legend_entry_and_a_symbol_of_their_own(boston):
    from network.figures import CUT_MARKER, KIND_STYLE, REMOVED_MARKER

    cut = [("bric", "ice_ero")]
    fig = network_figure(boston, MapSelection(cut_pairs=cut, removed_pairs=[("bsp", "bpd")]))
    entries = {t["name"]: t for t in fig["data"] if t.get("showlegend")}
    star = entries[CUT_MARKER["name"]]
    assert star["marker"]["symbol"] == "star" == CUT_MARKER["symbol"]
    assert star["marker"]["symbol"] not in {symbol for _, symbol in KIND_STYLE.values()}  # not the task force's
    assert entries[REMOVED_MARKER["name"]]["marker"]["symbol"] == "x-thin-open"
    links = next(t for t in fig["data"] if t["name"] == "links")
    marked = dict(zip(links["customdata"], links["marker"]["symbol"], strict=True))
    assert marked["link:bric->ice_ero"] == "star" and marked["link:bsp->bpd"] == "x-thin-open"
    plain = {t["name"] for t in network_figure(boston)["data"] if t.get("showlegend")}
    assert CUT_MARKER["name"] not in plain and REMOVED_MARKER["name"] not in plain  # only what the map shows


def test_the_figure_says_what_the_keyboard_moves_over(boston):
    sel = MapSelection(origins=["ebhs"], targets=["ice_ero"], selected=["ebhs", "bsp"], removed_nodes=["bpd"])
    fig = network_figure(boston, sel)
    keys = fig["layout"]["meta"]["keys"]
    nodes = {n["id"]: n for n in keys["nodes"]}
    assert set(nodes) == set(boston.nodes)
    places = [(n["x"], -n["y"]) for n in keys["nodes"]]
    assert places == sorted(places)  # reading order: column by column, top first
    assert nodes["ebhs"]["part"] == ["where records start", "on the selected route"]
    assert nodes["ice_ero"]["part"] == ["where they end"] and nodes["bpd"]["part"] == ["removed (what if)"]
    drawn = {c.removeprefix("link:") for t in fig["data"] if t.get("name") == "links" for c in t["customdata"]}
    assert {f"{a}->{b}" for a, b in keys["links"]} == drawn
    node_points = {c.removeprefix("node:"): (x, y) for t in fig["data"] for c, x, y in
                   zip(t.get("customdata") or [], t.get("x") or [], t.get("y") or [], strict=False)
                   if str(c).startswith("node:")}
    assert all(node_points[n] == (nodes[n]["x"], nodes[n]["y"]) for n in nodes)


def test_the_keyboards_labels_are_escaped():
    ds = Dataset.build([Node("a", "<img src=x onerror=alert(1)>", "school"), Node("b", "B & <i>co</i>", "court")],
                       [Edge("e", "a", "b")])
    keys = network_figure(ds)["layout"]["meta"]["keys"]
    labels = [n["label"] for n in keys["nodes"]]
    assert labels == ["&lt;img src=x onerror=alert(1)&gt;", "B &amp; &lt;i&gt;co&lt;/i&gt;"]
    assert keys["links"] == [["a", "b"]]
