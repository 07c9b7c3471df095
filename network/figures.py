"""Plotly figures of a data set and a selection: the layered map of institutions and links.

Builds plain figure dicts (fast to make and to send; ``plotly.graph_objects.Figure(fig)`` wraps one for a
notebook). Every text that comes from data is escaped, so a label like ``<img onerror=...>`` shows literally.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import i18n
from .aggregate import AGGREGATE_ABOVE, is_big
from .figure_text import edge_hover as _edge_hover
from .figure_text import esc as _esc
from .figure_text import kind_name
from .figure_text import map_keys as _map_keys
from .figure_text import node_hover as _node_hover
from .figure_text import wrap as _wrap
from .figure_timeline import timeline_figure
from .i18n import N_, _
from .layout import bezier_point as _at
from .layout import bow_point as _bow
from .layout import curve_points as _curve
from .layout import layered_positions
from .model import Dataset, Edge
from .query import Filters
from .vocabulary import STATUSES, strongest_status

__all__ = ["MapSelection", "network_figure", "timeline_figure", "STATUS_STYLE", "KIND_STYLE", "STATUS_LEGEND",
           "shown_nodes", "BIG_DATASET", "PLOTLY_CONFIG", "CUT_MARKER", "REMOVED_MARKER", "map_keys", "draw_map"]

#: Colour-blind-safe colours (Okabe-Ito) and dash patterns, so evidence reads in grayscale too.
STATUS_STYLE: dict[str, tuple[str, str]] = {
    "documented": ("#0072B2", "solid"),
    "acknowledged": ("#009E73", "longdash"),
    "reported": ("#E69F00", "dash"),
    "alleged": ("#CC79A7", "dot"),
    "disputed": ("#D55E00", "dashdot"),
    "unknown": ("#777777", "longdashdot"),
}
#: Each known kind's colour and marker shape (shape tells apart kinds that share a colour family).
KIND_STYLE: dict[str, tuple[str, str]] = {
    "school": ("#56B4E9", "circle"),
    "school_district": ("#56B4E9", "square"),
    "school_police": ("#0072B2", "circle"),
    "city_police": ("#0072B2", "square"),
    "state_police": ("#0072B2", "diamond"),
    "fusion_center": ("#D55E00", "circle"),
    "database": ("#D55E00", "square"),
    "task_force": ("#D55E00", "diamond"),
    "federal_agency": ("#CC79A7", "square"),
    "immigration_enforcement": ("#B2182B", "circle"),
    "court": ("#6A3D9A", "circle"),
    "federal_grant": ("#E69F00", "circle"),
    "grant_administrator": ("#E69F00", "square"),
    "policy_body": ("#009E73", "circle"),
}
_OTHER_KIND = ("#999999", "hexagon")
#: The markers on a link's middle that say what the view did to it, with their legend names: a star of its own for
#: the minimum cut (no kind of institution is drawn as a star; the task force's orange diamond is not it).
#: (Their names are marked here and translated where a legend shows them.)
CUT_MARKER = {"symbol": "star", "color": "#D55E00", "line": "#111111", "name": N_("in the minimum cut")}
REMOVED_MARKER = {"symbol": "x-thin-open", "color": "#333333", "line": "#333333", "name": N_("removed (what if)")}
_HIGHLIGHT = "#F0E442"
_CLOSED_HIGHLIGHT = "#D0D0D0"  # a selected route that is closed today: grey, not the open route's yellow
#: How a flow link is drawn (width, opacity): on a route open today (or any route, with a date chosen), only
#: on routes closed today, or on no route.
_LINK_LEVELS = {"lit": (3.0, 1.0), "closed": (2.0, 0.5), "dim": (1.5, 0.3)}
#: Short legend names; the full meaning of each status is in STATUS_MEANINGS.
STATUS_LEGEND: dict[str, str] = {
    "documented": N_("documented (records)"),
    "acknowledged": N_("acknowledged (by the institution)"),
    "reported": N_("reported (news)"),
    "alleged": N_("alleged"),
    "disputed": N_("disputed (claimed and denied)"),
    "unknown": N_("status unknown"),
}
#: Above this many nodes plus edges, the map shows groups of institutions and the routes' own (network/aggregate.py);
#: its table, the routes and their neighbours.
BIG_DATASET = AGGREGATE_ABOVE
_MAX_NEIGHBOURS = 300
_MAX_ARROWS = 400
_MAX_BOXED_LABELS = 200

#: The plotly.js config of every map we draw (the explorer's graphs, the slides, the handout, the standalone
#: file): no Plotly logo, and nothing that sends the chart to Plotly's cloud. plotly.js 4 offers "Share chart..."
#: (``sendChartToCloud``) unless ``showSendToCloud`` is false; the other keys and button names are those of older
#: plotly.js (Chart Studio, "Edit chart" links), which ignores what it does not know.
PLOTLY_CONFIG: dict[str, Any] = {
    "displaylogo": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "sendData": False,
    "plotlyServerURL": "",
    "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud", "editInChartStudio"],
}


@dataclass
class MapSelection:
    """What the map highlights: the routes found, one selected route, removed items, a cut."""

    route_nodes: Sequence[Sequence[str]] = ()
    selected: Sequence[str] = ()
    closed_routes: Sequence[Sequence[str]] = ()  # routes found over all dates that are closed today
    removed_nodes: Iterable[str] = ()
    removed_pairs: Iterable[tuple[str, str]] = ()
    cut_pairs: Iterable[tuple[str, str]] = ()
    origins: Iterable[str] = ()
    targets: Iterable[str] = ()
    show_context: bool = True
    hidden_edges: set[str] = field(default_factory=set)  # links closed by the as-of date or other filters
    filters: Filters | None = None  # on a big data set, what closes links, asked only of the links drawn
    only: Iterable[str] | None = None  # draw just these institutions (a slide focused on its routes)

    @classmethod
    def under(cls, ds: Dataset, filters: Filters, **choices: Any) -> MapSelection:
        """A selection that shows what the filters remove (crossed out) and close (faint)."""
        if is_big(ds):  # not a million links read per view: the aggregated map asks of those it draws
            return cls(removed_nodes=filters.without_nodes, removed_pairs=filters.without_pairs, filters=filters,
                       **choices)
        hidden = {e.id for e in ds.flow_edges if not filters.admits(e)}
        return cls(removed_nodes=filters.without_nodes, removed_pairs=filters.without_pairs, hidden_edges=hidden,
                   **choices)

    def hides(self, e: Edge) -> bool:
        """Whether the view closes a link (the as-of date or another filter)."""
        return e.id in self.hidden_edges or (self.filters is not None and not self.filters.admits(e))


def shown_nodes(ds: Dataset, sel: MapSelection) -> tuple[list[str], str]:
    """The nodes to draw, and a note when a big data set is shown only in part."""
    if sel.only is not None:
        return sorted(set(sel.only) & set(ds.nodes)), ""
    flow_nodes = {n for e in ds.flow_edges for n in (e.source, e.target)}
    if len(ds.nodes) + len(ds.edges) <= BIG_DATASET:
        keep = set(ds.nodes) if sel.show_context else flow_nodes | set(sel.origins) | set(sel.targets)
        return sorted(keep), ""
    on_routes = {n for r in sel.route_nodes for n in r} | set(sel.origins) | set(sel.targets)
    neighbours: list[str] = []
    for e in ds.flow_edges:
        if len(neighbours) >= _MAX_NEIGHBOURS:
            break
        if e.source in on_routes and e.target not in on_routes:
            neighbours.append(e.target)
        elif e.target in on_routes and e.source not in on_routes:
            neighbours.append(e.source)
    keep = on_routes | set(neighbours)
    note = _("Showing {shown} of {total} institutions: those on the routes found and their neighbours. The whole "
             "network is too large to draw legibly.").format(shown=i18n.number(len(keep)),
                                                             total=i18n.number(len(ds.nodes)))
    return sorted(keep), note


def network_figure(ds: Dataset, sel: MapSelection | None = None, height: int | None = None,
                   label_size: int = 12, label_width: int | None = None, opened: object = None) -> dict[str, Any]:
    """The layered map as a Plotly figure dict.

    Nodes are coloured by kind; flow links are drawn with arrows, coloured and dashed by evidence status;
    context links are thin and grey. Links on the routes found are drawn strong, the others faint; the
    selected route is lit; removed institutions and links are crossed out; a cut is marked with scissors.
    A big data set (``aggregate.is_big``) is drawn as groups by kind and column, the routes' institutions one by
    one, and the group ``opened`` (its key) open (``network.aggregate_figure``).

    Examples
    --------
    >>> import network
    >>> fig = network_figure(network.load())
    >>> [t["name"] for t in fig["data"] if t.get("showlegend")][:2]
    ['context (funds, operates, part of)', 'documented (records)']
    """
    sel = sel or MapSelection()
    if sel.only is None and is_big(ds):
        from .aggregate_figure import aggregated_figure  # it draws its institutions with draw_map

        return aggregated_figure(ds, sel, opened, height=height, label_size=label_size)
    node_ids, _note = shown_nodes(ds, sel)
    pos = layered_positions(ds, node_ids)
    shown = set(node_ids)
    # flow links, grouped by pair (parallel links are one line whose style is the strongest evidence)
    groups: dict[tuple[str, str], list[Edge]] = defaultdict(list)
    for e in ds.flow_edges:
        if e.source in shown and e.target in shown and e.source != e.target:
            groups[(e.source, e.target)].append(e)
    context = [(e.source, e.target) for e in ds.context_edges
               if e.source in shown and e.target in shown and e.source != e.target] if sel.show_context else []
    return draw_map(ds, sel, node_ids, pos, groups, context, height=height, label_size=label_size,
                    label_width=label_width)


def draw_map(ds: Dataset, sel: MapSelection, node_ids: Sequence[str], pos: dict[str, tuple[float, float]],
             groups: dict[tuple[str, str], list[Edge]], context: Sequence[tuple[str, str]], *,
             height: int | None = None, label_size: int = 12, label_width: int | None = None) -> dict[str, Any]:
    """The map of some institutions at given places, with the flow links between them (grouped by pair) and the
    context links ``context``: what ``network_figure`` draws, and the one-by-one part of an aggregated map."""
    removed_nodes = set(sel.removed_nodes)
    removed_pairs = set(sel.removed_pairs)
    cut_pairs = set(sel.cut_pairs)
    closed = {tuple(r) for r in sel.closed_routes}
    route_pairs = {(a, b) for r in sel.route_nodes if tuple(r) not in closed for a, b in zip(r, r[1:], strict=False)}
    closed_pairs = {(a, b) for r in closed for a, b in zip(r, r[1:], strict=False)} - route_pairs
    selected_pairs = set(zip(sel.selected, sel.selected[1:], strict=False))
    selected_closed = tuple(sel.selected) in closed
    dim = bool(sel.route_nodes) or bool(sel.selected)
    traces: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []

    if selected_pairs:  # a wide yellow band under the selected route
        xs: list[float | None] = []
        ys: list[float | None] = []
        for a, b in selected_pairs:
            if a in pos and b in pos:
                cx, cy = _curve(pos[a], pos[b])
                xs += cx
                ys += cy
        traces.append({"type": "scatter", "mode": "lines", "x": xs, "y": ys, "hoverinfo": "skip",
                       "line": {"color": _CLOSED_HIGHLIGHT if selected_closed else _HIGHLIGHT, "width": 16},
                       "opacity": 0.9, "name": _("selected route (closed today)") if selected_closed else
                       _("selected route"), "legendgroup": "route", "showlegend": True})

    # context links: thin, grey, dotted, one legend entry to toggle them
    if sel.show_context:
        xs, ys = [], []
        for a, b in context:
            cx, cy = _curve(pos[a], pos[b])
            xs += cx
            ys += cy
        traces.append({"type": "scatter", "mode": "lines", "x": xs, "y": ys, "hoverinfo": "skip",
                       "line": {"color": "#b8b8b8", "width": 1, "dash": "dot"},
                       "name": _("context (funds, operates, part of)"), "legendgroup": "context",
                       "showlegend": True})

    by_status: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pair, edges in groups.items():
        open_edges = [e for e in edges if not sel.hides(e)] or edges
        by_status[strongest_status(e.status for e in open_edges)].append(pair)
    mid_x, mid_y, mid_text, mid_ids, mid_symbols, mid_colours, mid_lines = [], [], [], [], [], [], []
    for status in STATUSES:
        pairs = by_status.get(status, [])
        colour, dash = STATUS_STYLE[status]
        for level, (width, opacity) in _LINK_LEVELS.items():
            xs, ys = [], []
            for a, b in pairs:
                hidden = all(sel.hides(e) for e in groups[(a, b)])
                lit = not hidden and (not dim or (a, b) in route_pairs or (a, b) in selected_pairs)
                on_closed = not hidden and not lit and (a, b) in closed_pairs
                if level != ("lit" if lit else "closed" if on_closed else "dim"):
                    continue
                cx, cy = _curve(pos[a], pos[b])
                xs += cx
                ys += cy
            if not xs and level != "lit":
                continue
            traces.append({
                "type": "scatter", "mode": "lines", "x": xs, "y": ys, "hoverinfo": "skip",
                "line": {"color": colour, "width": width, "dash": dash}, "opacity": opacity,
                "name": _(STATUS_LEGEND[status]), "legendgroup": f"status-{status}",
                "showlegend": level == "lit" and bool(pairs),
            })
        for a, b in pairs:
            control = _bow(pos[a], pos[b])
            mx, my = _at(pos[a], control, pos[b], 0.5)
            mid_x.append(mx)
            mid_y.append(my)
            removed = (a, b) in removed_pairs
            cut = (a, b) in cut_pairs
            mid_text.append(_edge_hover(ds, groups[(a, b)])
                            + ("<br><i>" + _("removed (what-if)") + "</i>" if removed else "")
                            + ("<br><b>" + _(CUT_MARKER["name"]) + "</b>" if cut else ""))
            mid_ids.append(f"link:{a}->{b}")
            mark = REMOVED_MARKER if removed else CUT_MARKER if cut else None
            mid_symbols.append(mark["symbol"] if mark else "circle")
            mid_colours.append(mark["color"] if mark else colour)
            mid_lines.append(mark["line"] if mark else colour)
            if len(annotations) < _MAX_ARROWS:
                strong_arrow = not dim or (a, b) in route_pairs or (a, b) in selected_pairs
                (hx, hy), (tx, ty) = _at(pos[a], control, pos[b], 0.75), _at(pos[a], control, pos[b], 0.68)
                annotations.append({
                    "x": hx, "y": hy, "ax": tx, "ay": ty,
                    "xref": "x", "yref": "y", "axref": "x", "ayref": "y", "text": "",
                    "showarrow": True, "arrowhead": 2, "arrowsize": 1.4, "arrowwidth": 1.6,
                    "arrowcolor": colour, "opacity": 1.0 if strong_arrow else 0.35,
                })
    if closed_pairs:  # a legend entry of its own, so that fainter lines read as closed, not as weaker
        traces.append({"type": "scatter", "mode": "lines", "x": [None], "y": [None], "hoverinfo": "skip",
                       "line": {"color": "#777777", "width": _LINK_LEVELS["closed"][0]},
                       "opacity": _LINK_LEVELS["closed"][1], "name": _("fainter: on routes closed today"),
                       "legendgroup": "closed", "showlegend": True})
    traces.append({
        "type": "scatter", "mode": "markers", "x": mid_x, "y": mid_y, "text": mid_text,
        "customdata": mid_ids, "hovertemplate": "%{text}<extra></extra>", "name": _("links"),
        "marker": {"size": [16 if s == CUT_MARKER["symbol"] else 14 if s != "circle" else 9 for s in mid_symbols],
                   "symbol": mid_symbols, "color": mid_colours, "opacity": 0.9,
                   "line": {"width": 1.5, "color": mid_lines}},
        "showlegend": False,
    })
    for mark in (CUT_MARKER, REMOVED_MARKER):  # a legend entry for each marker the map shows
        if mark["symbol"] in mid_symbols:
            traces.append({"type": "scatter", "mode": "markers", "x": [None], "y": [None], "hoverinfo": "skip",
                           "marker": {"size": 16 if mark is CUT_MARKER else 14, "symbol": mark["symbol"],
                                      "color": mark["color"], "line": {"width": 1.5, "color": mark["line"]}},
                           "name": _(mark["name"]), "legendgroup": f"marker-{mark['symbol']}", "showlegend": True})

    # institutions, one trace per kind for the legend
    by_kind: dict[str, list[str]] = defaultdict(list)
    for n in node_ids:
        by_kind[ds.nodes[n].kind].append(n)
    on_route = {n for r in sel.route_nodes for n in r} | set(sel.selected)
    columns = max((p[0] for p in pos.values()), default=0)
    wrap_at = label_width or (22 if columns < 6 else 17)  # narrower labels when many columns share the width
    for kind in sorted(by_kind, key=lambda k: (min(pos[n][0] for n in by_kind[k]), k)):
        members = by_kind[kind]
        colour, symbol = KIND_STYLE.get(kind, _OTHER_KIND)
        boxed = len(node_ids) <= _MAX_BOXED_LABELS
        if boxed:  # labels on a white box stay readable where links pass behind them
            annotations.extend({
                "x": pos[n][0], "y": pos[n][1], "xref": "x", "yref": "y", "text": _wrap(ds.label(n), wrap_at),
                "showarrow": False, "yanchor": "top", "yshift": -13, "font": {"size": label_size, "color": "#1d1d1d"},
                "bgcolor": "rgba(255,255,255,0.88)", "borderpad": 1,
            } for n in members)
        traces.append({
            "type": "scatter", "mode": "markers" if boxed else "markers+text",
            "x": [pos[n][0] for n in members], "y": [pos[n][1] for n in members],
            "text": [_wrap(ds.label(n), wrap_at) for n in members],
            "textposition": "bottom center", "textfont": {"size": label_size, "color": "#1d1d1d"},
            "hovertext": [_node_hover(ds, n, n in removed_nodes) for n in members],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "customdata": [f"node:{n}" for n in members],
            "marker": {
                "size": [24 if n in set(sel.origins) | set(sel.targets) else 18 for n in members],
                "color": ["#dddddd" if n in removed_nodes else colour for n in members],
                "symbol": ["x" if n in removed_nodes else symbol for n in members],
                "line": {"width": [3.5 if n in on_route else 1 for n in members],
                         "color": ["#111111" if n in on_route else "#ffffff" for n in members]},
                "opacity": [1.0 if (not dim or n in on_route) else 0.55 for n in members],
            },
            "name": _esc(kind_name(kind)), "showlegend": True,
        })
    tallest = max((sum(1 for p in pos.values() if p[0] == c) for c in {p[0] for p in pos.values()}), default=1)
    if height is None:  # room for three lines of label under each institution of the fullest column
        height = max(480, min(1400, 190 + 100 * tallest))
    layout = {
        "height": height,
        "margin": {"l": 20, "r": 20, "t": 4, "b": 10},
        "showlegend": True,
        "legend": {"orientation": "h", "y": -0.02, "yanchor": "top", "font": {"size": label_size},
                   "groupclick": "toggleitem"},
        "xaxis": {"visible": False, "range": [-0.6, columns + 0.6], "fixedrange": False},
        "yaxis": {"visible": False, "range": [-0.38, 1.08]},
        "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
        "hovermode": "closest", "hoverlabel": {"align": "left", "font": {"size": 13}},
        "annotations": annotations,
        "dragmode": "pan",
        "uirevision": "map",
    }
    layout["meta"] = {"keys": map_keys(ds, node_ids, pos, groups, sel)}
    return {"data": traces, "layout": layout}


def map_keys(ds: Dataset, node_ids: Sequence[str], pos: dict[str, tuple[float, float]],
             groups: dict[tuple[str, str], list[Edge]], sel: MapSelection) -> dict[str, Any]:
    """What the keyboard moves over on the map (``assets/map_keys.js``): see ``figure_text.map_keys``."""
    return _map_keys(ds, node_ids, pos, list(groups), set(sel.origins), set(sel.targets), set(sel.selected),
                     set(sel.removed_nodes))
