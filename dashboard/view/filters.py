"""Filters: what a link's query string says, checked against the data, and applied to the tables."""

import dataclasses
from collections.abc import Mapping
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from dashboard.dates import valid_iso
from dashboard.records import Kind, Role
from dashboard.schema import TABLES
from dashboard.view.data import DERIVED, Tables, mark, selected
from dashboard.view.style import STATUS_ORDER

MAX_TEXT = 200  # characters of search text kept from a link
MAX_VALUES = 300  # values kept per list parameter

# Query-string key -> Filters field. The keys are what users see in a shared link.
QUERY_KEYS = {
    "country": "countries",
    "role": "roles",
    "sector": "sectors",
    "status": "statuses",
    "kind": "kinds",
    "from": "date_from",
    "to": "date_to",
    "q": "text",
    "review": "review",
    "quiet": "quiet",
    "links": "links",
    "organization": "organizations",
    "confidence": "confidence",
}
STREAMLIT_KEYS = {"embed", "embed_options"}  # Streamlit's own link parameters: not ours to judge
# A page's own link parameters (which group a table lists, which record or sentence it shows):
# the page checks them.
PAGE_KEYS = {"show", "initiative", "iso3", "org", "doc", "at"}
VERSION_KEY = "v"  # the data version a link was made on: not a filter (view.citation checks it)
REVIEW_STATES = ("reviewed", "machine-extracted")
QUIET_STATES = ("quiet", "active")
# Which country links count: every one (the default, no parameter), or only the countries the text
# names. Inferred links (from a region, an organization or the context) are not facts of the text.
LINK_STATES = ("all", "named")


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()  # sector ids
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    date_from: str = ""
    date_to: str = ""
    text: str = ""
    review: tuple[str, ...] = ()
    quiet: tuple[str, ...] = ()
    links: str = ""  # "named": only the countries the text names; "" (or "all"): every link
    organizations: tuple[str, ...] = ()  # org ids of the codebook: financiers, partners
    confidence: int = 0  # the lowest confidence score kept (1..100); 0: every record

    def is_empty(self) -> bool:
        return self == Filters()

    def describe(self) -> list[tuple[str, str]]:
        """(filter, value) pairs of the active filters, for the About sheet."""
        return [(k, _in_words(k, v)) for k, v in asdict(self).items() if v]


def _in_words(field: str, value: object) -> str:
    if field == "confidence":
        return f"at least {value} of 100"
    return ", ".join(value) if isinstance(value, tuple) else str(value)


@dataclass(frozen=True)
class Options:
    """The values a filter may take, from the data."""

    countries: tuple[str, ...]
    roles: tuple[str, ...]
    sectors: tuple[str, ...]
    statuses: tuple[str, ...]
    kinds: tuple[str, ...]
    review: tuple[str, ...] = REVIEW_STATES
    quiet: tuple[str, ...] = QUIET_STATES
    organizations: tuple[str, ...] = ()
    counts: Mapping[str, Mapping[str, int]] = dataclasses.field(default_factory=dict)  # field -> value -> records

    def offered(self, name: str, chosen: tuple[str, ...] = ()) -> list[str]:
        """The values a filter list offers: those with records, and the chosen ones (from a link)
        even without any. A field without counts offers every value."""
        counted = self.counts.get(name)
        values = getattr(self, name)
        return list(values) if counted is None else [v for v in values if counted.get(v) or v in chosen]


def options_for(tables: Tables) -> Options:
    """Every value a filter may take, and how many records (initiatives) of the whole data have
    each: counted over integer codes, so once per data version even at 100,000 initiatives."""
    return Options(
        countries=tuple(sorted(pd.unique(tables.initiative_countries["iso3"]))),
        roles=tuple(r.value for r in Role),
        sectors=tuple(tables.sectors["sector_id"]),
        statuses=STATUS_ORDER,
        kinds=tuple(k.value for k in Kind),
        organizations=tuple(sorted(pd.unique(tables.initiative_organizations["org_id"]))),
        counts=record_counts(tables),
    )


def _per_code(codes: np.ndarray, names, ini: np.ndarray) -> dict[str, int]:
    """Distinct initiatives per code (a row of `names`); codes -1 and missing initiatives are skipped."""
    known = (codes >= 0) & (ini >= 0)
    width = int(ini.max(initial=0)) + 1
    pairs = np.sort(codes[known].astype(np.int64) * width + ini[known])  # sorted: faster than np.unique's hash
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs  # one per initiative
    counts = np.bincount(pairs // width, minlength=len(names))
    return {str(name): int(n) for name, n in zip(names, counts, strict=True) if n}


def record_counts(tables: Tables) -> dict[str, dict[str, int]]:
    """Per filter field, the records of the whole data with each value."""
    links = tables.initiative_countries
    link_ini = tables.column("initiative_countries", "_ini")
    roles = list(dict.fromkeys([*(r.value for r in Role), *links["role"].unique()]))
    role_codes = pd.Index(roles).get_indexer(links["role"])
    ini = tables.initiatives
    return {
        "countries": _per_code(tables.column("initiative_countries", "_country"), tables.countries["iso3"], link_ini),
        "roles": _per_code(role_codes, roles, link_ini),
        "sectors": _per_code(
            tables.column("initiative_sectors", "_sector"),
            tables.sectors["sector_id"],
            tables.column("initiative_sectors", "_ini"),
        ),
        "statuses": {
            s: int(n)
            for s, n in zip(
                STATUS_ORDER,
                np.bincount(tables.column("initiatives", "_status"), minlength=len(STATUS_ORDER)),
                strict=True,
            )
            if n
        },  # fmt: skip
        "kinds": {str(k): int(n) for k, n in ini["kind"].value_counts().items()},
        "organizations": organization_counts(tables),
    }


def organization_counts(tables: Tables) -> dict[str, int]:
    """Records per organization (whatever its role)."""
    links = tables.initiative_organizations
    if links.empty:
        return {}
    names = pd.Index(pd.unique(links["org_id"]))
    return _per_code(names.get_indexer(links["org_id"]), names, tables.column("initiative_organizations", "_ini"))


def _clip(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "…"


def parse_query(params: Mapping[str, list[str]], options: Options) -> tuple[Filters, list[str]]:
    """Filters from a query string; every value that is not valid is dropped with a notice."""
    values: dict[str, object] = {}
    notices: list[str] = []
    for key, raw in params.items():
        if key in STREAMLIT_KEYS or key in PAGE_KEYS or key == VERSION_KEY:
            continue
        field = QUERY_KEYS.get(key)
        items = [str(v) for v in (raw if isinstance(raw, list | tuple) else [raw])]
        if field is None:
            notices.append(f"Ignored unknown link parameter “{_clip(key)}”.")
            continue
        if field in ("date_from", "date_to"):
            value = items[-1].strip() if items else ""
            if value and not valid_iso(value):
                notices.append(f"Ignored “{key}={_clip(value)}”: not a date (YYYY-MM-DD).")
                continue
            values[field] = value
        elif field == "links":
            value = items[-1].strip() if items else ""
            if value not in LINK_STATES:
                notices.append(f"Ignored “{key}={_clip(value)}”: it is all or named.")
                continue
            values[field] = "" if value == "all" else value
        elif field == "confidence":
            value = items[-1].strip() if items else ""
            if value and not (value.isascii() and value.isdigit() and len(value) <= 3 and int(value) <= 100):
                notices.append(f"Ignored “{key}={_clip(value)}”: a score from 0 to 100.")
                continue
            values[field] = int(value or 0)
        elif field == "text":
            text = " ".join(" ".join(items).split())
            if len(text) > MAX_TEXT:
                notices.append(f"Search text cut to {MAX_TEXT} characters.")
                text = text[:MAX_TEXT]
            values[field] = text
        else:
            allowed = getattr(options, field)
            parts = [p.strip() for item in items for p in item.split(",") if p.strip()]
            good = [p for p in dict.fromkeys(parts) if p in allowed][:MAX_VALUES]
            bad = [p for p in dict.fromkeys(parts) if p not in allowed]
            if bad:
                shown = ", ".join(f"“{_clip(b)}”" for b in bad[:3]) + (
                    f" and {len(bad) - 3} more" if len(bad) > 3 else ""
                )
                notices.append(f"Ignored unknown {key} value(s) {shown}.")
            values[field] = tuple(good)
    filters = Filters(**values)
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        notices.append("Ignored the date range: “from” is after “to”.")
        filters = Filters(**{**asdict(filters), "date_from": "", "date_to": ""})
    return filters, notices


def to_query(filters: Filters) -> dict[str, list[str]]:
    """The query string of a view: only active filters, in a fixed order."""
    query = {}
    for key, field in QUERY_KEYS.items():
        value = getattr(filters, field)
        if value:
            query[key] = list(value) if isinstance(value, tuple) else [str(value)]
    return query


def matching(tables: Tables, f: Filters) -> np.ndarray:
    """One boolean per initiative: does it pass every active filter? Countries, sectors and
    statuses are compared as integer codes."""
    ini = tables.initiatives
    n = len(ini)
    keep = np.ones(n, dtype=bool)
    if f.countries or f.roles:
        links = tables.initiative_countries
        mask = np.ones(len(links), dtype=bool)
        if f.links == "named":
            mask &= tables.column("initiative_countries", "_named")
        if f.countries:
            wanted = np.flatnonzero(tables.countries["iso3"].isin(f.countries).to_numpy())
            mask &= np.isin(tables.column("initiative_countries", "_country"), wanted)
        if f.roles:
            mask &= links["role"].isin(f.roles).to_numpy()
        keep &= mark(n, tables.column("initiative_countries", "_ini")[mask])
    if f.organizations:
        chosen = tables.initiative_organizations["org_id"].isin(f.organizations).to_numpy()
        keep &= mark(n, tables.column("initiative_organizations", "_ini")[chosen])
    if f.sectors:
        wanted = np.flatnonzero(tables.sectors["sector_id"].isin(f.sectors).to_numpy())
        chosen = np.isin(tables.column("initiative_sectors", "_sector"), wanted)
        keep &= mark(n, tables.column("initiative_sectors", "_ini")[chosen])
    if f.statuses:
        keep &= np.isin(tables.column("initiatives", "_status"), [STATUS_ORDER.index(s) for s in f.statuses])
    if f.kinds:
        keep &= ini["kind"].isin(f.kinds).to_numpy()
    if f.date_from:
        keep &= (ini["last_seen"].ne("") & (ini["last_seen"] >= f.date_from)).to_numpy()
    if f.date_to:
        keep &= (ini["first_seen"].ne("") & (ini["first_seen"] <= f.date_to)).to_numpy()
    if f.review and len(f.review) == 1:
        keep &= ini["reviewed"].eq(f.review[0] == "reviewed").to_numpy()
    if f.confidence:
        keep &= ini["confidence"].to_numpy(dtype=np.int64, na_value=0) >= f.confidence
    if f.quiet and len(f.quiet) == 1:
        keep &= ini["quiet"].eq("true" if f.quiet[0] == "quiet" else "false").to_numpy()  # undated: neither
    if f.text:
        history = tables.status_history  # case=False: no lower-cased copy of every sentence
        in_evidence = history["evidence"].str.contains(f.text, case=False, regex=False).to_numpy()
        in_name = ini["name"].str.contains(f.text, case=False, regex=False).to_numpy()
        keep &= in_name | mark(n, tables.column("status_history", "_ini")[in_evidence])
    return keep


def apply_filters(tables: Tables, f: Filters) -> Tables:
    """Every table restricted to the initiatives in view, and the documents and events they cite.
    The view's frames are made when first read: a page that only counts never copies the text."""
    if f.is_empty():
        return tables
    keep = matching(tables, f)
    cited = tables.column("status_history", "_doc")[selected(tables.column("status_history", "_ini"), keep)]
    keep_doc = mark(len(tables.documents), cited)

    def by_initiative(name: str):
        return lambda: getattr(tables, name)[selected(tables.column(name, "_ini"), keep)]

    def by_document(name: str):
        return lambda: getattr(tables, name)[selected(tables.column(name, "_doc"), keep_doc)]

    def used(links: str, column: str, lookup: str):
        def make():
            rows = selected(tables.column(links, "_ini"), keep)
            if links in only:
                rows = rows & tables.column(links, only[links])
            values = set(getattr(tables, links)[column][rows])
            return getattr(tables, lookup)[getattr(tables, lookup)[column].isin(values)]

        return make

    lazy = {name: by_initiative(name) for name in TABLES if name != "initiative_aliases" and "_ini" in DERIVED[name]}
    only = {"initiative_countries": "_named"} if f.links == "named" else {}
    for name, flag in only.items():
        lazy[name] = lambda name=name, flag=flag: getattr(tables, name)[
            selected(tables.column(name, "_ini"), keep) & tables.column(name, flag)
        ]
    return Tables(
        tables.version,
        base=tables,
        keep=keep,
        only=only,
        **lazy,
        sectors=tables.sectors,
        initiative_aliases=tables.initiative_aliases,
        documents=lambda: tables.documents[keep_doc],
        annotations=by_document("annotations"),
        countries=used("initiative_countries", "iso3", "countries"),
        organizations=used("initiative_organizations", "org_id", "organizations"),
        events=lambda: events_in_view(tables, f, selected(tables.column("events", "_doc"), keep_doc)),
    )


def events_in_view(tables: Tables, f: Filters, cited: np.ndarray):
    """Meetings reported by a document in view (`cited`), that involve a chosen country and fall in the dates."""
    events = tables.events[cited]
    if f.countries:
        wanted = set(f.countries)
        participants = events["participants"].str.split(";")
        events = events[events["iso3"].isin(f.countries) | participants.map(lambda p: bool(wanted & set(p)))]
    if f.date_from:
        latest = events["end"].where(events["end"].ne(""), events["start"]).map(pad_high)
        events = events[events["start"].ne("") & (latest >= f.date_from)]
    if f.date_to:
        events = events[events["start"].ne("") & (events["start"].map(pad_low) <= f.date_to)]
    return events


def pad_low(date: str) -> str:
    """Earliest day of a date given as YYYY, YYYY-MM or YYYY-MM-DD."""
    return (date + "-01-01"[len(date) - 4 :]) if date else ""


def pad_high(date: str) -> str:
    """Latest day of a date given as YYYY, YYYY-MM or YYYY-MM-DD (month ends rounded to 31)."""
    return (date + "-12-31"[len(date) - 4 :]) if date else ""
