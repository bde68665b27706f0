"""The Atom feeds that `build` writes: one entry per first report and per status change, in
all.xml and in a feed per country, sector and status; valid Atom, escaped, deterministic."""

import xml.etree.ElementTree as ET

import feedparser
import pandas as pd
import pytest

from dashboard import build, feeds
from tests.conftest import build_articles

ATOM = "{http://www.w3.org/2005/Atom}"
# Three reports on four initiatives, written for these tests (they are known to extract well).
ARTICLES = {
    "a_summit.txt": (
        "ASTANA, Kazakhstan, March 3. President Kassym-Jomart Tokayev proposed establishing a Central Asia "
        "Water Innovation Centre at the Kazakhstan-Korea Business Summit in Seoul on March 3, Kazinform "
        "reports.\n\nHe also proposed launching a regional digital skills programme for young engineers, and "
        "called for creating a joint venture fund for renewable energy projects.\n\nThe two countries are "
        "already building the Shymkent solar power plant, which has been under construction since 2024.\n"
    ),
    "a_summit.meta.yaml": "publisher: Kazinform\nurl: https://example.org/a-summit\npublished: 2026-03-03\n",
    "b_follow.txt": (
        "ASTANA, Kazakhstan, September 10. Kazakhstan and Korea signed an agreement on the Central Asia Water "
        "Innovation Centre in Astana on September 10, the Ministry of Foreign Affairs said.\n\nWork on the "
        "regional digital skills programme for young engineers is under way, with the first courses opened in "
        "Almaty.\n"
    ),
    "b_follow.meta.yaml": "publisher: MFA Kazakhstan\nurl: https://example.org/b-follow\npublished: 2026-09-10\n",
    "c_later.txt": (
        "SEOUL, South Korea, November 20. The launch of the joint venture fund for renewable energy projects "
        "has been postponed until next year, officials said.\n"
    ),
    "c_later.meta.yaml": "publisher: Yonhap\nurl: https://example.org/c-later\npublished: 2026-11-20\n",
}
CENTRE = "Central Asia Water Innovation Centre"
PROGRAMME = "Regional digital skills programme for young engineers"
FUND = "Joint venture fund for renewable energy projects"
PLANT = "Shymkent solar power plant"
# Newest first; on one date, by initiative id (stable across builds, so fixed here through the titles).
ALL_TITLES = {
    f"{FUND}: proposed → stalled",
    f"{CENTRE}: proposed → agreed",
    f"{PROGRAMME}: proposed → in progress",
    f"{CENTRE}: first reported, proposed",
    f"{PROGRAMME}: first reported, proposed",
    f"{FUND}: first reported, proposed",
    f"{PLANT}: first reported, in progress",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("feeds")
    tables = build_articles(root, ARTICLES, feeds=root / "feeds")
    return root, tables, root / "feeds"


def parsed(folder, name):
    result = feedparser.parse((folder / name).read_bytes())
    assert result.bozo == 0, result.get("bozo_exception")
    assert result.version == "atom10"
    return result


def ids(tables):
    frame = pd.read_csv(tables / "initiatives.csv", dtype=str, keep_default_na=False)
    return dict(zip(frame["name"], frame["initiative_id"], strict=True))


def test_all_xml_holds_each_first_report_and_each_status_change_newest_first(built):
    _, _, folder = built
    result = parsed(folder, "all.xml")
    titles = [e.title for e in result.entries]
    assert set(titles) == ALL_TITLES and len(titles) == 7
    assert [e.updated[:10] for e in result.entries] == ["2026-11-20"] + ["2026-09-10"] * 2 + ["2026-03-03"] * 4
    assert result.feed.updated == "2026-11-20T00:00:00Z"  # the newest entry's date, not the clock
    assert result.feed.title == "Cooperation tracker: every change"


def test_an_entry_says_the_initiative_its_old_and_new_status_the_date_the_evidence_and_the_source(built):
    _, tables, folder = built
    centre = ids(tables)[CENTRE]
    entry = next(e for e in parsed(folder, "all.xml").entries if e.title == f"{CENTRE}: proposed → agreed")
    assert entry.id == f"tag:cooperation-tracker,2025:{centre}/2026-09-10/agreed"
    assert entry.updated == "2026-09-10T00:00:00Z"
    assert entry.link == f"../../../record?initiative={centre}"  # the record's page, from app/static/feeds/
    assert [link.href for link in entry.links if link.rel == "related"] == ["https://example.org/b-follow"]
    assert entry.summary == f"{CENTRE} went from proposed to agreed on 2026-09-10 (MFA Kazakhstan)."
    assert entry.content[0].type == "text/plain"
    assert entry.content[0].value.splitlines() == [
        f"Initiative: {CENTRE} (institution, {centre})",
        "Status: proposed → agreed",
        "Date: 2026-09-10",
        "Evidence: “Kazakhstan and Korea signed an agreement on the Central Asia Water Innovation Centre in "
        "Astana on September 10, the Ministry of Foreign Affairs said.”",
        "Source: MFA Kazakhstan, https://example.org/b-follow, document b_follow",
    ]
    assert [t.term for t in entry.tags] == ["agreed"]


@pytest.mark.parametrize(
    "name, titles",
    [
        ("country-KOR.xml", ALL_TITLES),  # every initiative is linked to Korea (as partner or participant)
        ("sector-water.xml", {f"{CENTRE}: proposed → agreed", f"{CENTRE}: first reported, proposed"}),
        (
            "sector-energy.xml",
            {
                f"{FUND}: proposed → stalled",
                f"{FUND}: first reported, proposed",
                f"{PLANT}: first reported, in progress",
            },
        ),
        ("status-agreed.xml", {f"{CENTRE}: proposed → agreed"}),
        ("status-stalled.xml", {f"{FUND}: proposed → stalled"}),
        ("status-in_progress.xml", {f"{PROGRAMME}: proposed → in progress", f"{PLANT}: first reported, in progress"}),
        (
            "status-proposed.xml",
            {
                f"{CENTRE}: first reported, proposed",
                f"{PROGRAMME}: first reported, proposed",
                f"{FUND}: first reported, proposed",
            },
        ),  # fmt: skip
        ("status-completed.xml", set()),
    ],
)
def test_a_country_sector_or_status_feed_holds_the_entries_of_its_initiatives(built, name, titles):
    _, _, folder = built
    result = parsed(folder, name)
    assert {e.title for e in result.entries} == titles
    assert len(result.entries) == len(titles)


def test_there_is_a_feed_per_linked_country_and_sector_and_per_status(built):
    _, tables, folder = built
    countries = set(pd.read_csv(tables / "initiative_countries.csv", dtype=str)["iso3"])
    sectors = set(pd.read_csv(tables / "initiative_sectors.csv", dtype=str)["sector_id"])
    statuses = {"proposed", "under_discussion", "agreed", "in_progress", "completed", "stalled"}
    expected = (
        {"all.xml"}
        | {f"country-{c}.xml" for c in countries}
        | {f"sector-{s}.xml" for s in sectors}
        | {f"status-{s}.xml" for s in statuses}
    )
    assert {p.name for p in folder.iterdir()} == expected
    assert {"country-UZB.xml", "country-KAZ.xml", "sector-education.xml"} <= expected


def test_every_feed_is_atom_by_its_namespace_with_the_elements_rfc_4287_requires(built):
    _, _, folder = built
    for path in folder.glob("*.xml"):
        root = ET.fromstring(path.read_bytes())
        assert root.tag == f"{ATOM}feed", path.name
        for required in ("id", "title", "updated", "author"):
            assert root.find(f"{ATOM}{required}") is not None, (path.name, required)
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == path.name
        for entry in root.iter(f"{ATOM}entry"):
            assert all(entry.find(f"{ATOM}{e}") is not None for e in ("id", "title", "updated", "link", "summary"))
        parsed(folder, path.name)


def test_a_feed_links_back_to_the_app_s_view_of_its_records(built):
    _, _, folder = built
    assert parsed(folder, "country-UZB.xml").feed.link == "../../../initiatives?country=UZB"
    assert parsed(folder, "sector-water.xml").feed.title == "Cooperation tracker: Water supply and sanitation"


def test_two_builds_of_the_same_articles_write_the_same_feed_bytes(built, tmp_path):
    _, _, folder = built
    again = tmp_path / "feeds"
    build_articles(tmp_path, ARTICLES, feeds=again)
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in folder.iterdir())
    for path in folder.iterdir():
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name


def test_a_rebuild_drops_the_feeds_of_a_previous_build_and_check_reports_them(tmp_path):
    folder = tmp_path / "feeds"
    tables = build_articles(tmp_path, ARTICLES, feeds=folder)
    (folder / "country-XXX.xml").write_text("<feed/>", encoding="utf-8")  # as a build of other articles left it
    (folder / "all.xml").write_bytes(b"stale")
    run = {"seeds": tmp_path / "seeds", "out_dir": tables, "overrides_path": tmp_path / "none.yaml", "cache_dir": None}
    stale = build.run(check=True, feeds_dir=folder, **run)
    assert [name.rsplit("/", 1)[-1] for name in stale] == ["all.xml", "country-XXX.xml"]
    build.run(feeds_dir=folder, **run)
    assert not (folder / "country-XXX.xml").exists()
    parsed(folder, "all.xml")
    assert build.run(check=True, feeds_dir=folder, **run) == []
    assert not [p for p in tmp_path.glob(".feeds*") if p.is_dir()]  # no staging folder left


def test_only_a_build_of_the_app_s_tables_writes_the_app_s_feeds(tmp_path):
    assert build.default_feeds_dir(build.TABLES_DIR) == feeds.FEEDS_DIR
    assert build.default_feeds_dir(tmp_path / "tables") is None


def frames(evidence: str, name: str = "Fund", url: str = "https://example.org/x") -> dict[str, pd.DataFrame]:
    """The tables a feed reads, for one initiative first proposed, then agreed with `evidence`."""
    return {
        "status_history": pd.DataFrame(
            {
                "initiative_id": ["ini-1", "ini-1"],
                "date": ["2026-01-02", "2026-02-03"],
                "status": ["proposed", "agreed"],
                "doc_id": ["d1", "d2"],
                "evidence": ["Proposed.", evidence],
            }
        ),
        "initiatives": pd.DataFrame({"initiative_id": ["ini-1"], "name": [name], "kind": ["fund"]}),
        "initiative_countries": pd.DataFrame({"initiative_id": ["ini-1"], "iso3": ["UZB"]}),
        "initiative_sectors": pd.DataFrame({"initiative_id": ["ini-1"], "sector_id": ["energy"]}),
        "documents": pd.DataFrame({"doc_id": ["d1", "d2"], "title": ["", ""], "source": ["A", "B"], "url": ["", url]}),
        "countries": pd.DataFrame({"iso3": ["UZB"], "name": ["Uzbekistan"]}),
        "sectors": pd.DataFrame({"sector_id": ["energy"], "label": ["Energy"]}),
    }


def test_hostile_text_is_escaped_and_the_feed_still_parses():
    evidence = 'They signed <script>alert("x")</script> ]]> &amp; \x00\x07\x1b\ufffe it.'
    files = feeds.feed_files(frames(evidence, name="<b>Fund</b> ]]>", url="javascript:alert(1)"))
    data = files["all.xml"]
    assert b"<script>" not in data and b"<b>" not in data and b"javascript:" not in data
    result = feedparser.parse(data)
    assert result.bozo == 0 and result.version == "atom10"
    root = ET.fromstring(data)
    content = root.find(f"{ATOM}entry/{ATOM}content").text
    assert 'Evidence: “They signed <script>alert("x")</script> ]]> &amp;  it.”' in content  # text, as written
    assert root.find(f"{ATOM}entry/{ATOM}title").text == "<b>Fund</b> ]]>: proposed → agreed"
    assert [link.get("rel") for link in root.find(f"{ATOM}entry").iter(f"{ATOM}link")] == [None]  # no script link


def test_a_feed_keeps_only_its_newest_entries(monkeypatch):
    monkeypatch.setattr(feeds, "MAX_ENTRIES", 1)
    result = feedparser.parse(feeds.feed_files(frames("Signed."))["country-UZB.xml"])
    assert [e.title for e in result.entries] == ["Fund: proposed → agreed"]


def test_a_status_repeated_by_a_later_report_is_no_change():
    tables = frames("Signed.")
    history = tables["status_history"]
    tables["status_history"] = pd.concat([history, history.iloc[[1]].assign(date="2026-03-04", doc_id="d3")])
    titles = [e.title for e in feedparser.parse(feeds.feed_files(tables)["all.xml"]).entries]
    assert titles == ["Fund: proposed → agreed", "Fund: first reported, proposed"]
