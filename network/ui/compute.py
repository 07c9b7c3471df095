"""The analysis behind a view, memoised by data set and query so that the callbacks of one view share it.

A memo of pure results, not per-user state: any worker computes the same answer for the same inputs.
"""

from __future__ import annotations

from functools import lru_cache

from ..levers import Levers, levers
from ..model import Dataset
from ..paths import RouteSet, trace
from ..viewstate import ViewState

__all__ = ["routes_for", "levers_for", "UI_MAX_ROUTES", "UI_TIME_BUDGET"]

UI_MAX_ROUTES = 1000
UI_TIME_BUDGET = 2.0


def _key(state: ViewState) -> ViewState:
    return ViewState(**state.query_part())  # display-only fields do not change the answer


@lru_cache(maxsize=64)
def _routes(ds: Dataset, state: ViewState) -> RouteSet:
    return trace(ds, max_routes=UI_MAX_ROUTES, time_budget=UI_TIME_BUDGET, **state.trace_args())


@lru_cache(maxsize=64)
def _levers(ds: Dataset, state: ViewState) -> Levers:
    return levers(ds, time_budget=UI_TIME_BUDGET, **state.trace_args())


def routes_for(ds: Dataset, state: ViewState) -> RouteSet:
    """The routes of a view (shortest first, at most UI_MAX_ROUTES, within UI_TIME_BUDGET seconds)."""
    return _routes(ds, _key(state))


def levers_for(ds: Dataset, state: ViewState) -> Levers:
    """The cuts and chokepoints of a view."""
    return _levers(ds, _key(state))
