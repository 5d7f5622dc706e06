"""Generic CSV and JSON Lines with a column mapping.

``mapping`` maps a ``RawItem`` field to a column name (CSV) or a dotted path (JSON Lines), e.g.::

    {"text": "isi", "published_at": "tanggal", "url": "tautan", "author_handle": "akun",
     "likes": "suka", "shares": "bagikan", "external_id": "id"}

Without a mapping, common column names are tried (``text``/``message``/``content``/``isi``/``pesan``,
``url``/``link``/``tautan``, ``published_at``/``created_at``/``date``/``tanggal``/``waktu``,
``author``/``username``/``akun``/``nama`` ...). ``text`` must map to something; a row whose text and URL
are both empty is an error. Dates: ISO 8601, epoch, ``DD/MM/YYYY HH:MM`` or ``date_format`` (strptime);
values without an offset are taken in ``tz`` (default WIB). The CSV delimiter (``,`` ``;`` tab ``|``) is
sniffed from the header line. A JSON file holding one array of objects is accepted by the JSONL importer.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from pantau.ingest.importers._base import (
    DEFAULT_TZ,
    MAX_IMPORT_BYTES,
    ImportResult,
    Source,
    clip_text,
    dig,
    iter_csv_rows,
    open_text,
    parse_count,
    parse_datetime,
)
from pantau.ingest.items import RawItem

FIELDS = {
    "external_id",
    "text",
    "url",
    "title",
    "author_handle",
    "author_name",
    "author_id",
    "author_followers",
    "published_at",
    "likes",
    "shares",
    "comments",
    "views",
    "media",
    "lang",
    "region_code",
    "parent_id",
    "kind",
    "platform",
}
COUNT_FIELDS = {"author_followers", "likes", "shares", "comments", "views"}

DEFAULT_CANDIDATES: dict[str, tuple[str, ...]] = {
    "external_id": ("id", "external_id", "post_id", "message_id"),
    "text": ("text", "message", "content", "body", "isi", "pesan", "teks", "konten", "caption"),
    "url": ("url", "link", "permalink", "tautan"),
    "title": ("title", "judul"),
    "published_at": ("published_at", "created_at", "date", "datetime", "timestamp", "tanggal", "waktu"),
    "author_handle": ("username", "handle", "screen_name", "akun", "author_handle"),
    "author_name": ("author", "name", "nama", "author_name", "penulis"),
    "author_followers": ("followers", "followers_count", "pengikut"),
    "likes": ("likes", "like_count", "suka"),
    "shares": ("shares", "share_count", "retweets", "bagikan"),
    "comments": ("comments", "comment_count", "replies", "komentar"),
    "views": ("views", "view_count", "tayangan"),
    "platform": ("platform",),
}


def _resolve_mapping(mapping: Mapping[str, str] | None, available: set[str] | None) -> dict[str, str]:
    if mapping:
        unknown = set(mapping) - FIELDS
        if unknown:
            raise ValueError(f"pemetaan kolom berisi bidang yang tidak dikenal: {', '.join(sorted(unknown))}")
        return dict(mapping)
    resolved = {}
    lower = {c.lower(): c for c in (available or set())}
    for fieldname, candidates in DEFAULT_CANDIDATES.items():
        for c in candidates:
            if c in lower:
                resolved[fieldname] = lower[c]
                break
    return resolved


def _build_item(
    get, mapping: dict[str, str], platform: str, tz, date_format: str | None, raw: dict
) -> RawItem:
    values: dict[str, Any] = {}
    for fieldname, column in mapping.items():
        v = get(column)
        if v is None or (isinstance(v, str) and v.strip() == ""):
            continue
        if fieldname in COUNT_FIELDS:
            values[fieldname] = parse_count(v, column)
        elif fieldname == "published_at":
            values[fieldname] = parse_datetime(v, tz, formats=(date_format,) if date_format else ())
        elif fieldname == "media":
            values[fieldname] = [str(x) for x in v] if isinstance(v, list) else [str(v)]
        else:
            values[fieldname] = (
                v if isinstance(v, str) else (json.dumps(v) if isinstance(v, dict | list) else str(v))
            )
    text = values.pop("text", "") or ""
    if not text.strip() and not values.get("url"):
        raise ValueError(f"teks (kolom {mapping.get('text')!r}) dan URL kosong")
    return RawItem(
        platform=values.pop("platform", platform),
        external_id=values.pop("external_id", None),
        text=clip_text(text, raw),
        raw=raw,
        **values,
    )


def import_csv(
    source: Source,
    *,
    mapping: Mapping[str, str] | None = None,
    platform: str = "other",
    max_bytes: int = MAX_IMPORT_BYTES,
    filename: str | None = None,
    tz=DEFAULT_TZ,
    date_format: str | None = None,
    delimiter: str | None = None,
) -> ImportResult:
    fmt = "csv"
    opened = open_text(fmt, source, max_bytes, filename)
    if isinstance(opened, ImportResult):
        return opened
    text, encoding = opened
    rows = iter_csv_rows(text, delimiter)
    first = next(rows, None)
    if first is None or first[2] is None:
        return ImportResult.failed(
            fmt, "Berkas bukan CSV yang terbaca: baris kepala (nama kolom) tidak ada.", filename=filename
        )
    header = first[2]["__header__"]
    try:
        resolved = _resolve_mapping(mapping, set(header))
    except ValueError as exc:
        return ImportResult.failed(fmt, str(exc), filename=filename)
    missing = [c for c in resolved.values() if c not in header]
    if "text" not in resolved or missing:
        return ImportResult.failed(
            fmt,
            "CSV tidak cocok dengan pemetaan kolom: "
            + (f"kolom tidak ada: {', '.join(missing)}; " if missing else "")
            + f'kolom yang ada: {", ".join(header[:30])}. Berikan pemetaan, mis. {{"text": "isi"}}.',
            filename=filename,
        )
    result = ImportResult(format=fmt, encoding=encoding, filename=filename)
    for row_no, line_no, row, error in rows:
        result.total += 1
        if row is None:
            result.add_error(row_no, f"baris {line_no}: {error}", line=line_no)
            continue
        try:
            item = _build_item(row.get, resolved, platform, tz, date_format, dict(row))
        except ValueError as exc:
            result.add_error(row_no, f"baris {line_no}: {exc}", line=line_no)
            continue
        item.source_line = line_no
        result.items.append(item)
    return result


def import_jsonl(
    source: Source,
    *,
    mapping: Mapping[str, str] | None = None,
    platform: str = "other",
    max_bytes: int = MAX_IMPORT_BYTES,
    filename: str | None = None,
    tz=DEFAULT_TZ,
    date_format: str | None = None,
) -> ImportResult:
    fmt = "jsonl"
    opened = open_text(fmt, source, max_bytes, filename)
    if isinstance(opened, ImportResult):
        return opened
    text, encoding = opened
    records: list[tuple[int, Any]] = []
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            array = json.loads(stripped)
        except (ValueError, RecursionError) as exc:
            return ImportResult.failed(fmt, f"Berkas JSON tidak sah: {exc}", filename=filename)
        records = [(i, r) for i, r in enumerate(array, start=1)] if isinstance(array, list) else []
    else:
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                records.append((lineno, json.loads(line)))
            except (ValueError, RecursionError) as exc:
                records.append((lineno, ValueError(f"JSON tidak sah: {str(exc)[:80]}")))
    good = [r for _, r in records if isinstance(r, dict)]
    if not good:
        return ImportResult.failed(
            fmt,
            "Berkas bukan JSON Lines yang dikenali: diharapkan satu objek JSON per baris.",
            filename=filename,
        )
    keys: set[str] = set()
    for r in good[:50]:
        keys.update(r.keys())
    try:
        resolved = _resolve_mapping(mapping, keys)
    except ValueError as exc:
        return ImportResult.failed(fmt, str(exc), filename=filename)
    if "text" not in resolved:
        return ImportResult.failed(
            fmt,
            f"Pemetaan tidak menyebut kolom teks; kunci yang ada: {', '.join(sorted(keys)[:30])}.",
            filename=filename,
        )
    result = ImportResult(format=fmt, encoding=encoding, filename=filename)
    for lineno, record in records:
        result.total += 1
        row = result.total
        if isinstance(record, ValueError):
            result.add_error(row, f"baris {lineno}: {record}", line=lineno)
            continue
        if not isinstance(record, dict):
            result.add_error(row, f"baris {lineno}: bukan objek JSON", line=lineno)
            continue
        try:
            item = _build_item(
                lambda path, r=record: dig(r, path), resolved, platform, tz, date_format, record
            )
        except ValueError as exc:
            result.add_error(row, f"baris {lineno}: {exc}", line=lineno)
            continue
        item.source_line = lineno
        result.items.append(item)
    return result
