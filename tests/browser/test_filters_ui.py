"""The sidebar filters and the Analyze form in real Chromium, as a person clicks them."""

import pytest
from playwright.sync_api import expect

from dashboard.browser import wait_for_app, wait_for_charts
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def filter_box(page, label: str):
    return page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]', has_text=label).first


def test_a_click_on_the_sector_box_after_escaping_the_country_box_selects_no_sector(page, server):
    """The Country box, focused, is a line taller (Streamlit widens its text input); it used to
    shrink on blur, under a click on the Sector box, which then opened its menu under the pointer
    with "Select all" first: the click chose all 21 sectors."""
    page.goto(server.url)
    wait_for_app(page)
    country, sector = filter_box(page, "Country"), filter_box(page, "Sector")
    country.locator("input").click()
    page.locator('[role="option"]', has_text="Uzbekistan").first.click()
    page.keyboard.press("Escape")
    page.wait_for_function("() => location.search.includes('country=UZB')")
    wait_for_app(page)
    focused = country.bounding_box()
    box = sector.locator("input").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.wait_for_timeout(150)  # a person's click: the menu opens on press, the choice is made on release
    page.mouse.up()
    page.wait_for_selector('[role="listbox"]')
    options = page.locator('[role="option"]').all_inner_texts()
    assert options and not any(o.strip() == "Select all" for o in options)
    assert country.bounding_box()["height"] == focused["height"]  # the box above did not shrink
    page.keyboard.press("Escape")
    wait_for_app(page)
    assert "sector=" not in page.url
    assert not sector.locator("[data-tag]").count()


def test_filter_options_show_their_counts(page, server):
    page.goto(server.url)
    wait_for_app(page)
    filter_box(page, "Country").locator("input").click()
    options = page.locator('[role="option"]').all_inner_texts()
    assert any(o.startswith("Uzbekistan (UZB) · ") for o in options)
    assert all(o.rsplit(" · ", 1)[1].replace(",", "").isdigit() for o in options)


def test_a_file_uploaded_without_switching_the_source_is_analyzed(page, server):
    page.goto(f"{server.url}/analyze?kind=agenda")
    wait_for_app(page)
    assert page.locator('[data-testid="stSidebar"] [data-testid="stMultiSelect"]').count() == 0  # no filters here
    assert "kind=agenda" in page.url
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(
        str(ROOT / "tests" / "fixtures" / "followups" / "101_fund_signed.txt")
    )
    page.wait_for_selector("text=101_fund_signed.txt")
    page.get_by_role("button", name="Analyze").click()
    page.wait_for_selector("text=initiative(s) in 101_fund_signed.txt")
    wait_for_app(page)
    assert not page.locator('[data-testid="stAlert"]', has_text="file is empty").count()
    page.get_by_role("link", name="Overview").click()
    page.wait_for_url("**/?kind=agenda*")  # the Overview's own run, not the Analyze page's last
    wait_for_app(page)
    assert "kind=agenda" in page.url
    # the sidebar draws its boxes one after the other: wait (up to 10 s) for the Kind box's one chip
    expect(filter_box(page, "Kind").locator("[data-tag]")).to_have_count(1, timeout=10_000)


def test_the_filtered_country_is_outlined_on_the_map(page, server):
    page.goto(f"{server.url}/?country=UZB")
    wait_for_app(page)
    wait_for_charts(page)
    widths = page.locator(".choroplethlocation").evaluate_all(
        "shapes => shapes.map(s => parseFloat(getComputedStyle(s).strokeWidth))"
    )
    assert max(widths) > 2 and sorted(widths)[-2] <= 1  # one shape outlined, the others not


@pytest.mark.parametrize("path", ["/", "/initiatives"])
def test_the_downloads_are_a_few_tab_stops_after_the_filters(page, server, path):
    """From "Reset filters", Tab reaches a skip link; following it, the next Tab stops are the
    download buttons, not the charts' toolbars."""
    page.goto(server.url + path)
    wait_for_app(page)
    page.get_by_role("button", name="Reset filters").focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to the downloads of this view"
    page.keyboard.press("Enter")
    page.wait_for_function("() => location.hash === '#downloads'")
    stops = []
    for _ in range(4):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("() => document.activeElement.textContent.trim()"))
        if "Initiatives (CSV)" in stops[-1]:
            break
    assert any("Initiatives (CSV)" in s for s in stops), stops
