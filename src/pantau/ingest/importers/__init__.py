"""Importers for platform exports. Each takes bytes or a binary file object and returns an ``ImportResult``.

=============  ==========================================  ====================================
format         what                                        function
=============  ==========================================  ====================================
twitter-v2     X/Twitter API v2 JSON                       :func:`import_twitter_v2`
meta-csv       Meta Content Library / CrowdTangle CSV      :func:`import_meta_csv`
tiktok         TikTok Research API JSON                    :func:`import_tiktok`
telegram       Telegram Desktop JSON export                :func:`import_telegram`
whatsapp       WhatsApp "export chat" .txt                 :func:`import_whatsapp`
youtube        YouTube Data API commentThreads JSON        :func:`import_youtube`
csv            generic CSV + column mapping                :func:`import_csv`
jsonl          generic JSON Lines + column mapping         :func:`import_jsonl`
rss            RSS / Atom feed                             :func:`pantau.ingest.feeds.import_feed`
=============  ==========================================  ====================================

Malformed records are reported one by one in ``result.errors`` (row/line number and an Indonesian message)
while the rest imports. A file that is not the expected format at all gives ``result.fatal`` and one error
naming the format expected. Files are read up to ``MAX_IMPORT_BYTES`` (256 MiB, ``max_bytes=`` to change);
text is decoded as UTF-8 (BOM or not), UTF-16/32 with a BOM, else cp1252.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from pantau.ingest.importers._base import (
    DEFAULT_TZ,
    MAX_ERRORS_KEPT,
    MAX_IMPORT_BYTES,
    MAX_TEXT_CHARS,
    ImportResult,
    RowError,
    decode_text,
    parse_count,
    parse_datetime,
)
from pantau.ingest.importers.generic import import_csv, import_jsonl
from pantau.ingest.importers.meta import import_meta_csv
from pantau.ingest.importers.telegram import import_telegram
from pantau.ingest.importers.tiktok import import_tiktok
from pantau.ingest.importers.twitter import import_twitter_v2
from pantau.ingest.importers.whatsapp import ANDROID_RE, IOS_RE, import_whatsapp
from pantau.ingest.importers.youtube import import_youtube

__all__ = [
    "DEFAULT_TZ",
    "FORMATS",
    "MAX_ERRORS_KEPT",
    "MAX_IMPORT_BYTES",
    "MAX_TEXT_CHARS",
    "ImportResult",
    "RowError",
    "decode_text",
    "detect_format",
    "get_importer",
    "import_csv",
    "import_file",
    "import_jsonl",
    "import_meta_csv",
    "import_telegram",
    "import_tiktok",
    "import_twitter_v2",
    "import_whatsapp",
    "import_youtube",
    "parse_count",
    "parse_datetime",
]


def _import_rss(source, **kwargs) -> ImportResult:
    from pantau.ingest.feeds import import_feed

    return import_feed(source, **kwargs)


FORMATS: dict[str, Callable[..., ImportResult]] = {
    "twitter-v2": import_twitter_v2,
    "meta-csv": import_meta_csv,
    "tiktok": import_tiktok,
    "telegram": import_telegram,
    "whatsapp": import_whatsapp,
    "youtube": import_youtube,
    "csv": import_csv,
    "jsonl": import_jsonl,
    "rss": _import_rss,
}


def get_importer(fmt: str) -> Callable[..., ImportResult]:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise ValueError(
            f"format impor tidak dikenal: {fmt!r}; pilih salah satu dari {', '.join(FORMATS)}"
        ) from None


def import_file(fmt: str, source, **kwargs: Any) -> ImportResult:
    """``import_file("whatsapp", fh, filename="chat.txt")``: dispatch to the importer of ``fmt``."""
    return get_importer(fmt)(source, **kwargs)


def _has(text: str, *keys: str) -> bool:
    return all(re.search(r'"' + re.escape(k) + r'"\s*:', text) for k in keys)


def detect_format(filename: str | None, head_bytes: bytes) -> str | None:
    """Guess the format from the file name and its first bytes (a few KiB are enough).

    Returns one of the ``FORMATS`` keys, or ``None`` when nothing fits. Content wins over the extension.
    """
    text, _ = decode_text(head_bytes[:65536])
    head = text.lstrip("\ufeff \t\r\n")
    ext = PurePath(filename).suffix.lower() if filename else ""
    if head.startswith("<") or ext in (".rss", ".atom", ".xml"):
        low = head[:4096].lower()
        if "<rss" in low or "<feed" in low or "<rdf:rdf" in low:
            return "rss"
        if ext in (".rss", ".atom"):
            return "rss"
    if head.startswith(("{", "[")):
        if _has(head, "topLevelComment") or "youtube#comment" in head:
            return "youtube"
        if _has(head, "videos") and (_has(head, "create_time") or _has(head, "video_description")):
            return "tiktok"
        if (
            _has(head, "messages")
            and (
                _has(head, "from_id")
                or _has(head, "date_unixtime")
                or re.search(r'"type"\s*:\s*"(message|service)"', head)
            )
        ) or (_has(head, "chats") and _has(head, "list")):
            return "telegram"
        if _has(head, "data") and (
            _has(head, "author_id") or _has(head, "public_metrics") or _has(head, "edit_history_tweet_ids")
        ):
            return "twitter-v2"
        if ext in (".jsonl", ".ndjson") or (head.startswith("{") and "\n{" in head):
            return "jsonl"
        if head.startswith("[") and ext == ".json":
            return "jsonl"
        return "jsonl" if ext in (".json", ".jsonl", ".ndjson") else None
    lines = [
        ln.replace("\u200e", "").replace("\u202f", " ").replace("\u00a0", " ")
        for ln in head.splitlines()[:30]
    ]
    if sum(1 for ln in lines if ANDROID_RE.match(ln) or IOS_RE.match(ln)) >= 1 and ext in ("", ".txt"):
        return "whatsapp"
    first = lines[0] if lines else ""
    if "Post Created" in first and re.search(r"Page Name|Group Name|Facebook Id|User Name|Account", first):
        return "meta-csv"
    if re.search(r"(^|[,;\t])\"?creation_time\"?([,;\t]|$)", first) and re.search(
        r"post_owner|statistics\.", first
    ):
        return "meta-csv"
    if ext in (".csv", ".tsv") or (first.count(",") >= 1 or first.count(";") >= 1 or first.count("\t") >= 1):
        return "csv" if ext in (".csv", ".tsv", "") else None
    return None
