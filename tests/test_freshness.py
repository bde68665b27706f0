"""Every page says how fresh the tracker is, and warns when its newest document is over 30 days old."""

import datetime as dt
import json

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import build
from dashboard.view.freshness import freshness
from tests.test_app import APP, TABLES, rows

BUILT = "2026-01-02T03:04:05Z"
TODAY = dt.date(2026, 1, 20)


@pytest.mark.parametrize(
    ("newest", "warned"),
    [
        ("2026-01-20", False),  # today
        ("2025-12-21", False),  # 30 days ago: not yet
        ("2025-12-20", True),  # 31 days ago
        ("2024-05-01", True),
    ],
)
def test_the_warning_starts_after_30_days(newest, warned):
    fresh = freshness(["", "2024-01-01", newest], BUILT, TODAY)  # the newest counts; undated ones do not
    assert fresh.caption == f"Newest document: {newest} · tables built 2026-01-02 03:04 UTC"
    assert bool(fresh.warning) is warned
    if warned:
        days = (TODAY - dt.date.fromisoformat(newest)).days
        assert (
            fresh.warning
            == f"The newest document is from {newest}, {days} days ago: these tables may have stopped updating."
        )


def test_no_dated_document_and_no_build_time_are_said_to_be_unknown():
    fresh = freshness(["", ""], "", TODAY)
    assert fresh.caption == "Newest document: unknown · tables built unknown"
    assert "unknown" in fresh.warning


def shown(elements) -> list[str]:
    return [e.value.replace("\\", "").replace("\u2060", "") for e in elements]


def test_every_page_shows_the_newest_document_and_the_build_time_and_warns_that_the_seed_is_old():
    newest = max(r["published"] for r in rows("documents") if r["published"])
    created = json.loads((TABLES / "datapackage.json").read_text(encoding="utf-8"))["created"]
    caption = f"Newest document: {newest} · tables built {created[:10]} {created[11:16]} UTC"
    days = (dt.datetime.now(dt.UTC).date() - dt.date.fromisoformat(newest)).days
    assert days > 30  # the seed is from 2025-12: the warning is due, and is the only one
    warning = f"The newest document is from {newest}, {days} days ago: these tables may have stopped updating."
    at = AppTest.from_file(APP, default_timeout=90).run()
    for page in (None, "screens/initiatives.py", "screens/sources.py", "screens/analyze.py"):
        if page:
            at.switch_page(page).run()
        assert not at.exception
        assert caption in shown(at.sidebar.caption), page
        assert shown(at.warning) == [warning], page


def test_recent_tables_show_no_warning(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    recent = (dt.datetime.now(dt.UTC).date() - dt.timedelta(days=3)).isoformat()
    (seeds / "001_recent.txt").write_text(
        f"date {recent}\n\nASTANA, January 5. Tokayev proposed creating a Caspian logistics hub.", encoding="utf-8"
    )
    build.run(seeds=seeds, out_dir=tmp_path / "tables", overrides_path=tmp_path / "none.yaml")
    monkeypatch.setenv("TRACKER_TABLES_DIR", str(tmp_path / "tables"))
    at = AppTest.from_file(APP, default_timeout=90).run()
    assert not at.exception
    assert any(c.startswith(f"Newest document: {recent} · tables built ") for c in shown(at.sidebar.caption))
    assert len(at.warning) == 0
