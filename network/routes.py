"""The results of a search: each route with its hops, handoffs, strength, window and tense, and the set of
routes with what it covers ("8 routes since 2005; 1 open today", or which lengths a cut search listed).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .feasibility import NOT_ESTABLISHED, Option, Reading, Steps
from .flowindex import HARD_MAX_HOPS, Hop
from .i18n import _, language, ngettext, number
from .model import Dataset, Handoff
from .timewords import routes_since
from .timing import Window, date_words
from .vocabulary import STATUS_RANK, STATUSES, weakest_status

__all__ = ["Route", "RouteSet", "HandoffStep", "NOT_ESTABLISHED"]


@dataclass(frozen=True)
class HandoffStep:
    """The handoff at a route's middle institution ``at``: what arrives from ``received_from`` going on to
    ``passed_to``. ``status`` is an evidence status, or ``"not established"``; ``basis`` says where it comes
    from: ``recorded`` (handoffs.csv), ``implied`` (both links carry ``shared``) or ``not established``."""

    at: str
    received_from: str
    passed_to: str
    status: str
    basis: str
    sources: tuple[str, ...] = ()
    note: str = ""
    shared: tuple[str, ...] = ()
    claim: str = ""  # what the sources claim of it, in the data set's words (handoffs.csv's claim column)
    #: the recorded handoff it rests on, for its texts in the reader's language (``claim_es``)
    handoff: Handoff | None = field(default=None, compare=False, repr=False)

    @property
    def established(self) -> bool:
        return self.status != NOT_ESTABLISHED

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at, "from": self.received_from, "to": self.passed_to, "status": self.status,
                "basis": self.basis, "sources": list(self.sources), "note": self.note, "shared": list(self.shared),
                "claim": self.claim}


def _handoff_step(names: tuple[str, ...], i: int, option: Option) -> HandoffStep:
    h = option.handoff
    status = STATUSES[option.rank] if option.basis != NOT_ESTABLISHED else NOT_ESTABLISHED
    if status == "unknown" and option.basis == "recorded":  # recorded with no evidence: shows nothing more
        status = NOT_ESTABLISHED
    return HandoffStep(names[i], names[i - 1], names[i + 1], status, option.basis,
                       h.sources if h else (), h.note if h else "", option.shared, h.claim if h else "", h)


@dataclass(frozen=True)
class Route:
    """One route: the institutions in order, the hops between them, and what the evidence comes to.

    ``hops`` holds every admitted link between each pair; ``told_hops`` only those of the version of the route
    that its sentence tells: a route open today as it stands today, a closed one at its strongest (a pair of
    institutions may have had a link that closed and another that opened later). ``strength`` is the weakest of
    that version's links and handoffs (``links_strength`` its weakest link alone); ``handoffs`` has one entry per
    middle institution (empty when the data set records no handoffs and no ``carries``: continuity is then not
    assessed); ``window`` says when any version could have been taken and ``open_today`` whether every link and
    handoff of one is open today.
    """

    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]
    ds: Dataset = field(repr=False, compare=False)
    steps: Steps | None = field(default=None, repr=False, compare=False)

    @property
    def length(self) -> int:
        return len(self.hops)

    @cached_property
    def _reading(self) -> Reading | None:
        return self.steps.read([self.steps.index.pos[n] for n in self.nodes]) if self.steps else None

    @cached_property
    def told_hops(self) -> tuple[Hop, ...]:
        reading = self._reading
        if reading is None:
            return self.hops
        return tuple(Hop.of([o.edge for o in options if o.edge is not None]) for options in reading.links)

    @property
    def links_strength(self) -> str:
        """The weakest evidence among the links told: how strong the route would be if every handoff were shown."""
        return weakest_status(h.status for h in self.told_hops)

    @property
    def strength(self) -> str:
        """The weakest evidence among the links and the handoffs: a route is only as strong as both."""
        reading = self._reading
        return STATUSES[reading.rank] if reading else self.links_strength

    @property
    def continuity_assessed(self) -> bool:
        return bool(self.steps and self.steps.assess)

    @cached_property
    def handoffs(self) -> tuple[HandoffStep, ...]:
        reading = self._reading
        if reading is None or not self.continuity_assessed:
            return ()
        return tuple(_handoff_step(self.nodes, i, o) for i, o in enumerate(reading.handoffs, 1))

    @property
    def possible(self) -> bool:
        """A route with a handoff that is not established: possible, not shown to carry a record through."""
        return any(not h.established for h in self.handoffs)

    @property
    def window(self) -> Window:
        reading = self._reading
        return reading.window if reading else Window(None, None)

    @property
    def open_today(self) -> bool:
        reading = self._reading
        return reading.open_today if reading else True

    @property
    def as_of(self) -> dt.date | None:
        """The date the route was found on, when the query named one."""
        return self.steps.index.filters.as_of if self.steps else None

    @property
    def open_since(self) -> str:
        """For a route open today: the date since which all it is told with has been open ('' if undated)."""
        reading = self._reading
        return reading.since if reading else ""

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.ds.label(n) for n in self.nodes)

    @cached_property
    def _sentences(self) -> dict[str, str]:
        return {}

    @property
    def sentence(self) -> str:
        """The route in words, in the reader's language (made once per language: a route set is shared by
        readers of every language)."""
        from .narrative import route_sentence  # narrative needs Route; imported late to avoid a cycle

        made = self._sentences
        lang = language()
        if lang not in made:
            made[lang] = route_sentence(self.ds, self)
        return made[lang]

    def sort_key(self) -> tuple[int, int, tuple[str, ...]]:
        return (self.length, STATUS_RANK[self.strength], tuple(label.lower() for label in self.labels))

    def as_dict(self) -> dict[str, Any]:
        return {
            "nodes": list(self.nodes),
            "labels": list(self.labels),
            "length": self.length,
            "strength": self.strength,
            "links_strength": self.links_strength,
            "continuity": "assessed" if self.continuity_assessed else "not assessed",
            "possible": self.possible,
            "window": self.window.as_dict(),
            "open_today": self.open_today,
            "sentence": self.sentence,
            "hops": [
                {"source": h.source, "target": h.target, "relation": h.relation, "carries": h.carries,
                 "status": h.status, "start": h.start, "end": h.end, "sources": list(h.sources)}
                for h in self.told_hops
            ],
            "handoffs": [h.as_dict() for h in self.handoffs],
        }


@dataclass
class RouteSet:
    """The routes of a query, shortest first, and whether the list is complete.

    When a cap or the time budget cut the search, every route of up to ``complete_lengths`` links is listed,
    and some (maybe none) of ``complete_lengths + 1``; no longer route was searched.
    """

    query: dict[str, Any]
    routes: Sequence[Route]
    complete: bool
    stopped_by: str = ""  # "max_routes" or "time_budget" when the list was cut
    complete_lengths: int = 0
    dated: bool = False  # whether any link or handoff has dates: then each route has a window and a tense
    _bound: Any = field(default=None, repr=False)

    @property
    def count(self) -> int:
        """Routes found: exact when complete, else a lower bound."""
        return len(self.routes)

    @cached_property
    def upper_bound(self) -> int:
        """An upper bound on the number of routes (exact when complete): walks counted without revisits."""
        return self.count if self.complete else max(self.count, self._bound())

    @cached_property
    def open_today_count(self) -> int:
        """How many of the routes found are open today (every link and handoff open on today's date)."""
        return sum(1 for r in self.routes if r.open_today) if self.dated else self.count

    @cached_property
    def _first(self) -> tuple[str, bool]:
        """The earliest first day of the routes found, as the data set wrote it ('' when none is dated), and
        whether some route's start is not dated."""
        windows = [r.window for r in self.routes]
        known = [w for w in windows if w.first is not None]
        if not known:
            return "", False
        return min(known, key=lambda w: w.first or 0).first_text, len(known) != len(windows)

    @property
    def since(self) -> str:
        """'2014', or '2014 or earlier' when some route's start is not dated: the earliest first day of the
        routes found, as the data set wrote it, in words. Empty when no route's start is dated."""
        first, or_earlier = self._first
        if not first:
            return ""
        return _("{date} or earlier").format(date=date_words(first)) if or_earlier else date_words(first)

    @property
    def over_all_dates(self) -> bool:
        """Whether the routes cover every date (no as-of date) in a data set with dates."""
        return self.dated and not self.query.get("as_of")

    def describe(self, where: str = "") -> str:
        """'7 routes since 2014; 1 open today', or for a cut search which lengths are complete:
        'at least 1,000 routes: all routes of up to 2 links; 998 of 3 links; none longer were searched
        (the route cap was reached)'. ``where`` goes after the count ('from A to B')."""
        n = self.count
        counted = ngettext("{n} route", "{n} routes", n).format(n=number(n)) + (f" {where}" if where else "")
        text = counted if self.complete else _("at least {routes}: {lengths}").format(
            routes=counted, lengths=self.lengths_searched())
        if self.over_all_dates:
            first, or_earlier = self._first
            when = routes_since(first, or_earlier) if first else _("across all dates")
            opened = self.open_today_count
            if self.complete:
                text = ngettext("{routes} {when}; {open} open today", "{routes} {when}; {open} open today",
                                opened).format(routes=counted, when=when, open=number(opened))
            else:
                text += ngettext("; {open} of those listed open today", "; {open} of those listed open today",
                                 opened).format(open=number(opened))
        if not self.complete:
            text += " " + (_("(the time budget ran out)") if self.stopped_by == "time_budget" else
                           _("(the route cap was reached)"))
        return text

    def lengths_searched(self) -> str:
        """Which lengths a cut search covered: 'all routes of up to 2 links; 5 of 3 links; none longer were
        searched'."""
        k = self.complete_lengths
        counted = getattr(self.routes, "count_of_length", None)  # a RouteList counts without making routes
        partial = counted(k + 1) if counted else sum(1 for r in self.routes if r.length == k + 1)
        max_hops = int(self.query.get("max_hops") or HARD_MAX_HOPS)
        parts = [ngettext("all routes of up to {k} link", "all routes of up to {k} links", k).format(k=number(k))
                 if k else _("no length was searched to the end")]
        # Translators: routes listed of the first length not searched to the end: "998 of 3 links" (the
        # English says "links" even for one; the count is the length).
        parts.append(ngettext("{listed} of {length} links", "{listed} of {length} links", k + 1).format(
            listed=number(partial), length=number(k + 1)) if partial else
            ngettext("none of {length} links listed", "none of {length} links listed", k + 1).format(
                length=number(k + 1)))
        if k + 1 < max_hops:
            parts.append(_("none longer were searched"))
        return "; ".join(parts)
