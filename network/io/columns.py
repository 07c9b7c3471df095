"""Which column of a file holds which field: canonical names, their common aliases, and user mappings."""

from __future__ import annotations

import re
from collections.abc import Mapping

__all__ = ["FIELDS", "normalise", "map_columns"]

#: For each file, its fields (canonical name -> aliases). Matching ignores case, spaces and hyphens.
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
    },
}


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
    >>> map_columns(["From", "To", "Weight"], "edges")
    ({'source': 0, 'target': 1}, {'Weight': 2})
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
    extras = {col: i for i, col in enumerate(header) if i not in found.values() and col.strip()}
    return found, extras
