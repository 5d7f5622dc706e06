"""SSRF-safe, polite, bounded HTTP fetching on httpx.

``Fetcher(settings).fetch(url)`` returns a :class:`FetchResult` or raises a :class:`FetchError` subclass
whose message is Indonesian. What it guarantees:

**SSRF.** Only ``http``/``https``. The host is resolved and *every* address is checked: private,
loopback, link-local, multicast, reserved, unspecified, shared (CGNAT), documentation and any other
non-global address is refused, including IPv4-mapped/NAT64/6to4 IPv6 forms that embed one. Cloud metadata
endpoints (``169.254.169.254``, ``fd00:ec2::254``, ``100.100.100.200``, ``metadata.google.internal`` ...)
are refused even when ``allow_private=True`` (that setting exists for tests against ``127.0.0.1``).
The connection is **pinned**: a custom httpcore network backend connects to the address that was checked
(and checks it again at connect time), never to a fresh DNS answer, so DNS rebinding cannot slip a
private address in between the check and the connect. TLS still verifies the certificate against the
host name. Redirects are followed by hand, up to ``max_redirects``, and every hop is checked again
(scheme, address, robots.txt). Proxies from the environment are ignored (``trust_env=False``).

**Bounds.** Connect, read and write timeouts, and a wall-clock deadline per attempt that also covers a
server trickling its headers or body byte by byte. The body is streamed: ``Content-Length`` above
``max_bytes`` is refused up front, and reading stops as soon as the bytes on the wire pass ``max_bytes``.
Decompression is done here, incrementally with an output cap (``max_decompressed_bytes``), so a gzip bomb
is stopped after at most that many bytes. Only ``gzip``/``deflate`` are accepted. Only the content types in
``allowed_content_types`` (HTML, XML, RSS, Atom, JSON, plain text) are read; others are refused.

**Manners.** ``User-Agent: PantauBot/0.1 (+Bawaslu)``. robots.txt is fetched (through the same guard),
cached per origin for ``robots_ttl`` seconds and honoured, including ``Crawl-delay``; per RFC 9309 a
4xx robots.txt allows everything and a 5xx or unreachable one disallows everything for a while. Requests
to one host are spaced at least ``min_host_delay`` seconds apart (the clock and sleep are injectable).

**Retries.** On 429, 500, 502, 503, 504 and on connection errors, with exponential backoff and jitter,
honouring ``Retry-After`` (seconds or an HTTP date) up to ``max_retry_after``. The last response is
returned if retries run out on a status; a connection that never works raises ``FetchConnectionError``.

**Conditional requests.** Pass ``etag=``/``last_modified=`` from a previous result; a ``304`` comes back
as ``FetchResult(status=304, not_modified=True, body=b"")``.
"""

from __future__ import annotations

import email.utils
import hashlib
import ipaddress
import random
import socket
import threading
import time
import urllib.robotparser
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx
from httpcore._backends.sync import SyncBackend

USER_AGENT = "PantauBot/0.1 (+Bawaslu)"

DEFAULT_CONTENT_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/xml",
    "application/xml",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/feed+json",
    "application/json",
    "application/ld+json",
    "text/plain",
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

#: Cloud metadata endpoints, refused even with ``allow_private=True``.
METADATA_IPS = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean ...
        "169.254.170.2",  # AWS ECS task metadata
        "169.254.169.253",  # AWS DNS
        "fd00:ec2::254",  # AWS IMDS over IPv6
        "fd00:ec2::23",
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
    )
)
METADATA_HOSTS = frozenset(
    {
        "metadata.google.internal",
        "metadata.goog",
        "metadata",
        "instance-data",
        "instance-data.ec2.internal",
        "metadata.azure.internal",
    }
)


# ------------------------------------------------------------------------------------------------ errors


class FetchError(Exception):
    """Base of all fetch failures. ``str(exc)`` is an Indonesian message fit for an analyst."""

    def __init__(self, message: str, *, url: str | None = None):
        super().__init__(message)
        self.url = url


class FetchRefused(FetchError):
    """Refused before or instead of reading: forbidden address, scheme, robots.txt, content type."""


class FetchRobotsDisallowed(FetchRefused):
    pass


class FetchContentTypeRefused(FetchRefused):
    pass


class FetchTooLarge(FetchError):
    pass


class FetchTimeout(FetchError):
    pass


class FetchConnectionError(FetchError):
    pass


class FetchTooManyRedirects(FetchError):
    pass


class FetchDecodingError(FetchError):
    pass


# ------------------------------------------------------------------------------------------------ settings


@dataclass(frozen=True)
class FetchSettings:
    allow_private: bool = False
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    write_timeout: float = 10.0
    #: wall-clock limit of one attempt: connect + headers + whole body
    total_timeout: float = 60.0
    #: bytes on the wire (after de-chunking, before decompression)
    max_bytes: int = 10 * 1024 * 1024
    #: bytes after decompression
    max_decompressed_bytes: int = 20 * 1024 * 1024
    #: body kept for non-2xx responses
    max_error_body_bytes: int = 64 * 1024
    max_redirects: int = 5
    allowed_content_types: tuple[str, ...] = DEFAULT_CONTENT_TYPES
    allow_missing_content_type: bool = True
    respect_robots: bool = True
    robots_ttl: float = 24 * 3600.0
    robots_error_ttl: float = 600.0
    max_robots_bytes: int = 512 * 1024
    min_host_delay: float = 2.0
    max_crawl_delay: float = 30.0
    max_retries: int = 3
    backoff_base: float = 1.0
    backoff_max: float = 60.0
    max_retry_after: float = 120.0
    retry_statuses: tuple[int, ...] = (429, 500, 502, 503, 504)
    allowed_ports: tuple[int, ...] | None = None


# ------------------------------------------------------------------------------------------------ result


@dataclass(slots=True)
class Hop:
    url: str
    status: int
    location: str | None
    ip: str | None


@dataclass(slots=True)
class FetchResult:
    url: str
    final_url: str
    status: int
    reason: str
    http_version: str
    headers: list[tuple[str, str]]
    body: bytes
    raw_body: bytes
    fetched_at: datetime
    elapsed: float
    request_method: str
    request_headers: list[tuple[str, str]]
    redirect_chain: list[Hop] = field(default_factory=list)
    resolved_ip: str | None = None
    not_modified: bool = False
    attempts: int = 1
    content_encoding: str | None = None

    def header(self, name: str) -> str | None:
        name = name.lower()
        for k, v in self.headers:
            if k.lower() == name:
                return v
        return None

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def content_type(self) -> str | None:
        return self.header("content-type")

    @property
    def etag(self) -> str | None:
        return self.header("etag")

    @property
    def last_modified(self) -> str | None:
        return self.header("last-modified")

    @property
    def sha256(self) -> str:
        """SHA-256 of the (decoded) body."""
        return hashlib.sha256(self.body).hexdigest()


# ------------------------------------------------------------------------------------------------ address checks


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped:
        return ip.ipv4_mapped
    if ip.sixtofour:
        return ip.sixtofour
    if ip.teredo:
        return ip.teredo[1]
    if ip in ipaddress.ip_network("64:ff9b::/96") or ip in ipaddress.ip_network("64:ff9b:1::/48"):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip in ipaddress.ip_network("::/96"):  # deprecated IPv4-compatible
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def forbidden_reason(
    ip: str | ipaddress.IPv4Address | ipaddress.IPv6Address, *, allow_private: bool = False
) -> str | None:
    """Why ``ip`` may not be fetched (Indonesian), or ``None`` when it may."""
    addr = ipaddress.ip_address(ip) if isinstance(ip, str) else ip
    if isinstance(addr, ipaddress.IPv6Address) and addr.scope_id:
        addr = ipaddress.IPv6Address(str(addr).split("%")[0])
    if addr in METADATA_IPS:
        return f"alamat metadata cloud ({addr})"
    if isinstance(addr, ipaddress.IPv6Address):
        inner = _embedded_ipv4(addr)
        if inner is not None:
            reason = forbidden_reason(inner, allow_private=allow_private)
            if reason:
                return f"{reason} (di dalam alamat IPv6 {addr})"
            return None
    if allow_private:
        if addr.is_multicast or addr.is_unspecified:
            return f"alamat multicast/tak-tertentu ({addr})"
        return None
    checks = (
        ("is_loopback", "alamat loopback"),
        ("is_private", "alamat jaringan privat"),
        ("is_link_local", "alamat link-local"),
        ("is_multicast", "alamat multicast"),
        ("is_reserved", "alamat cadangan (reserved)"),
        ("is_unspecified", "alamat tak-tertentu"),
    )
    for attr, label in checks:
        if getattr(addr, attr):
            return f"{label} ({addr})"
    if not addr.is_global:
        return f"alamat bukan publik ({addr})"
    return None


def _legacy_ipv4(host: str) -> str | None:
    """``127.1``, ``0x7f.0.0.1``, ``2130706433``: forms that C resolvers read as IPv4 addresses."""
    if not host or not all(c in "0123456789abcdefxABCDEFX." for c in host) or not host[0].isdigit():
        return None
    try:
        return socket.inet_ntoa(socket.inet_aton(host))
    except OSError:
        return None


def default_resolver(host: str, port: int) -> list[str]:
    """All addresses of ``host`` (``getaddrinfo``), de-duplicated, in resolver order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    out: list[str] = []
    for info in infos:
        ip = info[4][0]
        if ip not in out:
            out.append(ip)
    return out


# ------------------------------------------------------------------------------------------------ pinned backend

_local = threading.local()  # per-thread: pinned addresses and the attempt deadline


class _DeadlineStream(httpcore.NetworkStream):
    """Wraps a network stream: each read/write is bounded by the attempt's wall-clock deadline."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    @staticmethod
    def _bounded(timeout: float | None) -> float | None:
        deadline = getattr(_local, "deadline", None)
        if deadline is None:
            return timeout
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("batas waktu total terlampaui")
        return remaining if timeout is None else min(timeout, remaining)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._bounded(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        return self._inner.write(buffer, self._bounded(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        return _DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, self._bounded(timeout)))

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _PinnedBackend(SyncBackend):
    """Connects to the address the fetcher checked (pinned per thread), re-checking it at connect time."""

    def __init__(self, fetcher: Fetcher):
        self._fetcher = fetcher

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        pinned = getattr(_local, "pins", {}).get((host.lower().strip("[]"), port))
        if pinned is None:
            # not pinned (should not happen through Fetcher.fetch): resolve and check now
            pinned = self._fetcher._resolve_checked(host, port, url=f"{host}:{port}")
        reason = forbidden_reason(pinned, allow_private=self._fetcher.settings.allow_private)
        if reason:
            raise FetchRefused(f"Koneksi ditolak: {host} mengarah ke {reason}.")
        stream = super().connect_tcp(pinned, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream)

    def connect_unix_socket(self, *args, **kwargs):  # pragma: no cover - never used
        raise FetchRefused("Soket Unix tidak diizinkan.")


# ------------------------------------------------------------------------------------------------ robots


@dataclass
class _Robots:
    parser: urllib.robotparser.RobotFileParser
    expires: float
    crawl_delay: float | None


# ------------------------------------------------------------------------------------------------ fetcher


def _parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        dt = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return max(0.0, dt.timestamp() - (now if now is not None else time.time()))


def _media_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


class _Decoder:
    """Incremental gzip/deflate decoding with an output cap (gzip-bomb protection)."""

    def __init__(self, encoding: str | None, cap: int, url: str):
        self.encoding = (encoding or "identity").strip().lower()
        self.cap = cap
        self.url = url
        self.out = bytearray()
        self._d = None
        if self.encoding in ("gzip", "x-gzip"):
            self._new = lambda: zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif self.encoding == "deflate":
            self._new = lambda: zlib.decompressobj(zlib.MAX_WBITS)
        elif self.encoding in ("identity", ""):
            self._new = None
        else:
            raise FetchDecodingError(f'Content-Encoding "{self.encoding}" tidak didukung.', url=url)
        self._d = self._new() if self._new else None
        self._raw_deflate_tried = False

    def feed(self, chunk: bytes) -> None:
        if self._d is None:
            self._append(chunk)
            return
        data = chunk
        while data:
            try:
                piece = self._d.decompress(data, self.cap - len(self.out) + 1)
            except zlib.error as exc:
                if self.encoding == "deflate" and not self._raw_deflate_tried and not self.out:
                    # some servers send raw deflate without the zlib header
                    self._raw_deflate_tried = True
                    self._d = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise FetchDecodingError(f"Isi terkompresi rusak ({exc}).", url=self.url) from None
            self._append(piece)
            if self._d.unconsumed_tail:
                data = self._d.unconsumed_tail
            elif self._d.eof and self._d.unused_data:
                data = self._d.unused_data  # concatenated gzip members
                self._d = self._new()
            else:
                data = b""

    def _append(self, piece: bytes) -> None:
        if len(self.out) + len(piece) > self.cap:
            raise FetchTooLarge(
                f"Isi setelah dekompresi melebihi batas {self.cap} bita (kemungkinan bom gzip).", url=self.url
            )
        self.out += piece

    def finish(self) -> bytes:
        if self._d is not None:
            self._append(self._d.flush())
        return bytes(self.out)


class Fetcher:
    """A reusable, thread-safe fetcher. Use as a context manager or call :meth:`close`."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        resolver: Callable[[str, int], list[str]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        rand: Callable[[], float] = random.random,
        transport: httpx.BaseTransport | None = None,
    ):
        self.settings = settings or FetchSettings()
        self.resolver = resolver or default_resolver
        self.clock = clock
        self.sleep = sleep
        self.rand = rand
        self._lock = threading.Lock()
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        if transport is None:
            transport = httpx.HTTPTransport(retries=0, trust_env=False)
            ssl_context = transport._pool._ssl_context  # keep httpx's default verification context
            transport._pool = httpcore.ConnectionPool(
                ssl_context=ssl_context,
                max_connections=20,
                max_keepalive_connections=10,
                keepalive_expiry=5.0,
                http1=True,
                http2=False,
                retries=0,
                network_backend=_PinnedBackend(self),
            )
        s = self.settings
        self._client = httpx.Client(
            transport=transport,
            follow_redirects=False,
            trust_env=False,
            timeout=httpx.Timeout(
                connect=s.connect_timeout, read=s.read_timeout, write=s.write_timeout, pool=s.connect_timeout
            ),
            headers={"User-Agent": s.user_agent},
        )

    # -- lifecycle
    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- address checks
    def _resolve_checked(self, host: str, port: int, *, url: str) -> str:
        s = self.settings
        h = host.strip("[]").rstrip(".").lower()
        if h in METADATA_HOSTS:
            raise FetchRefused(f"Alamat ditolak: {host} adalah layanan metadata cloud.", url=url)
        if not s.allow_private and (h == "localhost" or h.endswith((".localhost", ".internal", ".local"))):
            raise FetchRefused(f"Alamat ditolak: {host} adalah nama host lokal/internal.", url=url)
        if s.allowed_ports is not None and port not in s.allowed_ports:
            raise FetchRefused(f"Port {port} tidak diizinkan.", url=url)
        try:
            ips = [str(ipaddress.ip_address(h.split("%")[0]))]
        except ValueError:
            legacy = _legacy_ipv4(h)
            ips = [legacy] if legacy else []
        if not ips:
            try:
                ips = self.resolver(h, port)
            except (OSError, UnicodeError) as exc:
                raise FetchConnectionError(
                    f"Nama host {host} tidak dapat di-resolve ({exc}).", url=url
                ) from None
        if not ips:
            raise FetchConnectionError(f"Nama host {host} tidak punya alamat.", url=url)
        for ip in ips:
            reason = forbidden_reason(ip, allow_private=s.allow_private)
            if reason:
                raise FetchRefused(f"Alamat ditolak: {host} mengarah ke {reason}.", url=url)
        return ips[0]

    @staticmethod
    def _split(url: str) -> tuple[str, str, int]:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise FetchRefused(f"URL tidak sah: {exc}", url=url) from None
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchRefused(f'Skema "{scheme}" tidak diizinkan; hanya http dan https.', url=url)
        if not parts.hostname:
            raise FetchRefused("URL tanpa nama host.", url=url)
        if parts.username or parts.password:
            raise FetchRefused("URL dengan nama pengguna/kata sandi tidak diizinkan.", url=url)
        return scheme, parts.hostname, port or (443 if scheme == "https" else 80)

    # -- politeness
    def _wait_turn(self, host: str, extra_delay: float | None = None) -> None:
        delay = self.settings.min_host_delay
        if extra_delay:
            delay = max(delay, min(extra_delay, self.settings.max_crawl_delay))
        while True:
            with self._lock:
                now = self.clock()
                last = self._last_request.get(host)
                wait = 0.0 if last is None else last + delay - now
                if wait <= 0:
                    self._last_request[host] = now
                    return
            self.sleep(wait)

    # -- robots
    def _robots_for(self, scheme: str, host: str, port: int) -> _Robots:
        key = f"{scheme}://{host}:{port}"
        with self._lock:
            cached = self._robots.get(key)
            if cached and cached.expires > self.clock():
                return cached
        default_port = 443 if scheme == "https" else 80
        netloc = host if port == default_port else f"{host}:{port}"
        if ":" in host and not host.startswith("["):
            netloc = f"[{host}]" if port == default_port else f"[{host}]:{port}"
        robots_url = f"{scheme}://{netloc}/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        ttl = self.settings.robots_ttl
        try:
            res = self._fetch_chain(
                robots_url, robots=False, max_bytes=self.settings.max_robots_bytes, any_type=True
            )
        except FetchRefused:
            raise
        except FetchError:
            parser.disallow_all = True  # unreachable: RFC 9309 says assume complete disallow
            ttl = self.settings.robots_error_ttl
        else:
            if res.status >= 500:
                parser.disallow_all = True
                ttl = self.settings.robots_error_ttl
            elif res.status >= 400:
                parser.allow_all = True
            elif res.ok:
                parser.parse(res.body.decode("utf-8", errors="replace").splitlines())
            else:
                parser.allow_all = True
        parser.modified()
        try:
            crawl = parser.crawl_delay(self.settings.user_agent)
        except (AttributeError, TypeError):
            crawl = None
        entry = _Robots(
            parser=parser, expires=self.clock() + ttl, crawl_delay=float(crawl) if crawl else None
        )
        with self._lock:
            self._robots[key] = entry
        return entry

    # -- the request loop
    def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> FetchResult:
        """GET ``url`` (following redirects by hand). See the module docstring for what is enforced."""
        extra: dict[str, str] = dict(headers or {})
        if etag:
            extra["If-None-Match"] = etag
        if last_modified:
            extra["If-Modified-Since"] = last_modified
        return self._fetch_chain(url, robots=self.settings.respect_robots, extra_headers=extra)

    def _fetch_chain(
        self,
        url: str,
        *,
        robots: bool,
        extra_headers: dict[str, str] | None = None,
        max_bytes: int | None = None,
        any_type: bool = False,
    ) -> FetchResult:
        chain: list[Hop] = []
        current = url
        seen: set[str] = set()
        for _hop in range(self.settings.max_redirects + 1):
            scheme, host, port = self._split(current)
            crawl_delay = None
            if robots:
                rb = self._robots_for(scheme, host, port)
                crawl_delay = rb.crawl_delay
                if not rb.parser.can_fetch(self.settings.user_agent, current):
                    raise FetchRobotsDisallowed(
                        f"robots.txt {host} melarang {self.settings.user_agent} mengambil {current}.",
                        url=current,
                    )
            result = self._attempts(
                current, scheme, host, port, crawl_delay, extra_headers, max_bytes, any_type
            )
            location = result.header("location")
            if result.status in REDIRECT_STATUSES and location:
                chain.append(Hop(url=current, status=result.status, location=location, ip=result.resolved_ip))
                nxt = urljoin(current, location.strip())
                if nxt in seen:
                    raise FetchTooManyRedirects(f"Pengalihan berputar (loop) ke {nxt}.", url=url)
                seen.add(current)
                current = nxt
                continue
            result.url = url
            result.redirect_chain = chain
            return result
        raise FetchTooManyRedirects(
            f"Terlalu banyak pengalihan (lebih dari {self.settings.max_redirects}).", url=url
        )

    def _attempts(
        self, url, scheme, host, port, crawl_delay, extra_headers, max_bytes, any_type
    ) -> FetchResult:
        s = self.settings
        attempt = 0
        while True:
            attempt += 1
            ip = self._resolve_checked(host, port, url=url)
            self._wait_turn(host, crawl_delay)
            try:
                result = self._once(url, host, port, ip, extra_headers, max_bytes, any_type)
            except FetchConnectionError:  # timeouts are not retried: a server that hangs would hang again
                if attempt > s.max_retries:
                    raise
                self.sleep(self._backoff(attempt, None))
                continue
            result.attempts = attempt
            if result.status in s.retry_statuses and attempt <= s.max_retries:
                retry_after = _parse_retry_after(result.header("retry-after"))
                if retry_after is not None and retry_after > s.max_retry_after:
                    return result  # the server asks for a longer pause than we wait: give the status back
                self.sleep(self._backoff(attempt, retry_after))
                continue
            return result

    def _backoff(self, attempt: int, retry_after: float | None) -> float:
        s = self.settings
        if retry_after is not None:
            return min(retry_after, s.max_retry_after)
        base = min(s.backoff_max, s.backoff_base * (2 ** (attempt - 1)))
        return base * (0.5 + self.rand() / 2)  # jitter in [base/2, base)

    def _once(self, url, host, port, ip, extra_headers, max_bytes, any_type) -> FetchResult:
        s = self.settings
        cap = max_bytes or s.max_bytes
        headers = {
            "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,application/rss+xml,"
            "application/atom+xml,application/json;q=0.8,text/plain;q=0.7,*/*;q=0.1",
            "Accept-Encoding": "gzip, deflate",
            "Accept-Language": "id,en;q=0.8",
        }
        headers.update(extra_headers or {})
        request = self._client.build_request("GET", url, headers=headers)
        started = time.monotonic()
        fetched_at = datetime.now(UTC)
        pins = getattr(_local, "pins", None)
        if pins is None:
            pins = _local.pins = {}
        # the key httpcore will ask for: the IDNA-encoded host as it appears in the request URL
        pin_keys = {
            (request.url.raw_host.decode("ascii").lower().strip("[]"), port),
            (host.lower().strip("[]"), port),
        }
        for key in pin_keys:
            pins[key] = ip
        _local.deadline = started + s.total_timeout
        response = None
        try:
            try:
                response = self._client.send(request, stream=True)
            except FetchError as exc:
                exc.url = exc.url or url
                raise
            except httpx.TimeoutException as exc:
                raise FetchTimeout(
                    f"Batas waktu habis saat menghubungi {host} ({type(exc).__name__}).", url=url
                ) from None
            except httpx.TransportError as exc:
                raise FetchConnectionError(
                    f"Gagal terhubung ke {host}: {exc or type(exc).__name__}.", url=url
                ) from None
            status = response.status_code
            resp_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw]
            server_ip = ip
            stream = response.extensions.get("network_stream")
            if stream is not None:
                try:
                    addr = stream.get_extra_info("server_addr")
                    if addr:
                        server_ip = addr[0]
                except Exception:  # noqa: S110 - informational only
                    pass
            base = dict(
                url=url,
                final_url=str(response.url),
                status=status,
                reason=response.reason_phrase,
                http_version=response.http_version,
                headers=resp_headers,
                fetched_at=fetched_at,
                request_method="GET",
                request_headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw],
                resolved_ip=server_ip,
                content_encoding=response.headers.get("content-encoding"),
            )
            if status == 304:
                return FetchResult(
                    body=b"", raw_body=b"", elapsed=time.monotonic() - started, not_modified=True, **base
                )
            if status in REDIRECT_STATUSES:
                return FetchResult(body=b"", raw_body=b"", elapsed=time.monotonic() - started, **base)
            if 200 <= status < 300:
                mtype = _media_type(response.headers.get("content-type"))
                if not any_type:
                    if mtype is None and not s.allow_missing_content_type:
                        raise FetchContentTypeRefused(
                            "Server tidak menyebut Content-Type; isi tidak diambil.", url=url
                        )
                    if mtype is not None and mtype not in s.allowed_content_types:
                        raise FetchContentTypeRefused(
                            f'Jenis konten "{mtype}" tidak diizinkan; yang diterima: HTML, XML, RSS/Atom, JSON, '
                            "teks biasa.",
                            url=url,
                        )
            else:
                cap = min(cap, s.max_error_body_bytes)
            raw, body = self._read_body(response, url, cap, 200 <= status < 300)
            return FetchResult(body=body, raw_body=raw, elapsed=time.monotonic() - started, **base)
        finally:
            _local.deadline = None
            if response is not None:
                response.close()
            for key in pin_keys:
                pins.pop(key, None)

    def _read_body(self, response: httpx.Response, url: str, cap: int, strict: bool) -> tuple[bytes, bytes]:
        s = self.settings
        declared = response.headers.get("content-length")
        if declared and declared.strip().isdigit() and int(declared) > cap:
            if strict:
                raise FetchTooLarge(f"Ukuran isi {int(declared)} bita melebihi batas {cap} bita.", url=url)
            return b"", b""
        decoder = _Decoder(response.headers.get("content-encoding"), s.max_decompressed_bytes, url)
        raw = bytearray()
        try:
            for chunk in response.iter_raw(chunk_size=65536):
                if len(raw) + len(chunk) > cap:
                    if not strict:
                        raw += chunk[: cap - len(raw)]
                        return bytes(raw), b""
                    raise FetchTooLarge(f"Isi melebihi batas {cap} bita; pengambilan dihentikan.", url=url)
                raw += chunk
                decoder.feed(chunk)
                deadline = getattr(_local, "deadline", None)
                if deadline is not None and time.monotonic() > deadline:
                    raise FetchTimeout(
                        f"Batas waktu total {s.total_timeout:.0f} detik terlampaui saat membaca isi.", url=url
                    )
        except httpx.TimeoutException:
            raise FetchTimeout(f"Batas waktu habis saat membaca isi dari {url}.", url=url) from None
        except httpx.TransportError as exc:
            raise FetchConnectionError(
                f"Koneksi terputus saat membaca isi: {exc or type(exc).__name__}.", url=url
            ) from None
        return bytes(raw), decoder.finish()


def fetch_bytes(
    url: str, settings: FetchSettings | None = None, *, max_bytes: int = 64 * 1024 * 1024
) -> bytes:
    """Download a file (e.g. boundary GeoJSON) through the same SSRF guard, with any content type and a
    ``max_bytes`` cap. Raises :class:`FetchError` on failure or a non-2xx status."""
    base = settings or FetchSettings()
    from dataclasses import replace

    s = replace(base, max_bytes=max_bytes, max_decompressed_bytes=max(max_bytes, base.max_decompressed_bytes))
    with Fetcher(s) as f:
        result = f._fetch_chain(url, robots=s.respect_robots, any_type=True)
    if not result.ok:
        raise FetchError(f"Server menjawab {result.status} {result.reason} untuk {url}.", url=url)
    return result.body


def fetch(url: str, settings: FetchSettings | None = None, **kwargs) -> FetchResult:
    """One-off fetch with a throwaway :class:`Fetcher` (no shared politeness or robots cache)."""
    with Fetcher(settings) as f:
        return f.fetch(url, **kwargs)


def iter_header_lines(headers: Iterable[tuple[str, str]]) -> Iterable[str]:
    for k, v in headers:
        yield f"{k}: {v}"
