"""What the browser's stores hold, and how a callback reads them back: checked, since a client can post anything.

The query store holds the checked view (``ViewState`` fields but the route) and ``dataset``, the key of the data
set on screen; the route store holds the selected route. Every callback that needs a data set takes it from the
query store, so it works on the data set on screen, served or uploaded.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from ..model import Dataset
from ..viewstate import ViewState, validate
from . import datasets, uploads

__all__ = ["dataset_key", "dataset_of", "view_of", "query_data"]


def dataset_key(query: Any) -> str:
    """The key of the data set on screen, from the query store ('default' when it names none, or names one in a
    form no key has: a forged store's key never goes back to the page)."""
    key = query.get("dataset") if isinstance(query, dict) else None
    return key if isinstance(key, str) and uploads.is_storage_key(key) else datasets.DEFAULT_KEY


def dataset_of(query: Any) -> Dataset:
    """The data set on screen (the served one when the store names none this server knows)."""
    return datasets.get(dataset_key(query))


def view_of(ds: Dataset, query: Any, route: Any = "") -> ViewState:
    """The checked view in the query store, with the selected route."""
    raw = dict(query) if isinstance(query, dict) else {}
    raw["route"] = route if isinstance(route, str) else ""
    state, _ = validate(ds, raw)
    return state


def query_data(state: ViewState, key: str) -> dict[str, Any]:
    """What the query store holds for a view of a data set: the view (without its route) and the key."""
    data = {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(state).items() if k != "route"}
    data["dataset"] = key
    return data
