"""The Follow-through page in Chromium, at a desktop and a phone viewport, on a corpus written for
the test: the summary in words, the scorecard, the chart of how the statuses moved (drawn, with
its legend), the later steps, and an event named by the link."""

import pytest

from dashboard.browser import serve_app, wait_for_app, wait_for_charts

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def followups(tmp_path_factory):
    from tests.conftest import build_articles
    from tests.test_followthrough import ARTICLES

    tables = build_articles(tmp_path_factory.mktemp("followthrough_page"), ARTICLES)
    with serve_app(env={"TRACKER_TABLES_DIR": str(tables)}) as running:
        yield running


def test_the_scorecard_page_draws_its_summary_table_and_chart(sized_page, followups, artifacts):
    sized_page.goto(followups.url + "/followthrough")
    wait_for_app(sized_page)
    wait_for_charts(sized_page)
    summary = "Of 5 initiative(s) launched at Kazakhstan-Korea Business Summit, now: 2 proposed (40%)"
    assert sized_page.get_by_text(summary).count() == 1
    assert "event=evt-" in sized_page.url  # the link names the event shown
    chart = sized_page.locator(".js-plotly-plot", has_text="How the initiatives launched at")
    assert chart.locator(".point, .bars path").count() >= 9  # months with bars, not a blank chart
    legend = " ".join(chart.locator(".legendtext").evaluate_all("els => els.map(e => e.textContent)"))
    assert all(s in legend for s in ("Proposed", "Agreed", "In progress", "Stalled"))
    grids = sized_page.locator('[data-testid="stDataFrame"]')
    assert grids.count() >= 2  # the scorecard and the later steps
    sized_page.screenshot(path=artifacts / f"followthrough-{sized_page.viewport_name}.png", full_page=True)
    if sized_page.viewport_name == "phone":
        box = chart.bounding_box()
        assert box["width"] >= 330  # the chart takes the phone's width


def test_a_link_opens_its_event_with_its_filters(page, followups):
    page.goto(followups.url + "/followthrough?status=stalled")
    wait_for_app(page)
    summary = "Of 1 initiative(s) launched at Kazakhstan-Korea Business Summit, now: 1 stalled (100%)"
    page.wait_for_selector(f"text={summary}")
    assert "status=stalled" in page.url and "event=evt-" in page.url
