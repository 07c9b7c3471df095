"""The map without a mouse, and what leaves the page: the keyboard on the map, the map as a table, the routes as
CSV, and pictures of the map that say what they show. In headless Chromium, under the app's CSP."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import network
from network.ui import ids
from network.ui.map_text import CREDIT

from .conftest import expect, keep_file, shoot
from .test_explorer import SUMMARY, assert_clean, open_app

ROUTE = "ebhs%3Ebsp%3Ebric%3Egang_db%3Eice_ero"
EBHS, BPS = "East Boston High School", "Boston Public Schools"
BSP = "Boston School Police / Office of Safety Services"
RING = """() => ((document.querySelector('#map-graph .js-plotly-plot').layout.shapes) || [])
                   .filter(s => s.name === 'keyboard-focus').length"""


def tab_to(page, element_id: str, most: int = 150) -> int:
    """Press Tab until the element has the focus, as a keyboard user does; how many presses it took."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return presses
    raise AssertionError(f"#{element_id} never had the focus after {most} presses of Tab")


def test_the_map_by_keyboard(page, server):
    open_app(page, server, "?from=ebhs")
    frame = page.locator(f"#{ids.MAP_FRAME}")
    expect(frame).to_have_attribute("tabindex", "0")
    expect(frame).to_have_attribute("aria-describedby", ids.MAP_KEYS_HINT)
    assert frame.get_attribute("aria-label")
    expect(page.locator(f"#{ids.MAP_KEYS_HINT}")).to_be_visible()
    tab_to(page, ids.MAP_FRAME)
    live = page.locator(f"#{ids.MAP_KEYS_LIVE}")
    expect(live).to_have_attribute("aria-live", "polite")
    # the keyboard starts where the records start, and the map rings it
    expect(live).to_have_text(re.compile(rf"^{EBHS}, school: 0 links in, 2 out; where records start"))
    assert page.evaluate(RING) == 2
    page.keyboard.press("ArrowRight")  # along a link out of it: the first of its two ends, top first
    expect(live).to_have_text(re.compile(rf"^{BPS}, school district: 1 link in, 3 out\. 1 of 2 reached from {EBHS}"))
    page.keyboard.press("ArrowDown")  # the other end of the links out of East Boston High School
    expect(live).to_have_text(re.compile(rf"^{re.escape(BSP)}, school police: .* 2 of 2 reached from {EBHS}"))
    page.keyboard.press("ArrowLeft")  # and back along the link into it
    expect(live).to_have_text(re.compile(rf"^{EBHS}, school: .* 1 of 1 sending to {re.escape(BSP)}"))
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    expect(live).to_have_text(re.compile(rf"^{re.escape(BSP)}, "))
    shoot(page, "map-keyboard-focus")
    # Enter does what a click does: the click mode says "makes it the origin"
    page.keyboard.press("Enter")
    expect(live).to_have_text(f"Enter makes it the origin: {BSP}.")
    expect(page.locator(f"#{ids.ORIGIN}")).to_contain_text(BSP)
    expect(page.locator(SUMMARY)).to_contain_text(f"from {BSP} to")
    expect(page).to_have_url(re.compile(r"[?&]from=bsp(&|$)"))
    assert page.evaluate("document.activeElement.id") == ids.MAP_FRAME
    page.wait_for_function(f"({RING})() === 2")  # the new map rings it again
    page.keyboard.press("ArrowLeft")
    expect(live).to_have_text(re.compile(rf"^{EBHS}, school: 0 links in, 2 out\. 1 of 1 sending to"))
    page.keyboard.press("Tab")  # one tab stop: Tab leaves the map, and the ring goes with the focus
    assert page.evaluate("document.activeElement.id") != ids.MAP_FRAME
    page.wait_for_function(f"({RING})() === 0")
    assert_clean(page, server)


def test_a_click_rings_nothing_and_the_map_reads_as_a_table_and_the_routes_as_csv(page, server):
    """One opening of the view for what leaves it unchanged: a click on the map, its table, the routes' CSV."""
    open_app(page, server, "?from=ebhs")
    # a click on the map shows no keyboard ring, and says nothing
    page.locator(f"#{ids.MAP} .nsewdrag").first.click(position={"x": 5, "y": 5})
    page.wait_for_timeout(300)
    assert page.evaluate(RING) == 0 and page.locator(f"#{ids.MAP_KEYS_LIVE}").inner_text() == ""
    # the map as a table
    button = page.get_by_role("button", name="Map as a table")
    expect(button).to_have_attribute("aria-expanded", "false")
    table = page.locator(f"#{ids.MAP_TABLE}")
    expect(table).to_be_hidden()
    button.click()
    drawn = page.evaluate("document.querySelector('#map-graph .js-plotly-plot').layout.meta.keys.nodes.length")
    expect(table.locator("caption").first).to_have_text(f"Institutions on the map ({drawn})")  # those on screen
    expect(table.locator("tbody").first.locator("tr")).to_have_count(drawn)
    expect(page.get_by_role("button", name="Hide the table")).to_have_attribute("aria-expanded", "true")
    row = table.locator("tr", has=page.locator("th", has_text=EBHS))
    expect(row).to_contain_text("where records start")
    url = page.url
    row.get_by_role("link", name=BPS).click()  # East Boston High School's link out to Boston Public Schools
    link_row = table.locator("tr.map-target")
    expect(link_row).to_contain_text(EBHS)
    expect(link_row).to_contain_text(BPS)
    expect(link_row.locator(".status")).to_have_count(1)
    assert page.url == url  # no step in the history: that would reopen the view
    link_row.get_by_role("link", name=BPS).click()  # and on to Boston Public Schools' row
    expect(table.locator("tr.map-target th")).to_have_text(BPS)
    shoot(page, "map-table")
    page.get_by_role("button", name="Hide the table").click()
    expect(table).to_be_hidden()
    # the routes as CSV: every route of the view
    with page.expect_download() as info:
        page.get_by_role("button", name="Routes (CSV)").click()
    download = info.value
    assert download.suggested_filename == "entanglement-routes.csv"
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["rank", "length", "strength"]
    assert len(rows) - 1 == network.trace(network.load(), origins="ebhs").count
    assert all(r[8].startswith(EBHS) for r in rows[1:])
    assert_clean(page, server)


def _pictures_say_what_they_show(page) -> None:
    """The map's SVG and PNG downloads carry the view's heading, the credit, the dates shown and a legend."""
    heading = page.locator(SUMMARY).inner_text()
    with page.expect_download() as info:
        page.locator(f"#{ids.SVG_BUTTON}").click()
    svg = Path(info.value.path()).read_text(encoding="utf-8")
    shown = svg.replace("&amp;", "&")
    assert heading.split(";")[0] in shown and CREDIT in shown and "Links of every date are shown" in shown
    assert network.load().title in shown and "picture made 20" in shown
    assert "in the minimum cut" in shown  # the legend explains the stars
    page.locator(f"#{ids.MAP}").hover()
    with page.expect_download() as info:  # the modebar's camera: a PNG at twice 1600 x 900, captioned too
        page.locator(f"#{ids.MAP} .modebar-btn[data-title*='PNG']").click()
    png = Path(info.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and int.from_bytes(png[16:20], "big") == 3200
    keep_file("map-camera.png", png)
    assert page.evaluate("""() => {
        const plot = document.querySelector('#map-graph .js-plotly-plot');
        return !(plot.layout.title && plot.layout.title.subtitle);  // the map on screen keeps its own title
    }""")


def test_the_map_with_its_legend_hops_and_pictures_at_two_sizes(page, server):
    for width, height in ((1440, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        open_app(page, server, f"?from=ebhs&cut=1&route={ROUTE}")
        hops = page.locator(f"#{ids.MAP_HOPS} li")
        expect(hops).to_have_count(4)
        expect(hops.first).to_contain_text(f"{EBHS} → {BSP}")
        legend = page.locator(f"#{ids.MAP} .legend")
        expect(legend).to_contain_text("in the minimum cut")
        panel = page.locator(".map-panel")
        panel.scroll_into_view_if_needed()
        shoot(panel, f"map-legend-hops-{width}")
        shoot(page, f"map-viewport-{width}")
        if width == 1440:
            _pictures_say_what_they_show(page)
    assert_clean(page, server)
