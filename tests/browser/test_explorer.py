"""The explorer in headless Chromium, as a journalist uses it."""

from __future__ import annotations

import re

import network
from network.ui import ids

from .conftest import expect, settled, shoot

SUMMARY = f"#{ids.ROUTES_SUMMARY}"
ANY_SCHOOL = "Any school (this data has one: East Boston High School)"  # a kind of one says which


def open_app(page, server, query: str = ""):
    """Open the explorer at ``query`` and wait until it shows its routes; the answer to the page's request (its
    headers) is returned."""
    response = page.goto(server + "/" + query)
    expect(page.locator(SUMMARY)).to_contain_text("route", timeout=20_000)
    settled(page)
    return response


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
    for _ in range(5):  # 8 links down to 3, where the count differs: the rows on screen are then the new view's
        page.keyboard.press("ArrowLeft")
    expect(page).to_have_url(re.compile(r"hops=3"))  # the new query first: it would drop a route chosen before it
    # a row clicked before the new rows arrive is replaced under the pointer, and the click selects nothing
    count = _count(targets="ice_ero", max_hops=3)
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{count} routes? from .* to ICE Enforcement and Removal"))
    page.locator(".ag-row").first.click()
    expect(page).to_have_url(re.compile(r"route="))
    sentence = page.locator(f"#{ids.ROUTE_DETAIL} .sentence").inner_text()
    summary = page.locator(SUMMARY).inner_text()
    url = page.url
    assert "hops=3" in url and "to=ice_ero" in url and "route=" in url
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


ROUTE = "ebhs%3Ebsp%3Ebric%3Egang_db%3Eice_ero"  # through the gang database: closed since December 2019
THUMB = f"#{ids.DATE} [role=slider]"
DETAIL = f"#{ids.ROUTE_DETAIL}"


def _map_traces(page) -> list[str]:
    return page.evaluate("id => Array.from(document.getElementById(id).querySelector('.js-plotly-plot').data,"
                         " t => t.name || '')", ids.MAP)


def test_typing_a_date_sets_the_view_and_the_slider_says_its_date(page, server):
    open_app(page, server, "?from=ebhs")
    field, label = page.locator(f"#{ids.DATE_TEXT}"), page.locator(f"#{ids.DATE_LABEL}")
    field.scroll_into_view_if_needed()
    field.fill("June 2016")
    field.press("Enter")
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{_count(as_of='2016-06-01')} routes? .*on 1 June 2016"))
    expect(page).to_have_url(re.compile(r"\?from=ebhs&asof=2016-06-01$"))
    expect(label).to_have_text("Links open on 2016-06-01")
    expect(page.locator(THUMB)).to_have_attribute("aria-valuetext", "1 June 2016")
    expect(field).to_have_value("1 June 2016")
    assert page.locator(f"#{ids.DATE_ON} input").is_checked()
    shoot(page, "explorer-date-typed")
    # the keyboard moves the slider a month, and it says the month at once
    page.locator(THUMB).focus()
    page.keyboard.press("ArrowRight")
    expect(page.locator(THUMB)).to_have_attribute("aria-valuetext", "1 July 2016")
    expect(label).to_have_text("Links open on 2016-07-01")
    expect(field).to_have_value("1 July 2016")
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{_count(as_of='2016-07-01')} routes? .*on 1 July 2016"))
    # what it cannot read, or a date outside the data's years, is said beside it and changes nothing
    message = page.locator(f"#{ids.DATE_MESSAGE}")
    field.fill("6/1/2016")
    field.press("Enter")
    expect(message).to_contain_text("'6/1/2016' could be 6 January or 1 June")
    field.fill("June 1850")
    field.press("Tab")  # leaving the field reads it too
    expect(message).to_contain_text("outside the years this tool can hold (1900 to 2100)")
    field.fill("2030-01")
    field.press("Enter")
    expect(message).to_contain_text("outside this data's timeline, which runs from 1 January 2004")
    expect(label).to_have_text("Links open on 2016-07-01")
    assert page.url.endswith("asof=2016-07-01")
    # a date it reads clears the message
    field.fill("2021-10-20")
    field.press("Enter")
    expect(label).to_have_text("Links open on 2021-10-20")  # the day itself: the slider stands at its month
    expect(message).to_have_text("")
    expect(page.locator(THUMB)).to_have_attribute("aria-valuetext", "1 October 2021")
    assert_clean(page, server)


def test_a_link_whose_route_is_not_in_its_view_says_so_and_selects_nothing(page, server):
    open_app(page, server, f"?from=ebhs&asof=2022-01&route={ROUTE}")
    expect(page.locator(f"#{ids.NOTICE}")).to_have_text(
        "The route in this link is not among the routes of this view (closed on 19 December 2019); nothing is "
        "selected.")
    count = _count(as_of="2022-01")
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{count} routes? from East Boston"))
    expect(page.locator(".ag-center-cols-container .ag-row")).to_have_count(count)
    expect(page.locator(".ag-row-selected")).to_have_count(0)
    expect(page.locator(DETAIL)).to_contain_text("Select a route in the table")
    assert not any(name.startswith("selected route") for name in _map_traces(page))
    # the table, the detail and the map agree once a route of the view is picked
    page.locator(".ag-center-cols-container .ag-row").first.click()
    expect(page.locator(f"{DETAIL} .sentence")).to_contain_text("from East Boston High School")
    page.wait_for_function("id => Array.from(document.getElementById(id).querySelector('.js-plotly-plot').data)"
                           ".some(t => (t.name || '').startsWith('selected route'))", arg=ids.MAP)
    assert_clean(page, server)


def test_unticking_and_reticking_evidence_leaves_no_row_selected_without_a_route(page, server):
    open_app(page, server, "?from=ebhs")
    fourth = page.locator(".ag-center-cols-container .ag-row[row-index='3']")
    fourth.click()
    expect(page).to_have_url(re.compile(r"route="))
    expect(page.locator(".ag-row-selected")).to_have_count(1)
    sentence = page.locator(f"{DETAIL} .sentence").inner_text()
    documented = page.locator(f"#{ids.STATUSES} input[value=documented]")
    documented.uncheck()
    expect(page).to_have_url(re.compile(r"status=reported"))
    expect(page.locator(".ag-row-selected")).to_have_count(0)
    documented.check()
    expect(page).to_have_url(re.compile(r"\?from=ebhs$"))
    expect(page.locator(SUMMARY)).to_have_text(re.compile(rf"^{_count()} routes"))
    expect(page.locator(".ag-row-selected")).to_have_count(0)
    expect(page.locator(DETAIL)).to_contain_text("Select a route in the table")
    fourth.click()  # and the row can be picked again
    expect(page.locator(".ag-row-selected")).to_have_count(1)
    expect(page.locator(f"{DETAIL} .sentence")).to_have_text(sentence)
    expect(page).to_have_url(re.compile(r"route="))
    assert_clean(page, server)


def test_copy_link_is_a_button_the_keyboard_reaches(page, server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    open_app(page, server, "?from=ebhs")
    page.locator(f"#{ids.DATE_TEXT}").fill("2019")
    page.locator(f"#{ids.DATE_TEXT}").press("Enter")
    expect(page).to_have_url(re.compile(r"asof=2019-01-01"))
    button = page.locator(f"#{ids.COPY_LINK} button")
    assert button.evaluate("b => b.tabIndex") == 0
    button.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("url => navigator.clipboard.readText().then(text => text === url)", arg=page.url)
    assert page.url.endswith("?from=ebhs&asof=2019-01-01")
    # the button is drawn anew as it says it has copied, and again after: the focus stays on it
    expect(page.get_by_role("button", name="Link copied")).to_be_focused()
    expect(page.get_by_role("button", name="Copy link")).to_be_focused(timeout=5_000)
    assert_clean(page, server)


#: A chain of 4,000 institutions, node0 → node1 → … → node3999: past the 2,000 a picker lists with no word.
CHAIN = ("source,target\n" + "".join(f"node{i},node{i + 1}\n" for i in range(3999))).encode()


def test_a_picker_finds_any_of_4000_uploaded_institutions(page, server):
    open_app(page, server)
    page.locator(f"#{ids.UPLOAD} input[type=file]").set_input_files(
        files=[{"name": "chain.csv", "mimeType": "text/csv", "buffer": CHAIN}])
    expect(page.locator(f"#{ids.UPLOAD_STATUS}")).to_contain_text("Loaded chain.csv: 4,000 institutions",
                                                                  timeout=30_000)
    page.locator(f"#{ids.ORIGIN}").click()
    listbox = page.locator(".dash-dropdown-content [role=listbox]")
    expect(listbox).to_contain_text("2,000 more: type a name to find any of them")
    page.locator(".dash-dropdown-content input[type=search]").fill("node3")
    expect(listbox).to_contain_text("1,011 more match: type more to narrow")  # 100 listed
    page.locator(".dash-dropdown-content input[type=search]").fill("node3995")
    listbox.get_by_role("option", name="node3995", exact=True).click()
    page.keyboard.press("Escape")
    expect(page.locator(f"#{ids.ORIGIN}")).to_contain_text("node3995")
    pick(page, ids.TARGET, "node3999")
    expect(page.locator(SUMMARY)).to_have_text(re.compile(r"^1 route from node3995 to node3999"))
    assert re.search(r"from=node3995&to=node3999", page.url)
    expect(page.locator(f"#{ids.ORIGIN}")).to_contain_text("node3995")  # the choice stays once the list is short
    assert_clean(page, server)


def test_the_keyboard_reaches_a_route_and_its_sources_in_a_few_presses(page, server):
    """From page load: Tab to the skip link to the routes, Enter, Tab into the table, down to the first route,
    Space to select it: its sentence and its sources show (the issue asks for at most 12 presses)."""
    open_app(page, server)
    presses = ["Tab", "Tab", "Enter", "Tab", "ArrowDown", "Space"]
    for key in presses:
        page.keyboard.press(key)
        page.wait_for_timeout(300)  # as a person presses: the skip link moves the focus, the grid takes it
    detail = page.locator(f"#{ids.ROUTE_DETAIL}")
    expect(detail.locator(".sentence")).to_be_visible()
    expect(detail.locator("a[href^='http']").first).to_be_visible()  # a source, to open
    assert len(presses) <= 12
    assert page.evaluate("document.activeElement.closest('.ag-row') !== null")  # the focus stays on the route
