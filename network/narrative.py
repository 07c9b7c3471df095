"""Plain-language sentences for routes, naming each institution, what flows, the evidence and its sources."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from .flowindex import Hop
from .model import Dataset

if TYPE_CHECKING:
    from .paths import Route

__all__ = ["route_sentence", "hop_evidence", "source_citation", "ref_names"]

_EVIDENCE_WORDS = {
    "documented": "documented",
    "acknowledged": "acknowledged by the institution",
    "reported": "reported in the news",
    "alleged": "alleged",
    "disputed": "disputed: claimed, and denied by the institution",
    "unknown": "evidence not stated",
}
_MAX_TITLES = 2  # a quotable sentence; every source is listed beside it


def ref_names(ds: Dataset, refs: Iterable[str]) -> list[str]:
    """Institutions named as a reader would: a label, or 'any school' for kind:school.

    Examples
    --------
    >>> import network
    >>> ref_names(network.load(), ["ebhs", "kind:immigration_enforcement"])
    ['East Boston High School', 'any immigration enforcement']
    """
    return [f"any {r[5:].replace('_', ' ')}" if r.startswith("kind:") else ds.label(r) for r in refs]


def source_citation(ds: Dataset, source_id: str) -> str:
    """'Title (Publisher, date)' for a source id, or the id itself when the data set has no such source."""
    src = ds.sources.get(source_id)
    if src is None:
        return source_id
    detail = ", ".join(x for x in (src.publisher, src.date) if x)
    title = src.title or src.id
    return f"{title} ({detail})" if detail else title


def hop_evidence(ds: Dataset, hop: Hop, cite: Callable[[tuple[str, ...]], str] | None = None) -> str:
    """The evidence of a hop in words, with its sources: '(documented; Title (Publisher, 2020))'.

    ``cite`` turns the hop's source ids into text (a handout uses numbers like '[1, 2]'); by default the
    first source titles are named.
    """
    if cite is not None:
        cited = cite(hop.sources) if hop.sources else "no source cited"
    else:
        titles = [source_citation(ds, s) for s in hop.sources[:_MAX_TITLES]]
        if len(hop.sources) > _MAX_TITLES:
            titles.append(f"and {len(hop.sources) - _MAX_TITLES} more")
        cited = "; ".join(titles) if titles else "no source cited"
    return f"({_EVIDENCE_WORDS.get(hop.status, hop.status)}; {cited})"


def _what(hop: Hop) -> str:
    if hop.carries:
        return hop.carries
    return hop.relation.replace("_", " ") if hop.relation else "information"


def route_sentence(ds: Dataset, route: Route, cite: Callable[[tuple[str, ...]], str] | None = None) -> str:
    """One sentence a reader can quote: each hop's institutions, what flows, its evidence and sources.

    Examples
    --------
    >>> import network
    >>> rs = network.trace(network.load(), origins="ebhs")
    >>> rs.routes[0].sentence.startswith("From East Boston High School")
    True
    """
    parts = []
    for i, hop in enumerate(route.hops):
        target = ds.label(hop.target)
        if i == 0:
            parts.append(f"From {ds.label(hop.source)}, {_what(hop)} can reach {target} {hop_evidence(ds, hop, cite)}")
        else:
            parts.append(f"then {_what(hop)} can reach {target} {hop_evidence(ds, hop, cite)}")
    return ", ".join(parts) + "."
