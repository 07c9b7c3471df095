"""The analysis behind a view, memoised by data set and query so that the callbacks of one view share it.

A memo of pure results, not per-user state: any worker computes the same answer for the same inputs.
"""

from __future__ import annotations

from functools import lru_cache

from .. import i18n
from ..levers import Levers, levers
from ..model import Dataset
from ..paths import trace
from ..query import CAPS
from ..routes import RouteSet
from ..viewstate import ViewState

__all__ = ["routes_for", "levers_for"]

_CAPS = CAPS["explorer"]


def _key(state: ViewState) -> ViewState:
    return ViewState(**state.query_part())  # display-only fields do not change the answer


@lru_cache(maxsize=64)
def _routes(ds: Dataset, state: ViewState) -> RouteSet:
    return trace(ds, **_CAPS.trace_args(), **state.trace_args())


@lru_cache(maxsize=64)
def _levers(ds: Dataset, state: ViewState, _language: str) -> Levers:
    # per language: the chokepoints' and cuts' notes are written with the institutions' names, in the reader's
    return levers(ds, time_budget=_CAPS.time_budget, **state.trace_args())


def routes_for(ds: Dataset, state: ViewState) -> RouteSet:
    """The routes of a view (shortest first, within the explorer's caps)."""
    return _routes(ds, _key(state))


def levers_for(ds: Dataset, state: ViewState) -> Levers:
    """The cuts and chokepoints of a view."""
    return _levers(ds, _key(state), i18n.language())
