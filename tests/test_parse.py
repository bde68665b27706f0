"""`nlp.parse` reads sentences and entities from token arrays. It must agree with spaCy's own
sentencizer and EntityRuler, which it replaced for speed: the reference pipeline is built here."""

from dataclasses import replace

import numpy
import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.util import filter_spans

from dashboard import nlp
from dashboard.codebook import ROOT, load_codebook
from dashboard.nlp import Match, build_pipeline, entity_patterns, longest_first, parse, word_info
from dashboard.synthetic import write_corpus


@Language.component("reference_newline_sentences")
def newline_sentences(doc):
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]):
        if "\n" in doc[int(i)].text:
            doc[int(i) + 1].is_sent_start = True
    return doc


@pytest.fixture(scope="module")
def reference():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("reference_newline_sentences")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(entity_patterns(load_codebook()))
    return nlp


def agree(reference, text: str) -> None:
    doc, parsed = reference(text), parse(text, build_pipeline(load_codebook()))
    assert parsed.words == [t.text for t in doc]
    assert parsed.lower == [t.lower_ for t in doc]
    assert parsed.idx == [t.idx for t in doc]
    assert parsed.ends == [t.idx + len(t) for t in doc]
    flags = [(t.is_punct, t.is_space, t.is_quote, t.like_num, t.is_lower) for t in doc]
    assert list(zip(parsed.punct, parsed.space, parsed.quote, parsed.num, parsed.is_lower, strict=True)) == flags
    assert [(s.start, s.end, s.start_char, s.end_char) for s in parsed.sents] == [
        (s.start, s.end, s.start_char, s.end_char) for s in doc.sents
    ]
    assert [(e.start, e.end, e.label_, e.ent_id_, e.text) for e in parsed.ents] == [
        (e.start, e.end, e.label_, e.ent_id_, e.text) for e in doc.ents
    ]


def article_texts(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("synthetic")
    write_corpus(60, 3, folder)
    paths = [*ROOT.glob("seeds/*.txt"), *ROOT.glob("tests/corpus/*.txt"), *sorted(folder.glob("*.txt"))]
    return [p.read_text(encoding="utf-8") for p in paths]


def test_parse_agrees_with_spacy_on_articles(reference, tmp_path_factory):
    texts = article_texts(tmp_path_factory)
    assert len(texts) > 60
    for text in texts:
        agree(reference, text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "\n\n",
        "...",
        "Japan.",
        "“Uzbekistan proposed it.” Japan agreed! Really?! Yes…",
        "Header line\nTASHKENT, Uzbekistan, Dec. 20 - Kazakhstan and Japan met.\n\n\nNext.",
        "İSTANBUL ΣΟΦΊΑ ΟΔΟΣ. Central Asia and Central Asian states; Japan-Uzbekistan ties.",
        "A.B.C. U.S. e.g. 5.5 billion. (Japan.) [Uzbekistan]. 'Kyrgyzstan.'",
    ],
)
def test_parse_agrees_with_spacy_on_edge_cases(reference, text):
    agree(reference, text)


WORDS = ["Japan", "Uzbekistan", "Central", "Asia", "Asian", "Tokyo", ".", "!", "?", ",", "“", "”", "\n", "\n\n",
         " ", "fund", "the", "Mirziyoyev", "Takaichi", "JICA", "-", "'s", "Σ", "İ", "…", "3.5", "\t"]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(WORDS), max_size=40), st.lists(st.sampled_from(["", " "]), max_size=40))
def test_parse_agrees_with_spacy_on_random_texts(reference, words, gaps):
    text = "".join(w + (gaps[i] if i < len(gaps) else " ") for i, w in enumerate(words))
    agree(reference, text)


def test_the_word_memo_starts_again_when_full():
    pipeline = replace(build_pipeline(load_codebook()), words={})
    pipeline.words.update((f"w{i}", ("", 0, 0, 0, 0, 0)) for i in range(nlp.MAX_WORDS))
    assert word_info(pipeline, "Japan") == ("japan", 0, 0, 0, 0, 0)
    assert list(pipeline.words) == ["Japan"]
    assert parse("Japan.", pipeline).punct == [0, 1]
    assert set(pipeline.words) == {"Japan", "."}


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)), max_size=25))
def test_longest_first_keeps_what_spacy_filter_spans_keeps(starts_and_lengths):
    text = " ".join(["word"] * 40)
    parsed, doc = parse(text, build_pipeline(load_codebook())), spacy.blank("en")(text)
    pairs = sorted((a, min(a + n, 40)) for a, n in starts_and_lengths)
    spans = [Match(parsed, a, b, "X") for a, b in pairs]
    expected = [(s.start, s.end) for s in filter_spans([doc[a:b] for a, b in pairs])]
    assert [(s.start, s.end) for s in longest_first(spans)] == expected
