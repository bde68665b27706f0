"""lists.py: bulleted and numbered outcomes, labelled items, elaborations, repeated prepositions."""

from tests.extract.conftest import named, rows, status


def test_bullets_under_an_intro_take_the_intros_predicate():
    found = rows(
        "The leaders adopted the following outcomes:\n"
        "• Establish a council of transport ministers.\n"
        "• Launch a regional digital platform for customs."
    )
    assert len(found) == 2
    assert {status(i) for i in found} == {"agreed"}
    assert named(found, "council").kind.value == "institution"
    assert "transport" in named(found, "council").sectors


def test_numbered_noun_phrase_items_are_one_row_each():
    found = rows(
        "The summit produced these results:\n"
        "1. A joint fund for green energy.\n"
        "2. A programme of scholarships for engineers."
    )
    assert named(found, "fund").kind.value == "fund"
    assert named(found, "scholarships").kind.value == "programme"
    assert {status(i) for i in found} == {"agreed"}


def test_items_after_a_label_are_one_row_each():
    found = rows(
        "The ministers approved a list of joint projects.\n"
        "- Energy: a cross-border power line, a solar park in Bukhara and a hydrogen pilot."
    )
    assert len(found) == 3
    assert named(found, "solar park").sectors == ["energy"]
    assert not any(i.name.lower().startswith("energy") for i in found)  # the label is not a row


def test_lettered_and_roman_items_are_one_row_each():
    found = rows(
        "The sides signed the documents below:\n"
        "(i) An agreement on visa-free travel.\n"
        "(ii) A memorandum on a joint laboratory for batteries."
    )
    assert len(found) == 2
    assert {status(i) for i in found} == {"agreed"}
    found = rows("The ministers agreed on two steps:\na) A platform for customs data.\nb) A fund for border roads.")
    assert len(found) == 2 and {status(i) for i in found} == {"agreed"}


def test_a_pair_after_between_is_not_split_into_items():
    found = rows("The sides signed an agreement on trade between China and the Central Asian states.")
    assert len(found) == 1


def test_repeated_prepositions_distribute_a_plural():
    found = rows("The sides signed agreements on a cargo terminal, on a seed bank and on a joint laboratory.")
    assert len(found) == 3 and {i.kind.value for i in found} == {"agreement"}


def test_an_elaboration_lists_each_loan_with_the_status_before_it():
    found = rows(
        "The four loans were approved. "
        "They include a $100 million loan for rural roads and a $60 million loan for clinics."
    )
    assert status(named(found, "roads")) == status(named(found, "clinics")) == "agreed"
    assert named(found, "clinics").sectors == ["health"]


def test_an_elaborating_sentence_inherits_the_status_of_the_one_before():
    found = rows("The three loans were approved on Friday. The projects comprise a $45 million loan to build a bridge.")
    assert status(named(found, "bridge")) == "agreed"


def test_what_several_agreements_call_for_is_one_agreed_row_per_item():
    found = rows(
        "Kazakhstan and Korea signed two agreements. "
        "The agreements call for copper mining in Balkhash and a solar power plant in Turkestan."
    )
    assert {status(i) for i in found} == {"agreed"} and len(found) == 2
    assert named(found, "copper").kind.value == "agreement" and named(found, "solar").kind.value == "project"


def test_what_one_memorandum_covers_is_not_a_row_per_item():
    found = rows(
        "Japan and Mongolia signed a memorandum on rare metals. The memorandum calls for copper mining and smelting."
    )
    assert not any(i.name.startswith("Memorandum on copper") for i in found)  # one memorandum, one row


def test_coordinated_objects_of_one_predicate_are_one_row_each():
    found = rows("Uzbekistan proposed a regional logistics hub and a joint veterinary laboratory.")
    assert {i.proposer for i in found} == {"UZB"} and len(found) == 2
    assert {status(i) for i in found} == {"proposed"}
