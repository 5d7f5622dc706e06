"""Telegram Desktop JSON export ("Export chat history" → JSON, file ``result.json``).

A single chat: ``{"name": ..., "type": "public_channel", "id": 1234567890, "messages": [...]}``; a full
account export: ``{"chats": {"list": [chat, ...]}}``. Message fields used: ``id``, ``type`` (``"message"``;
``"service"`` messages are joins, pins, title changes and are skipped), ``date`` (local time of the exporting
computer, no offset), ``date_unixtime`` (UTC epoch, newer exports; preferred), ``from``, ``from_id``
(``"user123"``/``"channel123"``), ``text`` (a string, or a list of strings and entity objects
``{"type": "bold", "text": "..."}``), ``photo``/``file``/``media_type``, ``forwarded_from``,
``reply_to_message_id``, ``reactions`` (``[{"type": "emoji", "count": 5, ...}]``), ``views`` where present.

Pass ``channel_username="nama_kanal"`` to build public ``https://t.me/nama_kanal/ID`` links: the export
does not contain the channel's username.
"""

from __future__ import annotations

from typing import Any

from pantau.ingest.importers._base import (
    DEFAULT_TZ,
    MAX_IMPORT_BYTES,
    ImportResult,
    Source,
    clip_text,
    load_json_documents,
    open_text,
    parse_count,
    parse_datetime,
)
from pantau.ingest.items import RawItem

FORMAT = "telegram"
EXPECTED = (
    "Berkas bukan ekspor JSON Telegram Desktop (result.json) yang dikenali: diharapkan objek dengan larik "
    '"messages" (id, type, date, from, from_id, text).'
)


def flatten_text(value: Any) -> str:
    """Telegram ``text``: a string, or a list of strings and ``{"type": ..., "text": ...}`` entities."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        parts = []
        for part in value:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            else:
                raise ValueError("entitas teks tidak sah")
        return "".join(parts)
    raise ValueError('kolom "text" bukan teks atau larik')


def import_telegram(
    source: Source,
    *,
    max_bytes: int = MAX_IMPORT_BYTES,
    filename: str | None = None,
    tz=DEFAULT_TZ,
    channel_username: str | None = None,
) -> ImportResult:
    opened = open_text(FORMAT, source, max_bytes, filename)
    if isinstance(opened, ImportResult):
        return opened
    text, encoding = opened
    docs, err = load_json_documents(text)
    if err or len(docs) != 1:
        return ImportResult.failed(
            FORMAT, f"{EXPECTED} ({err or 'bukan satu dokumen JSON'})", filename=filename
        )
    doc = docs[0][1]
    chats: list[dict] = []
    if isinstance(doc, dict) and isinstance(doc.get("messages"), list):
        chats = [doc]
    elif isinstance(doc, dict) and isinstance(doc.get("chats"), dict):
        chats = [
            c
            for c in doc["chats"].get("list") or []
            if isinstance(c, dict) and isinstance(c.get("messages"), list)
        ]
    if not chats:
        return ImportResult.failed(FORMAT, EXPECTED, filename=filename)
    result = ImportResult(format=FORMAT, encoding=encoding, filename=filename)
    for chat in chats:
        for msg in chat["messages"]:
            result.total += 1
            row = result.total
            if isinstance(msg, dict) and msg.get("type") == "service":
                result.skipped += 1
                continue
            try:
                item = _message_to_item(msg, chat, tz, channel_username)
            except ValueError as exc:
                mid = msg.get("id") if isinstance(msg, dict) else None
                result.add_error(row, f"pesan ke-{row} (id {mid}): {exc}")
                continue
            if item is None:
                result.skipped += 1
                continue
            item.source_line = row
            result.items.append(item)
    return result


def _message_to_item(msg: Any, chat: dict, tz, channel_username: str | None) -> RawItem | None:
    if not isinstance(msg, dict):
        raise ValueError("bukan objek pesan")
    mid = msg.get("id")
    if isinstance(mid, bool) or not isinstance(mid, int | str) or not str(mid).lstrip("-").isdigit():
        raise ValueError(f"id pesan tidak sah: {mid!r}")
    if msg.get("date_unixtime"):
        published = parse_datetime(msg["date_unixtime"])
    elif msg.get("date"):
        published = parse_datetime(msg["date"], tz)
    else:
        raise ValueError('kolom "date" tidak ada')
    body = flatten_text(msg.get("text"))
    media = []
    for key in ("photo", "file", "thumbnail"):
        if isinstance(msg.get(key), str):
            media.append(msg[key])
            break
    if msg.get("media_type"):
        media.append(str(msg["media_type"]))
    if msg.get("poll") and isinstance(msg["poll"], dict):
        body = body or str(msg["poll"].get("question") or "")
    if not body and not media:
        return None  # empty message (e.g. a deleted one): nothing to analyse
    reactions = msg.get("reactions")
    likes = None
    if isinstance(reactions, list):
        likes = sum(
            parse_count(r.get("count"), "reactions.count") or 0 for r in reactions if isinstance(r, dict)
        )
    chat_id = chat.get("id")
    url = f"https://t.me/{channel_username}/{mid}" if channel_username else None
    from_id = msg.get("from_id") or msg.get("actor_id")
    return RawItem(
        platform="telegram",
        external_id=f"{chat_id}/{mid}" if chat_id is not None else str(mid),
        text=clip_text(body, msg),
        url=url,
        title=chat.get("name"),
        author_handle=str(from_id) if from_id else None,
        author_name=msg.get("from") or msg.get("author") or chat.get("name"),
        author_id=str(from_id) if from_id else None,
        published_at=published,
        likes=likes,
        views=parse_count(msg.get("views"), "views"),
        media=media,
        parent_id=str(msg["reply_to_message_id"]) if msg.get("reply_to_message_id") else None,
        kind="message",
        raw={**msg, "_chat": {"id": chat_id, "name": chat.get("name"), "type": chat.get("type")}},
    )
