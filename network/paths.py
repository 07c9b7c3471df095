"""Route tracing: every directed simple path over flow links from an origin set to a target set.

The search goes only where a route can still finish: a partial route is extended to a node only while
``hops so far + 1 + distance from that node to the nearest target <= max_hops``, with distances from one
reverse breadth-first search (cached per data set, filters and targets). A route ends at the first target
it reaches; origins may appear inside a route, targets never do.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice
from typing import Any, overload

from .errors import QueryError
from .feasibility import NOT_ESTABLISHED, Option, Reading, Steps
from .flowindex import HARD_MAX_HOPS, Filters, FlowIndex, Hop, flow_index, make_filters
from .model import STATUS_RANK, STATUSES, Dataset, parse_date, weakest_status
from .refs import resolve_nodes
from .timing import Window, date_words

__all__ = ["trace", "Route", "RouteSet", "RouteList", "HandoffStep", "Query", "prepare", "DEFAULT_TARGETS",
           "NOT_ESTABLISHED"]

DEFAULT_TARGETS = "kind:immigration_enforcement"
_CHECK_EVERY = 2048  # expansions between two looks at the clock


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

    @property
    def established(self) -> bool:
        return self.status != NOT_ESTABLISHED

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at, "from": self.received_from, "to": self.passed_to, "status": self.status,
                "basis": self.basis, "sources": list(self.sources), "note": self.note, "shared": list(self.shared)}


def _handoff_step(names: tuple[str, ...], i: int, option: Option) -> HandoffStep:
    h = option.handoff
    status = STATUSES[option.rank] if option.basis != NOT_ESTABLISHED else NOT_ESTABLISHED
    if status == "unknown" and option.basis == "recorded":  # recorded with no evidence: shows nothing more
        status = NOT_ESTABLISHED
    return HandoffStep(names[i], names[i - 1], names[i + 1], status, option.basis,
                       h.sources if h else (), h.note if h else "", option.shared)


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
    def open_since(self) -> str:
        """For a route open today: the date since which all it is told with has been open ('' if undated)."""
        reading = self._reading
        return reading.since if reading else ""

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(self.ds.label(n) for n in self.nodes)

    @cached_property
    def sentence(self) -> str:
        from .narrative import route_sentence  # narrative needs Route; imported late to avoid a cycle

        return route_sentence(self.ds, self)

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
    _first_date: str = field(default="", repr=False)

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
    def since(self) -> str:
        """A date on or after which every route found could have been taken, as the data set wrote it: the
        earliest first day of the routes, or the data set's earliest date when some route's start is not dated
        (the record goes back no further). Empty when nothing is dated."""
        windows = [r.window for r in self.routes]
        known = [w for w in windows if w.first is not None]
        firsts = [w.first_text for w in known]
        if len(known) < len(windows) and self._first_date:
            firsts.append(self._first_date)
        return min(firsts, key=lambda t: parse_date(t) or dt.date.max, default="")

    @property
    def over_all_dates(self) -> bool:
        """Whether the routes cover every date (no as-of date) in a data set with dates."""
        return self.dated and not self.query.get("as_of")

    def describe(self, where: str = "") -> str:
        """'7 routes since 2014; 1 open today', or for a cut search which lengths are complete:
        'at least 1,000 routes: all routes of up to 2 links; 998 of 3 links; none longer were searched
        (the route cap was reached)'. ``where`` goes after the count ('from A to B')."""
        n = self.count
        noun = ("route" if n == 1 else "routes") + (f" {where}" if where else "")
        text = f"{n:,} {noun}" if self.complete else f"at least {n:,} {noun}: {self.lengths_searched()}"
        if self.over_all_dates:
            when = f"since {date_words(self.since)}" if self.since else "across all dates"
            if self.complete:
                text = f"{n:,} {noun} {when}; {self.open_today_count:,} open today"
            else:
                text += f"; {self.open_today_count:,} of those listed open today"
        if not self.complete:
            text += " (the time budget ran out)" if self.stopped_by == "time_budget" else \
                " (the route cap was reached)"
        return text

    def lengths_searched(self) -> str:
        """Which lengths a cut search covered: 'all routes of up to 2 links; 5 of 3 links; none longer were
        searched'."""
        k = self.complete_lengths
        partial = sum(1 for r in self.routes if r.length == k + 1)
        max_hops = int(self.query.get("max_hops") or HARD_MAX_HOPS)
        parts = [f"all routes of up to {k} {'link' if k == 1 else 'links'}" if k else
                 "no length was searched to the end"]
        parts.append(f"{partial:,} of {k + 1} links" if partial else f"none of {k + 1} links listed")
        if k + 1 < max_hops:
            parts.append("none longer were searched")
        return "; ".join(parts)


@dataclass(frozen=True)
class Query:
    """A checked query: resolved origins and targets as index positions, filters and limits."""

    ds: Dataset
    index: FlowIndex
    origins: tuple[int, ...]
    targets: frozenset[int]
    max_hops: int
    filters: Filters
    steps: Steps

    @cached_property
    def dist(self) -> list[int]:
        return self.index.distances_to(self.targets)

    def describe(self) -> dict[str, Any]:
        f = self.filters
        return {
            "origins": [self.index.names[o] for o in self.origins],
            "targets": sorted(self.index.names[t] for t in self.targets),
            "max_hops": self.max_hops,
            "statuses": sorted(f.statuses) if f.statuses is not None else None,
            "relations": sorted(f.relations) if f.relations is not None else None,
            "as_of": f.as_of.isoformat() if f.as_of else None,
            "without": sorted(f.without_nodes) + sorted(f"{a}->{b}" for a, b in f.without_pairs),
            "continuous": self.steps.continuous,
        }


def prepare(
    ds: Dataset,
    origins: str | Iterable[str] = "kind:school",
    targets: str | Iterable[str] | None = None,
    max_hops: int = HARD_MAX_HOPS,
    statuses: Iterable[str] | str | None = None,
    relations: Iterable[str] | str | None = None,
    as_of: str | dt.date | None = None,
    without: Iterable[str] | str = (),
    continuous: bool = False,
    today: str | dt.date | None = None,
) -> Query:
    """Check a query's arguments and resolve its references (shared by trace, levers and diff).

    ``continuous`` admits only routes whose every handoff is established; ``today`` is the date that
    ``open_today`` refers to (the computer's date when None).
    """
    if isinstance(max_hops, bool) or not isinstance(max_hops, int) or not 1 <= max_hops <= HARD_MAX_HOPS:
        raise QueryError(f"max_hops must be a whole number from 1 to {HARD_MAX_HOPS}, not {max_hops!r}.")
    filters = make_filters(ds, statuses, relations, as_of, without)
    index = flow_index(ds, filters)
    origin_ids = resolve_nodes(ds, origins)
    target_ids = resolve_nodes(ds, targets if targets is not None else DEFAULT_TARGETS)
    if not origin_ids:
        raise QueryError("no origin given: name at least one institution, or kind:KIND.")
    if not isinstance(continuous, bool):
        raise QueryError(f"continuous must be True or False, not {continuous!r}.")
    today_date = make_filters(ds, as_of=today).as_of if today is not None else None
    removed = filters.without_nodes
    return Query(
        ds=ds,
        index=index,
        origins=tuple(index.pos[o] for o in origin_ids if o not in removed),
        targets=frozenset(index.pos[t] for t in target_ids if t not in removed),
        max_hops=max_hops,
        filters=filters,
        steps=Steps(ds, index, continuous, today_date),
    )


def _paths(q: Query, length: int | None, deadline: float | None) -> Iterator[tuple[list[int], int] | None]:
    """Yield (path, weakest evidence rank) from the origins; paths of exactly ``length`` hops, or of any
    length up to max_hops, as lists of positions.

    Origins and successors are walked in label order, so paths of one length come out sorted by label. Only
    successors close enough to a target to finish within the limit are walked: for each node and number of
    hops left, that list (with each hop's evidence rank) is made once and kept on the index. The weakest rank
    is carried as the path grows, so sorting by strength costs nothing more. Where handoffs count or links
    are dated, each step also goes through ``Steps.advance``, which carries what the route can still be (its
    rank, or for each rank the earliest day a record could be there) and refuses steps no record could
    take. Yields None when the deadline passed (and stops).
    """
    index = q.index
    out, dist, targets = index.out, q.dist, q.targets
    within = index.within(q.targets)
    rank, sort_key = index.hop_rank, index.sort_key
    steps_ = q.steps
    advance = steps_.advance if (steps_.assess or steps_.timed) else None
    state_rank = steps_.rank

    def near(u: int, left: int) -> tuple[list[int], list[int]]:
        """u's successors from which a target is at most ``left`` hops away, in label order, and each hop's rank."""
        vs = sorted((v for v in out[u] if dist[v] <= left), key=sort_key)
        found = within[u * 16 + left] = (vs, [rank(u, v) for v in vs])
        return found

    limit = length if length is not None else q.max_hops
    on_path = bytearray(len(index.names))
    expansions = 0
    for origin in index.in_label_order(q.origins):
        if dist[origin] > limit:
            continue
        path = [origin]
        states: list[Any] = [steps_.start]  # what the path so far can still be, one entry per node on it
        on_path[origin] = 1
        first = within.get(origin * 16 + limit - 1) or near(origin, limit - 1)
        lists, ranks, positions = [first[0]], [first[1]], [0]
        while lists:
            options, i = lists[-1], positions[-1]
            if i == len(options):
                lists.pop()  # every successor tried: step back
                ranks.pop()
                positions.pop()
                states.pop()
                on_path[path.pop()] = 0
                continue
            v = options[i]
            positions[-1] = i + 1
            if on_path[v]:
                continue
            depth = len(path)  # hops after stepping to v
            if advance is None:
                r = ranks[-1][i]
                w = r if r > states[-1] else states[-1]
            else:
                w = advance(states[-1], path[-2] if depth > 1 else -1, path[-1], v)
                if w is None:
                    continue  # no record could take this step, given the route so far
            if v in targets:
                if length is None or depth == length:
                    yield [*path, v], (w if advance is None else state_rank(w))
                continue  # a route ends at the first target it reaches
            if depth == length:
                continue
            if deadline is not None:
                expansions += 1
                if expansions % _CHECK_EVERY == 0 and time.perf_counter() > deadline:
                    yield None
                    return
            left = limit - depth - 1
            nxt = within.get(v * 16 + left) or near(v, left)
            states.append(w)
            path.append(v)
            on_path[v] = 1
            lists.append(nxt[0])
            ranks.append(nxt[1])
            positions.append(0)


def _walk_bound(q: Query) -> int:
    """Walks from the origins to a first target within max_hops, on nodes that lie on some route."""
    depth = q.index.forward_depths(q.origins, q.targets, q.dist, q.max_hops)
    out, dist, targets = q.index.out, q.dist, q.targets
    memo: dict[tuple[int, int], int] = {}

    def onward(v: int, budget: int) -> int:
        return sum(walks(w, budget - 1) for w in out[v] if w in depth and 1 + dist[w] <= budget)

    def walks(v: int, budget: int) -> int:
        if v in targets:
            return 1
        key = (v, budget)
        if key not in memo:
            memo[key] = onward(v, budget)
        return memo[key]

    return sum(onward(o, q.max_hops) for o in dict.fromkeys(q.origins) if o in depth)


def _route(q: Query, path: list[int]) -> Route:
    index = q.index
    hops = tuple(index.hop(a, b) for a, b in zip(path, path[1:], strict=False))
    return Route(tuple(index.names[p] for p in path), hops, q.ds, q.steps)


def _order(q: Query, found: list[tuple[list[int], int]]) -> list[list[int]]:
    """Paths shortest first, then strongest, then by label: the order of Route.sort_key, on positions.

    The search already gives paths of one length in label order, and Python's sort is stable, so sorting by
    length and strength alone keeps label order within each group. A route open today is told, and ranked, as
    it stands today (its strength may be weaker than at its best, in the past).
    """
    if q.steps.timed:
        today_rank = q.steps.today_rank
        found = [(path, today_rank(path, rank)) for path, rank in found]
    found.sort(key=lambda pw: len(pw[0]) * 8 + pw[1])
    return [path for path, _ in found]


class RouteList(Sequence[Route]):
    """The routes of a result, made into Route objects only when read (a result may hold many thousands)."""

    def __init__(self, q: Query, paths: list[list[int]]):
        self._q = q
        self._paths = paths
        self._made: dict[int, Route] = {}

    def __len__(self) -> int:
        return len(self._paths)

    @overload
    def __getitem__(self, i: int) -> Route: ...

    @overload
    def __getitem__(self, i: slice) -> list[Route]: ...

    def __getitem__(self, i: int | slice) -> Route | list[Route]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self._paths)
        route = self._made.get(i)
        if route is None:
            route = self._made[i] = _route(self._q, self._paths[i])
        return route

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def __repr__(self) -> str:
        return f"RouteList({len(self)} routes)"


def trace(
    ds: Dataset,
    origins: str | Iterable[str] = "kind:school",
    targets: str | Iterable[str] | None = None,
    max_hops: int = HARD_MAX_HOPS,
    max_routes: int | None = 1000,
    time_budget: float | None = 2.0,
    statuses: Iterable[str] | str | None = None,
    relations: Iterable[str] | str | None = None,
    as_of: str | dt.date | None = None,
    without: Iterable[str] | str = (),
    continuous: bool = False,
    today: str | dt.date | None = None,
) -> RouteSet:
    """Every route from the origins to the targets over flow links, shortest first.

    Parameters
    ----------
    ds : the data set.
    origins, targets : node references: an id, an exact label (any case), ``kind:KIND``, or a list of them.
        ``targets`` defaults to every node of kind immigration_enforcement.
    max_hops : the longest route, in links (1 to 8).
    max_routes, time_budget : stop after this many routes or seconds (None: no cap); the result then says
        ``complete=False`` and its count is a lower bound.
    statuses, relations : admitted evidence statuses and relations (None: all).
    as_of : only links (and handoffs) open on that date (YYYY, YYYY-MM or YYYY-MM-DD). With no date, only
        time-respecting routes: there are days t1 <= t2 <= ... with each link and handoff open on its day (a
        record may wait at an institution); each route then has a ``window`` and ``open_today``.
    without : institutions and links (``"A->B"`` or an edge id) removed, for what-if.
    continuous : only routes whose every handoff is established (recorded or implied).
    today : the date ``open_today`` refers to (default: the computer's date).

    When a cap or the time budget cuts the search, the routes kept are still the shortest that exist: the
    search goes length by length, and ``complete_lengths`` says up to which length every route is listed.

    Examples
    --------
    >>> import network
    >>> rs = network.trace(network.load(), origins="East Boston High School")
    >>> rs.complete, rs.count == len(rs.routes) > 0
    (True, True)
    >>> rs.routes[0].nodes[0]
    'ebhs'
    """
    if max_routes is not None and (isinstance(max_routes, bool) or not isinstance(max_routes, int)
                                   or max_routes < 1):
        raise QueryError(f"max_routes must be a positive whole number or None, not {max_routes!r}.")
    if time_budget is not None and not time_budget > 0:
        raise QueryError(f"time_budget must be a positive number of seconds or None, not {time_budget!r}.")
    q = prepare(ds, origins, targets, max_hops, statuses, relations, as_of, without, continuous, today)
    deadline = time.perf_counter() + time_budget if time_budget is not None else None
    paths: list[tuple[list[int], int]] = []
    stopped_by = ""
    complete_lengths = q.max_hops
    # With nothing that can cut it, one search finds everything. With a cap or a budget, search length by
    # length, so that whatever is kept when it stops is the shortest routes that exist.
    cuttable = max_routes is not None or deadline is not None
    lengths: list[int | None] = list(range(1, q.max_hops + 1)) if cuttable else [None]
    for length in lengths:
        found = _paths(q, length, deadline)
        # take what is wanted in one go (list/islice run in C): one more than the cap tells that it was reached
        wanted = None if max_routes is None else max_routes - len(paths) + 1
        batch = list(found if wanted is None else islice(found, wanted))
        if batch and batch[-1] is None:  # the search yields None, last, when the time budget ran out
            batch.pop()
            stopped_by = "time_budget"
        elif wanted is not None and len(batch) == wanted:
            batch.pop()
            stopped_by = "max_routes"
        paths.extend(batch)  # type: ignore[arg-type]
        if stopped_by:
            complete_lengths = (length or 1) - 1
            break
    routes = RouteList(q, _order(q, paths))
    return RouteSet(
        query=q.describe() | {"max_routes": max_routes, "time_budget": time_budget},
        routes=routes,
        complete=not stopped_by,
        stopped_by=stopped_by,
        complete_lengths=complete_lengths,
        dated=q.index.dated,
        _bound=lambda: _walk_bound(q),
        _first_date=ds.first_date if q.index.dated else "",
    )
