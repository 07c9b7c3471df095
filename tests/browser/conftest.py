"""Browser fixtures: the app served on 127.0.0.1 in a thread, and Debian's Chromium driven by Playwright.

Where playwright cannot be imported or no Chromium is found, the browser tests are skipped with a one-line
reason, except under CI=true, where either is a failure. Playwright's own browser download is never used.

The app is served as ``create_app()`` serves it, so under its Content-Security-Policy. Every browser context a
test opens (the ``page`` fixture's or its own, from ``browser.new_context``) is watched: a
``securitypolicyviolation`` event (reported by a script run in every page and frame before its own), a console
error or an uncaught error in any page fails the test.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from network import i18n
from network.ui.app import create_app
from network.ui.page_words import UPDATE_TITLE

CI = os.environ.get("CI") == "true"

try:  # the test modules take expect from here, so they load (and skip) where playwright is missing
    from playwright.sync_api import expect
except ImportError as err:
    expect = None
    NO_PLAYWRIGHT = f"playwright not importable ({err}): pip install -e '.[test]' to run the browser tests"
else:
    NO_PLAYWRIGHT = ""

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
FIXTURES = ROOT / "tests" / "data"
#: ``--js-flags=--no-opt``: V8 without its optimising compiler (TurboFan), which compiles a page's hot functions
#: on other threads for a speed a test's short-lived pages rarely live to use. The scripts mean the same either
#: way. Measured on the browser tests (-n 2), alternated with and without: 199, 230 and 185 s against 212, 236 and
#: 207 s; the machine's busy CPU (/proc/stat) in the last two pairs, 433 and 352 s against 460 and 395 s.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--js-flags=--no-opt"]


def _chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if NO_PLAYWRIGHT:
        if CI:
            pytest.fail(f"CI=true but {NO_PLAYWRIGHT}")
        pytest.skip(NO_PLAYWRIGHT)
    path = _chromium()
    if path is None:
        if CI:
            pytest.fail("CI=true but no Chromium at /usr/bin/chromium: install Debian's chromium and chromium-driver")
        pytest.skip("no Chromium found (apt-get install chromium chromium-driver to run the browser tests)")
    return path


#: How long a test waits for an upload's outcome: reading a file is a background job, run at low priority (readers
#: first), so on a loaded machine (make test's workers, each with its browser) it can take tens of seconds.
UPLOAD_JOB_MS = 30_000


@pytest.fixture(scope="session")
def server():
    app = create_app()
    srv = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{srv.server_port}"
    srv.shutdown()
    thread.join(timeout=10)


#: Run in every page and frame before its own scripts: a CSP violation becomes a console error the watch sees.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (e) {
  console.error("securitypolicyviolation: " + e.effectiveDirective + " refused " + (e.blockedURI || "?") + " at " +
                (e.sourceFile || e.documentURI) + ":" + e.lineNumber + (e.sample ? " (" + e.sample + ")" : ""));
}, true);
"""


class BrowserWatch:
    """What went wrong in the pages of the contexts a test opened: CSP violations, console and uncaught errors."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.contexts: list[Any] = []

    def attach(self, context: Any) -> None:
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("console", lambda m: self.problems.append(f"console error in {m.location.get('url') or '?'}: "
                                                             f"{m.text}") if m.type == "error" else None)
        context.on("weberror", lambda e: self.problems.append(f"uncaught error in {e.page.url if e.page else '?'}: "
                                                              f"{e.error}"))
        context.on("close", lambda c: self.contexts.remove(c) if c in self.contexts else None)
        self.contexts.append(context)

    def start(self) -> None:
        self.problems.clear()

    def check(self) -> None:
        """Fail with every problem seen, after letting the pages still open deliver their last events."""
        for context in list(self.contexts):
            for pg in context.pages:
                try:
                    pg.evaluate("0")  # a round trip: events sent before it arrive before its answer
                except Exception:  # noqa: BLE001  (a page closing or navigating has nothing more to say)
                    pass
        if self.problems:
            found, self.problems = self.problems, []
            pytest.fail("CSP violations or console errors in the browser:\n  " + "\n  ".join(found), pytrace=False)


@pytest.fixture(scope="session")
def browser(chromium_path, tmp_path_factory):
    """One Chromium per worker, started with a profile of its own: its ``warm`` context keeps an HTTP cache and
    V8's cache of compiled scripts on disk, so after the first pages the explorer shows in 1.5-2 s instead of
    the 3.3 s a fresh context takes (which compiles plotly.js and Dash's renderer again). ``browser.new_context``
    still opens a fresh, empty context, as a new reader's browser is."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        warm = p.chromium.launch_persistent_context(str(tmp_path_factory.mktemp("chromium-profile")),
                                                    executable_path=chromium_path, args=LAUNCH_ARGS,
                                                    viewport={"width": 1280, "height": 720})
        for blank in warm.pages:  # the window a profile opens with
            blank.close()
        b = warm.browser
        b.watch = BrowserWatch()
        b.watch.attach(warm)
        b.warm = warm
        b.kept_tab = None  # the tab the tests of this worker take in turn (see warm_page)
        new_context = b.new_context

        def watched_context(*args: Any, **kwargs: Any) -> Any:
            context = new_context(*args, **kwargs)
            b.watch.attach(context)
            return context

        b.new_context = watched_context  # page.context.browser is this same object, so its contexts are watched too
        b.new_page = lambda *args, **kwargs: watched_context(*args, **kwargs).new_page()
        yield b
        warm.close()


@pytest.fixture(autouse=True)
def browser_watch(request):
    """For a test that uses the browser: no CSP violation and no console error in any of its pages (checked as
    the test ends, and again once its fixtures have closed their contexts)."""
    if "browser" not in request.fixturenames:
        yield None
        return
    watch = request.getfixturevalue("browser").watch
    watch.start()
    yield watch
    watch.check()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    watch = getattr(item, "funcargs", {}).get("browser_watch")
    if watch is not None:
        watch.check()  # a failure of the test itself, not of its teardown
    return result


def _forget(warm: Any, origin: str, kept: Any) -> None:
    """What one test's pages left in the warm context, but its caches: the page's document, other pages,
    cookies, permissions, and the origin's storage (the explorer keeps the reader's story and settings in
    localStorage). The ``kept`` tab is emptied (about:blank, its routes gone), not closed, for the next test."""
    kept.unroute_all(behavior="ignoreErrors")
    kept.goto("about:blank")  # the test's document goes, with its timers and polls, before its storage does
    for pg in list(warm.pages):
        if pg is not kept:
            pg.close()
    # Chromium clears an origin's storage from a page's session, not the browser's
    cdp = warm.new_cdp_session(kept)
    cdp.send("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "local_storage,indexeddb"})
    cdp.detach()
    warm.clear_cookies()
    warm.clear_permissions()


#: What a page records for ``assert_clean``, by the listeners ``warm_page`` adds (and takes off the kept tab).
_RECORDERS = ("request", "console", "pageerror", "dialog")


@pytest.fixture
def warm_page(browser, server):
    """``warm_page(width, height)``: a page of the warm context at that size, recording its requests, console
    errors and dialogs; the context is left as the test found it (see ``_forget``) when it ends.

    A test's first page is the worker's kept tab, which the tests before it used: a new tab starts a new
    renderer process, which compiles the explorer's scripts again (about 1 s of CPU an opening, measured),
    whereas a tab navigated anew keeps them compiled. Its document, routes, listeners and the origin's storage
    are gone by then; history is the tab's (a test steps back only over its own steps). Further pages are new
    tabs."""
    warm = browser.warm
    opened: list[Any] = []

    def open_page(width: int = 1280, height: int = 720) -> Any:
        kept = browser.kept_tab
        if not opened and kept is not None and not kept.is_closed():
            pg = kept
            for event, handler in getattr(pg, "recorders", ()):
                pg.remove_listener(event, handler)
        else:
            pg = warm.new_page()
            if not opened:
                browser.kept_tab = pg
        opened.append(pg)
        pg.set_viewport_size({"width": width, "height": height})
        pg.requests, pg.console_errors, pg.dialogs = [], [], []
        pg.recorders = list(zip(_RECORDERS, (
            lambda r: pg.requests.append(r.url),
            lambda m: pg.console_errors.append(m.text) if m.type == "error" else None,
            lambda e: pg.console_errors.append(str(e)),
            lambda d: (pg.dialogs.append(d.message), d.dismiss())), strict=True))
        for event, handler in pg.recorders:
            pg.on(event, handler)
        return pg

    yield open_page
    if browser.kept_tab is None or browser.kept_tab.is_closed():
        browser.kept_tab = warm.new_page()
    _forget(warm, server, browser.kept_tab)


@pytest.fixture
def page(warm_page):
    """A page at 1280x720 (a projector) that records every request and every console error."""
    return warm_page()


#: Screenshots are for a person to look at after changing a page (``make screenshots``), not checks: ``make test``
#: leaves them out (126 pictures, about 19 s of worker time when measured, the slides' maps drawn first).
SHOOTING = os.environ.get("ENTANGLE_SCREENSHOTS") == "1"


def settled(page: Any, timeout: float = 20_000) -> None:
    """Wait until the explorer has no callback pending. Dash shows its update title from the first callback of a
    change until the last, through gaps between waves of over a second with no request in flight (measured at a
    page load), so this is surer than Playwright's ``networkidle`` (500 ms with no request, which such a gap
    reaches first) and ends as soon as the last answer is in."""
    expect(page).not_to_have_title(_WORKING, timeout=timeout)


def _update_titles() -> re.Pattern[str]:
    titles = []
    for lang in i18n.LANGUAGES:
        with i18n.speaking(lang):
            titles.append(re.escape(i18n.gettext(UPDATE_TITLE)))
    return re.compile(f"^({'|'.join(titles)})$")


#: The update title in any of the page's languages.
_WORKING = _update_titles()


def shoot(target: Any, name: str, full_page: bool = False) -> Path | None:
    """A screenshot of a page (or of one element, a locator) as screenshots/<name>.png, when they are asked for."""
    if not SHOOTING:
        return None
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if full_page:
        target.screenshot(path=str(path), full_page=True)
    else:
        target.screenshot(path=str(path))
    return path


def keep_file(name: str, content: bytes) -> None:
    """A file a test received (the map's PNG download) kept beside the screenshots, when they are asked for."""
    if SHOOTING:
        SCREENSHOTS.mkdir(exist_ok=True)
        (SCREENSHOTS / name).write_bytes(content)
