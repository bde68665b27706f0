"""Fetching a page or a feed from the web, safely: the one way every command and the app fetch.

A link given to a deployed dashboard must not become a way to reach the server's own network
(SSRF), and a hostile server must not be able to hold or exhaust us. So:

- http and https only; the host's addresses are resolved once and refused when any is not
  public (private, loopback, link-local, reserved, multicast, unspecified, shared or
  IPv4-mapped forms of these); the connection then goes to the address that was checked, with
  the name only in the Host header and TLS's SNI, so a second lookup cannot swap it (DNS
  rebinding). Each redirect is checked the same way, at most MAX_REDIRECTS of them.
- TIMEOUT_S for the whole exchange (a watchdog closes the socket: a server that drips one byte
  a second cannot hold us); at most MAX_BYTES read, streamed, and counted after gzip decoding
  (a decompression bomb stops at the cap); only the content types a page or feed has.
- A descriptive User-Agent, robots.txt obeyed (RFC 9309), and at most one request every
  MIN_INTERVAL_S to a host.

Tests reach a local http.server through an `Allowance`: the exact host and port a test names,
passed in (or set for this process with `allow_for_tests`), never read from the environment or
a file, so no deployment setting can widen what the guard lets through.
"""

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.parse
import urllib.robotparser
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from dashboard.errors import InputError

USER_AGENT = "cooperation-tracker/1.0 (policy-tracking dashboard; reads news articles and feeds; obeys robots.txt)"
TIMEOUT_S = 10.0  # for one request, from connecting to the last byte
MAX_BYTES = 5 * 1024 * 1024  # after decoding: the cap of an uploaded file
MAX_REDIRECTS = 5
MIN_INTERVAL_S = 1.0  # between two requests to the same host
CHUNK = 64 * 1024
PAGE_TYPES = frozenset({"text/html", "application/xhtml+xml", "text/plain"})
# RSS and Atom; many feeds are served as generic XML, which is accepted for feeds only.
FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml"}
)
REDIRECTS = {301, 302, 303, 307, 308}


class FetchError(InputError):
    """A link that was refused or could not be fetched: one line naming the link."""


class Refused(FetchError):
    """A link the guard refuses before connecting: its scheme, or where its host is."""


@dataclass(frozen=True)
class Allowance:
    """Origins (host as written in the URL, port) that may be reached although their address is
    not public: the local test server. Empty by default, and only code can fill it."""

    origins: frozenset[tuple[str, int]] = frozenset()

    def allows(self, host: str, port: int) -> bool:
        return (host, port) in self.origins


NOTHING = Allowance()
_process_allowance = NOTHING


def allowance() -> Allowance:
    """What this process may reach beyond the public internet: nothing, unless a test said so."""
    return _process_allowance


@contextlib.contextmanager
def allow_for_tests(*origins: tuple[str, int]) -> Iterator[Allowance]:
    """For tests: let this process reach these (host, port) origins, e.g. a local http.server."""
    global _process_allowance
    previous, _process_allowance = _process_allowance, Allowance(frozenset(origins))
    try:
        yield _process_allowance
    finally:
        _process_allowance = previous


@dataclass(frozen=True)
class Response:
    url: str  # the link asked for
    final_url: str  # after redirects
    status: int  # 200, or 304 for a conditional request with nothing new
    content_type: str
    charset: str  # from the Content-Type header, "" when it gives none
    body: bytes
    etag: str = ""
    last_modified: str = ""


def is_public(address: str) -> bool:
    """Whether an IP address is on the public internet (not private, loopback, link-local,
    reserved, multicast, unspecified or shared), IPv4-mapped IPv6 judged as its IPv4 address."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_link_local or ip.is_loopback)


def shown_url(url: str) -> str:
    """A link as an error message prints it: one line, at most 200 characters."""
    url = " ".join(str(url).split())
    return url if len(url) <= 200 else url[:199] + "…"


def _mime(value: str) -> tuple[str, str]:
    """(media type, charset) of a Content-Type header."""
    parts = [p.strip() for p in value.split(";")]
    charset = next((p.split("=", 1)[1].strip("\"' ") for p in parts[1:] if p.lower().startswith("charset=")), "")
    return parts[0].lower(), charset


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to an address checked beforehand; the name goes in the Host header."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """HTTPS to a checked address; the certificate is verified for the name (SNI)."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


@dataclass
class Fetcher:
    """Fetches links under the rules above. One per process (`fetcher()`), or one per test."""

    allow: Allowance | None = None  # None: the process's allowance (nothing, outside tests)
    timeout: float = TIMEOUT_S
    max_bytes: int = MAX_BYTES
    min_interval: float | None = None  # None: MIN_INTERVAL_S
    resolve: Callable[..., list] = field(default=lambda *a, **k: socket.getaddrinfo(*a, **k))
    _robots: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, url: str, types: frozenset[str] = PAGE_TYPES, headers: dict[str, str] | None = None) -> Response:
        """The body of `url`, or a FetchError in one line. Robots.txt is asked first."""
        self._check(url)  # a refused link is refused before anything is fetched, robots.txt included
        if not self._robots_allow(url):
            raise FetchError(shown_url(url), "robots.txt of this site does not allow fetching this page")
        return self._follow(url, types, headers or {})

    # --- the rules ---

    def _check(self, url: str) -> tuple[urllib.parse.SplitResult, str, int, str]:
        """(parts, host, port, the checked address) of a link, or a FetchError saying why it is refused."""
        try:
            parts = urllib.parse.urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise Refused(shown_url(url), f"not a valid link ({exc})") from None
        if parts.scheme not in ("http", "https"):
            raise Refused(shown_url(url), f"only http and https links are fetched, not {parts.scheme or 'none'}:")
        host = parts.hostname or ""
        if not host:
            raise Refused(shown_url(url), "the link names no host")
        port = port or (443 if parts.scheme == "https" else 80)
        try:
            infos = self.resolve(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError, OSError) as exc:
            raise Refused(shown_url(url), f"cannot resolve {host} ({exc})") from None
        addresses = [info[4][0] for info in infos]
        if not addresses:
            raise Refused(shown_url(url), f"cannot resolve {host}")
        allowed = (self.allow if self.allow is not None else allowance()).allows(host, port)
        refused = [a for a in addresses if not is_public(a)]
        if refused and not allowed:
            raise Refused(
                shown_url(url),
                f"refused: {host} is at {refused[0]}, a private, loopback, link-local or reserved address",
            )
        return parts, host, port, addresses[0]

    def _wait_turn(self, host: str) -> None:
        """At most one request every min_interval seconds to a host."""
        interval = MIN_INTERVAL_S if self.min_interval is None else self.min_interval
        with self._lock:
            now = time.monotonic()
            start = max(now, self._last.get(host, -interval) + interval)
            self._last[host] = start
        time.sleep(max(0.0, start - now))

    def _robots_allow(self, url: str) -> bool:
        """RFC 9309: a robots.txt that is missing (4xx) allows everything; one that cannot be
        fetched (5xx, refused, timed out) allows nothing."""
        parts = urllib.parse.urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            rules = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
            try:
                response = self._follow(origin + "/robots.txt", PAGE_TYPES, {}, robots=True)
                rules.parse(response.body.decode("utf-8", errors="replace").splitlines())
            except _Missing:
                rules.allow_all = True
            except Refused as exc:  # robots.txt redirected somewhere the guard refuses
                raise Refused(shown_url(url), f"robots.txt: {exc.problem}") from None
            except FetchError:
                rules.disallow_all = True
            self._robots[origin] = rules
        return self._robots[origin].can_fetch(USER_AGENT, url)

    def _follow(self, url: str, types: frozenset[str], headers: dict[str, str], robots: bool = False) -> Response:
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            try:
                parts, host, port, address = self._check(current)
            except Refused as exc:
                if current == url:
                    raise
                raise Refused(shown_url(url), f"redirected to {shown_url(current)}, {exc.problem}") from None
            self._wait_turn(host)
            result = self._request(url, current, parts, host, port, address, types, headers, robots)
            if isinstance(result, Response):
                return result
            current = urllib.parse.urljoin(current, result)
        raise FetchError(shown_url(url), f"more than {MAX_REDIRECTS} redirects")

    def _request(self, url, current, parts, host, port, address, types, headers, robots) -> "Response | str":
        """One request: a Response, or the next link of a redirect."""
        kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
        connection = kind(host, port, address, self.timeout)
        path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        deadline = time.monotonic() + self.timeout
        held: list[socket.socket] = []  # the socket: http.client lets go of it once a response is read
        expired = threading.Event()  # set by the watchdog: a body cut short is not a whole body
        watchdog = threading.Timer(self.timeout, _close, (connection, held, expired))
        watchdog.start()
        try:
            connection.request(
                "GET",
                path,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept-Encoding": "gzip",
                    "Accept": ", ".join(sorted(types)),
                    **headers,
                },  # fmt: skip
            )
            held.append(connection.sock)
            response = connection.getresponse()
            if response.status in REDIRECTS and response.getheader("Location"):
                return response.getheader("Location")
            if response.status == 304:
                return Response(url, current, 304, "", "", b"", headers.get("If-None-Match", ""))
            if robots and 400 <= response.status < 500:
                raise _Missing
            if response.status != 200:
                raise FetchError(shown_url(url), f"the server answered {response.status} {response.reason}")
            media, charset = _mime(response.getheader("Content-Type") or "")
            if media not in types:
                raise FetchError(shown_url(url), f"content type {media or '(none)'} is not an article or a feed")
            body = self._read(url, response, held[0], deadline, expired)
            return Response(
                url,
                current,
                200,
                media,
                charset,
                body,
                response.getheader("ETag") or "",
                response.getheader("Last-Modified") or "",
            )
        except TimeoutError:
            raise FetchError(shown_url(url), f"no complete answer within {self.timeout:g} s") from None
        except (OSError, http.client.HTTPException) as exc:
            if time.monotonic() >= deadline:
                raise FetchError(shown_url(url), f"no complete answer within {self.timeout:g} s") from None
            raise FetchError(shown_url(url), f"cannot fetch ({type(exc).__name__}: {exc})") from None
        finally:
            watchdog.cancel()
            connection.close()

    def _read(
        self, url: str, response: http.client.HTTPResponse, sock: socket.socket, deadline: float, expired
    ) -> bytes:
        """The body, streamed: at most max_bytes after decoding, within the deadline."""
        encoding = (response.getheader("Content-Encoding") or "identity").lower().strip()
        if encoding not in ("identity", "gzip", "x-gzip"):
            raise FetchError(shown_url(url), f"content encoding {encoding} is not supported")
        length = response.getheader("Content-Length") or ""
        if length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(shown_url(url), self._too_large(int(length)))
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS) if encoding != "identity" else None
        parts, size = [], 0
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            sock.settimeout(remaining)
            chunk = response.read1(CHUNK)
            if not chunk:
                break
            if inflate is not None:
                chunk = _inflate(inflate, chunk, self.max_bytes - size + 1)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(shown_url(url), self._too_large(size, streamed=True))
            parts.append(chunk)
        if expired.is_set():
            raise TimeoutError
        return b"".join(parts)

    def _too_large(self, size: int, streamed: bool = False) -> str:
        limit = f"{self.max_bytes / 1024**2:g} MB"
        if streamed:
            return f"the page is larger than the {limit} limit; stopped reading"
        return f"the page is {size / 1e6:.1f} MB; the limit is {limit}"


class _Missing(Exception):
    """robots.txt answered 4xx: there is none."""


def _inflate(inflate, chunk: bytes, room: int) -> bytes:
    """Decode a gzip chunk, producing at most `room` bytes (a bomb stops here, not in memory)."""
    try:
        out = inflate.decompress(chunk, room)
    except zlib.error as exc:
        raise http.client.HTTPException(f"bad gzip data ({exc})") from None
    return out


def _close(connection, held: list, expired: threading.Event) -> None:
    """The watchdog: end a request that is past its deadline, whatever it is waiting for."""
    expired.set()
    for sock in [connection.sock, *held]:
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)


_shared: Fetcher | None = None


def fetcher() -> Fetcher:
    """This process's Fetcher: its robots.txt cache and per-host clock are shared by every fetch."""
    global _shared
    if _shared is None:
        _shared = Fetcher()
    return _shared
