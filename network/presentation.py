"""Slides for a hearing: a view (its routes, hop by hop, the outcomes, the levers and the timeline) or a story,
as data.

Pure: ``view_slides`` and ``story_slides`` build a list of ``Slide``; ``network.pages`` renders them as a
self-contained HTML presentation. Every text is plain text (the renderer escapes it).

What is presented is what was found: the title slide gives the true count of routes and how many the slides
show; every route gets its slides up to ``MAX_ROUTES``, and past it one slide says how many more there are and
where they are listed. A slide never cuts text: ``network.slidefit.fit`` sets it at the largest size that fits
and carries the rest over "continued" slides with the same title.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from .citations import Citation, citation
from .errors import NetworkDataError
from .figures import MapSelection, network_figure
from .flowindex import Hop
from .levers import levers
from .model import Dataset, Event
from .narrative import (
    CONTINUITY_NOT_ASSESSED,
    outcome_sentence,
    question,
    route_outcomes,
    strength_line,
    time_line,
)
from .paths import trace
from .query import CAPS
from .routes import Route, RouteSet
from .slidefit import Slide, fit
from .story import Story
from .viewstate import ViewState, join_route, split_route
from .vocabulary import STATUS_MEANINGS

__all__ = ["view_slides", "story_slides", "citations", "shown_line", "MAX_ROUTES"]

MAX_ROUTES = CAPS["slides"].shown  # routes with slides of their own; past it, one slide says how many more
_HANDOUT_ROUTES = CAPS["handout"].shown  # how many the handout lists, where the slides send the rest
_EVENTS_ON_SLIDE = 10
_SOURCES_ON_SLIDE = 3  # more would not fit in large type; the handout lists them all


def citations(ds: Dataset, ids: tuple[str, ...] | list[str], limit: int | None = None) -> list[Citation]:
    """Citations for source ids, in order, without repeats; past ``limit``, one line says how many more."""
    unique = list(dict.fromkeys(ids))
    out = [citation(ds, sid) for sid in unique[:limit]]
    if limit is not None and len(unique) > limit:
        more = len(unique) - limit
        out.append(Citation("", f"and {more} more {'source' if more == 1 else 'sources'}, listed in the handout"))
    return out


def _upper_first(text: str) -> str:
    """The text with its first letter capitalised and the rest untouched (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


def _tags(route: Route, rs: RouteSet) -> list[str]:
    tags = ["possible route"] if route.possible else []
    if rs.over_all_dates:
        tags.append("open today" if route.open_today else "closed today")
    return tags


def shown_line(rs: RouteSet, shown: int, selected: bool = False) -> str:
    """How many of the routes found the slides show, and where the others are listed."""
    n = rs.count
    elsewhere = ("in the handout" if n <= _HANDOUT_ROUTES else
                 f"in the explorer and the command line (the handout lists the first {_HANDOUT_ROUTES:,})")
    if n == 0:
        return "No route reaches the target in this view."
    rest = n - shown
    if selected:
        return ("These slides show the route chosen in the explorer" +
                (f"; the other {rest:,} {'is' if rest == 1 else 'are'} {elsewhere}." if rest else "."))
    if rest <= 0:
        text = "These slides show it." if n == 1 else f"These slides show all {n:,}."
    else:
        text = (f"These slides show the first {shown:,}; {rest:,} more {'route is' if rest == 1 else 'routes are'} "
                f"{elsewhere}.")
    if not rs.complete:
        text += " The search was cut, so more routes may exist: the command line can search without a limit."
    return text


# --- Maps ---------------------------------------------------------------------------------------------------

def _map(ds: Dataset, state: ViewState, route_nodes: list[tuple[str, ...]], selected: tuple[str, ...] = (),
         cut: list[tuple[str, str]] | None = None, closed: list[tuple[str, ...]] | None = None) -> dict[str, Any]:
    """A map of the routes for the half of a slide beside the text; ``closed`` routes (over all dates, closed
    today) are drawn as closed."""
    sel = MapSelection.under(ds, state.filters(ds), route_nodes=route_nodes, selected=selected, cut_pairs=cut or [],
                             origins=[r[0] for r in route_nodes], targets=[r[-1] for r in route_nodes],
                             closed_routes=closed or [], show_context=False,
                             only={n for r in route_nodes for n in r} if route_nodes else None)
    columns = len({ds.nodes[n].kind for r in route_nodes for n in r}) or 6
    # labels wrapped to the width of a column, so that neighbours do not run into each other: the map is about
    # 470 design pixels wide, and a label character about 0.6 of its size
    size = 13 if columns <= 5 else 11
    width = max(7, int(470 / columns / (size * 0.6)) - 2)
    fig = network_figure(ds, sel, height=560, label_size=size, label_width=width)
    fig["layout"]["showlegend"] = False  # the slide says in words what the legend would
    return fig


def _fitted(slides: list[Slide]) -> list[Slide]:
    return [part for s in slides for part in fit(s)]


# --- The slides of a view ---------------------------------------------------------------------------------

def _carried(hop: Hop) -> str:
    """What a hop carries, in words: 'incident reports or student information'."""
    values = [v.strip() for part in hop.carries.split(", or ") for v in part.split(";") if v.strip()]
    return " or ".join(dict.fromkeys(values)) or " ".join(hop.relation.replace("_", " ").split()) or "information"


def _handoff_line(ds: Dataset, route: Route, i: int) -> str:
    """For hop i of a route (0-based) into a middle institution, what the sources show about that institution
    passing on what it received: 'Passed on to ICE ERO? Disputed (recorded; sources in the handout).'"""
    if i >= len(route.handoffs):
        return ""
    step = route.handoffs[i]
    to = ds.label(step.passed_to)
    if not step.established:
        return f"Passed on to {to}? Not established: no source shows it."
    how = (f"implied: both links carry {' and '.join(step.shared)}" if step.basis == "implied" and step.shared
           else "recorded; sources in the handout" if step.basis == "recorded" else step.basis)
    return f"Passed on to {to}? {_upper_first(step.status)} ({how})."


def _route_slides(ds: Dataset, state: ViewState, rs: RouteSet, route: Route, number: int, total: int
                  ) -> list[Slide]:
    section = f"Route {number} of {total}" if total > 1 else "The route"
    lines = [strength_line(ds, route), time_line(route, rs), route.sentence]
    closed = [route.nodes] if rs.over_all_dates and not route.open_today else []
    slides = [Slide("route", " → ".join(route.labels), [x for x in lines if x], route.strength,
                    figure=_map(ds, state, [route.nodes], route.nodes, closed=closed), section=section,
                    tags=_tags(route, rs))]
    for i, hop in enumerate(route.hops):
        when = " – ".join(x for x in (hop.start, hop.end) if x)
        lines = [f"What moves: {_carried(hop)}.",
                 f"Evidence: {STATUS_MEANINGS[hop.status]}."]  # the status itself is on the slide, in its box
        if when:
            lines.append(f"When: {when}.")
        if handoff := _handoff_line(ds, route, i):
            lines.append(handoff)
        slides.append(Slide("hop", f"{ds.label(hop.source)} → {ds.label(hop.target)}", lines, hop.status,
                            citations(ds, hop.sources, _SOURCES_ON_SLIDE),
                            _map(ds, state, [route.nodes], (hop.source, hop.target), closed=closed),
                            f"{section}, step {i + 1} of {route.length}"))
    return slides


def _outcomes_slide(ds: Dataset, outcomes: list[Event]) -> Slide:
    lines = [outcome_sentence(ds, ev) for ev in outcomes]
    lines.append("An outcome shows that a record arrived, not by which route: it raises no route's strength.")
    return Slide("outcomes", "What the sources say arrived", lines,
                 sources=citations(ds, [s for ev in outcomes for s in ev.sources], _SOURCES_ON_SLIDE))


def _more_slide(rs: RouteSet, shown: int) -> Slide:
    more = rs.count - shown
    lines = [f"These slides showed routes 1 to {shown:,} of the {rs.count:,} found, shortest first."]
    if rs.count <= _HANDOUT_ROUTES:
        lines.append(f"The other {more:,} are in the handout, each with its evidence, its handoffs and its sources.")
    else:
        lines.append(f"The handout lists the first {_HANDOUT_ROUTES:,}, each with its evidence and sources; "
                     f"the explorer and the command line (entangle paths) list all {rs.count:,}.")
    if not rs.complete:
        lines.append(f"The search was cut: {rs.describe()}.")
    return Slide("more", f"{more:,} more {'route' if more == 1 else 'routes'}", lines)


def view_slides(ds: Dataset, state: ViewState, today: dt.date | None = None) -> list[Slide]:
    """Slides for a view: title, the outcomes beside the routes, each route (overview, then hop by hop; past
    ``MAX_ROUTES``, one slide saying how many more), the levers, the timeline. Text too long for one slide goes
    on over continued slides (``fit``).

    Examples
    --------
    >>> import network
    >>> from network.viewstate import validate, decode
    >>> state, _ = validate(network.load(), decode("?from=ebhs&asof=2016-06-01&route=ebhs>bsp>bric>ice_ero"))
    >>> kinds = [s.kind for s in view_slides(network.load(), state) if not s.continued]
    >>> kinds[0], kinds.count("route"), kinds.count("hop"), kinds[-2:]
    ('title', 1, 3, ['levers', 'timeline'])
    """
    today = today or dt.date.today()
    head = Slide("title", question(ds, state), [ds.title])
    tail = [f"Presented {today.isoformat()}", str(ds.meta.get("license", ""))]
    if not ds.assesses_continuity:
        tail.insert(0, CONTINUITY_NOT_ASSESSED)
    if not state.origins or not state.targets:
        head.lines += tail
        return _fitted([head, Slide("message", "Pick an origin and a target in the explorer first.")])
    try:
        rs = trace(ds, **CAPS["slides"].trace_args(), **state.trace_args())
    except NetworkDataError as err:
        head.lines += tail
        return _fitted([head, Slide("message", "This view cannot be traced.", [str(err)])])
    selected = [r for r in rs.routes if join_route(r.nodes) == state.route]
    chosen = selected or list(rs.routes[:MAX_ROUTES])
    head.lines += [f"{_upper_first(rs.describe())}.", shown_line(rs, len(chosen), bool(selected)), *tail]
    slides = [head]
    outcomes = route_outcomes(ds, rs)
    if outcomes:
        slides.append(_outcomes_slide(ds, outcomes))
    for i, route in enumerate(chosen, 1):
        slides += _route_slides(ds, state, rs, route, i, len(chosen))
    if not rs.routes:
        slides.append(Slide("message", "No route.", ["In this view no route reaches the target."]))
        return _fitted(slides)
    if not selected and rs.count > len(chosen):
        slides.append(_more_slide(rs, len(chosen)))
    lv = levers(ds, time_budget=CAPS["slides"].time_budget, **state.trace_args())
    lines = [lv.describe(ds)]
    lines += [f"{c.share:.0%} of routes pass through {c.label}." for c in lv.chokepoints[:3]]
    closed = [r.nodes for r in rs.routes if not r.open_today] if rs.over_all_dates else []
    slides.append(Slide("levers", "What would cut every route", lines,
                        figure=_map(ds, state, [r.nodes for r in rs.routes], cut=lv.edge_cut_pairs, closed=closed)))
    on_routes = {e for r in chosen for h in r.hops for e in h.edge_ids}
    events = [ev for ev in ds.events if set(ev.opens + ev.closes) & on_routes] or list(ds.events)
    events = events[-_EVENTS_ON_SLIDE:]
    slides.append(Slide("timeline", "When these links opened and closed",
                        [f"{ev.date} — {ev.title}" for ev in events],
                        sources=citations(ds, [s for ev in events for s in ev.sources[:1]], _SOURCES_ON_SLIDE)))
    return _fitted(slides)


def story_slides(ds: Dataset, story: Story, today: dt.date | None = None) -> list[Slide]:
    """Slides for a story: a title slide, then one slide per step with its map, caption and sources (a caption
    too long for one slide goes on over a continued slide)."""
    today = today or dt.date.today()
    lines = [story.description, ds.title]
    if not ds.assesses_continuity:
        lines.append(CONTINUITY_NOT_ASSESSED)
    slides = [Slide("title", story.title, [*lines, f"Presented {today.isoformat()}"])]
    for i, step in enumerate(story.steps, 1):
        try:
            rs = trace(ds, **CAPS["story"].trace_args(), **step.view.trace_args())
            routes = [r.nodes for r in rs.routes]
        except NetworkDataError:
            routes = []
        selected = split_route(step.view.route)
        slides.append(Slide("step", step.title, [step.caption],
                            sources=citations(ds, step.sources, _SOURCES_ON_SLIDE),
                            figure=_map(ds, step.view, routes, selected),
                            section=f"Step {i} of {len(story.steps)}"
                            + (f" · as of {step.view.as_of}" if step.view.as_of else "")))
    return _fitted(slides)
