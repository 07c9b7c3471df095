"""Time: which links are open on a date, and what changed between two dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .i18n import _
from .model import Dataset, Edge, Event
from .paths import trace
from .query import CAPS, as_date
from .routes import Route, RouteSet

__all__ = ["open_edges", "events_between", "diff", "Diff"]


def open_edges(ds: Dataset, day: str | dt.date) -> list[Edge]:
    """Every link (flow and context) open on a date: started on or before it, and not yet ended.

    Examples
    --------
    >>> import network
    >>> len(open_edges(network.load(), "2016")) > 0
    True
    """
    when = as_date(day, _("date"))
    assert when is not None
    return [e for e in ds.edges if e.is_open_on(when)]


def events_between(ds: Dataset, first: str | dt.date, last: str | dt.date) -> list[Event]:
    """Events dated after ``first`` and on or before ``last``, in date order."""
    a, b = as_date(first, _("first date")), as_date(last, _("second date"))
    assert a is not None and b is not None
    lo, hi = min(a, b), max(a, b)
    return [ev for ev in ds.events if lo < ev.day <= hi]


@dataclass
class Diff:
    """What changed from one date to another: links opened and closed, routes gained and lost."""

    date_a: str
    date_b: str
    opened: list[Edge] = field(default_factory=list)
    closed: list[Edge] = field(default_factory=list)
    routes_gained: list[Route] = field(default_factory=list)
    routes_lost: list[Route] = field(default_factory=list)
    routes_kept: int = 0
    events: list[Event] = field(default_factory=list)
    complete: bool = True

    def as_dict(self) -> dict[str, Any]:
        def edge(e: Edge) -> dict[str, str]:
            return {"id": e.id, "source": e.source, "target": e.target, "relation": e.relation,
                    "start": e.start, "end": e.end}

        return {
            "date_a": self.date_a, "date_b": self.date_b, "complete": self.complete,
            "opened": [edge(e) for e in self.opened], "closed": [edge(e) for e in self.closed],
            "routes_gained": [r.as_dict() for r in self.routes_gained],
            "routes_lost": [r.as_dict() for r in self.routes_lost],
            "routes_kept": self.routes_kept,
            "events": [{"id": v.id, "date": v.date, "title": v.title} for v in self.events],
        }


def diff(
    ds: Dataset,
    date_a: str | dt.date,
    date_b: str | dt.date,
    origins: str | Iterable[str] = "kind:school",
    targets: str | Iterable[str] | None = None,
    max_hops: int = 8,
    max_routes: int | None = CAPS["diff"].max_routes,
    time_budget: float | None = CAPS["diff"].time_budget,
    statuses: Iterable[str] | str | None = None,
    relations: Iterable[str] | str | None = None,
    without: Iterable[str] | str = (),
    continuous: bool = False,
) -> Diff:
    """Links opened and closed between two dates, and the routes open at one date and not the other.

    Examples
    --------
    >>> import network
    >>> d = network.diff(network.load(), "2016-01-01", "2022-01-01", origins="ebhs")
    >>> len(d.routes_lost) > 0 and len(d.closed) > 0
    True
    """
    a, b = as_date(date_a, _("first date")), as_date(date_b, _("second date"))
    assert a is not None and b is not None
    at_a = {e.id for e in ds.edges if e.is_open_on(a)}
    at_b = {e.id for e in ds.edges if e.is_open_on(b)}

    def routes_on(day: dt.date) -> RouteSet:
        return trace(ds, origins=origins, targets=targets, max_hops=max_hops, max_routes=max_routes,
                     time_budget=time_budget, statuses=statuses, relations=relations, as_of=day, without=without,
                     continuous=continuous)

    rs_a, rs_b = routes_on(a), routes_on(b)
    keys_a = {r.nodes for r in rs_a.routes}
    keys_b = {r.nodes for r in rs_b.routes}
    return Diff(
        date_a=a.isoformat(),
        date_b=b.isoformat(),
        opened=[e for e in ds.edges if e.id in at_b - at_a],
        closed=[e for e in ds.edges if e.id in at_a - at_b],
        routes_gained=[r for r in rs_b.routes if r.nodes not in keys_a],
        routes_lost=[r for r in rs_a.routes if r.nodes not in keys_b],
        routes_kept=len(keys_a & keys_b),
        events=events_between(ds, a, b),
        complete=rs_a.complete and rs_b.complete,
    )
