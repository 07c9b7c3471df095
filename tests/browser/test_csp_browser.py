"""The Content-Security-Policy in headless Chromium: every page works under it (the watch in conftest.py fails a
test on any violation or console error), it refuses what it must, no map offers Plotly's cloud, and labels with
quotes and markup show literally everywhere."""

from __future__ import annotations

import re
from html import escape

import pytest

from network.ui import ids

from .conftest import UPLOAD_JOB_MS, expect, shoot
from .test_explorer import SUMMARY, assert_clean, open_app, pick
from .test_upload_browser import _NODE_AT

VIEW = "?from=ebhs&asof=2016-06-01&route=ebhs%3Ebsp%3Ebric%3Egang_db%3Eice_ero"
#: The pages besides the explorer, whose test (the map under the policy) opens it at VIEW.
PAGES = ["/present" + VIEW, "/present/story", "/handout" + VIEW, "/handout" + VIEW + "&paper=letter"]


def _script_src(policy: str) -> str:
    return next(d for d in policy.split("; ") if d.startswith("script-src "))


def _assert_the_policy(response) -> None:
    """The page came with the policy: no inline script or eval, never framed, no type sniffing."""
    policy = response.headers["content-security-policy"]
    assert "'unsafe-inline'" not in _script_src(policy) and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy and response.headers["x-frame-options"] == "DENY"
    assert response.headers["x-content-type-options"] == "nosniff"


@pytest.mark.parametrize("path", PAGES)
def test_every_page_works_under_the_policy(page, server, path):
    _assert_the_policy(page.goto(server + path))
    if path.startswith("/present"):  # a slide draws its map when it is shown; the title slide has none
        expect(page.locator("#slide-counter")).to_have_text(re.compile(r"^1 / "))
        for number in range(2, page.locator(".slide").count() + 1):
            if page.locator(".slide:not([hidden]) .slide-map").count():
                break
            page.keyboard.press("ArrowRight")
            expect(page.locator("#slide-number")).to_have_text(str(number))
    expect(page.locator(".js-plotly-plot:visible").first).to_be_visible(timeout=20_000)
    page.wait_for_load_state("networkidle")
    if path.startswith("/handout"):  # the print button, wired by figures.js (no inline onclick)
        page.evaluate("() => { window.print = () => { window.printed = true; }; }")
        page.get_by_role("button", name="Print or save as PDF").click()
        assert page.evaluate("window.printed") is True
    assert_clean(page, server)


def test_the_explorer_map_works_under_the_policy(page, server):
    """The explorer comes with the policy, and works under it: hover, zoom, the legend, the timeline and both
    picture downloads (plotly.js needs no 'unsafe-eval')."""
    _assert_the_policy(open_app(page, server, VIEW))
    graph = page.locator(f"#{ids.MAP} .js-plotly-plot")
    graph.hover()
    modebar = graph.locator(".modebar")
    for title in ("Zoom in", "Reset axes"):
        modebar.locator(f'.modebar-btn[data-title="{title}"]').click()
    with page.expect_download() as png:
        modebar.locator('.modebar-btn[data-title="Download plot as a PNG"]').click()
    assert png.value.suggested_filename == "entanglement-map.png"
    with page.expect_download() as svg:
        page.locator(f"#{ids.SVG_BUTTON}").click()
    assert svg.value.suggested_filename == "entanglement-map.svg"
    graph.locator(".legendtoggle").first.click()
    timeline = page.locator(f"#{ids.TIMELINE}")
    timeline.scroll_into_view_if_needed()
    box = timeline.bounding_box()
    for i in range(1, 20):
        page.mouse.move(box["x"] + box["width"] * i / 20, box["y"] + box["height"] * 0.4)
    assert page.locator(".cell-status").count() > 0  # AG Grid's cell-class functions ran, without eval
    assert_clean(page, server)


def test_the_policy_refuses_inline_script_and_eval(page, server, browser_watch):
    """What the policy is for: a script slipped into a page does not run, and the watch sees the attempt."""
    page.goto(server + "/handout" + VIEW)
    expect(page.locator(".handout-map.js-plotly-plot")).to_have_count(1)
    ran = page.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.injected = true;';
        document.body.append(s);
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.handler = true');
        img.src = 'data:,';
        document.body.append(img);
        setTimeout('window.evaluated = true;', 0);  // a string to evaluate, run by the page, not by Playwright
        return window.injected === true;
    }""")
    page.wait_for_timeout(200)
    assert ran is False
    assert page.evaluate("[window.handler, window.evaluated]") == [None, None]
    with pytest.raises(pytest.fail.Exception) as seen:
        browser_watch.check()  # and check() forgets what it reported: the test itself ends clean
    for refused in ("script-src-elem refused inline", "script-src-attr refused inline", "script-src refused eval"):
        assert f"securitypolicyviolation: {refused}" in str(seen.value), str(seen.value)


_CLOUD = re.compile(r"chart studio|cloud|share", re.I)
_MODEBAR = """() => [...document.querySelectorAll('.js-plotly-plot')].map(gd => ({
    titles: [...gd.querySelectorAll('.modebar-btn')].map(b => b.getAttribute('data-title') || ''),
    links: [...gd.querySelectorAll('a')].map(a => a.textContent + ' ' + (a.getAttribute('href') || '')),
    cloud: gd._context.showSendToCloud, logo: gd._context.displaylogo, server: gd._context.plotlyServerURL}))"""


def _assert_no_cloud(page, where: str, modebar: bool = True) -> None:
    graphs = page.evaluate(_MODEBAR)
    assert graphs, f"no map drawn on {where}"
    for gd in graphs:
        assert not [t for t in gd["titles"] if _CLOUD.search(t)], f"{where}: {gd['titles']}"
        assert not [a for a in gd["links"] if _CLOUD.search(a) or "plotly" in a.lower()], f"{where}: {gd['links']}"
        assert gd["cloud"] is False and gd["logo"] is False and gd["server"] == "", f"{where}: {gd}"
    if modebar:  # the modebar is there, without the button
        assert any("Download plot as a PNG" in gd["titles"] for gd in graphs), f"{where}: {graphs}"


def test_no_map_offers_plotly_cloud(page, server, tmp_path):
    open_app(page, server, VIEW)
    page.locator(f"#{ids.MAP} .js-plotly-plot").hover()
    _assert_no_cloud(page, "the explorer")
    page.goto(server + "/handout" + VIEW)
    expect(page.locator(".handout-map.js-plotly-plot")).to_have_count(1)
    _assert_no_cloud(page, "the handout")
    page.goto(server + "/present" + VIEW + "#2")
    expect(page.locator(".slide:not([hidden]) .js-plotly-plot")).to_have_count(1)
    _assert_no_cloud(page, "the slides", modebar=False)
    export = page.request.get(server + "/export.html" + VIEW)  # what the "HTML file" button downloads
    assert export.headers["content-disposition"].startswith("attachment")
    path = tmp_path / "export.html"
    path.write_bytes(export.body())
    page.goto(path.as_uri())
    expect(page.locator(".standalone-map.js-plotly-plot")).to_have_count(1)
    _assert_no_cloud(page, "the standalone file")


#: Labels with quotes, markup and an entity (each short enough to stay on one line of label), on plain ids: an id
#: with ">" could not stand in a route's address, which joins ids with ">".
SCHOOL, POLICE, ICE = '"Q" High & Co', "<b>Cops</b>", 'ICE &amp; "X"'
TITLE = 'Labels "quoted" & <i>marked</i>'
HOSTILE = f"""<?xml version="1.0" encoding="UTF-8"?>
<gexf xmlns="http://gexf.net/1.3" version="1.3">
  <graph defaultedgetype="directed" mode="static" name="{escape(TITLE, quote=True)}">
    <nodes>
      <node id="q" label="{escape(SCHOOL, quote=True)}"/>
      <node id="cops" label="{escape(POLICE, quote=True)}"/>
      <node id="ice" label="{escape(ICE, quote=True)}"/>
    </nodes>
    <edges>
      <edge id="e1" source="q" target="cops"/>
      <edge id="e2" source="cops" target="ice"/>
    </edges>
  </graph>
</gexf>
""".encode()
#: The texts plotly.js drew in a page's maps, and whether data made any of them bold or a link.
_DRAWN = """() => [...document.querySelectorAll('.js-plotly-plot')]
  .filter(gd => gd.offsetParent && !gd.closest('.timeline')).map(gd => ({
    texts: [...gd.querySelectorAll('.annotation-text')].map(t => t.textContent),
    marked: [...gd.querySelectorAll('.annotation-text tspan[style*="bold"], .annotation-text a')].length}))"""


def _assert_literal_labels(page, where: str) -> None:
    drawn = page.evaluate(_DRAWN)
    assert drawn, f"no map on {where}"
    for gd in drawn:
        assert {SCHOOL, POLICE, ICE} <= set(gd["texts"]), f"{where}: {gd['texts']}"
        assert gd["marked"] == 0, f"{where}: markup from data was drawn"
        assert not [t for t in gd["texts"] if re.search(r"&(quot|lt|gt|#\d+);|&amp;amp;", t)], f"{where}: {gd}"


def test_quotes_and_markup_in_labels_show_literally(page, server, tmp_path):
    page.set_viewport_size({"width": 1440, "height": 900})
    open_app(page, server)
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(
        files=[{"name": "hostile.gexf", "mimeType": "application/xml", "buffer": HOSTILE}])
    expect(page.locator(f"#{ids.UPLOAD_STATUS}")).to_contain_text(f"Loaded {TITLE}: 3 institutions",
                                                                  timeout=UPLOAD_JOB_MS)
    expect(page.locator(f"#{ids.DATASET_TITLE}")).to_have_text(f"Your data: {TITLE}")
    pick(page, ids.ORIGIN, SCHOOL)
    pick(page, ids.TARGET, ICE)
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^1 route from {re.escape(SCHOOL)} to {re.escape(ICE)}"))
    expect(page.locator(".ag-row").first).to_contain_text(f"{SCHOOL} → {POLICE} → {ICE}")
    page.locator(".ag-row").first.click()
    expect(page.locator(f"#{ids.ROUTE_DETAIL}")).to_contain_text(POLICE)
    _assert_literal_labels(page, "the explorer")
    page.locator(f"#{ids.MAP}").scroll_into_view_if_needed()
    at = page.evaluate(_NODE_AT, [ids.MAP, "cops"])  # hover the police: its name heads the hover box, in bold
    page.mouse.move(at["x"], at["y"])
    hover = page.locator(f"#{ids.MAP} .hoverlayer .hovertext")
    expect(hover).to_contain_text(POLICE)
    assert "&lt;" not in hover.text_content() and "&quot;" not in hover.text_content()
    shoot(page, "labels-with-markup")
    # the handout (a new tab, posted the upload's key)
    with page.context.expect_page() as opened:
        page.locator(f"#{ids.LINK_HANDOUT} button").click()
    handout = opened.value
    expect(handout.locator(".handout-map.js-plotly-plot")).to_have_count(1)
    expect(handout.locator(".routes strong").first).to_have_text(f"{SCHOOL} → {POLICE} → {ICE}")
    _assert_literal_labels(handout, "the handout")
    handout.close()
    # the standalone file, downloaded and opened from disk
    with page.expect_download() as download:
        page.locator(f"#{ids.LINK_EXPORT_HTML} button").click()
    path = tmp_path / "export.html"
    download.value.save_as(path)
    standalone = page.context.new_page()
    standalone.goto(path.as_uri())
    expect(standalone.locator(".standalone-map.js-plotly-plot")).to_have_count(1)
    expect(standalone.locator("h1")).to_contain_text(SCHOOL)
    _assert_literal_labels(standalone, "the standalone file")
    standalone.close()
    # the slides: titles and maps
    page.locator(f"#{ids.LINK_PRESENT} button").click()
    page.wait_for_url(re.compile(r"/present\?"))
    expect(page.locator(".slide").first.locator("h1")).to_contain_text(SCHOOL)
    page.keyboard.press("ArrowRight")
    slide = page.locator(".slide:not([hidden])")
    expect(slide.locator("h1")).to_have_text(f"{SCHOOL} → {POLICE} → {ICE}")
    expect(slide.locator(".js-plotly-plot")).to_have_count(1)
    _assert_literal_labels(page, "the slides")
    assert_clean(page, server)
