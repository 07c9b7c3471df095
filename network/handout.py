"""The printed handout of a view: title, date, data set and license, the map, what the sources say arrived,
each route as a sentence with numbered citations (its strength, weakest link, handoffs and whether it is open
today), the levers, and every source with its address.

``build_handout`` gathers the content (pure); ``network.handout_pdf`` draws it as a PDF, and
``network.pages`` as a printable web page and as the standalone HTML export. Every route found is listed up to
``MAX_HANDOUT_ROUTES``; past it the handout says how many are left out and where every one is listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from .citations import Citation, citation
from .errors import NetworkDataError
from .levers import levers
from .model import Dataset
from .narrative import (
    CONTINUITY_NOT_ASSESSED,
    outcome_sentence,
    question,
    route_outcomes,
    route_sentence,
    strength_line,
    time_line,
)
from .paths import trace
from .query import CAPS
from .routes import HandoffStep, Route, RouteSet
from .viewstate import ViewState

__all__ = ["Handout", "HandoutRoute", "build_handout", "MAX_HANDOUT_ROUTES", "handoffs_line", "omitted_line"]

MAX_HANDOUT_ROUTES = CAPS["handout"].shown


@dataclass(frozen=True)
class HandoutRoute:
    number: int
    labels: tuple[str, ...]
    strength: str
    sentence: str  # with numbered citations like [3, 4]
    route: Route
    links_strength: str = ""
    possible: bool = False
    strength_text: str = ""  # 'Strength: unknown (…); weakest link: acknowledged (…); a possible route: …'
    time_text: str = ""  # 'Closed today: could be taken between 2014 and October 2021.' (views over all dates)
    open_today: bool | None = None  # None for a view as of one date, or a data set with no dates
    handoffs: str = ""  # each middle institution's handoff, with numbered citations

    @property
    def tags(self) -> list[str]:
        """Plain words beside the strength: 'possible route', 'closed today'."""
        tags = ["possible route"] if self.possible else []
        if self.open_today is not None:
            tags.append("open today" if self.open_today else "closed today")
        return tags


@dataclass
class Handout:
    title: str
    question: str
    dataset: str
    license: str
    date: str
    summary: str
    state: ViewState
    routes: list[HandoutRoute] = field(default_factory=list)
    levers: str = ""
    chokepoints: list[str] = field(default_factory=list)
    sources: list[tuple[int, Citation]] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    omitted: int = 0  # routes found but not printed
    found: int = 0  # routes found (a lower bound when the search was cut)
    omitted_note: str = ""  # how many are listed and left out, and where every route is listed
    more_note: str = ""  # after the list, when routes are left out: how many, and where they are
    outcomes: list[str] = field(default_factory=list)  # what the sources say arrived, with numbered citations
    continuity_note: str = ""  # CONTINUITY_NOT_ASSESSED, for a data set with no handoffs and no carries


def _handoff_words(ds: Dataset, step: HandoffStep, cite: Callable[[tuple[str, ...]], str]) -> str:
    at, to = ds.label(step.at), ds.label(step.passed_to)
    if not step.established:
        text = f"at {at}, on to {to}: not established"
    elif step.basis == "implied":
        shared = " and ".join(step.shared)
        text = f"at {at}, on to {to}: {step.status}, implied" + (f" (both links carry {shared})" if shared else "")
    else:
        text = f"at {at}, on to {to}: {step.status}, recorded"
    return text + (f" {cite(step.sources)}" if step.sources else "")


def handoffs_line(ds: Dataset, route: Route, cite: Callable[[tuple[str, ...]], str]) -> str:
    """Each middle institution's handoff in a line, its sources cited with ``cite``: 'Handoffs: at BPS, on to
    BRIC: acknowledged, implied (both links carry incident reports); at BRIC, on to ICE ERO: disputed,
    recorded [4, 5].' Empty where continuity is not assessed or the route has one link."""
    if not route.handoffs:
        return ""
    return "Handoffs: " + "; ".join(_handoff_words(ds, h, cite) for h in route.handoffs) + "."


def omitted_line(rs: RouteSet, shown: int) -> str:
    """How many of the routes found are listed, how many are left out, and where every route is listed."""
    n = rs.count
    if n == 0:
        return ""
    if shown >= n:
        text = "It is listed below." if n == 1 else f"All {n:,} are listed below."
    else:
        text = (f"The first {shown:,} are listed below; {n - shown:,} more are left out: the explorer and the "
                "command line (entangle paths) list every route.")
    if not rs.complete:
        text += " The search was cut, so more routes may exist."
    return text


def build_handout(ds: Dataset, state: ViewState, today: dt.date | None = None) -> Handout:
    """Everything a handout prints for a view; citations are numbered in order of first use (the outcomes, then
    each route's sentence and handoffs).

    Examples
    --------
    >>> import network
    >>> from network.viewstate import decode, validate
    >>> h = build_handout(network.load(), validate(network.load(), decode("?from=ebhs&asof=2016-06-01"))[0])
    >>> len(h.routes) == h.found, h.omitted, h.sources[0][0]
    (True, 0, 1)
    """
    today = today or dt.date.today()
    h = Handout(
        title="Entanglement Map handout",
        question=question(ds, state),
        dataset=ds.title,
        license=str(ds.meta.get("license", "not stated")),
        date=today.isoformat(),
        summary="",
        state=state,
        gaps=[str(g) for g in ds.meta.get("known_gaps", [])] if isinstance(ds.meta.get("known_gaps"), list) else [],
        continuity_note="" if ds.assesses_continuity else CONTINUITY_NOT_ASSESSED,
    )
    if not state.origins or not state.targets:
        h.summary = "No origin or target was chosen."
        return h
    try:
        rs = trace(ds, **CAPS["handout"].trace_args(), **state.trace_args())
    except NetworkDataError as err:
        h.summary = str(err)
        return h
    described = rs.describe()
    h.summary = described[:1].upper() + described[1:] + "."
    numbers: dict[str, int] = {}

    def cite(ids: tuple[str, ...]) -> str:
        for sid in ids:
            numbers.setdefault(sid, len(numbers) + 1)
        return "[" + ", ".join(str(numbers[s]) for s in ids) + "]"

    h.outcomes = [outcome_sentence(ds, ev, cite) for ev in route_outcomes(ds, rs)]
    shown = rs.routes[:MAX_HANDOUT_ROUTES]
    h.found = rs.count
    h.omitted = rs.count - len(shown)
    h.omitted_note = omitted_line(rs, len(shown))
    if h.omitted:
        h.more_note = (f"{h.omitted:,} more {'route is' if h.omitted == 1 else 'routes are'} left out here: the "
                       "explorer and the command line (entangle paths) list every route.")
    for i, r in enumerate(shown, 1):
        sentence = route_sentence(ds, r, cite)
        h.routes.append(HandoutRoute(i, r.labels, r.strength, sentence, r, r.links_strength, r.possible,
                                     strength_line(ds, r), time_line(r, rs),
                                     r.open_today if rs.over_all_dates else None, handoffs_line(ds, r, cite)))
    if rs.routes:
        lv = levers(ds, time_budget=CAPS["handout"].time_budget, **state.trace_args())
        h.levers = lv.describe(ds)
        h.chokepoints = [f"{c.share:.0%} of routes pass through {c.label}" for c in lv.chokepoints[:5]]
    for sid, n in numbers.items():
        h.sources.append((n, citation(ds, sid)))
    return h
