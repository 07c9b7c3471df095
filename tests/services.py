"""Real services for the serving tests: a Redis server, Celery workers and gunicorn, each in its own process.

Redis: ``$ENTANGLE_TEST_REDIS_URL`` when set (``.ci/run`` starts Debian's redis-server and sets it); otherwise a
``redis-server`` found on the PATH is started here on a free port and stopped after the tests. Without either the
tests that need Redis are skipped with the reason, except under ``CI=true``, where that is a failure. Nothing is
mocked: the jobs really go through Redis to a Celery worker and back.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

CI = os.environ.get("CI") == "true"
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, process: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.2)
    tail = log.read_text(errors='replace')[-3000:]
    raise RuntimeError(f"nothing listened on port {port} within {timeout} s:\n{tail}")


@contextlib.contextmanager
def running(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """Run a command in its own process group for the duration of the block; stop the whole group after."""
    with log.open("wb") as out:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    try:
        yield process
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, 15)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, 9)
            process.wait(timeout=10)


def _redis_missing(reason: str) -> None:
    if CI:
        pytest.fail(f"CI=true but {reason}: .ci/run installs and starts Debian's redis-server")
    pytest.skip(f"{reason} (apt-get install redis-server to run the Redis and Celery tests)")


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory) -> Iterator[str]:
    """The URL of a real Redis server, emptied before the tests (database 15, kept apart from any other use)."""
    url = os.environ.get("ENTANGLE_TEST_REDIS_URL", "").strip()
    if url:
        _flush(url)
        yield url
        return
    binary = shutil.which("redis-server")
    if binary is None:
        _redis_missing("no Redis: ENTANGLE_TEST_REDIS_URL is not set and no redis-server is on the PATH")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    env = dict(os.environ)
    with running([str(binary), "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                  "--dir", str(folder)], env, folder / "redis.log") as process:
        wait_for_port(port, process, folder / "redis.log", timeout=20)
        url = f"redis://127.0.0.1:{port}/15"
        yield url


def _flush(url: str) -> None:
    import redis

    try:
        redis.Redis.from_url(url).flushdb()
    except redis.RedisError as err:
        _redis_missing(f"the Redis at ENTANGLE_TEST_REDIS_URL={url} does not answer ({err})")


def entangle(*args: str) -> list[str]:
    """The ``entangle`` command of this checkout, run with this interpreter."""
    return [sys.executable, "-m", "network.cli", *args]
