"""RSS and Atom feeds of local online media → ``RawItem`` (one per entry), via feedparser.

The feed is always passed to feedparser as bytes (never a URL or a path: feedparser would fetch it
itself, bypassing the SSRF-safe fetcher). Entry HTML is reduced to text with the same safe HTML stripper
as :mod:`pantau.ingest.extract`. Input is capped at ``MAX_FEED_BYTES``.
"""

from __future__ import annotations

import calendar
from datetime import UTC, datetime
from typing import Any

import feedparser

from pantau.ingest.extract import html_to_text
from pantau.ingest.importers._base import ImportResult, InputTooLarge, Source, clip_text, read_input
from pantau.ingest.items import RawItem

FORMAT = "rss"
#: Largest feed document parsed (bytes).
MAX_FEED_BYTES = 20 * 1024 * 1024
EXPECTED = "Berkas bukan umpan RSS/Atom yang dikenali (diharapkan XML dengan <rss>, <feed> atau <rdf:RDF>)."


def _struct_to_dt(value) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _entry_text(entry: Any) -> str:
    contents = entry.get("content") or []
    for c in contents:
        value = c.get("value") if isinstance(c, dict) else None
        if value:
            return html_to_text(value) if "html" in (c.get("type") or "html") else value
    summary = entry.get("summary") or entry.get("description") or ""
    return html_to_text(summary) if summary else ""


def import_feed(
    source: Source,
    *,
    max_bytes: int = MAX_FEED_BYTES,
    filename: str | None = None,
    feed_url: str | None = None,
) -> ImportResult:
    """Parse an RSS 0.9x/1.0/2.0 or Atom document. ``feed_url`` resolves relative links."""
    try:
        data = read_input(source, max_bytes)
    except InputTooLarge as exc:
        return ImportResult.failed(FORMAT, str(exc), filename=filename)
    if not data.strip():
        return ImportResult.failed(FORMAT, "Berkas kosong.", filename=filename)
    headers = {"content-location": feed_url} if feed_url else None
    try:
        parsed = feedparser.parse(
            data, response_headers=headers, sanitize_html=True, resolve_relative_uris=True
        )
    except Exception as exc:  # feedparser is defensive, but a parser crash must not stop the pipeline
        return ImportResult.failed(FORMAT, f"{EXPECTED} ({type(exc).__name__})", filename=filename)
    version = parsed.get("version") or ""
    if not parsed.entries and not version:
        detail = str(parsed.get("bozo_exception") or "")[:120]
        return ImportResult.failed(FORMAT, EXPECTED + (f" ({detail})" if detail else ""), filename=filename)
    result = ImportResult(format=FORMAT, encoding=parsed.get("encoding"), filename=filename)
    feed_meta = parsed.get("feed") or {}
    lang = feed_meta.get("language")
    feed_title = feed_meta.get("title")
    for n, entry in enumerate(parsed.entries, start=1):
        result.total += 1
        link = entry.get("link")
        title = html_to_text(entry.get("title") or "") or None
        text = _entry_text(entry)
        if not link and not title and not text:
            result.add_error(n, f"entri ke-{n}: tanpa tautan, judul, maupun isi")
            continue
        media: list[str] = []
        for m in entry.get("media_content") or []:
            if isinstance(m, dict) and m.get("url"):
                media.append(m["url"])
        for enc in entry.get("enclosures") or []:
            if isinstance(enc, dict) and enc.get("href"):
                media.append(enc["href"])
        published = _struct_to_dt(dict.get(entry, "published_parsed")) or _struct_to_dt(
            dict.get(entry, "updated_parsed")
        )
        raw = {
            "id": entry.get("id"),
            "link": link,
            "title": entry.get("title"),
            "published": entry.get("published") or entry.get("updated"),
            "author": entry.get("author"),
            "tags": [t.get("term") for t in entry.get("tags") or [] if isinstance(t, dict)],
            "feed_title": feed_title,
        }
        try:
            item = RawItem(
                platform="rss",
                external_id=entry.get("id") or link,
                text=clip_text(text or title or "", raw),
                url=link,
                title=title,
                author_name=entry.get("author") or None,
                published_at=published,
                media=media,
                lang=lang,
                kind="article",
                raw=raw,
                source_line=n,
            )
        except ValueError as exc:
            result.add_error(n, f"entri ke-{n}: {exc}")
            continue
        result.items.append(item)
    return result
