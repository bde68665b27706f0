"""A page per record (initiative, country, organization), each with its own link, and the Sources
page opened at one sentence."""

import csv
import re
from html import unescape

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import ui
from dashboard.view.data import TABLES_DIR
from tests.conftest import ROOT, app_page

APP = str(ROOT / "dashboard" / "app.py")


def rows(name: str, directory=TABLES_DIR) -> list[dict]:
    with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def opened(page: str, **query) -> AppTest:
    return app_page(page, **query)


def frames(at) -> list:
    return [d.value for d in at.dataframe]


def test_an_initiative_has_a_page_with_its_fields_countries_history_and_related_records():
    claims = rows("status_history")
    iid = max({c["initiative_id"] for c in claims}, key=lambda i: sum(c["initiative_id"] == i for c in claims))
    initiative = next(r for r in rows("initiatives") if r["initiative_id"] == iid)
    at = opened("screens/record.py", initiative=iid)
    assert at.title[0].value.replace("\\", "") == initiative["name"]
    fields, countries, *rest = frames(at)
    assert dict(zip(fields["Field"], fields["Value"], strict=True))["First seen"] == initiative["first_seen"]
    links = [r for r in rows("initiative_countries") if r["initiative_id"] == iid]
    assert len(countries) == len(links) and set(countries["Role"]) == {r["role"] for r in links}
    assert all(b.startswith(("named", "inferred", "set by")) for b in countries["Basis"])
    assert all(p.startswith("record?iso3=") for p in countries["Page"])
    history = next(f for f in rest if "Evidence" in f.columns)
    mine = [c for c in claims if c["initiative_id"] == iid]
    assert sorted(history["Evidence"]) == sorted(c["evidence"] for c in mine)
    assert set(history["In its source"]) == {f"sources?doc={c['doc_id']}&at={c['start']}" for c in mine}
    related = rest[-1]
    assert len(related) > 0 and all(p.startswith("record?initiative=") for p in related["Page"])
    assert iid not in " ".join(related["Page"])


def test_a_country_page_lists_every_record_linked_to_it_with_role_and_basis():
    links = [r for r in rows("initiative_countries") if r["iso3"] == "UZB"]
    at = opened("screens/record.py", iso3="UZB")
    assert at.title[0].value == "Uzbekistan"
    (table,) = frames(at)
    assert len(table) == len(links)
    named = sum(r["inferred"] == "false" for r in links)
    assert f"{named} link(s) name it" in at.markdown[0].value.replace("\\", "")


def test_an_organization_page_lists_its_records(lenders_tables, monkeypatch):
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(lenders_tables))
    at = opened("screens/record.py", org="adb")
    assert at.title[0].value == "Asian Development Bank"
    (table,) = frames(at)
    assert list(table["Role"]) == ["financier"] and table["Page"][0].startswith("record?initiative=ini-")


@pytest.mark.parametrize(("key", "value"), [("initiative", "ini-nosuchthing"), ("iso3", "XXX"), ("org", "nobody")])
def test_an_unknown_record_says_so(key, value):
    at = opened("screens/record.py", **{key: value})
    assert any(value in w.value.replace("\\", "") for w in at.warning)


def test_the_initiatives_table_links_each_row_to_its_page():
    at = opened("screens/initiatives.py")
    table = at.dataframe[0].value
    assert all(p == f"record?initiative={i}" for p, i in zip(table["page"], table["initiative_id"], strict=True))


def test_a_sentence_link_opens_its_source_with_the_sentence_outlined():
    claim = rows("status_history")[0]
    at = opened("screens/sources.py", doc=claim["doc_id"], at=claim["start"])
    html = " ".join(str(h.proto.body) for h in at.get("html"))
    assert 'class="hl-focus"' in html
    outlined = html.split('class="hl-focus"', 1)[1].split(">", 1)[1].split("</span>", 1)[0]  # marks are <mark>
    words = unescape(re.sub(r"<[^>]+>", "", outlined))
    assert " ".join(claim["evidence"].split())[:60] in " ".join(words.split())
    bad = opened("screens/sources.py", doc="no-such-doc")
    assert any("no such document" in w.value for w in bad.warning)


def test_the_outlined_sentence_is_escaped_like_the_rest_of_the_source():
    import pandas as pd

    text = "Intro. <script>alert(1)</script> proposed a fund. End."
    spans = pd.DataFrame(columns=["start", "end", "layer", "ref"])
    html = ui.focused_html(text, spans, (7, 49))
    assert "<script>" not in html and "&lt;script&gt;" in html and 'class="hl-focus"' in html


LOAN = (
    "date 2025-06-10\n\nMANILA, June 10. The Asian Development Bank approved a $500 million loan to Uzbekistan "
    "for the Tashkent ring road."
)
GRANT = (
    "date 2024-09-01\n\nASTANA, September 1. JICA disbursed a 3 billion yen grant for the water supply project in "
    "Kazakhstan."
)


@pytest.fixture(scope="module")
def lenders_tables(tmp_path_factory):
    from tests.conftest import build_articles

    return build_articles(tmp_path_factory.mktemp("lenders"), {"001.txt": LOAN, "002.txt": GRANT})


def test_organizations_are_a_filter_bound_to_the_link_with_counts(lenders_tables):
    from dashboard.view.data import load_tables
    from dashboard.view.filters import apply_filters, options_for, parse_query, to_query

    tables = load_tables(lenders_tables)
    options = options_for(tables)
    assert set(options.organizations) == {"adb", "jica"}
    assert options.counts["organizations"] == {"adb": 1, "jica": 1}
    filters, notices = parse_query({"organization": ["adb", "nobody"]}, options)
    assert filters.organizations == ("adb",) and any("nobody" in n for n in notices)
    view = apply_filters(tables, filters)
    assert list(view.initiatives["amount_text"]) == ["$500 million"]
    assert to_query(filters) == {"organization": ["adb"]}


def test_the_sidebar_filters_by_organization_and_the_table_shows_their_roles(lenders_tables, monkeypatch):
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(lenders_tables))
    at = opened("screens/initiatives.py")
    table = at.dataframe[0].value
    assert sorted(o for orgs in table["organizations"] for o in orgs) == [
        "Asian Development Bank (financier)",
        "Japan International Cooperation Agency (financier)",
    ]
    at.multiselect(key="f_org").set_value(["jica"]).run()
    assert list(at.dataframe[0].value["amount_text"]) == ["3 billion yen"]
    assert at.query_params["organization"] in ("jica", ["jica"])
