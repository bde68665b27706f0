"""Streamlit glue shared by the pages: cached loading, the filter sidebar bound to the URL,
cards, charts with empty states, and download buttons. Logic lives in dashboard.view."""

import datetime as dt
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
import pandas as pd
import streamlit as st

from dashboard.dates import valid_iso
from dashboard.errors import TrackerError
from dashboard.version_history import Changes, changes_since, read_history
from dashboard.view import alt, charts, exports
from dashboard.view.changes import changes_csv, default_since, feed_label, feed_link
from dashboard.view.citation import cite, link_query, link_version, same_version, version_notice, view_link
from dashboard.view.data import (
    Tables,
    TablesError,
    load_tables,
    signature,
    tables_dir,
    tables_from_rows,
    with_lists,
    with_session,
)
from dashboard.view.evidence import claims_html, confidence_text
from dashboard.view.filters import (
    LINK_STATES,
    QUERY_KEYS,
    STREAMLIT_KEYS,
    VERSION_KEY,
    Filters,
    Options,
    apply_filters,
    options_for,
    parse_query,
)
from dashboard.view.freshness import freshness
from dashboard.view.highlight import highlight, legend
from dashboard.view.history import recent_changes, status_steps_figure
from dashboard.view.metrics import cards, money_cards, usd
from dashboard.view.plain import plain
from dashboard.view.records import record_url
from dashboard.view.style import LAYER_LABELS, STATUS_COLORS, STATUS_LABELS, STATUS_ORDER

TOPOJSON_URL = "app/static/topojson/"  # served from dashboard/static/ (server.enableStaticServing)
PLOTLY_CONFIG = {"topojsonURL": TOPOJSON_URL, "displaylogo": False}
WIDGETS = {  # Filters field -> widget key
    "countries": "f_country",
    "roles": "f_role",
    "sectors": "f_sector",
    "statuses": "f_status",
    "kinds": "f_kind",
    "date_from": "f_from",
    "date_to": "f_to",
    "text": "f_text",
    "review": "f_review",
    "quiet": "f_quiet",
    "links": "f_links",
    "organizations": "f_org",
    "confidence": "f_confidence",
}
NOTICES = "link_notices"
VERSION_NOTICE = "version_notice"  # a link made on another version of the tables: what changed since
LINK_LABELS = {"all": "All (named and inferred)", "named": "Named in the text only"}
CONFIDENCE_HELP = (
    "The lowest confidence score shown (0 to 100): 50, plus points for independent and official sources, "
    "a status stated in several sentences and an analyst's review, minus points for hedged wording and old "
    "news. A heuristic, not a probability; the Methods page gives the scale."
)


# cache_resource, not cache_data: one shared, read-only copy of the tables for every session.
# cache_data would pickle them and hand each rerun a fresh copy: seconds and gigabytes at
# 100,000 initiatives. Nothing mutates a Tables; filters and pages build new frames.
@st.cache_resource(show_spinner="Loading tables…", max_entries=2)
def _load(directory: str, data_signature: str) -> Tables:
    """Cached on the folder and its files' signature, so a rebuilt table is picked up."""
    return load_tables(Path(directory))


def tables() -> Tables:
    """The published tables, or an error page that says what to do."""
    try:
        return _load(str(tables_dir()), signature(tables_dir()))
    except TablesError as exc:
        st.error(plain(f"The data cannot be loaded. {exc}"), icon=":material/error:")
        st.stop()


@st.cache_resource(max_entries=16)
def _filtered(_all: Tables, data_signature: str, filters: Filters) -> Tables:
    return apply_filters(_all, filters)


def data_version() -> str:
    """What identifies the published data: the folder and its files' signature."""
    return f"{tables_dir()}|{signature(tables_dir())}"


def filtered(all_tables: Tables, filters: Filters, session_docs: tuple[str, ...] = ()) -> Tables:
    """The filtered view, cached on the data, this session's articles and the filters."""
    if session_docs:  # per-session data: not shared through the cache
        return apply_filters(all_tables, filters)
    return _filtered(all_tables, data_version(), filters)


# --- Filters bound to the query string ---------------------------------------------------------
#
# The Filters in st.session_state["filters"] are the one source of truth. Each page draws the
# sidebar widgets from them and widget callbacks write back, so the filters survive page
# switches; the URL is rewritten from them on every run, so a copied link reproduces the view.

STATE = "filters"


def _query_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def _to_widget(field: str, value):
    if field in ("date_from", "date_to"):
        return dt.date.fromisoformat(value) if value else None
    if field == "links":
        return value or "all"
    return list(value) if isinstance(value, tuple) else value


def _from_widgets() -> Filters:
    values = {}
    for field, key in WIDGETS.items():
        value = st.session_state.get(key)
        if field in ("date_from", "date_to"):
            values[field] = value.isoformat() if isinstance(value, dt.date) else ""
        elif field == "text":
            values[field] = " ".join((value or "").split())[:200]
        elif field == "links":
            values[field] = "named" if value == "named" else ""
        elif field == "confidence":
            values[field] = int(value or 0)
        else:
            values[field] = tuple(value or ())
    return Filters(**values)


def store_widgets() -> None:
    """Widget callback: the widgets' values become the filters."""
    st.session_state[STATE] = _from_widgets()


def set_filters(**changes) -> None:
    st.session_state[STATE] = replace(current_filters(), **changes)


def reset_filters() -> None:
    st.session_state[STATE] = Filters()
    st.session_state[NOTICES] = []
    st.session_state[VERSION_NOTICE] = ""


def current_filters() -> Filters:
    return st.session_state.get(STATE, Filters())


def seed_from_link(options: Options) -> None:
    """On a session's first run, take the filters from the link and note what was dropped, and
    what changed since when the link names another version of the tables."""
    if STATE in st.session_state:
        return
    params = _query_params()
    filters, notices = parse_query(params, options)
    version, problem = link_version(params.get(VERSION_KEY))
    st.session_state[STATE] = filters
    st.session_state[NOTICES] = notices + ([problem] if problem else [])
    st.session_state[VERSION_NOTICE] = link_changes(version)


@st.cache_data(max_entries=64, show_spinner=False)
def _changes_since(old: str, current: str, directory: str, history_key: str, _aliases: pd.DataFrame) -> Changes | None:
    """What changed from a link's version to the current tables: once per pair of versions (and
    history file), for every session. `_aliases` belong to `current`, so its id keys them."""
    history = read_history(Path(directory))
    if not history or history[0].version != current:  # a history of other tables says nothing of these
        return None
    aliases = dict(zip(_aliases["alias_id"], _aliases["initiative_id"], strict=True))
    return changes_since(history, old, aliases)


def history_key(directory: Path) -> str:
    """Changes when versions.json is rewritten: the cache key of the history."""
    try:
        stat = (directory / "versions.json").stat()
    except OSError:
        return "missing"
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def link_changes(version: str) -> str:
    """The notice for a link made on `version` of the tables: "" when it is the current one."""
    published = tables()
    if not version or same_version(version, published.version):
        return ""
    directory = tables_dir()
    changes = _changes_since(
        version, published.version, str(directory), history_key(directory), published.initiative_aliases
    )
    return version_notice(version, published.version, changes)


def view_query(filters: Filters) -> dict[str, list[str]]:
    """The query string of a view: its filters and the published tables' version."""
    return link_query(filters, tables().version)


def view_url(filters: Filters, page: str = "", here: bool = True) -> str:
    """The link of a view, with the page's own parameters that sync_link kept (which group, which
    document): this page's address in the browser when Streamlit knows it (`here`), else relative
    to the app (`page`: the page's path, "" for the Overview)."""
    theirs = {*QUERY_KEYS, VERSION_KEY, *STREAMLIT_KEYS}
    own = {key: values for key, values in _query_params().items() if key not in theirs} if here else {}
    return view_link(st.context.url if here else None, page, view_query(filters) | own)


def sync_link(filters: Filters, keep: tuple[str, ...] = ()) -> None:
    """Write the active filters and the data version into the URL, so a copied link reproduces the
    view and says which tables it was made on; the page's own parameters in `keep` stay, the
    other pages' go."""
    params = _query_params()
    wanted = view_query(filters) | {key: params[key] for key in keep if key in params}
    if params != wanted:
        st.query_params.from_dict(wanted)


@st.cache_resource(max_entries=4)
def _options(_all: Tables, data_key: str) -> Options:
    """The values each filter offers, once per data version (a set over every country link)."""
    return options_for(_all)


def filter_options(all_tables: Tables) -> Options:
    """The filters' values and counts: shared per data version, or kept in the session for the
    tables with this session's articles (made again only when they change)."""
    if data_key():
        return _options(all_tables, data_key())
    made = st.session_state.get("session_options")
    if made is None or made[0] is not all_tables:
        made = st.session_state["session_options"] = (all_tables, options_for(all_tables))
    return made[1]


# Streamlit widens a focused multiselect's text input (to 3rem), so a box full of chips grows a line
# while focused and shrinks on blur: a click on the box below lands on its menu instead. The same
# width focused or not keeps every filter box where it is.
FILTER_CSS = '<style>[data-testid="stSidebar"] [data-testid="stMultiSelect"] input{min-width:3rem!important}</style>'


def filter_sidebar(all_tables: Tables, keep: tuple[str, ...] = ()) -> Filters:
    """The sidebar filters, drawn from and written back to the stored Filters."""
    options = filter_options(all_tables)
    seed_from_link(options)
    filters = current_filters()
    for field, value in asdict(filters).items():
        st.session_state[WIDGETS[field]] = _to_widget(field, value)
    names = dict(zip(all_tables.countries["iso3"], all_tables.countries["name"], strict=True))
    labels = dict(zip(all_tables.sectors["sector_id"], all_tables.sectors["label"], strict=True))
    # No "Select all" row: a click that lands on it (the box above shrinks on blur) would pick every value.
    bar, on = st.sidebar, {"on_change": store_widgets}
    pick = {**on, "select_all": False}
    st.html(FILTER_CSS)
    bar.header("Filters")

    def offered(field: str, label) -> dict:
        """A filter list's values with records (and the chosen ones), each with its count of records."""
        counts = options.counts.get(field, {})
        return {
            "options": options.offered(field, getattr(filters, field)),
            "format_func": lambda v: f"{label(v)} · {counts.get(v, 0):,}",
        }

    bar.multiselect("Country", key="f_country", **offered("countries", lambda c: f"{names.get(c, c)} ({c})"), **pick)
    bar.radio(
        "Country links",
        LINK_STATES,
        key="f_links",
        format_func=LINK_LABELS.get,
        help="Named: only the countries the text names. All: also those inferred from a region (Central Asia), "
        "an organization or the context.",
        **on,
    )
    bar.multiselect("Role", key="f_role", **offered("roles", str.capitalize), **pick)
    bar.multiselect("Sector", key="f_sector", **offered("sectors", lambda s: labels.get(s, s)), **pick)
    bar.multiselect("Status", key="f_status", **offered("statuses", STATUS_LABELS.get), **pick)
    bar.multiselect("Kind", key="f_kind", **offered("kinds", str.capitalize), **pick)
    if options.organizations:
        orgs = dict(zip(all_tables.organizations["org_id"], all_tables.organizations["name"], strict=True))
        bar.multiselect(
            "Organization",
            key="f_org",
            help="Banks, agencies and companies linked to a record (as financier or partner)",
            **offered("organizations", lambda o: orgs.get(o, o)),
            **pick,
        )
    left, right = bar.columns(2)
    left.date_input("From", key="f_from", format="YYYY-MM-DD", **on)
    right.date_input("To", key="f_to", format="YYYY-MM-DD", **on)
    bar.text_input("Search names and evidence", key="f_text", max_chars=200, **on)
    if "reviewed" in all_tables.initiatives:
        bar.multiselect("Review", options.review, key="f_review", **pick)
        bar.multiselect("Activity", options.quiet, key="f_quiet", help="Quiet: no new report for 180 days", **pick)
    bar.slider("Confidence", 0, 100, key="f_confidence", help=CONFIDENCE_HELP, **on)
    bar.button("Reset filters", on_click=reset_filters, icon=":material/restart_alt:", width="stretch")
    sync_link(filters, keep)
    return filters


def show_notices() -> None:
    changed = st.session_state.get(VERSION_NOTICE)
    if changed:
        st.warning(plain(changed), icon=":material/history:")
    for notice in st.session_state.get(NOTICES, []):
        st.warning(plain(notice), icon=":material/link_off:")


SESSION_ARTICLES = "session_articles"  # doc_id -> (article tables, matches): this session only


def session_tables(published: Tables, articles: dict) -> Tables:
    """The published tables with this session's articles merged in, made once per data version
    and set of articles (kept in the session: they are this session's alone)."""
    key = (data_version(), tuple(sorted(articles)))
    made = st.session_state.get("session_tables")
    if made is None or made[0] != key:
        merged = published
        for article, matches in articles.values():
            merged = with_session(merged, article, matches)
        made = st.session_state["session_tables"] = (key, merged)
    return made[1]


def show_freshness(published: Tables) -> None:
    """On every page, at the top of the sidebar (in view without scrolling): the newest
    document's date, the build time, and a warning when the newest document is more than
    30 days old."""
    fresh = freshness(list(published.documents["published"]), published.built, dt.datetime.now(dt.UTC).date())
    st.sidebar.caption(plain(fresh.caption))
    if fresh.warning:
        st.sidebar.warning(plain(fresh.warning), icon=":material/update:")


def page(keep: tuple[str, ...] = ()) -> tuple[Tables, Tables, Filters]:
    """What every page starts with: all tables (with this session's articles), the view, the filters.
    `keep`: the page's own link parameters, left in the URL."""
    all_tables = tables()
    articles = st.session_state.get(SESSION_ARTICLES, {})
    if articles:
        all_tables = session_tables(all_tables, articles)
    show_freshness(tables())  # the published tables': an article analyzed in this session is not news
    filters = filter_sidebar(all_tables, keep)
    show_notices()
    if articles:
        st.sidebar.caption(plain(f"Includes {len(articles)} article(s) analyzed in this session, not saved."))
        st.info(plain(session_notice(len(articles))), icon=":material/science:")
    return all_tables, filtered(all_tables, filters, tuple(sorted(articles))), filters


def session_notice(count: int) -> str:
    return (
        f"This view includes {count} article(s) you analyzed in this session; they are not saved. "
        "Turn “Add this article to my view” off on the Analyze page to leave them out."
    )


def page_without_filters() -> None:
    """A page the filters do not change (Analyze): no filter sidebar, but the filters are kept in
    the session and in the link, for the next data page."""
    show_freshness(tables())
    seed_from_link(_options(tables(), data_version()))
    show_notices()
    articles = st.session_state.get(SESSION_ARTICLES, {})
    if articles:
        st.sidebar.caption(plain(f"Includes {len(articles)} article(s) analyzed in this session, not saved."))
    sync_link(current_filters())


def coverage_text(published: Tables) -> str:
    """What the corpus covers: its documents, their date range and publishers."""
    docs = published.documents
    dates = sorted(d for d in docs["published"] if valid_iso(str(d)))
    span = "dates unknown"
    if dates:
        span = f"published {dates[0]}" + (f" to {dates[-1]}" if dates[-1] != dates[0] else "")
        span += f" ({len(docs) - len(dates):,} undated)" if len(dates) < len(docs) else ""
    sources = docs["source"][docs["source"].ne("")].value_counts()
    named = ", ".join(sources.index[:5]) + (f" and {len(sources) - 5:,} more" if len(sources) > 5 else "")
    return (
        f"{len(docs):,} source document(s), {span}, from {named or 'publishers not recorded'}. "
        "Every record cites the sentence it comes from."
    )


def coverage(published: Tables) -> None:
    """For a first visitor: what the corpus covers and how to add to it."""
    with st.expander("What this covers, and how to add to it", icon=":material/help:"):
        st.caption(plain(coverage_text(published)))
        st.caption(
            "**Add an article**: for this session only, on the *Analyze an article* page (paste it, upload "
            "it or give its link). To add it for everyone: `python -m dashboard add FILE|URL`, which files it "
            "into `seeds/` and then builds the tables again (`python -m dashboard build`)."
        )


# --- Cards, charts, tables -----------------------------------------------------------------


def card_row(view: Tables) -> None:
    """Totals on one row, one card per status on the next; unknowns are said, not zeroed."""
    row = cards(view)
    totals = [c for c in row if c.key in ("initiatives", "areas", "countries", "sectors", "sources")]
    statuses = [c for c in row if c not in totals]
    for group in (totals, statuses):
        for column, card in zip(st.columns(len(group)), group, strict=True):
            column.metric(card.label, f"{card.value:,}", help=plain(card.note) if card.note else None, border=True)
    notes = [c.note for c in row if c.note]
    if notes:
        st.caption(plain(" · ".join(notes)))
    money, note = money_cards(view)
    for column, card in zip(st.columns(len(money)) if money else (), money, strict=True):
        column.metric(card.label, card.text, help=plain(card.note), border=True)
    rates = "In US dollars at the average rate of the year of the document that states the amount (ECB reference rates)"
    st.caption(plain(f"{rates} · {note}" if money else note))


def status_legend() -> None:
    swatches = " ".join(
        f'<span style="display:inline-block;width:.8em;height:.8em;background:{STATUS_COLORS[s]};'
        f'border-radius:2px;margin:0 .25em 0 .8em"></span>{STATUS_LABELS[s]}'
        for s in STATUS_ORDER
    )
    st.html(f'<div style="font-size:.9em;color:#444">{swatches}</div>')


@st.cache_resource(max_entries=64)
def _figure(name: str, _view: Tables, view_key: str, outline: tuple[str, ...] = ()):
    """A chart of a view, built once per data version and filters and shared by every session."""
    return build_chart(name, _view, outline)


def build_chart(name: str, view: Tables, outline: tuple[str, ...] = ()):
    """A chart of a view; the map outlines the countries in `outline` (the Country filter's)."""
    return charts.CHARTS[name](view, outline=outline) if outline else charts.CHARTS[name](view)


def data_key() -> str:
    """What identifies the data every session shares: the folder and its files' signature;
    "" when this session added articles of its own, which are neither shared nor cached."""
    if st.session_state.get(SESSION_ARTICLES):
        return ""
    return data_version()


def view_key() -> str:
    """What identifies the current view: the data and the filters."""
    data = data_key()
    return shared_view_key(data, current_filters()) if data else ""


def shared_view_key(data: str, filters: Filters) -> str:
    return f"{data}|{filters!r}"


def warm() -> None:
    """Fill the shared caches with what a new visitor's first page needs: the tables, the filter
    options, the unfiltered view and the Overview's first charts. Run by `python -m
    dashboard.serve` while the server starts, so that the first visitor does not wait for it."""
    data = data_version()
    all_tables = _load(str(tables_dir()), signature(tables_dir()))
    _options(all_tables, data)
    view = _filtered(all_tables, data, Filters())
    for name in ("map", "sector", "areas"):
        _figure(name, view, shared_view_key(data, Filters()))


def chart(name: str, view: Tables, empty: str, on_select=None, key: str | None = None) -> None:
    """Draw one chart, or a friendly message when the view has nothing to show."""
    shared = view_key()
    outline = current_filters().countries if name == "map" else ()
    if not shared:
        figure = build_chart(name, view, outline)
    else:  # the same call as warm()'s when nothing is outlined, so that it finds what warm() built
        figure = _figure(name, view, shared, outline) if outline else _figure(name, view, shared)
    if figure is None:
        st.info(empty, icon=":material/info:")
        return
    kwargs = {"on_select": on_select, "selection_mode": "points", "key": key} if on_select else {}
    st.plotly_chart(figure, config=PLOTLY_CONFIG, width="stretch", **kwargs)
    chart_text(name, figure)


def chart_text(name: str, figure) -> None:
    """The chart's text alternative: a one-line summary, and its data as a table on demand
    (opened lazily: a closed one costs nothing but the summary)."""
    line, data = alt.describe(figure)
    st.caption(plain(line))
    shown = st.expander("The chart's data as a table", key=f"alt_{name}", on_change="rerun", icon=":material/table:")
    if shown.open:
        with shown:
            st.dataframe(display_frame(data), hide_index=True)


def selected_points(key: str) -> list[dict]:
    state = st.session_state.get(key)
    if not state:
        return []
    selection = state.get("selection", {}) if isinstance(state, dict) else getattr(state, "selection", {})
    return list(selection.get("points", []))


def filter_on_sector_click(all_tables: Tables) -> None:
    """A click on a sector bar filters the whole view to that sector."""
    by_label = dict(zip(all_tables.sectors["label"], all_tables.sectors["sector_id"], strict=True))
    picked = [by_label[p["y"]] for p in selected_points("chart_sector") if p.get("y") in by_label]
    if picked:
        set_filters(sectors=tuple(sorted(set(picked))))


def filter_on_country_click() -> None:
    """A click on a country of the map filters the whole view to that country."""
    picked = [p["location"] for p in selected_points("chart_map") if p.get("location")]
    if picked:
        set_filters(countries=tuple(sorted(set(picked))))


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """What a dataframe shows, guarded by value in every column that can hold text (object, or
    pandas 3's str): Streamlit's own CSV export of it then carries no live formula."""
    out = frame.copy()
    for column in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column])):
            out[column] = out[column].map(exports.guard_cell).astype(object)
    return out


EAGER_DOWNLOADS = 2_000  # initiatives up to which download files are made with the page


def skip_to_downloads() -> None:
    """A link right after the filters to this page's downloads: a keyboard user reaches them in
    two Tab stops instead of passing every chart's toolbar (the heading carries the anchor)."""
    st.sidebar.markdown("[Skip to the downloads of this view](#downloads)")


def downloads(view: Tables, filters: Filters, built: str, page: str | None = None) -> None:
    """CSV, Excel and JSON of the filtered view; file names carry the date. A large view's
    files are made only when a button is clicked, so that reruns stay fast. `page`: the path of a
    page of the published tables, whose link the Excel file's About sheet cites."""
    eager = len(view.initiatives) <= EAGER_DOWNLOADS
    link = view_url(filters, page) if page is not None else ""

    files = [
        ("Initiatives (CSV)", lambda: exports.csv_bytes(view), "initiatives", "csv", "text/csv", "download"),
        ("All tables (Excel)", lambda: exports.excel_bytes(view, filters, built, link=link), "tables", "xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "table_view"),
        ("All tables (JSON)", lambda: exports.json_bytes(view, filters), "tables", "json", "application/json",
         "data_object"),
    ]  # fmt: skip
    for column, (label, make, stem, extension, mime, icon) in zip(st.columns(3), files, strict=True):
        column.download_button(
            label,
            make() if eager else make,
            exports.file_name(stem, extension),
            mime,
            icon=f":material/{icon}:",
            on_click="ignore",
            width="stretch",
        )


def feed_offer(filters: Filters) -> None:
    """A link to the Atom feed of this view's changes, when one feed holds exactly them and `build`
    wrote it (no filter, or one country, one sector or one status alone)."""
    link = feed_link(filters)
    if link:
        # the label: plain(...) of the filter's values; the link: FEEDS_URL and a file name of [A-Za-z0-9_-]
        st.markdown(f":material/rss_feed: [{plain(feed_label(filters))}]({link})")
    elif feed_link(Filters()):
        st.caption("Atom feeds exist for all changes, and for one country, one sector or one status alone.")


def changes_download(view: Tables) -> None:
    """A CSV of what changed in the view since a date the reader picks (by default 90 days before
    its newest document): new initiatives, status changes, and every merge and drop, undated."""
    default = default_since(view)
    since = st.date_input("Changes since", default, dt.date(1900, 1, 1), key="changes_since", format="YYYY-MM-DD")
    since = since if isinstance(since, dt.date) else default

    def make() -> bytes:
        return changes_csv(view, since)

    st.download_button(
        f"Changes since {since.isoformat()} (CSV)",
        make() if len(view.initiatives) <= EAGER_DOWNLOADS else make,
        exports.file_name(f"changes-since-{since.isoformat()}", "csv"),
        "text/csv",
        icon=":material/difference:",
        on_click="ignore",
    )
    st.caption(
        "New initiatives, status changes (a status other than the initiative's previous report's) with "
        "the old and new status, the date, the evidence and its document; then the merges and drops of "
        "records, which the tables keep without a date: all of them (a filtered view: the merges into its records)."
    )


def cite_box(filters: Filters, page: str) -> None:
    """The “Cite this view” box: its citation to copy (title, data version, build date, access date, the
    filters in words, the link), made only when the box is opened. `page`: this page's path."""
    box = st.expander("Cite this view", key="cite_open", on_change="rerun", icon=":material/format_quote:")
    if box.open:
        with box:
            citation = cite(tables().version, build_date(), filters, view_url(filters, page))
            st.code(citation.text(), language=None, wrap_lines=True)
            st.caption(
                "The link opens this view with its filters; opened after the tables change, it says what "
                "changed since. The Excel download's About sheet carries the same citation, part by part."
            )


def build_date() -> str:
    """When the tables were built, as `build` recorded it in datapackage.json ("created", RFC 3339
    UTC). A build that recorded none is dated by the tables' own content, the newest document
    they hold; never by a file's modification time, which is that of a clone or a copy."""
    published = tables()
    built = published.built
    if len(built) >= 16 and built[10] == "T" and valid_iso(built[:10]):
        return f"{built[:10]} {built[11:16]} UTC"
    dates = [d for d in published.documents["published"] if valid_iso(str(d))]
    return f"not recorded; newest document {max(dates)}" if dates else "unknown"


# --- Initiatives and sources ------------------------------------------------------------------

INITIATIVE_COLUMNS = {
    "name": st.column_config.TextColumn("Initiative", width="large"),
    "page": st.column_config.LinkColumn("Page", display_text="open", help="The record's own page, with its link"),
    "kind": st.column_config.TextColumn("Kind"),
    "status_label": st.column_config.TextColumn("Status"),
    "confidence": st.column_config.ProgressColumn(
        "Confidence",
        min_value=0,
        max_value=100,
        format="%d",
        help="0 to 100: how well the sources support the record (a heuristic); select a row for the reasons",
    ),
    "countries": st.column_config.ListColumn("Countries named", help="Countries the text names"),
    "inferred_countries": st.column_config.ListColumn(
        "Countries inferred", help="Linked by a region (Central Asia), an organization or the context: not named"
    ),
    "sectors": st.column_config.ListColumn("Sectors"),
    "proposer_iso3": st.column_config.TextColumn("Proposer", help="Country whose official put it forward"),
    "amount_text": st.column_config.TextColumn("Amount", help="As the source writes it"),
    "usd": st.column_config.NumberColumn(
        "Amount (USD)", format="dollar", help="At the average rate of the year of the document that states it"
    ),
    "flow": st.column_config.TextColumn("Flow", help="Proposed, committed (agreed) or disbursed (being spent)"),
    "instrument": st.column_config.TextColumn("Instrument"),
    "lenders": st.column_config.ListColumn("Lenders", help="Organizations and countries that finance it"),
    "organizations": st.column_config.ListColumn("Organizations", help="Each with its role: financier or partner"),
    "first_seen": st.column_config.TextColumn("First seen"),
    "last_seen": st.column_config.TextColumn("Last seen"),
    "n_sources": st.column_config.NumberColumn("Sources", format="%d"),
    "review": st.column_config.TextColumn("Review", help="Reviewed by an analyst, or machine-extracted"),
    "activity": st.column_config.TextColumn("Activity", help="Quiet: no new report for 180 days"),
    "source_url": st.column_config.LinkColumn("Source", display_text="open"),
}
DOCUMENT_COLUMNS = {
    "title": st.column_config.TextColumn("Title", width="large"),
    "source": st.column_config.TextColumn("Publisher"),
    "published": st.column_config.TextColumn("Published"),
    "dateline_city": st.column_config.TextColumn("Dateline"),
    "url": st.column_config.LinkColumn("Link"),
    "doc_id": st.column_config.TextColumn("Id"),
}


TABLE_ROWS = 1_000  # rows sent to the browser; the downloads hold them all


def initiative_table(view: Tables, limit: int | None = TABLE_ROWS, areas: bool | None = None) -> pd.DataFrame:
    """One row per initiative as the table shows it, newest first, at most `limit` rows; only the
    cooperation areas (`areas` True) or only the others (False), or both (None)."""
    codes = view.column("initiatives", "_ini")
    if areas is not None:
        codes = codes[view.column("initiatives", "_area") == areas]
    rank = view.base.column("initiatives", "_order")  # newest first, then by name
    if limit and len(codes) > limit:
        codes = codes[np.argpartition(rank[codes], limit - 1)[:limit]]
    codes = codes[np.argsort(rank[codes])]
    table = with_lists(view, view.base.initiatives.iloc[codes])
    table["status_label"] = table["status"].map(STATUS_LABELS)
    table["review"] = table["reviewed"].map({True: "✓ reviewed", False: "machine-extracted"})
    table["activity"] = table["quiet"].map({"true": "quiet", "false": "active"}).fillna("unknown")
    table["usd"] = table["_usd"]
    table["page"] = [record_url("initiative", i) for i in table["initiative_id"]]
    orgs = dict(zip(view.base.organizations["org_id"], view.base.organizations["name"], strict=True))
    table["lenders"] = [
        [orgs.get(o, o) for o in str(ids).split(";") if o] + [c for c in str(iso3).split(";") if c]
        for ids, iso3 in zip(table["lender_org_ids"].fillna(""), table["lender_iso3"].fillna(""), strict=True)
    ]
    links = view.base.initiative_organizations
    links = links[links["initiative_id"].isin(table["initiative_id"])]
    named = [f"{orgs.get(o, o)} ({r})" for o, r in zip(links["org_id"], links["role"], strict=True)]
    by_record = pd.Series(named, dtype=object).groupby(links["initiative_id"].to_numpy()).agg(list)
    table["organizations"] = [by_record.get(i, []) for i in table["initiative_id"]]
    return table.reset_index(drop=True)


@st.fragment
def initiative_browser(view: Tables, areas: bool | None = None) -> None:
    """The table and the selected row's evidence: selecting a row reruns only this part."""
    table = initiative_table(view, areas=areas)
    event = st.dataframe(
        display_frame(table),
        key="area_table" if areas else "initiative_table",
        on_select="rerun",
        selection_mode="single-row",
        hide_index=True,
        column_config=INITIATIVE_COLUMNS,
        column_order=list(INITIATIVE_COLUMNS),
    )
    rows = event.selection.rows
    if rows:
        evidence(view, table.iloc[rows[0]]["initiative_id"])
    else:
        st.info("Select a row to see its evidence sentences in their source.", icon=":material/touch_app:")


def money_words(view: Tables, row: pd.Series) -> str:
    """'Amount: $500 million (USD 500,000,000 at 2025's rate) · committed · loan · lent by Asian
    Development Bank · stated in: «the sentence»', or '' when the text states no amount."""
    if pd.isna(row.get("amount_text")) or not row.get("amount_text"):
        return ""
    parts = [f"Amount: {row['amount_text']}"]
    if not pd.isna(row["_usd"]):
        parts[0] += f" ({usd(float(row['_usd']))} at {row['usd_rate_year']}'s average rate)"
    else:
        parts[0] += f" (no dollar rate for {row['currency'] or 'its currency'})"
    parts += [str(row[c]) for c in ("flow", "instrument") if isinstance(row[c], str) and row[c]]
    orgs = dict(zip(view.base.organizations["org_id"], view.base.organizations["name"], strict=True))
    lenders = [orgs.get(o, o) for o in str(row["lender_org_ids"] or "").split(";") if o]
    lenders += [c for c in str(row["lender_iso3"] or "").split(";") if c]
    if lenders:
        parts.append("lent by " + ", ".join(lenders))
    history = view.base.status_history
    at = row["amount_start"]
    if not pd.isna(at):
        hit = history[(history["doc_id"] == row["amount_doc_id"]) & (history["start"] <= at) & (history["end"] > at)]
        if len(hit):
            parts.append(f"stated in: “{hit['evidence'].iloc[0]}”")
    return " · ".join(parts)


def evidence(view: Tables, initiative_id: str) -> None:
    """Every status claim of an initiative, its sentence highlighted in the source around it."""
    row = view.initiatives.set_index("initiative_id").loc[initiative_id]
    st.subheader(plain(row["name"]))
    badge = "✓ reviewed" if row["reviewed"] else "machine-extracted"
    kind = "Cooperation area" if row["kind"] == "agenda" else row["kind"].capitalize()
    st.caption(plain(f"{kind} · {STATUS_LABELS[row['status']]} · {badge} · id {initiative_id}"))
    sure = confidence_text(row.get("confidence"), row.get("confidence_reasons"))
    if sure:
        st.markdown(plain(sure))
    links = country_basis(view, initiative_id)
    if links:
        st.markdown(plain("Countries: " + "; ".join(links)))
    money = money_words(view, row)
    if money:
        st.markdown(plain(money))
    if row["reviewed"] and row["review_note"]:
        st.info(plain(f"Analyst's note: {row['review_note']}"), icon=":material/rate_review:")
    figure = status_steps_figure(view, initiative_id)
    if figure is not None:
        st.plotly_chart(figure, config=PLOTLY_CONFIG, width="stretch")
    for block in claims_html(view, initiative_id):
        with st.container(border=True):
            st.html(block)


BASIS_WORDS = {
    "mention": "named",
    "proposer": "named as proposer",
    "review": "set by review",
    "context": "inferred from the context",
}


def basis_words(basis: str) -> str:
    """A link's basis in words: named, or what it was inferred from."""
    if basis.startswith("region:"):
        return f"inferred from “{basis.split(':', 1)[1]}”"
    if basis.startswith("organization:"):
        return f"inferred from membership of {basis.split(':', 1)[1]}"
    return BASIS_WORDS.get(basis, basis or "basis unknown")


def country_basis(view: Tables, initiative_id: str) -> list[str]:
    """Each country of an initiative with its role and the basis of the link, named ones first."""
    base = view.base
    links = base.initiative_countries[base.initiative_countries["initiative_id"] == initiative_id]
    names = dict(zip(base.countries["iso3"], base.countries["name"], strict=True))
    links = links.assign(_inferred=links["inferred"].eq("true")).sort_values(["_inferred", "iso3", "role"])
    return [f"{names.get(r.iso3) or r.iso3} ({r.role}, {basis_words(r.basis)})" for r in links.itertuples()]


def document_table(view: Tables) -> pd.DataFrame:
    docs = view.documents.copy()
    docs["title"] = docs["title"].where(docs["title"].ne(""), docs["lead"])
    return docs[list(DOCUMENT_COLUMNS)]


def document_label(view: Tables):
    titles = dict(zip(view.documents["doc_id"], view.documents["published"], strict=True))
    return lambda doc_id: f"{doc_id} ({titles.get(doc_id) or 'date unknown'})"


def sentence_at(view: Tables, doc_id: str, at: int) -> tuple[int, int] | None:
    """The bounds of the evidence sentence of `doc_id` that starts at `at`, if one does."""
    history = view.base.status_history
    hit = history[(history["doc_id"] == doc_id) & (history["start"] == at)]
    return (int(hit["start"].iloc[0]), int(hit["end"].iloc[0])) if len(hit) else None


def focused_html(text: str, spans: pd.DataFrame, focus: tuple[int, int]) -> str:
    """The text with its entities highlighted and one sentence outlined (escaped like the rest)."""
    a, b = focus
    return (
        highlight(text, spans, 0, a)
        + '<span class="hl-focus" style="outline:3px solid #B45309;border-radius:3px;background:#FEF3C7">'
        + highlight(text, spans, a, b)
        + "</span>"
        + highlight(text, spans, b)
    )


def source_text(view: Tables, doc_id: str, focus: tuple[int, int] | None = None) -> None:
    doc = view.documents.set_index("doc_id").loc[doc_id]
    st.caption(plain(" · ".join(p for p in (doc["source"], doc["published"], doc["url"]) if p) or "No metadata"))
    spans = view.annotations[view.annotations["doc_id"] == doc_id]
    st.html(f'<div style="margin:.5em 0">{legend(list(LAYER_LABELS))}</div>')
    body = focused_html(doc["text"], spans, focus) if focus else highlight(doc["text"], spans)
    with st.container(border=True):
        st.html(f'<div style="line-height:1.7">{body}</div>')


CHANGES_ROWS = 200


@st.cache_resource(max_entries=32)
def _changes(_view: Tables, key: str) -> pd.DataFrame:
    return recent_changes(_view, int(key.rsplit("|", 1)[1]))


CHANGE_DAYS = 90  # the default window of "What changed"


def changes_in(view: Tables, days: int) -> pd.DataFrame:
    shared = view_key()
    return _changes(view, f"{shared}|{days}") if shared else recent_changes(view, days)


def changes_summary(view: Tables) -> str:
    """The change list's heading: how many initiatives were first reported, and how many changed
    status, in the window (as plain text)."""
    days = int(st.session_state.get("changed_days", CHANGE_DAYS))
    changes = changes_in(view, days)
    new = int(changes["first"].sum())
    counts = f"{new:,} new initiative(s), {len(changes) - new:,} status change(s)"
    return plain(f"{counts} in the {days} days before the newest report")


def change_table(rows: pd.DataFrame, what: str) -> None:
    """The newest CHANGES_ROWS rows of a change list."""
    if len(rows) > CHANGES_ROWS:
        st.caption(plain(f"The {CHANGES_ROWS} most recent of {len(rows):,} {what}; the downloads hold every claim."))
    st.dataframe(
        display_frame(rows.head(CHANGES_ROWS).drop(columns=["initiative_id", "first"])),
        hide_index=True,
        column_config={"evidence": st.column_config.TextColumn("Evidence", width="large")},
    )


@st.fragment
def what_changed(view: Tables) -> None:
    """Initiatives whose status changed in the last N days of the corpus; those first reported then, apart."""
    days = st.number_input("Days before the newest report", 1, 3650, CHANGE_DAYS, step=30, key="changed_days")
    changes = changes_in(view, int(days))
    changed, new = changes[~changes["first"]], changes[changes["first"]]
    st.caption(plain(f"Status changes ({len(changed):,}): a status other than the initiative's previous report's"))
    if changed.empty:
        st.info(plain(f"No status changed in the {int(days)} days before the newest report."), icon=":material/info:")
    else:
        change_table(changed, "changes")
    st.caption(plain(f"New initiatives ({len(new):,}): first reported in these days"))
    if new.empty:
        st.info(plain(f"No initiative was first reported in the {int(days)} days."), icon=":material/info:")
    else:
        change_table(new, "new initiatives")


# --- Analyze an article -------------------------------------------------------------------------

ANALYSIS = "analysis"
MAX_PASTE = 200_000  # characters; a longer article is uploaded as a file


ARTICLE_SOURCES = ("Paste text", "Upload a file", "Link")
EMPTY_SOURCE = {
    "Paste text": "Nothing is pasted: paste the article's text, or pick “Upload a file” or “Link” above.",
    "Upload a file": "No file is chosen: browse for a .txt, .md or .html file, or pick another way above.",
    "Link": "Give the link of an article to analyze (http or https).",
}


def chosen_source(source: str, text: str, upload, link: str) -> tuple[str, str]:
    """Which input to analyze: the one picked, or, when it is empty, the only other one given
    (a file uploaded while "Paste text" is still picked is the article). ("", message) when none
    or several others are given."""
    given = {
        "Paste text": bool((text or "").strip()),
        "Upload a file": upload is not None,
        "Link": bool((link or "").strip()),
    }
    if given.get(source):
        return source, ""
    others = [s for s in ARTICLE_SOURCES if given[s]]
    if len(others) == 1:
        return others[0], ""
    if others:
        return "", f"“{source}” is picked but empty: pick {' or '.join(f'“{o}”' for o in others)} above to analyze it."
    return "", EMPTY_SOURCE.get(source, EMPTY_SOURCE["Paste text"])


def analyze_input(source: str, text: str, upload, link: str, published: dt.date | None) -> None:
    """The Analyze form's submit: analyze the chosen input, or say why there is nothing to analyze."""
    source, problem = chosen_source(source, text, upload, link)
    if problem:
        st.session_state[ANALYSIS] = {"error": problem}
        return
    run_analysis(
        text if source == "Paste text" else "",
        upload if source == "Upload a file" else None,
        published,
        link if source == "Link" else None,
    )


def run_analysis(text: str, upload, published: dt.date | None, link: str | None = None) -> None:
    """Check and extract a pasted, uploaded or linked article in the worker process
    (dashboard.isolation); keep the result, or its one-line error, in the session."""
    from dashboard import fetch, intake, isolation  # imported here: only this page needs them

    if link is not None:
        link = link.strip()
        if not link:
            st.session_state[ANALYSIS] = {"error": "Give the link of an article to analyze (http or https)."}
            return
        job = isolation.Job(name=fetch.shown_url(link), url=link, allow=fetch.allowance())
    elif upload is not None:
        job = isolation.Job(name=upload.name, data=upload.getvalue())
    else:
        job = isolation.Job(text=text or "")
    job = replace(job, published=published.isoformat() if published else "")
    try:
        article_tables = tables_from_rows(isolation.isolator().run(job))
        matches = intake.match_existing(_identities(article_tables), _identities(tables()))
    except TrackerError as exc:
        st.session_state[ANALYSIS] = {"error": str(exc)}
        return
    except Exception as exc:  # never a traceback on a public page
        st.session_state[ANALYSIS] = {"error": f"This article could not be analyzed ({type(exc).__name__})."}
        return
    st.session_state[ANALYSIS] = {"tables": article_tables, "matches": matches, "name": job.name}


def prepare_analysis() -> None:
    """Start the worker that reads articles, so that the first analysis does not wait for it."""
    from dashboard import isolation

    isolation.isolator().prestart()


def _identities(view: Tables) -> list[tuple[str, str, str, set[str]]]:
    countries = view.initiative_countries.groupby("initiative_id")["iso3"].agg(set).to_dict()
    ini = view.initiatives
    return [
        (i, n, k, countries.get(i, set()))
        for i, n, k in zip(ini["initiative_id"], ini["name"], ini["kind"], strict=True)
    ]


def toggle_session_article() -> None:
    analysis = st.session_state.get(ANALYSIS, {})
    article = analysis.get("tables")
    if article is None:
        return
    doc_id = article.documents["doc_id"].iloc[0]
    articles = dict(st.session_state.get(SESSION_ARTICLES, {}))
    if st.session_state.get("add_to_view"):
        articles[doc_id] = (article, analysis["matches"])
    else:
        articles.pop(doc_id, None)
    st.session_state[SESSION_ARTICLES] = articles


def show_analysis() -> None:
    """The analyzed article: its initiatives, highlighted text, downloads and the add-to-view toggle."""
    analysis = st.session_state.get(ANALYSIS)
    if not analysis:
        return
    if "error" in analysis:
        st.error(plain(analysis["error"]), icon=":material/error:")
        return
    article: Tables = analysis["tables"]
    doc = article.documents.iloc[0]
    st.subheader(plain(f"{len(article.initiatives)} initiative(s) in {analysis['name']}"))
    if not doc["published"]:
        st.warning("No date found in the text: dates are left unknown. Give one above to date the claims.")
    if article.initiatives.empty:
        st.info("No initiative found: the text names no fund, programme, project or agreement with a status cue.")
    else:
        st.dataframe(
            display_frame(initiative_table(article)),
            hide_index=True,
            column_config=INITIATIVE_COLUMNS,
            column_order=[c for c in INITIATIVE_COLUMNS if c != "source_url"],
        )
        again = [n for i, n in zip(article.initiatives["initiative_id"], article.initiatives["name"], strict=True)
                 if i in analysis["matches"]]  # fmt: skip
        if again:
            st.caption(plain("Reported before in the tracker: " + "; ".join(again)))
    st.html(f'<div style="margin:.5em 0">{legend(list(LAYER_LABELS))}</div>')
    with st.container(border=True):
        st.html(f'<div style="line-height:1.7">{highlight(doc["text"], article.annotations)}</div>')
    doc_id = doc["doc_id"]
    st.toggle(
        "Add this article to my view (this session only; nothing is saved)",
        value=doc_id in st.session_state.get(SESSION_ARTICLES, {}),
        key="add_to_view",
        on_change=toggle_session_article,
    )
    downloads(article, Filters(), "not built: analyzed in this session")
