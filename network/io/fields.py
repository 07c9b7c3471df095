"""The fields of a data set's tables, and the rules for one value, each written once.

Which column holds which field (canonical names, common aliases, a user's mapping), then every rule a cell is
checked by, whatever the table and whatever the file format: a required column, a value that is empty, a
status, a date, an end before its start, a yes/no flag, a cited source, a node id, an id used twice. Links,
nodes, sources, events and handoffs all report through these, so one mistake reads the same everywhere.

A national edge list has a million rows but a handful of statuses and relations: each distinct cell is
worked out once (bounded caches) and every row that has it shares the result, the same string object.
"""

from __future__ import annotations

import re
from collections.abc import Container, Mapping
from functools import lru_cache
from types import MappingProxyType

from ..errors import WARNING, Problem
from ..i18n import N_, _, pgettext
from ..model import ANY, NO_ATTRS, is_translation
from ..vocabulary import STATUSES, is_flow_relation
from .datecells import DATE_FIX, YEAR_FIX, check_date, check_span

__all__ = ["FIELDS", "normalise", "map_columns", "Columns", "YES", "NO", "DATE_FIX", "YEAR_FIX", "STATUS_SET",
           "STATUS_FIX", "repeated_columns", "split_ids", "normalised", "relation_of", "empty", "repeated_id",
           "parse_status", "check_date", "check_span", "parse_flow", "check_source", "check_node", "unlisted_node"]

#: For each table, its fields (canonical name -> aliases). Matching ignores case, spaces and hyphens.
FIELDS: dict[str, dict[str, tuple[str, ...]]] = {
    "edges": {
        "id": ("id", "edge_id", "key"),
        "source": ("source", "from", "src", "source_id"),
        "target": ("target", "to", "dst", "target_id"),
        "relation": ("relation", "type", "relationship", "interaction"),
        "carries": ("carries",),
        "flow": ("flow",),
        "status": ("status", "evidence", "evidence_status"),
        "start": ("start", "start_date", "from_date", "since"),
        "end": ("end", "end_date", "until", "to_date"),
        "sources": ("sources", "source_ids", "citations"),
        "note": ("note", "notes", "comment"),
    },
    "nodes": {
        "id": ("id", "node", "node_id"),
        "label": ("label", "name", "title"),
        "kind": ("kind", "type", "category"),
        "jurisdiction": ("jurisdiction",),
        "description": ("description",),
        "url": ("url", "link", "website"),
    },
    "sources": {
        "id": ("id", "source_id"),
        "title": ("title",),
        "publisher": ("publisher",),
        "date": ("date",),
        "url": ("url", "link"),
        "kind": ("kind", "type"),
    },
    "events": {
        "id": ("id", "event_id"),
        "date": ("date",),
        "title": ("title",),
        "kind": ("kind", "type"),
        "description": ("description",),
        "sources": ("sources", "source_ids", "citations"),
        "opens": ("opens",),
        "closes": ("closes",),
        "from": ("from", "reached_from"),
        "to": ("to", "reached"),
        "status": ("status", "evidence", "evidence_status"),
    },
    "handoffs": {
        "at": ("at", "node", "node_id"),
        "from": ("from", "received_from"),
        "to": ("to", "passed_to"),
        "status": ("status", "evidence", "evidence_status"),
        "sources": ("sources", "source_ids", "citations"),
        "note": ("note", "notes", "comment"),
        "start": ("start", "start_date", "from_date", "since"),
        "end": ("end", "end_date", "until", "to_date"),
        "claim": ("claim",),
    },
}

#: The statuses, for a set lookup per row.
STATUS_SET = frozenset(STATUSES)
YES = frozenset({"yes", "y", "true", "1", "flow"})
NO = frozenset({"no", "n", "false", "0", "context"})
# The fixes many rules share, translated where a problem is made: ``_(STATUS_FIX).format(statuses=...)``.
STATUS_FIX = N_("Use one of: {statuses}.")
_SEPARATORS = re.compile(r"[;,|]")


def normalise(name: str) -> str:
    """Lower case, with runs of spaces and hyphens made one underscore.

    Examples
    --------
    >>> normalise(" Source Id ")
    'source_id'
    """
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def map_columns(
    header: list[str], kind: str, overrides: Mapping[str, str] | None = None
) -> tuple[dict[str, int], dict[str, int]]:
    """Map a header to (field -> column index, extra column name -> index).

    ``overrides`` maps a field to the column that holds it, as written in the file, and wins over aliases.

    Examples
    --------
    >>> map_columns(["From", "To", "Weight", "Note ES"], "edges")
    ({'source': 0, 'target': 1}, {'Weight': 2, 'note_es': 3})
    """
    fields = FIELDS[kind]
    wanted = {normalise(col): field for field, col in (overrides or {}).items() if col}
    overridden = set(wanted.values())
    found: dict[str, int] = {}
    for index, column in enumerate(header):
        key = normalise(column)
        field = wanted.get(key)
        if field is None and key not in wanted:
            field = next((f for f, aliases in fields.items() if key in aliases and f not in overridden), None)
        if field is not None and field not in found:
            found[field] = index
    # a translated text (Label_ES) is kept under its canonical name, label_es, where model.text looks for it
    extras = {normalise(col) if is_translation(col) else col: i for i, col in enumerate(header)
              if i not in found.values() and col.strip()}
    return found, extras


def repeated_columns(header: list[str], file: str) -> list[Problem]:
    """The rule for a header naming a column twice, as written or once case, spaces and hyphens are ignored: an
    error on row 1 at the second, as only one could be read as the field. Blank names (empty columns) are not compared.

    Examples
    --------
    >>> [p.message for p in repeated_columns(["source", "target", "target", "Source Id", "source-id"], "e.csv")]
    ["column 3 is named 'target', as column 2 is.", "column 5 ('source-id') has the same name as column 4 \
('Source Id') once case, spaces and hyphens are ignored."]
    """
    first: dict[str, int] = {}
    problems = []
    for index, name in enumerate(header):
        j = first.setdefault(normalise(name), index) if name.strip() else index
        if j != index:
            message = _("column {n} is named {name}, as column {first} is.").format(
                n=index + 1, name=repr(name), first=j + 1) if name == header[j] else \
                _("column {n} ({name}) has the same name as column {first} ({first_name}) once case, spaces and "
                  "hyphens are ignored.").format(n=index + 1, name=repr(name), first=j + 1, first_name=repr(header[j]))
            problems.append(Problem(file, 1, name, message, _("Rename one of them, or delete the one you do not "
                                                              "need: each name may head one column.")))
    return problems


class Columns:
    """The fields of one table's rows, by canonical name, with the column names for messages.

    Examples
    --------
    >>> cols = Columns(["From", "To", "Weight"], "links.csv", "edges")
    >>> cols.get(["a ", "b", "3"], "source"), cols.column("target"), dict(cols.attrs(["a", "b", "3"]))
    ('a', 'To', {'Weight': '3'})
    """

    def __init__(self, header: list[str], file: str, kind: str, overrides: Mapping[str, str] | None = None):
        self.header, self.file = header, file
        self.found, self.extras = map_columns(header, kind, overrides)

    def column(self, field: str) -> str:
        index = self.found.get(field)
        return self.header[index] if index is not None else field

    def get(self, cells: list[str], field: str) -> str:
        index = self.found.get(field)
        return cells[index].strip() if index is not None else ""

    def attrs(self, cells: list[str]) -> MappingProxyType[str, str]:
        attrs = {name: cells[i] for name, i in self.extras.items() if cells[i].strip()}
        return MappingProxyType(attrs) if attrs else NO_ATTRS  # one shared empty mapping, not one per row

    def missing(self, field: str, problems: list[Problem], example: str) -> bool:
        """The rule for a required column: report it when it is missing; True when it is."""
        if field in self.found:
            return False
        columns = ", ".join(repr(c) for c in self.header) or pgettext("no columns or sheets", "none")
        problems.append(Problem(
            self.file, 1, field, _("there is no '{field}' column (columns found: {columns}).").format(
                field=field, columns=columns),
            # Translators: {example} says what the column holds, as "one row per institution"
            _("Name a column '{field}' ({example}), or say which column holds it.").format(
                field=field, example=_(example)),
        ))
        return True


def split_ids(cell: str) -> tuple[str, ...]:
    """Split a cell holding several ids (separated by ; , or |), dropping blanks and repeats.

    Examples
    --------
    >>> split_ids("S1; S2;S1"), split_ids(" S3 "), split_ids(""), split_ids(" ; ")
    (('S1', 'S2'), ('S3',), (), ())
    """
    if not cell:  # most links of a large file cite nothing
        return ()
    if ";" not in cell and "," not in cell and "|" not in cell:  # one id: no split, no repeats to drop
        part = cell.strip()
        return (part,) if part else ()
    parts = (p.strip() for p in _SEPARATORS.split(cell))
    return tuple(dict.fromkeys(p for p in parts if p))


@lru_cache(maxsize=1024)
def normalised(cell: str) -> str:
    """``normalise``, remembered: a status or a kind is one of a few, on every row.

    Examples
    --------
    >>> normalised("Documented"), normalised("School Police"), normalised("")
    ('documented', 'school_police', '')
    """
    return normalise(cell)


@lru_cache(maxsize=1024)
def relation_of(cell: str) -> tuple[str, bool]:
    """The relation a (stripped) cell names, normalised, and whether it is a flow unless a flow column says.

    Examples
    --------
    >>> relation_of("Shares Reports"), relation_of("funds"), relation_of("")
    (('shares_reports', True), ('funds', False), ('', True))
    """
    relation = normalise(cell)
    return relation, is_flow_relation(relation)


def empty(file: str, row: int, column: str, field: str, fix: str) -> Problem:
    """The rule for a required value left blank.

    Examples
    --------
    >>> print(empty("edges.csv", 14, "target", "target", "Every row needs a source and a target."))
    edges.csv:14:target: 'target' is empty. Every row needs a source and a target.
    """
    return Problem(file, row, column, _("'{field}' is empty.").format(field=field), fix)


def repeated_id(file: str, row: int, column: str, ident: str, first_row: int, fix: str, what: str = "id") -> Problem:
    """The rule for an id that another row of the same table already has.

    Examples
    --------
    >>> print(repeated_id("sources.csv", 5, "id", "S1", 2, "Give each source its own id."))
    sources.csv:5:id: id 'S1' is already used on row 2. Give each source its own id.
    """
    # Translators: "id 'S1' is already used on row 2"; {what} is "id" (a column's name)
    return Problem(file, row, column, _("{what} {ident} is already used on row {first_row}.").format(
        what=what, ident=repr(ident), first_row=first_row), fix)


def parse_status(raw: str, file: str, row: int, column: str, problems: list[Problem]) -> str:
    """The evidence status a (stripped) cell names, for links, handoffs and outcomes alike: blank is ``unknown``;
    a status we do not know is reported at ``file``, ``row``, ``column`` and read as ``unknown``.

    Examples
    --------
    >>> problems = []
    >>> parse_status("Documented", "edges.csv", 2, "status", problems), parse_status("", "edges.csv", 3, "status", [])
    ('documented', 'unknown')
    >>> parse_status("sure", "handoffs.csv", 4, "status", problems), str(problems[0])
    ('unknown', "handoffs.csv:4:status: status 'sure' is not one we know. Use one of: documented, acknowledged, \
reported, alleged, disputed, unknown.")
    """
    status = normalised(raw) or "unknown"
    if status in STATUS_SET:
        return status
    problems.append(Problem(file, row, column, _("status {value} is not one we know.").format(value=repr(raw)),
                            _(STATUS_FIX).format(statuses=", ".join(STATUSES))))
    return "unknown"


def parse_flow(text: str, default: bool, file: str, row: int, column: str, problems: list[Problem]) -> bool:
    """A (stripped) yes/no flow cell: whether records move along the link; blank or not yes/no is ``default``.

    Examples
    --------
    >>> problems = []
    >>> parse_flow("Yes", False, "e.csv", 2, "flow", problems), parse_flow("", True, "e.csv", 3, "flow", problems)
    (True, True)
    >>> parse_flow("maybe", True, "e.csv", 4, "flow", problems), problems[0].message
    (True, "flow 'maybe' is neither yes nor no.")
    """
    lowered = text.lower()
    if lowered in YES:
        return True
    if lowered in NO:
        return False
    if lowered:
        problems.append(Problem(file, row, column, _("flow {value} is neither yes nor no.").format(value=repr(lowered)),
                                _("Write yes (records move along this link) or no (context only), or leave it "
                                  "blank.")))
    return default


def check_source(sid: str, known: Container[str] | None, file: str, row: int, column: str, problems: list[Problem],
                 sources_name: str = "sources.csv") -> bool:
    """The rule for a cited source: it must be in the sources table, when there is one (``known``).

    Examples
    --------
    >>> problems = []
    >>> check_source("S1", {"S1"}, "edges.csv", 2, "sources", problems), check_source("S9", None, "e.csv", 3, "", [])
    (True, True)
    >>> check_source("S9", {"S1"}, "edges.csv", 4, "sources", problems); print(problems[0])
    False
    edges.csv:4:sources: cites source 'S9', which is not in sources.csv. Add it to sources.csv, or correct the id.
    """
    if known is None or sid in known:
        return True
    problems.append(Problem(file, row, column, _("cites source {id}, which is not in {sources}.").format(
        id=repr(sid), sources=sources_name), _("Add it to {file}, or correct the id.").format(file=sources_name)))
    return False


def check_node(value: str, field: str, known: Container[str], file: str, row: int, column: str,
               problems: list[Problem], nodes_name: str = "nodes.csv", edges_name: str = "edges.csv",
               any_ok: bool = False) -> str:
    """The rule for a node id that a row names (a handoff's at, from, to; an outcome's from, to): it must be a node
    of the data set (in nodes.csv or at an end of a link), or ``*`` where ``any_ok``; "" (reported) when it is not.

    Examples
    --------
    >>> problems = []
    >>> check_node("bric", "at", {"bric"}, "handoffs.csv", 2, "at", problems)
    'bric'
    >>> check_node("nobody", "at", {"bric"}, "handoffs.csv", 3, "at", problems); print(problems[0])
    ''
    handoffs.csv:3:at: at 'nobody' is not an institution of the data set (in neither nodes.csv nor edges.csv). \
Use a node id from nodes.csv or edges.csv.
    """
    if value in known or (any_ok and value == ANY):
        return value
    fix = (_("Use a node id from {nodes} or {edges}, or * for any.") if any_ok else
           _("Use a node id from {nodes} or {edges}.")).format(nodes=nodes_name, edges=edges_name)
    if value == ANY:
        message = _("'{field}' is *, but it must name one institution (* for any is for from and to of a "
                    "handoff).").format(field=field)
    else:
        message = _("{field} {value} is not an institution of the data set (in neither {nodes} nor {edges}).").format(
            field=field, value=repr(value), nodes=nodes_name, edges=edges_name)
    problems.append(Problem(file, row, column, message, fix))
    return ""


def unlisted_node(node_id: str, file: str, row: int, column: str, nodes_name: str = "nodes.csv") -> Problem:
    """The rule for a link's end that the nodes table does not have: a warning; the node is made, kind 'unknown'.

    Examples
    --------
    >>> unlisted_node("ice", "edges.csv", 3, "target").message
    "'ice' is not in nodes.csv; it was created with kind 'unknown'."
    """
    return Problem(file, row, column, _("{id} is not in {nodes}; it was created with kind 'unknown'.").format(
        id=repr(node_id), nodes=nodes_name), _("Add it to {file}, or correct the id.").format(file=nodes_name),
        severity=WARNING)
