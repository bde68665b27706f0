"""Lists: outcomes in bullets, elaborations, and one row per item of a list.

- Bullets under an intro: 'China and the five Central Asian countries endorsed a list of
  outcomes ... The main points are as follows: • Set up a mechanism for meetings between heads
  of state.' -> the mechanism, agreed (the intro's predicate governs every item, with its agent);
- items after a label: '- Economy and investment: a regional trade programme to 2035, a common
  investment space and closer cooperation in e-commerce.' -> three rows;
- elaborations: 'The four loans were approved. The projects comprise a $165 million loan to ...;
  a loan of $216.5 million to ...' -> each loan, approved;
- repeated prepositions: 'memorandums on setting up an energy dialogue, on smart cities and on
  rare metals' -> three memorandums."""

import re

from dashboard.extract import predicates
from dashboard.extract.candidates import Candidate
from dashboard.extract.context import Context
from dashboard.extract.phrases import clean_name, cut, is_bare, left_edge, trim_left, without_conjuncts
from dashboard.extract.predicates import Governor
from dashboard.nlp import BULLETS, ITEM_NUMBER, NOUN_TAGS, Sentence
from dashboard.records import Kind, Status

ELABORATING = {"comprise", "include", "consist", "involve", "feature", "be", "contain", "span"}
ANAPHORIC = {"these", "those", "they", "the", "such", "both", "all"}
CLOSERS = {"along", "as", "while", "which", "who", "plus", "including", "whereas", "but", "according", "with"}
DISTRIBUTING = {"on", "of", "for", "in", "between", "with"}
LIST_OPENERS = {"among", "including", "include", "such", "namely", "like"}
NUMBERED = re.compile(rf"\s*{ITEM_NUMBER}\s")
SINGULAR = {"memorandums": "memorandum", "memoranda": "memorandum", "agreements": "agreement", "mous": "MoU",
            "meetings": "meeting", "documents": "document", "declarations": "declaration", "contracts": "contract",
            "programmes": "programme", "programs": "program", "projects": "project", "deals": "deal",
            "protocols": "protocol", "treaties": "treaty", "accords": "accord", "statements": "statement"}  # fmt: skip


def is_intro(ctx: Context, sent: Sentence) -> bool:
    """A sentence that announces a list: it ends with a colon, or says 'as follows'."""
    text = ctx.text(sent.start, sent.end).rstrip()
    return text.endswith(":") or "as follows" in text.lower()


def is_item(ctx: Context, sent: Sentence) -> bool:
    """A list item: a line that starts with a bullet or a number."""
    doc = ctx.doc
    first = next((i for i in range(sent.start, sent.end) if not doc.space[i]), sent.start)
    line = ctx.document.text[doc.idx[first] : doc.idx[first] + 6]
    return doc.words[first] in BULLETS or bool(NUMBERED.match(line))


def main_governor(ctx: Context, sent: Sentence) -> Governor | None:
    """The sentence's own predicate: one with an agent if any ('the proposals that Mirziyoyev put
    forward'), else the one nearest the root."""
    doc = ctx.doc
    found = []
    for i in range(sent.start, sent.end):
        p = ctx.predicate(i)
        if p is not None:
            depth, j = 0, i
            while doc.head[j] != j and depth < 20:
                j, depth = doc.head[j], depth + 1
            gov = Governor(i, "obj", p[0], p[1])
            found.append((predicates.agent_of(ctx, gov) is None, depth, i, gov))
    return min(found)[3] if found else None


def intro_governor(ctx: Context, sent: Sentence) -> Governor | None:
    """What governs a list's items: the intro's predicate, else the sentence before it
    ('... endorsed a list of outcomes. The main points are as follows:')."""
    gov = main_governor(ctx, sent)
    k = ctx.doc.sents.index(sent)
    if gov is None and k > 0:
        gov = main_governor(ctx, ctx.doc.sents[k - 1])
    return gov


def elaborated(ctx: Context, sent: Sentence, previous: Sentence | None) -> Status | None:
    """'The projects comprise ...', 'These included ...': the status of what the sentence before
    reported, which this one itemises."""
    doc = ctx.doc
    if previous is None:
        return None
    root = next((i for i in range(sent.start, sent.end) if doc.head[i] == i), None)
    if root is None or doc.lemma[root] not in ELABORATING:
        return None
    subject = next((c for c in doc.children[root] if doc.dep[c] in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    words = {doc.lower[i] for i in range(doc.left[subject], doc.right[subject])}
    partitive = bool(words & {"them", "these", "those"}) and "of" in words  # 'the most important of them'
    if not partitive and (not words & ANAPHORIC or doc.tag[subject] not in ("NNS", "NNPS", "DT", "PRP")):
        return None
    gov = main_governor(ctx, previous)
    if gov is None:
        return None
    return predicates.read_governor(ctx, gov)


def rule_document_items(ctx: Context, sent: Sentence, taken: set[int]) -> list[Candidate]:
    """'The memorandums call for lithium exploration and a rare metals refinery': what several
    documents set out, item by item, is one agreement each (GOLD_GUIDE: an MoU with a stated
    subject). Items an initiative noun heads are the named family's ('a rare metals refinery');
    the others need a field of their own ('lithium exploration')."""
    doc, found = ctx.doc, []
    for verb in range(sent.start, sent.end):
        p = ctx.predicate(verb)
        if p is None or p[1].act not in ("speech", "state") or doc.pos[verb] != "VERB":
            continue
        subject = next((c for c in doc.children[verb] if doc.dep[c] == "nsubj"), None)
        if subject is None:
            continue
        subject = predicates.antecedent(ctx, subject)
        if doc.tag[subject] not in ("NNS", "NNPS") or not predicates.is_text(ctx, subject):
            continue
        heads = [h for obj in verb_objects(ctx, verb) for h in conjunct_heads(ctx, obj)]
        if len(heads) < 2:
            continue
        document = SINGULAR.get(doc.lower[subject], doc.lemma[subject])
        reading = predicates.read(ctx, heads[0])  # the list's first item is the verb's own object
        for h in heads:
            a, b = trim_left(ctx, left_edge(ctx, h), h), without_conjuncts(ctx, h)
            words = ctx.text(a, cut(ctx, a, b))
            if h in ctx.kinds:  # 'and a solar power plant': a row of its own, unless the named family made it
                if not any(f.head == h for f in ctx.found) and reading.status is not None:
                    found.append(Candidate(h, a, b, ctx.kind_of(h), clean_name(words), (a, b), "document-items",
                                           reading=reading))  # fmt: skip
                continue
            if any(i in taken for i in range(a, b)) or not ctx.sectors_in(a, b):
                continue
            name = clean_name(f"{document} on {words}")
            found.append(Candidate(h, a, b, Kind.AGREEMENT, name, (a, b), "document-items"))
            taken.update(range(a, b))
    return found


def verb_objects(ctx: Context, verb: int) -> list[int]:
    """A verb's object, or the object of its argument preposition: 'call for | X', 'cover | X'."""
    doc = ctx.doc
    found = [c for c in doc.children[verb] if doc.dep[c] == "dobj"]
    for c in doc.children[verb]:
        if doc.dep[c] == "prep" and c > verb:
            found += [g for g in doc.children[c] if doc.dep[g] == "pobj"]
    return found[:1]


def rule_items(ctx: Context, sent: Sentence, taken: set[int]) -> list[Candidate]:
    """In a list item, the phrases after its label: '- Economy and investment: a regional trade
    programme to 2035, a common investment space and closer cooperation in e-commerce.'"""
    if not ctx.outer:
        return []
    doc = ctx.doc
    colon = next((i for i in range(sent.start, min(sent.end, sent.start + 8)) if doc.words[i] == ":"), None)
    if colon is None:
        return []
    found = []
    for head in item_heads(ctx, colon + 1, sent.end):
        if head in taken or doc.pos[head] not in NOUN_TAGS:
            continue
        start = trim_left(ctx, left_edge(ctx, head), head)
        end = cut(ctx, start, doc.right[head])
        if is_bare(ctx, start, end, head) or any(i in taken for i in range(start, end)):
            continue
        kind = ctx.kind_of(head) or Kind.PROGRAMME
        name = clean_name(ctx.text(start, end))
        taken.update(range(start, end))
        found.append(Candidate(head, start, end, kind, name, (start, end), "item"))
    return found


def item_heads(ctx: Context, start: int, end: int) -> list[int]:
    """The heads of the noun phrases listed in tokens [start, end): the first, and its conjuncts."""
    doc = ctx.doc
    first = next((i for i in range(start, end) if doc.pos[i] in NOUN_TAGS and not start <= doc.head[i] < i), None)
    if first is None:
        return []
    top = first
    while start <= doc.head[top] < end and doc.head[top] != top and doc.pos[doc.head[top]] in NOUN_TAGS:
        top = doc.head[top]
    return [h for h in conjunct_heads(ctx, top) if start <= h < end]


def conjunct_heads(ctx: Context, head: int) -> list[int]:
    """A phrase's head and its conjuncts, with those the parser hung lower down ('a park in
    Bukhara and a hydrogen pilot': the pilot is the park's sibling, context.misattached)."""
    doc, found, stack = ctx.doc, [], [head]
    while stack:
        h = stack.pop()
        found.append(h)
        stack.extend(c for c in doc.children[h] if doc.dep[c] in ("conj", "appos"))
        stack.extend(k for k in range(h + 1, doc.right[h]) if ctx.misattached(k) == h and k not in found)
    return sorted(set(found))


def distribute(ctx: Context, cand: Candidate, name_head: int | None = None) -> list[Candidate]:
    """One candidate per repeated preposition: 'memorandums on A, on B, and on C' -> three.
    The prepositions repeat whatever the parser attached them to; each phrase runs to the next."""
    doc = ctx.doc
    if cand.refers_to is not None or cand.rule not in ("named",) or cand.kind is Kind.AGENDA:
        return [cand]
    head = cand.head if name_head is None else name_head
    parts = segments(ctx, head)
    if parts is None:
        return [cand]
    first = parts[0][0]
    head_words = SINGULAR.get(doc.lower[head], doc.words[head])
    between = ctx.text(head + 1, first) if first > head + 1 and doc.pos[head + 1] not in ("AUX", "VERB") else ""
    if between:
        head_words = f"{head_words} {between}"  # 'memorandums on cooperation | in A, in B'
    lead = ctx.text(cand.start, head) + " " if cand.start < head and not is_bare(
        ctx, cand.start, head + 1, head) else ""  # fmt: skip
    found = []
    for a, b in parts:
        name = clean_name(f"{lead}{head_words} {ctx.text(a, b)}")
        found.append(Candidate(cand.head, a, b, cand.kind, name, (a, b), "distributed", cand.outer, cand.reading,
                               cand.money, cand.instrument, cand.proposer))  # fmt: skip
    return found


def repeated_preposition(ctx: Context, head: int) -> list[int] | None:
    """Where each phrase of a distributed list starts: the first preposition after the head that
    comes again after a comma or 'and' ('on A, on B and on C'); None when none repeats."""
    doc = ctx.doc
    sent = ctx.sentence(head)
    window = range(head + 1, min(sent.end, head + 8))
    for first in (i for i in window if doc.lower[i] in DISTRIBUTING and doc.pos[i] == "ADP"):
        prep = doc.lower[first]
        starts = [first]
        for i in range(first + 1, sent.end):
            after_joint = doc.words[i - 1] == "," or doc.lower[i - 1] in ("and", "or")
            if doc.lower[i] == prep and doc.pos[i] == "ADP" and after_joint:
                starts.append(i)
        if len(starts) >= 2:
            return starts
    return None


def segments(ctx: Context, head: int) -> list[tuple[int, int]] | None:
    """The phrases of a distributed list after `head`, each from its preposition to the next; the
    last ends with the list ('..., along with a deal', '; ', a new clause)."""
    starts = repeated_preposition(ctx, head)
    if starts is None:
        return None
    doc, sent = ctx.doc, ctx.sentence(head)
    found = []
    for k, a in enumerate(starts):
        b = starts[k + 1] if k + 1 < len(starts) else list_close(ctx, a, sent.end)
        while b > a + 1 and (doc.punct[b - 1] or doc.space[b - 1] or doc.lower[b - 1] in ("and", "or")):
            b -= 1
        found.append((a, cut_at_clause(ctx, a, b)))
    return found


def list_close(ctx: Context, a: int, limit: int) -> int:
    doc = ctx.doc
    for i in range(a + 1, limit):
        if doc.words[i] == ";" or doc.words[i] == "," and i + 1 < limit and doc.lower[i + 1] in CLOSERS:
            return i
    return limit


def cut_at_clause(ctx: Context, a: int, b: int) -> int:
    """A list item ends where a new clause begins: '..., on C, the ministry said'."""
    doc = ctx.doc
    for i in range(a + 1, b):
        if doc.pos[i] == "VERB" and doc.dep[i] in ("ROOT", "ccomp", "parataxis") and doc.tag[i] != "VBG":
            j = i
            while j > a + 1 and (doc.punct[j - 1] or doc.pos[j - 1] in NOUN_TAGS or doc.pos[j - 1] == "DET"):
                j -= 1
            return j
    return b


def listed_after(ctx: Context, cand: Candidate) -> list[Candidate]:
    """'ministerial-level meeting mechanisms in priority fields, among them meetings of foreign
    ministers, of economy and trade ministers and of agriculture ministers' -> the items listed
    after a plural candidate replace it."""
    doc = ctx.doc
    if not cand.plural or cand.rule != "named":
        return [cand]
    sent = ctx.sentence(cand.head)
    opener = next((i for i in range(cand.end, min(sent.end, cand.end + 8)) if doc.lower[i] in LIST_OPENERS
                   and doc.lower[i + 1 if i + 1 < sent.end else i] in ("them", "as", "which", "including")
                   or doc.lower[i] == "including"), None)  # fmt: skip
    if opener is None:
        return [cand]
    a = opener + (2 if doc.lower[opener] in ("among", "such") else 1)
    heads = item_heads(ctx, a, sent.end)
    found = []
    for head in heads:
        start = trim_left(ctx, left_edge(ctx, head), head)
        end = cut(ctx, start, doc.right[head])
        item = Candidate(cand.head, start, end, cand.kind, clean_name(ctx.text(start, end)), (start, end), "named",
                         cand.outer, cand.reading, proposer=cand.proposer)  # fmt: skip
        found += distribute(ctx, item, head)
    return found or [cand]
