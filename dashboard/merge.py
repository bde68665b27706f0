"""Cross-document identity: the reports of one initiative in many documents become one initiative.

Two reports are the same initiative when they are of the same kind, share a country
(or one names none), and their names agree once normalised (dashboard/names.py).
"""

import hashlib
import math
import sys
from collections import defaultdict, deque
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import rapidfuzz

from dashboard import names
from dashboard.codebook import Codebook
from dashboard.names import (  # noqa: F401  (re-exported: the merge's names, as before)
    GENERIC_MODIFIERS,
    SAME_NAME,
    WORD_MATCH,
    Name,
    NearWords,
    acronym_of,
    name_similarity,
    normalise,
    similarity,
    stem,
)
from dashboard.records import Document, Initiative

POSTINGS = 100  # clusters remembered per word for candidate lookup


@dataclass(frozen=True)
class Report:
    """One initiative as one document reports it."""

    document: Document
    initiative: Initiative
    order: int  # position in the document, to keep output deterministic

    @cached_property  # read hundreds of thousands of times in a build of 10,000 documents
    def mention_id(self) -> str:
        return f"{self.document.doc_id}#{self.initiative.key}"

    @cached_property
    def sort_key(self) -> tuple[str, str, int]:
        return (self.document.published or "9999", self.document.doc_id, self.order)


@dataclass
class Cluster:
    reports: list[Report] = field(default_factory=list)
    initiative_id: str = ""

    @property
    def first(self) -> Report:
        return min(self.reports, key=lambda r: r.sort_key)


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
MERGE_CODE = hashlib.sha256(
    b"".join(Path(m.__file__).read_bytes() for m in (sys.modules[__name__], names)) + rapidfuzz.__version__.encode()
).hexdigest()[:16]


class MergeState:
    """What merging the reports so far has built, which the next report is scored against: each
    cluster's names, countries and documents, the word index and the near-equal words."""

    def __init__(self):
        self.names: list[list[Name]] = []  # normalised names of each cluster
        self.countries: list[set[str]] = []
        self.docs: list[set[str]] = []  # documents of each cluster
        self.near, self.interned = NearWords(), {}  # one Name per distinct normalised name
        # (kind, word or acronym) -> the latest clusters holding it; bounded so that a common word
        # costs the same at 100 documents as at 100,000 (build time stays linear in N)
        self.index: dict[tuple[str, str], deque[int]] = defaultdict(lambda: deque(maxlen=POSTINGS))

    def __getstate__(self) -> dict:
        return {**self.__dict__, "index": {key: list(found) for key, found in self.index.items()}}

    def __setstate__(self, state: dict) -> None:
        index = state.pop("index")
        self.__dict__.update(state)
        self.index = defaultdict(lambda: deque(maxlen=POSTINGS))
        self.index.update((key, deque(found, maxlen=POSTINGS)) for key, found in index.items())

    def add(self, cluster: int, name: Name, kind: str, mine: set[str], doc_id: str) -> None:
        """A report of `name` joins `cluster` (a new one when it is the number of clusters)."""
        if cluster == len(self.names):
            self.names.append([])
            self.countries.append(set())
            self.docs.append(set())
        words = name.words
        if all(words != other.words for other in self.names[cluster]) and len(self.names[cluster]) < 4:
            self.names[cluster].append(name)
        self.countries[cluster] |= mine
        self.docs[cluster].add(doc_id)
        for key in {(kind, w) for w in words} | {(kind, "acronym:" + acronym_of(words))}:
            if cluster not in self.index[key]:
                self.index[key].append(cluster)


@dataclass
class MergeMemo:
    """The last merge: each report's fingerprint (its name, kind, countries and document) and the
    cluster it joined, in merge order, and the MergeState it left. Reports are merged oldest first
    and each decision depends only on the reports before it. So when the last merge's reports are
    where this one starts (articles newer than all the others were added), its state is taken up
    and only the new reports are scored; when they agree only up to some report, the decisions
    before it are replayed without scoring, and the rest scored as usual. The caller keys a memo
    by what else the decisions depend on: the codebook (through normalised names) and this code."""

    fingerprints: list[bytes] = field(default_factory=list)
    joined: list[int] = field(default_factory=list)
    state: MergeState | None = None


def fingerprint(report: Report) -> bytes:
    ini = report.initiative
    key = repr((MERGE_CODE, ini.name, ini.kind.value, sorted(countries_of(report)), report.document.doc_id))
    return hashlib.blake2b(key.encode("utf-8"), digest_size=16).digest()


def cluster_reports(reports: list[Report], codebook: Codebook, memo: MergeMemo | None = None) -> list[Cluster]:
    """Group reports, oldest first, each joining the best-matching earlier cluster of its kind.
    With a `memo` of the last merge, take up or replay what still holds, and leave this merge in it."""
    ordered = sorted(reports, key=lambda r: r.sort_key)
    made = MergeMemo([fingerprint(r) for r in ordered] if memo is not None else [])
    last = memo if memo is not None and len(memo.fingerprints) == len(memo.joined) else MergeMemo()
    clusters: list[Cluster] = []
    state, start = MergeState(), 0
    if last.state is not None and last.fingerprints == made.fingerprints[: len(last.fingerprints)]:
        state, start = last.state, len(last.joined)  # taken up where the last merge ended
        clusters = [Cluster() for _ in state.names]
        for report, number in zip(ordered, last.joined, strict=False):
            clusters[number].reports.append(report)
        made.joined = list(last.joined)
    for k in range(start, len(ordered)):
        report = ordered[k]
        words = normalise(report.initiative.name, codebook)
        name = state.interned.get(words) or state.interned.setdefault(words, Name(words))
        state.near.add(words)
        kind, mine, doc_id = report.initiative.kind.value, countries_of(report), report.document.doc_id
        if k < len(last.joined) and last.fingerprints[k] == made.fingerprints[k] and last.joined[k] <= len(clusters):
            best = last.joined[k] if last.joined[k] < len(clusters) else None  # replayed
        else:
            last = MergeMemo()  # later decisions depend on this one: score the rest
            fitting = fitting_clusters(words, kind, mine, doc_id, state.index, state.countries, state.docs)
            best = best_cluster(name, fitting, state.names, state.near)
        if best is None:
            clusters.append(Cluster())
            best = len(clusters) - 1
        clusters[best].reports.append(report)
        made.joined.append(best)
        state.add(best, name, kind, mine, doc_id)
    if memo is not None:
        memo.fingerprints, memo.joined, memo.state = made.fingerprints, made.joined, state
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
    ordered = sorted(clusters, key=lambda c: c.first.sort_key)
    claims: dict[int, list[str]] = {}
    owner: dict[str, int] = {}  # old id -> the cluster whose earliest report first had it (its fresh id)
    for cluster in ordered:
        ranked = []
        for report in sorted(cluster.reports, key=lambda r: r.sort_key):
            old = previous.get(report.mention_id)
            if old and old not in ranked:
                ranked.append(old)
        claims[id(cluster)] = ranked
        if fresh_id(cluster) in ranked:
            owner.setdefault(fresh_id(cluster), id(cluster))
    taken: set[str] = set()
    for cluster in ordered:
        # An id whose first report is in another cluster stays with that one: a merge by review
        # points the merged reports at the id it kept, and the next build must not hand that id
        # to them (the review, naming the old ids, would then merge nothing).
        ranked = [i for i in claims[id(cluster)] if owner.get(i, id(cluster)) == id(cluster)]
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
