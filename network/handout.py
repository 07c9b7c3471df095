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

from . import i18n
from .citations import Citation, citation
from .errors import NetworkDataError
from .handout_words import STATUS_WORDS, date_text, status_word
from .i18n import _, ngettext
from .levers import levers
from .lexicon import thing_words
from .model import Dataset, text
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

__all__ = ["Handout", "HandoutRoute", "build_handout", "MAX_HANDOUT_ROUTES", "handoffs_line", "omitted_line",
           "STATUS_WORDS", "status_word", "date_text", "meta_text", "shared_words"]

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
        tags = [_("possible route")] if self.possible else []
        if self.open_today is not None:
            tags.append(_("open today") if self.open_today else _("closed today"))
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
    #: "en" where the license or the known gaps are shown in English on a page in another language (the data set
    #: gives them in no other), so the page marks them as English; else "".
    license_lang: str = ""
    gaps_lang: str = ""
    omitted: int = 0  # routes found but not printed
    found: int = 0  # routes found (a lower bound when the search was cut)
    omitted_note: str = ""  # how many are listed and left out, and where every route is listed
    more_note: str = ""  # after the list, when routes are left out: how many, and where they are
    outcomes: list[str] = field(default_factory=list)  # what the sources say arrived, with numbered citations
    continuity_note: str = ""  # CONTINUITY_NOT_ASSESSED, for a data set with no handoffs and no carries


def shared_words(ds: Dataset, route: Route, step: HandoffStep) -> str:
    """What both links of an implied handoff carry, in words: 'incident reports and student information'. In
    another language, each as the route's links translate it (``carries_es``), else as the catalogue does."""
    joiner = " " + _("and") + " "
    if i18n.language() == i18n.DEFAULT:
        return joiner.join(step.shared)
    names: dict[str, str] = {}
    for eid in (eid for hop in route.hops for eid in hop.edge_ids):
        edge = ds.edge_by_id.get(eid)
        if edge is None or not edge.carries:
            continue
        english = [v.strip() for v in edge.carries.split(";") if v.strip()]
        translated = [v.strip() for v in text(edge, "carries").split(";") if v.strip()]
        if len(english) == len(translated) and translated != english:  # one translation for each thing
            for word, words in zip(english, translated, strict=True):
                names.setdefault(word.lower(), words)
    return joiner.join(names.get(v.lower()) or thing_words(v) for v in step.shared)


def _handoff_words(ds: Dataset, route: Route, step: HandoffStep, cite: Callable[[tuple[str, ...]], str]) -> str:
    at, to, status = ds.label(step.at), ds.label(step.passed_to), status_word(step.status)
    if not step.established:
        text = _("at {at}, on to {to}: not established").format(at=at, to=to)
    elif step.basis == "implied" and step.shared:
        shared = shared_words(ds, route, step)
        # Translators: a handoff, in a list after "Handoffs:"; {status} is an evidence status ("documented")
        text = _("at {at}, on to {to}: {status}, implied (both links carry {carried})").format(
            at=at, to=to, status=status, carried=shared)
    elif step.basis == "implied":
        text = _("at {at}, on to {to}: {status}, implied").format(at=at, to=to, status=status)
    else:
        text = _("at {at}, on to {to}: {status}, recorded").format(at=at, to=to, status=status)
    return text + (f" {cite(step.sources)}" if step.sources else "")


def handoffs_line(ds: Dataset, route: Route, cite: Callable[[tuple[str, ...]], str]) -> str:
    """Each middle institution's handoff in a line, its sources cited with ``cite``: 'Handoffs: at BPS, on to
    BRIC: acknowledged, implied (both links carry incident reports); at BRIC, on to ICE ERO: disputed,
    recorded [4, 5].' Empty where continuity is not assessed or the route has one link."""
    if not route.handoffs:
        return ""
    each = "; ".join(_handoff_words(ds, route, h, cite) for h in route.handoffs)
    return _("Handoffs: {handoffs}.").format(handoffs=each)


def omitted_line(rs: RouteSet, shown: int) -> str:
    """How many of the routes found are listed, how many are left out, and where every route is listed."""
    n = rs.count
    if n == 0:
        return ""
    if shown >= n:
        text = _("It is listed below.") if n == 1 else _("All {n} are listed below.").format(n=i18n.number(n))
    else:
        text = _("The first {shown} are listed below; {more} more are left out: the explorer and the command line "
                 "(entangle paths) list every route.").format(shown=i18n.number(shown), more=i18n.number(n - shown))
    if not rs.complete:
        text += " " + _("The search was cut, so more routes may exist.")
    return text


def meta_text(ds: Dataset, name: str) -> tuple[object, str]:
    """A value of dataset.json in the reader's language (``known_gaps_es``), else the English one, and "en" when
    it is the English one shown to a reader of another language."""
    code = i18n.language()
    if code != i18n.DEFAULT and ds.meta.get(f"{name}_{code}"):
        return ds.meta[f"{name}_{code}"], ""
    value = ds.meta.get(name)
    return value, "en" if code != i18n.DEFAULT and value else ""


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
    gaps, gaps_lang = meta_text(ds, "known_gaps")
    h = Handout(
        title=_("Entanglement Map handout"),
        question=question(ds, state),
        dataset=ds.title,
        license=str(meta_text(ds, "license")[0] or _("not stated")),
        license_lang=meta_text(ds, "license")[1],
        date=date_text(today),
        summary="",
        state=state,
        gaps=[str(g) for g in gaps] if isinstance(gaps, list) else [],
        gaps_lang=gaps_lang if isinstance(gaps, list) and gaps else "",
        continuity_note="" if ds.assesses_continuity else _(CONTINUITY_NOT_ASSESSED),
    )
    if not state.origins or not state.targets:
        h.summary = _("No origin or target was chosen.")
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
        h.more_note = ngettext("{n} more route is left out here: the explorer and the command line (entangle "
                               "paths) list every route.",
                               "{n} more routes are left out here: the explorer and the command line (entangle "
                               "paths) list every route.", h.omitted).format(n=i18n.number(h.omitted))
    for i, r in enumerate(shown, 1):
        sentence = route_sentence(ds, r, cite)
        h.routes.append(HandoutRoute(i, r.labels, r.strength, sentence, r, r.links_strength, r.possible,
                                     strength_line(ds, r), time_line(r, rs),
                                     r.open_today if rs.over_all_dates else None, handoffs_line(ds, r, cite)))
    if rs.routes:
        lv = levers(ds, time_budget=CAPS["handout"].time_budget, **state.trace_args())
        h.levers = lv.describe(ds)
        h.chokepoints = [_("{share} of routes pass through {label}").format(share=f"{c.share:.0%}", label=c.label)
                         for c in lv.chokepoints[:5]]
    for sid, n in numbers.items():
        h.sources.append((n, citation(ds, sid)))
    return h
