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
from network.ui import controls as ct
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
        == {"origin": no_update, "target": no_update, "without": no_update, "opened": no_update}


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
    used = {c.id for c in walk(app.layout()) if isinstance(getattr(c, "id", None), str)}
    assert used and used <= known, used - known
    assert app.layout().to_plotly_json()["props"]["data-address-store"] == ids.ADDRESS  # for assets/explorer.js


# --- dates as people write them; the slider by month ------------------------------------------------------------

JUNE_2016 = 2016 * 12 + 5  # the slider's position of June 2016 (year × 12 + month − 1)


@pytest.mark.parametrize("text", ["2016-06", "2016-06-01", "June 2016", "jun 2016", "JUNE 2016", "Jun. 2016",
                                  "6/2016", "06/2016", "1 June 2016", "June 1, 2016", "2016/06/01", " 2016-6-1 "])
def test_the_date_field_reads_dates_as_people_write_them(text):
    assert ct.read_date(network.load(), text) == ("2016-06-01", "")


@pytest.mark.parametrize("text,says", [
    ("6/1/2016", "could be 6 January or 1 June"), ("June", "is not a date this field reads"),
    ("Juno 2016", "'juno' is no month's name"), ("2016-02-30", "is not a real date"),
    ("1850", "outside the years this tool can hold (1900 to 2100)"), ("9999-01", "(1900 to 2100)"),
    ("June 2030", "1 June 2030 is outside this data's timeline, which runs from 1 January 2004 to 31 December 2026"),
    ("x" * 1_000_000, "'" + "x" * 40 + "…' is not a date"),
])
def test_the_date_field_says_why_it_cannot_use_a_text(text, says):
    day, message = ct.read_date(network.load(), text)
    assert day == "" and says in message and len(message) < 300


def test_a_typed_date_sets_the_view_and_the_slider_stands_at_its_month():
    store = open_link(f"?from=ebhs&route={ROUTE}")["query"]
    out = ad.type_date(1, None, "June 2016", store, ROUTE)
    assert out["query"]["as_of"] == "2016-06-01" and out["search"] == "?from=ebhs&asof=2016-06-01"
    assert out["route"] == "" and out["message"] == ""  # the routes change: none is selected
    shown = ad.set_controls(out["opened"])
    assert shown["controls"]["date"] == JUNE_2016 and shown["controls"]["date_on"] == ["on"]
    assert set(shown["options"].values()) == {no_update}  # the same data set: the same choices
    # the controls now show the view: nothing more changes, and the field and the label say the date
    again = ad.read_controls(controls=shown["controls"], query=out["query"], route="")
    assert set(again.values()) == {no_update}
    assert ad.show_date_text(out["query"]) == {"text": "1 June 2016", "message": ""}
    assert ad.show_date(out["query"]) == "Links open on 2016-06-01"
    expected = network.trace(network.load(), origins="ebhs", as_of="2016-06-01").count
    assert cb.update_routes(out["query"])["summary"].startswith(f"{expected} routes")
    # the same day again (the field left as it says it) changes nothing; an empty field shows every date
    assert set(ad.type_date(None, 1, "1 June 2016", out["query"], "").values()) == {no_update, ""}
    cleared = ad.type_date(2, None, "", out["query"], "")
    assert cleared["query"]["as_of"] == "" and cleared["search"] == "?from=ebhs"


def test_a_date_the_field_cannot_use_changes_nothing_and_says_why():
    store = open_link("?from=ebhs&asof=2016-06-01")["query"]
    out = ad.type_date(1, None, "6/1/2016", store, "")
    assert {k: v for k, v in out.items() if k != "message"} == dict.fromkeys(("query", "route", "search", "opened"),
                                                                          no_update)
    assert "could be 6 January or 1 June" in out["message"]
    for forged in (None, 5, ["June 2016"], {"a": 1}, float("nan")):
        assert set(ad.type_date(forged, forged, forged, forged, forged).values()) == {no_update}


def test_the_slider_steps_by_month_and_a_link_keeps_its_day():
    ds = network.load()
    options = open_link()["options"]
    assert options["date_min"] == 2004 * 12 and options["date_max"] == 2026 * 12 + 11
    assert set(options["date_marks"].values()) >= {"2004", "2024"} and 2004 * 12 in options["date_marks"]
    assert ct.view_of_controls(ds, CONTROLS | {"date_on": ["on"], "date": JUNE_2016})[0].as_of == "2016-06-01"
    assert ct.view_of_controls(ds, CONTROLS | {"date_on": ["on"], "date": JUNE_2016 + 1})[0].as_of == "2016-07-01"
    # a day within a month: the slider stands at the month, the view keeps the day (the ordinance's)
    out = open_link("?from=ebhs&asof=2021-10-20")
    assert out["controls"]["date"] == 2021 * 12 + 9 and out["query"]["as_of"] == "2021-10-20"
    assert set(ad.read_controls(controls=out["controls"], query=out["query"], route="").values()) == {no_update}
    moved = ad.read_controls(controls=out["controls"] | {"date": 2021 * 12 + 10}, query=out["query"], route="")
    assert moved["search"] == "?from=ebhs&asof=2021-11-01"


def test_the_timeline_keeps_the_day_of_its_event():
    out = cb.timeline_click({"points": [{"x": "2021-10-20 00:00"}]}, open_link("?from=ebhs")["query"], ROUTE)
    assert out["query"]["as_of"] == "2021-10-20" and out["route"] == ""
    assert set(cb.timeline_click({"points": [{"x": "2090-01-01"}]}, BOSTON).values()) == {no_update}  # off the line


# --- a shared link shows exactly what was shared ------------------------------------------------------------------

def test_a_link_whose_route_is_closed_on_its_date_says_so_and_selects_nothing():
    out = open_link(f"?from=ebhs&asof=2022-01&route={ROUTE}")
    assert out["route"] == "" and out["search"] is no_update  # the address stays the link's
    assert out["notice"] == ("The route in this link is not among the routes of this view (closed on 19 December "
                             "2019); nothing is selected.")
    rows = cb.update_routes(out["query"])["rows"]
    assert ROUTE not in {r["key"] for r in rows} and rows
    assert "Select a route" in texts(cb.show_route(out["route"], out["query"]))
    names = {t.get("name") for t in cb.update_map(out["query"], out["route"])["figure"]["data"]}
    assert not any(str(n).startswith("selected route") for n in names)
    # a route store naming a route the view does not have (forged, or late) is not drawn either
    names = {t.get("name") for t in cb.update_map(out["query"], ROUTE)["figure"]["data"]}
    assert not any(str(n).startswith("selected route") for n in names)


@pytest.mark.parametrize("link,why", [
    ("?from=ebhs&without=bric", "it passes through Boston Regional Intelligence Center (BRIC), removed in this view"),
    ("?from=ebhs&without=bsp->bric", "it passes through Boston Regional Intelligence Center (BRIC), removed"),
    ("?from=ebhs&hops=3", "it is longer than 3 links"),
    ("?from=bps", "it does not run from this view's origin to its target"),
    ("?from=ebhs&status=documented", "filtered out by the evidence, kinds of flow or continuity this view admits"),
])
def test_a_link_whose_route_is_filtered_out_says_why(link, why):
    out = open_link(f"{link}&route={ROUTE}")
    assert out["route"] == "" and f"({why}" in out["notice"] and out["notice"].endswith("nothing is selected.")


def test_the_selection_clears_when_the_routes_change_without_it():
    """Select route 4, untick then retick 'documented': no row stays highlighted with no route behind it, and the
    row can be picked again."""
    store = open_link("?from=ebhs")["query"]
    rows = cb.update_routes(store)["rows"]
    fourth = rows[3]
    picked = run(ad.sync_selection, f"{ids.ROUTES_GRID}.selectedRows", selected=[fourth], route="", rows=rows,
                 query=store)
    assert picked["route"] == fourth["key"] and picked["selected"] is no_update
    unticked = change(statuses=["reported", "alleged", "unknown"], origin=["ebhs"], query=store, route=fourth["key"])
    assert unticked["route"] == "" and "route=" not in unticked["search"]
    # the route store is cleared: the table's row is unselected, before and after the new rows arrive
    cleared = run(ad.sync_selection, f"{ids.ROUTE_STORE}.data", selected=[fourth], route="", rows=rows,
                  query=unticked["query"])
    assert cleared["selected"] == [] and cleared["route"] is no_update
    new_rows = cb.update_routes(unticked["query"])["rows"]
    assert run(ad.sync_selection, f"{ids.ROUTES_GRID}.rowData", selected=[], route="", rows=new_rows,
               query=unticked["query"])["selected"] is no_update
    reticked = change(origin=["ebhs"], query=unticked["query"], route="")
    assert reticked["route"] is no_update and reticked["search"] == "?from=ebhs"
    again = run(ad.sync_selection, f"{ids.ROUTES_GRID}.selectedRows", selected=[fourth], route="",
                rows=cb.update_routes(reticked["query"])["rows"], query=reticked["query"])
    assert again["route"] == fourth["key"]


def test_new_rows_without_the_route_drop_it_and_a_forged_pick_is_undone():
    store = open_link("?from=ebhs&asof=2022-01")["query"]
    rows = cb.update_routes(store)["rows"]
    # a route store naming a closed route (forged, or from a late answer) when the rows come: dropped
    out = run(ad.sync_selection, f"{ids.ROUTES_GRID}.rowData", selected=[], route=ROUTE, rows=rows, query=store)
    assert out["route"] == "" and out["search"] == "?from=ebhs&asof=2022-01"
    # rows of an earlier view arriving after a link's route was set keep the route (it is the view's)
    late = run(ad.sync_selection, f"{ids.ROUTES_GRID}.rowData", selected=[], route=ROUTE, rows=rows,
               query=open_link("?from=ebhs")["query"])
    assert late["route"] is no_update
    # a picked row that is none of the view's routes changes nothing, and the table shows the selected route again
    kept = rows[0]["key"]
    forged = run(ad.sync_selection, f"{ids.ROUTES_GRID}.selectedRows", selected=[{"key": ROUTE}], route=kept,
                 rows=rows, query=store)
    assert forged["route"] is no_update and forged["selected"] == [rows[0] | {}]
    assert ad.restore_selection("", rows, [{"key": ROUTE}]) == [] and ad.restore_selection("", rows, []) is no_update


def test_copy_link_copies_the_address_bar():
    assert cb.copy_link(1, "http://127.0.0.1:8050/?from=ebhs", "?from=ebhs&asof=2016-06-01") == \
        "http://127.0.0.1:8050/?from=ebhs&asof=2016-06-01"
    assert cb.copy_link(1, "http://127.0.0.1:8050/?from=ebhs#x", "") == "http://127.0.0.1:8050/"
    assert cb.copy_link(1, "javascript:alert(1)", "?from=ebhs") == ""


def test_copy_link_is_a_button_the_keyboard_reaches(app):
    clipboard = next(c for c in walk(app.layout()) if getattr(c, "id", None) == ids.COPY_LINK)
    assert isinstance(clipboard.children, html.Button) and clipboard.children.children == "Copy link"


def test_a_sentence_under_the_title_says_what_the_page_shows(app):
    header = next(c for c in walk(app.layout()) if getattr(c, "className", None) == "app-header")
    assert "The routes by which a student's record can travel from a school to immigration enforcement" in \
        texts([header])


# --- pickers that search every institution -------------------------------------------------------------------------

@pytest.fixture
def big_key(tmp_path):
    """An app of its own serving a chain of 4,000 institutions, node0 → node1 → … → node3999."""
    (tmp_path / "edges.csv").write_text("source,target\n" + "".join(f"node{i},node{i + 1}\n" for i in range(3999)))
    with create_app(tmp_path).server.app_context():
        yield datasets.DEFAULT_KEY


def _values(options):
    return [o["value"] for o in options]


def test_a_big_data_sets_pickers_search_every_institution(big_key):
    query = {"dataset": big_key}
    first = ct.control_options(datasets.get(big_key))["origin"]
    assert "node3999" not in _values(first) and len(first) == 2000 + 2  # a kind, 2,000 institutions, the line
    assert first[0] == {"label": "2,000 more: type a name to find any of them", "value": ct.MORE,
                         "disabled": True}
    found = cb.search_origins("node3999", [], query)
    assert _values(found) == ["node3999"]
    assert _values(cb.search_targets("3999", [], query)) == ["node3999"]  # by a part of a name
    many = cb.search_origins("node3", ["node12"], query)
    assert len(many) == 1 + 100 + 1 and _values(many)[1:3] == ["node3", "node30"]
    assert many[0] == {"label": "1,011 more match: type more to narrow", "value": ct.MORE, "disabled": True,
                       "search": "node3"}  # kept by the browser's own filter while "node3" is typed
    assert many[-1] == {"label": "node12", "value": "node12"}  # a choice made stays among the options
    removals = cb.search_removals("node3998", ["node1->node2"], query)
    assert _values(removals) == ["node3998", "node3997->node3998", "node3998->node3999", "node1->node2"]
    assert removals[1]["label"] == "link: node3997 → node3998"
    # no word: the first ones again, with the choices made
    assert _values(cb.search_origins(None, ["node3999"], query))[-1] == "node3999"


def test_a_link_or_a_click_to_an_institution_past_the_first_ones_keeps_it(big_key):
    out = open_link("?from=node3995&to=node3999&without=node3000->node3001", query={"dataset": big_key})
    assert out["controls"]["origin"] == ["node3995"] and out["notice"] == ""
    assert "node3995" in _values(out["options"]["origin"]) and "node3999" in _values(out["options"]["target"])
    assert "node3000->node3001" in _values(out["options"]["without"])
    assert cb.update_routes(out["query"])["summary"].startswith("1 route from node3995 to node3999")
    # the line saying a list is cut is no choice: a view posted with it leaves it out, with no notice
    state, notices = ct.view_of_controls(datasets.get(big_key),
                                         CONTROLS | {"origin": ["node3995", ct.MORE], "target": [ct.MORE]})
    assert state.targets == ()
    assert state.origins == ("node3995",) and notices == []


@pytest.mark.parametrize("forged", [None, 5, {"a": 1}, ["x"], "x" * 1_000_000, " ", "\u2028", float("nan")])
def test_forged_searches_are_answered(big_key, forged):
    out = cb.search_origins(forged, forged, {"dataset": big_key})
    assert isinstance(out, list) and len(out) <= 2100 and "x" * 5000 not in repr(out)


def test_a_small_data_sets_pickers_are_searched_by_the_browser():
    for forged in (None, "East", 5, {"a": 1}, ["x"], "x" * 1_000_000):
        assert cb.search_origins(forged, forged, BOSTON) is no_update
        assert cb.search_removals(forged, forged, BOSTON) is no_update


def test_a_kind_of_one_says_which():
    options = ct.control_options(network.load())["origin"]
    labels = {o["value"]: o["label"] for o in options}
    assert labels["kind:school"] == "Any school (this data has one: East Boston High School)"
    assert labels["kind:immigration_enforcement"] == "Any immigration enforcement"  # two: no names


# --- in Spanish: the page, its callbacks and its scripts' words ----------------------------------------------------

def test_the_routes_heading_and_its_notices_speak_spanish():
    from network import i18n
    from network.viewstate import MAX_QUERY
    with i18n.speaking("es"):
        heading = cb.update_routes(open_link("?from=ebhs")["query"])["summary"]
        nothing = cb.update_routes(open_link("?from=")["query"])["summary"]
        too_long = open_link("?from=" + "x" * MAX_QUERY)["notice"]
    assert " desde " in heading and " hasta " in heading and "East Boston" in heading
    assert nothing == "Elija dónde empiezan los expedientes (una escuela, o cualquier escuela) para ver las rutas."
    assert too_long.startswith("Este enlace es más largo que cualquiera")
    assert cb.update_routes(open_link("?from=")["query"])["summary"].startswith("Pick where records start")


def test_the_routes_table_cards_and_about_panel_speak_spanish():
    from network import i18n
    from network.ui import route_cards
    with i18n.speaking("es"):
        rows = cb.update_routes(open_link("?from=ebhs")["query"])["rows"]
        about = cb.show_dataset(datasets.DEFAULT_KEY)["about"]
        cards, _more = route_cards.card_options(rows)
    whens = {r["key"]: r["when"] for r in rows}
    assert whens[ROUTE].startswith("cerrada") and "abierta hoy" in whens.values()
    assert next(r for r in rows if r["key"] == ROUTE)["closed"] is True  # the table's and cards' class: no words
    assert "Estados de la evidencia" in texts(about) and "Licencia" in texts(about)
    assert any("closed" in c["label"].className for c in cards if c["value"] == ROUTE)


@pytest.mark.parametrize("text", ["junio de 2016", "junio 2016", "1 de junio de 2016", "Junio del 2016", "jun. 2016",
                                  "1º de junio de 2016", "1 junio 2016"])
def test_the_date_field_reads_spanish_dates(text):
    from network import i18n
    assert ct.read_date(network.load(), text) == ("2016-06-01", "")
    with i18n.speaking("es"):
        assert ct.read_date(network.load(), text) == ("2016-06-01", "")
        assert ct.read_date(network.load(), "junio de 2030")[1] == (
            "1 de junio de 2030 está fuera de la cronología de estos datos, que va del 1 de enero de 2004 al 31 de "
            "diciembre de 2026.")


def test_the_spanish_page_gives_its_words_to_the_grid_the_map_and_the_scripts():
    from network import i18n
    from network.ui.page import build_layout
    with i18n.speaking("es"):
        page = build_layout(network.load(), datasets.DEFAULT_KEY)
    root = page.to_plotly_json()["props"]
    words = json.loads(root["data-words"])
    assert words["months"][5] == "junio" and words["firstOfMonth"] == "1 de {month} de {year}"
    assert words["trouble"].startswith("El servidor no respondió")
    grid = next(c for c in walk(page) if getattr(c, "id", None) == ids.ROUTES_GRID)
    assert grid.dashGridOptions["localeText"]["page"] == "Página"
    assert grid.dashGridOptions["localeText"]["noRowsToShow"] == "Ninguna ruta"
    graph = next(c for c in walk(page) if getattr(c, "id", None) == ids.MAP)
    assert graph.config["locale"] == "es" and graph.config["locales"]["es"]["dictionary"]["Zoom in"] == "Acercar"
    english = json.loads(build_layout(network.load(), datasets.DEFAULT_KEY).to_plotly_json()["props"]["data-words"])
    assert english["months"][5] == "June" and english["firstOfMonth"] == "1 {month} {year}"
