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
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import igraph as ig

from .flowindex import flow_index
from .model import Dataset, Edge
from .paths import Query, prepare, trace

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
    links = []
    for u, d in depth.items():
        if u in q.targets:
            continue
        for v, group in out[u].items():
            if d + 1 + dist[v] <= q.max_hops:
                links.extend((u, v, i) for i in group)
    return list(depth), links


def _min_edge_cut(q: Query, nodes: list[int], links: list[tuple[int, int, int]]) -> list[int]:
    local = {n: i for i, n in enumerate(nodes)}
    s, t = len(nodes), len(nodes) + 1
    big = len(links) + 1
    pairs = [(local[u], local[v]) for u, v, _ in links]
    caps = [1] * len(links)
    for o in dict.fromkeys(q.origins):
        if o in local:
            pairs.append((s, local[o]))
            caps.append(big)
    for x in q.targets:
        if x in local:
            pairs.append((local[x], t))
            caps.append(big)
    g = ig.Graph(n=len(nodes) + 2, edges=pairs, directed=True)
    cut = g.mincut(s, t, capacity=caps)
    return sorted(links[i][2] for i in cut.cut if i < len(links))


def _min_node_cut(q: Query, nodes: list[int], links: list[tuple[int, int, int]]) -> list[int] | None:
    """The fewest institutions (not origins or targets) on every route; None when no such set exists."""
    local = {n: i for i, n in enumerate(nodes)}
    ends = set(q.origins) | q.targets
    s, t = 2 * len(nodes), 2 * len(nodes) + 1
    big = len(nodes) + 1
    pairs, caps = [], []
    for n, i in local.items():  # each institution becomes in -> out; cutting that arc removes it
        pairs.append((2 * i, 2 * i + 1))
        caps.append(big if n in ends else 1)
    for u, v in dict.fromkeys((u, v) for u, v, _ in links):
        pairs.append((2 * local[u] + 1, 2 * local[v]))
        caps.append(big)
    for o in dict.fromkeys(q.origins):
        if o in local:
            pairs.append((s, 2 * local[o]))
            caps.append(big)
    for x in q.targets:
        if x in local:
            pairs.append((2 * local[x] + 1, t))
            caps.append(big)
    g = ig.Graph(n=2 * len(nodes) + 2, edges=pairs, directed=True)
    cut = g.mincut(s, t, capacity=caps)
    if cut.value >= big:
        return None
    return sorted(nodes[j] for j in cut.cut if j < len(nodes))  # arcs 0..n-1 are the in -> out arcs


def _closes_every_route(q: Query, edge_pairs: Iterable[tuple[str, str]], node_ids: Iterable[str]) -> bool:
    f = q.filters
    removed = dataclasses.replace(
        f, without_nodes=f.without_nodes | frozenset(node_ids), without_pairs=f.without_pairs | frozenset(edge_pairs)
    )
    index = flow_index(q.ds, removed)
    targets = frozenset(t for t in q.targets if index.names[t] not in removed.without_nodes)
    dist = index.distances_to(targets)
    return all(dist[o] > q.max_hops for o in q.origins if index.names[o] not in removed.without_nodes)


def _chokepoints_from_routes(ds: Dataset, routes: list[Any], q: Query) -> list[Chokepoint]:
    ends = {q.index.names[i] for i in (*q.origins, *q.targets)}
    through: Counter[str] = Counter()
    hops: Counter[tuple[str, str]] = Counter()
    for r in routes:
        through.update(n for n in set(r.nodes) if n not in ends)
        hops.update((h.source, h.target) for h in r.hops)
    total = len(routes)
    points = [Chokepoint("institution", n, ds.label(n), c / total, c) for n, c in through.items()]
    points += [Chokepoint("link", f"{a}->{b}", f"{ds.label(a)} → {ds.label(b)}", c / total, c)
               for (a, b), c in hops.items()]
    return sorted(points, key=lambda p: (-p.share, p.kind, p.label.lower()))


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
              "highest (the routes were too many to count)")
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
    time_budget: float | None = 2.0,
) -> Levers:
    """The minimum link cut, the minimum institution cut and the chokepoints of a query.

    Takes the same filters as ``trace``. ``time_budget`` bounds the route count behind the chokepoints;
    past it, chokepoints come from sampled betweenness and ``chokepoint_method`` says so.

    Examples
    --------
    >>> import network
    >>> lv = network.levers(network.load(), origins="ebhs")
    >>> lv.verified and len(lv.edge_cut) >= 1
    True
    """
    q = prepare(ds, origins, targets, max_hops, statuses, relations, as_of, without)
    rs = trace(ds, origins, targets, max_hops, None, time_budget, statuses, relations, as_of, without)
    result = Levers(query=q.describe(), routes=rs.count, routes_complete=rs.complete)
    if not rs.routes and rs.complete:
        result.node_cut = []
        return result
    if any(q.dist[o] == 0 for o in q.origins):
        result.node_cut = None
        result.node_cut_note = "No cut exists: an origin is itself a target."
        result.verified = False
        return result
    nodes, links = route_subgraph(q)
    result.edge_cut = [q.index.edges[i] for i in _min_edge_cut(q, nodes, links)]
    node_cut = _min_node_cut(q, nodes, links)
    names = q.index.names
    if node_cut is None:
        result.node_cut = None
        result.node_cut_note = "No institution cut exists: an origin links straight to a target."
    else:
        result.node_cut = [names[n] for n in node_cut]
    result.verified = _closes_every_route(q, result.edge_cut_pairs, ()) and (
        node_cut is None or _closes_every_route(q, (), result.node_cut or ()))
    if rs.complete:
        result.chokepoints = _chokepoints_from_routes(ds, rs.routes, q)
        result.chokepoint_method = f"share of all {rs.count:,} routes"
    else:
        result.chokepoints, result.chokepoint_method = _chokepoints_from_betweenness(q, nodes, links)
    return result

