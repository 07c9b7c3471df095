"""From tables to a data set: the validation every reader shares, whatever the file format.

Each reader turns its file into ``Table``s (rows of text with a header), one per kind of record, and hands them
to ``assemble``. So statuses, dates, citations, duplicate ids, limits and id checks are the same for a CSV, a
spreadsheet, a GraphML or a JSON file, and every problem is reported at once with where it is.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..errors import Problem, ValidationError
from ..model import Dataset
from .columns import map_columns
from .edges import EdgeReader
from .identifiers import Place, check_ids
from .limits import DEFAULT_LIMITS, Limits
from .records import LengthCheck, check_lengths, read_events, read_handoffs, read_nodes, read_sources
from .text import RowStream, Table

__all__ = ["Names", "CSV_NAMES", "assemble"]


@dataclass(frozen=True)
class Names:
    """What messages call the collections a file holds (``nodes.csv`` in a folder, a sheet in a workbook)."""

    nodes: str = "nodes.csv"
    sources: str = "sources.csv"
    edges: str = "edges.csv"


CSV_NAMES = Names()


def _labelled(table: Table | RowStream, found: list[Problem]) -> list[Problem]:
    """A table's problems, prefixed with what a row number means when the table is not a sheet."""
    if not table.row_label:
        return found
    return [replace(p, message=f"{table.row_label.format(row=p.row)}: {p.message}") if p.file == table.file and
            p.row is not None else p for p in found]


def _where(table: Table | RowStream, row: int) -> str:
    return table.row_label.format(row=row) if table.row_label else f"{table.file} row {row}"


def _node_places(nodes: Table | None, edges: Table | RowStream, first_seen: Mapping[str, tuple[int, int]]
                 ) -> Iterator[tuple[str, Place]]:
    """Each node id with where it first appears: its row in the node table, else its first link."""
    seen: set[str] = set()
    if nodes is not None:
        found, _ = map_columns(nodes.header, "nodes")
        index = found.get("id", found.get("label"))
        if index is not None:
            for row, cells in nodes.rows:
                ident = cells[index].strip()
                if ident and ident not in seen:
                    seen.add(ident)
                    yield ident, Place(nodes.file, row, nodes.header[index], _where(nodes, row))
    for ident, (row, index) in first_seen.items():  # in the order the links name them
        if ident not in seen:
            yield ident, Place(edges.file, row, edges.header[index], _where(edges, row))


def _too_many(file: str, count: int, limits: Limits) -> Problem:
    return Problem(file, None, "", f"has {count:,} links, over the limit of {limits.max_edges:,}.",
                   "Load a part of the network, or raise the limit with Limits(max_edges=N) in Python.")


def _read_rows(edges: Table | RowStream, reader: EdgeReader, lengths: LengthCheck, max_edges: int) -> int:
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


def assemble(
    edges: Table | RowStream | None,
    *,
    nodes: Table | None = None,
    sources: Table | None = None,
    events: Table | None = None,
    handoffs: Table | None = None,
    meta: Mapping[str, Any] | None = None,
    problems: list[Problem] | None = None,
    columns: Mapping[str, str] | None = None,
    limits: Limits | None = None,
    origin: str = "",
    merge_duplicates: bool = True,
    names: Names = CSV_NAMES,
) -> Dataset:
    """Validate tables and build the data set; raise ``ValidationError`` listing every problem.

    Parameters
    ----------
    edges, nodes, sources, events, handoffs : the tables read from the file (only ``edges`` is required). ``edges`` may
        be a ``RowStream`` (a large CSV file, read as it is checked); the problems found while reading it then
        come first, as they would had it been read whole before the other files.
    meta : the data set's metadata (title, description, license, ...).
    problems : problems already found while reading (kept, and raised with the rest).
    columns : which column holds which edge field, when the header does not say.
    limits : bounds on links and label length (``DEFAULT_LIMITS`` when None).
    merge_duplicates : merge repeated rows (a spreadsheet) or keep parallel links (a graph file).
    names : what messages call the node, source and edge collections.

    Problems are listed in this order: those found reading the files; ids and labels over the length limit
    (nodes, edges, sources); then sources, nodes, edges, events and handoffs, each in row order.

    Examples
    --------
    >>> from network.io.text import parse_table
    >>> table, _ = parse_table(b"source,target\\nBPS,BPD\\n", "links.csv")
    >>> assemble(table).summary()["flow_edges"]
    1
    """
    limits = limits or DEFAULT_LIMITS
    problems = list(problems or [])
    if edges is None:
        if not any(p.is_error for p in problems):
            problems.append(Problem(names.edges, None, "", "holds no links.",
                                    "Add one link per row (or element), each with a source and a target."))
        raise ValidationError(problems)
    if isinstance(edges, Table) and len(edges.rows) > limits.max_edges:
        problems.append(_too_many(edges.file, len(edges.rows), limits))
        raise ValidationError(problems)
    found: dict[str, list[Problem]] = {step: [] for step in ("sources", "nodes", "edges", "events", "handoffs")}
    node_lengths: list[Problem] = []
    source_lengths: list[Problem] = []
    for table, kind, fields, into in ((nodes, "nodes", ("id", "label"), node_lengths),
                                      (sources, "sources", ("id",), source_lengths)):
        if table is not None:
            check_lengths(table, kind, fields, limits.max_label, into)
    source_map = read_sources(sources, found["sources"]) if sources else None
    node_map = read_nodes(nodes, found["nodes"]) if nodes else None
    reader = EdgeReader(edges.header, edges.file, found["edges"], set(source_map) if source_map is not None else None,
                        columns, set(node_map) if node_map is not None else None, merge_duplicates, names.nodes,
                        names.sources)
    edge_lengths = LengthCheck(edges.header, edges.file, "edges", ("id", "source", "target"), limits.max_label,
                               columns)
    count = _read_rows(edges, reader, edge_lengths, limits.max_edges)
    if isinstance(edges, RowStream):
        problems[:0] = edges.problems
        if count > limits.max_edges:
            problems.append(_too_many(edges.file, count, limits))
            raise ValidationError(problems)
    edge_list = reader.finish() if reader.ok else []
    source_ids = set(source_map) if source_map is not None else None
    node_ids = reader.node_ids  # nodes.csv's and the ends of the links
    event_list = read_events(
        events, found["events"], {e.id for e in edge_list}, source_ids, names.edges, names.sources, node_ids,
        names.nodes,
    ) if events else []
    handoff_list = read_handoffs(handoffs, found["handoffs"], node_ids, source_ids, names.nodes, names.edges,
                                 names.sources) if handoffs else []
    problems += _labelled(nodes, node_lengths) if nodes else []
    problems += _labelled(edges, edge_lengths.problems)
    problems += _labelled(sources, source_lengths) if sources else []
    for step, table in (("sources", sources), ("nodes", nodes), ("edges", edges), ("events", events),
                        ("handoffs", handoffs)):
        if table is not None:
            problems += _labelled(table, found[step])
    problems = list(dict.fromkeys(problems))  # a link added both ways has its problems once
    if any(p.is_error for p in problems):
        raise ValidationError(problems)
    problems.extend(check_ids(_node_places(nodes, edges, reader.first_seen)))
    return Dataset.build(node_map or {}, edge_list, source_map or {}, event_list, dict(meta or {}),
                         [p for p in problems if not p.is_error], origin, handoff_list)
