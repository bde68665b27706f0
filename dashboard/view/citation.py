"""A view's citation and the data version its link carries (`v=`), and the notice for a link made
on another version of the tables. Pure: no Streamlit here."""

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from dashboard.version_history import Changes
from dashboard.view.filters import VERSION_KEY, Filters, to_query

TITLE = "Cooperation tracker: initiatives, sectors and stakeholder countries"
LINK_VERSION = 12  # hex characters of the data version a link carries (of datapackage.json's 16)
# What a link's `v` may be: the start of a version id (lowercase hex), from 8 characters to a whole
# SHA-256. Anything else is untrusted text and is ignored with a notice.
VERSION_PATTERN = re.compile(r"[0-9a-f]{8,64}")
FILTER_LABELS = {
    "countries": "Country", "roles": "Role", "sectors": "Sector", "statuses": "Status", "kinds": "Kind",
    "date_from": "From", "date_to": "To", "text": "Search", "review": "Review", "quiet": "Activity",
    "links": "Country links", "organizations": "Organization", "confidence": "Confidence",
}  # fmt: skip  # the sidebar's labels (a field not named here is shown by its name)
# Characters that would change how a citation reads without showing: control characters, and
# Unicode's invisible format characters (bidirectional overrides such as U+202E, zero-width ones).
_HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def short_version(version: str) -> str:
    """The data version as links and citations show it: its first LINK_VERSION characters (and a
    suffix such as '+session', tables with this session's articles, as it is)."""
    head, plus, tail = version.partition("+")
    return head[:LINK_VERSION] + plus + tail


def link_query(filters: Filters, version: str) -> dict[str, list[str]]:
    """The query string of a view: its filters, then the data version (when the tables have one)."""
    query = to_query(filters)
    if VERSION_PATTERN.fullmatch(version):
        query[VERSION_KEY] = [short_version(version)]
    return query


def clean(text: str) -> str:
    """Text from a link as a citation may show it: without hidden characters, on one line."""
    return " ".join(_HIDDEN.sub("", str(text)).split())


def link_version(values: list[str] | str | None) -> tuple[str, str]:
    """The data version a link names (its last `v`), and a notice when it is not a version: ("", notice)."""
    raw = values[-1] if isinstance(values, list | tuple) and values else values
    if not raw:
        return "", ""
    raw = str(raw).strip()
    if VERSION_PATTERN.fullmatch(raw.lower()):
        return raw.lower(), ""
    shown = clean(raw)
    shown = shown if len(shown) <= 40 else shown[:37] + "…"
    return "", f"Ignored “{VERSION_KEY}={shown}”: not a data version (8 to 64 hexadecimal characters)."


def same_version(link: str, current: str) -> bool:
    """Whether a link's version (a prefix, or the whole id) names the current tables."""
    return bool(link) and bool(current) and (current.startswith(link) or link.startswith(current))


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def version_notice(link: str, current: str, changes: Changes | None) -> str:
    """What a visitor reads when a link was made on another version of the tables ("" for the current one)."""
    if not link or same_version(link, current):
        return ""
    then, now = short_version(link), short_version(current)
    if changes is None:
        return (
            f"This link was made on an older version of the tables ({then}) that this deployment no longer "
            "describes; the filters are applied to the current tables."
        )
    parts = [
        _count(changes.added, "initiative added", "initiatives added") if changes.added else "",
        _count(changes.status_changed, "status changed", "statuses changed") if changes.status_changed else "",
        _count(changes.dropped, "initiative dropped", "initiatives dropped") if changes.dropped else "",
        _count(changes.merged, "initiative merged into another", "initiatives merged into others")
        if changes.merged
        else "",
    ]
    said = ", ".join(p for p in parts if p) or "no initiative added, dropped or changed status (other details changed)"
    return f"These tables changed since the link was made (version {then}, now {now}): {said}."


def filters_in_words(filters: Filters) -> str:
    """The active filters as the sidebar names them, e.g. 'Country: JPN, KAZ; Status: proposed'."""
    words = [f"{FILTER_LABELS.get(name, name)}: {clean(value)}" for name, value in filters.describe()]
    return "; ".join(words) or "none (every initiative)"


def view_link(page_url: str | None, page: str, query: dict[str, list[str]]) -> str:
    """The link of a view: the page's address in the browser (http or https) with the view's query
    string, or a link relative to the app when the address is not known or not a web address."""
    parts = urlsplit(page_url or "")
    base = f"{parts.scheme}://{parts.netloc}{parts.path}" if parts.scheme in ("http", "https") and parts.netloc else ""
    base = clean(base) or (f"./{page}" if page else "./")
    encoded = urlencode([(k, v) for k, values in query.items() for v in values])
    return f"{base}?{encoded}" if encoded else base


@dataclass(frozen=True)
class Citation:
    title: str
    version: str
    built: str
    accessed: str
    filters: str
    link: str

    def text(self) -> str:
        """The citation to copy: one paragraph, the view's link last."""
        return (
            f"{self.title} (data version {self.version}, built {self.built}). Filters: {self.filters}. "
            f"Accessed {self.accessed}. {self.link}"
        )


def cite(version: str, built: str, filters: Filters, link: str, today: dt.date | None = None) -> Citation:
    """The citation of a view of the tables `version` built at `built`, seen today through `link`."""
    return Citation(
        TITLE,
        short_version(version) or "unknown",
        clean(built) or "unknown",
        (today or dt.date.today()).isoformat(),
        filters_in_words(filters),
        clean(link),
    )
