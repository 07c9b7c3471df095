"""What the page says when something goes wrong out of the app's sight, in headless Chromium: a callback the server
did not answer (assets/trouble.js), and a file larger than the upload limit (assets/upload_size.js)."""

from __future__ import annotations

import re

from network.io import DEFAULT_LIMITS
from network.io.limits import human_bytes
from network.ui import ids

from .conftest import expect, shoot
from .test_explorer import SUMMARY, open_app

TROUBLE = f"#{ids.TROUBLE}"
UNANSWERED = "The server did not answer (timeout or error); the view on screen is from before your last change."
#: What Chromium and Dash's renderer log when a request is answered 504 on purpose.
EXPECTED = re.compile(r"504|Gateway Time-?out|_dash-update-component|Callback failed|Callback error", re.I)


def _forgive_the_504(page) -> None:
    """Drop the console errors of the 504 this test asked for from what the browser watch reports."""
    page.console_errors[:] = [e for e in page.console_errors if not EXPECTED.search(e)]
    watch = getattr(page.context.browser, "watch", None)
    if watch is not None:
        page.evaluate("0")  # the console events sent so far arrive before this answer
        watch.problems[:] = [p for p in watch.problems if not EXPECTED.search(p)]


def test_an_unanswered_callback_is_said_and_cleared(page, server):
    open_app(page, server)
    trouble = page.locator(TROUBLE)
    expect(trouble).to_have_text("")
    assert trouble.get_attribute("role") == "alert"
    answered: list[int] = []
    failing = [True]  # every callback of the change times out until the message has been seen: one change sends
    # several, and a later one answered would clear the message before the test looks (it did, once, under load)

    def time_out_for_now(route):
        if failing[0]:
            answered.append(504)
            route.fulfill(status=504, content_type="text/plain", body="Gateway Timeout")
        else:
            route.continue_()

    page.route("**/_dash-update-component*", time_out_for_now)
    before = page.locator(SUMMARY).inner_text()
    page.locator(f"#{ids.CONTEXT} input[type=checkbox]").check()  # a change the server must answer
    expect(trouble).to_have_text(re.compile("^" + re.escape(UNANSWERED)))
    expect(trouble).to_be_visible()
    assert set(answered) == {504} and page.locator(SUMMARY).inner_text() == before  # the view from before
    shoot(page, "trouble-unanswered")
    failing[0] = False
    # the next change is answered: the message goes, and the page works on
    page.locator(f"#{ids.CONTEXT} input[type=checkbox]").uncheck()
    page.locator(f"#{ids.HOPS}").scroll_into_view_if_needed()
    page.locator(f"#{ids.SHOW_CUT} input[type=checkbox]").uncheck()
    expect(trouble).to_have_text("")
    expect(page.locator(SUMMARY)).to_contain_text("route")
    page.unroute("**/_dash-update-component*")
    _forgive_the_504(page)


def test_a_network_error_is_said_too(page, server):
    open_app(page, server)
    page.route("**/_dash-update-component*", lambda route: route.abort("connectionreset"))
    page.locator(f"#{ids.CONTEXT} input[type=checkbox]").check()
    expect(page.locator(TROUBLE)).to_have_text(re.compile("^" + re.escape(UNANSWERED)))
    page.unroute("**/_dash-update-component*")
    page.locator(f"#{ids.CONTEXT} input[type=checkbox]").uncheck()
    expect(page.locator(TROUBLE)).to_have_text("")
    _forgive_the_504(page)
    page.console_errors[:] = [e for e in page.console_errors if "ERR_CONNECTION_RESET" not in e]
    watch = getattr(page.context.browser, "watch", None)
    if watch is not None:
        watch.problems[:] = [p for p in watch.problems if "ERR_CONNECTION_RESET" not in p]


def test_a_file_over_the_limit_is_named_with_its_size_and_what_to_do(page, server, tmp_path):
    open_app(page, server)
    limit, size = DEFAULT_LIMITS.max_bytes, DEFAULT_LIMITS.max_bytes + 1024 * 1024
    big = tmp_path / "whole-state.csv"
    with big.open("wb") as f:  # a file on disk (sparse): the browser reads it there, quicker than 26 MB sent over
        f.truncate(size)
    said = f"whole-state.csv ({human_bytes(size)}) is larger than {human_bytes(limit)}"
    upload = page.locator(f"#{ids.UPLOAD} input[type=file]")
    status = page.locator(f"#{ids.UPLOAD_STATUS}")
    upload.set_input_files(str(big))
    expect(status).to_contain_text(said)
    expect(status).to_contain_text("not uploaded")
    expect(status).to_contain_text("`entangle serve FILE`, which has no upload limit of this kind")
    shoot(page, "upload-too-large")
    # with a file that fits beside it, that one loads, and the page still says why the other did not
    small = tmp_path / "lincoln.csv"
    small.write_bytes(b"source,target\nLincoln High School,Lincoln Police Department\n")
    upload.set_input_files([str(small), str(big)])
    expect(status).to_contain_text("Loaded lincoln.csv", timeout=20_000)
    expect(status).to_contain_text(said)
    # files that all fit take the message away
    upload.set_input_files(str(small))
    expect(status).to_contain_text("Loaded lincoln.csv", timeout=20_000)
    expect(status).not_to_contain_text("larger than")
