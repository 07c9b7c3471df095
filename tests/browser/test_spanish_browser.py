"""The pages in Spanish, as a Spanish-speaking family or organizer sees them: no English left, axe-clean, the
language kept in every link, chosen by the link, the header's switch, or the browser's own language.

"No English left" is checked on what the page shows, not on the code: every text a reader sees or hears (text,
and the titles, labels, placeholders and value texts a screen reader reads) is scanned for English words, after
taking out what is quoted as published (the sources' titles and publishers) and what a part marked ``lang="en"``
says (the switch to English, named in English). A word found names the page, the element and the text.
"""

from __future__ import annotations

import re

import pytest

import network
from network.ui import ids

from .conftest import expect, settled, shoot
from .test_a11y_browser import assert_no_violations

#: Words that are English and not Spanish: one of them in a Spanish page is a string left untranslated.
ENGLISH = re.compile(
    r"\b(the|and|of|to|from|with|for|is|are|was|by|on|at|or|any|all|this|that|which|none|select|choose|pick|"
    r"route|routes|link|links|school|sources?|evidence|documented|acknowledged|reported|alleged|disputed|unknown|"
    r"open|closed|today|since|until|between|show|shows|download|copy|upload|file|remove|page|loading|strength|"
    r"weakest|handout|slides?|present|story|map|table|none|yes|date|when|where|what|how|who)\b", re.IGNORECASE)
#: The product's name is a name.
NAMES = ("Entanglement Map",)

_VISIBLE_TEXTS = """() => {
  const out = [];
  const english = el => { const part = el.closest('[lang]'); return part && !part.lang.startsWith('es'); };
  const shown = el => { const s = getComputedStyle(el); return s.display !== 'none' && s.visibility !== 'hidden'; };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT'].includes(el.tagName) || english(el)) continue;
    if (!el.checkVisibility || el.checkVisibility()) {
      const text = n.textContent.trim();
      if (text) out.push([el.tagName + (el.id ? '#' + el.id : '') + '.' + el.className, text]);
    }
  }
  for (const el of document.querySelectorAll('[title],[aria-label],[placeholder],[alt],[aria-valuetext]')) {
    if (english(el) || !shown(el) || (el.checkVisibility && !el.checkVisibility())) continue;
    for (const a of ['title', 'aria-label', 'placeholder', 'alt', 'aria-valuetext']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) out.push([el.tagName + '[' + a + ']', v.trim()]);
    }
  }
  return out;
}"""


def _quoted(ds: network.Dataset) -> list[str]:
    """What stays as published: the sources' titles and publishers (longest first, so none is cut by another)."""
    texts = {t for s in ds.sources.values() for t in (s.title, s.publisher) if t}
    return sorted(texts | set(NAMES), key=len, reverse=True)


#: The evidence statuses as a file must write them (an upload's report names the ones it takes).
STATUS_CODES = "documented, acknowledged, reported, alleged, disputed, unknown"


def english_left(page, where: str, names: tuple[str, ...] = ()) -> list[str]:
    """The English words on screen; ``names`` are more names as their data set writes them (an upload's)."""
    quoted = sorted(set(_quoted(network.load())) | set(names) | {STATUS_CODES}, key=len, reverse=True)
    found = []
    for element, text in page.evaluate(_VISIBLE_TEXTS):
        rest = text
        for q in quoted:
            rest = rest.replace(q, " ")
        rest = re.sub(r"https?://\S+", " ", rest)
        rest = re.sub(r"\b[\w-]+\.(csv|json|graphml|gexf|xlsx|xml|zip|tsv|tab|txt)\b", " ", rest)  # file names
        rest = re.sub(r"\((source|target)\)", " ", rest)  # a file's column names, as the file must write them
        words = sorted({m.group(0) for m in ENGLISH.finditer(rest)})
        if words:
            found.append(f"{where}: {element}: {words} in {text[:160]!r}")
    return found


def _open_spanish(page, server, query: str) -> None:
    page.goto(server + "/" + query)
    expect(page.locator(f"#{ids.ROUTES_SUMMARY}")).to_contain_text("ruta", timeout=20_000)
    settled(page)


ROUTE = "ebhs%3Ebsp%3Ebric%3Eice_ero"


def test_the_explorer_speaks_spanish_with_no_english_left_and_no_accessibility_violation(page, server):
    _open_spanish(page, server, f"?lang=es&from=ebhs&route={ROUTE}")
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.locator(f"#{ids.ROUTE_DETAIL} .sentence")).to_be_visible()
    shoot(page, "spanish-explorer-1440")
    assert_no_violations(page, f"/?lang=es&from=ebhs&route={ROUTE} (Spanish)")
    found = english_left(page, "/?lang=es (a route selected)")
    page.locator(f"#{ids.MAP_TABLE_BUTTON}").click()  # the map as tables, with their evidence
    expect(page.locator(f"#{ids.MAP_TABLE} table").first).to_be_visible()
    found += english_left(page, "/?lang=es, the map as a table")
    assert found == []


def test_the_explorer_in_spanish_on_a_phone(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="es-US")
    page = context.new_page()
    _open_spanish(page, server, "?from=ebhs")  # no lang in the link: the browser's language
    assert page.locator("html").get_attribute("lang") == "es"
    shoot(page, "spanish-explorer-phone")
    assert english_left(page, "/ on a phone with a Spanish browser") == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


@pytest.mark.parametrize("path", ["/present?lang=es&from=ebhs", "/present/story?lang=es", "/handout?lang=es&from=ebhs"])
def test_the_pages_speak_spanish_with_no_english_left_and_no_accessibility_violation(page, server, path):
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "es"
    assert_no_violations(page, f"{path} (Spanish)")
    found = english_left(page, path)
    if path.startswith("/present"):  # every slide, not the first only: the deck shows one at a time
        for _ in range(40):
            before = page.locator("#slide-counter").inner_text()
            page.keyboard.press("ArrowRight")
            if page.locator("#slide-counter").inner_text() == before:
                break
            found += english_left(page, f"{path}, {page.locator('#slide-counter').inner_text()}")
    assert found == []


def test_the_switch_and_every_link_keep_the_language(page, server):
    _open_spanish(page, server, "?lang=es&from=ebhs")
    switch = page.locator(f"#{ids.LANGUAGE_SWITCH}")
    assert switch.get_attribute("lang") == "en" and switch.inner_text() == "English"
    for form in (ids.LINK_PRESENT, ids.LINK_HANDOUT):
        expect(page.locator(f"#{form}")).to_have_attribute("action", re.compile(r"[?&]lang=es\b"))
    switch.click()
    expect(page.locator(f"#{ids.ROUTES_SUMMARY}")).to_contain_text("route", timeout=20_000)
    assert page.locator("html").get_attribute("lang") == "en"
    assert "from=ebhs" in page.url and "lang=en" in page.url  # the same view, in English
    page.locator(f"#{ids.LANGUAGE_SWITCH}").click()
    expect(page.locator(f"#{ids.ROUTES_SUMMARY}")).to_contain_text("ruta", timeout=20_000)
    assert "from=ebhs" in page.url and "lang=es" in page.url


def test_an_upload_report_in_spanish_has_no_accessibility_violation_and_no_english(page, server):
    """The explorer with an upload's report, in Spanish: the file's problems said in Spanish, axe-clean."""
    from .test_a11y_browser import BROKEN, WARNS

    _open_spanish(page, server, "?lang=es")
    upload = page.locator(f"#{ids.UPLOAD} input[type=file]")
    status, report = page.locator(f"#{ids.UPLOAD_STATUS}"), page.locator(f"#{ids.REPORT}")
    upload.set_input_files(files=[{"name": "warns.csv", "mimeType": "text/csv", "buffer": WARNS}])
    expect(report.locator(".ag-row")).to_have_count(1, timeout=30_000)
    assert_no_violations(page, "the explorer in Spanish with a file loaded with a warning, its report shown")
    upload.set_input_files(files=[{"name": "broken.csv", "mimeType": "text/csv", "buffer": BROKEN}])
    expect(status).to_contain_text("broken.csv", timeout=30_000)
    expect(report).to_contain_text("'sure'")
    shoot(page, "spanish-upload-report")
    assert_no_violations(page, "the explorer in Spanish with a file refused for an error, its report shown")
    uploaded = ("Lincoln High School", "Lincoln Police Department", "ICE")
    assert english_left(page, "/?lang=es with an upload's report", uploaded) == []


def test_the_standalone_file_in_spanish_from_disk(page, server, tmp_path):
    answer = page.request.get(server + "/export.html?lang=es&from=ebhs")
    assert answer.ok and answer.headers["content-disposition"].startswith("attachment")
    path = tmp_path / "export.html"
    path.write_bytes(answer.body())
    page.goto(path.as_uri())
    expect(page.locator(".standalone-map.js-plotly-plot")).to_have_count(1)
    assert page.locator("html").get_attribute("lang") == "es"
    assert_no_violations(page, "the standalone file in Spanish, opened from disk")
    assert english_left(page, "the standalone file in Spanish") == []
