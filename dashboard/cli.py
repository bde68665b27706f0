"""The command line: it parses arguments and calls the library, nothing more."""

import argparse
import os
import sys
from pathlib import Path

from dashboard import build, live, model
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
    print(
        f"wrote {len(TABLES)} tables and datapackage.json to {build.relative(build.TABLES_DIR)}, "
        f"and their Atom feeds to {build.relative(build.FEEDS_DIR)}"
    )
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


def is_link(source: str) -> bool:
    return "://" in source


def cmd_add(args: argparse.Namespace) -> int:
    """File each file or link, report each one refused (a duplicate, a failed fetch), then rebuild once."""
    from dashboard import intake

    filed: list[Path] = []
    refused = 0
    try:
        for source in args.sources:
            try:
                if is_link(source):
                    target = live.add_url(source, build.SEEDS_DIR, date=args.date, publisher=args.publisher)
                else:
                    target = intake.add_document(Path(source), build.SEEDS_DIR, args.publisher, args.url, args.date)
            except TrackerError as exc:
                print(f"error: {exc}", file=sys.stderr)
                refused += 1
                continue
            filed.append(target)
            print(f"filed {source} as {build.relative(target)}")
        if filed:
            build.run(seeds=build.SEEDS_DIR, out_dir=build.TABLES_DIR, workers=args.workers)
            print(f"rebuilt the tables with {len(filed)} new document(s)")
    except BaseException:
        unfile(filed)  # nothing half-filed: the seeds are as they were
        raise
    return 2 if refused else 0


def unfile(targets: list[Path]) -> None:
    for target in targets:
        target.unlink(missing_ok=True)
        target.with_name(target.stem + ".meta.yaml").unlink(missing_ok=True)


def cmd_watch(args: argparse.Namespace) -> int:
    outcome = live.watch(Path(args.feeds), Path(args.state), build.SEEDS_DIR, dry_run=args.dry_run)
    targets = [t for _, t in outcome.added]
    if targets and not args.dry_run:
        try:
            build.run(seeds=build.SEEDS_DIR, out_dir=build.TABLES_DIR, workers=args.workers)
        except BaseException:
            unfile(targets)
            raise
    print(live.report(outcome, args.dry_run))
    return 1 if outcome.failed else 0


def cmd_evaluate(args: argparse.Namespace) -> int:
    os.environ["TRACKER_SYNTAX"] = args.syntax  # the ablation: what the parse buys
    from dashboard import evaluate

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
    a = sub.add_parser(
        "add",
        help="file documents or web pages into seeds/ with their metadata, then rebuild",
        description="File each FILE (.txt, .md, .html) or URL (fetched under the limits in README: Live sources) "
        "into seeds/ with its metadata, then rebuild once. A duplicate, or the same article syndicated under "
        "another link, is reported and not filed.",
    )
    a.add_argument("sources", nargs="+", metavar="FILE|URL")
    a.add_argument("--publisher", default="", help="wins over the site name the page gives")
    a.add_argument("--url", default="", help="the link of a FILE")
    a.add_argument("--date", default="", help="publication date, YYYY-MM-DD; wins over the page's own")
    a.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    a.set_defaults(func=cmd_add)
    w = sub.add_parser(
        "watch",
        help="file the relevant new items of the news feeds in data/feeds.yaml, then rebuild",
        description="Fetch the items of each feed not seen before, keep those in which the engine finds an "
        "initiative or an event, file them and rebuild once. A state file remembers what was seen.",
    )
    w.add_argument("--feeds", default=str(live.FEEDS), help="the feed list (default data/feeds.yaml)")
    w.add_argument("--state", default=str(live.STATE), help="seen items, ETags (default data/feeds.state.json)")
    w.add_argument("--dry-run", action="store_true", help="show what would be added; write nothing")
    w.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    w.set_defaults(func=cmd_watch)
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
