import pytest

from dashboard.records import COMMITTED
from tests.conftest import extract_text, only


@pytest.mark.parametrize(
    ("sentence", "status", "cue"),
    [
        ("Tokayev proposed creating a regional water-energy consortium.", "proposed", "proposed"),
        ("Japan expressed interest in a Caspian logistics hub.", "proposed", "expressed interest in"),
        ("The sides discussed a Kazakh-Japanese hydrogen project.", "under_discussion", "discussed"),
        ("Kazakhstan and China signed a railway construction agreement.", "agreed", "signed"),
        ("The Samarkand logistics centre is under construction.", "in_progress", "is under construction"),
        ("The Tashkent airport project was launched in May.", "in_progress", "launched"),
        ("The Kambarata-1 hydropower plant was commissioned last year.", "completed", "commissioned"),
        ("The CASA-1000 power line has been suspended.", "stalled", "suspended"),
        # a stalled predicate about the name outranks a cue in front of it
        ("The launch of the Trans-Caspian fibre-optic cable project was postponed until 2027.", "stalled", "postponed"),
        ("The opening of the Termez logistics centre has been delayed.", "stalled", "delayed"),
        ("The launch of the Aral Sea trust fund was announced in Nukus.", "in_progress", "launch"),
    ],
)
def test_each_rung_of_the_ladder_has_its_cue(sentence, status, cue):
    ini = only(extract_text(sentence))
    assert (ini.claims[0].status.value, ini.claims[0].cue) == (status, cue)


@pytest.mark.parametrize(
    "sentence",
    [
        "The two countries will sign a railway construction agreement.",
        "Uzbekistan plans to launch a regional investment fund next year.",
        "A joint investment fund worth $500 million will be launched next year.",
        "The sides could soon approve a digital transport corridor.",
        "Japan may be ready to finance the Termez logistics centre.",
        "Kazakhstan and Japan have not yet agreed on the terms of the nuclear fuel project.",  # negated
        "Uzbekistan has yet to sign the Trans-Afghan railway agreement.",
        "The sides failed to approve the water-energy consortium.",
    ],
)
def test_hedged_future_or_negated_wording_never_yields_agreed_or_later(sentence):
    ini = only(extract_text(sentence))
    assert ini.claims[0].status not in COMMITTED


@pytest.mark.parametrize(
    ("sentence", "part", "whole"),
    [
        (
            "Turkmenistan and Afghanistan have completed the first phase of the TAPI gas pipeline.",
            "First phase of the TAPI gas pipeline",
            "TAPI gas pipeline",
        ),
        (
            "The first stage of the Rogun hydropower plant was commissioned in 2018.",
            "First stage of the Rogun hydropower plant",
            "Rogun hydropower plant",
        ),
    ],
)
def test_finishing_a_phase_of_a_project_completes_the_phase_and_leaves_the_project_in_progress(sentence, part, whole):
    found = {i.name: i.claims[0].status.value for i in extract_text(sentence).initiatives}
    assert found == {part: "completed", whole: "in_progress"}


def test_the_rogun_hydropower_plant_commissioned_whole_is_completed():
    assert only(extract_text("The Rogun hydropower plant was commissioned in 2018.")).claims[0].status.value == (
        "completed"
    )


def test_a_sentence_without_a_cue_yields_no_initiative():
    assert (
        extract_text("This includes investment in digital transport corridors and logistics centers.").initiatives == []
    )
