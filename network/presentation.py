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

from . import i18n
from .citations import Citation, citation
from .errors import NetworkDataError
from .figures import MapSelection, network_figure
from .flowindex import Hop
from .handout import date_text, meta_text, shared_words, status_word
from .i18n import _, ngettext
from .levers import levers
from .lexicon import contract, event_title, institution, things_phrase
from .model import Dataset, Event
from .model import text as text_of
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
from .slidefit import InEnglish, Slide, fit
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
        out.append(Citation("", ngettext("and {n} more source, listed in the handout",
                                         "and {n} more sources, listed in the handout", more).format(n=more)))
    return out


def _upper_first(text: str) -> str:
    """The text with its first letter capitalised and the rest untouched (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


def _tags(route: Route, rs: RouteSet) -> list[str]:
    tags = [_("possible route")] if route.possible else []
    if rs.over_all_dates:
        tags.append(_("open today") if route.open_today else _("closed today"))
    return tags


def shown_line(rs: RouteSet, shown: int, selected: bool = False) -> str:
    """How many of the routes found the slides show, and where the others are listed."""
    n = rs.count
    if n == 0:
        return _("No route reaches the target in this view.")
    rest, in_handout = n - shown, n <= _HANDOUT_ROUTES
    numbers = {"n": i18n.number(rest), "shown": i18n.number(shown), "first": i18n.number(_HANDOUT_ROUTES)}
    if selected and not rest:
        return _("These slides show the route chosen in the explorer.")
    if selected:
        return (ngettext("These slides show the route chosen in the explorer; the other {n} is in the handout.",
                         "These slides show the route chosen in the explorer; the other {n} are in the handout.", rest)
                if in_handout else
                ngettext("These slides show the route chosen in the explorer; the other {n} is in the explorer and "
                         "the command line (the handout lists the first {first}).",
                         "These slides show the route chosen in the explorer; the other {n} are in the explorer and "
                         "the command line (the handout lists the first {first}).", rest)).format(**numbers)
    if rest <= 0:
        text = _("These slides show it.") if n == 1 else _("These slides show all {n}.").format(n=i18n.number(n))
    elif in_handout:
        text = ngettext("These slides show the first {shown}; {n} more route is in the handout.",
                        "These slides show the first {shown}; {n} more routes are in the handout.", rest
                        ).format(**numbers)
    else:
        text = ngettext("These slides show the first {shown}; {n} more route is in the explorer and the command line "
                        "(the handout lists the first {first}).",
                        "These slides show the first {shown}; {n} more routes are in the explorer and the command "
                        "line (the handout lists the first {first}).", rest).format(**numbers)
    if not rs.complete:
        text += " " + _("The search was cut, so more routes may exist: the command line can search without a limit.")
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

def _carried(ds: Dataset, hop: Hop) -> str:
    """What a hop carries, in words: 'incident reports or student information' (in another language, as the
    route's sentence says it: the links' own translations, else the catalogue's)."""
    if i18n.language() != i18n.DEFAULT:
        return things_phrase(ds, hop.edge_ids if hop.carries else (), hop.relation)[0]
    values = [v.strip() for part in hop.carries.split(", or ") for v in part.split(";") if v.strip()]
    return ((" " + _("or") + " ").join(dict.fromkeys(values)) or " ".join(hop.relation.replace("_", " ").split())
            or _("information"))


def _handoff_line(ds: Dataset, route: Route, i: int) -> str:
    """For hop i of a route (0-based) into a middle institution, what the sources show about that institution
    passing on what it received: 'Passed on to ICE ERO? Disputed (recorded; sources in the handout).'"""
    if i >= len(route.handoffs):
        return ""
    step = route.handoffs[i]
    to = institution(ds, step.passed_to)  # in Spanish with its article ("¿Se transmite al Centro...?")
    if not step.established:
        return contract(_("Passed on to {to}? Not established: no source shows it.").format(to=to))
    shared = shared_words(ds, route, step)
    how = (_("implied: both links carry {carried}").format(carried=shared) if step.basis == "implied" and step.shared
           else _("recorded; sources in the handout") if step.basis == "recorded" else step.basis)
    # Translators: {status} is an evidence status ("Documented"), {how} where it comes from
    return contract(_("Passed on to {to}? {status} ({how}).").format(
        to=to, status=_upper_first(status_word(step.status)), how=how))


def _route_slides(ds: Dataset, state: ViewState, rs: RouteSet, route: Route, number: int, total: int
                  ) -> list[Slide]:
    section = _("Route {number} of {total}").format(number=number, total=total) if total > 1 else _("The route")
    lines = [strength_line(ds, route), time_line(route, rs), route.sentence]
    closed = [route.nodes] if rs.over_all_dates and not route.open_today else []
    slides = [Slide("route", " → ".join(route.labels), [x for x in lines if x], route.strength,
                    figure=_map(ds, state, [route.nodes], route.nodes, closed=closed), section=section,
                    tags=_tags(route, rs))]
    for i, hop in enumerate(route.hops):
        when = " – ".join(date_text(x) for x in (hop.start, hop.end) if x)
        lines = [_("What moves: {carried}.").format(carried=_carried(ds, hop)),  # the status itself is in its box
                 _("Evidence: {meaning}.").format(meaning=STATUS_MEANINGS[hop.status])]
        if when:
            lines.append(_("When: {when}.").format(when=when))
        if handoff := _handoff_line(ds, route, i):
            lines.append(handoff)
        slides.append(Slide("hop", f"{ds.label(hop.source)} → {ds.label(hop.target)}", lines, hop.status,
                            citations(ds, hop.sources, _SOURCES_ON_SLIDE),
                            _map(ds, state, [route.nodes], (hop.source, hop.target), closed=closed),
                            _("{section}, step {number} of {total}").format(section=section, number=i + 1,
                                                                             total=route.length)))
    return slides


def _outcomes_slide(ds: Dataset, outcomes: list[Event]) -> Slide:
    lines = [outcome_sentence(ds, ev) for ev in outcomes]
    lines.append(_("An outcome shows that a record arrived, not by which route: it raises no route's strength."))
    return Slide("outcomes", _("What the sources say arrived"), lines,
                 sources=citations(ds, [s for ev in outcomes for s in ev.sources], _SOURCES_ON_SLIDE))


def _more_slide(rs: RouteSet, shown: int) -> Slide:
    more = rs.count - shown
    count, first = i18n.number(rs.count), i18n.number(_HANDOUT_ROUTES)
    lines = [_("These slides showed routes 1 to {shown} of the {count} found, shortest first.").format(
        shown=i18n.number(shown), count=count)]
    if rs.count <= _HANDOUT_ROUTES:
        # Translators: {n} routes not shown on slides (the English says "are" even for one; say it rightly)
        lines.append(ngettext("The other {n} are in the handout, each with its evidence, its handoffs and its sources.",
                              "The other {n} are in the handout, each with its evidence, its handoffs and its sources.",
                              more).format(n=i18n.number(more)))
    else:
        lines.append(_("The handout lists the first {first}, each with its evidence and sources; the explorer and the "
                       "command line (entangle paths) list all {count}.").format(first=first, count=count))
    if not rs.complete:
        lines.append(_("The search was cut: {how}.").format(how=rs.describe()))
    return Slide("more", ngettext("{n} more route", "{n} more routes", more).format(n=i18n.number(more)), lines)


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
    license, license_lang = meta_text(ds, "license")
    tail = [_("Presented {date}").format(date=date_text(today)),
            InEnglish(str(license or "")) if license_lang else str(license or "")]
    if not ds.assesses_continuity:
        tail.insert(0, _(CONTINUITY_NOT_ASSESSED))
    if not state.origins or not state.targets:
        head.lines += tail
        return _fitted([head, Slide("message", _("Pick an origin and a target in the explorer first."))])
    try:
        rs = trace(ds, **CAPS["slides"].trace_args(), **state.trace_args())
    except NetworkDataError as err:
        head.lines += tail
        return _fitted([head, Slide("message", _("This view cannot be traced."), [str(err)])])
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
        slides.append(Slide("message", _("No route."), [_("In this view no route reaches the target.")]))
        return _fitted(slides)
    if not selected and rs.count > len(chosen):
        slides.append(_more_slide(rs, len(chosen)))
    lv = levers(ds, time_budget=CAPS["slides"].time_budget, **state.trace_args())
    lines = [lv.describe(ds)]
    lines += [_("{share} of routes pass through {label}.").format(share=f"{c.share:.0%}", label=c.label)
              for c in lv.chokepoints[:3]]
    closed = [r.nodes for r in rs.routes if not r.open_today] if rs.over_all_dates else []
    slides.append(Slide("levers", _("What would cut every route"), lines,
                        figure=_map(ds, state, [r.nodes for r in rs.routes], cut=lv.edge_cut_pairs, closed=closed)))
    on_routes = {e for r in chosen for h in r.hops for e in h.edge_ids}
    events = [ev for ev in ds.events if set(ev.opens + ev.closes) & on_routes] or list(ds.events)
    events = events[-_EVENTS_ON_SLIDE:]
    slides.append(Slide("timeline", _("When these links opened and closed"),
                        [f"{date_text(ev.date)} — {event_title(ev)}" for ev in events],
                        sources=citations(ds, [s for ev in events for s in ev.sources[:1]], _SOURCES_ON_SLIDE)))
    return _fitted(slides)


def story_slides(ds: Dataset, story: Story, today: dt.date | None = None) -> list[Slide]:
    """Slides for a story: a title slide, then one slide per step with its map, caption and sources (a caption
    too long for one slide goes on over a continued slide)."""
    today = today or dt.date.today()
    lines = [text_of(story, "description"), ds.title]
    if not ds.assesses_continuity:
        lines.append(_(CONTINUITY_NOT_ASSESSED))
    slides = [Slide("title", text_of(story, "title"), [*lines, _("Presented {date}").format(date=date_text(today))])]
    for i, step in enumerate(story.steps, 1):
        try:
            rs = trace(ds, **CAPS["story"].trace_args(), **step.view.trace_args())
            routes = [r.nodes for r in rs.routes]
        except NetworkDataError:
            routes = []
        selected = split_route(step.view.route)
        slides.append(Slide("step", text_of(step, "title"), [text_of(step, "caption")],
                            sources=citations(ds, step.sources, _SOURCES_ON_SLIDE),
                            figure=_map(ds, step.view, routes, selected),
                            section=_("Step {number} of {total}").format(number=i, total=len(story.steps))
                            + (" · " + _("as of {date}").format(date=date_text(step.view.as_of))
                               if step.view.as_of else "")))
    return _fitted(slides)
