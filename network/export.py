"""Writing results out: route tables as CSV (safe to open in a spreadsheet) and JSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .i18n import _
from .io.csvtext import escape_cell
from .model import Dataset
from .narrative import CONTINUITY_NOT_ASSESSED, outcome_sentence, route_outcomes
from .routes import RouteSet

__all__ = ["spreadsheet_safe", "routes_csv", "routes_json", "routes_payload", "cited_sources"]


def spreadsheet_safe(value: object) -> str:
    """Text that a spreadsheet shows as text: a leading ``'`` before = + - @ tab CR LF or ``'``.

    The rule is ``network.io.csvtext.escape_cell``, shared with the data set writers (whose reader undoes it).

    Examples
    --------
    >>> spreadsheet_safe("=HYPERLINK(\\"http://x\\")"), spreadsheet_safe("BPD")
    ('\\'=HYPERLINK("http://x")', 'BPD')
    """
    return escape_cell(value)


def cited_sources(ds: Dataset, rs: RouteSet) -> dict[str, dict[str, str]]:
    """The sources cited by the hops and handoffs of a route set, and by the outcomes beside it, by id."""
    ids = dict.fromkeys([*(s for r in rs.routes for h in r.told_hops for s in h.sources),
                         *(s for r in rs.routes for h in r.handoffs for s in h.sources),
                         *(s for ev in route_outcomes(ds, rs) for s in ev.sources)])
    out = {}
    for sid in ids:
        src = ds.sources.get(sid)
        out[sid] = ({"title": src.title, "publisher": src.publisher, "date": src.date, "url": src.url}
                    if src else {"title": sid, "publisher": "", "date": "", "url": ""})
    return out


def routes_payload(ds: Dataset, rs: RouteSet) -> dict[str, Any]:
    """The JSON form of a route set: query, completeness, counts, routes with hops and handoffs, the outcomes
    beside them, and cited sources."""
    return {
        "query": rs.query,
        "summary": rs.describe(),
        "complete": rs.complete,
        "complete_lengths": rs.complete_lengths,
        "count": rs.count,
        "upper_bound": rs.upper_bound,
        "open_today_count": rs.open_today_count,
        "continuity": "assessed" if ds.assesses_continuity else "not assessed",
        "continuity_note": "" if ds.assesses_continuity else _(CONTINUITY_NOT_ASSESSED),
        "routes": [r.as_dict() for r in rs.routes],
        "outcomes": [{"id": ev.id, "date": ev.date, "title": ev.title, "from": ev.reached_from, "to": ev.reached,
                      "status": ev.status, "sources": list(ev.sources), "sentence": outcome_sentence(ds, ev)}
                     for ev in route_outcomes(ds, rs)],
        "sources": cited_sources(ds, rs),
    }


def routes_json(ds: Dataset, rs: RouteSet) -> str:
    return json.dumps(routes_payload(ds, rs), indent=2, ensure_ascii=False)


def routes_csv(rs: RouteSet) -> str:
    """One row per route, hops joined; every cell safe against spreadsheet formulas."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["rank", "length", "strength", "links_strength", "possible", "window_from", "window_to",
                     "open_today", "institutions", "node_ids", "hops", "handoffs", "sources", "sentence"])
    for rank, r in enumerate(rs.routes, 1):
        hops = " | ".join(f"{h.source}->{h.target} ({h.relation or 'flow'}; {h.status})" for h in r.told_hops)
        handoffs = " | ".join(f"at {h.at}: {h.status}" + (f" ({';'.join(h.sources)})" if h.sources else "")
                              for h in r.handoffs)
        sources = ";".join(dict.fromkeys([*(s for h in r.told_hops for s in h.sources),
                                          *(s for h in r.handoffs for s in h.sources)]))
        window = r.window.as_dict()
        row = [rank, r.length, r.strength, r.links_strength, "yes" if r.possible else "no", window["from"] or "",
               window["to"] or "", "yes" if r.open_today else "no", " → ".join(r.labels), " > ".join(r.nodes), hops,
               handoffs, sources, r.sentence]
        writer.writerow([spreadsheet_safe(c) for c in row])
    return buffer.getvalue()
