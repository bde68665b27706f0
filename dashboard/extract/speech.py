"""Who speaks: quotations and their speakers, so that 'we' in a quoted speech is the speaker's
country, and the countries a story is about (its parties).

'"Last year we pledged EUR 10 billion to the corridor," von der Leyen said.' -> 'we' is the
speaker's side. A paragraph that opens with 'Ursula von der Leyen, President of the European
Commission:' is hers. A speech with no quotation marks at all is the speaker's own words: the
leader the headline or the lead names."""

import re

from dashboard.extract import actors
from dashboard.extract.context import Context
from dashboard.nlp import Sentence

QUOTE_PAIRS = {"“": "”", '"': '"', "«": "»", "„": "“"}
REPORTING = {"say", "tell", "add", "stress", "note", "underline", "emphasize", "emphasise", "state", "declare",
             "announce", "point", "remark", "reiterate", "recall", "explain", "write", "quote", "continue"}  # fmt: skip
OPENING = re.compile(r"[“\"«„]")


def quotations(text: str) -> list[tuple[int, int]]:
    """Character spans of quoted passages (their marks included), in order."""
    spans, pos = [], 0
    while True:
        m = OPENING.search(text, pos)
        if m is None:
            return spans
        close = QUOTE_PAIRS[m.group()]
        end = text.find(close, m.end())
        if end < 0:
            return spans
        spans.append((m.start(), end + 1))
        pos = end + 1


def speakers(ctx: Context) -> dict[int, str]:
    """Token inside a quotation -> the speaker's ISO3, for quotations whose speaker is a state."""
    doc, found = ctx.doc, {}
    tokens = token_ranges(ctx, quotations(ctx.document.text))
    for a, b in tokens:
        iso3 = speaker_of(ctx, a, b)
        if iso3:
            for i in range(a, b):
                found[i] = iso3
    if not tokens and any(w in ("we", "our") for w in doc.lower):
        iso3 = headline_leader(ctx)
        if iso3:
            found.update({i: iso3 for i, w in enumerate(doc.lower) if w in actors.FIRST_PERSON})
    return found


def token_ranges(ctx: Context, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    import bisect

    idx = ctx.doc.idx
    return [(bisect.bisect_left(idx, a), bisect.bisect_left(idx, b)) for a, b in spans if b - a > 20]


def speaker_of(ctx: Context, a: int, b: int) -> str:
    """The speaker of the quotation in tokens [a, b): the subject of a reporting verb right after
    it or before it in its sentence, or the paragraph heading that introduces it."""
    doc = ctx.doc
    sents = {doc.sent_of[a], doc.sent_of[max(a, b - 1)]}
    first, last = min(sents), max(sents)
    candidates = list(range(b, min(len(doc), doc.sents[last].end + 1)))
    candidates += list(range(doc.sents[first].start, a))
    for i in candidates:
        if doc.lemma[i] in REPORTING and doc.pos[i] == "VERB":
            subject = next((c for c in doc.children[i] if doc.dep[c] in ("nsubj", "nsubjpass")), None)
            if subject is not None:
                who = actors.actor(ctx, subject)
                if len(who.countries) == 1:
                    return who.countries[0]
    if first > 0:
        intro = doc.sents[first - 1]
        if ctx.text(intro.start, intro.end).rstrip().endswith(":"):
            return single_country(ctx, intro)
    return ""


def single_country(ctx: Context, sent: Sentence) -> str:
    countries = {e.ref for e in ctx.ents_in(sent.start, sent.end) if e.label in ("LEADER", "COUNTRY", "DEMONYM")}
    return next(iter(countries)) if len(countries) == 1 else ""


def headline_leader(ctx: Context) -> str:
    a, b = ctx.headline
    lead = lead_sentence(ctx)
    for start, end in ((a, b), (lead.start, lead.end) if lead else (0, 0)):
        leaders = {e.ref for e in ctx.ents_in(start, end) if e.label == "LEADER"}
        if len(leaders) == 1:
            return next(iter(leaders))
    return ""


def lead_sentence(ctx: Context) -> Sentence | None:
    """The first real sentence of the body: the parties and the news of a story."""
    doc = ctx.doc
    for sent in doc.sents:
        if sent.end <= ctx.body_start:
            continue
        finite = any(t in ("VBD", "VBZ", "VBP", "MD") for t in doc.tag[sent.start : sent.end])
        if finite and sum(w.isalpha() for w in doc.lower[sent.start : sent.end]) >= 6:
            return sent
    return None


def parties(ctx: Context) -> list[str]:
    """The countries the story is about: those its headline and lead name (regions expanded),
    the dateline aside."""
    found: list[str] = []
    spans = [ctx.headline]
    lead = lead_sentence(ctx)
    if lead is not None:
        spans.append((max(lead.start, ctx.body_start), lead.end))
    for a, b in spans:
        skip = actors.context_tokens(ctx, a, b)
        for e in ctx.ents_in(a, b):
            if e.start in skip:
                continue
            if e.label == "REGION":
                found += ctx.codebook.regions[e.ref].members
            elif e.label in ("COUNTRY", "DEMONYM", "LEADER", "CITY"):
                found.append(e.ref)
            elif e.label == "ORG":
                org = ctx.org(e.ref)
                if org.iso3 and org.kind in ("government_agency", "ministry"):
                    found.append(org.iso3)
    return list(dict.fromkeys(found))
