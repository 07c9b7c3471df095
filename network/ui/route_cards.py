"""The routes as cards, for a phone: the routes table's rows as a choice of one (radio buttons drawn as cards), each
card a route with its strength, length and dates. assets/style.css shows them instead of the table on a narrow
screen (and hides them on a wide one, where the table is). A card picked selects its row in the table, so the
route's sentence and sources, the map and the address follow as they do for a row clicked.

The cards are made from the table's own rows (``views.route_rows``, sent back by the browser), so the two always
list the same routes; as anything a browser sends, each row is checked and cut to size first.
"""

from __future__ import annotations

from typing import Any

from dash import Input, Output, State, callback, dcc, html, no_update

from .. import i18n
from ..i18n import ngettext
from ..vocabulary import STATUSES
from . import ids

__all__ = ["route_cards_panel", "card_options", "show_cards", "pick_card", "MAX_CARDS"]

#: A phone lists at most this many routes as cards (the table pages through 20 at a time); the rest are counted.
#: Fewer than 100: Dash draws a longer choice in a scrolling box of its own.
MAX_CARDS = 60
_MAX_TEXT = 4000  # a route of many long names; a cell longer than this is not one of ours


def _cards(options: list[dict[str, Any]], picked: str | None, more: str) -> list[Any]:
    return [dcc.RadioItems(id=ids.ROUTE_CARDS, options=options, value=picked, className="route-cards"),
            html.P(more, className="hint route-cards-more")]


def route_cards_panel() -> html.Div:
    """The cards (named by the routes heading, which says data-label-also) and the count of any not shown.

    They are drawn anew for each set of rows: dash-renderer 4.4 fails (``reading 'props'``) when a RadioItems's
    options whose labels are components are replaced in place."""
    return html.Div(_cards([], None, ""), id=ids.ROUTE_CARDS_PANEL, className="route-cards-panel")


def _text(value: Any) -> str:
    return value[:_MAX_TEXT] if isinstance(value, str) else ""


def _option(row: dict[str, Any]) -> dict[str, Any] | None:
    rank, length, key = row.get("rank"), row.get("length"), _text(row.get("key"))
    if not key or not isinstance(rank, int) or isinstance(rank, bool) or not 0 < rank <= 10**6:
        return None
    strength = row.get("strength") if row.get("strength") in STATUSES else "unknown"
    evidence, when = _text(row.get("evidence")) or str(strength), _text(row.get("when"))
    links = ngettext("{n} link", "{n} links", length).format(n=length) \
        if isinstance(length, int) and not isinstance(length, bool) and 0 < length < 100 else ""
    facts = [x for x in (links, when) if x]
    closed = row.get("closed") is True  # the row's flag (views.route_rows), not its words: 'closed' is English
    card = html.Span(className="route-card" + (" closed" if closed else ""), children=[
        html.Span(f"{rank}.", className="card-rank"), html.Span(_text(row.get("route")), className="card-route"),
        html.Span([html.Span(evidence, className=f"status status-{strength}"),
                   *([" · " + " · ".join(facts)] if facts else [])], className="card-facts")])
    return {"label": card, "value": key}


def card_options(rows: Any) -> tuple[list[dict[str, Any]], str]:
    """The cards of the table's ``rows`` (rows that are not the table's own are left out), and what says how
    many more routes there are than cards."""
    if not isinstance(rows, list):
        return [], ""
    options = [o for r in rows[:MAX_CARDS] if isinstance(r, dict) and (o := _option(r)) is not None]
    more = len(rows) - MAX_CARDS
    return options, (ngettext("{n} more route: the handout lists every one.",
                              "{n} more routes: the handout lists every one.", more).format(n=i18n.number(more))
                     if more > 0 else "")


@callback(Output(ids.ROUTE_CARDS_PANEL, "children"), Input(ids.ROUTES_GRID, "rowData"),
          State(ids.ROUTE_STORE, "data"))
def show_cards(rows: Any, route: Any) -> list[Any]:
    """The table's rows as cards, the selected route's picked."""
    options, more = card_options(rows)
    picked = route if isinstance(route, str) and any(o["value"] == route for o in options) else None
    return _cards(options, picked, more)


@callback(Output(ids.ROUTES_GRID, "selectedRows", allow_duplicate=True), Input(ids.ROUTE_CARDS, "value"),
          State(ids.ROUTES_GRID, "rowData"), prevent_initial_call=True)
def pick_card(key: Any, rows: Any) -> Any:
    """A card picked selects its route's row in the table (which then selects the route, as a click on the row
    does); no card, or a row that is gone, changes nothing."""
    if not isinstance(key, str) or not key or not isinstance(rows, list):
        return no_update
    match = [r for r in rows if isinstance(r, dict) and r.get("key") == key]
    return [{k: _text(v) if isinstance(v, str) else v for k, v in match[0].items()
             if isinstance(v, str | int | float)}] if match else no_update
