"""The background-job manager the app runs uploads and exports on: a job's answer is never lost to a poll that
comes as the job ends (network/ui/jobs.py). A real diskcache store and a real process that has ended; the same
rule on Celery over Redis is exercised end to end by tests/test_serving.py."""

from __future__ import annotations

import subprocess
import sys

import pytest

from network.ui import jobs


@pytest.fixture
def local_jobs(tmp_path, monkeypatch):
    monkeypatch.delenv("ENTANGLE_REDIS_URL", raising=False)
    monkeypatch.setenv("ENTANGLE_CACHE", str(tmp_path))
    manager = jobs.background_manager()
    yield manager
    manager.handle.close()


def _ended_job() -> int:
    """The process id of a job that has run and ended (reaped: not even a zombie)."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_an_answer_written_as_its_job_ends_is_collected_by_the_next_poll(local_jobs):
    job, key = _ended_job(), "answer-of-the-upload"
    # a poll looks for the answer while the job is still at work: none yet
    assert local_jobs.get_result(key, job) is local_jobs.UNDEFINED
    # the job writes its answer and ends; then the same poll asks whether it still runs
    local_jobs.handle.set(key, {"status": "Loaded riverside.csv"})
    assert local_jobs.job_running(job) is True  # so the page polls again, not told "cancelled"
    # the next poll collects the answer, and the job is then over
    assert local_jobs.get_result(key, job) == {"status": "Loaded riverside.csv"}
    assert local_jobs.job_running(job) is False


def test_a_job_that_ended_with_no_answer_was_cancelled(local_jobs):
    job = _ended_job()
    assert local_jobs.get_result("never-written", job) is local_jobs.UNDEFINED
    assert local_jobs.job_running(job) is False


def test_a_waiting_answer_is_for_its_own_job_only(local_jobs):
    """What one poll looked for says nothing of another job: a different job with no answer is not kept alive."""
    first, other = _ended_job(), _ended_job()
    assert local_jobs.get_result("first-answer", first) is local_jobs.UNDEFINED
    local_jobs.handle.set("first-answer", {"done": True})
    assert local_jobs.job_running(other) is False
    assert local_jobs.job_running(first) is True
