"""The data sets a server shows, kept on its Flask app: the served one ('default') and uploads read back from disk.

``create_app`` calls ``install``; callbacks and pages then find the data set on screen with ``get(key)``, which
looks in the app handling the request (``flask.current_app``), so two apps in one process never share data sets
and nothing lives in a module global. Uploads are found by a key only their browser can form (see ``uploads``)
in the store every worker shares; once read, they are kept in this worker's memory within a budget
(``ENTANGLE_MEMORY_MB``, reckoned from each upload's size), least recently used first out, and read again from the
store when needed. A data set is never changed once here.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict

from flask import Flask, current_app

from ..aggregate import count_groups_now
from ..model import Dataset
from . import uploads

__all__ = ["DataSets", "memory_budget", "MEMORY_PER_FILE_BYTE", "install", "of", "current", "get", "find",
           "DEFAULT_KEY"]

DEFAULT_KEY = "default"
_EXTENSION = "entanglement_map.datasets"

#: A parsed data set takes about this many bytes of memory per byte of its files (the serving issue measured
#: about 750 MB for a 15.7 MB, 1M-link CSV); the memory budget is reckoned with it.
MEMORY_PER_FILE_BYTE = 50


def memory_budget() -> int:
    """Bytes of parsed uploads one worker keeps: ``$ENTANGLE_MEMORY_MB`` (default 1024 MB)."""
    try:
        mb = int(os.environ.get("ENTANGLE_MEMORY_MB", "1024"))
    except ValueError:
        mb = 1024
    return max(mb, 1) * 1024 * 1024


class DataSets:
    """The served data set and the uploads one worker has read lately, within a memory budget in bytes."""

    def __init__(self, served: Dataset, budget: int | None = None) -> None:
        self.served = served
        self.budget = memory_budget() if budget is None else budget
        self._uploaded: OrderedDict[str, tuple[Dataset, int]] = OrderedDict()  # key -> (data set, bytes reckoned)
        self._lock = threading.Lock()  # requests run in threads
        self._reading: dict[str, threading.Lock] = {}  # one read per key at a time: the others wait for it

    def add_upload(self, key: str, ds: Dataset, file_bytes: int = 0) -> None:
        """Keep an accepted upload in memory under its storage key (it is in the store too); the least recently
        used go first when the budget is passed. One larger than the whole budget is used, not kept."""
        if not uploads.is_storage_key(key):
            raise ValueError("an upload is kept under a storage key")
        cost = file_bytes * MEMORY_PER_FILE_BYTE
        with self._lock:
            self._uploaded.pop(key, None)
            if cost > self.budget:
                return
            self._uploaded[key] = (ds, cost)
            while sum(c for _, c in self._uploaded.values()) > self.budget:
                self._uploaded.popitem(last=False)

    def kept(self) -> list[str]:
        """The keys of the uploads in memory, least recently used first."""
        with self._lock:
            return list(self._uploaded)

    def forget(self) -> None:
        """Drop every upload from memory (they stay in the store), as a fresh worker would be."""
        with self._lock:
            self._uploaded.clear()

    def _in_memory(self, key: str) -> Dataset | None:
        with self._lock:
            if key in self._uploaded:
                self._uploaded.move_to_end(key)
                return self._uploaded[key][0]
        return None

    def find(self, key: str | None) -> Dataset | None:
        """The data set for a key, reading an upload from the store if this worker does not hold it; None if
        unknown. Callbacks of one view ask at once: one of them reads, the others wait and share the result."""
        if not key or key == DEFAULT_KEY:
            return self.served
        if not uploads.is_storage_key(key):
            return None
        if (ds := self._in_memory(key)) is not None:
            return ds
        with self._lock:
            reading = self._reading.setdefault(key, threading.Lock())
        with reading:
            if (ds := self._in_memory(key)) is not None:
                return ds
            ds = uploads.load_upload(key)
            if ds is not None:
                count_groups_now(ds)  # its first map's, once, while the other callbacks of the view wait anyway
                self.add_upload(key, ds, uploads.upload_size(key) or 0)
        with self._lock:
            self._reading.pop(key, None)
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
