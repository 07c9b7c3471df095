"""Formatting results as Dash components: route rows, a route's sentence and sources, levers, about."""

from __future__ import annotations

from typing import Any

from dash import html

from ..levers import Levers
from ..model import STATUS_MEANINGS, Dataset
from ..paths import Route, RouteSet

__all__ = ["route_rows", "route_detail", "levers_panel", "about_panel", "safe_link", "route_key"]


def route_key(route: Route) -> str:
    return ">".join(route.nodes)


def safe_link(url: str, text: str) -> html.A | html.Span:
    """A link that opens in a new tab, only for http(s) addresses; anything else is shown as text."""
    if url.lower().startswith(("http://", "https://")):
        return html.A(text, href=url, target="_blank", rel="noopener noreferrer")
    return html.Span(text)


def route_rows(rs: RouteSet) -> list[dict[str, Any]]:
    """Rows for the routes table."""
    return [
        {"key": route_key(r), "rank": i, "length": r.length, "strength": r.strength,
         "route": " → ".join(r.labels)}
        for i, r in enumerate(rs.routes, 1)
    ]


def route_detail(ds: Dataset, route: Route | None) -> list[Any]:
    """The selected route: its sentence, then each hop with its evidence and source links."""
    if route is None:
        return [html.P("Select a route in the table to read how a record travels along it, hop by hop, "
                       "with the sources for each hop.", className="hint")]
    hops = []
    for i, hop in enumerate(route.hops, 1):
        sources = []
        for sid in hop.sources:
            src = ds.sources.get(sid)
            if src is None:
                sources.append(html.Li(sid))
                continue
            detail = ", ".join(x for x in (src.publisher, src.date) if x)
            sources.append(html.Li([safe_link(src.url, src.title or sid), html.Span(f" — {detail}" if detail else "")]))
        hops.append(html.Li([
            html.Div([
                html.Strong(f"{ds.label(hop.source)} → {ds.label(hop.target)}"),
                html.Span(hop.status, className=f"status status-{hop.status}",
                          title=STATUS_MEANINGS.get(hop.status, "")),
            ], className="hop-head"),
            html.Div(hop.carries or hop.relation.replace("_", " "), className="hop-carries"),
            html.Div(" – ".join(x for x in (hop.start, hop.end) if x) or "", className="hop-dates"),
            html.Ul(sources or [html.Li("No source cited.")], className="hop-sources"),
        ], className="hop", id=f"hop-{i}"))
    return [
        html.P(route.sentence, className="sentence"),
        html.P(f"Weakest link: {route.strength} ({STATUS_MEANINGS.get(route.strength, '')}).",
               className="strength"),
        html.Ol(hops, className="hops"),
    ]


def levers_panel(ds: Dataset, lv: Levers | None, error: str = "") -> list[Any]:
    if error:
        return [html.P(error, className="error")]
    if lv is None or not lv.routes:
        return [html.P("No route to cut.", className="hint")]
    items: list[Any] = [html.P(lv.describe(ds), className="levers-text")]
    if not lv.verified:
        items.append(html.P("This cut could not be verified by searching again.", className="error"))
    if lv.chokepoints:
        rows = []
        for c in lv.chokepoints[:8]:
            rows.append(html.Li([
                html.Span(f"{c.share:.0%}", className="share"),
                html.Span(className="bar", style={"width": f"{max(c.share, 0.02) * 100:.0f}%"}),
                html.Span(f"{c.label}" + (" (link)" if c.kind == "link" else ""), className="choke-label"),
            ]))
        items += [html.H4("Chokepoints"), html.P(f"By {lv.chokepoint_method}.", className="hint"),
                  html.Ul(rows, className="chokepoints")]
    return items


def about_panel(ds: Dataset) -> list[Any]:
    meta = ds.meta
    s = ds.summary()
    parts: list[Any] = [html.P(str(meta.get("description", "")))] if meta.get("description") else []
    facts = [
        ("License", str(meta.get("license", "not stated"))),
        ("Compiled by", str(meta.get("source", "not stated"))),
        ("Last updated", str(meta.get("updated", "not stated"))),
        ("Contents", f"{s['nodes']} institutions, {s['flow_edges']} flow links, {s['context_edges']} context "
                     f"links, {s['sources']} sources, {s['events']} events; "
                     f"{s['cited_share']:.0%} of links cite a source"),
    ]
    parts.append(html.Dl([x for k, v in facts for x in (html.Dt(k), html.Dd(v))]))
    if meta.get("source_url"):
        parts.append(safe_link(str(meta["source_url"]), "Where this data comes from"))
    gaps = meta.get("known_gaps") or []
    if isinstance(gaps, list) and gaps:
        parts += [html.H4("Known gaps"), html.Ul([html.Li(str(g)) for g in gaps])]
    if meta.get("how_to_correct"):
        parts += [html.H4("How to correct it"), html.P(str(meta["how_to_correct"]))]
    parts += [html.H4("Evidence statuses"),
              html.Dl([x for k, v in STATUS_MEANINGS.items() for x in (html.Dt(k), html.Dd(v))])]
    return parts
