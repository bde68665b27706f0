"""Load the published tables into DataFrames, with the joins every page needs. No Streamlit here."""

import json
import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.errors import TrackerError
from dashboard.tables import PRIMARY_KEYS, SCHEMAS, TABLES

TABLES_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "tables"


def tables_dir() -> Path:
    """The folder the app reads: data/tables, or $TRACKER_TABLES_DIR (tests, other deployments)."""
    return Path(os.environ.get("TRACKER_TABLES_DIR") or TABLES_DIR)


INTEGER_COLUMNS = {name: [c.name for c in cols if c.type == "integer"] for name, cols in SCHEMAS.items()}


class TablesError(TrackerError):
    """A missing or corrupt table: the app shows this instead of a traceback."""


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: derived frames are memoised per Tables
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


def read_table(directory: Path, name: str, parquet: bool = False) -> pd.DataFrame:
    """One table as strings (empty cells stay ""), with its integer columns typed; from the
    Parquet copy when it belongs to this build, else from the CSV."""
    path = directory / "parquet" / f"{name}.parquet" if parquet else directory / f"{name}.csv"
    if not path.exists():
        raise TablesError(f"{path}: table is missing; run `python -m dashboard build`")
    try:
        if parquet:
            frame = pq.read_table(path).to_pandas()
        else:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (ValueError, UnicodeDecodeError, OSError, pd.errors.ParserError, pa.ArrowException) as exc:
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
    version = ""
    package = directory / "datapackage.json"
    if package.exists():
        try:
            version = json.loads(package.read_text(encoding="utf-8")).get("version", "")
        except (ValueError, UnicodeDecodeError, AttributeError):
            raise TablesError(f"{package}: not valid JSON; rebuild the tables") from None
    stamp = directory / "parquet" / "VERSION"
    parquet = bool(version) and stamp.exists() and stamp.read_text(encoding="utf-8").strip() == version
    frames = {name: read_table(directory, name, parquet) for name in TABLES}
    frames["initiatives"] = enrich_initiatives(frames)
    frames["initiatives"]["reviewed"] = frames["initiatives"]["reviewed"].eq("true")
    return Tables(**add_codes(frames), version=version)


def list_column(frame: pd.DataFrame, column: str, ids: pd.Index, key: str = "initiative_id") -> list[list[str]]:
    """For each id, the sorted distinct values of `column` in its rows: vectorised, no per-group Python."""
    pairs = frame[[key, column]].drop_duplicates()
    codes = ids.get_indexer(pairs[key])
    pairs = pairs.assign(_code=codes)[codes >= 0].sort_values(["_code", column])
    counts = np.bincount(pairs["_code"].to_numpy(), minlength=len(ids))
    chunks = np.split(pairs[column].to_numpy(dtype=object), np.cumsum(counts)[:-1]) if len(ids) else []
    return [chunk.tolist() for chunk in chunks]


def enrich_initiatives(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Add the URL of each initiative's first source (list columns come later, for the rows shown)."""
    ini = frames["initiatives"].drop(columns=["countries", "sectors", "sources"], errors="ignore").copy()
    history = frames["status_history"][["initiative_id", "date", "doc_id"]]
    first = history.sort_values(["date", "doc_id"]).drop_duplicates("initiative_id")
    urls = first["doc_id"].map(dict(zip(frames["documents"]["doc_id"], frames["documents"]["url"], strict=True)))
    ini["source_url"] = ini["initiative_id"].map(dict(zip(first["initiative_id"], urls, strict=True))).fillna("")
    return ini


def with_lists(tables: "Tables", initiatives: pd.DataFrame) -> pd.DataFrame:
    """These initiatives with their countries, sectors and sources as lists (costs what they are)."""
    ids = pd.Index(initiatives["initiative_id"])
    labels = dict(zip(tables.sectors["sector_id"], tables.sectors["label"], strict=True))
    sectors = tables.initiative_sectors.assign(label=tables.initiative_sectors["sector_id"].map(labels))
    return initiatives.assign(
        countries=list_column(tables.initiative_countries, "iso3", ids),
        sectors=list_column(sectors, "label", ids),
        sources=list_column(tables.status_history, "doc_id", ids),
    )


def add_codes(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Integer codes for initiative and document ids (_ini, _doc): filtering is then array indexing."""
    ini_ids = pd.Index(frames["initiatives"]["initiative_id"])
    doc_ids = pd.Index(frames["documents"]["doc_id"])
    out = {}
    for name, frame in frames.items():
        frame = frame.copy()
        if "initiative_id" in frame.columns and name != "initiative_aliases":
            frame["_ini"] = ini_ids.get_indexer(frame["initiative_id"])
        if "doc_id" in frame.columns:
            frame["_doc"] = doc_ids.get_indexer(frame["doc_id"])
        out[name] = frame
    return out


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
    return Tables(**add_codes(frames), version=version)


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
        frame = frame.drop(columns=["_ini", "_doc"], errors="ignore")
        extra = article.frames()[name].drop(columns=["_ini", "_doc"], errors="ignore")
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
    return Tables(**add_codes(merged), version=f"{tables.version}+session")
