"""The app in real Chromium, with every request off this machine blocked."""

import csv
import io

import pytest

from dashboard.browser import wait_for_app, wait_for_charts
from tests.test_app import rows

pytestmark = pytest.mark.browser


def card(page, label: str) -> str:
    metric = page.locator('[data-testid="stMetric"]', has_text=label).first
    return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()


def records(page) -> str:
    """Initiatives and cooperation areas in view: the cards count them apart."""
    return str(int(card(page, "Initiatives in view")) + int(card(page, "Cooperation areas")))


def test_overview_draws_cards_and_every_chart_with_the_map_offline(page, server, artifacts):
    page.goto(server.url)
    wait_for_app(page)
    wait_for_charts(page)
    assert records(page) == str(len(rows("initiatives")))
    charts = page.locator(".js-plotly-plot")
    assert charts.count() == 3  # map, sectors and the open tab (cooperation areas); the other tabs build on demand
    countries = {r["iso3"] for r in rows("initiative_countries")}
    assert page.locator(".choroplethlocation").count() == len(countries)
    assert page.locator(".bars path").count() > 0
    page.screenshot(path=artifacts / "overview.png", full_page=True)
    page.get_by_role("tab", name="Sectors and initiatives").click()  # a lazy tab: built when opened
    page.wait_for_selector(".slice")
    page.get_by_text("status change(s) in the 90 days").click()  # the change list, on demand
    page.wait_for_selector('[data-testid="stDataFrame"]')
    wait_for_app(page)
    page.screenshot(path=artifacts / "overview-opened.png", full_page=True)


def click_to_filter(page, box: dict, key: str) -> str:
    """Click the middle of a plotly mark (plotly finds the point under the pointer on hover,
    then takes the click), wait for the filter it sets, and return the link's value for `key`."""
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x - 5, y)
    page.mouse.move(x, y)
    page.wait_for_selector(".hoverlayer .hovertext")
    page.mouse.click(x, y)
    page.wait_for_function(f"() => location.search.includes('{key}=')")
    wait_for_app(page)
    return page.url.split(f"{key}=")[1].split("&")[0]


def test_clicking_a_sector_bar_filters_the_view_to_that_sector(page, server):
    page.goto(server.url)
    wait_for_app(page)
    wait_for_charts(page)
    sector_chart = page.locator(".js-plotly-plot").nth(1)
    boxes = [bar.bounding_box() for bar in sector_chart.locator(".bars path").all()]
    box = max(boxes, key=lambda b: b["width"])  # a stacked bar has empty segments too
    sector = click_to_filter(page, box, "sector")
    expected = {r["initiative_id"] for r in rows("initiative_sectors") if r["sector_id"] == sector}
    assert expected, sector
    assert records(page) == str(len(expected))
    chosen = page.locator('[data-testid="stMultiSelect"]', has_text="Sector").inner_text()
    labels = {r["sector_id"]: r["label"] for r in rows("sectors")}
    assert labels[sector] in chosen


def test_clicking_a_country_on_the_map_filters_the_view_to_that_country(page, server):
    page.goto(server.url)
    wait_for_app(page)
    wait_for_charts(page)
    shapes = [shape.bounding_box() for shape in page.locator(".choroplethlocation").all()]
    box = max(shapes, key=lambda b: b["width"] * b["height"])  # the largest country: its middle is inside it
    iso3 = click_to_filter(page, box, "country")
    expected = {r["initiative_id"] for r in rows("initiative_countries") if r["iso3"] == iso3}
    assert expected, iso3
    assert records(page) == str(len(expected))


def test_initiatives_table_shows_evidence_for_a_selected_row(page, server, artifacts):
    page.goto(f"{server.url}/initiatives")
    wait_for_app(page)
    grid = page.locator('[data-testid="stDataFrame"]').first
    grid.wait_for()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 35 + 35)  # the first row's selection box
    page.wait_for_selector("mark.hl-cue")
    wait_for_app(page)
    assert page.locator("mark.hl-initiative").count() >= 1
    page.screenshot(path=artifacts / "initiatives.png", full_page=True)


def test_sources_page_highlights_every_layer_with_a_legend(page, server, artifacts):
    page.goto(f"{server.url}/sources")
    wait_for_app(page)
    page.wait_for_selector("mark.hl-country")
    for layer in ("country", "organization", "initiative", "cue"):
        assert page.locator(f"mark.hl-{layer}").count() >= 2, layer  # the legend's swatch and the text
    assert "Mirziyoyev" in page.locator('[data-testid="stMain"] [data-testid="stHtml"]').all_inner_texts()[-1]
    page.screenshot(path=artifacts / "sources.png", full_page=True)


def test_a_link_with_filters_reproduces_the_view(page, server, artifacts):
    page.goto(f"{server.url}/?kind=agenda&country=KAZ")
    wait_for_app(page)
    wait_for_charts(page)
    expected = {r["initiative_id"] for r in rows("initiatives") if r["kind"] == "agenda"}
    expected &= {r["initiative_id"] for r in rows("initiative_countries") if r["iso3"] == "KAZ"}
    assert records(page) == str(len(expected))
    assert "kind=agenda" in page.url and "country=KAZ" in page.url
    page.screenshot(path=artifacts / "overview-filtered.png", full_page=True)


def test_a_bad_link_shows_a_notice_and_the_rest_of_the_view(page, server):
    page.goto(f"{server.url}/?country=ATLANTIS&from=2025-13-01")
    wait_for_app(page)
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("ATLANTIS" in a for a in alerts) and any("2025-13-01" in a for a in alerts)
    assert records(page) == str(len(rows("initiatives")))


def test_the_csv_download_arrives_in_the_browser(page, server):
    page.goto(f"{server.url}/?status=proposed")
    wait_for_app(page)
    with page.expect_download() as info:
        page.get_by_role("button", name="Initiatives (CSV)").click()
    download = info.value
    assert download.suggested_filename.startswith("cooperation-tracker-initiatives-")
    with open(download.path(), encoding="utf-8") as f:
        data = list(csv.DictReader(io.StringIO(f.read())))
    assert {r["initiative_id"] for r in data} == {
        r["initiative_id"] for r in rows("initiatives") if r["status"] == "proposed"
    }


def test_pasting_an_article_on_the_intake_page_shows_its_initiatives(page, server, artifacts):
    from tests.conftest import ROOT

    page.goto(f"{server.url}/analyze")
    wait_for_app(page)
    article = (ROOT / "tests" / "fixtures" / "followups" / "105_other_fund.txt").read_text(encoding="utf-8")
    page.get_by_label("Article text").fill(article)
    page.get_by_role("button", name="Analyze").click()
    page.wait_for_selector("text=initiative(s) in pasted text")
    wait_for_app(page)
    assert page.locator("mark.hl-initiative", has_text="Central Asia Green Energy Fund").count() == 1
    grid = page.locator('[data-testid="stDataFrame"]').first
    assert grid.is_visible()
    page.screenshot(path=artifacts / "analyze.png", full_page=True)


def test_two_sessions_never_see_each_others_filters_or_articles(browser, server):
    from dashboard.browser import Guard
    from tests.conftest import ROOT

    followups = ROOT / "tests" / "fixtures" / "followups"
    sessions = []
    for query, fixture in (
        ("kind=agenda", "105_other_fund.txt"),
        ("status=in_progress", "104_programme_postponed.txt"),
    ):
        context = browser.new_context(viewport={"width": 1400, "height": 2000})
        page = context.new_page()
        page.route("**/*", Guard())
        page.goto(f"{server.url}/analyze?{query}")
        wait_for_app(page)
        page.get_by_label("Article text").fill((followups / fixture).read_text(encoding="utf-8"))
        sessions.append((context, page, query))
    for _, page, _ in sessions:  # both analyze at once
        page.get_by_role("button", name="Analyze").click()
    for _, page, _ in sessions:
        page.wait_for_selector("text=initiative(s) in pasted text")
        wait_for_app(page)
    first, second = sessions[0][1], sessions[1][1]
    assert first.locator("mark.hl-initiative", has_text="Green Energy Fund").count() == 1
    assert second.locator("mark.hl-initiative", has_text="Green Energy Fund").count() == 0
    assert second.locator("mark.hl-initiative", has_text="Quality Infrastructure Programme").count() == 1
    for _, page, query in sessions:
        page.get_by_role("link", name="Overview").click()
        wait_for_app(page)
        assert query in page.url
    agenda = {r["initiative_id"] for r in rows("initiatives") if r["kind"] == "agenda"}
    running = {r["initiative_id"] for r in rows("initiatives") if r["status"] == "in_progress"}
    assert records(first) == str(len(agenda))
    assert records(second) == str(len(running))
    for context, _, _ in sessions:
        context.close()
