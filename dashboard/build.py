"""seeds/ -> data/tables/: the one pipeline entry point, in three sections."""

import contextlib
import csv
import datetime as dt
import fcntl
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from dashboard import isolation
from dashboard.cache import CACHE_DIR, ExtractionCache, codebook_version, context, entry_key
from dashboard.codebook import CODEBOOK_DIR, ROOT, Codebook, load_codebook
from dashboard.collector import collector_paused
from dashboard.errors import InputError
from dashboard.merge import MergeMemo
from dashboard.overrides import load_overrides
from dashboard.publisher import Publisher
from dashboard.records import Extraction
from dashboard.schema import FEEDS_DIR, PARQUET
from dashboard.sources import TEXT_SUFFIXES, Source, check_name, check_regular, read_source
from dashboard.tables import TABLES, Previous, assemble, datapackage, sort_rows, to_csv
from dashboard.version_history import HISTORY, history_text, read_history, read_published, statuses, updated
from dashboard.workers import on_cluster, on_processes, warm_process

SEEDS_DIR = ROOT / "seeds"
TABLES_DIR = ROOT / "data" / "tables"
OVERRIDES = ROOT / "data" / "overrides.yaml"


def source_files(seeds: Path) -> list[Path]:
    """The documents of a folder, in name order. Every .txt entry must be a regular file (not a
    symbolic link) with a name build can use; none is skipped silently."""
    if not seeds.is_dir():
        raise InputError(seeds, "no such folder")
    paths = sorted((p for p in seeds.iterdir() if p.suffix in TEXT_SUFFIXES), key=lambda p: p.name)  # one folder
    for path in paths:
        check_name(path)
        check_regular(path)
    return paths


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def document_names(paths: list[Path]) -> list[str]:
    """The path each document has in the tables: relative to the project when inside it."""
    folders: dict[Path, str] = {}  # each folder resolved once (a seed itself is never a link)
    for folder in dict.fromkeys(p.parent for p in paths):
        named = relative(folder)  # as str(Path(named) / name) joins them, without a Path per document
        folders[folder] = "" if named == "." else named.rstrip("/") + "/"
    return [folders[p.parent] + p.name for p in paths]


def read_sources(paths: list[Path]) -> list[Source]:
    """Each document's bytes and its metadata's, read here: they key the cache and travel to workers."""
    return [read_source(path, name) for path, name in zip(paths, document_names(paths), strict=True)]


def extract_files(paths: list[Path], codebook_dir: Path = CODEBOOK_DIR, workers: int = 1) -> list[Extraction]:
    """Extract every file (no cache), on `workers` processes when there are enough files to pay for them."""
    return list(extract_sources(read_sources(paths), load_codebook(codebook_dir), codebook_dir, workers))


def extract_sources(
    sources: list[Source],
    codebook: Codebook,
    codebook_dir: Path = CODEBOOK_DIR,
    workers: int = 1,
    scheduler: str | None = None,
    background: bool = False,
    warm: ProcessPoolExecutor | None = None,
) -> Iterator[Extraction]:
    """The map step, in document order: on a Dask cluster, or on this machine's processes (started
    at once with `background`; a few documents on the `warm` process, workers.warm_process)."""
    seconds = isolation.TIME_LIMIT_S  # the same per-document limit as the app's worker, wherever it runs
    if scheduler:
        return on_cluster(sources, codebook, scheduler, seconds)
    return on_processes(sources, codebook_dir, workers, seconds, background, warm)


CACHE_WRITES = 256  # extractions per cache transaction: a killed build keeps what it had read


def extract_cached(
    paths: list[Path],
    codebook: Codebook,
    cache: ExtractionCache | None,
    codebook_dir: Path = CODEBOOK_DIR,
    workers: int = 1,
    scheduler: str | None = None,
    warm: ProcessPoolExecutor | None = None,
) -> list[Extraction]:
    """Every document's Extraction: from the cache where it holds one, extracted (and kept) where not
    (a few new documents on the `warm` process when there is one)."""
    if cache is None:
        return list(extract_sources(read_sources(paths), codebook, codebook_dir, workers, scheduler))
    names = document_names(paths)
    digests, sources = cache.digests(paths, names)
    reader = context(codebook, cache.engine())
    keys = [entry_key(digest, reader) for digest in digests]
    with collector_paused(freeze=True):  # records that live until the end (the warm process loads meanwhile)
        found = cache.get_many(keys)
    missing = [i for i, key in enumerate(keys) if key not in found]  # new, or found damaged
    cache.close()  # no open database across the fork of the extraction processes
    extracted = extract_sources(
        read_missing(missing, sources, paths, names), codebook, codebook_dir, workers, scheduler, True, warm
    )
    done: list[tuple[str, Extraction]] = []
    try:
        for i, extraction in zip(missing, extracted, strict=True):
            found[keys[i]] = extraction
            done.append((keys[i], extraction))
            if len(done) >= CACHE_WRITES:
                cache.put_many(done)
                done = []
    finally:
        cache.put_many(done)  # what was extracted before a failure is kept too
    return [found[key] for key in keys]


def read_missing(indices: list[int], read: dict[int, Source], paths: list[Path], names: list[str]) -> list[Source]:
    """The Sources of these documents: read already (to find their digest), or read now."""
    return [read.get(i) or read_source(paths[i], names[i]) for i in indices]


def read_previous(out_dir: Path) -> Previous:
    """The report -> id map and the aliases of the last build, so that ids survive this one."""
    previous = Previous()
    for name, handle in (("initiative_mentions", "mentions"), ("initiative_aliases", "aliases")):
        path = out_dir / f"{name}.csv"
        if not path.exists():
            continue
        try:
            with path.open(encoding="utf-8", newline="") as f:
                rows = list(csv.DictReader(f))
            if handle == "mentions":
                previous.mentions = {r["mention_id"]: r["initiative_id"] for r in rows}
                for r in rows:
                    previous.names.setdefault(r["doc_id"], []).append((r["mention_id"], r["name"], r["initiative_id"]))
            else:
                previous.aliases = {r["alias_id"]: (r["initiative_id"], r["reason"]) for r in rows}
        except (KeyError, csv.Error, UnicodeDecodeError) as exc:
            raise InputError(path, f"cannot read the previous build's ids ({exc}); delete it to start afresh") from None
    return previous


def render(
    extractions: list[Extraction],
    codebook_dir: Path = CODEBOOK_DIR,
    previous: Previous | None = None,
    overrides_path: Path = OVERRIDES,
    memo: MergeMemo | None = None,
    publisher: Publisher | None = None,
) -> dict[str, str | bytes]:
    """File name -> text (or bytes) of every published file."""
    codebook = load_codebook(codebook_dir)
    overrides = load_overrides(overrides_path, codebook)
    rows = assemble(extractions, codebook, previous, overrides, overrides_path, memo, sort=False)
    return publish(rows, publisher)


# The order in which a build writes its CSVs: the costliest to parse first, so that the publisher's
# parsing keeps pace with the writing and little is left for it once the last CSV is written.
PARSE_ORDER = ("annotations", "documents", "status_history", "initiative_mentions", "events",
               "initiative_countries", "initiatives", "initiative_sectors")  # fmt: skip


def publish(rows: dict[str, list[dict]], publisher: Publisher | None = None) -> dict[str, str | bytes]:
    """The files of a build: each table as CSV (rows sorted by key), its datapackage.json, and the
    app's copy of the tables in Parquet (parsed by `publisher`, as each CSV is written)."""
    with contextlib.ExitStack() as stack:
        publisher = publisher or stack.enter_context(Publisher())
        csvs: dict[str, str] = {}
        for name in sorted(TABLES, key=lambda n: PARSE_ORDER.index(n) if n in PARSE_ORDER else len(PARSE_ORDER)):
            csvs[name] = to_csv(name, sort_rows(name, rows[name]))
            publisher.parse(name, csvs[name])
        csvs = {name: csvs[name] for name in TABLES}
        texts: dict[str, str | bytes] = {f"{name}.csv": text for name, text in csvs.items()}
        texts["datapackage.json"] = datapackage(csvs)
        version = json.loads(texts["datapackage.json"])["version"]
        for name, data in publisher.parquet(version, csvs).items():
            texts[f"{PARQUET}/{name}"] = data
    return texts


RENAME_EXCHANGE = 2  # renameat2(2) flag: swap two paths in one atomic step (Linux 3.15+)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories with renameat2(RENAME_EXCHANGE); False where unsupported."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd = -100
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), RENAME_EXCHANGE) == 0


_HELD: set[Path] = set()  # lock files this process holds


@contextlib.contextmanager
def build_lock(out_dir: Path):
    """One build at a time writes `out_dir`: an exclusive flock on `.NAME.lock` beside it, released
    when the build ends, however it ends. A second build says that it waits, then waits."""
    lock_path = Path(out_dir).parent / f".{Path(out_dir).name}.lock"
    if lock_path in _HELD:  # already ours (run() holds it around write_atomically)
        yield
        return
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting for another build to finish (lock {lock_path})", file=sys.stderr, flush=True)
            fcntl.flock(lock, fcntl.LOCK_EX)
        _HELD.add(lock_path)
        try:
            yield
        finally:
            _HELD.discard(lock_path)


def _owner_alive(staging: Path, prefix: str) -> bool:
    """Whether the build that made a staging folder (.NAME.PID.random) is still running."""
    pid = staging.name[len(prefix) :].split(".", 1)[0]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True


def write_atomically(out_dir: Path, texts: dict[str, str | bytes], keep: bool = True) -> None:
    """Publish every file at once: write a complete new folder, then swap it with the old one in
    one atomic rename. A build killed at any point leaves the previous tables whole; the build
    lock keeps a second build from interleaving with this one. Without `keep`, files of the old
    folder that the build does not make are dropped (the feeds of a previous build)."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    prefix = f".{out_dir.name}."
    with build_lock(out_dir):
        for stale in out_dir.parent.glob(f"{prefix}*"):  # left by a build killed mid-way
            if stale.is_dir() and not stale.is_symlink() and not _owner_alive(stale, prefix):
                shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}.", dir=out_dir.parent))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)  # mkdtemp makes it private; the tables are not
        try:
            _fill(staging, out_dir, texts, keep)
            if not out_dir.exists():
                os.rename(staging, out_dir)
            elif not _exchange(staging, out_dir):
                _replace_files(staging, out_dir)
                for extra in () if keep else (p for p in out_dir.glob("*") if p.is_file() and p.name not in texts):
                    extra.unlink()
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _fill(staging: Path, out_dir: Path, texts: dict[str, str | bytes], keep: bool = True) -> None:
    """Write the build's files into the staging folder, with (`keep`) the files it does not make (a README)."""
    for name, text in texts.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    kept = [p for p in out_dir.glob("*") if keep and p.is_file() and not (staging / p.name).exists()]
    for extra in kept:
        shutil.copy2(extra, staging / extra.name)


def _replace_files(staging: Path, out_dir: Path) -> None:
    """Where directories cannot be swapped: rename file by file, datapackage.json last."""
    files = sorted((p for p in staging.rglob("*") if p.is_file()), key=lambda p: p.name == "datapackage.json")
    for path in files:
        target = out_dir / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)


PACKAGE = "datapackage.json"


def without_created(data: bytes) -> bytes:
    """datapackage.json without its build time (`created`), which no comparison of content counts."""
    try:
        package = json.loads(data)
    except ValueError:
        return data
    if isinstance(package, dict):
        package.pop("created", None)
    return json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")


def stale_files(out_dir: Path, texts: dict[str, str | bytes]) -> list[str]:
    """Names of the published files whose content differs from a fresh build (the build time aside)."""
    stale = []
    for name, text in texts.items():
        path = out_dir / name
        data = text.encode("utf-8") if isinstance(text, str) else text
        if not path.exists():
            stale.append(name)
            continue
        old = path.read_bytes()
        if (without_created(old) != without_created(data)) if name == PACKAGE else old != data:
            stale.append(name)
    return stale


def default_feeds_dir(out_dir: Path) -> Path | None:
    """The app's feeds describe the app's tables: a build of data/tables writes them, another build none."""
    return FEEDS_DIR if Path(out_dir).resolve() == TABLES_DIR.resolve() else None


def stale_feeds(feeds_dir: Path, files: dict[str, bytes]) -> list[str]:
    """The feed files that a fresh build would change, add or drop."""
    present = {p.name for p in feeds_dir.glob("*.xml")} if feeds_dir.is_dir() else set()
    changed = set(stale_files(feeds_dir, files)) | (present - set(files))
    return [relative(feeds_dir / name) for name in sorted(changed)]


def stamp(out_dir: Path, texts: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """The build time in datapackage.json (Frictionless' `created`, RFC 3339, UTC), for the
    dashboard's "built" date. A build that changes nothing keeps the previous time, so that
    rebuilding the same inputs leaves every byte as it was."""
    previous = out_dir / PACKAGE
    created = ""
    if previous.exists() and not stale_files(out_dir, texts):
        with contextlib.suppress(ValueError, AttributeError, UnicodeDecodeError):
            created = json.loads(previous.read_bytes()).get("created", "")
    if not isinstance(created, str) or not created:
        created = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    package = json.loads(texts[PACKAGE])
    package = {**{k: v for k, v in package.items() if k != "resources"}, "created": created,
               "resources": package["resources"]}  # fmt: skip
    return {**texts, PACKAGE: json.dumps(package, ensure_ascii=False, indent=2) + "\n"}


def with_history(out_dir: Path, texts: dict[str, str | bytes]) -> dict[str, str | bytes]:
    """The build's files and versions.json, with a record for this version when it is new (the
    previous tables' statuses are read before they are replaced): published with the tables."""
    version = json.loads(texts[PACKAGE])["version"]
    history = read_history(out_dir)
    if not (history and history[0].version == version):
        history = updated(history, read_published(out_dir), version, statuses(texts["initiatives.csv"]))
    return {**texts, HISTORY: history_text(history)}


def run(
    seeds: Path = SEEDS_DIR,
    out_dir: Path = TABLES_DIR,
    check: bool = False,
    codebook_dir: Path = CODEBOOK_DIR,
    workers: int = 1,
    overrides_path: Path = OVERRIDES,
    cache_dir: Path | None = CACHE_DIR,
    scheduler: str | None = None,
    feeds_dir: Path | None = None,
) -> list[str]:
    """Build the tables, and the Atom feeds of their changes into `feeds_dir` (by default the app's
    dashboard/static/feeds/ when `out_dir` is data/tables, else none); with `check`, write nothing
    and return the stale file names. Documents already extracted come from the cache in
    `cache_dir` (None: extract every one); the others are extracted on `workers` processes, or on
    the Dask cluster at `scheduler`."""
    # Load inputs.
    codebook = load_codebook(codebook_dir)
    load_overrides(overrides_path, codebook)  # a bad overrides file fails before any work
    cache = ExtractionCache(cache_dir) if cache_dir is not None else None
    warm_up = cache is not None and cache.path.exists() and workers > 1 and not scheduler  # a warm build
    with contextlib.ExitStack() as stack:
        if not check:  # one build at a time from reading the previous ids to publishing
            stack.enter_context(build_lock(out_dir))
        paths = source_files(seeds)
        # The processes this build forks, before it starts any thread: the publisher, then the warm
        # extraction process (which loads the pipeline while the cache is read).
        publisher = stack.enter_context(Publisher(documents=len(paths)))
        warm = stack.enter_context(warm_process(codebook_dir, warm_up))
        previous = read_previous(out_dir)

        # Process data. (The cyclic collector is paused while records that live until the end are
        # loaded and merged, then they are frozen; not while documents are extracted: forked
        # workers inherit its state.)
        merged = f"merge {seeds.resolve()} codebook {codebook_version(codebook)}"  # a memo per corpus
        try:
            with collector_paused(freeze=True):
                memo = cache.memo(merged) if cache is not None else None
            extractions = extract_cached(paths, codebook, cache, codebook_dir, workers, scheduler, warm)
            with collector_paused(freeze=True):
                texts = render(extractions, codebook_dir, previous, overrides_path, memo, publisher)
            if cache is not None:
                cache.keep_memo(merged, memo)
        finally:
            if cache is not None:
                cache.close()
        feeds_dir = feeds_dir or default_feeds_dir(out_dir)
        feed_files = publisher.feeds(texts) if feeds_dir is not None else {}

        # Save outputs.
        if check:
            return stale_files(out_dir, texts) + (stale_feeds(feeds_dir, feed_files) if feeds_dir else [])
        write_atomically(out_dir, with_history(out_dir, stamp(out_dir, texts)))
        if feeds_dir is not None:  # after the tables: a build killed in between leaves the old feeds whole
            write_atomically(feeds_dir, feed_files, keep=False)
    return []
