"""Polite, cached, resumable fetching of source pages (legal database, provincial portals).

`fetch_all` downloads each URL once, in order, one request at a time: robots.txt is read per
site and obeyed, requests to one host are spaced by `1 / rate` seconds (or the site's
Crawl-delay when longer), transient failures (timeouts, dropped connections, 429, 5xx) are
retried with exponential backoff or the server's Retry-After (unless it asks for longer than
`max_wait`), and redirects are followed by hand so that no request ever leaves the allowed
origins (scheme, host and port). Every request has a total `deadline`, so a server that drips
its headers or body a byte at a time cannot hold the run. Bodies are saved as served -- no
charset is decoded here; the sidecar records what the header and the page's <meta> claim so
ingest can decide -- under the suffix of what the bytes are (a PDF served as text/html is
saved as `.pdf`). Like the CLI, this module writes files: it is the downloading end of the
pipeline, and `plan-extract extract` reads what it saved.

Layout of `out_dir`:

- `.cache/<sha256[:2]>/<sha256>` -- content-addressed copy of every body;
- `<name>.<ext>` -- readable copy, `<name>` from the URL (`readable_name`), ext from the type;
- `<name>.meta.json` -- sidecar: url, final_url, fetched_at, content_type (what the bytes are),
  served_content_type (what the server said), header_charset, meta_charset, sha256, adapter;
- `fetch_manifest.jsonl` -- one `FetchRecord` per URL fetched, appended and flushed as it goes,
  so a killed run leaves a valid manifest and the next run resumes from it.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import socket
import threading
import time
import urllib.robotparser
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import IO
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx
from pydantic import BaseModel

from ..document import PIPELINE_VERSION
from ..outputs import write_atomic
from ..readers import READERS

MANIFEST_NAME = "fetch_manifest.jsonl"
CACHE_DIR = ".cache"
MAX_REDIRECTS = 10
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512_000
"""RFC 9309 §2.5: a crawler may stop reading robots.txt after 500 KiB."""
DEFAULT_PORTS = {"http": 80, "https": 443}
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
UNSURE_TYPES = frozenset({None, "application/octet-stream", "binary/octet-stream"})
"""What a server says when it does not know: such a body is accepted if its bytes are a PDF or
DOCX (portals serve their attachments so)."""
_DISCONNECTS = ("server disconnected", "peer closed connection", "peer unexpectedly closed")
"""How httpcore / h11 word a dropped connection (transient); any other protocol error is a
malformed response (headers too large, a bad Content-Length) that a retry gets again."""

def extensions() -> dict[str, str]:
    """The suffix a page of each media type is saved with: the readers' own, so `plan-extract
    extract` reads whatever `fetch` accepts (a reader registered later counts too)."""
    return {media: spec.suffixes[0] for spec in READERS.values() for media in spec.media_types}

DEFAULT_USER_AGENT = f"plan-extract/{PIPELINE_VERSION} (+research corpus builder; respects robots.txt)"

Adapter = Callable[[str, bytes, str], str | None]
"""(final URL, body, media type) -> the name of the site adapter that can read the page, or None."""


@dataclass
class FetchConfig:
    """How to fetch: where to save, how politely, what to accept.

    `retries` is the number of retries after the first attempt. `backoff` is the first retry's
    delay; it doubles per retry up to `max_wait`, which also caps Crawl-delay; a Retry-After
    longer than `max_wait` is not waited for (the URL is an error record at once). `timeout`
    bounds each connect or read (httpx restarts it at every byte received); `deadline` bounds a
    whole request, connect to last byte, and a request cut by it is not retried.
    `sleep` and `clock` are there so tests can observe the waits without waiting.
    """

    out_dir: Path
    rate: float = 1.0
    max_bytes: int = 20_000_000
    timeout: float = 20.0
    deadline: float = 120.0
    retries: int = 4
    backoff: float = 1.0
    max_wait: float = 60.0
    user_agent: str = DEFAULT_USER_AGENT
    allowed_hosts: set[str] | None = None
    refresh: bool = False
    content_types: tuple[str, ...] = field(default_factory=lambda: tuple(extensions()))
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic

    def __post_init__(self) -> None:
        self.out_dir = Path(self.out_dir)
        if self.rate <= 0:
            raise ValueError("rate must be > 0 requests per second")
        if self.retries < 0:
            raise ValueError("retries must be >= 0")
        if self.deadline <= 0 or self.timeout <= 0:
            raise ValueError("timeout and deadline must be > 0 seconds")


class FetchRecord(BaseModel):
    """What happened to one URL; one line of fetch_manifest.jsonl. Errors are records too."""

    url: str
    final_url: str | None = None
    status: int | None = None
    sha256: str | None = None
    bytes: int | None = None
    content_type: str | None = None
    fetched_at: str
    adapter: str | None = None
    saved_path: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    from_cache: bool = False


def fetch_all(urls: Iterable[str], config: FetchConfig, adapter: Adapter | None = None) -> list[FetchRecord]:
    """Fetch every URL once; one record per input URL, in input order (duplicates share one).

    URLs the manifest already holds a saved copy of are not requested again (`from_cache`),
    unless `config.refresh`, which revalidates them with a conditional request.
    """
    urls = [url.strip() for url in urls]
    config.out_dir.mkdir(parents=True, exist_ok=True)
    manifest_path = config.out_dir / MANIFEST_NAME
    previous = read_manifest(manifest_path)
    repair_manifest_tail(manifest_path)
    allowed = site_hosts(config.allowed_hosts if config.allowed_hosts is not None else
                         {host for url in urls if (host := hostname(url))})
    origins = site_origins(urls, allowed, by_name=config.allowed_hosts is not None)
    records: dict[str, FetchRecord] = {}
    with (_Fetcher(config, allowed, origins, adapter) as fetcher,
          manifest_path.open("a", encoding="utf-8") as manifest):
        for url in urls:
            if url in records:
                continue
            last = previous.get(url)
            saved = last is not None and is_saved(last, config.out_dir)
            if saved and not config.refresh:
                records[url] = last.model_copy(update={"from_cache": True})
                continue
            record = fetcher.fetch(url, last if saved else None)
            append_record(manifest, record)
            records[url] = record
    return [records[url] for url in urls]


# --- manifest -------------------------------------------------------------------------------

def read_manifest(path: Path) -> dict[str, FetchRecord]:
    """The latest record per URL; a line torn by a killed run is skipped, not fatal."""
    latest: dict[str, FetchRecord] = {}
    if not path.is_file():
        return latest
    for line in path.read_text("utf-8", errors="replace").splitlines():
        try:
            record = FetchRecord.model_validate_json(line)
        except ValueError:
            continue
        latest[record.url] = record
    return latest


def repair_manifest_tail(path: Path) -> None:
    """Cut a half-written last line, so the next appended line does not fuse with it."""
    if not path.is_file():
        return
    data = path.read_bytes()
    if data and not data.endswith(b"\n"):
        with path.open("r+b") as fh:
            fh.truncate(data.rfind(b"\n") + 1)


def append_record(fh: IO[str], record: FetchRecord) -> None:
    """One line per URL, flushed at once: an interrupted run leaves every finished URL recorded."""
    fh.write(record.model_dump_json() + "\n")
    fh.flush()


def is_saved(record: FetchRecord, out_dir: Path) -> bool:
    """A fetch worth keeping: it succeeded (or was revalidated) and its copy is still on disk."""
    return (record.error is None and record.status in (200, 304) and record.saved_path is not None
            and (out_dir / record.saved_path).is_file())


# --- small pure helpers ---------------------------------------------------------------------

def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def backoff_delay(config: FetchConfig, retry: int) -> float:
    """Exponential backoff (retry 0 waits `backoff`), capped so a run never stalls for long."""
    return min(config.max_wait, config.backoff * 2 ** retry)


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3); None if absent/garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def media_type(content_type: str | None) -> str | None:
    """`text/html; charset=x` -> `text/html`: only the media type decides acceptance and suffix."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
META_SCAN_BYTES = 1_048_576
"""Saved vbpl.vn pages carry their <meta charset> ~170 KB in, after inlined styles."""


def header_charset(content_type: str | None) -> str | None:
    """The charset the server claims; portals often send iso-8859-1 for UTF-8 pages."""
    match = _HEADER_CHARSET.search(content_type or "")
    return match.group(1).lower() if match else None


def meta_charset(body: bytes) -> str | None:
    """The charset the page claims in <head> (<meta charset> or http-equiv); None if it claims none."""
    end = _HEAD_END.search(body, 0, META_SCAN_BYTES)
    match = _META_CHARSET.search(body, 0, end.start() if end else min(len(body), 16_384))
    return match.group(1).decode("ascii").lower() if match else None


def readable_name(url: str) -> str:
    """`<host>_<path>_<query>-<hash8>`: recognisable in a listing, unique per URL, safe on any disk."""
    parts = urlsplit(url)
    path = re.sub(r"\.[A-Za-z0-9]{1,5}$", "", parts.path)
    raw = "_".join(p for p in (parts.hostname or "", path, parts.query) if p)
    safe = re.sub(r"[^A-Za-z0-9.-]+", "_", raw).strip("._-")[:100].rstrip("._-")
    return f"{safe or 'page'}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"


def cache_path(out_dir: Path, sha256: str) -> Path:
    return out_dir / CACHE_DIR / sha256[:2] / sha256


def site_hosts(hosts: set[str]) -> set[str]:
    """The hosts with and without a leading "www.": portals redirect one to the other
    (thuvienphapluat.vn -> www.thuvienphapluat.vn), and both are the same site."""
    out = set()
    for host in (h.lower() for h in hosts):
        bare = host.removeprefix("www.")
        out.update({bare, f"www.{bare}"} if bare else {host})
    return out


def hostname(url: str) -> str | None:
    """Lower-case host of a URL, None for a URL too broken to have one."""
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def _without_fragment(url: str) -> str:
    """The fragment is never sent, so `a#x` and `a` are one resource for loop detection."""
    return urlunsplit(urlsplit(url)._replace(fragment=""))


def _origin(url: str) -> str:
    """robots.txt governs one scheme + host + port (RFC 9309 §2.3)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


Origin = tuple[str, str, int]


def origin_of(url: str) -> Origin | None:
    """(scheme, host, port) with the scheme's default port filled in; None for a URL without
    them (or with a port out of range)."""
    try:
        parts = urlsplit(url)
        scheme, host = parts.scheme.lower(), parts.hostname
        port = parts.port or DEFAULT_PORTS.get(scheme)
    except ValueError:
        return None
    return (scheme, host, port) if host and port else None


def site_origins(urls: Iterable[str], hosts: set[str], by_name: bool = False) -> set[Origin]:
    """Where a fetch may go: each URL's own origin and its www./bare twin, plus the https of
    a plain-http URL on port 80 (sites upgrade http://x to https://x). Another port or a
    downgrade to http is another origin, not followed. Hosts allowed by name (`by_name`, from
    `allowed_hosts`) may be reached on the default http and https ports."""
    out: set[Origin] = set()
    if by_name:
        out.update((scheme, host, port) for host in hosts for scheme, port in DEFAULT_PORTS.items())
    for url in urls:
        origin = origin_of(url)
        if origin is None or origin[1] not in hosts:
            continue
        scheme, host, port = origin
        forms = [(scheme, port)] + ([("https", 443)] if (scheme, port) == ("http", 80) else [])
        out.update((s, h, p) for h in site_hosts({host}) for s, p in forms)
    return out


def _origin_text(origin: Origin | None) -> str:
    return f"{origin[0]}://{origin[1]}:{origin[2]}" if origin else "(none)"


def sniffed_type(body: bytes) -> str | None:
    """PDF or DOCX told by the bytes (`%PDF-` near the start, as readers allow; a ZIP holding
    word/document.xml), whatever the server said; None for anything else."""
    if b"%PDF-" in body[:1024]:
        return PDF
    if body.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                if "word/document.xml" in archive.namelist():
                    return DOCX
        except Exception:  # a damaged or odd archive is just not a DOCX here; ingest says why
            return None
    return None


def protocol_error(exc: httpx.RemoteProtocolError) -> tuple[str, bool]:
    """The error line for a protocol error, and whether a retry may help (a dropped connection
    may; a malformed response -- a 10 MB header, a bad Content-Length -- comes back the same)."""
    text = str(exc)
    if text.lower().startswith(_DISCONNECTS):
        return f"connection error (RemoteProtocolError: {text})", True
    if "receive buffer too long" in text.lower():
        return "malformed response: headers too large", False
    return f"malformed response ({text})", False


# --- fetching -------------------------------------------------------------------------------

@dataclass
class _Reply:
    """One HTTP exchange (after retries): status and headers, the body when it was read."""

    url: str
    status: int | None = None
    headers: httpx.Headers = field(default_factory=httpx.Headers)
    body: bytes | None = None
    error: str | None = None


class _DeadlineExceeded(Exception):
    """A request ran past `FetchConfig.deadline` and its connection was cut."""


class _Watchdog:
    """Cuts one request's connection when its deadline passes. httpx's timeouts bound each
    read, and restart with every byte, so a server that drips a byte a second would hold the
    fetch for ever; this bounds the whole request. The sockets come from httpcore's `trace`
    extension as they are opened (keep-alive is off, so every request opens its own)."""

    def __init__(self, seconds: float) -> None:
        self.lock = threading.Lock()
        self.sockets: list[socket.socket] = []
        self.expired = False
        self.finished = False
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self.timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.finish()

    def trace(self, event: str, info: dict) -> None:
        if event in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if isinstance(sock, socket.socket):
                with self.lock:
                    self.sockets.append(sock)
                    if self.expired:
                        _shut(sock)

    def finish(self) -> None:
        """The request is over: from now on nothing is cut (its socket may be closed and reused)."""
        self.timer.cancel()
        with self.lock:
            self.finished = True

    def _expire(self) -> None:
        with self.lock:
            if self.finished:
                return
            self.expired = True
            for sock in self.sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    """Shut the connection down under a read blocked on it in another thread. (socket.socket's
    own shutdown: an SSLSocket's would drop its TLS state under the reader.)"""
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


class _HostPacer:
    """Spaces requests to one host by the configured interval or the site's Crawl-delay."""

    def __init__(self, config: FetchConfig) -> None:
        self.config = config
        self.interval = 1.0 / config.rate
        self.crawl_delay: dict[str, float] = {}
        self.last: dict[str, float] = {}

    def wait(self, host: str) -> None:
        interval = max(self.interval, self.crawl_delay.get(host, 0.0))
        last = self.last.get(host)
        if last is not None:
            remaining = last + interval - self.config.clock()
            if remaining > 0:
                self.config.sleep(remaining)
        self.last[host] = self.config.clock()


class _Fetcher:
    """One client, one pacer and one robots.txt cache for a whole `fetch_all` run."""

    def __init__(self, config: FetchConfig, allowed_hosts: set[str], origins: set[Origin],
                 adapter: Adapter | None) -> None:
        self.config = config
        self.allowed_hosts = allowed_hosts
        self.origins = origins
        self.adapter = adapter
        self.pacer = _HostPacer(config)
        self.robots: dict[str, urllib.robotparser.RobotFileParser | str] = {}
        # no keep-alive: each request opens its own connection, which its watchdog can cut
        self.client = httpx.Client(timeout=config.timeout, follow_redirects=False,
                                   headers={"User-Agent": config.user_agent},
                                   limits=httpx.Limits(max_keepalive_connections=0))

    def __enter__(self) -> _Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.client.close()

    def fetch(self, url: str, previous: FetchRecord | None) -> FetchRecord:
        """One URL to one record; `previous` (a saved earlier fetch) makes the request conditional."""
        record = FetchRecord(url=url, fetched_at=now_iso())
        try:
            return self._fetch(record, previous)
        except Exception as exc:  # one bad URL never stops the batch
            record.error = f"internal error: {type(exc).__name__}: {exc}"
            return record

    def _fetch(self, record: FetchRecord, previous: FetchRecord | None) -> FetchRecord:
        problem = self._check_url(record.url)
        if problem:
            record.error = problem
            return record
        current, visited, hops = record.url, {_without_fragment(record.url)}, 0
        while True:
            record.final_url = current
            blocked = self._robots_block(current)
            if blocked:
                record.error = blocked
                return record
            headers = conditional_headers(previous) if previous and previous.final_url == current else {}
            reply = self._get(current, headers, content_types=self.config.content_types,
                              limit=self.config.max_bytes)
            record.status = reply.status
            if reply.error:
                record.content_type = media_type(reply.headers.get("content-type"))
                record.error = reply.error
                return record
            if reply.status in REDIRECT_STATUSES:
                target, problem = self._redirect_target(current, reply, visited)
                hops += 1
                if problem is None and hops > MAX_REDIRECTS:
                    problem = f"more than {MAX_REDIRECTS} redirects"
                if problem:
                    record.error = problem
                    return record
                visited.add(_without_fragment(target))
                current = target
                continue
            if reply.status == 304 and headers and previous is not None:
                return unchanged_record(previous, record, reply)
            if reply.status != 200:
                record.error = f"HTTP {reply.status}"
                return record
            record.content_type = sniffed_type(reply.body or b"") or media_type(
                reply.headers.get("content-type"))
            return self._save(record, reply)

    def _check_url(self, url: str) -> str | None:
        """Only http(s) to an allowed host is ever requested."""
        host = hostname(url)
        if not url.lower().startswith(("http://", "https://")) or not host:
            return f"unsupported URL {url!r}"
        if host not in self.allowed_hosts:
            return f"disallowed host {host}"
        return None

    def _redirect_target(self, current: str, reply: _Reply, visited: set[str]) -> tuple[str, str | None]:
        """Where a 3xx points, or why it must not be followed (loop, foreign host, no Location)."""
        location = reply.headers.get("location")
        if not location:
            return current, f"HTTP {reply.status} without Location"
        target = urljoin(current, location.strip())
        host = hostname(target)
        if _without_fragment(target) in visited:
            return target, "redirect loop"
        if not target.lower().startswith(("http://", "https://")) or not host:
            return target, f"redirect to unsupported URL {target!r}"
        if host not in self.allowed_hosts:
            return target, f"redirect to disallowed host {host}"
        origin = origin_of(target)
        if origin not in self.origins:
            return target, (f"redirect to another origin {_origin_text(origin)} (from "
                            f"{_origin_text(origin_of(current))}; another scheme or port is another site)")
        return target, None

    # robots.txt

    def _robots_block(self, url: str) -> str | None:
        """Why robots.txt forbids `url`, or None. Read once per origin, through the same client."""
        origin = _origin(url)
        if origin not in self.robots:
            self.robots[origin] = self._read_robots(origin)
        robots = self.robots[origin]
        if isinstance(robots, str):
            return robots
        return None if robots.can_fetch(self.config.user_agent, url) else "disallowed by robots.txt"

    def _read_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | str:
        """RFC 9309 §2.3.1: 4xx (but 401/403) allows all, 5xx or no answer disallows all for now."""
        parser = urllib.robotparser.RobotFileParser(f"{origin}/robots.txt")
        url = parser.url
        for _ in range(5):  # RFC 9309: follow at least five redirects
            reply = self._get(url, {}, content_types=None, limit=ROBOTS_MAX_BYTES)
            if reply.status in REDIRECT_STATUSES and reply.headers.get("location"):
                url = urljoin(url, reply.headers["location"])
                if hostname(url) not in self.allowed_hosts or origin_of(url) not in self.origins:
                    break  # never leave the allowed origins, not even for robots.txt: treat as absent
                continue
            if reply.status == 200 and reply.body is not None:
                parser.parse(reply.body.decode("utf-8", errors="replace").splitlines())
                self._note_crawl_delay(origin, parser)
                return parser
            if reply.status in (401, 403):
                parser.disallow_all = True
                return parser
            if reply.status is not None and 400 <= reply.status < 500:
                parser.allow_all = True
                return parser
            return f"robots.txt unreachable ({reply.error or f'HTTP {reply.status}'})"
        parser.allow_all = True
        return parser

    def _note_crawl_delay(self, origin: str, parser: urllib.robotparser.RobotFileParser) -> None:
        """A site's Crawl-delay slows us further (never speeds us up), within `max_wait`."""
        delay = parser.crawl_delay(self.config.user_agent)
        host = urlsplit(origin).hostname
        if delay and host:
            self.pacer.crawl_delay[host] = min(float(delay), self.config.max_wait)

    # HTTP

    def _get(self, url: str, headers: dict[str, str], *, content_types: tuple[str, ...] | None,
             limit: int) -> _Reply:
        """GET with retries on what is transient: timeouts, dropped connections, 429 and 5xx.
        Not retried: a request cut by the deadline (a dripping server drips again), a malformed
        response, and a Retry-After longer than `max_wait` (waiting less would be refused again)."""
        host = urlsplit(url).hostname or ""
        failure = _Reply(url)
        delay = 0.0
        attempts = self.config.retries + 1
        for attempt in range(attempts):
            if attempt:
                self.config.sleep(delay)
            self.pacer.wait(host)
            try:
                reply = self._get_once(url, headers, content_types, limit)
            except _DeadlineExceeded:
                return _Reply(url, error=f"deadline exceeded: the request took over "
                                         f"{self.config.deadline:g} s (the server sends too slowly); "
                                         "not retried")
            except httpx.TimeoutException as exc:
                failure = _Reply(url, error=f"timeout ({type(exc).__name__})")
                delay = backoff_delay(self.config, attempt)
                continue
            except httpx.NetworkError as exc:
                failure = _Reply(url, error=f"connection error ({type(exc).__name__}: {exc})")
                delay = backoff_delay(self.config, attempt)
                continue
            except httpx.RemoteProtocolError as exc:
                message, transient = protocol_error(exc)
                if not transient:
                    return _Reply(url, error=message)
                failure = _Reply(url, error=message)
                delay = backoff_delay(self.config, attempt)
                continue
            except (httpx.HTTPError, httpx.InvalidURL) as exc:  # not transient: retrying will not help
                return _Reply(url, error=f"{type(exc).__name__}: {exc}")
            if reply.status is not None and (reply.status == 429 or reply.status >= 500):
                reply.error = f"HTTP {reply.status}"
                failure = reply
                wait = retry_after_seconds(reply.headers.get("retry-after"))
                if wait is not None and wait > self.config.max_wait:
                    reply.error = (f"HTTP {reply.status}: the server asks to retry after {wait:g} s, "
                                   f"longer than max_wait {self.config.max_wait:g} s; not retried")
                    return reply
                delay = wait if wait is not None else backoff_delay(self.config, attempt)
                continue
            return reply
        failure.error = f"{failure.error} after {attempts} attempt{'s' if attempts > 1 else ''}"
        return failure

    def _get_once(self, url: str, headers: dict[str, str], content_types: tuple[str, ...] | None,
                  limit: int) -> _Reply:
        """One request, within the deadline; a 200 body is streamed and cut off at `limit`
        (before reading, when declared). A body of an unsure type (octet-stream, none) is read
        and kept only if its bytes are a PDF or DOCX."""
        with _Watchdog(self.config.deadline) as watchdog:
            try:
                with self.client.stream("GET", url, headers=headers,
                                        extensions={"trace": watchdog.trace}) as response:
                    try:
                        reply = self._read_reply(url, response, content_types, limit)
                    finally:
                        watchdog.finish()
                    if watchdog.expired:  # a body that ends at close ends "normally" when cut
                        raise _DeadlineExceeded
                    return reply
            except httpx.HTTPError as exc:
                if watchdog.expired:
                    raise _DeadlineExceeded from exc
                raise

    def _read_reply(self, url: str, response: httpx.Response, content_types: tuple[str, ...] | None,
                    limit: int) -> _Reply:
        reply = _Reply(url, response.status_code, response.headers)
        if response.status_code != 200:
            return reply
        kind = media_type(response.headers.get("content-type"))
        if content_types is not None:
            if kind not in content_types and kind not in UNSURE_TYPES:
                reply.error = f"unsupported content type {kind or '(none)'}"
                return reply
            if declared_length(response.headers) > limit:
                reply.error = "body over max_bytes"
                return reply
        body, over = read_capped(response, limit)
        if over and content_types is not None:
            reply.error = "body over max_bytes"
            return reply
        if content_types is not None and kind not in content_types and (
                sniffed_type(body) not in content_types):
            reply.error = f"unsupported content type {kind or '(none)'}"
            return reply
        reply.body = body
        return reply

    # saving

    def _save(self, record: FetchRecord, reply: _Reply) -> FetchRecord:
        """Cache by content hash, a readable copy and its sidecar; the adapter names the layout."""
        body = reply.body or b""
        kind = record.content_type or "application/octet-stream"
        sha256 = hashlib.sha256(body).hexdigest()
        record.sha256, record.bytes = sha256, len(body)
        record.etag = reply.headers.get("etag")
        record.last_modified = reply.headers.get("last-modified")
        if self.adapter is not None:
            try:
                record.adapter = self.adapter(record.final_url or record.url, body, kind)
            except Exception as exc:  # saved anyway: the bytes cost a request; retried next run
                record.error = f"adapter failed: {type(exc).__name__}: {exc}"
        name = readable_name(record.url)
        saved = f"{name}{extensions().get(kind, '.bin')}"
        out = self.config.out_dir
        try:
            cached = cache_path(out, sha256)
            if not cached.is_file():
                write_atomic(cached, body)
            write_atomic(out / saved, body)
            sidecar = {"url": record.url, "final_url": record.final_url, "fetched_at": record.fetched_at,
                       "content_type": kind,
                       "served_content_type": media_type(reply.headers.get("content-type")),
                       "header_charset": header_charset(reply.headers.get("content-type")),
                       "meta_charset": meta_charset(body) if "html" in kind else None,
                       "sha256": sha256, "adapter": record.adapter}
            write_atomic(out / f"{name}.meta.json",
                               (json.dumps(sidecar, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        except OSError as exc:
            record.error = f"could not save: {exc}"
            return record
        record.saved_path = saved
        return record


def declared_length(headers: httpx.Headers) -> int:
    """Content-Length as an int; 0 when absent or garbled (the streamed count still applies)."""
    try:
        return int(headers.get("content-length", "0"))
    except ValueError:
        return 0


def read_capped(response: httpx.Response, limit: int) -> tuple[bytes, bool]:
    """Read at most `limit` bytes; True when the body had more (then the rest is never read)."""
    chunks: list[bytes] = []
    total = 0
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > limit:
            chunks.append(chunk[: len(chunk) - (total - limit)])
            return b"".join(chunks), True
        chunks.append(chunk)
    return b"".join(chunks), False


def conditional_headers(previous: FetchRecord) -> dict[str, str]:
    """Revalidate a saved copy: the server answers 304 instead of the body when nothing changed."""
    headers = {}
    if previous.etag:
        headers["If-None-Match"] = previous.etag
    if previous.last_modified:
        headers["If-Modified-Since"] = previous.last_modified
    return headers


def unchanged_record(previous: FetchRecord, record: FetchRecord, reply: _Reply) -> FetchRecord:
    """A 304 keeps the saved copy, hash and adapter; the validators are refreshed when re-sent."""
    return previous.model_copy(update={
        "status": 304, "fetched_at": record.fetched_at, "final_url": record.final_url, "error": None,
        "from_cache": False, "etag": reply.headers.get("etag") or previous.etag,
        "last_modified": reply.headers.get("last-modified") or previous.last_modified})
