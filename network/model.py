"""The model: institutions (nodes), links (edges), citations (sources), dated events, and the data set.

A ``Dataset`` keeps the flow edges in a networkx ``MultiDiGraph`` (``ds.graph``), keyed by edge id, because
route tracing walks only flows; context edges (funding, operation, membership) explain the picture and are
kept beside it in ``ds.context_edges``.

The texts a reader reads (a label, a note, a title) may also be given in another language the tool speaks, in a
column named for the field and the language: ``label_es`` beside ``label`` (``TRANSLATED``). They are kept with
the record's other columns (``attrs``), and ``text(record, field)`` (or ``Dataset.text``) gives the current
language's, falling back to the English one when the cell is empty. What the tool computes with (what a link
carries, to imply a handoff) is always the English field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import repeat
from types import MappingProxyType
from typing import Any, NamedTuple

import networkx as nx

from . import i18n
from .vocabulary import STATUSES

__all__ = [
    "Node",
    "Edge",
    "Source",
    "Event",
    "Handoff",
    "ANY",
    "Dataset",
    "NO_ATTRS",
    "parse_date",
    "YEARS",
    "DateOutOfRange",
    "carried_values",
    "edges_from_columns",
    "nodes_from_columns",
    "TRANSLATED",
    "translation_codes",
    "translation_columns",
    "is_translation",
    "own_attrs",
    "text",
]

_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

#: The years a date may have, in a data set or a query: 1900 to 2100. Python's dates end in 9999 and the timeline
#: reaches a year beyond the first and last dates, so a year like 9999 or 0001 would pass a format check and then
#: break the app; no record this tool maps is older or that far ahead. The one statement of the range.
YEARS = range(1900, 2101)


class DateOutOfRange(ValueError):
    """A well-formed date whose year is outside ``YEARS`` (so the fix is another year, not another format)."""


@lru_cache(maxsize=8192)  # a data set repeats few dates; filtering a million edges parses each often
def parse_date(text: str | None) -> dt.date | None:
    """Parse YYYY, YYYY-MM or YYYY-MM-DD; a partial date means the first day of the year or month.

    Returns None for an empty value and raises ValueError for anything else: ``DateOutOfRange`` for a year
    outside ``YEARS``.

    Examples
    --------
    >>> parse_date("2019-10")
    datetime.date(2019, 10, 1)
    >>> parse_date("") is None
    True
    >>> parse_date("9999-01-01")
    Traceback (most recent call last):
    ...
    network.model.DateOutOfRange: '9999-01-01' is outside the years this tool can hold (1900 to 2100)
    """
    if text is None:
        return None
    text = str(text).strip()
    if not text:
        return None
    m = _DATE_RE.match(text)
    if not m:
        raise ValueError(f"{text!r} is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    if year not in YEARS:
        raise DateOutOfRange(f"{text!r} is outside the years this tool can hold ({YEARS[0]} to {YEARS[-1]})")
    try:
        return dt.date(year, month, day)
    except ValueError as err:
        raise ValueError(f"{text!r} is not a real date ({err})") from err


def carried_values(carries: str) -> frozenset[str]:
    """What a link carries, as a set of names: ``carries`` lists them separated by ``;`` (case is ignored).

    Two links that carry a name in common carry the same kind of record, so a handoff between them is implied.

    Examples
    --------
    >>> sorted(carried_values("Incident reports; gang-database entries"))
    ['gang-database entries', 'incident reports']
    """
    return frozenset(v.strip().lower() for v in carries.split(";") if v.strip())


def _open_on(start: str, end: str, day: dt.date) -> bool:
    first, last = parse_date(start), parse_date(end)
    return (first is None or first <= day) and (last is None or day < last)


#: The attributes of a node or edge that has none: one shared, read-only mapping (a national graph has a
#: million edges, most without extra columns; one empty mapping each cost about 100 MB).
NO_ATTRS: MappingProxyType[str, str] = MappingProxyType({})


# Nodes and edges are named tuples, made in C: a reader builds a million edges, and a frozen dataclass's __init__
# (twelve calls of object.__setattr__) took ten times as long. Each keeps what a frozen dataclass offered: no
# __dict__, FrozenInstanceError on assignment, and dataclasses.fields and dataclasses.replace (from a twin
# dataclass that declares the same fields, see _like_dataclass).
class Node(NamedTuple):
    """An institution or system.

    Examples
    --------
    >>> n = Node("bric", "Boston Regional Intelligence Center", "fusion_center")
    >>> n.name, dataclasses.replace(n, label="").name
    ('Boston Regional Intelligence Center', 'bric')
    """

    id: str
    label: str = ""
    kind: str = "unknown"
    jurisdiction: str = ""
    description: str = ""
    url: str = ""
    attrs: MappingProxyType[str, str] = NO_ATTRS

    @property
    def name(self) -> str:
        """The label in the reader's language (``label_es`` when Spanish is spoken and given), else the id."""
        if self.attrs:  # most nodes of a large file have no other columns: no lookup
            code = i18n.language()
            if code != i18n.DEFAULT:
                translated = self.attrs.get(f"label_{code}", "").strip()
                if translated:
                    return translated
        return self.label or self.id

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass(frozen=True)
class _NodeFields:
    id: str
    label: str = ""
    kind: str = "unknown"
    jurisdiction: str = ""
    description: str = ""
    url: str = ""
    attrs: MappingProxyType[str, str] = field(default_factory=lambda: NO_ATTRS)


class Edge(NamedTuple):
    """A directed link. A flow edge carries information from source to target; a context edge explains.

    A named tuple, read and built like the frozen dataclass it was (see the note above ``Node``).

    Examples
    --------
    >>> e = Edge("a->b", "a", "b", status="documented")
    >>> e.status, dataclasses.replace(e, status="alleged").status, e._replace(end="2020").end_date
    ('documented', 'alleged', datetime.date(2020, 1, 1))
    """

    id: str
    source: str
    target: str
    relation: str = ""
    carries: str = ""
    flow: bool = True
    status: str = "unknown"
    start: str = ""
    end: str = ""
    sources: tuple[str, ...] = ()
    note: str = ""
    attrs: MappingProxyType[str, str] = NO_ATTRS

    @property
    def start_date(self) -> dt.date | None:
        return parse_date(self.start)

    @property
    def end_date(self) -> dt.date | None:
        return parse_date(self.end)

    def is_open_on(self, day: dt.date) -> bool:
        """Open when its start is on or before ``day`` and its end, if any, is after it."""
        return _open_on(self.start, self.end, day)

    def __setattr__(self, name: str, value: object) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")


@dataclass(frozen=True)
class _EdgeFields:

    id: str
    source: str
    target: str
    relation: str = ""
    carries: str = ""
    flow: bool = True
    status: str = "unknown"
    start: str = ""
    end: str = ""
    sources: tuple[str, ...] = ()
    note: str = ""
    attrs: MappingProxyType[str, str] = field(default_factory=lambda: NO_ATTRS)


def _like_dataclass(cls: type, twin: type) -> None:
    """Let ``dataclasses.fields`` and ``dataclasses.replace`` read ``cls``, a named tuple, by the fields of ``twin``,
    a dataclass declaring the same fields with the same defaults."""
    assert tuple(f.name for f in dataclasses.fields(twin)) == cls._fields  # type: ignore[attr-defined]
    for name in ("__dataclass_fields__", "__dataclass_params__"):
        type.__setattr__(cls, name, getattr(twin, name))


_like_dataclass(Node, _NodeFields)
_like_dataclass(Edge, _EdgeFields)
_new_tuple = tuple.__new__


def nodes_from_columns(*columns: Iterable[Any]) -> list[Node]:
    """Nodes made from one iterable per field, in the order of ``Node._fields``, as ``edges_from_columns``."""
    return list(map(_new_tuple, repeat(Node), zip(*columns, strict=False)))  # repeat() has no end


def edges_from_columns(*columns: Iterable[Any]) -> list[Edge]:
    """Edges made from one iterable per field, in the order of ``Edge._fields`` (``itertools.repeat`` for a field
    every edge shares): the tuples are made in C, with no Python call per edge.

    Examples
    --------
    >>> from itertools import repeat
    >>> shared = [repeat(value) for value in Edge._field_defaults.values()]
    >>> edges_from_columns(["x", "y"], ["a", "b"], ["b", "c"], *shared)[1]
    Edge(id='y', source='b', target='c', relation='', carries='', flow=True, status='unknown', start='', end='', \
sources=(), note='', attrs=mappingproxy({}))
    """
    return list(map(_new_tuple, repeat(Edge), zip(*columns, strict=False)))  # repeat() has no end


#: In a handoff, ``*`` for "any institution".
ANY = "*"


@dataclass(frozen=True, slots=True)
class Handoff:
    """The claim that at ``at``, what arrives over the link from ``received_from`` goes on over the link to
    ``passed_to`` (either may be ``*``, any). Links say a channel exists; a handoff says a record goes on
    through it. Written ``at,from,to,status,sources,note,start,end`` in ``handoffs.csv``.
    """

    at: str
    received_from: str = ANY
    passed_to: str = ANY
    status: str = "unknown"
    sources: tuple[str, ...] = ()
    note: str = ""
    start: str = ""
    end: str = ""
    claim: str = ""  # what the sources claim, in our words, as it follows "that"; else the sentence says it
    #: The row's other columns, among them its texts in other languages (``note_es``); not compared.
    attrs: MappingProxyType[str, str] = field(default_factory=lambda: NO_ATTRS, compare=False, repr=False)

    def matches(self, u: str, n: str, v: str) -> bool:
        """Whether it is the handoff at ``n`` from ``u`` to ``v`` (exactly, or by ``*``)."""
        return (self.at == n and self.received_from in (ANY, u) and self.passed_to in (ANY, v))

    def is_open_on(self, day: dt.date) -> bool:
        return _open_on(self.start, self.end, day)


@dataclass(frozen=True)
class Source:
    """A citation."""

    id: str
    title: str = ""
    publisher: str = ""
    date: str = ""
    url: str = ""
    kind: str = ""


@dataclass(frozen=True)
class Event:
    """A dated marker on the timeline, with the edges it opened or closed.

    An event with ``reached_from`` and ``reached`` (the ``from`` and ``to`` columns of events.csv) is an
    **outcome**: its sources show that a record from the one reached the other, but not by which route. It is
    shown beside the routes and never strengthens any one of them.
    """

    id: str
    date: str
    title: str = ""
    kind: str = ""
    description: str = ""
    sources: tuple[str, ...] = ()
    opens: tuple[str, ...] = ()
    closes: tuple[str, ...] = ()
    reached_from: str = ""
    reached: str = ""
    status: str = ""
    #: The row's other columns, among them its texts in other languages (``title_es``); not compared.
    attrs: MappingProxyType[str, str] = field(default_factory=lambda: NO_ATTRS, compare=False, repr=False)

    @property
    def is_outcome(self) -> bool:
        return bool(self.reached_from and self.reached)

    @property
    def day(self) -> dt.date:
        day = parse_date(self.date)
        assert day is not None, "events are validated to have a date"
        return day


#: The fields a reader reads, by table, that a data set may also give in another language (``label_es``);
#: ``meta`` is dataset.json. Source titles and publishers stay as published, so they have none.
TRANSLATED: MappingProxyType[str, tuple[str, ...]] = MappingProxyType({
    "nodes": ("label", "description"),
    "edges": ("carries", "note"),
    "handoffs": ("note", "claim"),
    "events": ("title", "description"),
    "meta": ("title", "description", "known_gaps", "how_to_correct"),
})
_TRANSLATED_FIELDS = frozenset(f for fields in TRANSLATED.values() for f in fields)


def translation_codes() -> tuple[str, ...]:
    """The languages a data set may add texts in: every one the tool speaks but English (``network.i18n``).

    Examples
    --------
    >>> translation_codes()
    ('es',)
    """
    return tuple(code for code in i18n.LANGUAGES if code != i18n.DEFAULT)


def translation_columns(table: str) -> tuple[str, ...]:
    """The columns of a table that hold translated texts, in a fixed order.

    Examples
    --------
    >>> translation_columns("edges")
    ('carries_es', 'note_es')
    """
    return tuple(f"{name}_{code}" for name in TRANSLATED[table] for code in translation_codes())


def is_translation(column: str) -> bool:
    """Whether a column holds a translated text (``label_es``), not a researcher's own attribute.

    Examples
    --------
    >>> is_translation("label_es"), is_translation("Note ES"), is_translation("weight"), is_translation("url_es")
    (True, True, False, False)
    """
    name, _sep, code = re.sub(r"[\s\-]+", "_", column.strip().lower()).rpartition("_")  # as io.fields.normalise
    return name in _TRANSLATED_FIELDS and code in translation_codes()


def own_attrs(record: Any) -> list[tuple[str, str]]:
    """A record's other columns without its translations: what a researcher added (a weight, a type)."""
    attrs: Mapping[str, str] = getattr(record, "attrs", NO_ATTRS)
    return [(k, v) for k, v in attrs.items() if not is_translation(k)] if attrs else []


def text(record: Any, name: str) -> str:
    """A record's text ``name`` (``"note"``, ``"title"``...) in the current language: its ``<name>_<lang>`` column
    when that is given, else the English field. A node's label falls back to its id.

    Examples
    --------
    >>> e = Edge("a->b", "a", "b", note="Reports", attrs=MappingProxyType({"note_es": "Informes"}))
    >>> with i18n.speaking("es"):
    ...     text(e, "note"), text(e, "carries")
    ('Informes', '')
    >>> text(e, "note")
    'Reports'
    """
    if name == "label" and isinstance(record, Node):
        return record.name
    english = str(getattr(record, name))
    code = i18n.language()
    if code == i18n.DEFAULT:
        return english
    attrs: Mapping[str, str] = getattr(record, "attrs", NO_ATTRS)
    return (attrs.get(f"{name}_{code}") or "").strip() or english


@dataclass(frozen=True, eq=False)
class Dataset:
    """A loaded data set: nodes, flow and context edges, sources, events, metadata and load warnings."""

    nodes: MappingProxyType[str, Node]
    edges: tuple[Edge, ...]
    sources: MappingProxyType[str, Source] = field(default_factory=lambda: MappingProxyType({}))
    events: tuple[Event, ...] = ()
    meta: MappingProxyType[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    handoffs: tuple[Handoff, ...] = ()
    warnings: tuple[Any, ...] = ()
    origin: str = ""

    @classmethod
    def build(
        cls,
        nodes: Iterable[Node] | Mapping[str, Node],
        edges: Iterable[Edge],
        sources: Iterable[Source] | Mapping[str, Source] = (),
        events: Iterable[Event] = (),
        meta: Mapping[str, Any] | None = None,
        warnings: Iterable[Any] = (),
        origin: str = "",
        handoffs: Iterable[Handoff] = (),
        *,
        ends_known: bool = False,
    ) -> Dataset:
        """Build a data set from plain lists (no validation: use ``network.load`` for files).

        Every end of an edge that ``nodes`` lacks becomes a node labelled with its id, unless ``ends_known`` says
        that the caller has already made one for each (as the readers do): a million edges are then not looked
        over again.

        Examples
        --------
        >>> ds = Dataset.build([Node("a"), Node("b")], [Edge("a->b", "a", "b")])
        >>> ds.summary()["flow_edges"]
        1
        """
        node_map = dict(nodes) if isinstance(nodes, Mapping) else {n.id: n for n in nodes}
        edge_list = tuple(edges)
        for e in () if ends_known else edge_list:  # a data set never has dangling edges
            for end in (e.source, e.target):
                if end not in node_map:  # not setdefault: that would build a Node for every end of every edge
                    node_map[end] = Node(end, end)
        source_map = dict(sources) if isinstance(sources, Mapping) else {s.id: s for s in sources}
        return cls(
            nodes=MappingProxyType(node_map),
            edges=edge_list,
            sources=MappingProxyType(source_map),
            events=tuple(sorted(events, key=lambda ev: (ev.day, ev.id))),
            meta=MappingProxyType(dict(meta or {})),
            warnings=tuple(warnings),
            origin=origin,
            handoffs=tuple(handoffs),
        )

    @cached_property
    def flow_edges(self) -> tuple[Edge, ...]:
        return tuple(e for e in self.edges if e.flow)

    @cached_property
    def context_edges(self) -> tuple[Edge, ...]:
        return tuple(e for e in self.edges if not e.flow)

    @cached_property
    def edge_by_id(self) -> MappingProxyType[str, Edge]:
        return MappingProxyType({e.id: e for e in self.edges})

    @cached_property
    def graph(self) -> nx.MultiDiGraph[str]:
        """The flow edges as a MultiDiGraph (every node included), keyed by edge id."""
        G: nx.MultiDiGraph[str] = nx.MultiDiGraph()
        G.add_nodes_from(self.nodes)
        for e in self.flow_edges:
            G.add_edge(e.source, e.target, key=e.id, edge=e)
        return G

    @cached_property
    def assesses_continuity(self) -> bool:
        """Whether routes are checked for continuity: the data set records handoffs, or what links carry."""
        return bool(self.handoffs) or any(e.carries for e in self.flow_edges)

    @property
    def outcomes(self) -> tuple[Event, ...]:
        return tuple(ev for ev in self.events if ev.is_outcome)

    @property
    def title(self) -> str:
        """The data set's title in the reader's language (``title_es`` of dataset.json), else its English one."""
        return self.meta_text("title") or self.origin or "Untitled data set"

    def meta_text(self, name: str) -> str:
        """A text of dataset.json (``"title"``, ``"description"``) in the current language, else in English."""
        english = str(self.meta.get(name) or "")
        code = i18n.language()
        translated = self.meta.get(f"{name}_{code}") if code != i18n.DEFAULT else None
        return (translated.strip() if isinstance(translated, str) else "") or english

    def meta_texts(self, name: str) -> list[str]:
        """A list of texts of dataset.json (``"known_gaps"``) in the current language (``known_gaps_es``), else in
        English; [] when it is not a list."""
        english = self.meta.get(name)
        code = i18n.language()
        translated = self.meta.get(f"{name}_{code}") if code != i18n.DEFAULT else None
        chosen = translated if isinstance(translated, list) and translated else english
        return [str(item) for item in chosen] if isinstance(chosen, list) else []

    def label(self, node_id: str) -> str:
        """An institution's name in the reader's language (``label_es``), else its label, else the id.

        Examples
        --------
        >>> ds = Dataset.build([Node("bpd", "Boston Police Department",
        ...                         attrs=MappingProxyType({"label_es": "Departamento de Policía de Boston"}))], [])
        >>> with i18n.speaking("es"):
        ...     ds.label("bpd")
        'Departamento de Policía de Boston'
        >>> ds.label("bpd"), ds.label("elsewhere")
        ('Boston Police Department', 'elsewhere')
        """
        node = self.nodes.get(node_id)
        return node.name if node else node_id

    @staticmethod
    def text(record: Any, name: str) -> str:
        """``text(record, name)``: a node's, link's, handoff's or event's text in the current language."""
        return text(record, name)

    @cached_property
    def content_hash(self) -> str:
        """A stable hash of the content, for caches keyed by data set."""
        payload = {
            "nodes": [[n.id, n.label, n.kind, n.jurisdiction, n.description, n.url] for n in self.nodes.values()],
            "edges": [
                [e.id, e.source, e.target, e.relation, e.carries, e.flow, e.status, e.start, e.end,
                 list(e.sources), e.note]
                for e in self.edges
            ],
            "sources": [[s.id, s.title, s.publisher, s.date, s.url, s.kind] for s in self.sources.values()],
            "events": [[v.id, v.date, v.title, list(v.opens), list(v.closes), v.reached_from, v.reached, v.status]
                       for v in self.events],
            "handoffs": [[h.at, h.received_from, h.passed_to, h.status, list(h.sources), h.note, h.start, h.end,
                          h.claim] for h in self.handoffs],
            "meta": {k: str(v) for k, v in self.meta.items()},
        }
        translated = self._translations()
        if translated:  # only then: a data set in one language keeps the hash it had
            payload["translations"] = translated
        raw = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()[:16]

    def _translations(self) -> list[list[str]]:
        """Every translated text, as (table, record, column, text), for the content hash."""
        found: list[list[str]] = []
        tables: tuple[tuple[str, Iterable[Any]], ...] = (
            ("nodes", self.nodes.values()), ("edges", self.edges), ("events", self.events),
            ("handoffs", self.handoffs))
        for table, records in tables:
            for i, record in enumerate(records):
                if record.attrs:
                    found += [[table, str(i), k, v] for k, v in sorted(record.attrs.items()) if is_translation(k)]
        return found

    def summary(self) -> dict[str, Any]:
        """Counts for a status line: nodes, flow and context edges, sources, events, statuses, citation share."""
        cited = sum(1 for e in self.edges if e.sources)
        by_status = Counter(e.status for e in self.edges)
        return {
            "title": self.title,
            "nodes": len(self.nodes),
            "flow_edges": len(self.flow_edges),
            "context_edges": len(self.context_edges),
            "sources": len(self.sources),
            "events": len(self.events),
            "handoffs": len(self.handoffs),
            "edges_by_status": {s: by_status[s] for s in STATUSES if by_status[s]},
            "cited_share": (cited / len(self.edges)) if self.edges else 1.0,
            "warnings": len(self.warnings),
        }
