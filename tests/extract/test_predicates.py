"""predicates.py: the status a candidate's governing predicates give it, on DESIGN.md's ladder."""

import pytest

from tests.extract.conftest import named, one, rows, status


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Kazakhstan called for a regional water council.", "proposed"),
        ("Japan proposed setting up an expert forum on energy.", "proposed"),
        ("The sides discussed a free trade agreement.", "under_discussion"),
        ("The parties are negotiating an investment treaty.", "under_discussion"),
        ("The leaders signed a roadmap for industrial cooperation.", "agreed"),
        ("The ministers decided to establish a joint working group on transport.", "agreed"),
        ("Korea and Uzbekistan launched a joint investment fund.", "in_progress"),
        ("The ring road is under construction.", "in_progress"),
        ("Construction of the Kambar-Ata dam began in March.", "in_progress"),
        ("The new airport in Tashkent was inaugurated on Monday.", "completed"),
        ("The metro line was completed last year.", "completed"),
        ("The gas pipeline project was postponed.", "stalled"),
        ("The power line was put on hold because of the war.", "stalled"),
    ],
)
def test_the_governing_predicate_gives_the_status(sentence, expected):
    assert status(one(sentence)) == expected


def test_plans_to_build_is_a_proposal_not_an_agreement():
    ini = one("Russia plans to build a nuclear power plant in Uzbekistan.")
    assert status(ini) == "proposed" and ini.sectors == ["energy"]


def test_the_state_that_plans_to_build_is_the_proposer():
    assert one("Russia plans to build a nuclear power plant in Uzbekistan.").proposer == "RUS"


def test_a_company_that_plans_to_build_is_no_states_proposer():
    ini = one("Rosatom of Russia plans to build a nuclear power plant in Uzbekistan.")
    assert ini.proposer == "" and status(ini) == "proposed"


def test_will_sign_is_hedged_below_agreed():
    ini = one("Georgia and Azerbaijan will sign an agreement on a fibre optic cable next month.")
    assert status(ini) in ("proposed", "under_discussion")


def test_agreeing_to_discuss_is_only_a_discussion():
    ini = one("The ministers agreed to discuss a free trade zone between Armenia and Iran.")
    assert status(ini) == "under_discussion"


def test_a_suspension_outranks_an_earlier_agreement_in_the_same_sentence():
    ini = one("Work on the Kashgar-Osh railway, which was agreed in 2019, was suspended in May.")
    assert status(ini) == "stalled"


def test_an_expressed_interest_is_a_proposal():
    ini = one("Qatar expressed interest in a joint investment fund with Tajikistan.")
    assert (status(ini), ini.proposer) == ("proposed", "QAT")


def test_what_a_signed_memorandum_calls_for_is_agreed():
    ini = named(rows("The ministers signed MoUs that call for a joint laboratory on batteries."), "laboratory")
    assert status(ini) == "agreed"


def test_what_a_signed_declaration_which_calls_for_sets_out_is_agreed():
    found = rows("The leaders adopted a declaration, which calls for a regional seismic monitoring centre.")
    assert status(named(found, "centre")) == "agreed"


@pytest.mark.xfail(strict=True, reason="a relative clause about a state ('X, which called for Y') gives no row")
def test_a_state_which_calls_for_a_body_still_proposes_it():
    ini = one("Kazakhstan, which called for a regional water council, hosted the meeting.")
    assert (status(ini), ini.proposer) == ("proposed", "KAZ")


def test_a_negated_completion_is_not_completed():
    ini = one("The Kashgar-Osh railway was not completed on time.")
    assert status(ini) == "in_progress" and ini.sectors == ["transport"]


def test_a_stall_on_a_named_part_makes_the_part_stalled():
    found = rows("The Afghan section of the TAPI pipeline was suspended.")
    assert status(named(found, "section")) == "stalled"


def test_an_undertaking_with_no_predicate_over_it_is_not_a_row():
    assert rows("The railway runs through three valleys and two towns.") == []


def test_the_proposed_as_a_modifier_is_a_proposal():
    ini = one("The proposed Tashkent-Almaty high-speed railway was discussed on Monday.")
    assert status(ini) in ("proposed", "under_discussion")
