"""Formatting results as Dash components: route rows, a route's sentence and sources, levers, about."""

from __future__ import annotations

from typing import Any

from dash import html

from ..citations import citation, safe_url
from ..levers import Levers
from ..model import Dataset
from ..narrative import (
    CONTINUITY_NOT_ASSESSED,
    no_route_reason,
    outcome_sentence,
    ref_names,
    route_outcomes,
    strength_line,
)
from ..routes import Route, RouteSet
from ..timing import date_words
from ..viewstate import ViewState, join_route
from ..vocabulary import STATUS_MEANINGS
from . import ids

__all__ = ["route_rows", "route_detail", "levers_panel", "about_panel", "safe_link", "route_key", "routes_heading",
           "routes_context"]


def route_key(route: Route) -> str:
    """The route's key in the routes table and the address (``viewstate.join_route``: ids holding ``>`` kept whole)."""
    return join_route(route.nodes)


def safe_link(url: str, text: str) -> html.A | html.Span:
    """A link that opens in a new tab, only for http(s) addresses; anything else is shown as text."""
    if safe_url(url):
        return html.A(text, href=url, target="_blank", rel="noopener noreferrer")
    return html.Span(text)


def routes_heading(ds: Dataset, state: ViewState, rs: RouteSet) -> str:
    """'8 routes from East Boston High School to any immigration enforcement since 2014; 1 open today', and why
    there are none when the query says ('... is both where the records start and where they end: ...')."""
    where = f"from {', '.join(ref_names(ds, state.origins))} to {', '.join(ref_names(ds, state.targets))}"
    text = rs.describe(where)
    if state.as_of:
        text += f", on {date_words(state.as_of)}"
    reason = no_route_reason(ds, rs)
    return text[0].upper() + text[1:] + (f". {reason}" if reason else "")


def routes_context(ds: Dataset, rs: RouteSet) -> list[Any]:
    """What goes with the routes: that continuity is not assessed, and the outcomes whose route is unknown."""
    items: list[Any] = []
    if not ds.assesses_continuity:
        items.append(html.P(CONTINUITY_NOT_ASSESSED, className="hint continuity-note"))
    for ev in route_outcomes(ds, rs):
        items.append(html.P([html.Strong("Known outcome: "), outcome_sentence(ds, ev)], className="outcome"))
    return items


def when_open(route: Route, rs: RouteSet) -> str:
    """'open today', or 'closed: 2014 to August 2020', for the routes table."""
    if not rs.over_all_dates:
        return ""
    if route.open_today:
        return "open today"
    w = route.window
    span = " – ".join(x for x in (_month(w.first_text), _month(w.last_text)) if x)
    return f"closed{': ' + span if span else ''}"


def _month(text: str) -> str:
    """A date for a narrow column, no more precise than written and no finer than a month: 'Oct 2021'."""
    words = date_words(text).split()
    return " ".join(w[:3] if w[0].isupper() and not w.isdigit() else w for w in words[-2:]) if words else ""


def route_rows(rs: RouteSet) -> list[dict[str, Any]]:
    """Rows for the routes table."""
    return [
        {"key": route_key(r), "rank": i, "length": r.length, "strength": r.strength,
         "evidence": f"{r.strength}, possible route" if r.possible else r.strength,
         "possible": "possible" if r.possible else "", "when": when_open(r, rs),
         "route": " → ".join(r.labels)}
        for i, r in enumerate(rs.routes, 1)
    ]


def route_detail(ds: Dataset, route: Route | None) -> list[Any]:
    """The selected route: its sentence, then each hop with its evidence and source links."""
    if route is None:
        return [html.P("Select a route in the table (on a phone, a card) to read how a record travels along it, "
                       "hop by hop, with the sources for each hop.", className="hint")]
    hops = []
    handoffs = {h.at: h for h in route.handoffs}
    for i, hop in enumerate(route.told_hops, 1):
        sources = [html.Li(_source_item(ds, sid)) for sid in hop.sources]
        hops.append(html.Li([
            html.Div([
                html.Strong(f"{ds.label(hop.source)} → {ds.label(hop.target)}"),
                html.Span(hop.status, className=f"status status-{hop.status}",
                          title=STATUS_MEANINGS.get(hop.status, "")),
            ], className="hop-head"),
            html.Div(hop.carries or hop.relation.replace("_", " "), className="hop-carries"),
            html.Div(" – ".join(x for x in (hop.start, hop.end) if x) or "", className="hop-dates"),
            html.Ul(sources or [html.Li("No source cited.")], className="hop-sources"),
            *_handoff_item(ds, handoffs.get(hop.target)),
        ], className="hop", id=ids.hop(i)))
    return [
        html.P(route.sentence, className="sentence"),
        html.P(strength_line(ds, route), className="strength"),
        html.Ol(hops, className="hops"),
    ]


def _handoff_item(ds: Dataset, step: Any) -> list[Any]:
    """The handoff at a hop's far end, in words, with its sources."""
    if step is None:
        return []
    at, to = ds.label(step.at), ds.label(step.passed_to)
    if step.basis == "implied":
        words = f"Handoff at {at}: implied ({step.status}), as both links carry {' and '.join(step.shared)}."
    elif step.established:
        words = f"Handoff at {at} on to {to}: {step.status} ({STATUS_MEANINGS.get(step.status, '')})."
    else:
        words = f"Handoff at {at} on to {to}: not established; no source shows that what arrives goes on."
    parts: list[Any] = [html.Div(words, className=f"handoff handoff-{step.basis.replace(' ', '-')}")]
    if step.note:
        parts.append(html.Div(step.note, className="handoff-note"))
    if step.sources:
        parts.append(html.Ul([html.Li(_source_item(ds, sid)) for sid in step.sources], className="hop-sources"))
    return parts


def _source_item(ds: Dataset, sid: str) -> Any:
    c = citation(ds, sid)
    return [safe_link(c.url, c.title), html.Span(f" — {c.detail}" if c.detail else "")]


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
        items += [html.H3("Chokepoints"), html.P(f"By {lv.chokepoint_method}.", className="hint"),
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
        parts += [html.H3("Known gaps"), html.Ul([html.Li(str(g)) for g in gaps])]
    if meta.get("how_to_correct"):
        parts += [html.H3("How to correct it"), html.P(str(meta["how_to_correct"]))]
    parts += [html.H3("Evidence statuses"),
              html.Dl([x for k, v in STATUS_MEANINGS.items() for x in (html.Dt(k), html.Dd(v))])]
    return parts
