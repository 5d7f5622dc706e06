"""TikTok Research API JSON: the response of ``POST /v2/research/video/query/``.

``{"data": {"videos": [...], "cursor": 100, "has_more": true, "search_id": "..."}, "error": {"code": "ok",
...}}``, an array of such pages, or JSON Lines with one page per line. Video fields used: ``id``,
``create_time`` (Unix epoch, UTC), ``username``, ``video_description``, ``region_code``, ``like_count``,
``comment_count``, ``share_count``, ``view_count``, ``hashtag_names``, ``voice_to_text``. The Research API
gives no follower count with a video (that is ``/v2/research/user/info/``), so ``author_followers`` is ``None``
unless a ``follower_count`` field was merged into the record.
"""

from __future__ import annotations

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

FORMAT = "tiktok"
EXPECTED = (
    'Berkas bukan JSON TikTok Research API yang dikenali: diharapkan objek {"data": {"videos": [...]}} '
    "dengan id, create_time, username, video_description, like_count, comment_count, share_count, view_count."
)


def import_tiktok(
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
    videos: list[tuple[int, Any]] = []
    pages = 0
    api_errors: list[str] = []
    for lineno, doc in docs:
        if is_bad_line(doc):
            result.total += 1
            result.add_error(result.total, "baris JSON tidak sah", line=lineno)
            continue
        for page in doc if isinstance(doc, list) else [doc]:
            if not isinstance(page, dict):
                continue
            data = page.get("data")
            if isinstance(data, dict) and "videos" in data:
                pages += 1
                vids = data["videos"]
                if isinstance(vids, list):
                    videos.extend((lineno, v) for v in vids)
                else:
                    result.total += 1
                    result.add_error(result.total, '"data.videos" bukan larik', line=lineno)
            error = page.get("error")
            if isinstance(error, dict) and error.get("code") not in (None, "ok"):
                api_errors.append(f"{error.get('code')}: {error.get('message', '')}".strip())
    if pages == 0:
        msg = EXPECTED
        if api_errors:
            msg += f" API TikTok mengembalikan galat: {api_errors[0][:200]}"
        return ImportResult.failed(FORMAT, msg, filename=filename)
    for lineno, video in videos:
        result.total += 1
        row = result.total
        try:
            item = _video_to_item(video)
        except ValueError as exc:
            result.add_error(row, f"video ke-{row}: {exc}", line=lineno if len(docs) > 1 else None)
            continue
        item.source_line = row
        result.items.append(item)
    return result


def _video_to_item(video: Any) -> RawItem:
    if not isinstance(video, dict):
        raise ValueError("bukan objek video")
    vid = video.get("id")
    if vid is None or not str(vid).strip().isdigit():
        raise ValueError(f"id video tidak sah: {vid!r}")
    vid = str(vid).strip()
    if video.get("create_time") is None:
        raise ValueError('kolom "create_time" tidak ada')
    published = parse_datetime(video["create_time"])
    username = video.get("username")
    description = video.get("video_description") or ""
    if not isinstance(description, str):
        raise ValueError('"video_description" bukan teks')
    url = (
        f"https://www.tiktok.com/@{username}/video/{vid}"
        if username
        else f"https://www.tiktok.com/video/{vid}"
    )
    return RawItem(
        platform="tiktok",
        external_id=vid,
        text=clip_text(description, video),
        url=url,
        author_handle=username,
        author_name=username,
        author_followers=parse_count(video.get("follower_count"), "follower_count"),
        published_at=published,
        likes=parse_count(video.get("like_count"), "like_count"),
        shares=parse_count(video.get("share_count"), "share_count"),
        comments=parse_count(video.get("comment_count"), "comment_count"),
        views=parse_count(video.get("view_count"), "view_count"),
        media=["video"],
        region_code=video.get("region_code"),
        kind="post",
        raw=video,
    )
