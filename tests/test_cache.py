"""The extraction cache (issue 17): the same tables with it and without it, only what changed is
extracted again, and a damaged cache is a missing one."""

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from dashboard import build, cache, publisher, workers
from dashboard.errors import InputError
from dashboard.schema import TABLES
from tests.conftest import ROOT, SEED

FOLLOWUPS = ROOT / "tests" / "fixtures" / "followups"


@pytest.fixture
def corpus(tmp_path):
    """Three documents with metadata, a tables folder, and an empty cache."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    shutil.copy(SEED.with_name(SEED.stem + ".meta.yaml"), seeds / (SEED.stem + ".meta.yaml"))
    for path in sorted(FOLLOWUPS.glob("10[12]_*")):
        shutil.copy(path, seeds / path.name)
    return seeds, tmp_path / "cache"


@pytest.fixture
def extracted(monkeypatch):
    """The names of the documents each build extracts (rather than reads from the cache)."""
    names: list[str] = []
    real = workers.extract_source

    def counting(source, codebook, seconds=None):
        names.append(source.path.name)
        return real(source, codebook, seconds)

    monkeypatch.setattr(workers, "extract_source", counting)
    return names


def tables(seeds, out, cache_dir, **options):
    build.run(seeds=seeds, out_dir=out, overrides_path=seeds.parent / "none.yaml", cache_dir=cache_dir, **options)
    # every byte, but the build time each build records in datapackage.json ("created")
    return {str(p.relative_to(out)): build.without_created(p.read_bytes()) if p.name == "datapackage.json"
            else p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}  # fmt: skip


def test_tables_are_byte_identical_with_a_cold_cache_a_warm_one_and_none(corpus, tmp_path, extracted):
    seeds, store = corpus
    cold = tables(seeds, tmp_path / "cold", store)
    assert len(extracted) == 3
    warm = tables(seeds, tmp_path / "warm", store)
    assert len(extracted) == 3  # the warm build extracted nothing
    assert warm == cold
    assert tables(seeds, tmp_path / "none", None) == cold
    assert len(extracted) == 6


def test_an_edited_document_or_its_metadata_is_the_only_one_extracted_again(corpus, tmp_path, extracted):
    seeds, store = corpus
    tables(seeds, tmp_path / "a", store)
    article = seeds / "101_fund_signed.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\nThe fund opens in May.\n", encoding="utf-8")
    extracted.clear()
    tables(seeds, tmp_path / "b", store)
    assert extracted == ["101_fund_signed.txt"]
    meta = seeds / "102_airport_construction.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("published:", "title: Renamed\npublished:"), "utf-8")
    extracted.clear()
    assert tables(seeds, tmp_path / "c", store) == tables(seeds, tmp_path / "d", None)
    assert extracted[0] == "102_airport_construction.txt" and len(extracted) == 4  # then the 3 of --no-cache


def test_a_codebook_or_engine_change_extracts_every_document_again(corpus, tmp_path, extracted, monkeypatch):
    seeds, store = corpus
    tables(seeds, tmp_path / "a", store)
    book = tmp_path / "codebook"
    shutil.copytree(ROOT / "data" / "codebook", book)
    with (book / "currencies.yaml").open("a", encoding="utf-8") as f:
        f.write("# an analyst's note\n")
    extracted.clear()
    tables(seeds, tmp_path / "b", store, codebook_dir=book)
    assert len(extracted) == 3
    monkeypatch.setattr(cache, "engine_version", lambda: "another engine")
    extracted.clear()
    tables(seeds, tmp_path / "c", store)
    assert extracted == []  # the package's modules kept their stamp: the engine version kept is taken
    stamp, changed = cache.package_stamp()
    monkeypatch.setattr(cache, "package_stamp", lambda: (stamp + "|extract/new.py:1:2:3:4", changed))  # an edit
    tables(seeds, tmp_path / "d", store)
    assert len(extracted) == 3


def test_the_package_stamp_changes_when_a_module_is_written_added_or_removed(tmp_path):
    package = tmp_path / "dashboard"
    shutil.copytree(cache.PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__", "static"))
    first, _ = cache.package_stamp(package)
    assert cache.package_stamp(package)[0] == first
    (package / "extract" / "lists.py").write_text("# edited\n", encoding="utf-8")
    edited, changed = cache.package_stamp(package)
    assert edited != first and changed >= (package / "extract" / "lists.py").stat().st_mtime_ns
    (package / "extract" / "more.py").write_text("", encoding="utf-8")
    added, _ = cache.package_stamp(package)
    (package / "extract" / "more.py").unlink()
    assert len({first, edited, added, cache.package_stamp(package)[0]}) == 3  # removing it gives the edited one


def test_the_engine_version_covers_the_modules_that_make_an_extraction_and_no_others():
    names = {p.relative_to(cache.PACKAGE).as_posix() for p in cache.engine_files()}
    assert {"extract/__init__.py", "extract/predicates.py", "nlp.py", "sources.py", "codebook.py"} <= names
    assert {"records.py", "guard_text.py", "dates.py", "model.py", "articles.py"} <= names  # .html seeds
    assert not names & {"build.py", "tables.py", "cache.py", "workers.py", "app.py", "cli.py"}


def test_the_context_names_the_model_and_the_html_reader_with_their_versions():
    described = cache.model_version()
    assert f"{cache.MODEL}==" in described and "spacy==" in described and "trafilatura==" in described
    assert "missing" not in described


def test_a_damaged_entry_is_extracted_again_and_a_damaged_file_is_replaced(corpus, tmp_path, extracted, capsys):
    seeds, store = corpus
    before = tables(seeds, tmp_path / "a", store)
    with contextlib.closing(sqlite3.connect(store / cache.STORE)) as db, db:
        key, entry = db.execute("SELECT key, entry FROM extraction LIMIT 1").fetchone()
        db.execute("UPDATE extraction SET entry = ? WHERE key = ?", (entry[:-40] + bytes(40), key))
    extracted.clear()
    assert tables(seeds, tmp_path / "b", store) == before
    assert len(extracted) == 1
    (store / cache.STORE).write_bytes(b"this is not a database" * 100)
    extracted.clear()
    assert tables(seeds, tmp_path / "c", store) == before
    assert len(extracted) == 3
    assert "is damaged (file is not a database); moved it to extractions.sqlite.damaged" in capsys.readouterr().err
    extracted.clear()
    assert tables(seeds, tmp_path / "d", store) == before
    assert extracted == []  # the new cache works


def test_a_failing_document_fails_the_build_but_what_was_extracted_before_it_is_kept(corpus, tmp_path, extracted):
    seeds, store = corpus
    (seeds / "103_empty.txt").write_bytes(b"")
    with pytest.raises(InputError, match=r"103_empty\.txt: file is empty"):
        tables(seeds, tmp_path / "a", store)
    assert not (tmp_path / "a").exists()
    (seeds / "103_empty.txt").write_text("date 2026-01-05\n\nTokayev proposed a Caspian logistics hub.\n", "utf-8")
    extracted.clear()
    tables(seeds, tmp_path / "b", store)
    assert extracted == ["103_empty.txt"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The reports of 30 synthetic articles, whose names recur across articles."""
    from dashboard.codebook import load_codebook
    from dashboard.merge import Report
    from dashboard.synthetic import write_corpus

    paths = write_corpus(30, 5, tmp_path_factory.mktemp("memo"))
    extractions = build.extract_files(paths)
    return [Report(ex.document, ini, i) for ex in extractions for i, ini in enumerate(ex.initiatives)], load_codebook()


def clusters_of(reports, codebook, memo=None):
    from dashboard.merge import cluster_reports

    return sorted(sorted(r.mention_id for r in c.reports) for c in cluster_reports(reports, codebook, memo))


@pytest.mark.parametrize("change", ["newest article added", "an older article removed", "nothing changed"])
def test_the_merge_memo_gives_the_clusters_of_a_merge_from_scratch(reports, change, monkeypatch):
    from dashboard import merge

    everything, codebook = reports
    newest = max(everything, key=lambda r: r.sort_key).document.doc_id
    before, after = {
        "newest article added": ([r for r in everything if r.document.doc_id != newest], everything),
        "an older article removed": (everything, [r for r in everything if r.document.doc_id != "00010_synthetic"]),
        "nothing changed": (everything, everything),
    }[change]
    memo = merge.MergeMemo()
    clusters_of(before, codebook, memo)
    scored = []
    real = merge.best_cluster
    monkeypatch.setattr(merge, "best_cluster", lambda name, *rest: scored.append(name) or real(name, *rest))
    assert clusters_of(after, codebook, memo) == clusters_of(after, codebook)
    with_memo = len(scored) - len(after)  # the merge from scratch scores every report
    if change == "newest article added":  # the last merge's state is taken up: only the new reports are scored
        assert with_memo == sum(1 for r in after if r.document.doc_id == newest) > 0
    elif change == "nothing changed":
        assert with_memo == 0
    else:  # replayed up to the removed article, scored after it
        assert 0 < with_memo < len(after)


def test_a_document_whose_stamp_is_unchanged_is_not_read_again_and_an_edited_one_is(corpus, tmp_path, monkeypatch):
    seeds, store = corpus
    monkeypatch.setattr(cache, "SETTLE_NS", 0)  # trust stamps at once (the files here are seconds old)
    read: list[str] = []
    real = cache.read_source
    monkeypatch.setattr(cache, "read_source", lambda path, name: read.append(path.name) or real(path, name))
    before = tables(seeds, tmp_path / "a", store)
    assert len(read) == 3
    read.clear()
    assert tables(seeds, tmp_path / "b", store) == before
    assert read == []
    article = seeds / "101_fund_signed.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("fund", "Fund", 1), encoding="utf-8")  # same size
    tables(seeds, tmp_path / "c", store)
    assert read == ["101_fund_signed.txt"]


def test_queries_split_into_parts_find_every_entry(corpus, tmp_path, extracted, monkeypatch):
    seeds, store = corpus
    monkeypatch.setattr(cache, "QUERY_KEYS", 2)  # 3 documents: two queries of each kind
    cold = tables(seeds, tmp_path / "cold", store)
    extracted.clear()
    assert tables(seeds, tmp_path / "warm", store) == cold
    assert extracted == []


def log_pid(what: str) -> None:  # into a file: what happens in another process shows here
    with open(os.environ["TRACKER_TEST_LOG"], "a", encoding="utf-8") as f:
        f.write(f"{what} {os.getpid()}\n")


def logged_warm_up(codebook_dir):
    log_pid("warm")
    REAL_WARM_UP(codebook_dir)


def logged_parse(name, text):  # a module function: the publisher process receives it by name
    log_pid(f"parse:{name}")
    return REAL_PARSE(name, text)


def dying_parse(name, text):
    if name == "documents":
        os._exit(3)  # the publisher process dies mid-build
    return REAL_PARSE(name, text)


REAL_WARM_UP, REAL_PARSE = workers._warm_up, publisher._parse


@pytest.fixture
def pids(tmp_path, monkeypatch):
    """What ran in which process: (what, pid) pairs, read after a build."""
    log = tmp_path / "pids"
    monkeypatch.setenv("TRACKER_TEST_LOG", str(log))
    real = workers.extract_source

    def logging(source, codebook, seconds=None):
        log_pid(source.path.name)
        return real(source, codebook, seconds)

    monkeypatch.setattr(workers, "extract_source", logging)
    monkeypatch.setattr(workers, "_warm_up", logged_warm_up)
    monkeypatch.setattr(publisher, "_parse", logged_parse)

    def read():
        found = [line.split() for line in log.read_text(encoding="utf-8").splitlines()] if log.exists() else []
        log.unlink(missing_ok=True)
        return [(what, int(pid)) for what, pid in found]

    return read


def test_a_warm_builds_new_document_is_extracted_in_the_process_started_with_the_build(corpus, tmp_path, pids):
    seeds, store = corpus
    tables(seeds, tmp_path / "a", store, workers=2)
    assert "warm" not in dict(pids())  # a cold build: no cache file yet, no warm process
    (seeds / "103_hub.txt").write_text("date 2026-01-05\n\nTokayev proposed a Caspian logistics hub.\n", "utf-8")
    warm = tables(seeds, tmp_path / "b", store, workers=2)
    ran = dict(pids())
    assert set(ran) == {"warm", "103_hub.txt"} and ran["warm"] == ran["103_hub.txt"] != os.getpid()
    assert warm == tables(seeds, tmp_path / "c", None)
    (seeds / "104_empty.txt").write_bytes(b"")  # a failure there names the file, as anywhere
    with pytest.raises(InputError, match=r"104_empty\.txt: file is empty"):
        tables(seeds, tmp_path / "d", store, workers=2)


def test_the_apps_copy_made_in_the_publisher_process_is_the_one_made_in_the_build(corpus, tmp_path, pids, monkeypatch):
    seeds, store = corpus
    one = tables(seeds, tmp_path / "one", store)
    assert not [what for what, _ in pids() if what.startswith("parse:")]  # three documents: parsed here
    monkeypatch.setattr(publisher, "FROM_DOCUMENTS", 0)  # a process however few the documents
    monkeypatch.setattr(publisher.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert tables(seeds, tmp_path / "two", store) == one
    ran = [(what, pid) for what, pid in pids() if what.startswith("parse:")]
    assert {what for what, _ in ran} == {f"parse:{name}" for name in TABLES}
    assert len({pid for _, pid in ran}) == 1 and os.getpid() not in {pid for _, pid in ran}


def test_a_publisher_that_dies_leaves_the_build_to_make_the_apps_copy_itself(corpus, tmp_path, monkeypatch, capfd):
    seeds, store = corpus
    one = tables(seeds, tmp_path / "one", store)
    monkeypatch.setattr(publisher, "FROM_DOCUMENTS", 0)
    monkeypatch.setattr(publisher.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.setattr(publisher, "_parse", dying_parse)
    capfd.readouterr()
    assert tables(seeds, tmp_path / "two", store) == one
    assert "the process that makes the app's copy of the tables stopped; making it here" in capfd.readouterr().err


def test_a_large_build_never_imports_pandas(corpus, tmp_path):
    """The publisher process parses the tables: the build's own process stays without pandas and
    pyarrow (a quarter of a second of every build), here with two workers and a warm process."""
    seeds, store = corpus
    code = (
        "import sys; from pathlib import Path; from dashboard import build, publisher; "
        "publisher.FROM_DOCUMENTS = 0; publisher.cores = lambda: 2; "
        "[build.run(seeds=Path(sys.argv[1]), out_dir=Path(sys.argv[2]), cache_dir=Path(sys.argv[3]), workers=2, "
        "overrides_path=Path(sys.argv[1]) / 'none.yaml') for _ in range(2)]; "
        "print(sorted(m for m in ('pandas', 'pyarrow', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code, str(seeds), str(tmp_path / "t"), str(store)], cwd=ROOT,
                         capture_output=True, text=True, check=True)  # fmt: skip
    assert out.stdout.strip() == "[]"
    assert (tmp_path / "t" / "parquet" / "initiatives.parquet").is_file()
