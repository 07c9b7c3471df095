"""The data sets this server shows, by key: the served one ('default') and uploads, read back from disk.

Uploads are found by a key only their browser can form (see ``uploads``); once read, a few are kept in
memory, least recently used first out. A registered data set is never changed: no per-user state lives here.
"""

from __future__ import annotations

from collections import OrderedDict

from ..model import Dataset
from . import uploads

__all__ = ["register", "get", "find", "DEFAULT_KEY"]

DEFAULT_KEY = "default"
_SERVED: dict[str, Dataset] = {}
_UPLOADED: OrderedDict[str, Dataset] = OrderedDict()
_KEEP_UPLOADS = 8


def register(ds: Dataset, key: str = DEFAULT_KEY) -> str:
    """Make a data set available to callbacks under ``key`` (the served one is 'default')."""
    if key == DEFAULT_KEY or not uploads.is_storage_key(key):
        _SERVED[key] = ds
    else:
        _UPLOADED[key] = ds
        _UPLOADED.move_to_end(key)
        while len(_UPLOADED) > _KEEP_UPLOADS:
            _UPLOADED.popitem(last=False)
    return key


def find(key: str | None) -> Dataset | None:
    """The data set for a key, reading an upload from disk if this worker has not seen it; None if unknown."""
    if not key:
        return _SERVED.get(DEFAULT_KEY)
    if key in _SERVED:
        return _SERVED[key]
    if key in _UPLOADED:
        _UPLOADED.move_to_end(key)
        return _UPLOADED[key]
    if uploads.is_storage_key(key):
        ds = uploads.load_upload(key)
        if ds is not None:
            register(ds, key)
        return ds
    return None


def get(key: str | None = None) -> Dataset:
    """The data set for a key; an unknown key falls back to the served data set."""
    return find(key if isinstance(key, str) else None) or _SERVED[DEFAULT_KEY]
