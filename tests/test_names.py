import pytest

from tests.conftest import extract_text, only


@pytest.mark.parametrize(
    ("sentence", "name", "kind"),
    [
        (
            "Mirziyoyev proposed creating a Central Asian network of Japanese technoparks, serving as a platform.",
            "Central Asian network of Japanese technoparks",
            "network",
        ),
        (
            "He proposed establishing a Central Asia Infrastructure and Industry Development Investment Fund.",
            "Central Asia Infrastructure and Industry Development Investment Fund",
            "fund",
        ),
        (
            "The sides agreed to establish an intergovernmental commission on trade.",
            "Intergovernmental commission on trade",
            "institution",
        ),
        (  # a generic head named by its purpose
            "Tajikistan and the European Union launched a programme to support small businesses in the Khatlon region.",
            "Programme to support small businesses in the Khatlon region",
            "programme",
        ),
        (
            "The Kazakh side proposed setting up a joint fund with Japan to finance green energy projects.",
            "Joint fund with Japan to finance green energy projects",
            "fund",
        ),
        (  # ... but not when the purpose creates the named thing
            "Kazakhstan put forward an initiative to establish the Aral Sea Restoration Fund.",
            "Aral Sea Restoration Fund",
            "fund",
        ),
        (  # a financing's name keeps its sum (GOLD_GUIDE: financing)
            "The World Bank approved a $100 million credit line for the rehabilitation of irrigation canals.",
            "$100 million credit line for the rehabilitation of irrigation canals",
            "financing",
        ),
        (  # a package with its value is one deal
            "Japanese companies are implementing 12 projects worth $2 billion in Kazakhstan.",
            "12 projects worth $2 billion",
            "deal",
        ),
        (  # an agreement to build a named thing is that thing
            "Kazakhstan and China signed an agreement to build a new railway line between Ayagoz and Tacheng.",
            "New railway line between Ayagoz and Tacheng",
            "project",
        ),
        ("The sides approved the 2026-2028 roadmap for trade.", "2026-2028 roadmap for trade", "strategy"),
        (
            "The Uzbek side expressed interest in the Trans-Caspian International Transport Route.",
            "Trans-Caspian International Transport Route",
            "project",
        ),
        (
            "The sides agreed to set up a working group on critical minerals.",
            "Working group on critical minerals",
            "institution",
        ),
        (
            "Sojitz is engaged in the execution of the new international airport project in Tashkent.",
            "New international airport project in Tashkent",
            "project",
        ),
        (
            "The sides discussed setting up modern special economic zones for high-tech manufacturing.",
            "Modern special economic zones for high-tech manufacturing",
            "project",
        ),
        (
            "The leaders agreed to expand industrial cooperation through production automation.",
            "Industrial cooperation through production automation",
            "partnership",
        ),
        (
            "Tokayev proposed establishing a China-Central Asia Secretariat for Industrial Cooperation.",
            "China-Central Asia Secretariat for Industrial Cooperation",
            "institution",
        ),
        ("The ministers adopted a regional water strategy.", "Regional water strategy", "strategy"),
        (
            "Uzbekistan and Japan exchanged a package of bilateral documents.",
            "Package of bilateral documents",
            "agreement",
        ),
        ("The Kambarata-1 hydropower plant was commissioned.", "Kambarata-1 hydropower plant", "project"),
        (
            "The sides agreed to bring bilateral trade turnover to $5 billion.",
            "Bilateral trade turnover target of $5 billion",
            "target",
        ),
    ],
)
def test_initiatives_get_names_a_person_would_write_and_their_kind(sentence, name, kind):
    ini = only(extract_text(sentence))
    assert (ini.name, ini.kind.value) == (name, kind)


@pytest.mark.parametrize(
    "sentence",
    [
        "The fund was launched in May.",  # an anaphor names nothing new
        "A new project was approved.",  # generic words only
        "He proposed it as a regional platform for industrial cooperation.",  # a description after 'as'
        "The Japan International Cooperation Agency signed the minutes.",  # kind noun inside an organization
        "The sides agreed to hold the next meeting of the intergovernmental commission in Tokyo.",  # its convener
        "The second session of the Uzbekistan-Japan business council was held in Tashkent.",
        "Japanese companies are implementing 12 projects in Kazakhstan.",  # a count
        "The parties signed five documents.",
    ],
)
def test_phrases_that_name_nothing_new_are_not_initiatives(sentence):
    assert extract_text(sentence).initiatives == []


def test_two_mentions_of_one_zone_in_a_document_merge_with_both_claims():
    ex = extract_text(
        "The sides discussed setting up modern special economic zones for export manufacturing. "
        "A project is being prepared to create a special economic zone built on Japanese models."
    )
    ini = only(ex)
    assert [c.cue for c in ini.claims] == ["discussed", "prepared"]


def test_a_fund_that_supports_a_programme_links_to_it_as_parent():
    ex = extract_text(
        "He proposed establishing a Regional Investment Fund, which would support a Quality Infrastructure program."
    )
    fund, programme = ex.initiatives
    assert fund.parent_key == programme.key and programme.parent_key == ""
