import hashlib
from pathlib import Path

import pytest

from dashboard.codebook import load_codebook
from dashboard.extract import extract_document
from dashboard.records import Document, Extraction

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SEED = ROOT / "seeds" / "000_7baa26f410aba820.txt"


@pytest.fixture(scope="session")
def codebook():
    return load_codebook()


def extract_text(text: str, published: str = "2025-12-20", doc_id: str = "test") -> Extraction:
    """Extract a snippet as if it were a document published on `published`."""
    document = Document(doc_id, f"{doc_id}.txt", text, hashlib.sha256(text.encode()).hexdigest(), published=published)
    return extract_document(document, load_codebook())


def only(ex: Extraction):
    assert len(ex.initiatives) == 1, [i.name for i in ex.initiatives]
    return ex.initiatives[0]


def app_page(page: str | None = None, **query):
    """The app opened at `page` (None: the Overview) with a link's query parameters, run once; it
    must not raise. The tables are data/tables, or $TRACKER_TABLES_DIR when a test sets it."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, at.exception
    return at


def build_articles(root: Path, articles: dict[str, str], feeds: Path | None = None) -> Path:
    """Tables built from articles written for a test ({file name: text}), without a cache or
    overrides, under `root` (and their Atom feeds in `feeds`); returns the tables' folder."""
    from dashboard import build

    seeds = root / "seeds"
    seeds.mkdir()
    for name, text in articles.items():
        (seeds / name).write_text(text, encoding="utf-8")
    build.run(seeds=seeds, out_dir=root / "tables", overrides_path=root / "none.yaml", cache_dir=None, feeds_dir=feeds)
    return root / "tables"
