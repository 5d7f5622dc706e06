"""Shared machinery of the importers: bounded reading, decoding, results, per-row errors, value parsing."""

from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import IO, Any
from zoneinfo import ZoneInfo

from pantau.ingest.items import RawItem

#: Largest export file an importer reads (bytes). Larger files are refused with one clear error rather
#: than read into memory; split them or raise the cap with ``max_bytes=``.
MAX_IMPORT_BYTES = 256 * 1024 * 1024
#: Longest text kept per item (characters); longer texts are cut and the item's ``raw`` says so.
MAX_TEXT_CHARS = 100_000
#: How many per-row errors are kept with their details; the rest are only counted.
MAX_ERRORS_KEPT = 1_000

#: Time zone assumed for exports that write local time without an offset (WhatsApp, Telegram's ``date``,
#: generic CSV): Western Indonesia Time, which covers Jambi.
DEFAULT_TZ = ZoneInfo("Asia/Jakarta")

Source = bytes | bytearray | memoryview | IO[bytes]


class InputTooLarge(ValueError):
    pass


@dataclass(slots=True)
class RowError:
    """One malformed record. ``row`` is the 1-based record number (CSV data row, JSON array element,
    WhatsApp message); ``line`` the 1-based physical line in the file when known. ``message`` is Indonesian."""

    row: int | None
    message: str
    line: int | None = None
    field: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"row": self.row, "line": self.line, "field": self.field, "message": self.message}


@dataclass(slots=True)
class ImportResult:
    """What an importer returns: the items that parsed, and one error per record that did not.

    ``fatal`` is true when the file as a whole could not be read as the expected format; then ``items`` is
    empty and ``errors`` holds one error that names the format expected.
    """

    format: str
    items: list[RawItem] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0  # records seen: items + errored records + skipped records
    skipped: int = 0  # records that are not content (system lines, service messages)
    error_count: int = 0  # errors including the ones beyond MAX_ERRORS_KEPT
    fatal: bool = False
    encoding: str | None = None
    filename: str | None = None

    def add_error(self, row: int | None, message: str, *, line: int | None = None, field: str | None = None):
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append(RowError(row=row, message=message, line=line, field=field))

    @property
    def ok(self) -> bool:
        return not self.fatal

    @property
    def error_rows(self) -> list[int]:
        return [e.row if e.row is not None else (e.line or 0) for e in self.errors]

    def summary(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "imported": len(self.items),
            "errors": self.error_count,
            "skipped": self.skipped,
            "total": self.total,
            "fatal": self.fatal,
            "error_rows": [e.to_dict() for e in self.errors],
        }

    @classmethod
    def failed(cls, fmt: str, message: str, *, filename: str | None = None) -> ImportResult:
        result = cls(format=fmt, fatal=True, filename=filename)
        result.add_error(None, message)
        return result


# ---------------------------------------------------------------------------------------------------------
# reading and decoding


def read_input(source: Source, max_bytes: int = MAX_IMPORT_BYTES) -> bytes:
    """Read at most ``max_bytes`` from bytes or a binary file object; raise ``InputTooLarge`` beyond that."""
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    elif isinstance(source, str):
        raise TypeError("importer expects bytes or a binary file object, not str")
    else:
        data = source.read(max_bytes + 1)
        if isinstance(data, str):
            raise TypeError("importer expects a binary file object (open the file with 'rb')")
    if len(data) > max_bytes:
        raise InputTooLarge(
            f"Berkas melebihi batas ukuran impor ({max_bytes / 1024 / 1024:.0f} MB); pecah berkasnya atau "
            "naikkan batasnya."
        )
    return data


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode an export: UTF-8 (with or without BOM), UTF-16/32 with BOM; else cp1252 (Excel on Windows).

    Returns ``(text, encoding)``. Never raises: undecodable cp1252 bytes become U+FFFD.
    """
    for bom, enc in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def open_text(fmt: str, source: Source, max_bytes: int, filename: str | None):
    """Read + decode; returns ``(text, encoding)`` or an ``ImportResult`` that failed."""
    try:
        data = read_input(source, max_bytes)
    except InputTooLarge as exc:
        return ImportResult.failed(fmt, str(exc), filename=filename)
    if not data.strip():
        return ImportResult.failed(fmt, "Berkas kosong.", filename=filename)
    return decode_text(data)


def load_json_documents(text: str) -> tuple[list[tuple[int, Any]], str | None]:
    """Parse a JSON document, or JSON Lines (one document per line, as twarc and many tools write pages).

    Returns ``([(line_number, document), ...], error_message_or_None)``.
    """
    stripped = text.lstrip()
    try:
        return [(1, json.loads(stripped))], None
    except RecursionError:
        return [], "JSON terlalu dalam bersarang"
    except ValueError as exc:
        first_error = str(exc)
    docs: list[tuple[int, Any]] = []
    bad = 0
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            docs.append((lineno, json.loads(line)))
        except (ValueError, RecursionError):
            bad += 1
            docs.append((lineno, _BadLine(line[:200])))
    if not any(not isinstance(d, _BadLine) for _, d in docs):
        return [], f"JSON tidak sah ({first_error})"
    return docs, None


class _BadLine(str):
    """Marker for a JSON Lines line that did not parse."""


def is_bad_line(doc: Any) -> bool:
    return isinstance(doc, _BadLine)


# ---------------------------------------------------------------------------------------------------------
# values

_TZ_ABBREV = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WIB": 7,
    "WITA": 8,
    "WIT": 9,
    "EST": -5,
    "EDT": -4,
    "CST": -6,
    "CDT": -5,
    "MST": -7,
    "MDT": -6,
    "PST": -8,
    "PDT": -7,
    "SGT": 8,
    "MYT": 8,
}
_TZ_SUFFIX_RE = re.compile(r"\s+([A-Za-z]{1,5})$")


def parse_datetime(value: Any, default_tz=DEFAULT_TZ, *, formats: tuple[str, ...] = ()) -> datetime:
    """Parse ISO 8601 (``Z`` or offset), epoch seconds/milliseconds, or ``YYYY-MM-DD HH:MM:SS TZ``
    (CrowdTangle writes a zone abbreviation such as ``WIB`` or ``EST``). Naive values are taken in
    ``default_tz``. Returns an aware UTC datetime; raises ``ValueError`` with an Indonesian message."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError("tanggal kosong")
    if isinstance(value, bool):
        raise ValueError(f"tanggal tidak sah: {value!r}")
    if isinstance(value, int | float):
        return _from_epoch(float(value))
    if isinstance(value, datetime):
        dt = value
    else:
        s = str(value).strip()
        if re.fullmatch(r"-?\d{9,13}(\.\d+)?", s):
            return _from_epoch(float(s))
        dt = None
        tz_override = None
        m = _TZ_SUFFIX_RE.search(s)
        if m and m.group(1).upper() in _TZ_ABBREV:
            tz_override = timezone(timedelta(hours=_TZ_ABBREV[m.group(1).upper()]))
            s = s[: m.start()]
        for fmt in formats:
            try:
                dt = datetime.strptime(s, fmt)
                break
            except ValueError:
                continue
        if dt is None:
            iso = s[:-1] + "+00:00" if s.endswith(("Z", "z")) else s
            try:
                dt = datetime.fromisoformat(iso)
            except ValueError:
                dt = None
        if dt is None:
            for fmt in (
                "%d/%m/%Y %H:%M:%S",
                "%d/%m/%Y %H:%M",
                "%d/%m/%Y",
                "%d-%m-%Y %H:%M:%S",
                "%d-%m-%Y %H:%M",
                "%d-%m-%Y",
                "%a %b %d %H:%M:%S %z %Y",  # Twitter API v1.1 created_at
                "%a, %d %b %Y %H:%M:%S %z",  # RFC 2822
            ):
                try:
                    dt = datetime.strptime(s, fmt)
                    break
                except ValueError:
                    continue
        if dt is None:
            raise ValueError(f"format tanggal tidak dikenali: {str(value)[:60]!r}")
        if tz_override is not None and dt.tzinfo is None:
            dt = dt.replace(tzinfo=tz_override)
    if dt.tzinfo is None or dt.utcoffset() is None:
        dt = dt.replace(tzinfo=default_tz)
    if not (1990 <= dt.year <= 2100):
        raise ValueError(f"tahun di luar rentang wajar: {dt.year}")
    return dt.astimezone(UTC)


def _from_epoch(seconds: float) -> datetime:
    if seconds > 1e11:  # milliseconds
        seconds /= 1000.0
    if not (631152000 <= seconds <= 4102444800):  # 1990 .. 2100
        raise ValueError(f"epoch di luar rentang wajar: {seconds!r}")
    return datetime.fromtimestamp(seconds, tz=UTC)


_THOUSANDS_RE = re.compile(r"^\d{1,3}([.,]\d{3})+$")
_SUFFIX_RE = re.compile(r"^(\d+(?:[.,]\d+)?)\s*([kKmM]|rb|jt)$")


def parse_count(value: Any, name: str = "angka") -> int | None:
    """A non-negative count: int, ``"1234"``, ``"1,234"``/``"1.234"``, ``"1.2K"``/``"3rb"``/``"1,5jt"``.
    Empty means unknown (``None``). Raises ``ValueError`` (Indonesian) otherwise."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(f"{name} tidak sah: {value!r}")
    if isinstance(value, int):
        n = value
    elif isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"{name} tidak sah: {value!r}")
        n = int(value)
    else:
        s = str(value).strip()
        if s == "" or s in ("-", "N/A", "null", "None"):
            return None
        if s.isdigit():
            n = int(s)
        elif _THOUSANDS_RE.match(s):
            n = int(re.sub(r"[.,]", "", s))
        elif (m := _SUFFIX_RE.match(s)) is not None:
            mult = {"k": 1_000, "rb": 1_000, "m": 1_000_000, "jt": 1_000_000}[m.group(2).lower()]
            n = int(float(m.group(1).replace(",", ".")) * mult)
        else:
            try:
                f = float(s)
            except ValueError:
                raise ValueError(f"{name} bukan angka: {s[:40]!r}") from None
            if f != f:
                raise ValueError(f"{name} bukan angka: {s[:40]!r}")
            n = int(f)
    if n < 0:
        raise ValueError(f"{name} negatif: {n}")
    return n


def clip_text(text: str, raw: dict | None = None) -> str:
    if len(text) > MAX_TEXT_CHARS:
        if raw is not None:
            raw["_pantau_truncated_chars"] = len(text)
        return text[:MAX_TEXT_CHARS]
    return text


def dig(obj: Any, path: str) -> Any:
    """``dig({"a": {"b": 1}}, "a.b") == 1``; a path that is itself a key wins (``"post_owner.name"``)."""
    if isinstance(obj, dict) and path in obj:
        return obj[path]
    cur = obj
    for part in path.split("."):
        if isinstance(cur, dict):
            cur = cur.get(part)
        elif isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
            cur = cur[int(part)]
        else:
            return None
        if cur is None:
            return None
    return cur


def iter_csv_rows(
    text: str, delimiter: str | None = None
) -> Iterator[tuple[int, int, dict[str, str] | None, str]]:
    """Yield ``(row_number, line_number, row_dict_or_None, error)``; a row with the wrong number of fields
    yields ``None`` and an Indonesian error. Header names are stripped of BOMs and whitespace."""
    import csv

    if delimiter is None:
        sample = text[:20_000]
        try:
            delimiter = csv.Sniffer().sniff(sample.split("\n", 1)[0] + "\n", delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    csv.field_size_limit(MAX_TEXT_CHARS * 4)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield 0, 1, None, f"kepala CSV tidak terbaca: {exc}"
        return
    header = [h.replace("\ufeff", "").strip() for h in header]
    yield 0, 1, {"__header__": header}, ""  # type: ignore[dict-item]
    row_no = 0
    while True:
        line_no = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            row_no += 1
            yield row_no, line_no, None, f"baris CSV rusak: {exc}"
            continue
        if not values or all(not v.strip() for v in values):
            continue
        row_no += 1
        if len(values) != len(header):
            yield (
                row_no,
                line_no,
                None,
                f"jumlah kolom {len(values)} tidak sama dengan kepala ({len(header)} kolom)",
            )
            continue
        yield row_no, line_no, dict(zip(header, values, strict=True)), ""
