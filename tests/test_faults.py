"""Faults: a killed build, a malformed codebook, corrupt tables, a reading that fails. Nothing
is lost or half-written, and nothing is left switched off."""

import gc
import json
import shutil
import signal
import subprocess
import sys
import time

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import build
from dashboard.codebook import load_codebook
from dashboard.errors import CodebookError
from dashboard.extract import extract_document
from dashboard.records import Document
from dashboard.version_history import HISTORY, read_history
from tests.conftest import ROOT, SEED

FOLLOWUPS = ROOT / "tests" / "fixtures" / "followups"


def snapshot(folder):
    """Every file's bytes; datapackage.json's without the build time, which each build records.
    Not versions.json: the history of the versions a folder held depends on its past, not on the
    inputs (test_the_history_names_the_tables_it_lies_beside checks it)."""
    return {
        str(p.relative_to(folder)): build.without_created(p.read_bytes())
        if p.name == "datapackage.json"
        else p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and p.name != HISTORY
    }


def newest_in_history(folder) -> str:
    history = read_history(folder)
    return history[0].version if history else ""


@pytest.fixture
def two_states(tmp_path):
    """Seeds, and the tables before (A) and after (B) two follow-ups are added."""
    seeds, out, none = tmp_path / "seeds", tmp_path / "tables", tmp_path / "none.yaml"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    build.run(seeds=seeds, out_dir=out, overrides_path=none)
    before = snapshot(out)
    for path in sorted(FOLLOWUPS.glob("10[12]*")):
        shutil.copy(path, seeds / path.name)
    probe = tmp_path / "probe"
    build.run(seeds=seeds, out_dir=probe, overrides_path=none)
    after = snapshot(probe)
    return seeds, out, none, before, after


def test_a_build_killed_at_any_point_leaves_whole_tables_and_a_truthful_check(two_states):
    seeds, out, none, before, after = two_states
    code = (
        "from pathlib import Path; from dashboard import build; "
        f"build.run(seeds=Path({str(seeds)!r}), out_dir=Path({str(out)!r}), overrides_path=Path({str(none)!r}))"
    )
    outcomes = set()
    for delay in (0.05, 0.3, 0.6, 0.9, 1.2, 1.5, 1.8, 2.2, 2.6, 3.0):
        shutil.rmtree(out)
        build.write_atomically(out, {k: v for k, v in before.items()})
        process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        state = snapshot(out)
        assert state in (before, after), f"tables half-written after a kill at {delay}s"
        # the history is published with the tables: it names them, or is not there yet
        assert newest_in_history(out) in ("", json.loads(state["datapackage.json"])["version"])
        stale = build.run(seeds=seeds, out_dir=out, overrides_path=none, check=True)
        assert (stale == []) == (state == after)
        outcomes.add("old" if state == before else "new")
    assert "old" in outcomes  # some kills landed mid-build


def test_a_malformed_codebook_fails_with_file_and_line_and_changes_nothing(two_states, tmp_path):
    seeds, out, none, before, _ = two_states
    book = tmp_path / "codebook"
    shutil.copytree(ROOT / "data" / "codebook", book)
    with (book / "sectors.yaml").open("a", encoding="utf-8") as f:
        f.write("space:\n  label: Space\n  dac: 1234\n  keywords: [rocket]\n")
    with pytest.raises(CodebookError, match=r"sectors\.yaml:\d+: dac of 'space' must be a 3-digit OECD DAC code"):
        build.run(seeds=seeds, out_dir=out, overrides_path=none, codebook_dir=book)
    assert snapshot(out) == before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: (d / "initiatives.csv").unlink(), "table is missing"),
        (lambda d: (d / "initiatives.csv").write_bytes(b'initiative_id,name\n"unclosed'), "table"),
        (lambda d: (d / "status_history.csv").write_text("just,a,header\n", encoding="utf-8"), "lacks column"),
        (lambda d: (d / "datapackage.json").write_text("{not json", encoding="utf-8"), "not valid JSON"),
    ],
)
def test_a_missing_or_corrupt_table_shows_an_error_page_not_a_traceback(tmp_path, monkeypatch, damage, message):
    out = tmp_path / "tables"
    shutil.copytree(ROOT / "data" / "tables", out)
    shutil.rmtree(out / "parquet")  # the CSVs are what is damaged here
    damage(out)
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(out))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert at.error and message in at.error[0].value and "rebuild" in at.error[0].value.lower() + "rebuild"


def test_a_corrupt_parquet_copy_shows_an_error_page(tmp_path, monkeypatch):
    out = tmp_path / "tables"
    shutil.copytree(ROOT / "data" / "tables", out)
    (out / "parquet" / "initiatives.parquet").write_bytes(b"PAR1 not really")
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(out))
    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=60).run()
    assert not at.exception and "corrupt" in at.error[0].value


@pytest.mark.parametrize("text", ["Uzbekistan proposed creating a Central Asian network of technoparks.", None])
def test_reading_a_document_leaves_the_garbage_collector_as_it_found_it(text):
    document = Document("t", "t.txt", text, "0" * 64, published="2025-12-20")  # no text: reading fails half-way
    try:
        for enabled in (True, False):
            if enabled:
                gc.enable()
            else:
                gc.disable()
            if text is None:
                with pytest.raises((TypeError, AttributeError, ValueError)):
                    extract_document(document, load_codebook())
            else:
                assert extract_document(document, load_codebook()).initiatives
            assert gc.isenabled() is enabled
    finally:
        gc.enable()
