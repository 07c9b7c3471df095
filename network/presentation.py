"""Slides for a hearing: a view (its routes, hop by hop, the outcomes, the levers and the timeline) or a story,
as data.

Pure: ``view_slides`` and ``story_slides`` build a list of ``Slide``; ``network.pages`` renders them as a
self-contained HTML presentation. Every text is plain text (the renderer escapes it).

What is presented is what was found: the title slide gives the true count of routes and how many the slides
show; every route gets its slides up to ``MAX_ROUTES``, and past it one slide says how many more there are and
where they are listed. A slide never cuts text: ``fit`` lays each slide out for the smallest screen the
slides promise (``SCREEN``) with a conservative estimate of how much text fits, and where it does not, the text
goes on over "continued" slides with the same title. ``tests/browser/test_hearing_browser.py`` measures every
slide in Chromium and is the judge of the estimate.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field, replace
from typing import Any

from .citations import Citation, citation
from .errors import NetworkDataError
from .export import route_outcomes
from .figures import MapSelection, network_figure
from .flowindex import Hop
from .levers import levers
from .model import STATUS_MEANINGS, Dataset, Event
from .narrative import CONTINUITY_NOT_ASSESSED, outcome_sentence, ref_names
from .paths import trace
from .query import CAPS
from .routes import Route, RouteSet
from .story import Story
from .timing import date_words
from .viewstate import ViewState

__all__ = ["Slide", "view_slides", "story_slides", "question", "citations", "fit", "strength_line",
           "time_line", "shown_line", "MAX_ROUTES", "SCREEN"]

MAX_ROUTES = CAPS["slides"].shown or 10  # routes with slides of their own; past it, one slide says how many more
_EVENTS_ON_SLIDE = 10
_SOURCES_ON_SLIDE = 3  # more would not fit in large type; the handout lists them all


@dataclass
class Slide:
    """One slide: a title, lines of large text, an evidence status, citations and a map.

    A slide whose text does not fit is shown as ``parts`` slides; this is part ``part`` (1 for the first).
    ``sizes`` are the title's and the text's font sizes in CSS pixels (set by ``fit``; present.css reads them).
    """

    kind: str  # title, route, hop, outcomes, more, levers, timeline, step, message
    title: str
    lines: list[str] = field(default_factory=list)
    status: str = ""
    sources: list[Citation] = field(default_factory=list)
    figure: dict[str, Any] | None = None
    section: str = ""
    tags: list[str] = field(default_factory=list)  # plain words beside the status: "possible route", "closed today"
    part: int = 1
    parts: int = 1
    sizes: tuple[int, int] = (0, 0)

    @property
    def continued(self) -> bool:
        return self.part > 1


def citations(ds: Dataset, ids: tuple[str, ...] | list[str], limit: int | None = None) -> list[Citation]:
    """Citations for source ids, in order, without repeats; past ``limit``, one line says how many more."""
    unique = list(dict.fromkeys(ids))
    out = [citation(ds, sid) for sid in unique[:limit]]
    if limit is not None and len(unique) > limit:
        more = len(unique) - limit
        out.append(Citation("", f"and {more} more {'source' if more == 1 else 'sources'}, listed in the handout"))
    return out


def _names(ds: Dataset, refs: tuple[str, ...]) -> str:
    return " or ".join(ref_names(ds, refs)) or "nowhere"


def _upper_first(text: str) -> str:
    """The text with its first letter capitalised and the rest untouched (str.capitalize lowers the rest)."""
    return text[:1].upper() + text[1:]


def question(ds: Dataset, state: ViewState) -> str:
    """The question a view answers, in words."""
    when = f", as of {state.as_of}" if state.as_of else ""
    return (f"By which routes can a student's record at {_names(ds, state.origins)} reach "
            f"{_names(ds, state.targets)}{when}?")


# --- Words for a route's strength and time -----------------------------------------------------------------

def strength_line(ds: Dataset, route: Route) -> str:
    """The route's strength in words, with its weakest link beside it and, for a possible route, why:
    'Strength: unknown (a handoff is not established); weakest link: acknowledged (the institution itself says
    so); a possible route: it is not established that records are passed on at Boston Police Department.'"""
    s, links = route.strength, route.links_strength
    if not route.continuity_assessed:
        return f"Strength: {s} ({STATUS_MEANINGS[s]}), that of its weakest link; continuity not assessed."
    gaps = [ds.label(h.at) for h in route.handoffs if not h.established]
    weakest = [ds.label(h.at) for h in route.handoffs if h.established and h.status == s]
    if s == links:
        why = STATUS_MEANINGS[s]
    elif gaps and s == "unknown":
        why = "a handoff is not established"
    else:
        why = f"{STATUS_MEANINGS[s]}: the handoff at {' and '.join(weakest) or 'an institution on it'}"
    text = f"Strength: {s} ({why}); weakest link: {links}"
    if links != s:
        text += f" ({STATUS_MEANINGS[links]})"
    if gaps:
        text += f"; a possible route: it is not established that records are passed on at {' or '.join(gaps)}"
    return text + "."


def time_line(route: Route, rs: RouteSet) -> str:
    """Whether the route is open today, when the view covers all dates: 'Closed today: could be taken between
    2014 and 20 October 2021.' Empty for a view as of one date, or a data set with no dates."""
    if not rs.over_all_dates:
        return ""
    w = route.window
    first, last = date_words(w.first_text), date_words(w.last_text)
    if route.open_today:
        return f"Open today (since {first})." if first else "Open today."
    if first and last:
        return f"Closed today: could be taken between {first} and {last}."
    if last:
        return f"Closed today: could be taken until {last}."
    return "Closed today."


def _tags(route: Route, rs: RouteSet) -> list[str]:
    tags = ["possible route"] if route.possible else []
    if rs.over_all_dates:
        tags.append("open today" if route.open_today else "closed today")
    return tags


def shown_line(rs: RouteSet, shown: int, selected: bool = False) -> str:
    """How many of the routes found the slides show, and where the others are listed."""
    from .handout import MAX_HANDOUT_ROUTES  # the handout builds on this module: imported when used

    n = rs.count
    elsewhere = ("in the handout" if n <= MAX_HANDOUT_ROUTES else
                 f"in the explorer and the command line (the handout lists the first {MAX_HANDOUT_ROUTES:,})")
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


# --- Fitting text to the screen ------------------------------------------------------------------------------

#: The screen every slide is laid out for, in design pixels. present.css scales a design pixel to
#: min(100vw / 1024, 100vh / 720), so this box fits on every screen at the same proportions: 1024×768 (4:3)
#: shows it at scale 1 with room to spare below, 1440×900 at 1.25 with room beside, 1920×1080 at 1.5.
SCREEN = (1024, 720)
# These repeat present.css (keep them in step): the footer, the slide's padding, the gap beside a map, the
# share of the width the text takes beside a map, line heights and the space after each block.
_FOOTER, _PAD_TOP, _PAD_BOTTOM, _PAD_X, _GAP = 44, 24, 8, 40, 28
_TEXT_SHARE = 0.5
_LEADING, _TITLE_LEADING, _SOURCE_LEADING = 1.35, 1.2, 1.3
_P_AFTER, _H1_AFTER, _SECTION_AFTER, _SOURCES_BOX = 12, 14, 6, 11
_SECTION_PX, _SOURCE_PX = 20, 18
_TITLE_TOP = 40  # the title slide's heading starts lower
_CHIP_BORDERS = 10  # the status chip's borders, above and below
# Average character widths in em, rounded up from DejaVu Sans (Chromium's default on Debian, wider than
# Arial, Helvetica or Segoe UI) on route sentences: 0.51 regular, 0.58 bold, 0.66 capitals (the section line).
_EM, _BOLD_EM, _CAPS_EM = 0.56, 0.64, 0.74
_SLACK = 12  # design pixels left free under the text, for what the estimate misses
#: By kind of slide: the title's font size, and the text's largest and smallest, in design pixels. A text is
#: set at the largest size that needs no more slides than the smallest would.
_SIZES = {"title": (44, 26, 22), "route": (30, 24, 20), "hop": (28, 26, 20), "step": (32, 24, 20),
          "outcomes": (32, 24, 20), "more": (38, 28, 24), "levers": (34, 26, 22), "timeline": (34, 24, 20),
          "message": (38, 28, 22)}
_MIN_TITLE = 22


def _wrap(text: str, per_line: int) -> list[list[str]]:
    """The words of ``text`` as lines of at most ``per_line`` characters (a longer word takes a line alone,
    where the page breaks it: overflow-wrap)."""
    lines: list[list[str]] = []
    length = 0
    for word in text.split():
        n = len(word)
        if lines and length + 1 + n <= per_line:
            lines[-1].append(word)
            length += 1 + n
        else:
            for _ in range(max(1, math.ceil(n / per_line)) - 1):
                lines.append([])  # a word broken over lines
            lines.append([word])
            length = n % per_line or per_line
    return lines


def _per_line(width: float, size: float, em: float) -> int:
    return max(8, int(width / (size * em)))


def _height(text: str, width: float, size: float, em: float, leading: float, after: float) -> float:
    return len(_wrap(text, _per_line(width, size, em))) * size * leading + after if text else 0.0


def _split(text: str, width: float, size: float, room: float) -> tuple[str, str]:
    """The longest start of ``text`` whose lines fit in ``room`` pixels (preferring to end a sentence or a
    clause), and the rest; an ellipsis marks where the text goes on."""
    per, line_h = _per_line(width, size, _EM), size * _LEADING
    fit_lines = int((room - _P_AFTER) // line_h)
    if fit_lines < 1:
        return "", text
    words = [w for line in _wrap(text, per)[:fit_lines] for w in line]
    if len(words) >= len(text.split()):
        return text, ""
    cut = len(words)
    for i in range(len(words) - 1, max(0, int(len(words) * 0.6)) - 1, -1):
        if words[i].endswith((".", ";", ":")):  # end the slide at a sentence or clause where one is near
            cut = i + 1
            break
    rest = text.split()
    cut = max(1, cut)
    while True:
        head = " ".join(rest[:cut])
        if not head.endswith("."):  # the ellipsis is held to the last word (a no-break space), and must fit too
            head += "\u00a0…"
        if cut == 1 or len(_wrap(head, per)) <= fit_lines:
            break
        cut -= 1
    tail = " ".join(rest[cut:])
    return head, tail if head.endswith(".") else "… " + tail


def _title_size(title: str, size: int, width: float, most: float) -> int:
    """The title's font size: its kind's, smaller for a title that would take more than ``most`` pixels."""
    while size > _MIN_TITLE and _height(title, width, size, _BOLD_EM, _TITLE_LEADING, 0) > most:
        size -= 2
    return size


def _pages(slide: Slide, text_px: int, title_px: int, screen: tuple[int, int]) -> list[list[str]]:
    """The slide's lines, set at ``text_px``, shared out over as many slides as they need."""
    width, height = screen[0] - 2 * _PAD_X, screen[1] - _FOOTER - _PAD_TOP - _PAD_BOTTOM
    longest = f"{slide.section} · continued (10 of 10)"
    section_h = _height(longest, width, _SECTION_PX, _CAPS_EM, _LEADING, _SECTION_AFTER)
    top = _TITLE_TOP if slide.kind == "title" else 0
    head = top + section_h + _height(slide.title, width, title_px, _BOLD_EM, _TITLE_LEADING, _H1_AFTER)
    sources_h = (sum(_height(f"00. {c.title} ({c.detail})", width - 1.4 * _SOURCE_PX, _SOURCE_PX, _EM,
                             _SOURCE_LEADING, 0) for c in slide.sources) + _SOURCES_BOX) if slide.sources else 0
    status = " ".join([slide.status, *slide.tags]) if slide.status or slide.tags else ""

    def room(first: bool) -> tuple[float, float]:
        text_w = (width - _GAP) * _TEXT_SHARE if first and slide.figure else width
        free = height - head - _SLACK - (sources_h if first else 0)
        if first and status:  # the status and tags are boxes with borders: a little taller than a line
            free -= _height(status + " " * 4 * len(slide.tags), text_w, text_px, _EM, _LEADING, _P_AFTER) + \
                _CHIP_BORDERS
        return text_w, free

    pages: list[list[str]] = [[]]
    text_w, free = room(True)
    queue = [line for line in slide.lines if line]
    while queue:
        line = queue.pop(0)
        h = _height(line, text_w, text_px, _EM, _LEADING, _P_AFTER)
        if h <= free:
            pages[-1].append(line)
            free -= h
            continue
        head_text, tail = _split(line, text_w, text_px, free)
        if head_text and (free >= 2 * text_px * _LEADING or not pages[-1]):
            pages[-1].append(head_text)
            line = tail
        elif not pages[-1]:  # not even one line fits: give it a slide anyway (text is never lost)
            pages[-1].append(line)
            line = ""
        if line:
            queue.insert(0, line)
        pages.append([])
        text_w, free = room(False)
    if len(pages) > 1 and not pages[-1]:
        pages.pop()
    return pages


def fit(slide: Slide, screen: tuple[int, int] = SCREEN) -> list[Slide]:
    """The slide as one or more slides whose text fits on ``screen`` (in design pixels): the text is set at the
    largest size of its kind that needs no more slides than the smallest would, and a text still too long goes
    on over "continued" slides with the same title (the map, the status and the sources stay on the first).

    Examples
    --------
    >>> parts = fit(Slide("step", "A step", ["word " * 600]))
    >>> len(parts) > 1, parts[1].section, parts[1].title
    (True, 'Continued (2 of 2)', 'A step')
    """
    width, height = screen[0] - 2 * _PAD_X, screen[1] - _FOOTER - _PAD_TOP - _PAD_BOTTOM
    title_px, largest, smallest = _SIZES.get(slide.kind, _SIZES["message"])
    title_px = _title_size(slide.title, title_px, width, height * 0.3)
    fewest = _pages(slide, smallest, title_px, screen)
    text_px, pages = smallest, fewest
    for size in range(largest, smallest, -2):
        tried = _pages(slide, size, title_px, screen)
        if len(tried) <= len(fewest):
            text_px, pages = size, tried
            break
    n = len(pages)
    out = []
    for i, lines in enumerate(pages, 1):
        section = slide.section
        if n > 1:
            mark = f"({i} of {n})" if i == 1 else f"continued ({i} of {n})"
            section = f"{section} · {mark}" if section else _upper_first(mark)
        if i == 1:
            out.append(replace(slide, lines=lines, section=section, part=1, parts=n, sizes=(title_px, text_px)))
        else:
            out.append(Slide(slide.kind, slide.title, lines, section=section, part=i, parts=n,
                             sizes=(title_px, text_px)))
    return out


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
    from .handout import MAX_HANDOUT_ROUTES

    more = rs.count - shown
    lines = [f"These slides showed routes 1 to {shown:,} of the {rs.count:,} found, shortest first."]
    if rs.count <= MAX_HANDOUT_ROUTES:
        lines.append(f"The other {more:,} are in the handout, each with its evidence, its handoffs and its sources.")
    else:
        lines.append(f"The handout lists the first {MAX_HANDOUT_ROUTES:,}, each with its evidence and sources; "
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
    selected = [r for r in rs.routes if ">".join(r.nodes) == state.route]
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
        selected = tuple(step.view.route.split(">")) if step.view.route else ()
        slides.append(Slide("step", step.title, [step.caption],
                            sources=citations(ds, step.sources, _SOURCES_ON_SLIDE),
                            figure=_map(ds, step.view, routes, selected),
                            section=f"Step {i} of {len(story.steps)}"
                            + (f" · as of {step.view.as_of}" if step.view.as_of else "")))
    return _fitted(slides)
