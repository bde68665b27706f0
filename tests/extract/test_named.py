"""named.py: noun phrases headed by an initiative noun of the codebook, and their names."""

import pytest

from tests.extract.conftest import countries, named, one, rows, status


@pytest.mark.parametrize(
    ("sentence", "kind", "words"),
    [
        ("The summit adopted the Samarkand Declaration.", "agreement", ["samarkand", "declaration"]),
        ("The leaders signed a roadmap for industrial cooperation.", "strategy", ["roadmap", "industrial"]),
        ("The ministers decided to establish a joint working group on transport.", "institution", ["working group"]),
        ("Korea and Uzbekistan launched a joint investment fund.", "fund", ["investment", "fund"]),
        ("The governments will consider a new programme for student exchanges.", "programme", ["student"]),
        ("Turkmenistan proposed building a power line to Afghanistan.", "project", ["power line"]),
    ],
)
def test_the_head_noun_gives_the_kind_and_the_phrase_the_name(sentence, kind, words):
    ini = one(sentence)
    assert ini.kind.value == kind
    assert all(w in ini.name.lower() for w in words), ini.name


def test_an_agreement_to_build_a_railway_is_the_railway_agreed():
    ini = one("China and Kyrgyzstan agreed to build a railway between Kashgar and Osh.")
    assert (ini.kind.value, status(ini)) == ("project", "agreed")
    assert "kashgar" in ini.name.lower() and countries(ini) == {"CHN", "KGZ"}


def test_the_establishment_of_a_body_names_the_body():
    ini = one("China proposed the establishment of a China-Central Asia secretariat.")
    assert ini.name == "China-Central Asia secretariat" and ini.proposer == "CHN"


def test_a_name_drops_the_article_and_takes_a_capital():
    ini = one("The ministers signed an agreement on a cargo corridor through Azerbaijan.")
    assert ini.name.startswith("Agreement on a cargo corridor")


def test_a_place_after_the_name_belongs_to_it():
    ini = one("The new airport in Tashkent was inaugurated on Monday.")
    assert ini.name == "New airport in Tashkent" and countries(ini) == {"UZB"}


def test_memorandums_on_three_subjects_are_three_rows():
    found = rows(
        "The ministers signed memorandums on a logistics centre, on a seed laboratory and on a tourism school."
    )
    assert len(found) == 3
    assert {status(i) for i in found} == {"agreed"}
    assert "tourism" in named(found, "tourism").sectors


def test_a_memorandum_of_understanding_on_a_subject_is_an_agreed_agreement():
    ini = one("Kazakhstan and China signed a memorandum of understanding on green hydrogen.")
    assert (ini.kind.value, status(ini)) == ("agreement", "agreed")
    assert "hydrogen" in ini.name.lower() and countries(ini) == {"KAZ", "CHN"}


def test_memorandums_of_understanding_on_two_subjects_are_two_rows():
    found = rows("The sides signed memorandums of understanding on tourism and on health.")
    assert [i.sectors for i in found] == [["tourism"], ["health"]]


def test_memorandums_that_call_for_two_things_give_one_row_each():
    found = rows(
        "Japan and Uzbekistan signed two memorandums. "
        "The memorandums call for lithium exploration and a rare metals refinery."
    )
    assert len(found) == 2
    assert {status(i) for i in found} == {"agreed"}


@pytest.mark.xfail(strict=True, reason="a proper name with an appositive 'the $X scheme for a power line' gives no row")
def test_a_proper_name_in_apposition_names_the_undertaking():
    ini = one("CAREC-7, the $900 million scheme for a power line, was put on hold.")
    assert "carec-7" in ini.name.lower() and status(ini) == "stalled"


def test_a_new_line_to_a_place_is_named_by_its_destination():
    ini = one("Turkmenistan proposed building a new railway to Afghanistan.")
    assert ini.name == "New railway to Afghanistan" and ini.proposer == "TKM"


def test_a_bare_generic_head_is_not_a_row():
    assert rows("The project was discussed.") == []


def test_the_second_unit_of_a_plant_is_a_row_and_the_plant_is_in_progress():
    found = rows("The second unit of the Rogun hydropower plant was put into operation.")
    (part,) = [i for i in found if i.name.startswith("Second unit")]
    (whole,) = [i for i in found if i.name == "Rogun hydropower plant"]
    assert (status(part), status(whole)) == ("completed", "in_progress")
