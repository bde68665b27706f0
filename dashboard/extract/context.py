"""What the rule families share about one parsed document: the parse, the codebook's
matches indexed by token, the document's layout, and what has been found so far."""

import bisect
from dataclasses import dataclass, field

from dashboard.codebook import Codebook, PredicateClass
from dashboard.nlp import (
    HEDGE,
    KIND,
    NEGATION,
    PART,
    PREDICATE,
    SECTOR,
    Match,
    Parsed,
    Pipeline,
    Sentence,
)
from dashboard.records import Document, Event, Initiative, Kind, Money, Span, Status
from dashboard.sources import Layout

KINDS = {k.value: k for k in Kind}
GOVERNMENT_ORGS = {"government_agency", "party", "ministry"}
COUNTRY_LABELS = {"COUNTRY", "DEMONYM", "LEADER", "CITY"}


@dataclass
class Found:
    """An initiative found in this document, with the tokens that name it (for anaphora)."""

    initiative: Initiative
    head: int  # the head token of its first mention
    lemma: str  # the head noun's lemma ('memorandum', 'railway')
    sentence: int
    plural: bool = False  # a set named once ('three financing agreements')
    members: list["Found"] = field(default_factory=list)


@dataclass
class Context:
    doc: Parsed
    document: Document
    codebook: Codebook
    pipeline: Pipeline
    layout: Layout
    body_start: int = 0  # first token of the body (after header, headline, byline and dateline)
    headline: tuple[int, int] = (0, 0)  # tokens of the headline
    speakers: dict[int, str] = field(default_factory=dict)  # token inside a quotation -> speaker's iso3
    parties: list[str] = field(default_factory=list)  # the countries the story is about
    found: list[Found] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    last_leader: dict[int, str] = field(default_factory=dict)  # cache: token -> iso3 of the last leader before it
    evidence: dict[int, Span] = field(default_factory=dict)  # sentence index -> its citation
    sector_starts: list[int] = field(default_factory=list)
    money_at: dict[int, Money] = field(default_factory=dict)  # head of a project -> its value
    money_in: dict[int, list] = field(default_factory=dict)  # sentence index -> its amounts (money.find_money)
    money_tokens: set[int] = field(default_factory=set)  # tokens of amounts: 'U.S.' in '$5 million U.S. dollars'
    outer: list = field(default_factory=list)  # governors of the list the current sentence is an item of
    inherited: Status | None = None  # the status an elaborating sentence inherits ('The projects comprise ...')
    last_date: str = ""  # the last full date the story gave, for 'the day before'
    lead_when: tuple[str, str, str] = ("", "", "")  # the date and place of the meeting the lead reports
    last_reading: object = None  # the last reading with a predicate, for the items of a list that follow it
    last_reading_at: int = 0

    def __post_init__(self) -> None:
        self.sectors = self.doc.lexicon.get(SECTOR, [])
        self.sector_starts = [m.start for m in self.sectors]
        self.kinds = self.doc.lex_at.get(KIND, {})  # head token -> kind match ending there
        self.parts = self.doc.lex_at.get(PART, {})
        self.heads: dict[int, Match] = {}  # head token of a predicate -> its match
        self.in_predicate: set[int] = set()  # tokens of predicate phrases: 'interest' in 'expressed interest in'
        pos = self.doc.pos
        for start, m in self.doc.phrases.items():
            if m.label.startswith(PREDICATE):
                self.in_predicate.update(range(start, m.end))
                head = start
                if m.form == "noun":  # 'feasibility study' -> study; 'work on' -> work
                    head = max((i for i in range(start, m.end) if pos[i] in ("NOUN", "PROPN")), default=start)
                self.heads[head] = m

    # --- tokens -------------------------------------------------------------------------

    def sentence(self, i: int) -> Sentence:
        return self.doc.sents[self.doc.sent_of[i]]

    def ent(self, i: int) -> Match | None:
        return self.doc.ent_at.get(i)

    def kind_of(self, i: int) -> Kind | None:
        """The kind of initiative whose noun ends at token i, or None."""
        m = self.kinds.get(i)
        return KINDS[m.label.split(":", 1)[1]] if m is not None else None

    def misattached(self, i: int) -> int | None:
        """A noun phrase with its own determiner that the parser joined to a complement instead of
        the noun above it: 'the sale of 37 aircraft and the development of tungsten mines' (a
        nominalised predicate), 'a solar park in Bukhara and a hydrogen pilot' (a place takes no
        sibling with 'a'). That noun above, its true sibling, or None."""
        doc = self.doc
        h = doc.head[i]
        if doc.dep[i] != "conj" or doc.pos[i] != "NOUN" or doc.dep[h] != "pobj":
            return None
        if not any(doc.dep[c] == "det" for c in doc.children[i]):
            return None
        prep = doc.head[h]
        above = doc.head[prep]
        if doc.pos[above] not in ("NOUN", "PROPN"):
            return None
        if i in self.heads and h not in self.heads and doc.lower[prep] == "of" and above not in self.heads:
            return above
        place = self.ent(h)
        if place is None or place.label not in ("CITY", "COUNTRY") or self.kind_of(above) is None:
            return None
        indefinite = any(doc.lower[c] in ("a", "an") for c in doc.children[i])
        return above if indefinite and doc.lower[prep] in ("in", "at", "near") else None  # not 'between A and the B'

    def predicate(self, i: int) -> tuple[Match, PredicateClass] | None:
        """The predicate headed by token i, with its class."""
        m = self.heads.get(i)
        if m is None:
            return None
        return m, self.pipeline.classes[m.label.split(":", 1)[1]]

    def is_hedge(self, i: int) -> bool:
        m = self.doc.phrases.get(i)
        return m is not None and m.label == HEDGE

    def is_negation(self, i: int) -> bool:
        m = self.doc.phrases.get(i)
        return m is not None and m.label == NEGATION or self.doc.dep[i] == "neg"

    def text(self, start: int, end: int) -> str:
        return self.doc.span_text(start, end)

    def in_headline(self, i: int) -> bool:
        return self.headline[0] <= i < self.headline[1]

    # --- entities -----------------------------------------------------------------------

    def ents_in(self, start: int, end: int) -> list[Match]:
        """Codebook entities wholly inside tokens [start, end)."""
        ents = self.doc.ents
        lo = bisect.bisect_left(ents, start, key=lambda e: e.start)
        found = []
        for e in ents[lo:]:
            if e.start >= end:
                break
            if e.end <= end and e.start not in self.money_tokens:
                found.append(e)
        return found

    def org(self, ref: str):
        return self.codebook.organizations[ref]

    def sectors_in(self, start: int, end: int) -> list[str]:
        """Sector ids whose keywords lie in tokens [start, end), in order."""
        lo = bisect.bisect_left(self.sector_starts, start)
        hi = bisect.bisect_left(self.sector_starts, end, lo)
        return list(dict.fromkeys(m.label.split(":", 1)[1] for m in self.sectors[lo:hi] if m.end <= end))

    def leader_before(self, i: int) -> str:
        """ISO3 of the last leader (or leader's country) named before token i: who 'he' is."""
        k = bisect.bisect_left(self.doc.ents, i, key=lambda e: e.start)
        for e in reversed(self.doc.ents[:k]):
            if e.label == "LEADER":
                return e.ref
        return ""

    def evidence_of(self, k: int) -> Span:
        """Sentence k as cited: its text sliced from the source, trimmed, with offsets."""
        found = self.evidence.get(k)
        if found is None:
            sent = self.doc.sents[k]
            text = self.document.text
            a, b = sent.start_char, sent.end_char
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            found = self.evidence[k] = Span(text[a:b], a, b)
        return found

    def span(self, start: int, end: int) -> Span:
        """Characters of tokens [start, end) as a cited span."""
        a, b = self.doc.idx[start], self.doc.ends[end - 1]
        return Span(self.document.text[a:b], a, b)
