"""From parsed tables to model objects, collecting every problem with its file, row and column."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from ..errors import WARNING, Problem
from ..model import STATUSES, Edge, Event, Node, Source, is_flow_relation, parse_date
from .columns import map_columns, normalise
from .text import Table

__all__ = ["read_nodes", "read_edges", "read_sources", "read_events", "split_ids", "check_lengths"]

_YES = {"yes", "y", "true", "1", "flow"}
_NO = {"no", "n", "false", "0", "context"}
_DATE_FIX = "Write dates as YYYY, YYYY-MM or YYYY-MM-DD (for example 2019-10 or 2019-10-01)."


def split_ids(cell: str) -> tuple[str, ...]:
    """Split a cell holding several ids (separated by ; , or |), dropping blanks and repeats.

    Examples
    --------
    >>> split_ids("S1; S2;S1")
    ('S1', 'S2')
    """
    parts = (p.strip() for p in re.split(r"[;,|]", cell or ""))
    return tuple(dict.fromkeys(p for p in parts if p))


class _Reader:
    """The fields of one table's rows, by canonical name, with the column names for messages."""

    def __init__(self, table: Table, kind: str, overrides: Mapping[str, str] | None = None):
        self.table = table
        self.found, self.extras = map_columns(table.header, kind, overrides)

    def column(self, field: str) -> str:
        index = self.found.get(field)
        return self.table.header[index] if index is not None else field

    def get(self, cells: list[str], field: str) -> str:
        index = self.found.get(field)
        return cells[index].strip() if index is not None else ""

    def attrs(self, cells: list[str]) -> MappingProxyType[str, str]:
        return MappingProxyType({name: cells[i] for name, i in self.extras.items() if cells[i].strip()})

    def missing(self, field: str, problems: list[Problem], example: str) -> bool:
        """Report a required column that is missing; True when it is."""
        if field in self.found:
            return False
        columns = ", ".join(repr(c) for c in self.table.header) or "none"
        problems.append(Problem(
            self.table.file, 1, field, f"there is no '{field}' column (columns found: {columns}).",
            f"Name a column '{field}' ({example}), or say which column holds it.",
        ))
        return True


def _date(reader: _Reader, cells: list[str], field: str, row: int, problems: list[Problem]) -> str:
    text = reader.get(cells, field)
    try:
        parse_date(text)
    except ValueError as err:
        problems.append(Problem(reader.table.file, row, reader.column(field), f"{err}.", _DATE_FIX))
        return ""
    return text


def _check_cited(reader: _Reader, cells: list[str], row: int, known: set[str] | None,
                 problems: list[Problem], sources_name: str = "sources.csv") -> tuple[str, ...]:
    cited = split_ids(reader.get(cells, "sources"))
    if known is not None:
        for sid in cited:
            if sid not in known:
                problems.append(Problem(
                    reader.table.file, row, reader.column("sources"),
                    f"cites source {sid!r}, which is not in {sources_name}.",
                    f"Add it to {sources_name}, or correct the id.",
                ))
    return cited


def check_lengths(table: Table, kind: str, fields: tuple[str, ...], limit: int, problems: list[Problem],
                  overrides: Mapping[str, str] | None = None) -> None:
    """Report every id or label longer than ``limit`` characters, by row and column.

    Examples
    --------
    >>> from network.io.text import parse_table
    >>> problems = []
    >>> check_lengths(parse_table(b"id,label\\nA,Aaaaaa\\n", "nodes.csv")[0], "nodes", ("id", "label"), 5, problems)
    >>> print(problems[0])
    nodes.csv:2:label: the label is 6 characters long, over the limit of 5. Shorten it (put long text in \
a description or note column), or raise the limit with Limits(max_label=N) in Python.
    """
    found, _ = map_columns(table.header, kind, overrides)
    for field in fields:
        index = found.get(field)
        if index is None:
            continue
        for row, cells in table.rows:
            size = len(cells[index].strip())
            if size > limit:
                problems.append(Problem(
                    table.file, row, table.header[index],
                    f"the {field} is {size:,} characters long, over the limit of {limit:,}.",
                    "Shorten it (put long text in a description or note column), or raise the limit with "
                    "Limits(max_label=N) in Python.",
                ))


def read_nodes(table: Table, problems: list[Problem]) -> dict[str, Node]:
    """Nodes by id; duplicate or blank ids are errors."""
    reader = _Reader(table, "nodes")
    if "id" not in reader.found and "label" in reader.found:
        reader.found["id"] = reader.found["label"]  # a nodes file with only names: the name is the id
    if reader.missing("id", problems, "one row per institution"):
        return {}
    nodes: dict[str, Node] = {}
    first_row: dict[str, int] = {}
    for row, cells in table.rows:
        node_id = reader.get(cells, "id")
        if not node_id:
            problems.append(Problem(table.file, row, reader.column("id"), "'id' is empty.",
                                    "Every institution needs an id that edges.csv can refer to."))
            continue
        if node_id in nodes:
            problems.append(Problem(table.file, row, reader.column("id"),
                                    f"id {node_id!r} is already used on row {first_row[node_id]}.",
                                    "Give each institution its own id, or merge the two rows."))
            continue
        first_row[node_id] = row
        nodes[node_id] = Node(
            id=node_id,
            label=reader.get(cells, "label") or node_id,
            kind=normalise(reader.get(cells, "kind")) or "unknown",
            jurisdiction=reader.get(cells, "jurisdiction"),
            description=reader.get(cells, "description"),
            url=reader.get(cells, "url"),
            attrs=reader.attrs(cells),
        )
    return nodes


def read_sources(table: Table, problems: list[Problem]) -> dict[str, Source]:
    """Sources by id; duplicate or blank ids and malformed dates are errors."""
    reader = _Reader(table, "sources")
    if reader.missing("id", problems, "the id that edges cite, such as S1"):
        return {}
    sources: dict[str, Source] = {}
    for row, cells in table.rows:
        sid = reader.get(cells, "id")
        if not sid:
            problems.append(Problem(table.file, row, reader.column("id"), "'id' is empty.",
                                    "Every source needs an id that edges and events can cite."))
            continue
        if sid in sources:
            problems.append(Problem(table.file, row, reader.column("id"), f"id {sid!r} is used twice.",
                                    "Give each source its own id."))
            continue
        sources[sid] = Source(
            id=sid,
            title=reader.get(cells, "title"),
            publisher=reader.get(cells, "publisher"),
            date=_date(reader, cells, "date", row, problems),
            url=reader.get(cells, "url"),
            kind=reader.get(cells, "kind"),
        )
    return sources


def read_edges(
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
    """
    reader = _Reader(table, "edges", overrides)
    missing_source = reader.missing("source", problems, "or from, src, source_id")
    missing_target = reader.missing("target", problems, "or to, dst, target_id")
    if missing_source or missing_target:
        return []
    edges: list[Edge] = []
    by_id: dict[str, int] = {}
    rows_of: dict[str, int] = {}
    by_key: dict[tuple[str, ...], int] = {}
    merged: list[int] = []
    created: set[str] = set()
    explicit = {cells[reader.found["id"]].strip() for _, cells in table.rows} if "id" in reader.found else set()
    for row, cells in table.rows:
        source, target = reader.get(cells, "source"), reader.get(cells, "target")
        blank = [f for f, v in (("source", source), ("target", target)) if not v]
        for field in blank:
            problems.append(Problem(table.file, row, reader.column(field), f"'{field}' is empty.",
                                    "Every row needs a source and a target."))
        status = normalise(reader.get(cells, "status")) or "unknown"
        if status not in STATUSES:
            problems.append(Problem(
                table.file, row, reader.column("status"),
                f"status {reader.get(cells, 'status')!r} is not one we know.",
                "Use one of: " + ", ".join(STATUSES) + ".",
            ))
        start = _date(reader, cells, "start", row, problems)
        end = _date(reader, cells, "end", row, problems)
        if start and end and parse_date(end) < parse_date(start):  # type: ignore[operator]
            problems.append(Problem(table.file, row, reader.column("end"),
                                    f"the end ({end}) is before the start ({start}).",
                                    "Swap the two dates, or correct one of them."))
        relation = normalise(reader.get(cells, "relation"))
        flow_text = reader.get(cells, "flow").lower()
        if flow_text and flow_text not in _YES | _NO:
            problems.append(Problem(table.file, row, reader.column("flow"),
                                    f"flow {flow_text!r} is neither yes nor no.",
                                    "Write yes (records move along this link) or no (context only), "
                                    "or leave it blank."))
        flow = flow_text in _YES if flow_text in _YES | _NO else is_flow_relation(relation)
        cited = _check_cited(reader, cells, row, source_ids, problems, sources_name)
        if blank:
            continue
        key = (source, target, relation, start, end, reader.get(cells, "id"))
        if merge_duplicates and key in by_key:
            first = by_key[key]
            kept = edges[first]
            edges[first] = replace(kept, sources=tuple(dict.fromkeys(kept.sources + cited)))
            merged.append(row)
            continue
        edge_id = reader.get(cells, "id") or f"{source}->{target}"
        if reader.get(cells, "id") and edge_id in by_id:
            problems.append(Problem(table.file, row, reader.column("id"),
                                    f"edge id {edge_id!r} is already used on row {rows_of[edge_id]}.",
                                    "Give each link its own id, or leave the id blank."))
            continue
        n = 2
        base = edge_id
        while edge_id in by_id or (edge_id in explicit and not reader.get(cells, "id")):
            edge_id, n = f"{base}#{n}", n + 1
        for field, node_id in (("source", source), ("target", target)):
            if node_ids is not None and node_id not in node_ids and node_id not in created:
                created.add(node_id)
                problems.append(Problem(
                    table.file, row, reader.column(field),
                    f"{node_id!r} is not in {nodes_name}; it was created with kind 'unknown'.",
                    f"Add it to {nodes_name}, or correct the id.", severity=WARNING,
                ))
        if source == target:
            problems.append(Problem(table.file, row, reader.column("target"),
                                    f"{source!r} links to itself; kept, but no route runs through a self loop.",
                                    severity=WARNING))
        by_id[edge_id] = len(edges)
        rows_of[edge_id] = row
        by_key[key] = len(edges)
        edges.append(Edge(
            id=edge_id, source=source, target=target, relation=relation,
            carries=reader.get(cells, "carries"), flow=flow,
            status=status if status in STATUSES else "unknown",
            start=start, end=end, sources=cited, note=reader.get(cells, "note"),
            attrs=reader.attrs(cells),
        ))
    if merged:
        rows = ", ".join(str(r) for r in merged[:10]) + (" ..." if len(merged) > 10 else "")
        problems.append(Problem(
            table.file, merged[0], "",
            f"{len(merged)} duplicate link{'s were' if len(merged) > 1 else ' was'} merged into the first "
            f"row with the same source, target, relation and dates (rows {rows}); their sources were kept.",
            severity=WARNING,
        ))
    return edges


def read_events(
    table: Table, problems: list[Problem], edge_ids: set[str], source_ids: set[str] | None,
    edges_name: str = "edges.csv", sources_name: str = "sources.csv",
) -> list[Event]:
    """Events; a date is required, and the edges they open or close must exist."""
    reader = _Reader(table, "events")
    if reader.missing("date", problems, "YYYY, YYYY-MM or YYYY-MM-DD"):
        return []
    events: list[Event] = []
    seen: set[str] = set()
    for row, cells in table.rows:
        date = _date(reader, cells, "date", row, problems)
        if not date:
            if not reader.get(cells, "date"):
                problems.append(Problem(table.file, row, reader.column("date"), "'date' is empty.",
                                        "Every event needs the date it happened."))
            continue
        event_id = reader.get(cells, "id") or f"event-{row}"
        if event_id in seen:
            problems.append(Problem(table.file, row, reader.column("id"), f"id {event_id!r} is used twice.",
                                    "Give each event its own id."))
            continue
        seen.add(event_id)
        linked: dict[str, tuple[str, ...]] = {}
        for field in ("opens", "closes"):
            linked[field] = split_ids(reader.get(cells, field))
            for eid in linked[field]:
                if eid not in edge_ids:
                    problems.append(Problem(table.file, row, reader.column(field),
                                            f"names edge {eid!r}, which is not in {edges_name}.",
                                            f"Use the id of a link in {edges_name}."))
        events.append(Event(
            id=event_id, date=date, title=reader.get(cells, "title"), kind=reader.get(cells, "kind"),
            description=reader.get(cells, "description"),
            sources=_check_cited(reader, cells, row, source_ids, problems, sources_name),
            opens=linked["opens"], closes=linked["closes"],
        ))
    return events
