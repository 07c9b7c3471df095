"""The map of a big data set, as groups: institutions grouped by kind and column, with counts and the links between
groups, and the institutions of the routes in view (and of the group opened) drawn one by one.

Past ``AGGREGATE_ABOVE`` institutions and links, a map of every institution is a hairball no one can read, and
too big to send. Grouping by kind and column (the tier of ``network.layout``: schools left, immigration
enforcement right) keeps the map's shape, says how many institutions each group holds and how many links run
between groups, and stays a few dozen markers whatever the size. The routes found are drawn on it one by one, so
a reader still sees where they run; a click on a group opens it (its first members, those linked to the routes
first).

The groups of a data set are counted once, with numpy over the flow index's arrays, and kept while the data set
lives (weakly keyed, as the flow index); a view's part (what is drawn one by one) is small by construction.

Examples
--------
>>> import network
>>> ds = network.load()
>>> groups = groups_of(ds)
>>> [(g.kind, g.count) for g in groups.groups][:3]
[('policy_body', 2), ('advocacy_group', 1), ('school', 1)]
>>> groups.find("4:fusion_center").count, groups.find("9:nothing")
(2, None)
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .flowindex import flow_index
from .layout import infer_tiers
from .model import Dataset
from .query import Filters
from .vocabulary import tier_of

__all__ = ["AGGREGATE_ABOVE", "MAX_ROUTE_NODES", "MAX_PER_COLUMN", "MAX_OPEN", "Group", "Groups", "Drawn", "is_big",
           "groups_of", "count_groups_now", "drawn_one_by_one", "links_between", "place"]

#: Above this many institutions plus links, the map is drawn as groups (a few thousand: past that a map of every
#: institution cannot be read, and its figure is megabytes).
AGGREGATE_ABOVE = 3000
#: At most this many institutions of the routes are drawn one by one, and this many in a column (the selected
#: route's first, then whole routes in their order while they fit): the routes of a view are capped at a thousand,
#: their institutions more, and a column of forty names cannot be read.
MAX_ROUTE_NODES = 40
MAX_PER_COLUMN = 8
#: An opened group shows this many of its members one by one, those linked to the routes first.
MAX_OPEN = 12


@dataclass(frozen=True)
class Group:
    """Institutions of one kind in one column of the map."""

    key: str  # what a click on the group names: "column:kind"
    column: int
    kind: str
    count: int
    inner: int  # flow links between two institutions of the group (police sharing with police)


@dataclass(frozen=True)
class Groups:
    """A data set's groups, and its flow links counted between them."""

    groups: tuple[Group, ...]  # by column, then the biggest first
    member: np.ndarray  # each institution's group, by position in ``names``
    names: tuple[str, ...]  # the data set's institutions, in its order
    column: dict[str, int]  # each institution's column
    pos: dict[str, int]  # each institution's position in ``names`` (the flow index's own)
    links: tuple[tuple[int, int, int], ...]  # (from group, to group, flow links), between two groups, biggest first

    def find(self, key: object) -> Group | None:
        """The group a key names (a click's, checked: a client can post anything), else None."""
        if not isinstance(key, str) or len(key) > 400:
            return None
        return next((g for g in self.groups if g.key == key), None)

    def index(self, group: Group) -> int:
        return self.groups.index(group)

    def group_of(self, node: str) -> Group:
        return self.groups[int(self.member[self.pos[node]])]

    def members(self, group: Group) -> list[str]:
        found = np.flatnonzero(self.member == self.index(group))
        return [self.names[i] for i in found.tolist()]


_CACHE: weakref.WeakKeyDictionary[Dataset, Groups] = weakref.WeakKeyDictionary()


def is_big(ds: Dataset) -> bool:
    """Whether the map of ``ds`` is drawn as groups."""
    return len(ds.nodes) + len(ds.edges) > AGGREGATE_ABOVE


def _columns(ds: Dataset) -> dict[str, int]:
    """Each institution's column on the map: its tier (its kind's, else inferred), empty tiers closed up."""
    kinds = {n.kind for n in ds.nodes.values()}
    if all(tier_of(k) is not None for k in kinds):  # every kind known: no link need be read
        of_kind = {k: tier_of(k) or 0 for k in kinds}
        tiers = {n: of_kind[node.kind] for n, node in ds.nodes.items()}
    else:
        tiers = infer_tiers(ds)
    column_of = {t: i for i, t in enumerate(sorted(set(tiers.values())))}
    return {n: column_of[t] for n, t in tiers.items()}


def groups_of(ds: Dataset) -> Groups:
    """The groups of ``ds`` and the flow links between them (counted once per data set)."""
    found = _CACHE.get(ds)
    if found is None:
        found = _CACHE[ds] = _count(ds)
    return found


def count_groups_now(ds: Dataset) -> None:
    """Count the groups of a big data set as it is read, so its first map does not wait for them: on a million
    links, 0.35 s with every kind known, 1.8 s when the columns are inferred from the links (measured)."""
    if is_big(ds):
        groups_of(ds)


def _count(ds: Dataset) -> Groups:
    column = _columns(ds)
    index = flow_index(ds, Filters())
    names = tuple(index.names)
    codes: dict[tuple[int, str], int] = {}
    member = np.fromiter((codes.setdefault((column[n], ds.nodes[n].kind), len(codes)) for n in names), np.int32,
                         len(names))
    sizes = np.bincount(member, minlength=len(codes))
    g = max(len(codes), 1)
    src, dst = index.base.src, index.base.dst
    real = src != dst
    pair = member[src[real]].astype(np.int64) * g + member[dst[real]]
    keys, counts = np.unique(pair, return_counts=True)
    inner = np.zeros(len(codes), dtype=np.int64)
    between: list[tuple[int, int, int]] = []
    for k, c in zip(keys.tolist(), counts.tolist(), strict=True):
        a, b = divmod(k, g)
        if a == b:
            inner[a] = c
        else:
            between.append((a, b, c))
    made = [(col, kind, code) for (col, kind), code in codes.items()]
    order = sorted(made, key=lambda m: (m[0], -int(sizes[m[2]]), m[1]))  # by column, the biggest first
    renumber = np.zeros(len(codes), dtype=np.int32)
    groups = []
    for new, (col, kind, old) in enumerate(order):
        renumber[old] = new
        groups.append(Group(f"{col}:{kind}", col, kind, int(sizes[old]), int(inner[old])))
    links = sorted(((int(renumber[a]), int(renumber[b]), c) for a, b, c in between), key=lambda x: (-x[2], x[:2]))
    return Groups(tuple(groups), renumber[member] if len(names) else member, names, column, index.pos,
                  tuple(links))


@dataclass(frozen=True)
class Drawn:
    """What a view's map draws one by one: institutions of the routes, and of the group opened."""

    on_routes: tuple[str, ...]
    opened: Group | None
    open_members: tuple[str, ...]  # the opened group's members drawn (at most MAX_OPEN)
    routes_total: int  # institutions on the routes (more than drawn when capped)
    routes_drawn: int = 0  # how many of the routes have every institution drawn
    routes: tuple[tuple[str, ...], ...] = ()  # those routes
    routes_found: int = 0

    @property
    def nodes(self) -> list[str]:
        return list(dict.fromkeys([*self.on_routes, *self.open_members]))


def drawn_one_by_one(ds: Dataset, groups: Groups, routes: Sequence[Sequence[str]], selected: Sequence[str] = (),
                     opened: object = None, ends: Sequence[str] = ()) -> Drawn:
    """The institutions drawn one by one: the selected route's, then each route's in turn while it fits (at most
    MAX_ROUTE_NODES, MAX_PER_COLUMN in a column), or with no route the view's ends (``ends``); then the opened
    group's first members: those drawn already, those linked to them, then by name.

    Examples
    --------
    >>> import network
    >>> ds = network.load()
    >>> d = drawn_one_by_one(ds, groups_of(ds), [("ebhs", "bsp", "bpd")], opened="4:fusion_center")
    >>> d.on_routes, d.opened.kind, d.open_members
    (('ebhs', 'bsp', 'bpd'), 'fusion_center', ('bric', 'cfc'))
    """
    every = list(dict.fromkeys(n for r in [selected, *routes] for n in r if n in ds.nodes))
    picked: list[str] = []
    per_column: dict[int, int] = defaultdict(int)
    taken: list[tuple[str, ...]] = []
    for r in [selected, *routes] if selected else routes:
        new = [n for n in dict.fromkeys(r) if n in ds.nodes and n not in picked]
        fits = len(picked) + len(new) <= MAX_ROUTE_NODES and all(
            per_column[groups.column[c]] + sum(1 for n in new if groups.column[n] == groups.column[c])
            <= MAX_PER_COLUMN for c in new)
        if not fits and taken:
            continue
        picked.extend(new)  # the first route (the selected one) is drawn whatever its length
        for n in new:
            per_column[groups.column[n]] += 1
        if tuple(r) not in taken:
            taken.append(tuple(r))
    for n in ends if not routes else ():  # no route: the view's ends, so a reader sees where it starts
        if len(picked) < MAX_ROUTE_NODES and n in ds.nodes and n not in picked:
            picked.append(n)
    group = groups.find(opened)
    members: list[str] = []
    if group is not None:
        members = _first_members(ds, groups, group, picked)
    found = {tuple(r) for r in routes}
    return Drawn(tuple(picked), group, tuple(members), len(every), sum(1 for r in taken if r in found),
                 tuple(taken), len(found))


def _first_members(ds: Dataset, groups: Groups, group: Group, picked: list[str]) -> list[str]:
    """A group's first MAX_OPEN members: those drawn already, those linked to them, then by name (the flow index's
    ranks by label: a group of a hundred thousand schools is not sorted by name for twelve)."""
    inside = np.flatnonzero(groups.member == groups.index(group))
    names = groups.names
    drawn = [n for n in picked if groups.group_of(n) is group]
    near = sorted(_linked(ds, picked, group), key=lambda n: (ds.label(n).lower(), n))
    first = list(dict.fromkeys([*drawn, *near]))[:MAX_OPEN]
    if len(first) < MAX_OPEN:
        ranks = flow_index(ds, Filters()).base.label_rank
        want = min(len(inside), MAX_OPEN + len(first))
        best = inside[np.argpartition(ranks[inside], want - 1)[:want]] if want < len(inside) else inside
        rest = sorted(best.tolist(), key=lambda i: int(ranks[i]))
        first += [n for n in (names[i] for i in rest) if n not in first][:MAX_OPEN - len(first)]
    return first


def _linked(ds: Dataset, nodes: Sequence[str], group: Group) -> set[str]:
    """The institutions of ``group`` a flow link joins to one of ``nodes``."""
    groups = groups_of(ds)
    index = flow_index(ds, Filters())
    pos, names = index.pos, index.names
    wanted = groups.index(group)
    near: set[int] = set()
    for n in nodes:
        u = pos[n]
        near.update(index.pair_dst[index.out_ptr[u]:index.out_ptr[u + 1]].tolist())
        near.update(index.pred_src[index.pred_ptr[u]:index.pred_ptr[u + 1]].tolist())
    return {names[v] for v in near if int(groups.member[v]) == wanted}


def links_between(ds: Dataset, nodes: Sequence[str]) -> dict[tuple[str, str], list[int]]:
    """The flow links among ``nodes``, grouped by pair: positions in ``ds.flow_edges`` (read from the flow index,
    not by walking a million links)."""
    index = flow_index(ds, Filters())
    pos, names = index.pos, index.names
    wanted = {pos[n] for n in nodes if n in pos}
    found: dict[tuple[str, str], list[int]] = {}
    for u in sorted(wanted):
        for k in range(int(index.out_ptr[u]), int(index.out_ptr[u + 1])):
            v = int(index.pair_dst[k])
            if v in wanted and v != u:
                found[(names[u], names[v])] = index.admitted[index.edge_order[
                    index.pair_lo[k]:index.pair_lo[k + 1]]].tolist()
    return found


def place(groups: Groups, nodes: Sequence[str], pairs: Sequence[tuple[str, str]], top: float,
          bottom: float) -> dict[str, tuple[float, float]]:
    """(x, y) of the institutions drawn one by one: x their column, y spread over [bottom, top] in each column,
    in an order that keeps the links between them short (a few sweeps of barycenters, as the layout's)."""
    columns: dict[int, list[str]] = defaultdict(list)
    for n in nodes:
        columns[groups.column[n]].append(n)
    near: dict[str, list[str]] = defaultdict(list)
    for a, b in pairs:
        near[a].append(b)
        near[b].append(a)
    rank = {n: i / max(len(col) - 1, 1) for col in columns.values() for i, n in enumerate(col)}
    for sweep in range(4):
        for c in sorted(columns, reverse=sweep % 2 == 1):
            col = columns[c]
            col.sort(key=lambda n: (round(sum(rank[m] for m in near[n]) / len(near[n]), 6) if near[n] else rank[n]))
            for i, n in enumerate(col):
                rank[n] = i / max(len(col) - 1, 1)
    middle = (top + bottom) / 2
    return {n: (float(c), middle if len(col) == 1 else top - (top - bottom) * i / (len(col) - 1))
            for c, col in columns.items() for i, n in enumerate(col)}
