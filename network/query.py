"""A query: what it admits (filters), how much each medium searches (caps), and the query made ready for a
search (origins and targets resolved, the flow index built). trace, levers and diff all start here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from types import MappingProxyType
from typing import Any

from .errors import QueryError
from .feasibility import Steps
from .flowindex import HARD_MAX_HOPS, FlowIndex, flow_index
from .i18n import _
from .model import Dataset, Edge, parse_date
from .refs import as_list, resolve_edges, resolve_nodes
from .vocabulary import STATUSES

__all__ = ["Filters", "make_filters", "as_date", "Caps", "CAPS", "Query", "prepare", "DEFAULT_TARGETS",
           "HARD_MAX_HOPS"]

DEFAULT_TARGETS = "kind:immigration_enforcement"


@dataclass(frozen=True)
class Caps:
    """How much one medium searches: routes kept and seconds, and how many routes it shows one by one (0 for a
    medium that shows every route it keeps, or none one by one)."""

    max_routes: int | None
    time_budget: float | None
    shown: int = 0

    def trace_args(self) -> dict[str, Any]:
        return {"max_routes": self.max_routes, "time_budget": self.time_budget}


#: The caps of every medium, in one table: what a reader waits for in each, and what fits in it.
CAPS: MappingProxyType[str, Caps] = MappingProxyType({
    "explorer": Caps(max_routes=1000, time_budget=2.0),  # an answer while the reader waits
    "default": Caps(max_routes=1000, time_budget=2.0),  # trace's, levers' and entangle paths' own defaults
    "slides": Caps(max_routes=1000, time_budget=5.0, shown=10),  # a hearing has time for ten routes
    "story": Caps(max_routes=200, time_budget=5.0),  # a story step's map
    "handout": Caps(max_routes=1000, time_budget=10.0, shown=100),  # print: every route up to a hundred
    "diff": Caps(max_routes=None, time_budget=10.0),  # routes gained and lost need every route at both dates
    "warmup": Caps(max_routes=1, time_budget=1.0),  # the server's first query, to build the index at start
})


@dataclass(frozen=True)
class Filters:
    """What a query admits: statuses, relations, an as-of date, and what-if removals (all hashable)."""

    statuses: frozenset[str] | None = None
    relations: frozenset[str] | None = None
    as_of: dt.date | None = None
    without_nodes: frozenset[str] = frozenset()
    without_pairs: frozenset[tuple[str, str]] = frozenset()

    def admits(self, e: Edge) -> bool:
        return (
            (self.statuses is None or e.status in self.statuses)
            and (self.relations is None or e.relation in self.relations)
            and (self.as_of is None or e.is_open_on(self.as_of))
            and e.source not in self.without_nodes
            and e.target not in self.without_nodes
            and (e.source, e.target) not in self.without_pairs
        )

    @property
    def admits_all(self) -> bool:
        """Whether every link passes (the common case: the index skips a call per link)."""
        return self == _ADMIT_ALL


_ADMIT_ALL = Filters()


def as_date(value: str | dt.date | None, name: str = "as_of") -> dt.date | None:
    """A date from YYYY, YYYY-MM or YYYY-MM-DD (or a date); a bad one is a QueryError naming ``name``."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return parse_date(value)
    except ValueError as err:
        raise QueryError(_("{name}: {problem}. Write YYYY, YYYY-MM or YYYY-MM-DD.").format(name=name, problem=err)
                         ) from err


def make_filters(
    ds: Dataset,
    statuses: Iterable[str] | str | None = None,
    relations: Iterable[str] | str | None = None,
    as_of: str | dt.date | None = None,
    without: Iterable[str] | str = (),
) -> Filters:
    """Check and normalise a query's filters; raise QueryError or UnknownNodeError on bad values.

    Examples
    --------
    >>> import network
    >>> make_filters(network.load(), statuses="documented,acknowledged").statuses == {"documented", "acknowledged"}
    True
    """

    def split(value: Iterable[str] | str | None) -> frozenset[str] | None:
        if value is None:
            return None
        items = value.split(",") if isinstance(value, str) else list(value)
        return frozenset(str(v).strip().lower() for v in items if str(v).strip())

    status_set = split(statuses)
    if status_set is not None:
        unknown = sorted(status_set - set(STATUSES))
        if unknown:
            raise QueryError(_("unknown status {statuses}; use any of: {known}.").format(
                statuses=", ".join(unknown), known=", ".join(STATUSES)))
    nodes, pairs = resolve_edges(ds, as_list(without))
    return Filters(status_set, split(relations), as_date(as_of), frozenset(nodes), frozenset(pairs))


@dataclass(frozen=True)
class Query:
    """A checked query: resolved origins and targets as index positions, filters and limits."""

    ds: Dataset
    index: FlowIndex
    origins: tuple[int, ...]
    targets: frozenset[int]
    max_hops: int
    filters: Filters
    steps: Steps

    @cached_property
    def dist(self) -> list[int]:
        return self.index.distances_to(self.targets)

    def describe(self) -> dict[str, Any]:
        f = self.filters
        return {
            "origins": [self.index.names[o] for o in self.origins],
            "targets": sorted(self.index.names[t] for t in self.targets),
            "max_hops": self.max_hops,
            "statuses": sorted(f.statuses) if f.statuses is not None else None,
            "relations": sorted(f.relations) if f.relations is not None else None,
            "as_of": f.as_of.isoformat() if f.as_of else None,
            "without": sorted(f.without_nodes) + sorted(f"{a}->{b}" for a, b in f.without_pairs),
            "continuous": self.steps.continuous,
        }


def prepare(
    ds: Dataset,
    origins: str | Iterable[str] = "kind:school",
    targets: str | Iterable[str] | None = None,
    max_hops: int = HARD_MAX_HOPS,
    statuses: Iterable[str] | str | None = None,
    relations: Iterable[str] | str | None = None,
    as_of: str | dt.date | None = None,
    without: Iterable[str] | str = (),
    continuous: bool = False,
    today: str | dt.date | None = None,
) -> Query:
    """Check a query's arguments and resolve its references (shared by trace, levers and diff).

    ``continuous`` admits only routes whose every handoff is established; ``today`` is the date that
    ``open_today`` refers to (the computer's date when None).
    """
    if isinstance(max_hops, bool) or not isinstance(max_hops, int) or not 1 <= max_hops <= HARD_MAX_HOPS:
        raise QueryError(_("max_hops must be a whole number from 1 to {most}, not {value}.").format(
            most=HARD_MAX_HOPS, value=repr(max_hops)))
    filters = make_filters(ds, statuses, relations, as_of, without)
    index = flow_index(ds, filters)
    origin_ids = resolve_nodes(ds, origins)
    target_ids = resolve_nodes(ds, targets if targets is not None else DEFAULT_TARGETS)
    if not origin_ids:
        raise QueryError(_("no origin given: name at least one institution, or kind:KIND."))
    if not isinstance(continuous, bool):
        raise QueryError(_("continuous must be True or False, not {value}.").format(value=repr(continuous)))
    today_date = make_filters(ds, as_of=today).as_of if today is not None else None
    removed = filters.without_nodes
    kept = [o for o in origin_ids if o not in removed] if removed else origin_ids
    return Query(
        ds=ds,
        index=index,
        origins=tuple(map(index.pos.__getitem__, kept)),
        targets=frozenset(index.pos[t] for t in target_ids if t not in removed),
        max_hops=max_hops,
        filters=filters,
        steps=Steps(ds, index, continuous, today_date),
    )


