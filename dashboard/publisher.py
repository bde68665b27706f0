"""The app's copy of a build's tables (Parquet), made beside the build in a process of its own.

A build writes each table as CSV, then parses the CSVs again as the app parses them and saves the
result as Parquet (view/data.py, `app_parquet`), so that the app loads in a fraction of the time
the CSVs take. At 10,000 articles that second half costs about a second, and importing pandas and
pyarrow for it a quarter of a second more: a third of a warm build. A large build forks one
process when it starts, before any thread: it imports pandas and pyarrow while the build reads
its cache and merges, then parses each CSV as soon as the build has written it, and makes the
Parquet files once the last one is in. The build itself never imports pandas.

Small builds (fewer than FROM_DOCUMENTS documents, or one core) parse in the build's process: a
process costs more than it saves there. If the process dies, the build parses what is left itself.
"""

import io
import multiprocessing
import os
import sys
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

FROM_DOCUMENTS = 1000  # documents in the corpus from which a build forks the publisher

_PARSED: dict = {}  # in the process that parses: table name -> parsed frame, until the Parquet is made


def cores() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


NICENESS = 10  # the publisher's work is needed last: it yields the cores to the build meanwhile


def _load() -> None:
    """The process's first work: the libraries the app's copy needs, at a lower priority than the
    build's (which reads the cache while the warm process loads the pipeline, on two cores)."""
    os.nice(NICENESS)
    import dashboard.view.data  # noqa: F401  pandas, pyarrow


def _parse(name: str, text: str) -> None:
    from dashboard.view.data import parse_csv

    _PARSED[name] = parse_csv(io.StringIO(text), name, name)


def _parquet(version: str, texts: dict[str, str]) -> dict[str, bytes]:
    """The Parquet files of the tables parsed so far (any other parsed from `texts`); forgets them."""
    from dashboard.view.data import app_parquet

    try:
        return app_parquet(texts, version, _PARSED)
    finally:
        _PARSED.clear()


def _feeds(texts: dict[str, str]) -> dict[str, bytes]:
    from dashboard import feeds

    return feeds.feed_files(feeds.read_frames(texts))


class Publisher:
    """Parses a build's CSVs and makes their Parquet copy: in a forked process for a corpus of
    `documents` >= FROM_DOCUMENTS on a machine with a second core, here otherwise. A context
    manager: the process ends with the block."""

    def __init__(self, documents: int = 0):
        self.pool: ProcessPoolExecutor | None = None
        self.pending: list[Future] = []
        if documents >= FROM_DOCUMENTS and cores() >= 2:
            self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"), initializer=_load)
            self.pool.submit(int)  # forks now: before the build starts any thread

    def __enter__(self) -> "Publisher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        _PARSED.clear()

    def parse(self, name: str, text: str) -> None:
        """Start parsing one table's CSV (in the process, when there is one)."""
        if self.pool is not None:
            try:
                self.pending.append(self.pool.submit(_parse, name, text))
                return
            except BrokenProcessPool:
                self._lost()
        # Here: parsed with the rest when the Parquet files are made.

    def parquet(self, version: str, texts: dict[str, str]) -> dict[str, bytes]:
        """File name -> bytes of the app's copy of the tables whose CSVs are `texts`."""
        if self.pool is not None:
            try:
                for future in self.pending:
                    future.result()
                return self.pool.submit(_parquet, version, {}).result()
            except BrokenProcessPool:
                self._lost()
            finally:
                self.pending = []
        _PARSED.clear()
        return _parquet(version, texts)

    def feeds(self, texts: dict[str, str | bytes]) -> dict[str, bytes]:
        """File name -> bytes of the Atom feeds of the tables whose CSVs are in `texts` (dashboard/feeds.py):
        made in the process when there is one, so that the build itself stays without pandas."""
        csvs = {name: text for name, text in texts.items() if name.endswith(".csv")}
        if self.pool is not None:
            try:
                return self.pool.submit(_feeds, csvs).result()
            except BrokenProcessPool:
                self._lost()
        return _feeds(csvs)

    def _lost(self) -> None:
        print("warning: the process that makes the app's copy of the tables stopped; making it here",
              file=sys.stderr, flush=True)  # fmt: skip
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = None
        self.pending = []
