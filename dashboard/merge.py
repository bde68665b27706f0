"""Cross-document identity: the reports of one initiative in many documents become one initiative.

Two reports are the same initiative when they are of the same kind, share a country
(or one names none), and their names agree once normalised: word order, singular and
plural, programme/program, centre/center, demonyms and region names ('Central Asian' =
'Central Asia'), and acronyms ('CAIF' = 'Central Asia Investment Fund'). Names are
compared with rapidfuzz on stemmed words, so 'industrial' meets 'industry'.
"""

import hashlib
import math
import re
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import rapidfuzz
from rapidfuzz import fuzz, process

from dashboard.codebook import Codebook
from dashboard.records import Document, Initiative

# Words that describe rather than name: 'new joint fund' and 'fund' are one name.
GENERIC_MODIFIERS = frozenset(
    "new joint major big large common first second third fourth fifth important key relevant similar specific "
    "certain possible potential further additional own various different separate existing current other "
    "promising ambitious significant great huge broad wide concrete practical comprehensive".split()
)
POSTINGS = 100  # clusters remembered per word for candidate lookup
SAME_NAME = 0.6  # soft Jaccard of normalised words at or above which two names are one
WORD_MATCH = 88  # rapidfuzz ratio at or above which two stemmed words are one word
STOP_WORDS = {"of", "for", "in", "on", "the", "a", "an", "and", "to", "with", "between", "through", "by", "at", "its"}
SPELLINGS = {"programme": "program", "centre": "center", "centres": "centers", "organisation": "organization"}
SUFFIXES = ("ations", "ation", "ings", "ing", "ial", "al", "ies", "es", "s", "ed", "y", "e")


@dataclass(frozen=True)
class Report:
    """One initiative as one document reports it."""

    document: Document
    initiative: Initiative
    order: int  # position in the document, to keep output deterministic

    @property
    def mention_id(self) -> str:
        return f"{self.document.doc_id}#{self.initiative.key}"

    @property
    def sort_key(self) -> tuple[str, str, int]:
        return (self.document.published or "9999", self.document.doc_id, self.order)


@dataclass
class Cluster:
    reports: list[Report] = field(default_factory=list)
    initiative_id: str = ""

    @property
    def first(self) -> Report:
        return min(self.reports, key=lambda r: r.sort_key)


def stem(word: str) -> str:
    word = SPELLINGS.get(word, word)
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=8)
def entity_words(codebook: Codebook) -> dict[str, str]:
    """Lower-case alias, demonym, city or region name -> one canonical word, so that
    'Japanese' and 'Japan', 'Central Asian' and 'Central Asia' compare equal."""
    words = {}
    for c in codebook.countries.values():
        for name in (*c.aliases, *c.demonyms):
            words[name.lower()] = c.iso3.lower()
        for city in c.cities:
            words[city.lower()] = "city_" + city.lower().replace(" ", "_")
    for region in codebook.regions.values():
        for alias in region.aliases:
            words[alias.lower()] = "region_" + region.name.lower().replace(" ", "_")
    return words


@lru_cache(maxsize=8)
def entity_pattern(codebook: Codebook) -> tuple[dict[str, str], re.Pattern]:
    """One regular expression for every entity name, longest first ('central asian' before 'central')."""
    words = entity_words(codebook)
    names = sorted((re.escape(w) for w in words), key=len, reverse=True)
    return words, re.compile(r"(?<![\w+-])(?:" + "|".join(names) + r")(?![\w+-])")


def normalise(name: str, codebook: Codebook) -> tuple[str, ...]:
    """The comparable words of a name: entities canonical, stop and generic words out, stemmed."""
    words_of, pattern = entity_pattern(codebook)
    text = " ".join(re.findall(r"[\w+-]+", name.lower()))
    text = pattern.sub(lambda m: words_of[m.group(0)], text)
    words = [w for w in text.split() if w not in STOP_WORDS and w not in GENERIC_MODIFIERS]
    return tuple(dict.fromkeys(stem(w) for w in words))


def acronym_of(words: tuple[str, ...]) -> str:
    """Initials of a normalised name: 'region_central_asia investment fund' -> 'caif'."""
    initials = []
    for w in words:
        if w.startswith(("city_", "region_")):
            initials += [part[0] for part in w.split("_")[1:] if part]
        elif w:
            initials.append(w[0])
    return "".join(initials)


@lru_cache(maxsize=65536)
def numbers(words: tuple[str, ...]) -> frozenset[str]:
    return frozenset(w for w in words if any(ch.isdigit() for ch in w))


def name_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """How alike two normalised names are, from 0 to 1 (see `similarity`)."""
    near = NearWords()
    near.add(a)
    near.add(b)
    return similarity(Name(a), Name(b), near.near)


class Name:
    """A normalised name with what comparing it needs, computed once."""

    __slots__ = ("words", "set", "numbers", "acronym")

    def __init__(self, words: tuple[str, ...]):
        self.words, self.set = words, frozenset(words)
        self.numbers, self.acronym = numbers(words), acronym_of(words)


class NearWords:
    """Each word seen so far -> the other words rapidfuzz calls near-equal to it. Built as words
    arrive, one C-speed pass over the vocabulary per new word, so that comparing two names
    asks a set, not rapidfuzz."""

    def __init__(self):
        self.vocabulary: list[str] = []
        self.near: dict[str, set[str]] = {}

    def add(self, words: tuple[str, ...]) -> None:
        for word in words:
            if word in self.near:
                continue
            found = process.extract(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_MATCH, limit=None)
            self.near[word] = {other for other, _, _ in found}
            for other in self.near[word]:
                self.near[other].add(word)
            self.vocabulary.append(word)


def similarity(a: Name, b: Name, near: dict[str, set[str]], a_near: set[str] | None = None) -> float:
    """How alike two names are: a soft Jaccard of their words, where a word of one is shared
    when the other holds it or a near-equal word (`near`, from NearWords); 0 when their numbers
    differ ('Kambarata-1' is not 'Kambarata-2'); 1 when one is the other's acronym.
    `a_near`, the near-equal words of all of a's words, lets most pairs skip the word loop."""
    if a.numbers and b.numbers and a.numbers != b.numbers:
        return 0.0
    for short, long in ((a, b), (b, a)):
        if len(short.words) == 1 and len(short.words[0]) >= 3 and short.words[0] == long.acronym:
            return 1.0
    if not a.words or not b.words:
        return 0.0
    exact = len(a.set & b.set)
    shorter = min(len(a.words), len(b.words))
    best = shorter  # if every other word had a near twin
    if exact == shorter or best / (len(a.words) + len(b.words) - best) < SAME_NAME:
        return exact / (len(a.words) + len(b.words) - exact)  # near-equal words cannot change the verdict
    if a_near is not None and a_near.isdisjoint(b.set):
        return exact / (len(a.words) + len(b.words) - exact)  # no word of a has a near twin in b
    rest = b.set - a.set
    shared = exact + sum(1 for w in a.words if w not in b.set and not near[w].isdisjoint(rest))
    return shared / (len(a.words) + len(b.words) - shared)


def can_reach(la: int, lb: int, score: float) -> bool:
    """Whether names of la and lb words could score `score` or more: only if the shorter is at
    least that share of the longer, or one is a single word (an acronym scores 1)."""
    return la == 1 or lb == 1 or min(la, lb) >= score * max(la, lb)


def best_cluster(name: Name, candidates: list[int], names: list[list[Name]], near: NearWords) -> int | None:
    """The candidate cluster (in ascending order) whose names score highest against `name`: at
    least SAME_NAME, the first one on a tie."""
    best, best_score = None, SAME_NAME
    scores: dict[Name, float] = {}  # each name compared once
    la, a_near = len(name.words), set().union(*(near.near[w] for w in name.words))
    for number in candidates:
        score = 0.0
        for other in names[number]:
            found = scores.get(other)
            if found is None:
                if not can_reach(la, len(other.words), best_score):
                    continue
                found = scores[other] = similarity(name, other, near.near, a_near)
            score = max(score, found)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = number, score
    return best


def countries_of(report: Report) -> set[str]:
    return {link.iso3 for link in report.initiative.countries}


def prefix_words(words: tuple[str, ...], kind: str, index: dict) -> list[str]:
    """The rarest words of a name that any cluster scoring >= SAME_NAME must share one of.

    Two names can reach SAME_NAME only if they share at least about 3/8 of the shorter one's
    words, so the candidates are the clusters holding one of the name's rarest words: common
    words ('fund', 'Central Asia') never have to be looked up (prefix filtering)."""
    need = max(1, math.ceil(len(words) * SAME_NAME) - 1)  # one word of slack for near-equal words
    by_rarity = sorted(words, key=lambda w: (len(index.get((kind, w), ())), w))
    return by_rarity[: len(words) - need + 1]


# What a merge decision depends on besides its reports: this module's code and rapidfuzz's.
MERGE_CODE = hashlib.sha256(Path(__file__).read_bytes() + rapidfuzz.__version__.encode()).hexdigest()[:16]


@dataclass
class MergeMemo:
    """The decisions of the last merge: each report's fingerprint (what its decision depends on)
    and the cluster it joined, in merge order. Reports are merged oldest first and each decision
    depends only on the reports before it, so while the fingerprints agree the next merge replays
    the decisions instead of scoring names again; from the first report that differs (a new or
    changed one), it scores as usual. A build that adds the newest articles replays all the rest."""

    fingerprints: list[bytes] = field(default_factory=list)
    joined: list[int] = field(default_factory=list)


def fingerprint(words: tuple[str, ...], kind: str, countries: set[str], doc_id: str) -> bytes:
    key = repr((MERGE_CODE, words, kind, sorted(countries), doc_id)).encode("utf-8")
    return hashlib.blake2b(key, digest_size=16).digest()


def cluster_reports(reports: list[Report], codebook: Codebook, memo: MergeMemo | None = None) -> list[Cluster]:
    """Group reports, oldest first, each joining the best-matching earlier cluster of its kind.
    With a `memo`, replay its decisions as long as they hold, and leave this merge's in it."""
    clusters: list[Cluster] = []
    names: list[list[Name]] = []  # normalised names of each cluster
    near, interned = NearWords(), {}  # one Name per distinct normalised name
    countries: list[set[str]] = []
    docs: list[set[str]] = []  # documents of each cluster
    # (kind, word or acronym) -> the latest clusters holding it; bounded so that a common word
    # costs the same at 100 documents as at 100,000 (build time stays linear in N)
    index: dict[tuple[str, str], deque[int]] = defaultdict(lambda: deque(maxlen=POSTINGS))
    replay = memo if memo is not None and len(memo.fingerprints) == len(memo.joined) else MergeMemo()
    made = MergeMemo()
    for k, report in enumerate(sorted(reports, key=lambda r: r.sort_key)):
        words = normalise(report.initiative.name, codebook)
        name = interned.get(words) or interned.setdefault(words, Name(words))
        near.add(words)
        kind, mine = report.initiative.kind.value, countries_of(report)
        doc_id = report.document.doc_id
        made.fingerprints.append(fingerprint(words, kind, mine, doc_id) if memo is not None else b"")
        if (
            k < len(replay.joined)
            and replay.fingerprints[k] == made.fingerprints[k]
            and replay.joined[k] <= len(clusters)
        ):
            best = replay.joined[k] if replay.joined[k] < len(clusters) else None
        else:
            replay = MergeMemo()  # later decisions depend on this one: score the rest
            best = best_cluster(name, fitting_clusters(words, kind, mine, doc_id, index, countries, docs), names, near)
        if best is None:
            clusters.append(Cluster([report]))
            names.append([])
            countries.append(set())
            docs.append(set())
            best = len(clusters) - 1
        else:
            clusters[best].reports.append(report)
        made.joined.append(best)
        if all(words != other.words for other in names[best]) and len(names[best]) < 4:
            names[best].append(name)
        countries[best] |= mine
        docs[best].add(report.document.doc_id)
        for key in {(kind, w) for w in words} | {(kind, "acronym:" + acronym_of(words))}:
            if best not in index[key]:
                index[key].append(best)
    if memo is not None:
        memo.fingerprints, memo.joined = made.fingerprints, made.joined
    return clusters


def fitting_clusters(
    words: tuple[str, ...], kind: str, mine: set[str], doc_id: str, index: dict, countries: list, docs: list
) -> list[int]:
    """The clusters a report may join, in ascending order: they hold one of its rarest words (or its
    acronym), share a country (or one names none), and come from other documents: one document's
    initiatives stay apart."""
    candidates = set().union(*(index[(kind, w)] for w in prefix_words(words, kind, index))) if words else set()
    if len(words) == 1:
        candidates |= set(index[(kind, "acronym:" + words[0])])
    return [
        n for n in sorted(candidates) if (not mine or not countries[n] or mine & countries[n]) and doc_id not in docs[n]
    ]


def short_hash(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:12]


def initiative_id(doc_id: str, key: str) -> str:
    """The id of an initiative first reported in `doc_id` under the normalised name `key`."""
    return "ini-" + short_hash(doc_id, key)


def fresh_id(cluster: Cluster) -> str:
    """The id an initiative gets when it is first seen: from its earliest report."""
    first = cluster.first
    return initiative_id(first.document.doc_id, first.initiative.key)


def assign_ids(clusters: list[Cluster], previous: dict[str, str]) -> None:
    """Give each cluster a stable id: the one its reports had before, else a fresh one.

    When reports that had two ids now form one cluster, the id of the earliest report
    wins. When one old id is claimed by several clusters (a split), the cluster holding
    its earliest report keeps it and the others get fresh ids.
    """
    taken: set[str] = set()
    for cluster in sorted(clusters, key=lambda c: c.first.sort_key):
        ranked = []
        for report in sorted(cluster.reports, key=lambda r: r.sort_key):
            old = previous.get(report.mention_id)
            if old and old not in ranked:
                ranked.append(old)
        choice = next((i for i in ranked if i not in taken), None)
        if choice is None:
            choice, n = fresh_id(cluster), 2
            while choice in taken:
                choice, n = f"{fresh_id(cluster)}-{n}", n + 1
        cluster.initiative_id = choice
        taken.add(choice)


def alias_rows(clusters: list[Cluster], previous: dict[str, str], previous_aliases: dict[str, str]) -> dict[str, str]:
    """Old id -> the current id it now points to ('' when its initiative is gone)."""
    current = {c.initiative_id for c in clusters}
    where = {r.mention_id: c.initiative_id for c in clusters for r in c.reports}
    aliases: dict[str, str] = {}
    for old in sorted(set(previous.values()) - current):
        targets = sorted(where[m] for m, i in previous.items() if i == old and m in where)
        aliases[old] = max(set(targets), key=targets.count) if targets else ""
    for old, target in sorted(previous_aliases.items()):
        if old in current or old in aliases:
            continue
        seen = {old}
        while target and target not in current and target in aliases and target not in seen:
            seen.add(target)
            target = aliases[target]
        aliases[old] = target if target in current else aliases.get(target, "")
    return aliases
