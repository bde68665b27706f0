"""Noun phrases as names: where a phrase begins and ends in the parse, and how to write it.

'the bank's first four loans' -> 'first four loans'; 'a new railway line between Ayagoz and
Tacheng' -> 'New railway line between Ayagoz and Tacheng'; 'a programme to support small
businesses' keeps its purpose, because the purpose is what names a generic head."""

import re

from dashboard.extract.context import Context
from dashboard.names import GENERIC_MODIFIERS
from dashboard.nlp import BULLETS
from dashboard.records import Kind

LEFT_DEPS = {"det", "predet", "amod", "compound", "nummod", "poss", "nmod", "quantmod", "npadvmod", "case", "punct",
             "advmod", "nn", "dep"}  # fmt: skip
DETERMINERS = set(
    "a an the this that these those its their his her our your my such any some each every all both another "
    "several many few other".split()
)
GENERIC = GENERIC_MODIFIERS
DESCRIPTIVE = set(
    "regional national international bilateral multilateral large big major huge landmark flagship "
    "vital crucial strategic this that".split()
)  # describe a thing already named: 'this major regional project'
RELATIONS = {"cooperation", "partnership", "relation", "tie", "interaction", "collaboration"}
DOCUMENTS = {"agreement", "memorandum", "mou", "contract", "deal", "declaration", "protocol", "treaty", "accord",
             "document", "statement", "addendum", "package"}  # fmt: skip
COMPLEMENT_PREPS = {
    "of",
    "for",
    "on",
    "between",
    "in",
    "from",
    "with",
    "under",
    "to",
    "along",
    "across",
    "through",
    "at",
}
PLACE_LABELS = {"CITY", "COUNTRY", "REGION"}
AMOUNT_WORDS = {"thousand", "million", "billion", "trillion", "mln", "bln", "bn", "mn", "tn", "m", "b"}
MAX_NAME_TOKENS = 22
YEARS = re.compile(r"(?:19|20)\d\d(?:[-–/](?:19|20)?\d\d)?")  # '2026-2028 roadmap' keeps its years
MEASURE = re.compile(r"\d[\d.,]*-?(?:mw|gw|kw|kwh|km|mt|m|t|bcm|tonnes?)", re.I)  # '100MW', '40-km'
URL = re.compile(r"\b(?:https?://|www\.)\S+|\b\S+\.(?:com|org|net|io|ru|uz|kz|cn)/\S*", re.I)
QUOTES = ("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»")


def left_edge(ctx: Context, head: int) -> int:
    """The first token of the head's pre-modifiers: 'a Central Asian network' -> 'a'."""
    doc, start = ctx.doc, head
    for c in doc.children[head]:
        if c < head and doc.dep[c] in LEFT_DEPS:
            start = min(start, doc.left[c])
    return start


def shared_modifier(ctx: Context, head: int) -> int | None:
    """'civil passenger and cargo flights', 'oil and gas pipelines': the parser made the first
    modifier a noun with the head coordinated to it; that first modifier, or None."""
    doc = ctx.doc
    first = doc.head[head]
    if doc.dep[head] != "conj" or first >= head or doc.tag[first] != "NN" or doc.tag[head] not in ("NNS", "NNPS"):
        return None
    if ctx.kind_of(first) is not None or ctx.ent(first) is not None:
        return None
    between = range(first + 1, left_edge(ctx, head))
    return first if len(between) == 1 and doc.lower[between[0]] in ("and", "or") else None


def trim_left(ctx: Context, start: int, head: int, keep_amount: bool = False) -> int:
    """Drop what does not name: determiners, possessive pronouns, counts, leading punctuation,
    and a leading sum ('$100 million credit line' -> 'credit line') unless the sum is the point."""
    doc = ctx.doc
    if start < ctx.body_start <= head:
        start = ctx.body_start  # 'UZBEKISTAN, December 16 - Following productive talks': the dateline is not a name
    if start < head and is_imperative(ctx, start):
        start += 1  # '• Dovetail the Belt and Road Initiative': the item's verb, not part of the name
    while start < head:
        low = doc.lower[start]
        if low in DETERMINERS or doc.pos[start] == "PRON" or (doc.punct[start] and doc.words[start] not in '“"‘«'):
            start += 1
        elif doc.dep[start] == "poss" and doc.pos[start] == "NOUN" or low in ("'s", "’s"):
            start += 1  # 'the bank's first loans': a common-noun possessor is not part of the name
        elif not keep_amount and (doc.tag[start] == "CD" and not YEARS.fullmatch(doc.words[start])
                                  or low in AMOUNT_WORDS or doc.tag[start] == "$"):  # fmt: skip
            start += 1
        else:
            break
    while start < head and doc.lower[start] in ("of",):
        start += 1
    return start


def is_imperative(ctx: Context, i: int) -> bool:
    """The capitalised first word of a list item that the tagger read as a name: 'Dovetail the
    Belt and Road Initiative', 'Modernize facilities at the ports'."""
    doc = ctx.doc
    sent = ctx.sentence(i)
    first = sent.start
    while first < sent.end and (doc.words[first] in BULLETS or doc.space[first]):
        first += 1
    if i != first or first == sent.start or ctx.ent(i) is not None or i + 1 >= sent.end:
        return False
    nxt = doc.words[i + 1]
    return doc.words[i][:1].isupper() and (nxt[:1].islower() or doc.lower[i + 1] in DETERMINERS)


def complement_end(ctx: Context, head: int, limit: int, purpose: bool = False, naming: bool = True) -> int:
    """One past the last token of the head's complements that belong to its name: 'network |
    of Japanese technoparks', 'agreement | on critical minerals', 'centre | in Osh'; with
    `purpose`, an infinitive after the head too ('a programme | to support small businesses');
    a document's content too ('a contract | creating a joint venture', 'an agreement | covering X')."""
    doc, end = ctx.doc, head + 1
    document = doc.lemma[head] in DOCUMENTS
    for c in doc.children[head]:
        if c < head:
            continue
        dep, low = doc.dep[c], doc.lower[c]
        if dep == "prep" and low in COMPLEMENT_PREPS and (low != "in" or names_place_or_field(ctx, c)):
            if low == "with" and (not names_actor(ctx, c) or naming and is_named(ctx, doc.left[head], head)):
                continue  # 'a joint fund with Japan' is named by its partner; the 'X Fund' by its name
            end = max(end, own_right(ctx, c))
        elif (
            dep in ("acl", "relcl")
            and (purpose and is_purpose(ctx, c) or document and doc.tag[c] == "VBG")
            or dep in ("compound", "amod", "nummod", "appos")
            and c == head + 1
        ):
            end = max(end, doc.right[c])
        else:
            break
    detached = ("on",)
    if document:
        detached = ("on", "in")
    elif doc.lemma[head] in RELATIONS:
        detached = ("for", "in", "on", "through", "with")
    elif leads_to_place(ctx, head, end, limit):
        detached = ("to",)  # 'build a new highway | to the Chinese border': the parser hung it on the verb
    if (
        end == head + 1
        and end < limit
        and doc.lower[end] in detached
        and doc.dep[end] == "prep"
        and not (dated(ctx, end) or doc.lower[end] == "in" and not names_place_or_field(ctx, end))
    ):
        end = max(
            end, doc.right[end]
        )  # 'signed the Agreement | in the field of healthcare': the parser hung it on the verb
    if end < limit and purpose and doc.lower[end] == "to" and end + 1 < limit and doc.tag[end + 1] == "VB":
        verb = end + 1  # 'a joint fund with Japan | to finance green energy projects', hung on the verb before
        if doc.dep[verb] in ("advcl", "xcomp", "acl", "relcl"):
            end = max(end, doc.right[verb])
    return min(end, limit)


def own_right(ctx: Context, i: int) -> int:
    """The right edge of token i's phrase, without a sibling the parser hung inside it: 'of 37
    aircraft | and the development of tungsten mines'."""
    doc = ctx.doc
    for k in range(i + 1, doc.right[i]):
        if ctx.misattached(k) is not None and doc.left[k] > i:
            end = doc.left[k]
            while end > i + 1 and (doc.punct[end - 1] or doc.lower[end - 1] in ("and", "or")):
                end -= 1
            return end
    return doc.right[i]


def without_conjuncts(ctx: Context, head: int) -> int:
    """The right edge of a phrase up to its own conjuncts: 'a $70 million loan for rural roads | and
    a $30 million grant for clinics' (the grant is a row of its own)."""
    doc, end = ctx.doc, head + 1
    for c in doc.children[head]:
        if c > head and doc.dep[c] in ("cc", "conj"):
            break
        end = max(end, doc.right[c])
    return end


def leads_to_place(ctx: Context, head: int, end: int, limit: int) -> bool:
    """A route or line whose next words are 'to' and a place: 'a highway | to the Chinese border'."""
    doc = ctx.doc
    if ctx.kinds.get(head) is None or ctx.kind_of(head) is not Kind.PROJECT or end >= limit or doc.lower[end] != "to":
        return False
    return any(e.label in PLACE_LABELS or e.label == "DEMONYM" for e in ctx.ents_in(end, doc.right[end]))


def dated(ctx: Context, prep: int) -> bool:
    """'on Monday', 'in May': a time, not part of a name."""
    words = ctx.text(prep, min(ctx.doc.right[prep], prep + 4)).lower()
    return bool(re.search(r"\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|"
                          r"may|june|july|august|september|october|november|december|\d{4})\b", words))  # fmt: skip


def names_place_or_field(ctx: Context, prep: int) -> bool:
    """'in Osh', 'in the field of healthcare': a place or a field completes a name; 'in May' does not."""
    doc = ctx.doc
    for g in doc.children[prep]:
        if doc.dep[g] != "pobj":
            continue
        ent = ctx.ent(g)
        if ent is not None and ent.label in PLACE_LABELS:
            return True
        if doc.lemma[g] in ("field", "area", "sphere", "sector", "region", "district", "province", "city"):
            return True
        return bool(ctx.sectors_in(doc.left[g], doc.right[g]))
    return False


def names_actor(ctx: Context, prep: int) -> bool:
    """'a fund with Japan': a country or organization after 'with' completes a name."""
    return any(ctx.ent(t) is not None for t in range(ctx.doc.left[prep], ctx.doc.right[prep]))


def is_purpose(ctx: Context, verb: int) -> bool:
    """An infinitive or '-ing' purpose: 'to support small businesses', 'aimed at improving health'."""
    doc = ctx.doc
    if any(doc.lower[c] == "to" and doc.dep[c] == "aux" for c in doc.children[verb]):
        return True
    return doc.lemma[verb] in ("aim", "design", "intend", "mean", "meant", "target", "seek")


def cut(ctx: Context, start: int, end: int) -> int:
    """Shorten a long name: it ends before a comma, a semicolon, a dash, a parenthesis or a
    relative pronoun, and after MAX_NAME_TOKENS tokens."""
    doc = ctx.doc
    i = start + 1
    while i < end:
        word = doc.words[i]
        if word == "(":
            close = next((j for j in range(i + 1, min(end, i + 20)) if doc.words[j] == ")"), None)
            if close is not None:  # an aside, dropped from the name by clean_name
                i = close + 1
                continue
        if word == "," and in_list(ctx, i, start):
            i += 1
            continue
        if (
            word in (",", ";", ":", "(", "–", "—")
            or doc.lower[i] in ("which", "who", "whose", "where", "that")
            and (doc.tag[i] in ("WDT", "WP", "WP$", "WRB"))
        ):
            end = i
            break
        if doc.space[i] and "\n" in word:
            end = i
            break
        i += 1
    end = min(end, start + MAX_NAME_TOKENS)
    while end > start + 1 and (doc.lower[end - 1] in DETERMINERS or doc.lower[end - 1] in COMPLEMENT_PREPS
                               or doc.punct[end - 1] and doc.words[end - 1] not in ")”\"’»"
                               or doc.lower[end - 1] in ("and", "or", "to")):  # fmt: skip
        end -= 1
    return end


def in_list(ctx: Context, comma: int, start: int) -> bool:
    """A comma inside a coordination that belongs to the name: 'on transport, agriculture and trade'."""
    doc = ctx.doc
    j = comma + 1
    while j < len(doc) and (doc.punct[j] or doc.lower[j] in ("and", "or")):
        j += 1
    if j >= len(doc):
        return False
    k = j
    while doc.dep[k] in ("amod", "compound", "det", "nummod", "poss") and doc.head[k] > k:
        k = doc.head[k]
    return doc.dep[k] == "conj" and start <= doc.head[k] < comma


def clean_name(text: str) -> str:
    """Name text as written: no links, no unbalanced quotes, single spaces, a capital first letter."""
    text = URL.sub(" ", text)
    text = re.sub(r"\s*\([^()]{0,60}\)", "", text)  # '(AIIB)', '(Phase 1)': asides, not the name
    for left, right in QUOTES:
        if text.count(left) != text.count(right) or (left == right and text.count(left) % 2):
            text = text.replace(left, "").replace(right, "")
    text = " ".join(text.replace("*", " ").split()).strip(" ,;:–—-")
    return text[:1].upper() + text[1:]


def is_bare(ctx: Context, start: int, end: int, head: int) -> bool:
    """A name that is only its head and generic words ('the fund', 'a new project', 'five documents',
    'the 100MW facility') names nothing by itself; a compound head ('joint statement', 'power
    plant') does."""
    doc = ctx.doc
    kind = ctx.kinds.get(head)
    if kind is not None and kind.end - kind.start > 1 and kind.start >= start:
        return False
    for i in range(start, end):
        if i == head or doc.punct[i] or doc.num[i] or MEASURE.fullmatch(doc.words[i]):
            continue
        if doc.lower[i] in GENERIC or doc.lower[i] in DETERMINERS or doc.lower[i] in AMOUNT_WORDS:
            continue
        if doc.lower[i] in DESCRIPTIVE and i < head:
            continue
        return False
    return True


def is_named(ctx: Context, start: int, head: int) -> bool:
    """Whether a name has a proper-noun part: 'the TAPI project', 'Kambarata-1 hydropower plant';
    the kind noun's own capitals ('Memorandums of Understanding') are not one."""
    doc = ctx.doc
    kind = ctx.kinds.get(head)
    stop = kind.start if kind is not None else head
    return any(
        doc.pos[i] == "PROPN" or any(ch.isdigit() for ch in doc.words[i]) and not doc.num[i] for i in range(start, stop)
    )
