"""Load the published tables into DataFrames, with the joins every page needs. No Streamlit here."""

import json
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pandas as pd

from dashboard.errors import TrackerError
from dashboard.tables import SCHEMAS, TABLES

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
