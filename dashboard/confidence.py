"""The confidence score of an initiative record: an additive scale from 0 to 100, each step with its
reason ("+15 two independent sources"). A heuristic signal of how well the tables support a record,
not a probability that it is true (README, "Confidence score").

The score reads what the build knows: how many independent publishers report the record, whether
one of them is official (data/codebook/official_sources.yaml), whether its current status is stated
in several sentences and whether those sentences are hedged or negated (the hedges and negations of
data/codebook/predicates.yaml, read just before the cue) or hearsay, whether an analyst reviewed it,
and how old its last report is.
"""

import datetime as dt
import re
from dataclasses import dataclass
from fnmatch import fnmatchcase
from functools import lru_cache
from urllib.parse import urlsplit

from dashboard.codebook import Codebook, OfficialSources
from dashboard.records import Document, StatusClaim

# Points per reason and what each means: the score, its reasons and the Methods page read this one
# table, and tests/test_confidence.py holds README's table to it.
SCALE = {
    "base": (50, "every record starts here: one source, one statement, nothing for or against it"),
    "two_sources": (15, "two independent publishers report it"),
    "more_sources": (25, "three or more independent publishers report it (instead of the 15)"),
    "official": (15, "one of them is official: a government, ministry, presidency, central or development bank"),
    "corroborated": (10, "its current status is stated in two sentences or more"),
    "reviewed": (20, "an analyst's override names it (data/overrides.yaml)"),
    "hedged": (-10, "every sentence that states its current status is hedged, negated or hearsay"),
    "quiet": (-10, "no report in the 180 days before the newest document (the quiet column)"),
    "undated": (-5, "no report of it is dated: its age is unknown"),
}
WEIGHTS = {reason: points for reason, (points, _) in SCALE.items()}
LOWEST, HIGHEST = 0, 100
WINDOW_WORDS = 6  # words before the cue where a hedge governs it: "is not expected to be", "plans to"


@dataclass(frozen=True)
class Grounds:
    """What a record's confidence rests on."""

    sources: int = 1  # independent publishers that report it
    official: str = ""  # the first official source among them (its host or its name); '' if none
    statements: int = 1  # sentences that state its current status
    hedge: str = ""  # the hedging word, when every one of those sentences has one
    hedge_kind: str = "hedged"  # hedged, negated or hearsay
    reviewed: bool = False
    quiet_days: int | None = None  # days without a report before the newest document, when quiet
    undated: bool = False


def score(grounds: Grounds) -> tuple[int, list[str]]:
    """The score, clamped to 0..100, and its reasons, each with its points: '+15 two independent sources'."""
    steps = [(WEIGHTS["base"], "base")]
    if grounds.sources >= 3:
        steps.append((WEIGHTS["more_sources"], f"{grounds.sources} independent sources"))
    elif grounds.sources == 2:
        steps.append((WEIGHTS["two_sources"], "two independent sources"))
    if grounds.official:
        steps.append((WEIGHTS["official"], f"official source ({grounds.official})"))
    if grounds.statements >= 2:
        steps.append((WEIGHTS["corroborated"], f"status stated in {grounds.statements} sentences"))
    if grounds.hedge:
        steps.append((WEIGHTS["hedged"], f"{grounds.hedge_kind} wording ('{grounds.hedge}')"))
    if grounds.reviewed:
        steps.append((WEIGHTS["reviewed"], "reviewed by an analyst"))
    if grounds.quiet_days is not None:
        steps.append((WEIGHTS["quiet"], f"no report in the {grounds.quiet_days} days before the newest document"))
    if grounds.undated:
        steps.append((WEIGHTS["undated"], "undated evidence"))
    total = sum(points for points, _ in steps)
    clamped = min(HIGHEST, max(LOWEST, total))
    reasons = [f"{steps[0][0]} base"] + [f"{points:+d} {words}" for points, words in steps[1:]]
    if clamped != total:
        reasons.append(f"clamped to {clamped} (sum {total})")
    return clamped, reasons


def columns(grounds: Grounds) -> dict:
    """The initiatives table's `confidence` and `confidence_reasons`."""
    value, reasons = score(grounds)
    return {"confidence": value, "confidence_reasons": "; ".join(reasons)}


# --- Official sources: a document's host or publisher -------------------------------------------


def host_of(url: str) -> str:
    """'https://www.mofa.go.jp/a/b.html' -> 'mofa.go.jp'; '' when the URL has no host."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")


@lru_cache(maxsize=4)
def _publisher_words(publishers: tuple[str, ...]) -> re.Pattern | None:
    if not publishers:
        return None
    return re.compile(r"\b(?:" + "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in publishers) + r")\b", re.I)


def host_is_official(host: str, patterns: tuple[str, ...]) -> bool:
    """Whether a host is one of the patterns or ends with '.' + one ('gov.??' matches mfa.gov.uz)."""
    labels = host.lower().split(".")
    for pattern in patterns:
        parts = pattern.split(".")
        if len(parts) <= len(labels) and all(
            fnmatchcase(label, part) for label, part in zip(labels[-len(parts) :], parts, strict=True)
        ):
            return True
    return False


@lru_cache(maxsize=4096)
def official_source(publisher: str, url: str, sources: OfficialSources) -> str:
    """What makes a document official: its host ('mofa.go.jp') or its publisher's name; '' if nothing."""
    host = host_of(url)
    if host and host_is_official(host, sources.hosts):
        return host
    words = _publisher_words(sources.publishers)
    if words is not None and publisher and words.search(publisher):
        return " ".join(publisher.split())
    return ""


def publisher_key(doc: Document) -> str:
    """Who stands behind a document: its publisher, else its URL's host, else the document itself."""
    return " ".join(doc.source.casefold().split()) or host_of(doc.url) or doc.doc_id


# --- Hedged, negated and hearsay wording ----------------------------------------------------------

BE = ("be", "is", "are", "was", "were", "been", "being", "am", "'s", "’s", "'re", "’re")
# Closed-class words take no inflection: 'not' must not match 'noted', nor 'can' 'canned'.
CLOSED = {"will", "would", "could", "can", "may", "might", "shall", "should", "must", "not", "never", "no", "to",
          "yet", "without", "due", "set", "able", "likely", "willing", "ready"}  # fmt: skip
NOT = r"(?:not|cannot|\w+n['’]t)"  # 'has not', 'cannot', 'hasn't'


def _forms(word: str) -> str:
    """A lemma of the codebook as a regex of its written forms: 'plan' -> plan, plans, planned, planning."""
    if word == "be":
        return "(?:" + "|".join(re.escape(b) for b in BE) + ")"
    if word == "not":
        return NOT
    if word in CLOSED or len(word) < 3:
        return re.escape(word)
    forms = {word, word + "s", word + "es", word + "ed", word + "ing", word + word[-1] + "ed", word + word[-1] + "ing"}
    if word.endswith("e"):
        forms |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ies", word[:-1] + "ied"}
    return "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")"


def _phrases(phrases: tuple[str, ...], forms=_forms, flags: int = 0) -> re.Pattern | None:
    """One regex for these phrases, each word through `forms`, whole words only."""
    if not phrases:
        return None
    alternatives = sorted((r"\s+".join(forms(w) for w in p.split()) for p in phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w'’])(?:" + "|".join(alternatives) + r")(?![\w])", flags)


@dataclass(frozen=True)
class _Matchers:
    wording: re.Pattern  # one group per kind: negated, then hedged
    hearsay: re.Pattern | None
    hearsay_starts: tuple[str, ...]  # the first word of each hearsay phrase: a cheap test before the regex


@lru_cache(maxsize=4)
def _matchers(hedges: tuple[str, ...], negations: tuple[str, ...], hearsay: tuple[str, ...]) -> _Matchers:
    """The negations' and hedges' written forms (lemmas of predicates.yaml), and hearsay as written."""
    negated, hedged = (_phrases(p) or re.compile(r"(?!)") for p in (negations, hedges))
    wording = re.compile(f"(?P<negated>{negated.pattern})|(?P<hedged>{hedged.pattern})")
    starts = tuple(dict.fromkeys(h.split()[0] for h in hearsay))
    return _Matchers(wording, _phrases(hearsay, re.escape, re.I), starts)


CLAUSE_MARKS = tuple(',;:()[]"“”—–')


def _before_cue(claim: StatusClaim) -> str:
    """The words of the claim's clause just before its cue: where a hedge or negation governs it.
    A capitalised word past the sentence's first is a name ('May', 'Will'), not a hedge: it is masked."""
    cue, sentence = claim.cue_span, claim.evidence
    if cue is None or not sentence.start <= cue.start <= sentence.end:
        return ""
    before = sentence.text[: cue.start - sentence.start]
    cut = max(map(before.rfind, CLAUSE_MARKS))
    words = before[cut + 1 :].split()
    first = len(words) - WINDOW_WORDS
    return " ".join(w if w[:1].islower() or (i == 0 and cut < 0) else "·" for i, w in enumerate(words) if i >= first)


def hedge_of(claim: StatusClaim, codebook: Codebook) -> tuple[str, str]:
    """('negated', "hasn't"), ('hedged', 'could') or ('hearsay', 'reportedly'); ('', '') when the
    claim's sentence states its status plainly."""
    match = _matchers(codebook.hedges, codebook.negations, codebook.official_sources.hearsay)
    window = _before_cue(claim)
    found = list(match.wording.finditer(window)) if window else []
    if found:
        negated = [m for m in found if m.lastgroup == "negated"]
        return ("negated", negated[-1].group(0)) if negated else ("hedged", found[-1].group(0))  # nearest the cue
    text = claim.evidence.text
    lowered = text.lower()  # a substring test first: the regex costs 15 µs a sentence, and few match
    heard = match.hearsay is not None and any(w in lowered for w in match.hearsay_starts)
    said = match.hearsay.search(text) if heard else None
    return ("hearsay", said.group(0)) if said else ("", "")


# --- A record's grounds ------------------------------------------------------------------------


def grounds_of(
    claims: list[tuple[Document, StatusClaim]],
    documents: list[Document],
    status: str,
    reviewed: bool,
    dates: tuple[str, str, str],
    codebook: Codebook,
) -> Grounds:
    """The grounds of one record: its claims (document, claim), its reports' documents, its current
    status; `dates` are its last report's, the corpus's newest document's and its `quiet` flag."""
    official = next(
        (found for doc in documents if (found := official_source(doc.source, doc.url, codebook.official_sources))),
        "",
    )
    stating = [(doc, c) for doc, c in claims if c.status.value == status]
    kind, word = "", ""
    for _, claim in stating:  # hedged only when every statement is: the first plain one ends it
        kind, word = hedge_of(claim, codebook)
        if not kind:
            break
    last_seen, newest, quiet = dates
    gap = (dt.date.fromisoformat(newest) - dt.date.fromisoformat(last_seen)).days if quiet == "true" else None
    return Grounds(
        sources=len({publisher_key(doc) for doc in documents}),
        official=official,
        statements=len({(doc.doc_id, c.evidence.start) for doc, c in stating}),
        hedge=word,
        hedge_kind=kind or "hedged",
        reviewed=reviewed,
        quiet_days=gap,
        undated=not last_seen,
    )
