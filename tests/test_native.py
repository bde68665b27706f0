"""The compiled extraction modules (dashboard/native.py) give the same records as the Python
ones, and the package loads them only while they are current."""

import json
import os
import subprocess
import sys

import pytest

import dashboard
from dashboard import native
from dashboard.synthetic import write_corpus
from tests.conftest import CORPUS, ROOT, SEED

# Texts where compiled string methods could part from CPython's: a final sigma, a dotted
# capital I, other scripts, control characters, a run of thousands of tokens with no full stop.
EDGE_TEXTS = [
    "İSTANBUL ΣΟΦΊΑ ΟΔΟΣ. Uzbekistan proposed creating the ΣΟΦΊΑ Fund with Japan.",
    "ТАШКЕНТ, 20 декабря. Japan agreed to finance the Ташкент–Самарканд railway project.",
    "Kazakhstan\x0bsigned\x0c an agreement on the Trans-Caspian route.\r\nThe fund was launched.",
    "Uzbekistan proposed " + ", ".join(f"project {i}" for i in range(3000)),
]

# Prints the records of each file and each text, as `extract_file` and `extract_document` make
# them, and for each text what `parse` read: tokens, lower-case forms, sentences, matches.
RECORDS = """
import hashlib, json, sys
from pathlib import Path
from dashboard import native
from dashboard.build import extract_file
from dashboard.codebook import load_codebook
from dashboard.extract import extract_document
from dashboard.nlp import build_pipeline, parse
from dashboard.records import Document
paths, texts = json.loads(sys.stdin.read())
out = [repr(extract_file(Path(p))) for p in paths]
for t in texts:
    doc = Document("t", "t.txt", t, hashlib.sha256(t.encode()).hexdigest(), published="2025-12-20")
    out.append(repr(extract_document(doc, load_codebook())))
    p = parse(t, build_pipeline(load_codebook()))
    matches = [(m.start, m.end, m.start_char, m.end_char, m.label_, m.ent_id_) for m in p.ents + p.lexicon]
    out.append(repr((p.words, p.lower, p.idx, p.ends, [(s.start, s.end) for s in p.sents], matches)))
print(json.dumps({"compiled": native.in_use(), "records": out}))
"""


def records(paths: list, texts: list[str], pure: bool) -> dict:
    env = {**os.environ, "TRACKER_PURE_PYTHON": "1" if pure else ""}
    run = subprocess.run(
        [sys.executable, "-c", RECORDS],
        input=json.dumps([[str(p) for p in paths], texts]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
    )
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def compiled_in_use():
    if not native.in_use():
        if os.environ.get("TRACKER_REQUIRE_COMPILED"):
            pytest.fail("the compiled modules are missing or stale: `make compiled`")
        pytest.skip("not compiled (`make compiled`); `make test` compiles first")


def test_compiled_records_equal_python_records(compiled_in_use, tmp_path):
    paths = [SEED, *sorted(CORPUS.glob("*.txt")), *sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))]
    paths += write_corpus(300, 11, tmp_path)
    compiled, pure = records(paths, EDGE_TEXTS, pure=False), records(paths, EDGE_TEXTS, pure=True)
    assert (compiled["compiled"], pure["compiled"]) == (True, False)
    assert len(compiled["records"]) == len(paths) + 2 * len(EDGE_TEXTS)
    names = [*map(str, paths), *(f"{kind} of {t[:40]!r}" for t in EDGE_TEXTS for kind in ("records", "parse"))]
    differ = [name for name, a, b in zip(names, compiled["records"], pure["records"], strict=True) if a != b]
    assert differ == [], f"{len(differ)} differ, the first: {differ[0]}"


@pytest.mark.parametrize(
    ("stamp", "pure_env", "loaded"),
    [
        ("current", "", True),
        ("current", "1", False),  # TRACKER_PURE_PYTHON=1
        ("stale", "", False),  # a source changed since the compile
        ("missing", "", False),  # never compiled, or a compile that did not finish
    ],
)
def test_compiled_modules_load_only_while_current(monkeypatch, tmp_path, stamp, pure_env, loaded):
    path = tmp_path / "sources.sha256"
    if stamp != "missing":
        path.write_text((dashboard.sources_digest() if stamp == "current" else "0" * 64) + "\n", encoding="ascii")
    monkeypatch.setattr(dashboard, "COMPILED_STAMP", path)
    monkeypatch.setenv("TRACKER_PURE_PYTHON", pure_env)
    assert dashboard.compiled_current() is loaded
