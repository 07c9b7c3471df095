"""The data sets this server shows, by key. Read-only once registered: no per-user state lives here."""

from __future__ import annotations

from ..model import Dataset

__all__ = ["register", "get", "DEFAULT_KEY"]

DEFAULT_KEY = "default"
_REGISTRY: dict[str, Dataset] = {}


def register(ds: Dataset, key: str = DEFAULT_KEY) -> str:
    """Make a data set available to callbacks under ``key`` (the served one is 'default')."""
    _REGISTRY[key] = ds
    return key


def get(key: str | None = None) -> Dataset:
    """The data set for a key; an unknown key falls back to the served data set."""
    return _REGISTRY.get(key or DEFAULT_KEY) or _REGISTRY[DEFAULT_KEY]
