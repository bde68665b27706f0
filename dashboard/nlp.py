"""The spaCy pipeline: a blank English tokenizer, sentence rules, an EntityRuler for
countries, leaders, regions and organizations, and one PhraseMatcher for the lexicons.
No trained model is used: everything comes from the codebook."""

from functools import lru_cache

import numpy
import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from dashboard.codebook import Codebook, load_codebook

# Match ids of the lexicon PhraseMatcher are "FAMILY:label", e.g. "CUE:proposed".
CUE, HEDGE, CREATE, KIND, EVENT, SECTOR = "CUE", "HEDGE", "CREATE", "KIND", "EVENT", "SECTOR"
AGENDA_NOUN, AGENDA_CONNECTOR = "AGENDA_NOUN", "AGENDA_CONNECTOR"


def plural_forms(phrase: str) -> list[str]:
    """'logistics centre' -> ['logistics centre', 'logistics centres']; 'facility' -> 'facilities'."""
    head, _, last = phrase.rpartition(" ")
    if last.endswith("s") or not last[-1:].isalpha():
        forms = [last]
    elif last.endswith(("x", "ch", "sh")):
        forms = [last, last + "es"]
    elif last.endswith("y") and last[-2:-1] not in "aeiou":
        forms = [last, last[:-1] + "ies"]
    else:
        forms = [last, last + "s"]
    return [f"{head} {f}".strip() for f in forms]


@Language.component("newline_sentences")
def newline_sentences(doc: Doc) -> Doc:
    """A line break always ends a sentence: headers and datelines stand alone."""
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1]):
        if "\n" in doc[int(i)].text:
            doc[int(i) + 1].is_sent_start = True
    return doc


def entity_patterns(codebook: Codebook) -> list[dict]:
    """EntityRuler patterns, one per alias; the longest match wins ('Central Asian' over 'Central Asia')."""
    patterns = []
    for c in codebook.countries.values():
        patterns += [{"label": "COUNTRY", "pattern": a, "id": c.iso3} for a in c.aliases]
        patterns += [{"label": "DEMONYM", "pattern": a, "id": c.iso3} for a in c.demonyms]
        patterns += [{"label": "CITY", "pattern": a, "id": c.iso3} for a in c.cities]
    for leader in codebook.leaders:
        patterns += [{"label": "LEADER", "pattern": a, "id": leader.iso3} for a in (leader.name, *leader.aliases)]
    for region in codebook.regions.values():
        patterns += [{"label": "REGION", "pattern": a, "id": region.name} for a in region.aliases]
    for org in codebook.organizations.values():
        patterns += [{"label": "ORG", "pattern": a, "id": org.org_id} for a in (org.name, *org.aliases)]
    return patterns


def lexicon_phrases(codebook: Codebook) -> dict[str, list[str]]:
    """Match id -> phrases for the lexicon matcher (lower-case, plurals added)."""
    phrases: dict[str, list[str]] = {f"{CUE}:{s.value}": list(c) for s, c in codebook.cues.items()}
    phrases[HEDGE] = list(codebook.hedges)
    phrases[CREATE] = list(codebook.creation)
    phrases[AGENDA_NOUN] = list(codebook.agenda_nouns)
    phrases[AGENDA_CONNECTOR] = list(codebook.agenda_connectors)
    for kind, nouns in codebook.kind_nouns.items():
        phrases[f"{KIND}:{kind.value}"] = [p for n in nouns for p in plural_forms(n.lower())]
    for kind, nouns in codebook.event_nouns.items():
        phrases[f"{EVENT}:{kind}"] = [p for n in nouns for p in plural_forms(n.lower())]
    for sector in codebook.sectors.values():
        phrases[f"{SECTOR}:{sector.sector_id}"] = [p for k in sector.keywords for p in plural_forms(k.lower())]
    return phrases


@lru_cache(maxsize=2)
def build_pipeline(codebook: Codebook | None = None) -> tuple[Language, PhraseMatcher]:
    """The pipeline and its lexicon matcher, built once per codebook."""
    codebook = codebook or load_codebook()
    nlp = spacy.blank("en")
    nlp.max_length = 6_000_000  # above the 5 MB input cap; the limit guards parsers this pipeline lacks
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("newline_sentences")
    ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(entity_patterns(codebook))
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for match_id, phrases in lexicon_phrases(codebook).items():
        matcher.add(match_id, list(nlp.tokenizer.pipe(dict.fromkeys(phrases))))
    return nlp, matcher
