"""Amounts of money, and the undertakings they measure: financing, deals and targets.

- financing: 'a 165 million-dollar loan to supply power to rural Bangladesh', 'commits US$ 260
  million of IsDB financing to the Integrated Rural Development Project', 'is expected to receive
  $1.5 billion from the World Bank' (the receiver is what the money is for);
- deals: 'agreements and contracts worth more than 9 billion euros', '47 documents with a
  combined value of $22 billion' (one row per package);
- targets: 'agreed to bring bilateral trade turnover to $5 billion';
- a project's own value: 'HMS Bergbau's $500 million investment project' (no row of its own).
Currencies are the codebook's (currencies.yaml, ISO 4217)."""

import re
from functools import lru_cache

from dashboard.codebook import Codebook
from dashboard.extract import predicates
from dashboard.extract.candidates import Candidate
from dashboard.extract.context import Context
from dashboard.extract.phrases import clean_name, cut, is_named, left_edge, trim_left, without_conjuncts
from dashboard.nlp import NOUN_TAGS, Sentence
from dashboard.records import Kind, Money, Status

SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bln": 1e9,
          "bn": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12, "trln": 1e12}  # fmt: skip
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "ten": 10, "twenty": 20, "half a": 0.5}
FINANCING_NOUNS = {"loan", "grant", "credit", "financing", "funding", "assistance", "contribution", "investment",
                   "capital", "aid", "fund", "funds", "tranche", "guarantee", "package", "support", "sum", "money",
                   "allocation", "co-financing", "equity", "subsidy"}  # fmt: skip
INSTRUMENTS = {"loan": "loan", "credit": "loan", "grant": "grant", "guarantee": "guarantee", "equity": "equity",
               "investment": "investment", "capital": "equity", "assistance": "grant", "aid": "grant",
               "subsidy": "grant", "contribution": "grant"}  # fmt: skip
DEAL_NOUNS = {"agreement", "contract", "deal", "document", "memorandum", "project", "sale", "order", "transaction",
              "accord"}  # fmt: skip
RESTATED = re.compile(r"\(\s*(?:about|around|approximately|roughly|some|or|nearly|almost|~)?\s*$", re.I)
TARGET_VERBS = {
    "bring",
    "increase",
    "raise",
    "boost",
    "double",
    "triple",
    "quadruple",
    "expand",
    "lift",
    "grow",
    "push",
}
METRICS = ["trade", "turnover", "exports", "export", "imports", "import", "investment", "investments", "volume"]
CAPITAL = {"capital", "budget", "fund", "financing", "funding", "allocation", "contribution", "endowment"}
MONEY_CLASSES = {"funding", "receipt", "disbursement", "agreement", "creation", "implementation", "stall", "content"}
LENDING = {"financing", "loan", "credit", "grant", "funding", "lending"}
VALUE_WORDS = {"worth", "value", "valued", "totalling", "totaling", "amounting", "total"}


@lru_cache(maxsize=4)
def money_pattern(codebook: Codebook) -> tuple[re.Pattern, dict[str, str]]:
    """One expression for '$5 million', 'US$ 260 mn', '509 million U.S. dollars', '€12 billion',
    '4 billion soms', '$22bln'; and a map from each symbol or word to its ISO 4217 code."""
    codes: dict[str, str] = {}
    for c in codebook.currencies.values():
        for s in c.symbols:
            codes[s.lower()] = c.code
        for w in c.words:
            codes[w.lower()] = c.code
            codes[w.lower() + "s"] = c.code
    symbols = sorted({s for c in codebook.currencies.values() for s in c.symbols}, key=len, reverse=True)
    words = sorted({w for w in codes if not any(ch in w for ch in "$€£¥₸₽₩₹₺₼")}, key=len, reverse=True)
    number = r"(?P<num{k}>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|" + "|".join(NUMBER_WORDS) + ")"
    scale = r"(?:\s?(?P<scale{k}>" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b)?"
    sym = "(?P<sym>" + "|".join(re.escape(s) for s in symbols) + r")\s?"
    word = r"(?:[\s-]+(?P<word{k}>" + "|".join(re.escape(w) for w in words) + r")\b)"
    first = sym + number.format(k=1) + scale.format(k=1) + word.format(k=1) + "?"
    second = number.format(k=2) + scale.format(k=2) + word.format(k=2)
    return re.compile(f"(?:{first}|{second})", re.I), codes


def find_money(ctx: Context, sent: Sentence) -> list[tuple[int, int, Money]]:
    """(first token, one past last token, Money) of each amount in a sentence; an amount in
    parentheses right after another ('$100 million (€92 million)') restates it and is skipped."""
    pattern, codes = money_pattern(ctx.codebook)
    text, base = ctx.document.text[sent.start_char : sent.end_char], sent.start_char
    found, doc = [], ctx.doc
    for m in pattern.finditer(text):
        k = "1" if m.group("sym") else "2"
        g = m.groupdict()
        groups = {"sym": g["sym"], "num": g["num" + k], "scale": g["scale" + k], "word": g["word" + k]}
        if not (groups.get("sym") or groups.get("word")):
            continue
        if not groups.get("sym") and groups["word"].lower() in ("m", "b") or m.group().strip().isdigit():
            continue
        value = NUMBER_WORDS.get(groups["num"].lower()) or float(groups["num"].replace(",", ""))
        value *= SCALES.get((groups.get("scale") or "").lower(), 1.0)
        currency = codes.get((groups.get("sym") or groups.get("word") or "").lower(), "")
        a, b = base + m.start(), base + m.end()
        if found and RESTATED.search(text[max(0, m.start() - 16) : m.start()]):
            continue
        start = next(i for i in range(sent.start, sent.end) if doc.ends[i] > a)
        end = next((i for i in range(start, sent.end) if doc.idx[i] >= b), sent.end)
        written = ctx.document.text[a:b]
        a += len(written) - len(written.lstrip())
        b -= len(written) - len(written.rstrip())
        found.append((start, end, Money(float(value), currency, written.strip(), a, b)))
    return found


def money_head(ctx: Context, start: int, end: int) -> int:
    """The token of an amount whose head lies outside it: 'million' in '$5 million'."""
    doc = ctx.doc
    for i in range(end - 1, start - 1, -1):
        if not start <= doc.head[i] < end or doc.head[i] == i:
            return i
    return end - 1


def fronted(ctx: Context, head: int) -> int | None:
    """'Worth US$106.7 million, the second financing agreement will back ...': the subject after the comma."""
    doc = ctx.doc
    sent = ctx.sentence(head)
    first = next((i for i in range(sent.start, sent.end) if not doc.space[i]), sent.start)
    if doc.lower[first] not in ("worth", "valued", "totalling", "totaling"):
        return None
    comma = next((i for i in range(head, min(sent.end, head + 4)) if doc.words[i] == ","), None)
    if comma is None:
        return None
    return next((i for i in range(comma + 1, min(sent.end, comma + 8)) if doc.dep[i] in ("nsubj", "nsubjpass")), None)


def anchor_of(ctx: Context, head: int) -> int:
    """The noun an amount measures, and the head of the kind phrase that noun closes: 'a line of
    credit of $300 million' -> line."""
    anchor = measured_noun(ctx, head)
    return next((h for h, m in ctx.kinds.items() if m.start <= anchor < m.end and h != anchor), anchor)


def measured_noun(ctx: Context, head: int) -> int:
    """The noun an amount measures: 'a $90 million grant' -> grant; 'a loan of $5 million' ->
    loan; 'agreements worth $9 billion' -> agreements; else the amount itself."""
    doc = ctx.doc
    subject = fronted(ctx, head)
    if subject is not None and doc.pos[subject] in NOUN_TAGS:
        return subject
    dep, up = doc.dep[head], doc.head[head]
    if dep in ("nummod", "compound", "quantmod", "nmod", "amod") and doc.pos[up] in NOUN_TAGS:
        if doc.lemma[up] in VALUE_WORDS:  # '$22bn worth of documents': what the worth is of
            of = next((c for c in doc.children[up] if doc.lower[c] == "of"), None)
            measured = next((c for c in doc.children[of] if doc.dep[c] == "pobj"), None) if of is not None else None
            if measured is not None and doc.pos[measured] in NOUN_TAGS:
                return measured
        return up
    j = head
    for _ in range(4):  # 'worth $X', 'with a total value of $X', 'a loan of $X'
        dep, up = doc.dep[j], doc.head[j]
        if up == j:
            break
        if doc.lemma[up] in VALUE_WORDS or doc.lower[up] == "of" or dep in ("pobj", "npadvmod"):
            j = up
            if doc.pos[j] in NOUN_TAGS and doc.lemma[j] not in VALUE_WORDS:
                return j
            continue
        break
    if j != head and doc.dep[j] in ("amod", "acl", "advcl", "prep") and doc.pos[doc.head[j]] in NOUN_TAGS:
        return doc.head[j]
    if doc.dep[j] == "acomp" and doc.dep[doc.head[j]] == "relcl":  # 'the station, which is worth $110 million'
        return doc.head[doc.head[j]]
    if j != head and doc.lemma[j] in VALUE_WORDS and doc.dep[j] == "advcl" and j < doc.head[j]:
        verb = doc.head[j]  # 'Worth US$106.7 million, the second financing agreement will back ...'
        subject = next((c for c in doc.children[verb] if doc.dep[c] in ("nsubj", "nsubjpass")), None)
        if subject is not None and doc.pos[subject] in NOUN_TAGS:
            return subject
    if j != head and doc.lemma[j] in VALUE_WORDS:  # 'the loans, together worth $509 million': the noun before
        k = j - 1
        while k > 0 and (doc.punct[k] or doc.pos[k] == "ADV"):
            k -= 1
        if doc.pos[k] in NOUN_TAGS:
            return k
    return head


def rule_money(ctx: Context, sent: Sentence, taken: set[int]) -> list[Candidate]:
    """One candidate per amount that funds, values or targets an undertaking."""
    found = []
    for start, end, money in ctx.money_in.get(ctx.doc.sent_of[sent.start], []):
        if start in taken:
            continue
        head = money_head(ctx, start, end)
        anchor = anchor_of(ctx, head)
        later = [a for a, _, _ in ctx.money_in.get(ctx.doc.sent_of[start], []) if a > start]
        if doc_lower(ctx, start - 1) == "from" and later:
            continue  # 'from $25 million to $100 million': the old amount
        cand = (
            raised_capital(ctx, sent, start, money)
            or target(ctx, sent, head, money)
            or valued(ctx, sent, anchor, start, end, money)
            or financing(ctx, sent, anchor, head, start, end, money)
        )
        if cand is not None:
            found += [cand, *funded_undertakings(ctx, sent, cand, taken)]
            taken.update(range(cand.start, cand.end))
            taken.update(range(*cand.scope))
            taken.update(range(start, end))
    return found


def funded_undertakings(ctx: Context, sent: Sentence, cand: Candidate, taken: set[int]) -> list[Candidate]:
    """'a further $13.6 million to the ongoing Technical Assistance for the Kambarata-1 Hydropower
    Plant project': a named undertaking the money goes to, with a status of its own ('ongoing'),
    is a row of its own too."""
    from dashboard.extract.named import candidate_at, is_head

    found = []
    for h in range(cand.scope[0], cand.scope[1]):
        if h == cand.head or h in taken or h not in ctx.kinds or not is_head(ctx, h):
            continue
        if predicates.own_modifier(ctx, h) is None:
            continue
        inner = candidate_at(ctx, sent, h)
        if inner is not None and inner.refers_to is None and is_named(ctx, inner.start, h):
            found.append(inner)
            taken.update(range(inner.start, inner.end))
    return found


def doc_lower(ctx: Context, i: int) -> str:
    return ctx.doc.lower[i] if 0 <= i < len(ctx.doc.lower) else ""


def valued(ctx: Context, sent: Sentence, anchor: int, start: int, end: int, money: Money) -> Candidate | None:
    """A package or a project with its value: 'agreements and contracts worth more than 9 billion
    euros' (a deal), 'investment cooperation agreement worth $6.1 billion' (a deal)."""
    doc = ctx.doc
    if anchor in range(start, end) or doc.lemma[anchor] not in DEAL_NOUNS:
        return None
    kind = ctx.kind_of(anchor)
    if kind in (Kind.PROJECT,) and doc.tag[anchor] in ("NN", "NNP"):
        ctx.money_at[anchor] = money  # 'a $500 million investment project': the project's value
        return None
    a = trim_left(ctx, left_edge(ctx, anchor), anchor, keep_amount=True)  # '12 projects worth $2 billion'
    while a < anchor and doc.tag[a] == "$" or a < anchor and a in range(start, end) and start < a:
        a += 1
    lending = any(doc.lemma[i] in LENDING for i in range(a, anchor))  # 'the second financing agreement'
    kind = Kind.FINANCING if lending else Kind.DEAL
    b = anchor + 1
    for c in ctx.doc.children[anchor]:  # 'agreements and contracts'
        if doc.dep[c] == "conj" and doc.lemma[c] in DEAL_NOUNS:
            b = max(b, c + 1)
    name = f"{ctx.text(a, b)} worth {money.text}" if start >= b or start < a else ctx.text(a, max(b, end))
    scope, reading = (a, b), None
    if lending:
        reading = predicates.paying(ctx, anchor)
        purpose, obj_end = funded_object(ctx, anchor, reading)
        name += purpose
        # 'a $100 million loan agreement with Tajikistan | for road construction': what it pays for
        scope = (a, max(b, obj_end, without_conjuncts(ctx, anchor)))
    return Candidate(anchor, a, max(b, end if start < b else b), kind, clean_name(name), scope, "money",
                     reading=reading, money=money)  # fmt: skip


def funded_object(ctx: Context, subject: int, reading: predicates.Reading | None) -> tuple[str, int]:
    """'the second financing agreement will back | the rebuilding of the M39 road': what it pays for."""
    doc = ctx.doc
    if reading is None or reading.cue is None:
        return "", 0
    verb = reading.cue.start
    obj = next((c for c in doc.children[verb] if doc.dep[c] == "dobj"), None)
    for prep in (c for c in range(reading.cue.start, reading.cue.end) if doc.dep[c] == "prep"):
        obj = obj if obj is not None else next((g for g in doc.children[prep] if doc.dep[g] == "pobj"), None)
    if obj is None:  # 'will pay for | the X Program'
        return "", 0
    lo = trim_left(ctx, doc.left[obj], obj)
    hi = cut(ctx, lo, doc.right[obj])
    return " for " + ctx.text(lo, hi), doc.right[obj]


def financing(
    ctx: Context, sent: Sentence, anchor: int, head: int, start: int, end: int, money: Money
) -> Candidate | None:
    """A loan, a grant, or an amount given or received for a purpose."""
    doc = ctx.doc
    noun = anchor if anchor not in range(start, end) else None
    if noun is not None and doc.lemma[noun] not in FINANCING_NOUNS and ctx.kind_of(noun) is not Kind.FINANCING:
        return None
    kind_head = noun if noun is not None else head
    reading = predicates.read(ctx, kind_head, Kind.FINANCING)
    if noun is None and (reading.klass is None or reading.klass.name not in MONEY_CLASSES):
        return None  # 'trade reached $31 billion': a figure, not an undertaking
    if noun is not None:
        a = trim_left(ctx, left_edge(ctx, noun), noun, keep_amount=True)
        b = financing_end(ctx, noun, sent.end)
        words = ctx.text(a, b)
        if not (a <= start < b):
            words = f"{money.text} {words}" if start < a else f"{words} of {money.text}"
        instrument = instrument_of(ctx, noun)
    else:
        a, b = start, max(end, financing_end(ctx, head, sent.end))  # 'EUR 2 billion': the parse may head it on 'EUR'
        words = ctx.text(a, b)
        # '$12 million of technical assistance': the instrument is what the amount is of
        given = [g for c in doc.children[head] if doc.dep[c] == "prep" and doc.lower[c] in ("of", "in")
                 for g in doc.children[c] if doc.dep[g] == "pobj"]  # fmt: skip
        instrument = next(filter(None, (instrument_of(ctx, g) for g in given)), "")

    words += purpose_of(ctx, kind_head, reading, a, b)
    name = clean_name(words)
    return Candidate(kind_head, a, b, Kind.FINANCING, name, (a, max(b, scope_end(ctx, kind_head, reading))), "money",
                     reading=reading if reading.status else None, money=money, instrument=instrument)  # fmt: skip


def instrument_of(ctx: Context, noun: int) -> str:
    """How the money flows, from the head noun or the kind phrase it heads: 'loan', 'credit line'
    and 'line of credit' (a loan), 'grant'."""
    doc = ctx.doc
    found = INSTRUMENTS.get(doc.lemma[noun], "")
    m = ctx.kinds.get(noun)
    if not found and m is not None and ctx.kind_of(noun) is Kind.FINANCING:
        found = next((INSTRUMENTS[doc.lemma[i]] for i in range(m.start, m.end) if doc.lemma[i] in INSTRUMENTS), "")
    return found


def financing_end(ctx: Context, head: int, limit: int) -> int:
    """The end of a financing phrase: its 'of', 'for', 'to', 'from' complements and a purpose
    ('a loan of $27.5 million | to upgrade a road in Tajikistan')."""
    doc, end = ctx.doc, head + 1
    for c in doc.children[head]:
        if c < head:
            continue
        if (
            doc.dep[c] == "prep"
            and doc.lower[c] in ("of", "for", "to", "from", "in")
            or (doc.dep[c] in ("relcl", "acl", "advcl") and predicates.is_infinitival(ctx, c))
        ):
            end = max(end, doc.right[c])
    return cut(ctx, head, min(end, limit)) if end > head + 1 else end


def purpose_of(ctx: Context, head: int, reading: predicates.Reading, a: int, b: int) -> str:
    """What the money is for when the verb says it: 'commits $X | to the Rural Development
    Project', 'is expected to receive $X | for the main phase of construction' (the receiver)."""
    doc = ctx.doc
    if reading.cue is None:
        return ""
    parts = []
    for c in (c for v in range(reading.cue.start, reading.cue.end) for c in doc.children[v]):
        if a <= c < b or reading.cue.start <= c < reading.cue.end:
            continue
        purpose = doc.dep[c] in ("advcl", "xcomp") and predicates.is_infinitival(ctx, c) and c > b
        if doc.dep[c] in ("prep", "dative") and doc.lower[c] in ("to", "for", "from", "under") or purpose:
            if doc.lower[c] == "to" and any(doc.lemma[g] == "benefit" for g in doc.children[c]):
                continue
            lo = doc.left[c] if purpose else c
            parts.append(ctx.text(lo, cut(ctx, lo, doc.right[c])))
    if reading.klass is not None and reading.klass.name == "receipt" and reading.agent is not None:
        s = reading.agent
        lo = trim_left(ctx, doc.left[s], s)
        parts.append("for " + ctx.text(lo, cut(ctx, lo, doc.right[s])))
    return (" " + " ".join(parts)) if parts else ""


def scope_end(ctx: Context, head: int, reading: predicates.Reading) -> int:
    """The candidate's own words run over the predicate's 'to' and 'for' phrases and its purpose
    ('extended a $500 million loan | to improve food security'): what it funds, as purpose_of names it."""
    doc = ctx.doc
    own = without_conjuncts(ctx, head)
    if reading.cue is None:
        return own
    verbs = range(reading.cue.start, reading.cue.end)
    ends = [
        doc.right[c]
        for v in verbs
        for c in doc.children[v]
        if c > head
        and (doc.dep[c] in ("prep", "dative") or doc.dep[c] in ("advcl", "xcomp") and predicates.is_infinitival(ctx, c))
    ]
    return max([own, *ends])


def raised_capital(ctx: Context, sent: Sentence, start: int, money: Money) -> Candidate | None:
    """'quadruples the Fund's authorized capital, from $25 million to $100 million', however the
    parser joined the two amounts: the amount after 'to' (its first token `start`) is the new capital."""
    doc = ctx.doc
    if doc_lower(ctx, start - 1) != "to":
        return None
    for verb in range(sent.start, start):
        if doc.lemma[verb] in TARGET_VERBS and doc.pos[verb] == "VERB":
            obj = next((c for c in doc.children[verb] if doc.dep[c] == "dobj" and doc.lemma[c] in CAPITAL), None)
            if obj is not None:
                return capital_increase(ctx, verb, obj, money)
    return None


def target(ctx: Context, sent: Sentence, head: int, money: Money) -> Candidate | None:
    """'bring bilateral trade turnover to $5 billion' -> 'Bilateral trade turnover target of $5 billion'."""
    doc = ctx.doc
    to = doc.head[head]
    if doc.dep[head] != "pobj" or doc.lower[to] not in ("to", "up"):
        return None
    verb = doc.head[to]
    if doc.lower[verb] == "up":
        verb = doc.head[verb]
    if doc.lemma[verb] not in TARGET_VERBS:
        return None
    obj = next((c for c in doc.children[verb] if doc.dep[c] == "dobj"), None)
    if obj is not None and doc.lemma[obj] in CAPITAL:
        return capital_increase(ctx, verb, obj, money)
    span = range(doc.left[verb], doc.right[verb])
    metric = next((i for m in METRICS for i in span if doc.lower[i] == m), None)
    if metric is None:
        return target_of_pronoun(ctx, verb, money)
    first = metric
    while first - 1 >= doc.left[verb] and doc.lower[first - 1] in ("bilateral", "mutual", "two-way", "trade"):
        first -= 1
    last = metric + 1 + (metric + 1 < sent.end and doc.lower[metric + 1] == "turnover")
    name = f"{clean_name(ctx.text(first, last))} target of {money.text}"
    reading = predicates.read(ctx, verb, Kind.TARGET)
    if reading.status is None:
        reading = predicates.Reading(Status.PROPOSED if is_intent(ctx, verb) else Status.UNDER_DISCUSSION, None, None,
                                     agent=predicates.agent_of_verb(ctx, verb))  # fmt: skip
    return Candidate(verb, first, last, Kind.TARGET, name, (first, last), "target", reading=reading, money=money)


def capital_increase(ctx: Context, verb: int, obj: int, money: Money) -> Candidate:
    """'quadruples the Fund's authorized capital, from $25 million to $100 million' -> financing."""
    doc = ctx.doc
    a = trim_left(ctx, doc.left[obj], obj)
    b = cut(ctx, a, obj + 1)
    name = clean_name(f"{ctx.text(a, b)} raised to {money.text}")
    reading = predicates.read(ctx, verb, Kind.FINANCING)
    return Candidate(verb, a, b, Kind.FINANCING, name, (a, b), "money", reading=reading if reading.status else None,
                     money=money, instrument="equity")  # fmt: skip


def target_of_pronoun(ctx: Context, verb: int, money: Money) -> Candidate | None:
    """'we intend to bring it up to $2 billion': 'it' is the trade just named."""
    doc = ctx.doc
    obj = next((c for c in doc.children[verb] if doc.dep[c] == "dobj"), None)
    if obj is None or doc.lower[obj] not in ("it", "this"):
        return None
    sent = ctx.sentence(verb)
    previous = ctx.doc.sents[max(0, doc.sent_of[verb] - 1)]
    metric = next((i for i in range(sent.start, verb) if doc.lower[i] in METRICS), None)
    if metric is None:
        metric = next((i for i in range(previous.start, previous.end) if doc.lower[i] in METRICS), None)
    if metric is None:
        return None
    name = f"{clean_name(doc.words[metric])} target of {money.text}"
    status = Status.PROPOSED if is_intent(ctx, verb) else Status.UNDER_DISCUSSION
    reading = predicates.Reading(status, None, None, agent=predicates.agent_of_verb(ctx, verb))
    return Candidate(verb, verb, verb + 1, Kind.TARGET, name, (verb, verb + 1), "target", reading=reading,
                     money=money, default_status=True)  # fmt: skip


def is_intent(ctx: Context, verb: int) -> bool:
    """'we intend to', 'plans to', 'aims to': a stated intention."""
    doc = ctx.doc
    j = verb
    for _ in range(3):
        if ctx.is_hedge(j) and doc.lemma[j] in ("intend", "plan", "aim", "want", "seek", "hope", "wish"):
            return True
        if doc.head[j] == j:
            break
        j = doc.head[j]
    return False
