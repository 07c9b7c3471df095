"""What graph files (GraphML, GEXF, JSON) share: element tables, embedded records, flat values to write.

Reading: a graph reader turns each ``<node>``/``<edge>`` element (or JSON object) into an ``Item``: the structural
fields (id, source, target, and dates once settled) and the attributes by the name the file gives them. Then
``finish_edges`` settles ids, dates and direction the same way for every format, ``items_table`` makes the table
that ``validate.assemble`` checks like a CSV file, and ``records_table`` the sources, events and handoffs a file
carries as embedded JSON (``embedded``).

Writing: a data set as flat records of text, in the order our writers put them, fields first, then attributes.
Lists become ``;``-joined text and ``flow`` becomes yes/no, as in a data set folder, so every writer says the same
thing and every reader reads it back the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import WARNING, Problem
from ..i18n import N_, _, ngettext
from ..model import Dataset
from .csvtext import Table, to_text
from .fields import FIELDS, normalise
from .jsontext import parse_json
from .limits import Limits
from .validate import Names, assemble

__all__ = ["Item", "EDGE_CORE", "NODE_CORE", "date_like", "items_table", "finish_edges", "records_table",
           "embedded", "graph_columns", "graph_dataset", "NODE_FIELDS", "EDGE_FIELDS", "node_values", "edge_values",
           "sources_records", "events_records", "handoffs_records"]

EDGE_CORE = ("id", "source", "target", "start", "end")
NODE_CORE = ("id",)

_DATE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_DATETIME = re.compile(r"^(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}")
_START_NAMES = set(FIELDS["edges"]["start"])
_END_NAMES = set(FIELDS["edges"]["end"])
_DATE_NAMES = {"date", "created", "created_at", "createdat", "time", "timestamp", "year", "when", "day"}


@dataclass
class Item:
    """One node or link of a graph file: where it is (line or position), its structure and its attributes."""

    row: int
    core: dict[str, str] = field(default_factory=dict)
    attrs: dict[str, str] = field(default_factory=dict)
    undirected: bool = False


def date_like(text: str) -> str | None:
    """The date in ``text`` (YYYY, YYYY-MM, YYYY-MM-DD; a date-time is cut to its date), or None.

    Examples
    --------
    >>> date_like("2019-03"), date_like("2009-03-01T10:00:00Z"), date_like("3.5"), date_like("")
    ('2019-03', '2009-03-01', None, None)
    """
    text = text.strip()
    if _DATE.match(text):
        return text
    m = _DATETIME.match(text)
    return m.group(1) if m else None


def _is_date_name(name: str) -> bool:
    key = normalise(name)
    return key in _DATE_NAMES or key.endswith("_date") or key.endswith("date")


def items_table(file: str, items: Iterable[Item], core: tuple[str, ...], kind: str, row_label: str) -> Table:
    """A table of items: the structural columns first, then attributes, exact field names before aliases.

    Examples
    --------
    >>> t = items_table("g.json", [Item(1, {"id": "a"}, {"name": "A", "label": "Agency"})], NODE_CORE, "nodes",
    ...                 "node {row}")
    >>> t.header, t.rows
    (['id', 'label', 'name'], [(1, ['a', 'Agency', 'A'])])
    """
    items = list(items)
    names = list(dict.fromkeys(name for item in items for name in item.attrs))
    names.sort(key=lambda name: 0 if normalise(name) in FIELDS[kind] else 1)
    rows = [(item.row, [item.core.get(c, "") for c in core] + [item.attrs.get(n, "") for n in names])
            for item in items]
    return Table(file, list(core) + names, rows, row_label=row_label)


#: What a row of each list a graph file carries is called in messages ("source 3 of entangle:sources").
_RECORD_LABELS = {"sources": N_("source {row} of {where}"), "events": N_("event {row} of {where}"),
                  "handoffs": N_("handoff {row} of {where}")}


def record_label(kind: str, where: str) -> str:
    """The row label of a list of sources, events or handoffs that ``where`` (its name in the file) holds, with
    ``{row}`` left in it for each row.

    Examples
    --------
    >>> record_label("sources", '"sources"').format(row=3)
    'source 3 of "sources"'
    """
    return _(_RECORD_LABELS[kind]).format(row="{row}", where=where)


def records_table(file: str, records: Any, kind: str, row_label: str, problems: list[Problem]) -> Table | None:
    """A table from a JSON list of objects (the sources, events or handoffs a graph file carries).

    Examples
    --------
    >>> records_table("g.json", [{"id": "S1", "title": "A report"}], "sources", "source {row}", []).rows
    [(1, ['S1', 'A report'])]
    """
    if not isinstance(records, list):
        # Translators: {kind} is the name of a list in the file, as written: sources, events or handoffs
        problems.append(Problem(file, None, kind, _("the {kind} must be a list of objects.").format(kind=kind),
                                _('Write them as [{{"id": ...}}, ...], or leave the {kind} out.').format(kind=kind)))
        return None
    items = []
    for i, record in enumerate(records, 1):
        if not isinstance(record, dict):
            problems.append(Problem(file, i, kind, _("{where} is not an object.").format(where=row_label.format(row=i)),
                                    _('Write each as {{"id": ..., ...}}.').format()))
            continue
        items.append(Item(i, {}, {str(k).strip(): to_text(v) for k, v in record.items()}))
    return items_table(file, items, (), kind, row_label) if items else None


def embedded(file: str, line: int | None, name: str, text: str, limits: Limits, problems: list[Problem]) -> Any:
    """The JSON value of one of our embedded data (None, with a problem, when it is not valid JSON).

    Examples
    --------
    >>> from network.io.limits import DEFAULT_LIMITS
    >>> problems = []
    >>> embedded("g.graphml", 3, "entangle:sources", '[{"id": "S1"}]', DEFAULT_LIMITS, problems), problems
    ([{'id': 'S1'}], [])
    """
    value, found = parse_json(text.encode("utf-8"), file, limits)
    if found:
        problems.append(Problem(file, line, name, _("the {name} data is not valid JSON ({reason})").format(
            name=name, reason=found[0].message), _("Export the data set again.")))
    return value


def _unique_ids(edges: list[Item], file: str, row_label: str, problems: list[Problem]) -> None:
    """When a file repeats link ids (networkx writes its per-pair keys as ids), keep them as an attribute."""
    seen: dict[str, int] = {}
    repeat = None
    for item in edges:
        ident = item.core.get("id", "")
        if ident:
            if ident in seen and repeat is None:
                repeat = (ident, seen[ident], item.row)
            seen.setdefault(ident, item.row)
    if repeat is None:
        return
    name = "key" if not any("key" in item.attrs for item in edges) else "file_id"
    for item in edges:
        ident = item.core.pop("id", "")
        if ident:
            item.attrs[name] = ident
    ident, first, again = repeat
    problems.append(Problem(
        file, again, "id",
        _("link ids repeat ({id} is the id of {first} and of {again}), so they cannot name links: every link got an "
          "id from its ends instead, and the file's id is kept in the attribute {name}.").format(
            id=repr(ident), first=row_label.format(row=first), again=row_label.format(row=again), name=repr(name)),
        _("Give each link its own id if you need to refer to links by id."), severity=WARNING,
    ))


def _settle_dates(edges: list[Item], file: str, row_label: str, problems: list[Problem]) -> None:
    """Move date attributes into each link's start and end; keep values that are not dates, with a warning."""
    names = list(dict.fromkeys(name for item in edges for name in item.attrs))
    start = next((n for n in names if normalise(n) in _START_NAMES), None)
    end = next((n for n in names if normalise(n) in _END_NAMES), None)
    guessed = None
    if start is None:
        guessed = start = next((n for n in names if _is_date_name(n) and n != end), None)
    bad: dict[str, list[tuple[int, str]]] = {}
    used = False
    for item in edges:
        for fld, name in (("start", start), ("end", end)):
            if not name or item.core.get(fld) or not item.attrs.get(name, "").strip():
                continue
            value = item.attrs[name]
            day = date_like(value)
            if day is None:
                bad.setdefault(name, []).append((item.row, value))
                continue
            item.core[fld] = day
            del item.attrs[name]
            used = used or fld == "start"
    if guessed and used:
        problems.append(Problem(
            file, None, guessed, _("the link attribute {name} was read as each link's start date.").format(
                name=repr(guessed)),
            _("Name the column 'start' (and 'end' for when a link closed) to say so yourself."), severity=WARNING,
        ))
    for name, rows in bad.items():
        row, value = rows[0]
        problems.append(Problem(
            file, row, name,
            ngettext("{n} link has a {name} that is not a date (first: {first}, {value}); kept as an attribute, so "
                     "those links have no date.",
                     "{n} links have a {name} that is not a date (first: {first}, {value}); kept as an attribute, so "
                     "those links have no date.", len(rows)).format(
                n=len(rows), name=repr(name), first=row_label.format(row=row), value=repr(value)),
            _("Write dates as YYYY, YYYY-MM or YYYY-MM-DD (for example 2019-10 or 2019-10-01); a date with a time is "
              "cut to its date."), severity=WARNING,
        ))


def _both_ways(edges: list[Item], file: str, problems: list[Problem]) -> list[Item]:
    """Each undirected link followed by its reverse (self loops once), with one warning."""
    taken = {item.core["id"] for item in edges if item.core.get("id")}
    out: list[Item] = []
    count = 0
    for item in edges:
        out.append(item)
        if not item.undirected or item.core.get("source") == item.core.get("target"):
            continue
        count += 1
        core = dict(item.core, source=item.core.get("target", ""), target=item.core.get("source", ""))
        if item.core.get("id"):
            ident, n = f"{item.core['id']}~reverse", 2
            while ident in taken:
                ident, n = f"{item.core['id']}~reverse{n}", n + 1
            taken.add(ident)
            core["id"] = ident
        out.append(Item(item.row, core, dict(item.attrs)))
    if count:
        directed = sum(1 for item in edges if not item.undirected)
        head = (_("this graph is undirected") if not directed else
                ngettext("{n} link of this graph is undirected", "{n} links of this graph are undirected", count)
                .format(n=count))
        added = ngettext("{n} reverse link added", "{n} reverse links added", count).format(n=count)
        problems.append(Problem(
            file, None, "", _("{head}: each link was added in both directions ({added}).").format(
                head=head, added=added),
            _("Routes follow links in their direction; if records move one way only, give the file directed links."),
            severity=WARNING,
        ))
    return out


def finish_edges(edges: list[Item], file: str, row_label: str, problems: list[Problem]) -> list[Item]:
    """Settle what every graph format shares: unique ids, dates from attributes, undirected links both ways.

    Examples
    --------
    >>> problems = []
    >>> items = finish_edges([Item(3, {"source": "a", "target": "b"}, {"date": "2020-05-01"}, undirected=True)],
    ...                      "g.gexf", "the <edge> on line {row}", problems)
    >>> [(i.core["source"], i.core["target"], i.core["start"]) for i in items]
    [('a', 'b', '2020-05-01'), ('b', 'a', '2020-05-01')]
    >>> print(problems[-1].message)
    this graph is undirected: each link was added in both directions (1 reverse link added).
    """
    _unique_ids(edges, file, row_label, problems)
    _settle_dates(edges, file, row_label, problems)
    return _both_ways(edges, file, problems)


def graph_columns(columns: Mapping[str, str] | None) -> dict[str, str] | None:
    """A user's column mapping without the fields a graph file gives by its structure (ids, ends, dates).

    Examples
    --------
    >>> graph_columns({"source": "From", "status": "Evidence"})
    {'status': 'Evidence'}
    """
    kept = {k: v for k, v in (columns or {}).items() if k not in EDGE_CORE}
    return kept or None


def graph_dataset(
    file: str,
    nodes: list[Item],
    edges: list[Item],
    labels: tuple[str, str],
    no_links: tuple[str, str],
    *,
    sources: Table | None,
    events: Table | None,
    handoffs: Table | None = None,
    meta: dict[str, Any],
    problems: list[Problem],
    limits: Limits,
    columns: Mapping[str, str] | None,
    origin: str,
    names: Names,
) -> Dataset:
    """The last step of every graph reader: say when there are no links, then validate like a CSV data set.

    ``labels`` name a node and a link in messages (with ``{row}``); ``no_links`` is the message and fix for a
    file without links. Parallel links are kept, as graph files mean them.
    """
    if not edges and not any(p.is_error for p in problems):
        problems.append(Problem(file, None, "", *no_links))
    node_label, edge_label = labels
    return assemble(
        items_table(file, edges, EDGE_CORE, "edges", edge_label) if edges else None,
        nodes=items_table(file, nodes, NODE_CORE, "nodes", node_label) if nodes else None,
        sources=sources, events=events, handoffs=handoffs, meta=meta, problems=problems, limits=limits, origin=origin,
        columns=graph_columns(columns), merge_duplicates=False, names=names,
    )


NODE_FIELDS = ("label", "kind", "jurisdiction", "description", "url")
EDGE_FIELDS = ("relation", "carries", "flow", "status", "start", "end", "sources", "note")


def node_values(ds: Dataset) -> list[tuple[str, dict[str, str]]]:
    """Each node's id, and its fields and attributes as text (fields first).

    Examples
    --------
    >>> from network.model import Dataset, Node, Edge
    >>> node_values(Dataset.build([Node("a", "A", attrs={"size": "3"})], [Edge("e", "a", "a")]))[0]
    ('a', {'label': 'A', 'kind': 'unknown', 'jurisdiction': '', 'description': '', 'url': '', 'size': '3'})
    """
    out = []
    for n in ds.nodes.values():
        values = {f: getattr(n, f) for f in NODE_FIELDS}
        values.update(n.attrs)
        out.append((n.id, values))
    return out


def edge_values(ds: Dataset) -> list[tuple[Any, dict[str, str]]]:
    """Each link, and its fields and attributes as text (fields first; flow as yes/no, sources joined by ;).

    Examples
    --------
    >>> from network.model import Dataset, Edge
    >>> edge_values(Dataset.build([], [Edge("e", "a", "b", sources=("S1", "S2"))]))[0][1]["sources"]
    'S1;S2'
    """
    out = []
    for e in ds.edges:
        values = {"relation": e.relation, "carries": e.carries, "flow": "yes" if e.flow else "no",
                  "status": e.status, "start": e.start, "end": e.end, "sources": ";".join(e.sources),
                  "note": e.note}
        values.update(e.attrs)
        out.append((e, values))
    return out


def sources_records(ds: Dataset) -> list[dict[str, str]]:
    """The sources as records with every field."""
    return [{"id": s.id, "title": s.title, "publisher": s.publisher, "date": s.date, "url": s.url, "kind": s.kind}
            for s in ds.sources.values()]


def events_records(ds: Dataset) -> list[dict[str, str]]:
    """The events as records with every field (lists joined by ;); ``from``, ``to`` and ``status`` when any
    event has one (an outcome).

    Examples
    --------
    >>> from network.model import Dataset, Edge, Event
    >>> ds = Dataset.build([], [Edge("e", "a", "b")], events=[Event("v", "2015", reached_from="a", reached="b")])
    >>> {k: v for k, v in events_records(ds)[0].items() if v}
    {'id': 'v', 'date': '2015', 'from': 'a', 'to': 'b'}
    """
    outcomes = any(v.reached_from or v.reached or v.status for v in ds.events)
    records = []
    for v in ds.events:
        record = {"id": v.id, "date": v.date, "title": v.title, "kind": v.kind, "description": v.description,
                  "sources": ";".join(v.sources), "opens": ";".join(v.opens), "closes": ";".join(v.closes)}
        if outcomes:
            record.update({"from": v.reached_from, "to": v.reached, "status": v.status})
        records.append(record | dict(v.attrs))  # its other columns: its texts in other languages (title_es)
    return records


def handoffs_records(ds: Dataset) -> list[dict[str, str]]:
    """The handoffs as records, in the columns of handoffs.csv (``*`` for any; sources joined by ;).

    Examples
    --------
    >>> from network.model import Dataset, Edge, Handoff
    >>> handoffs_records(Dataset.build([], [Edge("e", "a", "b")], handoffs=[Handoff("b", "a", status="alleged")]))
    [{'at': 'b', 'from': 'a', 'to': '*', 'status': 'alleged', 'sources': '', 'note': '', 'start': '', 'end': ''}]
    """
    claims = any(h.claim for h in ds.handoffs)  # the column only when some handoff states its claim
    return [{"at": h.at, "from": h.received_from, "to": h.passed_to, "status": h.status,
             "sources": ";".join(h.sources), "note": h.note, "start": h.start, "end": h.end}
            | ({"claim": h.claim} if claims else {}) | dict(h.attrs) for h in ds.handoffs]  # and note_es, ...
