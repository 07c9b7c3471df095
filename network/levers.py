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
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

import igraph as ig

from .model import Dataset, Edge
from .paths import search_paths
from .query import CAPS, Query, prepare

__all__ = ["levers", "Levers", "Chokepoint", "route_subgraph"]

_BETWEENNESS_SAMPLE = 200


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
    node_cut_note: str = ""
    chokepoints: list[Chokepoint] = field(default_factory=list)
    chokepoint_method: str = ""
    verified: bool = True

    @property
    def edge_cut_pairs(self) -> list[tuple[str, str]]:
        return list(dict.fromkeys((e.source, e.target) for e in self.edge_cut))

    def describe(self, ds: Dataset) -> str:
        if not self.routes:
            return "There is no route to cut."
        pairs = self.edge_cut_pairs
        links = "; ".join(f"{ds.label(a)} → {ds.label(b)}" for a, b in pairs)
        text = f"Cutting {_these(len(pairs), 'link')} closes every route: {links}."
        if self.node_cut:
            names = ", ".join(ds.label(n) for n in self.node_cut)
            text += f" So does removing {_these(len(self.node_cut), 'institution')}: {names}."
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


def _these(n: int, noun: str) -> str:
    return f"this {noun}" if n == 1 else f"these {n} {noun}s"


def route_subgraph(q: Query) -> tuple[list[int], list[tuple[int, int, int]]]:
    """Nodes and (u, v, edge index) links that lie on some route of at most max_hops links."""
    depth = q.index.forward_depths(q.origins, q.targets, q.dist, q.max_hops)
    out, dist = q.index.out, q.dist
    links: list[tuple[int, int, int]] = []
    for u, d in depth.items():
        if u in q.targets:
            continue
        for v, group in out[u].items():
            if d + 1 + dist[v] <= q.max_hops:
                links.extend((u, v, i) for i in group)
    return list(depth), links


class _Merged:
    """The route subgraph with every origin merged into one source S and every target into one sink T.

    Merging changes no cut: a route that passes through another origin continues as that origin's own route
    (which must be cut anyway), and a route ends at its first target. It makes the flow network small and
    lets a cut be checked by one breadth-first search from S.
    """

    def __init__(self, q: Query, nodes: list[int], links: list[tuple[int, int, int]]):
        origins, targets = set(q.origins), q.targets
        self.middle = [n for n in nodes if n not in origins and n not in targets]
        local = {n: i + 2 for i, n in enumerate(self.middle)}
        local.update(dict.fromkeys(origins, 0))
        local.update(dict.fromkeys(targets, 1))
        self.S, self.T = 0, 1
        self.pairs = [(local[u], local[v]) for u, v, _ in links]
        self.edge_ids = [i for _, _, i in links]
        self.n = len(self.middle) + 2

    def graph(self, skip_links: AbstractSet[int] = frozenset(), skip_nodes: AbstractSet[int] = frozenset()) -> ig.Graph:
        keep = [p for j, p in enumerate(self.pairs)
                if j not in skip_links and p[0] not in skip_nodes and p[1] not in skip_nodes and p[0] != p[1]]
        return ig.Graph(n=self.n, edges=keep, directed=True)

    def shortest(self, g: ig.Graph) -> float:
        """Links on the shortest remaining route (inf when none is left)."""
        return float(g.distances(source=self.S, target=self.T, mode="out")[0][0])


def _min_edge_cut(merged: _Merged) -> list[int]:
    """Positions in ``merged.pairs`` of a minimum set of links whose removal leaves no route."""
    g = ig.Graph(n=merged.n, edges=merged.pairs, directed=True)
    cut = g.mincut(merged.S, merged.T, capacity=[1] * len(merged.pairs))
    return sorted(cut.cut)


def _min_node_cut(merged: _Merged) -> list[int] | None:
    """Local numbers of the fewest institutions on every route; None when a link joins an origin to a target."""
    if any(p == (merged.S, merged.T) for p in merged.pairs):
        return None
    n = merged.n  # each institution becomes in (2i) -> out (2i+1); cutting that arc removes it
    big = n + 1
    arcs = [(2 * i, 2 * i + 1) for i in range(n)]
    caps = [big if i in (merged.S, merged.T) else 1 for i in range(n)]
    for a, b in dict.fromkeys(merged.pairs):
        if a != b:
            arcs.append((2 * a + 1, 2 * b))
            caps.append(big)
    g = ig.Graph(n=2 * n, edges=arcs, directed=True)
    cut = g.mincut(2 * merged.S + 1, 2 * merged.T, capacity=caps)
    return sorted(j for j in cut.cut if j < n)


def _chokepoints_from_routes(ds: Dataset, q: Query, deadline: float | None
                             ) -> tuple[list[Chokepoint] | None, int]:
    """Shares of the routes through each institution and link, counted as the routes are enumerated, and
    the number of routes; no shares (None) when the deadline comes first, with the routes seen until then."""
    names = q.index.names
    ends = set(q.origins) | q.targets
    through: Counter[int] = Counter()
    hops: Counter[tuple[int, int]] = Counter()
    total = 0
    for found in search_paths(q, None, deadline):
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


def _chokepoints_from_betweenness(q: Query, nodes: list[int], links: list[tuple[int, int, int]]
                                  ) -> tuple[list[Chokepoint], str]:
    local = {n: i for i, n in enumerate(nodes)}
    pairs = list(dict.fromkeys((local[u], local[v]) for u, v, _ in links))
    g = ig.Graph(n=len(nodes), edges=pairs, directed=True)
    origins = sorted({local[o] for o in q.origins if o in local})
    sample = origins if len(origins) <= _BETWEENNESS_SAMPLE else sorted(
        random.Random(0).sample(origins, _BETWEENNESS_SAMPLE))
    targets = sorted(local[t] for t in q.targets if t in local)
    node_b = g.betweenness(directed=True, sources=sample, targets=targets)
    edge_b = g.edge_betweenness(directed=True, sources=sample, targets=targets)
    top = max([*node_b, *edge_b, 1e-12])
    ds, names = q.ds, q.index.names
    ends = set(q.origins) | q.targets
    points = [Chokepoint("institution", names[n], ds.label(names[n]), node_b[i] / top)
              for n, i in local.items() if node_b[i] > 0 and n not in ends]
    points += [Chokepoint("link", f"{names[nodes[a]]}->{names[nodes[b]]}",
                          f"{ds.label(names[nodes[a]])} → {ds.label(names[nodes[b]])}", edge_b[j] / top)
               for j, (a, b) in enumerate(pairs) if edge_b[j] > 0]
    method = (f"shortest-path betweenness from {len(sample):,} of {len(origins):,} origins, relative to the "
              "highest (the routes were too many to count in time)")
    return sorted(points, key=lambda p: (-p.share, p.kind, p.label.lower()))[:50], method


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
    shares, count = _chokepoints_from_routes(ds, q, deadline)
    result = Levers(query=q.describe(), routes=count, routes_complete=shares is not None)
    if shares is not None and count == 0:
        result.node_cut = []
        return result
    if any(q.dist[o] == 0 for o in q.origins):
        result.node_cut = None
        result.node_cut_note = "No cut exists: an origin is itself a target."
        result.verified = False
        return result
    nodes, links = route_subgraph(q)
    if shares is None:  # too many routes to count in time: a sampled picture instead
        result.chokepoints, result.chokepoint_method = _chokepoints_from_betweenness(q, nodes, links)
    else:
        result.chokepoints = shares
        result.chokepoint_method = f"share of all {count:,} routes"
    merged = _Merged(q, nodes, links)
    cut = _min_edge_cut(merged)
    result.edge_cut = [q.index.edges[merged.edge_ids[j]] for j in cut]
    node_cut = _min_node_cut(merged)
    if node_cut is None:
        result.node_cut = None
        result.node_cut_note = "No institution cut exists: an origin links straight to a target."
    else:
        result.node_cut = sorted(q.index.names[merged.middle[i - 2]] for i in node_cut)
    # verify: with the cut removed, no route of at most max_hops links is left
    result.verified = merged.shortest(merged.graph(skip_links=set(cut))) > q.max_hops and (
        node_cut is None or merged.shortest(merged.graph(skip_nodes=set(node_cut))) > q.max_hops)
    return result
