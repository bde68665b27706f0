"""Status from the predicates that govern a candidate in the dependency parse.

A candidate's governors are its ancestors within one clause complex: 'proposed creating a
network' gives creating -> proposed; 'signed an agreement to build a railway' gives build ->
agreement -> signed. Each governor that heads a predicate of the codebook (predicates.yaml)
says something about the candidate; the rules below choose what the sentence says:

- a stall ('was suspended', 'put on hold') outranks everything, unless hedged;
- a state ('keeps running') is a fact and outranks a statement about the candidate;
- among statements (speech acts), the weakest wins: 'agreed to discuss X' is a discussion,
  'proposed signing X' a proposal;
- without a statement, the nearest process decides ('X was launched', 'work on X began');
- a hedge ('will', 'plans to', 'is expected to') or a negation on a predicate gives its
  class's hedged status, which is never agreed or later.
"""

from dataclasses import dataclass

from dashboard.codebook import PredicateClass
from dashboard.extract.context import Context
from dashboard.extract.phrases import shared_modifier
from dashboard.nlp import NOUN_TAGS, VERB_TAGS, Match
from dashboard.records import COMMITTED, RANK, Kind, Status

CLAUSE_DEPS = {"relcl", "acl", "advcl", "parataxis", "csubj", "ccomp"}  # a clause of its own, unless infinitival
SUBJECT_DEPS = {"nsubj", "csubj", "expl"}
PASSIVE_DEPS = {"nsubjpass", "csubjpass"}
OBJECT_PREPOSITIONS = {
    "of",
    "for",
    "on",
    "to",
    "in",
    "into",
    "about",
    "over",
    "with",
    "under",
    "at",
    "toward",
    "towards",
}
TRANSITIVE = {
    "implement",
    "carry",
    "launch",
    "press",
    "push",
    "speed",
    "accelerate",
    "commission",
    "inaugurate",
    "complete",
    "finish",
    "hand",
    "suspend",
    "postpone",
    "cancel",
    "scrap",
    "put",
    "freeze",
}  # an agent's verbs
SUBJECT_CLASSES = {"implementation", "operation", "completion", "stall", "content"}  # their subject is the undertaking
ARGUMENT_PREPS = {"of", "for", "on", "to", "in", "into", "about", "over", "upon", "toward", "towards",
                  "regarding", "concerning", "at"}  # fmt: skip
PASS_NOUNS = {"list", "number", "series", "set", "package", "range", "pair", "batch", "raft", "portfolio", "couple",
              "possibility", "prospect", "idea", "issue", "question", "matter", "detail", "term", "outlook", "way",
              "avenue", "opportunity", "part", "implementation", "framework", "course", "process", "start", "launch",
              "work", "construction", "worth"}  # lemmas  # fmt: skip
OUTCOME_VERBS = {"include", "be", "comprise", "feature", "encompass"}
OUTCOMES = {"outcome", "result", "deliverable", "achievement"}  # what a meeting produced
DISBURSING = {"release"}  # an agreement verb for a text, a disbursement for money
MONEY_KINDS = {Kind.FINANCING, Kind.DEAL}
TEXTS = {"package", "deal", "document", "agreement", "declaration", "statement", "memorandum", "accord", "treaty",
         "communique", "roadmap", "plan", "programme", "program"}  # fmt: skip
# How a hedge reaches the predicate below it: 'plans | to build', 'building work | is due to begin',
# 'Construction of X | is expected to start'.
HEDGE_PATH = {"xcomp", "ccomp", "advcl", "acomp", "pcomp", "prep", "pobj", "csubj", "csubjpass", "nsubj", "nsubjpass"}
COMMITTED_OR_STALLED = COMMITTED | {Status.STALLED}
MAX_CHAIN = 12


@dataclass(frozen=True)
class Governor:
    token: int
    relation: str  # how the candidate's path reaches it: obj, subj or pass
    match: Match
    klass: PredicateClass


@dataclass(frozen=True)
class Reading:
    """What the governing predicates say about a candidate."""

    status: Status | None
    cue: Match | None  # the predicate that decided
    klass: PredicateClass | None
    hedged: bool = False
    agent: int | None = None  # head token of the deciding predicate's subject
    past: bool = False  # the deciding predicate is in the past tense


def is_infinitival(ctx: Context, verb: int) -> bool:
    """'a loan to upgrade a road': an infinitive after a noun states a purpose, not a new clause."""
    doc = ctx.doc
    return any(doc.tag[c] == "TO" or doc.lower[c] == "to" for c in doc.children[verb] if doc.dep[c] == "aux") or (
        doc.tag[verb] == "VBG" and doc.dep[verb] in ("acl", "pcomp")
    )


def governors(ctx: Context, head: int) -> list[Governor]:
    return climb(ctx, head)[0]


def climb(ctx: Context, head: int) -> tuple[list[Governor], bool]:
    """The predicates over a candidate's head, nearest first, up to its clause's edge.

    The path stops where what is above no longer speaks of the candidate: at a clause that
    describes something else ('Tajikistan, which runs hydroelectric plants'), at another noun
    ('tensions over Iran's nuclear programme'; list and topic nouns such as 'a list of',
    'the possibility of' let it through), at a part ('the second unit of X' is what is put into
    operation, not X), at a subject of a verb that says nothing of it, and at an agent ('backed
    by the foundation'). The flag says whether the path reached the sentence's root: only then
    do the predicates of a list's intro govern it too."""
    doc = ctx.doc
    found: list[Governor] = []
    relation = "obj"
    head = shared_modifier(ctx, head) or head  # 'passenger and cargo flights': the phrase starts at 'passenger'
    j = head
    described = False  # the path came up out of a relative clause into the undertaking it describes
    sibling = False  # the path came up a list: 'agreed the sale of X and the development of Y'
    for _ in range(MAX_CHAIN):
        dep, h = doc.dep[j], doc.head[j]
        if h == j:
            return found, True
        if dep in CLAUSE_DEPS and doc.pos[j] in VERB_TAGS and not is_infinitival(ctx, j) and dep != "ccomp":
            if dep == "relcl" and (ctx.ent(h) is not None or doc.pos[h] == "PRON" or is_person(ctx, h)):
                return [], False  # 'Tajikistan, which runs hydroelectric plants': background on a party
            if not (dep == "relcl" and ctx.kind_of(h) is not None):
                break  # the candidate sits in a clause that describes something else
            # 'an addendum that quadruples the Fund's capital', 'a fund, which would support a programme':
            # what the clause says of an undertaking is part of what is agreed or proposed about it
        if dep == "conj" and doc.pos[j] in VERB_TAGS and is_finite(ctx, j):
            break  # 'discussed X and signed Y': each verb governs its own objects
        sibling_of = ctx.misattached(j)
        if sibling_of is not None:  # 'the sale of X and the development of Y': Y's development is the sale's sibling
            j, sibling = sibling_of, True
            continue
        if dep == "pobj" and doc.dep[h] == "agent" or dep == "prep" and not argument_prep(ctx, j):
            break  # 'backed by the foundation', 'alongside the C5+1 platform'
        fronted = "," in (doc.words[doc.right[j] - 1], doc.words[min(doc.right[j], h)])
        if dep == "prep" and j < h and doc.pos[h] in VERB_TAGS and fronted:
            break  # 'In a joint statement released on June 6, they voiced interest in X': a fronted adjunct
        noun_above = j != head and doc.pos[j] in NOUN_TAGS and dep not in ("conj", "appos")
        noun_above = noun_above and not (sibling and ctx.kind_of(j) is not None)  # an undertaking's sibling
        if noun_above and not passes(ctx, j) and not described:
            break  # 'tensions over X': the noun above is what the predicate is about
        described = dep == "relcl"
        sibling = dep == "conj" and doc.pos[j] in NOUN_TAGS
        if j == head or doc.pos[j] not in VERB_TAGS:
            if dep in SUBJECT_DEPS:
                relation = "subj"
            elif dep in PASSIVE_DEPS:
                relation = "pass"
        if dep == "dobj" and doc.pos[h] in VERB_TAGS:
            v = stray_clause(ctx, h, j)
            if v is not None:  # 'Samiyev said financing of X ... has been suspended'
                found += governor_at(ctx, v, "pass")
                j = v
                continue
        if doc.pos[h] in VERB_TAGS and relative_subject(ctx, h):
            return [], False  # 'Tajikistan and Kyrgyzstan, both of which run large networks': background
        above = governor_at(ctx, h, relation) or outcome_at(ctx, h, j)
        if relation == "subj" and doc.pos[h] in VERB_TAGS:
            if not above:
                break  # 'for the Mechanism to have a secretariat': the clause says nothing of the subject
            relation = "obj"  # above the verb, the whole clause is what is governed
        found += above
        j = h
    return found, False


def argument_prep(ctx: Context, prep: int) -> bool:
    """A preposition that introduces what a predicate is about ('talks | on X'), is part of a
    predicate ('push ahead | with'), or is 'by' before an '-ing' clause of means ('better the
    infrastructure | by building new sections')."""
    doc = ctx.doc
    if doc.lower[prep] in ARGUMENT_PREPS or prep in ctx.in_predicate:
        return True
    return doc.lower[prep] == "by" and any(doc.dep[c] == "pcomp" for c in doc.children[prep])


def stray_clause(ctx: Context, verb: int, obj: int) -> int | None:
    """A clause after the object with no subject of its own: the parser took its subject for the
    object of the verb before it."""
    doc = ctx.doc
    for c in doc.children[verb]:
        if (
            c > obj
            and doc.dep[c] == "ccomp"
            and not any(doc.dep[g] in SUBJECT_DEPS | PASSIVE_DEPS for g in doc.children[c])
        ):
            return c
    return None


def relative_subject(ctx: Context, verb: int) -> bool:
    """A clause whose subject is 'which' or 'both of which' after a party, however it was parsed."""
    doc = ctx.doc
    for c in doc.children[verb]:
        if doc.dep[c] in SUBJECT_DEPS and any(doc.tag[i] in ("WDT", "WP") for i in range(doc.left[c], doc.right[c])):
            before = doc.left[c] - 1
            while before > 0 and doc.punct[before]:
                before -= 1
            return ctx.ent(before) is not None
    return False


def is_person(ctx: Context, noun: int) -> bool:
    """'Sanjar Mukanbetov, who directs the National Institute': a named person, not an undertaking."""
    return ctx.doc.pos[noun] == "PROPN" and ctx.kind_of(noun) is None and ctx.doc.dep[noun] != "compound"


def passes(ctx: Context, noun: int) -> bool:
    """A noun on the path that lets what is above govern what is below: a predicate ('the
    construction of X'), a list or topic ('a list of', 'the possibility of'), a part's whole."""
    return (
        noun in ctx.heads
        or noun in ctx.in_predicate
        or ctx.doc.lemma[noun] in PASS_NOUNS
        or ctx.kind_of(noun) is not None
        and ctx.doc.lemma[noun] in ("memorandum", "agreement", "document", "mou")
    )


def is_finite(ctx: Context, verb: int) -> bool:
    doc = ctx.doc
    if doc.tag[verb] in ("VBD", "VBZ", "VBP", "MD"):
        return True
    return any(doc.dep[c] in SUBJECT_DEPS | PASSIVE_DEPS for c in doc.children[verb])


def governor_at(ctx: Context, token: int, relation: str) -> list[Governor]:
    p = ctx.predicate(token)
    if p is None:
        return []
    match, klass = p
    if relation == "subj" and not (klass.name in SUBJECT_CLASSES and ctx.doc.lemma[token] not in TRANSITIVE
                                   and not has_object(ctx, token)):  # fmt: skip
        return []  # the subject of 'Japan proposed X' is its agent, not what it proposes
    return [Governor(token, relation, match, klass)]


def outcome_at(ctx: Context, verb: int, obj: int) -> list[Governor]:
    """'Key outcomes included the sale of 37 aircraft', 'among the results was a loan for X': what a
    meeting's outcomes are said to be was agreed there; a fact, as a signed text's content is."""
    doc = ctx.doc
    if doc.lemma[verb] not in OUTCOME_VERBS or doc.pos[verb] not in VERB_TAGS:
        return []
    if doc.dep[obj] not in ("dobj", "attr", "nsubj"):
        return []
    for c in doc.children[verb]:
        if c != obj and doc.dep[c] in ("nsubj", "attr", "prep"):
            noun = next((g for g in doc.children[c] if doc.dep[g] == "pobj"), c) if doc.dep[c] == "prep" else c
            if doc.lemma[noun] in OUTCOMES:
                return [Governor(verb, "obj", Match(verb, verb + 1, "PREDICATE:content", form="verb"),
                                 ctx.pipeline.classes["content"])]  # fmt: skip
    return []


def relative_of(ctx: Context, head: int) -> list[Governor]:
    """The predicate of a relative clause about the candidate itself: 'the flights, which started in
    April' (its subject is the candidate), 'the plant, which was commissioned in 2018'."""
    doc = ctx.doc
    for c in doc.children[head]:
        if doc.dep[c] == "relcl" and any(
            doc.lower[g] in ("which", "that") and doc.dep[g] in SUBJECT_DEPS | PASSIVE_DEPS for g in doc.children[c]
        ):
            p = ctx.predicate(c)
            if p is not None and p[1].act != "speech":
                return [Governor(c, "pass", p[0], p[1])]
    return []


def has_object(ctx: Context, verb: int) -> bool:
    return any(ctx.doc.dep[c] in ("dobj", "obj") for c in ctx.doc.children[verb])


def own_modifier(ctx: Context, head: int) -> Governor | None:
    """A predicate written as the candidate's modifier ('the proposed railway', 'the ongoing
    project'), or the candidate's head itself ('Russia's $33 million contribution')."""
    own = ctx.predicate(head)
    doc = ctx.doc
    specific = any(doc.dep[c] in ("nummod", "prep", "quantmod") or doc.tag[c] == "$" for c in doc.children[head])
    if own is not None and own[0].form == "noun" and specific:  # not a bare 'Chinese funding'
        return Governor(head, "obj", own[0], own[1])
    for c in ctx.doc.children[head]:
        if ctx.doc.dep[c] in ("amod", "compound", "advmod"):
            p = ctx.doc.phrases.get(c)
            if p is not None and p.form == "adj":
                return Governor(c, "obj", p, ctx.pipeline.classes[p.label.split(":", 1)[1]])
        if doc.dep[c] == "acl" and doc.tag[c] == "VBN" and c > head and not any(doc.punct[i] for i in range(head, c)):
            # 'the statement issued after the talks'
            p = ctx.predicate(c)
            if p is not None and p[0].form == "verb":
                return Governor(c, "pass", p[0], p[1])
    return None


def is_hedged(ctx: Context, gov: Governor, above: int | None) -> bool:
    """A hedge on the predicate: its auxiliaries ('will sign'), a hedging verb it depends on
    before the next predicate up ('plans to build', 'is expected to receive', 'is due to
    begin'), or a hedging modifier ('possible cooperation'); or a negation ('not', 'failed to')."""
    doc = ctx.doc
    j = gov.token
    for _ in range(MAX_CHAIN):
        if ctx.is_hedge(j) and j != gov.match.start or ctx.is_negation(j):
            return True
        for c in doc.children[j]:
            if doc.dep[c] in ("aux", "auxpass", "neg", "amod", "advmod", "acomp") and (
                ctx.is_hedge(c) or ctx.is_negation(c)
            ):
                return True
        h = doc.head[j]
        if h in (j, above) or doc.dep[j] not in HEDGE_PATH:
            return False
        j = h
    return False


def is_past(ctx: Context, verb: int) -> bool:
    doc = ctx.doc
    if doc.tag[verb] == "VBD":
        return True
    auxes = [doc.lower[c] for c in doc.children[verb] if doc.dep[c] in ("aux", "auxpass")]
    return doc.tag[verb] == "VBN" and any(a in ("was", "were", "had") for a in auxes)


def status_of(gov: Governor, hedged: bool, kind: Kind | None) -> Status:
    klass = gov.klass
    if kind in MONEY_KINDS and klass.name == "creation":
        return Status.UNDER_DISCUSSION if hedged else Status.AGREED  # 'putting up a grant', 'extend a loan'
    return klass.hedged if hedged else klass.status


def read(ctx: Context, head: int, kind: Kind | None = None, outer: list[Governor] | None = None) -> Reading:
    """What the sentence says about the candidate headed by `head` (see the module's rules).
    `outer` are governors from elsewhere: the intro of a list the candidate is an item of."""
    chain, reaches_root = climb(ctx, head)
    chain += outer if outer and reaches_root else []
    if not chain:
        chain = relative_of(ctx, head)  # 'the direct flights, which started in April'
    own = own_modifier(ctx, head)
    readings: list[tuple[Governor, Status, bool]] = []
    hedges = [is_hedged(ctx, gov, chain[k + 1].token if k + 1 < len(chain) else None) for k, gov in enumerate(chain)]
    for k, gov in enumerate(chain):
        # a hedged process above hedges the processes below it: 'building work on X is due to begin'
        above_hedged = any(hedges[m] and chain[m].klass.act == "process" for m in range(k + 1, len(chain)))
        hedged = (hedges[k] or above_hedged and gov.klass.act == "process") if gov not in (outer or []) else False
        status = status_of(gov, hedged, kind)
        if kind in MONEY_KINDS and ctx.doc.lemma[gov.token] in DISBURSING and not hedged:
            status = Status.IN_PROGRESS  # 'released the first tranche': money paid out, not a text published
        if gov.klass.act == "speech" and said_by_document(ctx, gov):
            gov = Governor(gov.token, gov.relation, gov.match, ctx.pipeline.classes["content"])
            status, hedged = Status.AGREED, False  # 'the package also covers cooperation in chemicals'
        if hedged and status not in COMMITTED_OR_STALLED and under_agreement(ctx, gov):
            status, hedged = Status.AGREED, False  # 'the second agreement will back X': X is agreed
        readings.append((gov, status, hedged))
    decided = decide(readings, {r[0].token for r in readings if agent_of(ctx, r[0]) is not None})
    if decided is None:
        if own is None:
            return Reading(None, None, None)
        decided = (own, status_of(own, False, kind), False)
    gov, status, hedged = decided
    return Reading(status, gov.match, gov.klass, hedged, agent_of(ctx, gov), is_past(ctx, gov.token))


def read_governor(ctx: Context, gov: Governor) -> Status:
    """The status one predicate reports, hedged or not."""
    return status_of(gov, is_hedged(ctx, gov, None), None)


def paying(ctx: Context, subject: int) -> Reading | None:
    """'the second financing agreement will back X': a financing agreement that pays is agreed,
    whatever tense the payment is in; any other payer's verb says what it says."""
    doc = ctx.doc
    verb = doc.head[subject]
    p = ctx.predicate(verb)
    if doc.dep[subject] not in SUBJECT_DEPS or p is None or p[1].name not in ("disbursement", "funding"):
        return None
    gov = Governor(verb, "obj", p[0], p[1])
    hedged = is_hedged(ctx, gov, None)
    status = Status.AGREED if ctx.kind_of(subject) is Kind.AGREEMENT else status_of(gov, hedged, Kind.FINANCING)
    return Reading(status, p[0], p[1], hedged, agent_of(ctx, gov), is_past(ctx, verb))


def said_by_document(ctx: Context, gov: Governor) -> bool:
    """Whether the subject of a statement is a document: 'the package covers', 'the statement addresses'."""
    doc = ctx.doc
    if gov.match.form != "verb":
        return False
    return any(doc.dep[c] in SUBJECT_DEPS and is_text(ctx, antecedent(ctx, c)) for c in doc.children[gov.token])


def is_text(ctx: Context, i: int) -> bool:
    return ctx.kind_of(i) in (Kind.AGREEMENT, Kind.DEAL) or ctx.doc.lemma[i] in TEXTS


def antecedent(ctx: Context, i: int) -> int:
    """The noun a relative pronoun stands for, however the clause was parsed: 'signed MoUs | that
    call for X' (the parser may hang 'call' on 'signed')."""
    doc = ctx.doc
    if doc.lower[i] not in ("that", "which") or doc.tag[i] != "WDT":
        return i
    j = i - 1
    while j > 0 and doc.punct[j]:
        j -= 1
    return j if j >= 0 and doc.pos[j] in NOUN_TAGS else i


def under_agreement(ctx: Context, gov: Governor) -> bool:
    """Whether a hedged predicate is what an agreement provides: its subject is an agreement
    ('the second financing agreement will back X') or it happens 'under' one ('projects are to be
    carried out under the document')."""
    doc = ctx.doc
    v = gov.token
    for c in doc.children[v]:
        if doc.dep[c] in SUBJECT_DEPS and ctx.kind_of(c) is Kind.AGREEMENT:
            return True
        if doc.dep[c] == "prep" and doc.lower[c] == "under":
            for g in doc.children[c]:
                if doc.dep[g] == "pobj" and doc.lower[g] in ("which", "that") and doc.dep[v] == "relcl":
                    g = doc.head[v]  # 'a deal under which JGC will build a plant'
                if (doc.dep[g] == "pobj" or g == doc.head[v]) and ctx.kind_of(g) in (Kind.AGREEMENT, Kind.DEAL):
                    return True
    return False


def decide(
    readings: list[tuple[Governor, Status, bool]], with_agent: set[int] | frozenset[int] = frozenset()
) -> tuple[Governor, Status, bool] | None:
    for gov, status, hedged in readings:
        if gov.klass.act == "stall" and not hedged:
            return gov, status, hedged
    for gov, status, hedged in readings:
        if gov.klass.act == "state" and not hedged:
            return gov, status, hedged
    speech = [r for r in readings if r[0].klass.act == "speech"]
    if speech:
        return min(speech, key=lambda r: (RANK[r[1]], r[0].token not in with_agent))
    return readings[0] if readings else None


def agent_of(ctx: Context, gov: Governor) -> int | None:
    """Head token of whoever does what the predicate says: its subject ('Japan proposed'),
    the subject of the verb it completes ('Japan plans to build'), a passive's 'by' phrase,
    or a nominal predicate's possessor ('Uzbekistan's proposal') or 'by'/'from' phrase."""
    doc = ctx.doc
    v = gov.token
    if gov.match.form in ("noun", "adj"):
        for c in doc.children[v]:
            if doc.dep[c] == "poss":
                return c
            if doc.dep[c] == "prep" and doc.lower[c] in ("by", "from"):
                return next((g for g in doc.children[c] if doc.dep[g] == "pobj"), None)
        h = doc.head[v]
        if gov.match.form == "noun" and doc.dep[v] in ("dobj", "attr") and doc.pos[h] in VERB_TAGS:
            return agent_of_verb(ctx, h)  # 'Putin announced joint plans to ...': the plans are Putin's
        return None
    return agent_of_verb(ctx, v)


def agent_of_verb(ctx: Context, v: int) -> int | None:
    """The subject of a verb, or of the verb it completes ('Japan plans to build'), or a
    passive's 'by' phrase."""
    doc = ctx.doc
    raised = False  # 'X is expected to receive': the passive subject of the raising verb is the subject
    for _ in range(MAX_CHAIN):
        for c in doc.children[v]:
            if doc.dep[c] in SUBJECT_DEPS or raised and doc.dep[c] in PASSIVE_DEPS:
                return c
            if doc.dep[c] == "agent":
                return next((g for g in doc.children[c] if doc.dep[g] == "pobj"), None)
        h = doc.head[v]
        if doc.dep[v] in ("xcomp", "conj", "advcl", "pcomp", "acomp") and h != v:
            raised = doc.dep[v] == "xcomp"
            v = h
            continue
        if doc.dep[v] == "ccomp" and h != v:  # 'says TAJERO, ..., is getting': the parser took the subject as an object
            return next((c for c in doc.children[h] if doc.dep[c] == "dobj" and c < v), None)
        return None
    return None
