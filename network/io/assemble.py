"""From tables to a data set: the validation every reader shares, whatever the file format.

Each reader turns its file into ``Table``s (rows of text with a header), one per kind of record, and hands them
to ``assemble``. So statuses, dates, citations, duplicate ids, limits and id checks are the same for a CSV, a
spreadsheet, a GraphML or a JSON file, and every problem is reported at once with where it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, TypeVar

from ..errors import Problem, ValidationError
from ..model import Dataset, Node
from .columns import map_columns
from .identifiers import Place, check_ids
from .limits import DEFAULT_LIMITS, Limits
from .records import check_lengths, read_edges, read_events, read_nodes, read_sources
from .text import Table

__all__ = ["Names", "CSV_NAMES", "assemble"]

T = TypeVar("T")


@dataclass(frozen=True)
class Names:
    """What messages call the collections a file holds (``nodes.csv`` in a folder, a sheet in a workbook)."""

    nodes: str = "nodes.csv"
    sources: str = "sources.csv"
    edges: str = "edges.csv"


CSV_NAMES = Names()


def _labelled(table: Table, problems: list[Problem], read: Callable[[], T]) -> T:
    """Run a reader; prefix its problems with what a row number means when the table is not a sheet."""
    start = len(problems)
    result = read()
    if table.row_label:
        for i in range(start, len(problems)):
            p = problems[i]
            if p.file == table.file and p.row is not None:
                problems[i] = replace(p, message=f"{table.row_label.format(row=p.row)}: {p.message}")
    return result


def _where(table: Table, row: int) -> str:
    return table.row_label.format(row=row) if table.row_label else f"{table.file} row {row}"


def _node_places(nodes: Table | None, edges: Table | None, overrides: Mapping[str, str] | None
                 ) -> Iterator[tuple[str, Place]]:
    """Each node id with where it first appears: its row in the node table, else its first link."""
    seen: set[str] = set()
    sources: list[tuple[Table, list[int]]] = []
    if nodes is not None:
        found, _ = map_columns(nodes.header, "nodes")
        index = found.get("id", found.get("label"))
        if index is not None:
            sources.append((nodes, [index]))
    if edges is not None:
        found, _ = map_columns(edges.header, "edges", overrides)
        sources.append((edges, [found[f] for f in ("source", "target") if f in found]))
    for table, indexes in sources:
        for row, cells in table.rows:
            for index in indexes:
                ident = cells[index].strip()
                if ident and ident not in seen:
                    seen.add(ident)
                    yield ident, Place(table.file, row, table.header[index], _where(table, row))


def assemble(
    edges: Table | None,
    *,
    nodes: Table | None = None,
    sources: Table | None = None,
    events: Table | None = None,
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
    edges, nodes, sources, events : the tables read from the file (only ``edges`` is required).
    meta : the data set's metadata (title, description, license, ...).
    problems : problems already found while reading (kept, and raised with the rest).
    columns : which column holds which edge field, when the header does not say.
    limits : bounds on links and label length (``DEFAULT_LIMITS`` when None).
    merge_duplicates : merge repeated rows (a spreadsheet) or keep parallel links (a graph file).
    names : what messages call the node, source and edge collections.

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
    if len(edges.rows) > limits.max_edges:
        problems.append(Problem(
            edges.file, None, "", f"has {len(edges.rows):,} links, over the limit of {limits.max_edges:,}.",
            "Load a part of the network, or raise the limit with Limits(max_edges=N) in Python.",
        ))
        raise ValidationError(problems)
    for table, kind, fields, over in ((nodes, "nodes", ("id", "label"), None),
                                      (edges, "edges", ("id", "source", "target"), columns),
                                      (sources, "sources", ("id",), None)):
        if table is not None:
            _labelled(table, problems, lambda t=table, k=kind, f=fields, o=over:
                      check_lengths(t, k, f, limits.max_label, problems, o))
    source_map = _labelled(sources, problems, lambda: read_sources(sources, problems)) if sources else None
    node_map = _labelled(nodes, problems, lambda: read_nodes(nodes, problems)) if nodes else None
    edge_list = _labelled(edges, problems, lambda: read_edges(
        edges, problems, set(source_map) if source_map is not None else None, columns,
        set(node_map) if node_map is not None else None, merge_duplicates, names.nodes, names.sources,
    ))
    event_list = _labelled(events, problems, lambda: read_events(
        events, problems, {e.id for e in edge_list}, set(source_map) if source_map is not None else None,
        names.edges, names.sources,
    )) if events else []
    problems = list(dict.fromkeys(problems))  # a link added both ways has its problems once
    if any(p.is_error for p in problems):
        raise ValidationError(problems)
    problems.extend(check_ids(_node_places(nodes, edges, columns)))
    all_nodes: dict[str, Node] = dict(node_map or {})
    for e in edge_list:
        for end in (e.source, e.target):
            all_nodes.setdefault(end, Node(end, end))
    return Dataset.build(all_nodes, edge_list, source_map or {}, event_list, dict(meta or {}),
                         [p for p in problems if not p.is_error], origin)
