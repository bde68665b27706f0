"""Joint work on a resource, written as a verb: what the parties propose or agree to do when no
initiative noun names it.

- 'India and the five countries voiced interest in exploring jointly for critical minerals and
  rare earths' -> a project, proposed;
- 'the sides agreed to jointly develop lithium deposits in the Tashkent region' -> agreed;
- 'Kazakhstan offered to mine tungsten together with Korea' -> proposed, Kazakhstan's.

Only extractive work on mineral or fuel resources counts (the verb and its object both say so):
'agreed to develop cooperation in mining' is a general wish, not an undertaking."""

from dashboard.extract import actors, predicates
from dashboard.extract.candidates import Candidate
from dashboard.extract.context import Context
from dashboard.extract.phrases import clean_name, cut
from dashboard.nlp import NOUN_TAGS, Sentence
from dashboard.records import Kind

EXTRACTIVE = {"explore", "prospect", "mine", "extract", "develop", "produce", "process", "refine", "drill"}
RESOURCE_SECTOR = "mining"  # the sector whose keywords name a resource
FUELS = {"oil", "gas", "condensate", "deposit", "reserve", "coal"}
SPEECH = {"proposal", "agreement", "discussion"}
GENERAL = {"cooperation", "collaboration", "ties", "relations", "partnership", "links", "capacity", "potential"}
COMPLEMENTS = {"dobj", "prep", "advmod", "npadvmod", "prt"}


def rule_activities(ctx: Context, sent: Sentence, taken: set[int]) -> list[Candidate]:
    """One project per extractive verb that a statement governs, named by the verb and its object."""
    doc, found = ctx.doc, []
    for verb in range(sent.start, sent.end):
        if verb in taken or doc.lemma[verb] not in EXTRACTIVE or doc.pos[verb] != "VERB":
            continue
        if doc.dep[verb] not in ("xcomp", "pcomp", "acl") or doc.tag[verb] not in ("VB", "VBG"):
            continue
        end = object_end(ctx, verb)
        if end is None or any(i in taken for i in range(verb, end)):
            continue
        reading = predicates.read(ctx, verb, Kind.PROJECT)
        if reading.klass is None or reading.klass.name not in SPEECH or not joint(ctx, verb, reading):
            continue
        end = cut(ctx, verb, end)
        name = clean_name(ctx.text(verb, end))
        found.append(Candidate(verb, verb, end, Kind.PROJECT, name, (verb, end), "activity", reading=reading))
        taken.update(range(verb, end))
    return found


def joint(ctx: Context, verb: int, reading: predicates.Reading) -> bool:
    """Work the parties do together: 'exploring jointly', 'develop together', or a statement made by
    several states ('India and the five countries voiced interest in'). 'We ask German companies
    to join us in producing rare earth metals' is one state's invitation to invest."""
    doc = ctx.doc
    if any(doc.lower[c] in ("jointly", "together") for c in doc.children[verb]):
        return True
    if reading.agent is None:
        return False
    who = actors.actor(ctx, reading.agent)
    return who.collective or len(who.countries) > 1


def object_end(ctx: Context, verb: int) -> int | None:
    """One past the verb's object when it names a resource ('for critical minerals and rare
    earths', 'lithium deposits in the Tashkent region'), else None."""
    doc = ctx.doc
    end, resource = verb + 1, False
    for c in doc.children[verb]:
        if c < verb or doc.dep[c] not in COMPLEMENTS:
            continue
        a, b = doc.left[c], doc.right[c]
        words = [doc.lemma[i] for i in range(a, b) if doc.pos[i] in NOUN_TAGS]
        if any(w in GENERAL for w in words):
            return None  # 'develop cooperation in mining'
        if RESOURCE_SECTOR in ctx.sectors_in(a, b) or any(w in FUELS for w in words):
            resource = True
        end = max(end, b)
    return end if resource else None
