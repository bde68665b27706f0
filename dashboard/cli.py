"""The command line: it parses arguments and calls the library, nothing more."""

import argparse
import os
import sys
from pathlib import Path

from dashboard import build, model
from dashboard.codebook import Codebook, load_codebook
from dashboard.errors import TrackerError
from dashboard.isolation import TIME_LIMIT_S, time_limit
from dashboard.records import Document, Extraction
from dashboard.sources import load_document
from dashboard.tables import TABLES, assemble, to_csv, to_json

# The extraction modules (and spaCy with them) are imported by the commands that extract: a
# build whose documents are all in the cache never loads them.


def cmd_build(args: argparse.Namespace) -> int:
    cache = None if args.no_cache else build.CACHE_DIR
    stale = build.run(check=args.check, workers=args.workers, cache_dir=cache, scheduler=args.scheduler)
    if args.check:
        if stale:
            print(
                f"data/tables is stale: {', '.join(stale)} differ from a fresh build; run `python -m dashboard build`",
                file=sys.stderr,
            )
            return 1
        print("data/tables is up to date")
        return 0
    print(f"wrote {len(TABLES)} tables and datapackage.json to {build.relative(build.TABLES_DIR)}")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    from dashboard.view.exports import guard

    codebook = load_codebook()
    documents = [load_document(Path(f), codebook) for f in args.files]  # read all first: no partial output
    for doc in documents:
        if not doc.published:
            print(f"{doc.path}: warning: no date found; dates are left unknown", file=sys.stderr)
    rows = assemble([extract_within_limit(d, codebook) for d in documents], codebook)
    if args.format == "json":
        sys.stdout.write(to_json(rows))
    else:
        if args.safe_csv:  # as the app's downloads: formula-like cells prefixed with '
            rows = {name: [{k: guard(v) for k, v in row.items()} for row in table] for name, table in rows.items()}
        for name in TABLES:
            sys.stdout.write(f"# {name}\n{to_csv(name, rows[name])}\n")
    return 0


def extract_within_limit(document: Document, codebook: Codebook) -> Extraction:
    from dashboard.extract import extract_document

    with time_limit(document.path):
        return extract_document(document, codebook)


def cmd_add(args: argparse.Namespace) -> int:
    from dashboard import intake

    target = intake.add_document(Path(args.file), build.SEEDS_DIR, args.publisher, args.url, args.date)
    meta = target.with_name(target.stem + ".meta.yaml")
    try:
        build.run(workers=args.workers)
    except BaseException:
        target.unlink(missing_ok=True)  # nothing half-filed: the seeds are as they were
        meta.unlink(missing_ok=True)
        raise
    print(f"filed {args.file} as {build.relative(target)} and rebuilt the tables")
    return 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    from dashboard import evaluate

    os.environ["TRACKER_SYNTAX"] = args.syntax  # the ablation: what the parse buys
    print(evaluate.report(evaluate.evaluate(Path(args.gold)), verbose=args.verbose))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m dashboard", description="Cited tables of cooperation initiatives.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="seeds/ -> data/tables/")
    b.add_argument("--check", action="store_true", help="fail if the committed tables are stale; write nothing")
    b.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="extraction processes")
    b.add_argument(
        "--no-cache",
        action="store_true",
        help=f"extract every document again, without reading or writing the cache ({build.relative(build.CACHE_DIR)})",
    )
    b.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="extract on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786); the merge stays here",
    )
    b.set_defaults(func=cmd_build)
    e = sub.add_parser(
        "extract",
        help="print the tables for these files",
        description=f"Print the tables for these files. Each file has {TIME_LIMIT_S:g} s (TRACKER_TIME_LIMIT_S).",
    )
    e.add_argument("files", nargs="+", metavar="FILE")
    e.add_argument("--format", choices=("json", "csv"), default="json")
    e.add_argument(
        "--safe-csv",
        action="store_true",
        help="with --format csv: prefix every cell that a spreadsheet would run as a formula (=, +, -, @, ...) "
        "with ' as the app's downloads do. Without it, cells are the source's exact text, as in "
        "data/tables/ (SECURITY.md): do not open that CSV in a spreadsheet",
    )
    e.set_defaults(func=cmd_extract)
    a = sub.add_parser("add", help="file a document into seeds/ with its metadata, then rebuild")
    a.add_argument("file", metavar="FILE", help=".txt, .md or .html")
    a.add_argument("--publisher", default="")
    a.add_argument("--url", default="")
    a.add_argument("--date", default="", help="publication date, YYYY-MM-DD")
    a.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    a.set_defaults(func=cmd_add)
    v = sub.add_parser("evaluate", help="score extraction against a gold file")
    v.add_argument("gold", metavar="GOLD.yaml")
    v.add_argument("-v", "--verbose", action="store_true", help="list each document's misses, extras and errors")
    v.add_argument(
        "--syntax",
        choices=model.SYNTAX_LEVELS,
        default="full",
        help="ablation: 'tags' drops the dependency parse, 'none' the tagger and lemmatizer too",
    )
    v.set_defaults(func=cmd_evaluate)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except TrackerError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except (MemoryError, RecursionError) as exc:
        print(f"error: the input is too large or too deeply nested to process ({type(exc).__name__})", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug: one line for the user, not a traceback
        print(f"error: internal error ({type(exc).__name__}: {exc}); please report it", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130
