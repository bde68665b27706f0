"""Is an article filed already? The same link, the same text, or the same article syndicated
under another link (the same text up to boilerplate: a headline, a credit line, a dateline)."""

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

SHINGLE = 5  # words per shingle
CONTAINMENT = 0.85  # of the shorter text's shingles found in the other: the same article
MIN_SHINGLES = 20  # shorter texts count as the same only when equal word for word


@dataclass(frozen=True)
class Duplicate:
    path: Path  # the filed seed
    reason: str


def words(text: str) -> list[str]:
    """The text's words, case and punctuation aside (quotes and dashes differ between sites)."""
    return re.findall(r"\w+", text.casefold())


def shingles(text: str) -> set[int]:
    tokens = words(text)
    return {hash(" ".join(tokens[i : i + SHINGLE])) for i in range(max(0, len(tokens) - SHINGLE + 1))}


def same_article(a: str, b: str) -> bool:
    """Whether two texts are one article: equal word for word, or a long text whose 5-word
    shingles are nearly all in the other (containment, as in near-duplicate detection for
    news: Broder's resemblance, one-sided so that an added credit line does not matter)."""
    wa, wb = words(a), words(b)
    if wa == wb:
        return True
    sa, sb = shingles(a), shingles(b)
    small = min(len(sa), len(sb))
    return small >= MIN_SHINGLES and len(sa & sb) / small >= CONTAINMENT


def filed(seeds: Path) -> list[tuple[Path, str, str]]:
    """(path, text, url) of every article filed in seeds/."""
    from dashboard.articles import decode_page, read_html
    from dashboard.errors import InputError
    from dashboard.sources import read_metadata

    found = []
    if not seeds.is_dir():
        return found
    for path in sorted(seeds.iterdir()):
        if path.suffix not in (".txt", ".html") or path.is_symlink() or not path.is_file():
            continue
        raw = path.read_bytes()
        try:
            text = read_html(decode_page(raw), str(path)).text if path.suffix == ".html" else raw.decode("utf-8")
            url = read_metadata(path).get("url", "")
        except (InputError, UnicodeDecodeError):
            continue  # build reports it
        found.append((path, text, url))
    return found


def find_duplicate(text: str, url: str, seeds: Path) -> Duplicate | None:
    """The filed article this one repeats, and how; None when it is new."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    candidates = filed(seeds)
    for path, other, other_url in candidates:
        if hashlib.sha256(other.encode("utf-8")).hexdigest() == digest:
            return Duplicate(path, "same content")
        if url and other_url and url.rstrip("/") == other_url.rstrip("/"):
            return Duplicate(path, f"same link {url}")
    for path, other, _ in candidates:
        if same_article(text, other):
            return Duplicate(path, "the same article under another link: syndicated or a copy")
    return None
