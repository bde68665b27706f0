"""The app's integer codes and lazy views: counting over codes gives what pandas gives over
strings, a view makes only the frames a page reads, and a stale Parquet copy is not trusted."""

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.synthetic import write_tables
from dashboard.ui import initiative_table
from dashboard.view import charts
from dashboard.view.data import APP_FORMAT, PARQUET, load_tables, month_codes, status_codes
from dashboard.view.filters import Filters, apply_filters
from dashboard.view.history import recent_changes
from dashboard.view.metrics import cards
from dashboard.view.style import STATUS_ORDER


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    return write_tables(1500, tmp_path_factory.mktemp("tables"), seed=3)


@pytest.fixture(scope="module")
def tables(synthetic):
    return load_tables(synthetic)


VIEWS = [
    Filters(),
    Filters(statuses=("proposed", "agreed")),
    Filters(countries=("KAZ", "JPN")),
    Filters(countries=("UZB",), roles=("proposer",)),
    Filters(kinds=("fund", "programme"), date_from="2025-03-01"),
    Filters(text="hydrogen"),
]


def test_month_and_status_codes():
    dates = pd.Series(["2025-12-19", "2025-12", "2025", "", "20xx-01"])
    assert list(month_codes(dates)) == [2025 * 12 + 11, 2025 * 12 + 11, 2025 * 12, -1, -1]
    assert list(status_codes(pd.Series(["proposed", "stalled", "signed"]))) == [0, 5, STATUS_ORDER.index("unknown")]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(0, 30), max_size=40),
    st.lists(st.integers(0, 30), max_size=40),
)
def test_pairs_through_is_an_inner_join_on_the_initiative(left, right):
    left, right = np.array(left, dtype=np.int64), np.array(right, dtype=np.int64)
    rows, cols = charts.pairs_through(left, right)
    got = sorted(zip(rows.tolist(), cols.tolist(), strict=True))
    expected = sorted((i, j) for i in range(len(left)) for j in range(len(right)) if left[i] == right[j])
    assert got == expected


@pytest.mark.parametrize("filters", VIEWS, ids=repr)
def test_the_matrix_counts_what_a_pandas_join_counts(tables, filters):
    view = apply_filters(tables, filters)
    figure = charts.country_sector_matrix(view)
    countries = view.initiative_countries[["initiative_id", "iso3"]].drop_duplicates()
    labels = dict(zip(tables.sectors["sector_id"], tables.sectors["label"], strict=True))
    sectors = view.initiative_sectors.assign(label=view.initiative_sectors["sector_id"].map(labels))
    joined = countries.merge(sectors[["initiative_id", "label"]], on="initiative_id")
    if joined.empty:
        assert figure is None
        return
    names = dict(zip(tables.countries["iso3"], tables.countries["name"], strict=True))
    expected = pd.crosstab(joined["iso3"].map(names), joined["label"])
    got = pd.DataFrame(figure.data[0].z, index=figure.data[0].y, columns=figure.data[0].x)
    pd.testing.assert_frame_equal(got, expected, check_names=False, check_dtype=False)


@pytest.mark.parametrize("filters", VIEWS, ids=repr)
def test_cards_and_map_count_what_pandas_counts_over_strings(tables, filters):
    view = apply_filters(tables, filters)
    ini = view.initiatives
    by_key = {c.key: c.value for c in cards(view)}
    assert by_key["initiatives"] == len(ini)
    for status, count in ini["status"].value_counts().items():
        assert by_key[status] == count
    assert by_key["countries"] == view.initiative_countries["iso3"].nunique()
    assert by_key["sources"] == view.status_history["doc_id"].nunique()
    counts = charts.country_counts(view)
    expected = view.initiative_countries.drop_duplicates(["initiative_id", "iso3"]).groupby("iso3").size()
    assert dict(zip(counts["iso3"], counts["initiatives"], strict=True)) == expected.to_dict()


@pytest.mark.parametrize("filters", VIEWS, ids=repr)
def test_the_table_is_the_newest_first_rows_of_the_view(tables, filters):
    view = apply_filters(tables, filters)
    table = initiative_table(view, limit=50)
    expected = view.initiatives.sort_values(["first_seen", "name"], ascending=[False, True]).head(50)
    assert list(table["initiative_id"]) == list(expected["initiative_id"])
    row = table.iloc[0] if len(table) else None
    if row is not None:
        links = tables.initiative_countries
        assert row["countries"] == sorted(set(links[links["initiative_id"] == row["initiative_id"]]["iso3"]))


def test_the_monthly_timeline_counts_claims_per_month_and_status(tables):
    figure = charts.timeline(tables)
    history = tables.status_history[tables.status_history["date"].ne("")]
    expected = history.groupby([history["date"].str[:7], "status"]).size()
    got = {}
    for trace in figure.data:
        if trace.name == "Meetings":  # the events' markers (the synthetic tables have summits), not claims
            continue
        status = next(s for s in STATUS_ORDER if trace.name == charts.STATUS_LABELS[s])
        for x, y in zip(trace.x, trace.y, strict=True):
            if y:  # a stacked bar's zero is no claim
                got[(pd.Timestamp(x).strftime("%Y-%m"), status)] = int(y)
    assert got == {k: int(v) for k, v in expected.items()}


def test_a_view_makes_only_the_frames_a_page_reads(tables):
    view = apply_filters(tables, Filters(statuses=("agreed",)))
    cards(view)
    for build in charts.CHARTS.values():
        build(view)
    recent_changes(view, 90)
    initiative_table(view)
    made = {name for name, frame in view._frames.items() if not callable(frame)}
    assert made <= {"sectors", "initiative_aliases", "events"}, made  # the text-heavy frames stay unmade
    assert len(view.status_history) == view.column("status_history", "_ini").size  # and are right when read


def test_a_parquet_copy_of_an_older_format_is_ignored_for_the_csvs(synthetic, tmp_path):
    folder = tmp_path / "tables"
    shutil.copytree(synthetic, folder)
    stamp = folder / PARQUET / "VERSION"
    version = stamp.read_text(encoding="utf-8").split()[0]
    assert stamp.read_text(encoding="utf-8").split() == [version, APP_FORMAT]
    (folder / PARQUET / "initiatives.parquet").write_bytes(b"not parquet")  # would fail if it were read
    stamp.write_text(f"{version} app-1\n", encoding="utf-8")
    fresh = load_tables(folder)
    assert len(fresh.initiatives) == 1500
    assert list(fresh.initiatives["_order"]) == list(load_tables(synthetic).initiatives["_order"])


def sector_labels(tables, frame):
    labels = dict(zip(tables.sectors["sector_id"], tables.sectors["label"], strict=True))
    rows = frame[["initiative_id", "sector_id"]].assign(label=frame["sector_id"].map(labels))
    return rows


@pytest.mark.parametrize("filters", VIEWS, ids=repr)
def test_sector_bars_and_treemap_count_what_pandas_counts(tables, filters):
    view = apply_filters(tables, filters)
    rows = sector_labels(tables, view.initiative_sectors)
    alone = view.initiatives[~view.initiatives["initiative_id"].isin(rows["initiative_id"])]
    rows = pd.concat([rows, alone[["initiative_id"]].assign(label=charts.NO_SECTOR)])
    rows = rows.merge(view.initiatives[["initiative_id", "status"]], on="initiative_id")
    expected = rows.groupby(["label", "status"]).size()
    bars = charts.sector_status_bars(view)
    if rows.empty:
        assert bars is None
        return
    got = {}
    for trace in bars.data:
        status = next(s for s in STATUS_ORDER if trace.name == charts.STATUS_LABELS[s])
        for label, count in zip(trace.y, trace.x, strict=True):
            if count:
                got[(label, status)] = int(count)
    assert got == {k: int(v) for k, v in expected.items()}
    treemap = charts.cooperation_treemap(view).data[0]
    totals = {i: v for i, p, v in zip(treemap.ids, treemap.parents, treemap.values, strict=True) if p == ""}
    assert totals == rows.groupby("label").size().to_dict()
    leaves = [i for i, p in zip(treemap.ids, treemap.parents, strict=True) if p and not i.endswith("/more")]
    for label, size in totals.items():
        assert sum(1 for i in leaves if i.startswith(f"{label}/")) == min(size, charts.TREEMAP_LEAVES)
    biggest = max(totals, key=totals.get)
    ranked = rows[rows["label"] == biggest].merge(view.initiatives[["initiative_id", "n_sources", "last_seen", "name"]])
    ranked = ranked.sort_values(["n_sources", "last_seen", "name"], ascending=[False, False, True], kind="stable")
    expected_top = [f"{biggest}/{i}" for i in ranked["initiative_id"].head(charts.TREEMAP_LEAVES)]
    assert [i for i in leaves if i.startswith(f"{biggest}/")] == expected_top  # most reported first
