"""Pathological runs are broken one for one before tokenising: lengths and offsets stay valid."""

import pytest

from dashboard.guard_text import MAX_CHUNK, MAX_PUNCT_RUN, calm_runs
from dashboard.nlp import build_pipeline, parse


@pytest.mark.parametrize(
    "text",
    [
        "Japan proposed a Tashkent Logistics Hub (THL) on 20 December, 2025.",
        'Prices: $1,000.50 -- see https://example.org/a/b?c=d&e=f#g ... "quoted" (1)[2]{3}!',
        "-" * MAX_PUNCT_RUN + "\n" + "=" * MAX_PUNCT_RUN,  # a rule line as long as allowed
        "x" * MAX_CHUNK,
    ],
)
def test_ordinary_text_comes_back_unchanged(text):
    assert calm_runs(text) == text


@pytest.mark.parametrize(
    "run",
    [",", "(", '"', "!", ":", "…", "&", ',("!:…&', "'s", "a:", "http://a"],
)
def test_a_long_run_is_broken_one_for_one(run):
    text = "Japan agreed. " + run * 20_000 + " The end."
    calmed = calm_runs(text)
    assert len(calmed) == len(text)
    changed = [i for i, (a, b) in enumerate(zip(text, calmed, strict=True)) if a != b]
    assert changed and all(calmed[i] == " " for i in changed)  # only spaces put in, nothing moved
    assert calmed[:14] == text[:14] and calmed[-9:] == text[-9:]
    chunks = calmed.split()
    assert max(map(len, chunks)) <= MAX_CHUNK
    assert all(len(c) <= MAX_PUNCT_RUN for c in chunks if not any(ch.isalnum() for ch in c))


def test_letters_and_digits_of_chunks_of_ordinary_length_are_never_replaced():
    text = ("ab,1 " * 5000) + "," * 5000
    calmed = calm_runs(text)
    assert [c for c in calmed if c.isalnum()] == [c for c in text if c.isalnum()]


def test_parse_reads_the_calmed_text_with_the_same_offsets():
    text = "Japan proposed creating a Tashkent Logistics Hub." + "," * 100
    parsed = parse(text, build_pipeline())
    assert parsed.text == calm_runs(text) and len(parsed.text) == len(text)
    assert parsed.words[:3] == ["Japan", "proposed", "creating"]
    assert max(len(w) for w in parsed.words) <= MAX_PUNCT_RUN
