"""Article intake: pasted or uploaded text -> a checked document -> tables, and the CLI's `add`.

Uploaded and pasted text is untrusted. It is decoded with the same checks as a seed, an HTML
page is reduced to its article (dashboard.articles: trafilatura), and nothing is written to
disk except by `add`, which files a document into seeds/ on the command line.
"""

import hashlib
import re
from pathlib import Path

import yaml

from dashboard.articles import Article, decode_page, html_to_text, read_html
from dashboard.codebook import Codebook, load_codebook
from dashboard.dates import valid_iso
from dashboard.errors import InputError
from dashboard.extract import extract_document
from dashboard.merge import name_similarity, normalise
from dashboard.records import Document, Extraction
from dashboard.sources import META_SUFFIX, check_name, check_page, dateline, decode, header_date, read_capped

SUFFIXES = (".txt", ".md", ".html", ".htm")


def markdown_to_text(markdown: str) -> str:
    """Markdown -> plain text: images become their alt text, links their text; markup goes.
    A bracket's text stops at the next bracket, so that each search is linear ('![' * n)."""
    text = re.sub(r"!\[([^\[\]]*)\]\([^()]*\)", r"\1", markdown)
    text = re.sub(r"\[([^\[\]]*)\]\([^()]*\)", r"\1", text)
    text = re.sub(r"^\s{0,3}#{1,6}\s*", "", text, flags=re.M)
    text = re.sub(r"^\s{0,3}>\s?", "", text, flags=re.M)
    text = re.sub(r"(\*\*|__|`)", "", text)
    return html_to_text(text) if re.search(r"<\s*[a-zA-Z]", text) else text


def read_article(name: str, data: bytes) -> Article:
    """The article of an uploaded .txt, .md or .html file (an HTML page's metadata too), or an
    InputError saying why not."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(name, f"unsupported file type {suffix or '(none)'}; upload .txt, .md or .html")
    if suffix in (".html", ".htm"):
        check_page(data, name)  # size, empty, binary; the page's own declaration gives its encoding
        return read_html(decode_page(data), name)
    text = decode(data, name, allow_html=suffix == ".md")
    if suffix == ".md":
        text = markdown_to_text(text)
    if not text.strip():
        raise InputError(name, "no text left once the markup is removed")
    return Article(text)


def read_upload(name: str, data: bytes) -> str:
    """The article text of an uploaded .txt, .md or .html file, or an InputError saying why not."""
    return read_article(name, data).text


def read_pasted(text: str) -> str:
    """Pasted text passes the same checks as a file (size, binary, empty); HTML is reduced to text."""
    data = text.encode("utf-8", errors="replace")
    checked = decode(data, "pasted text", allow_html=True)
    return html_to_text(checked) if re.search(r"<\s*(html|body|p|div|script)\b", checked[:5000], re.I) else checked


def document_from_text(
    text: str, name: str, codebook: Codebook, published: str = "", page: Article | None = None
) -> Document:
    """A Document for text that has no file in seeds/: an id from its content, a date given on the
    page, else the web page's own, else its header's; title, site and link from the page."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    city, iso3, _ = dateline(text, codebook)
    page = page or Article(text)
    given = published if valid_iso(published) else ""
    date, basis = given, "metadata"
    if not date:
        date, basis = page.published, "metadata"
    if not date:
        date, basis = header_date(text), "header"
    return Document(
        doc_id=f"session-{digest[:12]}",
        path=Path(name).name[:120],
        text=text,
        sha256=digest,
        title=page.title or (Path(name).stem[:120] if name != "pasted text" else ""),
        published=date,
        source=page.sitename or "Analyzed in this session",
        url=page.url,
        dateline_city=city,
        dateline_iso3=iso3,
        date_basis=basis if date else "",
    )


def analyze(text: str, name: str = "pasted text", published: str = "", page: Article | None = None) -> Extraction:
    codebook = load_codebook()
    return extract_document(document_from_text(text, name, codebook, published, page), codebook)


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
    """File a document into seeds/ with its metadata; refuse a duplicate (dashboard.duplicates)."""
    path = Path(path)
    check_name(path, seed=False)  # the file is renamed in seeds/; only its name in messages matters
    raw = read_capped(path)
    if path.suffix.lower() in (".html", ".htm", ".md"):
        page = read_article(path.name, raw)
    else:
        page = Article(decode(raw, path))
    return file_article(page, seeds, path, publisher=publisher, url=url, date=date)


def file_article(
    page: Article,
    seeds: Path,
    shown: str | Path,
    publisher: str = "",
    url: str = "",
    date: str = "",
    fetched_at: str = "",
    dry_run: bool = False,
    pending: int = 0,
) -> Path:
    """Write an article and its NAME.meta.yaml into seeds/ (with `dry_run`, only say where, after
    `pending` articles a dry run has not written). What is given explicitly wins over what the
    page says of itself; a duplicate is refused."""
    from dashboard.duplicates import find_duplicate

    if date and not valid_iso(date):
        raise InputError(shown, f"--date {date!r} is not a date (YYYY-MM-DD)")
    text = page.text
    date = date or page.published
    if not (date or header_date(text)):
        raise InputError(shown, "no date: give --date YYYY-MM-DD or a first line 'date YYYY-MM-DD'")
    url = url or page.url
    duplicate = find_duplicate(text, url, seeds)
    if duplicate:
        raise InputError(shown, f"already filed as {duplicate.path.name} ({duplicate.reason})")
    data = text.encode("utf-8")
    digest = hashlib.sha256(data).hexdigest()
    names = [p.name for p in seeds.iterdir() if p.suffix in (".txt", ".html")] if seeds.is_dir() else []
    number = 1 + pending + max((int(n[:3]) for n in names if n[:3].isdigit()), default=-1)
    target = seeds / f"{number:03d}_{digest[:16]}.txt"
    fields = (
        ("publisher", publisher or page.sitename),
        ("url", url),
        ("published", date),
        ("title", page.title),
        ("author", page.author),
        ("fetched_at", fetched_at),
    )
    meta = {k: v for k, v in fields if v}
    if dry_run:
        return target
    target.write_bytes(data)
    if meta:
        header = "# Metadata given to `python -m dashboard add`, or read from the page.\n"
        target.with_name(target.stem + META_SUFFIX).write_text(
            header + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
    return target


def article_rows(
    text: str, name: str = "pasted text", published: str = "", page: Article | None = None
) -> dict[str, list[dict]]:
    """The published tables for one analyzed article (ids of its own, as if it were the only document)."""
    from dashboard.tables import assemble

    codebook = load_codebook()
    return assemble([analyze(text, name, published, page)], codebook)
