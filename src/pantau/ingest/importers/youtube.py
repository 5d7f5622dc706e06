"""YouTube Data API v3 comments: ``commentThreads.list`` responses (and ``comments.list`` for replies).

``{"kind": "youtube#commentThreadListResponse", "items": [{"kind": "youtube#commentThread", "id": ...,
"snippet": {"videoId": ..., "topLevelComment": {"id": ..., "snippet": {"textOriginal": ..., "textDisplay":
..., "authorDisplayName": "@budi", "authorChannelId": {"value": "UC..."}, "likeCount": 3, "publishedAt":
"2024-11-20T01:15:02Z", ...}}, "totalReplyCount": 2}, "replies": {"comments": [...]}}]}``, an array of such
pages, or JSON Lines with one page per line. Each top-level comment and each reply becomes one item; a
reply has ``kind="reply"`` and ``parent_id`` set. ``comments`` of a top-level comment is
``totalReplyCount``.
"""

from __future__ import annotations

import html
import re
from typing import Any

from pantau.ingest.importers._base import (
    MAX_IMPORT_BYTES,
    ImportResult,
    Source,
    clip_text,
    is_bad_line,
    load_json_documents,
    open_text,
    parse_count,
    parse_datetime,
)
from pantau.ingest.items import RawItem

FORMAT = "youtube"
EXPECTED = (
    'Berkas bukan JSON YouTube Data API commentThreads yang dikenali: diharapkan objek dengan larik "items" '
    "berisi snippet.topLevelComment.snippet (textOriginal, authorDisplayName, publishedAt, likeCount)."
)
_TAG_RE = re.compile(r"<[^>]{0,500}>")


def import_youtube(
    source: Source, *, max_bytes: int = MAX_IMPORT_BYTES, filename: str | None = None
) -> ImportResult:
    opened = open_text(FORMAT, source, max_bytes, filename)
    if isinstance(opened, ImportResult):
        return opened
    text, encoding = opened
    docs, err = load_json_documents(text)
    if err:
        return ImportResult.failed(FORMAT, f"{EXPECTED} ({err})", filename=filename)
    result = ImportResult(format=FORMAT, encoding=encoding, filename=filename)
    entries: list[tuple[int, Any]] = []
    pages = 0
    for lineno, doc in docs:
        if is_bad_line(doc):
            result.total += 1
            result.add_error(result.total, "baris JSON tidak sah", line=lineno)
            continue
        for page in doc if isinstance(doc, list) else [doc]:
            if (
                isinstance(page, dict)
                and isinstance(page.get("items"), list)
                and (
                    str(page.get("kind", "")).startswith("youtube#comment")
                    or _has_comment_items(page["items"])
                )
            ):
                pages += 1
                entries.extend((lineno, e) for e in page["items"])
    if pages == 0:
        return ImportResult.failed(FORMAT, EXPECTED, filename=filename)
    for lineno, entry in entries:
        result.total += 1
        row = result.total
        line = lineno if len(docs) > 1 else None
        try:
            top, replies = _entry_to_items(entry)
        except ValueError as exc:
            result.add_error(row, f"utas komentar ke-{row}: {exc}", line=line)
            continue
        top.source_line = row
        result.items.append(top)
        for reply in replies:
            if isinstance(reply, ValueError):
                result.add_error(row, f"balasan dalam utas ke-{row}: {reply}", line=line)
            else:
                reply.source_line = row
                result.items.append(reply)
    return result


def _has_comment_items(items: list) -> bool:
    return any(isinstance(i, dict) and isinstance(i.get("snippet"), dict) for i in items[:5])


def _comment_item(comment: Any, video_id: str | None, kind: str, parent: str | None = None) -> RawItem:
    if not isinstance(comment, dict):
        raise ValueError("bukan objek komentar")
    cid = comment.get("id")
    snip = comment.get("snippet")
    if not cid or not isinstance(snip, dict):
        raise ValueError("komentar tanpa id atau snippet")
    text = snip.get("textOriginal")
    if not isinstance(text, str):
        display = snip.get("textDisplay")
        if not isinstance(display, str):
            raise ValueError("komentar tanpa textOriginal/textDisplay")
        text = html.unescape(_TAG_RE.sub("", display.replace("<br>", "\n")))
    if not snip.get("publishedAt"):
        raise ValueError("komentar tanpa publishedAt")
    published = parse_datetime(snip["publishedAt"])
    video_id = snip.get("videoId") or video_id
    author = snip.get("authorDisplayName")
    channel = snip.get("authorChannelId")
    channel_id = channel.get("value") if isinstance(channel, dict) else None
    url = f"https://www.youtube.com/watch?v={video_id}&lc={cid}" if video_id else None
    return RawItem(
        platform="youtube",
        external_id=str(cid),
        text=clip_text(text, snip),
        url=url,
        author_handle=author if isinstance(author, str) and author.startswith("@") else channel_id,
        author_name=author,
        author_id=channel_id,
        published_at=published,
        likes=parse_count(snip.get("likeCount"), "likeCount"),
        parent_id=parent or snip.get("parentId"),
        kind=kind,
        raw=comment,
    )


def _entry_to_items(entry: Any) -> tuple[RawItem, list[RawItem | ValueError]]:
    if not isinstance(entry, dict) or not isinstance(entry.get("snippet"), dict):
        raise ValueError("bukan objek commentThread")
    snippet = entry["snippet"]
    if entry.get("kind") == "youtube#comment" or "topLevelComment" not in snippet:
        # comments.list item (a single comment or reply)
        if entry.get("kind") == "youtube#commentThread":
            raise ValueError("snippet.topLevelComment tidak ada")
        kind = "reply" if snippet.get("parentId") else "comment"
        return _comment_item(entry, None, kind), []
    video_id = snippet.get("videoId")
    top = _comment_item(snippet["topLevelComment"], video_id, "comment")
    top.comments = parse_count(snippet.get("totalReplyCount"), "totalReplyCount")
    replies: list[RawItem | ValueError] = []
    rep = entry.get("replies")
    if isinstance(rep, dict):
        for c in rep.get("comments") or []:
            try:
                replies.append(_comment_item(c, video_id, "reply", top.external_id))
            except ValueError as exc:
                replies.append(exc)
    return top, replies
