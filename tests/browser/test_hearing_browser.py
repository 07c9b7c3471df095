"""Hearing mode in headless Chromium: clicker keys, large type, the printed handout, the file export."""

from __future__ import annotations

import io
import re
import unicodedata

from pypdf import PdfReader

import network
from network.handout import build_handout
from network.pages import standalone_html
from network.viewstate import decode, validate

from .conftest import expect, shoot
from .test_explorer import assert_clean

VIEW = "?from=ebhs&asof=2016-06-01&route=ebhs%3Ebsp%3Ebric%3Egang_db%3Eice_ero"


def test_presentation_keys_and_counter(page, server):
    page.goto(server + "/present" + VIEW)
    counter = page.locator("#slide-number")
    expect(counter).to_have_text("1")
    total = page.locator(".slide").count()
    assert total == 8
    expect(page.locator("#slide-counter")).to_have_text(f"1 / {total}")
    steps = [("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("ArrowLeft", 3), ("PageUp", 2), ("End", total),
             ("Shift+Space", total - 1), ("Home", 1), ("ArrowRight", 2), ("ArrowRight", 3)]
    for key, expected in steps:
        page.keyboard.press(key)
        expect(counter).to_have_text(str(expected))
        expect(page.locator(".slide:not([hidden])")).to_have_count(1)
    assert page.url.endswith("#3")
    current = page.locator(".slide:not([hidden])")
    expect(current.locator("h1")).to_have_text(  # slide 3 is the route's first hop
        "East Boston High School → Boston School Police / Office of Safety Services")
    expect(current.locator(".js-plotly-plot")).to_have_count(1)
    size = current.locator(".slide-text p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 28
    assert "documented" in current.locator(".slide-text").inner_text()  # read without hovering anything
    shoot(page, "presentation-hop")
    page.reload()
    expect(counter).to_have_text("3")  # the place survives a reload
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/\?from=ebhs"))
    assert_clean(page, server)


def test_story_presentation(page, server):
    page.goto(server + "/present/story")
    expect(page.locator("#slide-counter")).to_have_text(re.compile(r"^1 / \d+$"))
    page.keyboard.press("PageDown")
    slide = page.locator(".slide:not([hidden])")
    expect(slide.locator(".section")).to_contain_text("Step 1 of")
    expect(slide.locator(".slide-sources li").first).to_be_visible()
    shoot(page, "presentation-story-step")
    assert_clean(page, server)


def test_the_handout_prints_from_the_browser(page, server):
    page.goto(server + "/handout" + VIEW)
    expect(page.locator(".handout-map.js-plotly-plot")).to_have_count(1)
    shoot(page, "handout-page", full_page=True)
    pdf = page.pdf(format="A4", print_background=True)
    reader = PdfReader(io.BytesIO(pdf))
    # NFKC undoes the typographic ligatures (ﬃ) that the browser's PDF puts into words like "Office"
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", "".join(p.extract_text() for p in reader.pages)))
    ds = network.load()
    h = build_handout(ds, validate(ds, decode(VIEW))[0])
    for r in h.routes:
        assert re.sub(r"\s+", "", r.sentence)[:120] in text
    for _, c in h.sources:
        assert re.sub(r"\s+", "", c.url) in text
    assert "Printorsaveas" not in text  # the toolbar is not printed
    assert_clean(page, server)


def test_standalone_html_works_from_disk(browser, tmp_path):
    ds = network.load()
    path = tmp_path / "export.html"
    path.write_text(standalone_html(ds, validate(ds, decode(VIEW))[0]), encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    pg = context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    pg.on("request", lambda r: requests.append(r.url))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.goto(path.as_uri())
    expect(pg.locator(".standalone-map.js-plotly-plot")).to_have_count(1)
    expect(pg.locator(".routes li")).to_have_count(6)
    shoot(pg, "standalone-export")
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    assert errors == []
    context.close()


def test_story_builder_adds_views_and_presents_them(page, server):
    page.goto(server + "/?from=ebhs&asof=2016-06-01&route=ebhs%3Ebsp%3Ebric%3Eice_ero")
    expect(page.locator("#routes-summary")).to_contain_text("6 routes", timeout=20_000)
    page.locator("#story-step-title").fill("Before the policy")
    page.locator("#story-step-caption").fill("Reports could reach the BRIC.")
    page.locator("#story-add").click()
    expect(page.locator("#story-list li")).to_have_count(1)
    page.goto(server + "/?from=ebhs&asof=2021-11-01")
    expect(page.locator("#routes-summary")).to_contain_text("1 route", timeout=20_000)
    expect(page.locator("#story-list li")).to_have_count(1)  # the story is kept in the browser
    page.locator("#story-step-title").fill("After the ordinance")
    page.locator("#story-add").click()
    expect(page.locator("#story-list li")).to_have_count(2)
    with page.expect_download() as download:
        page.locator("#story-download-button").click()
    assert "After the ordinance" in download.value.path().read_text()
    page.locator("#story-present").click()
    page.wait_for_url(re.compile(r"/present/story$"))
    expect(page.locator("#slide-counter")).to_have_text("1 / 3")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".slide:not([hidden]) h1")).to_have_text("Before the policy")
    expect(page.locator(".slide:not([hidden]) .slide-sources li").first).to_be_visible()
    assert_clean(page, server)
