"""WhatsApp "Export chat" text files (Android and iPhone, Indonesian and English phones).

Header lines recognised (``\\u200e`` marks and narrow no-break spaces are tolerated)::

    27/11/24 07.15 - Nama: pesan                 Android, Indonesian (time with a dot)
    27/11/2024, 07:15 - Nama: pesan              Android, English (UK/ID order)
    11/27/24, 7:15 AM - Name: msg                Android, English (US order, 12-hour clock)
    [27/11/2024, 07:15:02] Nama: pesan           iPhone
    [27/11/24 07.15.02] Nama: pesan              iPhone, Indonesian

Lines that do not start with a timestamp continue the previous message (multi-line messages). A header
without ``Name:`` is a system line ("Pesan dan panggilan terenkripsi end-to-end", "Budi menambahkan Ani",
"Messages and calls are end-to-end encrypted") and is skipped. Whether ``01/02/24`` is 1 February or
2 January is decided for the whole file: a first number above 12 anywhere means day-first, a second number
above 12 means month-first, else day-first unless the file uses AM/PM (pass ``dayfirst=`` to force it).

Media placeholders (``<Media tidak disertakan>``, ``<Media omitted>``, ``image omitted``,
``gambar tidak disertakan``, ``<attached: 0001-PHOTO.jpg>``, ``IMG-2024.jpg (file attached)``) go to
``RawItem.media`` and leave ``text`` empty (or the caption). Deleted-message notices are skipped.

Times are local phone time without an offset; they are taken in ``tz`` (default Asia/Jakarta, WIB).
A WhatsApp message has no id: ``external_id`` is a hash of time, author and text (plus an occurrence
number when the same author sends the same text in the same minute), so importing a file twice yields
the same ids.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime

from pantau.ingest.importers._base import (
    DEFAULT_TZ,
    MAX_IMPORT_BYTES,
    ImportResult,
    Source,
    clip_text,
    open_text,
)
from pantau.ingest.items import RawItem

FORMAT = "whatsapp"
EXPECTED = (
    "Berkas bukan ekspor obrolan WhatsApp (.txt) yang dikenali: diharapkan baris seperti "
    '"27/11/24 07.15 - Nama: pesan" atau "[27/11/2024, 07:15:02] Nama: pesan".'
)

_DATE = r"(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<y>\d{2}|\d{4})"
_TIME = r"(?P<H>\d{1,2})[.:](?P<M>\d{2})(?:[.:](?P<S>\d{2}))?(?:\s?(?P<ampm>[AaPp]\.?\s?[Mm]\.?))?"
ANDROID_RE = re.compile(rf"^{_DATE},?\s{_TIME}\s[-\u2013]\s(?P<rest>.*)$")
IOS_RE = re.compile(rf"^\[{_DATE},?\s{_TIME}\]\s(?P<rest>.*)$")
LOOSE_RE = re.compile(r"^\[?\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4},?\s\d{1,2}[.:]\d{2}")

_MARKS_RE = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")

_MEDIA_RES = [
    re.compile(r"^<\s*media\s+(tidak\s+disertakan|omitted|dihilangkan|dihapus)\s*>$", re.I),
    re.compile(
        r"^(image|video|audio|sticker|gif|document|contact card|photo|voice message)\s+omitted$",
        re.I,
    ),
    re.compile(
        r"^(gambar|foto|video|audio|stiker|gif|dokumen|kartu kontak|pesan suara)\s+(tidak\s+disertakan|dihilangkan)$",
        re.I,
    ),
    re.compile(r"^<\s*(attached|terlampir|lampiran)\s*:\s*(?P<file>[^>]+)>$", re.I),
    re.compile(r"^(?P<file>\S+\.\w{2,5})\s+\((file attached|file terlampir|berkas terlampir)\)$", re.I),
    re.compile(r"^(?P<file>.+?)\s+•\s+.*(document omitted|dokumen tidak disertakan)$", re.I),
]
_DELETED_RE = re.compile(
    r"^(this message was deleted|you deleted this message|pesan ini (telah )?dihapus|"
    r"anda menghapus pesan ini|pesan ini sudah dihapus|null)\.?$",
    re.I,
)
_EDITED_RE = re.compile(
    r"\s*<\s*(this message was edited|pesan ini (telah )?diedit|pesan diedit)\s*>\s*$", re.I
)
_SYSTEM_BODY_RE = re.compile(
    r"^(pesan dan panggilan terenkripsi|messages and calls are end-to-end encrypted|"
    r"messages to this group are now secured|pesan ke grup ini kini diamankan|"
    r"you created group|anda membuat grup|you were added|anda ditambahkan|"
    r"your security code with|kode keamanan anda dengan)",
    re.I,
)
_SYSTEM_HINTS = re.compile(
    r"(end-to-end|terenkripsi|security code|kode keamanan|menambahkan|added|removed|mengeluarkan|"
    r"bergabung|joined|keluar|\bleft\b|mengubah|changed|membuat grup|created group|admin|"
    r"pesan sementara|disappearing messages|tautan undangan|invite link|menyematkan|pinned)",
    re.I,
)


@dataclass
class _Header:
    line: int
    a: int
    b: int
    year: int
    hour: int
    minute: int
    second: int
    ampm: str | None
    rest: str
    body: list[str] = field(default_factory=list)
    lrm_body: bool = False  # iPhone marks system and media lines with U+200E after "Name: "


def _parse_header(line: str, lineno: int) -> _Header | None:
    m = ANDROID_RE.match(line) or IOS_RE.match(line)
    if not m:
        return None
    y = int(m["y"])
    ampm = m["ampm"].replace(".", "").replace(" ", "").upper() if m["ampm"] else None
    return _Header(
        line=lineno,
        a=int(m["a"]),
        b=int(m["b"]),
        year=y + 2000 if y < 100 else y,
        hour=int(m["H"]),
        minute=int(m["M"]),
        second=int(m["S"] or 0),
        ampm=ampm,
        rest=m["rest"],
    )


def _decide_dayfirst(headers: list[_Header]) -> bool:
    if any(h.a > 12 for h in headers):
        return True
    if any(h.b > 12 for h in headers):
        return False
    return not any(h.ampm for h in headers)


def _to_datetime(h: _Header, dayfirst: bool, tz) -> datetime:
    day, month = (h.a, h.b) if dayfirst else (h.b, h.a)
    hour = h.hour
    if h.ampm:
        if not 1 <= hour <= 12:
            raise ValueError(f"jam {hour} tidak sah untuk format 12 jam")
        hour = hour % 12 + (12 if h.ampm == "PM" else 0)
    try:
        return datetime(h.year, month, day, hour, h.minute, h.second, tzinfo=tz)
    except ValueError:
        raise ValueError(
            f"tanggal/waktu tidak sah: {h.a:02d}/{h.b:02d}/{h.year} {h.hour:02d}.{h.minute:02d}"
        ) from None


def _looks_like_phone(name: str) -> bool:
    return bool(re.fullmatch(r"\+?[\d\s\-()]{8,20}", name))


def import_whatsapp(
    source: Source,
    *,
    max_bytes: int = MAX_IMPORT_BYTES,
    filename: str | None = None,
    tz=DEFAULT_TZ,
    dayfirst: bool | None = None,
    chat_name: str | None = None,
) -> ImportResult:
    opened = open_text(FORMAT, source, max_bytes, filename)
    if isinstance(opened, ImportResult):
        return opened
    text, encoding = opened
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    headers: list[_Header] = []
    orphan_lines: list[int] = []
    bad_headers: list[int] = []
    current: _Header | None = None
    for lineno, raw_line in enumerate(text.split("\n"), start=1):
        line = _MARKS_RE.sub("", raw_line).replace("\u202f", " ").replace("\u00a0", " ")
        h = _parse_header(line, lineno)
        if h is not None:
            h.lrm_body = ": \u200e" in raw_line
            headers.append(h)
            current = h
            continue
        if LOOSE_RE.match(line):
            bad_headers.append(lineno)
            current = None  # its continuation lines belong to the broken message: dropped
            continue
        if current is not None:
            current.body.append(raw_line.replace("\u200e", ""))
        elif line.strip() and not headers:
            orphan_lines.append(lineno)
    if not headers:
        return ImportResult.failed(FORMAT, EXPECTED, filename=filename)

    result = ImportResult(format=FORMAT, encoding=encoding, filename=filename)
    if orphan_lines:
        result.total += 1
        lineno = orphan_lines[0]
        result.add_error(
            result.total,
            f"baris {lineno}: {len(orphan_lines)} baris teks sebelum pesan pertama, tanpa stempel waktu",
            line=lineno,
        )
    if dayfirst is None:
        dayfirst = _decide_dayfirst(headers)
    seen_ids: dict[str, int] = {}
    # messages and broken headers in file order, so row numbers follow the file
    events: list[tuple[int, _Header | None]] = [(h.line, h) for h in headers] + [
        (n, None) for n in bad_headers
    ]
    events.sort(key=lambda e: e[0])
    for lineno, h in events:
        result.total += 1
        row = result.total
        if h is None:
            result.add_error(row, f"baris {lineno}: stempel waktu tidak lengkap atau rusak", line=lineno)
            continue
        try:
            when = _to_datetime(h, dayfirst, tz)
        except ValueError as exc:
            result.add_error(row, f"baris {lineno}: {exc}", line=lineno)
            continue
        rest = h.rest
        author, sep, first = rest.partition(": ")
        if not sep and rest.endswith(":"):
            author, sep, first = rest[:-1], ":", ""
        if not sep or len(author) > 60 or (not _looks_like_phone(author) and _SYSTEM_HINTS.search(author)):
            result.skipped += 1  # system line
            continue
        author = author.strip()
        body = "\n".join([first, *h.body]).rstrip("\n")
        plain = _MARKS_RE.sub("", body).strip()
        if _SYSTEM_BODY_RE.match(plain) or (
            h.lrm_body
            and not _DELETED_RE.match(plain)
            and not any(rx.match(plain.split("\n")[0].strip()) for rx in _MEDIA_RES)
        ):
            result.skipped += 1  # system line in the iPhone layout ("Group: \u200eMessages and calls ...")
            continue
        item = _message_item(author, body, when, lineno, seen_ids, chat_name or filename)
        if item is None:
            result.skipped += 1
            continue
        result.items.append(item)
    return result


def _message_item(
    author: str, body: str, when: datetime, lineno: int, seen: dict[str, int], chat: str | None
):
    raw: dict = {"author": author, "text": body, "line": lineno}
    if chat:
        raw["chat"] = chat
    text = _MARKS_RE.sub("", body).strip()
    if _EDITED_RE.search(text):
        text = _EDITED_RE.sub("", text).strip()
        raw["edited"] = True
    if _DELETED_RE.match(text):
        return None
    media: list[str] = []
    first_line, _, remainder = text.partition("\n")
    for rx in _MEDIA_RES:
        m = rx.match(first_line.strip())
        if m:
            media.append(m.groupdict().get("file") or first_line.strip())
            text = remainder.strip()  # the caption, if any
            break
    key = f"{when.isoformat()}|{author}|{text}|{'|'.join(media)}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
    n = seen.get(digest, 0) + 1
    seen[digest] = n
    external_id = digest if n == 1 else f"{digest}-{n}"
    handle = re.sub(r"[^\d+]", "", author) if _looks_like_phone(author) else author
    return RawItem(
        platform="whatsapp",
        external_id=external_id,
        text=clip_text(text, raw),
        author_handle=handle,
        author_name=author,
        published_at=when,
        media=media,
        kind="message",
        raw=raw,
        source_line=lineno,
    )
