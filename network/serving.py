"""Serving the explorer for many readers: ``entangle serve`` (gunicorn) and ``entangle worker`` (Celery).

``entangle serve`` runs gunicorn, not Flask's development server: several worker processes, each with a few
threads, so one slow request never holds the others. The data set is read once, before the workers start, and
each worker builds its own app around it (its own queue connections: a connection must not cross a fork).
Heavy work (reading uploads, writing exports) runs as background jobs: in local processes by default, or with
``ENTANGLE_REDIS_URL`` set, on ``entangle worker`` processes over Redis, which may be other machines.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from .errors import NetworkDataError
from .i18n import N_, _
from .model import Dataset

__all__ = ["COMMANDS", "add_commands", "run", "default_workers", "gunicorn_options", "THREADS", "TIMEOUT_S"]

COMMANDS = {
    "serve": N_("serve the explorer in a browser with gunicorn (default http://127.0.0.1:8050)"),
    "worker": N_("run background jobs (uploads, exports) for servers sharing ENTANGLE_REDIS_URL (Celery over Redis)"),
}

#: Threads per worker: a request waiting on a slow read or a job's answer does not hold the worker's others.
THREADS = 4
#: A request taking longer than this is cut and its worker restarted. Heavy work is in jobs, so an ordinary
#: request takes well under a second; the limit only guards against a bug that never returns.
TIMEOUT_S = 120


def default_workers() -> int:
    """Worker processes by default: two per CPU and one more (gunicorn's advice), at most 9."""
    return min(2 * (os.cpu_count() or 1) + 1, 9)


def add_commands(sub: Any) -> None:
    """Add ``serve`` and ``worker`` to the ``entangle`` parser's subcommands."""
    serve = sub.add_parser("serve", help=_(COMMANDS["serve"]))
    serve.add_argument("path", nargs="?", metavar="DATASET",
                       help=_("a data set (default: the bundled Boston data set)"))
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--workers", type=int, default=None, metavar="N",
                       help=_("worker processes (default: from the CPU count, here {n})").format(n=default_workers()))
    serve.add_argument("--allow-embedding", action="append", default=[], metavar="ORIGIN",
                       help=_("a site allowed to show the explorer in a frame, as https://news.example.org "
                              "(repeat for more; none by default)"))
    serve.add_argument("--debug", action="store_true", help=argparse.SUPPRESS)
    worker = sub.add_parser("worker", help=_(COMMANDS["worker"]))
    worker.add_argument("path", nargs="?", metavar="DATASET",
                        help=_("the data set the servers serve (default: Boston)"))
    worker.add_argument("--concurrency", type=int, default=None, metavar="N",
                        help=_("jobs at once (default: the CPU count)"))


def gunicorn_options(host: str, port: int, workers: int | None = None) -> dict[str, Any]:
    """The gunicorn settings ``entangle serve`` runs with."""
    return {"bind": f"{host}:{port}", "workers": max(1, workers or default_workers()), "worker_class": "gthread",
            "threads": THREADS, "timeout": TIMEOUT_S, "graceful_timeout": 30, "keepalive": 5,
            "accesslog": None, "errorlog": "-", "loglevel": "warning"}


def _gunicorn(ds: Dataset, frame_ancestors: list[str], options: dict[str, Any]) -> Any:
    from gunicorn.app.base import BaseApplication

    from .ui.app import create_app

    class Application(BaseApplication):  # type: ignore[misc]  # gunicorn has no types
        def load_config(self) -> None:
            for name, value in options.items():
                self.cfg.set(name, value)

        def load(self) -> Any:  # in each worker, after the fork
            return create_app(ds, frame_ancestors=frame_ancestors).server

    return Application()


def _serve(args: argparse.Namespace) -> int:
    from .io import load
    from .ui.security import allowed_ancestor

    ancestors = [allowed_ancestor(site) for site in args.allow_embedding]  # a bad origin stops here, with why
    ds = load(args.path)
    if args.debug:  # Flask's development server, for working on the app itself
        from .ui.app import create_app

        create_app(ds, frame_ancestors=ancestors).run(host=args.host, port=args.port, debug=True)
        return 0
    from .ui.app import warm

    warm(ds)  # the default query's index, built once here and shared by every worker forked from this process
    options = gunicorn_options(args.host, args.port, args.workers)
    jobs = _("Celery over Redis") if os.environ.get("ENTANGLE_REDIS_URL") else _("local processes")
    # Translators: said once to whoever starts the server; {jobs} is "Celery over Redis" or "local processes"
    print(_("Serving {title} at {address} with {n} workers (jobs: {jobs}).").format(
        title=ds.title, address=f"http://{args.host}:{args.port}", n=options["workers"], jobs=jobs), flush=True)
    _gunicorn(ds, ancestors, options).run()
    return 0


def _worker(args: argparse.Namespace) -> int:
    from .ui import jobs
    from .ui.app import create_app
    from .ui.upload_store import redis_url

    if not redis_url():
        raise ValueError(_("entangle worker takes its jobs from Redis: set ENTANGLE_REDIS_URL, as for the servers"))
    create_app(args.path)  # registers the job functions, and the served data set jobs show
    concurrency = args.concurrency or os.cpu_count() or 1
    jobs.lower_priority()  # readers' requests on this machine come first
    jobs.celery_app().worker_main(["worker", "--loglevel=WARNING", f"--concurrency={concurrency}",
                                   "--pool=prefork", "--without-gossip", "--without-mingle"])
    return 0


def run(args: argparse.Namespace) -> int:
    """Run ``serve`` or ``worker``; a setting that cannot work is one line and exit code 2."""
    try:
        return _serve(args) if args.command == "serve" else _worker(args)
    except NetworkDataError:
        raise  # the data's problems: the command line reports them as for every command
    except ValueError as err:
        print(f"entangle: {err}", file=sys.stderr)
        return 2

