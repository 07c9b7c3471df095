"""The map and what goes with it: its one tab stop for the keyboard (``assets/map_keys.js`` moves along its links),
a live region saying where the keyboard is, the selected route hop by hop beside it, and the map as tables.

``map_panel`` wraps the page's map graph; ``map_tables`` is the text alternative of a view's map: the
institutions the map draws (``figures.shown_nodes``) and the links between them, each with its evidence, every
institution linking to its links and every link to its two ends, generated here on the server. Callbacks are plain
functions too, so tests call them by name.
"""

from __future__ import annotations

import logging
from typing import Any

from dash import Input, Output, callback, html, no_update

from .. import i18n
from ..errors import NetworkDataError
from ..figures import MapSelection, shown_nodes
from ..i18n import N_, _, ngettext
from ..model import Dataset, Edge, text
from ..routes import Route, RouteSet
from ..viewstate import ViewState
from ..vocabulary import KIND_TIERS
from . import ids
from .callbacks import map_selection
from .compute import levers_for, routes_for
from .downloads import routes_csv_button
from .stores import dataset_of, view_of
from .views import hop_carries, relation_name, route_key, status_meaning, status_word

__all__ = ["map_panel", "map_tables", "hop_list", "show_map_table", "show_hops", "KEYS_HINT", "CREDIT",
           "TABLE_OPEN", "TABLE_CLOSED"]

log = logging.getLogger(__name__)

#: The keyboard's moves on the map, shown beside it (and read by a screen reader as the map's description).
#: (Marked here, translated where shown, as are the others below.)
KEYS_HINT = N_("Keyboard: Tab to the map, then → follows a link out of an institution, ← a link into it, ↑ ↓ go "
               "to the other institutions at the end of those links (before any step: the next one on the map), "
               "Home and End to the first and last; Enter does what a click does (the Map choices: “Clicking an "
               "institution or link on the map”).")
#: The credit line every picture of the map carries (assets/explorer.js adds it to the PNG and the SVG).
CREDIT = N_("Entanglement Map — sources: see the handout")
TABLE_CLOSED, TABLE_OPEN = N_("Map as a table"), N_("Hide the table")
_MAX_ROWS = 2000  # a table longer than this says how many more rows there are
_MAX_CARRIES = 80


def _attrs(**names: str) -> dict[str, Any]:
    """HTML attributes whose names have dashes (``aria_label`` -> ``aria-label``), to pass as ``**_attrs(...)``."""
    return {name.replace("_", "-"): value for name, value in names.items()}


def map_panel(graph: Any) -> html.Div:
    """The page's map graph in its keyboard frame (one tab stop, labelled, described by the visible hint), then
    where the keyboard is, the selected route hop by hop, the table view and the routes download.

    The frame's data- attributes name, for the page's scripts, the graph, the live region, the click-mode switch
    and what a picture of the map carries (the routes heading, the data set's title, the date, the credit)."""
    frame = html.Div(graph, id=ids.MAP_FRAME, className="map-frame", tabIndex="0", role="application", **_attrs(
        aria_label=_("Map of the institutions and the links between them"), aria_roledescription=_("map"),
        aria_describedby=ids.MAP_KEYS_HINT, data_map_keys=ids.MAP_FRAME, data_graph=ids.MAP,
        data_live=ids.MAP_KEYS_LIVE, data_click_mode=ids.CLICK_MODE, data_caption_heading=ids.ROUTES_SUMMARY,
        data_caption_title=ids.DATASET_TITLE, data_caption_date=ids.DATE_LABEL, data_credit=_(CREDIT)))
    return html.Div(className="map-panel", **_attrs(data_map_panel=ids.MAP_FRAME), children=[
        frame,
        html.Div(className="map-keys", children=[
            html.P(_(KEYS_HINT), id=ids.MAP_KEYS_HINT, className="hint map-keys-hint"),
            html.P(id=ids.MAP_KEYS_LIVE, className="map-keys-live", role="status", **_attrs(aria_live="polite")),
        ]),
        html.Section(id=ids.MAP_HOPS, className="map-hops", children=hop_list(None, None),
                     **_attrs(aria_label=_("The selected route, hop by hop"))),
        html.Div(className="map-tools", children=[
            html.Button(_(TABLE_CLOSED), id=ids.MAP_TABLE_BUTTON, n_clicks=0, className="button-secondary",
                        title=_("The institutions and links of this map as tables, with their evidence"),
                        **_attrs(aria_controls=ids.MAP_TABLE, aria_expanded="false")),
            *routes_csv_button(),
        ]),
        html.Div(id=ids.MAP_TABLE, className="map-table", hidden=True),
    ])


def _view(query: Any, route: Any) -> tuple[Dataset, ViewState, RouteSet | None, MapSelection]:
    """The data set, view, routes and map selection of the stores, as the map is drawn from them."""
    ds = dataset_of(query)
    state = view_of(ds, query, route)
    try:
        rs: RouteSet | None = routes_for(ds, state)
        cut = levers_for(ds, state).edge_cut_pairs if state.show_cut else []
    except NetworkDataError:
        rs, cut = None, []
    return ds, state, rs, map_selection(ds, state, rs, cut)


def _kind(kind: str) -> str:
    """A known kind in the reader's language, by the map's own words for it (network/figure_text.py: 'school
    police'); a data set's own kind as it wrote it."""
    words = kind.replace("_", " ")
    return _(words) if kind in KIND_TIERS else words


def _node_anchor(i: int) -> str:
    return f"map-table-node-{i}"


def _link_anchor(j: int) -> str:
    return f"map-table-link-{j}"


def _when(e: Edge) -> str:
    if e.start and e.end:
        return f"{e.start} – {e.end}"
    # Translators: when a link is open: {date} is a date as the data wrote it (2014-09)
    return _("from {date}").format(date=e.start) if e.start else _("until {date}").format(date=e.end) if e.end \
        else ""


def map_tables(ds: Dataset, sel: MapSelection) -> list[Any]:
    """The map of a selection as two tables: the institutions it draws, each with links to its links, and the
    links between them (flow links, and context links when the map shows them), with their evidence and what the
    view does with each (on a route, in the cut, removed, closed)."""
    node_ids, note = shown_nodes(ds, sel)
    shown = set(node_ids)
    edges = [e for e in ds.flow_edges if e.source in shown and e.target in shown and e.source != e.target]
    if sel.show_context:
        edges += [e for e in ds.context_edges if e.source in shown and e.target in shown and e.source != e.target]
    order = {n: i for i, n in enumerate(sorted(node_ids, key=lambda n: ds.label(n).lower()))}
    listed = edges[:_MAX_ROWS]
    ins: dict[str, list[int]] = {n: [] for n in node_ids}
    outs: dict[str, list[int]] = {n: [] for n in node_ids}
    for j, e in enumerate(listed):
        outs[e.source].append(j)
        ins[e.target].append(j)
    route_pairs = {(a, b) for r in sel.route_nodes for a, b in zip(r, r[1:], strict=False)}
    selected_pairs = set(zip(sel.selected, sel.selected[1:], strict=False))
    removed_pairs, cut_pairs = set(sel.removed_pairs), set(sel.cut_pairs)
    removed_nodes, origins, targets = set(sel.removed_nodes), set(sel.origins), set(sel.targets)
    flow_ids = {e.id for e in ds.flow_edges}

    def to_node(n: str) -> html.A:
        return html.A(ds.label(n), href=f"#{_node_anchor(order[n])}")

    def link_list(rows: list[int], end: str) -> list[Any]:
        items: list[Any] = []
        others = [listed[j].source if end == "source" else listed[j].target for j in rows]
        for j, other in zip(rows, others, strict=True):
            name = ds.label(other) + (f" (#{j + 1})" if others.count(other) > 1 else "")  # parallel links apart
            items += ["; " if items else "", html.A(name, href=f"#{_link_anchor(j)}")]
        return items or [_("none")]

    def node_part(n: str) -> str:
        return ", ".join(words for words, is_it in (
            (_("where records start"), n in origins), (_("where they end"), n in targets),
            (_("on the selected route"), n in sel.selected), (_("removed (what if)"), n in removed_nodes)) if is_it)

    def link_part(e: Edge) -> str:
        pair = (e.source, e.target)
        if e.id not in flow_ids:
            return _("context link")
        return ", ".join(words for words, is_it in (
            (_("on the selected route"), pair in selected_pairs), (_("on a route found"), pair in route_pairs),
            (_("in the minimum cut"), pair in cut_pairs), (_("removed (what if)"), pair in removed_pairs),
            (_("closed on the date, or left out by the choices"), sel.hides(e))) if is_it)

    node_rows = [html.Tr([
        html.Th(ds.label(n), scope="row", id=_node_anchor(order[n])),
        html.Td(_kind(ds.nodes[n].kind)),
        html.Td(link_list(ins[n], "source")), html.Td(link_list(outs[n], "target")), html.Td(node_part(n)),
    ]) for n in sorted(node_ids, key=order.__getitem__)]
    link_rows = [html.Tr([
        html.Td(str(j + 1), id=_link_anchor(j)), html.Td(to_node(e.source)), html.Td(to_node(e.target)),
        html.Td(" — ".join(x for x in (relation_name(e.relation) or _("flow"), text(e, "carries")[:_MAX_CARRIES])
                           if x)),
        html.Td(html.Span(status_word(e.status), className=f"status status-{e.status}",
                          title=status_meaning(e.status))),
        html.Td(ngettext("{n} source", "{n} sources", len(e.sources)).format(n=i18n.number(len(e.sources)))
                if e.sources else _("none cited")), html.Td(_when(e)),
        html.Td(link_part(e)),
    ]) for j, e in enumerate(listed)]
    left = len(edges) - len(listed)
    more = [html.P(ngettext("And {n} more link, not listed.", "And {n} more links, not listed.", left).format(
        n=i18n.number(left)), className="hint")] if left > 0 else []
    return [
        *([html.P(note, className="hint")] if note else []),
        html.Table(className="map-table-nodes", children=[
            html.Caption(_("Institutions on the map ({n})").format(n=i18n.number(len(node_ids)))),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in
                                (_("Institution"), _("Kind"), _("Links in, from"), _("Links out, to"),
                                 _("In this view"))])),
            html.Tbody(node_rows),
        ]),
        html.Table(className="map-table-links", children=[
            html.Caption(_("Links on the map ({n})").format(n=i18n.number(len(edges)))),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in
                                ("#", _("From"), _("To"), _("What flows"), _("Evidence"), _("Sources"), _("When"),
                                 _("In this view"))])),
            html.Tbody(link_rows),
        ]),
        *more,
    ]


@callback(
    output=dict(table=Output(ids.MAP_TABLE, "children"), hidden=Output(ids.MAP_TABLE, "hidden"),
                label=Output(ids.MAP_TABLE_BUTTON, "children"),
                expanded=Output(ids.MAP_TABLE_BUTTON, "aria-expanded")),
    inputs=dict(clicks=Input(ids.MAP_TABLE_BUTTON, "n_clicks"), query=Input(ids.QUERY_STORE, "data"),
                route=Input(ids.ROUTE_STORE, "data")),
)
def show_map_table(clicks: Any, query: Any, route: Any) -> dict[str, Any]:
    """An odd number of clicks shows the map of the view on screen as tables; an even one hides them."""
    shown = isinstance(clicks, int) and not isinstance(clicks, bool) and clicks % 2 == 1
    if not shown:
        return {"table": [], "hidden": True, "label": _(TABLE_CLOSED), "expanded": "false"}
    try:
        ds, _state, _rs, sel = _view(query, route)
        table = map_tables(ds, sel)
    except Exception:  # a bug must not show a stack trace to a user
        log.exception("the map as a table failed")
        return {"table": no_update, "hidden": False, "label": _(TABLE_OPEN), "expanded": "true"}
    return {"table": table, "hidden": False, "label": _(TABLE_OPEN), "expanded": "true"}


def hop_list(ds: Dataset | None, route: Route | None) -> list[Any]:
    """The selected route beside the map, one short line a hop, each a link to the hop's sources below."""
    if ds is None or route is None:
        return [html.P(_("Pick a route below to follow it here, hop by hop."), className="hint")]
    gaps = {h.at for h in route.handoffs if not h.established}
    items = []
    for i, hop in enumerate(route.told_hops, 1):
        what = hop_carries(ds, hop)
        items.append(html.Li([
            html.A(f"{ds.label(hop.source)} → {ds.label(hop.target)}", href=f"#{ids.hop(i)}",
                   title=_("This hop's evidence and sources, below the routes table")),
            " ", html.Span(status_word(hop.status), className=f"status status-{hop.status}",
                           title=status_meaning(hop.status)),
            *([html.Span(f" {what[:_MAX_CARRIES]}", className="map-hop-carries")] if what else []),
            *([html.Span(" " + _("handoff not established"), className="map-hop-gap")] if hop.target in gaps
              else []),
        ], className="map-hop"))
    links = ngettext("{n} link", "{n} links", route.length).format(n=i18n.number(route.length))
    head = (_("The selected route: {links}, strength {strength}, a possible route") if route.possible else
            _("The selected route: {links}, strength {strength}")).format(links=links,
                                                                         strength=status_word(route.strength))
    return [html.H3(head, className="map-hops-title"),
            html.Ol(items, className="map-hop-list")]


@callback(Output(ids.MAP_HOPS, "children"),
          inputs=dict(route=Input(ids.ROUTE_STORE, "data"), query=Input(ids.QUERY_STORE, "data")))
def show_hops(route: Any, query: Any) -> list[Any]:
    """The selected route of the view on screen, hop by hop, beside the map."""
    ds = dataset_of(query)
    state = view_of(ds, query, route)
    if not state.route:
        return hop_list(None, None)
    try:
        rs = routes_for(ds, state)
    except NetworkDataError:
        return hop_list(None, None)
    return hop_list(ds, next((r for r in rs.routes if route_key(r) == state.route), None))
