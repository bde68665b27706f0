"""`python -m dashboard.serve [streamlit options]`: what `make run` runs.

It is `streamlit run dashboard/app.py` with one addition: while the server starts, a background
thread imports the app's modules and fills the shared caches (tables, filter options, the
unfiltered view, the Overview's first charts). The first visitor after a start then waits for
none of it (BENCHMARKS.md). A plain `streamlit run dashboard/app.py`, as Streamlit Community
Cloud runs it, works the same, with the first visitor filling the caches.
"""

import logging
import sys
import threading
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"
WARM_THREAD = "warm-caches"
# Printed with the address, so that Streamlit does not ask checkip.amazonaws.com for this
# machine's external address (it does when headless and no address is set).
LOCAL = ["--browser.serverAddress", "localhost"]


def not_from_warm_thread(record: logging.LogRecord) -> bool:
    """Outside a page run, each cached call warns 'missing ScriptRunContext': expected here."""
    return record.threadName != WARM_THREAD


def warm() -> None:
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(not_from_warm_thread)
    try:
        from dashboard import ui

        ui.warm()
    except Exception as exc:  # noqa: BLE001  (the page reports the same problem to its visitor)
        print(f"dashboard.serve: the caches were not filled in advance: {exc}", file=sys.stderr)


def main(argv: list[str]) -> None:
    from streamlit.web import cli

    threading.Thread(target=warm, name=WARM_THREAD, daemon=True).start()
    addressed = any(a.startswith(("--server.address", "--browser.serverAddress")) for a in argv)
    sys.argv = ["streamlit", "run", str(APP), *([] if addressed else LOCAL), *argv]
    sys.exit(cli.main())


if __name__ == "__main__":
    main(sys.argv[1:])
