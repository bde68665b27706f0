"""Article intake: each file type, bad input, matching the tracker, and `add` on the command line."""

import contextlib
import hashlib
import subprocess
import sys

import pytest

from dashboard import build, intake
from dashboard.errors import InputError
from tests.conftest import ROOT, SEED

FUND = ROOT / "tests" / "fixtures" / "followups" / "101_fund_signed.txt"
ARTICLE = FUND.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("article.txt", ARTICLE.encode()),
        ("article.md", ("# Fund signed\n\n![photo](http://x/y.png)\n\n" + ARTICLE + "\n\n[More](http://x)").encode()),
        (
            "article.html",
            (
                "<html><head><title>t</title><script>alert('x')</script><style>p{}</style></head>"
                f'<body onload="alert(1)"><p>{ARTICLE.replace(chr(10) + chr(10), "</p><p>")}</p>'
                "<img src=x onerror=alert(2)></body></html>"
            ).encode(),
        ),
    ],
)
def test_each_file_type_becomes_plain_text_with_the_same_initiative(name, data):
    text = intake.read_upload(name, data)
    assert "alert" not in text and "<" not in text and "](" not in text
    rows = intake.article_rows(text, name)
    names = [r["name"] for r in rows["initiatives"]]
    assert names == ["Investment Fund for Infrastructure and Industrial Development in Central Asia"]
    assert rows["documents"][0]["published"] == "2026-02-10"


@pytest.mark.parametrize(
    ("name", "data", "problem"),
    [
        ("a.pdf", b"%PDF-1.7", "unsupported file type .pdf"),
        ("a.txt", b"", "file is empty"),
        ("a.txt", b"\x00\x01\x02" * 100, "binary data"),
        ("a.txt", "Ташкент, 20 декабря.".encode("cp1251"), "not UTF-8"),
        ("a.txt", "TOKYO, December 3.".encode("utf-16"), "UTF-16"),
        ("a.txt", b"x" * (5 * 1024 * 1024 + 1), "limit is 5 MB"),
        ("a.html", b"<html><script>only()</script></html>", "no text left"),
    ],
)
def test_bad_uploads_get_a_one_line_message(name, data, problem):
    with pytest.raises(InputError) as info:
        intake.read_upload(name, data)
    assert problem in str(info.value) and "\n" not in str(info.value)


def test_pasted_html_is_reduced_to_text():
    assert intake.read_pasted("<p>Japan <b>proposed</b> a fund.</p><script>x()</script>") == "Japan proposed a fund."


def test_an_article_reporting_a_tracked_initiative_is_matched_to_it():
    from dashboard.ui import _identities
    from dashboard.view.data import load_tables, tables_from_rows

    article = tables_from_rows(intake.article_rows(ARTICLE, "fund.txt"))
    matches = intake.match_existing(_identities(article), _identities(load_tables()))
    assert list(matches.values()) == ["ini-9939e98f15d4"]  # the seed's fund


def test_add_files_a_document_with_metadata_and_refuses_a_duplicate(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    target = intake.add_document(FUND, seeds, "Synthetic", "https://example.org/a", "2026-02-10")
    assert target.name == f"000_{hashlib.sha256(ARTICLE.encode()).hexdigest()[:16]}.txt"
    meta = target.with_name(target.stem + ".meta.yaml").read_text(encoding="utf-8")
    assert "publisher: Synthetic" in meta and "2026-02-10" in meta
    build.run(seeds=seeds, out_dir=tmp_path / "tables", overrides_path=tmp_path / "none.yaml")
    with pytest.raises(InputError, match="already filed as 000_"):
        intake.add_document(FUND, seeds)
    assert len(list(seeds.glob("*.txt"))) == 1


def test_add_on_the_command_line_refuses_the_seed_again_and_changes_nothing():
    before = sorted(p.name for p in (ROOT / "seeds").iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "add", str(SEED), "--publisher", "Trend"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"error: {SEED}: already filed as {SEED.name} (same content)"
    assert sorted(p.name for p in (ROOT / "seeds").iterdir()) == before


def test_add_needs_a_date(tmp_path):
    undated = tmp_path / "undated.txt"
    undated.write_text("Japan proposed a regional logistics hub.", encoding="utf-8")
    with pytest.raises(InputError, match="no date"):
        intake.add_document(undated, tmp_path)


QUADRATIC_IN_HTML_PARSER = ["<a x=", "<a x='", '<a x="', "<a ", "<a\n", "<b", "<a x=y ", "<a/", "<!--", "</", "<?"]
QUADRATIC_IN_MARKDOWN = ["![", "[", "](", "[x](", "![x]("]


@pytest.mark.parametrize("unit", QUADRATIC_IN_HTML_PARSER + QUADRATIC_IN_MARKDOWN)
def test_malformed_markup_is_reduced_in_linear_time(unit):
    import signal

    def stop(*_):
        raise TimeoutError(f"{unit!r} * n took over 5 s: time quadratic in n")

    markup = unit * (200_000 // len(unit))  # about 200,000 characters: minutes when quadratic
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(5)  # a guard against a hang, not a benchmark: linear time takes well under 1 s
    try:
        for name in ("page.html", "page.md"):
            with contextlib.suppress(InputError):  # "no text left" is a fine answer
                intake.read_upload(name, markup.encode())
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_lone_angle_bracket_stays_in_the_text():
    assert intake.html_to_text("<p>a < b and c <d</p><p>x<y>z</p>") == "a < b and c <d\n\nxz"
