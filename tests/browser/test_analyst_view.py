"""The analyst's view in Chromium, at a desktop and a phone viewport: named and inferred links on
the map, money cards and chart, a record's page and the sentence it links to, the Methods page,
each chart's text alternative, and the phone layout (cards two to a row, legends below the
charts, no toolbar)."""

import csv

import pytest

from dashboard.browser import serve_app, wait_for_app, wait_for_charts

pytestmark = pytest.mark.browser

ARTICLES = {
    "001_loan.txt": "date 2025-06-10\n\nMANILA, June 10. The Asian Development Bank approved a $500 million loan "
    "to Uzbekistan for the Tashkent ring road.",
    "002_euro.txt": "date 2024-03-02\n\nBRUSSELS, March 2. The European Union pledged EUR 10 billion for the Global "
    "Gateway transport corridor in Kazakhstan.",
    "003_hub.txt": "date 2025-12-20\n\nTOKYO, December 20. Japan proposed creating a regional logistics hub in "
    "Central Asia.",
}


@pytest.fixture(scope="module")
def money(tmp_path_factory):
    """A server on tables of articles written for the test: two amounts, one region."""
    from tests.conftest import build_articles

    tables = build_articles(tmp_path_factory.mktemp("analyst"), ARTICLES)
    with serve_app(env={"TRACKER_TABLES_DIR": str(tables)}) as running:
        running.tables = tables
        yield running


def legend_text(page) -> str:
    """Every legend entry's text (SVG text has no inner text)."""
    return " ".join(page.locator(".legendtext").evaluate_all("els => els.map(e => e.textContent)"))


def rows(folder, name: str) -> list[dict]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_map_draws_named_and_inferred_countries_apart_with_a_legend(sized_page, server, artifacts):
    sized_page.goto(server.url)
    wait_for_app(sized_page)
    wait_for_charts(sized_page)
    legend = legend_text(sized_page)
    assert "Named in the text" in legend and "Only inferred" in legend
    sized_page.screenshot(path=artifacts / f"analyst-map-{sized_page.viewport_name}.png")
    sized_page.goto(server.url + "/?links=named")
    wait_for_app(sized_page)
    wait_for_charts(sized_page)
    legend = legend_text(sized_page)
    assert "Named in the text" in legend and "Only inferred" not in legend


def test_money_cards_chart_and_chart_summaries(sized_page, money, artifacts):
    sized_page.goto(money.url)
    wait_for_app(sized_page)
    wait_for_charts(sized_page)
    cards = sized_page.locator('[data-testid="stMetric"]')
    labels = cards.locator('[data-testid="stMetricLabel"]').all_inner_texts()
    assert "Committed (USD)" in labels and "Proposed (USD)" in labels
    assert sized_page.get_by_text("initiative(s) without an amount").count() == 1
    assert sized_page.get_by_text("Initiatives by sector and status:").count() == 1  # the chart's summary
    sized_page.get_by_role("tab", name="Money").click()
    sized_page.wait_for_selector("text=Committed amounts (USD), by country and sector")
    sized_page.screenshot(path=artifacts / f"analyst-money-{sized_page.viewport_name}.png", full_page=True)
    if sized_page.viewport_name == "phone":
        first, second = (cards.nth(i).bounding_box() for i in range(2))
        assert first["y"] == second["y"] and second["x"] > first["x"]  # two cards to a row
        assert not sized_page.locator(".modebar-container").first.is_visible()  # no toolbar over the titles
        sector = sized_page.locator(".js-plotly-plot", has_text="Initiatives by sector and status")
        bars = sector.locator(".nsewdrag").first.bounding_box()
        legend = sector.locator(".legend").first.bounding_box()
        assert legend["y"] >= bars["y"] + bars["height"]  # the legend is below the chart


def test_a_records_page_and_the_sentence_it_links_to(sized_page, money, artifacts):
    loan = next(r for r in rows(money.tables, "initiatives") if r["amount_text"] == "$500 million")
    sized_page.goto(f"{money.url}/record?initiative={loan['initiative_id']}")
    wait_for_app(sized_page)
    sized_page.wait_for_selector("text=Status history")
    assert sized_page.locator("h1").first.inner_text().strip() == loan["name"]
    assert sized_page.get_by_text("lent by Asian Development Bank", exact=False).count() == 1
    sized_page.screenshot(path=artifacts / f"analyst-record-{sized_page.viewport_name}.png", full_page=True)
    claim = next(r for r in rows(money.tables, "status_history") if r["initiative_id"] == loan["initiative_id"])
    sized_page.goto(f"{money.url}/sources?doc={claim['doc_id']}&at={claim['start']}")
    wait_for_app(sized_page)
    focus = sized_page.locator(".hl-focus").first
    focus.wait_for()
    assert "$500 million loan" in focus.inner_text()
    sized_page.screenshot(path=artifacts / f"analyst-sentence-{sized_page.viewport_name}.png", full_page=True)


def test_the_methods_page_shows_the_ladder_and_the_rates_source(sized_page, server, artifacts):
    sized_page.goto(server.url + "/methods")
    wait_for_app(sized_page)
    sized_page.wait_for_selector("text=Status ladder")
    assert sized_page.get_by_text("European Central Bank", exact=False).count() >= 1
    sized_page.screenshot(path=artifacts / f"analyst-methods-{sized_page.viewport_name}.png", full_page=True)
