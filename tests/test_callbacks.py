"""The callbacks as plain functions: valid, invalid and forged inputs."""

from __future__ import annotations

import json
import subprocess
import sys
from contextvars import copy_context

import pytest
from dash import html, no_update
from dash._callback_context import context_value
from dash._utils import AttributeDict

import network
from network.ui import address as ad
from network.ui import callbacks as cb
from network.ui import datasets, ids
from network.ui.app import create_app

ROUTE = "ebhs>bsp>bric>gang_db>ice_ero"
BOSTON = {"dataset": "default"}


@pytest.fixture(scope="module", autouse=True)
def app():
    app = create_app()  # the Boston data set, served by this app
    with app.server.app_context():  # callbacks find the app's data sets as they do in a request
        yield app


@pytest.fixture
def hostile_key(tmp_path):
    """An app of its own serving a data set whose text is hostile; nothing is left registered anywhere."""
    (tmp_path / "edges.csv").write_bytes(b"source,target,sources\nschool,ice,S1\n")
    (tmp_path / "nodes.csv").write_bytes(b'id,label,kind\nschool,"<img src=x onerror=alert(1)>",school\n'
                                         b'ice,"<a href=""javascript:alert(2)"">ICE</a>",immigration_enforcement\n')
    (tmp_path / "sources.csv").write_bytes(b"id,title,url\nS1,<script>alert(3)</script>,javascript:alert(4)\n")
    with create_app(tmp_path).server.app_context():
        yield datasets.DEFAULT_KEY


def run(func, trigger: str | None, **inputs):
    """Call a callback as Dash would, by the names of its inputs, with ``trigger`` as the input that fired."""

    def call():
        prop = trigger if trigger and "." in trigger else f"{trigger}.value"
        triggered = [{"prop_id": prop, "value": None}] if trigger else []
        context_value.set(AttributeDict(triggered_inputs=triggered))
        return func(**inputs)

    return copy_context().run(call)


def open_link(search="", browser=None, query=None):
    """A link opened (the page loaded at ``search``): address → state, then state → controls, by name."""
    opened = run(ad.open_address, None, address=None, search=search, browser=browser, query=query or BOSTON)
    shown = ad.set_controls(opened["opened"])
    return opened | shown | {"label": ad.show_date(opened["query"])}


CONTROLS = {"origin": ["kind:school"], "target": ["kind:immigration_enforcement"], "hops": 8,
            "statuses": list(network.STATUSES), "relations": [], "date_on": [], "date": 0, "without": [],
            "context": [], "show_cut": ["on"], "click_mode": "origin", "continuous": []}


def change(query=None, route="", **controls):
    """A control changed (controls → address): the controls' values by name, the rest the default view's."""
    return ad.read_controls(controls=CONTROLS | controls, query=query or BOSTON, route=route)


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
    out = open_link(f"?from=ebhs&hops=6&asof=2016-06-01&without=bpd&route={ROUTE}&ctx=1")  # a route of the view
    controls, store = out["controls"], out["query"]
    assert out["dataset"] == "default" and len(out["options"]) == len(ad.OPTIONS)  # a first load: the choices too
    assert out["search"] is no_update
    assert controls["origin"] == ["ebhs"] and controls["hops"] == 6 and controls["without"] == ["bpd"]
    assert controls["context"] == ["on"]
    assert controls["date_on"] == ["on"] and isinstance(controls["date"], int)
    assert store["as_of"] == "2016-06-01" and store["origins"] == ["ebhs"] and store["dataset"] == "default"
    assert out["route"] == ROUTE and out["notice"] == "" and controls["continuous"] == []
    assert out["label"] == "Links open on 2016-06-01"


def test_a_control_change_writes_the_url():
    out = change(origin=["ebhs"], hops=5)
    assert out["search"] == "?from=ebhs&hops=5"
    assert not set(out) & {"controls", *ad.CONTROLS}  # the controls are not written back
    assert out["query"]["origins"] == ["ebhs"]


def test_controls_set_by_a_link_change_nothing():
    out = open_link(f"?from=ebhs&asof=2016&route={ROUTE}")
    again = ad.read_controls(controls=out["controls"], query=out["query"], route=out["route"])
    assert set(again.values()) == {no_update}  # the route and the notice of the link stay


def test_a_bad_link_is_explained_not_crashed():
    out = open_link("?from=nowhere&hops=99&asof=yesterday&without=<script>&route=a>b")
    notice = out["notice"]
    assert "'nowhere'" in notice and "from 1 to 8" in notice and "'yesterday' is not a date" in notice
    # the unknown origin is dropped, and the user is asked to pick one
    assert out["controls"]["origin"] == [] and out["controls"]["hops"] == 8
    assert cb.update_routes(out["query"])["summary"] == \
        "Pick where records start (a school, or any school) to see the routes."


@pytest.mark.parametrize("forged", [None, 12345, {"x": 1}, ["a" * 100_000], list(range(10_000)), [None, {}]])
def test_forged_control_values_are_cleaned(forged):
    out = change(origin=forged, target=forged, hops=forged, statuses=forged, relations=forged,
                 without=forged, date=forged, date_on=forged)
    store = out["query"]
    assert store["origins"] == [] and store["max_hops"] == 8
    assert len(out["search"]) < 2000
    assert cb.update_routes(store)["summary"].startswith("Pick where records start")


def test_forged_controls_are_cleaned_by_name():
    out = ad.read_controls(controls="forged", query=None, route=None)
    assert out["query"]["origins"] == [] and out["query"]["dataset"] == "default"


def test_update_routes_counts_and_lists():
    store = open_link("?from=ebhs&asof=2016-06-01")["query"]
    out = cb.update_routes(store)
    summary, rows, levers = out["summary"], out["rows"], out["levers"]
    expected = network.trace(network.load(), origins="ebhs", as_of="2016-06-01").count
    assert summary.startswith(f"{expected} routes from East Boston High School")
    assert len(rows) == expected and {r["key"] for r in rows} >= {ROUTE}
    assert "closes every route" in texts(levers)


def test_removing_the_bric_drops_the_count():
    ds = network.load()
    before = cb.update_routes(open_link("?from=ebhs")["query"])["summary"]
    after = cb.update_routes(open_link("?from=ebhs&without=bric")["query"])["summary"]
    with_bric = network.trace(ds, origins="ebhs").count
    without = network.trace(ds, origins="ebhs", without="bric").count
    assert without < with_bric
    assert before.startswith(f"{with_bric} routes") and after.startswith(f"{without} route")
    assert "open today" in before


def test_the_continuous_switch_goes_to_the_address_and_back():
    out = change(continuous=["on"])
    assert "cont=1" in out["search"] and out["query"]["continuous"] is True
    assert open_link("?from=ebhs&cont=1")["controls"]["continuous"] == ["on"]
    rows = cb.update_routes(out["query"])["rows"]
    assert all(r["possible"] == "" for r in rows)


def test_closed_routes_look_closed_in_the_table_and_on_the_map():
    store = open_link("?from=ebhs")["query"]
    rows = cb.update_routes(store)["rows"]
    whens = {r["key"]: r["when"] for r in rows}
    assert whens[ROUTE].startswith("closed") and "open today" in whens.values()
    fig = cb.update_map(store, ROUTE)["figure"]
    names = {t.get("name") for t in fig["data"]}
    assert "selected route (closed today)" in names and "fainter: on routes closed today" in names
    dated = cb.update_routes(open_link("?from=ebhs&asof=2016-06-01")["query"])["rows"]
    assert all(r["when"] == "" for r in dated), "with a date chosen, every route shown is open on it"


@pytest.mark.parametrize("store", [None, "x", 7, {"dataset": 5, "origins": {"a": 1}}, {"max_hops": "lots"}])
def test_forged_stores_fall_back_to_defaults(store):
    summary = cb.update_routes(store)["summary"]
    assert "routes from any school" in summary or summary.startswith("Pick where records start")
    fig = cb.update_map(store, "<script>")["figure"]
    assert fig["data"]
    assert cb.show_route(store, store)


def test_update_map_lights_the_route_and_marks_removals():
    store = open_link("?from=ebhs&without=bsp->bpd")["query"]
    out = cb.update_map(store, ROUTE)
    fig, note = out["figure"], out["note"]
    assert note == ""
    assert any(str(t.get("name")).startswith("selected route") for t in fig["data"])
    links = next(t for t in fig["data"] if t.get("name") == "links")
    assert "x-thin-open" in links["marker"]["symbol"]


def test_show_route_gives_sentence_and_source_links():
    store = open_link("?from=ebhs")["query"]
    detail = cb.show_route(ROUTE, store)
    assert "from East Boston High School to Boston School Police" in texts(detail)
    assert "Strength: " in texts(detail) and "weakest link: documented" in texts(detail)
    links = [c for comp in detail for c in walk(comp) if isinstance(c, html.A)]
    assert links and all(a.target == "_blank" and a.href.startswith("http") for a in links)


def test_hostile_text_stays_text(hostile_key):
    store = change(origin=["school"], query={"dataset": hostile_key})["query"]
    assert store["dataset"] == hostile_key
    rows = cb.update_routes(store)["rows"]
    assert rows[0]["route"] == '<img src=x onerror=alert(1)> → <a href="javascript:alert(2)">ICE</a>'
    fig = cb.update_map(store, "school>ice")["figure"]
    dumped = repr(fig)
    assert "<img" not in dumped and "&lt;img src=x onerror=alert(1)&gt;" in dumped
    assert "<a href" not in dumped
    detail = cb.show_route("school>ice", store)
    anchors = [c for comp in detail for c in walk(comp) if isinstance(c, html.A)]
    assert anchors == []  # a javascript: address is shown as text, never as a link
    assert "<script>alert(3)</script>" in texts(detail)


def test_select_and_restore_route():
    assert ad.select_route([{"key": ROUTE}], "") == ROUTE
    assert ad.select_route([{"key": ROUTE}], ROUTE) is no_update
    assert ad.select_route("garbage", "") is no_update
    rows = [{"key": "a"}, {"key": ROUTE}]
    assert ad.restore_selection(ROUTE, rows, []) == [{"key": ROUTE}]
    assert ad.restore_selection(ROUTE, rows, [{"key": ROUTE}]) is no_update
    assert ad.restore_selection(ROUTE, "forged", None) is no_update


def test_a_picked_route_goes_to_the_address_and_a_linked_one_is_selected():
    store = open_link("?from=ebhs")["query"]
    picked = run(ad.sync_selection, f"{ids.ROUTES_GRID}.selectedRows", selected=[{"key": ROUTE}], route="",
                 rows=[], query=store)
    assert picked["route"] == ROUTE and picked["search"] == "?from=ebhs&route=ebhs%3Ebsp%3Ebric%3Egang_db%3Eice_ero"
    rows = [{"key": "a"}, {"key": ROUTE}]
    linked = run(ad.sync_selection, f"{ids.ROUTES_GRID}.rowData", selected=[], route=ROUTE, rows=rows,
                 query=store)
    assert linked["selected"] == [{"key": ROUTE}] and linked["route"] is no_update


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
    out = cb.map_click({"points": [{"customdata": point}]}, mode, ["x"], BOSTON)
    assert (out["origin"], out["target"], out["without"]) == expected


def test_map_click_finds_institutions_in_the_data_set_on_screen(hostile_key):
    out = cb.map_click({"points": [{"customdata": "node:school"}]}, "origin", [], {"dataset": hostile_key})
    assert out["origin"] == ["school"]
    assert cb.map_click({"points": [{"customdata": "node:bps"}]}, "origin", [], {"dataset": hostile_key}) \
        == {"origin": no_update, "target": no_update, "without": no_update}


@pytest.mark.parametrize("forged", [None, {}, {"points": []}, {"points": [{}]}, "x"])
def test_forged_clicks_do_nothing(forged):
    out = cb.map_click(forged, "origin", None, None)
    assert (out["origin"], out["target"], out["without"]) == (no_update, no_update, no_update)
    assert set(cb.timeline_click(forged, {}).values()) == {no_update}


def test_timeline_click_sets_the_date():
    out = cb.timeline_click({"points": [{"x": "2021-10-20"}]}, {})
    assert out["query"]["as_of"] == "2021-10-20" and out["search"] == "?asof=2021-10-20"  # the day itself
    shown = ad.set_controls(out["opened"])["controls"]  # the slider stands at its month, the switch on
    assert shown["date_on"] == ["on"] and isinstance(shown["date"], int)


def test_timeline_marks_events_and_the_date():
    fig = cb.update_timeline(open_link("?asof=2021-10-20")["query"])
    assert len(fig["data"][0]["x"]) == len(network.load().events)
    assert fig["layout"]["shapes"][0]["x0"] == "2021-10-20"


def test_reset_and_copy():
    assert cb.reset_whatif(1) == []
    assert cb.copy_link(1, "http://127.0.0.1:8050/?from=ebhs") == "http://127.0.0.1:8050/?from=ebhs"
    assert cb.copy_link(1, None) == ""


_DEPENDENCIES = """
import json
from network.ui.app import create_app
print(json.dumps(create_app().server.test_client().get("/_dash-dependencies").json))
"""


def _props(spec: str) -> set[str]:
    """'..a.value...b.data@1f..' or 'a.value' -> {'a.value', 'b.data'} (a duplicate output is the same prop)."""
    return {part.split("@")[0] for part in spec.strip(".").split("...")} if spec.startswith("..") else \
        {spec.split("@")[0]}


def test_the_callbacks_make_no_loop():
    """Dash allows a loop only within one callback: no chain of two or more callbacks may lead back to its start.

    Read from a fresh process: the first Dash app to answer a request takes the callbacks registered at import.
    """
    out = subprocess.run([sys.executable, "-c", _DEPENDENCIES], capture_output=True, text=True, timeout=120,
                         check=True)
    deps = [(_props(d["output"]), {f"{i['id']}.{i['property']}" for i in d["inputs"]}) for d in json.loads(out.stdout)]
    assert len(deps) > 20
    feeds = {a: {b for b, (_, ins) in enumerate(deps) if b != a and outs & ins} for a, (outs, _) in enumerate(deps)}

    def reaches(start: int, goal: int, seen: set[int]) -> bool:
        return any(n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in feeds[start])

    loops = [sorted(deps[a][0]) for a in feeds if reaches(a, a, {a})]
    assert loops == []


def test_every_component_id_comes_from_ids(app):
    known = {v for k, v in vars(ids).items() if k.isupper() and isinstance(v, str)}
    known |= {*ids.FORM_DATASET.values(), *ids.MAPPING_FIELD.values()}
    used = {c.id for c in walk(app.layout) if isinstance(getattr(c, "id", None), str)}
    assert used and used <= known, used - known
    assert app.layout.to_plotly_json()["props"]["data-address-store"] == ids.ADDRESS  # for assets/explorer.js
