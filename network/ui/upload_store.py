"""Where uploads are kept so that every worker, and every machine, finds them: a disk folder or Redis.

The disk folder is the default (``$ENTANGLE_CACHE``, or a folder in the system's temporary directory): every
gunicorn worker of one machine sees it. With ``ENTANGLE_REDIS_URL`` set, uploads live in Redis instead, so web
servers and job workers on other machines see them too. Both keep an upload ``KEEP_DAYS`` after it was last
saved or read, and store bytes only (no pickles): what is read back is parsed and checked again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from functools import lru_cache
from pathlib import Path
from typing import cast

__all__ = ["DiskStore", "RedisStore", "store", "redis_url", "cache_dir", "KEEP_DAYS", "Kept"]

#: Uploads untouched this long are removed (by the disk store when another is saved; by Redis when they expire).
KEEP_DAYS = 30
_SAFE_NAME = re.compile(r"^[^/\\\x00]{1,200}$")

#: What is kept under a key: the files by name, and the column mapping used to read them.
Kept = tuple[dict[str, bytes], dict[str, str]]


def _names(files: dict[str, bytes]) -> list[str]:
    """The names kept: as given, never used as paths (an unsafe name becomes ``file-N``)."""
    return [name if _SAFE_NAME.match(name) else f"file-{i}" for i, name in enumerate(files)]


def redis_url() -> str:
    """``$ENTANGLE_REDIS_URL``: set, uploads and background jobs use Redis; empty, the disk and local processes."""
    return os.environ.get("ENTANGLE_REDIS_URL", "").strip()


def cache_dir() -> Path:
    """Where the disk store (and the local job queue) lives: $ENTANGLE_CACHE, or a temporary-directory folder."""
    path = Path(os.environ.get("ENTANGLE_CACHE") or Path(tempfile.gettempdir()) / "entanglement-map-uploads")
    path.mkdir(parents=True, exist_ok=True)
    return path


class DiskStore:
    """Uploads as folders ``<key>/files/NNN`` with a ``meta.json``, in one folder all local workers share."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _folder(self, key: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", key):
            raise ValueError("not a storage key")
        return self.root / key

    def prune(self, now: float | None = None) -> int:
        """Remove uploads not saved or read for KEEP_DAYS days; return how many were removed."""
        cutoff = (now if now is not None else time.time()) - KEEP_DAYS * 86400
        removed = 0
        for folder in self.root.iterdir():
            try:
                if re.fullmatch(r"[0-9a-f]{64}", folder.name) and (folder / "meta.json").stat().st_mtime < cutoff:
                    shutil.rmtree(folder)
                    removed += 1
            except OSError:
                continue  # another worker got there first, or the entry is half written: leave it
        return removed

    def save(self, key: str, files: dict[str, bytes], columns: dict[str, str]) -> None:
        self.prune()
        folder = self._folder(key)
        (folder / "files").mkdir(parents=True, exist_ok=True)
        for i, data in enumerate(files.values()):
            (folder / "files" / f"{i:03d}").write_bytes(data)
        # meta.json last, through a rename: a reader in another worker sees the whole upload or none of it
        meta = {"names": _names(files), "columns": dict(columns), "bytes": sum(map(len, files.values()))}
        part = folder / f"meta.json.{os.getpid()}"
        part.write_text(json.dumps(meta))
        part.replace(folder / "meta.json")

    def _meta(self, key: str) -> dict[str, object] | None:
        try:
            meta = json.loads((self._folder(key) / "meta.json").read_text())
        except (ValueError, OSError):
            return None
        return meta if isinstance(meta, dict) and isinstance(meta.get("names"), list) else None

    def read(self, key: str) -> Kept | None:
        meta = self._meta(key)
        if meta is None:
            return None
        folder = self._folder(key)
        try:
            os.utime(folder / "meta.json")  # read means still in use: keep it from pruning
            names = meta["names"]
            assert isinstance(names, list)
            files = {str(name): (folder / "files" / f"{i:03d}").read_bytes() for i, name in enumerate(names)}
        except OSError:
            return None
        columns = meta.get("columns")
        return files, {str(k): str(v) for k, v in columns.items()} if isinstance(columns, dict) else {}

    def size(self, key: str) -> int | None:
        meta = self._meta(key)
        if meta is None:
            return None
        size = meta.get("bytes")
        return size if isinstance(size, int) else None


class RedisStore:
    """Uploads in Redis, one hash per key (``meta`` and ``file:N``), expiring KEEP_DAYS after the last use."""

    _PREFIX = "entangle:upload:"

    def __init__(self, url: str) -> None:
        import redis  # imported only when Redis is configured

        self._redis = redis.Redis.from_url(url)

    def save(self, key: str, files: dict[str, bytes], columns: dict[str, str]) -> None:
        meta = {"names": _names(files), "columns": dict(columns), "bytes": sum(map(len, files.values()))}
        fields: dict[str, bytes] = {f"file:{i}": data for i, data in enumerate(files.values())}
        fields["meta"] = json.dumps(meta).encode()
        name = self._PREFIX + key
        with self._redis.pipeline() as pipe:  # one transaction: a reader sees the whole upload or none of it
            pipe.delete(name)
            pipe.hset(name, mapping=fields)
            pipe.expire(name, KEEP_DAYS * 86400)
            pipe.execute()  # type: ignore[no-untyped-call]

    def _meta(self, key: str) -> dict[str, object] | None:
        raw: object = self._redis.hget(self._PREFIX + key, "meta")
        try:
            meta = json.loads(raw) if isinstance(raw, bytes) else None
        except ValueError:
            return None
        return meta if isinstance(meta, dict) and isinstance(meta.get("names"), list) else None

    def read(self, key: str) -> Kept | None:
        name = self._PREFIX + key
        meta = self._meta(key)
        if meta is None:
            return None
        names = meta["names"]
        assert isinstance(names, list)
        values = cast(list[object], self._redis.hmget(name, [f"file:{i}" for i in range(len(names))]))
        if any(not isinstance(v, bytes) for v in values):
            return None
        self._redis.expire(name, KEEP_DAYS * 86400)  # read means still in use
        columns = meta.get("columns")
        files = {str(n): v for n, v in zip(names, values, strict=True) if isinstance(v, bytes)}
        return files, {str(k): str(v) for k, v in columns.items()} if isinstance(columns, dict) else {}

    def size(self, key: str) -> int | None:
        meta = self._meta(key)
        size = meta.get("bytes") if meta else None
        return size if isinstance(size, int) else None


@lru_cache(maxsize=4)
def _redis_store(url: str) -> RedisStore:
    return RedisStore(url)  # one connection pool per URL and process


def store() -> DiskStore | RedisStore:
    """The store this process uses now (read from the environment, so tests and workers can point it anywhere)."""
    url = redis_url()
    return _redis_store(url) if url else DiskStore(cache_dir())
