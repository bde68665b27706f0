"""Cross-document identity on the seed and the synthetic follow-ups in tests/fixtures/."""

import csv
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz

from dashboard import build
from dashboard.merge import SAME_NAME, WORD_MATCH, Name, NearWords, acronym_of, name_similarity, normalise, similarity
from tests.conftest import ROOT, SEED

FOLLOWUPS = ROOT / "tests" / "fixtures" / "followups"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        (
            "Central Asia Infrastructure and Industry Development Investment Fund",
            "Investment Fund for Infrastructure and Industrial Development in Central Asia",
        ),
        ("Central Asian network of Japanese technoparks", "Network of Japanese technoparks in Central Asia"),
        ("“Quality Infrastructure” program", "Quality Infrastructure Programme"),
        ("New international airport project in Tashkent", "New Tashkent international airport project"),
        ("Regional logistics centres", "regional logistics centers"),
        ("CAIF", "Central Asia Investment Fund"),
    ],
)
def test_names_that_differ_in_order_spelling_or_form_are_one(a, b, codebook):
    assert name_similarity(normalise(a, codebook), normalise(b, codebook)) >= 0.6


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Central Asia Infrastructure and Industry Development Investment Fund", "Central Asia Green Energy Fund"),
        ("Kambarata-1 hydropower plant", "Kambarata-2 hydropower plant"),
        ("Joint logistics centres", "Joint logistics centres in Aktau and Almaty"),
        ("Trans-Caspian transport corridor", "Middle Corridor digital platform"),
    ],
)
def test_distinct_initiatives_are_not_one(a, b, codebook):
    assert name_similarity(normalise(a, codebook), normalise(b, codebook)) < 0.6


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """Tables built from the seed and every follow-up."""
    root = tmp_path_factory.mktemp("corpus")
    seeds = root / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    for path in FOLLOWUPS.iterdir():
        shutil.copy(path, seeds / path.name)
    build.run(seeds=seeds, out_dir=root / "tables", overrides_path=root / "none.yaml")
    return root / "tables"


def table(directory, name):
    with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def by_name(tables, word):
    found = [r for r in table(tables, "initiatives") if word.lower() in r["name"].lower()]
    return found


@pytest.mark.parametrize(
    ("word", "statuses", "current"),
    [
        ("technopark", ["proposed", "in_progress"], "in_progress"),
        ("Infrastructure and Industry Development", ["proposed", "agreed"], "agreed"),
        ("Quality Infrastructure", ["proposed", "stalled"], "stalled"),
        ("airport", ["in_progress", "in_progress"], "in_progress"),
    ],
)
def test_each_reported_again_seed_initiative_is_one_with_its_history(corpus, word, statuses, current):
    (ini,) = by_name(corpus, word)
    history = sorted(
        (r["date"], r["status"]) for r in table(corpus, "status_history") if r["initiative_id"] == ini["initiative_id"]
    )
    assert [s for _, s in history] == statuses
    assert ini["status"] == current and ini["n_sources"] == "2"
    assert (ini["first_seen"], ini["last_seen"]) == (history[0][0], history[-1][0])


def test_another_fund_in_the_same_region_stays_apart(corpus):
    funds = [r for r in table(corpus, "initiatives") if r["kind"] == "fund"]
    assert len(funds) == 2 and {r["n_sources"] for r in funds} == {"1", "2"}


def test_the_seed_ids_survive_the_follow_ups(corpus):
    seed_ids = {r["initiative_id"] for r in table(ROOT / "data" / "tables", "initiatives")}
    assert seed_ids <= {r["initiative_id"] for r in table(corpus, "initiatives")}


def test_quiet_marks_initiatives_with_no_report_for_180_days(corpus):
    quiet = {r["name"]: r["quiet"] for r in table(corpus, "initiatives")}
    assert quiet["Green economy"] == "true"  # 2025-12-20, newest document 2026-09-01
    assert quiet["Central Asia Green Energy Fund"] == "false"
    assert quiet["“Quality Infrastructure” program"] == "false"  # reported again on 2026-06-15


def test_what_changed_lists_each_status_step_of_the_follow_ups(corpus):
    from dashboard.view.data import load_tables
    from dashboard.view.filters import Filters, apply_filters
    from dashboard.view.history import recent_changes

    tables = load_tables(corpus)
    changes = recent_changes(tables, 3650)
    steps = {(row.name, row.change) for row in changes.itertuples()}
    for word, change in [
        ("technopark", "Proposed → In progress"),
        ("Infrastructure and Industry Development", "Proposed → Agreed"),
        ("Quality Infrastructure", "Proposed → Stalled"),
    ]:
        assert any(word.lower() in name.lower() and c == change for name, c in steps), (word, change)
    assert not any("airport" in name.lower() and "→" in c for name, c in steps)  # in progress twice: no change
    assert list(changes["date"]) == sorted(changes["date"], reverse=True)
    agreed = apply_filters(tables, Filters(statuses=("agreed",)))
    assert set(recent_changes(agreed, 3650)["initiative_id"]) == set(agreed.initiatives["initiative_id"])


WORDS = (
    "fund funds techno technopark technoparks techno-park jpn uzb region_central_asia "
    "solar solars power powers 2 kambarata-1 kambarata-2 caif c central asia"
).split()
NAMES = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6, unique=True).map(tuple)


def reference_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """The merge's score written plainly, word pair by word pair with rapidfuzz."""
    numbers_a, numbers_b = ({w for w in x if any(c.isdigit() for c in w)} for x in (a, b))
    if numbers_a and numbers_b and numbers_a != numbers_b:
        return 0.0
    for short, long in ((a, b), (b, a)):
        if len(short) == 1 and len(short[0]) >= 3 and short[0] == acronym_of(long):
            return 1.0
    if not a or not b:
        return 0.0
    exact = set(a) & set(b)
    best = min(len(a), len(b))
    if len(exact) == best or best / (len(a) + len(b) - best) < SAME_NAME:
        return len(exact) / (len(a) + len(b) - len(exact))
    rest = [v for v in b if v not in exact]
    near = sum(1 for w in a if w not in exact and any(fuzz.ratio(w, v) >= WORD_MATCH for v in rest))
    return (len(exact) + near) / (len(a) + len(b) - len(exact) - near)


@settings(max_examples=300, deadline=None)
@given(st.lists(NAMES, min_size=2, max_size=8))
def test_similarity_equals_the_plain_word_by_word_score(names):
    """The merge's `similarity` (near-equal words looked up in sets built as names arrive, with
    a shortcut for names without near-equal words) scores as the plain definition does."""
    near = NearWords()
    for words in names:
        near.add(words)
    for a in names:
        a_near = set().union(*(near.near[w] for w in a))
        for b in names:
            expected = reference_similarity(a, b)
            assert similarity(Name(a), Name(b), near.near) == pytest.approx(expected)
            assert similarity(Name(a), Name(b), near.near, a_near) == pytest.approx(expected)
            assert name_similarity(a, b) == pytest.approx(expected)
