"""Whether a route could really happen, and how strong it is: its links, the handoffs between them, in time.

A route alternates links and handoffs: link, handoff at the second institution, link, ... For each step there
are **options**: a link step may use any admitted link between its two institutions; a handoff step at N
(from U, to V) may use a recorded handoff that matches (exactly or by ``*``); where none is recorded but both
links carry a thing in common, an *implied* handoff as strong as the weaker of the two links; and, unless the
query asks for continuous routes, *not established*, which ranks with ``unknown``. Each option has an evidence
rank and the days it is open.

A route's strength is the best over every choice of options of its weakest step; with no date, the choice must
also be time-respecting (a record may wait at an institution). Both come from one walk along the route that
keeps, for each rank r, the earliest day a record could be at that point having passed no step weaker than r.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from .flowindex import FlowIndex
from .model import Dataset, Edge, Handoff, carried_values
from .timing import ALWAYS, NEVER_AFTER, NEVER_BEFORE, Span, Window, span_of
from .vocabulary import STATUS_RANK, STATUSES

__all__ = ["Option", "Steps", "Reading", "NOT_ESTABLISHED", "RANKS", "State"]

NOT_ESTABLISHED = "not established"
UNKNOWN_RANK = STATUS_RANK["unknown"]
RANKS = len(STATUSES)

#: What a partial route carries through the search: its weakest rank so far (untimed), or for each rank the
#: earliest day a record could be at its end having passed no step weaker than that rank (timed; None: never).
State = int | tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class Option:
    """One way to take a step: its evidence rank, when it is open, and what it rests on."""

    rank: int
    span: Span
    basis: str  # "link", "recorded", "implied" or "not established"
    edge: Edge | None = None
    handoff: Handoff | None = None
    shared: tuple[str, ...] = ()  # for an implied handoff: what both links carry


def _extend(vec: tuple[int | None, ...], options: Sequence[Option]) -> tuple[int | None, ...] | None:
    """The state after a step: for each rank, the earliest day it can be done with no option weaker."""
    if not options:
        return None
    first_option = options[0]  # the strongest
    if first_option.span is ALWAYS:
        # open on every day: from its rank on the step costs no time, no weaker option can do better, and
        # below its rank no option can take the step at all
        return _NONE[first_option.rank] + vec[first_option.rank:]
    out: list[int | None] = [None] * RANKS
    for o in options:
        first, end = o.span.first, o.span.end
        for r in range(o.rank, RANKS):
            day = vec[r]
            if day is None or end <= day:
                continue
            t = first if first > day else day
            best = out[r]
            if best is None or t < best:
                out[r] = t
    for r in range(1, RANKS):  # a weaker bound admits everything a stronger one does
        prev, cur = out[r - 1], out[r]
        if prev is not None and (cur is None or prev < cur):
            out[r] = prev
    return tuple(out) if out[-1] is not None else None


_START: tuple[int | None, ...] = (NEVER_BEFORE,) * RANKS
_UNSEEN = object()
_NONE: tuple[tuple[None, ...], ...] = tuple((None,) * r for r in range(RANKS + 1))


@dataclass(frozen=True)
class Reading:
    """What a route's steps come to, told as one version of the route: for a route open today (with no as-of
    date), the links and handoffs open today; for a closed one, its strongest time-respecting choice; with an
    as-of date, everything admitted on it. ``rank`` is that version's strength, ``links`` its links (a tuple
    per hop: parallel links that are all in the version), ``window`` when any version could be taken."""

    rank: int
    links: tuple[tuple[Option, ...], ...]
    handoffs: tuple[Option, ...]
    window: Window
    open_today: bool
    since: str = ""  # for a route open today: since when every link and handoff told has been open, as written


class Steps:
    """The options of every step under one query's filters; built per query, cached per step.

    ``assess`` is whether handoffs count (the data set records handoffs or what links carry); ``timed`` is
    whether the search must respect time (no as-of date, and some link or handoff is dated).
    """

    def __init__(self, ds: Dataset, index: FlowIndex, continuous: bool = False, today: dt.date | None = None):
        filters = index.filters
        self.index = index
        self.continuous = continuous
        self.assess = ds.assesses_continuity
        self.today = (today or dt.date.today()).toordinal()
        self._statuses = filters.statuses
        self._as_of = filters.as_of
        self._by_at: dict[str, list[Handoff]] = defaultdict(list)
        for h in ds.handoffs:
            self._by_at[h.at].append(h)
        self.timed = filters.as_of is None and index.dated
        self._links: dict[tuple[int, int], tuple[Option, ...]] = {}
        self._handoffs: dict[tuple[int, int, int], tuple[Option, ...]] = {}
        self._today: dict[int, int | None] = {}  # by id() of an options tuple, which the caches above keep alive

    @property
    def start(self) -> State:
        return _START if self.timed else 0

    def link_options(self, u: int, v: int) -> tuple[Option, ...]:
        key = (u, v)
        found = self._links.get(key)
        if found is None:
            index = self.index
            found = self._links[key] = tuple(sorted(
                (Option(STATUS_RANK[e.status], span_of(e.start, e.end), "link", edge=e)
                 for e in (index.edges[i] for i in index.group(u, v))), key=lambda o: o.rank))
        return found

    def handoff_options(self, p: int, u: int, v: int) -> tuple[Option, ...]:
        """The ways what reaches u from p can go on to v (empty: it cannot under this query)."""
        key = (p, u, v)
        found = self._handoffs.get(key)
        if found is None:
            found = self._handoffs[key] = tuple(sorted(self._handoff_options(p, u, v), key=lambda o: o.rank))
        return found

    def _admits(self, status: str) -> bool:
        return self._statuses is None or status in self._statuses

    def admits_handoff(self, h: Handoff) -> bool:
        """Whether a recorded handoff is an option under this query (when it matches a step)."""
        return (self._admits(h.status) and (self._as_of is None or h.is_open_on(self._as_of))
                and not (self.continuous and h.status == "unknown"))

    @property
    def not_established_admitted(self) -> bool:
        """Whether a handoff not established is an option (it ranks with unknown)."""
        return not self.continuous and self._admits("unknown")

    def _handoff_options(self, p: int, u: int, v: int) -> list[Option]:
        names = self.index.names
        a, n, b = names[p], names[u], names[v]
        recorded = [h for h in self._by_at.get(n, ()) if h.matches(a, n, b)]
        options = [Option(STATUS_RANK[h.status], span_of(h.start, h.end), "recorded", handoff=h)
                   for h in recorded if self.admits_handoff(h)]
        if not recorded:  # a recorded handoff, even a denied one, is what the sources say: no implying past it
            best: tuple[int, tuple[str, ...]] | None = None
            for into in self.link_options(p, u):
                for out in self.link_options(u, v):
                    shared = carried_values(into.edge.carries) & carried_values(out.edge.carries)  # type: ignore[union-attr]
                    if shared:
                        rank = max(into.rank, out.rank)
                        if best is None or rank < best[0]:
                            best = (rank, tuple(sorted(shared)))
            if best is not None:
                options.append(Option(best[0], ALWAYS, "implied", shared=best[1]))
        if self.not_established_admitted:
            options.append(Option(UNKNOWN_RANK, ALWAYS, NOT_ESTABLISHED))
        return options

    def advance(self, state: State, p: int, u: int, v: int) -> State | None:
        """The state after stepping from u to v (having come to u from p, or p = -1 at the origin);
        None when no choice of options allows the step."""
        if not self.timed:
            rank = self.index.hop_rank(u, v)
            if p >= 0 and self.assess:
                handoffs = self.handoff_options(p, u, v)
                if not handoffs:
                    return None
                if handoffs[0].rank > rank:
                    rank = handoffs[0].rank
            return rank if rank > state else state  # type: ignore[operator]
        vec: tuple[int | None, ...] | None = state  # type: ignore[assignment]
        if p >= 0 and self.assess:
            vec = _extend(vec, self.handoff_options(p, u, v))  # type: ignore[arg-type]
            if vec is None:
                return None
        links = self._links.get((u, v)) or self.link_options(u, v)
        return _extend(vec, links)  # type: ignore[arg-type]

    @staticmethod
    def rank(state: State) -> int:
        if isinstance(state, int):
            return state
        return state.count(None)  # a state is None up to its rank and a day from there on

    def read(self, path: Sequence[int]) -> Reading:
        """The options chosen along a route found by the search, its strength, window and whether it is open
        today."""
        elements: list[tuple[Option, ...]] = []
        for i in range(len(path) - 1):
            if i > 0 and self.assess:
                elements.append(self.handoff_options(path[i - 1], path[i], path[i + 1]))
            elements.append(self.link_options(path[i], path[i + 1]))
        today = self.today
        now = [tuple(o for o in opts if o.span.first <= today < o.span.end) for opts in elements]
        open_today = all(now)
        if self.timed and open_today:  # told as it stands today, in the present tense
            told, timed = now, False
        else:
            told, timed = elements, self.timed
        chosen, rank = _choose(told, timed)
        hops = [opts for opts in told if opts[0].basis == "link"]
        links = tuple(hop if not timed else (pick,) for hop, pick in
                      zip(hops, (c for c in chosen if c.basis == "link"), strict=True))
        handoffs = tuple(c for c in chosen if c.basis != "link")
        if not self.timed:
            # told on the as-of date (or undated): every admitted link, and at each handoff the strongest option,
            # one open today where the strongest tie; present tense only if all that is told is open today too
            def now_open(o: Option) -> bool:
                return o.span.first <= today < o.span.end

            handoffs = tuple(min(opts, key=lambda o: (o.rank, not now_open(o)))
                             for opts in told if opts[0].basis != "link")
            open_today = all(now_open(o) for hop in links for o in hop) and all(now_open(o) for o in handoffs)
        since = ""
        if open_today:
            told_spans = [o.span for hop in links for o in hop] + [o.span for o in handoffs]
            latest = max(told_spans, key=lambda sp: sp.first)
            since = latest.first_text if latest.first != NEVER_BEFORE else ""
        return Reading(rank, links, handoffs, _window(elements), open_today, since)

    def today_rank(self, path: Sequence[int], rank: int) -> int:
        """The strength a route found with ``rank`` is told with: today's, when it is open today (timed only)."""
        if not self.timed:
            return rank
        worst = 0
        for i in range(len(path) - 1):
            best = self._rank_today(self.link_options(path[i], path[i + 1]))
            if i > 0 and self.assess and best is not None:
                handoff = self._rank_today(self.handoff_options(path[i - 1], path[i], path[i + 1]))
                best = None if handoff is None else max(best, handoff)
            if best is None:
                return rank  # closed today: told at its strongest
            if best > worst:
                worst = best
        return worst

    def _rank_today(self, options: tuple[Option, ...]) -> int | None:
        """The strongest rank among options open today (None: none is), remembered per tuple of options."""
        found = self._today.get(id(options), _UNSEEN)
        if found is _UNSEEN:
            today = self.today
            found = self._today[id(options)] = min(
                (o.rank for o in options if o.span.first <= today < o.span.end), default=None)
        return found  # type: ignore[return-value]


def _choose(elements: list[tuple[Option, ...]], timed: bool) -> tuple[list[Option], int]:
    """The strongest choice of one option per step (time-respecting when ``timed``), and its rank."""
    if not timed:
        strongest = [opts[0] for opts in elements]  # options are sorted strongest first
        return strongest, max((o.rank for o in strongest), default=0)
    vec: tuple[int | None, ...] = _START
    history: list[tuple[int | None, ...]] = [vec]
    for opts in elements:
        nxt = _extend(vec, opts)
        assert nxt is not None, "a route from the search can be taken"
        history.append(nxt)
        vec = nxt
    rank = Steps.rank(vec)
    # walk back: at each step take the strongest option that gets there by the day found, at that rank
    chosen: list[Option] = []
    for k in range(len(elements) - 1, -1, -1):
        before, after = history[k][rank], history[k + 1][rank]
        assert before is not None and after is not None
        pick = next(o for o in elements[k] if o.rank <= rank and o.span.end > before
                    and max(o.span.first, before) <= after)
        chosen.append(pick)
    chosen.reverse()
    return chosen, rank


def _window(elements: list[tuple[Option, ...]]) -> Window:
    """The first day a record could have completed the route, and the last day one could have started it."""
    day, first_text = NEVER_BEFORE, ""
    for opts in elements:
        best = min((max(o.span.first, day) for o in opts if o.span.end > day), default=None)
        if best is None:
            break
        if best > day:
            day = best
            first_text = next(o.span.first_text for o in opts if o.span.first == best)
    back, last_text, closed_by = NEVER_AFTER, "", ""
    for opts in reversed(elements):
        best = max((back if o.span.end == NEVER_AFTER else min(o.span.end - 1, back)
                    for o in opts if o.span.first <= back), default=None)
        if best is None:
            break
        if best < back:
            back = best
            closing = next(o for o in opts if o.span.end - 1 == best)
            last_text, closed_by = closing.span.end_text, closing.edge.id if closing.edge else ""
    return Window(day if day != NEVER_BEFORE else None, back if back != NEVER_AFTER else None,
                  first_text, last_text, closed_by)
