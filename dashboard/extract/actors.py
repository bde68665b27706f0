"""Who takes part, and how: actors from the arguments of the governing predicate.

The subject of 'Uzbekistan's President proposed X' is Uzbekistan; 'he' is the last leader
named; 'we' in a quotation is the speaker's country; 'the sides' are the countries the story
is about. Countries come from the candidate's own words ('China-Kyrgyzstan-Uzbekistan railway',
'in Tajikistan'), its agent and partners ('with the government of the Emirates'), and who pays
('financed by Azerbaijan', 'Russia's contribution') - not from the sentence's bag of words."""

from dataclasses import dataclass

from dashboard.extract.context import GOVERNMENT_ORGS, Context
from dashboard.records import CountryLink, Role

PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
FIRST_PERSON = {"we", "our", "us", "i", "my", "me", "ours"}
TITLES = {"president", "minister", "premier", "chancellor", "leader", "head", "king", "emir", "prince", "sheikh",
          "government", "side", "ministry", "cabinet", "delegation", "office", "administration"}  # fmt: skip
COLLECTIVE = {"side", "party", "leader", "country", "state", "nation", "president", "head", "government", "both",
              "they", "them", "their", "delegation", "participant", "member", "minister"}  # fmt: skip
COUNTRY_LIKE = {"COUNTRY", "DEMONYM", "LEADER", "CITY"}
CONTEXT_PREPS = {"amid", "despite", "against", "because", "unlike", "notwithstanding"}
PEOPLE = {"migrant", "migrants", "citizen", "citizens", "people", "worker", "workers", "national", "nationals",
          "student", "students", "tourist", "tourists", "specialist", "specialists", "expert", "experts", "refugee",
          "refugees", "resident", "residents", "community", "diaspora", "official", "officials", "journalist",
          "journalists", "side"}  # fmt: skip
BACKING = {"funding", "financing", "support", "assistance", "help", "backing", "loan", "loans", "grant", "money",
           "investment", "credit"}  # fmt: skip
FINANCIER_ORGS = {"bank", "development_agency", "export_credit_agency", "fund"}
ORG_LINK_KINDS = {"company", "bank", "development_agency", "export_credit_agency", "government_agency", "trade_agency",
                  "business_association", "fund", "party", "ministry"}  # fmt: skip
_LINKS: dict[tuple[str, Role, str], CountryLink] = {}


def link(iso3: str, role: Role, basis: str) -> CountryLink:
    """The country link with these values, made once (links are frozen values)."""
    key = (iso3, role, basis)
    found = _LINKS.get(key)
    if found is None:
        if len(_LINKS) > 50_000:
            _LINKS.clear()
        found = _LINKS[key] = CountryLink(iso3, role, basis)
    return found


@dataclass(frozen=True)
class Actor:
    countries: tuple[str, ...] = ()
    government: bool = False  # a state: a country, its leader, government or ministry
    collective: bool = False  # several parties, or 'the sides'
    orgs: tuple[str, ...] = ()  # organizations named
    from_region: bool = False


def conjuncts(ctx: Context, head: int) -> list[int]:
    """'Aliyev and Japarov' -> both heads."""
    doc, found, stack = ctx.doc, [], [head]
    while stack:
        h = stack.pop()
        found.append(h)
        stack.extend(c for c in doc.children[h] if doc.dep[c] == "conj")
    return sorted(found)


def actor(ctx: Context, head: int) -> Actor:
    """The actor an argument names; collective when it names several or 'the sides'."""
    heads = conjuncts(ctx, head)
    countries: list[str] = []
    orgs: list[str] = []
    government = False
    collective = len(heads) > 1
    region = False
    for h in heads:
        found = actor_of_phrase(ctx, h)
        countries += found.countries
        orgs += found.orgs
        government = government or found.government
        collective = collective or found.collective
        region = region or found.from_region
    countries = list(dict.fromkeys(countries))
    return Actor(tuple(countries), government, collective or len(countries) > 1, tuple(orgs), region)


def actor_of_phrase(ctx: Context, h: int) -> Actor:
    doc = ctx.doc
    low, lemma = doc.lower[h], doc.lemma[h]
    if low in FIRST_PERSON and h in ctx.speakers:
        return Actor((ctx.speakers[h],), True)
    if low in PERSON_PRONOUNS:
        iso3 = ctx.leader_before(h)
        return Actor((iso3,) if iso3 else (), bool(iso3))
    start, end = doc.left[h], doc.right[h]
    for c in doc.children[h]:
        if c > h and doc.dep[c] in ("relcl", "acl", "appos") and doc.dep[c] != "appos":
            end = min(end, doc.left[c])
    ents = ctx.ents_in(start, end)
    countries, orgs, government, region = [], [], False, False
    for e in ents:
        if e.label in ("LEADER", "COUNTRY", "CITY"):
            countries.append(e.ref)
            government = True
        elif e.label == "DEMONYM":
            countries.append(e.ref)
            government = government or lemma in TITLES or is_state_word(ctx, e.end, end)
        elif e.label == "REGION":
            countries += ctx.codebook.regions[e.ref].members
            government, region = True, True
        elif e.label == "ORG":
            org = ctx.org(e.ref)
            orgs.append(org.org_id)
            if org.iso3 and org.kind in ORG_LINK_KINDS:
                countries.append(org.iso3)
                government = government or org.kind in GOVERNMENT_ORGS
    if not countries and lemma in TITLES and doc.pos[h] == "NOUN" and doc.tag[h] != "NNS":
        iso3 = ctx.leader_before(h)  # 'the president', 'the Uzbek side' was caught above
        if iso3:
            return Actor((iso3,), True)
    if not countries and (lemma in COLLECTIVE and doc.tag[h] in ("NNS", "PRP", "DT") or low in ("both", "they")):
        return Actor(tuple(ctx.parties), True, True)
    return Actor(tuple(dict.fromkeys(countries)), government, region or len(set(countries)) > 1, tuple(orgs), region)


def is_state_word(ctx: Context, start: int, end: int) -> bool:
    """'Uzbek President', 'the Kazakh side': a demonym before a state's title speaks for the state."""
    return any(ctx.doc.lemma[i] in TITLES for i in range(start, min(end, start + 3)))


def own_links(ctx: Context, start: int, end: int) -> list[CountryLink]:
    """Countries the candidate's own words name: 'China-Kyrgyzstan-Uzbekistan railway' (partners),
    'in Tajikistan' (host), 'Central Asian' (its members as participants), 'JICA' (its country)."""
    doc, links = ctx.doc, []
    skip = context_tokens(ctx, start, end)
    for e in ctx.ents_in(start, end):
        if e.start in skip:
            continue
        before = doc.lower[e.start - 1] if e.start > start else ""
        if e.label == "REGION":
            region = ctx.codebook.regions[e.ref]
            links += [link(m, Role.PARTICIPANT, f"region:{region.name}") for m in region.members]
        elif e.label in ("CITY", "COUNTRY", "DEMONYM", "LEADER"):
            if (
                e.label == "DEMONYM"
                and doc.lower[doc.head[e.end - 1]] in PEOPLE
                and doc.lower[doc.head[e.end - 1]] != "side"
            ):
                continue  # 'illegal Afghan migrants': people, not a party
            host = e.label == "CITY" or (e.label == "COUNTRY" and before in ("in", "at", "across", "throughout"))
            links.append(link(e.ref, Role.HOST if host else Role.PARTNER, "mention"))
        elif e.label == "ORG":
            org = ctx.org(e.ref)
            if org.iso3 and org.kind in ORG_LINK_KINDS:
                role = Role.FINANCIER if org.kind in FINANCIER_ORGS else Role.PARTNER
                links.append(link(org.iso3, role, f"organization:{org.org_id}"))
    return links


def context_tokens(ctx: Context, start: int, end: int) -> set[int]:
    """Tokens of 'amid the Russia-Ukraine conflict', 'despite sanctions': context, not parties."""
    doc, skip = ctx.doc, set()
    for i in range(start, end):
        if doc.lower[i] in CONTEXT_PREPS and doc.dep[i] == "prep":
            skip.update(range(doc.left[i], doc.right[i]))
    return skip


def actor_links(ctx: Context, who: Actor, role: Role) -> list[CountryLink]:
    basis = "mention"
    links = [link(c, role, basis) for c in who.countries]
    if who.from_region:
        links = [link(c, Role.PARTICIPANT if role is Role.PARTNER else role, "region") for c in who.countries]
    return links


def partners_of(ctx: Context, verb: int) -> list[int]:
    """Heads of the predicate's 'with' partners: 'signed an agreement with China'."""
    doc, found = ctx.doc, []
    for c in doc.children[verb]:
        if doc.dep[c] == "prep" and doc.lower[c] in ("with", "between"):
            found += [g for g in doc.children[c] if doc.dep[g] == "pobj"]
    return found


def financiers_of(ctx: Context, head: int, verb: int | None) -> list[CountryLink]:
    """Who pays: 'Chinese funding', 'Russia's contribution', 'financed by Azerbaijan',
    '$1.5 billion from the World Bank' (a bank adds its own country only), 'built with Chinese
    funding', 'with the support of JICA', 'Japan will finance the construction of X'."""
    from dashboard.extract.predicates import agent_of_verb, governors

    doc, links = ctx.doc, []
    statement = False  # 'Japan backed Uzbekistan's proposal to create X': support for a statement, not payment
    for gov in governors(ctx, head):
        if gov.klass.name in ("funding", "disbursement") and gov.match.form == "verb":
            payer = agent_of_verb(ctx, gov.token)
            if payer is not None:
                role = Role.PARTNER if statement else Role.FINANCIER
                links += [link(x, role, "mention") for x in actor(ctx, payer).countries]
        statement = statement or gov.klass.act == "speech" and gov.match.form == "noun"
    for c in backing_preps(ctx, head, verb):
        links += backers(ctx, c)
    for h in [head] + ([verb] if verb is not None else []):
        for c in doc.children[h]:
            dep = doc.dep[c]
            if dep == "poss" or (dep == "amod" and ctx.ent(c) is not None):
                e = ctx.ent(c) or next(iter(ctx.ents_in(doc.left[c], doc.right[c])), None)
                if e is not None and e.label in ("COUNTRY", "DEMONYM"):
                    links.append(link(e.ref, Role.FINANCIER, "mention"))
            if (dep == "prep" and doc.lower[c] == "from") or dep == "agent":
                for g in doc.children[c]:
                    if doc.dep[g] == "pobj":
                        who = actor(ctx, g)
                        links += [link(x, Role.FINANCIER, "mention") for x in who.countries]
    return links


def backing_preps(ctx: Context, head: int, verb: int | None = None) -> list[int]:
    """The 'with' phrases about the candidate and the verbs above it: 'built with Chinese funding',
    'With the support of JICA, Uzbekistan is implementing X'."""
    doc = ctx.doc
    owners = [head] + ([verb] if verb is not None else [])
    owners += [c for c in doc.children[head] if doc.dep[c] in ("acl", "relcl")]
    v = doc.head[head]
    while doc.pos[v] in ("VERB", "AUX") and v not in owners:
        owners.append(v)
        if doc.head[v] == v:
            break
        v = doc.head[v]
    return [c for h in owners for c in doc.children[h] if doc.dep[c] == "prep" and doc.lower[c] == "with"]


def backing_orgs(ctx: Context, head: int) -> list[str]:
    """Organizations that pay for it: 'with the support of JICA'."""
    doc, found = ctx.doc, []
    for prep in backing_preps(ctx, head):
        for g in doc.children[prep]:
            if doc.dep[g] == "pobj" and doc.lemma[g] in BACKING:
                found += [e.ref for e in ctx.ents_in(doc.left[g], doc.right[g]) if e.label == "ORG"]
    return found


def backers(ctx: Context, prep: int) -> list[CountryLink]:
    """'with Chinese funding', 'with the support of JICA': who pays."""
    doc, links = ctx.doc, []
    for g in doc.children[prep]:
        if doc.dep[g] != "pobj" or doc.lemma[g] not in BACKING:
            continue
        for e in ctx.ents_in(doc.left[g], doc.right[g]):
            if e.label in ("COUNTRY", "DEMONYM"):
                links.append(link(e.ref, Role.FINANCIER, "mention"))
            elif e.label == "ORG":
                org = ctx.org(e.ref)
                if org.iso3:
                    links.append(link(org.iso3, Role.FINANCIER, f"organization:{org.org_id}"))
    return links


def path_partners(ctx: Context, head: int) -> list[CountryLink]:
    """Partners named along the way up from the candidate: 'collaboration with Sojitz LLC in the
    execution of the airport project', 'a fund, which would support a programme aimed at attracting
    Japanese investment' (what a clause about the undertaking says of it)."""
    doc, links, j = ctx.doc, [], head
    for c in doc.children[head]:
        if doc.dep[c] == "relcl" and c > head:
            links += [x for x in own_links(ctx, c, doc.right[c]) if x.role is not Role.PARTICIPANT]
    for _ in range(6):
        h = doc.head[j]
        if h == j or doc.pos[h] in ("VERB", "AUX"):
            break
        if doc.pos[h] in ("NOUN", "PROPN") and doc.dep[j] != "conj":  # a list's items each have their own partners
            for c in doc.children[h]:
                if doc.dep[c] == "prep" and doc.lower[c] in ("with", "between") and c != j:
                    links += [x for x in own_links(ctx, c, doc.right[c]) if x.role is not Role.PARTICIPANT]
        j = h
    return [link(x.iso3, Role.PARTNER, x.basis) for x in links]
