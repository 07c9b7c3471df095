"""The explorer in headless Chromium, as a journalist uses it."""

from __future__ import annotations

import re

import network
from network.ui import ids

from .conftest import expect, shoot

SUMMARY = f"#{ids.ROUTES_SUMMARY}"
ANY_SCHOOL = "Any school (this data has one: East Boston High School)"  # a kind of one says which


def open_app(page, server, query: str = ""):
    page.goto(server + "/" + query)
    expect(page.locator(SUMMARY)).to_contain_text("route", timeout=20_000)
    page.wait_for_load_state("networkidle")


def pick(page, dropdown_id: str, text: str, deselect: str | None = None):
    """Tick an option of a picker by searching for it, as a user does; untick ``deselect`` first."""
    page.locator(f"#{dropdown_id}").click()
    listbox = page.locator(".dash-dropdown-content [role=listbox]")
    if deselect:
        listbox.get_by_role("option", name=deselect, exact=True).click()
    page.locator(".dash-dropdown-content input[type=search]").fill(text)
    listbox.get_by_role("option", name=text, exact=True).click()
    page.keyboard.press("Escape")


def assert_clean(page, server):
    outside = [u for u in page.requests if not u.startswith((server, "data:", "blob:"))]
    assert outside == [], f"requests left 127.0.0.1: {outside}"
    assert page.console_errors == [], page.console_errors
    assert page.dialogs == []


def _count(**query) -> int:
    """What the engine finds for a view: the browser must show the same count."""
    return network.trace(network.load(), origins="ebhs", **query).count


def test_journalist_flow(page, server):
    open_app(page, server)
    shoot(page, "explorer-default")
    pick(page, ids.ORIGIN, "East Boston High School", deselect=ANY_SCHOOL)
    every, without = _count(), _count(without="bric")
    expect(page.locator(SUMMARY)).to_have_text(
        re.compile(rf"^{every} routes from East Boston High School .* since \d{{4}}( or earlier)?; 1 open today"))
    # select the route through the gang database and read its sentence and sources
    row = page.locator(".ag-row", has_text="BPD Gang Assessment Database").first
    row.click()
    detail = page.locator(f"#{ids.ROUTE_DETAIL}")
    expect(detail.locator(".sentence")).to_contain_text("from East Boston High School to")
    links = detail.locator("a")
    assert links.count() >= 5
    for i in range(links.count()):
        assert links.nth(i).get_attribute("target") == "_blank"
        assert links.nth(i).get_attribute("href").startswith("http")
    assert "route=" in page.url
    shoot(page, "explorer-route-selected", full_page=True)
    # what if the BRIC were gone?
    pick(page, ids.WITHOUT, "Boston Regional Intelligence Center (BRIC)")
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{without} routes? "))
    assert "without=bric" in page.url
    page.locator(f"#{ids.WITHOUT_RESET}").click()
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{every} routes"))
    assert_clean(page, server)


def _set_date(page, fraction: float):
    track = page.locator(f"#{ids.DATE}")
    track.scroll_into_view_if_needed()  # the controls may run below the fold
    box = track.bounding_box()
    page.mouse.click(box["x"] + box["width"] * fraction, box["y"] + 8)


def test_date_before_and_after_the_ordinance(page, server):
    open_app(page, server, "?from=ebhs&asof=2021-09-01")
    before = _count(as_of="2021-09-01")
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{before} routes? .*on 1 September 2021"))
    label = page.locator(f"#{ids.DATE_LABEL}")
    expect(label).to_have_text("Links open on 2021-09-01")
    # move the slider well after October 2021, then well before it
    _set_date(page, 0.92)
    expect(label).to_have_text(re.compile(r"Links open on 202[2-5]"))
    expect(page.locator(SUMMARY)).to_have_text(re.compile(r"^[0-2] routes? from"))
    _set_date(page, 0.6)
    expect(label).to_have_text(re.compile(r"Links open on 201[5-9]"))
    day = label.inner_text().removeprefix("Links open on ")
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{_count(as_of=day)} routes"))
    shoot(page, "explorer-dated")
    assert_clean(page, server)


def test_a_copied_link_restores_the_same_view(page, server, browser):
    open_app(page, server, "?from=ebhs")
    pick(page, ids.TARGET, "ICE Enforcement and Removal Operations (ERO)", deselect="Any immigration enforcement")
    page.locator(f"#{ids.HOPS}").get_by_role("slider").focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator(SUMMARY)).to_contain_text("to ICE Enforcement and Removal Operations")
    expect(page).to_have_url(re.compile(r"hops=7"))  # the new query first: it would drop a route chosen before it
    page.locator(".ag-row").first.click()
    expect(page).to_have_url(re.compile(r"route="))
    sentence = page.locator(f"#{ids.ROUTE_DETAIL} .sentence").inner_text()
    summary = page.locator(SUMMARY).inner_text()
    url = page.url
    assert "hops=7" in url and "to=ice_ero" in url and "route=" in url
    other = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    other.goto(url)
    expect(other.locator(SUMMARY)).to_have_text(summary, timeout=20_000)
    expect(other.locator(f"#{ids.ROUTE_DETAIL} .sentence")).to_have_text(sentence)
    expect(other.locator(".ag-row-selected")).to_have_count(1)
    other.context.close()
    assert_clean(page, server)


def test_a_bad_link_says_what_is_wrong(page, server):
    open_app(page, server, "?from=nowhere&hops=eleven")
    expect(page.locator(f"#{ids.NOTICE}")).to_contain_text("'nowhere'")
    expect(page.locator(SUMMARY)).to_contain_text("Pick where records start")
    assert_clean(page, server)


def test_back_and_forward_reopen_a_view_and_copy_link_copies_this_one(page, server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    open_app(page, server, "?from=ebhs")
    every, without = _count(), _count(without="bric")
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{every} routes"))
    pick(page, ids.WITHOUT, "Boston Regional Intelligence Center (BRIC)")
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{without} routes? "))
    assert page.url.endswith("?from=ebhs&without=bric")
    page.locator(f"#{ids.COPY_LINK}").click()  # the address of this view, not the one the page was opened at
    page.wait_for_function("url => navigator.clipboard.readText().then(text => text === url)", arg=page.url)
    page.go_back()
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{every} routes"))
    expect(page.locator(f"#{ids.WITHOUT}")).not_to_contain_text("BRIC")
    page.go_forward()
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{without} routes? "))
    expect(page.locator(f"#{ids.WITHOUT}")).to_contain_text("Boston Regional Intelligence Center (BRIC)")
    assert_clean(page, server)
