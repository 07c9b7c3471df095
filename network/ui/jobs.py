"""Heavy work off the request path: the background-callback manager an app runs its long callbacks on.

By default jobs run in processes of this machine, queued in a diskcache folder beside the uploads (no server to
run). With ``ENTANGLE_REDIS_URL`` set they go to Celery over Redis, so they run on ``entangle worker``
processes, on this machine or others; the upload store is then Redis too (``upload_store``), so a worker finds
what a web server saved.

A job runs outside any request, so ``flask.current_app`` is not there: what it needs of the app (the served data
set) it finds on Dash's app of the process (``dash.get_app()``: the one app a server or worker process makes).
Nor is the request's language there (a ContextVar of the web worker's thread): a job is given the page's as an
argument and speaks it (``i18n.speaking``, in network/ui/upload_panel.py).
"""

from __future__ import annotations

import os
from contextvars import ContextVar
from functools import lru_cache
from typing import Any

from dash import CeleryManager, DiskcacheManager
from dash.background_callback.managers import BaseBackgroundCallbackManager

from ..i18n import _
from ..model import Dataset
from .upload_store import cache_dir, redis_url

__all__ = ["background_manager", "celery_app", "dataset", "lower_priority", "JOB_EXPIRE_S",
           "JOB_NICENESS"]

#: A finished job's answer waits this long for its page to collect it (a closed tab never does).
JOB_EXPIRE_S = 3600
#: Jobs run at this niceness, so a reader's page and route queries keep the CPU while an upload is parsed.
JOB_NICENESS = 10


def _no_redis() -> str:
    """What ``entangle worker`` (or a Celery setup) says with no Redis to take jobs from."""
    # Translators: ENTANGLE_REDIS_URL is the name of a setting, and the address an example: both stay as written
    return _("set ENTANGLE_REDIS_URL (for example redis://127.0.0.1:6379/0) to run jobs on Celery")


def dataset(key: Any) -> Dataset:
    """The data set a job works on, by its key: the served one or an upload, from the data sets of this
    process's app (a forked job shares its web worker's; a Celery worker keeps its own, read from the store)."""
    from dash import get_app

    from . import datasets

    return datasets.of(get_app().server).get(key if isinstance(key, str) else None)


def lower_priority() -> None:
    """Run the rest of this process at JOB_NICENESS (never raising a niceness already higher)."""
    try:
        current = os.getpriority(os.PRIO_PROCESS, 0)
        if current < JOB_NICENESS:
            os.setpriority(os.PRIO_PROCESS, 0, JOB_NICENESS)
    except (AttributeError, OSError):
        pass  # not a POSIX system, or not allowed: jobs then share the CPU evenly


def celery_app(url: str | None = None) -> Any:
    """The Celery application of jobs over Redis at ``url`` (default ``$ENTANGLE_REDIS_URL``): one per URL and
    process, so the worker runs the very application the app's job functions were registered on."""
    url = url or redis_url()
    if not url:
        raise ValueError(_no_redis())
    return _celery_app(url)


@lru_cache(maxsize=4)
def _celery_app(url: str) -> Any:
    from celery import Celery

    if not url:
        raise ValueError(_no_redis())
    app = Celery("entanglement_map", broker=url, backend=url)
    app.conf.update(
        result_expires=JOB_EXPIRE_S,
        task_serializer="json", result_serializer="json", accept_content=["json"],  # never pickles from Redis
        worker_prefetch_multiplier=1,  # a long parse does not hold other jobs back on one worker process
        task_acks_late=True,
        broker_connection_retry_on_startup=True,
    )
    return app


#: The job and answer key a poll of this request looked for and did not find (``_AnswerKept``).
_LOOKED: ContextVar[tuple[Any, Any] | None] = ContextVar("job_answer_looked_for", default=None)


class _AnswerKept(BaseBackgroundCallbackManager):
    """A job's answer is never lost to a poll that comes as the job ends.

    Dash answers a poll by reading the job's answer, then asking whether the job still runs: no answer and no job
    means the job was cancelled, and the page is told nothing more (204), so it stops polling. A job writes its
    answer and then ends; ending between the two steps of a poll reads as a cancel, and the upload's answer
    (waiting in the store) is never shown: seen once in a test run, as a 204. Here a job that has ended but whose
    answer arrived after the poll looked counts as running, so the page polls once more and gets it."""

    def get_result(self, key: Any, job: Any) -> Any:
        result = super().get_result(key, job)
        _LOOKED.set((job, key) if result is self.UNDEFINED else None)
        return result

    def job_running(self, job: Any) -> bool:
        if super().job_running(job):
            return True
        looked = _LOOKED.get()
        if looked is None or looked[0] != job:
            return False
        _LOOKED.set(None)  # one poll's look, used once
        return bool(self.result_ready(looked[1]))


class _CeleryJobs(_AnswerKept, CeleryManager):
    pass


class _LocalJobs(_AnswerKept, DiskcacheManager):
    pass


def background_manager() -> DiskcacheManager | CeleryManager:
    """The manager for this process's background callbacks: Celery when Redis is configured, else diskcache."""
    if redis_url():
        return _CeleryJobs(celery_app(), expire=JOB_EXPIRE_S)
    import diskcache

    return _LocalJobs(diskcache.Cache(str(cache_dir() / "jobs")), expire=JOB_EXPIRE_S)
