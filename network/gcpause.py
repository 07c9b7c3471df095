"""Pausing Python's cyclic garbage collector while a large file is read or a large index is built.

Reading a million-link file allocates millions of objects (cells, edges, tuples) that all live on. Each burst of
allocations starts a collection that walks every object allocated so far, and finds nothing to free: with the
collector running, about half the time of loading went to such collections. What a reader builds holds no
reference cycles that must be freed early, so the collector is paused while reading and restored after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["collector_paused"]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Disable the cyclic garbage collector inside the block; enable it again after, if it was on before.

    Nested uses are fine (only the outermost one turns it back on). Reference counting still frees objects.

    Examples
    --------
    >>> import gc
    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
