"""Read source documents: check the bytes, decode, and read metadata, header date and dateline."""

import hashlib
import re
from functools import lru_cache
from pathlib import Path

import yaml

from dashboard.codebook import Codebook
from dashboard.dates import MONTHS, valid_iso
from dashboard.errors import InputError
from dashboard.records import Document

MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt",)
META_SUFFIX = ".meta.yaml"
META_FIELDS = {"publisher", "url", "published", "title"}

_HTML = re.compile(r"<\s*(html|head|body|div|p|script|style|!doctype|table|span|a\s)[^>]*>", re.I)
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")  # below 32, except tab, line feed, form feed, return
_HEADER_DATE = re.compile(r"\A\s*(?:date|published|posted)?:?\s*(\d{4}-\d{2}-\d{2})\b", re.I)
_DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z .'\-]{1,40}?),\s*(?:(?P<country>[A-Z][A-Za-z .'\-]{2,40}?),\s*)?"
    r"(?P<month>[A-Z][a-z]+)\.?\s+(?P<day>\d{1,2})\b",
    re.M,
)


def decode(raw: bytes, path: str | Path, allow_html: bool = False) -> str:
    """Bytes -> text, or an InputError that says why the bytes are not an article."""
    if len(raw) > MAX_BYTES:
        raise InputError(path, f"file is {len(raw) / 1e6:.1f} MB; the limit is {MAX_BYTES // (1024 * 1024)} MB")
    if not raw.strip():
        raise InputError(path, "file is empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "file is UTF-16; save it as UTF-8")
    if b"\x00" in raw:
        raise InputError(path, "file holds binary data (NUL bytes), not text")
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


# Every value a string (BaseLoader); libyaml's C parser where PyYAML has it, 10 times faster.
STRINGS_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def read_metadata(path: Path) -> dict[str, str]:
    """Metadata beside a document (`NAME.meta.yaml`), or {} when there is none."""
    meta_path = path.with_name(path.stem + META_SUFFIX)
    if not meta_path.exists():
        return {}
    try:
        meta = yaml.load(meta_path.read_text(encoding="utf-8"), Loader=STRINGS_LOADER) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(meta_path, f"invalid metadata: {str(exc).splitlines()[0]}") from None
    if not isinstance(meta, dict):
        raise InputError(meta_path, "metadata must be a mapping of publisher, url, published, title")
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


def dateline(text: str, codebook: Codebook) -> tuple[str, str, str]:
    """(city, iso3, month-day) of a wire dateline: 'TASHKENT, Uzbekistan, December 20.'"""
    for m in _DATELINE.finditer(text[:2000]):
        if m.group("month").lower() not in MONTHS:
            continue
        city = m.group("city").strip().title()
        return city, _place_iso3(city, m.group("country"), codebook), f"{m.group('month')} {m.group('day')}"
    return "", "", ""


@lru_cache(maxsize=4096)  # datelines repeat a few cities
def _place_iso3(city: str, country: str | None, codebook: Codebook) -> str:
    for c in codebook.countries.values():
        if city in c.cities or (country and country.strip() in c.aliases):
            return c.iso3
    return ""


def doc_id_for(path: Path) -> str:
    return path.stem


def load_document(path: Path, codebook: Codebook, raw: bytes | None = None) -> Document:
    """Read one document and its metadata; the date falls back to the text's header."""
    path = Path(path)
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc.strerror or exc}") from None
    text = decode(raw, path)
    meta = read_metadata(path)
    city, iso3, _ = dateline(text, codebook)
    published, basis = meta.get("published", ""), "metadata"
    if not published:
        published, basis = header_date(text), "header"
    return Document(
        doc_id=doc_id_for(path),
        path=str(path),
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        title=meta.get("title", ""),
        published=published,
        source=meta.get("publisher", ""),
        url=meta.get("url", ""),
        dateline_city=city,
        dateline_iso3=iso3,
        date_basis=basis if published else "",
    )
