"""Hearing mode in headless Chromium: clicker keys, large type, the printed handout, the file export."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from itertools import pairwise

import pytest
from pypdf import PdfReader

import network
from network.handout import build_handout
from network.pages import standalone_html
from network.presentation import view_slides
from network.viewstate import decode, validate

from .conftest import SHOOTING, expect, shoot
from .test_explorer import assert_clean

VIEW = "?from=ebhs&asof=2016-06-01&route=ebhs%3Ebsp%3Ebric%3Egang_db%3Eice_ero"


def test_presentation_keys_and_counter(page, server):
    page.goto(server + "/present" + VIEW)
    counter = page.locator("#slide-number")
    expect(counter).to_have_text("1")
    ds = network.load()
    slides = view_slides(ds, validate(ds, decode(VIEW))[0])
    total = page.locator(".slide").count()
    assert total == len(slides)
    first_hop = next(i for i, s in enumerate(slides, 1) if s.kind == "hop")
    expect(page.locator("#slide-counter")).to_have_text(f"1 / {total}")
    steps = [("ArrowRight", 2), ("PageDown", 3), ("Space", 4), ("ArrowLeft", 3), ("PageUp", 2), ("End", total),
             ("Shift+Space", total - 1), ("Home", 1)]
    for key, expected in steps:
        page.keyboard.press(key)
        expect(counter).to_have_text(str(expected))
        expect(page.locator(".slide:not([hidden])")).to_have_count(1)
    for _ in range(first_hop - 1):
        page.keyboard.press("ArrowRight")
    expect(counter).to_have_text(str(first_hop))
    assert page.url.endswith(f"#{first_hop}")
    current = page.locator(".slide:not([hidden])")
    expect(current.locator("h1")).to_have_text(  # the route's first hop
        "East Boston High School → Boston School Police / Office of Safety Services")
    expect(current.locator(".js-plotly-plot")).to_have_count(1)
    size = current.locator(".slide-text p").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 20  # large type at 1280x720: the smallest a slide's text is ever set at
    assert "documented" in current.locator(".slide-text").inner_text()  # read without hovering anything
    shoot(page, "presentation-hop")
    page.reload()
    expect(counter).to_have_text(str(first_hop))  # the place survives a reload
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
    h = build_handout(ds, validate(ds, decode(VIEW))[0])
    expect(pg.locator(".routes > li")).to_have_count(len(h.routes))
    shoot(pg, "standalone-export")
    assert [u for u in requests if not u.startswith(("file:", "data:", "blob:"))] == []
    assert errors == []
    context.close()


def _count_words(query: str) -> str:
    """'8 routes' or '1 route': the start of the explorer's heading for a view (counted here, not pinned)."""
    ds = network.load()
    n = network.trace(ds, **validate(ds, decode(query))[0].trace_args()).count
    return f"{n} route" + ("s" if n != 1 else "")


def test_story_builder_adds_views_and_presents_them(page, server):
    page.goto(server + "/?from=ebhs&asof=2016-06-01&route=ebhs%3Ebsp%3Ebric%3Eice_ero")
    expect(page.locator("#routes-summary")).to_contain_text(_count_words("?from=ebhs&asof=2016-06-01"),
                                                            timeout=20_000)
    page.locator("#story-step-title").fill("Before the policy")
    page.locator("#story-step-caption").fill("Reports could reach the BRIC.")
    page.locator("#story-add").click()
    expect(page.locator("#story-list li")).to_have_count(1)
    page.goto(server + "/?from=ebhs&asof=2021-11-01")
    expect(page.locator("#routes-summary")).to_contain_text(re.compile(r"^(No|\d+) route"), timeout=20_000)
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


#: Every slide is measured at both sizes (a 4:3 projector and a laptop) on these decks, in English and in Spanish
#: (which runs about a fifth longer).
DECKS = ("/present?from=ebhs", "/present?from=ebhs&asof=2016-06-01", "/present/story")
LANGUAGES = ("en", "es")
SIZES = ((1024, 768), (1440, 900))

#: What on the slide shown overflows: any block whose content is larger than its box, and any piece of text
#: outside its block, the slide, or the part of the window above the footer. Returns one line per problem.
_OVERFLOW = """() => {
  const slide = document.querySelector('.slide:not([hidden])');
  const problems = [];
  const name = el => el.tagName.toLowerCase() + [...el.classList].map(c => '.' + c).join('')
    + ' “' + el.textContent.trim().slice(0, 50) + '”';
  const blocks = [slide, ...slide.querySelectorAll(
    'h1, .section, .slide-body, .slide-text, .slide-text p, .slide-sources, .slide-sources li')];
  for (const el of blocks) {
    if (el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${name(el)}: content ${el.scrollWidth}×${el.scrollHeight} overflows its box `
        + `${el.clientWidth}×${el.clientHeight}`);
    }
  }
  const footer = document.querySelector('.slide-footer').getBoundingClientRect();
  const screen = {left: 0, top: 0, right: window.innerWidth, bottom: Math.min(window.innerHeight, footer.top)};
  const within = (r, box) => r.left >= box.left - 1 && r.right <= box.right + 1 && r.top >= box.top - 1
    && r.bottom <= box.bottom + 1;
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.textContent.trim() || el.closest('.slide-map')) { continue; }
    const block = el.closest('.slide-text, .slide-sources, h1, .section') || slide;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      const outside = [['its block', block.getBoundingClientRect()], ['the slide', slide.getBoundingClientRect()],
                       ['the screen above the footer', screen]].filter(([, box]) => !within(r, box));
      if (outside.length) {
        problems.push(`${name(el)}: text at (${Math.round(r.left)}, ${Math.round(r.top)})–(${Math.round(r.right)}, `
          + `${Math.round(r.bottom)}) is outside ${outside.map(([w]) => w).join(' and ')}`);
        break;
      }
    }
  }
  return {number: Number(slide.dataset.index) + 1, title: slide.querySelector('h1').textContent, problems};
}"""


#: Slides [start, stop) measured in the page, one after another, each reached through the deck's own keydown
#: handler (an ArrowRight event dispatched in the page; real key presses are test_presentation_keys_and_counter's),
#: with a frame between: one round trip for a run of slides instead of three for each slide.
_STEP_THROUGH = "async ([start, stop]) => {\n  const overflow = " + _OVERFLOW + """;
  const found = [];
  for (let i = start; i < stop; i++) {
    const number = document.getElementById('slide-number').textContent;
    if (number !== String(i)) { throw new Error(`slide ${number} is shown where ${i} was expected`); }
    found.push(overflow());
    document.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowRight', bubbles: true}));
    await new Promise(resolve => requestAnimationFrame(() => resolve()));
  }
  return found;
}"""


#: The slide shown has drawn its map, if it has one (plotly.js's SVG is in it): what its screenshot must show.
_MAP_DRAWN = """() => {
  const holder = document.querySelector('.slide:not([hidden]) .slide-map');
  return !holder || holder.querySelector('.main-svg') !== null;
}"""


def _hard_story() -> str:
    """A story as hard to fit as stories get: long titles, 60-word captions of long words (in Spanish too), the
    three sources with the longest titles, and every kind of view (a selected route, a date, none)."""
    ds = network.load()
    longest = sorted(ds.sources, key=lambda sid: -len(ds.sources[sid].title + ds.sources[sid].publisher))[:3]

    def caption(text: str) -> str:
        words = text.split()
        return " ".join(words[i % len(words)] for i in range(60))

    english = caption("the intelligence center's administrators acknowledged that information-sharing "
                      "arrangements with immigration enforcement continued notwithstanding")
    spanish = caption("los administradores del centro de inteligencia reconocieron que los acuerdos de "
                      "intercambio de información con las autoridades de control migratorio continuaron")
    views = ["?from=ebhs", "?from=ebhs&asof=2017-06-01&route=ebhs%3Ebps%3Ebric%3Eice_ero", "?from=kind%3Aschool"]
    steps = [{"title": f"Step {i}: what the Boston Regional Intelligence Center and the task-force liaison "
                       "passed on", "caption": english, "view": views[i % 3], "sources": longest,
              "title_es": f"Paso {i}: lo que transmitieron el Centro Regional de Inteligencia de Boston y el enlace "
                          "con el grupo de trabajo", "caption_es": spanish}
             for i in range(1, 4)]
    return json.dumps({"title": "A story with the longest captions a step may have, to check that nothing is cut",
                       "title_es": "Un relato con los textos más largos que puede tener un paso, para comprobar que "
                                   "no se corta nada",
                       "description": " ".join([english] * 2), "description_es": " ".join([spanish] * 2),
                       "steps": steps})


def _post_story(page, server, story: str, lang: str = "en") -> None:
    """Open the presentation of a posted story, as the explorer's story builder does (a form, never an address)."""
    page.set_content('<form method="post"><textarea name="story"></textarea></form>')
    page.locator("form").evaluate("(f, a) => { f.action = a; }", server + "/present/story?lang=" + lang)
    page.locator("textarea").fill(story)
    with page.expect_navigation():
        page.locator("form").evaluate("f => f.submit()")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_slide_cuts_text(warm_page, server, lang):
    """Every slide of the Boston decks, the story and a story made as hard to fit as stories get, at both sizes
    and in both languages: all its text inside its box, the slide and the screen. Each deck is opened once and
    measured at one size, then the other (the window resized, the deck back at its first slide by its Home key),
    as a presenter's laptop meets the room's projector. ``make screenshots`` keeps a few slides of each."""
    page = warm_page(*SIZES[0])
    problems: list[str] = []
    for deck in (*DECKS, "posted hard story"):
        if deck in DECKS:
            page.goto(server + deck + ("&" if "?" in deck else "?") + "lang=" + lang)
        else:
            _post_story(page, server, _hard_story(), lang)
        kinds = page.locator(".slide").evaluate_all("all => all.map(s => s.className)")
        total = len(kinds)
        keep = {}  # a screenshot of the first slide of each kind, and of the first continued slide
        for i, kind in enumerate(kinds, 1):
            keep.setdefault(kind, i)
        shots = sorted(keep.values())
        for width, height in SIZES:
            page.set_viewport_size({"width": width, "height": height})
            page.keyboard.press("Home")
            expect(page.locator("#slide-number")).to_have_text("1")
            for start, stop in pairwise([*shots, total + 1]):  # a screenshot of slide start, then start..stop-1
                if SHOOTING:  # the picture shows the slide's map, drawn as the slide is shown
                    page.wait_for_function(_MAP_DRAWN)
                    kind = kinds[start - 1].replace("slide slide-", "").replace(" slide-", "-")
                    name = re.sub(r"[^a-z0-9]+", "-", f"{deck}-{kind}").strip("-")
                    shoot(page, f"slides-{width}x{height}-{name}" + ("" if lang == "en" else f"-{lang}"))
                for found in page.evaluate(_STEP_THROUGH, [start, stop]):
                    where = f"{deck} ({lang}) at {width}×{height}, slide {found['number']} of {total}"
                    where += f" ({found['title']})"
                    problems += [f"{where}: {p}" for p in found["problems"]]
    assert problems == [], "\n".join(problems)
    assert page.console_errors == []
