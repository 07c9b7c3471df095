"""Writing results out: route tables as CSV (safe to open in a spreadsheet) and JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .io.cells import escape_cell
from .model import Dataset
from .paths import RouteSet

__all__ = ["spreadsheet_safe", "routes_csv", "routes_json", "routes_payload", "cited_sources"]


def spreadsheet_safe(value: object) -> str:
    """Text that a spreadsheet shows as text: a leading ``'`` before = + - @ tab CR LF or ``'``.

    The rule is ``network.io.cells.escape_cell``, shared with the data set writers (whose reader undoes it).

    Examples
    --------
    >>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")"), spreadsheet_safe("BPD")
    ('\\'=HYPERLINK("http://x")', 'BPD')
    """
    return escape_cell(value)


def cited_sources(ds: Dataset, rs: RouteSet) -> dict[str, dict[str, str]]:
    """The sources cited by the hops of a route set, by id."""
    ids = dict.fromkeys(s for r in rs.routes for h in r.hops for s in h.sources)
    out = {}
    for sid in ids:
        src = ds.sources.get(sid)
        out[sid] = ({"title": src.title, "publisher": src.publisher, "date": src.date, "url": src.url}
                    if src else {"title": sid, "publisher": "", "date": "", "url": ""})
    return out


def routes_payload(ds: Dataset, rs: RouteSet) -> dict[str, Any]:
    """The JSON form of a route set: query, completeness, counts, routes with hops, and cited sources."""
    return {
        "query": rs.query,
        "complete": rs.complete,
        "count": rs.count,
        "upper_bound": rs.upper_bound,
        "routes": [r.as_dict() for r in rs.routes],
        "sources": cited_sources(ds, rs),
    }


def routes_json(ds: Dataset, rs: RouteSet) -> str:
    return json.dumps(routes_payload(ds, rs), indent=2, ensure_ascii=False)


def routes_csv(rs: RouteSet) -> str:
    """One row per route, hops joined; every cell safe against spreadsheet formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["rank", "length", "strength", "institutions", "node_ids", "hops", "sources", "sentence"])
    for rank, r in enumerate(rs.routes, 1):
        hops = " | ".join(f"{h.source}->{h.target} ({h.relation or 'flow'}; {h.status})" for h in r.hops)
        sources = ";".join(dict.fromkeys(s for h in r.hops for s in h.sources))
        row = [rank, r.length, r.strength, " → ".join(r.labels), " > ".join(r.nodes), hops, sources, r.sentence]
        writer.writerow([spreadsheet_safe(c) for c in row])
    return buffer.getvalue()
