"""Follow-through: which event launched which initiative (initiative_events), one event's reports
grouped across documents, and the scorecard of what happened next, on a corpus written for the
test (a summit, a wire report of it the next day, follow-ups months later: agreed, under way,
postponed) and on the seed."""

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from dashboard.event_links import NEAR_DAYS, main_event, same_event
from dashboard.records import Document, Event, Extraction, Span
from dashboard.view import followthrough as ft
from dashboard.view.data import load_tables
from tests.conftest import ROOT, app_page, build_articles

SUMMIT = (
    "ASTANA, Kazakhstan, March 3. President Kassym-Jomart Tokayev proposed establishing a Central Asia Water "
    "Innovation Centre at the Kazakhstan-Korea Business Summit in Seoul on March 3, Kazinform reports.\n\n"
    "He also proposed launching a regional digital skills programme for young engineers, and called for creating "
    "a joint venture fund for renewable energy projects. Tokayev also proposed creating a Kazakh-Korean logistics "
    "hub in Aktau.\n\n"
    "The two countries are already building the Shymkent solar power plant, which has been under construction "
    "since 2024.\n"
)
WIRE = (
    "SEOUL, South Korea, March 4. At the Kazakhstan-Korea Business Summit held in Seoul on March 3, the two sides "
    "also proposed a joint geological survey programme, Yonhap reports.\n"
)
AGREED = (
    "ASTANA, Kazakhstan, September 10. Kazakhstan and Korea signed an agreement on the Central Asia Water "
    "Innovation Centre in Astana on September 10, the Ministry of Foreign Affairs said.\n\n"
    "Work on the regional digital skills programme for young engineers is under way, with the first courses "
    "opened in Almaty.\n"
)
POSTPONED = (
    "SEOUL, South Korea, November 20. The launch of the joint venture fund for renewable energy projects has been "
    "postponed until next year, officials said.\n"
)


def meta(publisher: str, published: str) -> str:
    return f"publisher: {publisher}\nurl: https://example.org/{published}\npublished: {published}\n"


ARTICLES = {
    "a_summit.txt": SUMMIT,
    "a_summit.meta.yaml": meta("Kazinform", "2026-03-03"),
    "b_wire.txt": WIRE,
    "b_wire.meta.yaml": meta("Yonhap", "2026-03-04"),
    "c_agreed.txt": AGREED,
    "c_agreed.meta.yaml": meta("Ministry of Foreign Affairs of Kazakhstan", "2026-09-10"),
    "d_postponed.txt": POSTPONED,
    "d_postponed.meta.yaml": meta("Yonhap", "2026-11-20"),
}
CENTRE, SKILLS = "Central Asia Water Innovation Centre", "Regional digital skills programme for young engineers"
FUND, HUB = "Joint venture fund for renewable energy projects", "Kazakh-Korean logistics hub in Aktau"
SURVEY, SOLAR = "Joint geological survey programme", "Shymkent solar power plant"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_articles(tmp_path_factory.mktemp("followthrough"), ARTICLES)


@pytest.fixture(scope="module")
def tables(built):
    return load_tables(built)


@pytest.fixture(scope="module")
def summit(tables) -> str:
    choices = ft.event_choices(tables)
    assert len(choices) == 1, choices  # the wire's report of the summit is the same event
    return choices["event_id"].iloc[0]


def by_name(tables, frame: pd.DataFrame) -> pd.DataFrame:
    names = dict(zip(tables.initiatives["initiative_id"], tables.initiatives["name"], strict=True))
    return frame.assign(name=frame["initiative_id"].map(names)).set_index("name")


def test_one_summit_reported_twice_is_one_event(built):
    events = pd.read_csv(built / "events.csv", dtype=str, keep_default_na=False)
    assert list(events["name"]) == ["Kazakhstan-Korea Business Summit"] * 2
    first = events[events["doc_id"] == "a_summit"]["event_id"].item()
    assert events.set_index("doc_id").loc["b_wire", "same_as"] == first
    assert events.set_index("doc_id").loc["a_summit", "same_as"] == ""


def test_initiative_events_relations_and_evidence(tables, summit):
    links = by_name(tables, tables.initiative_events)
    assert set(links["event_id"]) == {summit}
    assert links["relation"].to_dict() == {
        CENTRE: "launched", SKILLS: "launched", FUND: "launched", HUB: "launched", SURVEY: "launched",
        SOLAR: "discussed",  # already under construction when the summit's report first named it
    }  # fmt: skip
    assert links.loc[CENTRE, "basis"] == "sentence"  # its sentence names the summit
    assert links.loc[SKILLS, "basis"] == "document"  # its document is about the summit
    assert links.loc[SURVEY, "doc_id"] == "b_wire"
    text = tables.documents.set_index("doc_id").loc["a_summit", "text"]
    row = links.loc[FUND]
    assert text[row["start"] : row["end"]] == row["evidence"] and "joint venture fund" in row["evidence"]
    assert links.loc[SOLAR, "status"] == "in_progress"


def test_scorecard_counts_steps_and_dates(tables, summit):
    until = ft.as_of(tables)
    assert until == "2026-11-20"
    card = ft.scorecard(tables, summit, until).set_index("name")
    assert sorted(card.index) == sorted([CENTRE, SKILLS, FUND, HUB, SURVEY])  # not the solar plant
    assert card["status_then"].eq("proposed").all()
    assert card["status_now"].to_dict() == {
        HUB: "proposed", SURVEY: "proposed", CENTRE: "agreed", SKILLS: "in_progress", FUND: "stalled"
    }  # fmt: skip
    assert list(card.index) == [SURVEY, HUB, CENTRE, SKILLS, FUND]  # by status now, along the ladder; then name
    assert card.loc[CENTRE, "launched_on"] == "2026-03-03" and card.loc[SURVEY, "launched_on"] == "2026-03-04"
    assert card["later_steps"].to_dict() == {HUB: 0, SURVEY: 0, CENTRE: 1, SKILLS: 1, FUND: 1}
    assert card.loc[CENTRE, "last_step_date"] == "2026-09-10" and card.loc[CENTRE, "last_step_status"] == "agreed"
    assert card.loc[CENTRE, "last_step"].startswith("Kazakhstan and Korea signed an agreement")
    assert card.loc[FUND, "last_step_date"] == "2026-11-20" and card.loc[FUND, "last_step_doc"] == "d_postponed"
    assert card["days_since"].to_dict() == {HUB: 262, SURVEY: 261, CENTRE: 71, SKILLS: 71, FUND: 0}
    assert card["quiet"].to_dict() == {HUB: True, SURVEY: True, CENTRE: False, SKILLS: False, FUND: False}
    summary = ft.summary(card.reset_index())
    assert (summary.launched, summary.quiet, summary.moved) == (5, 2, 3)
    assert summary.by_status == {"proposed": 2, "agreed": 1, "in_progress": 1, "stalled": 1}
    assert summary.words("the summit", until) == (
        "Of 5 initiative(s) launched at the summit, now: 2 proposed (40%), 1 agreed (20%), 1 in progress (20%), "
        "1 stalled (20%). 3 with a later step; 2 with no news for 180 days (as of 2026-11-20)."
    )


def test_later_steps_and_how_the_statuses_moved(tables, summit):
    until = ft.as_of(tables)
    card = ft.scorecard(tables, summit, until)
    steps = ft.later_steps(tables, card)
    assert list(zip(steps["date"], steps["name"], steps["status"], strict=True)) == [
        ("2026-09-10", CENTRE, "agreed"), ("2026-09-10", SKILLS, "in_progress"), ("2026-11-20", FUND, "stalled"),
    ]  # fmt: skip
    moved = ft.status_by_month(tables, card, until)
    assert list(moved.index) == [f"2026-{m:02d}" for m in range(3, 12)]
    assert moved.loc["2026-03"].to_dict() == {**dict.fromkeys(moved.columns, 0), "proposed": 5}
    assert moved.loc["2026-08", "proposed"] == 5
    september = {**dict.fromkeys(moved.columns, 0), "proposed": 3, "agreed": 1, "in_progress": 1}
    assert moved.loc["2026-09"].to_dict() == september and moved.loc["2026-10"].to_dict() == september
    assert moved.loc["2026-11"].to_dict() == {**september, "proposed": 2, "stalled": 1}
    figure = ft.movement_chart(moved, "the summit")
    assert [trace.name for trace in figure.data] == ["Proposed", "Agreed", "In progress", "Stalled"]
    assert list(figure.data[0].y) == [5] * 6 + [3, 3, 2]


def test_what_the_summit_did_not_launch(tables, summit):
    rest = ft.others(tables, summit)
    assert list(rest["under_way"]["name"]) == [SOLAR]
    assert rest["areas"].empty and rest["reviewed"].empty


def test_a_filter_narrows_the_scorecard(tables, summit):
    from dashboard.view.filters import Filters, apply_filters

    view = apply_filters(tables, Filters(statuses=("stalled",)))
    card = ft.scorecard(view, summit, ft.as_of(view))
    assert list(card["name"]) == [FUND]
    assert ft.as_of(view) == "2026-11-20"  # counted to the newest document of the tables, not of the view


def test_seed_scorecard_of_the_tokyo_summit():
    tables = load_tables(ROOT / "data" / "tables")
    choices = ft.event_choices(tables)
    tokyo = choices[choices["place"] == "Tokyo, JPN"]
    assert len(tokyo) == 1 and "Central Asia + Japan" in tokyo["name"].item()
    card = ft.scorecard(tables, tokyo["event_id"].item(), ft.as_of(tables))
    assert sorted(card["name"]) == [
        "Central Asia Infrastructure and Industry Development Investment Fund",
        "Central Asian network of Japanese technoparks",
        "Japanese partnership for developing regional transit and logistics networks",
        "“Quality Infrastructure” program",
    ]
    assert card["status_then"].eq("proposed").all() and card["status_now"].eq("proposed").all()
    assert card["launch_evidence"].str.len().gt(0).all()
    rest = ft.others(tables, tokyo["event_id"].item())
    # the airport is already being built: the summit did not launch it
    assert list(rest["under_way"]["name"]) == ["New international airport project in Tashkent"]
    assert len(rest["areas"]) == 5


def _extraction(published: str, *events: Event) -> Extraction:
    document = Document("d", "d.txt", "x", hashlib.sha256(b"x").hexdigest(), published=published)
    return Extraction(document=document, initiatives=[], events=list(events), mentions=[])


def _event(kind: str, start: str = "", name: str = "Summit", iso3: str = "", at: int = 0, status: str = "held"):
    return Event(name=name, kind=kind, start=start, iso3=iso3, status=status, evidence=Span("words", at, at + 5))


def test_a_document_is_about_its_weightiest_event_near_its_date():
    visit, summit = _event("visit", "2026-03-01", at=0), _event("summit", "2026-03-03", at=50)
    assert main_event(_extraction("2026-03-04", visit, summit)) is summit
    old = _event("summit", "2019-06-01", at=50)  # background: years before the report
    assert main_event(_extraction("2026-03-04", visit, old)) is visit
    far = (dt.date(2026, 3, 4) + dt.timedelta(days=NEAR_DAYS + 1)).isoformat()
    assert main_event(_extraction(far, visit)) is None
    assert main_event(_extraction("2026-03-04", _event("summit", "", status="cancelled"))) is None
    assert main_event(_extraction("2026-03-04", _event("summit", ""))) is not None  # undated: still its subject


def test_same_event_across_documents():
    a = (_event("summit", "2026-03-03", "Kazakhstan-Korea Business Summit", "KOR"), "2026-03-03")
    assert same_event(a, (_event("summit", "2026-03-04", "Business summit in Seoul", "KOR"), "2026-03-05"))
    assert not same_event(a, (_event("summit", "2026-03-20", "Kazakhstan-Korea Business Summit", "KOR"), "2026-03-20"))
    assert not same_event(a, (_event("meeting", "2026-03-03", "Kazakhstan-Korea Business Summit", "KOR"), "2026-03-03"))
    assert not same_event(a, (_event("summit", "2026-03-03", "Kazakhstan-Korea Business Summit", "JPN"), "2026-03-03"))
    undated = (_event("summit", "", "Inaugural Kazakhstan-Korea summit", "KOR"), "2026-03-04")
    assert same_event(a, undated)  # names alike, reported a day apart
    assert not same_event(a, (undated[0], "2026-09-04"))  # months later: another summit of the same name
    assert not same_event(a, (_event("summit", "", "Central Asia + Japan summit", "KOR"), "2026-03-04"))


def opened(monkeypatch, built, **query):
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(built))
    return app_page("screens/followthrough.py", **query)


def test_the_page_shows_the_scorecard_steps_and_downloads(monkeypatch, built, summit):
    at = opened(monkeypatch, built)
    assert at.title[0].value == "Follow-through"
    assert at.selectbox(key="followthrough_event").value == summit
    assert at.query_params["event"] == summit  # bound to the link
    said = [m.value.replace("\\", "") for m in at.markdown]
    assert any(
        s.startswith("Of 5 initiative(s) launched at Kazakhstan-Korea Business Summit, now: 2 proposed") for s in said
    )
    card, steps, under_way = (d.value for d in at.dataframe)
    assert len(card) == 5 and list(card["Status now"]) == ["Proposed", "Proposed", "Agreed", "In progress", "Stalled"]
    assert card["Page"].str.startswith("record?initiative=ini-").all()
    assert card["Launch sentence"].str.startswith("sources?doc=a_summit&at=").sum() == 4
    assert list(steps["Date"]) == ["2026-09-10", "2026-09-10", "2026-11-20"]
    assert list(under_way["Record"]) == [SOLAR]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Scorecard (CSV)", "Later steps (CSV)"]
    alternative = "How the initiatives launched at Kazakhstan-Korea Business Summit moved: 16 value(s)"
    assert any(c.value.replace("\\", "").startswith(alternative) for c in at.caption)  # the chart's, in words


def test_a_link_names_its_event_and_a_bad_one_is_said(monkeypatch, built, summit):
    at = opened(monkeypatch, built, event=summit, status="stalled")
    (card, *_) = (d.value for d in at.dataframe)
    assert list(card["Initiative"]) == [FUND]  # the link's filters apply to the scorecard
    at = opened(monkeypatch, built, event="evt-<script>")
    assert any("Ignored" in w.value and "<script>" not in w.value for w in at.warning)
    assert at.selectbox(key="followthrough_event").value == summit


def test_event_groups_match_reports_dated_to_the_day_the_month_or_not_at_all():
    from dashboard.event_links import event_groups, event_id

    def report(doc: str, published: str, event: Event) -> Extraction:
        ex = _extraction(published, event)
        ex.document.doc_id = doc
        return ex

    first = report("a", "2025-12-20", _event("summit", "2025-12-20", "Central Asia + Japan Summit", "JPN"))
    wire = report("b", "2025-12-21", _event("summit", "2025-12-19", "Japan-Central Asia summit", "JPN"))
    month = report("c", "2026-06-01", _event("summit", "2025-12", "Central Asia + Japan summit", "JPN"))
    undated = report("d", "2025-12-30", _event("summit", "", "Central Asia-Japan Summit", ""))
    late = report("e", "2026-03-01", _event("summit", "", "Central Asia-Japan Summit", ""))
    other = report("f", "2025-12-20", _event("summit", "2025-12-20", "Turkic States summit", "TUR"))
    extractions = [first, wire, month, undated, late, other]
    group = event_groups(extractions)
    ids = {ex.document.doc_id: event_id(ex.document.doc_id, ex.events[0]) for ex in extractions}
    first_id = ids["a"]
    assert {doc: group[ids[doc]] == first_id for doc in ids} == {
        "a": True, "b": True, "c": True, "d": True, "e": False, "f": False,
    }  # fmt: skip
    assert group[ids["e"]] == ids["e"] and group[ids["f"]] == ids["f"]


def test_the_indexed_grouping_finds_what_comparing_every_pair_finds():
    """event_groups looks a report up by day, month, year and name word; comparing it with every
    earlier first report (same_event on each pair, in order) must give the same groups."""
    import random

    from dashboard.event_links import event_groups, event_id

    rng = random.Random(7)
    names = ["Summit", "Central Asia + Japan summit", "Japan-Central Asia summit", "C5+1 summit", "Talks",
             "Turkic States summit", "Official visit", "Business forum"]  # fmt: skip
    extractions = []
    for d in range(300):
        published = (dt.date(2025, 1, 1) + dt.timedelta(days=d // 2)).isoformat()
        events = []
        for k in range(rng.randint(1, 2)):
            precision = rng.choice((10, 10, 7, 4, 0))
            start = (dt.date.fromisoformat(published) - dt.timedelta(days=rng.randint(0, 4))).isoformat()[:precision]
            events.append(
                Event(name=rng.choice(names), kind=rng.choice(("summit", "visit")), start=start,
                      iso3=rng.choice(("JPN", "KAZ", "")), status="held", evidence=Span("w", 10 * k, 10 * k + 5))
            )  # fmt: skip
        ex = _extraction(published, *events)
        ex.document.doc_id = f"d{d:03d}"
        extractions.append(ex)
    ordered = sorted((ex.document.published, ex.document.doc_id, e.evidence.start, ex, e) for ex in extractions
                     for e in ex.events)  # fmt: skip
    expected, firsts = {}, []
    for *_, ex, event in ordered:
        eid = event_id(ex.document.doc_id, event)
        same = [f for f in firsts if same_event((f[0], f[1]), (event, ex.document.published))]
        expected[eid] = same[0][2] if same else eid
        if not same:
            firsts.append((event, ex.document.published, eid))
    got = event_groups(extractions)
    assert got == expected
    assert 50 < len(set(got.values())) < len(got)  # some reports grouped, not all


def test_a_record_page_names_the_event_that_launched_it_and_links_its_scorecard(monkeypatch, built, tables, summit):
    centre = tables.initiatives.set_index("name").loc[CENTRE, "initiative_id"]
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(built))
    at = app_page("screens/record.py", initiative=centre)
    events = next(d.value for d in at.dataframe if "Follow-through" in d.value.columns)
    assert list(events["Event"]) == ["Kazakhstan-Korea Business Summit"]
    assert list(events["Where"]) == ["Seoul"] and list(events["Relation"]) == ["launched there"]
    assert list(events["Follow-through"]) == [f"followthrough?event={summit}"]
    assert events["In its source"][0].startswith("sources?doc=a_summit&at=")
