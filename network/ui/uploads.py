"""Uploaded data sets, kept on the server's disk under a key only the uploading browser can form.

The key is ``sha256(browser secret + content hash)``: the secret lives in that browser's local storage, so a
copied link (which carries only a short public id) never opens another browser's upload, and any gunicorn
worker finds the files on disk. Nothing here is held in module state but the folder's path.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import shutil
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path

from ..io import parse_files
from ..model import Dataset

__all__ = ["cache_dir", "content_hash", "storage_key", "save_upload", "load_upload", "new_secret", "public_id",
           "pending_key", "is_storage_key", "read_upload", "prune", "KEEP_DAYS"]

_SAFE_NAME = re.compile(r"^[^/\\\x00]{1,200}$")


def cache_dir() -> Path:
    """Where uploads are kept: $ENTANGLE_CACHE, or a folder in the system's temporary directory."""
    path = Path(os.environ.get("ENTANGLE_CACHE") or Path(tempfile.gettempdir()) / "entanglement-map-uploads")
    path.mkdir(parents=True, exist_ok=True)
    return path


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


def _folder(key: str) -> Path:
    if not is_storage_key(key):
        raise ValueError("not a storage key")
    return cache_dir() / key


#: Uploads untouched this long are removed when another is saved, so the folder does not grow for ever.
KEEP_DAYS = 30


def prune(now: float | None = None) -> int:
    """Remove uploads not saved or read for KEEP_DAYS days; return how many were removed."""
    cutoff = (now if now is not None else time.time()) - KEEP_DAYS * 86400
    removed = 0
    for folder in cache_dir().iterdir():
        meta = folder / "meta.json"
        try:
            if is_storage_key(folder.name) and meta.stat().st_mtime < cutoff:
                shutil.rmtree(folder)
                removed += 1
        except OSError:
            continue  # another worker got there first, or the entry is half written: leave it
    return removed


def save_upload(key: str, files: Mapping[str, bytes], columns: Mapping[str, str] | None = None) -> None:
    """Keep the files (names are used as given, never as paths) and the column mapping."""
    prune()
    folder = _folder(key)
    (folder / "files").mkdir(parents=True, exist_ok=True)
    names = []
    for i, (name, data) in enumerate(files.items()):
        if not _SAFE_NAME.match(name):
            name = f"file-{i}"
        (folder / "files" / f"{i:03d}").write_bytes(data)
        names.append(name)
    (folder / "meta.json").write_text(json.dumps({"names": names, "columns": dict(columns or {})}))


def read_upload(key: str) -> tuple[dict[str, bytes], dict[str, str]] | None:
    """The files and mapping kept under a key, or None."""
    try:
        folder = _folder(key)
        meta = json.loads((folder / "meta.json").read_text())
        os.utime(folder / "meta.json")  # read means still in use: keep it from pruning
        files = {name: (folder / "files" / f"{i:03d}").read_bytes() for i, name in enumerate(meta["names"])}
    except (ValueError, OSError, KeyError, TypeError):
        return None
    return files, dict(meta.get("columns") or {})


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
