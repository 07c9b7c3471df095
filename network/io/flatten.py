"""A data set as flat records of text, in the order our writers put them: fields first, then attributes.

Lists become ``;``-joined text and ``flow`` becomes yes/no, as in a data set folder, so every writer says the same
thing and every reader reads it back the same way.
"""

from __future__ import annotations

from typing import Any

from ..model import Dataset

__all__ = ["NODE_FIELDS", "EDGE_FIELDS", "node_values", "edge_values", "sources_records", "events_records",
           "handoffs_records"]

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
        records.append(record)
    return records


def handoffs_records(ds: Dataset) -> list[dict[str, str]]:
    """The handoffs as records, in the columns of handoffs.csv (``*`` for any; sources joined by ;).

    Examples
    --------
    >>> from network.model import Dataset, Edge, Handoff
    >>> handoffs_records(Dataset.build([], [Edge("e", "a", "b")], handoffs=[Handoff("b", "a", status="alleged")]))
    [{'at': 'b', 'from': 'a', 'to': '*', 'status': 'alleged', 'sources': '', 'note': '', 'start': '', 'end': ''}]
    """
    return [{"at": h.at, "from": h.received_from, "to": h.passed_to, "status": h.status,
             "sources": ";".join(h.sources), "note": h.note, "start": h.start, "end": h.end} for h in ds.handoffs]
