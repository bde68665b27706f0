"""A local news site for the live-source tests: the fixtures of tests/fixtures/live served by
http.server on 127.0.0.1, with hostile answers under /guard/. Nothing here leaves this machine."""

import contextlib
import email.utils
import gzip
import http.server
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "live"
PAGES = {
    "/business/green-energy-fund.html": "article.html",
    "/amp/green-energy-fund.html": "amp.html",
    "/wire/green-energy-fund.html": "syndicated.html",
    "/transport/metro.html": "cyrillic.html",
    "/asia/programme.html": "other.html",
    "/sport/marathon.html": "irrelevant.html",
    "/private/secret.html": "article.html",
}
FEEDS = {"/feeds/business.rss": ("feed.rss.tmpl", "application/rss+xml"),
         "/feeds/dispatch.atom": ("feed.atom.tmpl", "application/atom+xml")}  # fmt: skip
FEED_DATE = email.utils.formatdate(1_790_000_000, usegmt=True)
_BOMB: list[bytes] = []


def gzip_bomb() -> bytes:
    """About 100 KB of gzip that decodes to 100 MB of zeros."""
    if not _BOMB:
        _BOMB.append(gzip.compress(b"\0" * (100 * 1024 * 1024), compresslevel=9))
    return _BOMB[0]


@dataclass
class Site:
    base: str
    port: int
    requests: list[tuple[str, str]] = field(default_factory=list)  # (path, User-Agent)


class Handler(http.server.BaseHTTPRequestHandler):
    site: Site

    def log_message(self, *args):
        pass

    def send(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901  (one branch per fixture: a table of routes)
        self.site.requests.append((self.path, self.headers.get("User-Agent", "")))
        path = self.path.split("?")[0]
        try:
            if path == "/robots.txt":
                self.send(200, (FIXTURES / "robots.txt").read_bytes(), "text/plain")
            elif path in PAGES:
                self.send(200, (FIXTURES / PAGES[path]).read_bytes(), "text/html")  # charset from the page's <meta>
            elif path in FEEDS:
                name, kind = FEEDS[path]
                etag = f'"{name}-1"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                body = (FIXTURES / name).read_text(encoding="utf-8").replace("{base}", self.site.base).encode()
                self.send(200, body, kind, ETag=etag, Last_Modified=FEED_DATE)
            elif path == "/guard/redirect-private":
                self.send(302, b"", "text/html", Location="http://intranet.test/admin")
            elif path == "/guard/redirect-loop":
                self.send(302, b"", "text/html", Location="/guard/redirect-loop")
            elif path == "/guard/pdf":
                self.send(200, b"%PDF-1.7 not an article", "application/pdf")
            elif path == "/guard/bomb":
                self.send(200, gzip_bomb(), "text/html", Content_Encoding="gzip")
            elif path == "/guard/huge":  # 50 MB, no Content-Length: only a streamed cap stops it
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                chunk = b"<p>" + b"a" * (1024 * 1024 - 3)
                for _ in range(50):
                    self.wfile.write(chunk)
            elif path == "/guard/never-ends":  # a byte every 0.1 s, forever: a slowloris answer
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                while True:
                    self.wfile.write(b"a")
                    self.wfile.flush()
                    time.sleep(0.1)
            else:
                self.send(404, b"not found", "text/plain")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading: what the guard should do


@contextlib.contextmanager
def serve_site() -> Iterator[Site]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    site = Site(f"http://127.0.0.1:{port}", port)
    server.RequestHandlerClass = type("SiteHandler", (Handler,), {"site": site})
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
