"""Policy levers: the fewest links or institutions whose removal closes every route, and the chokepoints.

Cuts are computed on the part of the flow graph that lies on some route of at most ``max_hops`` links (every
route lies inside it), with igraph's push-relabel maximum flow, so they stay fast on national-scale graphs;
networkx remains the model. Every cut is verified by removing it and searching again. When ``max_hops`` is
smaller than the longest simple path, a cut of that part may be larger than the fewest links that close the
routes of at most ``max_hops`` links (that problem is NP-hard); it still closes every such route.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import igraph as ig
import numpy as np

from . import kernel
from .flowindex import FlowIndex, Ints, distinct, ranges
from .i18n import N_, _, ngettext, number
from .model import Dataset, Edge
from .paths import search_paths
from .query import CAPS, Query, prepare

__all__ = ["levers", "Levers", "Chokepoint", "route_subgraph", "Subgraph"]

_BETWEENNESS_SAMPLE = 200
_CHOKEPOINTS = 50  # chokepoints kept when they come from betweenness
#: Walks (an upper bound on routes) per second of budget past which the routes are not counted to the end:
#: far more than any search counts (a route per microsecond, and a walk per thousand routes to spare).
_COUNTABLE = 1e9
#: Walks up to which routes are counted in Python (the compiled search's first call in a process costs more)
_PYTHON_WALKS = 20_000
_GLIMPSE_STEPS = 2_000  # steps of the search counting routes, for a lower bound, when they are too many to count


@dataclass(frozen=True)
class Chokepoint:
    """An institution or a link, and the share of routes that pass through it."""

    kind: str  # "institution" or "link"
    id: str  # a node id, or "SOURCE->TARGET"
    label: str
    share: float
    routes: int | None = None  # routes through it, when counted from the enumerated routes


@dataclass
class Levers:
    """What would cut every route of a query."""

    query: dict[str, Any]
    routes: int
    routes_complete: bool
    edge_cut: list[Edge] = field(default_factory=list)
    node_cut: list[str] | None = field(default_factory=list)
    #: why there is no institution cut, as written in the code (``node_cut_note`` gives it in the reader's language)
    note: str = ""
    chokepoints: list[Chokepoint] = field(default_factory=list)
    #: how the chokepoints were found: (how, routes counted or origins sampled, origins); see ``chokepoint_method``
    method: tuple[str, int, int] = ("", 0, 0)
    verified: bool = True

    @property
    def node_cut_note(self) -> str:
        """Why there is no institution cut, in the reader's language ('' when there is one)."""
        return _(self.note) if self.note else ""

    @property
    def chokepoint_method(self) -> str:
        """How the chokepoints were found, in the reader's language: 'share of all 8 routes', or a sample."""
        how, counted, origins = self.method
        if how == "routes":
            return ngettext("share of all {n} routes", "share of all {n} routes", counted).format(n=number(counted))
        if how == "betweenness":
            return _("shortest-path betweenness from {sample} of {origins} origins, relative to the highest (the "
                     "routes were too many to count in time)").format(sample=number(counted),
                                                                     origins=number(origins))
        return ""

    @property
    def edge_cut_pairs(self) -> list[tuple[str, str]]:
        return list(dict.fromkeys((e.source, e.target) for e in self.edge_cut))

    def describe(self, ds: Dataset) -> str:
        if not self.routes:
            return _("There is no route to cut.")
        pairs = self.edge_cut_pairs
        links = "; ".join(f"{ds.label(a)} → {ds.label(b)}" for a, b in pairs)
        text = ngettext("Cutting this link closes every route: {links}.",
                        "Cutting these {n} links closes every route: {links}.", len(pairs)).format(
            n=number(len(pairs)), links=links)
        if self.node_cut:
            names = ", ".join(ds.label(n) for n in self.node_cut)
            text += " " + ngettext("So does removing this institution: {names}.",
                                   "So does removing these {n} institutions: {names}.", len(self.node_cut)).format(
                n=number(len(self.node_cut)), names=names)
        elif self.node_cut_note:
            text += f" {self.node_cut_note}"
        return text

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "routes": self.routes,
            "routes_complete": self.routes_complete,
            "edge_cut": [{"id": e.id, "source": e.source, "target": e.target, "relation": e.relation}
                         for e in self.edge_cut],
            "node_cut": self.node_cut,
            "node_cut_note": self.node_cut_note,
            "chokepoints": [dataclasses.asdict(c) for c in self.chokepoints],
            "chokepoint_method": self.chokepoint_method,
            "verified": self.verified,
        }


@dataclass
class Subgraph:
    """The part of the flow graph on some route of at most max_hops links: its nodes (index positions) and its
    pairs of institutions (pair indexes of the flow index; each pair stands for its parallel links)."""

    nodes: Ints
    pairs: Ints
    links: int  # the links of those pairs


def route_subgraph(q: Query) -> Subgraph:
    """Nodes and pairs of institutions that lie on some route of at most max_hops links."""
    index = q.index
    depth = index.forward_depth_array(q.origins, q.targets, q.max_hops)
    dist = index.distance_array(q.targets)
    src, dst = index.pair_src, index.pair_dst
    is_target = np.zeros(len(index.names), dtype=bool)
    is_target[list(q.targets)] = True
    du = depth[src]
    on = (du >= 0) & ~is_target[src] & (du.astype(np.int64) + 1 + dist[dst] <= q.max_hops)
    pairs = np.flatnonzero(on)
    links = int((index.pair_lo[pairs + 1] - index.pair_lo[pairs]).sum())
    return Subgraph(np.flatnonzero(depth >= 0), pairs, links)


def _reaches(n: int, a: Ints, b: Ints, source: int, target: int, limit: int) -> bool:
    """Whether ``target`` is at most ``limit`` arcs from ``source`` over the arcs a[i] -> b[i] (BFS on arrays)."""
    order = np.argsort(a, kind="stable")
    heads, ptr = b[order], np.searchsorted(a[order], np.arange(n + 1))
    seen = np.zeros(n, dtype=bool)
    seen[source] = True
    frontier = np.array([source], dtype=np.int64)
    for _step in range(limit):
        found = heads[ranges(ptr[frontier], ptr[frontier + 1])]
        found = distinct(found[~seen[found]], n)
        if not len(found):
            return False
        if seen.size and target in found:
            return True
        seen[found] = True
        frontier = found
    return False


class _Merged:
    """The route subgraph with every origin merged into one source S and every target into one sink T.

    Merging changes no cut: a route that passes through another origin continues as that origin's own route
    (which must be cut anyway), and a route ends at its first target. It makes the flow network small and
    lets a cut be checked by one breadth-first search from S. Pairs that merge into one arc (two schools to
    one district) become one arc whose capacity is the number of their links.
    """

    def __init__(self, q: Query, sub: Subgraph):
        index = q.index
        is_end = np.zeros(len(index.names), dtype=bool)
        is_end[list(q.origins)] = True
        is_end[list(q.targets)] = True
        self.middle = sub.nodes[~is_end[sub.nodes]]
        local = np.full(len(index.names), -1, dtype=np.int64)
        local[self.middle] = np.arange(2, len(self.middle) + 2)
        local[list(q.origins)] = 0
        local[list(q.targets)] = 1
        self.S, self.T = 0, 1
        self.n = len(self.middle) + 2
        self.pairs = sub.pairs  # pair indexes of the flow index
        a, b = local[index.pair_src[sub.pairs]], local[index.pair_dst[sub.pairs]]
        links = (index.pair_lo[sub.pairs + 1] - index.pair_lo[sub.pairs]).astype(np.float64)
        keep = a != b  # an arc from S to S is in no cut
        merged_key = a * self.n + b
        order = np.argsort(merged_key, kind="stable")
        ordered = merged_key[order]
        first = np.concatenate(([True], ordered[1:] != ordered[:-1])) if len(ordered) else np.zeros(0, dtype=bool)
        key = ordered[first]
        inverse = np.empty(len(order), dtype=np.int64)
        inverse[order] = np.cumsum(first) - 1
        capacity = np.bincount(inverse, weights=links, minlength=len(key))
        arc = key != (key // self.n) * (self.n + 1)  # a != b
        self.arc_of_pair = np.where(keep, np.cumsum(arc)[inverse] - 1, -1)  # each pair's arc (-1: none)
        self.a, self.b = key[arc] // self.n, key[arc] % self.n
        self.capacity = capacity[arc]

    def graph(self) -> ig.Graph:
        return ig.Graph(n=self.n, edges=list(zip(self.a.tolist(), self.b.tolist(), strict=True)), directed=True)

    def links_of(self, arcs: Iterable[int], index: FlowIndex) -> list[int]:
        """Positions in ``index.edges`` of the links behind some arcs, in the data set's order."""
        chosen = np.zeros(len(self.a) + 1, dtype=bool)
        chosen[list(arcs)] = True
        pairs = self.pairs[chosen[self.arc_of_pair]]
        return sorted(index.edge_order[ranges(index.pair_lo[pairs], index.pair_lo[pairs + 1])].tolist())

    def closed_without(self, max_hops: int, arcs: Iterable[int] = (), nodes: Iterable[int] = ()) -> bool:
        """Whether, with these arcs or these (local) nodes removed, no route of at most max_hops links is left."""
        keep = np.ones(len(self.a), dtype=bool)
        keep[list(arcs)] = False
        gone = np.zeros(self.n, dtype=bool)
        gone[list(nodes)] = True
        keep &= ~gone[self.a] & ~gone[self.b]
        return not _reaches(self.n, self.a[keep], self.b[keep], self.S, self.T, max_hops)


def _min_edge_cut(merged: _Merged) -> list[int]:
    """The arcs of ``merged`` in a minimum cut (each arc stands for all its links)."""
    if not len(merged.a):
        return []
    _value, cut, _side, _other = ig.GraphBase.mincut(merged.graph(), merged.S, merged.T, merged.capacity.tolist())
    return sorted(cut)


def _min_node_cut(merged: _Merged) -> list[int] | None:
    """Local numbers of the fewest institutions on every route; None when a link joins an origin to a target."""
    if bool(np.any((merged.a == merged.S) & (merged.b == merged.T))):
        return None
    n = merged.n  # each institution becomes in (2i) -> out (2i+1); cutting that arc removes it
    big = n + 1
    caps = np.full(n + len(merged.a), big, dtype=np.int64)
    caps[:n] = 1
    caps[merged.S] = caps[merged.T] = big
    tails = np.concatenate((np.arange(0, 2 * n, 2), 2 * merged.a + 1)).tolist()
    heads = np.concatenate((np.arange(1, 2 * n, 2), 2 * merged.b)).tolist()
    g = ig.Graph(n=2 * n, edges=list(zip(tails, heads, strict=True)), directed=True)
    # the raw call: no clustering object is built for the answer
    _value, cut, _side, _other = ig.GraphBase.mincut(g, 2 * merged.S + 1, 2 * merged.T, caps.tolist())
    return sorted(j for j in cut if j < n)


def _walks(q: Query, sub: Subgraph) -> float:
    """Walks from the origins to a first target within max_hops over the route subgraph (an upper bound on the
    routes, counted in floating point: it only says whether the routes are too many to count)."""
    index = q.index
    dist = index.distance_array(q.targets)
    u, v = index.pair_src[sub.pairs], index.pair_dst[sub.pairs]
    is_target = np.zeros(len(index.names), dtype=bool)
    is_target[list(q.targets)] = True
    onward: np.ndarray[Any, np.dtype[np.float64]] = np.zeros(len(index.names))
    for budget in range(1, q.max_hops + 1):
        value = np.where(is_target[v], 1.0, onward[v]) * (dist[v] <= budget - 1)
        onward = np.bincount(u, weights=value, minlength=len(index.names)).astype(np.float64)
    return float(onward[distinct(np.array(q.origins, dtype=np.int64), len(index.names))].sum())


def _count_compiled(q: Query, t: kernel.Tables, deadline: float | None
                    ) -> tuple[list[tuple[int, int]], list[tuple[int, int, int]], int, bool]:
    """The routes through each institution (not an origin or target) and each pair, counted by the compiled
    search: (node, count), (source, target, count), routes, and whether the deadline stopped it."""
    index = q.index
    ends = np.zeros(len(index.names), dtype=np.bool_)
    ends[list(q.origins)] = True
    ends[list(q.targets)] = True
    search = kernel.Search(t, q.max_hops, None, count_ends=ends)
    while True:
        status = search.run(1 << 62, kernel.SLICE_STEPS if deadline is not None else 1 << 62)
        if status == kernel.DONE:
            break
        if deadline is not None and time.perf_counter() > deadline:
            return [], [], search.found, True
    nodes = np.flatnonzero(search.through)
    pairs = np.flatnonzero(search.hops)
    through = list(zip(nodes.tolist(), search.through[nodes].tolist(), strict=True))
    hops = list(zip(index.pair_src[pairs].tolist(), index.pair_dst[pairs].tolist(), search.hops[pairs].tolist(),
                    strict=True))
    return through, hops, search.found, False


def _chokepoints_from_routes(ds: Dataset, q: Query, deadline: float | None, compiled: bool = False,
                             steps: int | None = None) -> tuple[list[Chokepoint] | None, int]:
    """Shares of the routes through each institution and link, counted as the routes are enumerated, and
    the number of routes; no shares (None) when the deadline comes first (or ``steps`` steps of the search in
    Python are taken), with the routes seen until then. ``compiled``: count with the compiled search where it
    can take the query."""
    names = q.index.names
    t = kernel.tables(q) if compiled and steps is None else None
    if t is not None:
        by_node, by_pair, count, late = _count_compiled(q, t, deadline)
        if late:
            return None, count
        if not count:
            return [], 0
        points = [Chokepoint("institution", names[n], ds.label(names[n]), c / count, c) for n, c in by_node]
        points += [Chokepoint("link", f"{names[a]}->{names[b]}", f"{ds.label(names[a])} → {ds.label(names[b])}",
                              c / count, c) for a, b, c in by_pair]
        return sorted(points, key=lambda p: (-p.share, p.kind, p.label.lower())), count
    ends = set(q.origins) | q.targets
    through: Counter[int] = Counter()
    hops: Counter[tuple[int, int]] = Counter()
    total = 0
    for found in search_paths(q, None, deadline, [steps] if steps is not None else None):
        if found is None:
            return None, total
        path = found[0]
        total += 1
        through.update(p for p in path[1:-1] if p not in ends)
        hops.update(zip(path, path[1:], strict=False))
    if not total:
        return [], 0
    points = [Chokepoint("institution", names[n], ds.label(names[n]), c / total, c) for n, c in through.items()]
    points += [Chokepoint("link", f"{names[a]}->{names[b]}", f"{ds.label(names[a])} → {ds.label(names[b])}",
                          c / total, c) for (a, b), c in hops.items()]
    return sorted(points, key=lambda p: (-p.share, p.kind, p.label.lower())), total


def _betweenness(n: int, tails: Ints, heads: Ints, sources: list[int], targets: list[int]
                 ) -> tuple[np.ndarray[Any, np.dtype[np.float64]], np.ndarray[Any, np.dtype[np.float64]]]:
    """Shortest-path betweenness of every node and arc of the graph of arcs tails[i] -> heads[i], counting only
    the shortest paths from ``sources`` to ``targets`` (as igraph's betweenness and edge_betweenness with
    sources and targets), by Brandes' method on arrays: one breadth-first search per source, level by level."""
    order = np.argsort(tails, kind="stable")
    ptr = np.searchsorted(tails[order], np.arange(n + 1))
    node_b = np.zeros(n)
    edge_b = np.zeros(len(tails))
    is_target = np.zeros(n)
    is_target[targets] = 1.0
    for s in sources:
        dist = np.full(n, -1, dtype=np.int64)
        sigma = np.zeros(n)
        dist[s], sigma[s] = 0, 1.0
        frontier = np.array([s], dtype=np.int64)
        levels: list[Ints] = []  # the arcs of the shortest-path DAG, level by level (positions in ``order``)
        d = 0
        while len(frontier):
            arcs = ranges(ptr[frontier], ptr[frontier + 1])
            w = heads[order[arcs]]
            fresh = w[dist[w] < 0]
            dist[fresh] = d + 1
            dag = arcs[dist[w] == d + 1]
            if not len(dag):
                break
            levels.append(dag)
            on = order[dag]
            sigma += np.bincount(heads[on], weights=sigma[tails[on]], minlength=n)
            frontier = np.flatnonzero(dist == d + 1) if len(fresh) else fresh
            d += 1
        delta = np.zeros(n)
        for dag in reversed(levels):
            on = order[dag]
            v, w = tails[on], heads[on]
            c = sigma[v] / sigma[w] * (is_target[w] + delta[w])
            edge_b[on] += c
            delta += np.bincount(v, weights=c, minlength=n)
        delta[s] = 0.0
        node_b += delta
    return node_b, edge_b


def _chokepoints_from_betweenness(q: Query, sub: Subgraph) -> tuple[list[Chokepoint], tuple[str, int, int]]:
    """Shortest-path betweenness over the route subgraph, from a seeded sample of the origins to the targets.

    Computed on the reversed graph from the targets to the sampled origins: the same shortest paths, with one
    breadth-first search per target instead of one per origin.
    """
    index = q.index
    origins = list(dict.fromkeys(q.origins))
    on_route = np.zeros(len(index.names), dtype=bool)
    on_route[sub.nodes] = True
    origins = [o for o in origins if on_route[o]]  # numbered as before: the sample is the same
    sample = origins if len(origins) <= _BETWEENNESS_SAMPLE else [
        origins[i] for i in sorted(random.Random(0).sample(range(len(origins)), _BETWEENNESS_SAMPLE))]
    u, v = index.pair_src[sub.pairs], index.pair_dst[sub.pairs]
    nodes = sub.nodes
    local = np.full(len(index.names), -1, dtype=np.int64)
    local[nodes] = np.arange(len(nodes))
    # reversed: an arc v -> u for each pair u -> v; shortest paths from the targets back to the sample
    targets = sorted(int(local[t]) for t in q.targets if local[t] >= 0)
    node_b, edge_b = _betweenness(len(nodes), local[v], local[u], targets, sorted(int(local[o]) for o in sample))
    ends = np.zeros(len(index.names), dtype=bool)
    ends[list(q.origins)] = True
    ends[list(q.targets)] = True
    # to 12 digits, so that equal shares summed in another order tie
    top = max(float(node_b.max(initial=0.0)), float(edge_b.max(initial=0.0)), 1e-12)
    node_share, edge_share = np.round(node_b / top, 12), np.round(edge_b / top, 12)
    node_share[ends[nodes]] = 0.0
    # only the shares that can be among the top 50 (ties with the 50th included) become chokepoints
    every = np.concatenate((node_share, edge_share))
    every = every[every > 0]
    floor = float(np.sort(every)[-_CHOKEPOINTS]) if len(every) > _CHOKEPOINTS else 0.0
    ds, names = q.ds, index.names
    points = [Chokepoint("institution", names[n], ds.label(names[n]), float(node_share[i]))
              for i, n in zip(np.flatnonzero((node_share > 0) & (node_share >= floor)).tolist(),
                              nodes[(node_share > 0) & (node_share >= floor)].tolist(), strict=True)]
    chosen = np.flatnonzero((edge_share > 0) & (edge_share >= floor))
    points += [Chokepoint("link", f"{names[a]}->{names[b]}", f"{ds.label(names[a])} → {ds.label(names[b])}",
                          float(edge_share[j]))
               for j, a, b in zip(chosen.tolist(), u[chosen].tolist(), v[chosen].tolist(), strict=True)]
    method = ("betweenness", len(sample), len(origins))
    return sorted(points, key=lambda p: (-p.share, p.kind, p.label.lower()))[:_CHOKEPOINTS], method


def levers(
    ds: Dataset,
    origins: str | Iterable[str] = "kind:school",
    targets: str | Iterable[str] | None = None,
    max_hops: int = 8,
    statuses: Iterable[str] | str | None = None,
    relations: Iterable[str] | str | None = None,
    as_of: str | dt.date | None = None,
    without: Iterable[str] | str = (),
    time_budget: float | None = CAPS["default"].time_budget,
    continuous: bool = False,
) -> Levers:
    """The minimum link cut, the minimum institution cut and the chokepoints of a query.

    Takes the same filters as ``trace``. ``time_budget`` bounds the route count behind the chokepoints;
    past it, chokepoints come from sampled betweenness and ``chokepoint_method`` says so. The routes counted
    are those ``trace`` finds (time-respecting, with the handoffs the query admits); the cuts are cuts of the
    links, whatever their dates and handoffs, so they close every such route, but where dates or handoffs
    rule some chains of links out a smaller cut may close the routes that remain.

    Examples
    --------
    >>> import network
    >>> lv = network.levers(network.load(), origins="ebhs")
    >>> lv.verified and len(lv.edge_cut) >= 1
    True
    """
    q = prepare(ds, origins, targets, max_hops, statuses, relations, as_of, without, continuous)
    deadline = time.perf_counter() + time_budget if time_budget is not None else None
    sub = route_subgraph(q)
    walks = _walks(q, sub)
    if time_budget is not None and walks > _COUNTABLE * time_budget:
        # more walks than could ever be counted in the budget: count a few steps' worth only (a lower bound)
        shares, count = _chokepoints_from_routes(ds, q, None, steps=_GLIMPSE_STEPS)
    else:
        shares, count = _chokepoints_from_routes(ds, q, deadline, walks > _PYTHON_WALKS)
    result = Levers(query=q.describe(), routes=count, routes_complete=shares is not None)
    if shares is not None and count == 0:
        result.node_cut = []
        return result
    if len(q.origins) and bool((q.index.distance_array(q.targets)[np.array(q.origins)] == 0).any()):
        result.node_cut = None
        result.note = N_("No cut exists: an origin is itself a target.")
        result.verified = False
        return result
    if shares is None:  # too many routes to count in time: a sampled picture instead
        result.chokepoints, result.method = _chokepoints_from_betweenness(q, sub)
    else:
        result.chokepoints = shares
        result.method = ("routes", count, 0)
    merged = _Merged(q, sub)
    cut = _min_edge_cut(merged)
    result.edge_cut = [q.index.edges[i] for i in merged.links_of(cut, q.index)]
    node_cut = _min_node_cut(merged)
    if node_cut is None:
        result.node_cut = None
        result.note = N_("No institution cut exists: an origin links straight to a target.")
    else:
        result.node_cut = sorted(q.index.names[int(merged.middle[i - 2])] for i in node_cut)
    # verify: with the cut removed, no route of at most max_hops links is left
    result.verified = merged.closed_without(q.max_hops, arcs=cut) and (
        node_cut is None or merged.closed_without(q.max_hops, nodes=node_cut))
    return result
