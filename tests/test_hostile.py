"""The hostile corpus through the command line and through the intake path of the app.

Each input yields correct tables or a one-line error; never a traceback, never a hang
(each case has a time budget), never a memory blow-up (peak memory is checked)."""

import json
import signal
import subprocess
import sys

import pytest

from dashboard import intake
from dashboard.errors import InputError
from dashboard.view import exports
from dashboard.view.data import tables_from_rows
from dashboard.view.filters import Filters
from tests.conftest import ROOT
from tests.hostile.cases import CASES

RUNNER = (
    "import resource, sys; from dashboard.cli import main; code = main(sys.argv[1:]); "
    "sys.stderr.write(f'PEAK_KB {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'); sys.exit(code)"
)
MAX_PEAK_MB = 1500
IDS = [case[0] for case in CASES]


def test_the_hostile_corpus_has_at_least_25_cases():
    assert len(CASES) >= 25


@pytest.mark.parametrize(("name", "file", "make", "expect", "budget"), CASES, ids=IDS)
def test_the_command_line_gives_tables_or_one_line(tmp_path, name, file, make, expect, budget):
    path = tmp_path / file
    path.write_bytes(make())
    result = subprocess.run(
        [sys.executable, "-c", RUNNER, "extract", str(path), "--format", "json"],
        capture_output=True, text=True, cwd=ROOT, timeout=budget + 20,  # + interpreter and spaCy start-up
    )  # fmt: skip
    lines = result.stderr.strip().splitlines()
    peak = int(lines.pop()[len("PEAK_KB ") :]) / 1024
    assert "Traceback" not in result.stderr
    assert peak < MAX_PEAK_MB, f"{name}: {peak:.0f} MB"
    if expect == "tables":
        assert result.returncode == 0, result.stderr
        tables = json.loads(result.stdout)
        text = path.read_bytes().decode("utf-8")
        for row in tables["status_history"]:
            assert text[row["start"] : row["end"]] == row["evidence"]
        assert all(len(line) < 300 and str(path) in line for line in lines)  # warnings only, one line each
    else:
        assert result.returncode == 2 and result.stdout == ""
        assert len(lines) == 1 and str(path) in lines[0] and expect[len("error: ") :] in lines[0]


class Budget:
    def __init__(self, seconds):
        self.seconds = seconds

    def __enter__(self):
        def stop(*_):
            raise TimeoutError(f"over its {self.seconds} s budget")

        signal.signal(signal.SIGALRM, stop)
        signal.alarm(self.seconds)

    def __exit__(self, *exc):
        signal.alarm(0)


@pytest.mark.parametrize(("name", "file", "make", "expect", "budget"), CASES, ids=IDS)
def test_the_intake_path_gives_tables_or_one_line_and_guarded_downloads(name, file, make, expect, budget):
    with Budget(budget):
        try:
            text = intake.read_upload(file, make())
            rows = intake.article_rows(text, file)
        except InputError as exc:
            assert expect.startswith("error: ") and "\n" not in str(exc) and file in str(exc)
            return
    assert expect == "tables", f"{name} should have failed with {expect}"
    view = tables_from_rows(rows)
    cells = [v for frame in exports.table_frames(view).values() for v in frame.to_numpy().ravel()]
    assert not any(isinstance(v, str) and v.startswith(exports.FORMULA_PREFIXES) for v in cells)
    payload = json.loads(exports.json_bytes(view, Filters()))
    assert not any(
        isinstance(v, str) and v.startswith(exports.FORMULA_PREFIXES)
        for table in payload.values() if isinstance(table, list) for row in table for v in row.values()
    )  # fmt: skip
    exports.excel_bytes(view, Filters(), "test")  # opens: cells over Excel's limit are cut, not fatal


def test_formula_sentences_still_yield_their_initiative():
    rows = intake.article_rows(
        "date 2025-12-20\n\n=cmd|' /C calc'!A0 Japan proposed creating a Tashkent Logistics Hub."
    )
    assert [r["name"] for r in rows["initiatives"]] == ["Tashkent Logistics Hub"]
    assert rows["status_history"][0]["evidence"].startswith("=cmd")  # the table keeps the source; downloads guard it


PASTABLE = [c for c in CASES if len(c[2]()) <= 200_000]  # the page's text box holds 200,000 characters


@pytest.mark.parametrize(("name", "file", "make", "expect", "budget"), PASTABLE, ids=[c[0] for c in PASTABLE])
def test_the_intake_page_shows_tables_or_one_line_for_pasted_hostile_text(name, file, make, expect, budget):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=budget + 30).run()
    at.switch_page("screens/analyze.py").run()
    at.text_area(key="analyze_text").input(make().decode("utf-8", errors="replace"))
    at.button(key="FormSubmitter:analyze-Analyze").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    if errors:
        assert len(errors) == 1 and "\n" not in errors[0]
    else:
        assert any("in pasted text" in s.value for s in at.subheader)
        html = " ".join(str(h.proto.body) for h in at.get("html"))
        assert "<script" not in html and "<img" not in html and "<iframe" not in html  # only escaped text
