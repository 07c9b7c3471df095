"""Deterministic layered positions: tiers from schools (left) to immigration enforcement and courts (right).

A node of a known kind sits in its kind's tier; a node of another kind is placed next to its neighbours.
Within a tier, nodes are ordered by the mean position of their neighbours (a few sweeps of the barycenter
heuristic, which keeps crossings low), ties broken by label, so the same data always gives the same picture.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .model import Dataset
from .vocabulary import tier_of

__all__ = ["infer_tiers", "layered_positions", "bow_point", "bezier_point", "curve_points", "Point"]

_SWEEPS = 4


def infer_tiers(ds: Dataset, node_ids: Iterable[str] | None = None) -> dict[str, int]:
    """The tier of each node: its kind's, or inferred from its neighbours (one right of its sources).

    Examples
    --------
    >>> import network
    >>> t = infer_tiers(network.load())
    >>> t["ebhs"] < t["bsp"] < t["bpd"] < t["bric"] < t["ice_ero"]
    True
    """
    ids = list(node_ids) if node_ids is not None else list(ds.nodes)
    wanted = set(ids)
    tiers: dict[str, int] = {}
    for n in ids:
        t = tier_of(ds.nodes[n].kind)
        if t is not None:
            tiers[n] = t
    preds: dict[str, list[str]] = defaultdict(list)
    succs: dict[str, list[str]] = defaultdict(list)
    for e in ds.edges:
        if e.source in wanted and e.target in wanted and e.source != e.target:
            preds[e.target].append(e.source)
            succs[e.source].append(e.target)
    for _ in range(len(ids)):  # settles in a few rounds; bounded by the node count
        changed = False
        for n in ids:
            if tier_of(ds.nodes[n].kind) is not None:
                continue
            before = [tiers[p] + 1 for p in preds[n] if p in tiers]
            after = [tiers[s] - 1 for s in succs[n] if s in tiers]
            guess = max(before) if before else (min(after) if after else None)
            if guess is not None and tiers.get(n) != max(guess, 0):
                tiers[n] = max(guess, 0)
                changed = True
        if not changed:
            break
    _layer_the_rest(ids, tiers, succs, preds)
    return tiers


def _layer_the_rest(ids: list[str], tiers: dict[str, int], succs: dict[str, list[str]],
                    preds: dict[str, list[str]]) -> None:
    """Nodes no known kind reaches get columns by breadth-first distance from where their links start."""
    rest = [n for n in ids if n not in tiers]
    if not rest:
        return
    todo = set(rest)
    while todo:
        # start from nodes nothing points to; in a cycle, from the one that points out the most
        roots = sorted(n for n in todo if not any(p in todo for p in preds[n]))
        if not roots:
            roots = [max(sorted(todo), key=lambda n: len(succs[n]) - len(preds[n]))]
        frontier, depth = roots, 0
        while frontier:
            for n in frontier:
                tiers[n] = depth
                todo.discard(n)
            frontier = sorted({s for n in frontier for s in succs[n] if s in todo})
            depth += 1


def layered_positions(ds: Dataset, node_ids: Iterable[str] | None = None) -> dict[str, tuple[float, float]]:
    """(x, y) for each node: x is the tier's column (empty tiers closed up), y spreads a column over [0, 1].

    Examples
    --------
    >>> import network
    >>> pos = layered_positions(network.load())
    >>> pos == layered_positions(network.load())
    True
    """
    ids = sorted(node_ids if node_ids is not None else ds.nodes)
    tiers = infer_tiers(ds, ids)
    columns = sorted(set(tiers.values()))
    column_of = {t: i for i, t in enumerate(columns)}
    members: dict[int, list[str]] = defaultdict(list)
    for n in ids:
        members[column_of[tiers[n]]].append(n)
    for col in members.values():
        col.sort(key=lambda n: ds.label(n).lower())
    wanted = set(ids)
    neighbours: dict[str, list[str]] = defaultdict(list)
    for e in ds.edges:
        if e.source in wanted and e.target in wanted and e.source != e.target:
            neighbours[e.source].append(e.target)
            neighbours[e.target].append(e.source)
    rank = {n: i / max(len(col) - 1, 1) for col in members.values() for i, n in enumerate(col)}
    for sweep in range(_SWEEPS):
        order = sorted(members) if sweep % 2 == 0 else sorted(members, reverse=True)
        for c in order:
            col = members[c]

            def barycenter(n: str) -> float:
                near = [rank[m] for m in neighbours[n]]
                return sum(near) / len(near) if near else rank[n]

            col.sort(key=lambda n: (round(barycenter(n), 6), ds.label(n).lower()))
            for i, n in enumerate(col):
                rank[n] = i / max(len(col) - 1, 1)
    positions: dict[str, tuple[float, float]] = {}
    for c, col in members.items():
        k = len(col)
        for i, n in enumerate(col):
            # spread a column over the height, centred: a single node sits in the middle
            positions[n] = (float(c), 0.5 if k == 1 else 1.0 - i / (k - 1))
    return positions


Point = tuple[float, float]


def bow_point(p0: Point, p1: Point) -> Point:
    """The control point of a link's curve: straight between neighbouring columns, bowed outwards when a
    link skips columns (so it does not run through the institutions between), sideways within a column."""
    (x0, y0), (x1, y1) = p0, p1
    mx, my = (x0 + x1) / 2, (y0 + y1) / 2
    span = abs(x1 - x0)
    if span == 0:
        return (mx + 0.35, my)
    if span <= 1:
        return (mx, my + (0.04 if x1 > x0 else -0.04))  # a slight bend keeps A->B and B->A apart
    return (mx, my + (0.16 * (span - 1) + 0.06) * (1 if my >= 0.5 else -1))


def bezier_point(p0: Point, c: Point, p1: Point, t: float) -> Point:
    """The point at ``t`` (0 to 1) along the quadratic curve from p0 to p1 bent towards c."""
    u = 1 - t
    return (u * u * p0[0] + 2 * u * t * c[0] + t * t * p1[0], u * u * p0[1] + 2 * u * t * c[1] + t * t * p1[1])


def curve_points(p0: Point, p1: Point, steps: int = 14) -> tuple[list[float | None], list[float | None]]:
    """Points along a link's curve, then None (a break between links in a Plotly line trace)."""
    c = bow_point(p0, p1)
    pts = [bezier_point(p0, c, p1, i / steps) for i in range(steps + 1)]
    return [p[0] for p in pts] + [None], [p[1] for p in pts] + [None]
