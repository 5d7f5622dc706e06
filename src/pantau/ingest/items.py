"""The one record every importer, feed reader and page extractor yields, plus URL and text identity.

``RawItem`` is deliberately a plain dataclass: the Django side (``pantau.monitoring``) maps it onto its
models; nothing here knows about a database.

Identity of an item, used to make ingestion idempotent:

* ``canonical_url(url)``: the same post reached through ``m.facebook.com``, ``twitter.com`` or with
  ``?utm_source=wa`` appended is one URL;
* ``content_hash(text)``: SHA-256 of the text after Unicode NFKC, case folding and whitespace collapsing,
  so that a forwarded copy with different spacing or capitals hashes the same.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

__all__ = [
    "PLATFORMS",
    "RawItem",
    "canonical_url",
    "content_hash",
    "normalize_text",
    "ensure_utc",
]

#: Platform names used in ``RawItem.platform``.
PLATFORMS = (
    "twitter",
    "facebook",
    "instagram",
    "tiktok",
    "telegram",
    "whatsapp",
    "youtube",
    "web",
    "rss",
    "other",
)


def ensure_utc(value: datetime | None) -> datetime | None:
    """Return ``value`` as an aware datetime in UTC; a naive value is refused (ambiguous time zone)."""
    if value is None:
        return None
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError("waktu tanpa zona waktu (naive datetime) tidak diterima")
    return value.astimezone(UTC)


@dataclass(slots=True)
class RawItem:
    """One post, message, comment, article or page as it came out of a source.

    ``published_at`` is always an aware datetime in UTC (or ``None`` when the source gives none).
    Reach metrics are ``None`` when the source does not report them (not 0: "unknown" is not "none").
    ``media`` lists placeholders or file names of attached media (WhatsApp ``<Media tidak disertakan>``,
    Telegram ``photos/photo_1.jpg``, tweet media keys), never the media bytes.
    ``raw`` is the source record as parsed (a dict), kept for evidence and re-processing;
    ``source_line`` is the 1-based line (text formats) or row/record number (CSV, JSON arrays) in the file.
    """

    platform: str
    external_id: str | None
    text: str
    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    author_handle: str | None = None
    author_name: str | None = None
    author_id: str | None = None
    author_followers: int | None = None
    published_at: datetime | None = None
    likes: int | None = None
    shares: int | None = None
    comments: int | None = None
    views: int | None = None
    media: list[str] = field(default_factory=list)
    lang: str | None = None
    region_code: str | None = None
    parent_id: str | None = None
    kind: str = "post"  # post | reply | comment | message | article | page
    raw: dict[str, Any] = field(default_factory=dict)
    source_line: int | None = None

    def __post_init__(self) -> None:
        if self.published_at is not None:
            self.published_at = ensure_utc(self.published_at)
        if self.url and not self.canonical_url:
            try:
                self.canonical_url = canonical_url(self.url)
            except ValueError:
                self.canonical_url = None
        if self.text is None:
            self.text = ""

    @property
    def content_hash(self) -> str:
        """SHA-256 (hex) of the normalised text; title is included when there is no text."""
        return content_hash(self.text or self.title or "")

    @property
    def dedup_key(self) -> str:
        """A stable identity: platform + external id when known, else the canonical URL, else the text hash."""
        if self.external_id:
            return f"{self.platform}:id:{self.external_id}"
        if self.canonical_url:
            return f"{self.platform}:url:{self.canonical_url}"
        return f"{self.platform}:hash:{self.content_hash}"

    @property
    def reach(self) -> int:
        """Sum of the known engagement counters (likes + shares + comments), 0 when none is known."""
        return sum(v for v in (self.likes, self.shares, self.comments) if v)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (datetimes as ISO 8601 strings)."""
        data = asdict(self)
        if self.published_at is not None:
            data["published_at"] = self.published_at.isoformat()
        data["content_hash"] = self.content_hash
        return data


# ---------------------------------------------------------------------------------------------------------
# canonical URL

#: Query parameters that only track the click and never change what the page shows.
TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "igsh",
        "si",
        "ref",
        "ref_src",
        "ref_url",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "mibextid",
        "rdid",
        "share_id",
        "feature",  # youtube "feature=shared"
    }
)
TRACKING_PREFIXES = ("utm_", "__cft__", "__tn__", "_hs")

#: Extra parameters that are tracking only on particular hosts.
HOST_TRACKING_PARAMS = {
    "x.com": frozenset({"s", "t", "src"}),
    "tiktok.com": frozenset({"is_from_webapp", "sender_device", "_r", "_t", "lang", "q"}),
    "instagram.com": frozenset({"img_index", "utm_source"}),
    "facebook.com": frozenset({"rdr", "sfnsn", "extid"}),
}

#: Host aliases: mobile and alternate domains mapped to one canonical host.
HOST_ALIASES = {
    "twitter.com": "x.com",
    "mobile.twitter.com": "x.com",
    "m.twitter.com": "x.com",
    "mobile.x.com": "x.com",
    "m.x.com": "x.com",
    "fxtwitter.com": "x.com",
    "vxtwitter.com": "x.com",
    "m.facebook.com": "facebook.com",
    "mobile.facebook.com": "facebook.com",
    "mbasic.facebook.com": "facebook.com",
    "web.facebook.com": "facebook.com",
    "touch.facebook.com": "facebook.com",
    "fb.com": "facebook.com",
    "m.youtube.com": "youtube.com",
    "music.youtube.com": "youtube.com",
    "m.tiktok.com": "tiktok.com",
    "vm.tiktok.com": "vm.tiktok.com",
    "t.me": "t.me",
    "telegram.me": "t.me",
    "m.instagram.com": "instagram.com",
}

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def _canonical_host(host: str) -> str:
    host = host.strip().rstrip(".").lower()
    try:
        host = host if host.isascii() else host.encode("idna").decode("ascii")
    except UnicodeError:
        pass
    if host.startswith("www."):
        host = host[4:]
    if host in HOST_ALIASES:
        return HOST_ALIASES[host]
    # generic mobile subdomains: m.detik.com -> detik.com, mobile.example.id -> example.id
    for prefix in ("m.", "mobile.", "amp."):
        if host.startswith(prefix) and host.count(".") >= 2:
            return host[len(prefix) :]
    return host


def _is_tracking(key: str, host: str) -> bool:
    k = key.lower()
    if k in TRACKING_PARAMS or k.startswith(TRACKING_PREFIXES):
        return True
    extra = HOST_TRACKING_PARAMS.get(host)
    return bool(extra and k in extra)


_PLAIN_PATH_RE = re.compile(r"^(/[A-Za-z0-9\-_~:@!$&'()*+,;=]+(\.[A-Za-z0-9\-_~:@!$&'()*+,;=]+)*)+$")


def _normalise_path(path: str) -> str:
    if not path or path == "/":
        return "/"
    if _PLAIN_PATH_RE.match(path):  # common case: nothing to decode, resolve or collapse
        return path
    # decode unreserved percent-escapes, re-quote consistently (upper-case hex)
    path = quote(unquote(path), safe="/:@!$&'()*+,;=-._~%")
    # resolve dot segments
    segments: list[str] = []
    for seg in path.split("/"):
        if seg == "..":
            if len(segments) > 1:
                segments.pop()
        elif seg != ".":
            segments.append(seg)
    path = "/".join(segments) or "/"
    if not path.startswith("/"):
        path = "/" + path
    # collapse duplicate slashes; drop a trailing slash except at the root
    path = re.sub(r"/{2,}", "/", path)
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    return path


def canonical_url(url: str) -> str:
    """Return a canonical form of ``url`` for deduplication.

    * scheme and host lower-cased, IDN hosts in punycode, default ports and a leading ``www.`` dropped;
    * ``twitter.com``/``mobile.twitter.com``/``x.com`` → ``x.com``; ``m.``/``mobile.``/``web.`` Facebook,
      ``m.youtube.com``, other ``m.``/``mobile.``/``amp.`` subdomains → the main host;
    * ``youtu.be/ID`` → ``youtube.com/watch?v=ID``; ``youtube.com/shorts/ID`` stays as is;
    * tracking parameters removed (``utm_*``, ``fbclid``, ``gclid``, ``igshid``, ``si``, ``ref`` …),
      the remaining query sorted; the fragment dropped; a trailing slash dropped.

    A URL without a scheme (``x.com/budi/status/1``) is taken as ``https``. Raises ``ValueError`` for
    something that is not an http(s) URL.
    """
    if url is None:
        raise ValueError("URL kosong")
    url = url.strip()
    if not url:
        raise ValueError("URL kosong")
    if url.startswith("//"):
        url = "https:" + url
    elif not _SCHEME_RE.match(url):
        url = "https://" + url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise ValueError(f"bukan URL http/https: {url[:100]}")
    host = parts.hostname or ""
    if not host:
        raise ValueError(f"URL tanpa nama host: {url[:100]}")
    try:
        port = parts.port
    except ValueError as exc:
        raise ValueError(f"port tidak sah dalam URL: {url[:100]}") from exc
    host = _canonical_host(host)
    # the http/https split is not meaningful for identity: most sites redirect http -> https
    scheme = "https"
    netloc = f"[{host}]" if ":" in host else host
    if port and port not in _DEFAULT_PORTS.values():
        netloc = f"{netloc}:{port}"
    path = _normalise_path(parts.path)
    query_pairs = (
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k, host)]
        if parts.query
        else []
    )
    if host == "youtu.be" and path != "/":
        video_id = path.strip("/").split("/")[0]
        host, netloc, path = "youtube.com", "youtube.com", "/watch"
        query_pairs = [("v", video_id)] + [(k, v) for k, v in query_pairs if k != "v"]
    query_pairs.sort()
    query = urlencode(query_pairs, quote_via=quote, safe="-._~:/@!$'()*,;")  # '+' encoded: it means space
    return urlunsplit((scheme, netloc, path, query, ""))


# ---------------------------------------------------------------------------------------------------------
# content hash

_WS_RE = re.compile(r"\s+")
_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u2060\ufeff\u00ad]")


def normalize_text(text: str) -> str:
    """NFKC, drop zero-width and bidi marks, case-fold, collapse all whitespace to one space, strip."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _ZERO_WIDTH_RE.sub("", text)
    text = text.casefold()
    return _WS_RE.sub(" ", text).strip()


def content_hash(text: str) -> str:
    """SHA-256 (hex) of :func:`normalize_text` of ``text`` encoded as UTF-8."""
    return hashlib.sha256(normalize_text(text or "").encode("utf-8")).hexdigest()


def utc_now() -> datetime:
    return datetime.now(UTC)
