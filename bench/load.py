"""The load benchmark of the serving issue: many readers on ``entangle serve`` while big uploads are read.

    .venv/bin/python -m bench.load             # 50 readers for 60 s, 4 uploads of 1M links, 4 gunicorn workers
    .venv/bin/python -m bench.load --quick     # a smoke run: 10 readers for 15 s, 2 uploads of 100k links
    .venv/bin/python -m bench.load --json load.json --redis redis://127.0.0.1:6379/0
    .venv/bin/python -m bench.load --source DIR --wait-quiet 600   # serve a snapshot; wait for a quiet machine

It starts ``entangle serve --workers N`` (gunicorn) in its own process group with a fresh ``ENTANGLE_CACHE``
(with ``--redis URL``, also ``ENTANGLE_REDIS_URL`` and an ``entangle worker``), waits until it answers, and
stops the whole group at the end, on Ctrl-C too. Over loopback, readers (one keep-alive connection each) loop
with no pause: the page (``GET /``), its layout (``GET /_dash-layout``), and a route query (the callback that
writes the routes summary from the query store) on the bundled Boston data set, varied from loop to loop so that
the per-worker memo of routes does not answer them all. A few seconds into the window, one client per upload
drops an edge list of ``--links`` links at the same moment, as the browser's ``dcc.Upload`` posts it (a base64
data URL), and polls the job as the renderer does (every 500 ms, the inputs' values cleared) until its answer.
``--open-uploads`` then asks for each loaded upload's routes, as the page does next; ``--until-uploads`` keeps
the readers reading until every upload has answered.

Printed (and with ``--json FILE`` written): requests/s; p50/p95/p99/max of the readers' requests, all together,
by kind, by loop and by phase (before, during and after the uploads); errors by kind (not 200, no answer in
time, a broken connection, "Traceback" in a body, a routes answer that says something went wrong); for each
upload the time to the first answer (the job accepted), the time to the job's answer and the status line the
page shows; the CPU of the web workers, the jobs, this client and the rest of the machine, the jobs' niceness,
the readers' connections per web worker; machine facts; and the verdicts against the issue's targets. The edge
lists are written once to ``bench/data/load/`` (git-ignored). Not part of ``make test``: a run takes two to
four minutes on 2 cores, plus a minute the first time to write the files. See bench/README.md.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import csv
import dataclasses
import io
import json
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from .dash_http import CallbackAnswer, DashHTTP
from .generate import SHAPES, generate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DATA = HERE / "data" / "load"

#: Busier than this (100 = one core) before the run, the machine is not quiet: other work skews the figures.
QUIET = 25.0
#: The issue's targets.
P95_TARGET_S = 1.0
#: A reader's request with no answer within this is counted as an error (a timeout).
READER_TIMEOUT_S = 30.0
#: The renderer polls a background job at the callback's interval (upload_panel: 500 ms).
POLL_S = 0.5
#: An upload with no answer after this is given up (and counted as one that said nothing).
UPLOAD_DEADLINE_S = 900.0
#: The upload limit (network/io/limits.py DEFAULT_LIMITS.max_bytes): the files are kept under it.
UPLOAD_LIMIT_BYTES = 25 * 1024 * 1024
#: The part of the links whose status cell is filled in (the rest are blank: ``unknown``), which keeps a
#: million links near the issue's 15.7 MB.
STATUS_FILLED = 0.3
#: Relations along which no record travels keep their names (they must stay context); the others are
#: written as their initials (``shares_reports`` -> ``sr``), as a hand-made edge list might.
_CONTEXT = frozenset({"part_of", "funds", "administers", "operates"})
#: Origins among the Boston data set's institutions where records start, for varied route queries.
BOSTON_ORIGINS = ("kind:school", "ebhs", "bps", "bsp", "kind:school_police", "bpd", "kind:school_district")
KINDS = ("page", "layout", "route")
ROUTES_SUMMARY = "routes-summary"
QUERY_STORE = "store-query"
UPLOAD = "data-upload"
UPLOAD_STATUS = "data-upload-status"

perf = time.perf_counter


@dataclasses.dataclass(frozen=True)
class Settings:
    """One run's options (see ``main``)."""

    readers: int
    seconds: float
    uploads: int
    workers: int
    links: int
    redis: str
    upload_delay: float
    think: float
    open_uploads: bool
    until_uploads: bool
    wait_quiet: float = 0.0
    source: Path = ROOT  # the checkout whose `network` is served


@dataclasses.dataclass
class Sample:
    """One reader's request: its kind, when it started (seconds into the window) and took, and any error."""

    kind: str
    at: float
    seconds: float
    error: str = ""


@dataclasses.dataclass
class Upload:
    """One upload's figures, as its client saw them."""

    name: str
    bytes: int
    links: int
    started: float = 0.0  # seconds into the window
    accepted_s: float | None = None  # time to the first answer (the job's handles)
    first_status: int = 0
    answered_s: float | None = None  # time to the job's answer
    status: int = 0
    polls: int = 0
    poll_p50_s: float | None = None
    poll_max_s: float | None = None
    status_line: str = ""
    notice: str = ""
    progress: list[str] = dataclasses.field(default_factory=list)
    outcome: str = ""  # loaded, refused (the page says why), silent (no word), error (no answer)
    error: str = ""
    opened_s: float | None = None  # with --open-uploads: the uploaded view's route query
    opened_summary: str = ""


# --------------------------------------------------------------------------- the upload files


def _initials(relation: str) -> str:
    return relation if relation in _CONTEXT else "".join(word[0] for word in relation.split("_"))


def edge_list(links: int, seed: int) -> bytes:
    """An edge list (``source,target,relation,status``) of ``links`` links from the synthetic national graph
    of ``seed``, with short ids, so that a million links are about 16 MB (as the issue's 15.7 MB file)."""
    b = generate(SHAPES["1m" if links > 110_000 else "100k"], seed)
    edges = b.edges
    if links < len(edges):
        keep = sorted(random.Random(seed).sample(range(len(edges)), links))
        edges = [edges[i] for i in keep]
    short: dict[str, str] = {}
    for i, (node_id, _label, _kind) in enumerate(b.nodes):
        short[node_id] = _base36(i)
    rng = random.Random(seed + 1)
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(("source", "target", "relation", "status"))
    for _id, source, target, relation, status, *_ in edges:
        w.writerow((short[source], short[target], _initials(relation), status if rng.random() < STATUS_FILLED else ""))
    return out.getvalue().encode()


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        n, d = divmod(n, 36)
        text = digits[d] + text
        if n == 0:
            return text


def prepare_files(count: int, links: int) -> list[Path]:
    """``count`` distinct edge lists (seeds 1..count), written once to bench/data/load/ and reused."""
    DATA.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(1, count + 1):
        path = DATA / f"edges-{links}-seed{seed}.csv"
        if not path.is_file():
            t0 = perf()
            data = edge_list(links, seed)
            part = path.with_suffix(f".part{os.getpid()}")
            part.write_bytes(data)
            part.replace(path)
            print(f"  wrote {path.relative_to(ROOT)}: {len(data) / 1e6:.1f} MB in {perf() - t0:.1f} s", flush=True)
        size = path.stat().st_size
        if size > UPLOAD_LIMIT_BYTES:
            raise SystemExit(f"{path} is {size:,} bytes, over the upload limit of {UPLOAD_LIMIT_BYTES:,}")
        paths.append(path)
    return paths


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Services:
    """``entangle serve`` (and with Redis, ``entangle worker``), each in its own process group, stopped on exit."""

    def __init__(self, settings: Settings, folder: Path) -> None:
        self.settings, self.folder = settings, folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, ENTANGLE_CACHE=str(folder / "cache"), PYTHONUNBUFFERED="1")
        self.env.pop("ENTANGLE_REDIS_URL", None)
        if settings.redis:
            self.env["ENTANGLE_REDIS_URL"] = settings.redis
        self.server: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None

    def _start(self, args: list[str], log: str) -> subprocess.Popen[bytes]:
        with (self.folder / log).open("wb") as out:
            return subprocess.Popen([sys.executable, "-m", "network.cli", *args], cwd=self.settings.source,
                                    env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)

    def start(self) -> None:
        if self.settings.redis:
            self.worker = self._start(["worker"], "worker.log")
        self.server = self._start(["serve", "--workers", str(self.settings.workers), "--port", str(self.port)],
                                  "serve.log")
        self._wait_for_page()
        if self.settings.redis:
            self._wait_for_worker()

    def _wait_for_page(self, timeout: float = 180.0) -> None:
        """Until the page answers 200 on fresh connections (gunicorn binds first, then its workers start)."""
        assert self.server is not None
        end, answered = time.monotonic() + timeout, 0
        while time.monotonic() < end:
            if self.server.poll() is not None:
                raise RuntimeError(f"entangle serve exited with {self.server.returncode}:\n{self.log_tail()}")
            with contextlib.suppress(OSError), DashHTTP(self.base, timeout=10) as client:
                answered = answered + 1 if client.page() == 200 else 0
                if answered >= 2 * self.settings.workers:
                    return
                continue
            time.sleep(0.3)
        raise RuntimeError(f"{self.base} did not answer within {timeout:.0f} s:\n{self.log_tail()}")

    def _wait_for_worker(self, timeout: float = 60.0) -> None:
        from network.ui.jobs import celery_app

        end = time.monotonic() + timeout
        while time.monotonic() < end:
            assert self.worker is not None
            if self.worker.poll() is not None:
                raise RuntimeError(f"entangle worker exited with {self.worker.returncode}:\n"
                                   f"{(self.folder / 'worker.log').read_text(errors='replace')[-3000:]}")
            if celery_app(self.settings.redis).control.ping(timeout=1.0):
                return
        raise RuntimeError(f"entangle worker did not answer a ping within {timeout:.0f} s")

    def log_tail(self, chars: int = 3000) -> str:
        return (self.folder / "serve.log").read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        for process in (self.server, self.worker):
            if process is None or process.poll() is not None:
                continue
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        for process in (self.server, self.worker):  # jobs left behind in the groups
            if process is not None:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)


@dataclasses.dataclass
class Clock:
    """The window, in ``time.monotonic`` seconds: opened when every reader has warmed up. Held open (``hold``),
    it closes only when ``close`` is called, and no sooner than ``seconds`` after it opened."""

    seconds: float
    hold: bool = False
    t0: float = 0.0
    end: float = 0.0

    def open(self) -> None:
        self.t0 = time.monotonic()
        self.end = float("inf") if self.hold else self.t0 + self.seconds

    def close(self) -> None:
        self.end = max(time.monotonic(), self.t0 + self.seconds)

    @property
    def length(self) -> float:
        return self.end - self.t0


# --------------------------------------------------------------------------- CPU of the server's processes


class Monitor(threading.Thread):
    """Every second: the CPU of the web workers, of the jobs (and their niceness), of this client; memory."""

    def __init__(self, services: Services, clock: Clock) -> None:
        super().__init__(daemon=True)
        import psutil  # type: ignore[import-untyped]  # comes with dash[diskcache]

        self._psutil = psutil
        self.services, self.clock = services, clock
        self.halt = threading.Event()
        self.ticks: list[dict[str, float]] = []
        self.job_nice: Counter[int] = Counter()
        self.web_nice: Counter[int] = Counter()
        #: the readers' keep-alive connections each web worker holds (gunicorn keeps one on the worker that
        #: accepted it), sampled a few seconds into the window
        self.connections: list[int] = []
        self.connections_taken = False
        self._procs: dict[int, Any] = {}
        self._me = psutil.Process()
        self._cores = psutil.cpu_count() or 1

    def _role(self, proc: Any, roots: dict[int, str]) -> str:
        parent = proc.ppid()
        if proc.pid in roots:
            return "master" if roots[proc.pid] == "server" else "celery"
        if roots.get(parent) == "server":
            return "web"
        return "job"

    def run(self) -> None:
        self._sample()  # primes each process's CPU figure (psutil's first is always 0)
        while not self.halt.wait(1.0):
            self.ticks.append(self._sample())

    def _sample(self) -> dict[str, float]:
        """The figures of the second since the last call, summed by role (master, web, job, celery)."""
        ps = self._psutil
        roots = {p.pid: name for p, name in ((self.services.server, "server"), (self.services.worker, "worker"))
                 if p is not None}
        t = time.monotonic() - self.clock.t0 if self.clock.t0 else -1.0  # before the window: -1
        tick = {"t": t, "web": 0.0, "job": 0.0, "master": 0.0, "celery": 0.0, "jobs": 0.0, "rss_mb": 0.0,
                "client": self._me.cpu_percent(), "machine": ps.cpu_percent() * self._cores}
        seen = set()
        for root in roots:
            try:
                tree = [ps.Process(root), *ps.Process(root).children(recursive=True)]
            except ps.NoSuchProcess:
                continue
            for proc in tree:
                seen.add(proc.pid)
                kept = self._procs.setdefault(proc.pid, proc)
                try:
                    cpu = kept.cpu_percent()
                    role = self._role(kept, roots)
                    nice = kept.nice()
                    tick["rss_mb"] += kept.memory_info().rss / 2**20
                except ps.Error:
                    continue
                tick[role] += cpu
                if role == "job":
                    tick["jobs"] += 1
                    self.job_nice[nice] += 1
                elif role == "web":
                    self.web_nice[nice] += 1
                    if t >= 2.0 and not self.connections_taken:
                        self.connections.append(self._established(kept))
        self._procs = {pid: p for pid, p in self._procs.items() if pid in seen}
        self.connections_taken = self.connections_taken or t >= 2.0
        return tick

    def _established(self, proc: Any) -> int:
        try:
            return sum(1 for c in proc.net_connections("tcp")
                       if c.status == "ESTABLISHED" and c.laddr and c.laddr.port == self.services.port)
        except self._psutil.Error:
            return -1

    def summary(self, start: float, end: float) -> dict[str, Any]:
        """Mean CPU (100 = one core) of each role between ``start`` and ``end`` (seconds into the window)."""
        within = [t for t in self.ticks if start <= t["t"] <= end]
        if not within:
            return {}
        roles = ("web", "job", "master", "celery", "client", "machine")
        mean = {k: round(statistics.fmean(t[k] for t in within), 1) for k in roles}
        # the rest of the machine: the kernel's own work, and whatever else runs here (a noisy neighbour)
        mean["others"] = round(max(0.0, mean["machine"] - sum(mean[k] for k in roles[:-1])), 1)
        return {"cpu_percent": mean, "peak_rss_mb": round(max(t["rss_mb"] for t in within)),
                "peak_jobs": int(max(t["jobs"] for t in within)), "seconds": len(within)}


# --------------------------------------------------------------------------- readers


class Client(DashHTTP):
    """A DashHTTP that keeps the last body read and, when asked, when each request started and ended."""

    def __init__(self, base: str, timeout: float, keep_log: bool = False) -> None:
        super().__init__(base, timeout)
        self.last_body = b""
        self.keep_log = keep_log
        self.log: list[tuple[float, float, int]] = []  # start, end (monotonic), status

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        t0 = time.monotonic()
        status, raw = super().request(method, path, body, headers)
        if self.keep_log:
            self.log.append((t0, time.monotonic(), status))
        self.last_body = raw
        return status, raw


def route_callback(client: DashHTTP) -> dict[str, Any]:
    """The callback that writes the routes summary from the query store (update_routes)."""
    for cb in client.callbacks():
        first = cb["inputs"][0] if cb["inputs"] else None
        if first == {"id": QUERY_STORE, "property": "data"} and f"{ROUTES_SUMMARY}.children" in cb["output"]:
            return cb
    raise KeyError(f"no callback writes {ROUTES_SUMMARY}.children from {QUERY_STORE}.data")


def default_query() -> dict[str, Any]:
    """The query store of the served data set's default view (ViewState's fields but the route, and its key)."""
    from network.viewstate import ViewState

    data = {k: list(v) if isinstance(v, tuple) else v for k, v in dataclasses.asdict(ViewState()).items()
            if k != "route"}
    data["dataset"] = "default"
    return data


def varied_query(rng: random.Random, base: dict[str, Any]) -> dict[str, Any]:
    """A Boston view a reader might pick: another origin, hop limit or set of statuses (7 x 7 x 4 views, more
    than the 64 each worker's memo keeps)."""
    statuses = list(base["statuses"])
    drop = rng.choice(((), ("unknown",), ("alleged", "disputed"), ("unknown", "disputed")))
    return base | {"origins": [rng.choice(BOSTON_ORIGINS)], "max_hops": rng.randint(2, 8),
                   "statuses": [s for s in statuses if s not in drop]}


def _problem(status: int, body: bytes) -> str:
    if status != 200:
        return f"HTTP {status}"
    if b"Traceback" in body:
        return "Traceback in the body"
    return ""


def _route_problem(answer: CallbackAnswer) -> str:
    if answer.status != 200:
        return f"HTTP {answer.status}"
    text = json.dumps(answer.body)
    if "Traceback" in text:
        return "Traceback in the body"
    summary = answer.output(ROUTES_SUMMARY, "children")
    if summary is None:
        return "no routes summary in the answer"
    if "Something went wrong" in text:
        return "the answer says something went wrong"
    return ""


def _error_word(err: BaseException) -> str:
    if isinstance(err, TimeoutError | socket.timeout):
        return f"no answer within {READER_TIMEOUT_S:.0f} s"
    return type(err).__name__


def reader(number: int, base: str, route_cb: dict[str, Any], query: dict[str, Any], clock: Clock, think: float,
           out: list[Sample], loops: list[float], ready: threading.Barrier) -> None:
    """One reader: page, layout, a route query, again and again until the window closes."""
    rng = random.Random(number)
    client = Client(base, READER_TIMEOUT_S)
    with contextlib.suppress(Exception):  # a warm-up loop, not timed: this connection's first answers
        client.page()
        client.request("GET", "/_dash-layout")
        client.post(route_cb, {f"{QUERY_STORE}.data": query})
    try:
        ready.wait()  # the last to arrive opens the window (the barrier's action)
    except threading.BrokenBarrierError:
        return
    t0 = clock.t0
    while time.monotonic() < clock.end:
        loop = 0.0
        for kind in KINDS:
            at = time.monotonic()
            error = ""
            try:
                if kind == "page":
                    error = _problem(client.page(), client.last_body)
                elif kind == "layout":
                    error = _problem(*client.request("GET", "/_dash-layout"))
                else:
                    error = _route_problem(client.post(route_cb, {f"{QUERY_STORE}.data": varied_query(rng, query)}))
            except Exception as err:  # a refused or broken connection, a timeout: counted, and a new connection
                error = _error_word(err)
                client.close()
                client = Client(base, READER_TIMEOUT_S)
            took = time.monotonic() - at
            loop += took
            out.append(Sample(kind, at - t0, took, error))
        loops.append(loop)
        if think:
            time.sleep(think)
    client.close()


# --------------------------------------------------------------------------- uploads


def data_url(data: bytes) -> str:
    """What the browser's dcc.Upload holds for a dropped CSV file."""
    return "data:text/csv;base64," + base64.b64encode(data).decode("ascii")


def outcome(status_line: str, notice: str, status: int) -> str:
    """loaded; refused (the page says why nothing was loaded); silent (no word in the page); error."""
    if status != 200:
        return "error"
    if status_line.startswith("Loaded "):
        return "loaded"
    if status_line or notice:
        return "refused"
    return "silent"


def uploader(item: Upload, contents: str, base: str, clock: Clock, go: threading.Event, query: dict[str, Any],
             open_upload: bool) -> None:
    """One browser dropping one file: load the page, wait for the start, post the upload, poll until answered."""
    client = Client(base, timeout=600.0, keep_log=True)
    try:
        client.page()
        cb = client.callback_for(UPLOAD, "contents")
        route_cb = route_callback(client)
        go.wait()
        client.log.clear()
        at = time.monotonic()
        item.started = at - clock.t0
        answer = client.post(cb, {f"{UPLOAD}.contents": [contents], f"{UPLOAD}.filename": [item.name]},
                             poll_s=POLL_S, deadline_s=UPLOAD_DEADLINE_S)
        item.answered_s = time.monotonic() - at
        if client.log:
            item.accepted_s = client.log[0][1] - at
            item.first_status = client.log[0][2]
            polls = [e - s for s, e, _ in client.log[1:]]
            if polls:
                item.poll_p50_s, item.poll_max_s = statistics.median(polls), max(polls)
        item.status, item.polls = answer.status, answer.polls
        item.progress = sorted({str(next(iter(p.values()), "")) if isinstance(p, dict) else str(p)
                                for p in answer.progress} - {""})
        item.status_line = str(answer.output(UPLOAD_STATUS, "children") or "")
        side = answer.body.get("sideUpdate") or {}
        item.notice = str((side.get("page-notice") or {}).get("children") or "") if isinstance(side, dict) else ""
        if answer.status == 0:
            item.error = f"no answer within {UPLOAD_DEADLINE_S:.0f} s"
        item.outcome = outcome(item.status_line, item.notice, answer.status)
        if open_upload and item.outcome == "loaded":
            _open(item, client, route_cb, answer, query)
    except Exception as err:
        item.error = f"{type(err).__name__}: {err}"
        item.outcome = "error"
    finally:
        client.close()


def _open(item: Upload, client: DashHTTP, route_cb: dict[str, Any], answer: CallbackAnswer,
          query: dict[str, Any]) -> None:
    """As the page does next: the uploaded data set's default view, whose route query reads it in a web worker."""
    from network.ui.uploads import storage_key

    browser = answer.output("store-browser", "data") or {}
    [entry] = list(browser.get("sets", {}).values())[-1:]
    key = storage_key(browser["secret"], entry["hash"])
    at = time.monotonic()
    opened = client.post(route_cb, {f"{QUERY_STORE}.data": query | {"dataset": key}})
    item.opened_s = time.monotonic() - at
    item.opened_summary = str(opened.output(ROUTES_SUMMARY, "children") or f"HTTP {opened.status}")[:200]


# --------------------------------------------------------------------------- figures


def quantile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) of ``values``, by linear interpolation between the closest ranks."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def spread(values: list[float]) -> dict[str, float | int]:
    return {"n": len(values), "p50": quantile(values, 0.5), "p95": quantile(values, 0.95),
            "p99": quantile(values, 0.99), "max": max(values, default=float("nan")),
            "mean": statistics.fmean(values) if values else float("nan")}


def figures(settings: Settings, samples: list[Sample], loops: list[float], window: float, uploads: list[Upload],
            monitor: Monitor | None, server_log: str, files: list[Path]) -> dict[str, Any]:
    ok = [s for s in samples if not s.error]
    started = [u.started for u in uploads]
    finished = [u.started + u.answered_s for u in uploads if u.answered_s is not None]
    up_start = min(started, default=window)
    up_end = max(finished, default=window) if len(finished) == len(uploads) else window
    phases = {"before uploads": (0.0, up_start), "during uploads": (up_start, min(up_end, window)),
              "after uploads": (up_end, window)}
    by_phase = {}
    for name, (lo, hi) in phases.items():
        within = [s.seconds for s in ok if lo <= s.at < hi]
        if within:
            by_phase[name] = {"from_s": round(lo, 1), "to_s": round(hi, 1),
                              "requests_per_s": len(within) / max(hi - lo, 1e-9), **spread(within)}
    errors = Counter(f"{s.kind}: {s.error}" for s in samples if s.error)
    seconds: dict[int, list[float]] = {}
    for s in ok:
        seconds.setdefault(int(s.at), []).append(s.seconds)
    timeline = [{"t": t, "n": len(v), "p50": quantile(v, 0.5), "p95": quantile(v, 0.95), "max": max(v)}
                for t, v in sorted(seconds.items())]
    facts = {"source": str(settings.source), **_revision(settings.source), "cpus": os.cpu_count(),
             "python": platform.python_version(), "platform": platform.platform(),
             "machine": platform.machine(), "processor": _cpu_model()}
    out: dict[str, Any] = {
        "settings": dataclasses.asdict(settings), "machine": facts,
        "files": [{"name": p.name, "bytes": p.stat().st_size} for p in files],
        "window_s": window, "requests": len(samples), "requests_per_s": len(samples) / window,
        "loops_per_s": len(loops) / window,
        "latency_s": {"all": spread([s.seconds for s in ok]),
                      **{k: spread([s.seconds for s in ok if s.kind == k]) for k in KINDS},
                      "loop": spread(loops)},
        "by_phase": by_phase, "latency_by_second": timeline,
        "errors": dict(errors), "error_count": sum(errors.values()),
        "uploads": [dataclasses.asdict(u) for u in uploads],
        "server_log": {"lines": server_log.count("\n"), "tracebacks": server_log.count("Traceback"),
                       "worker_timeouts": server_log.count("WORKER TIMEOUT"),
                       "errors": server_log.count("[ERROR]"), "tail": server_log[-2000:]},
    }
    if monitor is not None:
        out["cpu"] = {name: monitor.summary(lo, hi) for name, (lo, hi) in phases.items() if hi > lo}
        out["niceness"] = {"jobs": dict(monitor.job_nice), "web_workers": dict(monitor.web_nice)}
        out["connections_per_web_worker"] = sorted(monitor.connections, reverse=True)
        out["cpu_timeline"] = monitor.ticks
        whole = monitor.summary(0.0, window).get("cpu_percent", {})
        if whole.get("web"):  # a figure other work on the machine hardly changes: requests per web worker CPU s
            out["requests_per_web_cpu_s"] = len(samples) / (whole["web"] / 100 * window)
            out["cpu_whole_window"] = whole
    during = by_phase.get("during uploads", {}).get("p95", out["latency_s"]["all"]["p95"])
    p95 = max(out["latency_s"]["all"]["p95"], during)
    said = all(u.outcome in ("loaded", "refused") for u in uploads)
    out["verdicts"] = {
        f"readers' p95 under {P95_TARGET_S:.0f} s (whole window and during the uploads)":
            {"met": p95 < P95_TARGET_S, "figure": f"{out['latency_s']['all']['p95']:.3f} s; during {during:.3f} s"},
        "0 errors": {"met": out["error_count"] == 0, "figure": str(out["error_count"])},
        "every upload loads or says why, in the page":
            {"met": said, "figure": ", ".join(f"{u.name}: {u.outcome}" for u in uploads) or "no uploads"},
    }
    return out


def _revision(source: Path) -> dict[str, Any]:
    """The commit of the served checkout and the files changed in its `network` (none for a snapshot)."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=source, capture_output=True, text=True, timeout=10).stdout
        except (OSError, subprocess.SubprocessError):
            return ""
    if not (source / ".git").exists():  # a snapshot: its COMMIT file, if it was given one
        marker = source / "COMMIT"
        return {"commit": marker.read_text().strip()[:40] if marker.is_file() else "(not a git checkout)",
                "changed": []}
    changed = [line[3:] for line in git("status", "--porcelain", "--", "network").splitlines()]
    return {"commit": git("rev-parse", "--short", "HEAD").strip(), "changed": changed}


def _cpu_model() -> str:
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor()


def _ms(seconds: float | None) -> str:
    if seconds is None or seconds != seconds:
        return "-"
    return f"{seconds * 1e3:,.0f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def print_report(f: dict[str, Any]) -> None:
    s, m = f["settings"], f["machine"]
    changed = f", {len(m['changed'])} files of network/ changed" if m["changed"] else ""
    print(f"\nServed: {m['source']} (commit {m['commit']}{changed})")
    print(f"Machine: {m['cpus']} CPUs ({m['processor']}), Python {m['python']}, {m['platform']}")
    print(f"Server: entangle serve --workers {s['workers']} (gunicorn gthread), jobs "
          f"{'on Celery over ' + s['redis'] if s['redis'] else 'in local processes (diskcache)'}")
    print(f"Load: {s['readers']} readers for {f['window_s']:.0f} s (think {s['think']} s), {s['uploads']} uploads "
          f"of {s['links']:,} links at {s['upload_delay']:.0f} s: "
          + ", ".join(f"{x['name']} {x['bytes'] / 1e6:.1f} MB" for x in f["files"]))
    per_cpu = (f"; {f['requests_per_web_cpu_s']:,.0f} per CPU second of the web workers, who had "
               f"{f['cpu_whole_window']['web'] / 100:.2f} cores" if "requests_per_web_cpu_s" in f else "")
    print(f"\nRequests: {f['requests']:,} in {f['window_s']:.1f} s = {f['requests_per_s']:,.1f} requests/s "
          f"({f['loops_per_s']:,.1f} loops/s{per_cpu})")
    print(f"  {'readers':<18} {'n':>7} {'p50':>9} {'p95':>9} {'p99':>9} {'max':>9}")
    rows = [(k, v) for k, v in f["latency_s"].items()] + [(k, v) for k, v in f["by_phase"].items()]
    for name, v in rows:
        label = {"all": "all requests", "loop": "loop (all three)"}.get(name, name)
        print(f"  {label:<18} {v['n']:>7,} {_ms(v['p50']):>9} {_ms(v['p95']):>9} {_ms(v['p99']):>9} "
              f"{_ms(v['max']):>9}" + (f"   {v['from_s']:.0f}-{v['to_s']:.0f} s, {v['requests_per_s']:.1f} req/s"
                                        if "from_s" in v else ""))
    worst = sorted(f["latency_by_second"], key=lambda x: -x["p95"])[:3]
    if worst:
        print("  slowest seconds (by p95): " + "; ".join(
            f"{w['t']}-{w['t'] + 1} s: p95 {_ms(w['p95'])}, max {_ms(w['max'])}, {w['n']} requests" for w in worst))
    print(f"\nErrors: {f['error_count']}")
    for what, n in sorted(f["errors"].items(), key=lambda kv: -kv[1]):
        print(f"  {n:>6}  {what}")
    log = f["server_log"]
    print(f"  server log: {log['tracebacks']} tracebacks, {log['worker_timeouts']} worker timeouts, "
          f"{log['errors']} [ERROR] lines")
    print("\nUploads:")
    print(f"  {'file':<26} {'MB':>5} {'start':>6} {'accepted':>9} {'answered':>9} {'polls':>5} {'poll p50':>9} "
          f"{'poll max':>9}  outcome")
    for u in f["uploads"]:
        print(f"  {u['name']:<26} {u['bytes'] / 1e6:>5.1f} {u['started']:>5.1f}s {_ms(u['accepted_s']):>9} "
              f"{_ms(u['answered_s']):>9} {u['polls']:>5} {_ms(u['poll_p50_s']):>9} {_ms(u['poll_max_s']):>9}  "
              f"{u['outcome']}")
        print(f"      status line: {u['status_line'] or u['notice'] or u['error'] or '(none)'}")
        if u["opened_s"] is not None:
            print(f"      opened (its route query, read in a web worker): {_ms(u['opened_s'])}: {u['opened_summary']}")
    if "cpu" in f:
        print("\nCPU, mean of 1 s samples (100 = one core; 'others' = the kernel and anything else on the machine):")
        print(f"  {'phase':<16} {'web':>5} {'jobs':>5} {'(max n)':>7} {'master':>6} {'celery':>6} {'client':>6} "
              f"{'others':>6} {'machine':>7} {'peak RSS':>9}")
        for phase, c in f["cpu"].items():
            if c:
                cpu = c["cpu_percent"]
                print(f"  {phase:<16} {cpu['web']:>5.0f} {cpu['job']:>5.0f} {c['peak_jobs']:>7} {cpu['master']:>6.0f} "
                      f"{cpu['celery']:>6.0f} {cpu['client']:>6.0f} {cpu['others']:>6.0f} {cpu['machine']:>7.0f} "
                      f"{c['peak_rss_mb']:>6,} MB")
        print(f"  niceness seen (samples): jobs {f['niceness']['jobs'] or '-'}, web workers "
              f"{f['niceness']['web_workers']}; machine busy before the run: {f['busy_before']:.0f}")
        print("  keep-alive connections (readers' and uploads') held by each web worker: "
              f"{f['connections_per_web_worker']}")
    print("\nTargets:")
    for target, v in f["verdicts"].items():
        print(f"  {'MET   ' if v['met'] else 'MISSED'}  {target}: {v['figure']}")


# --------------------------------------------------------------------------- the run


@contextlib.contextmanager
def interrupted_on_term() -> Iterator[None]:
    """SIGTERM stops the run as Ctrl-C does, so the server's group is stopped either way."""
    def on_term(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def machine_busy(seconds: float = 3.0) -> float:
    """How busy the machine is (100 = one core) over ``seconds``, before anything of the run starts."""
    import psutil

    return float(psutil.cpu_percent(interval=seconds)) * (psutil.cpu_count() or 1)


def run(settings: Settings) -> dict[str, Any]:
    print(f"Preparing {settings.uploads} edge lists of {settings.links:,} links in {DATA.relative_to(ROOT)}/ …",
          flush=True)
    files = prepare_files(settings.uploads, settings.links)
    raw = [p.read_bytes() for p in files]
    contents = [data_url(data) for data in raw]
    uploads = [Upload(p.name, len(data), data.count(b"\n") - 1) for p, data in zip(files, raw, strict=True)]
    del raw
    busy = machine_busy()
    waited = 0.0
    while busy > QUIET and waited < settings.wait_quiet:  # someone else's work on the machine: wait for it
        print(f"  the machine is busy ({busy:.0f}, 100 = one core); waiting …", flush=True)
        time.sleep(7.0)
        waited += 10.0
        busy = machine_busy()
    if busy > QUIET:
        print(f"Warning: the machine is already busy ({busy:.0f}, 100 = one core): the figures will show it.",
              flush=True)
    with tempfile.TemporaryDirectory(prefix="entangle-load-") as tmp, interrupted_on_term():
        services = Services(settings, Path(tmp))
        try:
            t_boot = perf()
            services.start()
            print(f"Serving at {services.base} ({settings.workers} workers; up in {perf() - t_boot:.1f} s)", flush=True)
            return _drive(settings, services, files, contents, uploads) | {"busy_before": busy}
        finally:
            services.stop()



def _drive(settings: Settings, services: Services, files: list[Path], contents: list[str],
           uploads: list[Upload]) -> dict[str, Any]:
    with Client(services.base, READER_TIMEOUT_S) as probe:
        probe.page()
        route_cb = route_callback(probe)
    query = default_query()
    samples: list[Sample] = []  # the threads append to these (list.append is atomic)
    loops: list[float] = []
    clock = Clock(settings.seconds, hold=settings.until_uploads)
    ready = threading.Barrier(settings.readers + 1, action=clock.open)
    go = threading.Event()
    readers = [threading.Thread(target=reader, daemon=True, name=f"reader-{i}",
                                args=(i, services.base, route_cb, query, clock, settings.think, samples, loops, ready))
               for i in range(settings.readers)]
    senders = [threading.Thread(target=uploader, daemon=True, name=f"upload-{i}",
                                args=(u, c, services.base, clock, go, query, settings.open_uploads))
               for i, (u, c) in enumerate(zip(uploads, contents, strict=True))]
    monitor = Monitor(services, clock)  # from now, so that its first figures are primed before the window
    monitor.start()
    for t in readers + senders:
        t.start()
    print(f"{settings.readers} readers warming up (one loop each) …", flush=True)
    try:
        ready.wait(timeout=300)
    except threading.BrokenBarrierError:
        raise RuntimeError("the readers did not warm up within 300 s") from None
    print(f"Window open: {settings.seconds:.0f} s; {len(uploads)} uploads at {settings.upload_delay:.0f} s",
          flush=True)
    time.sleep(max(0.0, clock.t0 + settings.upload_delay - time.monotonic()))
    if senders:
        go.set()
    if settings.until_uploads:  # the readers go on until every upload has its answer
        for t in senders:
            t.join(timeout=UPLOAD_DEADLINE_S + 60)
        clock.close()
    for t in readers:
        t.join(timeout=max(0.0, clock.end - time.monotonic()) + READER_TIMEOUT_S + 10)
    window = clock.length
    in_window = [s for s in samples if s.at < window]
    waiting = [u.name for u, t in zip(uploads, senders, strict=True) if t.is_alive()]
    if waiting:
        print(f"Window closed; waiting for {len(waiting)} uploads …", flush=True)
    for t in senders:
        t.join(timeout=UPLOAD_DEADLINE_S + 60)
    monitor.halt.set()
    monitor.join(timeout=5)
    return figures(settings, in_window, loops, window, uploads, monitor, services.log_tail(200_000), files)


PRESETS = {"full": dict(readers=50, seconds=60.0, uploads=4, links=1_000_000),
           "quick": dict(readers=10, seconds=15.0, uploads=2, links=100_000)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a smoke run: " + ", ".join(
        f"{k} {v:,}" for k, v in PRESETS["quick"].items()))
    parser.add_argument("--readers", type=int, help="simulated readers (default 50)")
    parser.add_argument("--seconds", type=float, help="the readers' window (default 60)")
    parser.add_argument("--uploads", type=int, help="uploads dropped at once (default 4)")
    parser.add_argument("--links", type=int, help="links in each uploaded edge list (default 1,000,000)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--redis", default="", metavar="URL",
                        help="run the jobs on an `entangle worker` over this Redis (default: local processes)")
    parser.add_argument("--upload-delay", type=float, default=5.0, metavar="S",
                        help="seconds into the window when the uploads are dropped (default 5)")
    parser.add_argument("--think", type=float, default=0.0, metavar="S",
                        help="a reader's pause after each loop (default 0: back to back)")
    parser.add_argument("--open-uploads", action="store_true",
                        help="after an upload loads, ask its view's routes, as the page does next")
    parser.add_argument("--until-uploads", action="store_true",
                        help="keep the readers reading until every upload has answered (at least --seconds)")
    parser.add_argument("--wait-quiet", type=float, default=0.0, metavar="S",
                        help="wait up to S seconds for the machine to be quiet before starting (default 0)")
    parser.add_argument("--source", type=Path, default=ROOT, metavar="DIR",
                        help="serve the `network` package of this checkout (default: this one), for example a "
                             "snapshot made with `git archive HEAD | tar -x -C DIR` while others edit this tree")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures here as JSON")
    args = parser.parse_args(argv)
    preset = PRESETS["quick" if args.quick else "full"]
    settings = Settings(
        readers=args.readers or int(preset["readers"]), seconds=args.seconds or float(preset["seconds"]),
        uploads=args.uploads if args.uploads is not None else int(preset["uploads"]),
        links=args.links or int(preset["links"]), workers=args.workers, redis=args.redis,
        upload_delay=args.upload_delay, think=args.think, open_uploads=args.open_uploads,
        until_uploads=args.until_uploads, wait_quiet=args.wait_quiet, source=args.source.resolve())
    try:
        result = run(settings)
    except KeyboardInterrupt:
        print("\nInterrupted: the server and its jobs were stopped.", file=sys.stderr)
        return 130
    print_report(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str) + "\n")
        print(f"\nWrote {args.json}")
    return 0 if all(v["met"] for v in result["verdicts"].values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
