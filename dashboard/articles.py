"""A web page -> its article: main text and metadata, with trafilatura. No Streamlit here.

Trafilatura (the field's standard for news pages) drops navigation, share buttons, cookie
banners, "related articles" lists and footers, and reads the title, date, author, site name
and canonical URL from JSON-LD, Open Graph, `<time>` and the like. The article's text is what
is analyzed and stored, so every offset a row cites points into it.
"""

import codecs
import re
from dataclasses import dataclass

from dashboard.dates import valid_iso
from dashboard.errors import InputError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# A '<' with no '>' before the next '<' (or the end) cannot open a whole tag: it is written as
# the text it is ("&lt;") before parsing, so that "a < b" stays in the text. The lookahead
# stops at the next '<' or '>', so this pass is linear in the page's length.
_UNCLOSED_TAG = re.compile(r"<(?=[^<>]*(?:<|\Z))")
# The project's header line ('date 2025-12-20', sources.header_line) run into the body when a page
# puts both in one paragraph: it is given its own line again, as in a .txt seed.
_HEADER_DATE = re.compile(r"((?:date|published|posted):?\s*\d{4}-\d{2}-\d{2})\s+(?=\S)", re.I)
MAX_FIELD = 300  # characters of a title, author or site name


@dataclass(frozen=True)
class Article:
    text: str  # the headline, a blank line, then the body's paragraphs separated by blank lines
    title: str = ""
    published: str = ""  # YYYY-MM-DD, or ""
    author: str = ""
    sitename: str = ""
    url: str = ""  # the canonical URL the page gives, or ""


def charset_of(raw: bytes, declared: str = "") -> str:
    """The page's encoding: the HTTP header's charset, else its <meta> declaration, else UTF-8."""
    for name in (declared, *(m.decode("ascii") for m in _META_CHARSET.findall(raw[:4096])[:1])):
        try:
            if name:
                return codecs.lookup(name).name
        except LookupError:
            continue
    return "utf-8"


def decode_page(raw: bytes, declared: str = "") -> str:
    """Bytes of a web page -> text, by its declared encoding (a windows-1251 page reads as Cyrillic)."""
    charset = charset_of(raw, declared) or "utf-8"
    if charset.startswith("utf-8") and raw.startswith(b"\xef\xbb\xbf"):
        charset = "utf-8-sig"
    return raw.decode(charset, errors="replace")


def _one_line(value, limit: int = MAX_FIELD) -> str:
    return " ".join(str(value or "").split())[:limit]


def read_html(markup: str, name: str, url: str = "") -> Article:
    """The article of an HTML page (or fragment), or an InputError naming `name` when it has none."""
    import trafilatura  # imported here: only HTML needs it, and it takes a second to import

    document = trafilatura.bare_extraction(
        _UNCLOSED_TAG.sub("&lt;", markup),
        url=url or None,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
    )
    body = (document.text or "") if document is not None else ""
    paragraphs = [" ".join(p.split()) for p in body.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    if paragraphs and (header := _HEADER_DATE.match(paragraphs[0])):  # 'date 2025-12-20' keeps its own line
        paragraphs[:1] = [header.group(1), paragraphs[0][header.end() :]]
    if not paragraphs:
        raise InputError(name, "no text left once the markup is removed")
    title = _one_line(document.title)
    if title and paragraphs[0] == title:
        paragraphs = paragraphs[1:] or paragraphs
    text = "\n\n".join(([title] if title and paragraphs[0] != title else []) + paragraphs)
    date = _one_line(document.date)[:10]
    return Article(
        text=text,
        title=title,
        published=date if valid_iso(date) else "",
        author=_one_line(document.author),
        sitename=_one_line(document.sitename),
        url=_one_line(document.url, 2000) if str(document.url or "").startswith(("http://", "https://")) else "",
    )


def html_to_text(markup: str) -> str:
    """The article text of an HTML page or fragment; "" when none is left."""
    try:
        return read_html(markup, "page").text
    except InputError:
        return ""
