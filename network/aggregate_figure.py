"""The aggregated map of a big data set, as a Plotly figure dict: groups of institutions by kind and column, with
their counts and the links between groups, on top; below, the institutions of the routes found (and of the group
opened) drawn one by one, as the map of a small data set draws them (``figures.draw_map``), in the same columns.

The groups are a few dozen markers whatever the data set's size, so the figure stays small (well under a
megabyte on a million links) and is drawn as SVG (no WebGL needed). A group is clicked by its customdata,
``group:<key>``; the keyboard reaches groups too (``layout.meta.keys``: their ids are ``group:<key>``).
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from . import i18n
from .aggregate import MAX_OPEN, Drawn, Group, Groups, drawn_one_by_one, groups_of, links_between, place
from .figure_text import esc, kind_plural, map_keys, wrap
from .figures import KIND_STYLE, MapSelection, draw_map
from .i18n import _, ngettext
from .layout import bezier_point, bow_point, curve_points
from .model import Dataset

__all__ = ["aggregated_figure", "group_name", "GROUP_LABEL", "GROUP_TOP", "GROUP_BOTTOM", "ONE_TOP", "ONE_BOTTOM"]

#: Where the groups are drawn (the upper band of the map) and the institutions one by one (the lower band).
GROUP_TOP, GROUP_BOTTOM = 1.0, 0.66
ONE_TOP, ONE_BOTTOM = 0.44, -0.22
_MAX_GROUP_LINKS = 80
_GROUP_LINK = "#6b6b6b"
_OPEN_RING = "#111111"
_ROUTE_GROUP_LINK = "#0072B2"
_WIDTHS = (1.5, 3.5, 6.0, 9.0)  # group links in four widths, by how many links each stands for
#: The ``name`` of a group's label (an annotation): assets/map_phone.js finds the labels by it.
GROUP_LABEL = "group-label"


def group_name(groups: Groups, group: Group) -> str:
    """A group as the map names it: its kind's institutions ('city police departments'), with its column when
    institutions of that kind sit in several (kinds a file gives that the tool does not know)."""
    name = kind_plural(group.kind)
    if sum(1 for g in groups.groups if g.kind == group.kind) > 1:
        # Translators: a group of the map named by its kind and the column it is drawn in ({n} is 1 for the first)
        name = _("{name}, column {n}").format(name=name, n=group.column + 1)
    return name[:1].upper() + name[1:]


def _group_places(groups: Groups) -> dict[int, tuple[float, float]]:
    by_column: dict[int, list[int]] = {}
    for i, g in enumerate(groups.groups):
        by_column.setdefault(g.column, []).append(i)
    places = {}
    for col, members in by_column.items():
        k = len(members)
        for j, i in enumerate(members):
            # a column's only group sits high or low by turns, so that names on the right of neighbours do not meet
            alone = GROUP_TOP - 0.08 if col % 2 == 0 else GROUP_BOTTOM + 0.06
            y = alone if k == 1 else GROUP_TOP - (GROUP_TOP - GROUP_BOTTOM) * j / (k - 1)
            places[i] = (float(col), y)
    return places


def _count_words(n: int) -> str:
    return ngettext("{n} institution", "{n} institutions", n).format(n=i18n.number(n))


def _group_hover(groups: Groups, group: Group, drawn: Drawn, on_routes: int) -> str:
    lines = [f"<b>{esc(group_name(groups, group))}</b>", esc(_count_words(group.count))]
    if group.inner:
        lines.append(esc(ngettext("{n} link between two of them", "{n} links between two of them",
                                  group.inner).format(n=i18n.number(group.inner))))
    if on_routes:
        lines.append(esc(ngettext("{n} of them on the routes, drawn below", "{n} of them on the routes, drawn below",
                                  on_routes).format(n=i18n.number(on_routes))))
    if drawn.opened is group:
        what = _("Open: its first institutions are drawn below. Click again to close it.")
    else:
        what = _("Click to open it: its first institutions are drawn below.")
    lines.append("<i>" + esc(what) + "</i>")
    return "<br>".join(lines)


def _group_traces(groups: Groups, drawn: Drawn, label_size: int) -> tuple[list[dict[str, Any]],
                                                                           list[dict[str, Any]]]:
    """The groups (markers sized by count, named beside), the links between them (four widths, a count on a
    pointer over each link's middle, an arrow), and the ring round the group opened."""
    at = _group_places(groups)
    biggest = max((g.count for g in groups.groups), default=1)
    links = groups.links[:_MAX_GROUP_LINKS]
    most = max((c for _a, _b, c in links), default=1)
    traces: list[dict[str, Any]] = []
    annotations: list[dict[str, Any]] = []
    lines: dict[float, tuple[list[float | None], list[float | None]]] = {w: ([], []) for w in _WIDTHS}
    taken_x: list[float | None] = []
    taken_y: list[float | None] = []
    index = {g.key: i for i, g in enumerate(groups.groups)}
    taken = {(index[groups.group_of(u).key], index[groups.group_of(v).key]) for r in drawn.routes
             for u, v in zip(r, r[1:], strict=False)}
    mid_x, mid_y, mid_text = [], [], []
    for a, b, c in links:
        p, q = at[a], at[b]
        width = _WIDTHS[min(len(_WIDTHS) - 1, int(len(_WIDTHS) * math.log1p(c) / math.log1p(most + 1)))]
        cx, cy = curve_points(p, q)
        lines[width][0].extend(cx)
        lines[width][1].extend(cy)
        if (a, b) in taken:
            taken_x.extend(cx)
            taken_y.extend(cy)
        control = bow_point(p, q)
        mx, my = bezier_point(p, control, q, 0.5)
        mid_x.append(mx)
        mid_y.append(my)
        mid_text.append(esc(ngettext("{n} link from {source} to {target}", "{n} links from {source} to {target}",
                                     c).format(n=i18n.number(c), source=group_name(groups, groups.groups[a]),
                                               target=group_name(groups, groups.groups[b]))))
        (hx, hy), (tx, ty) = bezier_point(p, control, q, 0.62), bezier_point(p, control, q, 0.55)
        annotations.append({"x": hx, "y": hy, "ax": tx, "ay": ty, "xref": "x", "yref": "y", "axref": "x",
                            "ayref": "y", "text": "", "showarrow": True, "arrowhead": 2, "arrowsize": 1.2,
                            "arrowwidth": 1.6, "arrowcolor": _GROUP_LINK, "opacity": 0.8})
    for width, (xs, ys) in lines.items():
        if xs:
            traces.append({"type": "scatter", "mode": "lines", "x": xs, "y": ys, "hoverinfo": "skip",
                           "line": {"color": _GROUP_LINK, "width": width}, "opacity": 0.35,
                           "name": _("links between groups"), "legendgroup": "group-links",
                           "showlegend": width == max(w for w, (x, _y) in lines.items() if x)})
    if taken_x:  # where the routes drawn below run, group to group
        traces.append({"type": "scatter", "mode": "lines", "x": taken_x, "y": taken_y, "hoverinfo": "skip",
                       "line": {"color": _ROUTE_GROUP_LINK, "width": 2}, "opacity": 0.9,
                       "name": _("between groups, where the routes drawn below run"), "showlegend": True})
    traces.append({"type": "scatter", "mode": "markers", "x": mid_x, "y": mid_y, "text": mid_text,
                   "hovertemplate": "%{text}<extra></extra>", "name": _("links between groups"),
                   "marker": {"size": 8, "color": _GROUP_LINK, "opacity": 0.7}, "showlegend": False})
    on_routes = Counter(groups.group_of(n).key for n in drawn.on_routes)
    xs, ys, sizes, colours, symbols, hovers, keys, rings = [], [], [], [], [], [], [], []
    for i, g in enumerate(groups.groups):
        x, y = at[i]
        colour, symbol = KIND_STYLE.get(g.kind, ("#999999", "hexagon"))
        size = 16 + 40 * math.sqrt(g.count / biggest)
        xs.append(x)
        ys.append(y)
        sizes.append(size)
        colours.append(colour)
        symbols.append(symbol)
        hovers.append(_group_hover(groups, g, drawn, on_routes[g.key]))
        keys.append(f"group:{g.key}")
        rings.append(4 if drawn.opened is g else 1.5)
        name = wrap(group_name(groups, g), 18)
        annotations.append({"x": x, "y": y, "xref": "x", "yref": "y", "xanchor": "left", "xshift": size / 2 + 3,
                            "text": f"<b>{name}</b><br>{esc(i18n.number(g.count))}", "showarrow": False,
                            "align": "left", "font": {"size": label_size, "color": "#1d1d1d"},
                            # a group's name, which assets/map_phone.js sets under its marker on a phone
                            "name": GROUP_LABEL, "bgcolor": "rgba(255,255,255,0.85)", "borderpad": 1})
    traces.append({"type": "scatter", "mode": "markers", "x": xs, "y": ys, "hovertext": hovers,
                   "hovertemplate": "%{hovertext}<extra></extra>", "customdata": keys, "name": _("groups"),
                   "marker": {"size": sizes, "color": colours, "symbol": symbols, "opacity": 0.9,
                              "line": {"width": rings, "color": [_OPEN_RING if r > 2 else "#ffffff" for r in rings]}},
                   "showlegend": False})
    return traces, annotations


def _captions(drawn: Drawn, groups: Groups, label_size: int) -> list[dict[str, Any]]:
    """The two bands' titles, on the map itself (so a picture of it says what it shows)."""
    if drawn.opened is not None and drawn.on_routes:
        below = _("Drawn one by one: the institutions of the routes found, and of the group opened")
    elif drawn.opened is not None:
        below = _("Drawn one by one: the first institutions of the group opened")
    elif drawn.on_routes:
        below = _("Drawn one by one: the institutions of the routes found")
    else:
        below = _("No route found in this view: choose where records start and where they end, or open a group")
    above = _("Groups of institutions by kind, with how many each holds, and the links between groups. "
              "Click a group to open it.")
    common = {"xref": "paper", "yref": "y", "x": 0, "xanchor": "left", "align": "left", "showarrow": False,
              "font": {"size": label_size + 1, "color": "#333333"}, "bgcolor": "rgba(255,255,255,0.9)"}
    # in lines a phone's width holds (plotly.js does not wrap an annotation)
    return [common | {"y": GROUP_TOP + 0.1, "text": wrap(above, 48)}, common | {"y": ONE_TOP + 0.1,
                                                                              "text": wrap(below, 48)}]


def note_for(ds: Dataset, groups: Groups, drawn: Drawn) -> str:
    """What the map's note says of the aggregated map: why groups, and what is drawn one by one."""
    words = [_("{institutions} and {links} links are too many to draw one by one: the map shows them in {groups} "
               "groups by kind and column.").format(institutions=_count_words(len(ds.nodes)),
                                                    links=i18n.number(len(ds.edges)),
                                                    groups=i18n.number(len(groups.groups)))]
    if drawn.routes_found > drawn.routes_drawn:
        words.append(_("The institutions of {shown} of the {total} routes found are drawn one by one (the selected "
                       "route's first, then the shortest), {n} of the {all} on them.")
                     .format(shown=i18n.number(drawn.routes_drawn), total=i18n.number(drawn.routes_found),
                             n=i18n.number(len(drawn.on_routes)), all=i18n.number(drawn.routes_total)))
    elif drawn.on_routes:
        words.append(ngettext("The {n} institution on the routes found is drawn one by one.",
                              "The {n} institutions on the routes found are drawn one by one.",
                              len(drawn.on_routes)).format(n=i18n.number(len(drawn.on_routes))))
    if drawn.opened is not None:
        words.append(_("Open: {name}, {shown} of {total}, those linked to the routes first (the pickers find the "
                       "others).").format(name=group_name(groups, drawn.opened),
                                          shown=i18n.number(len(drawn.open_members)),
                                          total=i18n.number(drawn.opened.count)))
    else:
        words.append(_("Click a group to draw its first {n} institutions.").format(n=i18n.number(MAX_OPEN)))
    return " ".join(words)


def aggregated_figure(ds: Dataset, sel: MapSelection, opened: object = None, height: int | None = None,
                      label_size: int = 12) -> dict[str, Any]:
    """The aggregated map of ``ds`` for a selection, with the group ``opened`` (a group's key) open.

    Examples
    --------
    >>> from network.model import Dataset, Edge, Node
    >>> ds = Dataset.build([Node(f"s{i}", f"School {i}", "school") for i in range(3000)]
    ...                    + [Node("p", "Police", "city_police")], [Edge(f"e{i}", f"s{i}", "p") for i in range(3000)])
    >>> fig = aggregated_figure(ds, MapSelection(route_nodes=[("s1", "p")]), opened="0:school")
    >>> [c for t in fig["data"] for c in t.get("customdata") or [] if c.startswith("group:")]
    ['group:0:school', 'group:1:city_police']
    >>> fig["layout"]["meta"]["note"][:60]
    '3,001 institutions and 3,000 links are too many to draw one '
    """
    groups = groups_of(ds)
    drawn = drawn_one_by_one(ds, groups, sel.route_nodes, sel.selected, opened,
                             ends=[*sel.origins, *sel.targets][:20])
    nodes = drawn.nodes
    flow = ds.flow_edges
    pairs = {pair: [flow[i] for i in at] for pair, at in links_between(ds, nodes).items()}
    pos = place(groups, nodes, list(pairs), ONE_TOP, ONE_BOTTOM)
    tallest = max((sum(1 for p in pos.values() if p[0] == c) for c in {p[0] for p in pos.values()}), default=1)
    fig = draw_map(ds, sel, nodes, pos, pairs, (), height=height or max(620, min(1200, 420 + 40 * tallest)),
                   label_size=label_size)
    group_traces, group_notes = _group_traces(groups, drawn, label_size)
    layout = fig["layout"]
    fig["data"] = group_traces + fig["data"]
    layout["annotations"] = _captions(drawn, groups, label_size) + group_notes + layout["annotations"]
    columns = max((g.column for g in groups.groups), default=0)
    layout["xaxis"]["range"] = [-0.6, columns + 0.9]  # room for the last column's names, on their right
    layout["yaxis"]["range"] = [ONE_BOTTOM - 0.16, GROUP_TOP + 0.2]
    at = _group_places(groups)
    group_keys = map_keys(ds, [], {}, [], set(), set(), set(), set())
    group_keys["nodes"] = [{"id": f"group:{g.key}", "label": esc(group_name(groups, g)),
                            "kind": esc(_count_words(g.count)), "x": at[i][0], "y": at[i][1], "part": []}
                           for i, g in enumerate(groups.groups)]
    group_keys["links"] = [[f"group:{groups.groups[a].key}", f"group:{groups.groups[b].key}"]
                           for a, b, _c in groups.links[:_MAX_GROUP_LINKS]]
    keys = layout["meta"]["keys"]
    layout["meta"] = {"keys": {"nodes": group_keys["nodes"] + keys["nodes"], "links": group_keys["links"] +
                               keys["links"]}, "note": note_for(ds, groups, drawn), "aggregated": True,
                      "opened": drawn.opened.key if drawn.opened else ""}
    return fig
