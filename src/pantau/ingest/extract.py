"""Main text, title, author and publish date of a web page (news article), bounded and crash-safe.

trafilatura does the main-text extraction. Around it:

* the input is cut at ``MAX_HTML_BYTES`` (5 MiB) before parsing; trafilatura only sees pages of at most
  ``TRAFILATURA_MAX_TAGS`` tags and ``TRAFILATURA_MAX_CHARS`` characters (it costs about half a
  millisecond per element), in its fast mode above ``FAST_ABOVE_TAGS``;
* page metadata (``<title>``, ``og:title``, ``author``, ``article:published_time``, JSON-LD
  ``datePublished``) is read by a small streaming ``html.parser`` pass that neither recurses nor builds a
  tree, so hostile nesting cannot exhaust the stack; it gives the publish time with its hour and offset
  (trafilatura's date is a day only);
* if trafilatura fails, returns nothing or raises, the same streaming pass supplies the visible text
  (``method="fallback"``).

``html_to_text`` is that streaming stripper, also used for feed entry HTML.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser

from pantau.ingest.items import RawItem

log = logging.getLogger(__name__)

#: Largest HTML document parsed (bytes); longer documents are cut (``Extracted.truncated``).
MAX_HTML_BYTES = 5 * 1024 * 1024
#: trafilatura's ``max_tree_size`` (elements).
MAX_TREE_SIZE = 12_000
#: Pages with more tags than this, or longer than TRAFILATURA_MAX_CHARS, skip trafilatura (it costs roughly
#: half a millisecond per element) and use the streaming fallback; above FAST_ABOVE_TAGS trafilatura runs
#: without its secondary algorithms (``fast=True``). Worst case: a few seconds per page.
TRAFILATURA_MAX_TAGS = 20_000
TRAFILATURA_MAX_CHARS = 2_000_000
FAST_ABOVE_TAGS = 4_000
#: Longest extracted text kept (characters).
MAX_TEXT_CHARS = 200_000
#: Metadata (title, author, dates, JSON-LD) is read from the ``<head>``, or this many leading characters.
HEAD_SCAN_CHARS = 512 * 1024

_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "math"})
_BOILERPLATE_TAGS = frozenset({"nav", "footer", "aside", "form", "header"})
_DATE_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "publishdate",
    "pubdate",
    "publish-date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "parsely-pub-date",
    "sailthru.date",
    "content_publicationdate",
    "date",
)
_AUTHOR_META = (
    "author",
    "article:author",
    "dc.creator",
    "parsely-author",
    "sailthru.author",
    "content_author",
)


class _Stripper(HTMLParser):
    """Streaming HTML → text + metadata. No recursion, no tree; bounded output."""

    def __init__(
        self, *, collect_meta: bool = True, drop_boilerplate: bool = False, max_chars: int = MAX_TEXT_CHARS
    ):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0
        self.max_chars = max_chars
        self.skip_depth = 0
        self.drop_boilerplate = drop_boilerplate
        self.collect_meta = collect_meta
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.in_title = False
        self.in_jsonld = False
        self.jsonld: list[str] = []
        self.lang: str | None = None
        self.h1: list[str] = []
        self.in_h1 = False

    def handle_starttag(self, tag, attrs):
        tag = tag.lower()
        a = {k.lower(): (v or "") for k, v in attrs[:50]}
        if tag == "html" and a.get("lang") and not self.lang:
            self.lang = a["lang"][:20]
        if tag == "meta" and self.collect_meta:
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower().strip()
            if key and "content" in a and key not in self.meta:
                self.meta[key] = a["content"][:2000]
            return
        if tag == "title":
            self.in_title = True
            return
        if tag == "script":
            if "ld+json" in a.get("type", "").lower():
                self.in_jsonld = True
            self.skip_depth += 1
            return
        if tag in _SKIP_TAGS and tag != "head" or (self.drop_boilerplate and tag in _BOILERPLATE_TAGS):
            self.skip_depth += 1
            return
        if tag == "h1":
            self.in_h1 = True
        if tag in _BLOCK_TAGS:
            self._emit("\n")

    def handle_endtag(self, tag):
        tag = tag.lower()
        if tag == "title":
            self.in_title = False
            return
        if tag == "script":
            self.in_jsonld = False
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in _SKIP_TAGS and tag != "head" or (self.drop_boilerplate and tag in _BOILERPLATE_TAGS):
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag == "h1":
            self.in_h1 = False
        if tag in _BLOCK_TAGS:
            self._emit("\n")

    def handle_data(self, data):
        if self.in_title:
            if sum(len(p) for p in self.title_parts) < 1000:
                self.title_parts.append(data)
            return
        if self.in_jsonld:
            if sum(len(p) for p in self.jsonld) < 200_000:
                self.jsonld.append(data)
            return
        if self.skip_depth:
            return
        if self.in_h1 and sum(len(p) for p in self.h1) < 1000:
            self.h1.append(data)
        self._emit(data)

    def _emit(self, s: str):
        if s == "\n" and self.parts and self.parts[-1] == "\n":
            return
        if self.size < self.max_chars:
            self.parts.append(s)
            self.size += len(s)

    def text(self) -> str:
        raw = "".join(self.parts)[: self.max_chars]
        lines = [re.sub(r"[ \t\r\f\v\u00a0]+", " ", ln).strip() for ln in raw.split("\n")]
        out: list[str] = []
        for ln in lines:
            if ln or (out and out[-1]):
                out.append(ln)
        return "\n".join(out).strip()


def _run_stripper(html: str, **kwargs) -> _Stripper:
    p = _Stripper(**kwargs)
    try:
        for start in range(0, len(html), 65536):
            p.feed(html[start : start + 65536])
            if p.size >= p.max_chars:
                break  # enough text: stop parsing (bounds the time spent on huge pages)
        p.close()
    except Exception:  # html.parser is lenient; this is a last line of defence
        log.debug("html.parser gave up", exc_info=True)
    return p


def html_to_text(fragment: str, max_chars: int = MAX_TEXT_CHARS) -> str:
    """Visible text of an HTML fragment (scripts and styles dropped, block elements → newlines)."""
    if not fragment:
        return ""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    return _run_stripper(fragment[: max_chars * 4], collect_meta=False, max_chars=max_chars).text()


@dataclass(slots=True)
class Extracted:
    url: str | None
    title: str | None
    text: str
    author: str | None = None
    published_at: datetime | None = None
    sitename: str | None = None
    description: str | None = None
    lang: str | None = None
    method: str = "trafilatura"  # trafilatura | fallback
    truncated: bool = False
    warnings: list[str] = field(default_factory=list)

    def to_raw_item(self, *, platform: str = "web", external_id: str | None = None) -> RawItem:
        return RawItem(
            platform=platform,
            external_id=external_id,
            text=self.text,
            url=self.url,
            title=self.title,
            author_name=self.author,
            published_at=self.published_at,
            lang=self.lang,
            kind="article",
            raw={
                "sitename": self.sitename,
                "description": self.description,
                "method": self.method,
                "truncated": self.truncated,
            },
        )


_CHARSET_RE = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{1,40})""", re.I)


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode HTML bytes: charset from Content-Type, else ``<meta charset>``, else UTF-8, else cp1252."""
    candidates: list[str] = []
    if content_type and (m := re.search(r"charset=([\w\-:.]+)", content_type, re.I)):
        candidates.append(m.group(1))
    if m := _CHARSET_RE.search(data[:4096]):
        candidates.append(m.group(1).decode("ascii", "ignore"))
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    for enc in candidates:
        try:
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    from pantau.ingest.importers._base import parse_datetime

    try:
        return parse_datetime(value.strip())
    except (ValueError, OverflowError):
        return None


def _jsonld_fields(blobs: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    text = "".join(blobs)
    if not text.strip():
        return found
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        # several <script> blocks concatenated: fall back to regexes for the two keys we need
        for key in ("datePublished", "headline"):
            if m := re.search(rf'"{key}"\s*:\s*"([^"]{{1,300}})"', text):
                found[key] = m.group(1)
        return found
    stack = [data]
    seen = 0
    while stack and seen < 500:
        seen += 1
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node[:50])
        elif isinstance(node, dict):
            for key in ("datePublished", "headline"):
                if isinstance(node.get(key), str) and key not in found:
                    found[key] = node[key]
            auth = node.get("author")
            if "author" not in found:
                if isinstance(auth, dict) and isinstance(auth.get("name"), str):
                    found["author"] = auth["name"]
                elif (
                    isinstance(auth, list)
                    and auth
                    and isinstance(auth[0], dict)
                    and isinstance(auth[0].get("name"), str)
                ):
                    found["author"] = auth[0]["name"]
                elif isinstance(auth, str):
                    found["author"] = auth
            stack.extend(v for v in node.values() if isinstance(v, dict | list))
    return found


_CONFIG = None


def _trafilatura_config():
    global _CONFIG
    if _CONFIG is None:
        from trafilatura.settings import use_config

        cfg = use_config()
        cfg.set("DEFAULT", "MAX_TREE_SIZE", str(MAX_TREE_SIZE))
        cfg.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")  # signal-based; not usable in worker threads
        _CONFIG = cfg
    return _CONFIG


def extract(
    html: bytes | str,
    url: str | None = None,
    *,
    content_type: str | None = None,
    max_bytes: int = MAX_HTML_BYTES,
) -> Extracted:
    """Extract an article from HTML. Never raises on hostile input; ``method`` tells which path ran."""
    truncated = False
    if isinstance(html, bytes | bytearray):
        if len(html) > max_bytes:
            html, truncated = bytes(html[:max_bytes]), True
        doc = decode_html(bytes(html), content_type)
    else:
        doc = html
        if len(doc) > max_bytes:
            doc, truncated = doc[:max_bytes], True
    warnings: list[str] = []
    if truncated:
        warnings.append(f"HTML dipotong pada {max_bytes} bita")
    head_end = doc.find("</head")
    head_end = head_end if 0 <= head_end < HEAD_SCAN_CHARS else HEAD_SCAN_CHARS
    meta_pass = _run_stripper(doc[: head_end + 7], drop_boilerplate=True)
    meta = meta_pass.meta
    ld = _jsonld_fields(meta_pass.jsonld)
    title = (
        meta.get("og:title")
        or ld.get("headline")
        or "".join(meta_pass.h1).strip()
        or "".join(meta_pass.title_parts).strip()
        or None
    )
    author = next((meta[k] for k in _AUTHOR_META if meta.get(k) and not meta[k].startswith("http")), None)
    author = author or ld.get("author")
    published = None
    for key in _DATE_META:
        published = _parse_date(meta.get(key))
        if published:
            break
    published = published or _parse_date(ld.get("datePublished"))

    text = ""
    method = "trafilatura"
    sitename = description = lang = None
    tags = doc.count("<")
    if tags > TRAFILATURA_MAX_TAGS:
        warnings.append(f"terlalu banyak tag ({tags}); trafilatura dilewati")
    elif len(doc) > TRAFILATURA_MAX_CHARS:
        warnings.append(f"HTML terlalu panjang ({len(doc)} karakter); trafilatura dilewati")
    else:
        try:
            import trafilatura

            result = trafilatura.bare_extraction(
                doc,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
                fast=tags > FAST_ABOVE_TAGS,
                config=_trafilatura_config(),
            )
        except Exception as exc:  # trafilatura/lxml on hostile input: fall back, never crash the pipeline
            warnings.append(f"trafilatura gagal: {type(exc).__name__}")
            result = None
        if result is not None and not isinstance(result, dict):
            text = (result.text or "").strip()
            title = title or result.title
            author = author or result.author
            if published is None and result.date:
                published = _parse_date(result.date)  # a day only, taken at 00:00 WIB
            sitename, description, lang = result.sitename, result.description, result.language
    if not text:
        method = "fallback"
        text = _run_stripper(doc, collect_meta=False, drop_boilerplate=True).text()
    sitename = sitename or meta.get("og:site_name")
    description = description or meta.get("og:description") or meta.get("description")
    lang = lang or meta_pass.lang
    if len(text) > MAX_TEXT_CHARS:
        text = text[:MAX_TEXT_CHARS]
        truncated = True
    return Extracted(
        url=url,
        title=(title or "").strip()[:1000] or None,
        text=text,
        author=(author or "").strip()[:300] or None,
        published_at=published.astimezone(UTC) if published else None,
        sitename=sitename,
        description=description,
        lang=lang,
        method=method,
        truncated=truncated,
        warnings=warnings,
    )
