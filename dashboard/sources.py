"""Read source documents: check the bytes, decode, and read metadata, header date and dateline."""

import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from dashboard.articles import Article, decode_page, read_html
from dashboard.codebook import Codebook
from dashboard.dates import MONTHS, valid_iso
from dashboard.errors import InputError
from dashboard.records import Document

MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".html")  # an .html seed is reduced to its article (dashboard.articles)
META_SUFFIX = ".meta.yaml"
META_FIELDS = {"publisher", "url", "published", "title", "author", "fetched_at"}
NAME_BYTES = 255  # a file name's limit on Linux file systems

_HTML = re.compile(r"<\s*(html|head|body|div|p|script|style|!doctype|table|span|a\s)[^>]*>", re.I)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # below 32, except tab, line feed, form feed, return
_HEADER_DATE = re.compile(r"\A\s*(?:date|published|posted)?:?\s*(\d{4}-\d{2}-\d{2})\b", re.I)
_DATE_WORDS = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]{2,8}\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?)?(?:,?\s*\d{4})?"
# Wire datelines, at the start of the body: 'TASHKENT, Uzbekistan, December 20.', 'JEDDAH, 28th April,
# 2023 (WAM) –', 'Riyadh, Jul 20 (IANS):', 'NEW DELHI –', 'XI'AN. KAZINFORM', 'New Delhi:'.
_DATELINE_DATED = re.compile(
    r"(?P<place>[A-Z][A-Za-z'’.\- ]{1,40}?)(?:,\s*(?P<country>[A-Z][A-Za-z .'\-]{2,40}?))?,\s*"
    r"(?P<date>" + _DATE_WORDS + r")\.?\s*(?:\((?P<agency>[^)\n]{1,80})\))?\s*(?:[.:–—]|-{1,2})?\s"
)
_DATELINE_CAPS = re.compile(
    r"(?P<place>[A-Z][A-Z'’.\-]+(?: [A-Z][A-Z'’.\-]+){0,2})(?:,\s*(?P<country>[A-Z][A-Za-z .'\-]{2,40}?))?\s*"
    r"(?:\((?P<agency>[^)\n]{1,80})\)\s*(?:[–—:]|-{1,2})?|[–—:]|-{1,2}|\.\s+[A-Z]{3,}(?=\s))\s"
)
_DATELINE_TITLE = re.compile(r"(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+)?):\s")
# Interfax's form: 'Moscow. 14 October. INTERFAX - ', 'Astana. 3 March. INTERFAX-KAZAKHSTAN - '
_DATELINE_DOTTED = re.compile(
    r"(?P<place>[A-Z][A-Za-z'’\-]+(?: [A-Z][A-Za-z'’\-]+)?)\.\s+(?P<date>\d{1,2}\s+[A-Z][a-z]{2,8})\.\s+"
    r"(?P<agency>[A-Z][A-Z\-]{2,40})\s*(?:[–—:]|-{1,2})\s"
)
_BYLINE = re.compile(r"^(?:by\s|source:|photo:|\(?[a-z]+ \| )", re.I)
MAX_HEADLINE_WORDS = 30


def shown(path: str | Path) -> str:
    """A path as an error message can print it: bytes that are not UTF-8 as \\xNN."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


def check_name(path: Path, seed: bool = True) -> None:
    """A name build can use: valid UTF-8, and short enough for its NAME.meta.yaml beside it."""
    try:
        encoded = path.name.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(shown(path), "file name is not valid UTF-8; rename it") from None
    longest = NAME_BYTES - len(META_SUFFIX) + len(path.suffix)
    if seed and len(encoded) > longest:
        raise InputError(
            path, f"file name is too long ({len(encoded)} bytes; at most {longest}, so that NAME.meta.yaml fits)"
        )


def check_regular(path: Path) -> None:
    """Refuse a symbolic link or anything else that is not a regular file (seeds/ holds files only)."""
    try:
        mode = path.lstat().st_mode
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    if stat.S_ISLNK(mode):
        raise InputError(path, "is a symbolic link; seeds/ takes regular files only")
    if not stat.S_ISREG(mode):
        raise InputError(path, "is not a regular file")


def read_capped(path: Path, limit: int = MAX_BYTES) -> bytes:
    """A regular file's bytes, at most `limit` of them read: its size is checked before reading,
    and a device, a pipe or a folder is refused without reading (or waiting for) anything."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, "not a regular file")
        if info.st_size > limit:
            raise InputError(path, too_large(info.st_size))
        raw = f.read(limit + 1)
    if len(raw) > limit:  # it grew while we read
        raise InputError(path, too_large(len(raw)))
    return raw


def too_large(size: int) -> str:
    return f"file is {size / 1e6:.1f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB"


def decode(raw: bytes, path: str | Path, allow_html: bool = False) -> str:
    """Bytes -> text, or an InputError that says why the bytes are not an article."""
    check_page(raw, path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"file is not UTF-8 (bad byte at offset {exc.start}); save it as UTF-8") from None
    controls = len(_CONTROLS.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError(path, "file holds binary data (control characters), not text")
    if not text.strip():
        raise InputError(path, "file holds only white space")
    if not allow_html and _HTML.search(text[:5000]):
        raise InputError(path, "file is HTML; save the article as plain text")
    return text


def check_page(raw: bytes, path: str | Path) -> None:
    """The checks on bytes that hold in any encoding (size, empty, UTF-16, binary): `decode`
    starts with them, and a web page, whose encoding is its own declaration
    (dashboard.articles.decode_page), gets them alone."""
    if len(raw) > MAX_BYTES:
        raise InputError(path, too_large(len(raw)))
    if not raw.strip():
        raise InputError(path, "file is empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "file is UTF-16; save it as UTF-8")
    if b"\x00" in raw:
        raise InputError(path, "file holds binary data (NUL bytes), not text")


# Every value a string (BaseLoader); libyaml's C parser where PyYAML has it, 10 times faster.
STRINGS_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def metadata_bytes(path: Path) -> bytes:
    """The bytes of the metadata beside a document (`NAME.meta.yaml`); b"" when there is none. A
    symbolic link or anything but a regular file is refused (one open, without following links:
    build reads 10,000 of these)."""
    meta_path = path.with_name(path.stem + META_SUFFIX)
    try:
        fd = os.open(meta_path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except FileNotFoundError:
        return b""
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(meta_path, "is a symbolic link; seeds/ takes regular files only") from None
        raise InputError(meta_path, f"cannot read: {exc.strerror or exc}") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(meta_path, "is not a regular file")
        if info.st_size > MAX_BYTES:
            raise InputError(meta_path, too_large(info.st_size))
        raw = f.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise InputError(meta_path, too_large(len(raw)))
    return raw


def read_metadata(path: Path, raw: bytes | None = None) -> dict[str, str]:
    """Metadata beside a document (`NAME.meta.yaml`), or {} when there is none; from `raw`, its
    bytes, when they were read already (on another machine, for a cluster build)."""
    meta_path = path.with_name(path.stem + META_SUFFIX)
    raw = metadata_bytes(path) if raw is None else raw
    try:
        meta = (yaml.load(raw.decode("utf-8"), Loader=STRINGS_LOADER) or {}) if raw else {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(meta_path, f"invalid metadata: {str(exc).splitlines()[0]}") from None
    if not isinstance(meta, dict):
        raise InputError(meta_path, f"metadata must be a mapping of {', '.join(sorted(META_FIELDS))}")
    unknown = set(meta) - META_FIELDS
    if unknown:
        raise InputError(meta_path, f"unknown metadata field(s): {', '.join(sorted(map(str, unknown)))}")
    meta = {k: str(v) for k, v in meta.items() if v is not None}
    if meta.get("published") and not valid_iso(meta["published"]):
        raise InputError(meta_path, f"published {meta['published']!r} is not a date (YYYY-MM-DD)")
    return meta


def header_line(text: str) -> tuple[str, int]:
    """(ISO date, offset where its line ends) of a header line such as ' date 2025-12-20 Photo: ...'
    among the first lines; ("", 0) when there is none."""
    offset = 0
    for number, line in enumerate(text[:2000].splitlines(keepends=True)):
        m = _HEADER_DATE.match(line)
        if m:
            return (m.group(1) if valid_iso(m.group(1)) else ""), offset + len(line.rstrip("\r\n"))
        offset += len(line)
        if number >= 6:
            break
    return "", 0


def header_date(text: str) -> str:
    return header_line(text)[0]


@dataclass(frozen=True)
class Layout:
    """Where a document's parts stand: its header line, headline and dateline (character offsets)."""

    header_end: int = 0  # one past the header line ('date 2025-12-20'), 0 when there is none
    headline: tuple[int, int] = (0, 0)  # the headline's span; (0, 0) when there is none
    body_start: int = 0  # the first character of the body, after headline, byline and dateline
    dateline_city: str = ""
    dateline_iso3: str = ""


def lines_after(text: str, offset: int) -> list[tuple[int, int]]:
    """(start, end) of the non-empty lines from `offset` on, without their line breaks."""
    spans, pos = [], offset
    for line in text[offset:].splitlines(keepends=True):
        stripped = line.strip()
        if stripped:
            start = pos + len(line) - len(line.lstrip())
            spans.append((start, start + len(stripped)))
        pos += len(line)
    return spans


def read_layout(text: str, codebook: Codebook) -> Layout:
    """Header line, headline and dateline of a document: a headline is a first line of at most
    30 words that does not end a sentence ('.'); bylines ('By X | Paper') are skipped."""
    _, header_end = header_line(text)
    lines = lines_after(text, header_end)[:6]
    headline, k = (0, 0), 0
    if len(lines) > 1:
        a, b = lines[0]
        words = text[a:b].split()
        sentences = re.search(r"[a-z]{2}[.!?] [A-Z]", text[a:b])  # a paragraph, not a headline
        if (
            len(words) <= MAX_HEADLINE_WORDS
            and text[b - 1] not in ".;,:"
            and not sentences
            and not (_dateline_at(text, a, codebook))
        ):
            headline, k = (a, b), 1
    while k < len(lines) - 1 and _BYLINE.match(text[lines[k][0] : lines[k][1]]):
        k += 1
    body = lines[k][0] if k < len(lines) else header_end
    city, iso3, end = _dateline_at(text, body, codebook) or ("", "", body)
    return Layout(header_end, headline, end, city, iso3)


def _dateline_at(text: str, offset: int, codebook: Codebook) -> tuple[str, str, int] | None:
    """(city, iso3, end offset) of a dateline starting at `offset`, or None."""
    for pattern in (_DATELINE_DATED, _DATELINE_DOTTED, _DATELINE_CAPS, _DATELINE_TITLE):
        m = pattern.match(text, offset)
        if m is None:
            continue
        place = m.group("place").strip(" .")
        country = m.groupdict().get("country")
        dated = pattern in (_DATELINE_DATED, _DATELINE_DOTTED)
        if dated and not _has_month(m.group("date")):
            continue
        city, iso3 = _place(place, country, codebook)
        if iso3 or (dated and place.replace(" ", "").isalpha()):
            return city if city else (place.title() if not iso3 else ""), iso3, m.end()
    return None


def _has_month(date: str) -> bool:
    return any(w.lower().rstrip(".") in MONTHS for w in re.findall(r"[A-Za-z]+\.?", date))


def dateline(text: str, codebook: Codebook) -> tuple[str, str, str]:
    """(city, iso3, '') of a wire dateline: 'TASHKENT, Uzbekistan, December 20.'"""
    layout = read_layout(text, codebook)
    return layout.dateline_city, layout.dateline_iso3, ""


@lru_cache(maxsize=4096)  # datelines repeat a few cities
def _place(place: str, country: str | None, codebook: Codebook) -> tuple[str, str]:
    """(city as the codebook writes it, iso3) of a dateline's place; ('', iso3) for a country."""
    folded = place.casefold().replace("’", "'")
    for c in codebook.countries.values():
        for city in c.cities:
            if city.casefold() == folded:
                return city, c.iso3
    for c in codebook.countries.values():
        if any(a.casefold() == folded for a in c.aliases):
            return "", c.iso3
        if country and country.strip() in c.aliases:
            return place.title(), c.iso3
    return "", ""


def headline_of(text: str, layout: Layout) -> str:
    a, b = layout.headline
    return " ".join(text[a:b].split())


def doc_id_for(path: Path) -> str:
    return path.stem


def load_document(path: Path, codebook: Codebook, raw: bytes | None = None, meta_raw: bytes | None = None) -> Document:
    """Read one document and its metadata. An .html seed is reduced to its article, and the
    page's own title, date, site and link fill what the metadata file does not give (that file
    wins); the date falls back to the text's header. `raw` and `meta_raw` are the bytes of the
    document and of its metadata when they were read already."""
    path = Path(path)
    if raw is None:
        raw = read_capped(path)
    if path.suffix == ".html":
        check_page(raw, path)
        page = read_html(decode_page(raw), str(path))
    else:
        page = Article(decode(raw, path))
    text = page.text
    meta = read_metadata(path, meta_raw)
    layout = read_layout(text, codebook)
    published, basis = meta.get("published", "") or page.published, "metadata"
    if not published:
        published, basis = header_date(text), "header"
    return Document(
        doc_id=doc_id_for(path),
        path=str(path),
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        title=meta.get("title") or page.title or headline_of(text, layout),
        published=published,
        source=meta.get("publisher", "") or page.sitename,
        url=meta.get("url", "") or page.url,
        dateline_city=layout.dateline_city,
        dateline_iso3=layout.dateline_iso3,
        date_basis=basis if published else "",
    )


@dataclass(frozen=True)
class Source:
    """A document as build reads it on its own machine: what travels to a worker, local or remote."""

    path: Path  # where build read it: errors name it
    name: str  # the path recorded in the tables (relative to the project when inside it)
    raw: bytes
    meta: bytes  # its NAME.meta.yaml, b"" when there is none

    @property
    def digest(self) -> str:
        """What identifies the document: its name, its bytes and its metadata's bytes."""
        parts = (self.name.encode("utf-8"), hashlib.sha256(self.raw).digest(), hashlib.sha256(self.meta).digest())
        return hashlib.sha256(b"\0".join(parts)).hexdigest()


def read_source(path: Path, name: str) -> Source:
    """A document's bytes and its metadata's, size-checked; decoding waits for the worker."""
    return Source(path, name, read_capped(path), metadata_bytes(path))
