"""No user-controlled text reaches the page as HTML."""

import re

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import build
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
PAYLOADS = ["<script>alert('x')</script>", '<img src=x onerror="alert(1)">', "<iframe src=javascript:alert(1)>"]
# Every place the app hands HTML to Streamlit, and why it is safe. A new sink fails
# test_every_html_sink_is_reviewed until someone reviews it and lists it here.
HTML_SINKS = {
    """st.html(f'<div style="font-size:.9em;color:#444">{swatches}</div>')""": "fixed labels and colours",
    "st.html(block)": "claims_html escapes all source text",
    """st.html(f'<div style="margin:.5em 0">{legend(list(LAYER_LABELS))}</div>')""": "fixed labels",
    """st.html(f'<div style="line-height:1.7">{highlight(doc["text"], spans)}</div>')""": "highlight escapes",
    """st.html(f'<div style="line-height:1.7">{highlight(doc["text"], article.annotations)}</div>')""": "escapes",
}


def test_every_html_sink_is_reviewed():
    sinks = {
        line.strip()
        for path in (ROOT / "dashboard").rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
        if re.search(r"st\.html\(|unsafe_allow_html|st\.markdown\(|components\.html", line)
    }
    assert sinks == set(HTML_SINKS)


@pytest.fixture
def hostile_tables(tmp_path, monkeypatch):
    """Tables whose source text carries script payloads (as if a document slipped them in)."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = (
        "date 2025-12-20\n\nTASHKENT, December 20. Japan proposed creating a Tashkent Logistics Hub "
        + " ".join(PAYLOADS)
        + "."
    )
    (seeds / "001_payload.txt").write_text(text.replace("<", "&lt;"), encoding="utf-8")  # passes the HTML check
    out = tmp_path / "tables"
    build.run(seeds=seeds, out_dir=out, overrides_path=tmp_path / "none.yaml")
    for path in (out / "documents.csv", out / "status_history.csv"):
        path.write_text(path.read_text(encoding="utf-8").replace("&lt;", "<"), encoding="utf-8")
    (out / "parquet" / "VERSION").unlink()  # read the edited CSVs
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(out))
    return out


@pytest.mark.parametrize("page", ["screens/sources.py", "screens/initiatives.py"])
def test_script_payloads_in_the_source_are_escaped_on_every_page(hostile_tables, page):
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    if page.endswith("initiatives.py"):
        at.dataframe[0]  # the table is there; show the evidence of its one row
        from dashboard.view.data import load_tables
        from dashboard.view.evidence import claims_html

        blocks = claims_html(load_tables(hostile_tables), load_tables(hostile_tables).initiatives["initiative_id"][0])
    else:
        blocks = [str(h.proto.body) for h in at.get("html")]
    html = " ".join(blocks)
    assert "&lt;script&gt;" in html and "&lt;img" in html
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
