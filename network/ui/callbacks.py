"""The callbacks: each reads its inputs, checks them (a client can post anything), calls one function of
``network`` and formats the result. Each is a plain function too, so tests call it directly.
"""

from __future__ import annotations

import html as html_text
import logging
from dataclasses import asdict, replace
from typing import Any

from dash import Input, Output, State, callback, clientside_callback, ctx, no_update

from ..citations import citation_text
from ..errors import NetworkDataError
from ..figures import MapSelection, network_figure, shown_nodes
from ..flowindex import make_filters
from ..model import Dataset
from ..viewstate import ViewState, decode, encode, validate
from . import datasets, ids, uploads
from .compute import levers_for, routes_for
from .page import dataset_options, day_index, index_day, month_span
from .views import about_panel, levers_panel, route_detail, route_key, route_rows, routes_context, routes_heading

__all__ = [
    "sync_state", "update_routes", "update_map", "show_route", "select_route", "restore_selection",
    "map_click", "reset_whatif", "copy_link", "timeline_click", "update_timeline", "update_links",
    "show_dataset",
]

log = logging.getLogger(__name__)
_TROUBLE = "Something went wrong while tracing routes; the previous view is kept. Please try another choice."


def _dataset(query: Any) -> Dataset:
    key = query.get("dataset") if isinstance(query, dict) else None
    return datasets.get(key if isinstance(key, str) else None)


def _state(ds: Dataset, query: Any, route: Any = "") -> ViewState:
    """A checked state from the query store (which a client can forge like any input)."""
    raw = dict(query) if isinstance(query, dict) else {}
    raw["route"] = route if isinstance(route, str) else ""
    state, _ = validate(ds, raw)
    return state


def _on(value: Any) -> bool:
    return isinstance(value, list) and "on" in value


@callback(
    Output(ids.URL, "search"),
    Output(ids.ORIGIN, "value"),
    Output(ids.TARGET, "value"),
    Output(ids.HOPS, "value"),
    Output(ids.STATUSES, "value"),
    Output(ids.RELATIONS, "value"),
    Output(ids.DATE_ON, "value"),
    Output(ids.DATE, "value"),
    Output(ids.WITHOUT, "value"),
    Output(ids.CONTEXT, "value"),
    Output(ids.SHOW_CUT, "value"),
    Output(ids.CLICK_MODE, "value"),
    Output(ids.QUERY_STORE, "data"),
    Output(ids.ROUTE_STORE, "data"),
    Output(ids.NOTICE, "children"),
    Output(ids.DATE_LABEL, "children"),
    Output(ids.DATASET_KEY, "data"),
    Output(ids.ORIGIN, "options"),
    Output(ids.TARGET, "options"),
    Output(ids.RELATIONS, "options"),
    Output(ids.WITHOUT, "options"),
    Output(ids.DATE, "max"),
    Output(ids.DATE, "marks"),
    Output(ids.CONTINUOUS, "value"),
    Input(ids.URL, "search"),
    Input(ids.ORIGIN, "value"),
    Input(ids.TARGET, "value"),
    Input(ids.HOPS, "value"),
    Input(ids.STATUSES, "value"),
    Input(ids.RELATIONS, "value"),
    Input(ids.DATE_ON, "value"),
    Input(ids.DATE, "value"),
    Input(ids.WITHOUT, "value"),
    Input(ids.CONTEXT, "value"),
    Input(ids.SHOW_CUT, "value"),
    Input(ids.CLICK_MODE, "value"),
    Input(ids.ROUTE_STORE, "data"),
    Input(ids.CONTINUOUS, "value"),
    State(ids.QUERY_STORE, "data"),
    State(ids.BROWSER_STORE, "data"),
)
def sync_state(search, origins, targets, hops, statuses, relations, date_on, date_index, without, context,
               show_cut, click_mode, route, continuous, query, browser):
    """Keep the URL and the controls in step: a new URL sets the controls, a control change sets the URL.

    A URL may name an uploaded data set (``data=``); it opens only in the browser that uploaded it. Also
    writes the checked query to the store the other callbacks read, and says what a link got wrong.
    """
    trigger = ctx.triggered_id
    if trigger is None or trigger == ids.URL:  # page load, or a link opened
        raw = decode(search if isinstance(search, str) else "")
        key, missing = resolve_upload(str(_first(raw.get("data")) or ""), browser)
        ds = datasets.get(key)
        if missing:
            state, notices = ViewState(), [missing]
        else:
            state, notices = validate(ds, raw)
        controls = [
            list(state.origins), list(state.targets), state.max_hops, list(state.statuses),
            list(state.relations), ["on"] if state.as_of else [],
            day_index(ds, state.as_of) if state.as_of else (month_span(ds)), list(state.without),
            ["on"] if state.context else [], ["on"] if state.show_cut else [], state.click_mode,
        ]
        changed = not isinstance(query, dict) or query.get("dataset") != key or trigger is None
        options = dataset_options(ds) if changed else [no_update] * 6
        return [no_update, *controls, _store(state, key), state.route, " ".join(notices), _date_label(state),
                key if changed else no_update, *options, ["on"] if state.continuous else []]
    key = query.get("dataset") if isinstance(query, dict) and isinstance(query.get("dataset"), str) else None
    ds = datasets.get(key)
    as_of = ""
    if _on(date_on) and isinstance(date_index, int | float):
        as_of = index_day(ds, int(date_index))
    raw = {"origins": origins, "targets": targets, "max_hops": hops, "statuses": statuses if statuses else [""],
           "relations": relations, "as_of": as_of, "without": without, "context": "1" if _on(context) else "0",
           "show_cut": "1" if _on(show_cut) else "0", "route": route if isinstance(route, str) else "",
           "click_mode": click_mode, "data": query.get("data", "") if isinstance(query, dict) else "",
           "continuous": "1" if _on(continuous) else "0"}
    state, notices = validate(ds, raw)
    if trigger != ids.ROUTE_STORE and state.query_part() != _state(ds, query).query_part():
        state = replace(state, route="")  # a new query: the old selection may be gone
    return [encode(state), *([no_update] * 11), _store(state, key),
            state.route if trigger != ids.ROUTE_STORE else no_update, " ".join(notices), _date_label(state),
            *([no_update] * 8)]


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def resolve_upload(public: str, browser: Any) -> tuple[str, str]:
    """The data set key for a link's ``data=`` id in this browser, and a message when it cannot be opened."""
    if not public:
        return datasets.DEFAULT_KEY, ""
    sets = browser.get("sets") if isinstance(browser, dict) else None
    entry = sets.get(public) if isinstance(sets, dict) else None
    secret = browser.get("secret") if isinstance(browser, dict) else None
    if isinstance(entry, dict) and isinstance(entry.get("hash"), str) and isinstance(secret, str):
        key = uploads.storage_key(secret, entry["hash"])
        if datasets.find(key) is not None:
            return key, ""
    return datasets.DEFAULT_KEY, (
        f"This link shows a data set that was uploaded in another browser (id {public}). Uploaded data stays "
        "with the browser that loaded it: load the same file here first (Your data, below the map), then open "
        "the link again. Meanwhile the bundled data set is shown.")


def _store(state: ViewState, key: Any) -> dict[str, Any]:
    data = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(state).items() if k != "route"}
    data["dataset"] = key if isinstance(key, str) else datasets.DEFAULT_KEY
    return data


def _date_label(state: ViewState) -> str:
    return f"Links open on {state.as_of}" if state.as_of else "Links of every date are shown"


@callback(
    Output(ids.ROUTES_SUMMARY, "children"),
    Output(ids.ROUTES_GRID, "rowData"),
    Output(ids.LEVERS, "children"),
    Output(ids.ROUTES_CONTEXT, "children"),
    Input(ids.QUERY_STORE, "data"),
)
def update_routes(query):
    """Trace the routes of the view; list them; compute what would cut them."""
    ds = _dataset(query)
    state = _state(ds, query)
    if not state.origins or not state.targets:
        missing = "where records start (a school, or any school)" if not state.origins else "where they end up"
        return f"Pick {missing} to see the routes.", [], levers_panel(ds, None), []
    try:
        rs = routes_for(ds, state)
    except NetworkDataError as err:
        return str(err), [], levers_panel(ds, None), []
    except Exception:  # a bug must not show a stack trace to a user
        log.exception("tracing routes failed")
        return _TROUBLE, no_update, no_update, no_update
    summary = routes_heading(ds, state, rs)
    try:
        lv = levers_for(ds, state)
        panel = levers_panel(ds, lv)
    except NetworkDataError as err:
        panel = levers_panel(ds, None, str(err))
    return summary, route_rows(rs), panel, routes_context(ds, rs)


@callback(
    Output(ids.MAP, "figure"),
    Output(ids.MAP_NOTE, "children"),
    Input(ids.QUERY_STORE, "data"),
    Input(ids.ROUTE_STORE, "data"),
)
def update_map(query, route):
    """Draw the map: routes lit, the selected route highlighted, removals crossed out, the cut marked."""
    ds = _dataset(query)
    state = _state(ds, query, route)
    try:
        rs = routes_for(ds, state)
        filters = state.filters(ds)
        cut = levers_for(ds, state).edge_cut_pairs if state.show_cut else []
        origins = {n for r in rs.routes for n in r.nodes[:1]}
        targets = {r.nodes[-1] for r in rs.routes}
    except NetworkDataError:
        rs, filters, cut, origins, targets = None, make_filters(ds), [], set(), set()
    except Exception:
        log.exception("drawing the map failed")
        return no_update, _TROUBLE
    closed = [r.nodes for r in rs.routes if not r.open_today] if rs and rs.over_all_dates else []
    sel = MapSelection.under(
        ds, filters, route_nodes=[r.nodes for r in rs.routes] if rs else [], closed_routes=closed,
        selected=tuple(state.route.split(">")) if state.route else (), cut_pairs=cut,
        origins=origins, targets=targets, show_context=state.context,
    )
    _, note = shown_nodes(ds, sel)
    return network_figure(ds, sel), note


@callback(Output(ids.ROUTE_DETAIL, "children"), Input(ids.ROUTE_STORE, "data"), Input(ids.QUERY_STORE, "data"))
def show_route(route, query):
    """The selected route's sentence and every hop's sources."""
    ds = _dataset(query)
    state = _state(ds, query, route)
    try:
        rs = routes_for(ds, state)
    except NetworkDataError:
        return route_detail(ds, None)
    chosen = next((r for r in rs.routes if route_key(r) == state.route), None)
    return route_detail(ds, chosen)


@callback(
    Output(ids.ROUTE_STORE, "data", allow_duplicate=True),
    Input(ids.ROUTES_GRID, "selectedRows"),
    State(ids.ROUTE_STORE, "data"),
    prevent_initial_call=True,
)
def select_route(rows, current):
    """A row picked in the table becomes the selected route."""
    key = rows[0].get("key", "") if isinstance(rows, list) and rows and isinstance(rows[0], dict) else ""
    key = key if isinstance(key, str) else ""
    return no_update if key == current or not key else key


@callback(
    Output(ids.ROUTES_GRID, "selectedRows"),
    Input(ids.ROUTE_STORE, "data"),
    Input(ids.ROUTES_GRID, "rowData"),
    State(ids.ROUTES_GRID, "selectedRows"),
)
def restore_selection(route, rows, selected):
    """Select in the table the route the URL names (after the rows arrive)."""
    if not isinstance(route, str) or not route or not isinstance(rows, list):
        return no_update
    current = selected[0].get("key") if isinstance(selected, list) and selected and isinstance(selected[0], dict) \
        else None
    if current == route:
        return no_update
    match = [r for r in rows if isinstance(r, dict) and r.get("key") == route]
    return match[:1] if match else no_update


@callback(
    Output(ids.ORIGIN, "value", allow_duplicate=True),
    Output(ids.TARGET, "value", allow_duplicate=True),
    Output(ids.WITHOUT, "value", allow_duplicate=True),
    Input(ids.MAP, "clickData"),
    State(ids.CLICK_MODE, "value"),
    State(ids.WITHOUT, "value"),
    prevent_initial_call=True,
)
def map_click(click, mode, without):
    """Clicking an institution makes it the origin or the target, or removes it; clicking a link removes it."""
    try:
        point = click["points"][0]
        item = point["customdata"]
    except (TypeError, KeyError, IndexError):
        return no_update, no_update, no_update
    if not isinstance(item, str) or ":" not in item:
        return no_update, no_update, no_update
    kind, _, ref = item.partition(":")
    ds = datasets.get()
    removed = [w for w in without if isinstance(w, str)] if isinstance(without, list) else []
    if kind == "link":
        ends = ref.split("->")
        if len(ends) != 2 or not all(e in ds.nodes for e in ends):
            return no_update, no_update, no_update
        return no_update, no_update, list(dict.fromkeys([*removed, ref])) if mode == "remove" else no_update
    if kind != "node" or ref not in ds.nodes:
        return no_update, no_update, no_update
    if mode == "target":
        return no_update, [ref], no_update
    if mode == "remove":
        return no_update, no_update, list(dict.fromkeys([*removed, ref]))
    return [ref], no_update, no_update


@callback(
    Output(ids.WITHOUT, "value", allow_duplicate=True),
    Input(ids.WITHOUT_RESET, "n_clicks"),
    prevent_initial_call=True,
)
def reset_whatif(_clicks):
    """One click restores every removed institution and link."""
    return []


@callback(Output(ids.COPY_LINK, "content"), Input(ids.COPY_LINK, "n_clicks"), State(ids.URL, "href"),
          prevent_initial_call=True)
def copy_link(_clicks, href):
    """The full address of this view, for the clipboard."""
    return href if isinstance(href, str) else ""


@callback(
    Output(ids.DATE, "value", allow_duplicate=True),
    Output(ids.DATE_ON, "value", allow_duplicate=True),
    Input(ids.TIMELINE, "clickData"),
    State(ids.QUERY_STORE, "data"),
    prevent_initial_call=True,
)
def timeline_click(click, query):
    """Clicking an event on the timeline shows the links open on its date."""
    try:
        date = click["points"][0]["x"]
    except (TypeError, KeyError, IndexError):
        return no_update, no_update
    if not isinstance(date, str):
        return no_update, no_update
    ds = _dataset(query)
    try:
        return day_index(ds, date[:10]), ["on"]
    except ValueError:
        return no_update, no_update


@callback(Output(ids.TIMELINE, "figure"), Input(ids.QUERY_STORE, "data"))
def update_timeline(query):
    """The events of the data set on a line, each with its title and sources on hover; the date chosen."""
    ds = _dataset(query)
    state = _state(ds, query)
    events = ds.events
    if not events:
        return {"data": [], "layout": {
            "height": 50, "margin": {"l": 10, "r": 10, "t": 10, "b": 10}, "xaxis": {"visible": False},
            "yaxis": {"visible": False}, "annotations": [{"text": "This data set has no dated events.",
                                                          "showarrow": False, "x": 0.5, "y": 0.5,
                                                          "xref": "paper", "yref": "paper"}]}}
    hover = []
    for ev in events:
        cites = "<br>".join("· " + html_text.escape(citation_text(ds, s)) for s in ev.sources[:3])
        hover.append(f"<b>{html_text.escape(ev.date)}</b> {html_text.escape(ev.title)}<br>{cites}")
    kinds = sorted({ev.kind for ev in events})
    levels = {k: i for i, k in enumerate(kinds)}
    fig: dict[str, Any] = {
        "data": [{
            "type": "scatter", "mode": "markers", "x": [ev.day.isoformat() for ev in events],
            "y": [levels[ev.kind] for ev in events], "text": hover, "hovertemplate": "%{text}<extra></extra>",
            "marker": {"size": 11, "color": "#0072B2", "symbol": "diamond", "line": {"color": "#fff", "width": 1}},
        }],
        "layout": {
            "height": 90 + 14 * len(kinds), "margin": {"l": 90, "r": 20, "t": 8, "b": 28},
            "xaxis": {"type": "date", "showgrid": False},
            "yaxis": {"tickvals": list(levels.values()), "ticktext": [html_text.escape(k) for k in kinds],
                      "range": [-0.8, len(kinds) - 0.2], "fixedrange": True},
            "plot_bgcolor": "#fafafa", "hovermode": "closest", "hoverlabel": {"align": "left"},
            "shapes": [], "uirevision": "timeline",
        },
    }
    if state.as_of:
        fig["layout"]["shapes"].append({"type": "line", "xref": "x", "yref": "paper", "x0": state.as_of,
                                        "x1": state.as_of, "y0": 0, "y1": 1,
                                        "line": {"color": "#D55E00", "width": 2}})
    return fig


_PAGES = {ids.LINK_PRESENT: "/present", ids.LINK_HANDOUT: "/handout", ids.LINK_HANDOUT_PDF: "/handout.pdf",
          ids.LINK_EXPORT_HTML: "/export.html"}


@callback(
    *[Output(form, "action") for form in _PAGES],
    *[Output(f"{form}-dataset", "value") for form in _PAGES],
    Input(ids.URL, "search"),
    Input(ids.QUERY_STORE, "data"),
)
def update_links(search, query):
    """The presentation, handout and export buttons carry the current view (re-encoded: never raw input) and,
    in the posted form only, the key of an uploaded data set."""
    ds = _dataset(query)
    state, _ = validate(ds, decode(search if isinstance(search, str) else ""))
    view = encode(state)
    key = query.get("dataset") if isinstance(query, dict) and uploads.is_storage_key(query.get("dataset")) else ""
    return [*(f"{path}{view}" for path in _PAGES.values()), *([key] * len(_PAGES))]


# The SVG is drawn by plotly.js in the browser, from the map on screen, at presentation size.
clientside_callback(
    """
    function (clicks) {
        var plot = document.querySelector('#map-graph .js-plotly-plot');
        if (clicks && plot && window.Plotly) {
            window.Plotly.downloadImage(plot, {format: 'svg', filename: 'entanglement-map', width: 1600, height: 900});
        }
        return 'Download the map as an SVG picture';
    }
    """,
    Output(ids.SVG_BUTTON, "title"),
    Input(ids.SVG_BUTTON, "n_clicks"),
    prevent_initial_call=True,
)


@callback(Output(ids.DATASET_TITLE, "children"), Output(ids.ABOUT, "children"), Input(ids.DATASET_KEY, "data"))
def show_dataset(key):
    """The title and the 'About this data' panel of the data set on screen."""
    ds = datasets.get(key if isinstance(key, str) else None)
    title = ds.title if isinstance(key, str) and key == datasets.DEFAULT_KEY else f"Your data: {ds.title}"
    return title, about_panel(ds)
