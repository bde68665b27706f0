"""AppTest: a link carries the data version (`v=`); opened after the tables changed, it says what
changed since and still applies its filters; the "Cite this view" box cites the view."""

import datetime as dt
import io
import json

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import app_page
from tests.test_app import APP, captured_downloads  # noqa: F401  (a fixture)
from tests.test_version_history import build_two_versions, table


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """The tables of a second build (3 initiatives added, 1 status changed, 1 dropped, 1 merged) and
    the first build's version."""
    out, old, _ = build_two_versions(tmp_path_factory.mktemp("cite"))
    return out, old


@pytest.fixture
def tables_dir(versions, monkeypatch):
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(versions[0]))
    return versions[0]


def current_version(folder) -> str:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))["version"]


def opened(page: str | None = "screens/initiatives.py", **query) -> AppTest:
    return app_page(page, **query)


def warnings(at) -> list[str]:
    return [w.value.replace("\\", "") for w in at.warning]  # shown as plain text: punctuation escaped


def kazakh(folder) -> set[str]:
    return {r["initiative_id"] for r in table(folder, "initiative_countries") if r["iso3"] == "KAZ"}


def test_an_old_link_says_what_changed_since_and_applies_its_filters(tables_dir, versions):
    old = versions[1][:12]
    at = opened(country="KAZ", v=old)
    now = current_version(tables_dir)[:12]
    assert (
        f"These tables changed since the link was made (version {old}, now {now}): 3 initiatives added, "
        "1 status changed, 1 initiative dropped, 1 initiative merged into another." in warnings(at)
    )
    assert at.multiselect(key="f_country").value == ["KAZ"]
    expected = kazakh(tables_dir)
    assert 0 < len(expected) < len(table(tables_dir, "initiatives"))
    assert set(at.dataframe[0].value["initiative_id"]) == expected
    assert at.query_params["v"] in (now, [now])  # the link now names the current tables


def test_a_link_of_the_current_version_shows_no_notice(tables_dir):
    at = opened(country="KAZ", v=current_version(tables_dir)[:12])
    assert warnings(at) == [w for w in warnings(at) if "days ago" in w]  # the freshness warning only
    assert set(at.dataframe[0].value["initiative_id"]) == kazakh(tables_dir)


def test_a_link_of_a_version_no_longer_described_says_so_and_applies_its_filters(tables_dir):
    at = opened(country="KAZ", v="0123456789ab")
    assert (
        "This link was made on an older version of the tables (0123456789ab) that this deployment no longer "
        "describes; the filters are applied to the current tables." in warnings(at)
    )
    assert set(at.dataframe[0].value["initiative_id"]) == kazakh(tables_dir)


@pytest.mark.parametrize("bad", ["<script>alert(1)</script>", "![x](https://evil.example/p.png)", "12", "g" * 12])
def test_a_malformed_version_is_ignored_with_a_notice_and_the_filters_still_apply(tables_dir, bad):
    at = opened(country="KAZ", v=bad)
    assert any(w.startswith("Ignored “v=") and "not a data version" in w for w in warnings(at))
    assert not any("changed since" in w or "no longer describes" in w for w in warnings(at))
    assert set(at.dataframe[0].value["initiative_id"]) == kazakh(tables_dir)
    assert "<script" not in " ".join(str(m.value) for m in at.markdown)


@pytest.mark.parametrize("page", [None, "screens/initiatives.py", "screens/sources.py", "screens/analyze.py"])
def test_every_page_with_the_filters_in_its_link_writes_the_version(tables_dir, page):
    at = opened(page, status="agreed")
    now = current_version(tables_dir)[:12]
    assert at.query_params["v"] in (now, [now]) and at.query_params["status"] in ("agreed", ["agreed"])


def test_the_cite_box_holds_the_version_dates_filters_and_link(tables_dir):
    at = opened(country="KAZ", status="agreed")
    assert not at.code  # made only when opened
    at.session_state["cite_open"] = True
    at.run()
    now = current_version(tables_dir)[:12]
    created = json.loads((tables_dir / "datapackage.json").read_text(encoding="utf-8"))["created"]
    text = at.code[0].value
    assert text == (
        f"Cooperation tracker: initiatives, sectors and stakeholder countries (data version {now}, built "
        f"{created[:10]} {created[11:16]} UTC). Filters: Country: KAZ; Status: agreed. "
        f"Accessed {dt.date.today().isoformat()}. ./initiatives?country=KAZ&status=agreed&v={now}"
    )


def test_the_excel_about_sheet_cites_the_same_view(tables_dir, captured_downloads):  # noqa: F811
    at = opened(None, country="KAZ")
    at.session_state["cite_open"] = True
    at.run()
    workbook = openpyxl.load_workbook(io.BytesIO(captured_downloads[".xlsx"][1]))
    about = {r[0]: r[1] for r in workbook["About"].iter_rows(values_only=True)}
    assert about["Suggested citation"] == at.code[0].value
    assert about["Link"] == f"./?country=KAZ&v={current_version(tables_dir)[:12]}"
    assert about["Filters in words"] == "Country: KAZ" and about["Downloaded"] == dt.date.today().isoformat()


def test_the_cited_link_keeps_the_pages_own_parameters(tables_dir):
    at = opened(country="KAZ", show="areas")
    at.session_state["cite_open"] = True
    at.run()
    now = current_version(tables_dir)[:12]
    assert at.code[0].value.endswith(f" ./initiatives?country=KAZ&v={now}&show=areas")
