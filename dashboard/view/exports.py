"""Downloads of the filtered view: CSV, Excel and JSON, every text cell guarded against formulas."""

import datetime as dt
import io
import json
import re

import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from dashboard.view.citation import cite, link_query, view_link
from dashboard.view.data import Tables, with_lists
from dashboard.view.filters import Filters

# A spreadsheet runs a cell as a formula when it starts with one of these (OWASP, "CSV Injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# What a reader does not see in front of a formula: spaces, control characters, and Unicode's
# invisible format characters (zero-width spaces and joiners, bidirectional marks such as
# U+202E, the byte-order mark).
_INVISIBLE = re.compile(r"[\x00-\x20\x7f-\xa0\xad\u061c\u180e\u200b-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff]*")
INITIATIVE_COLUMNS = [
    "initiative_id", "name", "kind", "status", "proposer_iso3", "countries", "inferred_countries", "sectors",
    "first_seen", "last_seen", "n_sources", "sources", "source_url", "parent_id", "summary",
]  # fmt: skip
LIST_SEPARATOR = "; "


def guard(value: object) -> object:
    """Prefix a formula-like text cell with an apostrophe, so spreadsheets show it as text; a cell
    whose first visible character starts a formula too ('\u202e=1+1', '\x07=HYPERLINK(...)')."""
    if isinstance(value, str) and (
        value.startswith(FORMULA_PREFIXES) or value[_INVISIBLE.match(value).end() :].startswith(FORMULA_PREFIXES)
    ):
        return "'" + value
    return value


def guard_cell(value: object) -> object:
    """A table cell as the page shows it: text guarded, each item of a list cell guarded."""
    return [guard(x) for x in value] if isinstance(value, list) else guard(value)


def guard_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell guarded; list cells joined first."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(lambda v: guard(LIST_SEPARATOR.join(v) if isinstance(v, list) else v))
    return out


def initiatives_sheet(tables: Tables) -> pd.DataFrame:
    """The initiatives table as users see it, with countries (named in the text, and apart those
    inferred from a region, an organization or the context) and sectors joined as lists."""
    initiatives = with_lists(tables, tables.initiatives)
    columns = [c for c in INITIATIVE_COLUMNS if c in initiatives.columns]
    return guard_frame(initiatives[columns + ["reviewed", "review_note", "quiet", "confidence", "confidence_reasons"]])


def file_name(stem: str, extension: str, today: dt.date | None = None) -> str:
    return f"cooperation-tracker-{stem}-{(today or dt.date.today()).isoformat()}.{extension}"


def csv_bytes(tables: Tables) -> bytes:
    return initiatives_sheet(tables).to_csv(index=False).encode("utf-8")


def about_rows(
    tables: Tables, filters: Filters, built: str, today: dt.date | None = None, link: str = ""
) -> pd.DataFrame:
    """The About sheet: the view's citation part by part (the Cite box's), its filters one a row, its
    sources. `link`: the view's link (default: relative to the app)."""
    link = link or view_link(None, "", link_query(filters, tables.version))
    citation = cite(tables.version, built, filters, link, today)
    rows = [
        ("Title", citation.title),
        ("Data version", citation.version),
        ("Data built", citation.built),
        ("Downloaded", citation.accessed),
        ("Filters in words", citation.filters),
        ("Link", citation.link),
    ]
    rows += [(f"Filter: {name}", value) for name, value in filters.describe()] or [("Filters", "none")]
    for doc in tables.documents.itertuples():
        rows.append(("Source", " · ".join(p for p in (doc.source, doc.published, doc.url or doc.doc_id) if p)))
    rows.append(("Suggested citation", citation.text()))
    return guard_frame(pd.DataFrame(rows, columns=["item", "value"]))


def table_frames(tables: Tables) -> dict[str, pd.DataFrame]:
    """Every filtered table as published (documents without their full text), guarded."""
    frames = {"initiatives": initiatives_sheet(tables)}
    for name, frame in tables.frames().items():
        if name in ("initiatives", "annotations"):
            continue
        frame = frame[[c for c in frame.columns if not c.startswith("_")]]  # internal codes stay inside
        frames[name] = guard_frame(
            frame.drop(columns=["text"]) if name == "documents" else frame
        )  # text: too long for a cell
    return frames


EXCEL_CELL = 32_767  # characters an Excel cell holds


def clip(value: object) -> object:
    """A cell Excel accepts: no control characters (the XML of a workbook forbids them), 32,767 characters."""
    if not isinstance(value, str):
        return value
    value = guard(ILLEGAL_CHARACTERS_RE.sub("", value))  # guard again: '\x07=1+1' becomes '=1+1'
    return value if len(value) <= EXCEL_CELL else value[: EXCEL_CELL - 1] + "…"


def excel_bytes(tables: Tables, filters: Filters, built: str, today: dt.date | None = None, link: str = "") -> bytes:
    """A workbook with one sheet per table and an About sheet; over-long cells are cut to fit."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        about_rows(tables, filters, built, today, link).map(clip).to_excel(writer, sheet_name="About", index=False)
        for name, frame in table_frames(tables).items():
            frame.map(clip).to_excel(writer, sheet_name=name[:31], index=False)
    return buffer.getvalue()


def json_bytes(tables: Tables, filters: Filters) -> bytes:
    """All filtered tables as one JSON object of row lists, with the filters that made them."""
    payload = {"version": tables.version, "filters": dict(filters.describe())}
    for name, frame in table_frames(tables).items():
        payload[name] = json.loads(frame.to_json(orient="records", force_ascii=False))
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
