"""Load the published tables into DataFrames, with the joins every page needs. No Streamlit here."""

import io
import json
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from dashboard.errors import TrackerError
from dashboard.schema import PARQUET, PRIMARY_KEYS, SCHEMAS, TABLES
from dashboard.view.style import STATUS_ORDER

TABLES_DIR = Path(__file__).resolve().parent.parent.parent / "data" / "tables"


def tables_dir() -> Path:
    """The folder the app reads: data/tables, or $TRACKER_TABLES_DIR (tests, other deployments)."""
    return Path(os.environ.get("TRACKER_TABLES_DIR") or TABLES_DIR)


APP_FORMAT = "app-5"  # bump when the derived columns change: older copies are then ignored
INTEGER_COLUMNS = {name: [c.name for c in cols if c.type == "integer"] for name, cols in SCHEMAS.items()}


class TablesError(TrackerError):
    """A missing or corrupt table: the app shows this instead of a traceback."""


class _Frame:
    """One table of a Tables: a DataFrame, or a function that makes it on first use."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, tables: "Tables | None", owner=None) -> pd.DataFrame:
        if tables is None:
            return self  # type: ignore[return-value]
        frame = tables._frames[self.name]
        if callable(frame):  # a lazy view's frame: made once (two sessions making it at once is harmless)
            frame = tables._frames[self.name] = frame()
        return frame


class Tables:
    """Every published table as a DataFrame. Compared and hashed by identity: derived frames
    are memoised per Tables. A filtered view (`filters.apply_filters`) makes each of its frames
    only when a page reads it, and keeps `base` (the unfiltered tables) and `keep` (one boolean per base
    initiative) so that charts can count over integer code arrays without making frames."""

    documents = _Frame()
    initiatives = _Frame()
    initiative_countries = _Frame()
    initiative_sectors = _Frame()
    status_history = _Frame()
    sectors = _Frame()
    countries = _Frame()
    organizations = _Frame()
    initiative_organizations = _Frame()
    events = _Frame()
    initiative_events = _Frame()
    annotations = _Frame()
    built = ""  # when `build` made the published tables (datapackage.json's "created"), ISO 8601 UTC
    initiative_mentions = _Frame()
    initiative_aliases = _Frame()

    def __init__(
        self,
        version: str = "",
        base: "Tables | None" = None,
        keep: np.ndarray | None = None,
        only: dict[str, str] | None = None,
        **frames,
    ):
        unknown, missing = set(frames) - set(TABLES), set(TABLES) - set(frames)
        if unknown or missing:
            raise TypeError(f"Tables: unknown {sorted(unknown)}, missing {sorted(missing)}")
        self._frames = frames
        self.version = version
        self.base = base if base is not None else self
        self.keep = keep  # None: every initiative of base
        self.only = only or {}  # table -> boolean column of the base: the view keeps only those rows
        self._columns: dict[tuple[str, str], np.ndarray] = {}

    def named_links(self, named: bool) -> pd.DataFrame:
        """The country links named in the text (True), or the inferred ones; made once per Tables."""
        key = ("named_links", str(named))
        if key not in self._columns:
            links = self.initiative_countries
            self._columns[key] = links[links["_named"].to_numpy() == named]
        return self._columns[key]  # type: ignore[return-value]

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in TABLES}

    def with_frames(self, **frames) -> "Tables":
        """These tables with some frames replaced: a new, unfiltered Tables, its codes recomputed."""
        return Tables(self.version, **add_codes({**self.frames(), **frames}))

    def column(self, table: str, column: str) -> np.ndarray:
        """One column of a table as a NumPy array, for this view's rows. Meant for integer codes:
        a view filters the base's arrays without making its own frame."""
        key = (table, column)
        if key not in self._columns:
            if self.keep is None:
                values = getattr(self, table)[column].to_numpy()
            else:
                rows = self.keep if table == "initiatives" else selected(self.base.column(table, "_ini"), self.keep)
                if table in self.only:
                    rows = rows & self.base.column(table, self.only[table])
                values = self.base.column(table, column)[rows]
            self._columns[key] = values
        return self._columns[key]


def selected(codes: np.ndarray, keep: np.ndarray | None) -> np.ndarray:
    """For each code (a row of another table), is that row kept? `keep` None keeps every
    row; code -1 (a row that does not exist) is never kept."""
    if keep is None:
        return codes >= 0
    return (codes >= 0) & keep[np.maximum(codes, 0)]


def mark(size: int, codes) -> np.ndarray:
    """A boolean array of `size` that is True at `codes` (code -1 is ignored)."""
    marks = np.zeros(size, dtype=bool)
    codes = np.asarray(codes, dtype=np.int64)
    marks[codes[codes >= 0]] = True
    return marks


def signature(directory: Path = TABLES_DIR) -> str:
    """Changes whenever a table is rebuilt: the cache key of the loaded data."""
    parts = []
    for name in (*TABLES, "datapackage"):
        path = directory / (f"{name}.csv" if name != "datapackage" else "datapackage.json")
        stat = path.stat() if path.exists() else None
        parts.append(f"{name}:{stat.st_mtime_ns}:{stat.st_size}" if stat else f"{name}:missing")
    return "|".join(parts)


def parse_csv(source, label: str, name: str) -> pd.DataFrame:
    """One table's CSV as strings (empty cells stay ""), its integer columns typed and checked."""
    try:
        frame = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8")
    except (ValueError, UnicodeDecodeError, OSError, pd.errors.ParserError) as exc:
        raise TablesError(f"{label}: table is corrupt ({str(exc).splitlines()[0]}); rebuild it") from None
    expected = [c.name for c in SCHEMAS[name]]
    missing = [c for c in expected if c not in frame.columns]
    if missing:
        raise TablesError(f"{label}: table lacks column(s) {', '.join(missing)}; rebuild it")
    for column in INTEGER_COLUMNS[name]:
        numbers = pd.to_numeric(frame[column].replace("", None), errors="coerce")
        if numbers.isna().sum() > (frame[column] == "").sum():
            raise TablesError(f"{label}: column {column} holds values that are not numbers; rebuild it")
        frame[column] = numbers.astype("Int64")
    return frame[expected]


def read_table(directory: Path, name: str) -> pd.DataFrame:
    path = directory / f"{name}.csv"
    if not path.exists():
        raise TablesError(f"{path}: table is missing; run `python -m dashboard build`")
    return parse_csv(path, str(path), name)


def read_app_table(directory: Path, name: str) -> pd.DataFrame:
    """One table from the app's Parquet copy: already typed and coded at build time."""
    path = directory / PARQUET / f"{name}.parquet"
    if not path.exists():
        raise TablesError(f"{path}: table is missing; run `python -m dashboard build`")
    try:
        frame = pq.read_table(path).combine_chunks().to_pandas()  # one chunk: take() is 25x faster
    except (ValueError, OSError, pa.ArrowException) as exc:
        raise TablesError(f"{path}: table is corrupt ({str(exc).splitlines()[0]}); rebuild it") from None
    missing = [c for c in (*(c.name for c in SCHEMAS[name]), *DERIVED[name]) if c not in frame.columns]
    if missing:
        raise TablesError(f"{path}: table lacks column(s) {', '.join(missing)}; rebuild it")
    return frame


def app_copy_is_current(directory: Path, version: str) -> bool:
    """True when the Parquet copy was made from these CSVs by this format of the app."""
    stamp = directory / PARQUET / "VERSION"
    if not (version and stamp.exists()):
        return False
    try:
        return stamp.read_text(encoding="utf-8").split() == [version, APP_FORMAT]
    except (UnicodeDecodeError, OSError):
        raise TablesError(f"{stamp}: not a version stamp; rebuild the tables") from None


def load_tables(directory: Path = TABLES_DIR) -> Tables:
    """Every table, with the derived columns the app needs: from the Parquet copy when it
    belongs to this build (fast), else from the CSVs (then derived here)."""
    version, built = "", ""
    package = directory / "datapackage.json"
    if package.exists():
        try:
            described = json.loads(package.read_text(encoding="utf-8"))
            version, built = described.get("version", ""), described.get("created", "")
        except (ValueError, UnicodeDecodeError, AttributeError):
            raise TablesError(f"{package}: not valid JSON; rebuild the tables") from None
    if app_copy_is_current(directory, version):
        frames = {name: read_app_table(directory, name) for name in TABLES}
        check(frames, directory / PARQUET)
        loaded = Tables(version, **frames)
    else:
        frames = {name: read_table(directory, name) for name in TABLES}
        check(frames, directory)  # before the codes are made: they need unique ids
        loaded = Tables(version, **prepare(frames))
    loaded.built = built if isinstance(built, str) else ""
    return loaded


def check(frames: dict[str, pd.DataFrame], label: Path) -> None:
    """The tables against the data package's schema (view/checks.py, pandera): one TablesError."""
    from dashboard.view.checks import TableCheckError, check_tables  # pandera: loaded with the first tables

    try:
        check_tables(frames)
    except TableCheckError as exc:
        raise TablesError(f"{label}: {exc}; rebuild the tables") from None


def app_parquet(
    csv_texts: dict[str, str], version: str, parsed: dict[str, pd.DataFrame] | None = None
) -> dict[str, bytes]:
    """The app's Parquet copy of a build: each table parsed as on load (or taken from `parsed`,
    the same CSVs parsed already), with its derived columns, in deterministic bytes; and the
    VERSION stamp that ties it to the CSVs."""
    parsed = dict(parsed or {})
    for name in TABLES:
        if name not in parsed:
            parsed[name] = parse_csv(io.StringIO(csv_texts[name]), name, name)
    frames = prepare(parsed)
    files: dict[str, bytes] = {}
    for name, frame in frames.items():
        buffer = io.BytesIO()
        pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), buffer, compression="zstd")
        files[f"{name}.parquet"] = buffer.getvalue()
    files["VERSION"] = f"{version} {APP_FORMAT}\n".encode()
    return files


def prepare(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Parsed tables -> the app's frames: the first source's URL, typed flags, integer codes."""
    frames = dict(frames)
    frames["initiatives"] = enrich_initiatives(frames)
    frames["initiatives"]["reviewed"] = frames["initiatives"]["reviewed"].eq("true")
    return add_codes(frames)


def list_column(frame: pd.DataFrame, column: str, codes: np.ndarray, names: dict | None = None) -> list[list[str]]:
    """For each initiative code, the sorted distinct values of `column` (through `names` if
    given) in its rows. Only the rows of these initiatives are read; nothing runs per group."""
    ini = frame["_ini"].to_numpy()
    place = np.full(max(int(ini.max(initial=-1)), int(codes.max(initial=-1))) + 2, -1)  # last slot: code -1
    place[codes] = np.arange(len(codes))
    at = place[ini]
    chosen = np.flatnonzero(at >= 0)
    values = frame[column].iloc[chosen]
    rows = pd.DataFrame({"_place": at[chosen], column: values.map(names) if names else values.to_numpy()})
    rows = rows.drop_duplicates().sort_values(["_place", column])
    counts = np.bincount(rows["_place"].to_numpy(), minlength=len(codes))
    chunks = np.split(rows[column].to_numpy(dtype=object), np.cumsum(counts)[:-1]) if len(codes) else []
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
    """These initiatives (rows of `tables`) with their countries, sectors and sources as lists.
    Costs what they are: the base's link tables are read for these initiatives only."""
    base = tables.base
    codes = initiatives["_ini"].to_numpy()
    labels = dict(zip(base.sectors["sector_id"], base.sectors["label"], strict=True))
    named = list_column(base.named_links(True), "iso3", codes)
    inferred = list_column(base.named_links(False), "iso3", codes)
    return initiatives.assign(
        countries=named,
        # a country named in one role and inferred in another is named: only the inferred-only are listed
        inferred_countries=[sorted(set(i) - set(n)) for n, i in zip(named, inferred, strict=True)],
        sectors=list_column(base.initiative_sectors, "sector_id", codes, labels),
        sources=list_column(base.status_history, "doc_id", codes),
    )


def add_codes(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Integer codes, so that filtering is array indexing and charts count with np.bincount:
    _ini and _doc (row of the initiative and document), _status (place on the ladder),
    _sector and _country (row in the sectors and countries tables, -1 if absent), _first
    (a country's first link to an initiative, whatever its role), _month (months since year 0
    of a claim, -1 undated), _order (the table's order: newest first, then by name) and _rank
    (most reported first, then latest, then by name)."""
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
    ini, history = out["initiatives"], out["status_history"]
    ini["_status"] = status_codes(ini["status"])
    history["_status"] = status_codes(history["status"])
    history["_month"] = month_codes(history["date"])
    sectors, countries = out["initiative_sectors"], out["initiative_countries"]
    sectors["_sector"] = pd.Index(out["sectors"]["sector_id"]).get_indexer(sectors["sector_id"])
    countries["_country"] = pd.Index(out["countries"]["iso3"]).get_indexer(countries["iso3"])
    countries["_first"] = ~countries.duplicated(["_ini", "iso3"])
    countries["_named"] = countries["inferred"].astype(str).str.lower().ne("true")  # named in the text, not inferred
    countries["_first_named"] = countries["_named"] & ~(countries[countries["_named"]].duplicated(["_ini", "iso3"])
                                                        .reindex(countries.index, fill_value=True))  # fmt: skip
    ini["_area"] = ini["kind"].eq("agenda").to_numpy()  # a cooperation area, counted apart
    ini["_usd"] = pd.to_numeric(ini["amount_usd"], errors="coerce").astype("float64")  # NaN: no dollar value
    ini["_stated"] = ini["amount"].astype(str).ne("") & ini["amount"].notna()  # an amount, whatever its currency
    ini["_order"] = rank_of(ini, ["first_seen", "name"], [False, True])
    ini["_rank"] = rank_of(ini, ["n_sources", "last_seen", "name"], [False, False, True])
    return out


def status_codes(statuses: pd.Series) -> np.ndarray:
    """Place of each status on the ladder (STATUS_ORDER); anything else counts as unknown."""
    codes = pd.Index(STATUS_ORDER).get_indexer(statuses)
    return np.where(codes < 0, STATUS_ORDER.index("unknown"), codes).astype(np.int8)


def month_codes(dates: pd.Series) -> np.ndarray:
    """Months since year 0 of YYYY, YYYY-MM or YYYY-MM-DD dates (a bare year counts as January); -1 if undated."""
    unique = pd.unique(dates)
    codes = {}
    for date in unique:
        year, month = str(date)[:4], str(date)[5:7] or "01"
        codes[date] = int(year) * 12 + int(month) - 1 if year.isdigit() and month.isdigit() else -1
    return dates.map(codes).to_numpy(dtype=np.int64) if len(dates) else np.zeros(0, dtype=np.int64)


def rank_of(frame: pd.DataFrame, columns: list[str], ascending: list[bool]) -> np.ndarray:
    """Each row's place when the frame is sorted by `columns` (a stable sort)."""
    order = frame.sort_values(columns, ascending=ascending, kind="stable").index
    ranks = np.empty(len(frame), dtype=np.int64)
    ranks[frame.index.get_indexer(order)] = np.arange(len(frame))
    return ranks


DERIVED = {
    "initiatives": ["source_url", "_ini", "_status", "_order", "_rank", "_area", "_usd", "_stated"],
    "initiative_countries": ["_ini", "_country", "_first", "_named", "_first_named"],
    "initiative_sectors": ["_ini", "_sector"],
    "status_history": ["_ini", "_doc", "_status", "_month"],
    "initiative_organizations": ["_ini"],
    "initiative_mentions": ["_ini", "_doc"],
    "documents": ["_doc"],
    "events": ["_doc"],
    "initiative_events": ["_ini", "_doc"],
    "annotations": ["_doc"],
    "sectors": [],
    "countries": [],
    "organizations": [],
    "initiative_aliases": [],
}


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
    return Tables(version, **prepare(frames_from_rows(rows)))


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
        frame = frame.drop(columns=[c for c in frame.columns if c.startswith("_")])
        extra = article.frames()[name]
        extra = extra.drop(columns=[c for c in extra.columns if c.startswith("_")])
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
    return Tables(f"{tables.version}+session", **add_codes(merged))
