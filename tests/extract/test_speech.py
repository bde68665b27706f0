"""speech.py: quotations and their speakers; 'we' in a speech is the speaker's country."""

from tests.extract.conftest import named, one, rows, status


def test_we_in_a_quoted_proposal_is_the_speakers_country():
    ini = one('"We propose to create a regional centre for water management," Tokayev said.')
    assert (status(ini), ini.proposer) == ("proposed", "KAZ")


def test_the_speaker_after_the_quotation_with_a_title():
    ini = one('"We are ready to set up a joint fund for green energy," President Mirziyoyev said.')
    assert ini.proposer == "UZB" and ini.kind.value == "fund"


def test_a_pledge_in_a_speech_is_named_by_its_whole_amount_and_what_it_funds():
    ini = one('"Last year we pledged EUR 2 billion to the Trans-Caspian corridor," von der Leyen said.')
    assert ini.name == "EUR 2 billion to the Trans-Caspian corridor"  # the currency never stands alone
    assert (ini.money.amount, ini.money.currency) == (2e9, "EUR")


def test_we_will_build_is_the_speakers_proposal():
    ini = one('"We will build a new highway to the Chinese border," Tokayev said.')
    assert ini.proposer == "KAZ" and status(ini) == "proposed"


def test_a_speech_headed_by_its_speaker_attributes_the_quotation():
    found = rows(
        "Shehbaz Sharif, Prime Minister of Pakistan:\n"
        '"We propose a railway from Peshawar to Termez through Afghanistan."'
    )
    ini = named(found, "railway")
    assert (status(ini), ini.proposer) == ("proposed", "PAK")


def test_a_quotation_by_a_minister_of_no_state_has_no_proposer():
    ini = one('"We propose a new logistics hub," the chief executive of the company said.')
    assert ini.proposer == ""


def test_the_story_parties_join_a_body_that_the_sides_agreed():
    found = rows(
        "Kazakhstan and Mongolia hold first talks on transit.\n\n"
        "Kazakhstan and Mongolia held talks on Monday. The sides agreed to set up a joint transit commission."
    )
    ini = named(found, "commission")
    assert {x.iso3 for x in ini.countries} == {"KAZ", "MNG"}
