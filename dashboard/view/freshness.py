"""How fresh the tracker is: its newest document and its build time, and a warning when the
newest document is old (users of trackers that silently stopped updating ask for exactly this)."""

import datetime as dt
from dataclasses import dataclass

from dashboard.dates import valid_iso

STALE_AFTER_DAYS = 30


@dataclass(frozen=True)
class Freshness:
    caption: str
    warning: str = ""  # "" when the newest document is recent enough


def freshness(published: list[str], built: str, today: dt.date) -> Freshness:
    """The caption every page shows, and its warning when the newest of the documents' dates
    (YYYY-MM-DD; empty ones are unknown, not old) is more than STALE_AFTER_DAYS before `today`."""
    dates = sorted(d for d in published if d and valid_iso(d))
    newest = dates[-1] if dates else ""
    built_shown = f"{built[:10]} {built[11:16]} UTC" if len(built) >= 16 and valid_iso(built[:10]) else "unknown"
    caption = f"Newest document: {newest or 'unknown'} · tables built {built_shown}"
    if not newest:
        return Freshness(caption, "No document has a date: how fresh these tables are is unknown.")
    age = (today - dt.date.fromisoformat(newest)).days
    if age > STALE_AFTER_DAYS:
        return Freshness(
            caption,
            f"The newest document is from {newest}, {age} days ago: these tables may have stopped updating.",
        )
    return Freshness(caption)
