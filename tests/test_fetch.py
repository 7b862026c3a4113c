"""The fetcher against a real HTTP server on 127.0.0.1: robots.txt, pacing, retries, redirects,
size and type limits, raw bytes with both charset claims, the cache, the manifest and resume.

No other address is ever contacted: `no_foreign_hosts` refuses every name lookup but 127.0.0.1
(and records the attempt), proxies from the environment are dropped, and http://example.invalid
appears only as a redirect target that must be refused before any connection.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from plan_extract.fetch.client import (
    MANIFEST_NAME,
    FetchConfig,
    FetchRecord,
    backoff_delay,
    cache_path,
    fetch_all,
    header_charset,
    meta_charset,
    readable_name,
    retry_after_seconds,
    site_hosts,
    site_origins,
    sniffed_type,
)

HTML_DIR = Path(__file__).parent / "fixtures" / "corpus-extra" / "html"
SRC_DIR = Path(__file__).resolve().parent.parent / "src"
RAW_DIR = Path(__file__).resolve().parent.parent / "corpus" / "raw"
PDF_BYTES = (RAW_DIR / "nb_qd_808.pdf").read_bytes()
DOCX_BYTES = (RAW_DIR / "ld_qd_dieu_le_hiep_hoi.docx").read_bytes()
DRIP_SECONDS = 0.2  # under every test's `timeout`: only the deadline can end a drip
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
VIETNAMESE_PAGE = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Kế hoạch</title></head>'
                   "<body><p>Kế hoạch thực hiện Quyết định số 161/QĐ-TTg về Cộng đồng Văn hóa - Xã hội "
                   "ASEAN đến năm 2025</p></body></html>").encode()
PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


# --- the server -----------------------------------------------------------------------------

class ServerState:
    """What the server saw, per path: counts, arrival times, request headers."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.counts: Counter[str] = Counter()
        self.arrivals: list[tuple[str, float]] = []
        self.headers: dict[str, list[dict[str, str]]] = {}
        self.release = threading.Event()  # lets /slow and /hang end at teardown
        self.hang_started = threading.Event()
        self.robots_status = 200
        self.robots_drip = False
        self.other_port = 0  # where /otherport redirects

    def note(self, path: str, headers: dict[str, str]) -> int:
        with self.lock:
            self.counts[path] += 1
            self.arrivals.append((path, time.monotonic()))
            self.headers.setdefault(path, []).append(headers)
            return self.counts[path]

    def times(self, path: str) -> list[float]:
        with self.lock:
            return [t for p, t in self.arrivals if p == path]


class Handler(BaseHTTPRequestHandler):
    server: CorpusServer

    def log_message(self, format, *args) -> None:  # quiet test output
        pass

    def send(self, status: int, body: bytes = b"", content_type: str = "text/plain; charset=utf-8",
             headers: dict[str, str] | None = None, length: bool = True) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send(status, headers={"Location": location})

    def drip(self, data: bytes) -> None:
        """A byte every DRIP_SECONDS until done, the client hangs up or the test ends."""
        for i in range(len(data)):
            self.wfile.write(data[i:i + 1])
            self.wfile.flush()
            if self.server.state.release.wait(DRIP_SECONDS):
                return

    def drip_headers(self) -> None:
        self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n")
        self.drip(b"X-Drip: " + b"a" * 60 + b"\r\n\r\nnever")

    def drip_body(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", "70")
        self.end_headers()
        self.drip(b"b" * 70)

    def do_GET(self) -> None:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
            self.route()

    def route(self) -> None:
        state = self.server.state
        path = self.path
        n = state.note(path, dict(self.headers.items()))
        if path == "/robots.txt" and state.robots_drip:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            self.drip(b"User-agent: *\n" + b"#" * 60)
        elif path == "/robots.txt":
            self.send(state.robots_status, ROBOTS if state.robots_status == 200 else b"")
        elif path == "/drip/headers":
            self.drip_headers()
        elif path == "/drip/body":
            self.drip_body()
        elif path == "/busy":
            self.send(503, b"come back tomorrow", headers={"Retry-After": "100000"})
        elif path == "/busy-until":
            self.send(429, b"come back in 2100", headers={"Retry-After": "Fri, 31 Dec 2100 23:59:59 GMT"})
        elif path == "/hugeheader":
            self.send(200, b"fine", headers={"X-Big": "x" * 10_000_000})
        elif path == "/drop":  # the first request gets no answer at all: a dropped connection
            if n > 1:
                self.send(200, b"back again")
        elif path == "/otherport":
            self.redirect(f"http://127.0.0.1:{state.other_port}/text/elsewhere")
        elif path == "/otherscheme":
            self.redirect(f"https://127.0.0.1:{self.server.server_port}/text/elsewhere")
        elif path == "/pdf-as-html":
            self.send(200, PDF_BYTES, "text/html; charset=utf-8")
        elif path == "/docx-as-html":
            self.send(200, DOCX_BYTES, "text/html")
        elif path == "/attachment":
            self.send(200, PDF_BYTES, "application/octet-stream")
        elif path.startswith("/html/") and (HTML_DIR / path.removeprefix("/html/")).is_file():
            self.send(200, (HTML_DIR / path.removeprefix("/html/")).read_bytes(), "text/html; charset=utf-8")
        elif path.startswith("/text/"):
            self.send(200, f"page {path}\n".encode())
        elif path == "/flaky":
            self.send(500, b"oops") if n == 1 else self.send(200, b"fine now")
        elif path == "/down":
            self.send(503, b"down for maintenance")
        elif path == "/ratelimited":
            if n == 1:
                self.send(429, b"slow down", headers={"Retry-After": "1"})
            else:
                self.send(200, b"thanks for waiting")
        elif path == "/slow":
            state.release.wait(10.0)
            self.send(200, b"too late")
        elif path == "/hang":
            if n == 1:
                state.hang_started.set()
                state.release.wait(10.0)
            self.send(200, b"finally")
        elif path == "/loop":
            self.redirect("/loop2")
        elif path == "/loop2":
            self.redirect("/loop")
        elif path == "/self":
            self.redirect("/self")
        elif path.startswith("/chain/"):
            self.redirect(f"/chain/{int(path.rsplit('/', 1)[1]) + 1}")
        elif path == "/moved":
            self.redirect("/text/target", 301)
        elif path == "/offsite":
            self.redirect("http://example.invalid/x")
        elif path == "/big":
            self.send(200, b"x" * 5000)
        elif path == "/bigstream":  # no Content-Length: only counting the stream can catch it
            self.send(200, b"y" * 5000, length=False)
        elif path == "/wrongcharset":
            self.send(200, VIETNAMESE_PAGE, "text/html; charset=iso-8859-1")
        elif path == "/data.bin":
            self.send(200, b"\x00\x01\x02", "application/octet-stream")
        elif path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send(304, headers={"ETag": '"v1"'}, length=False)
            else:
                self.send(200, b"versioned", headers={"ETag": '"v1"',
                                                      "Last-Modified": "Mon, 01 Jan 2024 00:00:00 GMT"})
        elif path.startswith("/private/"):
            self.send(200, b"secret")
        else:
            self.send(404, b"not here")


class CorpusServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        self.state = ServerState()
        super().__init__(("127.0.0.1", 0), Handler)

    def server_bind(self) -> None:
        """Skip HTTPServer's getfqdn(): no reverse lookup, nothing but 127.0.0.1 is touched."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address) -> None:  # dropped clients are expected
        pass


@pytest.fixture
def server():
    srv = CorpusServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.state.release.set()
        srv.shutdown()
        srv.server_close()
        thread.join(5)


@pytest.fixture(autouse=True)
def no_foreign_hosts(monkeypatch) -> list[str]:
    """Every lookup of a name other than 127.0.0.1 fails (and is recorded): nothing leaves the box."""
    refused: list[str] = []
    real = socket.getaddrinfo

    def guarded(host, *args, **kwargs):
        if host not in ("127.0.0.1", b"127.0.0.1"):
            refused.append(host)
            raise socket.gaierror(f"test guard: lookup of {host!r} refused")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    for var in PROXY_VARS:
        monkeypatch.delenv(var, raising=False)
    return refused


def base(server: CorpusServer) -> str:
    return f"http://127.0.0.1:{server.server_port}"


def config(tmp_path: Path, **overrides) -> FetchConfig:
    """Fast settings: no pacing to speak of, tiny backoff, generous timeout."""
    settings = {"out_dir": tmp_path / "out", "rate": 1000.0, "backoff": 0.01, "timeout": 5.0, "retries": 2}
    settings.update(overrides)
    return FetchConfig(**settings)


def manifest_lines(out_dir: Path) -> list[FetchRecord]:
    lines = (out_dir / MANIFEST_NAME).read_text("utf-8").splitlines()
    return [FetchRecord.model_validate_json(line) for line in lines]


def sidecar_of(out_dir: Path, record: FetchRecord) -> dict:
    return json.loads((out_dir / Path(record.saved_path).with_suffix(".meta.json")).read_text("utf-8"))


# --- successful fetches, cache, sidecar, manifest -------------------------------------------

def test_pages_are_saved_raw_with_cache_sidecar_and_manifest(server, tmp_path):
    names = sorted(p.name for p in HTML_DIR.glob("*.html"))
    urls = [f"{base(server)}/html/{name}" for name in names]
    cfg = config(tmp_path)
    records = fetch_all(urls, cfg)

    assert [r.url for r in records] == urls
    for name, record in zip(names, records, strict=True):
        assert record.error is None and record.status == 200 and not record.from_cache
        served = (HTML_DIR / name).read_bytes()
        saved = (cfg.out_dir / record.saved_path).read_bytes()
        assert saved == served
        assert record.sha256 == hashlib.sha256(saved).hexdigest() and record.bytes == len(served)
        assert cache_path(cfg.out_dir, record.sha256).read_bytes() == served
        assert record.saved_path.endswith(".html") and record.content_type == "text/html"
        assert sidecar_of(cfg.out_dir, record) == {
            "url": record.url, "final_url": record.url, "fetched_at": record.fetched_at,
            "content_type": "text/html", "served_content_type": "text/html", "header_charset": "utf-8",
            "meta_charset": "utf-8", "sha256": record.sha256, "adapter": None}
        datetime.fromisoformat(record.fetched_at)
    assert [r.model_dump() for r in manifest_lines(cfg.out_dir)] == [r.model_dump() for r in records]
    assert server.state.counts["/robots.txt"] == 1
    sent_agent = server.state.headers[f"/html/{names[0]}"][0]["User-Agent"]
    assert sent_agent.startswith("plan-extract/") and "robots.txt" in sent_agent


def test_adapter_names_the_layout_in_record_and_sidecar(server, tmp_path):
    seen = []

    def adapter(url: str, body: bytes, content_type: str) -> str | None:
        seen.append((url, len(body), content_type))
        return "vbpl-old-thuoctinh" if "thuoctinh" in url else None

    url = f"{base(server)}/html/vbpl_old_thuoctinh_bo_luat_101_2015.html"
    other = f"{base(server)}/text/plain"
    cfg = config(tmp_path)
    first, second = fetch_all([url, other], cfg, adapter)
    assert first.adapter == "vbpl-old-thuoctinh" and second.adapter is None
    assert seen[0] == (url, first.bytes, "text/html") and seen[1][2] == "text/plain"
    assert sidecar_of(cfg.out_dir, first)["adapter"] == "vbpl-old-thuoctinh"


def test_a_failing_adapter_is_an_error_record_and_retried_next_run(server, tmp_path):
    def broken(url: str, body: bytes, content_type: str) -> str | None:
        raise RuntimeError("cannot tell")

    url = f"{base(server)}/text/a"
    [record] = fetch_all([url], config(tmp_path), broken)
    assert record.error == "adapter failed: RuntimeError: cannot tell" and record.saved_path
    [again] = fetch_all([url], config(tmp_path))
    assert again.error is None and not again.from_cache and server.state.counts["/text/a"] == 2


def test_duplicates_are_fetched_once_and_order_is_kept(server, tmp_path):
    a, b = f"{base(server)}/text/a", f"{base(server)}/text/b"
    records = fetch_all([a, b, a, f"  {b} "], config(tmp_path))
    assert [r.url for r in records] == [a, b, a, b]
    assert records[0] == records[2] and records[1] == records[3]
    assert server.state.counts["/text/a"] == 1 and server.state.counts["/text/b"] == 1
    assert len(manifest_lines(tmp_path / "out")) == 2


def test_redirect_within_the_host_is_followed(server, tmp_path):
    [record] = fetch_all([f"{base(server)}/moved"], config(tmp_path))
    assert record.status == 200 and record.final_url == f"{base(server)}/text/target"
    assert (tmp_path / "out" / record.saved_path).read_bytes() == b"page /text/target\n"


# --- retries and timeouts -------------------------------------------------------------------

def test_a_500_is_retried(server, tmp_path):
    [record] = fetch_all([f"{base(server)}/flaky"], config(tmp_path))
    assert record.status == 200 and record.error is None
    assert server.state.counts["/flaky"] == 2


def test_retry_after_is_honoured(server, tmp_path):
    waits: list[float] = []
    [record] = fetch_all([f"{base(server)}/ratelimited"], config(tmp_path, sleep=waits.append))
    assert record.status == 200 and server.state.counts["/ratelimited"] == 2
    assert 1.0 in waits  # the server's Retry-After: 1, not the 0.01 s backoff


def test_retries_give_up_with_the_last_status(server, tmp_path):
    [record] = fetch_all([f"{base(server)}/down"], config(tmp_path, retries=1))
    assert record.status == 503 and record.error == "HTTP 503 after 2 attempts"
    assert server.state.counts["/down"] == 2
    assert record.saved_path is None


def test_a_slow_server_times_out_into_an_error_record(server, tmp_path):
    started = time.monotonic()
    [record] = fetch_all([f"{base(server)}/slow"], config(tmp_path, timeout=0.3, retries=1))
    assert record.error == "timeout (ReadTimeout) after 2 attempts" and record.status is None
    assert server.state.counts["/slow"] == 2 and time.monotonic() - started < 8  # /slow waits 10 s


# --- a total deadline per request, a Retry-After past the cap, malformed responses ----------

DEADLINE = 0.5
BUDGET = 6.0  # hang detection only: each drip (70-odd bytes at DRIP_SECONDS) lasts over 14 s


@pytest.mark.parametrize("path", ["/drip/headers", "/drip/body"])
def test_a_dripping_server_is_cut_off_at_the_deadline(server, tmp_path, path):
    started = time.monotonic()
    [record] = fetch_all([f"{base(server)}{path}"], config(tmp_path, deadline=DEADLINE, timeout=5.0))
    assert time.monotonic() - started < BUDGET
    assert record.error == ("deadline exceeded: the request took over 0.5 s (the server sends too "
                            "slowly); not retried")
    assert server.state.counts[path] == 1 and record.saved_path is None


def test_a_dripping_robots_txt_is_cut_off_once_for_the_site(server, tmp_path):
    server.state.robots_drip = True
    started = time.monotonic()
    records = fetch_all([f"{base(server)}/text/a", f"{base(server)}/text/b"],
                        config(tmp_path, deadline=DEADLINE, timeout=5.0))
    assert time.monotonic() - started < BUDGET
    assert all(r.error.startswith("robots.txt unreachable (deadline exceeded") for r in records)
    assert server.state.counts["/robots.txt"] == 1 and server.state.counts["/text/a"] == 0


def test_the_deadline_leaves_a_prompt_server_alone(server, tmp_path):
    """A deadline is not a cap on the run: later requests, each within it, all succeed."""
    records = fetch_all([f"{base(server)}/text/{n}" for n in range(4)], config(tmp_path, deadline=2.0))
    assert all(r.status == 200 and r.error is None for r in records)


@pytest.mark.parametrize("path", ["/busy", "/busy-until"])
def test_a_retry_after_longer_than_the_cap_gives_up_at_once(server, tmp_path, path):
    waits: list[float] = []
    [record] = fetch_all([f"{base(server)}{path}"], config(tmp_path, retries=4, sleep=waits.append))
    assert server.state.counts[path] == 1 and max(waits, default=0.0) < 1.0  # no waiting
    status = 503 if path == "/busy" else 429
    assert record.status == status
    assert record.error.startswith(f"HTTP {status}: the server asks to retry after ")
    assert record.error.endswith("longer than max_wait 60 s; not retried")


def test_a_huge_header_is_one_clear_error_not_retried(server, tmp_path):
    [record] = fetch_all([f"{base(server)}/hugeheader"], config(tmp_path, retries=2))
    assert record.error == "malformed response: headers too large"
    assert server.state.counts["/hugeheader"] == 1


def test_a_dropped_connection_is_still_retried(server, tmp_path):
    [record] = fetch_all([f"{base(server)}/drop"], config(tmp_path, retries=2))
    assert record.status == 200 and record.error is None and server.state.counts["/drop"] == 2


def test_retry_after_and_backoff_helpers():
    now = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Mon, 01 Jan 2024 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("Mon, 01 Jan 2024 11:00:00 GMT", now) == 0.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
    cfg = FetchConfig(out_dir=Path("unused"), backoff=1.0, max_wait=60.0)
    assert [backoff_delay(cfg, n) for n in range(8)] == [1, 2, 4, 8, 16, 32, 60, 60]


# --- redirects that must not be followed ----------------------------------------------------

@pytest.mark.parametrize("path", ["/loop", "/self"])
def test_redirect_loops_are_detected(server, tmp_path, path):
    [record] = fetch_all([f"{base(server)}{path}"], config(tmp_path))
    assert record.error == "redirect loop" and record.status == 302
    assert sum(server.state.counts[p] for p in ("/loop", "/loop2", "/self")) <= 2


def test_redirect_chains_stop_after_ten_hops(server, tmp_path):
    [record] = fetch_all([f"{base(server)}/chain/0"], config(tmp_path))
    assert record.error == "more than 10 redirects"
    assert sum(n for p, n in server.state.counts.items() if p.startswith("/chain/")) == 11


def test_offsite_redirect_is_refused_before_any_lookup(server, tmp_path, no_foreign_hosts):
    [record] = fetch_all([f"{base(server)}/offsite"], config(tmp_path))
    assert record.error == "redirect to disallowed host example.invalid"
    assert record.final_url == f"{base(server)}/offsite"
    assert no_foreign_hosts == []  # never even resolved


@pytest.fixture
def other_server():
    srv = CorpusServer()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.state.release.set()
        srv.shutdown()
        srv.server_close()
        thread.join(5)


def test_a_redirect_to_another_port_of_the_host_is_another_origin(server, other_server, tmp_path):
    server.state.other_port = other_server.server_port
    [record] = fetch_all([f"{base(server)}/otherport"], config(tmp_path))
    assert record.error == (f"redirect to another origin http://127.0.0.1:{other_server.server_port} "
                            f"(from http://127.0.0.1:{server.server_port}; another scheme or port is "
                            "another site)")
    assert sum(other_server.state.counts.values()) == 0  # not even its robots.txt


def test_a_redirect_to_another_scheme_of_the_host_is_another_origin(server, tmp_path):
    [record] = fetch_all([f"{base(server)}/otherscheme"], config(tmp_path))
    assert record.error.startswith(f"redirect to another origin https://127.0.0.1:{server.server_port} ")
    assert server.state.counts["/text/elsewhere"] == 0


def test_site_origins_compare_scheme_host_and_port():
    hosts = site_hosts({"vbpl.vn", "127.0.0.1"})
    origins = site_origins(["http://vbpl.vn/a", "https://127.0.0.1:8443/x"], hosts)
    # the URL's own origin, its www. twin, and the https upgrade of plain http on port 80
    assert {("http", "vbpl.vn", 80), ("http", "www.vbpl.vn", 80), ("https", "vbpl.vn", 443),
            ("https", "www.vbpl.vn", 443), ("https", "127.0.0.1", 8443)} <= origins
    for other in [("http", "vbpl.vn", 8080), ("https", "vbpl.vn", 8443), ("http", "127.0.0.1", 8443),
                  ("https", "127.0.0.1", 443), ("http", "127.0.0.1", 80)]:
        assert other not in origins, other
    assert ("http", "x.vn", 80) not in site_origins(["https://x.vn/"], site_hosts({"x.vn"}))  # no downgrade
    named = site_origins([], site_hosts({"vbpl.vn"}), by_name=True)
    assert ("https", "www.vbpl.vn", 443) in named and ("http", "vbpl.vn", 8080) not in named


def test_hosts_outside_allowed_hosts_are_not_requested(server, tmp_path, no_foreign_hosts):
    records = fetch_all([f"{base(server)}/text/a", "ftp://127.0.0.1/x"],
                        config(tmp_path, allowed_hosts={"vbpl.vn"}))
    assert [r.error for r in records] == ["disallowed host 127.0.0.1", "unsupported URL 'ftp://127.0.0.1/x'"]
    assert sum(server.state.counts.values()) == 0 and no_foreign_hosts == []


# --- limits: size, type, robots.txt ---------------------------------------------------------

@pytest.mark.parametrize("path", ["/big", "/bigstream"])
def test_bodies_over_max_bytes_are_refused(server, tmp_path, path):
    cfg = config(tmp_path, max_bytes=1000)
    [record] = fetch_all([f"{base(server)}{path}"], cfg)
    assert record.error == "body over max_bytes" and record.status == 200 and record.saved_path is None
    assert not (cfg.out_dir / ".cache").exists()


def test_unsupported_content_type_is_an_error_record(server, tmp_path):
    [record] = fetch_all([f"{base(server)}/data.bin"], config(tmp_path))
    assert record.error == "unsupported content type application/octet-stream"
    assert record.content_type == "application/octet-stream" and record.saved_path is None


@pytest.mark.parametrize(("path", "suffix", "served", "kind", "data"), [
    ("/pdf-as-html", ".pdf", "text/html", "application/pdf", PDF_BYTES),
    ("/docx-as-html", ".docx", "text/html",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document", DOCX_BYTES),
    ("/attachment", ".pdf", "application/octet-stream", "application/pdf", PDF_BYTES),
])
def test_a_body_is_named_by_what_its_bytes_are(server, tmp_path, path, suffix, served, kind, data):
    cfg = config(tmp_path)
    [record] = fetch_all([f"{base(server)}{path}"], cfg)
    assert record.error is None and record.saved_path.endswith(suffix) and record.content_type == kind
    assert (cfg.out_dir / record.saved_path).read_bytes() == data
    sidecar = sidecar_of(cfg.out_dir, record)
    assert (sidecar["content_type"], sidecar["served_content_type"], sidecar["meta_charset"]) == (
        kind, served, None)


def test_sniffing_knows_pdf_and_docx_only():
    assert sniffed_type(PDF_BYTES) == "application/pdf"
    assert sniffed_type(b"\r\n  %PDF-1.7\n") == "application/pdf"
    assert sniffed_type(DOCX_BYTES).endswith("wordprocessingml.document")
    assert sniffed_type(b"PK\x03\x04 broken zip") is None
    assert sniffed_type(VIETNAMESE_PAGE) is None and sniffed_type(b"") is None


def test_a_wrong_charset_header_is_recorded_beside_the_meta_and_bytes_kept(server, tmp_path):
    cfg = config(tmp_path)
    [record] = fetch_all([f"{base(server)}/wrongcharset"], cfg)
    assert (cfg.out_dir / record.saved_path).read_bytes() == VIETNAMESE_PAGE
    sidecar = sidecar_of(cfg.out_dir, record)
    assert sidecar["header_charset"] == "iso-8859-1" and sidecar["meta_charset"] == "utf-8"


def test_robots_disallowed_urls_are_never_requested(server, tmp_path):
    records = fetch_all([f"{base(server)}/private/x", f"{base(server)}/text/ok"], config(tmp_path))
    assert records[0].error == "disallowed by robots.txt" and records[0].status is None
    assert records[1].status == 200
    assert server.state.counts["/private/x"] == 0 and server.state.counts["/robots.txt"] == 1


def test_a_missing_robots_txt_allows_everything(server, tmp_path):
    server.state.robots_status = 404
    [record] = fetch_all([f"{base(server)}/private/x"], config(tmp_path))
    assert record.status == 200 and server.state.counts["/private/x"] == 1


def test_an_unreachable_robots_txt_disallows_the_site_for_this_run(server, tmp_path):
    server.state.robots_status = 503
    records = fetch_all([f"{base(server)}/text/a", f"{base(server)}/text/b"], config(tmp_path, retries=1))
    assert all(r.error == "robots.txt unreachable (HTTP 503 after 2 attempts)" for r in records)
    assert server.state.counts["/robots.txt"] == 2 and server.state.counts["/text/a"] == 0


# --- politeness: pacing -----------------------------------------------------------------------

def test_requests_to_one_host_are_spaced_by_the_rate(server, tmp_path):
    """Arrival times at the server carry each request's own latency, which a loaded machine
    stretches unevenly: so each gap need only reach half the interval (unpaced, they are
    milliseconds), and the whole run three quarters of the three intervals."""
    urls = [f"{base(server)}/text/{n}" for n in range(3)]
    records = fetch_all(urls, config(tmp_path, rate=5.0))
    assert all(r.status == 200 for r in records)
    times = [server.state.times(p)[0] for p in ("/robots.txt", "/text/0", "/text/1", "/text/2")]
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert all(gap >= 0.5 * 0.2 for gap in gaps), gaps
    assert times[-1] - times[0] >= 0.75 * 3 * 0.2, gaps


def test_the_pacer_waits_out_the_interval_on_its_own_clock(server, tmp_path):
    """The same spacing without any real time: a fake clock that only sleep() moves."""
    now = [1000.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    urls = [f"{base(server)}/text/{n}" for n in range(3)]
    records = fetch_all(urls, config(tmp_path, rate=2.0, sleep=sleep, clock=lambda: now[0]))
    assert all(r.status == 200 for r in records)
    assert waits == [0.5, 0.5, 0.5]  # robots.txt, then each page, half a second apart


# --- resume and refresh -----------------------------------------------------------------------

def test_a_second_run_requests_nothing_and_returns_cached_records(server, tmp_path):
    urls = [f"{base(server)}/text/a", f"{base(server)}/html/ninhbinh_news_thong_tin_quy_hoach_5.html",
            f"{base(server)}/private/x"]
    cfg = config(tmp_path)
    first = fetch_all(urls, cfg)
    seen = sum(server.state.counts.values())
    second = fetch_all(urls[:2], cfg)
    assert sum(server.state.counts.values()) == seen  # not even robots.txt
    assert all(r.from_cache for r in second)
    assert [r.model_copy(update={"from_cache": False}) for r in second] == first[:2]
    assert len(manifest_lines(cfg.out_dir)) == 3  # cache hits are not fetches: no new lines


def test_errors_are_retried_on_the_next_run(server, tmp_path):
    url = f"{base(server)}/flaky"
    [failed] = fetch_all([url], config(tmp_path, retries=0))
    [fixed] = fetch_all([url], config(tmp_path, retries=0))
    assert failed.error == "HTTP 500 after 1 attempt" and fixed.status == 200 and not fixed.from_cache


def test_a_missing_saved_file_is_fetched_again(server, tmp_path):
    cfg = config(tmp_path)
    [record] = fetch_all([f"{base(server)}/text/a"], cfg)
    (cfg.out_dir / record.saved_path).unlink()
    [again] = fetch_all([f"{base(server)}/text/a"], cfg)
    assert not again.from_cache and (cfg.out_dir / again.saved_path).is_file()


def test_refresh_revalidates_and_304_keeps_the_saved_copy(server, tmp_path):
    url = f"{base(server)}/etag"
    cfg = config(tmp_path)
    [first] = fetch_all([url], cfg)
    assert first.etag == '"v1"' and first.last_modified == "Mon, 01 Jan 2024 00:00:00 GMT"
    [second] = fetch_all([url], config(tmp_path, refresh=True))
    assert second.status == 304 and not second.from_cache and second.error is None
    assert (second.saved_path, second.sha256, second.etag) == (first.saved_path, first.sha256, '"v1"')
    sent = server.state.headers["/etag"][1]
    assert sent["If-None-Match"] == '"v1"' and sent["If-Modified-Since"] == first.last_modified
    assert (cfg.out_dir / second.saved_path).read_bytes() == b"versioned"
    [third] = fetch_all([url], cfg)  # a 304 record is a saved copy too
    assert third.from_cache and server.state.counts["/etag"] == 2


def test_a_torn_manifest_line_is_dropped_and_the_manifest_stays_valid(server, tmp_path):
    cfg = config(tmp_path)
    [record] = fetch_all([f"{base(server)}/text/a"], cfg)
    with (cfg.out_dir / MANIFEST_NAME).open("a", encoding="utf-8") as fh:
        fh.write('{"url": "http://127.0.0.1/tor')
    records = fetch_all([f"{base(server)}/text/a", f"{base(server)}/text/b"], cfg)
    assert records[0].from_cache and records[1].status == 200
    assert [r.url for r in manifest_lines(cfg.out_dir)] == [record.url, f"{base(server)}/text/b"]


CHILD = """
import json, socket, sys
from pathlib import Path
real = socket.getaddrinfo
def guarded(host, *args, **kwargs):
    if host not in ("127.0.0.1", b"127.0.0.1"):
        raise socket.gaierror("test guard")
    return real(host, *args, **kwargs)
socket.getaddrinfo = guarded
from plan_extract.fetch.client import FetchConfig, fetch_all
fetch_all(json.loads(sys.argv[1]), FetchConfig(out_dir=Path(sys.argv[2]), rate=1000, timeout=30, retries=0))
"""


def test_a_killed_run_leaves_a_valid_manifest_and_the_next_run_finishes_it(server, tmp_path):
    urls = [f"{base(server)}/text/a", f"{base(server)}/text/b", f"{base(server)}/hang",
            f"{base(server)}/text/c"]
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARS}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC_DIR), env.get("PYTHONPATH")]))
    child = subprocess.Popen([sys.executable, "-c", CHILD, json.dumps(urls), str(out)], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        assert server.state.hang_started.wait(10), child.stderr.read1().decode() if child.poll() else ""
    finally:
        child.terminate()
        child.wait(10)
    server.state.release.set()
    assert child.returncode != 0
    assert [r.url for r in manifest_lines(out)] == urls[:2]  # flushed before the kill

    records = fetch_all(urls, config(tmp_path))
    assert [r.from_cache for r in records] == [True, True, False, False]
    assert all(r.status == 200 and r.error is None for r in records)
    counts = server.state.counts
    assert (counts["/text/a"], counts["/text/b"], counts["/hang"], counts["/text/c"]) == (1, 1, 2, 1)
    assert sorted(r.url for r in manifest_lines(out)) == sorted(urls)


# --- naming and charset helpers -------------------------------------------------------------

def test_readable_names_are_safe_and_unique():
    a = readable_name("https://vbpl.vn/TW/Pages/vbpq-thuoctinh.aspx?ItemID=96122")
    b = readable_name("https://vbpl.vn/TW/Pages/vbpq-thuoctinh.aspx?ItemID=96123")
    assert a.startswith("vbpl.vn_TW_Pages_vbpq-thuoctinh_ItemID_96122-") and a != b
    odd = readable_name("http://x.vn/../../etc/passwd?q=Kế hoạch")
    assert "/" not in odd and not odd.startswith(".")
    assert len(readable_name("http://x.vn/" + "a" * 500)) <= 109


def test_charset_claims_are_read_from_header_and_head():
    assert header_charset('text/html; charset="ISO-8859-1"') == "iso-8859-1"
    assert header_charset("text/html") is None and header_charset(None) is None
    assert meta_charset(b'<html><head><meta http-equiv="Content-Type" '
                        b'content="text/html; charset=windows-1258"></head>') == "windows-1258"
    assert meta_charset(b"<html><head></head><body><meta charset='utf-8'></body>") is None
    assert meta_charset((HTML_DIR / "vbpl_new_qd_47_2025_ttg.html").read_bytes()) == "utf-8"


def test_fetch_command_then_extract_reads_the_fetched_folder(server, tmp_path):
    """The researcher's path: `plan-extract fetch` into a folder, `extract` that folder."""
    from typer.testing import CliRunner

    from plan_extract.cli import app

    runner = CliRunner()
    out = tmp_path / "fetched"
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# saved pages\n{base(server)}/html/vbpl_old_thuoctinh_bo_luat_101_2015.html\n"
                    f"{base(server)}/html/ninhbinh_news_thong_tin_quy_hoach_5.html\n", "utf-8")
    result = runner.invoke(app, ["fetch", "--from", str(urls), "-o", str(out), "--rate", "50/s"])
    assert result.exit_code == 0, result.output
    done = runner.invoke(app, ["extract", str(out), "-o", str(tmp_path / "json"), "--quiet"])
    assert done.exit_code == 0, done.output
    docs = [json.loads(p.read_text("utf-8")) for p in (tmp_path / "json").glob("*.json")
            if p.name != "manifest.json"]
    by_adapter = {d["source"]["adapter"]: d for d in docs}
    assert set(by_adapter) == {"vbpl-old-thuoctinh", "portal-news"}
    law = by_adapter["vbpl-old-thuoctinh"]
    assert law["metadata"]["doc_number"] == "101/2015/QH13"
    assert law["source"]["url"].endswith("vbpl_old_thuoctinh_bo_luat_101_2015.html")
    assert by_adapter["portal-news"]["metadata"]["published_date"] == "2024-10-31"


def test_a_zero_deadline_is_one_line_not_a_traceback(tmp_path):
    from typer.testing import CliRunner

    from plan_extract.cli import app

    result = CliRunner().invoke(app, ["fetch", "http://127.0.0.1:9/x", "-o", str(tmp_path / "o"),
                                      "--deadline", "0"])
    assert result.exit_code == 2 and "deadline must be > 0" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_rate_option_parses_per_second_and_per_minute():
    from plan_extract.cli import parse_rate

    assert parse_rate("1/s") == 1.0
    assert parse_rate("30/min") == 0.5
    assert parse_rate("2") == 2.0


def test_www_and_bare_host_are_one_site():
    """A portal that redirects thuvienphapluat.vn to www.thuvienphapluat.vn stays allowed;
    other subdomains do not."""
    hosts = site_hosts({"ThuVienPhapLuat.vn", "www.vbpl.vn"})
    assert {"thuvienphapluat.vn", "www.thuvienphapluat.vn", "vbpl.vn", "www.vbpl.vn"} <= hosts
    assert "m.thuvienphapluat.vn" not in hosts and "www.www.vbpl.vn" not in hosts
