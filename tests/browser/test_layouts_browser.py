"""The explorer's layouts on a desktop (1440x900), a projector or small laptop (1024x768) and a phone (390x844),
the handout on a phone, and the keyboard's way through the page: skip links first, a visible focus everywhere.

``make screenshots`` writes them to screenshots/ (layout-*.png), to look at after a change of the page or its styles.
"""

from __future__ import annotations

import re

import pytest

from network.ui import ids

from .conftest import expect, shoot
from .test_explorer import open_app

VIEW = "?from=ebhs"

#: Where things are, in CSS pixels of the page's viewport.
_GEOMETRY = """(mapId) => {
  const box = el => { const r = el.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, left: r.left,
                                                                    right: r.right, height: r.height}; };
  return {scrollWidth: document.documentElement.scrollWidth, h1: box(document.querySelector('h1')),
          map: box(document.getElementById(mapId)), controls: box(document.querySelector('.controls')),
          content: box(document.querySelector('main.content'))};
}"""


def _open(warm_page, server, width: int, height: int, query: str = VIEW):
    page = warm_page(width, height)
    open_app(page, server, query)
    expect(page.locator(f"#{ids.MAP} .js-plotly-plot")).to_have_count(1)
    return page


def test_desktop(warm_page, server):
    page = _open(warm_page, server, 1440, 900)
    shoot(page, "layout-explorer-1440x900")
    g = page.evaluate(_GEOMETRY, ids.MAP)
    assert g["scrollWidth"] <= 1440
    assert g["controls"]["right"] <= g["content"]["left"] + 1, "the controls are beside the map"
    assert g["map"]["top"] < 400 and g["map"]["bottom"] <= 900, g["map"]
    expect(page.locator(".query-summary")).to_be_hidden()  # nothing to unfold: the controls are shown
    expect(page.locator(f"#{ids.ORIGIN}")).to_be_visible()
    expect(page.locator(f"#{ids.ROUTES_GRID}")).to_be_visible()
    expect(page.locator(f"#{ids.ROUTE_CARDS}")).to_be_hidden()


def test_projector(warm_page, server):
    """1024x768: the controls still beside the map, and the map on the first screen, most of it showing."""
    page = _open(warm_page, server, 1024, 768)
    shoot(page, "layout-explorer-1024x768")
    g = page.evaluate(_GEOMETRY, ids.MAP)
    assert g["scrollWidth"] <= 1024
    assert g["controls"]["right"] <= g["content"]["left"] + 1
    assert 0 <= g["map"]["top"] < 768 * 0.5, g["map"]
    shown = min(g["map"]["bottom"], 768) - g["map"]["top"]
    assert shown >= min(g["map"]["height"], 768) * 0.75, f"only {shown:.0f} px of the map on the first screen"


def test_phone(warm_page, server):
    """390x844: one column and no sideways scrolling; the heading, then the map; the controls folded behind
    "Choose the view"; the routes as cards, one of which selects its route."""
    page = _open(warm_page, server, 390, 844)
    expect(page.locator(f"#{ids.ROUTE_CARDS} .route-card").first).to_be_visible()
    shoot(page, "layout-explorer-390x844")
    shoot(page, "layout-explorer-390x844-full", full_page=True)
    g = page.evaluate(_GEOMETRY, ids.MAP)
    assert g["scrollWidth"] <= 390, f"the page scrolls sideways: {g['scrollWidth']} px wide"
    assert g["h1"]["top"] < g["map"]["top"] < 844, g
    assert g["map"]["right"] <= 390
    summary = page.locator(".query-summary")
    expect(summary).to_have_text("Choose the view")
    expect(page.locator(f"#{ids.ORIGIN}")).to_be_hidden()
    expect(page.locator(f"#{ids.ROUTES_GRID}")).to_be_hidden()
    cards = page.locator(f"#{ids.ROUTE_CARDS} label")
    rows = page.evaluate(f"() => document.querySelectorAll('#{ids.ROUTES_GRID} .ag-center-cols-container .ag-row')"
                         ".length")
    assert cards.count() == rows > 0  # the same routes as the table (8 fit on its first page)
    cards.nth(1).click()
    expect(page.locator(f"#{ids.ROUTE_DETAIL} .sentence")).to_contain_text("from East Boston High School to")
    assert "route=" in page.url
    expect(page.locator(f"#{ids.ROUTE_CARDS} input[type=radio]").nth(1)).to_be_checked()
    summary.click()
    expect(page.locator(f"#{ids.ORIGIN}")).to_be_visible()
    shoot(page, "layout-explorer-390x844-controls")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_phone_opens_a_link_with_its_route(warm_page, server):
    """A link naming a route shows its card picked."""
    page = _open(warm_page, server, 390, 844, VIEW + "&route=ebhs%3Ebsp%3Ebric%3Eice_ero")
    expect(page.locator(f"#{ids.ROUTE_CARDS} label.selected")).to_contain_text(
        "East Boston High School → Boston School Police / Office of Safety Services → Boston Regional")
    expect(page.locator(f"#{ids.ROUTE_DETAIL} .sentence")).to_be_visible()


def test_handout_on_a_phone(warm_page, server):
    page = warm_page(390, 844)
    page.goto(server + "/handout" + VIEW)
    expect(page.locator(".handout-map.js-plotly-plot")).to_have_count(1)
    shoot(page, "layout-handout-390x844")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


#: What has the focus, and the ring it shows (a file input is invisible over its zone, and dcc.Input's box
#: is its container: those show it).
_FOCUSED = """() => {
  const el = document.activeElement;
  const ring = (el.type === 'file' && el.closest('.upload-zone, .story-upload')) ||
               el.closest('.dash-input-container') || el;
  const s = getComputedStyle(ring), r = ring.getBoundingClientRect();
  return {what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && el.className.baseVal ===
          undefined ? '.' + String(el.className).trim().split(/\\s+/).join('.') : '') + ' ' +
          (el.getAttribute('aria-label') || el.textContent || '').trim().slice(0, 30),
          width: parseFloat(s.outlineWidth) || 0, style: s.outlineStyle, shown: r.width > 0 && r.height > 0};
}"""


@pytest.mark.parametrize("width,height", [(1280, 720), (390, 844)])
def test_keyboard_focus_is_always_visible(warm_page, server, width, height):
    """Tab from the top of the page to its end: the skip links come first and show themselves; every stop after
    shows a ring of at least 2 px."""
    page = _open(warm_page, server, width, height)
    expect(page.locator(f"#{ids.UPLOAD} input[type=file]")).to_have_count(1)
    page.keyboard.press("Tab")
    first = page.evaluate(_FOCUSED)
    assert first["what"].startswith("a.skip-link Skip to the map") and first["shown"], first
    shoot(page, f"layout-skip-link-{width}x{height}")
    page.keyboard.press("Tab")
    assert page.evaluate(_FOCUSED)["what"].startswith("a.skip-link Skip to the routes")
    page.keyboard.press("Enter")  # to the routes: the focus is there, and the address has no #fragment
    expect(page.locator(f"#{ids.ROUTES_SECTION}")).to_be_focused()
    assert "#" not in page.url
    skip_to_map = page.locator(".skip-link").first
    skip_to_map.focus()
    page.keyboard.press("Enter")
    expect(page.locator(f"#{ids.MAP_SECTION}")).to_be_focused()
    skip_to_map.focus()
    seen, faint = [], []
    for _ in range(250):
        page.keyboard.press("Tab")
        now = page.evaluate(_FOCUSED)
        if now["what"].startswith("body") or (seen and now["what"] == seen[0]["what"]):
            break  # past the end of the page
        seen.append(now)
        if now["width"] < 2 or now["style"] == "none":
            faint.append(now)
    assert len(seen) > 20, [s["what"] for s in seen]
    assert faint == [], "stops with no visible focus ring:\n  " + "\n  ".join(map(str, faint))


def test_the_map_toolbar_has_the_camera_and_zoom_only(page, server):
    open_app(page, server, VIEW)
    page.locator(f"#{ids.MAP} .js-plotly-plot").hover()
    titles = page.eval_on_selector_all(f"#{ids.MAP} .modebar-btn", "bs => bs.map(b => b.dataset.title)")
    assert titles == ["Download plot as a PNG", "Zoom in", "Zoom out", "Reset axes"], titles
    assert re.search(r"<html lang=\"en\">", page.content())
