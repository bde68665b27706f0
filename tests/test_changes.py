"""The "Changes since" download (new initiatives, status changes, merges and drops) and the
Overview's link to the Atom feed of its view."""

import csv
import datetime as dt
import io

import pandas as pd
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from dashboard import feeds
from dashboard.view.changes import UNDATED, changes_csv, changes_since, default_since, feed_file, feed_link
from dashboard.view.data import load_tables
from dashboard.view.filters import Filters, apply_filters
from tests.conftest import ROOT, build_articles
from tests.test_feeds import ARTICLES, CENTRE, FUND, PLANT, PROGRAMME

APP = str(ROOT / "dashboard" / "app.py")
SHOWN = ["change", "date", "name", "old_status", "new_status", "doc_id"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("changes")
    tables = build_articles(root, ARTICLES, feeds=root / "feeds")
    return tables, root / "feeds"


@pytest.fixture(scope="module")
def tables(built):
    return load_tables(built[0])


def shown(frame: pd.DataFrame) -> list[tuple]:
    return [tuple(row) for row in frame[SHOWN].itertuples(index=False)]


def with_aliases(tables, rows):
    return tables.with_frames(initiative_aliases=pd.DataFrame(rows, columns=["alias_id", "initiative_id", "reason"]))


def test_since_june_the_three_status_changes_newest_first_and_no_new_initiative(tables):
    rows = changes_since(tables, dt.date(2026, 6, 1))
    assert shown(rows) == [
        ("status change", "2026-11-20", FUND, "proposed", "stalled", "c_later"),
        ("status change", "2026-09-10", CENTRE, "proposed", "agreed", "b_follow"),
        ("status change", "2026-09-10", PROGRAMME, "proposed", "in_progress", "b_follow"),
    ]
    assert rows["evidence"][0] == (
        "The launch of the joint venture fund for renewable energy projects has been postponed until next year, "
        "officials said."
    )


def test_since_the_first_report_every_initiative_is_new(tables):
    rows = changes_since(tables, "2026-03-03")
    new = rows[rows["change"] == "new initiative"]
    assert sorted(shown(new)) == [
        ("new initiative", "2026-03-03", CENTRE, "", "proposed", "a_summit"),
        ("new initiative", "2026-03-03", FUND, "", "proposed", "a_summit"),
        ("new initiative", "2026-03-03", PROGRAMME, "", "proposed", "a_summit"),
        ("new initiative", "2026-03-03", PLANT, "", "in_progress", "a_summit"),
    ]
    assert (rows["change"] == "status change").sum() == 3
    assert changes_since(tables, "2026-11-21").empty


def test_every_merge_and_drop_is_listed_whatever_the_date_and_says_it_has_none(tables):
    centre = tables.initiatives.set_index("name").loc[CENTRE, "initiative_id"]
    aliased = with_aliases(
        tables,
        [("ini-old", centre, "merged"), ("ini-gone", "", "removed"),
         ("ini-dup", centre, "merged by review"), ("ini-junk", "", "dropped by review")],
    )  # fmt: skip
    rows = changes_since(aliased, "2027-01-01")  # after every report: only the undated merges and drops
    columns = ["change", "alias_id", "initiative_id", "name", "reason", "date"]
    assert [tuple(r) for r in rows[columns].itertuples(index=False)] == [
        ("merged", "ini-dup", centre, CENTRE, "merged by review", ""),
        ("dropped", "ini-gone", "", "", "removed", ""),
        ("dropped", "ini-junk", "", "", "dropped by review", ""),
        ("merged", "ini-old", centre, CENTRE, "merged", ""),
    ]  # fmt: skip
    assert set(rows["note"]) == {UNDATED}


def test_a_filtered_view_lists_its_own_changes_and_the_merges_into_its_records(tables):
    centre = tables.initiatives.set_index("name").loc[CENTRE, "initiative_id"]
    fund = tables.initiatives.set_index("name").loc[FUND, "initiative_id"]
    aliased = with_aliases(
        tables, [("ini-old", centre, "merged"), ("ini-f", fund, "merged"), ("ini-gone", "", "removed")]
    )
    view = apply_filters(aliased, Filters(statuses=("stalled",)))
    rows = changes_since(view, "2026-06-01")
    assert shown(rows) == [
        ("status change", "2026-11-20", FUND, "proposed", "stalled", "c_later"),
        ("merged", "", FUND, "", "", ""),
    ]
    assert list(rows["alias_id"]) == ["", "ini-f"]


def test_a_cell_that_a_spreadsheet_would_run_is_prefixed_with_an_apostrophe(tables):
    renamed = tables.initiatives.assign(name=tables.initiatives["name"].replace(FUND, '=HYPERLINK("x")'))
    hostile = tables.with_frames(initiatives=renamed)
    rows = list(csv.DictReader(io.StringIO(changes_csv(hostile, "2026-06-01").decode("utf-8"))))
    assert rows[0]["name"] == '\'=HYPERLINK("x")' and rows[0]["new_status"] == "stalled"
    assert not any(v.startswith(("=", "+", "-", "@")) for row in rows for v in row.values())


def test_the_default_date_is_ninety_days_before_the_newest_document(tables):
    assert default_since(tables) == dt.date(2026, 8, 22)  # 2026-11-20 - 90 days


@pytest.mark.parametrize(
    "filters, name",
    [
        (Filters(), "all.xml"),
        (Filters(countries=("UZB",)), "country-UZB.xml"),
        (Filters(sectors=("water",)), "sector-water.xml"),
        (Filters(statuses=("agreed",)), "status-agreed.xml"),
        (Filters(countries=("UZB", "KAZ")), None),
        (Filters(countries=("UZB",), statuses=("agreed",)), None),
        (Filters(countries=("UZB",), links="named"), None),
        (Filters(text="fund"), None),
    ],
)
def test_a_view_has_a_feed_when_it_is_everything_or_one_country_sector_or_status(filters, name):
    assert feed_file(filters) == name


def test_no_link_to_a_feed_that_build_did_not_write(built, tmp_path):
    _, folder = built
    assert feed_link(Filters(countries=("KOR",)), folder) == "app/static/feeds/country-KOR.xml"
    assert feed_link(Filters(countries=("KOR",)), tmp_path / "absent") is None


@pytest.fixture
def downloads(monkeypatch):
    """The bytes the app hands to its download buttons, by file name."""
    captured = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        captured[filename] = path_or_data
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return captured


def overview(monkeypatch, tables_dir, feeds_dir, **query) -> AppTest:
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(tables_dir))
    monkeypatch.setattr(feeds, "FEEDS_DIR", feeds_dir)
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


def feed_links(at) -> list[str]:
    return [m.value for m in at.markdown if "Atom feed" in m.value]


def test_the_overview_of_one_country_links_its_feed_and_offers_the_changes_since_download(
    built, monkeypatch, downloads
):
    tables_dir, folder = built
    at = overview(monkeypatch, tables_dir, folder, country="KOR")
    assert feed_links(at) == [":material/rss_feed: [Atom feed of these changes](app/static/feeds/country-KOR.xml)"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Changes since 2026-08-22 (CSV)" in labels
    at.date_input(key="changes_since").set_value(dt.date(2026, 6, 1)).run()
    assert "Changes since 2026-06-01 (CSV)" in [b.proto.label for b in at.get("download_button")]
    name = next(n for n in downloads if (n or "").startswith("cooperation-tracker-changes-since-2026-06-01-"))
    rows = list(csv.DictReader(io.StringIO(downloads[name].decode("utf-8"))))
    assert [(r["change"], r["name"], r["old_status"], r["new_status"]) for r in rows] == [
        ("status change", FUND, "proposed", "stalled"),
        ("status change", CENTRE, "proposed", "agreed"),
        ("status change", PROGRAMME, "proposed", "in_progress"),
    ]


def test_the_overview_offers_no_feed_link_when_the_feeds_are_absent_or_the_view_has_none(built, monkeypatch, tmp_path):
    tables_dir, folder = built
    assert feed_links(overview(monkeypatch, tables_dir, tmp_path / "absent", country="KOR")) == []
    at = overview(monkeypatch, tables_dir, folder, country=["KOR", "UZB"])
    assert feed_links(at) == []
    assert any("one country, one sector or one status alone" in c.value for c in at.caption)
