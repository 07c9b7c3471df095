"""Bring your own data in headless Chromium: upload a GEXF file, trace it, survive a bad file and a reload."""

from __future__ import annotations

import re

from network.ui import ids

from .conftest import FIXTURES, expect, shoot
from .test_explorer import SUMMARY, assert_clean, open_app, pick

ONE_ROUTE = re.compile(r"^1 route from Millbrook High School to Millbrook Police Department")


def test_upload_trace_break_and_reload(page, server, tmp_path, monkeypatch):
    open_app(page, server)
    upload = page.locator(f"#{ids.UPLOAD} input[type=file]")
    upload.set_input_files(str(FIXTURES / "millbrook-dynamic.gexf"))
    status = page.locator(f"#{ids.UPLOAD_STATUS}")
    expect(status).to_contain_text("Loaded millbrook-dynamic.gexf: 4 institutions, 5 flow links")
    expect(page.locator(f"#{ids.DATASET_TITLE}")).to_have_text("Your data: millbrook-dynamic.gexf")
    assert re.search(r"\?data=[0-9a-f]{16}", page.url)
    pick(page, ids.ORIGIN, "Millbrook High School")
    pick(page, ids.TARGET, "Millbrook Police Department")
    expect(page.locator(SUMMARY)).to_have_text(ONE_ROUTE)
    shoot(page, "upload-loaded")
    # a broken file: the report lists the problem and the map keeps the uploaded data
    upload.set_input_files(files=[{"name": "broken.csv", "mimeType": "text/csv",
                                   "buffer": b"source,target,status\nA,B,sure\n"}])
    expect(status).to_contain_text("broken.csv: 1 error, so nothing was loaded")
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
