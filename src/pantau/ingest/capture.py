"""One call for a scheduled source: fetch a URL, keep the WARC, and turn the response into RawItems.

``capture(fetcher, url)`` returns a :class:`Capture`:

* ``result`` — the :class:`~pantau.ingest.fetch.FetchResult`;
* ``warc`` — a :class:`~pantau.ingest.warc.WarcBlob` of the exchange (``None`` for a 304: nothing new);
* ``kind`` — ``"feed"`` (RSS/Atom: one item per entry), ``"page"`` (HTML: one article item),
  ``"not_modified"`` or ``"error"`` (a non-2xx status: no items, the WARC still records it);
* ``items`` — the RawItems; ``extracted`` — the :class:`~pantau.ingest.extract.Extracted` of a page;
* ``feed_errors`` — per-entry feed errors.

Fetch failures (refused, too large, timeout ...) propagate as :class:`~pantau.ingest.fetch.FetchError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pantau.ingest.extract import Extracted, extract
from pantau.ingest.feeds import import_feed
from pantau.ingest.fetch import Fetcher, FetchResult
from pantau.ingest.importers._base import RowError
from pantau.ingest.items import RawItem
from pantau.ingest.warc import WarcBlob, warc_for_fetch

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)


@dataclass(slots=True)
class Capture:
    url: str
    kind: str
    result: FetchResult
    warc: WarcBlob | None
    items: list[RawItem] = field(default_factory=list)
    extracted: Extracted | None = None
    feed_errors: list[RowError] = field(default_factory=list)


def _looks_like_feed(result: FetchResult) -> bool:
    ctype = (result.content_type or "").split(";", 1)[0].strip().lower()
    head = result.body[:2048].lstrip().lower()
    if ctype in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
        return True
    if ctype in FEED_TYPES or not ctype:
        return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head
    return False


def capture(
    fetcher: Fetcher,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    expect: str | None = None,
    warc_info: dict | None = None,
) -> Capture:
    """Fetch ``url`` and interpret it. ``expect="feed"`` or ``"page"`` forces the interpretation."""
    result = fetcher.fetch(url, etag=etag, last_modified=last_modified)
    if result.not_modified:
        return Capture(url=url, kind="not_modified", result=result, warc=None)
    warc = warc_for_fetch(result, info=warc_info)
    if not result.ok:
        return Capture(url=url, kind="error", result=result, warc=warc)
    is_feed = expect == "feed" or (expect is None and _looks_like_feed(result))
    if is_feed:
        imported = import_feed(result.body, feed_url=result.final_url)
        return Capture(
            url=url, kind="feed", result=result, warc=warc, items=imported.items, feed_errors=imported.errors
        )
    extracted = extract(result.body, result.final_url, content_type=result.content_type)
    item = extracted.to_raw_item()
    item.raw.update({"fetched_at": result.fetched_at.isoformat(), "warc_sha256": warc.sha256})
    return Capture(url=url, kind="page", result=result, warc=warc, items=[item], extracted=extracted)
