"""Uploaded data sets, kept in the shared upload store under a key only the uploading browser can form.

The key is ``sha256(browser secret + content hash)``: the secret lives in that browser's local storage, so a
copied link (which carries only a short public id) never opens another browser's upload, and any gunicorn
worker (or, with Redis, any machine) finds the files in the store (``upload_store``).
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Mapping

from ..io import parse_files
from ..model import Dataset
from .upload_store import KEEP_DAYS, DiskStore, cache_dir, store

__all__ = ["cache_dir", "content_hash", "storage_key", "save_upload", "load_upload", "new_secret", "public_id",
           "pending_key", "is_storage_key", "read_upload", "upload_size", "prune", "KEEP_DAYS"]


def new_secret() -> str:
    return secrets.token_hex(16)


def content_hash(files: Mapping[str, bytes], columns: Mapping[str, str] | None = None) -> str:
    """A hash of the files (names and bytes) and the column mapping used to read them."""
    h = hashlib.sha256()
    for name in sorted(files):
        h.update(name.encode("utf-8") + b"\0" + hashlib.sha256(files[name]).digest())
    h.update(json.dumps(dict(columns or {}), sort_keys=True).encode())
    return h.hexdigest()


def public_id(content: str) -> str:
    """The short id a link carries: it names the upload but cannot open it."""
    return content[:16]


def storage_key(secret: str, content: str) -> str:
    return hashlib.sha256(f"{secret}:{content}".encode()).hexdigest()


def pending_key(secret: str) -> str:
    """Where a browser's upload waits while its columns are being mapped."""
    return storage_key(secret, "pending")


def is_storage_key(key: str) -> bool:
    return isinstance(key, str) and re.fullmatch(r"[0-9a-f]{64}", key) is not None


def prune(now: float | None = None) -> int:
    """Remove uploads of the disk store not saved or read for KEEP_DAYS days (Redis expires its own)."""
    kept = store()
    return kept.prune(now) if isinstance(kept, DiskStore) else 0


def save_upload(key: str, files: Mapping[str, bytes], columns: Mapping[str, str] | None = None) -> None:
    """Keep the files (names are used as given, never as paths) and the column mapping, where every worker sees them."""
    if not is_storage_key(key):
        raise ValueError("not a storage key")
    store().save(key, dict(files), dict(columns or {}))


def read_upload(key: str) -> tuple[dict[str, bytes], dict[str, str]] | None:
    """The files and mapping kept under a key, or None."""
    return store().read(key) if is_storage_key(key) else None


def upload_size(key: str) -> int | None:
    """The bytes kept under a key (what its parsed data set's memory is reckoned from), or None."""
    return store().size(key) if is_storage_key(key) else None


def load_upload(key: str) -> Dataset | None:
    """The data set kept under a key, read again (it was valid when kept), or None."""
    found = read_upload(key)
    if found is None:
        return None
    files, columns = found
    try:
        return parse_files(files, columns or None)
    except ValueError:
        return None
