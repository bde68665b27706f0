"""Stable ids: adding documents never changes an existing initiative's id; merged ids become aliases."""

import csv
import shutil

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard import build
from tests.conftest import ROOT, SEED

FOLLOWUPS = sorted((ROOT / "tests" / "fixtures" / "followups").glob("*.txt"))


def table(directory, name):
    with (directory / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def add(seeds, path):
    shutil.copy(path, seeds / path.name)
    meta = path.with_name(path.stem + ".meta.yaml")
    if meta.exists():
        shutil.copy(meta, seeds / meta.name)


def build_ids(seeds, out):
    build.run(seeds=seeds, out_dir=out, overrides_path=out / "no-overrides.yaml")
    live = {r["initiative_id"] for r in table(out, "initiatives")}
    aliases = {r["alias_id"]: r["initiative_id"] for r in table(out, "initiative_aliases")}
    return live, aliases


def resolves(old_id, live, aliases):
    return old_id in live or aliases.get(old_id, "") in live


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(FOLLOWUPS))
def test_adding_documents_in_any_order_never_changes_an_existing_id(tmp_path_factory, order):
    root = tmp_path_factory.mktemp("ids")
    seeds, out = root / "seeds", root / "tables"
    seeds.mkdir()
    add(seeds, SEED)
    live, aliases = build_ids(seeds, out)
    for path in order:
        add(seeds, path)
        new_live, new_aliases = build_ids(seeds, out)
        assert live <= new_live, "an existing initiative lost its id"
        assert all(resolves(old, new_live, new_aliases) for old in aliases)
        live, aliases = new_live, new_aliases


def write(seeds, name, date, sentence):
    (seeds / f"{name}.txt").write_text(f"date {date}\n\nASTANA, Kazakhstan. {sentence}", encoding="utf-8")


def test_a_new_document_that_bridges_two_initiatives_makes_one_alias_of_the_other(tmp_path):
    seeds, out = tmp_path / "seeds", tmp_path / "tables"
    seeds.mkdir()
    write(seeds, "201_green", "2026-03-01", "Kazakhstan proposed a Central Asia Green Energy Investment Fund.")
    write(seeds, "202_digital", "2026-04-01", "Kazakhstan proposed a Central Asia Digital Transport Investment Fund.")
    live, _ = build_ids(seeds, out)
    assert len(live) == 2
    write(seeds, "200_bridge", "2026-01-15", "Kazakhstan proposed a Central Asia Green Digital Investment Fund.")
    new_live, aliases = build_ids(seeds, out)
    assert len(new_live) == 1
    (gone,) = live - new_live
    assert aliases[gone] in new_live and live & new_live
    assert {r["alias_id"]: r["reason"] for r in table(out, "initiative_aliases")}[gone] == "merged"


def test_a_rebuild_with_nothing_new_keeps_every_file_identical(tmp_path):
    seeds, out = tmp_path / "seeds", tmp_path / "tables"
    seeds.mkdir()
    add(seeds, SEED)
    for path in FOLLOWUPS:
        add(seeds, path)
    build_ids(seeds, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert build.run(seeds=seeds, out_dir=out, check=True, overrides_path=out / "no-overrides.yaml") == []
    build_ids(seeds, out)
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
