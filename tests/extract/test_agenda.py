"""agenda.py: cooperation areas a meeting names as its agenda, one row per area."""

from tests.extract.conftest import named, rows, status


def test_a_discussed_list_of_areas_is_one_agenda_row_each():
    found = rows("The ministers discussed energy, transport, agriculture and tourism.")
    assert [i.name for i in found] == ["Energy", "Transport", "Agriculture", "Tourism"]
    assert {i.kind.value for i in found} == {"agenda"} and {status(i) for i in found} == {"under_discussion"}
    assert named(found, "tourism").sectors == ["tourism"]


def test_areas_after_cooperation_in_are_areas():
    found = rows("Oman and India explored cooperation in shipping, healthcare and space.")
    assert {i.name for i in found} == {"Shipping", "Healthcare", "Space"}


def test_areas_named_as_priorities_are_agenda_rows():
    found = rows("The leaders named digital technology, healthcare and education as priority areas.")
    assert {i.kind.value for i in found} == {"agenda"} and len(found) == 3


def test_areas_identified_as_directions_are_agenda_rows_and_a_person_named_as_envoy_is_none():
    found = rows("The ministers identified energy, transport and agriculture as the main directions of cooperation.")
    assert {i.kind.value for i in found} == {"agenda"} and len(found) == 3
    assert not rows("The president named Ahmed Karimov, Rustam Aliev and Timur Saidov as ambassadors.")


def test_a_single_leader_stressing_areas_proposes_them():
    found = rows("Erdogan stressed the importance of cooperation in defence, energy and trade.")
    assert {i.proposer for i in found} == {"TUR"} and {status(i) for i in found} == {"proposed"}


def test_a_single_area_on_the_agenda_is_a_row():
    found = rows("Energy topped the agenda of the talks.")
    assert [i.name for i in found] == ["Energy"]


def test_what_a_signed_memorandum_covers_is_not_an_agenda():
    found = rows(
        "Japan and Uzbekistan signed a memorandum on rare metals. The memorandum covers exploration and processing."
    )
    assert [i.kind.value for i in found] == ["agreement"]


def test_a_package_of_projects_with_a_value_is_not_a_list_of_areas():
    found = rows("The sides signed joint projects in energy and construction with a total value of 5 billion euros.")
    assert "agenda" not in {i.kind.value for i in found}
