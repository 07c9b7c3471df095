"""Bad inputs as the explorer meets them: a data set the app cannot hold is refused before serving, one at the
edges of what it holds is served, ids that the route keys would split keep their routes, and an empty answer
says why. Plain function tests (no browser)."""

from __future__ import annotations

import subprocess
import sys

from test_bad_inputs import EXTREME

import network
from network.io import parse_file
from network.ui.app import create_app


def test_serve_refuses_a_year_9999_with_its_place_and_no_traceback(tmp_path):
    (tmp_path / "edges.csv").write_text("source,target,start\nbps,bpd,0001-01-01\n")
    result = subprocess.run([sys.executable, "-m", "network.cli", "serve", str(tmp_path)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "edges.csv:2:start: '0001-01-01' is outside the years this tool can hold (1900 to 2100)." in result.stderr


def test_the_explorer_serves_the_first_and_last_days(tmp_path):
    from network.ui.controls import date_marks, day_index, index_day, month_span

    for name, text in EXTREME.items():
        (tmp_path / name).write_text(text)
    assert create_app(tmp_path).layout is not None  # the controls, the map and the timeline, built at start
    ds = network.load(tmp_path)
    span = month_span(ds)
    assert span == 2101 * 12 + 11  # the slider stands at months: its last is December 2101
    assert index_day(ds, day_index(ds, "2100-12-31")) == "2100-12-01"
    assert index_day(ds, span + 10) == "2101-12-01" and index_day(ds, -5) == "1899-01-01"
    assert "1899" in date_marks(ds).values()


# --- an id holding ">" (what route keys are joined by) keeps its route selectable ------------------------------

ODD_IDS = b'source,target\nschool,a>b\na>b,50%\n50%,ice\nschool,x%3Ey\nx%3Ey,ice\n'


def test_a_route_through_an_id_holding_the_key_separator_can_be_selected():
    from network import trace
    from network.presentation import view_slides
    from network.ui.callbacks import map_selection
    from network.ui.views import route_detail, route_key, route_rows
    from network.viewstate import decode, encode, split_route, validate

    ds = parse_file("edges.csv", ODD_IDS)
    rs = trace(ds, origins="school", targets="ice")
    by_nodes = {r.nodes: r for r in rs.routes}
    assert set(by_nodes) == {("school", "a>b", "50%", "ice"), ("school", "x%3Ey", "ice")}
    for nodes, route in by_nodes.items():
        key = route_rows(rs)[rs.routes.index(route)]["key"]
        assert key == route_key(route) and split_route(key) == nodes  # the key the table gives comes back whole
        picked, _ = validate(ds, {"origins": ["school"], "targets": ["ice"], "route": key})
        state, notices = validate(ds, decode(encode(picked)))
        assert state.route == key and not notices  # through the address and back
        assert map_selection(ds, state, rs, []).selected == nodes  # lit on the map
        assert route.sentence in str(route_detail(ds, route))
        route_slides = [s for s in view_slides(ds, state) if s.kind == "route"]
        assert len(route_slides) == 1  # the slides show the selected route alone
    assert route_key(by_nodes[("school", "a>b", "50%", "ice")]) == "school>a%3Eb>50%25>ice"
    assert split_route("school>a>b") == ("school", "a", "b")  # a key written before ids were escaped reads as it did


# --- a query from an institution to itself says why it finds nothing ------------------------------------------

SELF = "ICE Enforcement and Removal Operations (ERO) is both where the records start and where they end: pick a " \
       "different end."


def test_the_routes_heading_says_why_a_query_to_itself_finds_nothing(boston):
    from network import trace
    from network.ui.views import routes_heading
    from network.viewstate import validate

    for as_of, said in (("", "0 routes from ICE Enforcement and Removal Operations (ERO) to ICE Enforcement and "
                              "Removal Operations (ERO) across all dates; 0 open today"),
                        ("2016-06", "0 routes from ICE Enforcement and Removal Operations (ERO) to ICE Enforcement "
                                    "and Removal Operations (ERO), on June 2016")):
        state, _ = validate(boston, {"origins": ["ice_ero"], "targets": ["ice_ero"], "as_of": [as_of]})
        rs = trace(boston, **state.trace_args())
        assert routes_heading(boston, state, rs) == f"{said}. {SELF}"
    two = parse_file("edges.csv", b"source,target\na,b\nc,d\n")
    both, _ = validate(two, {"origins": ["a", "c"], "targets": ["c", "a"]})
    assert routes_heading(two, both, trace(two, **both.trace_args())) == (
        "0 routes from a, c to c, a. a and c are both where the records start and where they end: pick a different "
        "end.")
    # no reason when the query does not explain the empty answer: an origin that is no target, or routes found
    other, _ = validate(boston, {"origins": ["ice_ero", "ebhs"], "targets": ["ice_ero"]})
    assert "both where" not in routes_heading(boston, other, trace(boston, **other.trace_args()))
    nowhere, _ = validate(boston, {"origins": ["ice_ero"], "targets": ["ebhs"]})
    assert "both where" not in routes_heading(boston, nowhere, trace(boston, **nowhere.trace_args()))


def test_entangle_paths_says_why_a_query_to_itself_finds_nothing(entangle):
    result = entangle("paths", "--from", "ice_ero", "--to", "ice_ero")
    assert result.returncode == 0
    assert result.stdout.splitlines()[0] == f"0 routes across all dates; 0 open today. {SELF}"
