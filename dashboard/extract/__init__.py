"""Text -> records: the rule families that find initiatives, their status, actors, sectors and
money, and the meetings a story reports, in one document. `read_document` is the table of
contents; each rule family is a module of this package with example sentences in its docstring.

The families read a dependency parse (dashboard/nlp.py) with the codebook as their
dictionaries, as the event coders PETRARCH2 and Universal-PETRARCH code who did what to whom
from predicate-argument structure."""

import bisect
import os

from dashboard.codebook import Codebook, load_codebook
from dashboard.collector import collector_paused
from dashboard.extract.activities import rule_activities
from dashboard.extract.agenda import rule_agenda
from dashboard.extract.assemble import link_parents, merge_into, to_initiative, unique_keys
from dashboard.extract.candidates import Candidate
from dashboard.extract.context import Context
from dashboard.extract.events import last_date, lead_when, rule_events
from dashboard.extract.lists import (
    distribute,
    elaborated,
    intro_governor,
    is_intro,
    is_item,
    listed_after,
    rule_document_items,
    rule_items,
)
from dashboard.extract.money import find_money, rule_money
from dashboard.extract.named import rule_named
from dashboard.extract.speech import lead_sentence, parties, speakers
from dashboard.nlp import Parsed, Pipeline, Sentence, build_pipeline, parse
from dashboard.records import Document, Extraction, Initiative, Mention, Span
from dashboard.sources import read_layout

MAX_SENTENCE_TOKENS = 400  # longer runs without a full stop are lists or dumps, not reporting
RULES = (rule_money, rule_agenda, rule_named, rule_document_items, rule_items, rule_activities)


def extract_document(document: Document, codebook: Codebook | None = None) -> Extraction:
    """Every initiative, status claim and event in one document."""
    codebook = codebook or load_codebook()
    with collector_paused():
        return read_document(document, codebook)


def load_pipeline(codebook: Codebook) -> Pipeline:
    """The pipeline of this codebook, built once per codebook object (nlp.build_pipeline)."""
    return build_pipeline(codebook, os.environ.get("TRACKER_SYNTAX", "full"))  # an ablation knob, see evaluate


def read_document(document: Document, codebook: Codebook) -> Extraction:
    """The rule families over one document's sentences, body first, then its headline."""
    pipeline = load_pipeline(codebook)
    ctx = make_context(parse(document.text, pipeline), document, codebook, pipeline)
    ctx.speakers = speakers(ctx)
    ctx.parties = parties(ctx)
    ctx.lead_when = lead_when(ctx)
    read_body(ctx)
    known = len(ctx.found)
    for sent in ctx.doc.sents:  # the headline repeats the body: it adds to what the body reports, never a row
        if ctx.in_headline(sent.start):
            read_sentence(ctx, sent)
    del ctx.found[known:]
    unique_keys([f.initiative for f in ctx.found])
    lead = lead_sentence(ctx)
    lead_text = ctx.evidence_of(ctx.doc.sent_of[lead.start]).text if lead is not None else ""
    return Extraction(document, [f.initiative for f in ctx.found], ctx.events, mentions_of(ctx), lead_text)


def read_body(ctx: Context) -> None:
    """The body's sentences in order; list items read under their intro (the sentence before
    the first item, with or without a colon), elaborations under the sentence they itemise."""
    previous, intro = None, None
    sents = ctx.doc.sents
    items = [is_item(ctx, sent) for sent in sents]
    for k, sent in enumerate(sents):
        if sent.end <= ctx.body_start:
            continue
        item = items[k]
        ctx.outer = [intro] if item and intro is not None else []
        ctx.inherited = elaborated(ctx, sent, previous)
        read_sentence(ctx, sent)
        if is_intro(ctx, sent) or not item and k + 1 < len(sents) and items[k + 1]:
            intro = intro_governor(ctx, sent)
        elif not item:
            intro = None
        previous = sent
    ctx.outer, ctx.inherited = [], None


def read_sentence(ctx: Context, sent: Sentence) -> None:
    if sent.end - sent.start > MAX_SENTENCE_TOKENS:
        return
    if not ctx.in_headline(sent.start):
        rule_events(ctx, sent)
        ctx.last_date = last_date(ctx, sent) or ctx.last_date
    taken: set[int] = set()
    made: list[tuple[Candidate, Initiative]] = []
    for rule in RULES:
        for found in rule(ctx, sent, taken):
            for cand in (c for listed in listed_after(ctx, found) for c in distribute(ctx, listed)):
                ini = to_initiative(ctx, cand)
                if ini is not None:
                    made.append((cand, merge_into(ctx, ini, cand)))
    link_parents(ctx, made)


def make_context(doc: Parsed, document: Document, codebook: Codebook, pipeline: Pipeline) -> Context:
    layout = read_layout(document.text, codebook)
    ctx = Context(doc, document, codebook, pipeline, layout)
    ctx.body_start = bisect.bisect_left(doc.idx, layout.body_start)
    a, b = layout.headline
    if b > a:
        ctx.headline = (bisect.bisect_left(doc.idx, a), bisect.bisect_left(doc.idx, b))
    for k, sent in enumerate(doc.sents):
        amounts = find_money(ctx, sent)
        if amounts:
            ctx.money_in[k] = amounts
            ctx.money_tokens.update(i for a, b, _ in amounts for i in range(a, b))
    return ctx


def mentions_of(ctx: Context) -> list[Mention]:
    """Entities found in the text, for highlighting on the Sources page."""
    text, doc = ctx.document.text, ctx.doc
    found = []
    for e in doc.ents:
        a, b = doc.idx[e.start], doc.ends[e.end - 1]
        found.append(Mention(e.label, e.ref, Span(text[a:b], a, b)))
    return found
