"""Load the published tables into DataFrames, with the joins every page needs. No Streamlit here."""

import json
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

from dashboard.errors import TrackerError
from dashboard.tables import PRIMARY_KEYS, SCHEMAS, TABLES

TABLES_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "tables"


def tables_dir() -> Path:
    """The folder the app reads: data/tables, or $TRACKER_TABLES_DIR (tests, other deployments)."""
    return Path(os.environ.get("TRACKER_TABLES_DIR") or TABLES_DIR)


INTEGER_COLUMNS = {name: [c.name for c in cols if c.type == "integer"] for name, cols in SCHEMAS.items()}


class TablesError(TrackerError):
    """A missing or corrupt table: the app shows this instead of a traceback."""


@dataclass(frozen=True)
class Tables:
    """Every published table as a DataFrame, plus the joined initiative view."""

    documents: pd.DataFrame
    initiatives: pd.DataFrame
    initiative_countries: pd.DataFrame
    initiative_sectors: pd.DataFrame
    status_history: pd.DataFrame
    sectors: pd.DataFrame
    countries: pd.DataFrame
    organizations: pd.DataFrame
    initiative_organizations: pd.DataFrame
    events: pd.DataFrame
    annotations: pd.DataFrame
    initiative_mentions: pd.DataFrame
    initiative_aliases: pd.DataFrame
    version: str = ""

    def frames(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name != "version"}

    def with_frames(self, **frames: pd.DataFrame) -> "Tables":
        return replace(self, **frames)


def signature(directory: Path = TABLES_DIR) -> str:
    """Changes whenever a table is rebuilt: the cache key of the loaded data."""
    parts = []
    for name in (*TABLES, "datapackage"):
        path = directory / (f"{name}.csv" if name != "datapackage" else "datapackage.json")
        stat = path.stat() if path.exists() else None
        parts.append(f"{name}:{stat.st_mtime_ns}:{stat.st_size}" if stat else f"{name}:missing")
    return "|".join(parts)


def read_table(directory: Path, name: str) -> pd.DataFrame:
    """One CSV as strings (empty cells stay ""), with its integer columns typed."""
    path = directory / f"{name}.csv"
    if not path.exists():
        raise TablesError(f"{path}: table is missing; run `python -m dashboard build`")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise TablesError(f"{path}: table is corrupt ({str(exc).splitlines()[0]}); rebuild it") from None
    expected = [c.name for c in SCHEMAS[name]]
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        raise TablesError(f"{path}: table lacks column(s) {', '.join(missing)}; rebuild it")
    for column in INTEGER_COLUMNS[name]:
        numbers = pd.to_numeric(frame[column].replace("", None), errors="coerce")
        if numbers.isna().sum() > (frame[column] == "").sum():
            raise TablesError(f"{path}: column {column} holds values that are not numbers; rebuild it")
        frame[column] = numbers.astype("Int64")
    return frame[expected]


def load_tables(directory: Path = TABLES_DIR) -> Tables:
    """Read every table and derive the per-initiative country, sector and source lists."""
    frames = {name: read_table(directory, name) for name in TABLES}
    version = ""
    package = directory / "datapackage.json"
    if package.exists():
        try:
            version = json.loads(package.read_text(encoding="utf-8")).get("version", "")
        except (ValueError, UnicodeDecodeError):
            raise TablesError(f"{package}: not valid JSON; rebuild the tables") from None
    frames["initiatives"] = enrich_initiatives(frames)
    frames["initiatives"]["reviewed"] = frames["initiatives"]["reviewed"].eq("true")
    return Tables(**frames, version=version)


def _lists(frame: pd.DataFrame, key: str, column: str) -> pd.Series:
    return frame.groupby(key)[column].agg(lambda s: sorted(set(s)))


def enrich_initiatives(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Add list columns: countries, sectors, sources and the first source's URL."""
    ini = frames["initiatives"].copy()
    sectors = frames["initiative_sectors"].merge(frames["sectors"][["sector_id", "label"]], on="sector_id")
    history = frames["status_history"].merge(frames["documents"][["doc_id", "url", "title"]], on="doc_id", how="left")
    for column, series in (
        ("countries", _lists(frames["initiative_countries"], "initiative_id", "iso3")),
        ("sectors", _lists(sectors, "initiative_id", "label")),
        ("sources", _lists(history, "initiative_id", "doc_id")),
    ):
        ini[column] = ini["initiative_id"].map(series).apply(lambda v: v if isinstance(v, list) else [])
    first_url = history.sort_values(["date", "doc_id"]).groupby("initiative_id")["url"].first()
    ini["source_url"] = ini["initiative_id"].map(first_url).fillna("")
    return ini


def frames_from_rows(rows: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Table rows as the app's frames: strings, with integer columns typed as on load."""
    frames = {}
    for name in TABLES:
        columns = [c.name for c in SCHEMAS[name]]
        frame = pd.DataFrame(rows.get(name, []), columns=columns).astype(object)
        for column in columns:
            if column in INTEGER_COLUMNS[name]:
                frame[column] = pd.to_numeric(frame[column].replace("", None), errors="coerce").astype("Int64")
            else:
                frame[column] = frame[column].map(lambda v: str(v).lower() if isinstance(v, bool) else str(v))
        frames[name] = frame
    return frames


def tables_from_rows(rows: dict[str, list[dict]], version: str = "session") -> Tables:
    frames = frames_from_rows(rows)
    frames["initiatives"] = enrich_initiatives(frames)
    frames["initiatives"]["reviewed"] = frames["initiatives"]["reviewed"].eq("true")
    return Tables(**frames, version=version)


def recompute_status(initiatives: pd.DataFrame, history: pd.DataFrame, ids: set[str]) -> pd.DataFrame:
    """Status, first and last seen and source count of `ids` from their (combined) history."""
    from dashboard.records import IATI_STATUS, RANK, Status

    out = initiatives.copy()
    for iid in ids:
        steps = history[history["initiative_id"] == iid]
        if steps.empty:
            continue
        ranked = steps.assign(rank=steps["status"].map(lambda s: RANK[Status(s)]))
        latest = ranked.sort_values(["date", "rank"]).iloc[-1]["status"]
        dated = sorted(d for d in steps["date"] if d)
        mask = out["initiative_id"] == iid
        out.loc[mask, "status"] = latest
        out.loc[mask, "iati_status"] = IATI_STATUS[Status(latest)]
        out.loc[mask, "first_seen"] = dated[0] if dated else ""
        out.loc[mask, "last_seen"] = dated[-1] if dated else ""
        out.loc[mask, "n_sources"] = steps["doc_id"].nunique()
    return out


def with_session(tables: Tables, article: Tables, matches: dict[str, str]) -> Tables:
    """The published tables plus an article analyzed in this session, its initiatives merged
    into the ones they report again (`matches`: the article's id -> the existing id)."""
    merged = {}
    for name, frame in tables.frames().items():
        extra = article.frames()[name]
        if "initiative_id" in extra.columns:
            extra = extra.assign(initiative_id=extra["initiative_id"].replace(matches))
        if name == "initiatives":
            extra = extra[~extra["initiative_id"].isin(set(matches.values()))]
        if name == "annotations":
            extra = extra.assign(ref=extra["ref"].replace(matches))
        keys = [c for c in (PRIMARY_KEYS[name]) if c in frame.columns]
        merged[name] = pd.concat([frame, extra], ignore_index=True).drop_duplicates(subset=keys, keep="first")
    base = merged["initiatives"].drop(columns=["countries", "sectors", "sources", "source_url"], errors="ignore")
    base = recompute_status(base, merged["status_history"], set(matches.values()))
    merged["initiatives"] = enrich_initiatives({**merged, "initiatives": base})
    return Tables(**merged, version=f"{tables.version}+session")
