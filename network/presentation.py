"""Slides for a hearing: a view (its routes, hop by hop, the levers and the timeline) or a story, as data.

Pure: ``view_slides`` and ``story_slides`` build a list of ``Slide``; ``network.pages`` renders them as a
self-contained HTML presentation. Every text is plain text (the renderer escapes it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .errors import NetworkDataError
from .figures import MapSelection, network_figure
from .levers import levers
from .model import STATUS_MEANINGS, Dataset
from .narrative import ref_names
from .paths import Route, trace
from .story import Story
from .viewstate import ViewState

__all__ = ["Slide", "Citation", "view_slides", "story_slides", "question", "citations"]

_MAX_ROUTES = 5  # a hearing has time for a few routes; the handout lists every one
_EVENTS_ON_SLIDE = 10
_SOURCES_ON_SLIDE = 3  # more would not fit in large type; the handout lists them all


@dataclass(frozen=True)
class Citation:
    title: str
    detail: str  # publisher and date
    url: str


@dataclass
class Slide:
    """One slide: a title, lines of large text, an evidence status, citations and a map."""

    kind: str  # title, route, hop, levers, timeline, step, message
    title: str
    lines: list[str] = field(default_factory=list)
    status: str = ""
    sources: list[Citation] = field(default_factory=list)
    figure: dict[str, Any] | None = None
    section: str = ""


def citations(ds: Dataset, ids: tuple[str, ...] | list[str], limit: int | None = None) -> list[Citation]:
    """Citations for source ids, in order, without repeats; past ``limit``, one line says how many more."""
    out = []
    unique = list(dict.fromkeys(ids))
    for sid in unique[:limit]:
        src = ds.sources.get(sid)
        if src is None:
            out.append(Citation(sid, "", ""))
        else:
            out.append(Citation(src.title or sid, ", ".join(x for x in (src.publisher, src.date) if x), src.url))
    if limit is not None and len(unique) > limit:
        out.append(Citation(f"and {len(unique) - limit} more sources, listed in the handout", "", ""))
    return out


def _names(ds: Dataset, refs: tuple[str, ...]) -> str:
    return " or ".join(ref_names(ds, refs)) or "nowhere"


def question(ds: Dataset, state: ViewState) -> str:
    """The question a view answers, in words."""
    when = f", as of {state.as_of}" if state.as_of else ""
    return (f"By which routes can a student's record at {_names(ds, state.origins)} reach "
            f"{_names(ds, state.targets)}{when}?")


def _map(ds: Dataset, state: ViewState, route_nodes: list[tuple[str, ...]], selected: tuple[str, ...] = (),
         cut: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    sel = MapSelection.under(ds, state.filters(ds), route_nodes=route_nodes, selected=selected, cut_pairs=cut or [],
                             origins=[r[0] for r in route_nodes], targets=[r[-1] for r in route_nodes],
                             show_context=False, only={n for r in route_nodes for n in r} if route_nodes else None)
    columns = len({ds.nodes[n].kind for r in route_nodes for n in r}) or 6
    fig = network_figure(ds, sel, height=560, label_size=14, label_width=12 if columns > 4 else 16)
    fig["layout"]["showlegend"] = False  # the slide says in words what the legend would
    return fig


def _route_slides(ds: Dataset, state: ViewState, route: Route, number: int, total: int) -> list[Slide]:
    section = f"Route {number} of {total}" if total > 1 else "The route"
    slides = [Slide("route", " → ".join(route.labels), [route.sentence,
                    f"This route is only as strong as its weakest link: {route.strength} "
                    f"({STATUS_MEANINGS[route.strength]})."], route.strength,
                    figure=_map(ds, state, [route.nodes], route.nodes), section=section)]
    for i, hop in enumerate(route.hops, 1):
        when = " – ".join(x for x in (hop.start, hop.end) if x)
        lines = [f"What moves: {hop.carries or hop.relation.replace('_', ' ') or 'information'}.",
                 f"Evidence: {hop.status} — {STATUS_MEANINGS[hop.status]}."]
        if when:
            lines.append(f"When: {when}.")
        slides.append(Slide("hop", f"{ds.label(hop.source)} → {ds.label(hop.target)}", lines, hop.status,
                            citations(ds, hop.sources, _SOURCES_ON_SLIDE),
                            _map(ds, state, [route.nodes], (hop.source, hop.target)),
                            f"{section}, step {i} of {route.length}"))
    return slides


def view_slides(ds: Dataset, state: ViewState, today: dt.date | None = None) -> list[Slide]:
    """Slides for a view: title, each route (overview, then hop by hop), the levers, the timeline.

    Examples
    --------
    >>> import network
    >>> from network.viewstate import validate, decode
    >>> state, _ = validate(network.load(), decode("?from=ebhs&asof=2016-06-01&route=ebhs>bsp>bric>ice_ero"))
    >>> [s.kind for s in view_slides(network.load(), state)]
    ['title', 'route', 'hop', 'hop', 'hop', 'levers', 'timeline']
    """
    today = today or dt.date.today()
    head = Slide("title", question(ds, state), [ds.title, f"Presented {today.isoformat()}",
                                                str(ds.meta.get("license", ""))])
    if not state.origins or not state.targets:
        return [head, Slide("message", "Pick an origin and a target in the explorer first.")]
    try:
        rs = trace(ds, max_routes=1000, time_budget=5.0, **state.trace_args())
    except NetworkDataError as err:
        return [head, Slide("message", "This view cannot be traced.", [str(err)])]
    head.lines.insert(1, f"{rs.describe().capitalize()} found.")
    chosen = [r for r in rs.routes if ">".join(r.nodes) == state.route] or rs.routes[:_MAX_ROUTES]
    slides = [head]
    for i, route in enumerate(chosen, 1):
        slides += _route_slides(ds, state, route, i, len(chosen))
    if not rs.routes:
        slides.append(Slide("message", "No route.", ["In this view no route reaches the target."]))
        return slides
    lv = levers(ds, time_budget=5.0, **state.trace_args())
    lines = [lv.describe(ds)]
    lines += [f"{c.share:.0%} of routes pass through {c.label}." for c in lv.chokepoints[:3]]
    slides.append(Slide("levers", "What would cut every route", lines,
                        figure=_map(ds, state, [r.nodes for r in rs.routes], cut=lv.edge_cut_pairs)))
    on_routes = {e for r in chosen for h in r.hops for e in h.edge_ids}
    events = [ev for ev in ds.events if set(ev.opens + ev.closes) & on_routes] or list(ds.events)
    events = events[-_EVENTS_ON_SLIDE:]
    slides.append(Slide("timeline", "When these links opened and closed",
                        [f"{ev.date} — {ev.title}" for ev in events],
                        sources=citations(ds, [s for ev in events for s in ev.sources[:1]], _SOURCES_ON_SLIDE)))
    return slides


def story_slides(ds: Dataset, story: Story, today: dt.date | None = None) -> list[Slide]:
    """Slides for a story: a title slide, then one slide per step with its map, caption and sources."""
    today = today or dt.date.today()
    slides = [Slide("title", story.title, [story.description, ds.title, f"Presented {today.isoformat()}"])]
    for i, step in enumerate(story.steps, 1):
        try:
            rs = trace(ds, max_routes=200, time_budget=5.0, **step.view.trace_args())
            routes = [r.nodes for r in rs.routes]
        except NetworkDataError:
            routes = []
        selected = tuple(step.view.route.split(">")) if step.view.route else ()
        slides.append(Slide("step", step.title, [step.caption],
                            sources=citations(ds, step.sources, _SOURCES_ON_SLIDE),
                            figure=_map(ds, step.view, routes, selected),
                            section=f"Step {i} of {len(story.steps)}"
                            + (f" · as of {step.view.as_of}" if step.view.as_of else "")))
    return slides
