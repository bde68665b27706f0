"""A citable view in Chromium: a link made on an older version of the tables opens with the notice of
what changed and its filters applied, and the "Cite this view" box shows the citation to copy."""

import json

import pytest

from dashboard.browser import ROOT, serve_app, wait_for_app

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOT = "/tmp/cite_view.png"


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """A server on tables built twice (3 initiatives added, 1 status changed, 1 dropped, 1 merged)."""
    from tests.test_version_history import build_two_versions

    out, old, _ = build_two_versions(tmp_path_factory.mktemp("cite-browser"))
    with serve_app(env={"TRACKER_TABLES_DIR": str(out)}) as running:
        running.tables, running.old = out, old
        yield running


def test_an_old_link_shows_what_changed_applies_its_filters_and_cites_the_view(page, versions):
    from tests.test_version_history import table

    old = versions.old[:12]
    now = json.loads((versions.tables / "datapackage.json").read_text(encoding="utf-8"))["version"][:12]
    kazakh = {r["initiative_id"] for r in table(versions.tables, "initiative_countries") if r["iso3"] == "KAZ"}
    page.goto(f"{versions.url}/initiatives?country=KAZ&v={old}")
    wait_for_app(page)
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    notice = (
        f"These tables changed since the link was made (version {old}, now {now}): 3 initiatives added, "
        "1 status changed, 1 initiative dropped, 1 initiative merged into another."
    )
    assert any(notice in a for a in alerts), alerts
    assert page.get_by_text(f"{len(kazakh)} initiative(s) in view.").count() == 1  # the filter applies
    chips = page.locator('[data-testid="stSidebar"] [data-tag]').all_inner_texts()
    assert any("KAZ" in c for c in chips), chips
    page.wait_for_function(f"() => location.search.includes('v={now}')")  # the link now names these tables
    assert "country=KAZ" in page.url
    page.get_by_text("Cite this view").click()
    code = page.locator('[data-testid="stCode"]')
    code.wait_for()
    wait_for_app(page)
    cited = code.inner_text()
    assert f"data version {now}" in cited and "Filters: Country: KAZ." in cited
    assert f"{versions.url}/initiatives?country=KAZ&v={now}" in cited  # the browser's address: a full link
    page.locator('[data-testid="stExpander"]', has_text="Cite this view").scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOT, full_page=True)
    if AXE.exists():  # the open box too: no serious or critical axe violation
        page.add_script_tag(path=str(AXE))
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        failing = [(v["id"], v["nodes"][0]["html"][:120]) for v in results["violations"]
                   if v["impact"] in ("serious", "critical")]  # fmt: skip
        assert not failing, failing
