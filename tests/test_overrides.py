"""Analyst review through data/overrides.yaml: every action, and bad entries that change nothing."""

import csv
import shutil

import pytest

from dashboard import build
from dashboard.errors import CodebookError
from tests.conftest import ROOT, SEED

FOLLOWUPS = ROOT / "tests" / "fixtures" / "followups"
TECHNOPARKS = "ini-0e3ada3deb1b"  # the seed's technopark network


def table(directory, name):
    with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def corpus(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    for path in FOLLOWUPS.iterdir():
        shutil.copy(path, seeds / path.name)
    return tmp_path


def run(corpus, overrides: str):
    path = corpus / "overrides.yaml"
    path.write_text("# test overrides\n" + overrides, encoding="utf-8")
    build.run(seeds=corpus / "seeds", out_dir=corpus / "tables", overrides_path=path)
    return corpus / "tables"


def ids_by_name(tables):
    return {r["name"]: r["initiative_id"] for r in table(tables, "initiatives")}


def row(tables, initiative_id):
    return next(r for r in table(tables, "initiatives") if r["initiative_id"] == initiative_id)


def test_rename_and_review_mark_the_initiative_reviewed_with_notes(corpus):
    out = run(corpus, f"- rename: {TECHNOPARKS}\n  name: Japan-Central Asia technopark network\n  note: readout name\n")
    r = row(out, TECHNOPARKS)
    assert (r["name"], r["reviewed"], r["review_note"]) == (
        "Japan-Central Asia technopark network",
        "true",
        "readout name",
    )
    others = [x for x in table(out, "initiatives") if x["initiative_id"] != TECHNOPARKS]
    assert {x["reviewed"] for x in others} == {"false"}


def test_set_changes_status_kind_sectors_and_countries(corpus):
    out = run(
        corpus,
        f"- set: {TECHNOPARKS}\n  status: completed\n  kind: institution\n  sectors: [education]\n"
        "  countries: [{iso3: UZB, role: host}, {iso3: JPN, role: financier}]\n  note: corrected\n",
    )
    r = row(out, TECHNOPARKS)
    assert (r["status"], r["kind"], r["iati_status"]) == ("completed", "institution", "3")
    assert [x["sector_id"] for x in table(out, "initiative_sectors") if x["initiative_id"] == TECHNOPARKS] == [
        "education"
    ]
    links = {(x["iso3"], x["role"]) for x in table(out, "initiative_countries") if x["initiative_id"] == TECHNOPARKS}
    assert links == {("UZB", "host"), ("JPN", "financier")}


def test_merge_folds_one_into_the_other_and_leaves_an_alias(corpus):
    base = ids_by_name(run(corpus, "[]"))
    fund = base["Central Asia Green Energy Fund"]
    keep = base["Central Asia Infrastructure and Industry Development Investment Fund"]
    out = run(corpus, f"- merge: [{keep}, {fund}]\n  note: the same fund under two names\n")
    assert fund not in ids_by_name(out).values()
    assert row(out, keep)["n_sources"] == "3"
    aliases = {r["alias_id"]: (r["initiative_id"], r["reason"]) for r in table(out, "initiative_aliases")}
    assert aliases[fund] == (keep, "merged by review")


def test_split_moves_a_documents_reports_to_a_new_initiative(corpus):
    base = ids_by_name(run(corpus, "[]"))
    fund = base["Central Asia Infrastructure and Industry Development Investment Fund"]
    out = run(corpus, f"- split: {fund}\n  documents: [101_fund_signed]\n  note: a different fund\n")
    names = ids_by_name(out)
    assert names["Central Asia Infrastructure and Industry Development Investment Fund"] == fund
    new = names["Investment Fund for Infrastructure and Industrial Development in Central Asia"]
    assert new != fund and row(out, new)["status"] == "agreed" and row(out, fund)["status"] == "proposed"
    again = ids_by_name(run(corpus, f"- split: {fund}\n  documents: [101_fund_signed]\n  note: a different fund\n"))
    assert again == names  # stable across rebuilds


def test_drop_removes_a_false_initiative_and_records_it(corpus):
    base = ids_by_name(run(corpus, "[]"))
    out = run(corpus, f"- drop: {base['Partnerships']}\n  note: not an initiative, a generic word\n")
    assert "Partnerships" not in ids_by_name(out)
    assert {r["alias_id"]: r["reason"] for r in table(out, "initiative_aliases")}[
        base["Partnerships"]
    ] == "dropped by review"
    assert base["Partnerships"] not in {r["initiative_id"] for r in table(out, "status_history")}


@pytest.mark.parametrize(
    ("entry", "problem", "line"),
    [
        ("- rename: ini-000000000000\n  name: X\n  note: typo\n", "unknown initiative id 'ini-000000000000'", 3),
        (f"- rename: {TECHNOPARKS}\n  name: X\n", "rename needs a note", 3),
        (f"- set: {TECHNOPARKS}\n  status: finished\n  note: x\n", "unknown status 'finished'", 3),
        (f"- set: {TECHNOPARKS}\n  colour: red\n  note: x\n", "cannot set colour", 3),
        (f"- merge: [{TECHNOPARKS}]\n  note: x\n", "merge takes a list of two or more ids", 3),
        (f"- rename: {TECHNOPARKS}\n  drop: {TECHNOPARKS}\n  note: x\n", "exactly one action", 3),
        ("- rename: [unclosed\n", "invalid YAML", 4),  # YAML reports where it noticed: the end
    ],
)
def test_a_bad_override_fails_with_file_and_line_and_changes_nothing(corpus, entry, problem, line):
    out = run(corpus, "[]")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    path = corpus / "overrides.yaml"
    path.write_text("# test overrides\n\n" + entry, encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        build.run(seeds=corpus / "seeds", out_dir=out, overrides_path=path)
    assert str(info.value).startswith(f"{path}:{line}: ") and problem in str(info.value)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_the_committed_overrides_file_is_valid():
    from dashboard.codebook import load_codebook
    from dashboard.overrides import load_overrides

    assert load_overrides(ROOT / "data" / "overrides.yaml", load_codebook()) == []


@pytest.mark.parametrize(
    ("entry", "line", "expected"),
    [
        (f"- set: {TECHNOPARKS}\n  status: [agreed]\n  note: x\n", 4,
         "field 'status': expected a string, got ['agreed']"),
        (f"- set: {TECHNOPARKS}\n  countries: [{{iso3: [JPN]}}]\n  note: x\n", 4,
         "field 'countries.0.iso3': expected a string, got ['JPN']"),
        (f"- set: {TECHNOPARKS}\n  countries: [{{iso3: JPN, role: [partner]}}]\n  note: x\n", 4,
         "field 'countries.0.role': expected a string, got ['partner']"),
        (f"- set: {TECHNOPARKS}\n  proposer: [JPN]\n  note: x\n", 4,
         "field 'proposer': expected a string, got ['JPN']"),
        (f"- set: {TECHNOPARKS}\n  sectors: [{{a: 1}}]\n  note: x\n", 4,
         "field 'sectors.0': expected a string, got {'a': 1}"),
        (f"- set: {TECHNOPARKS}\n  sectors: energy\n  note: x\n", 4, "field 'sectors': expected a list, got 'energy'"),
        (f"- rename: {TECHNOPARKS}\n  name: [X]\n  note: x\n", 4, "field 'name': expected a string, got ['X']"),
        (f"- review: {TECHNOPARKS}\n  note: first\n  note: second\n", 5, "duplicate key 'note'"),
        (f"- set: {TECHNOPARKS}\n  countries: [{{iso3: JPN, iso3: KAZ}}]\n  note: x\n", 4, "duplicate key 'iso3'"),
    ],
)  # fmt: skip
def test_a_wrongly_typed_override_names_the_file_line_field_and_what_was_expected(corpus, entry, line, expected):
    out = run(corpus, "[]")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    path = corpus / "overrides.yaml"
    path.write_text("# test overrides\n\n" + entry, encoding="utf-8")
    with pytest.raises(CodebookError) as info:
        build.run(seeds=corpus / "seeds", out_dir=out, overrides_path=path)
    assert str(info.value) == f"{path}:{line}: {expected}"
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize("junk", [bytes(range(256)), b"\x00\x01\x02- set: x\n", b"- a: \x07\x1b\n"])
def test_binary_junk_in_the_overrides_file_fails_in_one_line(tmp_path, junk):
    from dashboard.codebook import load_codebook
    from dashboard.overrides import load_overrides

    path = tmp_path / "overrides.yaml"
    path.write_bytes(junk)
    with pytest.raises(CodebookError) as info:
        load_overrides(path, load_codebook())
    assert "\n" not in str(info.value) and str(info.value).startswith(str(path))
