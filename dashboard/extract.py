"""Text -> records: the rule families that find initiatives, statuses, countries,
sectors and events in one document. `read_document` is the table of contents."""

import bisect
import contextlib
import gc
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from dashboard.codebook import Codebook, load_codebook
from dashboard.dates import MONTHS, find_dates
from dashboard.nlp import (
    AGENDA_CONNECTOR,
    AGENDA_NOUN,
    CREATE,
    CUE,
    EVENT,
    HEDGE,
    KIND,
    SECTOR,
    SUPPORT_WORDS,
    TARGET_VERBS,
    TRIGGER,
    Match,
    Parsed,
    Sentence,
    build_pipeline,
    longest_first,
    parse,
)
from dashboard.records import (
    COMMITTED,
    CountryLink,
    Document,
    Event,
    Extraction,
    Initiative,
    Kind,
    Mention,
    Role,
    Span,
    Status,
    StatusClaim,
)
from dashboard.sources import header_line

# Words that end a name when met on its left: determiners, prepositions, pronouns.
STOP_LEFT = set(
    (
        "a an the this that these those its their his her our your my such any some each every all both "
        "several many few other another of for in on at to with by from into about between through under "
        "over via as than within across among and or but nor which who whom whose what where when while "
        "he she it they we i you there here is are was were be been being has have had do does did not "
        "also only very more most two three four five "
    ).split()
)
# Words that end a name when met on its right.
STOP_RIGHT = set(
    (
        "which that who whom whose where when while as to at by from with aimed said says is are was "
        "were be been being has have had will would could should may might can shall also but or nor "
    ).split()
)
COMPLEMENT_PREPOSITIONS = {"of", "for", "on", "between", "through"}
MEASURE_NOUNS = {"package", "set", "series", "number", "range", "batch", "raft", "portfolio", "list"}
GENERIC_MODIFIERS = set(
    (
        "new joint major big large common first second third important key relevant similar specific "
        "certain possible potential further additional own "
    ).split()
)
SUBJECT_TITLES = {"he", "she", "president", "minister", "premier", "chancellor", "leader", "head"}
CONTEXT_SUBJECTS = {"sides", "parties", "leaders", "summit", "meeting", "talks", "countries", "states"}
PASSIVE_GAP = {"is", "are", "was", "were", "has", "have", "had", "been", "being", "be", "currently", "now", "already"}
GERUND_PREFIXES = {
    "fostering",
    "advancing",
    "promoting",
    "developing",
    "strengthening",
    "expanding",
    "boosting",
    "improving",
    "enhancing",
    "deepening",
    "ensuring",
    "building",
    "creating",
    "supporting",
}
FINANCE_WORDS = ("support", "financ", "fund", "loan", "credit", "grant", "invest")
FINANCING_VERBS = set(  # after a country: 'Japan will finance', 'Kazakhstan invested'
    "finance finances financed fund funds funded lend lends lent invest invests invested allocate allocates "
    "allocated".split()
)
FINANCING_NOUNS = {"funding", "financing", "loan", "loans", "grant", "grants", "credit", "credits"}  # 'Chinese funding'
AUXILIARIES = {"will", "would", "could", "can", "may", "has", "have", "had", "is", "are", "was", "were", "also"}
FINANCIER_ORG_KINDS = {"bank", "development_agency", "export_credit_agency", "multilateral"}
AMOUNT_SCALES = {"thousand", "million", "billion", "trillion", "mln", "bln", "bn"}
CURRENCY_SIGNS = {"$", "€", "£", "¥", "US$"}
NEW_EVENT_WORDS = {"next", "following", "upcoming", "forthcoming"}  # before an event noun: another event
NEGATIONS = {"not", "n't", "never", "yet", "failed", "fail", "fails", "without"}
PARENT_WORDS = frozenset({"support", "supports", "finance", "fund", "under", "within"})  # 'X, which would support Y'
PARTIAL_WORDS = {"phase", "phases", "stage", "stages", "section", "segment", "tranche"}  # 'the first phase of X'
WINDOW = 25  # tokens between a cue and the name it governs
MAX_SENTENCE_TOKENS = 400  # longer runs without a full stop are not read for initiatives
HEDGE_WINDOW = 5  # tokens before a cue in which a hedge makes it future or uncertain
COUNTRY_LABELS = {"COUNTRY", "DEMONYM", "LEADER", "CITY"}
NON_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() plus '_'
# Lexicon families as bits, so that `lex_at` keeps one int per token instead of a set.
FAMILIES = (CUE, HEDGE, CREATE, KIND, EVENT, AGENDA_NOUN, AGENDA_CONNECTOR, TRIGGER)
FAMILY_BITS = {family: 1 << k for k, family in enumerate(FAMILIES)}
VERB_FAMILIES = FAMILY_BITS[CUE] | FAMILY_BITS[CREATE] | FAMILY_BITS[HEDGE]  # families that read as verbs
CUE_OR_CREATE = FAMILY_BITS[CUE] | FAMILY_BITS[CREATE]
STATUSES = {s.value: s for s in Status}  # 'proposed' -> Status.PROPOSED, without the Enum call's cost
KINDS = {k.value: k for k in Kind}
MAX_LINKS = 100_000  # distinct country links kept by `link`; the codebook bounds them long before
LINKS: dict[tuple[str, Role, str], CountryLink] = {}


@dataclass
class Candidate:
    """An initiative mention before it is merged: its name span, kind, cue and scope."""

    start: int
    end: int
    kind: Kind
    name: str
    cue: Match | None
    scope_end: int
    sector_span: tuple[int, int] | None = None
    fallback_status: Status | None = None


@dataclass
class Context:
    """What the rules share about one parsed document."""

    doc: Parsed
    document: Document
    codebook: Codebook
    lex: dict[str, list[Match]]
    lex_at: dict[int, int]  # token -> FAMILY_BITS of the lexicon matches over it (sectors aside)
    ent_at: dict[int, Match]
    body_start: int
    cache: dict = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    event_keys: list[str] = field(default_factory=list)
    lead_countries: list[str] = field(default_factory=list)
    found: list[Initiative] = field(default_factory=list)  # initiatives so far, for anaphora
    evidence: dict[int, Span] = field(default_factory=dict)  # sentence start -> its citation

    def __post_init__(self) -> None:
        self.ents, self.lower, self.words = self.doc.ents, self.doc.lower, self.doc.words
        self.ent_starts = [e.start for e in self.ents]
        self.sectors = self.lex.get(SECTOR, [])  # sorted by start, overlaps kept
        self.sector_starts = [s.start for s in self.sectors]
        starts = [sent.start for sent in self.doc.sents]
        self.lex_in: dict[tuple[str, int], list[Match]] = defaultdict(list)  # (family, sentence start) -> matches
        for family, spans in self.lex.items():
            for span in spans:
                sent = self.doc.sents[bisect.bisect_right(starts, span.start) - 1]
                if span.end <= sent.end:
                    self.lex_in[family, sent.start].append(span)

    def ent_type(self, i: int) -> str:
        """The label of the entity token i is in, or ''."""
        ent = self.ent_at.get(i)
        return ent.label_ if ent is not None else ""

    def sentence_of(self, i: int) -> Sentence:
        k = bisect.bisect_right(self.doc.sents, i, key=lambda s: s.start)
        return self.doc.sents[k - 1]


# --- Lexicon and entity lookups -------------------------------------------------------


def lexicon_matches(doc: Parsed) -> dict[str, list[Match]]:
    """Family -> non-overlapping matches, longest first ('will explore' over 'explore')."""
    by_family: dict[str, list[Match]] = defaultdict(list)
    for match in doc.lexicon:
        by_family[match.label_.split(":")[0]].append(match)
    families = {}
    for family, spans in by_family.items():
        spans.sort(key=lambda s: s.start)
        families[family] = spans if family == SECTOR else longest_first(spans)
    return families


def make_context(doc: Parsed, document: Document, codebook: Codebook) -> Context:
    lex = lexicon_matches(doc)
    lex_at: dict[int, int] = {}
    for family, spans in lex.items():
        if family == SECTOR:
            continue
        bit = FAMILY_BITS[family]
        for span in spans:
            for i in range(span.start, span.end):
                lex_at[i] = lex_at.get(i, 0) | bit
    ent_at = {i: ent for ent in doc.ents for i in range(ent.start, ent.end)}
    _, header_end = header_line(document.text)
    body_start = bisect.bisect_left(doc.idx, header_end) if header_end else 0
    return Context(doc, document, codebook, lex, lex_at, ent_at, body_start)


def within(ctx: Context, family: str, sent: Sentence) -> list[Match]:
    """A lexicon family's matches that lie inside a sentence."""
    return ctx.lex_in.get((family, sent.start), [])


def triggers_in(ctx: Context, sent: Sentence) -> list[int]:
    """Tokens of a sentence that are support words or target verbs, in order."""
    return [m.start for m in within(ctx, TRIGGER, sent)]


def ents_in(ctx: Context, start: int, end: int) -> list[Match]:
    """Entities wholly inside tokens [start, end)."""
    lo = bisect.bisect_left(ctx.ent_starts, start)
    hi = bisect.bisect_left(ctx.ent_starts, end, lo)
    return [e for e in ctx.ents[lo:hi] if e.end <= end]


def link(iso3: str, role: Role, basis: str) -> CountryLink:
    """The country link with these values, made once. Links are frozen values and a
    document makes hundreds of them for a few countries; each new frozen dataclass costs
    about a microsecond of interpreted code."""
    key = (iso3, role, basis)
    found = LINKS.get(key)
    if found is None:
        if len(LINKS) >= MAX_LINKS:
            LINKS.clear()
        found = LINKS[key] = CountryLink(iso3, role, basis)
    return found


def label_of(span: Match) -> str:
    return span.label_.split(":", 1)[1] if ":" in span.label_ else span.label_


def in_family(ctx: Context, i: int, families: int) -> bool:
    """Whether token i lies in a lexicon match of one of these families (FAMILY_BITS, or'ed)."""
    return bool(ctx.lex_at.get(i, 0) & families)


def is_entity_token(ctx: Context, i: int) -> bool:
    return i in ctx.ent_at


# --- Names ------------------------------------------------------------------------------


def _is_verbish(ctx: Context, i: int) -> bool:
    """True for a token that reads as a verb here: a lexicon verb, or a lower-case -ed/-ing word."""
    if in_family(ctx, i, VERB_FAMILIES):
        return True
    if ctx.words[i][:1].isupper() or i in ctx.ent_at:
        return False
    after_hyphen = i > 0 and ctx.words[i - 1] == "-"
    return ctx.lower[i].endswith(("ed", "ing")) and len(ctx.words[i]) > 4 and not after_hyphen


def _is_verb_in_complement(ctx: Context, i: int) -> bool:
    """Inside 'for high-tech and export-oriented manufacturing' only lexicon verbs and -ed words end it."""
    if in_family(ctx, i, VERB_FAMILIES) and ctx.lower[i - 1] not in COMPLEMENT_PREPOSITIONS:
        return True
    after_hyphen = ctx.words[i - 1] == "-"
    word = ctx.words[i]
    return ctx.lower[i].endswith("ed") and not word[:1].isupper() and not after_hyphen and i not in ctx.ent_at


def extend_left(ctx: Context, start: int, limit: int) -> int:
    """Grow a name leftwards over its modifiers: 'Central Asian network' <- 'network'."""
    doc, words, lower, i = ctx.doc, ctx.words, ctx.lower, start
    while i - 1 >= limit and start - (i - 1) <= 10:
        j = i - 1
        if doc.quote[j] or words[j] in {"+", "-", "&"} or is_entity_token(ctx, j):
            i -= 1
            continue
        if lower[j] == "and" and i - 2 >= limit:
            if words[i - 2][:1].isupper() and words[i][:1].isupper():
                i -= 1
                continue
            break
        if doc.punct[j] or doc.space[j] or lower[j] in STOP_LEFT or words[j] in {"’s", "'s"}:
            break
        if _is_verbish(ctx, j) or not any(ch.isalnum() for ch in words[j]):
            break
        i -= 1
    if i - 2 >= limit and lower[i - 1] == "of" and lower[i - 2] in MEASURE_NOUNS:
        i -= 2
    while i < start and (doc.punct[i] and not doc.quote[i]):
        i += 1
    return skip_amount(ctx, i, start)


def skip_amount(ctx: Context, i: int, start: int) -> int:
    """A name does not begin with a sum: '$100 million credit line' -> 'credit line'."""
    k = i
    while k < start and (ctx.doc.num[k] or ctx.lower[k] in AMOUNT_SCALES):
        k += 1
    has_scale = any(ctx.lower[j] in AMOUNT_SCALES for j in range(i, k))
    return k if k > i and (has_scale or i > 0 and ctx.words[i - 1] in CURRENCY_SIGNS) else i


def extend_right(ctx: Context, end: int, limit: int, preps: frozenset[str] = frozenset()) -> int:
    """Grow a name rightwards over one complement: 'network' -> 'network of Japanese technoparks'."""
    doc, words, lower = ctx.doc, ctx.words, ctx.lower
    if end >= limit:
        return end
    if lower[end] == "in" and end + 1 < limit and ctx.ent_type(end + 1) in ("CITY", "COUNTRY", "REGION"):
        stop = ctx.ent_at[end + 1].end  # 'in Aktau', 'in Aktau and Almaty'
        while stop + 1 < limit and lower[stop] in ("and", ",") and ctx.ent_type(stop + 1) == "CITY":
            stop = ctx.ent_at[stop + 1].end
        return stop
    if lower[end] not in COMPLEMENT_PREPOSITIONS | preps:
        return end
    i = end + 1
    while i < limit and i - end <= 12:
        if doc.space[i] or (doc.punct[i] and not doc.quote[i] and words[i] not in {"-", "'s", "’s", "+", "&"}):
            break
        if lower[i] in STOP_RIGHT and i not in ctx.ent_at:
            break
        if lower[i] == "and" and i + 1 < limit and (lower[i + 1] in STOP_LEFT or _is_verbish(ctx, i + 1)):
            break
        if i > end + 1 and _is_verb_in_complement(ctx, i):
            break
        i += 1
    while i > end + 1 and (lower[i - 1] in STOP_LEFT or doc.punct[i - 1]):
        i -= 1
    return i if i > end + 1 else end


def clean_name(text: str) -> str:
    """Name text as written, without dangling quotes, with a capital first letter."""
    text = text.strip()
    for left, right in (("“", "”"), ('"', '"'), ("‘", "’")):
        if text.count(left) != text.count(right) or (left == right and text.count(left) % 2):
            text = text.replace(left, "").replace(right, "")
    text = " ".join(text.split())
    return text[:1].upper() + text[1:]


def name_key(kind: Kind, name: str) -> str:
    """Normalised core of a name, to merge mentions: 'Modern special economic zones' ~ 'special economic zone'."""
    words = NON_ALNUM.sub(" ", name).lower().split() if "Σ" not in name else name_words(name)
    words = [w[:-1] if w.endswith("s") and len(w) > 3 and not w.endswith("ss") else w for w in words]
    words = [w.replace("programme", "program").replace("centre", "center") for w in words]
    return f"{kind.value}:{' '.join(words)}"


def name_words(name: str) -> list[str]:
    """Lower-case alphanumeric runs, each letter lowered on its own ('Σ' -> 'σ', never 'ς')."""
    return "".join(c.lower() if c.isalnum() else " " for c in name).split()


@lru_cache(maxsize=100_000)
def core_key(kind: Kind, name: str, head_words: int = 3) -> str:
    """The last content words up to the head, for merging mentions within a document."""
    words = name_key(kind, name).split(":", 1)[1].split()
    for prep in ("of", "for", "on", "in", "between", "through"):
        if prep in words[1:]:
            words = words[: words.index(prep)]
            break
    words = [w for w in words if w not in GENERIC_MODIFIERS]
    return f"{kind.value}:{' '.join(words[-head_words:])}"


# --- Status -----------------------------------------------------------------------------


def governing_cue(ctx: Context, sent: Sentence, start: int, end: int) -> Match | None:
    """The status cue that governs a name: the nearest before it, or a passive one just after."""
    cues = within(ctx, CUE, sent)
    before = [c for c in cues if c.start < start and start - c.end <= WINDOW and c.end <= end]
    after = passive_cue(ctx, cues, end)
    if before and (after is None or label_of(after) != Status.STALLED.value):
        return before[-1]  # but 'the launch of X was postponed': the predicate about X wins
    return after or planned_creation(ctx, sent, start)


def passive_cue(ctx: Context, cues: list[Match], end: int) -> Match | None:
    """A cue whose subject is the name ending at `end`: 'X was launched', 'X, financed by Y, was commissioned'."""
    words = ctx.words
    for cue in cues:
        gap = range(end, cue.start)
        if cue.start < end or len(gap) > 14 or not len(gap) or ctx.lower[gap[-1]] not in PASSIVE_GAP:
            continue
        if words[end] == "," and any(words[j] == "," for j in gap[1:]):
            return cue  # "The plant, financed by the World Bank, was commissioned"
        if len(gap) <= 8 and not any(in_family(ctx, j, CUE_OR_CREATE) or words[j] in ",;:" for j in gap):
            return cue  # "The fund was launched", "a fund worth $500 million will be launched"
    return None


def planned_creation(ctx: Context, sent: Sentence, start: int) -> Match | None:
    """'plans to launch a fund', 'will set up a hub': a hedged creation verb announces a proposal."""
    creations = [c for c in within(ctx, CREATE, sent) if 0 <= start - c.end <= 3]
    if creations and is_hedged(ctx, sent, creations[-1]):
        return creations[-1]
    return None


def is_hedged(ctx: Context, sent: Sentence, cue: Match) -> bool:
    """A hedge ('will', 'plans to', 'could') shortly before the cue, in the same sentence."""
    lo = max(sent.start, cue.start - HEDGE_WINDOW)
    hedges = within(ctx, HEDGE, sent)
    return any(lo <= h.start < cue.start for h in hedges) or any(h.start == cue.start for h in hedges)


def is_negated(ctx: Context, sent: Sentence, cue: Match) -> bool:
    """'not', 'never', 'yet to' or 'failed to' just before the cue: 'have not yet agreed'."""
    return not NEGATIONS.isdisjoint(ctx.lower[max(sent.start, cue.start - 3) : cue.start])


def status_of(ctx: Context, sent: Sentence, cue: Match, name_start: int) -> Status:
    """The cue's status; hedged or future wording never yields `agreed` or later, and
    finishing a phase of a project ('completed the first phase of X') leaves it in progress."""
    if cue.label_ == CREATE:
        return Status.PROPOSED
    status = STATUSES[label_of(cue)]
    if status in COMMITTED and (is_hedged(ctx, sent, cue) or is_negated(ctx, sent, cue)):
        return Status.UNDER_DISCUSSION  # 'will sign', 'have not yet agreed', 'has yet to sign'
    if status is Status.STALLED and is_hedged(ctx, sent, cue):
        return Status.UNDER_DISCUSSION
    before_name = ctx.lower[max(sent.start, name_start - 4) : name_start]
    if status is Status.COMPLETED and not PARTIAL_WORDS.isdisjoint(before_name):
        return Status.IN_PROGRESS
    return status


# --- Countries ----------------------------------------------------------------------------


def leader_before(ctx: Context, i: int) -> str:
    """ISO3 of the last leader named before token i: who 'he' or 'the president' is."""
    if "leaders" not in ctx.cache:
        ctx.cache["leaders"] = [e for e in ctx.ents if e.label_ == "LEADER"]
    leaders = ctx.cache["leaders"]
    k = bisect.bisect_left(leaders, i, key=lambda e: e.start)
    return leaders[k - 1].ent_id_ if k else ""


def proposer_of(ctx: Context, sent: Sentence, cue: Match) -> str:
    """Whose official put it forward: the nearest actor left of a `proposed` cue."""
    i = cue.start - 1
    while i >= sent.start:
        ent = ctx.ent_at.get(i)
        if ent is not None and ent.label_ in ("LEADER", "COUNTRY", "DEMONYM"):
            return ent.ent_id_
        if ent is not None and ent.label_ == "ORG":
            org = ctx.codebook.organizations[ent.ent_id_]
            if org.iso3 and org.kind != "media":
                return org.iso3
        if ctx.lower[i] in SUBJECT_TITLES:
            return leader_before(ctx, i)
        i -= 1
    return ""


def countries_in(ctx: Context, start: int, end: int) -> list[CountryLink]:
    """Countries named in a stretch: places after 'in' are hosts, regions expand to members."""
    links, seen = [], set()
    for ent in ents_in(ctx, start, end):
        if ent.label_ == "REGION":
            region = ctx.codebook.regions[ent.ent_id_]
            links += [link(iso3, Role.PARTICIPANT, f"region:{region.name}") for iso3 in region.members]
        elif ent.label_ in COUNTRY_LABELS:
            after_in = ent.start > 0 and ctx.lower[ent.start - 1] in ("in", "at")
            host = ent.label_ == "CITY" or (after_in and ent.label_ == "COUNTRY")
            links.append(link(ent.ent_id_, Role.HOST if host else Role.PARTNER, "mention"))
        seen.add(ent.start)
    return links


def organizations_in(ctx: Context, sent: Sentence) -> list[tuple[str, str, CountryLink | None]]:
    """(org_id, role, country link) for each non-media organization in a sentence."""
    orgs = [ctx.codebook.organizations[e.ent_id_] for e in ents_in(ctx, sent.start, sent.end) if e.label_ == "ORG"]
    orgs = [org for org in orgs if org.kind != "media"]
    if not orgs:
        return []
    lowered = ctx.document.text[sent.start_char : sent.end_char].lower()
    financing = any(w in lowered for w in FINANCE_WORDS)
    found = []
    for org in orgs:
        role = "financier" if financing and org.kind in FINANCIER_ORG_KINDS else "partner"
        org_link = None
        if org.iso3:
            country_role = Role.FINANCIER if role == "financier" else Role.PARTNER
            org_link = link(org.iso3, country_role, f"organization:{org.org_id}")
        found.append((org.org_id, role, org_link))
    return found


def financing_countries(ctx: Context, sent: Sentence) -> set[str]:
    """Countries that pay, in a sentence: a country just before a financing verb ('Japan will
    finance', 'Kazakhstan invested'), a demonym before a financing noun ('Chinese funding', 'a
    Japanese loan'). 'Attracting Japanese investment' asks for money: Japan stays a partner."""
    key = ("funders", sent.start)
    if key in ctx.cache:
        return ctx.cache[key]
    found: set[str] = set()
    for ent in ents_in(ctx, sent.start, sent.end):
        if ent.label_ not in ("COUNTRY", "DEMONYM"):
            continue
        j = ent.end
        while j < sent.end and ctx.lower[j] in AUXILIARIES and ent.label_ == "COUNTRY":
            j += 1
        words = FINANCING_VERBS if ent.label_ == "COUNTRY" else FINANCING_NOUNS
        if j < sent.end and ctx.lower[j] in words:
            found.add(ent.ent_id_)
    ctx.cache[key] = found
    return found


def context_countries(ctx: Context, sent: Sentence) -> list[str]:
    """Who 'the sides' or 'the summit' are: the last event's participants, else the lead's countries."""
    last = ctx.events[-1].participants if ctx.events else []
    if last and not CONTEXT_SUBJECTS.isdisjoint(ctx.lower[sent.start : sent.end]):
        return last
    return ctx.lead_countries


def expand_links(ctx: Context, links: list[CountryLink]) -> list[str]:
    return list(dict.fromkeys([link.iso3 for link in links]))


# --- Sectors ------------------------------------------------------------------------------


def sectors_in(ctx: Context, start: int, end: int) -> list[str]:
    """Sector ids whose keywords occur in a stretch ('logistics' -> transport, DAC 210)."""
    lo = bisect.bisect_left(ctx.sector_starts, start)
    hi = bisect.bisect_left(ctx.sector_starts, end, lo)
    return list(dict.fromkeys([label_of(s) for s in ctx.sectors[lo:hi] if s.end <= end]))


# --- Rule families ------------------------------------------------------------------------


def rule_agenda(ctx: Context, sent: Sentence, taken: set[int]) -> list[Candidate]:
    """Areas on an agenda, one initiative each: 'cooperation in areas including the green
    economy, sustainable development, and human capital development'."""
    nouns = within(ctx, AGENDA_NOUN, sent)
    connectors = within(ctx, AGENDA_CONNECTOR, sent)
    for noun in nouns:
        after = [c for c in connectors if 0 <= c.start - noun.end <= 1]
        if not after:
            continue
        connector = after[0]
        end = next((j for j in range(connector.end, sent.end) if ctx.words[j] in {";", ".", "(", ":"}), sent.end)
        items = split_list(ctx, connector.end, end)
        if len(items) < 2:
            continue
        cue = governing_cue(ctx, sent, noun.start, noun.end)
        found = []
        for a, b in items:
            taken.update(range(a, b))
            name = clean_name(ctx.doc.span_text(a, b))
            found.append(Candidate(a, b, Kind.AGENDA, name, cue, b, (a, b), Status.UNDER_DISCUSSION))
        taken.update(range(noun.start, end))
        return found
    return []


def split_list(ctx: Context, start: int, end: int) -> list[tuple[int, int]]:
    """'the green economy, fostering partnerships, and X' -> token ranges of each item."""
    words, lower = ctx.words, ctx.lower
    items, a = [], start
    for i in range(start, end + 1):
        if i == end or words[i] == "," or lower[i] in ("and", "or") and words[i - 1] != ",":
            items.append((a, i))
            a = i + 1
        elif lower[i] in ("and", "or"):
            a = i + 1
    cleaned = []
    for a, b in items:
        while a < b and (lower[a] in STOP_LEFT or lower[a] in GERUND_PREFIXES):
            a += 1
        if 0 < b - a <= 8:
            cleaned.append((a, b))
    return cleaned


def rule_support(ctx: Context, sent: Sentence, taken: set[int]) -> list[Candidate]:
    """Financing support as a programme: 'the expanding support of Japanese financial
    institutions for trade, economic, and investment projects in Central Asia'."""
    doc, words, lower = ctx.doc, ctx.words, ctx.lower
    for i in triggers_in(ctx, sent):
        if lower[i] not in SUPPORT_WORDS or i in taken:
            continue
        nxt = i + 1
        if nxt >= sent.end or lower[nxt] not in ("of", "from", "by"):
            continue
        giver_end = next((j for j in range(nxt, sent.end) if lower[j] == "for"), None)
        if giver_end is None or giver_end - nxt > 8:
            continue
        if not any(ctx.ent_type(j) in ("DEMONYM", "COUNTRY", "ORG") for j in range(nxt + 1, giver_end)):
            continue
        stops = range(giver_end, sent.end)
        end = next((j for j in stops if words[j] in {".", ";"} or lower[j] in STOP_RIGHT), sent.end)
        cue = governing_cue(ctx, sent, i, i + 1) or next(
            (c for c in within(ctx, CUE, sent) if c.start <= i < c.end), None
        )
        if cue is None:
            continue
        giver_text = " ".join(doc.span_text(nxt + 1, giver_end).split())
        if giver_text.lower().startswith("the "):
            giver_text = giver_text[4:]
        name = clean_name(words[i]) + f" from {giver_text} " + doc.span_text(giver_end, end)
        taken.update(range(i, end))
        return [Candidate(i, end, Kind.PROGRAMME, " ".join(name.split()), cue, sent.end)]
    return []


def head_run(ctx: Context, kinds: list[Match], k: int) -> tuple[int, int, Kind]:
    """Join adjacent kind nouns into one head: 'airport project' is a project."""
    start, end, label = kinds[k].start, kinds[k].end, label_of(kinds[k])
    for nxt in kinds[k + 1 :]:
        if nxt.start != end:
            break
        end, label = nxt.end, label_of(nxt)
    return start, end, KINDS[label]


def is_bare(ctx: Context, start: int, end: int, head_start: int, head_end: int) -> bool:
    """A name that is only its head and generic words ('the fund', 'a new project') names nothing."""
    extra = [j for j in range(start, end) if not (head_start <= j < head_end)]
    if head_end - head_start > 1:
        return False  # a compound head ('investment fund', 'power plant') names a thing
    counted = ctx.lower[head_end - 1].endswith("s")  # '12 projects', 'five documents' count things
    return all(ctx.lower[j] in GENERIC_MODIFIERS or ctx.doc.punct[j] or counted and ctx.doc.num[j] for j in extra)


def purpose_clause(ctx: Context, end: int, limit: int) -> int:
    """Where the purpose that specifies a generic head ends: 'a programme | to support small
    businesses', 'a joint fund | with Japan to finance solar plants'; `end` when there is none."""
    lower, words, punct = ctx.lower, ctx.words, ctx.doc.punct
    i = end
    if i + 1 < limit and lower[i] == "with" and i + 1 in ctx.ent_at:
        i = ctx.ent_at[i + 1].end
    if not (i + 1 < limit and lower[i] == "to" and words[i + 1].isalpha() and ctx.doc.is_lower[i + 1]):
        return end
    if lower[i + 1] in STOP_LEFT or lower[i + 1] in STOP_RIGHT or in_family(ctx, i + 1, FAMILY_BITS[CREATE]):
        return end  # 'an initiative to establish the X Fund': the fund is the initiative
    j = i + 2
    while j < limit and j - i <= 14:
        if ctx.doc.space[j] or (punct[j] and words[j] not in {"-", "+", "&"}) or lower[j] in STOP_RIGHT:
            break
        j += 1
    else:  # no natural end within reach: cut before the last preposition
        j = next((k for k in range(j - 1, i + 2, -1) if lower[k] in STOP_LEFT), j)
    while j > i + 2 and lower[j - 1] in STOP_LEFT:
        j -= 1
    return j


def is_description(ctx: Context, start: int) -> bool:
    """'..., serving as a regional platform': a phrase after 'as' describes, it names nothing new."""
    before = ctx.lower[max(0, start - 2) : start]
    return "as" in before


def is_convener(ctx: Context, start: int) -> bool:
    """'the next meeting of the intergovernmental commission': a body holding a meeting is
    its convener, not an initiative the meeting creates."""
    j = start - 1
    if j >= 0 and ctx.lower[j] in ("the", "its", "their"):
        j -= 1
    if j < 1 or ctx.lower[j] != "of":
        return False
    return in_family(ctx, j - 1, FAMILY_BITS[EVENT]) or ctx.lower[j - 1] in ("session", "sessions", "sitting")


def rule_named(ctx: Context, sent: Sentence, taken: set[int]) -> list[Candidate]:
    """Noun phrases headed by a kind noun and governed by a cue: 'proposed creating a
    Central Asian network of Japanese technoparks', 'the airport project in Tashkent'."""
    kinds = within(ctx, KIND, sent)
    found: list[Candidate] = []
    covered = set(taken)
    for k, span in enumerate(kinds):
        if span.start in covered or any(is_entity_token(ctx, i) for i in range(span.start, span.end)):
            continue
        head_start, head_end, kind = head_run(ctx, kinds, k)
        start = extend_left(ctx, head_start, sent.start)
        end = extend_right(ctx, head_end, sent.end)
        inner = named_subject(ctx, kinds, head_end, end) if kind is Kind.AGREEMENT else None
        if inner is not None:  # 'an agreement on the Dostyk-Moyynty railway': the railway is agreed
            governing = governing_cue(ctx, sent, start, end)
            covered.update(range(start, inner[1]))
            if governing is not None:
                name = clean_name(ctx.doc.span_text(inner[0], inner[1]))
                found.append(Candidate(inner[0], inner[1], inner[2], name, governing, sent.end))
            continue
        covered.update(range(start, end))
        if is_description(ctx, start) or is_convener(ctx, start) or is_category(ctx, start, end, head_end):
            continue
        cue = governing_cue(ctx, sent, start, end)
        if is_bare(ctx, start, end, head_start, head_end):
            referent = anaphor_referent(ctx, start, kind)
            if referent is not None:  # 'the fund': more news of the last fund named
                found.append(Candidate(start, end, kind, referent.name, cue, sent.end))
                continue
            purpose_end = purpose_clause(ctx, end, sent.end)  # 'a programme to support small businesses'
            if purpose_end == end:
                continue  # nothing names it
            covered.update(range(end, purpose_end))
            end = purpose_end
        if cue is None:
            continue
        found.append(Candidate(start, end, kind, clean_name(ctx.doc.span_text(start, end)), cue, sent.end))
    taken.update(covered)
    return found


def named_subject(ctx: Context, kinds: list[Match], lo: int, hi: int) -> tuple[int, int, Kind] | None:
    """A named initiative inside an agreement's complement: (start, end, kind), or None."""
    for k, span in enumerate(kinds):
        if lo <= span.start < hi and span.start > lo:
            head_start, head_end, kind = head_run(ctx, kinds, k)
            start = extend_left(ctx, head_start, lo + 1)
            end = extend_right(ctx, head_end, ctx.sentence_of(hi - 1).end)
            if any(w[:1].isupper() for w in ctx.words[start:head_start]) and kind is not Kind.AGREEMENT:
                return start, end, kind
    return None


def anaphor_referent(ctx: Context, start: int, kind: Kind) -> Initiative | None:
    """The initiative 'the fund' or 'this project' refers to: the last one of its kind in the document."""
    if start == 0 or ctx.lower[start - 1] not in ("the", "this"):
        return None
    return next((ini for ini in reversed(ctx.found) if ini.kind is kind), None)


def is_category(ctx: Context, start: int, end: int, head_end: int) -> bool:
    """A plural of common words names a kind of thing, not an initiative: 'transport and energy
    projects', 'a review of project pipelines'; unless it is being created ('setting up zones')."""
    doc, lower = ctx.doc, ctx.lower
    if start >= 2 and lower[start - 1] in ("and", "or", ",") and doc.is_lower[start - 2]:
        return True  # a coordinated modifier: 'solar and wind power plants'
    plural = lower[head_end - 1].endswith("s")
    if not plural or end > head_end or any(ctx.words[j][:1].isupper() or doc.num[j] for j in range(start, end)):
        return False
    before = in_family(ctx, start - 1, CUE_OR_CREATE) or (
        start >= 2 and lower[start - 1] in STOP_LEFT and in_family(ctx, start - 2, CUE_OR_CREATE)
    )
    return not before


def rule_targets(ctx: Context, sent: Sentence, taken: set[int]) -> list[Candidate]:
    """Stated goals with an amount: 'to bring trade turnover to $5 billion'."""
    doc, lower = ctx.doc, ctx.lower
    verbs = TARGET_VERBS
    metrics = {"trade", "turnover", "investment", "investments", "exports", "imports"}
    for i in triggers_in(ctx, sent):
        if lower[i] not in verbs or i in taken:
            continue
        window = range(i, min(sent.end, i + 14))
        metric = next((j for j in window if lower[j] in metrics), None)
        to = next((j for j in window if lower[j] == "to" and metric is not None and j > metric), None)
        if metric is None or to is None:
            continue
        amount = range(to + 1, min(sent.end, to + 5))
        if not any(doc.num[j] for j in amount):
            continue
        end = max(j for j in amount if doc.num[j] or lower[j] in ("billion", "million", "bn", "percent", "%")) + 1
        first = metric - (lower[metric - 1] in ("bilateral", "mutual"))
        last = metric + 1 + (metric + 1 < sent.end and lower[metric + 1] == "turnover")
        name = f"{clean_name(doc.span_text(first, last))} target of {doc.span_text(to + 1, end)}"
        cue = governing_cue(ctx, sent, i, end)
        taken.update(range(i, end))
        return [Candidate(i, end, Kind.TARGET, name, cue, sent.end, None, Status.UNDER_DISCUSSION)]
    return []


def rule_events(ctx: Context, sent: Sentence) -> None:
    """Summits, visits and meetings with their dates, place and status: 'the inaugural
    “Central Asia + Japan” Summit in Tokyo', 'an official visit to Japan ... from December 18 through 20'."""
    lower = ctx.lower
    for span in within(ctx, EVENT, sent):
        kind = label_of(span)
        start = extend_left(ctx, span.start, sent.start)
        end = extend_right(ctx, span.end, sent.end, frozenset({"with", "to"}))
        plural = lower[span.end - 1].endswith("s") and lower[span.end - 1] != "talks"
        determiner = lower[start - 1] if start > sent.start else ""
        if start - 2 >= sent.start and lower[start - 2] in ("such", "any"):
            determiner = lower[start - 2]
        end = next((j for j in range(span.end + 1, end) if lower[j] in ("for", "in", "on", "at")), end)
        end = next((j for j in range(span.end, end) if is_date_after_on(ctx, j)), end)  # 'summit on May 5'
        while end > span.end and lower[end - 1] in STOP_LEFT:
            end -= 1
        dates = dates_in(ctx, sent)
        after = [d for d in dates if d.offset >= span.start_char - sent.start_char]
        date = after[0] if after else (dates[-1] if len(dates) == 1 else None)
        named = (
            any(w[:1].isupper() for w in ctx.words[start : span.start])
            or start < span.start
            and any(is_entity_token(ctx, i) for i in range(start, span.end))
        )
        place = event_place(ctx, sent, span)
        if not place[1]:
            place = host_before(ctx, sent, start)
        another = not NEW_EVENT_WORDS.isdisjoint(lower[start : span.start])  # 'the next summit' is not the last one
        referring = determiner in ("the", "this", "that") and any(e.kind == kind for e in ctx.events) and not another
        if plural or determiner in ("such", "any") or not (date or place[1] or named or referring):
            continue
        clause_end = next((j for j in range(span.end, sent.end) if ctx.words[j] in {",", ";", "."}), sent.end)
        participants = expand_links(ctx, countries_in(ctx, start, clause_end))
        event = Event(
            name=clean_name(ctx.doc.span_text(start, end)),
            kind=kind,
            start=date.start if date else "",
            end=date.end if date else "",
            city=place[0],
            iso3=place[1],
            participants=participants,
            evidence=evidence_of(ctx, sent),
        )
        event.status = event_status(ctx, sent, event)
        merge_event(ctx, event, referring or not (date or another))


def dates_in(ctx: Context, sent: Sentence) -> list:
    """The dates a sentence mentions, found once per sentence."""
    key = ("dates", sent.start)
    if key not in ctx.cache:
        ctx.cache[key] = find_dates(ctx.document.text[sent.start_char : sent.end_char], ctx.document.published)
    return ctx.cache[key]


def event_place(ctx: Context, sent: Sentence, span: Match) -> tuple[str, str]:
    """(city, iso3) from 'in Tokyo', 'visit to Japan', or 'take place in Astana'."""
    lower = ctx.lower
    candidates = []
    for ent in ents_in(ctx, sent.start, sent.end):
        if ent.label_ not in ("CITY", "COUNTRY"):
            continue
        prev = lower[ent.start - 1] if ent.start > sent.start else ""
        prev2 = lower[ent.start - 2] if ent.start - 1 > sent.start else ""
        near = span.end <= ent.start <= span.end + 14 and prev in ("in", "to", "at")
        venue = prev == "in" and prev2 in ("place", "held", "hosted", "convene", "convened")
        if near or venue:
            candidates.append(ent)
    if not candidates:
        return "", ""
    ent = candidates[0]
    return (ent.text if ent.label_ == "CITY" else ""), ent.ent_id_


def is_date_after_on(ctx: Context, j: int) -> bool:
    """'on' before a date: 'on September 14-15', 'on 5 May'."""
    lower = ctx.lower
    return lower[j] == "on" and j + 1 < len(lower) and (lower[j + 1] in MONTHS or bool(ctx.doc.num[j + 1]))


def host_before(ctx: Context, sent: Sentence, start: int) -> tuple[str, str]:
    """(city, iso3) of the host named before 'hosted': 'Turkmenistan hosted the summit'."""
    j = start - 1
    while j >= sent.start and ctx.lower[j] in STOP_LEFT:
        j -= 1
    if j <= sent.start or ctx.lower[j] not in ("hosted", "hosts", "host", "hosting"):
        return "", ""
    j -= 1
    while j > sent.start and (ctx.lower[j] in AUXILIARIES or ctx.lower[j] in ("to", "successfully")):
        j -= 1
    ent = ctx.ent_at.get(j)
    if ent is None or ent.label_ not in ("CITY", "COUNTRY"):
        return "", ""
    return (ent.text if ent.label_ == "CITY" else ""), ent.ent_id_


def event_status(ctx: Context, sent: Sentence, event: Event) -> str:
    """planned, held, postponed or cancelled: from a stalled cue, else the date against publication."""
    for cue in within(ctx, CUE, sent):
        if label_of(cue) == Status.STALLED.value:
            return "postponed" if cue.text.lower() in ("postponed", "delayed") else "cancelled"
    published = ctx.document.published
    if event.start and published:
        return "planned" if event.start[: len(published)] > published[: len(event.start)] else "held"
    lowered = ctx.document.text[sent.start_char : sent.end_char].lower()
    if any(w in lowered for w in ("planned", "scheduled", "arranging", "will ", "would ", "preparing")):
        return "planned"
    return ""


def merge_event(ctx: Context, event: Event, may_merge: bool) -> None:
    """Fold a mention into the last event of its kind when it refers to it or adds no date."""
    same = [e for e in ctx.events if e.kind == event.kind]
    if same and may_merge or same and same[-1].start == event.start:
        old = same[-1]
        for attr in ("start", "end", "city", "iso3"):
            if not getattr(old, attr):
                setattr(old, attr, getattr(event, attr))
        if not old.status or old.status == "planned" and event.status in ("postponed", "cancelled"):
            old.status = event.status
        old.participants = list(dict.fromkeys(old.participants + event.participants))
        ctx.events.remove(old)
        ctx.events.append(old)
        return
    ctx.events.append(event)


# --- Assembly ------------------------------------------------------------------------------


def evidence_of(ctx: Context, sent: Sentence) -> Span:
    """The sentence as cited: its text sliced from the source, with offsets; made once per sentence."""
    found = ctx.evidence.get(sent.start)
    if found is None:
        a, b = sent.start_char, sent.end_char
        text = ctx.document.text[a:b]
        start = a + len(text) - len(text.lstrip())
        end = b - (len(text) - len(text.rstrip()))
        found = ctx.evidence[sent.start] = Span(ctx.document.text[start:end], start, end)
    return found


def lead_sentence(ctx: Context) -> Sentence | None:
    """The first real sentence of the body: the parties and the news of a story."""
    for sent in ctx.doc.sents:
        if sent.start >= ctx.body_start and sum(w.isalpha() for w in ctx.lower[sent.start : sent.end]) >= 6:
            return sent
    return None


def lead_countries(ctx: Context, lead: Sentence | None) -> list[str]:
    """Countries of the lead sentence."""
    return expand_links(ctx, countries_in(ctx, lead.start, lead.end)) if lead is not None else []


def to_initiative(ctx: Context, sent: Sentence, cand: Candidate) -> Initiative:
    """Attach status, proposer, countries, sectors and organizations to a candidate."""
    evidence = evidence_of(ctx, sent)
    status = status_of(ctx, sent, cand.cue, cand.start) if cand.cue is not None else cand.fallback_status
    cue_text = cand.cue.text if cand.cue is not None else ""
    cue_span = evidence_span(ctx.document, cand.cue) if cand.cue is not None else None
    proposer = ""
    if cand.cue is not None and status is Status.PROPOSED:
        proposer = proposer_of(ctx, sent, cand.cue)
    links = [link(proposer, Role.PROPOSER, "proposer")] if proposer else []
    if cand.cue is not None and status is not Status.PROPOSED:
        links += [link for link in countries_in(ctx, sent.start, cand.cue.start) if link.role is Role.PARTNER]
    links += countries_in(ctx, cand.start, cand.scope_end)
    orgs = organizations_in(ctx, sent)
    links += [link for _, _, link in orgs if link is not None]
    funders = financing_countries(ctx, sent)  # found once per sentence
    if funders:  # 'Japan will finance X', 'built with Chinese funding'
        links = [
            link(x.iso3, Role.FINANCIER, x.basis) if x.iso3 in funders and x.role is Role.PARTNER else x for x in links
        ]
    if len(expand_links(ctx, links)) < 2:
        known = set(expand_links(ctx, links))
        links += [link(c, Role.PARTICIPANT, "context") for c in context_countries(ctx, sent) if c not in known]
    a, b = cand.sector_span or (cand.start, cand.end)
    stops = range(cand.end, cand.scope_end)
    clause_end = next((j for j in stops if ctx.words[j] in {",", ";", "."}), cand.scope_end)
    sectors = sectors_in(ctx, a, b) or sectors_in(ctx, cand.start, clause_end)
    return Initiative(
        name=cand.name,
        kind=cand.kind,
        key=core_key(cand.kind, cand.name),
        claims=[StatusClaim(status, cue_text, evidence, cue_span)] if status else [],
        proposer=proposer,
        countries=list(dict.fromkeys(links)),
        sectors=sectors,
        organizations=[(org_id, role) for org_id, role, _ in orgs],
        spans=[char_span(ctx.document, ctx.doc.idx[cand.start], ctx.doc.ends[cand.end - 1])],
    )


def bound_scopes(cands: list[Candidate]) -> None:
    """A name's scope ends where another cue takes over: 'discussed X, and agreed to Y'."""
    cue_starts = [c.cue.start for c in cands if c.cue is not None]
    for cand in cands:
        if cand.cue is None:
            continue
        later = [start for start in cue_starts if cand.end <= start and start != cand.cue.start]
        if later:
            cand.scope_end = min(cand.scope_end, min(later))


def link_parents(ctx: Context, cands: list[Candidate], found: list[Initiative]) -> None:
    """'a fund, which would support a programme': the programme is the fund's parent."""
    for k in range(len(cands) - 1):
        between = ctx.lower[cands[k].end : cands[k + 1].start]
        if not PARENT_WORDS.isdisjoint(between) or "part" in between and "of" in between:
            found[k].parent_key = found[k + 1].key


def merge_mentions(initiatives: list[Initiative]) -> list[Initiative]:
    """One initiative per core key in a document: later mentions add claims, countries, sectors."""
    merged: dict[str, Initiative] = {}
    for ini in initiatives:
        old = merged.get(ini.key)
        if old is None:
            merged[ini.key] = ini
            continue
        old.claims += ini.claims
        old.proposer = old.proposer or ini.proposer
        old.countries = list(dict.fromkeys(old.countries + ini.countries))
        old.sectors = list(dict.fromkeys(old.sectors + ini.sectors))
        old.organizations = list(dict.fromkeys(old.organizations + ini.organizations))
        old.parent_key = old.parent_key or ini.parent_key
        old.spans += ini.spans
    return list(merged.values())


def mentions_of(ctx: Context) -> list[Mention]:
    """Entities found in the text, for highlighting on the Sources page."""
    text = ctx.document.text
    return [
        Mention(e.label_, e.ent_id_, Span(text[e.start_char : e.end_char], e.start_char, e.end_char)) for e in ctx.ents
    ]


RULES = (rule_agenda, rule_support, rule_targets, rule_named)


def has_trigger(triggers: list[int], sent: Sentence) -> bool:
    """Whether a sentence holds a cue, a kind noun, an event noun or another rule's trigger word."""
    i = bisect.bisect_left(triggers, sent.start)
    return i < len(triggers) and triggers[i] < sent.end


def extract_document(document: Document, codebook: Codebook | None = None) -> Extraction:
    """Every initiative, status claim and event in one document."""
    codebook = codebook or load_codebook()
    with collector_paused():
        return read_document(document, codebook)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while one document is read, back on after.
    Reading a document allocates a few thousand small objects that all live until it ends,
    so the collector would run several times per document for nothing, and each run may
    traverse every object of the process (the codebook, spaCy's vocabulary). It catches up
    once, at the next allocation after the document: 6 to 9% of the time compiled, about 4%
    interpreted (BENCHMARKS.md). Extraction makes no reference cycles, so nothing waits for it."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_document(document: Document, codebook: Codebook) -> Extraction:
    """The rule families over one document's sentences, in order."""
    doc = parse(document.text, build_pipeline(codebook))
    ctx = make_context(doc, document, codebook)
    lead = lead_sentence(ctx)
    ctx.lead_countries = lead_countries(ctx, lead)
    triggers = sorted(ctx.lex_at)  # the TRIGGER family holds the support words and target verbs
    for sent in doc.sents:
        if sent.end <= ctx.body_start or not has_trigger(triggers, sent) or len(sent) > MAX_SENTENCE_TOKENS:
            continue  # a 'sentence' of thousands of tokens is a list or a dump, not reporting
        rule_events(ctx, sent)
        taken: set[int] = set()
        cands = [c for rule in RULES for c in rule(ctx, sent, taken)]
        cands.sort(key=lambda c: c.start)
        bound_scopes(cands)
        found = [to_initiative(ctx, sent, c) for c in cands]
        link_parents(ctx, cands, found)
        ctx.found += found
    lead_text = evidence_of(ctx, lead).text if lead is not None else ""
    return Extraction(document, merge_mentions(ctx.found), ctx.events, mentions_of(ctx), lead_text)


def evidence_span(document: Document, span: Match) -> Span:
    return char_span(document, span.start_char, span.end_char)


def char_span(document: Document, start: int, end: int) -> Span:
    return Span(document.text[start:end], start, end)
