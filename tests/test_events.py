import pytest

from tests.conftest import extract_text


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "The proposal was made on December 20, at the inaugural Central Asia + Japan Summit in Tokyo.",
            "2025-12-20",
            ("summit", "2025-12-20", "", "Tokyo", "JPN", "held"),
        ),
        (
            "Mirziyoyev is on an official visit to Japan, which runs from December 18 through 20.",
            "2025-12-20",
            ("visit", "2025-12-18", "2025-12-20", "", "JPN", "held"),
        ),
        (
            "Japan is arranging a summit with the five Central Asian countries for December 19-20 in Tokyo.",
            "2025-12-03",
            ("summit", "2025-12-19", "2025-12-20", "Tokyo", "JPN", "planned"),
        ),
        (
            "A Japan-Central Asia summit had been scheduled for August 2024 in Kazakhstan, but it was cancelled.",
            "2025-12-03",
            ("summit", "2024-08", "", "", "KAZ", "cancelled"),
        ),
        (
            "The Astana International Forum summit was postponed to June 2026.",
            "2026-01-10",
            ("summit", "2026-06", "", "", "", "postponed"),
        ),
        (  # the host is named before 'hosted'
            "Turkmenistan hosted the second Central Asia-China summit on September 14-15.",
            "2026-09-15",
            ("summit", "2026-09-14", "2026-09-15", "", "TKM", "held"),
        ),
    ],
)
def test_events_have_dates_place_and_status(text, published, expected):
    (event,) = extract_text(text, published).events
    assert (event.kind, event.start, event.end, event.city, event.iso3, event.status) == expected


def test_a_later_mention_of_the_summit_adds_its_venue():
    ex = extract_text(
        "The leaders agreed to prepare the first summit of Japan and Central Asia, planned for 2024. "
        "Japarov said the summit would take place in Astana.",
        "2023-11-22",
    )
    (event,) = ex.events
    assert (event.start, event.city, event.iso3, event.status) == ("2024", "Astana", "KAZ", "planned")


@pytest.mark.parametrize("text", ["It was important to hold such a summit.", "Leaders held summits with the region."])
def test_generic_mentions_are_not_events(text):
    assert extract_text(text).events == []


def test_an_event_name_stops_before_its_date():
    (event,) = extract_text("Turkmenistan hosted the second Central Asia-China summit on September 14-15.").events
    assert event.name == "Second Central Asia-China summit"


def test_the_next_summit_is_another_event_and_does_not_move_the_last_one():
    ex = extract_text(
        "Turkmenistan hosted the second Central Asia-China summit on September 14-15. "
        "The leaders agreed to hold the next summit in China in 2027.",
        "2026-09-15",
    )
    held, planned = ex.events
    assert (held.start, held.iso3, held.status) == ("2026-09-14", "TKM", "held")
    assert (planned.start, planned.iso3, planned.status) == ("2027", "CHN", "planned")
