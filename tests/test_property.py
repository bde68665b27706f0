from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import extract_text

WORDS = st.sampled_from(
    "Uzbekistan Japan Central Asian proposed signed will fund network project of the a in Tokyo , . "
    "agreed areas including energy and summit December 20 visit to “ ” Mirziyoyev he launched \n\n".split(" ")
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), st.lists(WORDS, max_size=80).map(" ".join)))
def test_arbitrary_text_never_crashes_and_offsets_slice_back_to_the_evidence(text):
    ex = extract_text(text)
    for ini in ex.initiatives:
        for claim in ini.claims:
            assert text[claim.evidence.start : claim.evidence.end] == claim.evidence.text
    for mention in ex.mentions:
        assert text[mention.span.start : mention.span.end] == mention.span.text
