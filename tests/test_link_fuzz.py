"""At least 200 random and malicious query strings: each renders, with a notice when it is bad."""

import random
import string

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.view.data import load_tables
from dashboard.view.filters import QUERY_KEYS, options_for, parse_query
from dashboard.view.plain import plain
from tests.conftest import ROOT

APP = str(ROOT / "dashboard" / "app.py")
MALICIOUS = [
    {"q": ["<script>alert(1)</script>"]},
    {"q": ['"><img src=x onerror=alert(1)>']},
    {"country": ["<svg onload=alert(1)>"]},
    {"country": ["JPN", "JPN", "JPN"]},
    {"country": ["UZB,JPN,,,"]},
    {"status": ["NaN"]},
    {"from": ["NaN"], "to": ["inf"]},
    {"from": ["2025-02-30"]},
    {"from": ["9999-99-99"]},
    {"from": ["-1"]},
    {"to": ["2025-13-01"]},
    {"q": ["x" * 100_000]},
    {"country": ["A" * 10_000]},
    {"kind": ["fund"] * 1_000},
    {"role": ["proposer%00"]},
    {"sector": ["../../etc/passwd"]},
    {"q": ["=cmd|' /C calc'!A0"]},
    {"q": ["%3Cscript%3E"]},
    {"q": ["\u202e\u200b\u0000"]},
    {"__proto__": ["x"]},
    {"": [""]},
    {"status": [""]},
    {"review": ["reviewed", "machine-extracted", "bogus"]},
    {"quiet": ["maybe"]},
    {"country": ["jpn"]},
    {"q": ["' OR 1=1 --"]},
    {"from": ["2026-01-01"], "to": ["2025-01-01"]},
    {"country": ["日本"]},
    {"embed": ["true"], "embed_options": ["dark_theme"]},
    {"page": ["../../secret"]},
]


def random_query(rng: random.Random) -> dict[str, list[str]]:
    keys = list(QUERY_KEYS) + ["utm_source", "x", "country[]", "q;", "%00"]
    alphabet = string.printable + "éüß日本\u202e\u200b<>\"'&%"
    query = {}
    for _ in range(rng.randint(1, 4)):
        key = rng.choice(keys)
        query[key] = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(rng.randint(1, 3))
        ]
    return query


QUERIES = MALICIOUS + [random_query(random.Random(seed)) for seed in range(180)]


def test_there_are_at_least_200_query_strings():
    assert len(QUERIES) >= 200


@pytest.fixture(scope="module")
def options():
    return options_for(load_tables())


@pytest.mark.parametrize("query", QUERIES, ids=[f"q{i}" for i in range(len(QUERIES))])
def test_every_link_renders_with_a_notice_when_it_is_bad(query, options):
    at = AppTest.from_file(APP, default_timeout=60)
    for key, values in query.items():
        at.query_params[key] = values
    at.run()
    assert not at.exception
    assert at.metric and at.metric[0].label == "Initiatives in view"
    _, notices = parse_query(query, options)
    shown = " ".join(w.value for w in at.warning)
    assert all(plain(notice) in shown for notice in notices)  # as plain text: one line, punctuation escaped
    assert "<script" not in " ".join(str(m.value) for m in at.markdown)
