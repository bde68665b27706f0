"""The extraction cache: each document's Extraction kept between builds, so that a build extracts
only the documents it has not read before.

An entry is found by one key made of the document (its path in the tables, its bytes and its
metadata's bytes: `Source.digest`) and of what reads it (`context`): the codebook's hash, the
spaCy model's name and version and spaCy's own, the engine's version (a hash of the source of
every module that determines an Extraction, found by following the imports of
`dashboard/extract/` and `dashboard/sources.py`) and the syntax level. Edit a document and only
its entry is missed; edit the codebook or the engine and every entry is.

The entries live in one SQLite file, `artifacts/cache/extractions.sqlite` (TRACKER_CACHE_DIR
moves it): a build reads 10,000 of them in a few queries, not 10,000 files. Each entry is a
pickle behind a BLAKE2 digest of its bytes. A write is one SQLite transaction (journalled, then
committed in one step: the database's own temp-and-rename), so a build killed while it writes
leaves the entries before it whole and none half-written. An entry whose digest does not match,
or that does not unpickle into an Extraction, counts as missing (and is written again); a file
that is not a database, or a malformed one, is moved aside and the cache starts afresh. The
cache is never needed: when it cannot be read or written the build says so in one line and
goes on.
"""

import ast
import hashlib
import os
import pickle
import sqlite3
import sys
import time
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from dashboard.codebook import ROOT, Codebook
from dashboard.merge import MergeMemo
from dashboard.model import MODEL
from dashboard.records import Extraction
from dashboard.sources import META_SUFFIX, Source, read_source

CACHE_DIR = Path(os.environ.get("TRACKER_CACHE_DIR") or ROOT / "artifacts" / "cache")
STORE = "extractions.sqlite"
PACKAGE = Path(__file__).resolve().parent
ENGINE_ROOTS = ("extract/__init__.py", "sources.py")  # document -> Extraction starts here
DIGEST_BYTES = 16
QUERY_KEYS = 900  # keys per SELECT: under SQLite's default limit of host parameters
BUSY_TIMEOUT_S = 30  # another build writing
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS extraction (key TEXT PRIMARY KEY, entry BLOB NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS memo (name TEXT PRIMARY KEY, entry BLOB NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS stamp (path TEXT PRIMARY KEY, stamp TEXT NOT NULL, digest TEXT NOT NULL, "
    "taken INTEGER NOT NULL) WITHOUT ROWID;"
)
# A file changed this close before its stamp was taken may change again within the file system's
# timestamp granularity without its stamp changing (git's "racily clean" entries): read it again.
SETTLE_NS = 2_000_000_000


@lru_cache(maxsize=1)
def engine_files() -> tuple[Path, ...]:
    """The package's modules that extraction imports, directly or not (their import statements, read)."""
    seen: set[Path] = set()
    todo = [PACKAGE / root for root in ENGINE_ROOTS]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for node in ast.walk(ast.parse(path.read_bytes(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
            else:
                continue
            todo += [module for name in names if (module := module_file(name)) is not None]
    return tuple(sorted(seen))


def module_file(name: str) -> Path | None:
    """The source file of a module of this package, or None (another package, or a name in a module)."""
    if name != "dashboard" and not name.startswith("dashboard."):
        return None
    base = PACKAGE.parent.joinpath(*name.split("."))
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return path
    return None


@lru_cache(maxsize=1)
def engine_version() -> str:
    """A hash of the source of every module that determines an Extraction."""
    digest = hashlib.sha256()
    for path in engine_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


ENGINE_ENTRY = "\0engine"  # the stamp table's row for the package's modules: no document's path


def package_stamp(package: Path = PACKAGE) -> tuple[str, int]:
    """(What changes when a module of the package is written, added or removed: names, sizes,
    times, inodes; the latest change time, in ns). An engine version found under this stamp
    holds while it holds."""
    parts, changed = [], 0
    for path in sorted(package.rglob("*.py")):
        info = os.stat(path)
        parts.append(f"{path.relative_to(package)}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}")
        changed = max(changed, info.st_mtime_ns, info.st_ctime_ns)
    return "|".join(parts), changed


def codebook_version(codebook: Codebook) -> str:
    """A hash of the codebook's files, as read now."""
    digest = hashlib.sha256()
    for path in codebook.files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def model_version() -> str:
    """The trained pipeline's package and version, spaCy's, and trafilatura's (the text of an .html seed)."""

    def installed(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "missing"

    return f"{MODEL}=={installed(MODEL)} spacy=={installed('spacy')} trafilatura=={installed('trafilatura')}"


def context(codebook: Codebook, engine: str | None = None) -> str:
    """What reads a document, as a string: an entry made under another context is never found.
    `engine` is engine_version(), when the caller has it already (ExtractionCache.engine)."""
    syntax = os.environ.get("TRACKER_SYNTAX", "full")  # the ablation knob of evaluate, read by extract
    engine = engine or engine_version()
    return f"codebook {codebook_version(codebook)} | engine {engine} | {model_version()} | syntax {syntax}"


def stamp_of(path: Path, name: str) -> tuple[str, int]:
    """(What changes when a document or its metadata is written: sizes, times, inodes, modes; the
    latest change time of the two, in ns)."""
    parts, changed = [name], 0
    for part in (path, path.with_name(path.stem + META_SUFFIX)):
        try:
            info = os.lstat(part)
        except FileNotFoundError:
            parts.append("-")
            continue
        parts.append(f"{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}:{info.st_ino}:{info.st_mode}")
        changed = max(changed, info.st_mtime_ns, info.st_ctime_ns)
    return "|".join(parts), changed


def entry_key(digest: str, context: str) -> str:
    return hashlib.sha256(f"{digest}|{context}".encode()).hexdigest()


def seal(value: object) -> bytes:
    data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return hashlib.blake2b(data, digest_size=DIGEST_BYTES).digest() + data


def unseal(blob: bytes, kind: type = Extraction):
    """The `kind` object of an entry, or None when the entry is damaged."""
    head, data = blob[:DIGEST_BYTES], blob[DIGEST_BYTES:]
    if hashlib.blake2b(data, digest_size=DIGEST_BYTES).digest() != head:
        return None
    try:
        found = pickle.loads(data)
    except Exception:  # a damaged pickle can fail in many ways; it is only a missing entry
        return None
    return found if isinstance(found, kind) else None


class ExtractionCache:
    """Extractions by key, in one SQLite file under `directory`."""

    def __init__(self, directory: Path = CACHE_DIR):
        self.path = Path(directory) / STORE
        self.db: sqlite3.Connection | None = None
        self.damaged = 0  # entries found damaged and treated as missing

    def open(self) -> sqlite3.Connection | None:
        if self.db is None:
            try:
                self.db = self._connect()
            except sqlite3.OperationalError as exc:  # locked, unwritable, out of space: not ours to delete
                warn(f"cannot use {self.path} ({exc}); building without it")
            except sqlite3.DatabaseError as exc:
                self.start_afresh(exc)
            except OSError as exc:
                warn(f"cannot use {self.path} ({exc}); building without it")
        return self.db

    def start_afresh(self, exc: Exception) -> None:
        """A damaged file (not a database, or a malformed one): keep it aside for a post-mortem, and
        start an empty cache in its place."""
        self.close()
        aside = self.path.with_name(self.path.name + ".damaged")
        warn(f"{self.path} is damaged ({exc}); moved it to {aside.name} and started an empty cache")
        try:
            os.replace(self.path, aside)
            for suffix in ("-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            self.db = self._connect()
        except (OSError, sqlite3.Error) as exc:
            warn(f"cannot use {self.path} ({exc}); building without it")
            self.db = None

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")  # readers do not wait for a writer
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(SCHEMA)
        except BaseException:
            db.close()
            raise
        return db

    def engine(self) -> str:
        """engine_version(), kept in the stamp table with the package's stamp and taken from it while
        the stamp holds: following the extraction modules' imports takes a quarter of a second of
        every build, reading the stamps of the package's modules a few milliseconds."""
        stamp, changed = package_stamp()
        hit = self._stamps([ENGINE_ENTRY]).get(ENGINE_ENTRY)
        if hit is not None and hit[0] == stamp and changed + SETTLE_NS < hit[2]:
            return hit[1]
        taken = time.time_ns()  # before reading: a module written while it is read is a change after it
        found = engine_version()
        self._write("INSERT OR REPLACE INTO stamp (path, stamp, digest, taken) VALUES (?, ?, ?, ?)",
                    [(ENGINE_ENTRY, stamp, found, taken)])  # fmt: skip
        return found

    def get_many(self, keys: list[str]) -> dict[str, Extraction]:
        """The sound entries among `keys` (each checked against its digest)."""
        db, found = self.open(), {}
        if db is None:
            return found
        try:
            for key, blob in rows_in(db, "SELECT key, entry FROM extraction WHERE key IN", keys):
                extraction = unseal(blob)
                if extraction is None:
                    self.damaged += 1
                else:
                    found[key] = extraction
        except sqlite3.OperationalError as exc:
            warn(f"cannot read {self.path} ({exc}); extracting the rest again")
        except sqlite3.DatabaseError as exc:  # what was read is sound (digests); the file is not
            self.start_afresh(exc)
        return found

    def put_many(self, items: Iterable[tuple[str, Extraction]]) -> None:
        """Write entries in one transaction: all of them, or (killed, or failing) none."""
        rows = [(key, seal(extraction)) for key, extraction in items]
        db = self.open() if rows else None
        if db is None:
            return
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO extraction (key, entry) VALUES (?, ?)", rows)
        except sqlite3.OperationalError as exc:
            warn(f"cannot write to {self.path} ({exc}); these documents will be extracted again next time")
        except sqlite3.DatabaseError as exc:
            self.start_afresh(exc)

    def digests(self, paths: list[Path], names: list[str]) -> tuple[list[str], dict[int, Source]]:
        """Each document's digest (`Source.digest`), and the Sources that had to be read for it: a
        document whose stamp (sizes, times, inodes of it and its metadata) is what it was when it
        was last read, long enough after its last change, is not read again."""
        known = self._stamps([str(p) for p in paths])
        digests, read, fresh = [], {}, []
        for i, (path, name) in enumerate(zip(paths, names, strict=True)):
            stamp, changed = stamp_of(path, name)
            hit = known.get(str(path))
            if hit is not None and hit[0] == stamp and changed + SETTLE_NS < hit[2]:
                digests.append(hit[1])
                continue
            taken = time.time_ns()  # before reading: a change while it is read is a change after it
            read[i] = read_source(path, name)
            digests.append(read[i].digest)
            fresh.append((str(path), stamp, read[i].digest, taken))
        self._write("INSERT OR REPLACE INTO stamp (path, stamp, digest, taken) VALUES (?, ?, ?, ?)", fresh)
        return digests, read

    def _stamps(self, paths: list[str]) -> dict[str, tuple[str, str, int]]:
        db, found = self.open(), {}
        if db is None:
            return found
        try:
            query = "SELECT path, stamp, digest, taken FROM stamp WHERE path IN"
            found.update((path, (stamp, digest, taken)) for path, stamp, digest, taken in rows_in(db, query, paths))
        except sqlite3.OperationalError as exc:
            warn(f"cannot read {self.path} ({exc}); reading every document")
        except sqlite3.DatabaseError as exc:
            self.start_afresh(exc)
        return found

    def _write(self, statement: str, rows: list[tuple]) -> None:
        db = self.open() if rows else None
        if db is None:
            return
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany(statement, rows)
        except sqlite3.OperationalError as exc:
            warn(f"cannot write to {self.path} ({exc})")
        except sqlite3.DatabaseError as exc:
            self.start_afresh(exc)

    def memo(self, name: str) -> MergeMemo:
        """The merge decisions the last build of this corpus left (merge.MergeMemo); empty when none."""
        db = self.open()
        try:
            row = db.execute("SELECT entry FROM memo WHERE name = ?", (name,)).fetchone() if db else None
        except sqlite3.DatabaseError:
            row = None
        return (unseal(row[0], MergeMemo) if row else None) or MergeMemo()

    def keep_memo(self, name: str, memo: MergeMemo) -> None:
        db = self.open()
        if db is None:
            return
        try:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("INSERT OR REPLACE INTO memo (name, entry) VALUES (?, ?)", (name, seal(memo)))
        except sqlite3.Error as exc:
            warn(f"cannot write to {self.path} ({exc})")

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None


def rows_in(db: sqlite3.Connection, select: str, values: list[str]) -> Iterator[tuple]:
    """The rows of `select` (a query ending in "WHERE column IN") for `values`, QUERY_KEYS at a time."""
    for i in range(0, len(values), QUERY_KEYS):
        part = values[i : i + QUERY_KEYS]
        yield from db.execute(f"{select} ({','.join('?' * len(part))})", part)


def warn(message: str) -> None:
    print(f"warning: extraction cache: {message}", file=sys.stderr, flush=True)
