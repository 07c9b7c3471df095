"""The callbacks that show a view: routes, map, route detail, timeline, page buttons, the data set's title; and
the clicks on the map and the timeline. Each reads its inputs by name, checks them (a client can post anything),
calls one function of ``network`` and formats the result; each is a plain function too, so tests call it
directly. Keeping the address, the stores and the controls in step is ``address``'s work.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from dash import ClientsideFunction, Input, Output, State, callback, clientside_callback, no_update

from .. import i18n
from ..aggregate import groups_of, is_big
from ..errors import NetworkDataError
from ..figures import MapSelection, network_figure, timeline_figure
from ..i18n import N_, _
from ..model import Dataset
from ..routes import RouteSet
from ..story import bundled_story
from ..viewstate import MAX_QUERY, ViewState, decode, encode, split_route, validate
from . import datasets, ids, uploads
from .address import date_changes
from .compute import levers_for, routes_for
from .controls import read_date, search_options
from .stores import dataset_key, dataset_of, view_of
from .views import about_panel, levers_panel, route_detail, route_key, route_rows, routes_context, routes_heading

__all__ = ["update_routes", "update_map", "show_route", "map_click", "reset_whatif", "copy_link", "timeline_click",
           "update_timeline", "update_links", "show_dataset", "map_selection", "clicked", "click_changes",
           "find_options", "search_origins", "search_targets", "search_removals"]

log = logging.getLogger(__name__)
_MAX_REMOVED, _MAX_REF = 50, 1000  # no more removals than a link keeps, and none longer than a link of two ids
_TROUBLE = N_("Something went wrong while tracing routes; the previous view is kept. Please try another choice.")


@callback(
    output=dict(summary=Output(ids.ROUTES_SUMMARY, "children"), rows=Output(ids.ROUTES_GRID, "rowData"),
                levers=Output(ids.LEVERS, "children"), context=Output(ids.ROUTES_CONTEXT, "children")),
    inputs=dict(query=Input(ids.QUERY_STORE, "data")),
)
def update_routes(query: Any) -> dict[str, Any]:
    """Trace the routes of the view; list them; compute what would cut them."""
    ds = dataset_of(query)
    state = view_of(ds, query)
    if not state.origins or not state.targets:
        summary = _("Pick where records start (a school, or any school) to see the routes.") if not state.origins \
            else _("Pick where they end up to see the routes.")
        return {"summary": summary, "rows": [], "levers": levers_panel(ds, None),
                "context": []}
    try:
        rs = routes_for(ds, state)
    except NetworkDataError as err:
        return {"summary": str(err), "rows": [], "levers": levers_panel(ds, None), "context": []}
    except Exception:  # a bug must not show a stack trace to a user
        log.exception("tracing routes failed")
        return {"summary": _(_TROUBLE), "rows": no_update, "levers": no_update, "context": no_update}
    try:
        panel = levers_panel(ds, levers_for(ds, state))
    except NetworkDataError as err:
        panel = levers_panel(ds, None, str(err))
    return {"summary": routes_heading(ds, state, rs), "rows": route_rows(rs), "levers": panel,
            "context": routes_context(ds, rs)}


def map_selection(ds: Dataset, state: ViewState, rs: RouteSet | None, cut: list[tuple[str, str]]) -> MapSelection:
    """What the map highlights for a view: its routes (closed ones faint), the selected route when it is one of
    them (as the table and the route detail show it), removals, the cut."""
    routes = rs.routes if rs else []
    selected = split_route(state.route)
    choices: dict[str, Any] = dict(
        route_nodes=[r.nodes for r in routes], selected=selected if any(r.nodes == selected for r in routes) else (),
        closed_routes=[r.nodes for r in routes if not r.open_today] if rs and rs.over_all_dates else [],
        cut_pairs=cut, origins={n for r in routes for n in r.nodes[:1]}, targets={r.nodes[-1] for r in routes},
        show_context=state.context)
    # with no routes (the view could not be traced), nothing is shown as removed or closed
    return MapSelection.under(ds, state.filters(ds), **choices) if rs else MapSelection(**choices)


@callback(
    output=dict(figure=Output(ids.MAP, "figure"), note=Output(ids.MAP_NOTE, "children")),
    inputs=dict(query=Input(ids.QUERY_STORE, "data"), route=Input(ids.ROUTE_STORE, "data"),
                opened=Input(ids.MAP_OPEN, "data")),
)
def update_map(query: Any, route: Any, opened: Any = "") -> dict[str, Any]:
    """Draw the map: routes lit, the selected route highlighted, removals crossed out, the cut marked; a big data
    set's as groups, with the group ``opened`` (checked: a key the data set's groups have, else none) open. The
    note above the map says what it shows (the figure itself has no title: the note is said once)."""
    ds = dataset_of(query)
    state = view_of(ds, query, route)
    try:
        rs: RouteSet | None = routes_for(ds, state)
        cut = levers_for(ds, state).edge_cut_pairs if state.show_cut else []
    except NetworkDataError:
        rs, cut = None, []
    except Exception:
        log.exception("drawing the map failed")
        return {"figure": no_update, "note": _(_TROUBLE)}
    sel = map_selection(ds, state, rs, cut)
    figure = network_figure(ds, sel, opened=opened if isinstance(opened, str) else None)
    return {"figure": figure, "note": figure["layout"]["meta"].get("note", "")}


@callback(Output(ids.ROUTE_DETAIL, "children"),
          inputs=dict(route=Input(ids.ROUTE_STORE, "data"), query=Input(ids.QUERY_STORE, "data")))
def show_route(route: Any, query: Any) -> list[Any]:
    """The selected route's sentence and every hop's sources."""
    ds = dataset_of(query)
    state = view_of(ds, query, route)
    try:
        rs = routes_for(ds, state)
    except NetworkDataError:
        return route_detail(ds, None)
    return route_detail(ds, next((r for r in rs.routes if route_key(r) == state.route), None))


def clicked(click: Any) -> tuple[str, str] | None:
    """What a click on the map hit: ('node', id), ('link', 'a->b') or ('group', key) (a group of an aggregated map;
    the keyboard's Enter posts it as 'node:group:key'), from the point's customdata; else None."""
    try:
        item = click["points"][0]["customdata"]
    except (TypeError, KeyError, IndexError):
        return None
    if not isinstance(item, str) or ":" not in item:
        return None
    kind, _sep, ref = item.partition(":")
    if kind == "node" and ref.startswith("group:"):
        kind, _sep, ref = ref.partition(":")
    return (kind, ref) if kind in ("node", "link", "group") else None


def click_changes(ds: Dataset, kind: str, ref: str, mode: Any, without: Any) -> dict[str, Any]:
    """The controls a click on an institution or a link of ``ds`` changes, in a click mode."""
    unchanged = {"origin": no_update, "target": no_update, "without": no_update}
    ends = ref.split("->")
    known = all(e in ds.nodes for e in ends) and len(ends) == 2 if kind == "link" else ref in ds.nodes
    if not known or (kind == "link" and mode != "remove"):
        return unchanged
    if mode == "remove":  # what was removed already: text, and no more than a link keeps
        removed = [w for w in without[:_MAX_REMOVED] if isinstance(w, str) and len(w) <= _MAX_REF] \
            if isinstance(without, list) else []
        return unchanged | {"without": list(dict.fromkeys([*removed, ref]))}
    return unchanged | ({"target": [ref]} if mode == "target" else {"origin": [ref]})


@callback(
    output=dict(origin=Output(ids.ORIGIN, "value", allow_duplicate=True),
                target=Output(ids.TARGET, "value", allow_duplicate=True),
                without=Output(ids.WITHOUT, "value", allow_duplicate=True),
                opened=Output(ids.MAP_OPEN, "data")),
    inputs=dict(click=Input(ids.MAP, "clickData"), mode=State(ids.CLICK_MODE, "value"),
                without=State(ids.WITHOUT, "value"), query=State(ids.QUERY_STORE, "data"),
                opened=State(ids.MAP_OPEN, "data")),
    prevent_initial_call=True,
)
def map_click(click: Any, mode: Any, without: Any, query: Any, opened: Any = "") -> dict[str, Any]:
    """Clicking an institution of the data set on screen makes it the origin or the target, or removes it;
    clicking a link removes it; clicking a group of an aggregated map opens it (and the open one, closes it)."""
    hit = clicked(click)
    unchanged = {"origin": no_update, "target": no_update, "without": no_update, "opened": no_update}
    if hit is None:
        return unchanged
    ds = dataset_of(query)
    if hit[0] == "group":
        group = groups_of(ds).find(hit[1]) if is_big(ds) else None
        return unchanged if group is None else unchanged | {"opened": "" if opened == group.key else group.key}
    return click_changes(ds, *hit, mode, without) | {"opened": no_update}


@callback(Output(ids.WITHOUT, "value", allow_duplicate=True), Input(ids.WITHOUT_RESET, "n_clicks"),
          prevent_initial_call=True)
def reset_whatif(_clicks: Any) -> list[str]:
    """One click restores every removed institution and link."""
    return []


def find_options(picker: str, search: Any, value: Any, query: Any) -> Any:
    """What a picker of a big data set offers: the choices a typed word finds (checked: text, cut to a length),
    else its first choices; the choices made always among them (a picker drops a value it has no option for).
    ``no_update`` where the picker holds every choice and the browser searches them."""
    found = search_options(dataset_of(query), picker, search, value)
    return no_update if found is None else found


@callback(Output(ids.ORIGIN, "options", allow_duplicate=True),
          inputs=dict(search=Input(ids.ORIGIN, "search_value"), value=Input(ids.ORIGIN, "value"),
                      query=State(ids.QUERY_STORE, "data")), prevent_initial_call=True)
def search_origins(search: Any, value: Any, query: Any) -> Any:
    """The origin picker searches every institution of a big data set."""
    return find_options("origin", search, value, query)


@callback(Output(ids.TARGET, "options", allow_duplicate=True),
          inputs=dict(search=Input(ids.TARGET, "search_value"), value=Input(ids.TARGET, "value"),
                      query=State(ids.QUERY_STORE, "data")), prevent_initial_call=True)
def search_targets(search: Any, value: Any, query: Any) -> Any:
    """The target picker searches every institution of a big data set."""
    return find_options("target", search, value, query)


@callback(Output(ids.WITHOUT, "options", allow_duplicate=True),
          inputs=dict(search=Input(ids.WITHOUT, "search_value"), value=Input(ids.WITHOUT, "value"),
                      query=State(ids.QUERY_STORE, "data")), prevent_initial_call=True)
def search_removals(search: Any, value: Any, query: Any) -> Any:
    """The 'what if these were gone' picker searches every institution and link of a big data set."""
    return find_options("without", search, value, query)


@callback(Output(ids.COPY_LINK, "content"),
          inputs=dict(_clicks=Input(ids.COPY_LINK, "n_clicks"), href=State(ids.URL, "href"),
                      search=State(ids.URL, "search")),
          prevent_initial_call=True)
def copy_link(_clicks: Any, href: Any, search: Any = None) -> str:
    """The full address of this view, for the clipboard (the address bar's query: ``href`` is the page's first).

    Only a web address, and only as long as an address the explorer writes; anything else copies nothing."""
    if not isinstance(href, str) or len(href) > MAX_QUERY or not href.startswith(("http://", "https://")):
        return ""
    if not isinstance(search, str):
        return href
    return href.split("#")[0].split("?")[0] + search if len(search) <= MAX_QUERY and search[:1] in ("", "?") else ""


@callback(
    output=dict(query=Output(ids.QUERY_STORE, "data", allow_duplicate=True),
                route=Output(ids.ROUTE_STORE, "data", allow_duplicate=True),
                search=Output(ids.URL, "search", allow_duplicate=True),
                opened=Output(ids.VIEW_OPENED, "data", allow_duplicate=True)),
    inputs=dict(click=Input(ids.TIMELINE, "clickData"), query=State(ids.QUERY_STORE, "data"),
                route=State(ids.ROUTE_STORE, "data")),
    prevent_initial_call=True,
)
def timeline_click(click: Any, query: Any, route: Any = "") -> dict[str, Any]:
    """Clicking an event on the timeline shows the links open on its day (the day itself: the slider stands at
    its month)."""
    unchanged = {"query": no_update, "route": no_update, "search": no_update, "opened": no_update}
    try:
        date = click["points"][0]["x"]
    except (TypeError, KeyError, IndexError):  # not a click on an event
        return unchanged
    if not isinstance(date, str):
        return unchanged
    day, message = read_date(dataset_of(query), date[:10])
    return unchanged if message or not day else date_changes(query, route, day)


@callback(Output(ids.TIMELINE, "figure"), inputs=dict(query=Input(ids.QUERY_STORE, "data")))
def update_timeline(query: Any) -> dict[str, Any]:
    """The events of the data set on a line, each with its title and sources on hover; the date chosen."""
    ds = dataset_of(query)
    return timeline_figure(ds, view_of(ds, query).as_of)


_PAGES = {ids.LINK_PRESENT: "/present", ids.LINK_HANDOUT: "/handout", ids.LINK_HANDOUT_PDF: "/handout.pdf",
          ids.LINK_EXPORT_HTML: "/export.html"}


@callback(
    output=dict(action={form: Output(form, "action") for form in _PAGES},
                dataset={form: Output(ids.FORM_DATASET[form], "value") for form in _PAGES},
                language=Output(ids.LANGUAGE_SWITCH, "href"),
                story=Output(ids.LINK_STORY, "href"), no_story=Output(ids.LINK_STORY, "hidden")),
    inputs=dict(search=Input(ids.URL, "search"), query=Input(ids.QUERY_STORE, "data")),
)
def update_links(search: Any, query: Any) -> dict[str, Any]:
    """The presentation, handout and export buttons carry the current view (re-encoded: never raw input) and,
    in the posted form only, the key of an uploaded data set. The story's slides leave to this view too; with an
    upload on screen there is no Story: the served data set's story is not about the upload's data."""
    ds = dataset_of(query)
    state, _ = validate(ds, decode(search if isinstance(search, str) and len(search) <= MAX_QUERY else ""))
    key = dataset_key(query) if uploads.is_storage_key(dataset_key(query)) else ""
    other = next(code for code in i18n.LANGUAGES if code != i18n.language())
    return {"action": {form: f"{path}{encode(state)}" for form, path in _PAGES.items()},
            "dataset": dict.fromkeys(_PAGES, key), "language": encode(replace(state, lang=other)) or "?",
            "story": f"/present/story{encode(state)}", "no_story": bool(key) or bundled_story(ds) is None}


# The SVG is drawn by plotly.js in the browser (assets/explorer.js), from the map on screen, at presentation size.
clientside_callback(
    ClientsideFunction(namespace="explorer", function_name="downloadSvg"),
    Output(ids.SVG_BUTTON, "title"),
    Input(ids.SVG_BUTTON, "n_clicks"),
    State(ids.MAP, "id"),
    prevent_initial_call=True,
)


@callback(output=dict(title=Output(ids.DATASET_TITLE, "children"), about=Output(ids.ABOUT, "children")),
          inputs=dict(key=Input(ids.DATASET_KEY, "data")))
def show_dataset(key: Any) -> dict[str, Any]:
    """The title and the 'About this data' panel of the data set on screen."""
    found = datasets.find(key) if isinstance(key, str) and key else None
    ds = found or datasets.get()  # a key this server does not know shows the served data set, as such
    uploaded = found is not None and key != datasets.DEFAULT_KEY
    title = _("Your data: {title}").format(title=ds.title) if uploaded else ds.title
    return {"title": title, "about": about_panel(ds)}
