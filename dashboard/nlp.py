"""The spaCy pipeline: a blank English tokenizer, sentence rules, an entity matcher for
countries, leaders, regions and organizations, and one PhraseMatcher for the lexicons.
No trained model is used: everything comes from the codebook."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from dashboard.codebook import Codebook, load_codebook

# Match ids of the lexicon PhraseMatcher are "FAMILY:label", e.g. "CUE:proposed".
CUE, HEDGE, CREATE, KIND, EVENT, SECTOR = "CUE", "HEDGE", "CREATE", "KIND", "EVENT", "SECTOR"
AGENDA_NOUN, AGENDA_CONNECTOR = "AGENDA_NOUN", "AGENDA_CONNECTOR"
TRIGGER = "TRIGGER"  # words that start the support and target rules
TARGET_VERBS = {"bring", "increase", "raise", "boost", "double", "reach", "triple", "expand"}
SUPPORT_WORDS = {"support", "financing", "assistance", "funding"}
ENT_SEP = "||"  # entity match ids are "LABEL||id", e.g. "COUNTRY||JPN"


def plural_forms(phrase: str) -> list[str]:
    """'logistics centre' -> ['logistics centre', 'logistics centres']; 'facility' -> 'facilities'."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("s") or not last[-1:].isalpha():
        forms = [last]
    elif last.endswith(("x", "ch", "sh")):
        forms = [last, last + "es"]
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        forms = [last, last[:-1] + "ies"]
    else:
        forms = [last, last + "s"]
    return [f"{head} {f}".strip() for f in forms]


def entity_patterns(codebook: Codebook) -> list[dict]:
    """EntityRuler patterns, one per alias; the longest match wins ('Central Asian' over 'Central Asia')."""
    patterns = []
    for c in codebook.countries.values():
        patterns += [{"label": "COUNTRY", "pattern": a, "id": c.iso3} for a in c.aliases]
        patterns += [{"label": "DEMONYM", "pattern": a, "id": c.iso3} for a in c.demonyms]
        patterns += [{"label": "CITY", "pattern": a, "id": c.iso3} for a in c.cities]
    for leader in codebook.leaders:
        patterns += [{"label": "LEADER", "pattern": a, "id": leader.iso3} for a in (leader.name, *leader.aliases)]
    for region in codebook.regions.values():
        patterns += [{"label": "REGION", "pattern": a, "id": region.name} for a in region.aliases]
    for org in codebook.organizations.values():
        patterns += [{"label": "ORG", "pattern": a, "id": org.org_id} for a in (org.name, *org.aliases)]
    return patterns


def lexicon_phrases(codebook: Codebook) -> dict[str, list[str]]:
    """Match id -> phrases for the lexicon matcher (lower-case, plurals added)."""
    phrases: dict[str, list[str]] = {f"{CUE}:{s.value}": list(c) for s, c in codebook.cues.items()}
    phrases[HEDGE] = list(codebook.hedges)
    phrases[CREATE] = list(codebook.creation)
    phrases[AGENDA_NOUN] = list(codebook.agenda_nouns)
    phrases[AGENDA_CONNECTOR] = list(codebook.agenda_connectors)
    phrases[TRIGGER] = sorted(SUPPORT_WORDS | TARGET_VERBS)
    for kind, nouns in codebook.kind_nouns.items():
        phrases[f"{KIND}:{kind.value}"] = [p for n in nouns for p in plural_forms(n.lower())]
    for event_kind, event_nouns in codebook.event_nouns.items():
        phrases[f"{EVENT}:{event_kind}"] = [p for n in event_nouns for p in plural_forms(n.lower())]
    for sector in codebook.sectors.values():
        phrases[f"{SECTOR}:{sector.sector_id}"] = [p for k in sector.keywords for p in plural_forms(k.lower())]
    return phrases


@dataclass(frozen=True)
class Pipeline:
    """spaCy's tokenizer and two phrase matchers, built once per codebook: `entities` over
    the exact text (countries, leaders, regions, organizations) and `lexicon` over the
    lower-case text (cues, kind nouns, sector keywords)."""

    nlp: Language
    lexicon: PhraseMatcher
    entities: PhraseMatcher
    entity_ids: dict[int, tuple[str, str]]  # match id -> (label, id)
    lexicon_ids: dict[int, str]  # match id -> "FAMILY:label"
    full_stops: frozenset[str] = frozenset(Sentencizer.default_punct_chars)  # what ends a sentence
    words: dict[str, "WordInfo"] = field(default_factory=dict)  # what `word_info` has read, by token text


@lru_cache(maxsize=2)
def build_pipeline(codebook: Codebook | None = None) -> Pipeline:
    """The tokenizer and the matchers. No spaCy component runs after the tokenizer:
    `parse` reads sentences and entities from token arrays, which is several times faster
    than the sentencizer and the EntityRuler over `Token` objects, with the same result."""
    codebook = codebook or load_codebook()
    nlp = spacy.blank("en")
    nlp.max_length = 6_000_000  # above the 5 MB input cap; the limit guards parsers this pipeline lacks
    lexicon = PhraseMatcher(nlp.vocab, attr="LOWER")
    lexicon_ids = {}
    for match_id, phrases in lexicon_phrases(codebook).items():
        lexicon.add(match_id, [nlp.make_doc(p) for p in dict.fromkeys(phrases)])
        lexicon_ids[nlp.vocab.strings[match_id]] = match_id
    by_key: dict[str, list[str]] = {}
    for pattern in entity_patterns(codebook):
        by_key.setdefault(f"{pattern['label']}{ENT_SEP}{pattern['id']}", []).append(pattern["pattern"])
    entities = PhraseMatcher(nlp.vocab, attr="ORTH")
    entity_ids = {}
    for key, aliases in by_key.items():
        entities.add(key, [nlp.make_doc(a) for a in aliases])
        label, _, ent_id = key.partition(ENT_SEP)
        entity_ids[nlp.vocab.strings[key]] = (label, ent_id)
    return Pipeline(nlp, lexicon, entities, entity_ids, lexicon_ids)


class Match:
    """A matched stretch of tokens [start, end) and characters [start_char, end_char): an
    entity or a lexicon phrase. It keeps the document's text, not the parsed document, so
    that a document's objects hold no reference cycle and are freed as soon as it is read."""

    __slots__ = ("source", "start", "end", "start_char", "end_char", "label_", "ent_id_")

    def __init__(self, parsed: "Parsed", start: int, end: int, label: str, ent_id: str = ""):
        self.source, self.start, self.end, self.label_, self.ent_id_ = parsed.text, start, end, label, ent_id
        self.start_char, self.end_char = parsed.idx[start], parsed.ends[end - 1]

    @property
    def text(self) -> str:
        return self.source[self.start_char : self.end_char]

    def __repr__(self) -> str:
        return f"Match({self.label_!r}, {self.start}, {self.end}, {self.text!r})"


class Sentence:
    """Tokens [start, end) and characters [start_char, end_char) of one sentence."""

    __slots__ = ("start", "end", "start_char", "end_char")

    def __init__(self, parsed: "Parsed", start: int, end: int):
        self.start, self.end = start, end
        self.start_char, self.end_char = parsed.idx[start], parsed.ends[end - 1]

    def __len__(self) -> int:
        return self.end - self.start


@dataclass
class Parsed:
    """One document as plain Python lists, one entry per token, for the rule families:
    reading `words[i]` costs a list lookup where `doc[i].text` builds a spaCy Token."""

    text: str
    words: list[str]
    lower: list[str]
    idx: list[int]  # first character of each token
    ends: list[int]  # one past its last character
    punct: list[int]
    space: list[int]
    quote: list[int]
    num: list[int]  # like a number: '5', 'five', '1,000'
    is_lower: list[int]
    sents: list[Sentence] = field(default_factory=list)
    ents: list[Match] = field(default_factory=list)
    lexicon: list[Match] = field(default_factory=list)

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens [start, end) as written, '' when empty."""
        return self.text[self.idx[start] : self.ends[end - 1]] if end > start else ""


TOKEN_ATTRS = [IDX, LENGTH]
WordInfo = tuple[str, int, int, int, int, int]  # lower-case form, is_punct, is_space, is_quote, like_num, is_lower
MAX_WORDS = 200_000  # words kept by `word_info`; past that it starts again, so memory stays bounded
LOWER: Callable[[str], str] = str.lower  # CPython's own method: mypyc's str.lower() misses the final sigma


def word_info(pipeline: Pipeline, word: str) -> WordInfo:
    """A token text's lower-case form and spaCy's lexeme flags for it. The flags belong to
    the word, not to the token (spaCy keeps them on the vocabulary's lexeme), so they are
    read once per word: a dictionary lookup per token instead of five attributes in `to_array`."""
    info = pipeline.words.get(word)
    if info is not None:
        return info
    lex = pipeline.nlp.vocab[word]
    info = (
        LOWER(word),
        int(lex.is_punct),
        int(lex.is_space),
        int(lex.is_quote),
        int(lex.like_num),
        int(lex.is_lower),
    )
    if len(pipeline.words) >= MAX_WORDS:
        pipeline.words.clear()
    pipeline.words[word] = info
    return info


def parse(text: str, pipeline: Pipeline) -> Parsed:
    """Tokenise a text, then read its token attributes, sentences, entities and lexicon matches."""
    doc = pipeline.nlp.make_doc(text)
    if not len(doc):
        return Parsed(text, [], [], [], [], [], [], [], [], [])
    columns: list[list[int]] = doc.to_array(TOKEN_ATTRS).T.tolist()
    idx, length = columns
    ends: list[int] = []
    words: list[str] = []
    lower: list[str] = []
    punct: list[int] = []
    space: list[int] = []
    quote: list[int] = []
    num: list[int] = []
    is_lower: list[int] = []
    for a, n in zip(idx, length, strict=True):
        word = text[a : a + n]
        info = word_info(pipeline, word)
        ends.append(a + n)
        words.append(word)
        lower.append(info[0])
        punct.append(info[1])
        space.append(info[2])
        quote.append(info[3])
        num.append(info[4])
        is_lower.append(info[5])
    parsed = Parsed(text, words, lower, idx, ends, punct, space, quote, num, is_lower)
    parsed.sents = sentences(parsed, pipeline.full_stops)
    parsed.ents = entities(parsed, doc, pipeline)
    labels = pipeline.lexicon_ids
    parsed.lexicon = [Match(parsed, start, end, labels[m]) for m, start, end in pipeline.lexicon(doc)]
    return parsed


def sentences(parsed: Parsed, full_stops: frozenset[str]) -> list[Sentence]:
    """spaCy's sentencizer rule: a sentence starts at the first token that is not punctuation
    after a full stop ('.', '!', '?'; closing quotes stay with their sentence). A line break
    always ends a sentence too: headers and datelines stand alone."""
    starts, seen_stop, punct, space = [0], False, parsed.punct, parsed.space
    for i, word in enumerate(parsed.words):
        if word in full_stops:
            seen_stop = True
        elif seen_stop and not punct[i]:
            starts.append(i)
            seen_stop = False
        if space[i] and "\n" in word and i + 1 < len(punct):
            starts.append(i + 1)  # a space token is not punctuation: no full stop is pending here
    starts.append(len(punct))
    return [Sentence(parsed, a, b) for a, b in zip(starts, starts[1:], strict=False)]


def entities(parsed: Parsed, doc: Doc, pipeline: Pipeline) -> list[Match]:
    """spaCy's EntityRuler rule: among overlapping alias matches the longest wins, then the
    first ('Central Asian' over 'Central Asia')."""
    found = []
    for m, start, end in sorted(set(pipeline.entities(doc)), key=lambda m: m[1]):
        label, ent_id = pipeline.entity_ids[m]
        if start != end:
            found.append(Match(parsed, start, end, label, ent_id))
    return longest_first(found)


def longest_first(spans: list[Match]) -> list[Match]:
    """spaCy's `filter_spans`: among overlapping matches the longest wins, then the first; in
    text order. The spans come sorted by start. Only a run of spans that overlap one another
    needs sorting; a span that overlaps none is kept as it is, and most are."""
    found: list[Match] = []
    run: list[Match] = []
    run_end = 0
    for span in spans:
        if run and span.start >= run_end:
            found += longest_in_run(run)
            run = []
        run_end = max(run_end, span.end) if run else span.end
        run.append(span)
    return found + longest_in_run(run)


def longest_in_run(spans: list[Match]) -> list[Match]:
    """`filter_spans` itself, over a run of overlapping spans."""
    if len(spans) < 2:
        return spans
    found: list[Match] = []
    seen: set[int] = set()
    for span in sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True):
        if span.start not in seen and span.end - 1 not in seen:
            found.append(span)
            seen.update(range(span.start, span.end))
    return sorted(found, key=lambda s: s.start)
