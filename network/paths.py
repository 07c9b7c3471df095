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
from itertools import islice
from typing import Any, overload

import numpy as np

from . import kernel
from .errors import QueryError
from .flowindex import HARD_MAX_HOPS
from .i18n import _
from .model import Dataset
from .query import CAPS, Query, prepare
from .routes import Route, RouteSet

__all__ = ["trace", "search_paths", "RouteList", "kernel_paths"]

_CHECK_EVERY = 2048  # expansions between two looks at the clock (the compiled search: 64 times as many)
#: A search capped at no more routes than this runs in Python (quick to start; the compiled search's first call
#: in a process costs about half a second); past it, or uncapped, the compiled search runs when it can.
PYTHON_ROUTES = 1000
#: Steps the search in Python may take, in a process that has not yet run the compiled one, before it hands over.
PYTHON_TRIAL_STEPS = 5_000
#: Which search trace uses: "auto" (as above), "python" or "kernel" (the compiled one wherever it can); for tests.
ENGINE = "auto"


def search_paths(q: Query, length: int | None, deadline: float | None, allowance: list[int] | None = None
                 ) -> Iterator[tuple[list[int], int] | None]:
    """Yield (path, weakest evidence rank) from the origins; paths of exactly ``length`` hops, or of any
    length up to max_hops, as lists of positions.

    Origins and successors are walked in label order, so paths of one length come out sorted by label. Only
    successors close enough to a target to finish within the limit are walked: for each node and number of
    hops left, that list (with each hop's evidence rank) is made once and kept on the index. The weakest rank
    is carried as the path grows, so sorting by strength costs nothing more. Where handoffs count or links
    are dated, each step also goes through ``Steps.advance``, which carries what the route can still be (its
    rank, or for each rank the earliest day a record could be there) and refuses steps no record could
    take. Yields None when the deadline passed (and stops); also when ``allowance`` (a one-item list: the steps it
    may take) is spent, which it then sets to 0; else it takes off the steps taken.
    """
    index = q.index
    dist, targets = q.dist, q.targets
    within = index.within(q.targets)
    sort_key = index.sort_key
    out_ptr, pair_dst, pair_rank = index.out_ptr, index.pair_dst_list, index.pair_rank
    steps_ = q.steps
    advance = steps_.advance if (steps_.assess or steps_.timed) else None
    state_rank = steps_.rank

    def near(u: int, left: int) -> tuple[list[int], list[int]]:
        """u's successors from which a target is at most ``left`` hops away, in label order, and each hop's rank."""
        lo, hi = int(out_ptr[u]), int(out_ptr[u + 1])
        ks = sorted((k for k in range(lo, hi) if dist[pair_dst[k]] <= left), key=lambda k: sort_key(pair_dst[k]))
        found = within[u * 16 + left] = ([pair_dst[k] for k in ks], pair_rank[ks].tolist())
        return found

    limit = length if length is not None else q.max_hops
    on_path = bytearray(len(index.names))
    expansions = 0
    counted = deadline is not None or allowance is not None
    budget = allowance[0] if allowance is not None else -1
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
            if counted:
                expansions += 1
                if expansions == budget:
                    allowance[0] = 0  # type: ignore[index]
                    yield None
                    return
                if deadline is not None and expansions % _CHECK_EVERY == 0 and time.perf_counter() > deadline:
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
    if allowance is not None:
        allowance[0] -= expansions


def _walk_bound(q: Query) -> int:
    """Walks from the origins to a first target within max_hops, on nodes that lie on some route."""
    depth = q.index.forward_depths(q.origins, q.targets, q.dist, q.max_hops)
    successors, dist, targets = q.index.successors, q.dist, q.targets
    memo: dict[tuple[int, int], int] = {}

    def onward(v: int, budget: int) -> int:
        return sum(walks(w, budget - 1) for w in successors(v) if w in depth and 1 + dist[w] <= budget)

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


class Rows(Sequence[list[int]]):
    """Routes kept as arrays until read: row ``order[i]`` of ``rows``, its first ``lengths + 1`` positions."""

    def __init__(self, rows: np.ndarray[Any, Any], lengths: np.ndarray[Any, Any], order: np.ndarray[Any, Any]):
        self._rows, self._lengths, self._order = rows, lengths, order

    def __len__(self) -> int:
        return len(self._order)

    def count_of_length(self, length: int) -> int:
        return int(np.count_nonzero(self._lengths == length))

    @overload
    def __getitem__(self, i: int) -> list[int]: ...

    @overload
    def __getitem__(self, i: slice) -> list[list[int]]: ...

    def __getitem__(self, i: int | slice) -> list[int] | list[list[int]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        row = int(self._order[i])
        return self._rows[row, :int(self._lengths[row]) + 1].tolist()  # type: ignore[no-any-return]


def kernel_paths(q: Query, t: kernel.Tables, length: int | None, deadline: float | None, max_count: int | None
                 ) -> tuple[kernel.Search, bool]:
    """The compiled search of one length (or all, None): the search, and whether the deadline stopped it."""
    search = kernel.Search(t, q.max_hops, length)
    slice_ = _CHECK_EVERY * 64
    cap = max_count if max_count is not None else 1 << 62
    while True:
        status = search.run(cap, slice_ if deadline is not None else 1 << 62)
        if status in (kernel.DONE, kernel.COUNT):
            return search, False
        if status == kernel.SLICE and deadline is not None and time.perf_counter() > deadline:
            return search, True


def _trace_kernel(q: Query, t: kernel.Tables, max_routes: int | None, deadline: float | None
                  ) -> tuple[Rows, str, int]:
    """trace's search, compiled: the routes in order, why it stopped ("" when complete), complete lengths."""
    cuttable = max_routes is not None or deadline is not None
    lengths: list[int | None] = list(range(1, q.max_hops + 1)) if cuttable else [None]
    parts: list[kernel.Search] = []
    total, stopped_by, complete_lengths = 0, "", q.max_hops
    for length in lengths:
        wanted = None if max_routes is None else max_routes - total + 1
        search, late = kernel_paths(q, t, length, deadline, wanted)
        found = search.found
        if late:
            stopped_by = "time_budget"
        elif wanted is not None and found == wanted:
            found -= 1
            stopped_by = "max_routes"
        search.ctl[2] = found
        parts.append(search)
        total += found
        if stopped_by:
            complete_lengths = (length or 1) - 1
            break
    width = HARD_MAX_HOPS + 1
    rows = np.concatenate([s.rows[:s.found] for s in parts]) if parts else np.zeros((0, width), np.int32)
    lens = np.concatenate([s.lengths[:s.found] for s in parts]) if parts else np.zeros(0, np.int8)
    ranks = np.concatenate([s.ranks[:s.found] for s in parts]) if parts else np.zeros(0, np.int8)
    order = np.argsort(lens.astype(np.int64) * 8 + ranks, kind="stable")
    return Rows(rows, lens, order), stopped_by, complete_lengths


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

    def __init__(self, q: Query, paths: Sequence[list[int]]):
        self._q = q
        self._paths = paths
        self._made: dict[int, Route] = {}

    def __len__(self) -> int:
        return len(self._paths)

    def count_of_length(self, length: int) -> int:
        """How many routes have ``length`` links (without making them into Route objects)."""
        counted = getattr(self._paths, "count_of_length", None)
        if counted is not None:
            return int(counted(length))
        return sum(1 for p in self._paths if len(p) == length + 1)

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
    max_routes: int | None = CAPS["default"].max_routes,
    time_budget: float | None = CAPS["default"].time_budget,
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
        raise QueryError(_("max_routes must be a positive whole number or None, not {value}.").format(
            value=repr(max_routes)))
    if time_budget is not None and not time_budget > 0:
        raise QueryError(_("time_budget must be a positive number of seconds or None, not {value}.").format(
            value=repr(time_budget)))
    q = prepare(ds, origins, targets, max_hops, statuses, relations, as_of, without, continuous, today)
    deadline = time.perf_counter() + time_budget if time_budget is not None else None
    compiled = ENGINE == "kernel" or (ENGINE == "auto" and (max_routes is None or max_routes > PYTHON_ROUTES))
    t = kernel.tables(q) if compiled and ENGINE != "python" else None
    if t is not None and (ENGINE == "kernel" or kernel.ready()):
        return _compiled_result(q, t, max_routes, time_budget, deadline)
    # a process that has not run the compiled search yet tries in Python first, and goes over to it only when the
    # search proves big (so a small data set's answer never waits for the compiled code to load)
    trial = [PYTHON_TRIAL_STEPS] if t is not None else None
    paths: list[tuple[list[int], int]] = []
    stopped_by = ""
    complete_lengths = q.max_hops
    # With nothing that can cut it, one search finds everything. With a cap or a budget, search length by
    # length, so that whatever is kept when it stops is the shortest routes that exist.
    cuttable = max_routes is not None or deadline is not None
    lengths: list[int | None] = list(range(1, q.max_hops + 1)) if cuttable else [None]
    for length in lengths:
        found = search_paths(q, length, deadline, trial)
        # take what is wanted in one go (list/islice run in C): one more than the cap tells that it was reached
        wanted = None if max_routes is None else max_routes - len(paths) + 1
        batch = list(found if wanted is None else islice(found, wanted))
        if batch and batch[-1] is None:  # the search yields None, last, when the time budget ran out
            if trial is not None and trial[0] <= 0 and t is not None:
                return _compiled_result(q, t, max_routes, time_budget, deadline)  # too big for Python
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
    )


def _compiled_result(q: Query, t: kernel.Tables, max_routes: int | None, time_budget: float | None,
                     deadline: float | None) -> RouteSet:
    rows, stopped_by, complete_lengths = _trace_kernel(q, t, max_routes, deadline)
    return RouteSet(
        query=q.describe() | {"max_routes": max_routes, "time_budget": time_budget},
        routes=RouteList(q, rows),
        complete=not stopped_by,
        stopped_by=stopped_by,
        complete_lengths=complete_lengths,
        dated=q.index.dated,
        _bound=lambda: _walk_bound(q),
    )
