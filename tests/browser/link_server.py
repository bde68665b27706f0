"""Test only: the app as `python -m dashboard.serve` starts it, with the fetch guard allowing
one local origin (the test's http.server), given as the first argument HOST:PORT. The
allowance is set in code, in this process; the server hands it to its worker with each job."""

import sys

from dashboard import fetch, serve

if __name__ == "__main__":
    host, port = sys.argv[1].rsplit(":", 1)
    with fetch.allow_for_tests((host, int(port))):
        serve.main(sys.argv[2:])
