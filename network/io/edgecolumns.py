"""The edge list checked a column at a time: what ``edgelist.EdgeReader`` does row by row, for a whole CSV file
at once, in C where it can be and in Python once per distinct value (a million links have a handful of statuses
and relations, a few thousand dates, as many node ids as institutions), with the same rules from ``fields``.

``read_edges`` gives the edges the row reader makes and the warnings it gives (ends missing from nodes.csv, self
loops, merged repeats), at the same rows and in the same order; or None as soon as any row holds what the row
reader reports as an error, or what this reader leaves to it (a link id given twice or left blank). The row
reader then reads the file and says what is wrong and where, as it always has: messages never depend on which
reader read the file.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import WARNING, Problem
from ..i18n import _, ngettext
from ..model import NO_ATTRS, Edge, edges_from_columns, parse_date
from .csvcolumns import CellColumns, encode, extra_values, longest, read_columns, stripped
from .csvtext import RowStream
from .fields import NO, YES, Columns, check_date, parse_status, relation_of, split_ids, unlisted_node

__all__ = ["ColumnEdges", "read_edges"]

Objects = npt.NDArray[np.object_]
#: Cells of ids that ``split_ids`` would split on ``;`` alone, with nothing to strip: printable ASCII but for the
#: space and the other separators (, and |).
_SIMPLE_IDS = r"^[\x21-\x2b\x2d-\x3a\x3c-\x7b\x7d\x7e]+(?:;[\x21-\x2b\x2d-\x3a\x3c-\x7b\x7d\x7e]+)*$"


class _Refused(Exception):
    """A row holds something for the row reader to report."""


@dataclass
class ColumnEdges:
    """What ``read_edges`` found: the edges in file order, the warnings, and the node ids the links name that
    nodes.csv does not have (``first_seen``: each with the row and column index where a link first names it, in
    that order), and every node id (``node_ids``: nodes.csv's and those)."""

    edges: list[Edge]
    problems: list[Problem]
    first_seen: dict[str, tuple[int, int]] = field(default_factory=dict)
    node_ids: set[str] = field(default_factory=set)


def _objects(values: list[Any]) -> Objects:
    """A list as a numpy array of the same objects (tuples too stay whole)."""
    return np.fromiter(values, dtype=object, count=len(values))


@dataclass
class _Column:
    """A column by its distinct values: ``codes`` (one per row) into ``values`` (each as a rule made it)."""

    codes: npt.NDArray[np.intp]
    values: Objects

    def per_row(self) -> Objects:
        return self.values[self.codes]

    def map(self, rule: Callable[[Any], Any]) -> _Column:
        return _Column(self.codes, _objects([rule(v) for v in self.values]))

    def keys(self) -> npt.NDArray[np.intp]:
        """One integer per row, the same for rows whose values are equal (two cells may make one value)."""
        index: dict[Any, int] = {}
        return np.fromiter((index.setdefault(v, len(index)) for v in self.values), np.intp,
                           len(self.values))[self.codes]


class _Reader:
    def __init__(self, table: CellColumns, cols: Columns, file: str, max_label: int):
        self.table, self.cols, self.file = table, cols, file
        self.max_label = max_label
        self.scratch: list[Problem] = []  # any problem a rule reports here refuses the file

    def distinct(self, name: str, strip: bool = True, limited: bool = False) -> tuple[npt.NDArray[np.intp], list[str]
                                                                                      ] | None:
        """Column ``name`` as codes into its distinct cells (``strip``: as ``str.strip`` leaves them); None when the
        file has no such column. ``limited``: a cell over the length limit for ids refuses the file."""
        index = self.cols.found.get(name)
        if index is None:
            return None
        codes, values = encode(self.table.cells[index])
        if limited and longest(values) > self.max_label:
            self.not_too_long(values.to_pylist())
        return codes, (stripped(values) if strip else values).to_pylist()

    def not_too_long(self, cells: list[str]) -> None:
        """Refuse the file when an id or an end is over the length limit (the row reader reports it)."""
        limit = self.max_label
        if any(len(v) > limit and len(v.strip()) > limit for v in cells):
            raise _Refused

    def sources(self, known: set[str] | None) -> _Column | None:
        """The cited ids of each row: one tuple per distinct cell, each id's string shared (sources.csv's)."""
        index = self.cols.found.get("sources")
        if index is None:
            return None
        codes, cells = encode(self.table.cells[index])
        shared: dict[str, str] = {s: s for s in known} if known is not None else {}
        simple = pc.match_substring_regex(cells, _SIMPLE_IDS).to_numpy(zero_copy_only=False)
        cited: list[Any] = [None] * len(cells)
        at = np.flatnonzero(simple)
        if len(at):  # ids separated by ; alone, nothing to strip: split in C
            for i, ids in zip(at.tolist(), _split(cells.take(pa.array(at)), known, shared), strict=True):
                cited[i] = ids
        for i in np.flatnonzero(~simple).tolist():
            cited[i] = _cite(cells[i].as_py(), known, shared)
        return _Column(codes, _objects(cited))

    def column(self, name: str, rule: Callable[[str], Any] | None = None, strip: bool = True) -> _Column | None:
        """Column ``name`` with ``rule`` applied to each distinct (stripped) cell; None when there is none."""
        found = self.distinct(name, strip)
        if found is None:
            return None
        codes, values = found
        return _Column(codes, _objects(values if rule is None else [rule(v) for v in values]))

    def ruled(self, rule: Callable[..., Any], *args: Any) -> Any:
        value = rule(*args[:1], self.file, 0, *args[1:], self.scratch)
        if self.scratch:
            raise _Refused
        return value


def _first_rows(keys: list[npt.NDArray[Any]]) -> npt.NDArray[np.intp]:
    """For each row, the first row with the same values in every key column (itself when it is the first)."""
    key = np.zeros(len(keys[0]), dtype=np.int64)
    for column in keys:  # one integer per row for all the columns, made dense again when it would overflow
        size = int(column.max()) + 1 if len(column) else 1
        if int(key.max(initial=0)) >= (1 << 62) // size:
            key = np.unique(key, return_inverse=True)[1].astype(np.int64).reshape(-1)
        key = key * size + column
    return _firsts(key)


def _firsts(key: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
    """For each row, the first row with the same ``key``."""
    order = np.argsort(key, kind="stable")
    ordered = key[order]
    new = np.empty(len(key), dtype=bool)
    new[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=new[1:])
    if new.all():
        return np.arange(len(key))
    group_first = order[np.flatnonzero(new)]  # stable: the first row of each run is its earliest
    first = np.empty(len(key), dtype=np.intp)
    first[order] = group_first[np.cumsum(new) - 1]
    return first


def _numbered(base: list[str], firsts: npt.NDArray[np.intp]) -> list[str]:
    """``SOURCE->TARGET`` ids, the second and later of each (rows with the same ``firsts``) numbered ``#2``, ``#3``
    ... in file order."""
    repeats = np.flatnonzero(firsts != np.arange(len(base)))
    if not len(repeats):
        return base
    ids = list(base)
    seen: dict[int, int] = {}
    for i in repeats.tolist():
        k = seen[firsts[i]] = seen.get(firsts[i], 1) + 1
        ids[i] = f"{base[i]}#{k}"
    return ids


def read_edges(
    stream: RowStream,
    source_ids: set[str] | None,
    overrides: Mapping[str, str] | None,
    node_ids: set[str] | None,
    max_label: int,
    max_edges: int,
    merge_duplicates: bool = True,
    nodes_name: str = "nodes.csv",
) -> ColumnEdges | None:
    """The edges of ``stream``'s file, read by column (the stream is left unread), with the warnings the row reader
    gives; None when a row holds anything it would report otherwise (see the module's docstring).

    Examples
    --------
    >>> from network.io.csvtext import open_rows
    >>> stream, _ = open_rows(b"source,target,status\\nA,B,Documented\\nB,B,\\nA,B,documented\\n", "edges.csv")
    >>> found = read_edges(stream, None, None, None, 1000, 10)
    >>> [(e.id, e.status) for e in found.edges], [p.message for p in found.problems]
    ([('A->B', 'documented'), ('B->B', 'unknown')], ["'B' links to itself; kept, but no route runs through a \
self loop.", '1 duplicate link was merged into the first row with the same source, target, relation and dates \
(rows 4); their sources were kept.'])
    >>> read_edges(open_rows(b"source,target,status\\nA,B,sure\\n", "e.csv")[0], None, None, None, 1000, 10) is None
    True
    """
    table = read_columns(stream)
    if table is None or not 0 < len(table) <= max_edges:
        return None
    cols = Columns(stream.header, stream.file, "edges", overrides)
    if "source" not in cols.found or "target" not in cols.found:
        return None
    try:
        return _read(_Reader(table, cols, stream.file, max_label), source_ids, node_ids, merge_duplicates,
                     nodes_name)
    except _Refused:
        return None


def _read(r: _Reader, source_ids: set[str] | None, node_ids: set[str] | None, merge: bool, nodes_name: str
          ) -> ColumnEdges:
    rows, cols, file = r.table.rows, r.cols, r.file
    n = len(rows)
    # the ends: one code per node id over both columns, each id's string shared (nodes.csv's, when given)
    vocab: dict[str, int] = {}
    ends = []
    for name in ("source", "target"):
        distinct = r.distinct(name, limited=True)
        assert distinct is not None
        codes, values = distinct
        if "" in values:
            raise _Refused  # a row without a source or a target
        ends.append(np.fromiter((vocab.setdefault(v, len(vocab)) for v in values), np.intp, len(values))[codes])
    src, tgt = ends
    shared = {v: v for v in node_ids} if node_ids is not None else {}
    names = list(vocab)
    strings = _objects([shared.get(v, v) for v in names])

    relations = r.column("relation", relation_of)
    relation = relations.map(itemgetter(0)) if relations is not None else None
    flows = relations.map(itemgetter(1)).per_row().astype(bool) if relations is not None else np.ones(n, dtype=bool)
    flags = r.column("flow", _flag)
    if flags is not None:
        flag = flags.per_row().astype(np.int8)
        flows = np.where(flag == -1, flows, flag == 1)
    status = r.column("status", lambda v: r.ruled(parse_status, v, cols.column("status")))
    start = r.column("start", lambda v: _date(r, v, cols.column("start")))
    end = r.column("end", lambda v: _date(r, v, cols.column("end")))
    if start is not None and end is not None:
        first = np.fromiter(map(_ordinal, start.values), np.int64, len(start.values))[start.codes]
        last = np.fromiter(map(_ordinal, end.values), np.int64, len(end.values))[end.codes]
        if np.any((first >= 0) & (last >= 0) & (last < first)):
            raise _Refused  # an end before its start
    cited_column = r.sources(source_ids)
    cited = cited_column.per_row() if cited_column is not None else None
    ids: list[str] | None = None
    index = cols.found.get("id")
    if index is not None:  # a million distinct cells: not encoded (hashing them twice in C is slower than once here)
        cells = r.table.cells[index]
        if longest(cells) > r.max_label:
            r.not_too_long(cells.to_pylist())
        ids = stripped(cells).to_pylist()
        if "" in ids or len(set(ids)) != n:
            raise _Refused  # an id given twice (a repeat to merge, or an error) or left blank

    keep = np.ones(n, dtype=bool)
    merged: list[int] = []
    if ids is None and merge:
        first_row = _first_rows([src, tgt, *(_keys(c, n) for c in (relation, start, end))])
        repeats = np.flatnonzero(first_row != np.arange(n))
        if len(repeats):
            keep[repeats] = False
            merged = rows[repeats].tolist()
            if cited is not None:
                for j in repeats.tolist():
                    if cited[j]:
                        into = first_row[j]
                        cited[into] = tuple(dict.fromkeys(cited[into] + cited[j]))
    first_seen, found = _places(r, src, tgt, keep, names, strings, node_ids, nodes_name)
    if merged:
        shown = ", ".join(str(m) for m in merged[:10]) + (" ..." if len(merged) > 10 else "")
        found.append(Problem(
            file, merged[0], "",
            ngettext("{n} duplicate link was merged into the first row with the same source, target, relation and "
                     "dates (rows {rows}); their sources were kept.",
                     "{n} duplicate links were merged into the first row with the same source, target, relation and "
                     "dates (rows {rows}); their sources were kept.", len(merged)).format(n=len(merged), rows=shown),
            severity=WARNING,
        ))

    kept: Any = keep if merged else slice(None)
    if ids is None:
        names_array = pa.array(names, type=pa.string())
        base = pc.binary_join_element_wise(names_array.take(pa.array(src[kept])),
                                           names_array.take(pa.array(tgt[kept])), "->")
        if any("->" in v or "#" in v for v in names):  # two pairs may make one id: compare the ids themselves
            codes, _ = encode(base)
            ids = _numbered(base.to_pylist(), _firsts(codes.astype(np.int64)))
            if len(set(ids)) != len(ids):
                raise _Refused  # a numbered id that another link has as its own: the row reader numbers in turn
        else:  # an id is its pair of ends
            ids = _numbered(base.to_pylist(), _firsts(src[kept].astype(np.int64) * len(names) + tgt[kept]))
    elif merged:
        ids = [i for i, k in zip(ids, keep.tolist(), strict=True) if k]

    def column(values: _Column | npt.NDArray[Any] | None, default: Any) -> Any:
        if values is None:
            return repeat(default)
        return (values.per_row() if isinstance(values, _Column) else values)[kept].tolist()

    fields = [ids, strings[src[kept]].tolist(), strings[tgt[kept]].tolist(), column(relation, ""),
              column(r.column("carries"), ""), flows[kept].tolist(), column(status, "unknown"), column(start, ""),
              column(end, ""), column(cited, ()), column(r.column("note"), ""),
              column(extra_values(r.table, r.cols.extras), NO_ATTRS)]
    r.table.cells.clear()  # the file's cells are all read: their memory goes back before the edges are made
    pa.default_memory_pool().release_unused()
    return ColumnEdges(edges_from_columns(*fields), found, first_seen, set(shared) | set(first_seen))


def _places(r: _Reader, src: npt.NDArray[np.intp], tgt: npt.NDArray[np.intp], keep: npt.NDArray[np.bool_],
            names: list[str], strings: Objects, node_ids: set[str] | None, nodes_name: str
            ) -> tuple[dict[str, tuple[int, int]], list[Problem]]:
    """Where each node id that nodes.csv lacks is first named (a row's source before its target), and the
    warnings: such ids (when there is a nodes.csv) and self loops, in row order."""
    rows, cols, file, n = r.table.rows, r.cols, r.file, len(src)
    first_at = np.full(len(names), 2 * n, dtype=np.int64)
    np.minimum.at(first_at, src, np.arange(0, 2 * n, 2))
    np.minimum.at(first_at, tgt, np.arange(1, 2 * n, 2))
    new = [i for i, v in enumerate(names) if node_ids is None or v not in node_ids]
    new.sort(key=first_at.__getitem__)
    first_seen: dict[str, tuple[int, int]] = {}
    problems: list[tuple[int, int, Problem]] = []
    for i in new:
        at = int(first_at[i])
        end = ("source", "target")[at % 2]
        row = int(rows[at // 2])
        first_seen[strings[i]] = (row, cols.found[end])
        if node_ids is not None:
            problems.append((at // 2, at % 2, unlisted_node(strings[i], file, row, cols.column(end), nodes_name)))
    for i in np.flatnonzero((src == tgt) & keep).tolist():
        problems.append((i, 2, Problem(file, int(rows[i]), cols.column("target"),
                                       _("{id} links to itself; kept, but no route runs through a self loop.")
                                       .format(id=repr(strings[src[i]])), severity=WARNING)))
    problems.sort(key=lambda p: (p[0], p[1]))
    return first_seen, [p for _i, _at, p in problems]


def _keys(column: _Column | None, n: int) -> npt.NDArray[np.intp]:
    return column.keys() if column is not None else np.zeros(n, dtype=np.intp)


def _flag(cell: str) -> int:
    lowered = cell.lower()
    if lowered in YES:
        return 1
    if lowered in NO:
        return 0
    if lowered:
        raise _Refused  # neither yes nor no
    return -1  # blank: the relation says


def _date(r: _Reader, text: str, column: str) -> str:
    if text:
        r.ruled(check_date, text, column)
    return text


def _ordinal(text: str) -> int:
    day = parse_date(text)
    return -1 if day is None else day.toordinal()


def _cite(cell: str, known: set[str] | None, shared: dict[str, str]) -> tuple[str, ...]:
    cited = split_ids(cell)
    if known is not None and not known.issuperset(cited):
        raise _Refused  # a source that sources.csv does not list
    return tuple(map(shared.setdefault, cited, cited))


def _split(cells: pa.Array, known: set[str] | None, shared: dict[str, str]) -> list[tuple[str, ...]]:
    """``split_ids`` of cells that hold ids separated by ``;`` alone (nothing to strip, no blank id), in C but for
    making the tuples; repeats within a cell dropped, as there."""
    lists = pc.split_pattern(cells, ";")
    offsets = lists.offsets.to_numpy(zero_copy_only=False)
    codes, ids = encode(lists.flatten())
    names = ids.to_pylist()
    if known is not None and not known.issuperset(names):
        raise _Refused  # a source that sources.csv does not list
    strings = [shared.setdefault(v, v) for v in names]
    flat = [strings[c] for c in codes.tolist()]
    bounds = offsets.tolist()
    out = [tuple(flat[a:b]) for a, b in zip(bounds[:-1], bounds[1:], strict=True)]
    cell_of = np.repeat(np.arange(len(out), dtype=np.int64), np.diff(offsets))
    key = np.sort(cell_of * (len(names) + 1) + codes)
    twice = key[1:][key[1:] == key[:-1]] // (len(names) + 1)
    for i in np.unique(twice).tolist():
        out[i] = tuple(dict.fromkeys(out[i]))  # an id cited twice in one cell: kept once
    return out
