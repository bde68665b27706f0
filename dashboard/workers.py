"""The map step of `build`: each document's Extraction, on this machine's processes or on a Dask
cluster. Both take the Sources build read (a document's bytes and its metadata's) and yield
Extractions in document order; the merge that follows stays in the build's own process.

On a cluster (`build --scheduler ADDRESS`), what travels to the workers is the codebook (once per
build, as one task whose result the workers share) and the documents' bytes, in batches of
BATCH documents, one task each. A worker builds the pipeline once per codebook and keeps it
(`_pipeline_codebook`), so later batches and later builds reuse it. The time limit of a document
holds there too (`isolation.time_limit` raises into a worker's thread), and a document that fails
fails the build with its file name, as on this machine. A worker that dies is replaced by its
nanny and Dask runs its batches again elsewhere. Every batch reports the engine version it ran,
and a worker with other extraction code fails the build: its entries would poison the cache.
"""

import contextlib
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path

from dashboard.codebook import CODEBOOK_DIR, Codebook, load_codebook
from dashboard.errors import TrackerError
from dashboard.isolation import time_limit
from dashboard.records import Extraction
from dashboard.sources import Source, load_document

BATCH = 32  # documents per cluster task: few enough tasks to schedule cheaply, enough to share out
CHUNK = 16  # documents per local process job
CONNECT_TIMEOUT_S = 30  # to reach the scheduler


def extract_source(source: Source, codebook: Codebook, seconds: float | None = None) -> Extraction:
    """Read and extract one document within the per-document time limit."""
    from dashboard.extract import extract_document  # spaCy loads only where something is extracted

    with time_limit(source.name, seconds):
        document = load_document(source.path, codebook, source.raw, source.meta)
        document.path = source.name
        return extract_document(document, codebook)


def _extract_here(source: Source, codebook_dir: Path, seconds: float | None) -> Extraction:
    """One document in a local worker process, which loads the codebook once (lru_cache)."""
    return extract_source(source, load_codebook(codebook_dir), seconds)


def _warm_up(codebook_dir: Path) -> None:
    """A warm process's first act: import spaCy and build the pipeline its documents will need. A
    failure here is left to the first document, which reports it with its file name."""
    with contextlib.suppress(Exception):
        from dashboard.extract import load_pipeline

        load_pipeline(load_codebook(codebook_dir))


@contextlib.contextmanager
def warm_process(codebook_dir: Path = CODEBOOK_DIR, wanted: bool = True) -> Iterator[ProcessPoolExecutor | None]:
    """One extraction process, started now, that loads the pipeline (about 1.5 s) while the build
    lists the corpus and reads its cache; `on_processes` gives it a warm build's few new documents,
    which then wait for nothing. Unused, it is let go on leaving, and exits once loaded."""
    if not wanted:
        yield None
        return
    pool = ProcessPoolExecutor(1, initializer=_warm_up, initargs=(codebook_dir,))
    pool.submit(int)  # a process starts with its first task
    try:
        yield pool
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def on_processes(
    sources: list[Source],
    codebook_dir: Path = CODEBOOK_DIR,
    workers: int = 1,
    seconds: float | None = None,
    background: bool = False,
    warm: ProcessPoolExecutor | None = None,
) -> Iterator[Extraction]:
    """Extractions in document order, on `workers` processes when there are enough documents, or
    in `background` whenever there are any: the processes start now, and work while the caller
    does (a warm build reads the cache while its few new documents are extracted). A few
    documents go to the `warm` process when there is one; it is let go otherwise."""
    if warm is not None:
        if sources and len(sources) < 4 * workers:
            results = warm.map(_extract_here, sources, repeat(codebook_dir), repeat(seconds), chunksize=CHUNK)
            return _shut_after(results, warm)
        warm.shutdown(wait=False, cancel_futures=True)
    if workers > 1 and (len(sources) >= 4 * workers or (background and sources)):
        pool = ProcessPoolExecutor(min(workers, len(sources)))
        results = pool.map(_extract_here, sources, repeat(codebook_dir), repeat(seconds), chunksize=CHUNK)
        return _shut_after(results, pool)
    return (extract_source(source, load_codebook(codebook_dir), seconds) for source in sources)


def _shut_after(results: Iterator[Extraction], pool: ProcessPoolExecutor) -> Iterator[Extraction]:
    try:
        yield from results
    finally:
        pool.shutdown(cancel_futures=True)  # a failed document stops the rest


# --- On a Dask cluster ------------------------------------------------------------------------


_CODEBOOKS: dict[str, Codebook] = {}  # in a worker: one codebook object per version, and its pipeline


def _pipeline_codebook(version: str, codebook: Codebook) -> Codebook:
    """The worker's own copy of this codebook version: build_pipeline caches per codebook object,
    so the pipeline is built once per worker and version, however many batches and builds."""
    return _CODEBOOKS.setdefault(version, codebook)


def share_codebook(codebook: Codebook) -> Codebook:
    """Run as the build's first task: its result, the codebook, is what every batch reads."""
    return codebook


def extract_batch(
    sources: list[Source], codebook: Codebook, version: str, seconds: float | None
) -> tuple[str, list[Extraction]]:
    """A cluster task: (the worker's engine version, the batch's Extractions in order)."""
    from dashboard.cache import engine_version

    codebook = _pipeline_codebook(version, codebook)
    return engine_version(), [extract_source(source, codebook, seconds) for source in sources]


def on_cluster(
    sources: list[Source], codebook: Codebook, address: str, seconds: float | None = None, batch: int | None = None
) -> Iterator[Extraction]:
    """Extractions in document order, one Dask task per batch of documents."""
    batch = batch or BATCH
    from distributed import Client

    from dashboard.cache import codebook_version, engine_version

    mine, version = engine_version(), codebook_version(codebook)
    try:
        client = Client(address, set_as_default=False, timeout=CONNECT_TIMEOUT_S)
    except (OSError, TimeoutError, ValueError) as exc:
        raise TrackerError(f"cannot reach the Dask scheduler at {address} ({exc}); nothing was written") from None
    with client:
        shared = client.submit(share_codebook, codebook, pure=False)  # recomputed if its worker dies
        batches = [sources[i : i + batch] for i in range(0, len(sources), batch)]
        futures = [client.submit(extract_batch, b, shared, version, seconds, pure=False) for b in batches]
        try:
            for future in futures:
                engine, extractions = future.result()
                if engine != mine:
                    raise TrackerError(
                        f"a worker of {address} runs another version of the extraction code ({engine}; here {mine}); "
                        "install this version on every worker"
                    )
                yield from extractions
        finally:
            client.cancel([shared, *futures])
