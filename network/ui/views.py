"""Formatting results as Dash components: route rows, a route's sentence and sources, levers, about."""

from __future__ import annotations

from typing import Any

from babel.dates import format_date
from babel.numbers import format_percent
from dash import html

from .. import i18n
from ..citations import citation, safe_url
from ..handout_words import status_word
from ..i18n import _, ngettext
from ..levers import Levers
from ..lexicon import relation_words
from ..model import Dataset, parse_date, text
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

__all__ = ["route_rows", "route_detail", "hop_carries", "levers_panel", "about_panel", "safe_link", "route_key",
           "routes_heading", "routes_context", "status_word", "status_meaning", "relation_name"]


def status_meaning(status: str) -> str:
    """What a status means (``STATUS_MEANINGS``), in the reader's language; '' for a code we do not know."""
    meaning = STATUS_MEANINGS.get(status, "")
    return _(meaning) if meaning else ""


def relation_name(relation: str) -> str:
    """A relation as the page names it: its words ('shares reports'), in Spanish the tool's words for a relation
    it knows ('comparte informes'; ``lexicon.relation_words``), a data set's own as written."""
    return relation.replace("_", " ") if i18n.language() == i18n.DEFAULT else relation_words(relation)


def hop_carries(ds: Dataset, hop: Any) -> str:
    """What a hop carries, in the reader's language (each of its links' ``carries_es`` where given), else its
    relation's name. The hop joins its links' English ``carries``; the data set's own words are found again on
    those links."""
    if not hop.carries:
        return relation_name(str(hop.relation))
    if i18n.language() == i18n.DEFAULT:
        return str(hop.carries)
    wanted = set(str(hop.carries).split(", or "))
    links = ds.graph.get_edge_data(hop.source, hop.target) or {}
    edges = [e for key in links if (e := ds.edge_by_id.get(str(key))) is not None]
    said = [text(e, "carries") for e in edges if e.carries in wanted]
    # Translators: between the things a hop's links carry, when several links join the same two institutions
    return _(", or ").join(dict.fromkeys(said)) if said else str(hop.carries)


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
    # Translators: part of the routes heading, after '8 routes ' ('from East Boston High School to any court')
    where = _("from {origins} to {targets}").format(origins=", ".join(ref_names(ds, state.origins)),
                                                    targets=", ".join(ref_names(ds, state.targets)))
    text = rs.describe(where)
    if state.as_of:
        # Translators: the routes heading's end, for a view on a date: '..., on 1 June 2016'
        text += _(", on {date}").format(date=date_words(state.as_of))
    reason = no_route_reason(ds, rs)
    return text[0].upper() + text[1:] + (f". {reason}" if reason else "")


def routes_context(ds: Dataset, rs: RouteSet) -> list[Any]:
    """What goes with the routes: that continuity is not assessed, and the outcomes whose route is unknown."""
    items: list[Any] = []
    if not ds.assesses_continuity:
        items.append(html.P(_(CONTINUITY_NOT_ASSESSED), className="hint continuity-note"))
    for ev in route_outcomes(ds, rs):
        items.append(html.P([html.Strong(_("Known outcome: ")), outcome_sentence(ds, ev)], className="outcome"))
    return items


def when_open(route: Route, rs: RouteSet) -> str:
    """'open today', or 'closed: 2014 – Aug 2020', for the routes table."""
    if not rs.over_all_dates:
        return ""
    if route.open_today:
        # Translators: a route, in the routes table's 'When' column ('abierta hoy')
        return _("open today")
    w = route.window
    span = " – ".join(x for x in (_month(w.first_text), _month(w.last_text)) if x)
    # Translators: a route, in the routes table's 'When' column ('cerrada: 2014 – ago 2020')
    return _("closed: {span}").format(span=span) if span else _("closed")


def _month(text: str) -> str:
    """A date for a narrow column, no more precise than written and no finer than a month: 'Oct 2021',
    'oct 2021'."""
    day = parse_date(text)
    if day is None:
        return ""
    if len(text.strip().split("-")) == 1:
        return str(day.year)
    return format_date(day, "LLL y", locale=i18n.language()).replace(".", "")


def route_rows(rs: RouteSet) -> list[dict[str, Any]]:
    """Rows for the routes table."""
    return [
        {"key": route_key(r), "rank": i, "length": r.length, "strength": r.strength,
         "evidence": _("{strength}, possible route").format(strength=status_word(r.strength)) if r.possible
         else status_word(r.strength),
         "possible": "possible" if r.possible else "", "when": when_open(r, rs),
         "closed": bool(rs.over_all_dates and not r.open_today), "route": " → ".join(r.labels)}
        for i, r in enumerate(rs.routes, 1)
    ]


def route_detail(ds: Dataset, route: Route | None) -> list[Any]:
    """The selected route: its sentence, then each hop with its evidence and source links."""
    if route is None:
        return [html.P(_("Select a route in the table (on a phone, a card) to read how a record travels along "
                         "it, hop by hop, with the sources for each hop."), className="hint")]
    hops = []
    handoffs = {h.at: h for h in route.handoffs}
    for i, hop in enumerate(route.told_hops, 1):
        sources = [html.Li(_source_item(ds, sid)) for sid in hop.sources]
        hops.append(html.Li([
            html.Div([
                html.Strong(f"{ds.label(hop.source)} → {ds.label(hop.target)}"),
                html.Span(status_word(hop.status), className=f"status status-{hop.status}",
                          title=status_meaning(hop.status)),
            ], className="hop-head"),
            html.Div(hop_carries(ds, hop), className="hop-carries"),
            html.Div(" – ".join(x for x in (hop.start, hop.end) if x) or "", className="hop-dates"),
            html.Ul(sources or [html.Li(_("No source cited."))], className="hop-sources"),
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
        # Translators: {carries} is what both links carry ('incident reports and names')
        words = _("Handoff at {at}: implied ({status}), as both links carry {carries}.").format(
            at=at, status=status_word(step.status), carries=_(" and ").join(step.shared))
    elif step.established:
        words = _("Handoff at {at} on to {to}: {status} ({meaning}).").format(
            at=at, to=to, status=status_word(step.status), meaning=status_meaning(step.status))
    else:
        words = _("Handoff at {at} on to {to}: not established; no source shows that what arrives goes on.").format(
            at=at, to=to)
    parts: list[Any] = [html.Div(words, className=f"handoff handoff-{step.basis.replace(' ', '-')}")]
    note = text(step.handoff, "note") if step.handoff is not None else step.note  # the data set's own Spanish
    if note:
        parts.append(html.Div(note, className="handoff-note", lang=_lang_of(note, step.note)))
    if step.sources:
        parts.append(html.Ul([html.Li(_source_item(ds, sid)) for sid in step.sources], className="hop-sources"))
    return parts


def _lang_of(shown: str, english: str) -> str | None:
    """A data set's text shown in English on a page in another language says so (``lang="en"``): a screen reader
    reads it in English, and the reader knows it was not translated."""
    return "en" if i18n.language() != i18n.DEFAULT and shown == english else None


def _source_item(ds: Dataset, sid: str) -> Any:
    c = citation(ds, sid)
    return [safe_link(c.url, c.title), html.Span(f" — {c.detail}" if c.detail else "")]


def levers_panel(ds: Dataset, lv: Levers | None, error: str = "") -> list[Any]:
    if error:
        return [html.P(error, className="error")]
    if lv is None or not lv.routes:
        return [html.P(_("No route to cut."), className="hint")]
    items: list[Any] = [html.P(lv.describe(ds), className="levers-text")]
    if not lv.verified:
        items.append(html.P(_("This cut could not be verified by searching again."), className="error"))
    if lv.chokepoints:
        rows = []
        for c in lv.chokepoints[:8]:
            rows.append(html.Li([
                html.Span(f"{c.share:.0%}", className="share"),
                html.Span(className="bar", style={"width": f"{max(c.share, 0.02) * 100:.0f}%"}),
                html.Span(_("{name} (link)").format(name=c.label) if c.kind == "link" else f"{c.label}",
                          className="choke-label"),
            ]))
        # Translators: how the chokepoints were found: {method} is 'counting every route', in the levers' words
        items += [html.H3(_("Chokepoints")), html.P(_("By {method}.").format(method=lv.chokepoint_method),
                                                    className="hint"),
                  html.Ul(rows, className="chokepoints")]
    return items


def about_panel(ds: Dataset) -> list[Any]:
    meta = ds.meta
    s = ds.summary()
    parts: list[Any] = [html.P(str(meta.get("description", "")))] if meta.get("description") else []
    not_stated = _("not stated")
    facts = [
        (_("License"), str(meta.get("license", not_stated))),
        (_("Compiled by"), str(meta.get("source", not_stated))),
        (_("Last updated"), str(meta.get("updated", not_stated))),
        (_("Contents"), _("{counts}; {share} of links cite a source").format(counts=", ".join((
            ngettext("{n} institution", "{n} institutions", s["nodes"]).format(n=s["nodes"]),
            ngettext("{n} flow link", "{n} flow links", s["flow_edges"]).format(n=s["flow_edges"]),
            ngettext("{n} context link", "{n} context links", s["context_edges"]).format(n=s["context_edges"]),
            ngettext("{n} source", "{n} sources", s["sources"]).format(n=s["sources"]),
            ngettext("{n} event", "{n} events", s["events"]).format(n=s["events"]))),
            share=format_percent(s["cited_share"], locale=i18n.language()))),
    ]
    parts.append(html.Dl([x for k, v in facts for x in (html.Dt(k), html.Dd(v))]))
    if meta.get("source_url"):
        parts.append(safe_link(str(meta["source_url"]), _("Where this data comes from")))
    gaps = meta.get("known_gaps") or []
    if isinstance(gaps, list) and gaps:
        parts += [html.H3(_("Known gaps")), html.Ul([html.Li(str(g)) for g in gaps])]
    if meta.get("how_to_correct"):
        parts += [html.H3(_("How to correct it")), html.P(str(meta["how_to_correct"]))]
    parts += [html.H3(_("Evidence statuses")),
              html.Dl([x for k in STATUS_MEANINGS for x in (html.Dt(status_word(k)), html.Dd(status_meaning(k)))])]
    return parts
