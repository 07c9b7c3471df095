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
address. Each callback is a plain function too, so tests call it by name and read its outputs by name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from dash import Input, Output, State, callback, ctx, no_update

from ..viewstate import MAX_QUERY, ViewState, decode, encode, validate
from . import datasets, ids, uploads
from .controls import CONTROLS, OPTIONS, control_options, control_values, shown_view, view_of_controls
from .stores import dataset_key, dataset_of, query_data, view_of

__all__ = ["open_address", "set_controls", "read_controls", "show_date", "sync_selection", "read_address",
           "resolve_upload", "select_route", "restore_selection"]


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


#: What the view says of an address longer than any the explorer writes.
TOO_LONG = "This link is longer than any the explorer writes, so it was not read; the default view is shown."


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
    return datasets.DEFAULT_KEY, (
        f"This link shows a data set that was uploaded in another browser (id {public}). Uploaded data stays "
        "with the browser that loaded it: load the same file here first (Your data, below the map), then open "
        "the link again. Meanwhile the bundled data set is shown.")


def read_address(search: str, browser: Any) -> tuple[str, ViewState, list[str]]:
    """The data set key, the checked view and the notices of an address (its query string) in this browser.

    A link may name an uploaded data set (``data=``); it opens only in the browser that uploaded it.
    """
    if len(search) > MAX_QUERY:
        return datasets.DEFAULT_KEY, ViewState(), [TOO_LONG]
    raw = decode(search)
    key, missing = resolve_upload(str(_first(raw.get("data")) or ""), browser)
    if missing:
        return key, ViewState(), [missing]
    state, notices = validate(datasets.get(key), raw)
    return key, state, notices


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
    options = control_options(ds) if opened.get("fresh") is True else dict.fromkeys(OPTIONS, no_update)
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
    return f"Links open on {state.as_of}" if state.as_of else "Links of every date are shown"


def select_route(rows: Any, current: Any) -> Any:
    """The route of the row picked in the table (``no_update`` when none, or the same one)."""
    key = rows[0].get("key", "") if isinstance(rows, list) and rows and isinstance(rows[0], dict) else ""
    key = key if isinstance(key, str) else ""
    return no_update if key == current or not key else key


#: The fields of a row of the routes table (``views.route_rows``): a row the table gets back has only these.
_ROW_FIELDS = ("key", "rank", "length", "strength", "evidence", "possible", "when", "route")
_MAX_CELL = 4000


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k in _ROW_FIELDS if isinstance(v := row.get(k), str | int | float) and len(str(v)) <= _MAX_CELL}


def restore_selection(route: Any, rows: Any, selected: Any) -> Any:
    """The table's selection for the route a link names, once the rows have arrived (``no_update`` if kept)."""
    if not isinstance(route, str) or not route or not isinstance(rows, list):
        return no_update
    current = selected[0].get("key") if isinstance(selected, list) and selected and isinstance(selected[0], dict) \
        else None
    if current == route:
        return no_update
    match = [_row(r) for r in rows if isinstance(r, dict) and r.get("key") == route]
    return match[:1] if match else no_update


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
    route of a link is selected in the table once its row arrives."""
    unchanged = {"route": no_update, "search": no_update, "selected": no_update}
    if f"{ids.ROUTES_GRID}.selectedRows" not in ctx.triggered_prop_ids:
        return unchanged | {"selected": restore_selection(route, rows, selected)}
    key = select_route(selected, route)
    if key is no_update:
        return unchanged
    state = view_of(dataset_of(query), query, key)  # a route of the data set on screen, or none
    if not state.route or state.route == route:
        return unchanged
    return unchanged | {"route": state.route, "search": encode(state)}
