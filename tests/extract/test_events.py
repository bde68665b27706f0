"""events.py: summits, visits and meetings with their dates, place and status."""

import pytest

from tests.extract.conftest import read


def event_of(text: str, published: str):
    (event,) = read(text, published).events
    return event


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        (
            "The summit will take place in Astana on October 5.",
            "2025-09-20",
            ("summit", "2025-10-05", "", "Astana", "KAZ", "planned"),
        ),
        (  # Tuesday before a Saturday's report
            "Putin arrived in Beijing on Tuesday for a state visit.",
            "2025-09-20",
            ("visit", "2025-09-16", "", "Beijing", "CHN", "held"),
        ),
        (
            "The next meeting of the council is scheduled for March 2026 in Baku.",
            "2025-09-20",
            ("meeting", "2026-03", "", "Baku", "AZE", "planned"),
        ),
        (
            "The two presidents held talks in Ankara on September 18.",
            "2025-09-20",
            ("meeting", "2025-09-18", "", "Ankara", "TUR", "held"),
        ),
        (
            "The summit of the Organization of Turkic States was held in Gabala on October 7.",
            "2025-12-20",
            ("summit", "2025-10-07", "", "Gabala", "AZE", "held"),
        ),
        (
            "The next summit will be held in Bishkek in 2026.",
            "2025-12-20",
            ("summit", "2026", "", "Bishkek", "KGZ", "planned"),
        ),
        (
            "The summit has been put off until 2026.",
            "2025-09-20",
            ("summit", "2026", "", "", "", "postponed"),
        ),
    ],
)
def test_an_event_has_its_kind_dates_place_and_status(text, published, expected):
    e = event_of(text, published)
    assert (e.kind, e.start, e.end, e.city, e.iso3, e.status) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The next summit will be held in Doha next year.", ("2026", "Doha", "planned")),
        ("The summit will take place in Riyadh in May next year.", ("2026-05", "Riyadh", "planned")),
        ("The summit will take place in Riyadh later this year.", ("2025", "Riyadh", "planned")),
        ("The summit was held last year in Muscat.", ("2024", "Muscat", "held")),
    ],
)
def test_next_this_and_last_year_resolve_against_the_report(text, expected):
    e = event_of(text, "2025-06-10")
    assert (e.start, e.city, e.status) == expected


def test_the_host_before_hosted_is_the_place_and_friday_resolves_against_the_report():
    e = event_of("Japan hosted the summit on Friday.", "2025-09-20")
    assert (e.start, e.iso3, e.status) == ("2025-09-19", "JPN", "held")


def test_a_city_of_arrival_places_a_visit():
    e = event_of("Modi arrived in Abu Dhabi on Thursday on a two-day visit.", "2025-12-20")
    assert (e.kind, e.start, e.city, e.iso3, e.status) == ("visit", "2025-12-18", "Abu Dhabi", "ARE", "held")


def test_a_visit_announced_for_january_in_a_december_report_is_next_year_and_planned():
    e = event_of("Erdogan will pay a state visit to Kazakhstan on January 14-15.", "2025-12-20")
    assert (e.start, e.end, e.iso3, e.status) == ("2026-01-14", "2026-01-15", "KAZ", "planned")


def test_a_visit_paid_in_january_in_a_december_report_is_that_years_and_held():
    e = event_of("Erdogan paid a state visit to Kazakhstan on January 14-15.", "2025-12-20")
    assert (e.start, e.end, e.status) == ("2025-01-14", "2025-01-15", "held")


def test_leaders_who_will_meet_next_year_plan_a_meeting_in_that_year():
    e = event_of("The leaders of the Gulf states will meet in Doha next year.", "2025-06-10")
    assert (e.start, e.city, e.iso3, e.status) == ("2026", "Doha", "QAT", "planned")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The leaders met in Samarkand on Friday.", ("2025-09-19", "Samarkand", "UZB", "held")),
        ("Putin and Xi met in Beijing on Tuesday.", ("2025-09-16", "Beijing", "CHN", "held")),
    ],
)
def test_sides_that_met_somewhere_held_a_meeting(text, expected):
    e = event_of(text, "2025-09-20")
    assert (e.kind, e.start, e.city, e.iso3, e.status) == ("meeting", *expected)


def test_a_meeting_verb_with_no_place_or_date_is_no_event():
    assert read("The sides met to discuss trade.", "2025-09-20").events == []


@pytest.mark.xfail(strict=True, reason="a named forum that 'was cancelled' gives no event")
def test_a_cancelled_forum_is_a_cancelled_event():
    e = event_of("The Astana International Forum was cancelled.", "2025-06-10")
    assert (e.kind, e.status) == ("conference", "cancelled")


def test_a_generic_mention_of_summits_is_not_an_event():
    assert read("Leaders often hold summits in the spring.", "2025-06-10").events == []


def test_a_later_mention_of_the_summit_joins_the_first():
    ex = read(
        "The Turkic summit opened in Gabala on October 7. The summit adopted a declaration on transport.",
        "2025-10-08",
    )
    (event,) = ex.events
    assert (event.start, event.city) == ("2025-10-07", "Gabala")
