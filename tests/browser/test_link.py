"""The Analyze page's Link source in real Chromium: a news page on a local http.server is
fetched and analyzed in the worker; a refused link gets one line. Requests off this machine
are blocked in the browser (the page fixture) and refused by the fetch guard in the server."""

import pytest

from dashboard.browser import serve_app, wait_for_app
from tests.live_site import serve_site

pytestmark = pytest.mark.browser
SCREENSHOT = "/tmp/wt19-link.png"


@pytest.fixture(scope="module")
def site():
    with serve_site() as running:
        yield running


@pytest.fixture(scope="module")
def link_server(site):
    with serve_app(command=["tests.browser.link_server", f"127.0.0.1:{site.port}"]) as running:
        yield running


def analyze_link(page, server, link: str) -> None:
    page.goto(f"{server.url}/analyze")
    wait_for_app(page)
    page.get_by_text("Link", exact=True).click()
    page.get_by_label("Article link").fill(link)
    page.get_by_role("button", name="Analyze").click()


def test_a_link_is_fetched_and_analyzed_with_only_its_article(page, link_server, site, artifacts):
    article = f"{site.base}/business/green-energy-fund.html"
    analyze_link(page, link_server, article)
    page.wait_for_selector("text=initiative(s) in", timeout=90_000)
    wait_for_app(page)
    heading = page.locator('[data-testid="stMain"] h3').first.inner_text().replace("\u2060", "")
    assert heading.endswith(f" initiative(s) in {article}")
    assert page.locator("mark.hl-initiative", has_text="Central Asia Green Energy Fund").count() >= 1
    shown = page.locator('[data-testid="stMain"]').inner_text()
    assert "Caspian Solar" not in shown and "cookies" not in shown  # related articles and banner: not the article
    assert page.locator('[data-testid="stDataFrame"]').first.is_visible()
    assert ("/business/green-energy-fund.html", "") not in site.requests  # the server's fetch said who it was
    assert any(path == "/business/green-energy-fund.html" and "cooperation-tracker" in ua for path, ua in site.requests)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Newest document: 2025-12-20 · tables built " in sidebar  # freshness, on this page too
    page.set_viewport_size({"width": 1440, "height": 900})
    page.locator('[data-testid="stMain"] h3').first.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOT)  # the results of the link, as a visitor sees them
    page.screenshot(path=artifacts / "analyze-link.png", full_page=True)


def test_a_link_to_the_servers_own_network_gets_one_line(page, link_server):
    analyze_link(page, link_server, "http://169.254.169.254/latest/meta-data/")
    page.wait_for_selector("text=refused", timeout=60_000)
    wait_for_app(page)
    errors = page.locator('[data-testid="stMain"] [data-testid="stAlert"]').all_inner_texts()
    assert len(errors) == 1, errors
    icon, message = errors[0].strip().split("\n", 1)  # the icon's name, then the message: one line
    message = message.strip().replace("\u2060", "")  # plain text: a link is not made clickable
    assert icon == "error" and "\n" not in message, errors
    assert message.startswith("http://169.254.169.254/latest/meta-data/: refused: 169.254.169.254 is at 169.254")
