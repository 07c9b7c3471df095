"""The aggregated map's logic: groups by kind and column with counts, links counted between groups, what is drawn
one by one (routes capped by total and by column, the group opened), checked keys, and its figure in Spanish."""

from __future__ import annotations

import json

import pytest

import network
from network import i18n
from network.aggregate import (
    AGGREGATE_ABOVE,
    MAX_OPEN,
    MAX_PER_COLUMN,
    MAX_ROUTE_NODES,
    drawn_one_by_one,
    groups_of,
    is_big,
    links_between,
    place,
)
from network.aggregate_figure import aggregated_figure, group_name
from network.figures import MapSelection, network_figure
from network.model import Dataset, Edge, Node


def national(schools: int = 400, police: int = 40) -> Dataset:
    """Schools → districts → police ↔ police → ICE, and a kind the tool does not know (placed by its links)."""
    nodes = [Node(f"s{i}", f"School {i}", "school") for i in range(schools)]
    nodes += [Node(f"d{i}", f"District {i}", "school_district") for i in range(20)]
    nodes += [Node(f"p{i}", f"Police {i}", "city_police") for i in range(police)]
    nodes += [Node("ice", "ICE", "immigration_enforcement"), Node("x", "Vendor", "vendor")]
    edges = [Edge(f"sd{i}", f"s{i}", f"d{i % 20}") for i in range(schools)]
    edges += [Edge(f"dp{i}", f"d{i}", f"p{i % police}") for i in range(20)]
    edges += [Edge(f"pp{i}", f"p{i}", f"p{(i + 1) % police}") for i in range(police)]
    edges += [Edge(f"pi{i}", f"p{i}", "ice") for i in range(0, police, 4)]
    edges += [Edge("px", "p0", "x"), Edge("xi", "x", "ice"), Edge("sd0-again", "s0", "d0", relation="grades")]
    edges += [Edge(f"f{i}", f"p{i % police}", "ice", relation="funds", flow=False) for i in range(2600)]  # context
    return Dataset.build(nodes, edges)


def test_groups_by_kind_and_column_with_counts_and_links_between():
    ds = national()
    assert is_big(ds) and len(ds.nodes) + len(ds.edges) > AGGREGATE_ABOVE
    g = groups_of(ds)
    assert [(x.key, x.count) for x in g.groups] == [
        ("0:school", 400), ("1:school_district", 20), ("2:city_police", 40), ("3:vendor", 1),
        ("4:immigration_enforcement", 1)]  # the vendor between police and ICE: a column of its own
    by_key = {x.key: i for i, x in enumerate(g.groups)}
    links = {(g.groups[a].key, g.groups[b].key): c for a, b, c in g.links}
    assert links[("0:school", "1:school_district")] == 401  # every link counted, two between s0 and d0
    assert links[("1:school_district", "2:city_police")] == 20
    assert g.groups[by_key["2:city_police"]].inner == 40  # police sharing with police: inside the group
    assert sum(links.values()) + sum(x.inner for x in g.groups) == len(ds.flow_edges)
    assert groups_of(ds) is g  # counted once per data set
    assert g.find("0:school").count == 400
    for forged in (None, 7, "", "0:", "9:school", "x" * 10_000, ["0:school"], {"k": 1}):
        assert g.find(forged) is None


def test_the_unknown_kind_sits_where_its_links_put_it():
    ds = national()
    g = groups_of(ds)
    vendor = next(x for x in g.groups if x.kind == "vendor")
    police = next(x for x in g.groups if x.kind == "city_police")
    assert vendor.column > police.column
    assert group_name(g, vendor) == "Vendor" and group_name(g, police) == "City police departments"


def test_routes_are_drawn_whole_within_the_caps():
    ds = national()
    g = groups_of(ds)
    routes = [(f"s{i}", f"d{i % 20}", f"p{i % 20}", "ice") for i in range(200)]
    drawn = drawn_one_by_one(ds, g, routes)
    columns = [g.column[n] for n in drawn.on_routes]
    assert len(drawn.on_routes) <= MAX_ROUTE_NODES
    assert max(columns.count(c) for c in set(columns)) <= MAX_PER_COLUMN
    assert all(n in drawn.on_routes for r in drawn.routes for n in r)  # a route is drawn whole, or not at all
    assert drawn.routes_found == 200 and 0 < drawn.routes_drawn < 200
    selected = routes[150]
    first = drawn_one_by_one(ds, g, routes, selected=selected)
    assert first.routes[0] == selected and set(selected) <= set(first.on_routes)
    assert drawn_one_by_one(ds, g, [("nowhere", "ice")]).on_routes == ("ice",)
    none = drawn_one_by_one(ds, g, [], ends=["s3", "ice", "nope"])
    assert none.on_routes == ("s3", "ice") and none.routes_drawn == 0


def test_an_opened_group_shows_its_first_members_those_linked_to_the_routes_first():
    ds = national()
    g = groups_of(ds)
    route = ("s7", "d7", "p7", "ice")
    drawn = drawn_one_by_one(ds, g, [route], opened="0:school")
    assert drawn.opened is g.find("0:school") and len(drawn.open_members) == MAX_OPEN
    assert drawn.open_members[0] == "s7"  # drawn already, then those its district links to
    assert set(drawn.open_members[1:]) <= {f"s{i}" for i in range(7, 400, 20)}
    assert drawn_one_by_one(ds, g, [route], opened="<img>").opened is None


def test_links_between_are_read_from_the_index_and_placed_in_columns():
    ds = national()
    g = groups_of(ds)
    nodes = ["s0", "d0", "p0", "p1", "ice", "x"]
    pairs = links_between(ds, nodes)
    flow = ds.flow_edges
    assert sorted(flow[i].id for i in pairs[("s0", "d0")]) == ["sd0", "sd0-again"]
    assert ("p0", "p1") in pairs and ("d0", "p0") in pairs and ("p1", "ice") not in pairs  # p1 has no link to ICE
    assert all(flow[i].flow for at in pairs.values() for i in at)  # context links are not drawn
    pos = place(g, nodes, list(pairs), 0.4, -0.2)
    assert {n: x for n, (x, _y) in pos.items()} == {n: float(g.column[n]) for n in nodes}
    assert all(-0.2 - 1e-9 <= y <= 0.4 + 1e-9 for _x, y in pos.values())


def test_the_figure_is_small_escaped_and_says_its_words_in_spanish():
    nodes = [Node(f"s{i}", f"<b>School {i}</b>", "school") for i in range(3000)] + [Node("p", "Police", "city_police")]
    ds = Dataset.build(nodes, [Edge(f"e{i}", f"s{i}", "p") for i in range(3000)])
    fig = aggregated_figure(ds, MapSelection(route_nodes=[("s1", "p")], origins=["s1"]), opened="0:school")
    dumped = json.dumps(fig)
    assert "<b>School 1" not in dumped and "&lt;b&gt;School 1&lt;/b&gt;" in dumped
    assert len(dumped) < 100_000
    keys = fig["layout"]["meta"]["keys"]
    assert keys["nodes"][0]["id"] == "group:0:school" and ["group:0:school", "group:1:city_police"] in keys["links"]
    assert {"s1", "p"} <= {n["id"] for n in keys["nodes"]}
    with i18n.speaking("es"):
        es = aggregated_figure(ds, MapSelection(route_nodes=[("s1", "p")]), opened="0:school")
    words = json.dumps(es, ensure_ascii=False)
    assert "Escuelas" in words and "Departamentos de policía municipal" in words
    assert es["layout"]["meta"]["note"].startswith("3.001 instituciones y 3.000 vínculos son demasiados")
    assert "Abierto: Escuelas" in es["layout"]["meta"]["note"]


@pytest.mark.parametrize("opened", [None, "", "0:school", "<script>", 12])
def test_network_figure_draws_groups_past_the_threshold_only(boston, opened):
    small = network_figure(boston, opened=opened)
    assert not small["layout"]["meta"].get("aggregated")
    big = network_figure(national(), opened=opened)
    assert big["layout"]["meta"]["aggregated"] is True
    assert big["layout"]["meta"]["opened"] == ("0:school" if opened == "0:school" else "")
    only = network_figure(national(), MapSelection(only=["s1", "d1"]))  # a slide's map stays one by one
    assert not only["layout"]["meta"].get("aggregated")


def test_the_bundled_data_set_is_not_aggregated():
    assert not is_big(network.load())


def test_the_map_callbacks_open_and_close_a_group():
    from dash import no_update

    from network.ui import callbacks as cb
    from network.ui import datasets
    from network.ui.app import create_app

    with create_app(national()).server.app_context():
        query = {"dataset": datasets.DEFAULT_KEY}
        opened = cb.map_click({"points": [{"customdata": "group:0:school"}]}, "origin", [], query, "")
        assert opened == {"origin": no_update, "target": no_update, "without": no_update, "opened": "0:school"}
        # the keyboard's Enter posts a group as an institution: it opens it all the same
        keyed = cb.map_click({"points": [{"customdata": "node:group:0:school"}]}, "origin", [], query, "")
        assert keyed["opened"] == "0:school"
        closed = cb.map_click({"points": [{"customdata": "group:0:school"}]}, "origin", [], query, "0:school")
        assert closed["opened"] == ""
        for forged in ("group:9:none", "group:", "group:" + "x" * 5000):
            assert cb.map_click({"points": [{"customdata": forged}]}, "origin", [], query, "")["opened"] is no_update
        out = cb.map_click({"points": [{"customdata": "node:s3"}]}, "origin", [], query, "0:school")
        assert out["origin"] == ["s3"] and out["opened"] is no_update
        drawn = cb.update_map(query, "", "0:school")
        assert drawn["figure"]["layout"]["meta"]["opened"] == "0:school"
        assert drawn["note"] == drawn["figure"]["layout"]["meta"]["note"] and "Open: Schools" in drawn["note"]
        assert "title" not in drawn["figure"]["layout"]  # said once: in the note above the map
        for forged in (None, 7, ["0:school"], {"a": 1}, "<script>"):
            assert cb.update_map(query, "", forged)["figure"]["layout"]["meta"]["opened"] == ""


def test_a_big_data_set_has_its_groups_counted_as_it_is_served_or_read(tmp_path, monkeypatch):
    """The first map of a big data set does not wait for its groups: the served one has them counted as the app
    starts (``warm``), an upload as a worker reads it from the store. (Asked of the groups' cache itself: what is
    checked is that the work was done before any map asked, which no figure shows.)"""
    from network import aggregate
    from network.ui import datasets, uploads
    from network.ui.app import create_app

    served = national(schools=3000)
    assert is_big(served) and served not in aggregate._CACHE
    create_app(served)
    assert served in aggregate._CACHE

    monkeypatch.setenv("ENTANGLE_CACHE", str(tmp_path))
    monkeypatch.delenv("ENTANGLE_REDIS_URL", raising=False)
    files = {"edges.csv": b"source,target\n" + b"".join(b"s%d,p%d\n" % (i, i % 7) for i in range(3000))}
    key = uploads.storage_key(uploads.new_secret(), uploads.content_hash(files))
    uploads.save_upload(key, files)
    read = datasets.DataSets(served).find(key)
    assert read is not None and is_big(read) and read in aggregate._CACHE
    small = national(schools=10)
    create_app(small)
    assert small not in aggregate._CACHE  # a small map is drawn one by one: no groups to count
