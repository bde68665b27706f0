"""Golden files: every gold article keeps meeting its bar."""

from pathlib import Path

import pytest

from dashboard.evaluate import evaluate, load_gold, name_matches, summarise
from tests.conftest import CORPUS

GOLD = CORPUS / "gold.yaml"


@pytest.fixture(scope="module")
def scores(codebook):
    return evaluate(GOLD, codebook)


def test_the_gold_file_still_resolves_to_the_seed_from_its_folder():
    first = load_gold(GOLD)[0]
    assert (GOLD.parent / first["file"]).resolve() == (CORPUS.parent.parent / "seeds" / "000_7baa26f410aba820.txt")


def test_every_required_seed_item_is_found_with_its_status_proposer_countries_and_sectors(scores):
    seed = scores[0]
    assert seed.misses == [] and seed.fn == 0
    assert seed.wrong == []  # status, proposer, country set and DAC codes all right
    assert all(seed.status) and all(seed.proposer) and all(f == 1.0 for f in seed.country_f1) and all(seed.sector_hit)


def test_no_seed_extraction_is_unmatched(scores):
    assert scores[0].extras == []


def test_the_dev_corpus_meets_its_bars(scores):
    total = summarise(scores)
    assert total.f1 >= 0.85
    assert total.status_accuracy >= 0.9


DEV2 = Path(__file__).parent / "corpus" / "dev2" / "gold.yaml"  # 30 paraphrased real reports


def test_paraphrased_real_reports_meet_the_bars_of_the_issue_on_reading_real_reporting(codebook):
    """Not the seed's sentences: the genre. Bars from issue 14; measured 0.914 F1 when set."""
    total = summarise(evaluate(DEV2, codebook))
    assert total.f1 >= 0.90, total
    assert min(total.status_accuracy, total.proposer_accuracy, total.country_f1) >= 0.90, total
    assert total.sector_hit_rate >= 0.85, total
    assert total.event_recall >= 0.85, total


def test_every_required_gold_event_is_found_with_date_and_place(scores):
    assert sum(s.events_found for s in scores) == sum(s.events_total for s in scores) > 0


@pytest.mark.parametrize(
    ("match", "name", "expected"),
    [
        (["technopark"], "Central Asian network of Japanese technoparks", True),
        (["economic", "zone"], "Modern special economic zones", True),
        (["facility"], "Regional credit facilities", True),
        (["fund"], "Funding of roads", False),
        (["quality", "infrastructure"], "“Quality Infrastructure” program", True),
    ],
)
def test_gold_names_match_on_all_tokens_with_plural_endings(match, name, expected):
    assert name_matches(match, name) is expected


def test_optional_items_are_neither_misses_nor_extras(codebook, tmp_path):
    from dashboard.evaluate import score_document
    from tests.conftest import extract_text

    ex = extract_text("Japan proposed creating a regional logistics hub. The sides signed a water agreement.")
    entry = {
        "file": "x.txt",
        "initiatives": [
            {"match": ["logistics"]},
            {"match": ["water"], "optional": True},
            {"match": ["energy"], "optional": True},
        ],
    }
    score = score_document(entry, ex, codebook)
    assert (score.tp, score.fp, score.fn) == (1, 0, 0)


def test_the_corpus_copy_matches_its_sources_list():
    names = {p.name for p in Path(CORPUS).glob("*.txt")}
    assert names == {e["file"] for e in load_gold(GOLD)[1:]}
