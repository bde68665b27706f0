import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.dates import MONTH_NAME, NEEDS_MONTH, NEEDS_YEAR, PATTERNS, YEAR, boundary_matches, find_dates


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("The proposal was made on December 20, at the summit", "2025-12-20", [("2025-12-20", "")]),
        ("a summit for December 19-20 in Tokyo", "2025-12-03", [("2025-12-19", "2025-12-20")]),
        ("which runs from December 18 through 20.", "2025-12-20", [("2025-12-18", "2025-12-20")]),
        ("signed on 3 March 2024 in Astana", "", [("2024-03-03", "")]),
        ("scheduled for August 2024 in Kazakhstan", "2025-12-03", [("2024-08", "")]),
        ("planned for 2024 to mark the anniversary", "2023-11-22", [("2024", "")]),
        ("published 2025-12-20", "", [("2025-12-20", "")]),
        ("an impossible 2025-02-30 date", "", []),
        ("on February 30 there was nothing", "2025-01-01", []),
        ("the 20th anniversary of the dialogue", "2025-12-20", []),
        ("on November 20 with no known year", "", []),
    ],
)
def test_date_expressions_become_iso_dates_at_their_precision(text, reference, expected):
    assert [(d.start, d.end) for d in find_dates(text, reference)] == expected


def test_offsets_slice_back_to_the_date_words():
    text = "They met on December 20, 2025 in Tokyo."
    (date,) = find_dates(text)
    assert text[date.offset : date.end_offset] == "December 20, 2025"


PIECES = ["December", "Dec.", "May", "20", "19", "2025", "1999", "-", "–", "th", "to", " ", ", ", "in ", "x", "_", "é"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_the_boundary_check_finds_what_a_leading_word_boundary_would(pieces):
    text = "".join(pieces)
    for pattern in PATTERNS:
        with_boundary = re.compile(r"\b" + pattern.pattern)
        expected = [(m.span(), m.groupdict()) for m in with_boundary.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in boundary_matches(pattern, text)] == expected


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14))
def test_a_pattern_skipped_for_want_of_a_month_or_year_would_find_nothing(pieces):
    text = "".join(pieces)
    for pattern, month, year in zip(PATTERNS, NEEDS_MONTH, NEEDS_YEAR, strict=True):
        if month and not MONTH_NAME.search(text) or year and not YEAR.search(text):
            assert boundary_matches(pattern, text) == []
