"""A view's citation, the data version its link carries (`v=`) and the notice of a link made on
another version: pure functions, checked without a server."""

import datetime as dt
import io
import re

import openpyxl
import pytest

from dashboard.version_history import Changes
from dashboard.view.citation import (
    TITLE,
    cite,
    filters_in_words,
    link_query,
    link_version,
    same_version,
    short_version,
    version_notice,
    view_link,
)
from dashboard.view.data import load_tables
from dashboard.view.exports import about_rows, excel_bytes
from dashboard.view.filters import Filters
from dashboard.view.plain import plain
from tests.conftest import build_articles
from tests.test_version_history import OLD

VERSION = "c37e7fc0ce1064b8"
TODAY = dt.date(2026, 3, 4)


def test_a_citation_holds_the_title_version_build_date_access_date_filters_and_link():
    filters = Filters(countries=("JPN", "KAZ"), statuses=("proposed",))
    link = view_link("https://tracker.example.org/initiatives", "initiatives", link_query(filters, VERSION))
    text = cite(VERSION, "2026-02-01 10:00 UTC", filters, link, TODAY).text()
    assert text == (
        f"{TITLE} (data version c37e7fc0ce10, built 2026-02-01 10:00 UTC). Filters: Country: JPN, KAZ; "
        "Status: proposed. Accessed 2026-03-04. "
        "https://tracker.example.org/initiatives?country=JPN&country=KAZ&status=proposed&v=c37e7fc0ce10"
    )


@pytest.mark.parametrize(
    ("filters", "words"),
    [
        (Filters(), "none (every initiative)"),
        (Filters(sectors=("energy", "transport")), "Sector: energy, transport"),
        (Filters(date_from="2025-01-01", date_to="2025-12-31"), "From: 2025-01-01; To: 2025-12-31"),
        (Filters(text="water fund", links="named"), "Search: water fund; Country links: named"),
        (Filters(roles=("proposer",), organizations=("adb",)), "Role: proposer; Organization: adb"),
    ],
)
def test_the_filters_are_said_in_the_sidebars_words(filters, words):
    assert filters_in_words(filters) == words


def test_hidden_characters_are_dropped_and_the_link_is_url_encoded():
    filters = Filters(text="\u202etxt.exe <script>alert(1)</script> & v=0000\u200b")
    link = view_link(None, "initiatives", link_query(filters, VERSION))
    citation = cite(VERSION, "2026-02-01 10:00 UTC\n", filters, link, TODAY)
    assert "Search: txt.exe <script>alert(1)</script> & v=0000." in citation.text()  # shown as text, in st.code
    assert not any(ch in citation.text() for ch in "\u202e\u200b\n")
    assert citation.link == (  # percent-encoded: the search cannot add a parameter (the real `v` is the only one)
        "./initiatives?q=%E2%80%AEtxt.exe+%3Cscript%3Ealert%281%29%3C%2Fscript%3E+%26+v%3D0000%E2%80%8B&v=c37e7fc0ce10"
    )
    assert citation.built == "2026-02-01 10:00 UTC"


@pytest.mark.parametrize(
    ("page_url", "page", "expected"),
    [
        (None, "", "./?v=c37e7fc0ce10"),
        ("http://localhost:8501/", "", "http://localhost:8501/?v=c37e7fc0ce10"),
        ("javascript:alert(1)//", "sources", "./sources?v=c37e7fc0ce10"),  # not a web address: relative
        ("https://x.example/a b\u202e", "", "https://x.example/a b?v=c37e7fc0ce10"),
    ],
)
def test_the_link_is_the_pages_address_or_relative(page_url, page, expected):
    assert view_link(page_url, page, link_query(Filters(), VERSION)) == expected


def test_the_link_carries_the_short_version_after_the_filters_and_none_for_tables_without_one():
    assert link_query(Filters(kinds=("fund",)), VERSION) == {"kind": ["fund"], "v": ["c37e7fc0ce10"]}
    assert link_query(Filters(), "session") == {}
    assert short_version(VERSION + "+session") == "c37e7fc0ce10+session"


@pytest.mark.parametrize(
    "raw",
    [
        "zzzzzzzzzzzz",
        "<script>alert(1)</script>",
        "1234567",  # too short
        "0" * 65,  # too long
        "\u202ec37e7fc0ce10",
        "../../etc/passwd",
        "c37e7fc0ce10&country=JPN",
        "![x](https://evil.example/p.png)",
        "NaN",
        "c37e7fc0 ce10",
    ],
)
def test_a_malformed_version_is_ignored_with_a_notice_that_shows_it_as_text(raw):
    version, notice = link_version([raw])
    assert version == ""
    assert notice.startswith("Ignored “v=") and notice.endswith("not a data version (8 to 64 hexadecimal characters).")
    assert "\u202e" not in notice and len(notice) < 140
    assert not re.search(r"(?<!\\)[\[\]()<>!&]", plain(notice))  # as shown: no Markdown or HTML can start


@pytest.mark.parametrize(
    ("raw", "version"),
    [(["c37e7fc0ce10"], "c37e7fc0ce10"), (["C37E7FC0CE10"], "c37e7fc0ce10"), (["bad", " deadbeef "], "deadbeef")],
)
def test_a_version_is_read_from_the_last_v(raw, version):
    assert link_version(raw) == (version, "")


def test_no_v_no_notice():
    assert link_version(None) == ("", "") and link_version([]) == ("", "") and link_version([""]) == ("", "")


def test_the_notice_says_what_changed_since_the_link_was_made():
    changes = Changes(added=3, status_changed=1, dropped=1)
    assert version_notice("0123456789ab", VERSION, changes) == (
        "These tables changed since the link was made (version 0123456789ab, now c37e7fc0ce10): "
        "3 initiatives added, 1 status changed, 1 initiative dropped."
    )
    assert version_notice("0123456789ab", VERSION, Changes(added=1, status_changed=2, merged=2)) == (
        "These tables changed since the link was made (version 0123456789ab, now c37e7fc0ce10): "
        "1 initiative added, 2 statuses changed, 2 initiatives merged into others."
    )
    assert "no initiative added, dropped or changed status" in version_notice("0123456789ab", VERSION, Changes())


def test_the_notice_of_a_version_the_deployment_no_longer_describes():
    assert version_notice("0123456789ab", VERSION, None) == (
        "This link was made on an older version of the tables (0123456789ab) that this deployment no longer "
        "describes; the filters are applied to the current tables."
    )


@pytest.mark.parametrize("link", ["", "c37e7fc0", "c37e7fc0ce10", VERSION])
def test_a_link_of_the_current_version_gives_no_notice(link):
    assert version_notice(link, VERSION, None) == ""
    assert not link or same_version(link, VERSION)


def test_the_about_sheet_carries_the_citation_part_by_part(tmp_path):
    tables = load_tables(build_articles(tmp_path, OLD))
    filters = Filters(statuses=("proposed",))
    link = "http://localhost:8501/?status=proposed&v=" + short_version(tables.version)
    about = dict(about_rows(tables, filters, "2026-02-01 10:00 UTC", TODAY, link).itertuples(index=False))
    citation = cite(tables.version, "2026-02-01 10:00 UTC", filters, link, TODAY)
    assert about["Title"] == TITLE
    assert about["Data version"] == short_version(tables.version)
    assert about["Data built"] == "2026-02-01 10:00 UTC"
    assert about["Downloaded"] == "2026-03-04"
    assert about["Filters in words"] == "Status: proposed"
    assert about["Filter: statuses"] == "proposed"  # the filters one a row, as before
    assert about["Link"] == link
    assert about["Suggested citation"] == citation.text()
    sheet = openpyxl.load_workbook(io.BytesIO(excel_bytes(tables, filters, "2026-02-01 10:00 UTC", TODAY, link)))
    assert {r[0]: r[1] for r in sheet["About"].iter_rows(values_only=True)}["Suggested citation"] == citation.text()
