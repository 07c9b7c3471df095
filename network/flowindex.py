"""The flow links that pass a query's filters, indexed by integer for fast search, and cached.

Route tracing and levers both start here: ``flow_index(ds, filters)`` builds (once per data set and filters)
the successor and predecessor lists of the flow graph with parallel links grouped, and answers distances to a
target set by one reverse breadth-first search (cached per target set).
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import OrderedDict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from .gcpause import collector_paused
from .model import Dataset, Edge, parse_date
from .vocabulary import STATUS_RANK, STATUSES, strongest_status

if TYPE_CHECKING:
    from .query import Filters

__all__ = ["FlowIndex", "flow_index", "Hop", "UNREACHABLE", "HARD_MAX_HOPS"]

#: The longest route ever searched: beyond it the number of routes explodes and no reader follows them.
HARD_MAX_HOPS = 8
UNREACHABLE = 1 << 30


def _day(text: str) -> dt.date:
    """The day a date of a loaded data set stands for (never empty here: checked when it was read)."""
    day = parse_date(text)
    assert day is not None, "an empty date is no day"
    return day


@dataclass(frozen=True)
class Hop:
    """One step of a route: every admitted flow link from ``source`` to ``target``, taken together.

    Parallel links are one hop whose evidence is the strongest of them; all their sources are listed.
    """

    source: str
    target: str
    relation: str
    carries: str
    status: str
    start: str
    end: str
    sources: tuple[str, ...]
    edge_ids: tuple[str, ...]

    @classmethod
    def of(cls, edges: list[Edge]) -> Hop:
        best = min(edges, key=lambda e: STATUSES.index(e.status))
        starts = [e.start for e in edges]
        ends = [e.end for e in edges]
        return cls(
            source=best.source,
            target=best.target,
            relation=best.relation,
            carries=", or ".join(dict.fromkeys(e.carries for e in edges if e.carries)),
            status=strongest_status(e.status for e in edges),
            start="" if "" in starts else min(starts, key=_day),
            end="" if "" in ends else max(ends, key=_day),
            sources=tuple(dict.fromkeys(s for e in edges for s in e.sources)),
            edge_ids=tuple(e.id for e in edges),
        )


class FlowIndex:
    """Integer-indexed flow graph under one set of filters. Build it with ``flow_index``."""

    def __init__(self, ds: Dataset, filters: Filters):
        self.ds = ds
        self.filters = filters
        check = None if filters.admits_all else filters.admits  # the common case skips a call per edge
        with collector_paused():  # a million small containers and nothing to free: no collection passes meanwhile
            self.names: list[str] = list(ds.nodes)
            self.pos: dict[str, int] = {name: i for i, name in enumerate(self.names)}
            self.edges: list[Edge] = []
            self.out: list[dict[int, list[int]]] = [{} for _ in self.names]
            self.pred: list[list[int]] = [[] for _ in self.names]
            self._add(ds.flow_edges, check)
        self._hops: dict[tuple[int, int], Hop] = {}
        self._ranks: dict[tuple[int, int], int] = {}
        self._distances: OrderedDict[frozenset[int], list[int]] = OrderedDict()
        self._within: dict[frozenset[int], dict[int, tuple[list[int], list[int]]]] = {}
        self._label_keys: list[str] | None = None
        self._sorted: dict[tuple[int, ...], list[int]] = {}

    def _add(self, edges: Iterable[Edge], check: Callable[[Edge], bool] | None) -> None:
        pos, out, pred, admitted = self.pos, self.out, self.pred, self.edges
        for e in edges:
            source, target = e.source, e.target
            if source == target or (check is not None and not check(e)):
                continue  # a self loop is never on a simple path
            u, v = pos[source], pos[target]
            group = out[u].get(v)
            if group is None:
                out[u][v] = [len(admitted)]
                pred[v].append(u)
            else:
                group.append(len(admitted))
            admitted.append(e)

    @cached_property
    def dated(self) -> bool:
        """Whether any admitted link, or any of the data set's handoffs, has a start or an end."""
        return any(e.start or e.end for e in self.edges) or any(h.start or h.end for h in self.ds.handoffs)

    @property
    def label_keys(self) -> list[str]:
        """Each node's label in lower case, by position: what routes are ordered by after length and strength."""
        if self._label_keys is None:
            label = self.ds.label
            self._label_keys = [label(n).lower() for n in self.names]
        return self._label_keys

    def hop_rank(self, u: int, v: int) -> int:
        """The rank (0 strongest) of the strongest evidence among the links from u to v."""
        key = (u, v)
        rank = self._ranks.get(key)
        if rank is None:
            rank = self._ranks[key] = min(STATUS_RANK[self.edges[i].status] for i in self.out[u][v])
        return rank

    def within(self, targets: frozenset[int]) -> dict[int, tuple[list[int], list[int]]]:
        """A memo, per target set, of each node's successors close enough to finish a route, in label order:
        key ``node * 16 + hops left``, value those successors and the evidence rank of each hop.

        Filled as a search visits nodes, so a query on a million-link graph pays only for what it walks.
        """
        memo = self._within.get(targets)
        if memo is None:
            memo = self._within[targets] = {}
            if len(self._within) > 8:
                self._within.pop(next(iter(self._within)))
        return memo

    def in_label_order(self, nodes: tuple[int, ...]) -> list[int]:
        """Nodes sorted by label (then id); remembered for the last few sets, as 'any school' may be 100,000."""
        found = self._sorted.get(nodes)
        if found is None:
            found = self._sorted[nodes] = sorted(nodes, key=self.sort_key)
            if len(self._sorted) > 8:
                self._sorted.pop(next(iter(self._sorted)))
        return found

    def sort_key(self, i: int) -> tuple[str, str]:
        """Where a node comes when routes are listed: by label, then by id."""
        return (self.label_keys[i], self.names[i])

    def hop(self, u: int, v: int) -> Hop:
        key = (u, v)
        hop = self._hops.get(key)
        if hop is None:
            hop = self._hops[key] = Hop.of([self.edges[i] for i in self.out[u][v]])
        return hop

    def distances_to(self, targets: frozenset[int]) -> list[int]:
        """Fewest hops from each node to the nearest target (UNREACHABLE when none), by reverse BFS."""
        cached = self._distances.get(targets)
        if cached is not None:
            self._distances.move_to_end(targets)
            return cached
        dist = [UNREACHABLE] * len(self.names)
        queue = deque(targets)
        for t in targets:
            dist[t] = 0
        pred = self.pred
        while queue:
            v = queue.popleft()
            d = dist[v] + 1
            if d > HARD_MAX_HOPS:
                continue  # nothing further away can be on a route
            for u in pred[v]:
                if dist[u] == UNREACHABLE and u not in targets:
                    dist[u] = d
                    queue.append(u)
        self._distances[targets] = dist
        if len(self._distances) > 8:
            self._distances.popitem(last=False)
        return dist

    def forward_depths(self, origins: Iterable[int], targets: frozenset[int], dist: list[int],
                       max_hops: int) -> dict[int, int]:
        """Fewest hops from the origins to each node that still lies on a route of at most ``max_hops``.

        The search does not go past a target (a route ends at the first target it reaches).
        """
        depth: dict[int, int] = {}
        queue: deque[int] = deque()
        for o in origins:
            if dist[o] <= max_hops and o not in depth:
                depth[o] = 0
                queue.append(o)
        out = self.out
        while queue:
            u = queue.popleft()
            if u in targets and depth[u] > 0:
                continue  # an origin that is a target still starts routes
            d = depth[u] + 1
            for v in out[u]:
                if v not in depth and d + dist[v] <= max_hops:
                    depth[v] = d
                    queue.append(v)
        return depth


_CACHE: weakref.WeakKeyDictionary[Dataset, OrderedDict[Filters, FlowIndex]] = weakref.WeakKeyDictionary()
_PER_DATASET = 16


def flow_index(ds: Dataset, filters: Filters) -> FlowIndex:
    """The index of ``ds`` under ``filters``, built once and kept while the data set lives (LRU of 16)."""
    per_ds = _CACHE.setdefault(ds, OrderedDict())
    index = per_ds.get(filters)
    if index is None:
        index = per_ds[filters] = FlowIndex(ds, filters)
        if len(per_ds) > _PER_DATASET:
            per_ds.popitem(last=False)
    else:
        per_ds.move_to_end(filters)
    return index
