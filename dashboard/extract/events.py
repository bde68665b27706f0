"""Summits, visits, meetings and ceremonies, with their dates, place and status.

'the inaugural "Central Asia + Japan" Summit in Tokyo' (held, Tokyo, JPN); 'an official visit to
Japan, which runs from December 18 through 20'; 'their summit held on Friday in Xi'an' (Friday
resolves against the document's date); 'A meeting is scheduled to take place in Türkiye in May'
(planned, TUR, May of that year); 'the summit has been put off until 2026' (postponed).
A meeting the story reports as held without a date gets its month from the document's date,
and says so in `date_basis`."""

import datetime as dt

from dashboard.dates import DateMention, find_dates
from dashboard.extract import actors
from dashboard.extract.context import Context
from dashboard.extract.phrases import clean_name, left_edge, trim_left
from dashboard.nlp import EVENT, NOUN_TAGS, Sentence
from dashboard.records import Event

AHEAD = {"will", "shall", "planned", "plan", "scheduled", "schedule", "upcoming", "next", "forthcoming", "due",
         "expected", "arranging", "arrange", "preparing", "prepare", "to"}  # fmt: skip
NEW_EVENT = {"next", "following", "upcoming", "forthcoming", "another", "future"}
POSTPONED = {"postpone", "put", "push", "delay", "defer", "reschedule", "move"}
CANCELLED = {"cancel", "call", "scrap", "abandon", "drop"}
VENUE_VERBS = {"hold", "host", "take", "convene", "meet", "gather", "open", "arrive", "travel", "visit", "fly", "come"}
PLACE_PREPS = {"in", "to", "at"}
HOST_VERBS = {"host", "hosts", "hosted", "hosting"}
NAME_PREPS = {"of", "between", "with", "on"}
DAY_BEFORE = ("the day before", "a day earlier", "the previous day", "the day earlier", "a day before")
DAY_AFTER = ("the day after", "a day later", "the next day", "the following day")
MEETING_VERBS = {"meet", "sit", "hold", "attend", "gather", "convene", "host", "visit", "receive", "discuss", "talk",
                 "sign", "agree", "endorse", "adopt", "reach", "conclude", "ink"}  # fmt: skip
DEFINITE = {"the", "this", "that"}


def rule_events(ctx: Context, sent: Sentence) -> None:
    """Every meeting a sentence names, merged into the document's events."""
    doc = ctx.doc
    for m in ctx.doc.lexicon.get(EVENT, []):
        head = m.end - 1
        if not sent.start <= m.start < sent.end or doc.pos[head] not in NOUN_TAGS:
            continue
        kind = m.label.split(":", 1)[1]
        if doc.tag[head] in ("NNS", "NNPS") and doc.lower[head] not in ("talks", "negotiations", "consultations"):
            continue  # 'summits with the region': meetings in general
        lo = doc.left[head] if doc.dep[head] != "compound" else head
        determiners = {doc.lower[i] for i in range(lo, head)}
        if determiners & {"such", "any", "every", "each"} or doc.dep[head] == "compound":
            continue
        another = bool(determiners & NEW_EVENT)
        event = event_at(ctx, sent, head, m.start, kind)
        referring = bool(determiners & DEFINITE) and any(e.kind == kind for e in ctx.events) and not another
        first = trim_left(ctx, left_edge(ctx, head), head)
        span = range(first, name_end(ctx, head, sent.end))
        named = any(
            doc.words[i][:1].isupper() and ctx.ent(i) is None for i in span if i != head
        )  # not 'the Baku meeting'
        met = doc.lemma[doc.head[head]] in MEETING_VERBS or len(event.participants) >= 2
        if not (event.date_basis == "text" or event.iso3 or named or referring or met):
            continue
        merge_event(ctx, event, not named and (referring or not (event.date_basis == "text" or another)))
    if not any(sent.start <= m.start < sent.end for m in ctx.doc.lexicon.get(EVENT, [])):
        for verb in range(sent.start, sent.end):
            if doc.lemma[verb] == "meet" and doc.pos[verb] == "VERB":
                met = meeting_of_verb(ctx, sent, verb)
                if met is not None:
                    merge_event(ctx, met, False)


def event_at(ctx: Context, sent: Sentence, head: int, first: int, kind: str) -> Event:
    doc = ctx.doc
    start = trim_left(ctx, left_edge(ctx, head), head, keep_amount=True)
    start = min(start, first)
    end = name_end(ctx, head, sent.end)
    verb = governing_verb(ctx, head)
    ahead = looks_ahead(ctx, sent, verb)
    date = event_date(ctx, sent, head, ahead)
    city, iso3 = event_place(ctx, sent, head, verb, start, end)
    status = event_status(ctx, verb, date.start if date else "", ahead)
    event = Event(
        name=clean_name(ctx.text(start, end)),
        kind=kind,
        start=date.start if date else "",
        end=date.end if date else "",
        city=city,
        iso3=iso3,
        status=status,
        participants=participants(ctx, sent, head, verb),
        evidence=ctx.evidence_of(doc.sent_of[head]),
    )
    if event.start:
        event.date_basis = "text"
    elif status == "held" and not ctx.events and any(ctx.lead_when):
        # the meeting the story opens with: its date and place are the lead's
        event.start, event.date_basis = ctx.lead_when[0], "lead"
        event.city, event.iso3 = event.city or ctx.lead_when[1], event.iso3 or ctx.lead_when[2]
    if not event.start and status == "held" and ctx.document.published:
        event.start, event.date_basis = ctx.document.published[:7], "document"
    if not event.iso3 and status == "held":
        event.iso3 = ctx.lead_when[2]  # a meeting of the story with no place of its own: the story's country
    dateline_place(ctx, event)
    return event


def meeting_of_verb(ctx: Context, sent: Sentence, verb: int) -> Event | None:
    """'The leaders met in Samarkand on Friday', 'the ministers will meet in Doha next year': a
    meeting written as a verb, with a subject of several parties and a place or a date."""
    doc = ctx.doc
    subject = next((c for c in doc.children[verb] if doc.dep[c] == "nsubj"), None)
    if subject is None or doc.tag[subject] not in ("NNS", "NNPS") and not actors.conjuncts(ctx, subject)[1:]:
        return None  # 'Putin met Xi' is a meeting too, but the story names it; two or more sides meet
    ahead = looks_ahead(ctx, sent, verb)
    date = event_date(ctx, sent, verb, ahead)
    city, iso3 = event_place(ctx, sent, verb, verb, verb, verb + 1)
    if date is None and not (city or iso3):
        return None
    return Event(
        name="Meeting",
        kind="meeting",
        start=date.start if date else "",
        end=date.end if date else "",
        city=city,
        iso3=iso3,
        status=event_status(ctx, verb, date.start if date else "", ahead),
        participants=participants(ctx, sent, verb, verb),
        evidence=ctx.evidence_of(doc.sent_of[verb]),
        date_basis="text" if date else "",
    )


def name_end(ctx: Context, head: int, limit: int) -> int:
    """An event's name runs over 'of the Heads of State', 'between X and Y', not over its date or place."""
    doc, end = ctx.doc, head + 1
    for c in doc.children[head]:
        if c > head and doc.dep[c] == "prep" and doc.lower[c] in NAME_PREPS:
            pobj = next((g for g in doc.children[c] if doc.dep[g] == "pobj"), None)
            if pobj is None or find_dates(ctx.text(c, doc.right[c])):
                break
            end = max(end, doc.right[c])
        elif c > head and doc.dep[c] not in ("punct",):
            break
    while end > head + 1 and (doc.punct[end - 1] and doc.words[end - 1] not in ')”"’'):
        end -= 1
    return min(end, limit)


def governing_verb(ctx: Context, head: int) -> int | None:
    """The verb the event noun depends on: 'held', 'took place', 'was postponed', 'attended'."""
    doc = ctx.doc
    j = head
    for _ in range(6):
        h = doc.head[j]
        if doc.pos[h] in ("VERB", "AUX"):
            return h
        if h == j:
            return None
        j = h
    return None


def looks_ahead(ctx: Context, sent: Sentence, verb: int | None) -> bool:
    doc = ctx.doc
    if verb is None:
        return False
    words = {doc.lower[c] for c in doc.children[verb] if doc.dep[c] in ("aux", "auxpass")} | {doc.lemma[verb]}
    j = verb
    for _ in range(3):
        if doc.dep[j] in ("xcomp", "ccomp") and doc.head[j] != j:
            j = doc.head[j]
            words |= {doc.lemma[j]} | {doc.lower[c] for c in doc.children[j] if doc.dep[c] in ("aux", "auxpass")}
    return bool(words & AHEAD) and doc.tag[verb] != "VBD"


def event_date(ctx: Context, sent: Sentence, head: int, ahead: bool):
    """The date the sentence gives the event: the first after its noun, else the only one."""
    text = ctx.document.text[sent.start_char : sent.end_char]
    dates = find_dates(text, ctx.document.published, ahead)
    if not dates:
        return day_before(ctx, text)
    at = ctx.doc.idx[head] - sent.start_char
    after = [d for d in dates if d.offset >= at]
    if after and after[0].offset - at < 120:
        return with_end(text, dates, after[0])
    others = [ctx.doc.idx[m.start] - sent.start_char for m in ctx.doc.lexicon.get(EVENT, [])
              if sent.start <= m.start < sent.end and m.end - 1 != head]  # fmt: skip
    before = [d for d in dates if d.offset < at and not any(d.offset < o < at for o in others)]
    topic = ctx.doc.dep[head] == "pobj" and ctx.doc.lower[ctx.doc.head[head]] in ("on", "about", "regarding")
    if len(dates) == 1 and not topic:
        return dates[0]  # one date in the sentence: its meetings' date ('talks ... at the second session')
    return before[-1] if before and at - before[-1].end_offset < 40 else None


def day_before(ctx: Context, text: str):
    """'the business forum held the day before': a day from the last date the story gave."""
    low = text.lower()
    shift = -1 if any(w in low for w in DAY_BEFORE) else 1 if any(w in low for w in DAY_AFTER) else 0
    if not shift or len(ctx.last_date) != 10:
        return None
    day = dt.date.fromisoformat(ctx.last_date) + dt.timedelta(days=shift)
    return DateMention(day.isoformat(), "", 0, 0)


def with_end(text: str, dates: list, chosen):
    """'opened on Saturday and will run until Sunday': a later date after 'until' ends the event."""
    later = [d for d in dates if d.offset > chosen.offset]
    if chosen.end or not later:
        return chosen
    gap = text[chosen.end_offset : later[0].offset].lower()
    if not any(w in gap for w in ("until", "through", "till", " to ")) or len(later[0].start) != len(chosen.start):
        return chosen
    end = later[0].start
    if len(end) == 10 and end <= chosen.start:  # 'on Saturday ... until Sunday': the Sunday after
        end = (dt.date.fromisoformat(end) + dt.timedelta(days=7)).isoformat()
    return DateMention(chosen.start, end, chosen.offset, later[0].end_offset)


def event_place(ctx: Context, sent: Sentence, head: int, verb: int | None, start: int, end: int) -> tuple[str, str]:
    """(city, iso3): a city in its name ('the Baku meeting'), 'in Tokyo', 'visit to Japan', 'took
    place in Astana', 'which Aliyev hosted', 'Turkmenistan hosted the summit'; else the story's
    dateline, for a meeting held within days of the report."""
    doc = ctx.doc
    for e in ctx.ents_in(start, end):
        # 'the Baku meeting' was held in Baku; 'the Astana International Forum summit' need not be
        if e.label == "CITY" and e.start < head and (e.end == head or doc.words[e.end][:1].islower()):
            return ctx.text(e.start, e.end), e.ref
    owners = [head] + [c for c in doc.children[head] if doc.dep[c] in ("relcl", "acl")]
    if verb is not None:
        owners += [verb] + [c for c in doc.children[verb] if doc.dep[c] in ("xcomp", "ccomp", "advcl")]
    for owner in owners:
        for c in doc.children[owner]:
            if doc.dep[c] == "prep" and doc.lower[c] in PLACE_PREPS:
                place = place_in(ctx, c)
                if place is not None:
                    return place
        if doc.lemma[owner] == "host":
            host = hosted_by(ctx, owner)
            if host is not None:
                return host
    for i in range(end, min(len(doc), end + 12)):  # 'a summit ... for December 19-20 in Tokyo'
        if doc.tag[i] in ("VBD", "VBZ", "VBP", "MD") or doc.words[i] in (";", "."):
            break
        e = ctx.ent(i + 1) if i + 1 < len(doc) else None
        if doc.lower[i] in ("in", "at") and e is not None and e.label in ("CITY", "COUNTRY"):
            return (ctx.text(e.start, e.end) if e.label == "CITY" else ""), e.ref
    return "", ""


def hosted_by(ctx: Context, verb: int) -> tuple[str, str] | None:
    """'Turkmenistan hosted the summit', 'which Azerbaijani President Ilham Aliyev hosted'."""
    doc = ctx.doc
    subject = next((c for c in doc.children[verb] if doc.dep[c] in ("nsubj",)), None)
    if subject is None:
        return None
    for e in ctx.ents_in(doc.left[subject], doc.right[subject]):
        if e.label in ("CITY", "COUNTRY", "LEADER", "DEMONYM"):
            return (ctx.text(e.start, e.end) if e.label == "CITY" else ""), e.ref
    return None


def dateline_place(ctx: Context, event: Event) -> None:
    """A meeting with no place, held within days of a report datelined in a city, was held there."""
    city, iso3 = ctx.document.dateline_city, ctx.document.dateline_iso3
    if not (city and iso3) or event.city or event.iso3 and event.iso3 != iso3 or event.status != "held":
        return
    if event.start and ctx.document.published and len(event.start) == 10:
        days = abs((dt.date.fromisoformat(ctx.document.published[:10]) - dt.date.fromisoformat(event.start)).days)
        if days <= 3:
            event.city, event.iso3 = city, iso3


def place_in(ctx: Context, prep: int) -> tuple[str, str] | None:
    doc = ctx.doc
    for g in doc.children[prep]:
        if doc.dep[g] != "pobj":
            continue
        if doc.lemma[g] in ("country", "nation", "republic") and not ctx.ents_in(doc.left[g], doc.right[g]):
            host = the_other_party(ctx, prep)  # 'paid the first official visit ever to the secretive country'
            if host:
                return "", host
        for e in ctx.ents_in(doc.left[g], doc.right[g]):
            if e.label == "CITY":
                return ctx.text(e.start, e.end), e.ref
            if e.label == "COUNTRY":
                city = next((x for x in ctx.ents_in(e.end, doc.right[g]) if x.label == "CITY"), None)
                return (ctx.text(city.start, city.end) if city else ""), e.ref
    return None


def the_other_party(ctx: Context, prep: int) -> str:
    """The story's one party that is not the traveller: 'a Japanese leader paid a visit to the country'."""
    sent = ctx.sentence(prep)
    travellers = {e.ref for e in ctx.ents_in(sent.start, prep) if e.label in ("DEMONYM", "LEADER")}
    others = [c for c in ctx.parties if c not in travellers]
    return others[0] if travellers and len(others) == 1 else ""


def event_status(ctx: Context, verb: int | None, date: str, ahead: bool) -> str:
    """postponed or cancelled from the verb; planned when the text looks ahead or the date is
    after the document's; held otherwise."""
    doc = ctx.doc
    # the verb, or a verb joined to it whose subject is the event: '..., but it was cancelled'
    verbs = (
        [verb]
        + [
            c
            for c in doc.children[verb]
            if doc.dep[c] == "conj"
            and any(doc.lower[g] in ("it", "this") for g in doc.children[c] if doc.dep[g] in ("nsubj", "nsubjpass"))
        ]
        if verb is not None
        else []
    )
    for v in verbs:
        p = ctx.predicate(v)
        if p is not None and p[1].act == "stall":
            return "cancelled" if doc.lemma[v] in CANCELLED else "postponed"
    published = ctx.document.published
    if date and published and date[: len(published)] != published[: len(date)]:
        return "planned" if date[: len(published)] > published[: len(date)] else "held"
    return "planned" if ahead else "held"  # no date, or the report's own year or month ('later this year')


def participants(ctx: Context, sent: Sentence, head: int, verb: int | None) -> list[str]:
    doc = ctx.doc
    lo, hi = (doc.left[verb], doc.right[verb]) if verb is not None else (sent.start, sent.end)
    found = []
    for e in ctx.ents_in(lo, hi):
        if e.label == "REGION":
            found += ctx.codebook.regions[e.ref].members
        elif e.label in actors.COUNTRY_LIKE:
            found.append(e.ref)
    return list(dict.fromkeys(found))


def merge_event(ctx: Context, event: Event, may_merge: bool) -> None:
    """Fold a mention into the last event of its kind when it refers to it ('the summit'), adds
    no date, or names the same meeting on the same day; else it is a meeting of its own."""
    same = [e for e in ctx.events if e.kind == event.kind]
    old = same[-1] if same else None
    if old is not None and (may_merge or old.start == event.start and alike(old.name, event.name)):
        if old.date_basis != "text" and event.date_basis == "text":
            old.start, old.end, old.date_basis = event.start, event.end, event.date_basis
        for attr in ("start", "end", "city", "iso3"):
            if not getattr(old, attr):
                setattr(old, attr, getattr(event, attr))
        if not old.status or old.status == "planned" and event.status in ("postponed", "cancelled"):
            old.status = event.status
        if len(event.name) > len(old.name) and event.name[:1].isupper() and " " in event.name:
            old.name = event.name if old.name.lower() in event.name.lower() else old.name
        old.participants = list(dict.fromkeys(old.participants + event.participants))
        ctx.events.remove(old)
        ctx.events.append(old)
        return
    ctx.events.append(event)


def alike(a: str, b: str) -> bool:
    words_a, words_b = set(a.lower().split()), set(b.lower().split())
    return len(words_a & words_b) >= min(len(words_a), len(words_b)) / 2


def lead_when(ctx: Context) -> tuple[str, str, str]:
    """(date, city, iso3) the story's lead sentence gives its meeting: 'On Tuesday (19 September),
    on the sidelines of the UN General Assembly in New York, Biden sat down with ...'."""
    from dashboard.extract.speech import lead_sentence

    lead = lead_sentence(ctx)
    doc = ctx.doc
    if lead is None:
        return "", "", ""
    roots = [i for i in range(lead.start, lead.end) if doc.head[i] == i]  # a merged sentence may have several
    root = next((i for i in roots if doc.pos[i] == "VERB"), roots[0] if roots else None)
    if root is not None and doc.lemma[root] in ("report", "say", "tell", "write", "announce"):
        root = next((c for c in doc.children[root] if doc.dep[c] in ("ccomp", "parataxis")), root)  # '..., AFP reports'
    if root is None or doc.lemma[root] not in MEETING_VERBS:
        return "", "", ""
    text = ctx.document.text[lead.start_char : lead.end_char]
    dates = [d for d in find_dates(text, ctx.document.published) if len(d.start) == 10]
    city, iso3 = "", ""
    for c in range(lead.start, lead.end):
        if doc.lower[c] in ("in", "at", "to") and doc.dep[c] == "prep":
            place = place_in(ctx, c)
            if place is not None:
                city, iso3 = place
                break
    return (dates[0].start if dates else ""), city, iso3


def last_date(ctx: Context, sent: Sentence) -> str:
    """The last full date a sentence gives."""
    text = ctx.document.text[sent.start_char : sent.end_char]
    full = [d.start for d in find_dates(text, ctx.document.published) if len(d.start) == 10]
    return full[-1] if full else ""
