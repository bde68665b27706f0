"""Untrusted text is read in a worker process, under limits; no Streamlit here.

Every article a visitor pastes, uploads or links to is fetched (dashboard.fetch), decoded,
reduced from HTML and extracted in a worker process (multiprocessing's "spawn" context: the
server, which runs threads, is never forked). The worker loads the pipeline once and serves
jobs until it is recycled. A job that runs past TIME_LIMIT_S is stopped by killing the worker;
the worker's address space is capped (MEMORY_LIMIT_BYTES); at most MAX_WAITING jobs wait for
it, and a job past those is refused at once. The worker is replaced after JOBS_PER_WORKER jobs,
or sooner once it holds more than RECYCLE_RSS_MB (spaCy's vocabulary keeps every new word it
reads), so its memory cannot grow without bound. The server's own threads only wait on a pipe
meanwhile, and keep answering.

The command line (`extract`, `build`) reads trusted files in its own processes and uses
`time_limit` instead: the same per-document limit, by SIGALRM, naming the file.
"""

import contextlib
import multiprocessing
import multiprocessing.spawn
import os
import resource
import signal
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dashboard.errors import InputError, TrackerError
from dashboard.fetch import NOTHING, Allowance

# Wall clock for one article, from the moment the worker receives it; TRACKER_TIME_LIMIT_S overrides it.
TIME_LIMIT_S = float(os.environ.get("TRACKER_TIME_LIMIT_S") or 20)
# Address space of the worker. Extracting a 5 MB article peaks at about 0.7 GB of address
# space today (BENCHMARKS.md); a trained spaCy model (~15 MB on disk, 150-250 MB resident)
# is expected next, so the cap leaves room for it and for its work on the largest article.
MEMORY_LIMIT_BYTES = 3 * 1024**3
MAX_WAITING = 3  # jobs that may wait while the worker is busy; one more is refused
JOBS_PER_WORKER = 50  # then a fresh worker: a bounded vocabulary
RECYCLE_RSS_MB = 700  # or sooner, when the worker's resident memory passes this
START_LIMIT_S = 120.0  # for a new worker to import and build the pipeline, on a loaded machine
WORKER_NICENESS = 5  # the server's own threads come first on a busy machine
CONTEXT = "spawn"
WORKER_NAME = "article-worker"

TOO_LONG = "this article took too long to analyze; nothing was kept."
BUSY = "the server is busy analyzing other articles; nothing was kept. Try again in a minute."
FAILED = "this article could not be analyzed; nothing was kept."


@dataclass(frozen=True)
class Job:
    """One article to read: pasted `text`, the bytes of an uploaded file called `name`, or a link."""

    name: str = "pasted text"
    text: str = ""
    data: bytes | None = None  # an upload's bytes: decoded and reduced in the worker too
    published: str = ""  # YYYY-MM-DD given on the page, or ""
    url: str = ""  # a link: fetched in the worker, through the guard
    allow: Allowance = NOTHING  # the server's fetch allowance (tests only: dashboard.fetch)


class AnalysisError(TrackerError):
    """An article the worker refused, stopped or could not read: a one-line message."""


class Busy(AnalysisError):
    """Too many jobs wait for the worker."""


class TimedOut(AnalysisError):
    """The job ran past the time limit; the worker was killed."""


# --- In the worker process -----------------------------------------------------------------------


def _die_with_parent() -> None:
    """The worker exits within a second of the server's end, however the server ends. (Not
    PR_SET_PDEATHSIG: that fires when the *thread* that started the worker ends, and each
    Streamlit run is a thread.) A timer signal asks every second whether the parent changed;
    its handler runs even inside the tokenizer, whose regular expressions check for signals."""
    parent = os.getppid()

    def check(signum, frame):
        if os.getppid() != parent:
            os._exit(0)

    signal.signal(signal.SIGALRM, check)
    signal.setitimer(signal.ITIMER_REAL, 1.0, 1.0)


def _one_core() -> None:
    """Keep the worker on one of the cores it may use, when it may use several: a visitor's
    article never takes the whole machine from the server and the other visitors."""
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if len(allowed) > 1:
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {allowed[-1]})


def _resident_mb() -> float:
    with open("/proc/self/statm", encoding="ascii") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1024**2


def run_job(job: Job) -> tuple[str, object]:
    """("rows", the tables of the article) or ("error", a one-line message); ("exhausted", a
    one-line message) when the memory ran out, after which the worker retires. Runs in the worker."""
    from dashboard import intake

    try:
        if job.url:
            return "rows", _link_rows(job)
        if job.data is not None:  # an upload: an HTML page's title, date and site come with it
            page = intake.read_article(job.name, job.data)
            return "rows", intake.article_rows(page.text, job.name, job.published, page)
        return "rows", intake.article_rows(intake.read_pasted(job.text), job.name, job.published)
    except TrackerError as exc:
        return "error", str(exc)
    except (MemoryError, RecursionError):
        return "exhausted", f"{job.name}: this article is too large or too deeply nested to analyze; nothing was kept."
    except Exception as exc:  # a bug: one line for the visitor, not a traceback
        return "error", f"{job.name}: {FAILED[:-1]} ({type(exc).__name__})."


def _link_rows(job: Job) -> dict[str, list[dict]]:
    """Fetch a link (the worker's one Fetcher keeps robots.txt and the per-host clock between
    jobs) and read its article; the page's date counts unless one was given."""
    from dashboard import fetch, intake, live

    client = fetch.fetcher()
    client.allow = job.allow
    page = live.fetch_article(job.url, client)
    return intake.article_rows(page.text, job.name, job.published, page)


def serve(conn, memory_limit: int, jobs: int, recycle_mb: float) -> None:
    """The worker: cap its memory, load the pipeline once, then answer up to `jobs` jobs."""
    _die_with_parent()
    resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    with contextlib.suppress(OSError):
        os.nice(WORKER_NICENESS)
    _one_core()
    from dashboard.codebook import load_codebook
    from dashboard.nlp import build_pipeline

    build_pipeline(load_codebook())  # once: every job reuses it (lru_cache)
    conn.send(("ready", os.getpid()))
    for _ in range(jobs):
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the server went away
        kind, payload = run_job(job)
        retire = kind == "exhausted" or _resident_mb() > recycle_mb
        conn.send((kind, payload, retire))
        if retire:
            return


# Spawn runs the parent's __main__ again in the child (as __mp_main__). In the server that is
# the page script Streamlit is running (it sets sys.modules["__main__"] to it), which must not
# run in the worker: our worker's preparation leaves __main__ alone. Only our worker's.
_preparation_data = multiprocessing.spawn.get_preparation_data


def _worker_preparation_data(name: str) -> dict:
    data = _preparation_data(name)
    if name == WORKER_NAME:
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
    return data


multiprocessing.spawn.get_preparation_data = _worker_preparation_data


# --- In the server ----------------------------------------------------------------------------------


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object
    ready: bool = False
    jobs: int = 0


class Isolator:
    """Runs Jobs in one worker process, one at a time, under the limits above. Thread-safe:
    each Streamlit session calls `run` from its own thread."""

    def __init__(
        self,
        time_limit: float = TIME_LIMIT_S,
        memory_limit: int = MEMORY_LIMIT_BYTES,
        max_waiting: int = MAX_WAITING,
        jobs_per_worker: int = JOBS_PER_WORKER,
        recycle_mb: float = RECYCLE_RSS_MB,
    ):
        self.time_limit, self.memory_limit = time_limit, memory_limit
        self.jobs_per_worker, self.recycle_mb = jobs_per_worker, recycle_mb
        self._slots = threading.BoundedSemaphore(1 + max_waiting)  # the running job and those waiting
        self._turn = threading.Lock()  # whose job the worker runs
        self._worker: _Worker | None = None
        self.started = 0  # workers started so far (tests and the benchmark read it)

    def prestart(self) -> None:
        """Start a worker now, if none is running, so that the first job does not wait for its start."""
        if self._turn.acquire(blocking=False):
            try:
                self._alive_worker()
            finally:
                self._turn.release()

    def run(self, job: Job) -> dict[str, list[dict]]:
        """The tables of the article, or an AnalysisError (Busy, TimedOut, or the worker's one line)."""
        if not self._slots.acquire(blocking=False):
            raise Busy(f"{job.name}: {BUSY}")
        try:
            with self._turn:
                return self._run(job)
        finally:
            self._slots.release()

    def worker_pid(self) -> int | None:
        worker = self._worker
        return worker.process.pid if worker and worker.process.is_alive() else None

    def stop(self) -> None:
        """Kill the worker, whatever it is doing (a running job gets the one-line failure)."""
        worker = self._worker
        if worker is not None and worker.process.is_alive():
            worker.process.kill()

    def _alive_worker(self) -> _Worker:
        worker = self._worker
        if worker is None or not worker.process.is_alive():
            self._retire(kill=True)
            context = multiprocessing.get_context(CONTEXT)
            parent, child = context.Pipe()
            process = context.Process(
                target=serve,
                args=(child, self.memory_limit, self.jobs_per_worker, self.recycle_mb),
                name=WORKER_NAME,
                daemon=True,
            )
            process.start()
            child.close()
            worker = self._worker = _Worker(process, parent)
            self.started += 1
        return worker

    def _retire(self, kill: bool) -> None:
        worker, self._worker = self._worker, None
        if worker is None:
            return
        if kill and worker.process.is_alive():
            worker.process.kill()
        worker.process.join(5)
        worker.conn.close()

    def _run(self, job: Job) -> dict[str, list[dict]]:
        worker = self._alive_worker()
        try:
            if not worker.ready:
                if not worker.conn.poll(START_LIMIT_S):
                    raise EOFError
                worker.conn.recv()  # ("ready", pid)
                worker.ready = True
            worker.conn.send(job)
            if not worker.conn.poll(self.time_limit):
                self._retire(kill=True)
                self._alive_worker()  # the next job's worker starts loading now
                raise TimedOut(f"{job.name}: {TOO_LONG}")
            kind, payload, retire = worker.conn.recv()
        except (EOFError, OSError, ValueError):  # the worker died: out of memory, or killed
            self._retire(kill=True)
            raise AnalysisError(f"{job.name}: {FAILED}") from None
        worker.jobs += 1
        if retire or worker.jobs >= self.jobs_per_worker:
            self._retire(kill=False)  # it exits by itself
            self._alive_worker()
        if kind != "rows":
            raise AnalysisError(str(payload))
        return payload  # type: ignore[return-value]


_shared: Isolator | None = None
_shared_lock = threading.Lock()


def isolator() -> Isolator:
    """The server's one Isolator, made on first use."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Isolator()
        return _shared


# --- The command line ----------------------------------------------------------------------------


@contextlib.contextmanager
def time_limit(path: str | Path, seconds: float | None = None) -> Iterator[None]:
    """Stop the work on one document after `seconds` with an InputError naming it. In a process's
    main thread (the command line, each local `build` worker) by SIGALRM, which the tokenizer's
    regular expressions check for; in any other thread (a Dask worker runs its tasks in threads) by
    an exception a timer thread raises in this one, which Python checks between bytecodes: it lands
    as soon as the work returns from native code, at the latest after a piece of the parse."""
    seconds = TIME_LIMIT_S if seconds is None else seconds
    if seconds <= 0:
        yield
        return
    if threading.current_thread() is not threading.main_thread():
        with _thread_time_limit(path, seconds):
            yield
        return

    def stop(signum, frame):
        raise InputError(path, f"took longer than {seconds:g} s to extract; nothing was written")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class _Overtime(BaseException):
    """Raised into a thread whose document ran past its time (BaseException: no `except Exception`
    in the rules can swallow it)."""


@contextlib.contextmanager
def _thread_time_limit(path: str | Path, seconds: float) -> Iterator[None]:
    import ctypes

    target, lock, state = ctypes.c_ulong(threading.get_ident()), threading.Lock(), {"done": False, "fired": False}
    set_async = ctypes.pythonapi.PyThreadState_SetAsyncExc

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                set_async(target, ctypes.py_object(_Overtime))

    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        try:
            yield
        finally:
            timer.cancel()
            with lock:
                state["done"] = True
                if state["fired"]:
                    set_async(target, None)  # a pending exception that has not landed yet lands nowhere
    except _Overtime:  # landed in the work, or at the limit while it ended
        raise InputError(path, f"took longer than {seconds:g} s to extract; nothing was written") from None
