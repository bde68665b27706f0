"""Drive the app in Debian's Chromium, for browser tests and benchmarks (playwright is a dev dependency)."""

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LOCAL_PREFIXES = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "ws://localhost", "data:", "blob:")
APP_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    started: float  # time.perf_counter() when the server was launched

    def rss_mb(self) -> float:
        """Resident memory of the server process, from /proc."""
        with open(f"/proc/{self.process.pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return float("nan")


@contextlib.contextmanager
def serve_app(
    env: dict[str, str] | None = None, timeout: float = 60, warm: bool = True, command: list[str] | None = None
) -> Iterator[Server]:
    """The app on a free port, stopped on exit: as `make run` starts it (`python -m
    dashboard.serve`, caches filled while the server starts), or with `warm=False` as a bare
    `streamlit run dashboard/app.py` (Streamlit Community Cloud), or by another module's
    `command` (a test's: tests/browser/link_server.py)."""
    port = free_port()
    started = time.perf_counter()
    command = command or (["dashboard.serve"] if warm else ["streamlit", "run", "dashboard/app.py"])
    process = subprocess.Popen(
        [sys.executable, "-m", *command, "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start: {process.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
        yield Server(url, process, started)
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Guard:
    """Blocks every request that does not go to this machine, and remembers it."""

    blocked: list[str] = field(default_factory=list)

    def __call__(self, route) -> None:
        if route.request.url.startswith(LOCAL_PREFIXES):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


# Names other than this machine's do not resolve: the page cannot reach the internet. Unlike
# Guard (request interception), this keeps the browser's own cache and timing, so benchmarks use it.
NO_INTERNET = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"


def launch(playwright, *extra_args: str):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *extra_args])


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until the script has finished running and nothing is left to draw."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_selector(APP_DONE, timeout=timeout)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=timeout)


def wait_for_charts(page, timeout: float = 60_000) -> None:
    """Wait until every plotly chart has drawn data, the map's country shapes included."""
    page.wait_for_function(
        """() => {
            const charts = [...document.querySelectorAll('.js-plotly-plot')];
            if (!charts.length) return false;
            const marks = '.choroplethlocation, .point, .bars path, .slice, .hm, .heatmaplayer image';
            const drawn = c => c.querySelector(marks);
            return charts.every(drawn);
        }""",
        timeout=timeout,
    )
