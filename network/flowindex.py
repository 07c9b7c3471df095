"""The flow links that pass a query's filters, indexed by integer for fast search, and cached.

Route tracing and levers both start here: ``flow_index(ds, filters)`` builds (once per data set and filters)
the successor and predecessor lists of the flow graph with parallel links grouped, as integer arrays (numpy),
and answers distances to a target set by one reverse breadth-first search (cached per target set).

The flow links of a data set are read into arrays once (``_Base``: each link's ends as positions and its
evidence rank, and, when first asked for, its days and relation); an index for a set of filters is a selection
of them, grouped by pair of institutions. A link's place in ``index.edges`` is its place among the admitted
links in the data set's order, as before.
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from operator import itemgetter
from typing import TYPE_CHECKING, Any

import numpy as np

from .model import Dataset, Edge, parse_date
from .timing import NEVER_AFTER, NEVER_BEFORE
from .vocabulary import STATUS_RANK, STATUSES, strongest_status

if TYPE_CHECKING:
    from .query import Filters

__all__ = ["FlowIndex", "flow_index", "forget", "Hop", "UNREACHABLE", "HARD_MAX_HOPS", "ranges", "distinct", "Ints"]

#: The longest route ever searched: beyond it the number of routes explodes and no reader follows them.
HARD_MAX_HOPS = 8
UNREACHABLE = 1 << 30

Ints = np.ndarray[Any, np.dtype[np.int64]]
Int32s = np.ndarray[Any, np.dtype[np.int32]]
Bools = np.ndarray[Any, np.dtype[np.bool_]]


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


def _ordinals(texts: Iterable[str], blank: int) -> Ints:
    """Each date as a day ordinal (``blank`` for an empty one); a data set repeats few dates, so each is parsed once."""
    seen: dict[str, int] = {"": blank}

    def one(text: str) -> int:
        day = seen.get(text)
        if day is None:
            day = seen[text] = _day(text).toordinal()
        return day

    return np.fromiter(map(one, texts), np.int64)


class _Base:
    """The flow links of one data set as arrays, whatever the filters: read once per data set."""

    def __init__(self, ds: Dataset):
        self._ds = weakref.ref(ds)  # not the data set itself: the cache keyed by it must not keep it alive
        self.flow = ds.flow_edges
        self.names: list[str] = list(ds.nodes)
        self.pos: dict[str, int] = dict(zip(self.names, range(len(self.names)), strict=True))
        pos, flow = self.pos, self.flow
        self.src: Int32s = np.array([pos[e.source] for e in flow], dtype=np.int32)
        self.dst: Int32s = np.array([pos[e.target] for e in flow], dtype=np.int32)
        rank = STATUS_RANK
        self.rank = np.frombuffer(bytes([rank[e.status] for e in flow]), dtype=np.int8)
        self._label_keys: list[str] | None = None
        self._label_rank: Int32s | None = None

    @property
    def ds(self) -> Dataset:
        ds = self._ds()
        assert ds is not None, "an index outlives no data set: the cache drops it with the data set"
        return ds

    @cached_property
    def first(self) -> Ints:
        """Each link's first open day (NEVER_BEFORE when undated)."""
        return _ordinals((e.start for e in self.flow), NEVER_BEFORE)

    @cached_property
    def end(self) -> Ints:
        """The day after each link's last open day (NEVER_AFTER when open)."""
        return _ordinals((e.end for e in self.flow), NEVER_AFTER)

    @cached_property
    def dated(self) -> bool:
        return any(e.start or e.end for e in self.flow)

    def relation_in(self, relations: frozenset[str]) -> Bools:
        codes: dict[str, int] = {}
        per_edge = np.fromiter((codes.setdefault(e.relation, len(codes)) for e in self.flow), np.int32,
                               len(self.flow))
        admitted = np.array([r in relations for r in codes], dtype=bool)
        return admitted[per_edge] if len(codes) else np.zeros(len(self.flow), dtype=bool)

    @property
    def label_keys(self) -> list[str]:
        """Each node's label in lower case, by position: what routes are ordered by after length and strength."""
        if self._label_keys is None:
            self._label_keys = [n.name.lower() for n in self.ds.nodes.values()]
        return self._label_keys

    @property
    def label_rank(self) -> Int32s:
        """Each node's place when nodes are sorted by label (lower case), then id."""
        if self._label_rank is None:
            keys, names = self.label_keys, self.names
            if any("\0" in k for k in keys) or any("\0" in n for n in names):  # numpy drops trailing NULs
                order = np.array(sorted(range(len(names)), key=lambda i: (keys[i], names[i])), dtype=np.int64)
            else:
                order = np.lexsort((np.array(names, dtype=str), np.array(keys, dtype=str))) if names else \
                    np.zeros(0, dtype=np.int64)
            rank = np.empty(len(names), dtype=np.int32)
            rank[order] = np.arange(len(names), dtype=np.int32)
            self._label_rank = rank
        return self._label_rank


def ranges(starts: Ints, stops: Ints) -> Ints:
    """The concatenation of range(a, b) for each (a, b): positions into a CSR array, in one go."""
    lens = stops - starts
    total = int(lens.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    offsets = np.cumsum(lens) - lens
    found: Ints = np.arange(total, dtype=np.int64) - np.repeat(offsets - starts, lens)
    return found


def distinct(found: Ints, n: int) -> Ints:
    """The distinct values of ``found`` (all below ``n``), sorted: by marking (or sorting, for a few), faster
    than np.unique's hashing."""
    if len(found) * 16 < n:
        ordered = np.sort(found)
        kept: Ints = ordered[np.concatenate(([True], ordered[1:] != ordered[:-1]))] if len(ordered) else ordered
        return kept
    mark = np.zeros(n, dtype=bool)
    mark[found] = True
    distinct: Ints = np.flatnonzero(mark)
    return distinct


class FlowIndex:
    """Integer-indexed flow graph under one set of filters. Build it with ``flow_index``.

    Parallel links are grouped by pair of institutions: pair ``k`` goes from ``pair_src[k]`` to ``pair_dst[k]``,
    its links are ``edge_order[pair_lo[k]:pair_lo[k + 1]]`` (positions in ``edges``, in the data set's order)
    and its rank is that of its strongest link (``pair_rank``). Pairs are sorted by source, then target
    position, so ``out_ptr[u]:out_ptr[u + 1]`` are u's pairs; ``pred_ptr``/``pred_src`` list each node's
    predecessors.
    """

    def __init__(self, ds: Dataset, filters: Filters, base: _Base | None = None):
        self.filters = filters  # the data set is reached through base, weakly (see _Base)
        self.base = base = base or _Base(ds)
        self.names = base.names
        self.pos = base.pos
        n = len(self.names)
        keep = base.src != base.dst  # a self loop is never on a simple path
        if not filters.admits_all:
            keep &= self._admitted(filters)
        admitted = np.flatnonzero(keep)
        #: flow-link positions (in ``ds.flow_edges``) of the admitted links, in order
        self.admitted = admitted
        if len(admitted) == len(base.flow):
            self.edges: tuple[Edge, ...] = base.flow
        elif len(admitted):
            got = itemgetter(*admitted.tolist())(base.flow)
            self.edges = got if len(admitted) > 1 else (got,)
        else:
            self.edges = ()
        src, dst = base.src[admitted].astype(np.int64), base.dst[admitted].astype(np.int64)
        key = src * max(n, 1) + dst
        order = np.argsort(key, kind="stable")
        key = key[order]
        starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1]))) if len(key) else \
            np.zeros(0, dtype=np.int64)
        self.edge_order: Ints = order
        self.pair_lo: Ints = np.append(starts, len(key)).astype(np.int64)
        self.pair_src: Ints = src[order][starts] if len(key) else np.zeros(0, dtype=np.int64)
        self.pair_dst: Ints = dst[order][starts] if len(key) else np.zeros(0, dtype=np.int64)
        ranks = base.rank[admitted][order]
        self.pair_rank = np.minimum.reduceat(ranks, starts) if len(key) else np.zeros(0, dtype=np.int8)
        self.out_ptr: Ints = np.searchsorted(self.pair_src, np.arange(n + 1))
        by_dst = np.argsort(self.pair_dst, kind="stable")
        self.pred_src: Ints = self.pair_src[by_dst]
        self.pred_ptr: Ints = np.searchsorted(self.pair_dst[by_dst], np.arange(n + 1))
        self._pair_dst_list: list[int] | None = None
        self._hops: dict[tuple[int, int], Hop] = {}
        self._distances: OrderedDict[frozenset[int], tuple[list[int], Int32s]] = OrderedDict()
        self._within: dict[frozenset[int], dict[int, tuple[list[int], list[int]]]] = {}
        self._sorted: dict[tuple[int, ...], list[int]] = {}
        self._sort_keys: dict[int, tuple[str, str]] = {}
        #: the arrays the compiled search reads, made when it first runs on this index ({}: it cannot)
        self.compiled: dict[str, Any] | None = None

    @property
    def ds(self) -> Dataset:
        return self.base.ds

    def _admitted(self, filters: Filters) -> Bools:
        base = self.base
        keep = np.ones(len(base.flow), dtype=bool)
        if filters.statuses is not None:
            ok = np.array([s in filters.statuses for s in STATUSES], dtype=bool)
            keep &= ok[base.rank]
        if filters.relations is not None:
            keep &= base.relation_in(filters.relations)
        if filters.as_of is not None:
            day = filters.as_of.toordinal()
            keep &= (base.first <= day) & (day < base.end)
        if filters.without_nodes:
            gone = np.zeros(len(self.names), dtype=bool)
            gone[[self.pos[x] for x in filters.without_nodes if x in self.pos]] = True
            keep &= ~gone[base.src] & ~gone[base.dst]
        if filters.without_pairs:
            n = max(len(self.names), 1)
            pairs = [self.pos[a] * n + self.pos[b] for a, b in filters.without_pairs if a in self.pos and b in self.pos]
            keep &= ~np.isin(base.src.astype(np.int64) * n + base.dst, np.array(pairs, dtype=np.int64))
        return keep

    @cached_property
    def dated(self) -> bool:
        """Whether any admitted link, or any of the data set's handoffs, has a start or an end."""
        if len(self.admitted) == len(self.base.flow):
            links = self.base.dated
        else:
            links = any(e.start or e.end for e in self.edges)
        return links or any(h.start or h.end for h in self.ds.handoffs)

    @property
    def label_keys(self) -> list[str]:
        """Each node's label in lower case, by position: what routes are ordered by after length and strength."""
        return self.base.label_keys

    def pair(self, u: int, v: int) -> int:
        """The pair index of the links from u to v (-1 when there is none)."""
        lo, hi = int(self.out_ptr[u]), int(self.out_ptr[u + 1])
        k = lo + int(np.searchsorted(self.pair_dst[lo:hi], v))
        return k if k < hi and int(self.pair_dst[k]) == v else -1

    def group(self, u: int, v: int) -> list[int]:
        """Positions in ``edges`` of the admitted links from u to v, in the data set's order."""
        k = self.pair(u, v)
        if k < 0:
            raise KeyError((u, v))
        return self.edge_order[self.pair_lo[k]:self.pair_lo[k + 1]].tolist()  # type: ignore[no-any-return]

    def successor_pairs(self, u: int) -> range:
        """The pair indexes of u's successors."""
        return range(int(self.out_ptr[u]), int(self.out_ptr[u + 1]))

    @property
    def pair_dst_list(self) -> list[int]:
        """``pair_dst`` as a list, for loops in Python."""
        if self._pair_dst_list is None:
            self._pair_dst_list = self.pair_dst.tolist()
        return self._pair_dst_list

    def successors(self, u: int) -> list[int]:
        """u's successors (one per pair: parallel links are one)."""
        return self.pair_dst_list[int(self.out_ptr[u]):int(self.out_ptr[u + 1])]

    def hop_rank(self, u: int, v: int) -> int:
        """The rank (0 strongest) of the strongest evidence among the links from u to v."""
        return int(self.pair_rank[self.pair(u, v)])

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
            if len(nodes) > 64:
                picked = np.array(nodes, dtype=np.int64)
                found = picked[np.argsort(self.base.label_rank[picked], kind="stable")].tolist()
            else:
                found = sorted(nodes, key=self.sort_key)
            self._sorted[nodes] = found
            if len(self._sorted) > 8:
                self._sorted.pop(next(iter(self._sorted)))
        return found

    def sort_key(self, i: int) -> tuple[str, str]:
        """Where a node comes when routes are listed: by label, then by id (made for the nodes a search visits)."""
        key = self._sort_keys.get(i)
        if key is None:
            name = self.names[i]
            node = self.ds.nodes.get(name)
            key = self._sort_keys[i] = ((node.name if node else name).lower(), name)
        return key

    def hop(self, u: int, v: int) -> Hop:
        key = (u, v)
        hop = self._hops.get(key)
        if hop is None:
            hop = self._hops[key] = Hop.of([self.edges[i] for i in self.group(u, v)])
        return hop

    def distance_array(self, targets: frozenset[int]) -> Int32s:
        """Fewest hops from each node to the nearest target (UNREACHABLE when none), as an array."""
        return self._distances_of(targets)[1]

    def distances_to(self, targets: frozenset[int]) -> list[int]:
        """Fewest hops from each node to the nearest target (UNREACHABLE when none), by reverse BFS."""
        return self._distances_of(targets)[0]

    def _distances_of(self, targets: frozenset[int]) -> tuple[list[int], Int32s]:
        cached = self._distances.get(targets)
        if cached is not None:
            self._distances.move_to_end(targets)
            return cached
        dist = np.full(len(self.names), UNREACHABLE, dtype=np.int32)
        frontier = np.array(sorted(targets), dtype=np.int64)
        dist[frontier] = 0
        d = 0
        while len(frontier) and d < HARD_MAX_HOPS:  # nothing further away can be on a route
            d += 1
            found = self.pred_src[ranges(self.pred_ptr[frontier], self.pred_ptr[frontier + 1])]
            found = found[dist[found] == UNREACHABLE]
            dist[found] = d
            frontier = distinct(found, len(self.names))
        cached = self._distances[targets] = (dist.tolist(), dist)
        if len(self._distances) > 8:
            self._distances.popitem(last=False)
        return cached

    def forward_depth_array(self, origins: Iterable[int], targets: frozenset[int], max_hops: int) -> Int32s:
        """Fewest hops from the origins to each node that still lies on a route of at most ``max_hops``
        (-1 elsewhere). The search does not go past a target (a route ends at the first target it reaches);
        an origin that is a target still starts routes."""
        dist = self.distance_array(targets)
        depth = np.full(len(self.names), -1, dtype=np.int32)
        frontier = distinct(np.fromiter(origins, np.int64), len(self.names))
        frontier = frontier[dist[frontier] <= max_hops]
        depth[frontier] = 0
        is_target = np.zeros(len(self.names), dtype=bool)
        is_target[list(targets)] = True
        d = 0
        while len(frontier):
            if d:
                frontier = frontier[~is_target[frontier]]
            d += 1
            found = self.pair_dst[ranges(self.out_ptr[frontier], self.out_ptr[frontier + 1])]
            found = found[(depth[found] < 0) & (dist[found] + d <= max_hops)]
            depth[found] = d
            frontier = distinct(found, len(self.names))
        return depth

    def forward_depths(self, origins: Iterable[int], targets: frozenset[int], dist: list[int],
                       max_hops: int) -> dict[int, int]:
        """Fewest hops from the origins to each node that still lies on a route of at most ``max_hops``.

        The search does not go past a target (a route ends at the first target it reaches).
        """
        depth = self.forward_depth_array(origins, targets, max_hops)
        reached = np.flatnonzero(depth >= 0)
        return dict(zip(reached.tolist(), depth[reached].tolist(), strict=True))


class _PerDataset:
    """What is cached for one data set: its links as arrays, and an index per set of filters (LRU)."""

    def __init__(self) -> None:
        self._base: _Base | None = None
        self.indexes: OrderedDict[Filters, FlowIndex] = OrderedDict()

    def base(self, ds: Dataset) -> _Base:
        if self._base is None:
            self._base = _Base(ds)
        return self._base


_CACHE: weakref.WeakKeyDictionary[Dataset, _PerDataset] = weakref.WeakKeyDictionary()
_PER_DATASET = 16


def flow_index(ds: Dataset, filters: Filters) -> FlowIndex:
    """The index of ``ds`` under ``filters``, built once and kept while the data set lives (LRU of 16)."""
    per_ds = _CACHE.get(ds)
    if per_ds is None:
        per_ds = _CACHE[ds] = _PerDataset()
    index = per_ds.indexes.get(filters)
    if index is None:
        index = per_ds.indexes[filters] = FlowIndex(ds, filters, per_ds.base(ds))
        if len(per_ds.indexes) > _PER_DATASET:
            per_ds.indexes.popitem(last=False)
    else:
        per_ds.indexes.move_to_end(filters)
    return index


def forget(ds: Dataset) -> None:
    """Drop every index and array kept for ``ds`` (the next query starts cold)."""
    _CACHE.pop(ds, None)
