"""Which event launched an initiative, and which later events took it up again: the rows of
`initiative_events`, and the grouping of one event's reports across documents (`events.same_as`).

A document is *about* an event when it reports one held or planned near its own date: of
those, a summit before a conference, a meeting, a visit or a ceremony. An initiative is linked
to the event its own sentence names, else to the event its document is about. The relation
follows what that document says of it:

- launched: the document is the first to report it, at a status short of being under way
  (proposed, under discussion, agreed there);
- discussed: the first report finds it already under way or stalled, so the event did not
  launch it; and every cooperation area (an agenda is discussed, not launched);
- reviewed: an earlier document had reported it already.
"""

import datetime as dt
import functools
import re
from collections import defaultdict

from dashboard.merge import Cluster, Report, short_hash
from dashboard.records import RANK, Event, Extraction, Kind, Status

# Which of a document's events it is about, first to last.
KIND_ORDER = ("summit", "conference", "meeting", "visit", "ceremony")
NEAR_DAYS = 31  # an event dated further from its report is background, not what the report is about
SAME_DAYS = 3  # two reports' dates of one event differ by at most this (a multi-day summit)
ANY, ALL, NAMELESS = "*", "*", ""  # index keys: any country; every name; a name without a word of its own
LAUNCHING = {Status.PROPOSED, Status.UNDER_DISCUSSION, Status.AGREED}
RELATIONS = ("launched", "discussed", "reviewed")
# Words that say what an event is, not which: two summits share them.
GENERIC = set(
    "a an and the of on in at for to with between first second third inaugural annual official state "
    "visit summit meeting conference forum ceremony talks session heads leaders level high dialogue".split()
)


def event_id(doc_id: str, event: Event) -> str:
    """An event's id: its document, kind, date and place in the text."""
    return "evt-" + short_hash(doc_id, event.kind, event.start, str(event.evidence.start if event.evidence else -1))


@functools.lru_cache(maxsize=4096)
def _day(date: str, high: bool = False) -> dt.date | None:
    """A date given as YYYY, YYYY-MM or YYYY-MM-DD, at its first (or last) day; None if not a date."""
    if not date:
        return None
    try:
        if len(date) == 10:
            return dt.date.fromisoformat(date)
        if len(date) == 7:
            first = dt.date.fromisoformat(date + "-01")
            return (
                (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1) if high else first
            )
        return dt.date(int(date[:4]), 12, 31) if high else dt.date(int(date[:4]), 1, 1)
    except ValueError:
        return None


def _days_apart(event: Event, published: str) -> int | None:
    """Days between an event's dates and a day; 0 when the day falls within them; None if either is undated."""
    day, first, last = _day(published), _day(event.start), _day(event.end or event.start, high=True)
    if day is None or first is None or last is None:
        return None
    return 0 if first <= day <= last else min(abs((first - day).days), abs((last - day).days))


def main_event(ex: Extraction) -> Event | None:
    """The event the document is about: held or planned, near its date (or undated), the weightiest kind."""
    near = []
    for event in ex.events:
        if event.status in ("postponed", "cancelled") or event.evidence is None:
            continue
        apart = _days_apart(event, ex.document.published)
        if apart is not None and apart > NEAR_DAYS:
            continue
        rank = KIND_ORDER.index(event.kind) if event.kind in KIND_ORDER else len(KIND_ORDER)
        near.append((rank, event.evidence.start, event))
    return min(near, key=lambda t: t[:2])[2] if near else None


def _sentence_event(ex: Extraction, report: Report) -> Event | None:
    """The event named in the same sentence as one of the report's claims."""
    spans = [(c.evidence.start, c.evidence.end) for c in report.initiative.claims]
    for event in ex.events:
        ev = event.evidence
        if ev is not None and any(ev.start < end and start < ev.end for start, end in spans):
            return event
    return None


@functools.lru_cache(maxsize=4096)
def _words(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in GENERIC}


def same_event(a: tuple[Event, str], b: tuple[Event, str]) -> bool:
    """Whether two documents' events are one: same kind and place, and the same dates with a word
    of their names in common (or a name without one: 'the summit'); or, when one is dated less
    precisely, names alike in the same month or year; or, when one is undated, names alike and
    reports within NEAR_DAYS of each other. (Two meetings in one capital on one day are two.)"""
    (x, x_published), (y, y_published) = a, b
    if x.kind != y.kind or (x.iso3 and y.iso3 and x.iso3 != y.iso3):
        return False
    x_day, y_day = _day(x.start), _day(y.start)
    wx, wy = _words(x.name), _words(y.name)
    if x_day and y_day and len(x.start) == len(y.start) == 10:
        return abs((x_day - y_day).days) <= SAME_DAYS and (not wx or not wy or bool(wx & wy))
    alike = bool(wx and wy) and len(wx & wy) / len(wx | wy) >= 0.5
    px, py = _day(x_published), _day(y_published)
    near = px is not None and py is not None and abs((px - py).days) <= NEAR_DAYS
    if x_day and y_day:  # dated at a month's or a year's precision: the same month, or year
        return alike and x.start[: min(len(x.start), len(y.start))] == y.start[: min(len(x.start), len(y.start))]
    return alike and near


class _Firsts:
    """The first reports of the events seen so far, indexed so that a report is compared only with
    those it could be the same event as: by day for dated ones, by month and year for those dated
    less precisely, and by publication date for undated ones (at 10,000 articles, comparing each
    report with every earlier one took 9 s)."""

    def __init__(self) -> None:
        self.by_day: dict[tuple[str, str, int, str], list] = defaultdict(list)  # by kind, country, day, word
        # by kind, month or year, and word: dated to the day or the month; every dated one; dated to the year only
        self.by_month: dict[tuple[str, str, str], list] = defaultdict(list)
        self.by_year: dict[tuple[str, str, str], list] = defaultdict(list)
        self.by_year_only: dict[tuple[str, str, str], list] = defaultdict(list)
        # by a word of their names, in order of publication: every one, and the undated ones
        self.recent: dict[tuple[str, str], list] = defaultdict(list)
        self.undated: dict[tuple[str, str], list] = defaultdict(list)

    def add(self, first: tuple) -> None:
        _, event, _, _, published_day = first
        day = _day(event.start)
        if day and len(event.start) == 10:  # under its country (and any), each word of its name and all
            for place in (event.iso3, ANY):
                for word in (*_words(event.name), NAMELESS if not _words(event.name) else None, ALL):
                    if word is not None:
                        self.by_day[(event.kind, place, day.toordinal(), word)].append(first)
        for word in _words(event.name) if day else ():  # less precise dates match only names alike
            if len(event.start) >= 7:
                self.by_month[(event.kind, event.start[:7], word)].append(first)
            self.by_year[(event.kind, event.start[:4], word)].append(first)
            if len(event.start) == 4:
                self.by_year_only[(event.kind, event.start, word)].append(first)
        for word in _words(event.name):  # an undated report is the same event only if named alike
            if not day:
                self.undated[(event.kind, word)].append(first)
            self.recent[(event.kind, word)].append(first)

    def candidates(self, event: Event, published_day: int | None) -> list:
        """The first reports `event` may be the same as (each once, in order)."""
        day, kind, found = _day(event.start), event.kind, []
        named_alike = self.recent if not day else self.undated
        # Names alike share half of this name's words at least: so one of any len // 2 + 1 of them
        # (prefix filtering). Those with the fewest first reports are looked up.
        words = sorted(_words(event.name), key=lambda w: (len(named_alike.get((kind, w), ())), w))
        words = words[: len(words) // 2 + 1]
        for word in words:
            found += _within(named_alike.get((kind, word), []), published_day)
        if day and len(event.start) == 10:
            places = (event.iso3, "") if event.iso3 else (ANY,)  # same country, or a report that names none
            named = _words(event.name)
            keys = (*named, NAMELESS) if named else (ALL,)  # a word in common, or a name without one
            for near in range(day.toordinal() - SAME_DAYS, day.toordinal() + SAME_DAYS + 1):
                for place in places:
                    for word in keys:
                        found += self.by_day.get((kind, place, near, word), [])
        for word in words if day else ():
            if len(event.start) == 10:
                found += [f for f in self.by_month.get((kind, event.start[:7], word), []) if len(f[1].start) == 7]
                found += self.by_year_only.get((kind, event.start[:4], word), [])
            elif len(event.start) == 7:
                found += self.by_month.get((kind, event.start, word), [])
                found += self.by_year_only.get((kind, event.start[:4], word), [])
            else:
                found += self.by_year.get((kind, event.start, word), [])
        return list({first[0]: first for first in found}.values())


def _within(firsts: list, published_day: int | None) -> list:
    """The firsts (in order of publication) reported within NEAR_DAYS before `published_day`."""
    if published_day is None:
        return []
    out = []
    for first in reversed(firsts):
        if first[4] is None or published_day - first[4] > NEAR_DAYS:
            break
        out.append(first)
    return out


def event_groups(extractions: list[Extraction]) -> dict[str, str]:
    """Each event's id -> the id of the first report of the same event (itself when first)."""
    ordered = sorted(
        ((ex.document.published or "9999", ex.document.doc_id, e.evidence.start if e.evidence else -1), ex, e)
        for ex in extractions
        for e in ex.events
    )
    firsts, group = _Firsts(), {}
    for order, (_, ex, event) in enumerate(ordered):
        eid = event_id(ex.document.doc_id, event)
        if eid in group:
            continue
        published = ex.document.published
        published_day = _day(published).toordinal() if _day(published) and len(published) == 10 else None
        same = [f for f in firsts.candidates(event, published_day) if same_event((f[1], f[2]), (event, published))]
        if same:
            group[eid] = min(same)[3]
        else:
            group[eid] = eid
            firsts.add((order, event, published, eid, published_day))
    return group


def link_rows(extractions: list[Extraction], clusters: list[Cluster], group: dict[str, str]) -> list[dict]:
    """The rows of initiative_events: each report of an initiative in a document about an event,
    or whose sentence names one, with its relation and the sentence that reports it."""
    by_doc = {ex.document.doc_id: ex for ex in extractions}
    mains = {doc_id: main_event(ex) for doc_id, ex in by_doc.items() if ex.events}
    ids: dict[int, str] = {}  # id(event) -> its group's id: each hashed once

    def group_of(doc_id: str, event: Event) -> str:
        if id(event) not in ids:
            eid = event_id(doc_id, event)
            ids[id(event)] = group.get(eid, eid)
        return ids[id(event)]

    rows = []
    for cluster in clusters:
        reports = sorted(cluster.reports, key=lambda r: r.sort_key)
        first_date = reports[0].document.published
        for report in reports:
            doc_id = report.document.doc_id
            ex = by_doc.get(doc_id)
            if ex is None or not ex.events:
                continue
            event, basis = _sentence_event(ex, report), "sentence"
            if event is None:
                event, basis = mains[doc_id], "document"
            if event is None:
                continue
            claims = report.initiative.claims
            then = max((c.status for c in claims), key=RANK.__getitem__, default=None)  # its status there
            first_report = report is reports[0] or bool(first_date and report.document.published == first_date)
            if report.initiative.kind is Kind.AGENDA:
                relation = "discussed"
            elif first_report:
                relation = "launched" if then is None or then in LAUNCHING else "discussed"
            else:
                relation = "reviewed"
            evidence = (
                claims[0].evidence if claims else (report.initiative.spans[0] if report.initiative.spans else None)
            )
            rows.append(
                {
                    "initiative_id": cluster.initiative_id,
                    "event_id": group_of(doc_id, event),
                    "doc_id": doc_id,
                    "relation": relation,
                    "basis": basis,
                    "status": then.value if then else "",
                    "date": report.document.published,
                    "evidence": evidence.text if evidence else "",
                    "start": evidence.start if evidence else "",
                    "end": evidence.end if evidence else "",
                }
            )
    return rows
