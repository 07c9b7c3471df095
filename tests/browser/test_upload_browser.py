"""Bring your own data in headless Chromium: upload a GEXF file, trace it, survive a bad file and a reload."""

from __future__ import annotations

import re

from network.ui import ids

from .conftest import FIXTURES, UPLOAD_JOB_MS, expect, settled, shoot
from .test_explorer import SUMMARY, assert_clean, open_app, pick

ONE_ROUTE = re.compile(r"^1 route from Millbrook High School to Millbrook Police Department")


def test_upload_trace_break_and_reload(page, server, tmp_path, monkeypatch):
    open_app(page, server)
    upload = page.locator(f"#{ids.UPLOAD} input[type=file]")
    upload.set_input_files(str(FIXTURES / "millbrook-dynamic.gexf"))
    status = page.locator(f"#{ids.UPLOAD_STATUS}")
    expect(status).to_contain_text("Loaded millbrook-dynamic.gexf: 4 institutions, 5 flow links",
                                   timeout=UPLOAD_JOB_MS)
    expect(page.locator(f"#{ids.DATASET_TITLE}")).to_have_text("Your data: millbrook-dynamic.gexf")
    assert re.search(r"\?data=[0-9a-f]{16}", page.url)
    pick(page, ids.ORIGIN, "Millbrook High School")
    pick(page, ids.TARGET, "Millbrook Police Department")
    expect(page.locator(SUMMARY)).to_have_text(ONE_ROUTE)
    shoot(page, "upload-loaded")
    # a broken file: the report lists the problem and the map keeps the uploaded data
    upload.set_input_files(files=[{"name": "broken.csv", "mimeType": "text/csv",
                                   "buffer": b"source,target,status\nA,B,sure\n"}])
    expect(status).to_contain_text("broken.csv: 1 error, so nothing was loaded", timeout=UPLOAD_JOB_MS)
    grid = page.locator(f"#{ids.REPORT_GRID}")
    expect(grid).to_contain_text("status 'sure' is not one we know")
    expect(page.locator(SUMMARY)).to_have_text(ONE_ROUTE)
    shoot(page, "upload-report", full_page=True)
    # a reload in the same browser keeps the uploaded data and the view
    page.reload()
    expect(page.locator(SUMMARY)).to_have_text(ONE_ROUTE, timeout=20_000)
    expect(page.locator(f"#{ids.DATASET_TITLE}")).to_have_text("Your data: millbrook-dynamic.gexf")
    url = page.url
    # Present posts the upload's key in a form, so the slides show the uploaded data; the address has no key
    page.locator(f"#{ids.LINK_PRESENT} button").click()
    page.wait_for_url(re.compile(r"/present\?"))
    assert "dataset" not in page.url
    expect(page.locator(".slide").first.locator("h1")).to_contain_text("Millbrook High School")
    page.keyboard.press("Escape")
    page.wait_for_url(re.compile(r"/\?data="))
    expect(page.locator(SUMMARY)).to_have_text(ONE_ROUTE, timeout=20_000)
    # another browser opening the same link is told to load the data first
    other = page.context.browser.new_context().new_page()
    other.goto(url)
    expect(other.locator(f"#{ids.NOTICE}")).to_contain_text("uploaded in another browser", timeout=20_000)
    other.context.close()
    page.locator(f"#{ids.UPLOAD_BACK}").click()
    expect(page.locator(f"#{ids.DATASET_TITLE}")).to_contain_text("Boston")
    assert_clean(page, server)


#: A small edge list written here: a school, its police, and ICE (every kind unknown, so no default origin).
LINCOLN = (b"source,target,relation,status\n"
           b"Lincoln High School,Lincoln Police Department,incident reports,documented\n"
           b"Lincoln Police Department,ICE,shares with,reported\n")

# Where an institution is drawn on the map, in page pixels (from the figure plotly.js drew).
_NODE_AT = """([graph, node]) => {
    const gd = document.getElementById(graph).querySelector('.js-plotly-plot');
    const fl = gd._fullLayout, box = gd.getBoundingClientRect();
    for (const trace of gd._fullData) {
        const i = (trace.customdata || []).indexOf('node:' + node);
        if (i >= 0) {
            return {x: box.left + fl.xaxis._offset + fl.xaxis.l2p(trace.x[i]),
                    y: box.top + fl.yaxis._offset + fl.yaxis.l2p(trace.y[i])};
        }
    }
    return null;
}"""


def click_node(page, node: str):
    """Click an institution on the map, as a user does."""
    page.locator(f"#{ids.MAP}").scroll_into_view_if_needed()
    at = page.evaluate(_NODE_AT, [ids.MAP, node])
    assert at is not None, f"{node} is not drawn on the map"
    page.mouse.click(at["x"], at["y"])


def test_map_clicks_work_on_uploaded_data(page, server):
    """Each click mode (origin, target, remove) acts on the uploaded data set, not the bundled one."""
    page.set_viewport_size({"width": 1440, "height": 900})
    open_app(page, server)
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(
        files=[{"name": "lincoln.csv", "mimeType": "text/csv", "buffer": LINCOLN}])
    expect(page.locator(f"#{ids.UPLOAD_STATUS}")).to_contain_text("Loaded lincoln.csv: 3 institutions",
                                                                   timeout=UPLOAD_JOB_MS)
    expect(page.locator(SUMMARY)).to_contain_text("Pick where records start")
    shoot(page, "upload-lincoln")
    click_node(page, "Lincoln High School")  # the default mode: it becomes the origin
    expect(page.locator(f"#{ids.ORIGIN}")).to_contain_text("Lincoln High School")
    expect(page.locator(SUMMARY)).to_contain_text("Pick where they end up")
    page.locator(f"#{ids.CLICK_MODE}").get_by_label("makes it the target").check()
    click_node(page, "ICE")
    expect(page.locator(f"#{ids.TARGET}")).to_contain_text("ICE")
    expect(page.locator(SUMMARY)).to_have_text(re.compile(r"^1 route from Lincoln High School to ICE"))
    assert re.search(r"from=Lincoln\+High\+School.*&to=ICE", page.url)
    shoot(page, "upload-lincoln-clicked")
    page.locator(f"#{ids.CLICK_MODE}").get_by_label("removes it (what if)").check()
    click_node(page, "Lincoln Police Department")
    expect(page.locator(f"#{ids.WITHOUT}")).to_contain_text("Lincoln Police Department")
    expect(page.locator(SUMMARY)).to_have_text(re.compile(r"^0 routes from Lincoln High School to ICE"))
    assert "without=Lincoln+Police+Department" in page.url
    assert_clean(page, server)


def test_a_spanish_page_uploads_in_spanish(page, server, tmp_path):
    """The upload job runs in another process, outside the request: it answers in the page's language all the
    same, and a file over the limit is named in Spanish too (assets/upload_size.js takes the page's words)."""
    page.goto(server + "/?lang=es")
    expect(page.locator(f"#{ids.UPLOAD}")).to_contain_text("Arrastre y suelte los archivos aquí", timeout=20_000)
    expect(page.locator(SUMMARY)).to_contain_text("ruta", timeout=20_000)
    settled(page)
    upload = page.locator(f"#{ids.UPLOAD} input[type=file]")
    status = page.locator(f"#{ids.UPLOAD_STATUS}")
    upload.set_input_files(files=[{"name": "lincoln.csv", "mimeType": "text/csv", "buffer": LINCOLN}])
    expect(status).to_contain_text("Se cargó lincoln.csv: 3 instituciones, 2 vínculos de flujo", timeout=20_000)
    big = tmp_path / "estado.csv"
    with big.open("wb") as f:  # sparse: read on disk by the browser, never sent
        f.truncate(26 * 1024 * 1024 + 1024)
    upload.set_input_files(str(big))
    expect(status).to_contain_text("estado.csv (26 MB) ocupa más de 25 MB")
    expect(status).to_contain_text("no se subió")
    # the export job too: the button says its own words while it runs, and the file comes
    button = page.locator(f"#{ids.EXPORT_BUTTON}")
    idle, writing = page.locator(f"#{ids.EXPORT_IDLE}"), page.locator(f"#{ids.EXPORT_WRITING}")
    expect(idle).to_have_text("Descargar")
    expect(writing).to_be_hidden()
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == "entanglement-data.zip"
    expect(idle).to_be_visible()
    expect(writing).to_be_hidden()
    expect(page.locator(f"#{ids.EXPORT_PROGRESS}")).to_have_text("")
    assert_clean(page, server)
