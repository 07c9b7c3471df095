"""A big upload's map in headless Chromium: a 100k-link data set drawn as groups by kind and column, with their
counts and the links between groups, the routes' institutions one by one; a click opens a group. Screenshots at
1440x900 and 390x844."""

from __future__ import annotations

import re

from bench.generate import SHAPES, generate, write
from network.aggregate_figure import GROUP_LABEL
from network.ui import ids

from .conftest import expect, shoot
from .test_explorer import SUMMARY, assert_clean
from .test_map_keyboard_browser import tab_to

FIGURE = "document.querySelector('#map-graph .js-plotly-plot')"
# What the map on screen holds: its groups and the institutions drawn one by one (from the figure plotly.js drew).
_DRAWN = f"""() => {{
    const gd = {FIGURE};
    if (!gd || !gd._fullData || !gd.layout.meta || !gd.layout.meta.aggregated) {{ return null; }}
    const ids = gd._fullData.flatMap(t => (t.customdata || []).filter(c => typeof c === 'string'));
    return {{groups: ids.filter(c => c.startsWith('group:')), nodes: ids.filter(c => c.startsWith('node:')),
             opened: gd.layout.meta.opened, note: gd.layout.meta.note}};
}}"""
# Where a group is drawn, in page pixels.
_GROUP_AT = f"""(key) => {{
    const gd = {FIGURE}, fl = gd._fullLayout, box = gd.getBoundingClientRect();
    for (const trace of gd._fullData) {{
        const i = (trace.customdata || []).indexOf(key);
        if (i >= 0) {{
            return {{x: box.left + fl.xaxis._offset + fl.xaxis.l2p(trace.x[i]),
                    y: box.top + fl.yaxis._offset + fl.yaxis.l2p(trace.y[i])}};
        }}
    }}
    return null;
}}"""


def _wait(page, ready, seconds: float = 60) -> dict:
    """The map on screen once ``ready(drawn)`` holds (polled: a predicate evaluated from a string would need
    eval, which the app's CSP refuses)."""
    for _ in range(int(seconds * 4)):
        drawn = page.evaluate(_DRAWN)
        if drawn is not None and ready(drawn):
            return drawn
        page.wait_for_timeout(250)
    raise AssertionError(f"the map never got there: {page.evaluate(_DRAWN)}")


def _click_group(page, key: str, opened: str) -> dict:
    """Click a group as a user does, until the map shows ``opened`` open (a click that lands while plotly.js is
    still drawing the last answer is lost: clicked again, at most three times)."""
    for _ in range(3):
        page.mouse.move(5, 5)  # off the map first: plotly.js takes a click where the pointer went down and up
        at = page.evaluate(_GROUP_AT, f"group:{key}")
        page.mouse.click(at["x"], at["y"])
        try:
            return _wait(page, lambda d: d["opened"] == opened, 20)
        except AssertionError:
            continue
    raise AssertionError(f"a click on group:{key} never made the map show {opened!r} open")


def _upload_100k(page, server, tmp_path):
    folder = tmp_path / "national-100k"
    write(generate(SHAPES["100k"], seed=7), folder, "Synthetic national graph (100k links)")
    page.goto(server + "/")
    expect(page.locator(SUMMARY)).to_contain_text("route", timeout=20_000)
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(
        [str(folder / name) for name in ("nodes.csv", "edges.csv", "dataset.json")])
    expect(page.locator(f"#{ids.DATASET_TITLE}")).to_contain_text("Your data", timeout=120_000)
    _wait(page, lambda d: len(d["nodes"]) > 0, 120)


def test_a_100k_upload_is_drawn_as_groups(warm_page, server, tmp_path):
    page = warm_page(1440, 900)
    _upload_100k(page, server, tmp_path)
    drawn = page.evaluate(_DRAWN)
    # groups by kind and column, with their counts, named on the map
    assert "group:0:school" in drawn["groups"] and "group:1:school_district" in drawn["groups"]
    graph = page.locator(f"#{ids.MAP}")
    expect(graph).to_contain_text("Schools")
    expect(graph).to_contain_text("10,000")
    expect(graph).to_contain_text("City police")
    # the note says it once, above the map (not in the figure as well)
    note = page.locator(f"#{ids.MAP_NOTE}")
    expect(note).to_contain_text("too many to draw one by one")
    assert page.locator("#map-graph .gtitle").count() == 0
    # the routes' institutions, one by one
    assert 0 < len(drawn["nodes"]) <= 40
    expect(page.locator(SUMMARY)).to_contain_text("route")
    page.locator(f"#{ids.MAP}").scroll_into_view_if_needed()
    shoot(page, "big-map-1440")
    # a click on a group opens it: its first institutions drawn one by one, the note says which
    opened = _click_group(page, "1:school_district", "1:school_district")
    assert len(opened["nodes"]) > len(drawn["nodes"])
    expect(note).to_contain_text(re.compile(r"Open: School districts, 12 of 1,300"))
    shoot(page, "big-map-1440-open")
    # a click on the open group closes it
    _click_group(page, "1:school_district", "")
    # the keyboard moves over the groups too (first on the map), and Enter opens one as a click does
    tab_to(page, ids.MAP_FRAME)
    page.keyboard.press("Home")
    live = page.locator(f"#{ids.MAP_KEYS_LIVE}")
    expect(live).to_have_text(re.compile(r"^Schools, 10,000 institutions: 0 links in, \d+ out"))
    page.keyboard.press("Enter")
    expect(live).to_have_text("Enter opens or closes the group: Schools.")
    _wait(page, lambda d: d["opened"] == "0:school")
    expect(note).to_contain_text("Open: Schools, 12 of 10,000")
    # a phone
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_timeout(800)
    page.locator(f"#{ids.MAP}").scroll_into_view_if_needed()
    # each group's name in at most two short lines over its count, centred under its marker (not run into the
    # next column's: they are some 30 px apart here)
    page.wait_for_function(f"""() => {FIGURE}.layout.annotations.filter(a => a.name === '{GROUP_LABEL}')
                                     .every(a => a.xanchor === 'center')""")
    labels = page.evaluate(f"() => {FIGURE}.layout.annotations.filter(a => a.name === '{GROUP_LABEL}')"
                           ".map(a => a.text)")
    assert len(labels) == len(drawn["groups"])
    assert [t for t in labels if not re.fullmatch(r"<b>[^<]{1,13}(<br>[^<]{1,13})?</b><br>[\d,]+", t)] == []
    assert "<b>Schools</b><br>10,000" in labels and "<b>City police<br>departments</b><br>1,500" in labels
    shoot(page, "big-map-390")
    assert_clean(page, server)
