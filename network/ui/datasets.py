"""The data sets a server shows, kept on its Flask app: the served one ('default') and uploads read back from disk.

``create_app`` calls ``install``; callbacks and pages then find the data set on screen with ``get(key)``, which
looks in the app handling the request (``flask.current_app``), so two apps in one process never share data sets
and nothing lives in a module global. Uploads are found by a key only their browser can form (see ``uploads``);
once read, a few are kept in memory, least recently used first out. A data set is never changed once here.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from flask import Flask, current_app

from ..model import Dataset
from . import uploads

__all__ = ["DataSets", "install", "of", "current", "get", "find", "DEFAULT_KEY"]

DEFAULT_KEY = "default"
_EXTENSION = "entanglement_map.datasets"


class DataSets:
    """The served data set and the uploads one app has read lately (at most ``keep`` in memory)."""

    def __init__(self, served: Dataset, keep: int = 8) -> None:
        self.served = served
        self._keep = keep
        self._uploaded: OrderedDict[str, Dataset] = OrderedDict()
        self._lock = threading.Lock()  # requests run in threads

    def add_upload(self, key: str, ds: Dataset) -> None:
        """Keep an accepted upload in memory under its storage key (it is on disk too)."""
        if not uploads.is_storage_key(key):
            raise ValueError("an upload is kept under a storage key")
        with self._lock:
            self._uploaded[key] = ds
            self._uploaded.move_to_end(key)
            while len(self._uploaded) > self._keep:
                self._uploaded.popitem(last=False)

    def find(self, key: str | None) -> Dataset | None:
        """The data set for a key, reading an upload from disk if this app has not seen it; None if unknown."""
        if not key or key == DEFAULT_KEY:
            return self.served
        with self._lock:
            if key in self._uploaded:
                self._uploaded.move_to_end(key)
                return self._uploaded[key]
        if not uploads.is_storage_key(key):
            return None
        ds = uploads.load_upload(key)
        if ds is not None:
            self.add_upload(key, ds)
        return ds

    def get(self, key: str | None = None) -> Dataset:
        """The data set for a key; an unknown key (or any other value a client posts) gives the served one."""
        return self.find(key if isinstance(key, str) else None) or self.served


def install(server: Flask, served: Dataset) -> DataSets:
    """Give an app its data sets (``server.extensions``), the served one first."""
    sets = DataSets(served)
    server.extensions[_EXTENSION] = sets
    return sets


def of(server: Flask) -> DataSets:
    """The data sets of an app."""
    sets = server.extensions[_EXTENSION]
    assert isinstance(sets, DataSets)
    return sets


def current() -> DataSets:
    """The data sets of the app handling this request (or whose app context a test pushed)."""
    return of(current_app)


def find(key: str | None) -> Dataset | None:
    return current().find(key)


def get(key: str | None = None) -> Dataset:
    return current().get(key)
