"""Issue 18's done-when: what froze the public server is now analyzed in the worker, under its
limits, while another visitor keeps using the Overview (one browser each, real Chromium)."""

import statistics

import pytest

from dashboard import bench
from dashboard.browser import serve_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def hostile(artifacts):
    with serve_app() as server:
        yield bench.hostile_paste(server.url, server.process.pid, analyses=100, screenshot=artifacts / "hostile.png")


def test_each_hostile_input_gets_one_line(hostile):
    names = {"paste of 199,000 commas": "pasted text", "5 MB punctuation upload": "punctuation.txt",
             "5 MB malformed HTML upload": "malformed.html"}  # fmt: skip
    assert [label for label, _, _ in hostile["outcomes"]] == list(names)
    for label, outcome, _ in hostile["outcomes"]:
        line = outcome.splitlines()[-1]  # after the alert's icon name
        stopped = line == f"{names[label]}: this article took too long to analyze; nothing was kept."
        # trafilatura finds no article in 5 MB of '<a x=' (issue 19): refused in one line, at once
        empty = line == f"{names[label]}: no text left once the markup is removed"
        assert stopped or empty or line.endswith(f"initiative(s) in {names[label]}"), (label, outcome)


def test_the_other_visitor_keeps_rerunning_in_under_2_s(hostile):
    reruns = hostile["reruns"]
    assert len(reruns) >= 5
    assert statistics.median(reruns) < 2.0, sorted(reruns)
    assert max(reruns) < 15, sorted(reruns)  # never frozen (the probe's freeze lasted minutes)


def test_the_server_answers_its_health_check_throughout(hostile):
    assert hostile["health_failures"] == []
    assert len(hostile["health_s"]) >= 20 and max(hostile["health_s"]) < 5


def test_server_memory_stays_within_300_mb_after_100_analyses_of_distinct_texts(hostile):
    (server_before, _), (server_after, worker_after) = hostile["rss_before_mb"], hostile["rss_after_mb"]
    assert server_after - server_before < 300
    assert worker_after < 1500  # the worker is recycled past 700 MB resident
    assert hostile["last_outcome"].endswith("initiative(s) in pasted text")


def test_nothing_was_fetched_from_outside(hostile):
    assert hostile["outside"] == []


@pytest.mark.parametrize(
    "query",
    [
        "?![x](https://evil.example/p.png)=1",
        "?from=[click](https://evil.example)",
        "?%0A%0A%23%20SESSION%20EXPIRED%0A%0A=1",
    ],
)
def test_a_hostile_link_shows_its_notice_as_plain_text(page, server, artifacts, query):
    from dashboard.browser import wait_for_app

    page.goto(f"{server.url}/{query}")
    wait_for_app(page)
    alerts = page.locator('[data-testid="stMain"] [data-testid="stAlert"]')  # the sidebar's is freshness
    assert alerts.count() >= 1
    assert alerts.locator("img, a, h1, h2, h3").count() == 0  # no image, link or heading made of it
    assert page.get_by_role("heading", name="SESSION EXPIRED").count() == 0
    if query.startswith("?!"):
        assert "![x](https://evil.example/p.png)" in alerts.first.inner_text().replace("\u2060", "")
        page.screenshot(path=artifacts / "hostile-link.png")
    # the page fixture fails the test if the browser asked anything of evil.example
