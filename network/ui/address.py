"""The view, kept in step between the address, the stores and the controls, in three steps:

- ``open_address`` (address → state): a link opened (the page loaded, a step back or forward, an upload, the
  bundled data set again) becomes the checked view in the query store, with a notice for what it got wrong;
- ``set_controls`` (state → controls): every control then shows that view (and a new data set's choices);
- ``read_controls`` (controls → address): a control changed, so the view it shows becomes the checked view and
  the address says it (only what differs from the default).

Dash allows a loop of callbacks only within one callback, and these three make none: a link reaches
``open_address`` through the address store (written by an upload, by "back to the bundled data", and by
``assets/explorer.js`` on a back or forward step), never through the address that ``read_controls`` writes. When
``set_controls`` sets the controls, ``read_controls`` finds they show the view already and changes nothing.
``sync_selection`` keeps the routes table and the selected route in step, and sends a picked route to the
address: a route is selected only while it is among the view's routes (a link naming another says so), and the
table's selected row is always the selected route's (none when there is none).

A date typed in the date field (``type_date``) or clicked on the timeline keeps its day: it opens as a link's
view does (``date_changes``: the query store, the address, and the view for ``set_controls`` to show, the slider
at its month). Each callback is a plain function too, so tests call it by name and read its outputs by name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from dash import Input, Output, State, callback, ctx, no_update

from ..errors import NetworkDataError
from ..i18n import N_, _, ngettext
from ..model import Dataset, parse_date
from ..timing import date_words
from ..viewstate import MAX_QUERY, ViewState, decode, encode, join_route, split_route, validate
from . import datasets, ids, uploads
from .compute import routes_for
from .controls import CONTROLS, OPTIONS, control_options, control_values, read_date, shown_view, view_of_controls
from .language import chosen_in
from .stores import dataset_key, dataset_of, query_data, view_of

__all__ = ["open_address", "set_controls", "read_controls", "show_date", "show_date_text", "type_date",
           "date_changes", "sync_selection", "read_address", "resolve_upload", "select_route", "restore_selection",
           "route_in_view", "route_absence"]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


#: What the view says of an address longer than any the explorer writes.
TOO_LONG = N_("This link is longer than any the explorer writes, so it was not read; the default view is shown.")


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def resolve_upload(public: str, browser: Any) -> tuple[str, str]:
    """The data set key for a link's ``data=`` id in this browser, and a message when it cannot be opened."""
    if not public or not re.fullmatch(r"[0-9a-f]{16}", public):  # no id, or none of ours (``validate`` says so)
        return datasets.DEFAULT_KEY, ""
    sets = browser.get("sets") if isinstance(browser, dict) else None
    entry = sets.get(public) if isinstance(sets, dict) else None
    secret = browser.get("secret") if isinstance(browser, dict) else None
    if isinstance(entry, dict) and isinstance(entry.get("hash"), str) and isinstance(secret, str):
        key = uploads.storage_key(secret, entry["hash"])
        if datasets.find(key) is not None:
            return key, ""
    return datasets.DEFAULT_KEY, _(
        "This link shows a data set that was uploaded in another browser (id {id}). Uploaded data stays with the "
        "browser that loaded it: load the same file here first (Your data, below the map), then open the link "
        "again. Meanwhile the bundled data set is shown.").format(id=public)


def read_address(search: str, browser: Any) -> tuple[str, ViewState, list[str]]:
    """The data set key, the checked view and the notices of an address (its query string) in this browser.

    A link may name an uploaded data set (``data=``); it opens only in the browser that uploaded it.
    """
    if len(search) > MAX_QUERY:
        return datasets.DEFAULT_KEY, ViewState(), [_(TOO_LONG)]
    raw = decode(search)
    key, missing = resolve_upload(str(_first(raw.get("data")) or ""), browser)
    if missing:
        return key, ViewState(), [missing]
    ds = datasets.get(key)
    state, notices = validate(ds, raw)
    if state.route and not route_in_view(ds, state):
        notices.append(_("The route in this link is not among the routes of this view ({why}); nothing is "
                         "selected.").format(why=route_absence(ds, state)))
        state = replace(state, route="")
    return key, state, notices


def route_in_view(ds: Dataset, state: ViewState) -> bool:
    """Whether the view's selected route is one of its routes (the table lists it, the map may light it)."""
    try:
        rs = routes_for(ds, state)
    except NetworkDataError:
        return False
    return any(join_route(r.nodes) == state.route for r in rs.routes)


def route_absence(ds: Dataset, state: ViewState) -> str:
    """Why the view's selected route is not among its routes, in a few words: 'closed on 19 December 2019', 'it
    passes through BRIC, removed in this view', 'filtered out by ...'."""
    nodes = split_route(state.route)
    if not state.origins or not state.targets:
        return _("this view has no origin or no target")
    if state.as_of:
        try:
            every = routes_for(ds, replace(state, as_of=""))
        except NetworkDataError:
            every = None
        found = next((r for r in every.routes if r.nodes == nodes), None) if every else None
        day = parse_date(state.as_of)
        if found is not None and day is not None:
            w = found.window
            if w.last is not None and w.last < day.toordinal() and w.last_text:
                # Translators: why a route is not in a dated view: 'closed on 19 December 2019' (a day)
                return (_("closed on {date}") if len(w.last_text) == 10 else
                        # Translators: 'closed in December 2019', 'closed in 2019' (a month or a year)
                        _("closed in {date}")).format(date=date_words(w.last_text))
            if w.first is not None and w.first > day.toordinal() and w.first_text:
                return _("open only from {date}").format(date=date_words(w.first_text))
            return _("not open on {date}").format(date=date_words(state.as_of))

    def end(node: str, refs: tuple[str, ...]) -> bool:
        return node in refs or f"kind:{ds.nodes[node].kind}" in refs

    if len(nodes) < 2 or not (end(nodes[0], state.origins) and end(nodes[-1], state.targets)):
        return _("it does not run from this view's origin to its target")
    removed = [n for n in nodes if n in state.without] + \
        [b for a, b in zip(nodes, nodes[1:], strict=False) if f"{a}->{b}" in state.without]
    if removed:
        return _("it passes through {name}, removed in this view").format(name=ds.label(removed[0]))
    if len(nodes) - 1 > state.max_hops:
        return ngettext("it is longer than {n} link", "it is longer than {n} links", state.max_hops).format(
            n=state.max_hops)
    return _("filtered out by the evidence, kinds of flow or continuity this view admits")


@callback(
    output=dict(query=Output(ids.QUERY_STORE, "data"), route=Output(ids.ROUTE_STORE, "data"),
                notice=Output(ids.NOTICE, "children"), dataset=Output(ids.DATASET_KEY, "data"),
                opened=Output(ids.VIEW_OPENED, "data"), search=Output(ids.URL, "search")),
    inputs=dict(address=Input(ids.ADDRESS, "data"), search=State(ids.URL, "search"),
                browser=State(ids.BROWSER_STORE, "data"), query=State(ids.QUERY_STORE, "data")),
)
def open_address(address: Any, search: Any, browser: Any, query: Any) -> dict[str, Any]:
    """Address → state: the address opened (the page's own when it loads) becomes the checked view.

    The address bar is left as it is, but for an upload or the bundled data set again, whose address it shows.
    """
    link = _text(search) if ctx.triggered_id is None else _text(address)
    spoken = chosen_in(_text(search))
    if ctx.triggered_id is not None and spoken and not chosen_in(link):  # an upload's address: the page's language
        link = f"{link}{'&' if link.startswith('?') else '?'}lang={spoken}"
    key, state, notices = read_address(link, browser)
    fresh = ctx.triggered_id is None or dataset_key(query) != key
    data = query_data(state, key)
    shown = link if len(link) <= MAX_QUERY else encode(state)  # an address too long to read is not shown
    return {"query": data, "route": state.route, "notice": " ".join(notices),
            "dataset": key if fresh else no_update, "opened": {"query": data, "fresh": fresh},
            "search": no_update if shown == _text(search) else shown}


@callback(
    output=dict(controls={name: Output(cid, "value") for name, cid in CONTROLS.items()},
                options={name: Output(cid, prop) for name, (cid, prop) in OPTIONS.items()}),
    inputs=dict(opened=Input(ids.VIEW_OPENED, "data")),
    prevent_initial_call=True,
)
def set_controls(opened: Any) -> dict[str, Any]:
    """State → controls: every control shows the view a link opened; a new data set brings its own choices."""
    opened = opened if isinstance(opened, dict) else {}
    ds = dataset_of(opened.get("query"))
    state = view_of(ds, opened.get("query"))
    options = control_options(ds, state) if opened.get("fresh") is True else dict.fromkeys(OPTIONS, no_update)
    return {"controls": control_values(ds, state), "options": options}


@callback(
    output=dict(query=Output(ids.QUERY_STORE, "data", allow_duplicate=True),
                route=Output(ids.ROUTE_STORE, "data", allow_duplicate=True),
                notice=Output(ids.NOTICE, "children", allow_duplicate=True),
                search=Output(ids.URL, "search", allow_duplicate=True)),
    inputs=dict(controls={name: Input(cid, "value") for name, cid in CONTROLS.items()},
                query=State(ids.QUERY_STORE, "data"), route=State(ids.ROUTE_STORE, "data")),
    prevent_initial_call=True,
)
def read_controls(controls: Any, query: Any, route: Any) -> dict[str, Any]:
    """Controls → address: the view the controls show becomes the checked view and the address.

    A new query drops the selected route (it may be gone); controls that show the view already change nothing.
    """
    ds = dataset_of(query)
    before = view_of(ds, query, route)
    state, notices = view_of_controls(ds, controls, before.data)
    state = replace(state, lang=before.lang)  # the language is no control: the reader's choice stays
    shown = shown_view(ds, before)
    if state == shown:
        return dict.fromkeys(("query", "route", "notice", "search"), no_update)
    if state.query_part() == shown.query_part():
        state = replace(state, route=before.route)
    return {"query": query_data(state, dataset_key(query)), "route": state.route if state.route != before.route
            else no_update, "notice": " ".join(notices), "search": encode(state)}


@callback(Output(ids.DATE_LABEL, "children"), Input(ids.QUERY_STORE, "data"))
def show_date(query: Any) -> str:
    """Which links the map shows: those open on the chosen date, or those of every date."""
    state = view_of(dataset_of(query), query)
    return _("Links open on {date}").format(date=state.as_of) if state.as_of else _("Links of every date are shown")


@callback(output=dict(text=Output(ids.DATE_TEXT, "value"),
                      message=Output(ids.DATE_MESSAGE, "children", allow_duplicate=True)),
          inputs=dict(query=Input(ids.QUERY_STORE, "data")), prevent_initial_call=True)
def show_date_text(query: Any) -> dict[str, str]:
    """The date field says the view's date in words ('1 June 2016'; empty for every date); a new view clears
    what the field said of a date it could not use."""
    state = view_of(dataset_of(query), query)
    return {"text": date_words(state.as_of) if state.as_of else "", "message": ""}


_UNCHANGED_VIEW = ("query", "route", "search", "opened")


def date_changes(query: Any, route: Any, day: str) -> dict[str, Any]:
    """A view at another date (``day``: YYYY-MM-DD, or "" for every date), as a link would open it: the query
    store, the address, no selected route (the routes change), and the view for the controls to show (the slider
    at its month: the view keeps the day). Nothing changes for the same day."""
    ds = dataset_of(query)
    before = view_of(ds, query, route)
    if parse_date(before.as_of) == parse_date(day):
        return dict.fromkeys(_UNCHANGED_VIEW, no_update)
    state = replace(before, as_of=day, route="")
    data = query_data(state, dataset_key(query))
    return {"query": data, "route": "" if before.route else no_update, "search": encode(state),
            "opened": {"query": data, "fresh": False}}


@callback(
    output=dict(query=Output(ids.QUERY_STORE, "data", allow_duplicate=True),
                route=Output(ids.ROUTE_STORE, "data", allow_duplicate=True),
                search=Output(ids.URL, "search", allow_duplicate=True),
                opened=Output(ids.VIEW_OPENED, "data", allow_duplicate=True),
                message=Output(ids.DATE_MESSAGE, "children")),
    inputs=dict(_submit=Input(ids.DATE_TEXT, "n_submit"), _blur=Input(ids.DATE_TEXT, "n_blur"),
                text=State(ids.DATE_TEXT, "value"), query=State(ids.QUERY_STORE, "data"),
                route=State(ids.ROUTE_STORE, "data")),
    prevent_initial_call=True,
)
def type_date(_submit: Any, _blur: Any, text: Any, query: Any, route: Any) -> dict[str, Any]:
    """A date typed in the date field (Enter, or leaving the field) becomes the view's date; an empty field shows
    links of every date; a text that is no date the field reads, or a date outside the data's timeline, is said
    beside it and changes nothing."""
    unchanged = dict.fromkeys(_UNCHANGED_VIEW, no_update)
    if not isinstance(text, str):
        return unchanged | {"message": no_update}
    day, message = read_date(dataset_of(query), text)
    if message:
        return unchanged | {"message": message}
    return date_changes(query, route, day) | {"message": ""}


def select_route(rows: Any, current: Any) -> Any:
    """The route of the row picked in the table (``no_update`` when none, or the same one)."""
    key = rows[0].get("key", "") if isinstance(rows, list) and rows and isinstance(rows[0], dict) else ""
    key = key if isinstance(key, str) else ""
    return no_update if key == current or not key else key


#: The fields of a row of the routes table (``views.route_rows``): a row the table gets back has only these.
_ROW_FIELDS = ("key", "rank", "length", "strength", "evidence", "possible", "when", "closed", "route")
_MAX_CELL = 4000


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k in _ROW_FIELDS if isinstance(v := row.get(k), str | int | float) and len(str(v)) <= _MAX_CELL}


def _key_of(selected: Any) -> str:
    row = selected[0] if isinstance(selected, list) and selected else None
    key = row.get("key") if isinstance(row, dict) else None
    return key if isinstance(key, str) else ""


def restore_selection(route: Any, rows: Any, selected: Any) -> Any:
    """The table's selection for the selected route: its row once the rows have arrived, and none when no route
    is selected or the table has no row for it (``no_update`` when the table shows that already)."""
    if not isinstance(rows, list):
        return no_update
    route = route if isinstance(route, str) else ""
    match = [_row(r) for r in rows if isinstance(r, dict) and r.get("key") == route] if route else []
    if match:
        return no_update if _key_of(selected) == route else match[:1]
    return [] if isinstance(selected, list) and selected else no_update


@callback(
    output=dict(route=Output(ids.ROUTE_STORE, "data", allow_duplicate=True),
                search=Output(ids.URL, "search", allow_duplicate=True),
                selected=Output(ids.ROUTES_GRID, "selectedRows")),
    inputs=dict(selected=Input(ids.ROUTES_GRID, "selectedRows"), route=Input(ids.ROUTE_STORE, "data"),
                rows=Input(ids.ROUTES_GRID, "rowData"), query=State(ids.QUERY_STORE, "data")),
    prevent_initial_call=True,
)
def sync_selection(selected: Any, route: Any, rows: Any, query: Any) -> dict[str, Any]:
    """The table and the selected route agree: a row picked becomes the route, which goes to the address; the
    selected route's row is selected in the table once it arrives, and no row is while no route is selected.

    New rows without the selected route's row drop the route when it is not among the view's routes (rows of an
    earlier view arriving late do not); a picked row that is none of the view's routes changes nothing."""
    unchanged = {"route": no_update, "search": no_update, "selected": no_update}
    ds = dataset_of(query)
    if f"{ids.ROUTES_GRID}.selectedRows" not in ctx.triggered_prop_ids:
        current = route if isinstance(route, str) else ""
        keys = {k for r in rows if isinstance(r, dict) and isinstance(k := r.get("key"), str)} \
            if isinstance(rows, list) else set()
        if current and current not in keys and f"{ids.ROUTES_GRID}.rowData" in ctx.triggered_prop_ids:
            state = view_of(ds, query, current)
            if not state.route or not route_in_view(ds, state):
                return {"route": "", "search": encode(replace(state, route="")),
                        "selected": restore_selection("", rows, selected)}
        return unchanged | {"selected": restore_selection(current, rows, selected)}
    key = select_route(selected, route)
    if key is no_update:
        return unchanged
    state = view_of(ds, query, key)  # a route of the data set on screen, or none
    if state.route == route:
        return unchanged
    if not state.route or not route_in_view(ds, state):  # the table shows the selected route again
        return unchanged | {"selected": restore_selection(route, rows, selected)}
    return unchanged | {"route": state.route, "search": encode(state)}
