"""An upload is a background job in the page: a progress line and a Cancel button while it runs, and a cancel
that stops it and says so, with the data on screen unchanged."""

from __future__ import annotations

import time

import psutil

from network.ui import ids

from .conftest import expect, shoot
from .test_explorer import open_app


def _big_edge_list(links: int) -> bytes:
    """An edge list that takes this machine several seconds to check (about 2 s per 100,000 links)."""
    rows = ["source,target,status", *(f"school {i},police {i % 5000},reported" for i in range(links)),
            "police 1,ICE,reported"]
    return ("\n".join(rows) + "\n").encode()


def _jobs() -> list[psutil.Process]:
    """The upload jobs running: this test server's job processes are forks of this pytest process (diskcache's
    manager starts one per job), so they run its very command line."""
    me = psutil.Process()
    jobs = []
    for child in me.children():
        try:
            if child.cmdline() == me.cmdline() and child.status() != psutil.STATUS_ZOMBIE:
                jobs.append(child)
        except psutil.Error:  # gone while we looked
            pass
    return jobs


def _wait_for_no_job(seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while (running := _jobs()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not running, f"the cancelled job still runs: {running}"


def test_an_upload_shows_its_progress_and_can_be_cancelled(page, server):
    open_app(page, server)
    title = page.locator(f"#{ids.DATASET_TITLE}").inner_text()
    cancel = page.locator(f"#{ids.UPLOAD_CANCEL}")
    expect(cancel).to_be_hidden()
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(
        files=[{"name": "national.csv", "mimeType": "text/csv", "buffer": _big_edge_list(300_000)}])
    progress = page.locator(f"#{ids.UPLOAD_PROGRESS}")
    expect(progress).to_contain_text("Checking national.csv", timeout=20_000)
    expect(cancel).to_be_visible()
    assert _jobs(), "the upload is checked in a job process of its own"
    shoot(page.locator(".data-section"), "upload-in-progress")
    cancel.click()
    status = page.locator(f"#{ids.UPLOAD_STATUS}")
    expect(status).to_have_text("The upload was cancelled: nothing was loaded, and the data on screen is unchanged.")
    expect(cancel).to_be_hidden()
    expect(progress).to_have_text("")
    _wait_for_no_job()  # the job's process was stopped, not left to finish unseen
    page.wait_for_timeout(1_500)  # three of the page's polls for a job's answer: none comes, so nothing loads
    expect(status).not_to_contain_text("Loaded")
    expect(page.locator(f"#{ids.DATASET_TITLE}")).to_have_text(title)
    assert "?data=" not in page.url
