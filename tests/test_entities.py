import pytest

from tests.conftest import extract_text


def mentions(text):
    return [(m.label, m.ref, m.span.text) for m in extract_text(text).mentions]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Uzbekistan and Japan met.", [("COUNTRY", "UZB", "Uzbekistan"), ("COUNTRY", "JPN", "Japan")]),
        ("The Uzbek side thanked Japanese firms.", [("DEMONYM", "UZB", "Uzbek"), ("DEMONYM", "JPN", "Japanese")]),
        ("Shavkat Mirziyoyev spoke.", [("LEADER", "UZB", "Shavkat Mirziyoyev")]),
        ("Tokayev and Takaichi spoke.", [("LEADER", "KAZ", "Tokayev"), ("LEADER", "JPN", "Takaichi")]),
        ("They met in Tashkent and Bishkek.", [("CITY", "UZB", "Tashkent"), ("CITY", "KGZ", "Bishkek")]),
        ("A Central Asian network.", [("REGION", "Central Asia", "Central Asian")]),
        ("Talks in Dushanbe and Ashgabat.", [("CITY", "TJK", "Dushanbe"), ("CITY", "TKM", "Ashgabat")]),
        (
            "The Japan International Cooperation Agency (JICA) helps.",
            [("ORG", "jica", "Japan International Cooperation Agency"), ("ORG", "jica", "JICA")],
        ),
        ("Sojitz LLC builds it.", [("ORG", "sojitz", "Sojitz LLC")]),
        ("Officials of the Kyrgyz Republic came.", [("COUNTRY", "KGZ", "Kyrgyz Republic")]),
        ("Let us go.", []),
    ],
)
def test_countries_leaders_cities_regions_and_organizations_are_recognised(text, expected):
    assert mentions(text) == expected


def test_every_iso_country_has_a_name_that_is_recognised(codebook):
    assert len(codebook.countries) == 249
    assert mentions("Talks with Brazil and Norway.") == [("COUNTRY", "BRA", "Brazil"), ("COUNTRY", "NOR", "Norway")]
