"""The explorer as it is served: gunicorn, background jobs in local processes or on Celery over a real Redis, the
shared upload store, the memory budget. The servers and workers run as ``entangle serve`` and ``entangle worker``
in their own processes and are driven over HTTP as the browser's renderer drives them (``bench.dash_http``)."""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Iterator

import pytest

from bench.dash_http import DashHTTP
from network import load
from network.ui import datasets, uploads
from network.ui.upload_store import KEEP_DAYS, RedisStore
from tests.services import entangle, free_port, redis_url, running, wait_for_port

__all__ = ["redis_url"]  # the fixture, imported for the tests below

pytestmark = pytest.mark.xdist_group("serving")  # one worker starts the servers (module fixtures) once

GOOD = b"source,target,status\nRiverside High,Riverside Police,documented\nRiverside Police,ICE,reported\n"
BAD = b"source,target,status\nRiverside High,Riverside Police,sure\n"


def _env(tmp_path, redis: str | None) -> dict[str, str]:
    env = dict(os.environ, ENTANGLE_CACHE=str(tmp_path / "cache"), PYTHONUNBUFFERED="1")
    env.pop("ENTANGLE_REDIS_URL", None)
    if redis:
        env["ENTANGLE_REDIS_URL"] = redis
    return env


@pytest.fixture(scope="module")
def local_server(tmp_path_factory) -> Iterator[str]:
    """``entangle serve`` with 2 gunicorn workers; jobs in local processes (no Redis)."""
    tmp = tmp_path_factory.mktemp("local")
    port = free_port()
    with running(entangle("serve", "--port", str(port), "--workers", "2"), _env(tmp, None), tmp / "serve.log") as p:
        wait_for_port(port, p, tmp / "serve.log")
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def celery_server(redis_url, tmp_path_factory) -> Iterator[str]:
    """``entangle serve`` with 2 workers and ``entangle worker`` with 2 processes, sharing a real Redis."""
    tmp = tmp_path_factory.mktemp("celery")
    env = _env(tmp, redis_url)
    port = free_port()
    with running(entangle("worker", "--concurrency", "2"), env, tmp / "worker.log"), \
            running(entangle("serve", "--port", str(port), "--workers", "2"), env, tmp / "serve.log") as server:
        wait_for_port(port, server, tmp / "serve.log")
        yield f"http://127.0.0.1:{port}"


def _upload(client: DashHTTP, data: bytes, name: str):
    cb = client.callback_for("data-upload", "contents")
    return client.post(cb, {"data-upload.contents": ["data:text/csv;base64," + base64.b64encode(data).decode()],
                            "data-upload.filename": [name]}, deadline_s=120)


def _title(client: DashHTTP, key: str) -> str:
    answer = client.post(client.callback_for("store-dataset-key", "data"), {"store-dataset-key.data": key})
    assert answer.status == 200
    return str(answer.output("dataset-title", "children"))


def _storage_key(answer) -> str:
    browser = answer.output("store-browser", "data")
    [entry] = browser["sets"].values()
    return uploads.storage_key(browser["secret"], entry["hash"])


def test_serve_runs_gunicorn_with_compression_and_the_headers(local_server):
    """gunicorn, not Flask's development server, with compressed answers and the security headers."""
    with DashHTTP(local_server) as client:
        _check_served_headers(client)


def _check_served_headers(client: DashHTTP) -> None:
    status, _ = client.request("GET", "/")
    assert status == 200
    client._conn.request("GET", "/_dash-component-suites/plotly/package_data/plotly.min.js",
                         headers={"Accept-Encoding": "gzip"})
    response = client._conn.getresponse()
    body = response.read()
    assert response.getheader("Server") == "gunicorn"
    assert response.getheader("Content-Encoding") == "gzip" and len(body) < 2_000_000  # 4.8 MB as it is
    assert "frame-ancestors 'none'" in (response.getheader("Content-Security-Policy") or "")
    assert response.getheader("X-Content-Type-Options") == "nosniff"


def test_an_upload_is_a_local_background_job_and_every_worker_finds_it(local_server):
    with DashHTTP(local_server) as client:
        _upload_and_find_everywhere(client, local_server)


def _upload_and_find_everywhere(client: DashHTTP, base: str) -> None:
    client.page()
    answer = _upload(client, GOOD, "riverside.csv")
    assert answer.status == 200 and answer.polls >= 1  # the first answer was a job's handles, then it was polled
    assert str(answer.output("data-upload-status", "children")).startswith("Loaded riverside.csv: 3 institutions")
    key = _storage_key(answer)
    # the two gunicorn workers share the disk store: every ask finds the upload, whichever worker answers
    titles = set()
    for _ in range(6):  # a new connection each time, so gunicorn may hand it to either worker
        with DashHTTP(base) as other:
            titles.add(_title(other, key))
    assert titles == {"Your data: riverside.csv"}


def test_uploads_and_exports_run_on_a_celery_worker_over_redis(celery_server, redis_url):
    with DashHTTP(celery_server) as client:
        _upload_and_export_on_celery(client, redis_url)


def _upload_and_export_on_celery(client: DashHTTP, redis_url: str) -> None:
    import redis

    client.page()
    answer = _upload(client, GOOD, "riverside.csv")
    assert answer.status == 200, answer.body
    assert str(answer.output("data-upload-status", "children")).startswith("Loaded riverside.csv: 3 institutions")
    assert any("Checking riverside.csv" in str(p) for p in answer.progress)
    key = _storage_key(answer)
    r = redis.Redis.from_url(redis_url)
    assert r.exists(f"entangle:upload:{key}")  # the worker saved it in Redis, where the web workers read it
    assert any(k.startswith(b"celery-task-meta-") for k in r.keys("celery-task-meta-*"))  # it ran as a Celery task
    assert _title(client, key) == "Your data: riverside.csv"

    bad = _upload(client, BAD, "broken.csv")
    assert "broken.csv: 1 error, so nothing was loaded" in str(bad.output("data-upload-status", "children"))
    [row] = bad.output("data-report-grid", "rowData")
    assert (row["file"], row["row"], row["column"]) == ("broken.csv", 2, "status")

    export = client.post(client.callback_for("data-export-button", "n_clicks"),
                         {"data-export-button.n_clicks": 1, "data-export-format.value": "json",
                          "store-query.data": {"dataset": key}}, deadline_s=120)
    download = export.output("data-export-download", "data")
    graph = json.loads(base64.b64decode(download["content"]))
    assert download["filename"] == "entanglement-data.json"
    assert {n["id"] for n in graph["nodes"]} == {"Riverside High", "Riverside Police", "ICE"}


def test_the_redis_store_keeps_uploads_whole_and_expiring(redis_url):
    store = RedisStore(redis_url)
    key = "a" * 64
    store.save(key, {"edges.csv": GOOD, "../evil": b"x"}, {"source": "from"})
    files, columns = store.read(key) or ({}, {})
    assert files == {"edges.csv": GOOD, "file-1": b"x"} and columns == {"source": "from"}
    assert store.size(key) == len(GOOD) + 1
    import redis

    ttl = redis.Redis.from_url(redis_url).ttl(f"entangle:upload:{key}")
    assert KEEP_DAYS * 86400 - 60 < ttl <= KEEP_DAYS * 86400
    assert store.read("b" * 64) is None and store.size("b" * 64) is None


def test_a_worker_keeps_parsed_uploads_within_its_memory_budget(tmp_path, monkeypatch):
    monkeypatch.setenv("ENTANGLE_CACHE", str(tmp_path))
    served = load()
    per_byte = datasets.MEMORY_PER_FILE_BYTE
    sets = datasets.DataSets(served, budget=250 * per_byte)
    keys = [uploads.storage_key("s" * 32, str(i)) for i in range(4)]
    for key in keys:
        uploads.save_upload(key, {"edges.csv": GOOD})  # 94 bytes each: two fit in a budget of 250
    for key in keys:
        assert sets.find(key) is not None
    assert sets.kept() == keys[2:]  # the least recently used went first
    sets.find(keys[2])
    sets.find(keys[0])  # read again from the store, and the least recently used of those kept goes
    assert sets.kept() == [keys[2], keys[0]]
    big = uploads.storage_key("s" * 32, "big")
    uploads.save_upload(big, {"edges.csv": GOOD + b"Riverside Police,CBP,reported\n" * 6})
    assert sets.find(big) is not None and big not in sets.kept()  # larger than the whole budget: used, not kept
