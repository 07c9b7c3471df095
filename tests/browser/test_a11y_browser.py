"""axe-core on every page, in English: no violation of any rule axe runs by default.

The explorer on a laptop and on a phone (its controls folded and unfolded, the routes as cards), the explorer with
an upload's validation report shown (a file that loads with a warning, then one with an error), the slides of a
view, the data set's story, the handout, and the standalone file as downloaded, opened from disk.

axe-core is the one axe-playwright-python bundles (axe.min.js): nothing is fetched when it runs. A failure lists
each violation: its rule, impact, what it is about and the selectors of the elements at fault.
"""

from __future__ import annotations

import pytest

from network.ui import ids

from .conftest import UPLOAD_JOB_MS, expect, settled
from .test_explorer import open_app

try:
    from axe_playwright_python.sync_playwright import Axe
except ImportError:  # the browser fixtures skip (or fail, under CI) where playwright is missing; so does this
    Axe = None

#: Left out of every axe run, each for a reason no page of ours can change. Nothing else is: no rule is turned off.
EXCLUDED = [
    # Dash 4's Dropdown puts a hidden <input aria-hidden="true" tabindex="0"> before its button to take the Tab
    # (Safari leaves buttons out of the Tab order), and hands the focus on to the button as it arrives, so the focus
    # never rests on hidden content (what aria-hidden-focus guards against). Dash has no option to change it.
    ".dash-dropdown-focus-target",
]

#: A file that loads with one warning (an institution linked to itself), and one with an error (no such status).
WARNS = (b"source,target,relation,status\n"
         b"Lincoln High School,Lincoln Police Department,incident reports,documented\n"
         b"Lincoln Police Department,ICE,shares with,reported\n"
         b"Lincoln High School,Lincoln High School,notes,documented\n")
BROKEN = b"source,target,status\nA,B,sure\n"


def violations(page) -> list[dict]:
    if Axe is None:
        pytest.skip("axe-playwright-python not importable: pip install -e '.[test]'")
    if page.locator("#react-entry-point").count():  # the explorer (Dash): its callbacks done
        settled(page)
    else:
        page.wait_for_load_state("networkidle")
    return Axe().run(page, context={"exclude": [[s] for s in EXCLUDED]}).response["violations"]


def assert_no_violations(page, where: str) -> None:
    found = violations(page)
    lines = [f"{v['id']} ({v['impact']}): {v['help']} — {', '.join(' '.join(n['target']) for n in v['nodes'])}"
             for v in found]
    assert not found, f"axe found {len(found)} kinds of violation on {where}:\n  " + "\n  ".join(lines)


def _explorer_ready(page, server, query: str = "") -> None:
    open_app(page, server, query)
    # the upload zones are drawn late (their code loads on demand): axe must see them
    expect(page.locator(f"#{ids.UPLOAD} input[type=file]")).to_have_count(1)
    expect(page.locator(f"#{ids.STORY_UPLOAD} input[type=file]")).to_have_count(1)


def test_explorer(page, server):
    _explorer_ready(page, server, "?from=ebhs&route=ebhs%3Ebsp%3Ebric%3Eice_ero")
    expect(page.locator(f"#{ids.ROUTE_DETAIL} .sentence")).to_be_visible()
    assert_no_violations(page, "the explorer (1280x720, a route selected)")


def test_explorer_on_a_phone(warm_page, server):
    page = warm_page(390, 844)
    _explorer_ready(page, server, "?from=ebhs")
    expect(page.locator(f"#{ids.ROUTE_CARDS} .route-card").first).to_be_visible()
    assert_no_violations(page, "the explorer on a phone (390x844), controls folded")
    page.locator(".query-summary").click()
    expect(page.locator(f"#{ids.ORIGIN}")).to_be_visible()
    assert_no_violations(page, "the explorer on a phone (390x844), controls unfolded")


def test_explorer_with_an_upload_report(page, server):
    _explorer_ready(page, server)
    upload = page.locator(f"#{ids.UPLOAD} input[type=file]")
    status, report = page.locator(f"#{ids.UPLOAD_STATUS}"), page.locator(f"#{ids.REPORT}")
    upload.set_input_files(files=[{"name": "warns.csv", "mimeType": "text/csv", "buffer": WARNS}])
    expect(status).to_contain_text("Loaded warns.csv", timeout=UPLOAD_JOB_MS)
    expect(status).to_contain_text("1 warning")
    expect(report.locator(".ag-row")).to_have_count(1)
    assert_no_violations(page, "the explorer with a file loaded with a warning, its report shown")
    upload.set_input_files(files=[{"name": "broken.csv", "mimeType": "text/csv", "buffer": BROKEN}])
    expect(status).to_contain_text("broken.csv: 1 error, so nothing was loaded", timeout=UPLOAD_JOB_MS)
    expect(report).to_contain_text("status 'sure' is not one we know")
    assert_no_violations(page, "the explorer with a file refused for an error, its report shown")


@pytest.mark.parametrize("path", ["/present?from=ebhs", "/present/story"])
def test_slides(page, server, path):
    """The first slide, then the first with a map (the others are hidden, as axe sees them)."""
    page.goto(server + path)
    expect(page.locator(".slide:not([hidden]) h1")).to_be_visible()
    assert_no_violations(page, f"{path}, slide 1")
    for _ in range(5):
        if page.locator(".slide:not([hidden]) .slide-map").count():
            break
        page.keyboard.press("ArrowRight")
    expect(page.locator(".slide:not([hidden]) .slide-map.js-plotly-plot")).to_have_count(1)
    assert_no_violations(page, f"{path}, {page.locator('#slide-counter').inner_text()}")


def test_handout(page, server):
    page.goto(server + "/handout?from=ebhs")
    expect(page.locator(".handout-map.js-plotly-plot")).to_have_count(1)
    assert_no_violations(page, "/handout?from=ebhs")


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_standalone_file_from_disk(page, server, tmp_path, method):
    """The file the "HTML file" button downloads (a post of its form; a link's GET gives the same file)."""
    url = server + "/export.html?from=ebhs"
    answer = page.request.get(url) if method == "GET" else page.request.post(url, form={"dataset": ""})
    assert answer.ok and answer.headers["content-disposition"].startswith("attachment")
    path = tmp_path / "export.html"
    path.write_bytes(answer.body())
    page.goto(path.as_uri())
    expect(page.locator(".standalone-map.js-plotly-plot")).to_have_count(1)
    assert_no_violations(page, f"the standalone file ({method} /export.html?from=ebhs), opened from disk")
