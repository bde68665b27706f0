"""`build --scheduler`: extraction on a Dask cluster (a LocalCluster of 2 worker processes) gives
the local build's bytes, survives a worker killed mid-build, and fails on a bad document naming it."""

import os
import shutil
import signal
import threading
import time

import pytest

from dashboard import build, isolation, workers
from dashboard.errors import InputError
from dashboard.synthetic import write_corpus
from tests.conftest import ROOT, SEED
from tests.test_isolation import slow_text

FOLLOWUPS = ROOT / "tests" / "fixtures" / "followups"


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    with local, Client(local) as client:
        yield local, client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The seed, two follow-ups and 12 synthetic articles, with the tables of a local build."""
    root = tmp_path_factory.mktemp("cluster")
    seeds = root / "seeds"
    write_corpus(12, 3, seeds)
    shutil.copy(SEED, seeds / SEED.name)
    for path in sorted(FOLLOWUPS.glob("10[12]_*")):
        shutil.copy(path, seeds / path.name)
    return seeds, tables(seeds, root / "local", scheduler=None)


def tables(seeds, out, scheduler):
    build.run(seeds=seeds, out_dir=out, overrides_path=seeds.parent / "none.yaml", cache_dir=None, scheduler=scheduler)
    # every byte, but the build time each build records in datapackage.json ("created")
    return {str(p.relative_to(out)): build.without_created(p.read_bytes()) if p.name == "datapackage.json"
            else p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}  # fmt: skip


def test_a_cluster_build_gives_the_local_builds_bytes(cluster, corpus, tmp_path, monkeypatch):
    local, _ = cluster
    seeds, expected = corpus
    monkeypatch.setattr(workers, "BATCH", 4)  # several tasks, over both workers
    assert tables(seeds, tmp_path / "tables", local.scheduler_address) == expected


def test_a_document_that_fails_on_a_worker_fails_the_build_naming_it(cluster, corpus, tmp_path, monkeypatch):
    local, _ = cluster
    seeds = tmp_path / "seeds"
    shutil.copytree(corpus[0], seeds)
    (seeds / "050_empty.txt").write_bytes(b"\n\n")
    with pytest.raises(InputError, match=r"050_empty\.txt: file is empty"):
        tables(seeds, tmp_path / "tables", local.scheduler_address)
    assert not (tmp_path / "tables").exists()


def test_the_time_limit_holds_on_a_worker(cluster, tmp_path, monkeypatch):
    local, _ = cluster
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    shutil.copy(SEED, seeds / SEED.name)
    (seeds / "001_slow.txt").write_text("date 2026-01-05\n\n" + slow_text(600_000), encoding="utf-8")
    monkeypatch.setattr(isolation, "TIME_LIMIT_S", 0.5)  # the build's limit travels with its tasks
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"001_slow\.txt: took longer than 0\.5 s to extract; nothing was written"):
        tables(seeds, tmp_path / "tables", local.scheduler_address)
    assert time.perf_counter() - started < 20


def test_a_worker_killed_mid_build_still_gives_whole_tables(cluster, corpus, tmp_path, monkeypatch):
    local, client = cluster
    seeds, expected = corpus
    monkeypatch.setattr(workers, "BATCH", 1)
    pids = client.run(os.getpid)
    result: dict = {}

    def run() -> None:
        try:
            result["tables"] = tables(seeds, tmp_path / "tables", local.scheduler_address)
        except BaseException as exc:  # reported below
            result["error"] = exc

    builder = threading.Thread(target=run)
    builder.start()
    busy = None
    deadline = time.monotonic() + 60
    while busy is None and time.monotonic() < deadline:
        busy = next((w for w, tasks in client.processing().items() if tasks and w in pids), None)
        time.sleep(0.01)
    assert busy is not None, "no worker ever ran a task"
    os.kill(pids[busy], signal.SIGKILL)  # mid-task: its batches run again on the other worker
    builder.join(120)
    assert "error" not in result, result.get("error")
    assert result["tables"] == expected
    assert pids[busy] not in client.run(os.getpid).values()  # it was killed, not idle
