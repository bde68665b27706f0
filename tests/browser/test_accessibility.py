"""axe-core on every page of the app, at a desktop and a phone viewport: no serious or critical violation.

axe-core comes from npm (package.json, pinned with its integrity hash in package-lock.json; `make test`
runs `npm ci`) and Playwright injects the local file: nothing is fetched while the tests run. axe does
not measure the contrast of SVG text, so the charts' text is measured here too."""

import csv
import os

import pytest

from dashboard.browser import ROOT, wait_for_app, wait_for_charts

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
if not AXE.exists():
    if os.environ.get("CI"):
        pytest.fail(f"{AXE} is missing: CI must install axe-core with `npm ci` (make test does)", pytrace=False)
    pytest.skip(f"{AXE.relative_to(ROOT)} is missing: run `npm ci` (make test does)", allow_module_level=True)

TABLES = ROOT / "data" / "tables"
FIRST = next(csv.DictReader((TABLES / "initiatives.csv").open(encoding="utf-8")))["initiative_id"]
CLAIM = next(csv.DictReader((TABLES / "status_history.csv").open(encoding="utf-8")))
PAGES = {
    "overview": "/",
    "initiatives": "/initiatives",
    "sources": "/sources",
    "analyze": "/analyze",
    "methods": "/methods",
    "followthrough": "/followthrough",
    "record": f"/record?initiative={FIRST}",
    "country": "/record?iso3=UZB",
    "sentence": f"/sources?doc={CLAIM['doc_id']}&at={CLAIM['start']}",
}
FAILING = ("serious", "critical")
NODES_SHOWN = 3

# The whole document, nothing excluded: the app's theme and charts are fixed at their source instead.
RUN_AXE = "async () => await axe.run(document, {resultTypes: ['violations']})"

# Every text of every plotly chart, with its WCAG contrast ratio against what is behind it: the
# tile under a treemap's label, the pixel of the heatmap's image under a cell's label, else the paper.
CHART_TEXT_CONTRAST = """async () => {
    const rgb = s => (s.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
    const lum = c => {
        const [r, g, b] = c.map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
        return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const ratio = (a, b) => {
        const [high, low] = [lum(a), lum(b)].sort((x, y) => y - x);
        return (high + 0.05) / (low + 0.05);
    };
    const under = async (image, text) => {  // the heatmap's cells: one pixel each, stretched
        const picture = new Image();
        picture.src = image.getAttribute('href') || image.getAttribute('xlink:href');
        await picture.decode();
        const canvas = document.createElement('canvas');
        [canvas.width, canvas.height] = [picture.width, picture.height];
        const context = canvas.getContext('2d');
        context.drawImage(picture, 0, 0);
        const [box, at] = [image.getBoundingClientRect(), text.getBoundingClientRect()];
        const x = Math.floor((at.x + at.width / 2 - box.x) / box.width * picture.width);
        const y = Math.floor((at.y + at.height / 2 - box.y) / box.height * picture.height);
        const [r, g, b, a] = context.getImageData(x, y, 1, 1).data;
        return a ? `rgb(${r}, ${g}, ${b})` : null;
    };
    const found = [];
    for (const chart of document.querySelectorAll('.js-plotly-plot')) {
        const title = chart.querySelector('.gtitle')?.textContent || '(untitled chart)';
        const paper = chart.querySelector('.main-svg')?.style.background || 'rgb(255, 255, 255)';
        for (const text of chart.querySelectorAll('svg text')) {
            if (!text.textContent.trim()) continue;
            const tile = text.closest('g.slice')?.querySelector('path.surface');
            const image = text.closest('g.hm')?.querySelector('image');
            const behind = (tile && getComputedStyle(tile).fill) || (image && await under(image, text)) || paper;
            const fill = getComputedStyle(text).fill;
            found.push({chart: title, text: text.textContent.slice(0, 40), fill, behind,
                        ratio: ratio(rgb(fill), rgb(behind))});
        }
    }
    return found;
}"""

OPEN_TAB_DRAWN = """() => {
    const open = [...document.querySelectorAll('[role="tabpanel"]')].find(p => p.checkVisibility());
    return open && open.querySelector('.js-plotly-plot .main-svg, [data-testid="stAlert"]');
}"""


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        nodes = v["nodes"]
        targets = [" ".join(map(str, node["target"])) for node in nodes[:NODES_SHOWN]]
        more = f" and {len(nodes) - NODES_SHOWN} more" if len(nodes) > NODES_SHOWN else ""
        lines.append(f"- {v['id']} [{v['impact']}] {v['help']} ({v['helpUrl']})")
        lines.append(f"  {len(nodes)} node(s): {targets}{more}")
        lines.append(f"  first: {nodes[0]['html'][:160]}: {' '.join(nodes[0]['failureSummary'].split())[:300]}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(PAGES))
def test_page_has_no_serious_or_critical_axe_violation(sized_page, server, artifacts, name):
    page = sized_page
    page.goto(server.url + PAGES[name])
    wait_for_app(page)
    if name == "overview":
        wait_for_charts(page)
    page.screenshot(path=artifacts / f"a11y-{name}-{page.viewport_name}.png", full_page=True)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(RUN_AXE)
    failing = [v for v in results["violations"] if v["impact"] in FAILING]
    assert not failing, f"axe on {name} at {page.viewport_name}:\n{describe(failing)}"


def test_every_chart_text_reaches_4_5_to_1(sized_page, server):
    """Ticks, axis and colorbar titles, legends and treemap labels, every overview tab opened."""
    page = sized_page
    page.goto(server.url)
    wait_for_app(page)
    wait_for_charts(page)
    texts = page.evaluate(CHART_TEXT_CONTRAST)
    for tab in page.get_by_role("tab").all()[1:]:  # a lazy tab builds its chart, or a notice, when opened
        tab.click()
        page.wait_for_function(OPEN_TAB_DRAWN)
        wait_for_app(page)
        wait_for_charts(page)
        texts += page.evaluate(CHART_TEXT_CONTRAST)
    assert len({t["chart"] for t in texts}) >= 4, texts
    low = [t for t in texts if t["ratio"] < 4.5]
    assert not low, "\n".join(
        f"{t['chart']}: {t['text']!r} {t['fill']} on {t['behind']} is {t['ratio']:.2f}:1" for t in low
    )
