import pytest

from tests.conftest import extract_text, only


@pytest.mark.parametrize(
    ("sentence", "dac"),
    [
        ("He proposed a Central Asian network of Japanese technoparks.", {321}),
        ("Japan expressed interest in a partnership for regional transit and logistics networks.", {210}),
        ("The sides discussed the joint development of mineral resources.", {322}),
        ("They signed an agreement on a solar power plant.", {230}),
        ("Uzbekistan proposed a university for human capital and vocational training.", {110}),
        ("The sides discussed a hospital project in Khujand.", {120}),
    ],
)
def test_sector_keywords_map_to_oecd_dac_codes(sentence, dac, codebook):
    ini = only(extract_text(sentence))
    assert dac <= {codebook.sectors[s].dac for s in ini.sectors}


def test_every_sector_has_a_three_digit_dac_code_and_keywords(codebook):
    for sector in codebook.sectors.values():
        assert 100 <= sector.dac <= 999 and sector.keywords
