import json
import shutil
import subprocess
import sys

import pytest

from dashboard import build
from dashboard.tables import TABLES
from tests.conftest import ROOT, SEED


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, cwd=ROOT)


def test_build_check_passes_on_the_committed_tables():
    result = run_cli("build", "--check")
    assert result.returncode == 0, result.stderr
    assert build.run(check=True) == []


def test_two_builds_give_identical_bytes(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    build.run(out_dir=first, workers=1)
    build.run(out_dir=second, workers=2)
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    expected = [f"{t}.csv" for t in TABLES] + [f"parquet/{t}.parquet" for t in TABLES]
    # versions.json: the history of versions the app diffs old links against (not a table of the package)
    assert names == sorted(expected + ["datapackage.json", "parquet/VERSION", "versions.json"])
    for name in names:
        if name == "datapackage.json":  # the build time ("created") aside: each build records its own
            a, b = (json.loads((d / name).read_text()) for d in (first, second))
            assert a.pop("created") <= b.pop("created")
            assert a == b
            continue
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_a_rebuild_of_the_same_inputs_keeps_every_byte_and_the_build_time(tmp_path):
    out = tmp_path / "tables"
    build.run(out_dir=out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    created = json.loads((out / "datapackage.json").read_text())["created"]
    assert created.endswith("Z") and created[:4] >= "2026"  # the time of the build, in UTC
    build.run(out_dir=out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_build_check_fails_when_a_table_is_stale(tmp_path):
    out = tmp_path / "tables"
    build.run(out_dir=out)
    (out / "initiatives.csv").write_text("edited by hand\n", encoding="utf-8")
    assert build.run(out_dir=out, check=True) == ["initiatives.csv"]


def test_initiative_ids_do_not_change_when_an_unrelated_document_is_added(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    build.run(seeds=seeds, out_dir=tmp_path / "one")
    (seeds / "001_other.txt").write_text(
        "date 2026-01-05\n\nASTANA, January 5. Tokayev proposed creating a Caspian logistics hub.", encoding="utf-8"
    )
    build.run(seeds=seeds, out_dir=tmp_path / "two")
    ids_one = {line.split(",")[0] for line in (tmp_path / "one" / "initiatives.csv").read_text().splitlines()[1:]}
    ids_two = {line.split(",")[0] for line in (tmp_path / "two" / "initiatives.csv").read_text().splitlines()[1:]}
    assert ids_one < ids_two


def test_a_bad_seed_fails_the_build_and_leaves_the_old_tables(tmp_path):
    seeds, out = tmp_path / "seeds", tmp_path / "tables"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    build.run(seeds=seeds, out_dir=out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (seeds / "002_bad.txt").write_bytes(b"\x00\x01binary")
    from dashboard.errors import InputError

    with pytest.raises(InputError, match="002_bad.txt: file holds binary data"):
        build.run(seeds=seeds, out_dir=out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_extract_json_holds_every_table_as_row_lists():
    result = run_cli("extract", str(SEED), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == list(TABLES)
    assert {r["name"] for r in data["initiatives"]} >= {"Central Asian network of Japanese technoparks"}


def test_extract_csv_prints_each_table_under_its_name():
    result = run_cli("extract", str(SEED), "--format", "csv")
    assert all(f"# {t}\n" in result.stdout for t in TABLES)


def test_datapackage_describes_every_table_and_its_hash():
    package = json.loads((ROOT / "data" / "tables" / "datapackage.json").read_text())
    assert [r["name"] for r in package["resources"]] == list(TABLES)
    header = (ROOT / "data" / "tables" / "initiatives.csv").read_text().splitlines()[0].split(",")
    fields = [f["name"] for f in package["resources"][1]["schema"]["fields"]]
    assert header == fields


def test_every_status_row_cites_its_sentence_by_offsets():
    import csv

    text = SEED.read_text(encoding="utf-8")
    with (ROOT / "data" / "tables" / "status_history.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert rows
    for row in rows:
        assert text[int(row["start"]) : int(row["end"])] == row["evidence"]


def test_evaluate_prints_every_figure():
    result = run_cli("evaluate", "tests/corpus/gold.yaml")
    assert result.returncode == 0, result.stderr
    for figure in (
        "initiative precision",
        "initiative recall",
        "initiative F1",
        "status accuracy",
        "proposer accuracy",
        "country-set F1",
        "sector hit rate",
        "event recall",
    ):
        assert figure in result.stdout


def test_rows_sort_by_key_as_zero_padded_keys_would():
    from dashboard.tables import sort_rows

    def padded(rows):  # the reference order: numbers zero-padded to 12 digits, then all compared as text
        text = lambda v: str(v).zfill(12) if isinstance(v, int) else v  # noqa: E731
        key = lambda r: (r["doc_id"], text(r["start"]), text(r["end"]), r["layer"])  # noqa: E731
        return sorted({(r["doc_id"], r["start"], r["end"], r["layer"]): r for r in rows}.values(), key=key)

    rows = [
        {"doc_id": d, "start": s, "end": s + w, "layer": layer}
        for d in ("b", "a", "a10", "a9")
        for s in (900, 7, 1_000_000, 0, 42)
        for w in (3, 12)
        for layer in ("event", "country")
    ]
    rows.append(dict(rows[0]))  # a duplicate key is kept once
    assert sort_rows("annotations", rows) == padded(rows)
    mixed = [{**r, "start": str(r["start"])} if i % 3 == 0 else r for i, r in enumerate(rows)]  # text and numbers
    assert sort_rows("annotations", mixed) == padded(mixed)
    huge = [{**r, "start": r["start"] * 10**9} for r in rows]  # past 12 digits: padding no longer lines them up
    assert sort_rows("annotations", huge) == padded(huge)
