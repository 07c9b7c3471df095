"""Plain-language sentences for routes, naming each institution, what flows, the evidence and its sources; the
question a view answers; a route's strength and time in words; the outcomes shown beside a query's routes.

Every medium (the explorer, slides, handout, export, command line) takes its words from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .citations import cited_text
from .flowindex import Hop
from .model import Dataset, Event, parse_date
from .timing import date_words, last_day
from .vocabulary import STATUS_MEANINGS, STATUS_RANK

if TYPE_CHECKING:  # types only: routes asks this module for its sentences, and views are built above it
    from .routes import Route, RouteSet
    from .viewstate import ViewState

__all__ = ["route_sentence", "hop_evidence", "ref_names", "question", "no_route_reason", "strength_line",
           "time_line", "outcome_sentence", "outcomes_for", "route_outcomes", "CONTINUITY_NOT_ASSESSED"]

_EVIDENCE_WORDS = {
    "documented": "documented",
    "acknowledged": "acknowledged by the institution",
    "reported": "reported in the news",
    "alleged": "alleged",
    "disputed": "disputed: claimed, and denied by the institution",
    "unknown": "evidence not stated",
}
_MAX_TITLES = 1  # a quotable sentence: the first source by name; every source is listed beside it


def ref_names(ds: Dataset, refs: Iterable[str]) -> list[str]:
    """Institutions named as a reader would: a label, or 'any school' for kind:school.

    Examples
    --------
    >>> import network
    >>> ref_names(network.load(), ["ebhs", "kind:immigration_enforcement"])
    ['East Boston High School', 'any immigration enforcement']
    """
    return [f"any {r[5:].replace('_', ' ')}" if r.startswith("kind:") else ds.label(r) for r in refs]


def _names(ds: Dataset, refs: tuple[str, ...]) -> str:
    return " or ".join(ref_names(ds, refs)) or "nowhere"


def question(ds: Dataset, state: ViewState) -> str:
    """The question a view answers, in words."""
    when = f", as of {state.as_of}" if state.as_of else ""
    return (f"By which routes can a student's record at {_names(ds, state.origins)} reach "
            f"{_names(ds, state.targets)}{when}?")


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
    names = [ds.label(o) for o in dict.fromkeys(origins)]
    both = f"{names[0]} is" if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]} are"
    return f"{both} both where the records start and where they end: pick a different end."


def strength_line(ds: Dataset, route: Route) -> str:
    """The route's strength in words, with its weakest link beside it and, for a possible route, why:
    'Strength: unknown (a handoff is not established); weakest link: acknowledged (the institution itself says
    so); a possible route: it is not established that records are passed on at Boston Police Department.'"""
    s, links = route.strength, route.links_strength
    if not route.continuity_assessed:
        return f"Strength: {s} ({STATUS_MEANINGS[s]}), that of its weakest link; continuity not assessed."
    gaps = [ds.label(h.at) for h in route.handoffs if not h.established]
    weakest = [ds.label(h.at) for h in route.handoffs if h.established and h.status == s]
    if s == links:
        why = STATUS_MEANINGS[s]
    elif gaps and s == "unknown":
        why = "a handoff is not established"
    else:
        why = f"{STATUS_MEANINGS[s]}: the handoff at {' and '.join(weakest) or 'an institution on it'}"
    text = f"Strength: {s} ({why}); weakest link: {links}"
    if links != s:
        text += f" ({STATUS_MEANINGS[links]})"
    if gaps:
        text += f"; a possible route: it is not established that records are passed on at {' or '.join(gaps)}"
    return text + "."


def time_line(route: Route, rs: RouteSet) -> str:
    """Whether the route is open today, when the view covers all dates: 'Closed today: could be taken between
    2014 and 20 October 2021.' Empty for a view as of one date, or a data set with no dates."""
    if not rs.over_all_dates:
        return ""
    w = route.window
    first, last = date_words(w.first_text), date_words(w.last_text)
    if route.open_today:
        return f"Open today (since {first})." if first else "Open today."
    if first and last:
        return f"Closed today: could be taken between {first} and {last}."
    if last:
        return f"Closed today: could be taken until {last}."
    return "Closed today."


def hop_evidence(ds: Dataset, hop: Hop, cite: Callable[[tuple[str, ...]], str] | None = None) -> str:
    """The evidence of a hop in words, with its sources: '(documented; Title (Publisher, 2020))'.

    ``cite`` turns the hop's source ids into text (a handout uses numbers like '[1, 2]'); by default the
    first source titles are named.
    """
    if cite is not None:
        cited = cite(hop.sources) if hop.sources else "no source cited"
    else:
        cited = cited_text(ds, hop.sources, _MAX_TITLES)
    relation = _relation(hop)
    named = f"“{_words(relation)}”; " if relation else ""  # the data set's own word for the link, in its slot
    return f"({named}{_EVIDENCE_WORDS.get(hop.status, hop.status)}; {cited})"


#: How a sentence opens a claim, by evidence status: "It is alleged that ...".
_CLAIM_OPENINGS = {
    "documented": "it is documented that",
    "acknowledged": "the institution acknowledges that",
    "reported": "it is reported in the news that",
    "alleged": "it is alleged that",
    "disputed": "it is claimed, and denied by the institution, that",
    "unknown": "the data set records, with no evidence status, that",
}

#: What moves on a link of a known relation, when the link does not say what it carries.
_RELATION_THINGS = {
    "reports_incidents": "incident reports",
    "shares_reports": "reports",
    "hands_over_reports": "reports",
    "school_records": "school records",
    "enters_records": "records",
    "shares_personal_data": "personal data",
    "answers_requests": "answers to requests",
    "criminal_cooperation": "information shared in criminal investigations",
    "used_in_removal": "records used in removal cases",
    "used_as_evidence": "evidence",
}


#: Values other tools write in a relation-like column that name a kind of graph, not a relation (Gephi's
#: ``Type`` column): a sentence leaves them out.
_NOT_RELATIONS = frozenset({"directed", "undirected", "mutual", "edge", "link"})


def _relation(hop: Hop) -> str:
    relation = hop.relation.strip()
    return "" if relation.lower() in _NOT_RELATIONS else relation


def _words(relation: str) -> str:
    return " ".join(relation.replace("_", " ").split())


def _things(hop: Hop) -> str:
    """What moves on a hop, as a noun phrase: what its links carry, else what its relation moves."""
    if hop.carries:
        names = list(dict.fromkeys(v.strip() for part in hop.carries.split(", or ") for v in part.split(";")
                                   if v.strip()))
        return " or ".join(names)
    return _RELATION_THINGS.get(hop.relation.strip().lower(), "information")


def _when(ds: Dataset, route: Route) -> tuple[str, bool]:
    """The time phrase that opens a route's sentence, and whether it is told in the present tense."""
    w = route.window
    if route.open_today:
        return (f"Since {date_words(route.open_since)}, " if route.open_since else ""), True
    if route.as_of is not None:  # a dated view tells the route on its date
        return f"On {date_words(route.as_of.isoformat())}, ", False
    first, last = date_words(w.first_text), date_words(w.last_text)
    closing = next((ev.title for ev in ds.events if w.closed_by and w.closed_by in ev.closes and ev.title), "")
    if last and closing:  # the date a link closed is only what the event that closed it gives
        last = f"{last} ({closing})"
    if first and last and w.first is not None and w.last is not None:
        if w.first <= w.last:
            return f"Between {first} and {last}, ", False
        # the links were never open at once: only a record held somewhere in between could take the route
        return f"For a record sent before {last} and passed on from {first}, ", False
    if last:
        return f"Until {last}, ", False
    return "At a time the sources do not date, ", False


def _continuity(ds: Dataset, route: Route, present: bool, cite: Callable[[tuple[str, ...]], str] | None) -> str:
    """What the sources do and do not show about records going on at each middle institution."""
    gaps = []
    for hop_in, step in zip(route.told_hops, route.handoffs, strict=False):
        at, to = ds.label(step.at), ds.label(step.passed_to)
        passes, receives = ("passes", "receives") if present else ("passed", "received")
        what = f"the {_things(hop_in)} it {receives}"
        if not step.established:
            gap = f"no source shows that {at} {passes} {what} on to {to}"
            if step.basis == "recorded" and step.sources:
                gap += f" {cite(step.sources)}" if cite else f" ({cited_text(ds, step.sources)})"
            gaps.append(gap)
        elif step.basis == "recorded" and STATUS_RANK[step.status] > STATUS_RANK[route.links_strength]:
            cited = cite(step.sources) if cite else f"({cited_text(ds, step.sources)})"
            claim = step.claim or f"{at} {passes} some of {what} on to {to}"  # the claim in its own words, if given
            gaps.append(f"{_CLAIM_OPENINGS[step.status]} {claim} {cited}")
    if not gaps:
        return ""
    statuses = {h.status for h in route.told_hops}
    links = (f"each link is {_EVIDENCE_WORDS[route.links_strength]}" if len(statuses) == 1 else
             f"its weakest link is {_EVIDENCE_WORDS[route.links_strength]}")
    text = f"{links}, but " + "; and ".join(gaps) + "."
    return text[0].upper() + text[1:]


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
        things, target = _things(hop), ds.label(hop.target)
        evidence = hop_evidence(ds, hop, cite)
        go = _go(hop, present)
        if i == 0:
            parts.append(f"{things} {go} from {ds.label(hop.source)} to {target} {evidence}")
        elif things == previous and go == previous_go:
            parts.append(f"then on to {target} {evidence}")
        else:
            parts.append(f"then {things} {go} on to {target} {evidence}")
        previous, previous_go = things, go
    body = ", ".join(parts)
    first = when + body if when else body[0].upper() + body[1:]
    text = ("Possible route: " + first[0].lower() + first[1:] if route.possible and not when else
            ("Possible route. " if route.possible else "") + first) + "."
    extra = " ".join(x for x in (_continuity(ds, route, present, cite), _earlier(route)) if x)
    return f"{text} {extra}" if extra else text


def _go(hop: Hop, present: bool) -> str:
    """'can go', 'could go'; for a link that the data set names as a permission, 'may go' / 'was permitted to
    go': a rule that allows a flow is not evidence that anything moves."""
    if _relation(hop).lower().replace("_", " ").endswith(("permitted", "allowed")):
        return "may go" if present else "was permitted to go"
    return "can go" if present else "could go"


def _earlier(route: Route) -> str:
    """For a route told as it stands today: that before then it ran over other links, when it did."""
    since, w = route.open_since, route.window
    if not route.open_today or not since:
        return ""
    first = parse_date(since)
    if w.first is not None and first is not None and w.first >= first.toordinal():
        return ""
    return f"Before {date_words(since)}, it could be taken over other links; pick an earlier date to see them."


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
    cited = (cite(event.sources) if cite else cited_text(ds, event.sources)) if event.sources else "no source cited"
    detail = ", ".join(x for x in (event.title, date_words(event.date)) if x)
    text = (f"{opening} a record from {ds.label(event.reached_from)} reached {ds.label(event.reached)} "
            f"({detail}; {cited}); which route it took is not established.")
    return text[0].upper() + text[1:]


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


CONTINUITY_NOT_ASSESSED = ("Continuity not assessed: this data set records no handoffs and nothing that its links "
                           "carry, so each route is as strong as its weakest link, and nothing shows that a record "
                           "goes on at the institutions in between.")
