"""The printed handout of a view: title, date, data set and license, the map, each route as a sentence with
numbered citations, the levers, and every source with its address.

``build_handout`` gathers the content (pure); ``network.handout_pdf`` draws it as a PDF, and
``network.pages`` as a printable web page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .errors import NetworkDataError
from .levers import levers
from .model import Dataset
from .narrative import route_sentence
from .paths import Route, trace
from .presentation import Citation, question
from .viewstate import ViewState

__all__ = ["Handout", "HandoutRoute", "build_handout", "MAX_HANDOUT_ROUTES"]

MAX_HANDOUT_ROUTES = 100


@dataclass(frozen=True)
class HandoutRoute:
    number: int
    labels: tuple[str, ...]
    strength: str
    sentence: str  # with numbered citations like [3, 4]
    route: Route


@dataclass
class Handout:
    title: str
    question: str
    dataset: str
    license: str
    date: str
    summary: str
    state: ViewState
    routes: list[HandoutRoute] = field(default_factory=list)
    levers: str = ""
    chokepoints: list[str] = field(default_factory=list)
    sources: list[tuple[int, Citation]] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    omitted: int = 0  # routes found but not printed


def build_handout(ds: Dataset, state: ViewState, today: dt.date | None = None) -> Handout:
    """Everything a handout prints for a view; citations are numbered in order of first use.

    Examples
    --------
    >>> import network
    >>> from network.viewstate import decode, validate
    >>> h = build_handout(network.load(), validate(network.load(), decode("?from=ebhs&asof=2016-06-01"))[0])
    >>> len(h.routes), h.sources[0][0]
    (6, 1)
    """
    today = today or dt.date.today()
    h = Handout(
        title="Entanglement Map handout",
        question=question(ds, state),
        dataset=ds.title,
        license=str(ds.meta.get("license", "not stated")),
        date=today.isoformat(),
        summary="",
        state=state,
        gaps=[str(g) for g in ds.meta.get("known_gaps", [])] if isinstance(ds.meta.get("known_gaps"), list) else [],
    )
    if not state.origins or not state.targets:
        h.summary = "No origin or target was chosen."
        return h
    try:
        rs = trace(ds, max_routes=1000, time_budget=10.0, **state.trace_args())
    except NetworkDataError as err:
        h.summary = str(err)
        return h
    h.summary = rs.describe().capitalize() + "."
    numbers: dict[str, int] = {}

    def cite(ids: tuple[str, ...]) -> str:
        for sid in ids:
            numbers.setdefault(sid, len(numbers) + 1)
        return "[" + ", ".join(str(numbers[s]) for s in ids) + "]"

    shown = rs.routes[:MAX_HANDOUT_ROUTES]
    h.omitted = rs.count - len(shown)
    for i, r in enumerate(shown, 1):
        h.routes.append(HandoutRoute(i, r.labels, r.strength, route_sentence(ds, r, cite), r))
    if rs.routes:
        lv = levers(ds, time_budget=10.0, **state.trace_args())
        h.levers = lv.describe(ds)
        h.chokepoints = [f"{c.share:.0%} of routes pass through {c.label}" for c in lv.chokepoints[:5]]
    for sid, n in numbers.items():
        src = ds.sources.get(sid)
        citation = (Citation(src.title or sid, ", ".join(x for x in (src.publisher, src.date) if x), src.url)
                    if src else Citation(sid, "", ""))
        h.sources.append((n, citation))
    return h
