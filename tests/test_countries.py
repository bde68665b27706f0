import pytest

from dashboard.records import Role
from tests.conftest import extract_text, only


def roles(ini):
    return {(link.iso3, link.role, link.inferred) for link in ini.countries}


def test_a_region_expands_to_its_members_as_inferred_participants():
    ini = only(extract_text("Uzbekistan proposed creating a Central Asian network of technoparks."))
    assert {("KAZ", Role.PARTICIPANT, True), ("TKM", Role.PARTICIPANT, True)} <= roles(ini)
    assert ("UZB", Role.PROPOSER, False) in roles(ini)


def test_the_proposer_is_the_leader_who_put_it_forward_even_as_a_pronoun():
    ex = extract_text(
        "President Mirziyoyev met Japanese investors. He proposed establishing a Tashkent Logistics Fund."
    )
    assert only(ex).proposer == "UZB"


def test_a_city_after_in_makes_its_country_the_host():
    ini = only(extract_text("The sides discussed a new logistics centre project in Osh with Japan."))
    assert ("KGZ", Role.HOST, False) in roles(ini)


def test_a_development_bank_that_supports_it_is_a_financier():
    ini = only(extract_text("With the support of JICA, Uzbekistan is implementing a special economic zone project."))
    assert ("JPN", Role.FINANCIER, True) in roles(ini)
    assert ini.organizations == [("jica", "financier")]


@pytest.mark.parametrize(
    ("sentence", "iso3", "role"),
    [
        ("Japan will finance the construction of the Termez international airport.", "JPN", Role.FINANCIER),
        ("The Dushanbe-Bokhtar road, built with Chinese funding, was opened to traffic.", "CHN", Role.FINANCIER),
        ("Kazakhstan has financed the Aktau seaport project since 2020.", "KAZ", Role.FINANCIER),
        # the fund finances, not Japan; attracting investment asks for money, it does not pay
        (
            "Tokayev proposed a Central Asia Green Energy Fund with Japan to finance solar and wind power plants.",
            "JPN",
            Role.PARTNER,
        ),
        (
            "Uzbekistan proposed a Quality Infrastructure program aimed at attracting Japanese investment.",
            "JPN",
            Role.PARTNER,
        ),
    ],
)
def test_a_country_that_pays_is_a_financier(sentence, iso3, role):
    ini = only(extract_text(sentence))
    found = {link.role for link in ini.countries if link.iso3 == iso3}
    assert role in found and (Role.FINANCIER in found) == (role is Role.FINANCIER)


def test_only_proposals_have_a_proposer():
    ini = only(extract_text("Kazakhstan signed a railway construction agreement with China."))
    assert ini.proposer == ""
