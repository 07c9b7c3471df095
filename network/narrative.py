"""Plain-language sentences for routes, naming each institution, what flows, the evidence and its sources; the
question a view answers; a route's strength and time in words; the outcomes shown beside a query's routes.

Every medium (the explorer, slides, handout, export, command line) takes its words from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from . import timewords
from .citations import cited_text
from .flowindex import Hop
from .hopwords import first_hop, gap, next_hop, some_of
from .i18n import N_, _, join_words
from .lexicon import contract, event_title, institution, relation_words, things_phrase
from .model import Dataset, Event, parse_date, text
from .timing import date_words, last_day
from .vocabulary import STATUS_MEANINGS, STATUS_RANK, Words, any_kind

if TYPE_CHECKING:  # types only: routes asks this module for its sentences, and views are built above it
    from .routes import Route, RouteSet
    from .viewstate import ViewState

__all__ = ["route_sentence", "hop_evidence", "ref_names", "question", "no_route_reason", "strength_line",
           "time_line", "outcome_sentence", "outcomes_for", "route_outcomes", "CONTINUITY_NOT_ASSESSED"]

#: The evidence of a hop, by status, before its sources (a link's: Spanish makes it agree with "vínculo").
_EVIDENCE = Words({
    "documented": N_("documented; {cited}"),
    "acknowledged": N_("acknowledged by the institution; {cited}"),
    "reported": N_("reported in the news; {cited}"),
    "alleged": N_("alleged; {cited}"),
    "disputed": N_("disputed: claimed, and denied by the institution; {cited}"),
    "unknown": N_("evidence not stated; {cited}"),
})
#: A route's links, when all have one status ...
_EACH_LINK = Words({
    "documented": N_("each link is documented"),
    "acknowledged": N_("each link is acknowledged by the institution"),
    "reported": N_("each link is reported in the news"),
    "alleged": N_("each link is alleged"),
    "disputed": N_("each link is disputed: claimed, and denied by the institution"),
    "unknown": N_("each link is evidence not stated"),
})
#: ... and its weakest link, when they differ.
_WEAKEST_LINK_IS = Words({
    "documented": N_("its weakest link is documented"),
    "acknowledged": N_("its weakest link is acknowledged by the institution"),
    "reported": N_("its weakest link is reported in the news"),
    "alleged": N_("its weakest link is alleged"),
    "disputed": N_("its weakest link is disputed: claimed, and denied by the institution"),
    "unknown": N_("its weakest link is evidence not stated"),
})
#: A route's strength (Spanish: "solidez", feminine) ...
_STRENGTH = Words({
    "documented": N_("Strength: documented"),
    "acknowledged": N_("Strength: acknowledged"),
    "reported": N_("Strength: reported"),
    "alleged": N_("Strength: alleged"),
    "disputed": N_("Strength: disputed"),
    "unknown": N_("Strength: unknown"),
})
#: ... and that of its weakest link (Spanish: "vínculo", masculine).
_WEAKEST = Words({
    "documented": N_("weakest link: documented"),
    "acknowledged": N_("weakest link: acknowledged"),
    "reported": N_("weakest link: reported"),
    "alleged": N_("weakest link: alleged"),
    "disputed": N_("weakest link: disputed"),
    "unknown": N_("weakest link: unknown"),
})
_MAX_TITLES = 1  # a quotable sentence: the first source by name; every source is listed beside it


def ref_names(ds: Dataset, refs: Iterable[str]) -> list[str]:
    """Institutions named as a reader would: a label, or 'any school' for kind:school.

    Examples
    --------
    >>> import network
    >>> ref_names(network.load(), ["ebhs", "kind:immigration_enforcement"])
    ['East Boston High School', 'any immigration enforcement']
    """
    return [any_kind(r[5:]) if r.startswith("kind:") else ds.label(r) for r in refs]


def _either(words: list[str]) -> str:
    """'a or b or c': the alternatives of a sentence, each one 'or' apart."""
    either = _("or")
    return f" {either} ".join(words)


def _names(ds: Dataset, refs: tuple[str, ...]) -> str:
    """The institutions of a question, as a sentence places them (``institution``: with the article Spanish gives
    them)."""
    named = [any_kind(r[5:]) if r.startswith("kind:") else institution(ds, r) for r in refs]
    return _either(named) or _("nowhere")


def question(ds: Dataset, state: ViewState) -> str:
    """The question a view answers, in words."""
    # Translators: the date a view is set to, as written in its address (YYYY, YYYY-MM or YYYY-MM-DD).
    when = _(", as of {date}").format(date=state.as_of) if state.as_of else ""
    return contract(_("By which routes can a student's record at {origins} reach {targets}{when}?").format(
        origins=_names(ds, state.origins), targets=_names(ds, state.targets), when=when))


def no_route_reason(ds: Dataset, rs: RouteSet) -> str:
    """Why a query found no route, when the query itself says (else ""): every institution it starts from is also
    where it ends, and a route needs at least one link between two institutions. The one rule for the explorer's
    heading and the command line's count.

    Examples
    --------
    >>> import network
    >>> no_route_reason(network.load(), network.trace(network.load(), origins="ice_ero", targets="ice_ero"))
    'ICE Enforcement and Removal Operations (ERO) is both where the records start and where they end: pick a \
different end.'
    """
    origins, targets = rs.query.get("origins") or [], set(rs.query.get("targets") or ())
    if rs.routes or not rs.complete or not origins or not set(origins) <= targets:
        return ""
    names = [institution(ds, o) for o in dict.fromkeys(origins)]
    if len(names) == 1:
        reason = _("{name} is both where the records start and where they end: pick a different end.").format(
            name=names[0])
    else:
        reason = _("{names} are both where the records start and where they end: pick a different end.").format(
            names=join_words(names, _("and")))
    reason = contract(reason)
    if any(reason.startswith(ds.label(o)) for o in origins):
        return reason  # a name as the data set writes it ('a', 'iCivics') is never recapitalised
    return reason[0].upper() + reason[1:]  # an article the sentence added ('el Departamento…')


def strength_line(ds: Dataset, route: Route) -> str:
    """The route's strength in words, with its weakest link beside it and, for a possible route, why:
    'Strength: unknown (a handoff is not established); weakest link: acknowledged (the institution itself says
    so); a possible route: it is not established that records are passed on at Boston Police Department.'"""
    s, links = route.strength, route.links_strength
    if not route.continuity_assessed:
        return _("{strength} ({meaning}), that of its weakest link; continuity not assessed.").format(
            strength=_STRENGTH[s], meaning=STATUS_MEANINGS[s])
    gaps = [institution(ds, h.at) for h in route.handoffs if not h.established]
    weakest = [institution(ds, h.at) for h in route.handoffs if h.established and h.status == s]
    if s == links:
        why = STATUS_MEANINGS[s]
    elif gaps and s == "unknown":
        why = _("a handoff is not established")
    else:
        both = _("and")
        places = f" {both} ".join(weakest) or _("an institution on it")
        why = _("{meaning}: the handoff at {places}").format(meaning=STATUS_MEANINGS[s], places=places)
    # Translators: "Strength: disputed (what that means); weakest link: disputed".
    line = _("{strength} ({why}); {weakest}").format(strength=_STRENGTH[s], why=why, weakest=_WEAKEST[links])
    if links != s:
        line += f" ({STATUS_MEANINGS[links]})"
    if gaps:
        line += "; " + _("a possible route: it is not established that records are passed on at {places}").format(
            places=_either(gaps))
    return contract(line + ".")


def time_line(route: Route, rs: RouteSet) -> str:
    """Whether the route is open today, when the view covers all dates: 'Closed today: could be taken between
    2014 and 20 October 2021.' Empty for a view as of one date, or a data set with no dates."""
    if not rs.over_all_dates:
        return ""
    w = route.window
    first = w.first_text if date_words(w.first_text) else ""
    last = w.last_text if date_words(w.last_text) else ""
    if route.open_today:
        return timewords.open_line(first)
    return timewords.closed_line(first, last)


def hop_evidence(ds: Dataset, hop: Hop, cite: Callable[[tuple[str, ...]], str] | None = None) -> str:
    """The evidence of a hop in words, with its sources: '(documented; Title (Publisher, 2020))'.

    ``cite`` turns the hop's source ids into text (a handout uses numbers like '[1, 2]'); by default the
    first source titles are named.
    """
    if cite is not None:
        cited = cite(hop.sources) if hop.sources else _("no source cited")
    else:
        cited = cited_text(ds, hop.sources, _MAX_TITLES)
    relation = _relation(hop)
    named = f"“{relation_words(relation)}”; " if relation else ""  # the data set's own word for the link, in its slot
    evidence = _EVIDENCE[hop.status].format(cited=cited) if hop.status in _EVIDENCE else f"{hop.status}; {cited}"
    return f"({named}{evidence})"


#: How a sentence opens a claim, by evidence status: "It is alleged that ...".
_CLAIM_OPENINGS = Words({
    "documented": N_("it is documented that"),
    "acknowledged": N_("the institution acknowledges that"),
    "reported": N_("it is reported in the news that"),
    "alleged": N_("it is alleged that"),
    "disputed": N_("it is claimed, and denied by the institution, that"),
    "unknown": N_("the data set records, with no evidence status, that"),
})


#: Values other tools write in a relation-like column that name a kind of graph, not a relation (Gephi's
#: ``Type`` column): a sentence leaves them out.
_NOT_RELATIONS = frozenset({"directed", "undirected", "mutual", "edge", "link"})


def _relation(hop: Hop) -> str:
    relation = hop.relation.strip()
    return "" if relation.lower() in _NOT_RELATIONS else relation


def _things(ds: Dataset, hop: Hop) -> tuple[str, int]:
    """What moves on a hop, as a noun phrase (what its links carry, else what its relation moves), and its
    grammatical number for a verb that agrees with it."""
    return things_phrase(ds, hop.edge_ids if hop.carries else (), hop.relation)


def _when(ds: Dataset, route: Route) -> tuple[str, bool]:
    """The time phrase that opens a route's sentence, and whether it is told in the present tense."""
    w = route.window
    if route.open_today:
        return (timewords.since_opening(route.open_since) if route.open_since else ""), True
    if route.as_of is not None:  # a dated view tells the route on its date
        return timewords.on_opening(route.as_of.isoformat()), False
    first, last = date_words(w.first_text), date_words(w.last_text)
    closing = next((event_title(ev) for ev in ds.events if w.closed_by and w.closed_by in ev.closes and ev.title), "")
    if last and closing:  # the date a link closed is only what the event that closed it gives
        last = f"{last} ({closing})"
    if first and last and w.first is not None and w.last is not None:
        if w.first <= w.last:
            return timewords.between_opening(w.first_text, w.last_text, last), False
        return timewords.held_opening(w.first_text, w.last_text, last), False
    if last:
        return timewords.until_opening(w.last_text, last), False
    return _("At a time the sources do not date, "), False


def _continuity(ds: Dataset, route: Route, present: bool, cite: Callable[[tuple[str, ...]], str] | None) -> str:
    """What the sources do and do not show about records going on at each middle institution."""
    gaps = []
    for hop_in, step in zip(route.told_hops, route.handoffs, strict=False):
        at, to = institution(ds, step.at), institution(ds, step.passed_to)
        things = _things(ds, hop_in)[0]
        if not step.established:
            missing = gap(at, to, things, present)
            if step.basis == "recorded" and step.sources:
                missing += f" {cite(step.sources)}" if cite else f" ({cited_text(ds, step.sources)})"
            gaps.append(missing)
        elif step.basis == "recorded" and STATUS_RANK[step.status] > STATUS_RANK[route.links_strength]:
            cited = cite(step.sources) if cite else f"({cited_text(ds, step.sources)})"
            own = text(step.handoff, "claim") if step.handoff is not None else step.claim
            claim = own or some_of(at, to, things, present)  # the claim in its own words, if given
            gaps.append(f"{_CLAIM_OPENINGS[step.status]} {claim} {cited}")
    if not gaps:
        return ""
    statuses = {h.status for h in route.told_hops}
    links = (_EACH_LINK if len(statuses) == 1 else _WEAKEST_LINK_IS)[route.links_strength]
    # Translators: "Each link is documented, but no source shows that ...; and ...".
    line = _("{links}, but {gaps}.").format(links=links, gaps=_("; and ").join(gaps))
    return line[0].upper() + line[1:]


def route_sentence(ds: Dataset, route: Route, cite: Callable[[tuple[str, ...]], str] | None = None) -> str:
    """Sentences a reader can quote: what moves on each hop, from where to where, with its evidence and
    sources; in the present tense only for a route open today; and what is not shown about records going on
    at the institutions in between. A route with a handoff that is not established is a *possible* route.

    Examples
    --------
    >>> import network
    >>> rs = network.trace(network.load(), origins="ebhs")
    >>> "East Boston High School" in rs.routes[0].sentence
    True
    """
    when, present = _when(ds, route)
    parts = []
    previous = previous_go = None
    for i, hop in enumerate(route.told_hops):
        (things, n), target = _things(ds, hop), institution(ds, hop.target)
        evidence = hop_evidence(ds, hop, cite)
        go = _go(hop, present)
        if i == 0:
            parts.append(first_hop(things, n, institution(ds, hop.source), target, evidence, go))
        elif things == previous and go == previous_go:
            parts.append(_("then on to {target} {evidence}").format(target=target, evidence=evidence))
        else:
            parts.append(next_hop(things, n, target, evidence, go))
        previous, previous_go = things, go
    body = ", ".join(parts)
    first = when + body if when else body[0].upper() + body[1:]
    sentence = (_("Possible route: ") + first[0].lower() + first[1:] if route.possible and not when else
                (_("Possible route. ") if route.possible else "") + first) + "."
    extra = " ".join(x for x in (_continuity(ds, route, present, cite), _earlier(route)) if x)
    return contract(f"{sentence} {extra}" if extra else sentence)


def _go(hop: Hop, present: bool) -> str:
    """'can go', 'could go'; for a link that the data set names as a permission, 'may go' / 'was permitted to
    go': a rule that allows a flow is not evidence that anything moves. The modal alone: the words are
    hopwords'."""
    if _relation(hop).lower().replace("_", " ").endswith(("permitted", "allowed")):
        return "may" if present else "was permitted"
    return "can" if present else "could"


def _earlier(route: Route) -> str:
    """For a route told as it stands today: that before then it ran over other links, when it did."""
    since, w = route.open_since, route.window
    if not route.open_today or not since:
        return ""
    first = parse_date(since)
    if w.first is not None and first is not None and w.first >= first.toordinal():
        return ""
    return timewords.earlier_line(since)


def outcome_sentence(ds: Dataset, event: Event, cite: Callable[[tuple[str, ...]], str] | None = None) -> str:
    """An outcome in words: that a record reached an institution, and that its route is not established.

    Examples
    --------
    >>> from network.model import Dataset, Edge, Event, Node
    >>> ds = Dataset.build([Node("s", "A school"), Node("i", "ICE")], [Edge("e", "s", "i")],
    ...                    events=[Event("o", "2016", "A report used in a removal case", reached_from="s",
    ...                                  reached="i", status="documented")])
    >>> outcome_sentence(ds, ds.events[0])
    'It is documented that a record from A school reached ICE (A report used in a removal case, 2016; no \
source cited); which route it took is not established.'
    """
    opening = _CLAIM_OPENINGS.get(event.status or "unknown", _CLAIM_OPENINGS["unknown"])
    cited = ((cite(event.sources) if cite else cited_text(ds, event.sources)) if event.sources
             else _("no source cited"))
    detail = ", ".join(x for x in (event_title(event), date_words(event.date)) if x)
    sentence = _("{opening} a record from {origin} reached {target} ({detail}; {cited}); which route it took is "
                 "not established.").format(opening=opening, origin=institution(ds, event.reached_from),
                                            target=institution(ds, event.reached), detail=detail, cited=cited)
    sentence = contract(sentence)
    return sentence[0].upper() + sentence[1:]


def outcomes_for(ds: Dataset, origins: Iterable[str], targets: Iterable[str], routes: Iterable[Route],
                 as_of: str | None = None) -> list[Event]:
    """The outcomes to show beside a query's routes: from an origin or an institution on a route, to a target,
    and, with a date, only once they had surely happened ('2016' counts from the end of 2016)."""
    on_routes = set(origins) | {n for r in routes for n in r.nodes}
    wanted = set(targets)
    day = parse_date(as_of) if as_of else None
    return [ev for ev in ds.outcomes if ev.reached_from in on_routes and ev.reached in wanted
            and (day is None or (last_day(ev.date) or ev.day) <= day)]


def route_outcomes(ds: Dataset, rs: RouteSet) -> list[Event]:
    """The outcomes shown beside a route set (documented arrivals whose route is not established)."""
    return outcomes_for(ds, rs.query["origins"], rs.query["targets"], rs.routes, rs.query.get("as_of"))


#: Shown in place of each route's continuity when a data set records none; marked here, translated where shown
#: (``_(CONTINUITY_NOT_ASSESSED)``).
CONTINUITY_NOT_ASSESSED = N_("Continuity not assessed: this data set records no handoffs and nothing that its "
                             "links carry, so each route is as strong as its weakest link, and nothing shows that a "
                             "record goes on at the institutions in between.")
