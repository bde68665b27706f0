"""Cooperation tracker: cited tables of initiatives from news articles, and their dashboard.

The extraction modules may also exist compiled (`make compiled`, dashboard/native.py). They
are loaded in place of the Python ones only while the sources they were compiled from are
unchanged, so that an edit never runs stale code, and never when TRACKER_PURE_PYTHON is set."""

import hashlib
import os
import sys
from pathlib import Path

__version__ = "0.1.0"

COMPILED_MODULES = ("dates", "nlp", "extract")  # the per-token and per-sentence code
COMPILED_DIR = Path(__file__).resolve().parent.parent / "artifacts" / "compiled"
COMPILED_STAMP = COMPILED_DIR / "sources.sha256"  # what the modules in COMPILED_DIR were compiled from


def sources_digest() -> str:
    """SHA-256 of the compiled modules' sources and of the Python that runs them."""
    digest = hashlib.sha256(sys.version.encode())
    for name in COMPILED_MODULES:
        digest.update(Path(__file__).with_name(f"{name}.py").read_bytes())
    return digest.hexdigest()


def compiled_current() -> bool:
    """Whether artifacts/compiled holds the current sources compiled, and they are wanted."""
    if os.environ.get("TRACKER_PURE_PYTHON") or not COMPILED_STAMP.exists():
        return False
    return COMPILED_STAMP.read_text(encoding="ascii").strip() == sources_digest()


if compiled_current():
    __path__.insert(0, str(COMPILED_DIR / "dashboard"))  # found before the Python modules
