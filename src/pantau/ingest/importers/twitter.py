"""X/Twitter API v2 JSON: a ``GET /2/tweets/search/*`` or ``/2/users/:id/tweets`` response.

One response object ``{"data": [tweet, ...], "includes": {"users": [...], "media": [...]}, "meta": {...}}``,
an array of such pages, or JSON Lines with one page per line (as twarc2 writes). ``data`` may also be a
single tweet object (``GET /2/tweets/:id``).

Tweet fields used: ``id``, ``text`` (``note_tweet.text`` when present: the untruncated long post),
``created_at``, ``author_id``, ``lang``, ``conversation_id``, ``referenced_tweets``, ``attachments.media_keys``,
``public_metrics`` (``like_count``, ``retweet_count``, ``quote_count``, ``reply_count``,
``impression_count``). Users from ``includes.users``: ``username``, ``name``,
``public_metrics.followers_count``. Shares = retweets + quotes.
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

FORMAT = "twitter-v2"
EXPECTED = (
    'Berkas bukan ekspor JSON X/Twitter API v2 yang dikenali: diharapkan objek dengan larik "data" '
    'berisi tweet (id, text, created_at, author_id, public_metrics) dan "includes.users".'
)


def _looks_like_tweet(obj: Any) -> bool:
    return isinstance(obj, dict) and "id" in obj and ("text" in obj or "note_tweet" in obj)


def import_twitter_v2(
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
    users: dict[str, dict] = {}
    media: dict[str, dict] = {}
    # (line, tweet) pairs, in file order
    tweets: list[tuple[int, Any]] = []
    pages = 0
    for lineno, doc in docs:
        if is_bad_line(doc):
            result.total += 1
            result.add_error(result.total, "baris JSON tidak sah", line=lineno)
            continue
        page_list = doc if isinstance(doc, list) else [doc]
        for page in page_list:
            if isinstance(page, dict) and "data" in page:
                pages += 1
                includes = page.get("includes") or {}
                if isinstance(includes, dict):
                    for u in includes.get("users") or []:
                        if isinstance(u, dict) and u.get("id") is not None:
                            users[str(u["id"])] = u
                    for m in includes.get("media") or []:
                        if isinstance(m, dict) and m.get("media_key"):
                            media[str(m["media_key"])] = m
                data = page["data"]
                if isinstance(data, dict):
                    data = [data]
                if not isinstance(data, list):
                    result.total += 1
                    result.add_error(result.total, '"data" bukan larik tweet', line=lineno)
                    continue
                tweets.extend((lineno, t) for t in data)
            elif _looks_like_tweet(page):  # a bare array of tweets, or one tweet per JSONL line
                pages += 1
                tweets.append((lineno, page))
    if pages == 0:
        return ImportResult.failed(FORMAT, EXPECTED, filename=filename)

    for lineno, tweet in tweets:
        result.total += 1
        row = result.total
        try:
            item = _tweet_to_item(tweet, users, media)
        except ValueError as exc:
            result.add_error(row, f"tweet ke-{row}: {exc}", line=lineno if len(docs) > 1 else None)
            continue
        item.source_line = row
        result.items.append(item)
    return result


def _tweet_to_item(tweet: Any, users: dict[str, dict], media: dict[str, dict]) -> RawItem:
    if not isinstance(tweet, dict):
        raise ValueError("bukan objek tweet")
    tid = tweet.get("id")
    if tid is None or not str(tid).strip().isdigit():
        raise ValueError(f"id tweet tidak sah: {tid!r}")
    tid = str(tid).strip()
    note = tweet.get("note_tweet")
    text = note.get("text") if isinstance(note, dict) and note.get("text") else tweet.get("text")
    if not isinstance(text, str):
        raise ValueError('kolom "text" tidak ada')
    published = parse_datetime(tweet["created_at"]) if tweet.get("created_at") else None
    metrics = tweet.get("public_metrics") or {}
    if not isinstance(metrics, dict):
        raise ValueError('"public_metrics" bukan objek')
    likes = parse_count(metrics.get("like_count"), "like_count")
    rts = parse_count(metrics.get("retweet_count"), "retweet_count")
    quotes = parse_count(metrics.get("quote_count"), "quote_count")
    shares = None if rts is None and quotes is None else (rts or 0) + (quotes or 0)
    author_id = str(tweet["author_id"]) if tweet.get("author_id") is not None else None
    user = users.get(author_id or "", {})
    username = user.get("username")
    followers = None
    if isinstance(user.get("public_metrics"), dict):
        followers = parse_count(user["public_metrics"].get("followers_count"), "followers_count")
    kind, parent = "post", None
    for ref in tweet.get("referenced_tweets") or []:
        if isinstance(ref, dict):
            kind = {"replied_to": "reply", "retweeted": "repost", "quoted": "quote"}.get(
                ref.get("type"), kind
            )
            parent = str(ref.get("id")) if ref.get("id") is not None else parent
    media_list: list[str] = []
    attachments = tweet.get("attachments") or {}
    if isinstance(attachments, dict):
        for key in attachments.get("media_keys") or []:
            m = media.get(str(key), {})
            media_list.append(m.get("url") or m.get("preview_image_url") or f"{m.get('type', 'media')}:{key}")
    url = f"https://x.com/{username}/status/{tid}" if username else f"https://x.com/i/web/status/{tid}"
    return RawItem(
        platform="twitter",
        external_id=tid,
        text=clip_text(text, tweet),
        url=url,
        author_handle=username,
        author_name=user.get("name"),
        author_id=author_id,
        author_followers=followers,
        published_at=published,
        likes=likes,
        shares=shares,
        comments=parse_count(metrics.get("reply_count"), "reply_count"),
        views=parse_count(metrics.get("impression_count"), "impression_count"),
        media=media_list,
        lang=tweet.get("lang"),
        parent_id=parent,
        kind=kind,
        raw={"tweet": tweet, "user": user} if user else {"tweet": tweet},
    )
