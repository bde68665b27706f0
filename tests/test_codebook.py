import shutil

import pytest

from dashboard.codebook import CODEBOOK_DIR, load_codebook
from dashboard.errors import CodebookError


@pytest.fixture
def book(tmp_path):
    target = tmp_path / "codebook"
    shutil.copytree(CODEBOOK_DIR, target)
    return target


def append(path, text):
    with path.open("a", encoding="utf-8") as f:
        f.write(text)
    return sum(1 for _ in path.open(encoding="utf-8"))


@pytest.mark.parametrize(
    ("file", "entry", "problem"),
    [
        ("countries.yaml", "XXX:\n  aliases: [Atlantis]\n", "'XXX' is not an ISO 3166-1 alpha-3 code"),
        ("sectors.yaml", "space:\n  label: Space\n  dac: 99\n  keywords: [rocket]\n", "3-digit OECD DAC code"),
        ("sectors.yaml", "space:\n  label: Space\n  dac: 999\n", "lacks 'keywords'"),
        ("predicates.yaml", "pause:\n  status: paused\n  act: stall\n  verbs: [pause]\n", "is not a status"),
        ("predicates.yaml", "pause:\n  status: stalled\n  act: halt\n  verbs: [pause]\n", "act 'halt'"),
        ("predicates.yaml", "again:\n  status: agreed\n  act: speech\n  verbs: [sign]\n", "'sign' is in both"),
        ("kinds.yaml", "gadget:\n  nouns: [gadget]\n", "unknown kind 'gadget'"),
        ("organizations.yaml", "acme:\n  name: Acme\n  kind: company\n  iso3: ZZZ\n", "iso3 'ZZZ'"),
        ("regions.yaml", "Atlantis:\n  aliases: [Atlantis]\n  members: [UZB, QQQ]\n", "member 'QQQ'"),
        ("organizations.yaml", "jica:\n  name: Again\n  kind: bank\n", "duplicate entry 'jica'"),
    ],
)
def test_a_bad_entry_fails_with_its_file_and_line(book, file, entry, problem):
    before = sum(1 for _ in (book / file).open(encoding="utf-8"))
    append(book / file, entry)
    with pytest.raises(CodebookError) as info:
        load_codebook(book)
    message = str(info.value)
    assert message.startswith(f"{book / file}:{before + 1}: ")
    assert problem in message


def test_invalid_yaml_reports_the_line_of_the_problem(book):
    path = book / "kinds.yaml"
    lines = append(path, "fund: [unclosed\n")
    with pytest.raises(CodebookError, match=rf"kinds\.yaml:{lines + 1}: invalid YAML"):
        load_codebook(book)


def test_every_lexicon_file_opens_with_a_provenance_header():
    for path in CODEBOOK_DIR.iterdir():
        assert path.read_text(encoding="utf-8").startswith("#"), path


def test_the_codebook_names_the_leaders_of_central_asia_and_japan(codebook):
    by_country = {leader.iso3 for leader in codebook.leaders if not leader.former}
    assert {"KAZ", "KGZ", "TJK", "TKM", "UZB", "JPN"} <= by_country
    assert codebook.regions["Central Asia"].members == ("KAZ", "KGZ", "TJK", "TKM", "UZB")
