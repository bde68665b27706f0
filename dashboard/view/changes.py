"""What changed since a date, for the "Changes since" download (new initiatives, status changes,
and the merges and drops the tables record), and which Atom feed holds a view's changes. Pure:
tables in, a frame out."""

import datetime as dt
from pathlib import Path

import pandas as pd

from dashboard import feeds
from dashboard.view.data import Tables
from dashboard.view.exports import guard_frame
from dashboard.view.filters import Filters
from dashboard.view.history import newest_date

COLUMNS = [
    "change", "date", "initiative_id", "name", "old_status", "new_status", "evidence", "doc_id",
    "alias_id", "reason", "note",
]  # fmt: skip
DEFAULT_DAYS = 90  # the default window: this many days before the newest document of the view
UNDATED = "no date: initiative_aliases records merges and drops undated, so every one is listed"
ALIAS_CHANGES = {True: "merged", False: "dropped"}  # an alias with an initiative_id was merged into it


def default_since(tables: Tables) -> dt.date:
    """DEFAULT_DAYS before the newest document the view cites (today's date when it cites none)."""
    newest = newest_date(tables)
    return (dt.date.fromisoformat(newest) if newest else dt.date.today()) - dt.timedelta(days=DEFAULT_DAYS)


def step_rows(steps: pd.DataFrame, change: str, names: pd.Series) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "change": change,
            "date": steps["date"].to_numpy(),
            "initiative_id": steps["initiative_id"].to_numpy(),
            "name": names.reindex(steps["initiative_id"]).fillna("").to_numpy(),
            "old_status": steps["previous"].to_numpy(),
            "new_status": steps["status"].to_numpy(),
            "evidence": steps["evidence"].to_numpy(),
            "doc_id": steps["doc_id"].to_numpy(),
        },
        columns=COLUMNS,
    )


def alias_rows(tables: Tables, names: pd.Series) -> pd.DataFrame:
    """Every merge and drop of the tables; a filtered view keeps the merges into its initiatives
    only (a dropped record has no countries or sectors left to filter it by)."""
    aliases = tables.initiative_aliases
    if tables.keep is not None:
        aliases = aliases[aliases["initiative_id"].isin(names.index)]
    merged = aliases["initiative_id"].ne("").to_numpy()
    return pd.DataFrame(
        {
            "change": [ALIAS_CHANGES[bool(m)] for m in merged],
            "date": "",
            "initiative_id": aliases["initiative_id"].to_numpy(),
            "name": names.reindex(aliases["initiative_id"]).fillna("").to_numpy(),
            "alias_id": aliases["alias_id"].to_numpy(),
            "reason": aliases["reason"].to_numpy(),
            "note": UNDATED,
        },
        columns=COLUMNS,
    ).sort_values("alias_id")


def changes_since(tables: Tables, since: dt.date | str) -> pd.DataFrame:
    """New initiatives (first seen on or after `since`) and status changes dated on or after it, newest
    first, then every merge and drop (undated). A status change is a claim whose status differs
    from the initiative's previous claim (feeds.status_steps, as the Atom feeds list them)."""
    since = str(since)
    initiatives = tables.initiatives
    names = pd.Series(initiatives["name"].to_numpy(), index=initiatives["initiative_id"].to_numpy())
    steps = feeds.status_steps(tables.status_history[feeds.COLUMNS["status_history"]])
    new_ids = initiatives.loc[initiatives["first_seen"].ne("") & (initiatives["first_seen"] >= since), "initiative_id"]
    first = steps["previous"].eq("")
    new = steps[first & steps["initiative_id"].isin(new_ids)]
    changed = steps[~first & (steps["date"] >= since)]
    dated = pd.concat([step_rows(new, "new initiative", names), step_rows(changed, "status change", names)])
    dated = dated.sort_values(["date", "name", "change"], ascending=[False, True, True])
    undated = alias_rows(tables, names)
    frames = [frame for frame in (dated, undated) if len(frame)]
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    return out.fillna("")


def changes_csv(tables: Tables, since: dt.date | str) -> bytes:
    """The changes as CSV, every text cell guarded against spreadsheet formulas."""
    return guard_frame(changes_since(tables, since)).to_csv(index=False).encode("utf-8")


FEED_FIELDS = (("countries", "country"), ("sectors", "sector"), ("statuses", "status"))


def feed_file(filters: Filters) -> str | None:
    """The feed that holds this view's changes: all.xml with no filter, a country's, a sector's or
    a status's when that one value is the only filter; None for any other view."""
    if filters.is_empty():
        return feeds.file_name("all")
    for field, group in FEED_FIELDS:
        values = getattr(filters, field)
        if len(values) == 1 and filters == Filters(**{field: values}):
            return feeds.file_name(group, values[0])
    return None


def feed_link(filters: Filters, folder: Path | None = None) -> str | None:
    """The feed's address in the app (app/static/feeds/NAME.xml), when `build` wrote it."""
    name = feed_file(filters)
    return feeds.FEEDS_URL + name if name and ((folder or feeds.FEEDS_DIR) / name).is_file() else None


def feed_label(filters: Filters) -> str:
    """The link's words: a status feed lists the steps to that status (an initiative's current
    status may since have moved on)."""
    if filters.statuses:
        return f"Atom feed of the changes to {feeds.words(filters.statuses[0])}"
    return "Atom feed of these changes"
