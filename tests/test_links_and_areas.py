"""Issue 15: a country link's basis (named in the text, or inferred) and cooperation areas apart
from initiatives, on the seed's published tables."""

import csv

import pytest

from dashboard.view import charts
from dashboard.view.data import load_tables
from dashboard.view.filters import Filters, apply_filters, options_for, parse_query, to_query
from dashboard.view.metrics import cards
from tests.conftest import ROOT

TABLES = ROOT / "data" / "tables"


def rows(name):
    with (TABLES / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def tables():
    return load_tables()


NAMED = {r["iso3"] for r in rows("initiative_countries") if r["inferred"] == "false"}
INFERRED_ONLY = {r["iso3"] for r in rows("initiative_countries")} - NAMED
AREAS = {r["initiative_id"] for r in rows("initiatives") if r["kind"] == "agenda"}


def test_the_seed_has_countries_it_never_names():
    assert "KAZ" in INFERRED_ONLY and "UZB" in NAMED and AREAS  # what the tests below rest on


@pytest.mark.parametrize(
    ("params", "expected", "notice"),
    [
        ({"links": ["named"]}, Filters(links="named"), None),
        ({"links": ["all"]}, Filters(), None),
        ({"links": ["guessed"]}, Filters(), "it is all or named"),
    ],
)
def test_the_country_links_filter_reads_from_the_link(tables, params, expected, notice):
    filters, notices = parse_query(params, options_for(tables))
    assert filters == expected
    assert (notice is None and notices == []) or any(notice in n for n in notices)
    assert parse_query(to_query(filters), options_for(tables)) == (filters, [])


def test_named_only_keeps_every_initiative_and_drops_inferred_links(tables):
    view = apply_filters(tables, Filters(links="named"))
    assert len(view.initiatives) == len(tables.initiatives)
    assert set(view.initiative_countries["inferred"]) == {"false"}
    assert set(view.countries["iso3"]) == NAMED
    by_key = {c.key: c for c in cards(view)}
    assert by_key["countries"].value == len(NAMED) and by_key["countries"].label == "Countries named"


def test_a_country_never_named_matches_nothing_when_only_named_links_count(tables):
    assert len(apply_filters(tables, Filters(countries=("KAZ",))).initiatives) > 0
    assert len(apply_filters(tables, Filters(countries=("KAZ",), links="named")).initiatives) == 0
    named = {
        r["initiative_id"] for r in rows("initiative_countries") if r["iso3"] == "UZB" and r["inferred"] == "false"
    }
    view = apply_filters(tables, Filters(countries=("UZB",), links="named"))
    assert set(view.initiatives["initiative_id"]) == named


def test_the_map_draws_named_and_inferred_countries_apart_with_a_legend(tables):
    figure = charts.stakeholder_map(tables)
    named, guessed = figure.data
    assert set(named.locations) == NAMED and set(guessed.locations) == INFERRED_ONLY
    assert named.showlegend and guessed.showlegend and "inferred" in guessed.name.lower()
    counts = {}
    for r in rows("initiative_countries"):
        if r["inferred"] == "false":
            counts.setdefault(r["iso3"], set()).add(r["initiative_id"])
    assert dict(zip(named.locations, named.z, strict=True)) == {k: len(v) for k, v in counts.items()}
    only = charts.stakeholder_map(apply_filters(tables, Filters(links="named")))
    assert len(only.data) == 1 and set(only.data[0].locations) == NAMED


def test_ticks_of_the_map_colour_bar_do_not_repeat(tables):
    bar = charts.stakeholder_map(tables).data[0].colorbar
    assert bar.tickmode == "array" and len(set(bar.ticktext)) == len(bar.ticktext)
    assert all(float(v).is_integer() for v in bar.tickvals)


def test_cards_count_cooperation_areas_apart_from_initiatives(tables):
    by_key = {c.key: c.value for c in cards(tables)}
    assert by_key["areas"] == len(AREAS)
    assert by_key["initiatives"] == len(tables.initiatives) - len(AREAS)
    statuses = [c.value for c in cards(tables) if c.key in {r["status"] for r in rows("initiatives")}]
    assert sum(statuses) == by_key["initiatives"]  # the status cards count initiatives only


def test_the_cooperation_areas_chart_counts_areas_by_country_and_status(tables):
    figure = charts.cooperation_areas(tables)
    links = {(r["initiative_id"], r["iso3"]) for r in rows("initiative_countries") if r["initiative_id"] in AREAS}
    assert sum(sum(t.x) for t in figure.data) == len(links)
    assert str(len(AREAS)) in figure.layout.title.text
    assert charts.cooperation_areas(apply_filters(tables, Filters(kinds=("fund",)))) is None
