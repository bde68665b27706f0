"""AppTest: what a person sees in the app, checked against counts computed from the CSVs."""

import csv
import io
import json
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest

from dashboard import build
from dashboard.view.exports import FORMULA_PREFIXES
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
TABLES = ROOT / "data" / "tables"


def rows(name, directory=TABLES):
    with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def ids_where(name, **conditions):
    return {r["initiative_id"] for r in rows(name) if all(r[k] in v for k, v in conditions.items())}


def app(page=None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def cards(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def in_view(at) -> str:
    """Records in view: initiatives and cooperation areas, which the cards count apart."""
    shown = cards(at)
    return str(int(shown["Initiatives in view"]) + int(shown.get("Cooperation areas", "0")))


def table_ids(at) -> set[str]:
    """The ids the Initiatives page lists: its initiatives, then its cooperation areas."""
    at.switch_page("screens/initiatives.py").run()
    found = set(at.dataframe[0].value["initiative_id"]) if at.dataframe else set()
    at.segmented_control(key="initiatives_group").set_value("areas").run()
    found |= set(at.dataframe[0].value["initiative_id"]) if at.dataframe else set()
    at.segmented_control(key="initiatives_group").set_value("initiatives").run()
    return found


def test_default_cards_equal_counts_computed_from_the_tables():
    at = app()
    initiatives = rows("initiatives")
    areas = [r for r in initiatives if r["kind"] == "agenda"]  # cooperation areas: counted apart
    statuses = Counter(r["status"] for r in initiatives if r["kind"] != "agenda")
    expected = {
        "Initiatives in view": str(len(initiatives) - len(areas)),
        "Cooperation areas": str(len(areas)),
        "Countries": str(len({r["iso3"] for r in rows("initiative_countries")})),
        "Sectors": str(len({r["sector_id"] for r in rows("initiative_sectors")})),
        "Sources": str(len({r["doc_id"] for r in rows("status_history")})),
        "Proposed": str(statuses["proposed"]),
        "Under discussion": str(statuses["under_discussion"]),
        "Agreed": str(statuses["agreed"]),
        "In progress": str(statuses["in_progress"]),
        "Completed": str(statuses["completed"]),
        "Stalled": str(statuses["stalled"]),
    }
    assert cards(at) == expected


@pytest.mark.parametrize(
    ("widget", "value", "expected_ids"),
    [
        ("f_status", ["proposed"], lambda: ids_where("initiatives", status={"proposed"})),
        ("f_country", ["KAZ"], lambda: ids_where("initiative_countries", iso3={"KAZ"})),
        ("f_role", ["proposer"], lambda: ids_where("initiative_countries", role={"proposer"})),
        ("f_sector", ["transport"], lambda: ids_where("initiative_sectors", sector_id={"transport"})),
        ("f_kind", ["agenda"], lambda: ids_where("initiatives", kind={"agenda"})),
        (
            "f_text",
            "airport",
            lambda: {r["initiative_id"] for r in rows("initiatives") if "airport" in r["name"].lower()},
        ),
    ],
)
def test_each_filter_changes_the_cards_and_the_table(widget, value, expected_ids):
    at = app()
    if widget == "f_text":
        at.text_input(key=widget).input(value).run()
    else:
        at.multiselect(key=widget).set_value(value).run()
    expected = expected_ids()
    assert 0 < len(expected) < len(rows("initiatives"))
    assert in_view(at) == str(len(expected))
    assert table_ids(at) == expected


def test_a_date_range_after_every_report_empties_the_view_with_a_message():
    import datetime as dt

    at = app()
    at.date_input(key="f_from").set_value(dt.date(2030, 1, 1)).run()
    assert cards(at)["Initiatives in view"] == "0"
    assert any("No initiative matches" in i.value for i in at.info)


def test_query_params_prefill_the_filters():
    at = app(country=["JPN"], status=["proposed", "in_progress"], q="fund")
    assert at.multiselect(key="f_country").value == ["JPN"]
    assert at.multiselect(key="f_status").value == ["proposed", "in_progress"]
    assert at.text_input(key="f_text").value == "fund"
    expected = ids_where("initiatives", status={"proposed", "in_progress"}) & ids_where(
        "initiative_countries", iso3={"JPN"}
    )
    with_fund = {r["initiative_id"] for r in rows("initiatives") if "fund" in r["name"].lower()}
    with_fund |= {r["initiative_id"] for r in rows("status_history") if "fund" in r["evidence"].lower()}
    expected &= with_fund
    assert cards(at)["Initiatives in view"] == str(len(expected)) != "0"


def test_invalid_query_params_are_dropped_with_a_notice():
    at = app(country=["JPN", "XXX"], **{"from": "2025-02-30", "colour": "red"})
    notices = " ".join(w.value for w in at.warning).replace("\\", "")  # shown as plain text: punctuation escaped
    assert "“XXX”" in notices and "2025-02-30" in notices and "colour" in notices
    assert at.multiselect(key="f_country").value == ["JPN"]
    assert at.date_input(key="f_from").value is None


def test_filters_survive_a_page_switch():
    at = app(kind=["agenda"])
    at.switch_page("screens/sources.py").run()
    at.switch_page("screens/overview.py").run()
    assert at.multiselect(key="f_kind").value == ["agenda"]
    assert at.query_params["kind"] in ("agenda", ["agenda"])  # the link still carries the filter


def test_reset_filters_clears_every_filter():
    at = app(kind=["agenda"], q="green")
    at.button[0].click().run()
    assert at.multiselect(key="f_kind").value == [] and at.text_input(key="f_text").value == ""
    assert in_view(at) == str(len(rows("initiatives")))


@pytest.fixture
def captured_downloads(monkeypatch):
    """The bytes the app hands to its download buttons, by file extension."""
    captured = {}
    original = MemoryMediaFileStorage.load_and_get_id

    def spy(self, path_or_data, mimetype, kind, filename=None):
        captured[Path(filename or "").suffix] = (filename, path_or_data)
        return original(self, path_or_data, mimetype, kind, filename)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", spy)
    return captured


def unguarded(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def test_downloads_read_back_as_the_filtered_view(captured_downloads):
    app(status=["proposed"])
    name, data = captured_downloads[".csv"]
    assert name.startswith("cooperation-tracker-initiatives-") and name[-14:-4].count("-") == 2
    downloaded = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert {r["initiative_id"] for r in downloaded} == ids_where("initiatives", status={"proposed"})
    by_id = {r["initiative_id"]: r for r in downloaded}
    named = {(r["initiative_id"], r["iso3"]) for r in rows("initiative_countries") if r["inferred"] == "false"}
    for link in rows("initiative_countries"):
        if link["initiative_id"] in by_id:
            # a country named in any role is named; the inferred column lists only the others
            column = "countries" if (link["initiative_id"], link["iso3"]) in named else "inferred_countries"
            assert link["iso3"] in by_id[link["initiative_id"]][column].split("; ")
            other = "inferred_countries" if column == "countries" else "countries"
            assert link["iso3"] not in by_id[link["initiative_id"]][other].split("; ")
    workbook = openpyxl.load_workbook(io.BytesIO(captured_downloads[".xlsx"][1]))
    assert workbook.sheetnames[0] == "About"
    assert set(workbook.sheetnames) >= {"initiatives", "status_history", "initiative_countries", "events", "documents"}
    about = {r[0]: r[1] for r in workbook["About"].iter_rows(values_only=True)}
    assert about["Filter: statuses"] == "proposed" and "Suggested citation" in about
    payload = json.loads(captured_downloads[".json"][1])
    assert {r["initiative_id"] for r in payload["initiatives"]} == ids_where("initiatives", status={"proposed"})


def test_no_download_cell_starts_with_an_unguarded_formula(tmp_path, monkeypatch, captured_downloads):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "001_hostile.txt").write_text(
        "date 2025-12-20\n\n=cmd|' /C calc'!A0 Japan proposed creating a regional logistics hub.\n"
        "+Uzbekistan signed a railway construction agreement.\n@Kazakhstan approved a solar power plant.\n"
        "-Tajikistan launched a water supply project.",
        encoding="utf-8",
    )
    build.run(seeds=seeds, out_dir=tmp_path / "tables")
    assert any(unguarded(r["evidence"]) for r in rows("status_history", tmp_path / "tables"))
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(tmp_path / "tables"))
    app()
    text = captured_downloads[".csv"][1].decode("utf-8")
    assert not any(unguarded(cell) for row in csv.reader(io.StringIO(text)) for cell in row)
    workbook = openpyxl.load_workbook(io.BytesIO(captured_downloads[".xlsx"][1]))
    cells = [c.value for sheet in workbook for row in sheet.iter_rows() for c in row]
    assert "'=cmd|' /C calc'!A0 Japan proposed creating a regional logistics hub." in cells
    assert not any(unguarded(v) for v in cells)
    payload = json.loads(captured_downloads[".json"][1])
    assert not any(
        unguarded(v) for table in payload.values() if isinstance(table, list) for r in table for v in r.values()
    )


def test_a_missing_table_shows_an_error_page_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(tmp_path))
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert "table is missing" in at.error[0].value


def test_the_initiative_table_selection_shows_escaped_evidence():
    at = app("screens/initiatives.py")
    assert any("Select a row" in i.value for i in at.info)


def test_a_pasted_article_shows_its_initiatives_and_can_join_the_session_view():
    at = app("screens/analyze.py")
    at.text_area(key="analyze_text").input((ROOT / "tests/fixtures/followups/101_fund_signed.txt").read_text())
    at.button(key="FormSubmitter:analyze-Analyze").click().run()
    table = at.dataframe[0].value
    assert list(table["name"]) == ["Investment Fund for Infrastructure and Industrial Development in Central Asia"]
    assert any("Reported before in the tracker" in c.value for c in at.caption)
    at.toggle(key="add_to_view").set_value(True).run()
    at.switch_page("screens/overview.py").run()
    statuses = Counter(r["status"] for r in rows("initiatives"))
    assert cards(at)["Agreed"] == str(statuses["agreed"] + 1)  # the seed's fund, now signed
    assert in_view(at) == str(len(rows("initiatives")))  # merged, not added
    at.switch_page("screens/analyze.py").run()
    at.toggle(key="add_to_view").set_value(False).run()
    at.switch_page("screens/overview.py").run()
    assert cards(at)["Agreed"] == str(statuses["agreed"])  # the session's merged tables are not reused


def test_a_binary_upload_shows_a_one_line_error():
    at = app("screens/analyze.py")
    at.text_area(key="analyze_text").input("\x00\x01 binary")
    at.button(key="FormSubmitter:analyze-Analyze").click().run()
    assert "binary data" in at.error[0].value


def chart_titles(at) -> list[str]:
    return [json.loads(p.proto.spec)["layout"]["title"]["text"] for p in at.get("plotly_chart")]


def test_the_overview_builds_only_the_open_tab_and_the_change_list_on_demand():
    at = app()
    titles = chart_titles(at)
    assert len(titles) == 3 and "Stakeholder countries" in titles[0] and "cooperation areas" in titles[2]
    assert not at.dataframe  # the change list is closed: not built, not sent
    at.session_state["changes_open"] = True
    at.session_state["overview_tab"] = "Sectors and initiatives"
    at.run()
    assert not at.exception
    assert chart_titles(at)[2].startswith("Sectors, then") and len(chart_titles(at)) == 3
    shown = at.dataframe[0].value
    new, changed = (int(part.split()[0].replace(",", "")) for part in change_heading(at).split(", "))
    assert sum(len(d.value) for d in at.dataframe) == new + changed and new + changed > 0
    assert {"date", "name", "change", "source", "evidence"} <= set(shown.columns)


def test_warm_fills_the_shared_caches_that_a_first_visit_reads(monkeypatch, tmp_path):
    """`python -m dashboard.serve` runs ui.warm() while the server starts: the tables load once and
    the Overview's first charts are built once, then served from the cache to the first visitor."""
    import streamlit as st

    from dashboard import ui
    from dashboard.view import charts

    shutil_tables = tmp_path / "tables"  # a private copy: a cache key no other test shares
    shutil_tables.mkdir()
    for path in TABLES.rglob("*"):
        if path.is_file():
            target = shutil_tables / path.relative_to(TABLES)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(shutil_tables))
    built = Counter()
    for name in ("map", "sector", "areas"):
        original = charts.CHARTS[name]
        monkeypatch.setitem(charts.CHARTS, name, lambda view, n=name, f=original: built.update([n]) or f(view))
    st.cache_resource.clear()
    ui.warm()
    ui.warm()
    assert built == {"map": 1, "sector": 1, "areas": 1}
    at = app()
    assert not at.exception
    assert built == {"map": 1, "sector": 1, "areas": 1}  # the first visit built no chart of its own


def test_the_country_links_filter_is_bound_to_the_link_and_counts_named_countries_only():
    at = app()
    assert at.radio(key="f_links").value == "all"
    at.radio(key="f_links").set_value("named").run()
    assert at.query_params["links"] in ("named", ["named"])
    named = {r["iso3"] for r in rows("initiative_countries") if r["inferred"] == "false"}
    assert cards(at)["Countries named"] == str(len(named)) < cards(app())["Countries"]
    assert in_view(at) == str(len(rows("initiatives")))  # every record stays; only the links change
    linked = app(links="named", country="KAZ")  # never named in the seed: nothing left
    assert in_view(linked) == "0" and linked.radio(key="f_links").value == "named"


def test_the_initiatives_page_lists_cooperation_areas_apart_and_the_evidence_says_each_links_basis():
    at = app("screens/initiatives.py")
    areas = ids_where("initiatives", kind={"agenda"})
    assert set(at.dataframe[0].value["initiative_id"]).isdisjoint(areas)
    table = at.dataframe[0].value
    assert {"countries", "inferred_countries"} <= set(table.columns)
    at.segmented_control(key="initiatives_group").set_value("areas").run()
    assert set(at.dataframe[0].value["initiative_id"]) == areas
    assert f"{len(areas)} cooperation area(s) in view" in " ".join(c.value for c in at.caption).replace("\\", "")
    # The evidence of a record names each country with its role and the basis of the link.
    from dashboard import ui
    from dashboard.view.data import load_tables

    tables = load_tables()
    words = ui.country_basis(tables, next(iter(sorted(areas))))
    assert words and all("(" in w and ("named" in w or "inferred" in w) for w in words)
    every = [w for i in tables.initiatives["initiative_id"] for w in ui.country_basis(tables, i)]
    assert any("inferred from the context" in w for i in areas for w in ui.country_basis(tables, i))
    assert any("inferred from “Central Asia”" in w for w in every) and any(w.endswith(", named)") for w in every)


def test_the_listed_group_is_in_the_link_and_a_link_opens_on_it():
    at = app("screens/initiatives.py")
    assert "show" not in at.query_params
    at.segmented_control(key="initiatives_group").set_value("areas").run()
    assert at.query_params["show"] in ("areas", ["areas"])
    at.segmented_control(key="initiatives_group").set_value("initiatives").run()
    assert "show" not in at.query_params
    # A new session opened on that link lists the areas; a bad value is said and dropped.
    for value, listed in (("areas", ids_where("initiatives", kind={"agenda"})), ("both", None)):
        opened = AppTest.from_file(APP, default_timeout=90)
        opened.switch_page("screens/initiatives.py")
        opened.query_params["show"] = value
        opened.run()
        assert not opened.exception, opened.exception
        if listed:
            assert set(opened.dataframe[0].value["initiative_id"]) == listed
        else:
            assert any("show=both" in w.value.replace("\\", "") for w in opened.warning)
            assert "show" not in opened.query_params
    # Other pages drop it: it is the Initiatives page's own.
    at.segmented_control(key="initiatives_group").set_value("areas").run()
    at.switch_page("screens/overview.py").run()
    assert "show" not in at.query_params


FUND_SIGNED = ROOT / "tests/fixtures/followups/101_fund_signed.txt"


def test_a_file_uploaded_while_paste_text_is_still_picked_is_the_article_analyzed():
    at = app("screens/analyze.py")
    assert at.radio(key="analyze_source").value == "Paste text"
    at.file_uploader(key="analyze_file").upload("101_fund_signed.txt", FUND_SIGNED.read_bytes(), "text/plain")
    at.button(key="FormSubmitter:analyze-Analyze").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "initiative(s) in 101_fund_signed.txt" in at.subheader[0].value.replace("\\", "")
    names = list(at.dataframe[0].value["name"])
    assert names == ["Investment Fund for Infrastructure and Industrial Development in Central Asia"]


@pytest.mark.parametrize(
    ("source", "said"),
    [("Paste text", "Nothing is pasted"), ("Upload a file", "No file is chosen"), ("Link", "Give the link")],
)
def test_an_empty_form_names_what_is_missing_not_an_empty_pasted_file(source, said):
    at = app("screens/analyze.py")
    at.radio(key="analyze_source").set_value(source)
    at.button(key="FormSubmitter:analyze-Analyze").click().run()
    assert said in at.error[0].value and "file is empty" not in at.error[0].value


def test_the_analyze_page_draws_no_filters_but_keeps_them_and_the_link():
    at = app(kind=["agenda"], country=["UZB"])
    at.switch_page("screens/analyze.py").run()
    assert not at.exception
    assert not at.sidebar.multiselect and not at.sidebar.text_input and not at.sidebar.date_input
    assert at.query_params["kind"] in ("agenda", ["agenda"]) and at.query_params["country"] in ("UZB", ["UZB"])
    at.switch_page("screens/overview.py").run()
    assert at.multiselect(key="f_kind").value == ["agenda"] and at.multiselect(key="f_country").value == ["UZB"]
    # A link that opens on the Analyze page keeps its filters for the next page too.
    opened = AppTest.from_file(APP, default_timeout=90)
    opened.switch_page("screens/analyze.py")
    opened.query_params["kind"] = "agenda"
    opened.run()
    assert not opened.sidebar.multiselect and opened.query_params["kind"] in ("agenda", ["agenda"])
    opened.switch_page("screens/overview.py").run()
    assert opened.multiselect(key="f_kind").value == ["agenda"]


def test_filter_lists_offer_only_values_with_records_each_with_its_count():
    at = app()
    links = rows("initiative_countries")
    per_country = {c: len({r["initiative_id"] for r in links if r["iso3"] == c}) for c in {r["iso3"] for r in links}}
    names = {r["iso3"]: r["name"] for r in rows("countries")}
    assert at.multiselect(key="f_country").options == [
        f"{names[c]} ({c}) · {n:,}" for c, n in sorted(per_country.items())
    ]
    sector_rows = rows("initiative_sectors")
    labels = {r["sector_id"]: r["label"] for r in rows("sectors")}
    per_sector = {s: len({r["initiative_id"] for r in sector_rows if r["sector_id"] == s}) for s in labels}
    offered = at.multiselect(key="f_sector").options
    assert offered == [f"{labels[s]} · {n:,}" for s, n in per_sector.items() if n]
    assert len(offered) < len(labels)  # the taxonomy's sectors without a record are not offered
    kinds = Counter(r["kind"] for r in rows("initiatives"))
    assert at.multiselect(key="f_kind").options == [
        f"{k.capitalize()} · {kinds[k]:,}" for k in ("fund", "programme", "network", "project", "partnership",
                                                    "agreement", "strategy", "institution", "target", "agenda")
        if kinds[k]
    ]  # fmt: skip
    from dashboard.view.style import STATUS_LABELS, STATUS_ORDER

    statuses = Counter(r["status"] for r in rows("initiatives"))
    expected = [f"{STATUS_LABELS[s]} · {statuses[s]:,}" for s in STATUS_ORDER if statuses[s]]
    assert at.multiselect(key="f_status").options == expected
    assert all(not o.endswith(" · 0") for key in ("f_country", "f_role", "f_sector", "f_status", "f_kind")
               for o in at.multiselect(key=key).options)  # fmt: skip


def test_a_linked_value_without_records_is_still_offered_and_selected():
    empty = next(r["sector_id"] for r in rows("sectors")
                 if r["sector_id"] not in {s["sector_id"] for s in rows("initiative_sectors")})  # fmt: skip
    at = app(sector=[empty])
    assert at.multiselect(key="f_sector").value == [empty]
    label = next(r["label"] for r in rows("sectors") if r["sector_id"] == empty)
    assert f"{label} · 0" in at.multiselect(key="f_sector").options
    assert in_view(at) == "0"


def test_filter_lists_have_no_select_all_row():
    at = app()
    for key in ("f_country", "f_role", "f_sector", "f_status", "f_kind"):
        assert at.multiselect(key=key).proto.select_all == 0, key  # 0: Streamlit offers no "Select all"


def test_the_about_sheet_dates_the_build_by_its_own_stamp_never_by_file_times(
    tmp_path, monkeypatch, captured_downloads
):
    import os

    copy = tmp_path / "tables"
    for path in TABLES.rglob("*"):
        if path.is_file():
            target = copy / path.relative_to(TABLES)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    for path in copy.rglob("*"):
        os.utime(path, (978307200, 978307200))  # a clone's or a copy's times: 2001-01-01
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(copy))
    created = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))["created"]

    def about():
        app()
        workbook = openpyxl.load_workbook(io.BytesIO(captured_downloads[".xlsx"][1]))
        return {r[0]: r[1] for r in workbook["About"].iter_rows(values_only=True)}["Data built"]

    assert about() == f"{created[:10]} {created[11:16]} UTC"
    package = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    del package["created"]  # a build that recorded no time: dated by its newest document
    (copy / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    newest = max(r["published"] for r in rows("documents") if r["published"])
    built = about()
    assert built == f"not recorded; newest document {newest}" and "2001" not in built


def change_heading(at) -> str:
    return next(e.label.replace("\\", "") for e in at.expander if "status change" in e.label)


def test_what_changed_counts_new_initiatives_apart_from_status_changes(tmp_path, monkeypatch):
    from dashboard.view.data import load_tables
    from dashboard.view.history import recent_changes

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in [ROOT / "seeds/000_7baa26f410aba820.txt", *(ROOT / "tests/fixtures/followups").iterdir()]:
        (seeds / path.name).write_bytes(path.read_bytes())
    build.run(seeds=seeds, out_dir=tmp_path / "tables", overrides_path=tmp_path / "none.yaml")
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(tmp_path / "tables"))
    listed = recent_changes(load_tables(tmp_path / "tables"), 3650)
    first, changed = listed[listed["first"]], listed[~listed["first"]]
    assert len(changed) >= 1 and len(first) >= 1
    assert all("→" in c for c in changed["change"]) and all(c.startswith("first reported") for c in first["change"])
    at = app()
    at.session_state["changed_days"] = 3650
    at.run()
    heading = change_heading(at)
    assert heading.startswith(f"{len(first)} new initiative(s), {len(changed)} status change(s) in the 3650 days")
    at.session_state["changes_open"] = True
    at.run()
    shown_changes, shown_new = at.dataframe[0].value, at.dataframe[1].value
    assert len(shown_changes) == len(changed) and all("→" in c for c in shown_changes["change"])
    assert len(shown_new) == len(first) and all(c.startswith("first reported") for c in shown_new["change"])


def test_a_session_article_is_announced_at_the_top_of_every_data_page():
    at = app("screens/analyze.py")
    at.text_area(key="analyze_text").input(FUND_SIGNED.read_text())
    at.button(key="FormSubmitter:analyze-Analyze").click().run()
    at.toggle(key="add_to_view").set_value(True).run()
    for page in ("screens/overview.py", "screens/initiatives.py", "screens/sources.py"):
        at.switch_page(page).run()
        notice = at.main.info[0].value.replace("\\", "")
        assert notice.startswith("This view includes 1 article(s) you analyzed in this session; they are not saved")
    at.switch_page("screens/analyze.py").run()
    at.toggle(key="add_to_view").set_value(False).run()
    at.switch_page("screens/overview.py").run()
    assert not any("you analyzed in this session" in i.value for i in at.info)


def test_the_overview_says_what_the_corpus_covers_and_how_to_add_to_it():
    at = app()
    about = next(e for e in at.expander if e.label.startswith("What this covers"))
    text = " ".join(m.value for m in about.caption).replace("\\", "")
    documents = rows("documents")
    dates = sorted(r["published"] for r in documents if r["published"])
    assert f"{len(documents)} source document(s), published {dates[0]}" in text
    assert all(r["source"] in text for r in documents if r["source"])
    assert "Analyze an article" in text and "python -m dashboard add FILE|URL" in text
