"""The compiled search: every route, as the search in paths.py finds them, over the flow index's arrays in machine
code (numba), for searches that list or count many routes.

It walks the same depth-first search in the same order (origins and successors in label order, a successor
only when a target is close enough to finish within the limit, a route ending at the first target it reaches)
and carries what ``Steps.advance`` carries: untimed, the weakest rank so far; timed, for each rank the earliest
day a record could be at the end of the route having passed no step weaker than that rank (``INF``: never).
Handoffs are worked out at each step from tables (the recorded handoffs at each institution; what each link
carries as bits, for implied handoffs). Today's rank, by which a route open today is ordered, is carried along.

The search runs in slices and can be resumed (its stack lives in arrays), so the caller can look at the clock
between slices, grow the output and stop at a count. Routes come back as arrays: a row of positions per route.
``tables(q)`` returns None when the kernel cannot take a query (more than 64 names of things carried, or more
than 60 handoffs recorded at one institution); paths.py then searches in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numba
import numpy as np

from .feasibility import RANKS, UNKNOWN_RANK
from .flowindex import HARD_MAX_HOPS, FlowIndex
from .model import carried_values
from .timing import NEVER_AFTER, NEVER_BEFORE, span_of
from .vocabulary import STATUS_RANK

if TYPE_CHECKING:
    from .query import Query

__all__ = ["tables", "ready", "Tables", "Search", "DONE", "COUNT", "FULL", "SLICE", "SLICE_STEPS"]

INF = 1 << 62  # "never" in a state vector: no record can be there with no step weaker than that rank
DONE, COUNT, FULL, SLICE = 0, 1, 2, 3  # why a slice of the search returned
SLICE_STEPS = 1 << 17  # steps of a slice when the caller looks at the clock between slices
_MAX_AT = 60  # recorded handoffs at one institution the kernel takes (it holds 64 options per step)

Arr = np.ndarray[Any, Any]



@dataclass
class Tables:
    """The arrays the kernel reads for one query (those of the index are kept on it, per filters)."""

    out_ptr: Arr
    succ: Arr  # pair indexes, each node's in its successors' label order
    pair_dst: Arr
    pair_rank: Arr
    pair_lo: Arr
    link_rank: Arr  # per link, in pair order
    link_first: Arr
    link_end: Arr
    link_mask: Arr  # what the link carries, as bits
    hand_ptr: Arr  # recorded handoffs at each node
    hand_from: Arr  # -1 any, -2 a name that is no node
    hand_to: Arr
    hand_rank: Arr
    hand_first: Arr
    hand_end: Arr
    hand_ok: Arr  # admitted under the query
    dist: Arr
    is_target: Arr
    origins: Arr  # in label order
    timed: bool
    assess: bool
    not_established: bool
    today: int


def _index_arrays(index: FlowIndex) -> dict[str, Arr] | None:
    """The arrays of an index the kernel needs, made once per index."""
    cached = index.compiled
    if cached is not None:
        return cached or None  # empty: the kernel cannot take this index
    base = index.base
    label = base.label_rank
    order = np.lexsort((label[index.pair_dst], index.pair_src)) if len(index.pair_src) else \
        np.zeros(0, dtype=np.int64)
    links = index.admitted[index.edge_order]  # flow-link positions, in pair order
    names: dict[str, int] = {}
    masks = np.zeros(len(links), dtype=np.uint64)
    if index.ds.assesses_continuity:
        for j, e in enumerate(index.edges[i] for i in index.edge_order.tolist()):
            if e.carries:
                bits = 0
                for name in carried_values(e.carries):
                    bits |= 1 << names.setdefault(name, len(names))
                if len(names) > 64:
                    index.compiled = {}
                    return None
                masks[j] = np.uint64(bits)
    cached = {
        "out_ptr": index.out_ptr.astype(np.int64), "succ": order.astype(np.int64),
        "pair_dst": index.pair_dst.astype(np.int64), "pair_rank": index.pair_rank.astype(np.int64),
        "pair_lo": index.pair_lo.astype(np.int64), "link_rank": base.rank[links].astype(np.int64),
        "link_first": base.first[links], "link_end": base.end[links], "link_mask": masks,
    }
    index.compiled = cached
    return cached


def tables(q: Query) -> Tables | None:
    """What the kernel reads for ``q``; None when it cannot take it (then paths.py searches in Python)."""
    arrays = _index_arrays(q.index)
    if arrays is None:
        return None
    index, steps = q.index, q.steps
    pos = index.pos
    rows: list[tuple[int, int, int, int, int, int, bool]] = []
    if steps.assess:
        for h in q.ds.handoffs:
            at = pos.get(h.at)
            if at is None:
                continue
            span = span_of(h.start, h.end)
            rows.append((at, -1 if h.received_from == "*" else pos.get(h.received_from, -2),
                         -1 if h.passed_to == "*" else pos.get(h.passed_to, -2), STATUS_RANK[h.status],
                         span.first, span.end, steps.admits_handoff(h)))
    rows.sort(key=lambda r: r[0])
    n = len(index.names)
    at_col = np.array([r[0] for r in rows], dtype=np.int64)
    if len(at_col) and int(np.bincount(at_col).max()) > _MAX_AT:
        return None  # more handoffs recorded at one institution than the kernel holds options for
    is_target = np.zeros(n, dtype=np.bool_)
    is_target[list(q.targets)] = True
    return Tables(
        **arrays,
        hand_ptr=np.searchsorted(at_col, np.arange(n + 1)).astype(np.int64),
        hand_from=np.array([r[1] for r in rows], dtype=np.int64),
        hand_to=np.array([r[2] for r in rows], dtype=np.int64),
        hand_rank=np.array([r[3] for r in rows], dtype=np.int64),
        hand_first=np.array([r[4] for r in rows], dtype=np.int64),
        hand_end=np.array([r[5] for r in rows], dtype=np.int64),
        hand_ok=np.array([r[6] for r in rows], dtype=np.bool_),
        dist=index.distance_array(q.targets).astype(np.int64),
        is_target=is_target,
        origins=np.array(index.in_label_order(q.origins), dtype=np.int64),
        timed=steps.timed, assess=steps.assess, not_established=steps.not_established_admitted,
        today=steps.today,
    )


_READY = [False]  # whether the compiled search has run in this process (its code is loaded)


def ready() -> bool:
    """Whether the compiled search has already run in this process (so a call costs no loading)."""
    return _READY[0]


class Search:
    """One resumable search: ``run`` a slice at a time until it says DONE (or COUNT).

    ``length``: only routes of exactly that many links (None: any, up to ``max_hops``). ``count_ends``: count
    routes through each node (those not flagged) and pair instead of keeping them.
    """

    def __init__(self, t: Tables, max_hops: int, length: int | None, count_ends: Arr | None = None,
                 capacity: int = 4096):
        self.t = t
        self.limit = length if length is not None else max_hops
        self.length = length if length is not None else -1
        n = len(t.out_ptr) - 1
        depth = HARD_MAX_HOPS + 2
        # the stack: origin number, depth, and per depth the node, the next successor, the pair stepped over,
        # the state (rank, or a day per rank) and today's rank so far (-1: closed today)
        self.ctl = np.array([-1, -1, 0], dtype=np.int64)  # origin number, depth, routes found
        self.path = np.zeros(depth, dtype=np.int64)
        self.next = np.zeros(depth, dtype=np.int64)
        self.via = np.full(depth, -1, dtype=np.int64)
        self.vec = np.zeros((depth, RANKS), dtype=np.int64)
        self.tday = np.zeros(depth, dtype=np.int64)
        self.on_path = np.zeros(n, dtype=np.bool_)
        self.counting = count_ends is not None
        self.ends = count_ends if count_ends is not None else np.zeros(1, dtype=np.bool_)
        self.through = np.zeros(n if self.counting else 1, dtype=np.int64)
        self.hops = np.zeros(len(t.pair_dst) if self.counting else 1, dtype=np.int64)
        self.rows = np.zeros((0 if self.counting else capacity, depth - 1), dtype=np.int32)
        self.lengths = np.zeros(0 if self.counting else capacity, dtype=np.int8)
        self.ranks = np.zeros(0 if self.counting else capacity, dtype=np.int8)

    @property
    def found(self) -> int:
        return int(self.ctl[2])

    def run(self, max_count: int, expansions: int) -> int:
        """Go on until DONE, ``max_count`` routes in all (COUNT), the output is full (FULL, grown here before
        the next call) or ``expansions`` steps were tried (SLICE)."""
        if not self.counting and self.found == len(self.lengths):
            grow = max(4096, len(self.lengths))
            self.rows = np.concatenate((self.rows, np.zeros((grow, self.rows.shape[1]), dtype=np.int32)))
            self.lengths = np.concatenate((self.lengths, np.zeros(grow, dtype=np.int8)))
            self.ranks = np.concatenate((self.ranks, np.zeros(grow, dtype=np.int8)))
        tb = self.t
        _READY[0] = True
        return int(_search(
            tb.out_ptr, tb.succ, tb.pair_dst, tb.pair_rank, tb.pair_lo, tb.link_rank, tb.link_first, tb.link_end,
            tb.link_mask, tb.hand_ptr, tb.hand_from, tb.hand_to, tb.hand_rank, tb.hand_first, tb.hand_end,
            tb.hand_ok, tb.dist, tb.is_target, tb.origins, tb.timed, tb.assess, tb.not_established, tb.today,
            self.limit, self.length, max_count, expansions,
            self.ctl, self.path, self.next, self.via, self.vec, self.tday, self.on_path,
            self.counting, self.ends, self.through, self.hops, self.rows, self.lengths, self.ranks))


def _search_py(out_ptr: Arr, succ: Arr, pair_dst: Arr, pair_rank: Arr, pair_lo: Arr, link_rank: Arr,
               link_first: Arr, link_end: Arr, link_mask: Arr, hand_ptr: Arr, hand_from: Arr, hand_to: Arr,
               hand_rank: Arr, hand_first: Arr, hand_end: Arr, hand_ok: Arr, dist: Arr, is_target: Arr,
               origins: Arr, timed: bool, assess: bool, not_established: bool, today: int, limit: int,
               length: int, max_count: int, expansions: int, ctl: Arr, path: Arr, nxt: Arr, via: Arr, vec: Arr,
               tday: Arr, on_path: Arr, counting: bool, ends: Arr, through: Arr, hops: Arr, rows: Arr,
               lengths: Arr, ranks: Arr) -> int:  # compiled by numba below
    """The search itself (see the module's docstring); ``ctl`` is (origin number, depth, routes found)."""
    n_ranks = vec.shape[1]
    opt_rank = np.empty(64, dtype=np.int64)
    opt_first = np.empty(64, dtype=np.int64)
    opt_end = np.empty(64, dtype=np.int64)
    work = np.empty(n_ranks, dtype=np.int64)
    scratch = np.empty(n_ranks, dtype=np.int64)
    oi, depth, found = ctl[0], ctl[1], ctl[2]
    spent = 0
    while True:
        if depth < 0:  # the next origin
            oi += 1
            if oi >= len(origins):
                ctl[0], ctl[1], ctl[2] = oi, depth, found
                return 0
            o = origins[oi]
            if dist[o] > limit:
                continue
            depth = 0
            path[0] = o
            on_path[o] = True
            nxt[0] = out_ptr[o]
            via[0] = -1
            for r in range(n_ranks):
                vec[0, r] = NEVER_BEFORE if timed else 0
            tday[0] = 0
            continue
        u = path[depth]
        k = nxt[depth]
        if k == out_ptr[u + 1]:  # every successor tried: step back
            on_path[u] = False
            depth -= 1
            continue
        pr = succ[k]
        v = pair_dst[pr]
        if dist[v] > limit - depth - 1 or on_path[v]:
            nxt[depth] = k + 1
            continue
        if spent >= expansions:
            ctl[0], ctl[1], ctl[2] = oi, depth, found
            return 3
        v_target = is_target[v]
        if v_target and (length < 0 or depth + 1 == length) and not counting and found >= len(lengths):
            ctl[0], ctl[1], ctl[2] = oi, depth, found
            return 2  # no room for this route: come back with more
        nxt[depth] = k + 1
        spent += 1
        # the options of the handoff at u (from the node before it to v), when handoffs count
        n_opts = 0
        if assess and depth > 0:
            p = path[depth - 1]
            matched = False
            for h in range(hand_ptr[u], hand_ptr[u + 1]):
                if (hand_from[h] == -1 or hand_from[h] == p) and (hand_to[h] == -1 or hand_to[h] == v):
                    matched = True
                    if hand_ok[h]:
                        opt_rank[n_opts] = hand_rank[h]
                        opt_first[n_opts] = hand_first[h]
                        opt_end[n_opts] = hand_end[h]
                        n_opts += 1
            if not matched:  # implied: both links carry a thing in common
                best = n_ranks
                into = via[depth]
                for i in range(pair_lo[into], pair_lo[into + 1]):
                    for j in range(pair_lo[pr], pair_lo[pr + 1]):
                        if link_mask[i] & link_mask[j]:
                            worse = link_rank[i] if link_rank[i] > link_rank[j] else link_rank[j]
                            if worse < best:
                                best = worse
                if best < n_ranks:
                    opt_rank[n_opts] = best
                    opt_first[n_opts] = NEVER_BEFORE
                    opt_end[n_opts] = NEVER_AFTER
                    n_opts += 1
            if not_established:
                opt_rank[n_opts] = UNKNOWN_RANK
                opt_first[n_opts] = NEVER_BEFORE
                opt_end[n_opts] = NEVER_AFTER
                n_opts += 1
            if n_opts == 0:
                continue  # what reaches u cannot go on to v
        d1 = depth + 1
        rank = 0
        if not timed:
            rank = pair_rank[pr]
            if n_opts:
                least = opt_rank[0]
                for x in range(1, n_opts):
                    if opt_rank[x] < least:
                        least = opt_rank[x]
                if least > rank:
                    rank = least
            if vec[depth, 0] > rank:
                rank = vec[depth, 0]
            vec[d1, 0] = rank
        else:
            for r in range(n_ranks):
                work[r] = vec[depth, r]
            ok = True
            if n_opts:  # the handoff, then the link
                ok = _extend(work, n_ranks, opt_rank, opt_first, opt_end, 0, n_opts, scratch)
            if ok:
                ok = _extend(work, n_ranks, link_rank, link_first, link_end, pair_lo[pr], pair_lo[pr + 1], scratch)
            if not ok:
                continue  # no record could take this step, given the route so far
            for r in range(n_ranks):
                vec[d1, r] = work[r]
            # today's rank: the strongest link open today, and the strongest handoff option open today
            if tday[depth] < 0:
                tday[d1] = -1
            else:
                now = n_ranks
                for j in range(pair_lo[pr], pair_lo[pr + 1]):
                    if link_first[j] <= today < link_end[j] and link_rank[j] < now:
                        now = link_rank[j]
                if n_opts and now < n_ranks:
                    hand_now = n_ranks
                    for x in range(n_opts):
                        if opt_first[x] <= today < opt_end[x] and opt_rank[x] < hand_now:
                            hand_now = opt_rank[x]
                    now = hand_now if hand_now > now else now
                if now >= n_ranks:
                    tday[d1] = -1
                else:
                    tday[d1] = now if now > tday[depth] else tday[depth]
            rank = 0
            while rank < n_ranks and work[rank] >= INF:
                rank += 1
            if tday[d1] >= 0:
                rank = tday[d1]
        via[d1] = pr
        if v_target:
            if length < 0 or d1 == length:
                if counting:
                    for x in range(1, d1):
                        if not ends[path[x]]:
                            through[path[x]] += 1
                    for x in range(1, d1 + 1):
                        hops[via[x]] += 1
                else:
                    for x in range(d1):
                        rows[found, x] = path[x]
                    rows[found, d1] = v
                    lengths[found] = d1
                    ranks[found] = rank
                found += 1
                if found >= max_count:
                    ctl[0], ctl[1], ctl[2] = oi, depth, found
                    return 1
            continue  # a route ends at the first target it reaches
        if d1 == length:
            continue
        depth = d1
        path[depth] = v
        on_path[v] = True
        nxt[depth] = out_ptr[v]


def _extend_py(vec: Arr, n_ranks: int, rank: Arr, first: Arr, end: Arr, lo: int, hi: int, best: Arr
               ) -> bool:  # compiled by numba below
    """``vec`` after a step with options lo..hi (as ``feasibility._extend``); False when no option can be taken.
    ``best`` is room for the answer."""
    for r in range(n_ranks):
        best[r] = INF
    for o in range(lo, hi):
        for r in range(rank[o], n_ranks):
            day = vec[r]
            if day >= INF or end[o] <= day:
                continue
            t = first[o] if first[o] > day else day
            if t < best[r]:
                best[r] = t
    vec[0] = best[0]
    for r in range(1, n_ranks):
        cur = best[r]
        if best[r - 1] < cur:
            cur = best[r - 1]
        best[r] = cur
        vec[r] = cur
    return bool(vec[n_ranks - 1] < INF)


# compiled once per machine: the machine code is cached on disk (next to this file, or in numba's cache folder)
_extend = numba.njit(cache=True, nogil=True)(_extend_py)
_search = numba.njit(cache=True, nogil=True)(_search_py)
