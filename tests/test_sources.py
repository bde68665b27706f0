import subprocess
import sys

import pytest

from dashboard.errors import InputError
from dashboard.sources import dateline, decode, header_date, load_document
from tests.conftest import ROOT, SEED


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, cwd=cwd)


BAD_INPUTS = [
    ("empty.txt", b"", "file is empty"),
    ("blank.txt", b"   \n\t\n", "file is empty"),
    ("binary.txt", bytes(range(256)) * 4, "binary data"),
    ("page.txt", b"<!DOCTYPE html><html><body><p>Tokyo summit</p></body></html>", "HTML"),
    ("cyrillic.txt", "Ташкент, 20 декабря. Президент предложил фонд.".encode("cp1251"), "not UTF-8"),
    ("utf16.txt", "TOKYO, December 3. Japan.".encode("utf-16"), "UTF-16"),
    ("huge.txt", b"Japan and Uzbekistan signed an agreement. " * 130_000, "limit is 5 MB"),
]


@pytest.mark.parametrize(("name", "data", "problem"), BAD_INPUTS)
def test_bad_input_gets_a_one_line_error_naming_the_file_and_no_output(tmp_path, name, data, problem):
    path = tmp_path / name
    path.write_bytes(data)
    good = tmp_path / "good.txt"
    good.write_text("date 2025-12-20\n\nJapan proposed creating a regional logistics hub.", encoding="utf-8")
    result = run_cli("extract", str(good), str(path))
    assert result.returncode == 2
    assert result.stdout == ""  # the good file's tables are not half-printed either
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and problem in lines[0]


def test_control_characters_without_a_nul_mark_binary_data_but_tabs_form_feeds_and_returns_do_not():
    words = b"Japan and Uzbekistan signed an agreement on a logistics hub. " * 3
    with pytest.raises(InputError, match="control characters"):
        decode(words + bytes([1, 2, 3, 11, 27, 31]) * 3, "noise.txt")
    assert decode(words + b"\t\f\r\n" * 20, "plain.txt").startswith("Japan")
    assert decode(words + bytes([27]) * 8, "colours.txt").startswith("Japan")  # a few stray escapes pass


def test_a_text_with_no_date_still_extracts_with_the_date_unknown(tmp_path):
    path = tmp_path / "undated.txt"
    path.write_text("Uzbekistan proposed creating a regional logistics hub with Japan.", encoding="utf-8")
    result = run_cli("extract", str(path), "--format", "csv")
    assert result.returncode == 0
    assert "no date found" in result.stderr and str(path) in result.stderr
    assert "Regional logistics hub" in result.stdout
    assert ",proposed,UZB,,," in result.stdout  # first_seen and last_seen are empty, not guessed


def test_metadata_beside_the_seed_gives_publisher_url_and_date(codebook):
    doc = load_document(SEED, codebook)
    assert (doc.source, doc.url, doc.published, doc.date_basis) == (
        "Trend",
        "https://www.trend.az/business/4132479.html",
        "2025-12-20",
        "metadata",
    )
    assert (doc.dateline_city, doc.dateline_iso3) == ("Tashkent", "UZB")


def test_the_seed_is_byte_identical_to_the_shared_original():
    import hashlib

    digest = hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert digest == "635bcdc013b3b1d9901f3ca5e1e324e5dcb841164e9d810fbfd8a31898d47ef7"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (" date 2025-12-20 Photo: x", "2025-12-20"),
        ("published: 2024-01-31\n", "2024-01-31"),
        ("date 2025-02-30", ""),
        ("No date", ""),
    ],
)
def test_the_header_date_is_read_and_checked(text, expected):
    assert header_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("TASHKENT, Uzbekistan, December 20. The president", ("Tashkent", "UZB")),
        ("TOKYO, December 3. The Japanese government", ("Tokyo", "JPN")),
        ("BISHKEK, Kyrgyzstan, November 22. Kyrgyz", ("Bishkek", "KGZ")),
        ("No dateline here.", ("", "")),
    ],
)
def test_the_dateline_gives_city_and_country(text, expected, codebook):
    assert dateline(text, codebook)[:2] == expected


def test_malformed_metadata_is_reported_with_its_file(tmp_path, codebook):
    from dashboard.errors import InputError

    (tmp_path / "a.txt").write_text("Japan proposed a fund.", encoding="utf-8")
    (tmp_path / "a.meta.yaml").write_text("published: 2025-13-45\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"a\.meta\.yaml: published '2025-13-45' is not a date"):
        load_document(tmp_path / "a.txt", codebook)
