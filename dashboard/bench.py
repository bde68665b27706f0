"""Benchmarks that print figures (never timed unit tests): `python -m dashboard.bench`.

- extraction: articles per second for the full extractor against spaCy tokenisation
  alone on the same texts, as the median of several runs, and their ratio;
- app: in headless Chromium, the time from `streamlit run` to the first complete
  render and the time of a rerun after a filter change; and the server-side script
  time of one run (AppTest, in process).
"""

import argparse
import contextlib
import os
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


def first_render_and_rerun(env: dict[str, str] | None = None) -> dict[str, float]:
    """Seconds from `streamlit run` to a complete first render, and for a rerun after a filter change."""
    from playwright.sync_api import sync_playwright

    from dashboard.browser import Guard, launch, serve_app, wait_for_app, wait_for_charts

    with sync_playwright() as playwright:
        browser = launch(playwright)  # before the server starts: its start-up is not the app's
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        page.route("**/*", Guard())
        with serve_app(env) as server:
            healthy = time.perf_counter() - server.started
            page.goto(server.url)
            wait_for_app(page)
            wait_for_charts(page)
            first = time.perf_counter() - server.started
            return {
                "healthy_s": healthy,
                "first_render_s": first,
                **rerun_times(page),
                "server_rss_mb": server.rss_mb(),
            }


def rerun_times(page) -> dict[str, float]:
    """Median seconds from a changed search to a finished rerun with every chart drawn."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    from dashboard.browser import wait_for_app, wait_for_charts

    running = '[data-testid="stApp"][data-test-script-state="running"]'
    reruns = []
    for text in ("fund", "", "network", ""):
        box = page.get_by_label("Search names and evidence")
        box.fill(text)
        start = time.perf_counter()
        box.press("Enter")
        with contextlib.suppress(PlaywrightTimeout):  # the run may finish before we look
            page.wait_for_selector(running, timeout=2000)
        wait_for_app(page)
        wait_for_charts(page)
        reruns.append(time.perf_counter() - start)
    return {"rerun_s": statistics.median(reruns)}


def server_script_time(runs: int) -> float:
    """Median seconds of one full script run of the Overview, in process (AppTest)."""
    from streamlit.testing.v1 import AppTest

    app = str(ROOT / "dashboard" / "app.py")
    at = AppTest.from_file(app, default_timeout=120).run()
    times = []
    for i in range(runs):
        start = time.perf_counter()
        at.text_input(key="f_text").input("fund" if i % 2 == 0 else "").run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def print_app(runs: int) -> None:
    b = first_render_and_rerun()
    print(f"app at seed size, headless Chromium, median of 4 reruns; server script time median of {runs} runs:")
    print(f"  streamlit run -> server healthy         {b['healthy_s']:8.2f} s")
    print(f"  streamlit run -> first complete render  {b['first_render_s']:8.2f} s")
    print(f"  rerun after a filter change (browser)   {b['rerun_s']:8.2f} s")
    print(f"  server-side script run (AppTest)        {server_script_time(runs) * 1000:8.0f} ms")
    print(f"  app server resident memory               {b['server_rss_mb']:8.0f} MB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.bench")
    parser.add_argument("--repeat", type=int, default=50, help="copies of each article per run")
    parser.add_argument("--runs", type=int, default=5, help="runs; the median is reported")
    parser.add_argument("only", nargs="*", metavar="extraction|app", help="benchmarks to run (default: all)")
    args = parser.parse_args(argv)
    chosen = args.only or ["extraction", "app"]
    if set(chosen) - {"extraction", "app"}:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(set(chosen) - {'extraction', 'app'}))}")
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, python {platform.python_version()}")
    if "extraction" in chosen:
        e = bench_extraction(args.repeat, args.runs)
        print(f"extraction, 1 process, {e['articles']} articles, median of {args.runs} runs:")
        print(f"  spaCy tokenisation alone  {e['tokenise_per_s']:10.1f} articles/s")
        print(f"  full extraction           {e['extract_per_s']:10.1f} articles/s")
        print(f"  ratio (full / tokenise)   {e['ratio']:10.3f}")
    if "app" in chosen:
        print_app(args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
