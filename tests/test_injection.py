"""No user-controlled text reaches the page as HTML, nor as Markdown: text from a link, an article or a
file name reaches Streamlit's Markdown only through `plain`."""

import ast
import re
import string

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import build
from dashboard.view.plain import plain
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
PAYLOADS = ["<script>alert('x')</script>", '<img src=x onerror="alert(1)">', "<iframe src=javascript:alert(1)>"]
# Every place the app hands HTML to Streamlit, and why it is safe. A new sink fails
# test_every_html_sink_is_reviewed until someone reviews it and lists it here.
HTML_SINKS = {
    "st.html(PHONE_CSS)": "a fixed stylesheet",
    """st.html(f'<div style="font-size:.9em;color:#444">{swatches}</div>')""": "fixed labels and colours",
    "st.html(block)": "claims_html escapes all source text",
    """st.html(f'<div style="margin:.5em 0">{legend(list(LAYER_LABELS))}</div>')""": "fixed labels",
    """st.html(f'<div style="line-height:1.7">{body}</div>')""": "highlight or focused_html: both escape the text",
    """st.html(f'<div style="line-height:1.7">{highlight(doc["text"], article.annotations)}</div>')""": "escapes",
    'st.markdown(plain("Countries: " + "; ".join(links)))': "plain escapes the names and the basis words",
    "st.markdown(plain(money))": "plain escapes the amount, the lenders and the sentence",
    "st.markdown(intro)": "intro = plain(...): counts, dates and publishers escaped",
    "st.markdown(ADDING)": "a fixed text",
    "st.markdown(conversion)": "conversion = plain(...)",
    "st.markdown(methods.LIMITS_MARKDOWN)": "fixed text",
    "st.markdown(linked)": "linked = plain(...) of counts",
    "st.html(FILTER_CSS)": "a constant stylesheet: no data",
    'st.markdown(f":material/rss_feed: [{plain(feed_label(filters))}]({link})")': "plain label; a fixed feed path",
    "st.markdown(methods.confidence_scale())  # fixed text, from dashboard/confidence.py": "fixed text",
    'st.markdown(plain(ft.summary(card).words(event["name"], until)))': "plain escapes the event's name",
    "st.markdown(": "the Methods page's follow-through paragraph: a literal",
    "st.markdown(plain(sure))": "plain escapes the confidence reasons",
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


# Streamlit calls whose text (first argument, `label`, `body`, `help`) is rendered as Markdown.
MARKDOWN_CALLS = {
    "markdown", "write", "title", "header", "subheader", "caption", "warning", "error", "info", "success",
    "toast", "exception", "metric", "expander", "popover", "tabs", "button", "download_button",
    "form_submit_button", "link_button", "page_link", "toggle", "checkbox", "radio", "selectbox", "multiselect",
    "text_input", "text_area", "number_input", "date_input", "time_input", "file_uploader", "slider",
    "select_slider", "color_picker", "status", "Page",
}  # fmt: skip
MARKDOWN_KEYWORDS = {"label", "body", "help", "captions", "title"}
# Arguments that are neither a literal nor plain(...), and why each is safe. A new one fails
# test_every_markdown_sink_is_a_literal_or_plain_or_reviewed until it is reviewed and listed here.
REVIEWED = {
    "label": "download labels: the literals of the files list in ui.downloads",
    "card.label": "fixed card labels from view.metrics",
    "empty": "the literal empty-state messages the pages pass to ui.chart",
    "['Cooperation areas', 'Money', 'Timeline', 'Country × sector', 'Sectors and initiatives']": "fixed tab labels",
    "ui.changes_summary(view)": "returns plain(...) of a count",
    "plain(card.note) if card.note else None": "plain, or no help",
    "intro": "plain(...) (methods.py)",
    "ADDING": "a fixed text (methods.py)",
    "conversion": "plain(...) (methods.py)",
    "methods.LIMITS_MARKDOWN": "fixed text (view/methods.py)",
    "linked": "plain(...) (record.py)",
    "f':material/rss_feed: [{plain(feed_label(filters))}]({link})'": "plain label; FEEDS_URL + a [A-Za-z0-9_-] name",
    "CONFIDENCE_HELP": "a fixed help text (ui.py)",
    "f'Changes since {since.isoformat()} (CSV)'": "a date the date input made",
    "methods.confidence_scale()": "fixed text built from dashboard/confidence.py's SCALE",
}


def markdown_arguments():
    for path in sorted((ROOT / "dashboard").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in MARKDOWN_CALLS:
                continue
            owner = ast.unparse(node.func.value)
            if not (owner.startswith(("st", "bar", "column", "left", "right")) or owner in ("tab", "changes")):
                continue
            arguments = node.args[:1] + [k.value for k in node.keywords if k.arg in MARKDOWN_KEYWORDS]
            for argument in arguments:
                yield path.relative_to(ROOT), node.lineno, argument


def is_safe(argument: ast.expr) -> bool:
    if isinstance(argument, ast.Constant):
        return True
    if isinstance(argument, ast.Call) and ast.unparse(argument.func).endswith("plain"):
        return True
    return ast.unparse(argument) in REVIEWED


def test_every_markdown_sink_is_a_literal_or_plain_or_reviewed():
    found = list(markdown_arguments())
    assert len(found) > 40  # the audit sees the app's calls
    unsafe = [f"{path}:{line}: {ast.unparse(arg)}" for path, line, arg in found if not is_safe(arg)]
    assert unsafe == []


def renders_as_written(markdown: str) -> bool:
    """Every ASCII punctuation mark escaped, on one line: what plain() makes."""
    if "\n" in markdown:
        return False
    escaped = False
    for char in markdown:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in string.punctuation:
            return False
    return True


@pytest.mark.parametrize(
    "text", ["![x](https://evil.example/p.png)", "[click](https://evil.example)", "\n\n# SESSION EXPIRED\n\n", "a\\b"]
)
def test_plain_text_renders_as_written(text):
    assert renders_as_written(plain(text))
    assert plain(text).replace("\\", "").replace("\u2060", "") == " ".join(text.replace("\\", "").split())


@pytest.mark.parametrize(
    "key",
    ["![x](https://evil.example/p.png)", "from", "\n\n# SESSION EXPIRED\n\n", "https://evil.example/phish"],
)
def test_link_notices_show_the_link_as_plain_text(key):
    at = AppTest.from_file(APP, default_timeout=60)
    value = "[click](https://evil.example)" if key == "from" else "1"
    at.query_params[key] = value
    at.run()
    assert not at.exception
    notices = [w for w in at.warning if not w.value.startswith("The newest document is from")]
    assert notices, "the link's bad value gets a notice (besides the freshness warning every page has)"
    for warning in at.warning:
        assert renders_as_written(warning.value), warning.value


def test_an_initiative_name_with_a_url_shows_as_plain_text_in_its_heading(tmp_path, monkeypatch):
    from dashboard import build

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "001_url.txt").write_text(
        "date 2025-12-20\n\nTASHKENT, December 20. Japan signed the Tashkent Logistics Fund.", encoding="utf-8"
    )
    build.run(seeds=seeds, out_dir=tmp_path / "tables", overrides_path=tmp_path / "none.yaml")
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(tmp_path / "tables"))

    def page():
        from dashboard import ui
        from dashboard.view.data import load_tables, tables_dir

        view = load_tables(tables_dir())
        frame = view.initiatives.assign(name="Tashkent [Log in](https://evil.example/phish) Logistics Fund")
        ui.evidence(view.with_frames(initiatives=frame), frame["initiative_id"].iloc[0])

    at = AppTest.from_function(page, default_timeout=60).run()
    assert not at.exception
    assert [s.value for s in at.subheader] == [plain("Tashkent [Log in](https://evil.example/phish) Logistics Fund")]
    assert all(renders_as_written(c.value) for c in at.caption)


def test_an_upload_name_shows_as_plain_text_on_the_analyze_page():
    def page():
        from types import SimpleNamespace

        from dashboard import ui

        text = b"date 2025-12-20\n\nJapan proposed creating a Tashkent Logistics Hub."
        upload = SimpleNamespace(name="[Log in](https:evil.example).txt", getvalue=lambda: text)
        ui.run_analysis("", upload, None)
        ui.show_analysis()

    at = AppTest.from_function(page, default_timeout=60).run()
    assert not at.exception
    assert [s.value for s in at.subheader] == [plain("1 initiative(s) in [Log in](https:evil.example).txt")]
