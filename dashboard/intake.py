"""Article intake: pasted or uploaded text -> a checked document -> tables, and the CLI's `add`.

Uploaded and pasted text is untrusted. It is decoded with the same checks as a seed,
HTML is reduced to its text (scripts and styles dropped), and nothing is written to disk
except by `add`, which files a document into seeds/ on the command line.
"""

import hashlib
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from dashboard.codebook import Codebook, load_codebook
from dashboard.dates import valid_iso
from dashboard.errors import InputError
from dashboard.extract import extract_document
from dashboard.merge import name_similarity, normalise
from dashboard.records import Document, Extraction
from dashboard.sources import META_SUFFIX, check_name, dateline, decode, header_date, read_capped

SUFFIXES = (".txt", ".md", ".html", ".htm")
SKIPPED_TAGS = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}


class _TextOfHtml(HTMLParser):
    """Collects the visible text of an HTML page; no markup survives."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS and self.skipping:
            self.skipping -= 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


# A '<' with no '>' before the next '<' (or the end) cannot open a whole tag. Python's
# html.parser scans to the end of the text from each such '<' (time quadratic in their number:
# "<a x=" * 20,000 took 44 s), so they are written as the text they are, "&lt;", first. The
# lookahead stops at the next '<' or '>', so this pass is linear. (A '<' inside a quoted
# attribute value then ends that tag early: only the reduced text of such a page changes.)
_UNCLOSED_TAG = re.compile(r"<(?=[^<>]*(?:<|\Z))")


def html_to_text(markup: str) -> str:
    """The visible text of an HTML page, in time linear in its length."""
    parser = _TextOfHtml()
    parser.feed(_UNCLOSED_TAG.sub("&lt;", markup))
    parser.close()
    text = "".join(parser.parts)
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def markdown_to_text(markdown: str) -> str:
    """Markdown -> plain text: images become their alt text, links their text; markup goes.
    A bracket's text stops at the next bracket, so that each search is linear ('![' * n)."""
    text = re.sub(r"!\[([^\[\]]*)\]\([^()]*\)", r"\1", markdown)
    text = re.sub(r"\[([^\[\]]*)\]\([^()]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"^\s{0,3}>\s?", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__|`)", "", text)
    return html_to_text(text) if re.search(r"<\s*[a-zA-Z]", text) else text


def read_upload(name: str, data: bytes) -> str:
    """The article text of an uploaded .txt, .md or .html file, or an InputError saying why not."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(name, f"unsupported file type {suffix or '(none)'}; upload .txt, .md or .html")
    text = decode(data, name, allow_html=suffix in (".html", ".htm", ".md"))
    if suffix in (".html", ".htm"):
        text = html_to_text(text)
    elif suffix == ".md":
        text = markdown_to_text(text)
    if not text.strip():
        raise InputError(name, "no text left once the markup is removed")
    return text


def read_pasted(text: str) -> str:
    """Pasted text passes the same checks as a file (size, binary, empty); HTML is reduced to text."""
    data = text.encode("utf-8", errors="replace")
    checked = decode(data, "pasted text", allow_html=True)
    return html_to_text(checked) if re.search(r"<\s*(html|body|p|div|script)\b", checked[:5000], re.I) else checked


def document_from_text(text: str, name: str, codebook: Codebook, published: str = "") -> Document:
    """A Document for text that has no file in seeds/: an id from its content, a date from its header."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    city, iso3, _ = dateline(text, codebook)
    date = published if valid_iso(published) else header_date(text)
    return Document(
        doc_id=f"session-{digest[:12]}",
        path=Path(name).name[:120],
        text=text,
        sha256=digest,
        title=Path(name).stem[:120] if name != "pasted text" else "",
        published=date,
        source="Analyzed in this session",
        dateline_city=city,
        dateline_iso3=iso3,
        date_basis="header" if date and not published else ("metadata" if date else ""),
    )


def analyze(text: str, name: str = "pasted text", published: str = "") -> Extraction:
    codebook = load_codebook()
    return extract_document(document_from_text(text, name, codebook, published), codebook)


def match_existing(
    new: list[tuple[str, str, str, set[str]]], existing: list[tuple[str, str, str, set[str]]]
) -> dict[str, str]:
    """New initiative id -> the existing initiative it reports again, by the rules of cross-document merging.

    Each item is (initiative_id, name, kind, countries).
    """
    codebook = load_codebook()
    index: dict[tuple[str, str], list[int]] = {}
    normalised = [normalise(name, codebook) for _, name, _, _ in existing]
    for n, ((_, _, kind, _), words) in enumerate(zip(existing, normalised, strict=True)):
        for w in words:
            index.setdefault((kind, w), []).append(n)
    matches = {}
    for new_id, name, kind, countries in new:
        words = normalise(name, codebook)
        candidates = sorted({n for w in words for n in index.get((kind, w), [])})
        scored = [
            (name_similarity(words, normalised[n]), n)
            for n in candidates
            if not (countries and existing[n][3] and not countries & existing[n][3])
        ]
        best = max(scored, default=(0.0, -1))
        if best[0] >= 0.6:
            matches[new_id] = existing[best[1]][0]
    return matches


def add_document(path: Path, seeds: Path, publisher: str = "", url: str = "", date: str = "") -> Path:
    """File a document into seeds/ with its metadata; refuse a duplicate by content hash."""
    path = Path(path)
    check_name(path, seed=False)  # the file is renamed in seeds/; only its name in messages matters
    raw = read_capped(path)
    text = read_upload(path.name, raw) if path.suffix.lower() in (".html", ".htm", ".md") else decode(raw, path)
    if date and not valid_iso(date):
        raise InputError(path, f"--date {date!r} is not a date (YYYY-MM-DD)")
    if not (date or header_date(text)):
        raise InputError(path, "no date: give --date YYYY-MM-DD or a first line 'date YYYY-MM-DD'")
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    for existing in sorted(seeds.glob("*.txt")):
        if hashlib.sha256(existing.read_bytes()).hexdigest() == digest:
            raise InputError(path, f"already filed as {existing.name} (same content)")
    number = 1 + max((int(p.name[:3]) for p in seeds.glob("*.txt") if p.name[:3].isdigit()), default=-1)
    target = seeds / f"{number:03d}_{digest[:16]}.txt"
    meta = {k: v for k, v in (("publisher", publisher), ("url", url), ("published", date)) if v}
    target.write_bytes(data)
    if meta:
        header = "# Metadata given to `python -m dashboard add`.\n"
        target.with_name(target.stem + META_SUFFIX).write_text(
            header + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return target


def article_rows(text: str, name: str = "pasted text", published: str = "") -> dict[str, list[dict]]:
    """The published tables for one analyzed article (ids of its own, as if it were the only document)."""
    from dashboard.tables import assemble

    codebook = load_codebook()
    return assemble([analyze(text, name, published)], codebook)
