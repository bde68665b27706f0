"""Untrusted articles are read in a worker process: limits, recycling, and the CLI's time limit."""

import os
import pickle
import random
import threading
import time

import pytest

from dashboard import intake, isolation
from dashboard.errors import CodebookError, InputError
from dashboard.isolation import AnalysisError, Busy, Isolator, Job, TimedOut, time_limit

ARTICLE = "date 2025-12-20\n\nTASHKENT, December 20. Japan proposed creating a Tashkent Logistics Hub."
MARKS = ",(\"!:…&'.;?-)[]{}*/\\|#%$@^~`<>=+"


def slow_text(size: int = 3_000_000) -> str:
    """Distinct punctuation chunks: the tokenizer's cache cannot help, seconds of work per MB."""
    rng = random.Random(7)
    return "".join(rng.choice(MARKS) for _ in range(size))


@pytest.fixture
def isolator():
    made = []

    def make(**limits):
        made.append(Isolator(**limits))
        return made[-1]

    yield make
    for iso in made:
        iso.stop()


def test_a_job_gives_the_same_tables_as_extraction_in_process(isolator):
    iso = isolator()
    assert iso.run(Job(text=ARTICLE)) == intake.article_rows(ARTICLE)


def test_an_upload_is_decoded_and_reduced_in_the_worker(isolator):
    html = f"<html><body><p>{ARTICLE}</p><script>alert(1)</script></body></html>".encode()
    rows = isolator().run(Job(name="a.html", data=html))
    assert [r["name"] for r in rows["initiatives"]] == ["Tashkent Logistics Hub"]
    assert "alert" not in rows["documents"][0]["text"]


def test_bad_input_comes_back_as_the_one_line_error_naming_the_file(isolator):
    with pytest.raises(AnalysisError) as caught:
        isolator().run(Job(name="x.txt", data=b"\x00\x01binary"))
    assert str(caught.value) == "x.txt: file holds binary data (NUL bytes), not text"


def test_the_worker_loads_once_and_serves_jobs_until_it_is_recycled(isolator):
    iso = isolator(jobs_per_worker=2)
    pids = []
    for n in range(3):
        iso.run(Job(text=f"{ARTICLE} Number {n}."))
        pids.append(iso.worker_pid())
    assert iso.started == 2  # the first worker served two jobs, then a fresh one took over
    assert pids[0] != pids[2]


def test_a_job_past_the_time_limit_is_killed_with_one_line_and_the_next_job_runs(isolator):
    iso = isolator(time_limit=1.0)
    iso.run(Job(text=ARTICLE))  # the worker is up: the limit counts the job alone
    first = iso.worker_pid()
    started = time.monotonic()
    with pytest.raises(TimedOut) as caught:
        iso.run(Job(name="huge.txt", data=slow_text().encode()))
    assert time.monotonic() - started < 15  # killed, not waited for (the job alone takes far longer)
    assert str(caught.value) == "huge.txt: this article took too long to analyze; nothing was kept."
    assert iso.worker_pid() != first
    assert [r["name"] for r in iso.run(Job(text=ARTICLE))["initiatives"]] == ["Tashkent Logistics Hub"]


def test_a_full_queue_says_the_server_is_busy_at_once(isolator):
    iso = isolator(time_limit=30.0, max_waiting=0)
    iso.run(Job(text=ARTICLE))
    job = Job(name="slow.txt", data=slow_text().encode())
    slow = threading.Thread(target=lambda: pytest.raises(AnalysisError, iso.run, job))
    slow.start()
    deadline = time.monotonic() + 10
    while not iso._turn.locked() and time.monotonic() < deadline:
        time.sleep(0.01)
    with pytest.raises(Busy) as caught:
        iso.run(Job(text=ARTICLE))
    assert "busy" in str(caught.value) and "\n" not in str(caught.value)
    iso.stop()  # kills the slow job's worker
    slow.join(30)


def test_the_worker_runs_under_the_memory_limit(isolator):
    iso = isolator()
    iso.run(Job(text=ARTICLE))
    with open(f"/proc/{iso.worker_pid()}/limits", encoding="ascii") as f:
        limits = {line[:26].strip(): line[26:].split() for line in f}
    assert limits["Max address space"][:2] == [str(isolation.MEMORY_LIMIT_BYTES)] * 2


def test_a_worker_that_dies_gives_one_line_and_a_fresh_worker(isolator):
    iso = isolator()
    iso.run(Job(text=ARTICLE))
    iso._worker.process.kill()
    iso._worker.process.join()
    assert iso.run(Job(text=ARTICLE))["initiatives"]  # a dead worker is replaced before the job


def test_time_limit_stops_quadratic_tokenising_naming_the_file():
    from dashboard.nlp import build_pipeline

    nlp = build_pipeline().nlp
    started = time.monotonic()
    with pytest.raises(InputError) as caught, time_limit("seeds/x.txt", 0.5):
        nlp.make_doc("," * 100_000)  # minutes of work without calm_runs
    assert time.monotonic() - started < 5
    assert str(caught.value) == "seeds/x.txt: took longer than 0.5 s to extract; nothing was written"


def test_errors_cross_process_boundaries_whole():
    for error in (InputError("a.txt", "bad"), CodebookError("o.yaml", 3, "worse")):
        again = pickle.loads(pickle.dumps(error))
        assert (type(again), str(again)) == (type(error), str(error))


def test_the_analyze_page_shows_one_line_when_an_article_takes_too_long(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    monkeypatch.setattr(isolation, "_shared", Isolator())
    try:
        at = AppTest.from_file(str(ROOT / "dashboard" / "app.py"), default_timeout=90).run()
        at.switch_page("screens/analyze.py").run()
        at.text_area(key="analyze_text").input(ARTICLE)
        at.button(key="FormSubmitter:analyze-Analyze").click().run()  # the worker is up and warm
        assert not at.error
        isolation._shared.time_limit = 0.2
        at.text_area(key="analyze_text").input(slow_text(199_000))
        at.button(key="FormSubmitter:analyze-Analyze").click().run()
        assert not at.exception
        message = "pasted text: this article took too long to analyze; nothing was kept."
        assert [e.value.replace("\\", "") for e in at.error] == [message]
        at.switch_page("screens/overview.py").run()  # the rest of the app carries on
        assert not at.exception and at.metric
    finally:
        isolation._shared.stop()


def test_extract_stops_a_document_past_the_time_limit_with_one_line(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    slow = tmp_path / "slow.txt"
    slow.write_text("date 2025-12-20\n" + slow_text(), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "dashboard", "extract", str(slow)],
        capture_output=True, text=True, cwd=ROOT, env={**os.environ, "TRACKER_TIME_LIMIT_S": "1"}, timeout=120,
    )  # fmt: skip
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"error: {slow}: took longer than 1 s to extract; nothing was written\n"


@pytest.mark.parametrize("workers", [1, 2])
def test_build_stops_a_document_past_the_time_limit_naming_it(tmp_path, monkeypatch, workers):
    from dashboard import build
    from tests.conftest import SEED

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for n in range(8):  # enough files for the worker processes
        (seeds / f"{n:03d}.txt").write_text(SEED.read_text(encoding="utf-8") + f"\nNumber {n}.", encoding="utf-8")
    (seeds / "009_slow.txt").write_text(slow_text(), encoding="utf-8")
    monkeypatch.setattr(isolation, "TIME_LIMIT_S", 1.0)
    with pytest.raises(InputError) as caught:
        build.run(seeds=seeds, out_dir=tmp_path / "tables", overrides_path=tmp_path / "none.yaml", workers=workers)
    assert str(caught.value).endswith("009_slow.txt: took longer than 1 s to extract; nothing was written")
    assert not (tmp_path / "tables").exists()


def test_the_worker_outlives_the_thread_that_started_it_and_is_reused(isolator):
    iso = isolator()
    runs = [threading.Thread(target=iso.run, args=(Job(text=f"{ARTICLE} Run {n}."),)) for n in range(3)]
    for run in runs:  # each Streamlit run is a thread of its own, which ends
        run.start()
        run.join()
    assert iso.started == 1 and iso.worker_pid() is not None


def test_the_worker_exits_when_the_server_does(tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    code = (
        "from dashboard.isolation import Isolator, Job\n"
        "if __name__ == '__main__':\n"
        "    iso = Isolator(); iso.run(Job(text='Japan proposed a fund.')); print(iso.worker_pid(), flush=True)\n"
        "    import os; os._exit(0)\n"  # no clean-up: as if the server were killed
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    pid = int(done.stdout.split()[0])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and os.path.exists(f"/proc/{pid}") and "Z" not in _state(pid):
        time.sleep(0.1)
    assert not os.path.exists(f"/proc/{pid}") or "Z" in _state(pid)


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().split(")")[-1].split()[0]
    except OSError:
        return "Z"


def test_the_worker_runs_below_the_server_on_one_core(isolator):
    iso = isolator()
    iso.run(Job(text=ARTICLE))
    pid = iso.worker_pid()
    assert os.getpriority(os.PRIO_PROCESS, pid) >= os.getpriority(os.PRIO_PROCESS, 0) + isolation.WORKER_NICENESS
    ours = os.sched_getaffinity(0)
    assert os.sched_getaffinity(pid) == ({max(ours)} if len(ours) > 1 else ours)
