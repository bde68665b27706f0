"""Unit tests of the rule families, on short sentences written for them (never the gold corpora's).

The spaCy pipeline and the codebook are loaded once for the session; each test then reads one
snippet as a document published on a given day."""

import pytest

from dashboard.records import Extraction, Initiative
from tests.conftest import extract_text

PUBLISHED = "2025-12-20"


@pytest.fixture(scope="session", autouse=True)
def pipeline_loaded():
    """Load the parse model and the codebook once, before the first test times anything."""
    extract_text("Japan proposed a regional fund.")


def read(text: str, published: str = PUBLISHED) -> Extraction:
    return extract_text(text, published)


def rows(text: str, published: str = PUBLISHED) -> list[Initiative]:
    return read(text, published).initiatives


def one(text: str, published: str = PUBLISHED) -> Initiative:
    found = rows(text, published)
    assert len(found) == 1, [i.name for i in found]
    return found[0]


def named(found: list[Initiative], *words: str) -> Initiative:
    """The one row whose name holds every word (lower-case), as the gold files match."""
    hits = [i for i in found if all(w in i.name.lower() for w in words)]
    assert len(hits) == 1, (words, [i.name for i in found])
    return hits[0]


def status(ini: Initiative) -> str:
    return ini.claims[-1].status.value


def countries(ini: Initiative) -> set[str]:
    return {x.iso3 for x in ini.countries}


def roles(ini: Initiative, iso3: str) -> set[str]:
    return {x.role.value for x in ini.countries if x.iso3 == iso3}
