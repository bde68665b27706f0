"""Cooperation areas: what a meeting names as its agenda or priorities, one row per area.

- 'cooperation in areas including the green economy, sustainable development and human capital';
- 'the leaders went over a number of topics, among them regional connectivity, security, trade';
- 'The discussions centred on closer cooperation in trade, investment, energy and education';
- 'three pillars for the special strategic partnership: digitalization, the green economy and a
  strong social policy' (what a signed statement sets out is agreed);
- 'The economy topped the agenda.', 'Education was on the table as well' (a single area).
Status comes from statements only: discussed (the default), proposed by a single speaker
('Tokayev underlined how important it was to launch new projects in raw materials, agriculture
and transport'), or agreed in a declaration ('decisions to open cooperation in fields such as')."""

from dashboard.extract import actors, predicates
from dashboard.extract.candidates import Candidate
from dashboard.extract.context import Context
from dashboard.extract.phrases import clean_name
from dashboard.nlp import AGENDA_CONNECTOR, AGENDA_NOUN, EVENT, NOUN_TAGS, Sentence
from dashboard.records import Kind, Status

COOPERATION = {"cooperation", "collaboration", "tie", "ties", "relation", "relations", "link", "links", "partnership",
               "interaction", "engagement", "projects", "integration", "contacts"}  # fmt: skip
ADVOCACY = {"need", "important", "necessary", "essential", "crucial", "vital", "should", "must", "call", "urge",
            "propose", "suggest", "advocate", "importance", "priority"}  # fmt: skip
CREATED = {"creation", "proposal", "implementation"}  # launch new projects in A, B and C
INTO = {"in", "on", "across", "covering", "spanning", "regarding"}
AREA_VERBS = {"discussion"}  # predicate classes whose object may be a list of areas
STATEMENT_VERBS = {"underline", "stress", "emphasize", "emphasise", "highlight", "note", "say", "call", "point",
                   "propose", "suggest", "urge", "voice", "express", "mention", "outline"}  # fmt: skip
CONTENT_VERBS = {"set", "contain", "cover", "include", "envisage", "outline", "provide", "stipulate", "define",
                 "identify", "list", "name", "open"}  # fmt: skip
SINGLE_AREA = {"top", "dominate", "draw", "be", "figure", "feature", "receive", "get"}
DESIGNATING = {"name", "identify", "designate", "choose", "select", "single", "define", "declare", "recognize",
               "recognise", "list", "set", "pick", "mark"}  # 'named A, B and C as priority areas'  # fmt: skip
LEADING = {"closer", "further", "deeper", "possible", "broader", "greater", "wider", "expanded", "enhanced",
           "stronger", "strong", "new", "mutually", "beneficial", "promising", "practical", "concrete", "joint",
           "particular", "special", "priority", "key", "main", "various",
           "other", "such", "as", "of", "the", "a", "an", "its", "their", "our", "in", "on", "at", "also", "both",
           "making", "use", "developing", "fostering", "advancing", "strengthening", "promoting", "expanding",
           "boosting", "deepening", "improving", "enhancing", "building", "creating", "supporting", "using",
           "ensuring", "cooperation", "working", "together", "with", "for", "outlook", "prospects", "issues",
           "matters"}  # fmt: skip
GENERIC_AREAS = {"area", "areas", "field", "fields", "sector", "sectors", "industries", "sphere",
                 "spheres", "issue", "issues", "matter", "matters", "more", "others", "etc", "direction",
                 "directions", "economy and more"}  # fmt: skip
STOP = {";", ":", "(", ")", "—", "–", "."}
CLAUSE_WORDS = {"which", "who", "where", "while", "whereas", "but", "so", "because", "although", "as", "when", "that"}
MAX_ITEM = 8
DOCS = {Kind.AGREEMENT, Kind.DEAL}
PERSONS = {"minister", "official", "leader", "expert", "president", "representative", "head", "envoy", "ambassador",
           "delegation", "company", "firm", "investor"}  # fmt: skip


def rule_agenda(ctx: Context, sent: Sentence, taken: set[int]) -> list[Candidate]:
    """One agenda row per area of each list of areas in the sentence, innermost list first."""
    found: list[Candidate] = []
    for anchor, start in sorted(anchors(ctx, sent), key=lambda a: -a[1]):
        end = list_end(ctx, start, sent.end)
        items = [(a, b) for a, b in split_items(ctx, start, end) if not any(i in taken for i in range(a, b))]
        areas = [area for area in (area_of(ctx, a, b) for a, b in items) if area is not None]
        if len(areas) < 2 or not any(ctx.sectors_in(a, b) for a, b in areas) or valued(ctx, anchor, end):
            continue
        reading = agenda_reading(ctx, anchor)
        for a, b in areas:
            taken.update(range(a, b))
            found.append(area_candidate(ctx, anchor, a, b, reading))
        taken.update(range(start, end))
        taken.add(anchor)
        taken.update(cooperation_above(ctx, anchor))
    return found + single_areas(ctx, sent, taken)


def anchors(ctx: Context, sent: Sentence) -> list[tuple[int, int]]:
    """(anchor token, first token of its list): 'cooperation in | A, B', 'areas including | A, B',
    'pillars: | A, B', 'discussed | A, B and C'."""
    doc, found = ctx.doc, []
    connectors = {m.start: m for m in ctx.doc.lexicon.get(AGENDA_CONNECTOR, []) if sent.start <= m.start < sent.end}
    for m in ctx.doc.lexicon.get(AGENDA_NOUN, []):
        if not sent.start <= m.start < sent.end:
            continue
        j = m.end
        while j < sent.end and j not in connectors and (doc.words[j] == "," or doc.lower[j] in ("of", "cooperation") or
                                doc.pos[j] in ("ADJ",) and j - m.end < 3):  # fmt: skip
            j += 1
        colon = next((k for k in range(m.end, min(sent.end, m.end + 12)) if doc.words[k] == ":"), None)
        if colon is not None and not any(doc.tag[k] in ("VBD", "VBZ", "VBP", "MD") for k in range(m.end, colon)):
            j = colon  # 'three pillars for the special strategic partnership: A, B and C'
        if j in connectors:
            found.append((m.end - 1, connectors[j].end))
        elif j < sent.end and doc.words[j] == ":":
            found.append((m.end - 1, j + 1))
    for i in range(sent.start, sent.end - 1):
        if about_document(ctx, i):
            continue  # 'an agreement on cooperation in science and technology' is one agreement
        if doc.lower[i] in COOPERATION and doc.pos[i] in NOUN_TAGS and doc.lower[i + 1] in INTO:
            if doc.lower[i] != "projects" or created(ctx, i):
                found.append((i, i + 2))
        elif doc.lemma[i] in ("work", "cooperate") and doc.pos[i] == "VERB":
            j = i + 1 + (doc.lower[i + 1] in ("together", "jointly"))
            if j < sent.end and doc.lower[j] in INTO and (doc.lemma[i] == "cooperate" or j > i + 1):
                found.append((i, j + 1))
    for i in range(sent.start, sent.end):
        p = ctx.predicate(i)
        if p is not None and p[1].name in AREA_VERBS and p[0].form == "verb" and doc.dep[i] not in ("acl", "relcl"):
            if document_subject(ctx, i):
                continue  # 'The memorandum covers A and B': a document's scope, not a meeting's agenda
            obj = list_object(ctx, i, p[0].end)
            if obj is not None:
                found.append((i, obj))
        elif doc.pos[i] == "VERB" and doc.lemma[i] in DESIGNATING and designated_as_areas(ctx, i):
            obj = list_object(ctx, i, i + 1)
            if obj is not None:
                found.append((i, obj))
    return list(dict.fromkeys(found))


def document_subject(ctx: Context, verb: int) -> bool:
    """Whether the verb's subject is a document: an agreement, a memorandum, a contract."""
    doc = ctx.doc
    subject = next((c for c in doc.children[verb] if doc.dep[c] in ("nsubj", "nsubjpass")), None)
    return subject is not None and ctx.kind_of(subject) in DOCS


def designated_as_areas(ctx: Context, verb: int) -> bool:
    """'named A, B and C as priority areas', 'identified A and B as the main directions': the verb
    takes 'as' and an agenda noun (kinds.yaml's agenda nouns: area, priority, direction, ...)."""
    doc = ctx.doc
    agenda = {i for m in doc.lexicon.get(AGENDA_NOUN, []) for i in range(m.start, m.end)}
    for c in doc.children[verb]:
        if doc.lower[c] == "as" and doc.dep[c] == "prep":
            noun = next((g for g in doc.children[c] if doc.dep[g] == "pobj"), None)
            if noun is not None and (noun in agenda or any(g in agenda for g in doc.children[noun])):
                return True
    return False


def about_document(ctx: Context, i: int) -> bool:
    """Whether token i is in the complement of a document: 'agreement on cooperation in X'."""
    doc = ctx.doc
    j = i
    for _ in range(4):
        h = doc.head[j]
        if h == j:
            return False
        if doc.dep[j] == "pobj" and doc.lower[h] in ("on", "about", "for") and ctx.kind_of(doc.head[h]) in DOCS:
            return True
        j = h
    return False


def created(ctx: Context, noun: int) -> bool:
    """'launch new projects in A, B and C': projects a statement creates or proposes are areas of work."""
    p = ctx.predicate(ctx.doc.head[noun])
    return p is not None and p[1].name in CREATED


def list_object(ctx: Context, verb: int, after: int) -> int | None:
    """Where the object of a discussion verb starts when it is a list: 'covered | A, B and C'."""
    doc = ctx.doc
    for c in doc.children[verb]:
        if c < after:
            continue
        if (
            doc.dep[c] in ("dobj", "oprd", "xcomp", "ccomp")
            or doc.dep[c] == "prep"
            and doc.lower[c] in ("on", "about", "over")
        ):
            obj = c if doc.dep[c] != "prep" else next((g for g in doc.children[c] if doc.dep[g] == "pobj"), None)
            if obj is None:
                continue
            end = list_end(ctx, doc.left[obj], ctx.sentence(verb).end)
            joints = [i for i in range(doc.left[obj], end) if doc.words[i] == "," or doc.lower[i] == "and"]
            if any(doc.dep[g] == "conj" for g in doc.children[obj]) or len(joints) >= 2:
                return doc.left[obj]
    return None


def list_end(ctx: Context, start: int, limit: int) -> int:
    """A list runs to the end of its clause: a semicolon, a parenthesis, a new clause."""
    doc = ctx.doc
    for i in range(start, limit):
        if doc.words[i] in STOP or doc.space[i] and "\n" in doc.words[i]:
            return i
        if doc.words[i] == "," and i + 1 < limit and doc.lower[i + 1] in CLAUSE_WORDS:
            return i
        if doc.tag[i] in ("VBD", "VBZ", "VBP", "MD") and i > start and doc.dep[i] not in ("relcl", "acl"):
            return clause_start(ctx, start, i)
        if doc.lower[i] == "as" and doc.dep[i] == "prep" and doc.pos[doc.head[i]] == "VERB" and i > start:
            return i  # 'named A, B and C | as priority areas': the verb's 'as' closes its object
    return limit


def clause_start(ctx: Context, start: int, verb: int) -> int:
    """Where the clause of a finite verb begins, when its subject stands inside a list:
    'cooperation on critical minerals, and | the two sides agreed ...'."""
    doc = ctx.doc
    subject = next((c for c in doc.children[verb] if doc.dep[c] in ("nsubj", "nsubjpass") and c < verb), None)
    if subject is None or doc.left[subject] <= start:
        return verb
    end = doc.left[subject]
    while end > start and (doc.punct[end - 1] or doc.lower[end - 1] in ("and", "but", "or", "while")):
        end -= 1
    return end


def split_items(ctx: Context, start: int, end: int) -> list[tuple[int, int]]:
    """'A, B and C' -> A, B, C; 'A, B and C, and D' keeps 'B and C' together (the comma before
    the last 'and' shows the list's own joints)."""
    doc = ctx.doc
    commas = [i for i in range(start, end) if doc.words[i] == ","]
    if not commas:
        ands = [i for i in range(start, end) if doc.lower[i] in ("and", "or")]
        bounds = [start, *ands, end] if ands else [start, end]
        return [(a + (a != start), b) for a, b in zip(bounds, bounds[1:], strict=False)]
    items, a = [], start
    for c in commas:
        items.append((a, c))
        a = c + 1
    last_a, last_b = a, end
    if last_a < end and doc.lower[last_a] in ("and", "or"):
        items.append((last_a + 1, last_b))  # an Oxford comma: the last item is whole
    else:
        joint = next((i for i in range(last_a, last_b) if doc.lower[i] in ("and", "or")), None)
        if joint is None:
            items.append((last_a, last_b))
        else:
            items += [(last_a, joint), (joint + 1, last_b)]
    return [(a, b) for a, b in items if b > a]


def cooperation_above(ctx: Context, anchor: int) -> list[int]:
    """'cooperation in several critical areas, including A and B': the cooperation is the list's frame."""
    doc, found, j = ctx.doc, [], anchor
    for _ in range(3):
        h = doc.head[j]
        if h == j:
            break
        if doc.pos[h] in NOUN_TAGS and doc.lower[h] in COOPERATION:
            found.append(h)
        j = h
    return found


def valued(ctx: Context, anchor: int, end: int) -> bool:
    """'joint projects in energy and construction with a total value of 9 billion euros': a package
    of deals, not a list of areas."""
    sent = ctx.doc.sent_of[anchor]
    return any(anchor < a < end + 12 for a, _, _ in ctx.money_in.get(sent, []))


def area_of(ctx: Context, a: int, b: int) -> tuple[int, int] | None:
    """The area an item names, without its leading words ('closer cooperation in', 'the country's'),
    or None when it names none: a clause, a place, a generic word."""
    doc = ctx.doc
    while a < b and (doc.lower[a] in LEADING or doc.punct[a] or doc.pos[a] in ("DET", "PRON")
                     or doc.dep[a] == "poss" or doc.lower[a] in ("'s", "’s")):  # fmt: skip
        a += 1
    for i in range(a + 1, b):  # 'the large transit potential Tajikistan has in the region': up to the clause
        if doc.tag[i] in ("VBZ", "VBP", "VBD", "MD") or ctx.ent(i) is not None and doc.pos[i - 1] == "NOUN":
            b = i
            break
    while b > a and (doc.punct[b - 1] or doc.lower[b - 1] in ("and", "or", "etc")):
        b -= 1
    if a >= b or b - a > MAX_ITEM or ctx.text(a, b).lower() in GENERIC_AREAS:
        return None
    if any(doc.pos[i] == "VERB" and doc.tag[i] not in ("VBG", "VBN") for i in range(a, b)):
        return None
    if any(i in ctx.doc.lex_at.get(EVENT, {}) or doc.lemma[i] in PERSONS for i in range(a, b)):
        return None  # 'meetings of foreign ministers': bodies and people, not areas
    keyword = bool(ctx.sectors_in(a, b))
    if any(ctx.ent(i) is not None for i in range(a, b)) and not keyword:
        return None  # 'China and the Central Asian states', 'Kazakhstan today': places, not areas
    if not keyword and (b - a > 3 or not any(doc.pos[i] == "NOUN" for i in range(a, b))):
        return None
    return a, b


def area_candidate(ctx: Context, anchor: int, a: int, b: int, reading: predicates.Reading) -> Candidate:
    name = clean_name(ctx.text(a, b))
    return Candidate(anchor, a, b, Kind.AGENDA, name, (a, b), "agenda", reading=reading, default_status=True)


def agenda_reading(ctx: Context, anchor: int) -> predicates.Reading:
    """Statements about the areas decide; a single leader's statement proposes them; else they
    were discussed."""
    above = cooperation_above(ctx, anchor)
    reading = predicates.read(ctx, above[-1] if above else anchor, Kind.AGENDA, ctx.outer)
    if reading.klass is not None and reading.klass.act in ("speech", "state"):
        return reading
    content = document_content(ctx, anchor)
    if content is not None:
        return content
    speaker = statement_agent(ctx, anchor)
    if speaker is not None:
        return predicates.Reading(Status.PROPOSED, None, None, agent=speaker)
    if ctx.inherited is not None:
        return predicates.Reading(ctx.inherited, None, None)
    return predicates.Reading(Status.UNDER_DISCUSSION, None, None)


def document_content(ctx: Context, anchor: int) -> predicates.Reading | None:
    """'It sets out three pillars: ...' where 'it' is a signed statement: its content is agreed."""
    doc = ctx.doc
    j = anchor
    for _ in range(6):
        h = doc.head[j]
        if h == j:
            return None
        j = h
        if doc.pos[j] == "VERB" and doc.lemma[j] in CONTENT_VERBS:
            subject = next((c for c in doc.children[j] if doc.dep[c] in ("nsubj", "nsubjpass")), None)
            if subject is None:
                return None
            agreed = doc.lower[subject] in ("it", "this") or ctx.kind_of(subject) is Kind.AGREEMENT
            if agreed and any(f.initiative.kind is Kind.AGREEMENT for f in ctx.found):
                return predicates.Reading(Status.AGREED, None, None)
            return None
    return None


def statement_agent(ctx: Context, anchor: int) -> int | None:
    """'Tokayev underlined how important it was to launch new projects in A, B and C': the subject
    of a statement verb over the list, when it is a single state."""
    doc = ctx.doc
    j = anchor
    advocated = False
    for _ in range(8):
        h = doc.head[j]
        if h == j:
            return None
        j = h
        advocated = advocated or doc.lemma[j] in ADVOCACY or predicates.is_infinitival(ctx, j)
        if doc.pos[j] == "VERB" and doc.lemma[j] in STATEMENT_VERBS:
            if not advocated and doc.lemma[j] not in ADVOCACY:
                return None  # 'highlighted the strengthening of links in trade': an observation
            subject = next((c for c in doc.children[j] if doc.dep[c] == "nsubj"), None)
            if subject is not None:
                who = actors.actor(ctx, subject)
                if who.government and not who.collective and len(who.countries) == 1:
                    return subject
            return None
    return None


def single_areas(ctx: Context, sent: Sentence, taken: set[int]) -> list[Candidate]:
    """'The economy topped the agenda.', 'Education was on the table as well.': one area as the
    subject of an agenda predicate."""
    doc, found = ctx.doc, []
    for i in range(sent.start, sent.end):
        p = ctx.predicate(i)
        if p is None or p[1].name != "discussion" or doc.lemma[i] not in SINGLE_AREA:
            continue
        subject = next((c for c in doc.children[i] if doc.dep[c] in ("nsubj", "nsubjpass")), None)
        if subject is None or subject in taken:
            continue
        area = area_of(ctx, doc.left[subject], subject + 1)
        if area is None or not ctx.sectors_in(*area) or ctx.kind_of(subject) is not None:
            continue
        a, b = area
        reading = predicates.Reading(Status.UNDER_DISCUSSION, p[0], p[1])
        taken.update(range(a, b))
        found.append(area_candidate(ctx, subject, a, b, reading))
    return found
