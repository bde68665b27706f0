"""The dashboard's plain modules, tested without a server."""

import pandas as pd
import pytest

from dashboard.view import charts, exports
from dashboard.view.data import load_tables
from dashboard.view.filters import Filters, apply_filters, options_for, parse_query, to_query
from dashboard.view.highlight import highlight
from dashboard.view.metrics import cards
from dashboard.view.style import STATUS_COLORS, STATUS_ORDER


@pytest.fixture(scope="module")
def tables():
    return load_tables()


@pytest.mark.parametrize(
    ("params", "expected", "notice"),
    [
        ({"country": ["UZB", "JPN"]}, Filters(countries=("UZB", "JPN")), None),
        ({"country": ["UZB,JPN"]}, Filters(countries=("UZB", "JPN")), None),
        ({"country": ["ATL"]}, Filters(), "unknown country value(s) “ATL”"),
        ({"status": ["proposed", "signed"]}, Filters(statuses=("proposed",)), "“signed”"),
        ({"from": ["2025-02-30"]}, Filters(), "not a date"),
        ({"from": ["2026-01-01"], "to": ["2025-01-01"]}, Filters(), "“from” is after “to”"),
        ({"q": ["x" * 500]}, Filters(text="x" * 200), "cut to 200"),
        ({"utm_source": ["mail"]}, Filters(), "unknown link parameter “utm_source”"),
        ({"q": ["<script>alert(1)</script>"]}, Filters(text="<script>alert(1)</script>"), None),
    ],
)
def test_links_parse_into_filters_and_bad_values_are_noticed(tables, params, expected, notice):
    filters, notices = parse_query(params, options_for(tables))
    assert filters == expected
    assert (notice is None and notices == []) or any(notice in n for n in notices)


def test_a_view_round_trips_through_its_query_string(tables):
    filters = Filters(countries=("KAZ",), statuses=("proposed", "agreed"), date_from="2025-01-01", text="fund")
    assert parse_query(to_query(filters), options_for(tables)) == (filters, [])


def test_filtering_restricts_every_table_to_the_initiatives_in_view(tables):
    view = apply_filters(tables, Filters(kinds=("agenda",)))
    ids = set(view.initiatives["initiative_id"])
    assert ids and set(view.initiative_countries["initiative_id"]) <= ids
    assert set(view.status_history["initiative_id"]) == ids
    assert set(view.documents["doc_id"]) == set(view.status_history["doc_id"])


def test_cards_count_unknown_status_as_unknown_not_zero(tables):
    ini = tables.initiatives.copy()
    ini.loc[ini.index[0], "status"] = "unknown"
    ini.loc[ini.index[0], "kind"] = "fund"  # an initiative, not a cooperation area (counted apart)
    by_key = {c.key: c.value for c in cards(tables.with_frames(initiatives=ini))}
    assert by_key["unknown"] == 1 and by_key["initiatives"] == len(ini) - ini["kind"].eq("agenda").sum()
    assert "unknown" not in {c.key for c in cards(tables)}  # no unknown card when there is none


@pytest.mark.parametrize("name", list(charts.CHARTS))
def test_every_chart_draws_the_data_and_says_none_when_empty(tables, name):
    figure = charts.CHARTS[name](tables)
    if name == "money":  # the seed states no amount: nothing to draw (tests/test_money_view.py draws one)
        assert figure is None and tables.initiatives["amount"].fillna("").eq("").all()
        return
    assert figure is not None and figure.data and figure.layout.title.text
    empty = apply_filters(tables, Filters(text="no initiative is called this"))
    assert charts.CHARTS[name](empty) is None


def test_status_charts_use_the_one_palette_in_ladder_order(tables):
    bars = charts.sector_status_bars(tables)
    names = [t.name for t in bars.data]
    order = {label: i for i, label in enumerate(STATUS_ORDER)}
    labels = {t.name: t.marker.color for t in bars.data}
    assert [n.lower().replace(" ", "_") for n in names] == sorted(
        (n.lower().replace(" ", "_") for n in names), key=order.get
    )
    assert set(labels.values()) <= set(STATUS_COLORS.values())


def test_the_map_uses_iso3_codes_and_counts_initiatives(tables):
    figure = charts.stakeholder_map(tables)
    trace = figure.data[0]
    assert trace.locationmode == "ISO-3"
    links = tables.initiative_countries
    naming = links[(links["iso3"] == "UZB") & links["inferred"].eq("false")]["initiative_id"].nunique()
    assert 0 < dict(zip(trace.locations, trace.z, strict=True))["UZB"] == naming < len(tables.initiatives)


@pytest.mark.parametrize(
    "payload",
    ['<script>alert("x")</script>', '<img src=x onerror="alert(1)">', "<a href='javascript:alert(1)'>x</a>"],
)
def test_highlighting_escapes_source_text(payload):
    text = f"Japan proposed {payload} a fund."
    spans = pd.DataFrame([{"start": 0, "end": 5, "layer": "country", "ref": "<b>JPN</b>"}])
    out = highlight(text, spans)
    assert "<script" not in out and "<img" not in out and "<a " not in out and "<b>" not in out
    assert "&lt;" in out and out.count("<mark") == 1


@pytest.mark.parametrize(
    ("cell", "guarded"),
    [("=1+1", "'=1+1"), ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
     ("\rx", "'\rx"), ("Japan", "Japan"), (3, 3)],
)  # fmt: skip
def test_formula_like_cells_are_guarded(cell, guarded):
    assert exports.guard(cell) == guarded


@pytest.mark.parametrize("cell", ["\u202e=1+1", "\x01=HYPERLINK(1)", "\u200b+1", " =1+1", "\ufeff@SUM(A1)", "\x1b-2"])
def test_an_invisible_character_cannot_hide_a_formula(cell):
    assert exports.guard(cell) == "'" + cell


@pytest.mark.parametrize("dtype", [object, "str", "string"])
def test_the_tables_on_the_page_are_guarded_by_value_whatever_the_dtype(dtype):
    from dashboard.ui import display_frame

    frame = pd.DataFrame({"title": pd.Series(["=cmd|' /C calc'!A0", "Japan", "\u202e=1"], dtype=dtype), "n": [1, 2, 3]})
    frame["list"] = [["=1", "x"], [], ["y"]]
    shown = display_frame(frame)
    assert list(shown["title"]) == ["'=cmd|' /C calc'!A0", "Japan", "'\u202e=1"]
    assert list(shown["list"]) == [["'=1", "x"], [], ["y"]] and list(shown["n"]) == [1, 2, 3]


def test_download_file_names_carry_the_date():
    import datetime as dt

    assert exports.file_name("tables", "xlsx", dt.date(2026, 1, 2)) == "cooperation-tracker-tables-2026-01-02.xlsx"


def test_a_control_character_cannot_hide_a_formula_from_the_workbook():
    assert exports.clip("\x07=HYPERLINK(1)") == "'=HYPERLINK(1)"


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (0, [0, 1]),
        (1, [0, 1]),
        (2, [0, 1, 2]),
        (5, [0, 1, 2, 3, 4, 5]),
        (7, [0, 2, 4, 6]),
        (1000, list(range(0, 1001, 200))),
    ],
)
def test_colour_bar_ticks_are_whole_counts_each_once(top, ticks):
    got = charts.count_ticks(top)
    assert got["tickvals"] == ticks and got["ticktext"] == [f"{t:,}" for t in ticks] and got["tickmode"] == "array"


def test_the_map_colour_bar_repeats_no_tick_and_outlines_the_filtered_country(tables):
    from dashboard.view.filters import apply_filters

    view = apply_filters(tables, Filters(countries=("UZB",)))
    fig = charts.stakeholder_map(view, outline=("UZB",))
    named = fig.data[0]
    ticks = list(named.colorbar.ticktext)
    assert len(ticks) == len(set(ticks)) and all(t.replace(",", "").isdigit() for t in ticks)
    widths = dict(zip(named.locations, named.marker.line.width, strict=True))
    colours = dict(zip(named.locations, named.marker.line.color, strict=True))
    assert widths["UZB"] > max(w for c, w in widths.items() if c != "UZB")
    assert colours["UZB"] == charts.OUTLINE_COLOR and {colours[c] for c in colours if c != "UZB"} == {"white"}
    plain_map = charts.stakeholder_map(view)
    assert set(plain_map.data[0].marker.line.color) == {"white"}


def test_the_status_history_of_one_claim_ticks_its_date_once(tables):
    from dashboard.view.history import status_steps_figure

    history = tables.status_history
    once = history.groupby("initiative_id")["date"].nunique()
    initiative = once[once == 1].index[0]
    fig = status_steps_figure(tables, initiative)
    date = history.loc[history["initiative_id"] == initiative, "date"].iloc[0]
    assert list(fig.layout.xaxis.ticktext) == [date]
    assert fig.layout.xaxis.tickmode == "array" and fig.layout.xaxis.title.text is None
    low, high = (pd.Timestamp(v) for v in fig.layout.xaxis.range)
    assert low < pd.Timestamp(date) < high


def test_filter_options_count_the_records_of_each_value_and_offer_only_those_with_records(tables):
    options = options_for(tables)
    links = tables.initiative_countries
    assert options.counts["countries"] == links.groupby("iso3")["initiative_id"].nunique().to_dict()
    sectors = tables.initiative_sectors.groupby("sector_id")["initiative_id"].nunique().to_dict()
    assert options.counts["sectors"] == sectors
    assert options.offered("sectors") == [s for s in options.sectors if s in sectors]
    empty = next(s for s in options.sectors if s not in sectors)
    assert empty in options.offered("sectors", chosen=(empty,))  # chosen by a link: still offered
    assert options.counts["kinds"] == tables.initiatives["kind"].value_counts().to_dict()
    assert options.counts["roles"] == links.groupby("role")["initiative_id"].nunique().to_dict()


def test_long_sector_names_are_wrapped_on_the_axis_but_the_bars_keep_the_full_name(tables):
    figure = charts.sector_status_bars(tables)
    full = list(figure.data[0].y)
    assert list(figure.layout.yaxis.tickvals) == full  # a click maps back to the sector by its full name
    for name, shown in zip(full, figure.layout.yaxis.ticktext, strict=True):
        assert shown.replace("<br>", " ") == name and all(len(line) <= 28 for line in shown.split("<br>"))


@pytest.fixture(scope="module")
def scored_tables():
    """Synthetic tables (their confidence spread from 30 to 100), not the committed ones."""
    from dashboard.synthetic import synthetic_rows
    from dashboard.view.data import tables_from_rows

    return tables_from_rows(synthetic_rows(300, seed=2))


@pytest.mark.parametrize(
    ("value", "expected", "notice"),
    [
        ("60", Filters(confidence=60), None),
        (" 100 ", Filters(confidence=100), None),
        ("0", Filters(), None),
        ("abc", Filters(), "Ignored “confidence=abc”: a score from 0 to 100."),
        ("101", Filters(), "a score from 0 to 100"),
        ("-5", Filters(), "a score from 0 to 100"),
        ("6e1", Filters(), "a score from 0 to 100"),
        ("٦٠", Filters(), "a score from 0 to 100"),  # Arabic-Indic digits: not ASCII
        ("9" * 5000, Filters(), "a score from 0 to 100"),
    ],
)
def test_a_minimum_confidence_in_a_link_is_a_whole_score_from_0_to_100(scored_tables, value, expected, notice):
    filters, notices = parse_query({"confidence": [value]}, options_for(scored_tables))
    assert filters == expected
    assert (notice is None and notices == []) or any(notice in n for n in notices)


def test_a_minimum_confidence_round_trips_through_the_link_and_is_described_in_words(scored_tables):
    filters = Filters(statuses=("agreed",), confidence=60)
    assert to_query(filters) == {"status": ["agreed"], "confidence": ["60"]}
    assert parse_query(to_query(filters), options_for(scored_tables)) == (filters, [])
    assert filters.describe() == [("statuses", "agreed"), ("confidence", "at least 60 of 100")]
    assert Filters(confidence=0).is_empty() and Filters().describe() == []


def test_the_confidence_filter_keeps_the_records_at_or_above_the_minimum(scored_tables):
    scores = dict(zip(scored_tables.initiatives["initiative_id"], scored_tables.initiatives["confidence"], strict=True))
    view = apply_filters(scored_tables, Filters(confidence=60))
    kept = set(view.initiatives["initiative_id"])
    assert kept == {i for i, s in scores.items() if s >= 60} and 0 < len(kept) < len(scores)
    both = apply_filters(scored_tables, Filters(confidence=60, statuses=("agreed",)))
    assert set(both.initiatives["initiative_id"]) == kept & set(
        scored_tables.initiatives.loc[scored_tables.initiatives["status"].eq("agreed"), "initiative_id"]
    )
