"""Candidate -> Initiative: attach the status claim, proposer, countries, sectors and
organizations; then one row per undertaking within the document."""

from dashboard.extract import actors, predicates
from dashboard.extract.actors import link
from dashboard.extract.candidates import Candidate
from dashboard.extract.context import Context, Found
from dashboard.extract.phrases import own_right
from dashboard.names import GENERIC_MODIFIERS, name_similarity, normalise
from dashboard.records import Initiative, Kind, Role, Status, StatusClaim

AGENT_CLASSES = {"proposal", "discussion", "agreement", "funding", "disbursement"}
BILATERAL_CLASSES = {"agreement", "discussion"}  # 'X signed with Y': both sides, no proposer
GOVERNANCE_KINDS = {Kind.AGREEMENT, Kind.PARTNERSHIP, Kind.STRATEGY, Kind.INSTITUTION}
DEFAULT_SECTOR = "governance"
MONEY_SECTOR = "banking"  # a political agreement or body with no sector named: DAC 151
FINANCING_ORG_KINDS = {"bank", "development_agency", "export_credit_agency", "fund", "multilateral"}
SAME_NAME = 0.6
PARENT_WORDS = {"support", "finance", "fund", "under", "within", "serve", "back"}


def to_initiative(ctx: Context, cand: Candidate) -> Initiative | None:
    """The initiative a candidate reports, or None when nothing governs it."""
    reading = cand.reading or predicates.read(ctx, cand.head, cand.kind, cand.outer or ctx.outer)
    if reading.status is None and continues_list(ctx, cand):
        reading = ctx.last_reading  # '..., and memorandums on A': the parser lost the verb the list shares
    status = reading.status or ctx.inherited
    if status is None and cand.default_status:
        status = Status.UNDER_DISCUSSION
    if status is None:
        if cand.refers_to is not None:
            enrich(ctx, ctx.found[cand.refers_to].initiative, cand)
        return None
    k = ctx.doc.sent_of[cand.head]
    cue = reading.cue
    claim = StatusClaim(
        status,
        ctx.text(cue.start, cue.end) if cue is not None else "",
        ctx.evidence_of(k),
        ctx.span(cue.start, cue.end) if cue is not None else None,
    )
    if reading.cue is not None and reading.status is not None:
        ctx.last_reading, ctx.last_reading_at = reading, cand.end
    proposer = cand.proposer or proposer_of(ctx, reading, cand)
    countries = countries_of(ctx, cand, reading, proposer)
    return Initiative(
        name=cand.name,
        kind=cand.kind,
        key=key_of(cand.kind, cand.name),
        claims=[claim],
        proposer=proposer,
        countries=countries,
        sectors=sectors_of(ctx, cand),
        organizations=organizations_of(ctx, cand, reading),
        spans=[ctx.span(cand.start, cand.end)],
        money=cand.money,
        instrument=cand.instrument,
    )


def enrich(ctx: Context, ini: Initiative, cand: Candidate) -> None:
    """'The project is meant to let Tajikistan and Kyrgyzstan sell energy to Afghanistan and
    Pakistan': a later mention with no news still says who takes part, and in what sector."""
    doc = ctx.doc
    verb = doc.head[cand.head]
    a, b = (doc.left[verb], doc.right[verb]) if doc.dep[cand.head] in ("nsubj", "nsubjpass") else cand.scope
    links = actors.own_links(ctx, a, b)
    ini.countries = list(dict.fromkeys(ini.countries + [x for x in links if x.role is not Role.PARTICIPANT]))
    ini.sectors = list(dict.fromkeys(ini.sectors + ctx.sectors_in(a, b)))


def continues_list(ctx: Context, cand: Candidate) -> bool:
    """Whether a candidate continues a list whose first item's predicate the sentence has given:
    it follows a comma, 'and' or 'along with', later in the same sentence as that item."""
    doc = ctx.doc
    if ctx.last_reading is None or ctx.last_reading.cue is None:
        return False
    if doc.sent_of[ctx.last_reading.cue.start] != doc.sent_of[cand.head] or ctx.last_reading_at > cand.start:
        return False
    i = doc.left[cand.head] - 1
    while i > 0 and doc.lower[i] in ("the", "a", "an"):
        i -= 1
    joined = doc.lower[i] == "with" and i > 0 and doc.lower[i - 1] in ("along", "together")
    return doc.words[i] in (",", ";") or doc.lower[i] in ("and", "plus") or joined


def core_key(kind: Kind, name: str, head_words: int = 3) -> str:
    """A report's identity within its document: the last content words of its name up to the
    head ('Central Asian network of Japanese technoparks' -> 'network:central asian network').
    Ids are made from it (merge.initiative_id), so it is kept as the first engine made it."""
    words = key_of(kind, name).split(":", 1)[1].split()
    for prep in ("of", "for", "on", "in", "between", "through"):
        if prep in words[1:]:
            words = words[: words.index(prep)]
            break
    words = [w for w in words if w not in GENERIC_MODIFIERS]
    return f"{kind.value}:{' '.join(words[-head_words:])}"


def unique_keys(initiatives: list[Initiative]) -> None:
    """Give each of a document's initiatives its core key, or its whole name's when two share one."""
    seen: set[str] = set()
    final: dict[str, str] = {}
    for ini in initiatives:
        key = core_key(ini.kind, ini.name)
        old, ini.key = ini.key, key if key not in seen else key_of(ini.kind, ini.name)
        if ini.key in seen:
            ini.key = f"{ini.key}:{len(seen)}"
        seen.add(ini.key)
        final[old] = ini.key
    for ini in initiatives:  # parents were linked under the working keys
        ini.parent_key = final.get(ini.parent_key, ini.parent_key)


def key_of(kind: Kind, name: str) -> str:
    """A report's key within its document: the kind and the name's words, singular, one spelling."""
    words = "".join(c.lower() if c.isalnum() else " " for c in name).split()
    words = [w[:-1] if w.endswith("s") and len(w) > 3 and not w.endswith("ss") else w for w in words]
    words = [w.replace("programme", "program").replace("centre", "center") for w in words]
    return f"{kind.value}:{' '.join(words)}"


def proposer_of(ctx: Context, reading: predicates.Reading, cand: Candidate | None = None) -> str:
    """Whose official put it forward: the single state that is the agent of a proposal, a
    decision or a payment ('Uzbekistan's President proposed', 'we decided' in a quoted speech).
    A signature or talks 'with' another state are both sides' act: no proposer."""
    if reading.agent is None:
        return ""
    if reading.klass is None and reading.status is not Status.PROPOSED:
        return ""
    doc, agent = ctx.doc, reading.agent
    company = any(e.label == "ORG" for e in ctx.ents_in(doc.left[agent], doc.right[agent]))
    intends = reading.hedged and reading.status is Status.PROPOSED and not company  # 'Russia plans to build X'
    if reading.klass is not None and reading.klass.name not in AGENT_CLASSES and not intends:
        return ""
    who = actors.actor(ctx, reading.agent)
    if not who.government or who.collective or len(who.countries) != 1:
        return ""
    if reading.klass is not None and reading.klass.name in BILATERAL_CLASSES and reading.cue is not None:
        cue = reading.cue.start
        partners = actors.partners_of(ctx, cue) + (actors.partners_of(ctx, cand.head) if cand else [])
        if reading.cue.form == "noun":  # 'held discussions with Sheikh Mansour on ...'
            partners += actors.partners_of(ctx, ctx.doc.head[cue])
        for obj in (c for c in ctx.doc.children[cue] if ctx.doc.dep[c] == "dobj"):
            partners += actors.partners_of(ctx, obj)  # 'signed an agreement with China | on a gas pipeline'
        named = [p for p in partners if ctx.doc.pos[p] == "PROPN" or actors.actor(ctx, p).countries]
        if named:
            return ""  # 'Kazakhstan signed an agreement with China': both sides' act
    return who.countries[0]


def countries_of(ctx: Context, cand: Candidate, reading: predicates.Reading, proposer: str) -> list:
    links = [link(proposer, Role.PROPOSER, "proposer")] if proposer else []
    links += actors.own_links(ctx, *cand.scope)
    links += actors.path_partners(ctx, cand.head)
    if reading.agent is not None:
        who = actors.actor(ctx, reading.agent)
        role = Role.FINANCIER if pays(cand, reading) else Role.PARTNER
        if not (who.collective and not who.from_region and set(who.countries) == set(ctx.parties)):
            links += actors.actor_links(ctx, who, role)
        else:
            links += [link(c, Role.PARTICIPANT, "context") for c in who.countries]
    if reading.cue is not None:
        for partner in actors.partners_of(ctx, reading.cue.start):
            links += actors.actor_links(ctx, actors.actor(ctx, partner), Role.PARTNER)
        links += actors.financiers_of(ctx, cand.head, reading.cue.start if reading.klass and reading.klass.name in (
            "funding", "disbursement", "receipt") else None)  # fmt: skip
    named = {x.iso3 for x in links}
    if len(named) < 2:
        links += [link(c, Role.PARTICIPANT, "context") for c in ctx.parties if c not in named]
    return list(dict.fromkeys(links))


def pays(cand: Candidate, reading: predicates.Reading) -> bool:
    """Whether the agent of the governing predicate pays: it funds or disburses, or it makes a loan
    or grant ('the bank extended a $500 million loan', 'opened a credit line')."""
    if reading.klass is None:
        return False
    if reading.klass.name in ("funding", "disbursement"):
        return True
    return cand.kind is Kind.FINANCING and reading.klass.act == "process" and reading.klass.name != "receipt"


def sectors_of(ctx: Context, cand: Candidate) -> list[str]:
    """Sector keywords in the candidate's own words; a political agreement or body names none:
    government and civil society (DAC 151)."""
    found = ctx.sectors_in(*cand.scope)
    if not found and cand.kind is not Kind.AGENDA:  # 'three more stations, with a capacity of 900MW'
        found = ctx.sectors_in(ctx.doc.left[cand.head], own_right(ctx, cand.head))
    if cand.kind is Kind.FINANCING and len(found) > 1:
        found = [s for s in found if s != MONEY_SECTOR]  # a loan's sector is what it pays for
    if not found and cand.kind in GOVERNANCE_KINDS and DEFAULT_SECTOR in ctx.codebook.sectors:
        found = [DEFAULT_SECTOR]
    return found


def organizations_of(ctx: Context, cand: Candidate, reading: predicates.Reading) -> list[tuple[str, str]]:
    """Organizations in the candidate's words and among its agents: financiers when they lend
    or fund, partners otherwise."""
    doc = ctx.doc
    heads = [cand.scope]
    if reading.agent is not None:
        heads.append((doc.left[reading.agent], doc.right[reading.agent]))
    if reading.cue is not None:
        for c in doc.children[reading.cue.start]:
            if doc.dep[c] in ("prep", "agent") and doc.lower[c] in ("from", "by", "with"):
                heads.append((doc.left[c], doc.right[c]))
    paying = reading.klass is not None and reading.klass.name in ("funding", "disbursement", "receipt")
    found = [(org, "financier") for org in actors.backing_orgs(ctx, cand.head)]
    for a, b in heads:
        for e in ctx.ents_in(a, b):
            if e.label != "ORG":
                continue
            org = ctx.org(e.ref)
            if org.kind == "media":
                continue
            role = (
                "financier"
                if (paying or cand.kind is Kind.FINANCING) and org.kind in FINANCING_ORG_KINDS
                else ("partner")
            )
            found.append((org.org_id, role))
    paid = {org for org, role in found if role == "financier"}
    return list(dict.fromkeys((org, role) for org, role in found if role == "financier" or org not in paid))


# --- One row per undertaking ---------------------------------------------------------------


def merge_into(ctx: Context, ini: Initiative, cand: Candidate) -> Initiative:
    """Add a new mention to the document's initiatives: to the one it refers to or shares its
    name with (same kind, normalised names alike), else as a new one."""
    target = None
    if cand.refers_to is not None:
        target = ctx.found[cand.refers_to]
    else:
        words = normalise(ini.name, ctx.codebook)
        for found in reversed(ctx.found):
            other = found.initiative
            same_kind = other.kind is ini.kind or same_money(other, ini)
            if parts_differ(ini.name, other.name, ctx):
                continue
            if same_kind and (other.key == ini.key or alike(words, other.name, ctx)) or same_proper(ini, other, ctx):
                target = found
                break
    if target is None:
        ctx.found.append(Found(ini, cand.head, ctx.doc.lemma[cand.head], ctx.doc.sent_of[cand.head], cand.plural))
        return ini
    absorb(target.initiative, ini)
    return target.initiative


def link_parents(ctx: Context, made: list[tuple[Candidate, Initiative]]) -> None:
    """'a fund, which would support a programme': the programme is what the fund serves, its parent.
    Also 'X, part of Y', 'X under Y', 'X within Y'."""
    doc = ctx.doc
    ordered = sorted(made, key=lambda m: m[0].start)
    for (a, ini_a), (b, ini_b) in zip(ordered, ordered[1:], strict=False):
        between = {doc.lemma[i] for i in range(a.end, b.start)}
        serves = between & PARENT_WORDS or {"part", "of"} <= between
        if serves and ini_a is not ini_b and not ini_a.parent_key:
            ini_a.parent_key = ini_b.key


def same_money(a: Initiative, b: Initiative) -> bool:
    """'deals worth $18 billion' and 'ten documents with a total value of over $18 billion': one package."""
    return (
        a.money is not None
        and b.money is not None
        and a.money.amount == b.money.amount
        and a.kind in (Kind.DEAL, Kind.FINANCING, Kind.TARGET)
        and b.kind in (Kind.DEAL, Kind.FINANCING, Kind.TARGET)
        and (a.kind is Kind.TARGET) == (b.kind is Kind.TARGET)
    )


def distinctive(name: str) -> set[str]:
    """The words of a name that identify it on their own: 'CASA-1000', 'TAPI', 'M39'."""
    found = set()
    for word in name.replace("(", " ").replace(")", " ").split():
        core = word.strip(".,;:'\"“”‘’")
        letters = [c for c in core if c.isalpha()]
        if len(core) >= 3 and (any(c.isdigit() for c in core) and letters or len(letters) >= 3 and core.isupper()):
            found.add(core.lower())
    return found


def same_proper(a: Initiative, b: Initiative, ctx: Context) -> bool:
    """'CASA-1000' and 'the CASA-1000 project', whatever kind each mention suggests; but 'the TAPI
    project in Turkmenistan' is a section of TAPI."""
    mine, theirs = distinctive(a.name), distinctive(b.name)
    if not (mine and theirs and (mine <= theirs or theirs <= mine)):
        return False
    places = set(ctx.codebook.countries)
    return {w.upper() for w in normalise(a.name, ctx.codebook)} & places == {
        w.upper() for w in normalise(b.name, ctx.codebook)
    } & places


ORDINALS = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "last", "final", "new"}


def parts_differ(a: str, b: str, ctx: Context) -> bool:
    """'the second unit of the Rogun HPP' is neither 'the Rogun HPP' nor 'the first unit'."""
    wa, wb = set(a.lower().split()), set(b.lower().split())
    parts = set(ctx.codebook.parts) | {p + "s" for p in ctx.codebook.parts}
    return bool((wa & parts) ^ (wb & parts)) or (wa & ORDINALS) != (wb & ORDINALS) and bool(wa & parts)


def alike(words: tuple[str, ...], name: str, ctx: Context, mine: str = "") -> bool:
    if mine and parts_differ(mine, name, ctx):
        return False
    other = normalise(name, ctx.codebook)
    if not words or not other:
        return False
    if set(words) <= set(other) or set(other) <= set(words):
        return min(len(words), len(other)) >= 2 or len(words) == len(other)
    return name_similarity(words, other) >= SAME_NAME


def absorb(old: Initiative, new: Initiative) -> None:
    old.claims += new.claims
    old.proposer = old.proposer or new.proposer
    old.countries = list(dict.fromkeys(old.countries + new.countries))
    old.sectors = list(dict.fromkeys(old.sectors + new.sectors))
    old.organizations = list(dict.fromkeys(old.organizations + new.organizations))
    old.spans += new.spans
    old.money = old.money or new.money
    old.instrument = old.instrument or new.instrument
