"""context.py and the assembly it serves: one row per undertaking in a document, and citations
that slice back to the source exactly."""

from tests.extract.conftest import named, read, rows, status


def test_a_later_definite_mention_joins_the_row_it_refers_to():
    found = rows(
        "Japan and Uzbekistan signed a memorandum on rare metals. The memorandum was welcomed by the ministers."
    )
    assert len(found) == 1 and status(found[0]) == "agreed"


def test_later_news_of_the_railway_adds_a_claim_to_the_same_row():
    found = rows(
        "China and Kyrgyzstan agreed to build the Kashgar-Osh railway in 2024. "
        "Construction of the Kashgar-Osh railway began in March."
    )
    ini = named(found, "railway")
    assert len(found) == 1 and [c.status.value for c in ini.claims] == ["agreed", "in_progress"]


def test_the_headline_repeating_the_body_adds_no_row():
    found = rows(
        "Tajikistan and Qatar set up investment fund\n\n"
        "Tajikistan and Qatar agreed to set up a joint investment fund on Monday."
    )
    assert len(found) == 1 and found[0].kind.value == "fund"


def test_every_evidence_and_name_span_slices_back_to_the_source():
    text = (
        "Almaty, Dec 3 (Kazinform): Kazakhstan and Korea signed an agreement on a battery plant. "
        "Korea will lend $200 million for the plant."
    )
    ex = read(text)
    assert ex.initiatives
    for ini in ex.initiatives:
        for claim in ini.claims:
            assert text[claim.evidence.start : claim.evidence.end] == claim.evidence.text
        for span in ini.spans:
            assert text[span.start : span.end] == span.text


def test_two_distinct_memorandums_stay_two_rows():
    found = rows("Oman signed a memorandum on fisheries. India signed a memorandum on shipping.")
    assert len(found) == 2


def test_plans_for_further_cooperation_are_not_an_initiative():
    assert rows("Plans for further cooperation were discussed.") == []


def test_plans_for_a_named_thing_still_give_the_thing():
    found = rows("Plans for a joint logistics hub in Termez were discussed.")
    assert status(named(found, "logistics hub")) == "under_discussion"


def test_the_same_text_reads_the_same_twice():
    text = "Japan proposed a regional centre for disaster risk reduction in Almaty."
    first, second = read(text).initiatives, read(text).initiatives
    assert [(i.name, i.key, status(i)) for i in first] == [(i.name, i.key, status(i)) for i in second]
