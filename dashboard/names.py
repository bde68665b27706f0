"""Names of initiatives, normalised and compared: what extraction (one document) and the merge
(across documents) both ask. Two names agree once normalised: word order, singular and plural,
programme/program, centre/center, demonyms and region names ('Central Asian' = 'Central Asia'),
and acronyms ('CAIF' = 'Central Asia Investment Fund'); words are compared with rapidfuzz after
stemming, so 'industrial' meets 'industry'. (Its own module so that the extraction cache's engine
version, which covers what extraction imports, does not change with the merge's code.)"""

import re
from functools import lru_cache

from rapidfuzz import fuzz, process

from dashboard.codebook import Codebook

# Words that describe rather than name: 'new joint fund' and 'fund' are one name.
GENERIC_MODIFIERS = frozenset(
    "new joint major big large common first second third fourth fifth important key relevant similar specific "
    "certain possible potential further additional own various different separate existing current other "
    "promising ambitious significant great huge broad wide concrete practical comprehensive".split()
)
SAME_NAME = 0.6  # soft Jaccard of normalised words at or above which two names are one
WORD_MATCH = 88  # rapidfuzz ratio at or above which two stemmed words are one word
STOP_WORDS = {"of", "for", "in", "on", "the", "a", "an", "and", "to", "with", "between", "through", "by", "at", "its"}
SPELLINGS = {"programme": "program", "centre": "center", "centres": "centers", "organisation": "organization"}
SUFFIXES = ("ations", "ation", "ings", "ing", "ial", "al", "ies", "es", "s", "ed", "y", "e")


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
