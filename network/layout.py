"""Deterministic layered positions: tiers from schools (left) to immigration enforcement and courts (right).

A node of a known kind sits in its kind's tier; a node of another kind is placed next to its neighbours.
Within a tier, nodes are ordered by the mean position of their neighbours (a few sweeps of the barycenter
heuristic, which keeps crossings low), ties broken by label, so the same data always gives the same picture.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .model import Dataset, tier_of

__all__ = ["infer_tiers", "layered_positions"]

_MIDDLE_TIER = 3
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
    for n in ids:
        tiers.setdefault(n, _MIDDLE_TIER)
    return tiers


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
