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


def test_a_big_data_set_shows_the_routes_and_their_neighbours_only():
    ds = big_dataset()
    assert len(ds.nodes) + len(ds.edges) > BIG_DATASET
    rs = network.trace(ds, origins="s5")
    fig = network_figure(ds, MapSelection(route_nodes=[r.nodes for r in rs.routes], origins=["s5"]))
    drawn = sum(len(t["x"]) for t in fig["data"] if t.get("mode", "").startswith("markers") and t["name"] != "links")
    assert drawn < 400
    assert "Showing" in fig["layout"]["title"]["text"]
    assert len(json.dumps(fig)) < 2_000_000


def test_extra_columns_show_in_hover():
    from network.io import parse_csv_dataset

    ds = parse_csv_dataset({"edges.csv": b"source,target,weight,<b>col</b>\nA,B,3,<i>x</i>\n",
                            "nodes.csv": b"id,kind,budget\nA,school,\"$1,000\"\nB,city_police,\n"})
    dumped = json.dumps(network_figure(ds))
    assert "weight: 3" in dumped and "budget: $1,000" in dumped
    assert "&lt;b&gt;col&lt;/b&gt;: &lt;i&gt;x&lt;/i&gt;" in dumped
