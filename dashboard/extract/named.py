"""Noun phrases headed by an initiative noun of the codebook (kinds.yaml).

Examples: 'proposed creating a Central Asian network of Japanese technoparks' (network);
'signed an agreement to build a new railway line between Ayagoz and Tacheng' (the railway:
an agreement to build a named thing is that thing, agreed); 'the second unit of the Rogun
HPP was put into operation' (a part with its own status is its own row); 'CASA-1000, the
$1.2 billion scheme for a power line, has been put on hold' (the proper name names it)."""

from dataclasses import replace

from dashboard.extract import predicates
from dashboard.extract.candidates import Candidate
from dashboard.extract.context import Context
from dashboard.extract.phrases import (
    RELATIONS,
    clean_name,
    complement_end,
    cut,
    is_bare,
    is_named,
    left_edge,
    shared_modifier,
    trim_left,
)
from dashboard.merge import GENERIC_MODIFIERS
from dashboard.nlp import EVENT, NOUN_TAGS, Sentence
from dashboard.records import Kind, Status

MONEY_KINDS = {Kind.FINANCING, Kind.DEAL}
WRAPPERS = {
    "agreement",
    "memorandum",
    "mou",
    "accord",
    "deal",
    "contract",
    "declaration",
    "initiative",
    "plan",
    "project",
    "programme",
    "program",
    "protocol",
    "treaty",
}  # 'an agreement on the X railway' is about X
ABOUT = {"on", "for", "of", "to", "concerning", "regarding"}
DEFINITE = {"the", "this", "that", "these", "those", "its", "their", "such"}
MAKING = frozenset({"creation", "proposal", "funding", "disbursement", "implementation"})
CREATING = frozenset({"creation", "proposal"})  # 'financing projects in Afghanistan' names no project
GENERAL = RELATIONS
GROWTH_VERBS = {"develop", "expand", "strengthen", "deepen", "boost", "enhance", "broaden", "intensify", "promote",
                "advance", "increase", "widen", "diversify", "foster", "step"}  # fmt: skip
FIELD_PREPS = {"in", "on"}
CLOSER = {"closer", "close", "deeper", "broader", "wider", "stronger", "mutual", "mutually", "beneficial", "bilateral",
          "multilateral", "regional", "fruitful", "long-term", "the", "a", "our", "their"}  # fmt: skip
MEASURES = {"package"}  # a package deal; 'a number of agreements', 'a set of documents' name nothing more
GENERIC_WORK = {"project", "programme", "program", "initiative", "scheme", "agreement", "document", "deal"}
ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "last", "latter", "former"}
PURPOSE_KINDS = {Kind.FINANCING, Kind.PROGRAMME, Kind.FUND, Kind.AGREEMENT, Kind.DEAL, Kind.INSTITUTION}


def rule_named(ctx: Context, sent: Sentence, taken: set[int]) -> list[Candidate]:
    """One candidate per initiative noun phrase of the sentence that names something."""
    found: list[Candidate] = []
    heads = sorted(h for h in ctx.kinds if sent.start <= h < sent.end)
    for head in sorted(h for h in ctx.parts if sent.start <= h < sent.end):
        if head not in taken:
            found += rule_part(ctx, sent, head, taken)
    for head in heads:
        if head in taken or not is_head(ctx, head):
            continue
        cand = candidate_at(ctx, sent, head)
        if cand is None:
            continue
        inner = named_inside(ctx, cand, heads)
        if inner is not None:
            cand = inner
        taken.update(range(cand.start, cand.end))
        segments = repeated_list(ctx, cand.head) if cand.plural else None
        if segments:
            taken.update(range(cand.head, segments[-1][1]))  # the distributed list is this candidate's
        cand.money = ctx.money_at.get(cand.head)
        found.append(cand)
    return found


def place_after(ctx: Context, end: int, limit: int) -> int:
    """'the new international airport project | in Tashkent', 'centers in Kyrgyzstan | for wholesale
    trade and logistics distribution': a place, or a purpose in a sector, right after a name is
    part of it, whatever the parser attached it to."""
    doc = ctx.doc
    if end + 1 < limit and doc.lower[end] in ("in", "at") and ctx.ent(end + 1) is not None:
        e = ctx.ent(end + 1)
        if e.label in ("CITY", "COUNTRY"):
            return place_after(ctx, e.end, limit)
    if end + 1 < limit and doc.lower[end] == "for" and doc.dep[end] == "prep" and ctx.sectors_in(end, doc.right[end]):
        return doc.right[end]
    return end


def rule_part(ctx: Context, sent: Sentence, head: int, taken: set[int]) -> list[Candidate]:
    """'the second unit of the Rogun HPP was put into operation': the part is a row of its own, and
    the whole is in progress (finishing a part is progress on the whole; other news is the whole's)."""
    doc = ctx.doc
    whole = part_of(ctx, head)
    if whole is None or doc.pos[head] not in NOUN_TAGS:
        return []
    kind = ctx.kind_of(whole) or Kind.PROJECT
    reading = predicates.read(ctx, head, kind, ctx.outer)
    if reading.status is None:
        return []
    start = trim_left(ctx, left_edge(ctx, head), head)
    end = cut(ctx, start, max(complement_end(ctx, head, sent.end), head + 1))
    part = Candidate(head, start, end, kind, clean_name(ctx.text(start, end)), (start, end), "part", reading=reading)
    w_start = trim_left(ctx, left_edge(ctx, whole), whole)
    w_end = cut(ctx, w_start, max(complement_end(ctx, whole, sent.end), whole + 1))
    status = Status.IN_PROGRESS if reading.status is Status.COMPLETED else reading.status
    whole_reading = replace(reading, status=status)
    name = clean_name(ctx.text(w_start, w_end))
    found = [part]
    if doc.tag[whole] in ("NNS", "NNPS"):
        pass  # 'new sections of railways and roads': no one whole to report on
    elif not is_bare(ctx, w_start, w_end, whole):
        found.append(Candidate(whole, w_start, w_end, kind, name, (w_start, w_end), "part", reading=whole_reading))
    else:
        referent = anaphor(ctx, Candidate(whole, w_start, w_end, kind, "", (w_start, w_end), "part"), w_start)
        if referent is not None:
            referent.reading = whole_reading
            found.append(referent)
    taken.update(range(start, end))
    return found


def is_head(ctx: Context, head: int) -> bool:
    """A kind noun that heads its phrase: not a modifier ('railway project') unless of a predicate
    noun ('the X Railway feasibility study'), not part of an
    organization's or a meeting's name ('Japan International Cooperation Agency', 'business forum')."""
    doc = ctx.doc
    if doc.pos[head] not in NOUN_TAGS:
        return False
    if doc.dep[head] == "compound" and not (doc.head[head] in ctx.heads and ctx.kind_of(doc.head[head]) is None):
        return False  # 'railway project'; but 'the X Railway feasibility study' studies the railway
    events = ctx.doc.lex_at.get(EVENT, {})
    if any(m.start <= head < m.end for m in events.values() if m.end - 1 >= head):
        return False
    ent = ctx.ent(head)
    return ent is None or ent.label != "ORG" or creates(ctx, head)


def creates(ctx: Context, head: int) -> bool:
    """Whether a creation predicate governs the phrase ('the French Development Agency will be set up')."""
    h = ctx.doc.head[head]
    p = ctx.predicate(h)
    return p is not None and p[1].name == "creation"


def candidate_at(ctx: Context, sent: Sentence, head: int) -> Candidate | None:
    doc = ctx.doc
    kind = ctx.kind_of(head)
    if head in ctx.heads and any(predicates.is_infinitival(ctx, c) for c in doc.children[head] if c > head):
        return None  # 'plans to upgrade X', 'a proposal to launch Y': a predicate; X and Y are the rows
    first = shared_modifier(ctx, head)
    start = trim_left(ctx, left_edge(ctx, first if first is not None else head), head, keep_amount=kind in MONEY_KINDS)
    bare_head = is_bare(ctx, start, head + 1, head)
    purpose = bare_head or kind in PURPOSE_KINDS and not is_named(ctx, start, head)  # a name needs no purpose
    end = complement_end(ctx, head, sent.end, purpose=purpose)
    if first is not None:  # its complements are the whole phrase's
        end = max([end] + [doc.right[c] for c in doc.children[first] if c > head and doc.dep[c] == "prep"])
    end = cut(ctx, start, max(end, head + 1, place_after(ctx, max(end, head + 1), sent.end)))
    part = part_of(ctx, head)
    if part is not None:  # 'the second unit of the Rogun HPP'
        kind = ctx.kind_of(part) or kind
    proper = proper_name(ctx, head)
    before = doc.left[head] - 1
    spaced = before > 0 and ctx.document.text[doc.idx[before] - 1 : doc.idx[before]].isspace()
    if (
        proper is None
        and doc.dep[head] == "appos"
        and doc.head[head] < head
        and doc.words[before] in ("–", "—", "(")
        and (spaced)
    ):
        return None  # 'financing of CASA-1000 - a scheme meant to deliver ...': a description of what came before
    plural = doc.tag[head] in ("NNS", "NNPS")
    measure = measured(ctx, head)
    if measure is not None:  # 'a package of bilateral documents': the package names the set
        start, plural = trim_left(ctx, left_edge(ctx, measure), measure), False
    scope_end = max(
        end, complement_end(ctx, head, sent.end, purpose=True, naming=False)
    )  # 'a program | aimed at attracting
    cand = Candidate(head, start, end, kind, "", (start, scope_end), "named", plural=plural)  # Japanese investment'
    if proper is not None:
        cand.start, cand.end = proper
        cand.scope = (min(start, proper[0]), max(end, proper[1]))
        cand.name = clean_name(ctx.text(*proper))
        return cand
    given = given_name(ctx, head)
    if given is not None:  # 'a new format, which we have named the "Organization of Turkic States Plus"'
        cand.name = clean_name(ctx.text(*given))
        cand.scope = (start, max(end, given[1]))
        return cand
    content = content_clause(ctx, head)
    if content is not None and is_bare(ctx, start, end, head):  # 'a deal under which JGC will build a plant'
        end = cand.end = content
        cand.scope = (start, end)
    if is_bare(ctx, start, end, head) and not (plural and repeats(ctx, head)):
        return anaphor(ctx, cand, start)
    general = category(ctx, head, start, end) or listed_in(ctx, head) or counted(ctx, head)
    if plural and not is_named(ctx, start, head) and not repeats(ctx, head) and general:
        return None  # 'infrastructure projects', 'nine projects': a category or a count, not one undertaking
    if doc.lemma[head] in GENERAL and not is_named(ctx, start, head) and not ctx.sectors_in(start, end):
        return None  # 'Kyrgyz-Hungarian cooperation', 'cooperation with other countries': relations in general
    if doc.lemma[head] in GENERAL and not is_named(ctx, start, head) and wished(ctx, head):
        return None  # 'agreed to develop cooperation in mining': a general wish (GOLD_GUIDE), not an undertaking
    if about_relations_only(ctx, head, end):
        return None  # 'Plans for further cooperation were discussed': the plan names nothing
    cand.name = clean_name(ctx.text(start, end))
    return cand if cand.name else None


def wished(ctx: Context, head: int) -> bool:
    """'develop cooperation in mining', 'expand ties in energy': relations a verb of growth takes as
    its object, with nothing after them but the fields they are in. 'expand industrial cooperation
    through production automation' says how, and is an undertaking."""
    doc = ctx.doc
    if doc.dep[head] != "dobj" or doc.lemma[doc.head[head]] not in GROWTH_VERBS:
        return False
    verb = doc.head[head]
    after = [c for c in doc.children[head] if c > head and not doc.punct[c]]
    after += [c for c in doc.children[verb] if c > head and doc.dep[c] in ("prep", "advcl", "xcomp", "dobj")]
    inside = [i for i in range(head + 1, doc.right[head]) if doc.dep[i] in ("prep", "acl", "relcl", "advcl")]
    return all(doc.dep[c] == "prep" and doc.lower[c] in FIELD_PREPS for c in after + inside)


def about_relations_only(ctx: Context, head: int, end: int) -> bool:
    """'plans for further cooperation', 'a vision of closer ties': a head whose only complement is
    relations in general, with no field, name or party."""
    doc = ctx.doc
    if ctx.kind_of(head) not in (Kind.STRATEGY,) or doc.lemma[head] in GENERAL:
        return False
    preps = [c for c in doc.children[head] if c > head and doc.dep[c] == "prep"]
    if len(preps) != 1 or doc.lower[preps[0]] not in ("for", "of", "on") or ctx.ents_in(head, end):
        return False
    objects = [g for g in doc.children[preps[0]] if doc.dep[g] == "pobj"]
    if len(objects) != 1 or doc.lemma[objects[0]] not in GENERAL or ctx.sectors_in(head, end):
        return False
    g = objects[0]
    return all(doc.lower[i] in GENERIC_MODIFIERS or doc.lower[i] in CLOSER for i in range(doc.left[g], g))


def measured(ctx: Context, head: int) -> int | None:
    """The measure noun a plural is counted by: 'a package of | bilateral documents'."""
    doc = ctx.doc
    of = doc.head[head]
    if doc.dep[head] == "pobj" and doc.lower[of] == "of" and doc.lemma[doc.head[of]] in MEASURES:
        return doc.head[of]
    return None


def content_clause(ctx: Context, head: int) -> int | None:
    """The end of 'under which ...', 'whereby ...' after a document: what it provides names it."""
    doc = ctx.doc
    if ctx.kind_of(head) not in (Kind.AGREEMENT, Kind.DEAL):
        return None
    for c in doc.children[head]:
        if doc.dep[c] == "relcl" and any(
            doc.lower[i] in ("whereby",) or doc.lower[i] in ("under", "by") and doc.lower[i + 1] == "which"
            for i in range(doc.left[c], min(c, doc.left[c] + 3))
        ):
            end = doc.right[c]
            while end > c and doc.punct[end - 1]:
                end -= 1
            return end if end - doc.left[c] < 25 else None
    return None


def repeats(ctx: Context, head: int) -> bool:
    """'agreements were signed on A, on B and on C': a plural the list distributes."""
    return repeated_list(ctx, head) is not None


def repeated_list(ctx: Context, head: int) -> list[tuple[int, int]] | None:
    from dashboard.extract.lists import segments

    return segments(ctx, head)


def counted(ctx: Context, head: int) -> bool:
    """'nine public sector projects', 'five documents': a count of things, unless being made."""
    doc = ctx.doc
    return any(doc.dep[c] == "nummod" for c in doc.children[head]) and not created(ctx, head, CREATING)


def category(ctx: Context, head: int, start: int, end: int) -> bool:
    """A plural with nothing specific after it but a place ('investment projects in Tajikistan'),
    with coordinated modifiers ('trade, economic, and investment projects'), or one of a list of
    plurals ('high-speed railways, highways, digital transport corridors, airports')."""
    doc = ctx.doc
    if linking(ctx, head):
        return False  # 'passenger and cargo flights between China and Central Asia': a link between places
    if any(doc.words[i] == "," or doc.lower[i] in ("and", "or") for i in range(start, head)):
        return True
    siblings = [c for c in doc.children[head] if doc.dep[c] == "conj" and doc.tag[c] in ("NNS", "NNPS")]
    if doc.dep[head] == "conj" and doc.tag[doc.head[head]] in ("NNS", "NNPS") or siblings:
        return True
    if areas_listed(ctx, head, end):
        return True  # 'projects in car manufacturing, energy and agricultural machinery'
    if created(ctx, head, CREATING):
        return False
    rest = [i for i in range(head + 1, end) if not doc.punct[i]]
    return not rest or all(ctx.ent(i) is not None or doc.pos[i] in ("ADP", "DET") for i in rest)


def linking(ctx: Context, head: int) -> bool:
    """A plural of links between two named places ('flights between Tashkent and Tokyo'): the places
    name it, unless it is a generic word for work ('projects between the two countries')."""
    doc = ctx.doc
    if doc.lemma[head] in GENERIC_WORK:
        return False
    first = shared_modifier(ctx, head)
    for c in doc.children[head] + (doc.children[first] if first is not None else []):
        if doc.dep[c] == "prep" and doc.lower[c] == "between":
            return sum(ctx.ent(i) is not None for i in range(doc.left[c], doc.right[c])) >= 2
    return False


def areas_listed(ctx: Context, head: int, end: int) -> bool:
    """A plural whose complement is a list of sectors: kinds of work, not undertakings."""
    doc = ctx.doc
    prep = next((c for c in doc.children[head] if doc.dep[c] == "prep" and doc.lower[c] in ("in", "across")), None)
    if prep is None:
        return False
    obj = next((g for g in doc.children[prep] if doc.dep[g] == "pobj"), None)
    return (
        obj is not None
        and any(doc.dep[g] == "conj" for g in doc.children[obj])
        and bool(ctx.sectors_in(doc.left[obj], doc.right[obj]))
    )


def listed_in(ctx: Context, head: int) -> bool:
    """'the major corridors, the China-Kyrgyzstan-Uzbekistan railway and the Trans-Afghan route among
    them': the plural names the kind of the items that follow it; they are the rows."""
    doc = ctx.doc
    items = [c for c in doc.children[head] if doc.dep[c] in ("appos", "conj") and ctx.kind_of(c)]
    return bool(items) and any(
        doc.lower[i] == "among" and doc.lower[i + 1] in ("them", "which") for i in range(head, doc.right[head] - 1)
    )


def given_name(ctx: Context, head: int) -> tuple[int, int] | None:
    """'which we have named the X', 'called X', 'dubbed X': the name a text gives a new body."""
    doc = ctx.doc
    for c in doc.children[head]:
        if doc.dep[c] in ("relcl", "acl") and doc.lemma[c] in ("name", "call", "dub", "title", "christen", "brand"):
            for g in doc.children[c]:
                if doc.dep[g] in ("oprd", "attr", "dobj", "xcomp", "ccomp") and g > c:
                    start = doc.left[g]
                    while start < g and (doc.lower[start] in DEFINITE or doc.punct[start]):
                        start += 1
                    end = doc.right[g]
                    while end > start + 1 and doc.punct[end - 1]:
                        end -= 1
                    return start, end
    return None


def created(ctx: Context, head: int, classes: frozenset[str] = MAKING) -> bool:
    """'setting up special economic zones', 'interested in putting money into renewable energy
    projects': a plural that is being made or proposed is a set of undertakings."""
    return any(g.klass.name in classes for g in predicates.governors(ctx, head))


def part_of(ctx: Context, head: int) -> int | None:
    """For a part noun ('unit', 'section', 'phase'), the head of the whole it is part of."""
    doc = ctx.doc
    if head not in ctx.parts:
        return None
    for c in doc.children[head]:
        if doc.dep[c] == "prep" and doc.lower[c] == "of":
            g = next((g for g in doc.children[c] if doc.dep[g] == "pobj"), None)
            if g is not None and ctx.kind_of(g) is not None:
                return g
    return None


def proper_name(ctx: Context, head: int) -> tuple[int, int] | None:
    """'CASA-1000, the $1.2 billion scheme for a power line': the proper noun in apposition names
    the undertaking. Tokens [start, end) of that name, or None."""
    doc = ctx.doc
    other = None
    if doc.dep[head] == "appos":
        other = doc.head[head]
    else:
        other = next((c for c in doc.children[head] if doc.dep[c] == "appos"), None)
    if other is None or doc.pos[other] != "PROPN" or ctx.ent(other) is not None:
        return None
    if other + 1 < len(doc.words) and doc.words[other + 1] == ":":
        return None  # '- Energy: a power line, ...': a list item's label, not a name
    start, end = doc.left[other], other + 1
    while start < other and (doc.lower[start] in DEFINITE or doc.punct[start]):
        start += 1
    if other < head:
        end = min(end, head)
    return (start, end) if end > start else None


def about(ctx: Context, inner: int, cand: Candidate) -> bool:
    """Whether the wrapper is about the inner phrase: through 'on', 'for', 'of', 'to' or a verb
    ('an agreement to build X'), not 'under' or 'with'."""
    doc = ctx.doc
    j = inner
    for _ in range(8):
        h = doc.head[j]
        if doc.dep[j] == "prep" and doc.lower[j] not in ABOUT or doc.dep[j] in ("nsubj", "nsubjpass", "relcl"):
            return False  # 'a deal ... in which the Fund takes part' is not about the Fund
        if h == cand.head or h == j:
            return h == cand.head
        j = h
    return False


def anaphor(ctx: Context, cand: Candidate, start: int) -> Candidate | None:
    """'the memorandum', 'this project', 'the Fund': more news of the last initiative of that
    head or kind named in the document; nothing when there is none."""
    doc = ctx.doc
    lo = ctx.doc.left[cand.head]
    determiners = {doc.lower[i] for i in range(lo, cand.head)}
    if not determiners & DEFINITE or determiners & ORDINALS:
        return None
    lemma = doc.lemma[cand.head]
    for k in range(len(ctx.found) - 1, -1, -1):
        found = ctx.found[k]
        if found.lemma == lemma or found.initiative.kind is cand.kind and lemma not in ("document", "agreement"):
            cand.refers_to = k
            cand.name = found.initiative.name
            cand.kind = found.initiative.kind
            return cand
    return None


def named_inside(ctx: Context, cand: Candidate, heads: list[int]) -> Candidate | None:
    """'an agreement on the construction of the Dostyk-Moyynty railway': a named undertaking
    inside a wrapper's complement is what the wrapper is about; it takes the wrapper's place."""
    doc = ctx.doc
    if doc.lemma[cand.head] not in WRAPPERS or cand.refers_to is not None:
        return None
    for h in heads:
        if cand.head < h < cand.scope[1] and doc.lemma[h] not in WRAPPERS and is_head(ctx, h) and about(ctx, h, cand):
            start = trim_left(ctx, left_edge(ctx, h), h)
            end = cut(ctx, start, complement_end(ctx, h, cand.scope[1]))
            if is_named(ctx, start, h) or any(
                ctx.ent(i) is not None or doc.pos[i] == "PROPN" for i in range(h + 1, end)
            ):
                name = clean_name(ctx.text(start, end))
                kind = ctx.kind_of(h) or cand.kind
                return Candidate(cand.head, start, end, kind, name, cand.scope, "named")
    return None
