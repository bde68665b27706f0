"""Articles from links and news feeds: `add URL…` and `watch`. No Streamlit here.

Every fetch goes through dashboard.fetch (the guard); every page is reduced to its article by
dashboard.articles; every article is filed by intake.file_article, which refuses duplicates.
"""

import datetime as dt
import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, HttpUrl, ValidationError

from dashboard.articles import Article, decode_page, read_html
from dashboard.codebook import ROOT
from dashboard.duplicates import filed, same_article
from dashboard.errors import InputError, TrackerError
from dashboard.fetch import FEED_TYPES, PAGE_TYPES, Fetcher, FetchError, fetcher, shown_url
from dashboard.sources import decode

FEEDS = ROOT / "data" / "feeds.yaml"
STATE = ROOT / "data" / "feeds.state.json"
PROGRESS_FROM = 5  # items: a longer run shows a progress bar


def fetch_article(url: str, client: Fetcher | None = None) -> Article:
    """The article at `url`, fetched through the guard, or a one-line TrackerError."""
    response = (client or fetcher()).get(url, PAGE_TYPES)
    if response.content_type == "text/plain":
        return Article(decode(response.body, shown_url(url)))
    return read_html(decode_page(response.body, response.charset), shown_url(url), response.final_url)


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_url(url: str, seeds: Path, client: Fetcher | None = None, date: str = "", publisher: str = "") -> Path:
    """Fetch one link and file its article; a link filed before is refused without fetching it."""
    from dashboard import intake

    for path, _, filed_url in filed(seeds):
        if filed_url and filed_url.rstrip("/") == url.rstrip("/"):
            raise InputError(shown_url(url), f"already filed as {path.name} (same link)")
    page = fetch_article(url, client)
    return intake.file_article(page, seeds, shown_url(url), publisher, url, date, fetched_at=now())


# --- watch ----------------------------------------------------------------------------------------


class Feed(BaseModel):
    """One news feed in data/feeds.yaml."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=120)
    url: HttpUrl
    keywords: list[str] = Field(default_factory=list)  # any of them in the item's title or summary; [] keeps all


class FeedList(BaseModel):
    model_config = ConfigDict(extra="forbid")
    feeds: list[Feed] = Field(default_factory=list)


def load_feeds(path: Path = FEEDS) -> list[Feed]:
    """The feeds of data/feeds.yaml, or an InputError in one line naming the file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(path, f"not valid YAML ({str(exc).splitlines()[0]})") from None
    if not path.exists():
        raise InputError(path, "no such file; list the feeds to watch there (README: Live sources)")
    try:
        return FeedList.model_validate(data if data is not None else {}).feeds
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "top level"
        raise InputError(path, f"{where}: {first['msg']} ({len(exc.errors())} problem(s))") from None


@dataclass
class Item:
    feed: str
    link: str
    key: str  # the item's id (guid), else its link
    title: str = ""
    wanted: bool = True  # False: the feed has keywords and the item names none of them


@dataclass
class Outcome:
    added: list[tuple[Item, Path]] = field(default_factory=list)
    skipped: list[tuple[Item, str]] = field(default_factory=list)  # and why
    failed: list[tuple[str, str]] = field(default_factory=list)  # feed or link, one-line error


def read_state(path: Path) -> dict:
    try:
        state = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot read the watch state ({exc}); delete it to start afresh") from None
    return state if isinstance(state, dict) else {}


def write_state(path: Path, state: dict) -> None:
    """Replace the state file in one step: a run killed mid-way leaves the previous one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(state, f, indent=1, sort_keys=True)
        f.write("\n")
    os.replace(temp, path)


def feed_items(feed: Feed, state: dict, client: Fetcher) -> list[Item]:
    """The feed's items not seen before; a feed unchanged since last time (ETag, Last-Modified) gives none."""
    import feedparser

    url = str(feed.url)
    known = state.setdefault("feeds", {}).setdefault(url, {})
    headers = {}
    if known.get("etag"):
        headers["If-None-Match"] = known["etag"]
    if known.get("last_modified"):
        headers["If-Modified-Since"] = known["last_modified"]
    response = client.get(url, FEED_TYPES | PAGE_TYPES, headers)
    if response.status == 304:
        return []
    known["etag"], known["last_modified"] = response.etag, response.last_modified
    parsed = feedparser.parse(response.body)  # bytes, never a URL: feedparser fetches nothing
    if not parsed.entries and parsed.get("bozo"):
        raise InputError(shown_url(url), f"not an RSS or Atom feed ({parsed.get('bozo_exception')})")
    seen = set(state.setdefault("seen", []))
    items = []
    for entry in parsed.entries:
        link = entry.get("link", "")
        key = entry.get("id") or link
        if not link or key in seen:
            continue
        words = f"{entry.get('title', '')} {entry.get('summary', '')}".casefold()
        wanted = not feed.keywords or any(k.casefold() in words for k in feed.keywords)
        items.append(Item(feed.name, link, key, " ".join(entry.get("title", "").split())[:200], wanted))
    return items


def relevant(page: Article, name: str) -> bool:
    """An article is relevant when the engine finds at least one initiative or event in it."""
    from dashboard import intake
    from dashboard.isolation import time_limit

    with time_limit(name):
        extraction = intake.analyze(page.text, name, page=page)
    return bool(extraction.initiatives or extraction.events)


def watch(
    feeds_path: Path = FEEDS,
    state_path: Path = STATE,
    seeds: Path = Path(ROOT / "seeds"),
    dry_run: bool = False,
    client: Fetcher | None = None,
    say: Callable[[str], None] = print,
) -> Outcome:
    """Fetch new items of every feed, file the relevant ones; with `dry_run` write nothing."""
    from dashboard import intake

    client = client or fetcher()
    feeds = load_feeds(feeds_path)
    state = read_state(state_path)
    outcome = Outcome()
    items: list[Item] = []
    for feed in feeds:
        try:
            items += feed_items(feed, state, client)
        except TrackerError as exc:
            outcome.failed.append((feed.name, str(exc)))
    seen = state.setdefault("seen", [])
    taken: list[tuple[Article, Path]] = []  # this run's: a dry run files nothing that later items meet
    progress = Progress(len(items)) if len(items) >= PROGRESS_FROM else None
    for n, item in enumerate(items, 1):
        if progress:
            progress.show(n, item.link)
        if not item.wanted:
            outcome.skipped.append((item, "no keyword of the feed in its title or summary"))
            seen.append(item.key)
            continue
        try:
            page = fetch_article(item.link, client)
            earlier = next((t for p, t in taken if dry_run and same_article(p.text, page.text)), None)
            if earlier is not None:
                outcome.skipped.append((item, f"the same article as {earlier.name}, taken in this run"))
            elif not relevant(page, shown_url(item.link)):
                outcome.skipped.append((item, "not relevant: no initiative or event found"))
            else:
                pending = len(taken) if dry_run else 0  # a dry run numbers as if the earlier ones were filed
                target = intake.file_article(
                    page, seeds, shown_url(item.link), url=item.link, fetched_at=now(), dry_run=dry_run, pending=pending
                )
                outcome.added.append((item, target))
                taken.append((page, target))
        except TrackerError as exc:
            reason = exc.problem if isinstance(exc, InputError) else str(exc)
            outcome.skipped.append((item, reason))
            if isinstance(exc, FetchError) and "within" in exc.problem:
                continue  # a timeout: try again next run
        seen.append(item.key)
    if progress:
        progress.done()
    if not dry_run:
        state["seen"] = sorted(set(seen))
        write_state(state_path, state)
    return outcome


class Progress:
    """A progress bar on standard error (a line per item when it is not a terminal)."""

    WIDTH = 30

    def __init__(self, total: int):
        self.total, self.tty = total, sys.stderr.isatty()

    def show(self, n: int, label: str) -> None:
        filled = self.WIDTH * n // self.total
        bar = f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {n}/{self.total} {shown_url(label)[:60]}"
        print(("\r" + bar.ljust(110)) if self.tty else bar, end="" if self.tty else "\n", file=sys.stderr, flush=True)

    def done(self) -> None:
        if self.tty:
            print(file=sys.stderr)


def report(outcome: Outcome, dry_run: bool) -> str:
    """What watch added, skipped and why, one line each."""
    verb = "would add" if dry_run else "added"
    lines = [f"{verb} {item.link} as {target.name}" for item, target in outcome.added]
    lines += [f"skipped {item.link}: {why}" for item, why in outcome.skipped]
    lines += [f"failed {name}: {why}" for name, why in outcome.failed]
    lines.append(
        f"{len(outcome.added)} {verb}, {len(outcome.skipped)} skipped, {len(outcome.failed)} feed(s) failed"
        + (" (dry run: nothing written)" if dry_run else "")
    )
    return "\n".join(lines)
