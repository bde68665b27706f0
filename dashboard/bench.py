"""Benchmarks that print figures (never timed unit tests): `python -m dashboard.bench`.

Extraction throughput: articles per second for the full extractor against spaCy
tokenisation alone on the same texts, as the median of several runs, and their ratio.
"""

import argparse
import platform
import statistics
import time

from dashboard.codebook import ROOT, load_codebook
from dashboard.extract import extract_document
from dashboard.nlp import build_pipeline
from dashboard.sources import load_document

ARTICLES = [ROOT / "seeds" / "000_7baa26f410aba820.txt", *sorted((ROOT / "tests" / "corpus").glob("*.txt"))]


def median_seconds(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def bench_extraction(repeat: int, runs: int) -> dict[str, float]:
    """Articles per second: full extraction vs tokenisation alone, on the same texts."""
    codebook = load_codebook()
    nlp, _ = build_pipeline(codebook)
    documents = [load_document(p, codebook) for p in ARTICLES] * repeat
    texts = [d.text for d in documents]
    extract_document(documents[0], codebook)  # warm up caches

    def tokenise():
        for text in texts:
            nlp.make_doc(text)

    def extract():
        for doc in documents:
            extract_document(doc, codebook)

    tok = len(texts) / median_seconds(tokenise, runs)
    full = len(texts) / median_seconds(extract, runs)
    return {"articles": len(texts), "tokenise_per_s": tok, "extract_per_s": full, "ratio": full / tok}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.bench")
    parser.add_argument("--repeat", type=int, default=50, help="copies of each article per run")
    parser.add_argument("--runs", type=int, default=5, help="runs; the median is reported")
    args = parser.parse_args(argv)
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    e = bench_extraction(args.repeat, args.runs)
    print(f"extraction, 1 process, {e['articles']} articles, median of {args.runs} runs:")
    print(f"  spaCy tokenisation alone  {e['tokenise_per_s']:10.1f} articles/s")
    print(f"  full extraction           {e['extract_per_s']:10.1f} articles/s")
    print(f"  ratio (full / tokenise)   {e['ratio']:10.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
