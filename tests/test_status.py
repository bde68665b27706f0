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
        ("The Samarkand logistics centre is under construction.", "in_progress", "under construction"),
        ("The Tashkent airport project was launched in May.", "in_progress", "launched"),
        ("The Kambarata-1 hydropower plant was commissioned last year.", "completed", "commissioned"),
        ("The CASA-1000 power line has been suspended.", "stalled", "suspended"),
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
    ],
)
def test_hedged_or_future_wording_never_yields_agreed_or_later(sentence):
    ini = only(extract_text(sentence))
    assert ini.claims[0].status not in COMMITTED


def test_a_sentence_without_a_cue_yields_no_initiative():
    assert (
        extract_text("This includes investment in digital transport corridors and logistics centers.").initiatives == []
    )
