"""Dates in running text: "December 20", "December 19-20", "from December 18 through 20",
"20 December 2025", "August 2024", "for 2024", "2025-12-20", "on Tuesday", "yesterday".
Results are ISO 8601 strings at the precision the text gives (YYYY, YYYY-MM or YYYY-MM-DD).
A weekday or a relative day resolves against the document's date: the last such day on or
before it ("held on Friday"), or the next one when the text looks ahead ("will meet on Friday")."""

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True)) + r")\.?"
_RANGE = r"(?:\s*(?:-|–|—|to|through|until|and)\s*(?P<day2>\d{1,2})(?!\d))?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d))?"

WEEKDAYS = {d: k for k, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
_WEEKDAY = re.compile(r"\b(?:on\s+|last\s+|this\s+|next\s+)?(?P<weekday>" + "|".join(WEEKDAYS) + r")\b", re.I)
_RELATIVE = re.compile(r"\b(?P<relative>" + "|".join(RELATIVE_DAYS) + r")\b", re.I)
RELATIVE_YEARS = {"next": 1, "coming": 1, "last": -1, "previous": -1, "past": -1, "this": 0, "current": 0}
_RELATIVE_YEAR = re.compile(r"\b(?P<relative>" + "|".join(RELATIVE_YEARS) + r")\s+year\b", re.I)
FULL_MONTHS = "January February March April May June July August September October November December".split()
_MONTH_ALONE = re.compile(r"\b(?:in|since|from|until|by|during|for|early|late|mid-|next)\s+(?P<month>"
                          + "|".join(FULL_MONTHS) + r")\b(?!\s+\d)")  # fmt: skip

# Each pattern must start at a word boundary (r"\b"), which `boundary_matches` checks. Left
# out of the patterns, it lets `re` scan for a pattern's possible first characters instead
# of trying a match at every position of the text: twice as fast (BENCHMARKS.md).
PATTERNS = [
    re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d)-(?P<day>\d\d)\b"),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?!\d)" + _RANGE + _YEAR + r"\b"),
    re.compile(r"(?P<day>\d{1,2})(?:st|nd|rd|th)?" + _RANGE.replace("day2", "dayx") + r"\s+" + _MONTH + _YEAR + r"\b"),
    re.compile(_MONTH + r"\s+(?P<year>(?:19|20)\d\d)\b"),
    re.compile(r"(?:in|for|by|until|till|before|after|since|of|from)\s+(?P<year>(?:19|20)\d\d)\b(?!-\d)"),
]

# What each pattern's matches must contain: a month name, a year. A text without one skips
# the patterns that need it (most sentences that name a summit give no year).
NEEDS_MONTH = [False, True, True, True, False]
NEEDS_YEAR = [True, False, False, True, True]
MONTH_NAME = re.compile("|".join(sorted({m[:3].capitalize() for m in MONTHS})))  # how each month name starts
YEAR = re.compile(r"(?:19|20)\d\d")

DIGIT = re.compile(r"\d")
WORD_CHAR = re.compile(r"\w")


def boundary_matches(pattern: re.Pattern, text: str) -> list[re.Match]:
    """What `re.compile(r"\b" + pattern.pattern).finditer(text)` finds, for a pattern whose
    matches start with a word character: a match stands only where the character before it
    is not one. A match refused there is searched again from the next character, as `\b`
    would have made `re` do."""
    found: list[re.Match] = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            return found
        start = m.start()
        if start and WORD_CHAR.match(text, start - 1):
            pos = start + 1
            continue
        found.append(m)
        pos = m.end()


@dataclass(frozen=True)
class DateMention:
    start: str  # ISO date at the precision given
    end: str  # "" unless a range
    offset: int  # character offset of the match in the searched text
    end_offset: int


def _iso(year: int | None, month: int, day: int) -> str:
    if year is None:
        return ""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return ""


def _year_for(month: int, day: int, reference: str, ahead: bool = False) -> int | None:
    """Year of a month-day with no year: that of the reference date, the document's; the next one
    when the text looks ahead to a day already past in that year ('will visit on January 14',
    written in December)."""
    if not reference:
        return None
    year = int(reference[:4])
    if ahead and valid_iso(reference[:10]) and (month, day) < (int(reference[5:7]), int(reference[8:10])):
        year += 1
    return year


def find_dates(text: str, reference: str = "", ahead: bool = False) -> list[DateMention]:
    """All date expressions in `text`, in order; invalid dates (2025-02-30) are dropped. Weekdays,
    'today', 'yesterday' and a month without a year resolve against `reference` (ahead: forward)."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    if reference and valid_iso(reference[:10]):
        found, taken = relative_dates(text, reference[:10], ahead)
    if not DIGIT.search(text):
        return sorted(found, key=lambda d: d.offset)  # every other pattern needs a digit
    has_month, has_year = MONTH_NAME.search(text) is not None, YEAR.search(text) is not None
    for pattern, month, year in zip(PATTERNS, NEEDS_MONTH, NEEDS_YEAR, strict=True):
        if month and not has_month or year and not has_year:
            continue
        for m in boundary_matches(pattern, text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            start, end = _parse(m, reference, ahead)
            if start:
                found.append(DateMention(start, end, m.start(), m.end()))
                taken.append((m.start(), m.end()))
    return sorted(found, key=lambda d: d.offset)


def relative_dates(text: str, reference: str, ahead: bool) -> tuple[list[DateMention], list[tuple[int, int]]]:
    """'on Friday', 'yesterday', 'in May' -> dates from the document's own date."""
    day = dt.date.fromisoformat(reference)
    found, taken = [], []
    for m in _WEEKDAY.finditer(text):
        target = WEEKDAYS[m.group("weekday").lower()]
        forward = ahead or m.group(0).lower().startswith("next")
        delta = (target - day.weekday()) % 7 if forward else -((day.weekday() - target) % 7)
        found.append(DateMention((day + dt.timedelta(days=delta)).isoformat(), "", m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _RELATIVE.finditer(text):
        shift = RELATIVE_DAYS[m.group("relative").lower()]
        found.append(DateMention((day + dt.timedelta(days=shift)).isoformat(), "", m.start(), m.end()))
        taken.append((m.start(), m.end()))
    for m in _RELATIVE_YEAR.finditer(text):  # 'next year', 'last year': a year and no more
        if not any(a < m.end() and m.start() < b for a, b in taken):
            found.append(
                DateMention(str(day.year + RELATIVE_YEARS[m.group("relative").lower()]), "", m.start(), m.end())
            )
            taken.append((m.start(), m.end()))
    for m in _MONTH_ALONE.finditer(text):
        month = MONTHS[m.group("month").lower()]
        year = day.year + (1 if ahead and month < day.month else 0) - (1 if not ahead and month > day.month else 0)
        found.append(DateMention(f"{year:04d}-{month:02d}", "", m.start("month"), m.end()))
        taken.append((m.start("month"), m.end()))
    return found, taken


def _parse(m: re.Match, reference: str, ahead: bool = False) -> tuple[str, str]:
    groups = m.groupdict()
    year = int(groups["year"]) if groups.get("year") else None
    if groups.get("mnum"):
        return _iso(year, int(groups["mnum"]), int(groups["day"])), ""
    if not groups.get("month"):
        return (str(year) if year else ""), ""
    month = MONTHS[groups["month"].lower().rstrip(".")]
    if not groups.get("day"):
        return (f"{year:04d}-{month:02d}" if year else ""), ""
    day = int(groups["day"])
    if year is None:
        year = _year_for(month, day, reference, ahead)
    second = groups.get("day2") or groups.get("dayx")
    if groups.get("dayx"):
        day, second = int(groups["day"]), groups["dayx"]
    start = _iso(year, month, day)
    end = _iso(year, month, int(second)) if second else ""
    return start, (end if end and end > start else "")


def valid_iso(value: str) -> bool:
    """True for a real calendar date written YYYY-MM-DD."""
    try:
        dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return len(value) == 10
