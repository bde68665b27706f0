"""Atom 1.0 feeds (RFC 4287) of what changed: each initiative's first report, and each claim whose
status differs from the initiative's previous one. `build` writes them beside the app, in
dashboard/static/feeds/ (served at app/static/feeds/: server.enableStaticServing): all.xml, and
one per country, sector and status. Pure: the published tables in, file name -> bytes out."""

import io
import re
import xml.etree.ElementTree as ET
from urllib.parse import quote, urlencode

import pandas as pd

from dashboard.records import STATUS_RANK, Status
from dashboard.schema import FEEDS_DIR  # noqa: F401  (the feeds' folder; view/changes reads it here)

FEEDS_URL = "app/static/feeds/"  # where the app serves FEEDS_DIR, relative to the app's root
# Links back to the app, relative to a feed's own address (app/static/feeds/NAME.xml): three
# levels up is the app's root, whatever path the app is served under.
APP_ROOT = "../../../"
MAX_ENTRIES = 200  # the newest entries of each feed: a feed stays small at 100,000 initiatives
ATOM = "http://www.w3.org/2005/Atom"
TAG = "tag:cooperation-tracker,2025:"  # RFC 4151 tag URIs: ids that stay when the app moves
AUTHOR = "Cooperation tracker"
SUBTITLE = "Status changes and first reports of cooperation initiatives, newest first (at most {limit})."
NO_DATE = "1970-01-01"  # the <updated> of a feed without entries when no feed has any
# Characters XML 1.0 forbids even escaped: C0 controls but tab, LF and CR; surrogates; U+FFFE, U+FFFF.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
NOT_IN_NAME = re.compile(r"[^A-Za-z0-9_-]")
# The tables (and columns) a feed reads; documents without their text.
COLUMNS = {
    "status_history": ["initiative_id", "date", "status", "doc_id", "evidence"],
    "initiatives": ["initiative_id", "name", "kind"],
    "initiative_countries": ["initiative_id", "iso3"],
    "initiative_sectors": ["initiative_id", "sector_id"],
    "documents": ["doc_id", "title", "source", "url"],
    "countries": ["iso3", "name"],
    "sectors": ["sector_id", "label"],
}


def status_steps(history: pd.DataFrame) -> pd.DataFrame:
    """Each initiative's dated claims that open its history or change its status, with the status
    before (`previous`, "" for the first report): by date, and on one date up the ladder's rank,
    as "What changed" orders them. Undated claims are no step."""
    dated = history[history["date"] != ""]
    ordered = dated.assign(rank=dated["status"].map(STATUS_RANK)).sort_values(["initiative_id", "date", "rank"])
    previous = ordered.groupby("initiative_id", sort=False)["status"].shift().fillna("").to_numpy(dtype=object)
    changed = previous != ordered["status"].to_numpy(dtype=object)
    return ordered[changed].assign(previous=previous[changed])


def file_name(group: str, value: str = "") -> str:
    """A feed's file: all.xml, country-UZB.xml, sector-energy.xml, status-agreed.xml."""
    return f"{group}-{NOT_IN_NAME.sub('_', value)}.xml" if group != "all" else "all.xml"


def words(status: str) -> str:
    return status.replace("_", " ")


def clean(value: object) -> str:
    """Text an XML document can hold: missing values empty, forbidden characters dropped
    (ElementTree escapes <, > and &, but writes control characters as they are)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return NOT_XML.sub("", str(value))


def read_frames(texts: dict[str, str | bytes]) -> dict[str, pd.DataFrame]:
    """The tables a feed reads, from a build's CSV texts (NAME.csv -> text), every cell a string."""
    return {
        name: pd.read_csv(io.StringIO(texts[f"{name}.csv"]), dtype=str, keep_default_na=False, usecols=columns)
        for name, columns in COLUMNS.items()
    }


def entries(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every feed entry, newest first, with its initiative's name and kind and its document."""
    steps = status_steps(frames["status_history"][COLUMNS["status_history"]])
    steps = steps.join(frames["initiatives"].set_index("initiative_id")[["name", "kind"]], on="initiative_id")
    steps = steps.join(frames["documents"].set_index("doc_id")[["title", "source", "url"]], on="doc_id")
    order = ["date", "initiative_id", "rank"]
    return steps.sort_values(order, ascending=[False, True, False]).reset_index(drop=True)


def groups(steps: pd.DataFrame, frames: dict[str, pd.DataFrame]) -> dict[str, pd.Index]:
    """Feed file -> the positions of its newest MAX_ENTRIES entries: one groupby per kind of feed.
    Every country and sector an initiative is linked to has a feed, and every status."""
    out = {file_name("all"): steps.index[:MAX_ENTRIES]}
    position = steps[["initiative_id"]].reset_index(names="position")
    for group, table, column in (("country", "initiative_countries", "iso3"),
                                 ("sector", "initiative_sectors", "sector_id")):  # fmt: skip
        links = frames[table][["initiative_id", column]].drop_duplicates()
        linked = position.merge(links, on="initiative_id").sort_values("position", kind="stable")
        newest = linked.groupby(column, sort=False).head(MAX_ENTRIES).groupby(column)["position"]
        found = {value: pd.Index(rows.to_numpy()) for value, rows in newest}
        for value in sorted(set(links[column])):
            out[file_name(group, value)] = found.get(value, pd.Index([], dtype=int))
    newest = steps.groupby("status", sort=False).head(MAX_ENTRIES).groupby("status")
    found = {value: rows.index for value, rows in newest}
    for status in Status:
        out[file_name("status", status.value)] = found.get(status.value, pd.Index([], dtype=int))
    return out


def app_link(page: str, **query: str) -> str:
    return APP_ROOT + page + (("?" + urlencode(query)) if query else "")


def web_link(url: object) -> str:
    """A source's link when it is a web page's; never a javascript: or data: link."""
    url = clean(url)
    return url if url.startswith(("https://", "http://")) else ""


def source_words(row) -> str:
    """Where the evidence comes from: publisher, title and link, and the document's id."""
    known = [v for v in (clean(row.source), clean(row.title), web_link(row.url)) if v]
    return ", ".join([*known, f"document {clean(row.doc_id)}"])


def entry_element(row) -> ET.Element:
    """One entry: a status change ("X: proposed → agreed") or a first report ("X: first reported, proposed")."""
    name, status, date = clean(row.name) or clean(row.initiative_id), clean(row.status), clean(row.date)
    change = f"{words(row.previous)} → {words(status)}" if row.previous else f"first reported, {words(status)}"
    said = f"went from {words(row.previous)} to" if row.previous else "was first reported as"
    publisher = clean(row.source) or clean(row.doc_id)
    entry = ET.Element("entry")
    ET.SubElement(entry, "id").text = f"{TAG}{quote(clean(row.initiative_id), safe='-_.')}/{date}/{quote(status)}"
    ET.SubElement(entry, "title").text = f"{name}: {change}"
    ET.SubElement(entry, "updated").text = f"{date}T00:00:00Z"
    ET.SubElement(entry, "link", href=app_link("record", initiative=clean(row.initiative_id)))
    if web_link(row.url):  # the source's page
        ET.SubElement(entry, "link", rel="related", href=web_link(row.url), title=publisher)
    ET.SubElement(entry, "category", term=status, label=words(status).capitalize())
    ET.SubElement(entry, "summary").text = f"{name} {said} {words(status)} on {date} ({publisher})."
    ET.SubElement(entry, "content", type="text").text = "\n".join(
        [
            f"Initiative: {name} ({clean(row.kind) or 'kind unknown'}, {clean(row.initiative_id)})",
            f"Status: {change}",
            f"Date: {date}",
            f"Evidence: “{clean(row.evidence)}”",
            f"Source: {source_words(row)}",
        ]
    )
    return entry


def feed_meta(file: str, frames: dict[str, pd.DataFrame]) -> tuple[str, str]:
    """A feed's title and its link to the app's view of the same records."""
    group, _, value = file.removesuffix(".xml").partition("-")
    if group == "country":
        names = dict(zip(frames["countries"]["iso3"], frames["countries"]["name"], strict=True))
        return names.get(value, value), app_link("initiatives", country=value)
    if group == "sector":
        labels = dict(zip(frames["sectors"]["sector_id"], frames["sectors"]["label"], strict=True))
        return labels.get(value, value), app_link("initiatives", sector=value)
    if group == "status":
        return f"changes to {words(value)}", app_link("initiatives", status=value)
    return "every change", app_link("")


def entry_xml(row) -> str:
    """An entry serialized once (by ElementTree, so escaped), indented to sit in any feed."""
    entry = entry_element(row)
    ET.indent(entry, level=1)
    return f"  {ET.tostring(entry, encoding='unicode')}\n"


def feed_bytes(file: str, title: str, alternate: str, updated: str, items: list[str]) -> bytes:
    """One Atom document (UTF-8), indented: its head made by ElementTree, then its entries, each
    serialized once for every feed that holds it (an entry is in all.xml, its countries' feeds, ...)."""
    feed = ET.Element("feed", xmlns=ATOM)
    ET.SubElement(feed, "id").text = f"{TAG}feeds/{file.removesuffix('.xml')}"
    ET.SubElement(feed, "title").text = f"{AUTHOR}: {clean(title)}"
    ET.SubElement(feed, "subtitle").text = SUBTITLE.format(limit=MAX_ENTRIES)
    ET.SubElement(feed, "updated").text = f"{updated}T00:00:00Z"
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = AUTHOR
    ET.SubElement(feed, "link", rel="self", href=file)
    ET.SubElement(feed, "link", rel="alternate", href=alternate)
    ET.indent(feed)
    head = ET.tostring(feed, encoding="unicode").removesuffix("</feed>")
    return f"<?xml version='1.0' encoding='utf-8'?>\n{head}{''.join(items)}</feed>\n".encode()


def feed_files(frames: dict[str, pd.DataFrame]) -> dict[str, bytes]:
    """Every feed: file name -> bytes. The same tables give the same bytes: a feed is dated by its
    newest entry (or all.xml's newest), never by the clock."""
    steps = entries(frames)
    chosen = groups(steps, frames)
    used = sorted(set().union(*(set(rows) for rows in chosen.values())))
    elements = {i: entry_xml(row) for i, row in zip(used, steps.iloc[used].itertuples(), strict=True)}
    dates = steps["date"].to_numpy()
    fallback = str(dates[0]) if len(dates) else NO_DATE
    out = {}
    for file, rows in sorted(chosen.items()):
        title, alternate = feed_meta(file, frames)
        updated = str(dates[rows[0]]) if len(rows) else fallback
        out[file] = feed_bytes(file, title, alternate, updated, [elements[i] for i in rows])
    return out
