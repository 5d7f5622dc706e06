"""Fetcher tests. respx mocks HTTP for logic tests (no packet leaves the process); a real http.server on
127.0.0.1 (allow_private=True) covers streaming, size caps, gzip bombs and slow servers."""

import gzip
import http.server
import threading
import time
import zlib

import httpx
import pytest
import respx

from pantau.ingest.fetch import (
    USER_AGENT,
    FetchConnectionError,
    FetchContentTypeRefused,
    FetchDecodingError,
    Fetcher,
    FetchRefused,
    FetchRobotsDisallowed,
    FetchSettings,
    FetchTimeout,
    FetchTooLarge,
    FetchTooManyRedirects,
    _parse_retry_after,
    _PinnedBackend,
    forbidden_reason,
)

PUBLIC_IP = "93.184.215.14"  # never contacted: respx answers, or the request is refused before connecting


class FakeClock:
    def __init__(self):
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(round(seconds, 3))
        self.now += seconds


def public_resolver(host, port):
    return [PUBLIC_IP]


def make(settings=None, resolver=public_resolver, **kw):
    clock = FakeClock()
    settings = settings or FetchSettings(respect_robots=False)
    f = Fetcher(settings, resolver=resolver, clock=clock, sleep=clock.sleep, rand=lambda: 1.0, **kw)
    return f, clock


# ------------------------------------------------------------------------------------------------ SSRF


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/",
        "http://127.0.0.1/",
        "http://127.1/",
        "http://2130706433/",
        "http://0x7f.0.0.1/",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:10.0.0.1]/",
        "http://[fd00:ec2::254]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://192.168.1.1:8080/admin",
        "http://224.0.0.1/",
        "http://metadata.google.internal/computeMetadata/v1/",
        "http://localhost:8000/",
        "file:///etc/passwd",
        "gopher://example.id/",
        "http://user:pass@example.id/",
    ],
)
def test_refuses_forbidden_targets(url):
    f, _ = make()
    with respx.mock(assert_all_called=False) as mock:
        route = mock.route().mock(return_value=httpx.Response(200))
        with pytest.raises(FetchRefused):
            f.fetch(url)
        assert not route.called


def test_refuses_hostname_resolving_to_private_ip():
    f, _ = make(resolver=lambda host, port: ["10.20.30.40"])
    with pytest.raises(FetchRefused, match="jaringan privat"):
        f.fetch("https://berita-jambi.example.id/")


def test_refuses_when_any_resolved_address_is_private():
    f, _ = make(resolver=lambda host, port: [PUBLIC_IP, "127.0.0.1"])
    with pytest.raises(FetchRefused, match="loopback"):
        f.fetch("https://roundrobin.example.id/")


def test_redirect_to_private_address_is_refused():
    f, _ = make()
    with respx.mock:
        respx.get("https://berita.example.id/a").mock(
            return_value=httpx.Response(302, headers={"Location": "http://10.0.0.1/internal"})
        )
        with pytest.raises(FetchRefused, match="10.0.0.1"):
            f.fetch("https://berita.example.id/a")


def test_redirect_to_metadata_hostname_is_refused():
    f, _ = make()
    with respx.mock:
        respx.get("https://berita.example.id/a").mock(
            return_value=httpx.Response(301, headers={"Location": "http://metadata.google.internal/"})
        )
        with pytest.raises(FetchRefused, match="metadata"):
            f.fetch("https://berita.example.id/a")


def test_metadata_refused_even_with_allow_private():
    assert forbidden_reason("169.254.169.254", allow_private=True)
    assert forbidden_reason("fd00:ec2::254", allow_private=True)
    assert forbidden_reason("127.0.0.1", allow_private=True) is None
    assert forbidden_reason("::ffff:169.254.169.254", allow_private=True)
    assert forbidden_reason("64:ff9b::a00:1")  # NAT64 form of 10.0.0.1
    assert forbidden_reason("2002:a00:1::1")  # 6to4 form of 10.0.0.1
    assert forbidden_reason("8.8.8.8") is None
    assert forbidden_reason("2001:4860:4860::8888") is None


def test_backend_rechecks_unpinned_connections():
    f, _ = make(resolver=lambda host, port: ["10.0.0.5"])
    with pytest.raises(FetchRefused):
        _PinnedBackend(f).connect_tcp("rebind.example.id", 80)


def test_redirects_followed_and_recorded():
    f, _ = make()
    with respx.mock:
        respx.get("http://berita.example.id/lama").mock(
            return_value=httpx.Response(301, headers={"Location": "https://berita.example.id/baru"})
        )
        respx.get("https://berita.example.id/baru").mock(
            return_value=httpx.Response(302, headers={"Location": "/final?id=1"})
        )
        respx.get("https://berita.example.id/final?id=1").mock(
            return_value=httpx.Response(200, text="<p>ok</p>", headers={"Content-Type": "text/html"})
        )
        res = f.fetch("http://berita.example.id/lama")
    assert res.status == 200 and res.body == b"<p>ok</p>"
    assert res.url == "http://berita.example.id/lama"
    assert res.final_url == "https://berita.example.id/final?id=1"
    assert [(h.url, h.status) for h in res.redirect_chain] == [
        ("http://berita.example.id/lama", 301),
        ("https://berita.example.id/baru", 302),
    ]
    assert res.resolved_ip == PUBLIC_IP


def test_too_many_redirects():
    f, _ = make(FetchSettings(respect_robots=False, max_redirects=3))
    with respx.mock:
        for i in range(10):
            respx.get(f"https://a.example.id/{i}").mock(
                return_value=httpx.Response(302, headers={"Location": f"/{i + 1}"})
            )
        with pytest.raises(FetchTooManyRedirects):
            f.fetch("https://a.example.id/0")


def test_redirect_loop():
    f, _ = make()
    with respx.mock:
        respx.get("https://a.example.id/x").mock(return_value=httpx.Response(302, headers={"Location": "/y"}))
        respx.get("https://a.example.id/y").mock(return_value=httpx.Response(302, headers={"Location": "/x"}))
        with pytest.raises(FetchTooManyRedirects, match="berputar"):
            f.fetch("https://a.example.id/x")


# ------------------------------------------------------------------------------------------------ content


def test_request_headers_and_result_fields():
    f, _ = make()
    with respx.mock:
        route = respx.get("https://a.example.id/").mock(
            return_value=httpx.Response(
                200, text="halo", headers={"Content-Type": "text/plain; charset=utf-8"}
            )
        )
        res = f.fetch("https://a.example.id/")
    sent = route.calls.last.request
    assert sent.headers["user-agent"] == USER_AGENT == "PantauBot/0.1 (+Bawaslu)"
    assert sent.headers["accept-encoding"] == "gzip, deflate"
    assert ("User-Agent", USER_AGENT) in res.request_headers
    assert res.fetched_at.tzinfo is not None
    assert res.content_type == "text/plain; charset=utf-8"
    import hashlib

    assert res.sha256 == hashlib.sha256(b"halo").hexdigest()


@pytest.mark.parametrize("ctype", ["image/png", "application/pdf", "application/octet-stream", "video/mp4"])
def test_content_type_refused(ctype):
    f, _ = make()
    with respx.mock:
        respx.get("https://a.example.id/f").mock(
            return_value=httpx.Response(200, content=b"x", headers={"Content-Type": ctype})
        )
        with pytest.raises(FetchContentTypeRefused, match="tidak diizinkan"):
            f.fetch("https://a.example.id/f")


def test_declared_length_over_cap_is_refused_before_reading():
    f, _ = make(FetchSettings(respect_robots=False, max_bytes=1000))
    with respx.mock:
        respx.get("https://a.example.id/big").mock(
            return_value=httpx.Response(200, content=b"x" * 5000, headers={"Content-Type": "text/html"})
        )
        with pytest.raises(FetchTooLarge):
            f.fetch("https://a.example.id/big")


def test_gzip_body_is_decoded_and_raw_kept():
    payload = b"<p>Serangan fajar</p>" * 100
    gz = gzip.compress(payload)
    f, _ = make()
    with respx.mock:
        respx.get("https://a.example.id/gz").mock(
            return_value=httpx.Response(
                200, content=gz, headers={"Content-Type": "text/html", "Content-Encoding": "gzip"}
            )
        )
        res = f.fetch("https://a.example.id/gz")
    assert res.body == payload and res.raw_body == gz and res.content_encoding == "gzip"


def test_raw_deflate_and_unknown_encoding():
    payload = b"<p>ok</p>"
    raw = zlib.compressobj(wbits=-15)
    raw_deflate = raw.compress(payload) + raw.flush()
    f, _ = make()
    with respx.mock:
        respx.get("https://a.example.id/d").mock(
            return_value=httpx.Response(
                200, content=raw_deflate, headers={"Content-Type": "text/html", "Content-Encoding": "deflate"}
            )
        )
        respx.get("https://a.example.id/br").mock(
            return_value=httpx.Response(
                200, content=b"xx", headers={"Content-Type": "text/html", "Content-Encoding": "br"}
            )
        )
        assert f.fetch("https://a.example.id/d").body == payload
        with pytest.raises(FetchDecodingError):
            f.fetch("https://a.example.id/br")


def test_conditional_request_304():
    f, _ = make()
    with respx.mock:
        route = respx.get("https://a.example.id/feed").mock(
            return_value=httpx.Response(304, headers={"ETag": '"v1"'})
        )
        res = f.fetch("https://a.example.id/feed", etag='"v1"', last_modified="Tue, 26 Nov 2024 00:00:00 GMT")
    req = route.calls.last.request
    assert req.headers["if-none-match"] == '"v1"'
    assert req.headers["if-modified-since"] == "Tue, 26 Nov 2024 00:00:00 GMT"
    assert res.status == 304 and res.not_modified and res.body == b""


# ------------------------------------------------------------------------------------------------ retries


def test_retry_after_is_honoured():
    f, clock = make()
    with respx.mock:
        respx.get("https://a.example.id/r").mock(
            side_effect=[
                httpx.Response(429, headers={"Retry-After": "7"}),
                httpx.Response(200, text="ok", headers={"Content-Type": "text/plain"}),
            ]
        )
        res = f.fetch("https://a.example.id/r")
    assert res.status == 200 and res.attempts == 2
    assert 7.0 in clock.sleeps


def test_exponential_backoff_then_last_status_returned():
    f, clock = make(FetchSettings(respect_robots=False, max_retries=3, backoff_base=1.0, min_host_delay=0))
    with respx.mock:
        respx.get("https://a.example.id/down").mock(return_value=httpx.Response(503, text="maaf"))
        res = f.fetch("https://a.example.id/down")
    assert res.status == 503 and res.attempts == 4
    assert clock.sleeps == [1.0, 2.0, 4.0]


def test_connection_errors_are_retried_then_raised():
    f, clock = make(FetchSettings(respect_robots=False, max_retries=2, min_host_delay=0))
    with respx.mock:
        route = respx.get("https://a.example.id/x").mock(side_effect=httpx.ConnectError("ditolak"))
        with pytest.raises(FetchConnectionError):
            f.fetch("https://a.example.id/x")
    assert route.call_count == 3 and clock.sleeps == [1.0, 2.0]


def test_retry_after_longer_than_cap_returns_status():
    f, clock = make(FetchSettings(respect_robots=False, max_retry_after=60))
    with respx.mock:
        respx.get("https://a.example.id/x").mock(
            return_value=httpx.Response(503, headers={"Retry-After": "3600"})
        )
        res = f.fetch("https://a.example.id/x")
    assert res.status == 503 and res.attempts == 1


def test_parse_retry_after():
    assert _parse_retry_after("120") == 120
    assert _parse_retry_after("Wed, 27 Nov 2024 00:00:10 GMT", now=1732665600.0) == 10
    assert _parse_retry_after("nanti") is None


# ------------------------------------------------------------------------------------------------ robots & politeness


def test_robots_disallow_and_cache():
    f, _ = make(FetchSettings(respect_robots=True, min_host_delay=0))
    with respx.mock:
        robots = respx.get("https://a.example.id/robots.txt").mock(
            return_value=httpx.Response(
                200, text="User-agent: PantauBot\nDisallow: /rahasia\n\nUser-agent: *\nDisallow: /\n"
            )
        )
        respx.get("https://a.example.id/berita").mock(
            return_value=httpx.Response(200, text="ok", headers={"Content-Type": "text/html"})
        )
        assert f.fetch("https://a.example.id/berita").status == 200
        with pytest.raises(FetchRobotsDisallowed, match="robots.txt"):
            f.fetch("https://a.example.id/rahasia/dokumen")
        assert robots.call_count == 1


def test_robots_4xx_allows_and_5xx_disallows():
    f, _ = make(FetchSettings(respect_robots=True, min_host_delay=0))
    with respx.mock:
        respx.get("https://a.example.id/robots.txt").mock(return_value=httpx.Response(404))
        respx.get("https://a.example.id/x").mock(
            return_value=httpx.Response(200, text="ok", headers={"Content-Type": "text/html"})
        )
        respx.get("https://b.example.id/robots.txt").mock(return_value=httpx.Response(500))
        assert f.fetch("https://a.example.id/x").ok
        with pytest.raises(FetchRobotsDisallowed):
            f.fetch("https://b.example.id/x")


def test_politeness_delay_per_host_and_crawl_delay():
    f, clock = make(FetchSettings(respect_robots=True, min_host_delay=2.0, max_crawl_delay=30))
    with respx.mock:
        respx.get("https://a.example.id/robots.txt").mock(
            return_value=httpx.Response(200, text="User-agent: *\nCrawl-delay: 5\n")
        )
        respx.get("https://b.example.id/robots.txt").mock(return_value=httpx.Response(404))
        respx.get(url__regex=r"https://[ab]\.example\.id/p\d").mock(
            return_value=httpx.Response(200, text="ok", headers={"Content-Type": "text/html"})
        )
        f.fetch("https://a.example.id/p1")  # robots (t=1000) then page: waits 5 s (crawl-delay)
        f.fetch("https://b.example.id/p1")  # other host: robots, then 2 s
        f.fetch("https://a.example.id/p2")  # same host again: 5 s after the last one
    assert clock.sleeps == [5.0, 2.0, 5.0 - 2.0]


# ------------------------------------------------------------------------------------------------ real local server


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    counters: dict = {}

    def log_message(self, *args):
        pass

    def _send(self, status, body=b"", ctype="text/html; charset=utf-8", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in extra:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: C901
        path = self.path
        if path == "/robots.txt":
            return self._send(200, b"User-agent: *\nDisallow: /dilarang\n", "text/plain")
        if path == "/page":
            return self._send(200, b"<html><body><p>Amplop 50rb</p></body></html>", extra=[("ETag", '"abc"')])
        if path == "/etag":
            if self.headers.get("If-None-Match") == '"abc"':
                self.send_response(304)
                self.send_header("ETag", '"abc"')
                self.end_headers()
                return None
            return self._send(
                200,
                b"<p>v1</p>",
                extra=[("ETag", '"abc"'), ("Last-Modified", "Tue, 26 Nov 2024 00:00:00 GMT")],
            )
        if path == "/endless":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"a" * 65536
            try:
                for _ in range(2000):  # bounded: at most ~128 MiB, stops when the client hangs up
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if path == "/gzip-bomb":
            body = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
            return self._send(200, body, extra=[("Content-Encoding", "gzip")])
        if path == "/slow-headers":
            time.sleep(3)
            return self._send(200, b"late")
        if path == "/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            try:
                for _ in range(100):  # bounded: 100 bytes over ~10 s
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            except (BrokenPipeError, ConnectionResetError):
                pass
            return None
        if path == "/pdf":
            return self._send(200, b"%PDF-1.4", "application/pdf")
        if path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path == "/flaky":
            n = Handler.counters.get("flaky", 0) + 1
            Handler.counters["flaky"] = n
            if n < 3:
                return self._send(503, b"sibuk", extra=[("Retry-After", "0")])
            return self._send(200, b"<p>akhirnya</p>")
        return self._send(404, b"tidak ada")


@pytest.fixture(scope="module")
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def local(**overrides):
    base = dict(allow_private=True, min_host_delay=0, max_retries=0)
    base.update(overrides)
    return Fetcher(FetchSettings(**base))


def test_local_page_robots_and_ip(server):
    with local(respect_robots=True) as f:
        res = f.fetch(server + "/page")
        assert res.status == 200 and b"Amplop 50rb" in res.body
        assert res.resolved_ip == "127.0.0.1"
        assert res.http_version == "HTTP/1.1"
        assert res.etag == '"abc"'
        with pytest.raises(FetchRobotsDisallowed):
            f.fetch(server + "/dilarang/x")


def test_local_refused_without_allow_private(server):
    with Fetcher(FetchSettings(min_host_delay=0)) as f, pytest.raises(FetchRefused, match="loopback"):
        f.fetch(server + "/page")


def test_local_conditional(server):
    with local() as f:
        first = f.fetch(server + "/etag")
        again = f.fetch(server + "/etag", etag=first.etag, last_modified=first.last_modified)
    assert first.status == 200 and again.status == 304 and again.not_modified


def test_local_endless_body_is_cut(server):
    with local(max_bytes=1024 * 1024) as f, pytest.raises(FetchTooLarge):
        f.fetch(server + "/endless")


def test_local_gzip_bomb_is_stopped(server):
    with local(max_decompressed_bytes=2 * 1024 * 1024) as f, pytest.raises(FetchTooLarge, match="gzip"):
        f.fetch(server + "/gzip-bomb")


def test_local_slow_headers_time_out(server):
    t = time.monotonic()
    with local(read_timeout=0.5) as f, pytest.raises(FetchTimeout):
        f.fetch(server + "/slow-headers")
    assert time.monotonic() - t < 3


def test_local_trickling_server_hits_total_deadline(server):
    t = time.monotonic()
    with local(read_timeout=5, total_timeout=1.0) as f, pytest.raises(FetchTimeout):
        f.fetch(server + "/trickle")
    assert time.monotonic() - t < 3


def test_local_content_type_refused(server):
    with local() as f, pytest.raises(FetchContentTypeRefused):
        f.fetch(server + "/pdf")


def test_local_redirect_to_metadata_refused(server):
    with local() as f, pytest.raises(FetchRefused, match="metadata"):
        f.fetch(server + "/to-metadata")


def test_local_retry_on_503(server):
    Handler.counters.pop("flaky", None)
    with local(max_retries=3, backoff_base=0.01) as f:
        res = f.fetch(server + "/flaky")
    assert res.status == 200 and res.attempts == 3


def test_connection_is_pinned_to_checked_address(server):
    """The resolver answers 127.0.0.1 once, then a metadata address (a DNS-rebinding attempt). The
    connection must go to the first, checked answer; a second lookup at connect time would be refused."""
    port = int(server.rsplit(":", 1)[1])
    answers = iter([["127.0.0.1"]])
    calls = []

    def rebinding_resolver(host, p):
        calls.append(host)
        return next(answers, ["169.254.169.254"])

    with Fetcher(
        FetchSettings(allow_private=True, min_host_delay=0, max_retries=0, respect_robots=False),
        resolver=rebinding_resolver,
    ) as f:
        res = f.fetch(f"http://rebind.pantau.test:{port}/page")
    assert res.status == 200 and res.resolved_ip == "127.0.0.1"
    assert calls == ["rebind.pantau.test"]


def test_idn_host_is_pinned_too(server):
    port = int(server.rsplit(":", 1)[1])
    answers = iter([["127.0.0.1"]])

    def rebinding_resolver(host, p):
        return next(answers, ["169.254.169.254"])

    settings = FetchSettings(allow_private=True, min_host_delay=0, max_retries=0, respect_robots=False)
    with Fetcher(settings, resolver=rebinding_resolver) as f:
        res = f.fetch(f"http://berita-pilkada-jambi-ü.test:{port}/page")
    assert res.status == 200 and res.resolved_ip == "127.0.0.1"


def test_fetch_bytes_any_type_but_guarded(server):
    from pantau.ingest.fetch import FetchError, fetch_bytes

    s = FetchSettings(allow_private=True, min_host_delay=0, max_retries=0)
    assert fetch_bytes(server + "/pdf", s) == b"%PDF-1.4"  # any content type
    with pytest.raises(FetchError):
        fetch_bytes(server + "/nothing-here", s)
    with pytest.raises(FetchTooLarge):
        fetch_bytes(server + "/endless", s, max_bytes=100_000)
    with pytest.raises(FetchRefused):
        fetch_bytes(server + "/page")  # default settings: loopback refused
