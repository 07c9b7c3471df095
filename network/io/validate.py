"""From tables to a data set: the validation every reader shares, whatever the file format.

Each reader turns its file into ``Table``s (rows of text with a header), one per kind of record, and hands them
to ``assemble``. So statuses, dates, citations, duplicate ids, limits and id checks are the same for a CSV, a
spreadsheet, a GraphML or a JSON file, and every problem is reported at once with where it is. Nodes, sources,
events and handoffs are read here from whole tables (they are few); links by ``edgelist`` a row at a time, or,
for a CSV file, by ``edgecolumns`` a column at a time (and a nodes table by ``nodecolumns``) until a row holds a
problem. The rule for each value is in ``fields``, the checks on ids and labels in ``identifiers``.
"""

from __future__ import annotations

from collections.abc import Container, Iterator, Mapping
from dataclasses import dataclass, replace
from itertools import chain, repeat
from typing import Any

from ..errors import Problem, ValidationError
from ..i18n import N_, _
from ..model import ANY, Dataset, Event, Handoff, Node, Source, nodes_from_columns
from .csvcolumns import ColumnTable
from .csvtext import RowStream, Table
from .edgecolumns import read_edges
from .edgelist import EdgeReader, read_rows
from .fields import (
    Columns,
    check_date,
    check_node,
    check_source,
    check_span,
    empty,
    map_columns,
    normalised,
    parse_status,
    repeated_columns,
    repeated_id,
    split_ids,
)
from .identifiers import LengthCheck, Place, check_ids, check_lengths, plain_ids
from .limits import DEFAULT_LIMITS, Limits, too_many_links
from .nodecolumns import read_nodes

__all__ = ["TABLES", "Names", "CSV_NAMES", "parse_nodes", "parse_sources", "parse_events", "parse_handoffs",
           "assemble"]

#: The tables of a data set, by the name of their file (its stem) or sheet: ``links`` is another name for edges.
TABLES = {"edges": "edges", "links": "edges", "nodes": "nodes", "sources": "sources", "events": "events",
          "handoffs": "handoffs"}


@dataclass(frozen=True)
class Names:
    """What messages call the collections a file holds (``nodes.csv`` in a folder, a sheet in a workbook)."""

    nodes: str = "nodes.csv"
    sources: str = "sources.csv"
    edges: str = "edges.csv"

    def spoken(self) -> Names:  # in the reader's language: a graph reader's are marked N_, a file's name stays
        return Names(_(self.nodes), _(self.sources), _(self.edges))


CSV_NAMES = Names()
#: The fields after the label of a node that only links name (its id is its label), for ``nodes_from_columns``.
_NEW_NODE = tuple(repeat(v) for v in list(Node._field_defaults.values())[1:])


def _rows_by_id(table: Table, cols: Columns, problems: list[Problem], empty_fix: str, repeat_fix: str
                ) -> Iterator[tuple[int, list[str], str]]:
    """(row, cells, id) for each row whose id is given and not used before; a blank or repeated id is a
    problem (naming the first row), and its row is left out."""
    first_row: dict[str, int] = {}
    id_column = cols.column("id")
    for row, cells in table.rows:
        ident = cols.get(cells, "id")
        if not ident:
            problems.append(empty(table.file, row, id_column, "id", empty_fix))
        elif ident in first_row:
            problems.append(repeated_id(table.file, row, id_column, ident, first_row[ident], repeat_fix))
        else:
            first_row[ident] = row
            yield row, cells, ident


def parse_nodes(table: Table, problems: list[Problem]) -> dict[str, Node]:
    """Nodes by id; duplicate or blank ids are errors. A table with names only takes the name as the id."""
    cols = Columns(table.header, table.file, "nodes")
    if "id" not in cols.found and "label" in cols.found:
        cols.found["id"] = cols.found["label"]  # a nodes file with only names: the name is the id
    if cols.missing("id", problems, N_("one row per institution")):
        return {}
    if isinstance(table, ColumnTable) and table.columns is not None:
        by_column = read_nodes(table.columns, cols)  # None when a row holds a problem, reported below
        if by_column is not None:
            return by_column
    nodes: dict[str, Node] = {}
    for _row, cells, node_id in _rows_by_id(table, cols, problems,
                                            _("Every institution needs an id that edges.csv can refer to."),
                                            _("Give each institution its own id, or merge the two rows.")):
        nodes[node_id] = Node(
            id=node_id, label=cols.get(cells, "label") or node_id,
            kind=normalised(cols.get(cells, "kind")) or "unknown", jurisdiction=cols.get(cells, "jurisdiction"),
            description=cols.get(cells, "description"), url=cols.get(cells, "url"), attrs=cols.attrs(cells),
        )
    return nodes


def parse_sources(table: Table, problems: list[Problem]) -> dict[str, Source]:
    """Sources by id; duplicate or blank ids and malformed dates are errors."""
    cols = Columns(table.header, table.file, "sources")
    if cols.missing("id", problems, N_("the id that edges cite, such as S1")):
        return {}
    sources: dict[str, Source] = {}
    for row, cells, sid in _rows_by_id(table, cols, problems,
                                       _("Every source needs an id that edges and events can cite."),
                                       _("Give each source its own id.")):
        sources[sid] = Source(
            id=sid, title=cols.get(cells, "title"), publisher=cols.get(cells, "publisher"),
            date=check_date(cols.get(cells, "date"), table.file, row, cols.column("date"), problems),
            url=cols.get(cells, "url"), kind=cols.get(cells, "kind"),
        )
    return sources


def _cited(cols: Columns, cells: list[str], row: int, known: set[str] | None, problems: list[Problem],
           sources_name: str) -> tuple[str, ...]:
    cited = split_ids(cols.get(cells, "sources"))
    for sid in cited:
        check_source(sid, known, cols.file, row, cols.column("sources"), problems, sources_name)
    return cited


def parse_events(
    table: Table, problems: list[Problem], edge_ids: set[str], source_ids: set[str] | None,
    edges_name: str = "edges.csv", sources_name: str = "sources.csv", node_ids: Container[str] = (),
    nodes_name: str = "nodes.csv",
) -> list[Event]:
    """Events; a date is required, and the edges they open or close must exist.

    An outcome (an event with ``from`` and ``to``) names two nodes of the data set (``node_ids``: those of
    nodes.csv and the ends of links); one without the other is an error. ``status`` is an evidence status, or
    blank (kept blank).
    """
    cols = Columns(table.header, table.file, "events")
    if cols.missing("date", problems, N_("YYYY, YYYY-MM or YYYY-MM-DD")):
        return []
    file = table.file
    events: list[Event] = []
    first_row: dict[str, int] = {}
    for row, cells in table.rows:
        raw_date = cols.get(cells, "date")
        date = check_date(raw_date, file, row, cols.column("date"), problems)
        if not date:
            if not raw_date:
                problems.append(empty(file, row, cols.column("date"), "date",
                                      _("Every event needs the date it happened.")))
            continue
        event_id = cols.get(cells, "id") or f"event-{row}"
        if event_id in first_row:
            problems.append(repeated_id(file, row, cols.column("id"), event_id, first_row[event_id],
                                        _("Give each event its own id.")))
            continue
        first_row[event_id] = row
        linked: dict[str, tuple[str, ...]] = {}
        for field in ("opens", "closes"):
            linked[field] = split_ids(cols.get(cells, field))
            for eid in linked[field]:
                if eid not in edge_ids:
                    problems.append(Problem(file, row, cols.column(field), _(
                        "names edge {id}, which is not in {edges}.").format(id=repr(eid), edges=edges_name),
                        _("Use the id of a link in {edges}.").format(edges=edges_name)))
        ends = {"from": cols.get(cells, "from"), "to": cols.get(cells, "to")}
        for field, other in (("from", "to"), ("to", "from")):
            if ends[field]:
                ends[field] = check_node(ends[field], field, node_ids, file, row, cols.column(field), problems,
                                         nodes_name, edges_name)
            elif ends[other]:
                problems.append(Problem(
                    file, row, cols.column(field), _("'{field}' is empty, but '{other}' is given.").format(
                        field=field, other=other),
                    _("An outcome needs both from and to: the id of the institution a record came from and of the "
                      "one it reached; or leave both blank for an event that is not an outcome."),
                ))
        raw_status = cols.get(cells, "status")
        events.append(Event(
            id=event_id, date=date, title=cols.get(cells, "title"), kind=cols.get(cells, "kind"),
            description=cols.get(cells, "description"),
            sources=_cited(cols, cells, row, source_ids, problems, sources_name),
            opens=linked["opens"], closes=linked["closes"], reached_from=ends["from"], reached=ends["to"],
            status=parse_status(raw_status, file, row, cols.column("status"), problems) if raw_status else "",
            attrs=cols.attrs(cells),
        ))
    return events


def parse_handoffs(
    table: Table, problems: list[Problem], node_ids: Container[str], source_ids: set[str] | None,
    nodes_name: str = "nodes.csv", edges_name: str = "edges.csv", sources_name: str = "sources.csv",
) -> list[Handoff]:
    """Handoffs in file order: at each, what arrives from ``from`` goes on to ``to``.

    ``at`` is required and names a node of the data set (``node_ids``: those of nodes.csv and the ends of links);
    ``from`` and ``to`` name one too, or are ``*`` (or blank) for any. Statuses, dates and cited sources are
    checked as for links. Two rows with the same at, from, to and dates are an error. A handoff at a node that
    no route passes through is allowed: it is simply never used.

    Examples
    --------
    >>> from network.io.csvtext import parse_table
    >>> table, _ = parse_table(b"at,from,to,status\\nbric,sp,*,alleged\\n", "handoffs.csv")
    >>> parse_handoffs(table, [], {"sp", "bric", "ice"}, None)
    [Handoff(at='bric', received_from='sp', passed_to='*', status='alleged', sources=(), note='', start='', end='', \
claim='')]
    """
    cols = Columns(table.header, table.file, "handoffs")
    if cols.missing("at", problems, N_("the id of the institution that passes records on")):
        return []
    file = table.file
    handoffs: list[Handoff] = []
    first_row: dict[tuple[str, ...], int] = {}
    for row, cells in table.rows:
        at = cols.get(cells, "at")
        if at:
            at = check_node(at, "at", node_ids, file, row, cols.column("at"), problems, nodes_name, edges_name)
        else:
            problems.append(empty(file, row, cols.column("at"), "at", _("Every handoff is at one institution: give "
                                  "its id from {nodes} or {edges}.").format(nodes=nodes_name, edges=edges_name)))
        ends = {field: check_node(cols.get(cells, field) or ANY, field, node_ids, file, row, cols.column(field),
                                  problems, nodes_name, edges_name, any_ok=True) for field in ("from", "to")}
        status = parse_status(cols.get(cells, "status"), file, row, cols.column("status"), problems)
        start = check_date(cols.get(cells, "start"), file, row, cols.column("start"), problems)
        end = check_date(cols.get(cells, "end"), file, row, cols.column("end"), problems)
        check_span(start, end, file, row, cols.column("end"), problems)
        cited = _cited(cols, cells, row, source_ids, problems, sources_name)
        key = (cols.get(cells, "at"), cols.get(cells, "from") or ANY, cols.get(cells, "to") or ANY,
               cols.get(cells, "start"), cols.get(cells, "end"))
        if key in first_row:
            problems.append(Problem(
                file, row, cols.column("at"),
                (_("the handoff at {at} from {source} to {target} with the same dates is already on row {row}.")
                 if key[3] or key[4] else
                 _("the handoff at {at} from {source} to {target} is already on row {row}.")).format(
                    at=repr(key[0]), source=repr(key[1]), target=repr(key[2]), row=first_row[key]),
                _("Keep one row per handoff (cite all its sources on that row), or correct at, from, to or the "
                  "dates."),
            ))
            continue
        first_row[key] = row
        handoffs.append(Handoff(at=at, received_from=ends["from"], passed_to=ends["to"], status=status,
                                sources=cited, note=cols.get(cells, "note"), start=start, end=end,
                                claim=cols.get(cells, "claim"), attrs=cols.attrs(cells)))
    return handoffs


def _labelled(table: Table | RowStream, found: list[Problem]) -> list[Problem]:
    """A table's problems, prefixed with what a row number means when the table is not a sheet."""
    if not table.row_label:
        return found
    return [replace(p, message=f"{table.row_label.format(row=p.row)}: {p.message}") if p.file == table.file and
            p.row is not None else p for p in found]


def _where(table: Table | RowStream, row: int) -> str:
    return table.row_label.format(row=row) if table.row_label else _("{file} row {row}").format(file=table.file,
                                                                                                   row=row)


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
    >>> from network.io.csvtext import parse_table
    >>> table, _ = parse_table(b"source,target\\nBPS,BPD\\n", "links.csv")
    >>> assemble(table).summary()["flow_edges"]
    1
    """
    limits = limits or DEFAULT_LIMITS
    names = names.spoken()
    problems = list(problems or [])
    if edges is None:
        if not any(p.is_error for p in problems):
            problems.append(Problem(names.edges, None, "", _("holds no links."),
                                    _("Add one link per row (or element), each with a source and a target.")))
        raise ValidationError(problems)
    if isinstance(edges, Table) and len(edges.rows) > limits.max_edges:
        problems.append(too_many_links(edges.file, limits, len(edges.rows)))
        raise ValidationError(problems)
    found: dict[str, list[Problem]] = {step: [] for step in ("sources", "nodes", "edges", "events", "handoffs")}
    for step, table in (("sources", sources), ("nodes", nodes), ("edges", edges), ("events", events),
                        ("handoffs", handoffs)):
        if table is not None and not table.row_label:  # a graph file's header is ours, made of its attribute names
            found[step] += repeated_columns(table.header, table.file)
    node_lengths: list[Problem] = []
    source_lengths: list[Problem] = []
    for table, kind, fields, into in ((nodes, "nodes", ("id", "label"), node_lengths),
                                      (sources, "sources", ("id",), source_lengths)):
        if table is not None:
            check_lengths(table, kind, fields, limits.max_label, into)
    source_map = parse_sources(sources, found["sources"]) if sources else None
    node_map = parse_nodes(nodes, found["nodes"]) if nodes else None
    source_ids = set(source_map) if source_map is not None else None
    listed = set(node_map) if node_map is not None else None
    # a CSV file is read by column first; when a row holds a problem, the row reader reads it again to name it
    by_column = read_edges(edges, source_ids, columns, listed, limits.max_label, limits.max_edges, merge_duplicates,
                           names.nodes) if isinstance(edges, RowStream) else None
    new_nodes: list[str] = []
    edge_lengths: list[Problem] = []
    if by_column is not None and isinstance(edges, RowStream):
        edge_list, first_seen = by_column.edges, by_column.first_seen
        node_ids: Container[str] = by_column.node_ids
        found["edges"] += by_column.problems
        new_nodes = list(first_seen)
        problems[:0] = edges.problems  # the stream's own (its delimiter), where reading it would have put them
    else:
        reader = EdgeReader(edges.header, edges.file, found["edges"], source_ids, columns, listed, merge_duplicates,
                            names.nodes, names.sources)
        lengths = LengthCheck(edges.header, edges.file, "edges", ("id", "source", "target"), limits.max_label,
                              columns)
        count = read_rows(edges, reader, lengths, limits.max_edges)
        if isinstance(edges, RowStream):
            problems[:0] = edges.problems
            if count > limits.max_edges:
                problems.append(too_many_links(edges.file, limits, count))
                raise ValidationError(problems)
        edge_list = reader.finish() if reader.ok else []
        first_seen, node_ids = reader.first_seen, reader.node_ids  # nodes.csv's and the ends of the links
        edge_lengths = lengths.problems
    event_list = parse_events(
        events, found["events"], {e.id for e in edge_list}, source_ids, names.edges, names.sources, node_ids,
        names.nodes,
    ) if events else []
    handoff_list = parse_handoffs(handoffs, found["handoffs"], node_ids, source_ids, names.nodes, names.edges,
                                 names.sources) if handoffs else []
    problems += _labelled(nodes, node_lengths) if nodes else []
    problems += _labelled(edges, edge_lengths)
    problems += _labelled(sources, source_lengths) if sources else []
    for step, read in (("sources", sources), ("nodes", nodes), ("edges", edges), ("events", events),
                       ("handoffs", handoffs)):
        if read is not None:
            problems += _labelled(read, found[step])
    problems = list(dict.fromkeys(problems))  # a link added both ways has its problems once
    if any(p.is_error for p in problems):
        raise ValidationError(problems)
    if not plain_ids(chain(node_map or (), first_seen)):  # plain ids: nothing to find, and no places to make
        problems.extend(check_ids(_node_places(nodes, edges, first_seen)))
    if by_column is not None:  # every end is a node already: the data set need not look over a million links
        node_map = node_map or {}
        node_map.update(zip(new_nodes, nodes_from_columns(new_nodes, new_nodes, *_NEW_NODE), strict=True))
    return Dataset.build(node_map or {}, edge_list, source_map or {}, event_list, dict(meta or {}),
                         [p for p in problems if not p.is_error], origin, handoff_list,
                         ends_known=by_column is not None)
