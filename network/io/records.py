"""From parsed tables to model objects, collecting every problem with its file, row and column.

Edges are read by ``edges.EdgeReader`` one row at a time (so a large file need not be held whole); nodes,
sources, events and handoffs, which are few, from whole tables here.
"""

from __future__ import annotations

from collections.abc import Container, Mapping
from types import MappingProxyType

from ..errors import Problem
from ..model import ANY, NO_ATTRS, Event, Handoff, Node, Source, parse_date
from .columns import map_columns
from .edges import read_edges
from .text import Table
from .values import DATE_FIX, check_span, normalised, read_status, split_ids

__all__ = ["read_nodes", "read_edges", "read_sources", "read_events", "read_handoffs", "split_ids", "check_lengths",
           "LengthCheck"]


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
        attrs = {name: cells[i] for name, i in self.extras.items() if cells[i].strip()}
        return MappingProxyType(attrs) if attrs else NO_ATTRS  # one shared empty mapping, not one per row

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
        problems.append(Problem(reader.table.file, row, reader.column(field), f"{err}.", DATE_FIX))
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


def _check_node(reader: _Reader, value: str, field: str, row: int, known: Container[str], problems: list[Problem],
                nodes_name: str = "nodes.csv", edges_name: str = "edges.csv", any_ok: bool = False) -> str:
    """A node id that a row names (a handoff's at, from, to; an outcome's from, to), as kept: it must be a node of
    the data set (in nodes.csv or at an end of a link), or ``*`` where ``any_ok``; "" (reported) when it is not.
    """
    if value in known or (any_ok and value == ANY):
        return value
    fix = f"Use a node id from {nodes_name} or {edges_name}" + (", or * for any." if any_ok else ".")
    if value == ANY:
        message = f"'{field}' is *, but it must name one institution (* for any is for from and to of a handoff)."
    else:
        message = f"{field} {value!r} is not an institution of the data set (in neither {nodes_name} nor {edges_name})."
    problems.append(Problem(reader.table.file, row, reader.column(field), message, fix))
    return ""


class LengthCheck:
    """Ids and labels longer than a limit, checked a row at a time; ``problems`` lists them field by field."""

    def __init__(self, header: list[str], file: str, kind: str, fields: tuple[str, ...], limit: int,
                 overrides: Mapping[str, str] | None = None):
        found, _ = map_columns(header, kind, overrides)
        self.file, self.header, self.limit = file, header, limit
        self.columns = [(field, found[field]) for field in fields if field in found]
        self._found: list[list[Problem]] = [[] for _ in self.columns]

    def add(self, row: int, cells: list[str]) -> None:
        limit = self.limit
        if max(map(len, cells), default=0) <= limit:  # almost every row: no cell is that long, stripped or not
            return
        for (field, index), found in zip(self.columns, self._found, strict=True):
            cell = cells[index]
            if len(cell) > limit and len(cell.strip()) > limit:  # stripping only shortens: test the cheap way first
                found.append(Problem(
                    self.file, row, self.header[index],
                    f"the {field} is {len(cell.strip()):,} characters long, over the limit of {limit:,}.",
                    "Shorten it (put long text in a description or note column), or raise the limit with "
                    "Limits(max_label=N) in Python.",
                ))

    @property
    def problems(self) -> list[Problem]:
        """Every problem found, all of the first field's before the second's (as a column-by-column check)."""
        return [p for found in self._found for p in found]


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
    check = LengthCheck(table.header, table.file, kind, fields, limit, overrides)
    for row, cells in table.rows:
        check.add(row, cells)
    problems.extend(check.problems)


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
            kind=normalised(reader.get(cells, "kind")) or "unknown",
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


def read_events(
    table: Table, problems: list[Problem], edge_ids: set[str], source_ids: set[str] | None,
    edges_name: str = "edges.csv", sources_name: str = "sources.csv", node_ids: Container[str] = (),
    nodes_name: str = "nodes.csv",
) -> list[Event]:
    """Events; a date is required, and the edges they open or close must exist.

    An outcome (an event with ``from`` and ``to``) names two nodes of the data set (``node_ids``: those of
    nodes.csv and the ends of links); one without the other is an error. ``status`` is an evidence status, or
    blank (kept blank).
    """
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
        ends = {"from": reader.get(cells, "from"), "to": reader.get(cells, "to")}
        for field, other in (("from", "to"), ("to", "from")):
            if ends[field]:
                ends[field] = _check_node(reader, ends[field], field, row, node_ids, problems, nodes_name, edges_name)
            elif ends[other]:
                problems.append(Problem(
                    table.file, row, reader.column(field), f"'{field}' is empty, but '{other}' is given.",
                    "An outcome needs both from and to: the id of the institution a record came from and of the one "
                    "it reached; or leave both blank for an event that is not an outcome.",
                ))
        raw_status = reader.get(cells, "status")
        events.append(Event(
            id=event_id, date=date, title=reader.get(cells, "title"), kind=reader.get(cells, "kind"),
            description=reader.get(cells, "description"),
            sources=_check_cited(reader, cells, row, source_ids, problems, sources_name),
            opens=linked["opens"], closes=linked["closes"],
            reached_from=ends["from"], reached=ends["to"],
            status=read_status(raw_status, table.file, row, reader.column("status"), problems) if raw_status else "",
        ))
    return events


def read_handoffs(
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
    >>> from network.io.text import parse_table
    >>> table, _ = parse_table(b"at,from,to,status\\nbric,sp,*,alleged\\n", "handoffs.csv")
    >>> read_handoffs(table, [], {"sp", "bric", "ice"}, None)
    [Handoff(at='bric', received_from='sp', passed_to='*', status='alleged', sources=(), note='', start='', end='')]
    """
    reader = _Reader(table, "handoffs")
    if reader.missing("at", problems, "the id of the institution that passes records on"):
        return []
    handoffs: list[Handoff] = []
    first_row: dict[tuple[str, ...], int] = {}
    for row, cells in table.rows:
        at = reader.get(cells, "at")
        if at:
            at = _check_node(reader, at, "at", row, node_ids, problems, nodes_name, edges_name)
        else:
            problems.append(Problem(table.file, row, reader.column("at"), "'at' is empty.",
                                    f"Every handoff is at one institution: give its id from {nodes_name} or "
                                    f"{edges_name}."))
        ends = {}
        for field in ("from", "to"):
            ends[field] = _check_node(reader, reader.get(cells, field) or ANY, field, row, node_ids, problems,
                                      nodes_name, edges_name, any_ok=True)
        status = read_status(reader.get(cells, "status"), table.file, row, reader.column("status"), problems)
        start = _date(reader, cells, "start", row, problems)
        end = _date(reader, cells, "end", row, problems)
        check_span(start, end, table.file, row, reader.column("end"), problems)
        cited = _check_cited(reader, cells, row, source_ids, problems, sources_name)
        key = (reader.get(cells, "at"), reader.get(cells, "from") or ANY, reader.get(cells, "to") or ANY,
               reader.get(cells, "start"), reader.get(cells, "end"))
        if key in first_row:
            problems.append(Problem(
                table.file, row, reader.column("at"),
                f"the handoff at {key[0]!r} from {key[1]!r} to {key[2]!r}"
                f"{' with the same dates' if key[3] or key[4] else ''} is already on row {first_row[key]}.",
                "Keep one row per handoff (cite all its sources on that row), or correct at, from, to or the dates.",
            ))
            continue
        first_row[key] = row
        handoffs.append(Handoff(at=at, received_from=ends["from"], passed_to=ends["to"], status=status,
                                sources=cited, note=reader.get(cells, "note"), start=start, end=end))
    return handoffs
