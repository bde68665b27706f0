import pytest

from tests.conftest import extract_text


@pytest.mark.parametrize(
    ("sentence", "areas"),
    [
        (
            "The summit will explore cooperation in several areas, including the green economy, "
            "sustainable development, fostering partnerships, and advancing human capital development.",
            ["Green economy", "Sustainable development", "Partnerships", "Human capital development"],
        ),
        (
            "The sides discussed cooperation in areas such as energy, agriculture, digital technologies and tourism.",
            ["Energy", "Agriculture", "Digital technologies", "Tourism"],
        ),
        (
            "The ministers considered priorities including water management and climate adaptation.",
            ["Water management", "Climate adaptation"],
        ),
    ],
)
def test_each_area_on_an_agenda_becomes_one_agenda_initiative(sentence, areas):
    ex = extract_text(sentence)
    assert [i.name for i in ex.initiatives] == areas
    assert {i.kind.value for i in ex.initiatives} == {"agenda"}
    assert {i.claims[0].status.value for i in ex.initiatives} == {"under_discussion"}


def test_a_single_area_is_not_a_list():
    assert extract_text("The sides discussed areas such as energy.").initiatives == []
