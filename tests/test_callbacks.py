"""The callbacks as plain functions: valid, invalid and forged inputs."""

from __future__ import annotations

from contextvars import copy_context

import pytest
from dash import html, no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict

import network
from network.io import parse_csv_dataset
from network.ui import callbacks as cb
from network.ui import datasets, ids
from network.ui.app import create_app

ROUTE = "ebhs>bsp>bric>gang_db>ice_ero"


@pytest.fixture(scope="module", autouse=True)
def app():
    return create_app()  # registers the Boston data set as the served one


@pytest.fixture(scope="module")
def hostile_key():
    ds = parse_csv_dataset({
        "edges.csv": b"source,target,sources\nschool,ice,S1\n",
        "nodes.csv": b'id,label,kind\nschool,"<img src=x onerror=alert(1)>",school\n'
                     b'ice,"<a href=""javascript:alert(2)"">ICE</a>",immigration_enforcement\n',
        "sources.csv": b"id,title,url\nS1,<script>alert(3)</script>,javascript:alert(4)\n",
    })
    return datasets.register(ds, "hostile-test")


def run(func, trigger: str | None, *args):
    """Call a callback as Dash would, with ``trigger`` as the input that fired."""

    def call():
        triggered = [{"prop_id": f"{trigger}.value", "value": None}] if trigger else []
        context_value.set(AttributeDict(triggered_inputs=triggered))
        return func(*args)

    return copy_context().run(call)


def sync(search="", trigger=None, **controls):
    values = {"origins": ["kind:school"], "targets": ["kind:immigration_enforcement"], "hops": 8,
              "statuses": list(network.STATUSES), "relations": [], "date_on": [], "date": 0, "without": [],
              "context": [], "show_cut": ["on"], "click_mode": "origin", "route": "",
              "continuous": [], "query": {"dataset": "default"}, "browser": None} | controls
    return run(cb.sync_state, trigger, search, *values.values())


def walk(component):
    """Every component and every string in a component tree."""
    yield component
    children = component.children if hasattr(component, "children") else None
    if isinstance(children, list | tuple):
        for child in children:
            yield from walk(child)
    elif children is not None:
        yield from walk(children)


def texts(components) -> str:
    return " ".join(c if isinstance(c, str) else "" for comp in components for c in walk(comp))


def test_a_link_sets_every_control():
    out = sync(f"?from=ebhs&hops=6&asof=2016-06-01&without=bric&route={ROUTE}&ctx=1")
    url, origin, target, hops, statuses, relations, date_on, date, without, context, cut, mode, store, route, \
        notice, label, key, *options, continuous = out
    assert key == "default" and len(options) == 6  # a first load sends the data set's choices too
    assert url is no_update
    assert origin == ["ebhs"] and hops == 6 and without == ["bric"] and context == ["on"]
    assert date_on == ["on"] and isinstance(date, int)
    assert store["as_of"] == "2016-06-01" and store["origins"] == ["ebhs"] and store["dataset"] == "default"
    assert route == ROUTE and notice == "" and continuous == []
    assert label == "Links open on 2016-06-01"


def test_a_control_change_writes_the_url():
    out = sync("", ids.ORIGIN, origins=["ebhs"], hops=5)
    assert out[0] == "?from=ebhs&hops=5"
    assert list(out[1:12]) == [no_update] * 11
    assert out[12]["origins"] == ["ebhs"]


def test_a_bad_link_is_explained_not_crashed():
    out = sync("?from=nowhere&hops=99&asof=yesterday&without=<script>&route=a>b")
    notice = out[14]
    assert "'nowhere'" in notice and "from 1 to 8" in notice and "'yesterday' is not a date" in notice
    assert out[1] == [] and out[3] == 8  # the unknown origin is dropped, and the user is asked to pick one
    assert cb.update_routes(out[12])[0] == "Pick where records start (a school, or any school) to see the routes."


@pytest.mark.parametrize("forged", [None, 12345, {"x": 1}, ["a" * 100_000], list(range(10_000)), [None, {}]])
def test_forged_control_values_are_cleaned(forged):
    out = sync("", ids.ORIGIN, origins=forged, targets=forged, hops=forged, statuses=forged, relations=forged,
               without=forged, date=forged, date_on=forged)
    store = out[12]
    assert store["origins"] == [] and store["max_hops"] == 8
    assert len(out[0]) < 2000
    assert cb.update_routes(store)[0].startswith("Pick where records start")


def test_update_routes_counts_and_lists():
    store = sync("?from=ebhs&asof=2016-06-01")[12]
    summary, rows, levers, _ = cb.update_routes(store)
    expected = network.trace(network.load(), origins="ebhs", as_of="2016-06-01").count
    assert summary.startswith(f"{expected} routes from East Boston High School")
    assert len(rows) == expected and {r["key"] for r in rows} >= {ROUTE}
    assert "closes every route" in texts(levers)


def test_removing_the_bric_drops_the_count():
    ds = network.load()
    before = cb.update_routes(sync("?from=ebhs")[12])[0]
    after = cb.update_routes(sync("?from=ebhs&without=bric")[12])[0]
    with_bric = network.trace(ds, origins="ebhs").count
    without = network.trace(ds, origins="ebhs", without="bric").count
    assert without < with_bric
    assert before.startswith(f"{with_bric} routes") and after.startswith(f"{without} route")
    assert "open today" in before


def test_the_continuous_switch_goes_to_the_address_and_back():
    out = sync("", ids.CONTINUOUS, continuous=["on"])
    assert "cont=1" in out[0] and out[12]["continuous"] is True
    assert sync("?from=ebhs&cont=1")[23] == ["on"]
    rows = cb.update_routes(out[12])[1]
    assert all(r["possible"] == "" for r in rows)


def test_closed_routes_look_closed_in_the_table_and_on_the_map():
    store = sync("?from=ebhs")[12]
    _, rows, _, _ = cb.update_routes(store)
    whens = {r["key"]: r["when"] for r in rows}
    assert whens[ROUTE].startswith("closed") and "open today" in whens.values()
    fig, _ = cb.update_map(store, ROUTE)
    names = {t.get("name") for t in fig["data"]}
    assert "selected route (closed today)" in names and "fainter: on routes closed today" in names
    dated = cb.update_routes(sync("?from=ebhs&asof=2016-06-01")[12])[1]
    assert all(r["when"] == "" for r in dated), "with a date chosen, every route shown is open on it"


@pytest.mark.parametrize("store", [None, "x", 7, {"dataset": 5, "origins": {"a": 1}}, {"max_hops": "lots"}])
def test_forged_stores_fall_back_to_defaults(store):
    summary, rows, _, _ = cb.update_routes(store)
    assert "routes from any school" in summary or summary.startswith("Pick where records start")
    fig, _ = cb.update_map(store, "<script>")
    assert fig["data"]
    assert cb.show_route(store, store)


def test_update_map_lights_the_route_and_marks_removals():
    store = sync("?from=ebhs&without=bsp->bpd")[12]
    fig, note = cb.update_map(store, ROUTE)
    assert note == ""
    assert any(str(t.get("name")).startswith("selected route") for t in fig["data"])
    links = next(t for t in fig["data"] if t.get("name") == "links")
    assert "x-thin-open" in links["marker"]["symbol"]


def test_show_route_gives_sentence_and_source_links():
    store = sync("?from=ebhs")[12]
    detail = cb.show_route(ROUTE, store)
    assert "from East Boston High School to Boston School Police" in texts(detail)
    assert "Strength: " in texts(detail) and "weakest link: documented" in texts(detail)
    links = [c for comp in detail for c in walk(comp) if isinstance(c, html.A)]
    assert links and all(a.target == "_blank" and a.href.startswith("http") for a in links)


def test_hostile_text_stays_text(hostile_key):
    store = sync("", ids.ORIGIN, origins=["school"], query={"dataset": hostile_key})[12]
    assert store["dataset"] == hostile_key
    summary, rows, _, _ = cb.update_routes(store)
    assert rows[0]["route"] == '<img src=x onerror=alert(1)> → <a href="javascript:alert(2)">ICE</a>'
    fig, _ = cb.update_map(store, "school>ice")
    dumped = repr(fig)
    assert "<img" not in dumped and "&lt;img src=x onerror=alert(1)&gt;" in dumped
    assert "<a href" not in dumped
    detail = cb.show_route("school>ice", store)
    anchors = [c for comp in detail for c in walk(comp) if isinstance(c, html.A)]
    assert anchors == []  # a javascript: address is shown as text, never as a link
    assert "<script>alert(3)</script>" in texts(detail)


def test_select_and_restore_route():
    assert cb.select_route([{"key": ROUTE}], "") == ROUTE
    assert cb.select_route([{"key": ROUTE}], ROUTE) is no_update
    assert cb.select_route("garbage", "") is no_update
    rows = [{"key": "a"}, {"key": ROUTE}]
    assert cb.restore_selection(ROUTE, rows, []) == [{"key": ROUTE}]
    assert cb.restore_selection(ROUTE, rows, [{"key": ROUTE}]) is no_update
    assert cb.restore_selection(ROUTE, "forged", None) is no_update


@pytest.mark.parametrize(
    "mode,point,expected",
    [
        ("origin", "node:bps", (["bps"], no_update, no_update)),
        ("target", "node:ice_ero", (no_update, ["ice_ero"], no_update)),
        ("remove", "node:bric", (no_update, no_update, ["x", "bric"])),
        ("remove", "link:bsp->bric", (no_update, no_update, ["x", "bsp->bric"])),
        ("origin", "node:nope", (no_update, no_update, no_update)),
        ("origin", "link:a->b->c", (no_update, no_update, no_update)),
        ("origin", 42, (no_update, no_update, no_update)),
    ],
)
def test_map_click(mode, point, expected):
    assert cb.map_click({"points": [{"customdata": point}]}, mode, ["x"]) == expected


@pytest.mark.parametrize("forged", [None, {}, {"points": []}, {"points": [{}]}, "x"])
def test_forged_clicks_do_nothing(forged):
    assert cb.map_click(forged, "origin", None) == (no_update, no_update, no_update)
    assert cb.timeline_click(forged, {}) == (no_update, no_update)


def test_timeline_click_sets_the_date():
    date, on = cb.timeline_click({"points": [{"x": "2021-10-20"}]}, {})
    assert on == ["on"] and isinstance(date, int)
    assert cb.sync_state  # the date then reaches the URL through sync_state


def test_timeline_marks_events_and_the_date():
    fig = cb.update_timeline(sync("?asof=2021-10-20")[12])
    assert len(fig["data"][0]["x"]) == len(network.load().events)
    assert fig["layout"]["shapes"][0]["x0"] == "2021-10-20"


def test_reset_and_copy():
    assert cb.reset_whatif(1) == []
    assert cb.copy_link(1, "http://127.0.0.1:8050/?from=ebhs") == "http://127.0.0.1:8050/?from=ebhs"
    assert cb.copy_link(1, None) == ""
