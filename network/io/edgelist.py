"""The edge list: rows of links checked and made into edges, one row at a time, as a file is parsed.

``EdgeReader`` keeps only what the checks of a row need from the rows before it (the ids taken, the links
seen, the node ids named), never the rows themselves, so a million-row file is not held whole as cells.
``parse_edges`` feeds it the rows of a table. The rule for each value is the one in ``fields``. Every problem is
the one a whole-table reader would report, at the same place in the list, so the messages, rows and columns do
not depend on how the rows arrived.
"""

from __future__ import annotations

from array import array
from collections.abc import KeysView, Mapping
from types import MappingProxyType

from ..errors import WARNING, Problem
from ..i18n import N_, _, ngettext
from ..model import NO_ATTRS, Edge
from .csvtext import RowStream, Table
from .fields import (
    Columns,
    check_date,
    check_source,
    check_span,
    empty,
    parse_flow,
    parse_status,
    relation_of,
    repeated_id,
    split_ids,
    unlisted_node,
)
from .identifiers import LengthCheck

__all__ = ["EdgeReader", "parse_edges", "read_rows"]

#: Strings shared between rows (dates, cited ids when no sources.csv says which exist) at most this many.
_MAX_SHARED = 100_000
#: The fields an edge row is read for, in the order of ``EdgeReader._at``.
_FIELDS = ("id", "source", "target", "relation", "carries", "flow", "status", "start", "end", "sources", "note")


class EdgeReader:
    """Checks edge rows and builds their edges: ``add`` each row in file order, then ``finish``.

    ``ok`` is False when the source or target column is missing (reported on creation); then no row is read.
    ``first_seen`` maps each node id to the (row, column index) where a link first names it.
    See ``parse_edges`` for what is checked.
    """

    def __init__(
        self,
        header: list[str],
        file: str,
        problems: list[Problem],
        source_ids: set[str] | None = None,
        overrides: Mapping[str, str] | None = None,
        node_ids: set[str] | None = None,
        merge_duplicates: bool = True,
        nodes_name: str = "nodes.csv",
        sources_name: str = "sources.csv",
    ):
        self.header, self.file, self.problems = header, file, problems
        self._columns = Columns(header, file, "edges", overrides)
        self.found, extras = self._columns.found, self._columns.extras
        missing_source = self._columns.missing("source", problems, N_("or from, src, source_id"))
        missing_target = self._columns.missing("target", problems, N_("or to, dst, target_id"))
        self.ok = not (missing_source or missing_target)
        self._id = self.found.get("id")
        self._column = self._columns.column
        self._status_column = self._column("status")
        self._at = tuple(self.found.get(field) for field in _FIELDS)
        self._ends = (self.found.get("source", 0), self.found.get("target", 0))  # both found when ``ok``
        self._extras = tuple(extras.items())
        self._merge = merge_duplicates
        self._nodes_name, self._sources_name = nodes_name, sources_name
        self._known_sources = source_ids
        # the one string object of each node id and cited id (those of nodes.csv and sources.csv when given)
        self._node_ids = node_ids
        self._nodes: dict[str, str] = {n: n for n in node_ids} if node_ids is not None else {}
        self._sources: dict[str, str] = {s: s for s in source_ids} if source_ids is not None else {}
        self._dates: dict[str, str] = {}
        self._statuses: dict[str, str] = {}  # status cells read without a problem, and the status each names
        self.edges: list[Edge] = []
        self.first_seen: dict[str, tuple[int, int]] = {}
        self._index: dict[str, int] = {}  # edge id -> its position in ``edges``
        self._rows = array("q")  # the row of each edge, for "already used on row N"
        self._by_key: dict[tuple[str, ...], int] = {}  # links without an id, for merging repeats
        self._pending: list[tuple[int, str]] = []  # links without an id whose id waits for the whole file
        self._other_ids: set[str] = set()  # ids named on rows that made no link
        self._merged: list[int] = []

    @property
    def node_ids(self) -> KeysView[str]:
        """The node ids known so far: those of nodes.csv (when given) and the ends of the links made."""
        return self._nodes.keys()

    def _date(self, text: str, field: str, row: int) -> str:
        """A (stripped, not blank) date cell as kept: checked, shared between rows; "" when it is no date."""
        shared = self._dates.get(text)
        if shared is not None:
            return shared
        if not check_date(text, self.file, row, self._column(field), self.problems):
            return ""
        if len(self._dates) < _MAX_SHARED:
            self._dates[text] = text
        return text

    def _cite(self, cited: tuple[str, ...], row: int) -> tuple[str, ...]:
        known, shared = self._known_sources, self._sources
        out = []
        for sid in cited:
            same = shared.get(sid)
            if same is None:
                if known is not None:
                    check_source(sid, known, self.file, row, self._column("sources"), self.problems,
                                 self._sources_name)
                elif len(shared) < _MAX_SHARED:
                    shared[sid] = sid
                same = sid
            out.append(same)
        return tuple(out)

    def _node(self, node_id: str, field: str, row: int) -> str:
        """A node id not seen before: a warning when nodes.csv does not have it; kept, to share its string."""
        if self._node_ids is not None:
            self.problems.append(unlisted_node(node_id, self.file, row, self._column(field), self._nodes_name))
        self._nodes[node_id] = node_id
        return node_id

    def _attrs(self, cells: list[str]) -> MappingProxyType[str, str]:
        attrs = {name: cells[i] for name, i in self._extras if cells[i].strip()}
        return MappingProxyType(attrs) if attrs else NO_ATTRS

    def _merge_into(self, first: int, cited: tuple[str, ...], row: int) -> None:
        kept = self.edges[first]
        if cited:  # else the merged sources are the kept ones: dict.fromkeys has already dropped repeats
            self.edges[first] = kept._replace(sources=tuple(dict.fromkeys(kept.sources + cited)))
        self._merged.append(row)

    def add(self, row: int, cells: list[str]) -> None:
        """Check one row and make its edge (or merge it into an earlier one)."""
        # a million rows: the column positions are looked up once, in one tuple, and the common cases inlined
        (at_id, _src, _tgt, at_relation, at_carries, at_flow, at_status, at_start, at_end, at_cited, at_note) = self._at
        at_source, at_target = self._ends
        problems, file = self.problems, self.file
        source, target = cells[at_source].strip(), cells[at_target].strip()
        seen = self.first_seen
        if source not in seen and source:
            seen[source] = (row, at_source)
        if target not in seen and target:
            seen[target] = (row, at_target)
        blank = not source or not target
        if blank:
            for field, value in (("source", source), ("target", target)):
                if not value:
                    problems.append(empty(file, row, self._column(field), field,
                                          _("Every row needs a source and a target.")))
        raw_status = cells[at_status].strip() if at_status is not None else ""
        status = self._statuses.get(raw_status)
        if status is None:  # a status cell not seen before (a file has a handful): the one rule, then remembered
            reported = len(problems)
            status = parse_status(raw_status, file, row, self._status_column, problems)
            if len(problems) == reported and len(self._statuses) < _MAX_SHARED:
                self._statuses[raw_status] = status
        start = cells[at_start].strip() if at_start is not None else ""
        if start:
            start = self._date(start, "start", row)
        end = cells[at_end].strip() if at_end is not None else ""
        if end:
            end = self._date(end, "end", row)
        if start and end:
            check_span(start, end, file, row, self._column("end"), problems)
        relation, flow = relation_of(cells[at_relation].strip()) if at_relation is not None else ("", True)
        if at_flow is not None:
            flow = parse_flow(cells[at_flow].strip(), flow, file, row, self._column("flow"), problems)
        cited = split_ids(cells[at_cited]) if at_cited is not None else ()
        if cited:
            cited = self._cite(cited, row)
        given = cells[at_id].strip() if at_id is not None else ""
        if blank:
            if given:
                self._other_ids.add(given)
            return
        if given:
            first = self._index.get(given)
            if first is not None:  # an id names one link: this row repeats it, or reuses its id
                kept = self.edges[first]
                if self._merge and (kept.source, kept.target, kept.relation, kept.start, kept.end) == (
                        source, target, relation, start, end):
                    self._merge_into(first, cited, row)
                else:
                    problems.append(repeated_id(file, row, self._column("id"), given, self._rows[first],
                                                _("Give each link its own id, or leave the id blank."), _("edge id")))
                return
            edge_id = given
        else:
            key = (source, target, relation, start, end)
            if self._merge:
                first = self._by_key.get(key)
                if first is not None:
                    self._merge_into(first, cited, row)
                    return
                self._by_key[key] = len(self.edges)
            edge_id = self._new_id(f"{source}->{target}")
        nodes = self._nodes
        source = nodes.get(source) or self._node(source, "source", row)
        target = nodes.get(target) or self._node(target, "target", row)
        if source == target:
            problems.append(Problem(file, row, self._column("target"),
                                    _("{id} links to itself; kept, but no route runs through a self loop.").format(
                                        id=repr(source)),
                                    severity=WARNING))
        edges = self.edges
        if edge_id:
            self._index[edge_id] = len(edges)
        self._rows.append(row)
        edges.append(Edge(  # by position, in the order of Edge's fields: a quarter faster than by keyword
            edge_id, source, target, relation, cells[at_carries].strip() if at_carries is not None else "", flow,
            status, start, end, cited, cells[at_note].strip() if at_note is not None else "",
            self._attrs(cells) if self._extras else NO_ATTRS,
        ))

    def _new_id(self, base: str) -> str:
        """``SOURCE->TARGET``, numbered when taken; "" (decided in ``finish``) when a later row could name it."""
        if self._id is not None:
            self._pending.append((len(self.edges), base))
            return ""
        edge_id, n = base, 2
        while edge_id in self._index:
            edge_id, n = f"{base}#{n}", n + 1
        return edge_id

    def finish(self) -> list[Edge]:
        """Give the links without an id theirs, report merged repeats, and return the edges in file order."""
        taken, other = self._index, self._other_ids
        for position, base in self._pending:  # in file order, as if each had been named when read
            edge_id, n = base, 2
            while edge_id in taken or edge_id in other:
                edge_id, n = f"{base}#{n}", n + 1
            taken[edge_id] = position
            self.edges[position] = self.edges[position]._replace(id=edge_id)
        self._pending.clear()
        merged = self._merged
        if merged:
            rows = ", ".join(str(r) for r in merged[:10]) + (" ..." if len(merged) > 10 else "")
            self.problems.append(Problem(
                self.file, merged[0], "",
                ngettext("{n} duplicate link was merged into the first row with the same source, target, relation "
                         "and dates (rows {rows}); their sources were kept.",
                         "{n} duplicate links were merged into the first row with the same source, target, relation "
                         "and dates (rows {rows}); their sources were kept.", len(merged)).format(
                    n=len(merged), rows=rows),
                severity=WARNING,
            ))
        return self.edges


def parse_edges(
    table: Table,
    problems: list[Problem],
    source_ids: set[str] | None = None,
    overrides: Mapping[str, str] | None = None,
    node_ids: set[str] | None = None,
    merge_duplicates: bool = True,
    nodes_name: str = "nodes.csv",
    sources_name: str = "sources.csv",
) -> list[Edge]:
    """Edges in file order. Duplicates are merged and self loops kept, each with a warning.

    ``source_ids`` and ``node_ids``, when given, are the ids that sources.csv and nodes.csv define
    (``sources_name`` and ``nodes_name`` say what to call those in messages). Rows with the same source,
    target, relation and dates are merged unless they have different ids, or ``merge_duplicates`` is False
    (graph files, where parallel links are drawn on purpose). A link without an id gets ``SOURCE->TARGET``,
    numbered ``#2``, ``#3`` ... when taken, never one that another row names.

    Examples
    --------
    >>> from network.io.csvtext import parse_table
    >>> table, _ = parse_table(b"source,target,id\\nA,B,\\nA,B,A->B\\nA,B,\\n", "edges.csv")
    >>> [e.id for e in parse_edges(table, [])]
    ['A->B#2', 'A->B']
    """
    reader = EdgeReader(table.header, table.file, problems, source_ids, overrides, node_ids, merge_duplicates,
                        nodes_name, sources_name)
    if not reader.ok:
        return []
    for row, cells in table.rows:
        reader.add(row, cells)
    return reader.finish()


def read_rows(edges: Table | RowStream, reader: EdgeReader, lengths: LengthCheck, max_edges: int) -> int:
    """Feed every edge row to the checks, in one pass; return how many rows there are.

    Rows past ``max_edges`` are only counted (a stream is read to its end for its own problems): the data set
    is refused, and nothing else about it is reported.
    """
    add = reader.add if reader.ok else None
    count = 0
    for row, cells in edges.rows if isinstance(edges, Table) else edges:
        count += 1
        if count > max_edges:
            continue
        lengths.add(row, cells)
        if add is not None:
            add(row, cells)
    return count
