"""WARC evidence records (ISO 28500, WARC/1.1) written with warcio, and their verification.

For a fetched page (:func:`warc_for_fetch`):

* ``warcinfo`` — the software, the operator and any context given;
* ``request`` — the request line and headers as sent (``WARC-Concurrent-To`` the response);
* ``response`` — status line, headers as received and the body as transferred (content encoding intact;
  a ``Transfer-Encoding`` header is renamed ``X-Archive-Orig-Transfer-Encoding`` because the body is stored
  de-chunked), ``WARC-Target-URI`` = the final URL, ``WARC-Date`` = fetch time, ``WARC-IP-Address`` = the
  address actually connected to;
* ``metadata`` — JSON with the redirect chain, attempts, the requested URL and the SHA-256 of the decoded
  body, ``WARC-Refers-To`` the response.

For an imported export file (:func:`warc_for_file`): ``warcinfo`` + one ``resource`` record holding the
file's bytes unchanged (``WARC-Target-URI`` = ``file:///<name>`` unless a source URI is given) + a
``metadata`` record.

Every record carries ``WARC-Block-Digest`` and (``request``/``response``/``resource``)
``WARC-Payload-Digest`` in SHA-256 (base32, ``sha256:...``), not warcio's default SHA-1. Both functions
return the WARC bytes (gzip per record, i.e. ``.warc.gz``) with the SHA-256 (hex) of those bytes: the
content address under which the evidence store keeps them. :func:`verify_warc` re-reads a WARC and checks
every digest.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

if TYPE_CHECKING:
    from pantau.ingest.fetch import FetchResult

SOFTWARE = "Pantau ingest 0.1 (warcio)"
WARC_VERSION = "1.1"
#: Largest WARC that :func:`verify_warc` reads (bytes).
MAX_VERIFY_BYTES = 512 * 1024 * 1024


class _Sha256WARCWriter(WARCWriter):
    @staticmethod
    def _create_digester():
        return Digester("sha256")


@dataclass(slots=True)
class WarcBlob:
    data: bytes
    sha256: str
    record_ids: dict[str, str] = field(default_factory=dict)  # record type -> WARC-Record-ID
    payload_sha256: str | None = None  # SHA-256 hex of the response/resource payload

    @property
    def size(self) -> int:
        return len(self.data)


def warc_date(dt: datetime) -> str:
    dt = dt.astimezone(UTC)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond:06d}Z"


def _b32_to_hex(digest: str) -> str | None:
    algo, _, value = digest.partition(":")
    if algo.lower() != "sha256":
        return None
    try:
        return base64.b32decode(value).hex()
    except (ValueError, TypeError):
        return None


def _writer(buf: io.BytesIO, gzip: bool) -> _Sha256WARCWriter:
    return _Sha256WARCWriter(buf, gzip=gzip, warc_version=WARC_VERSION)


def _warcinfo(writer, filename: str, when: datetime, info: dict[str, Any] | None) -> str:
    fields = {
        "software": SOFTWARE,
        "format": "WARC File Format 1.1",
        "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        "isPartOf": "Pantau: pengawasan siber Bawaslu",
    }
    for k, v in (info or {}).items():
        fields[str(k)] = v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
    record = writer.create_warcinfo_record(filename, fields)
    record.rec_headers.replace_header("WARC-Date", warc_date(when))
    writer.write_record(record)
    return record.rec_headers.get_header("WARC-Record-ID")


def _metadata_record(writer, uri: str, when: datetime, refers_to: str, data: dict[str, Any]) -> str:
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1, default=str).encode("utf-8")
    record = writer.create_warc_record(
        uri,
        "metadata",
        payload=io.BytesIO(payload),
        length=len(payload),
        warc_content_type="application/json",
        warc_headers_dict={"WARC-Date": warc_date(when), "WARC-Refers-To": refers_to},
    )
    writer.write_record(record)
    return record.rec_headers.get_header("WARC-Record-ID")


def warc_for_fetch(
    result: FetchResult, *, info: dict[str, Any] | None = None, gzip: bool = True, filename: str | None = None
) -> WarcBlob:
    """WARC (warcinfo + request + response + metadata) for one :class:`~pantau.ingest.fetch.FetchResult`."""
    buf = io.BytesIO()
    writer = _writer(buf, gzip)
    when = result.fetched_at
    ids: dict[str, str] = {}
    ids["warcinfo"] = _warcinfo(writer, filename or "pantau-capture.warc.gz", when, info)

    target = result.final_url
    resp_headers = [
        ("X-Archive-Orig-Transfer-Encoding", v) if k.lower() == "transfer-encoding" else (k, v)
        for k, v in result.headers
    ]
    protocol = result.http_version or "HTTP/1.1"
    status_line = f"{result.status} {result.reason or ''}".strip()
    http_headers = StatusAndHeaders(status_line, resp_headers, protocol=protocol)
    warc_headers = {"WARC-Date": warc_date(when)}
    if result.resolved_ip:
        warc_headers["WARC-IP-Address"] = result.resolved_ip
    response = writer.create_warc_record(
        target,
        "response",
        payload=io.BytesIO(result.raw_body),
        length=len(result.raw_body),
        http_headers=http_headers,
        warc_headers_dict=warc_headers,
    )
    response_id = response.rec_headers.get_header("WARC-Record-ID")

    parts = urlsplit(target)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    req_headers = StatusAndHeaders(
        f"{result.request_method} {path} {protocol}",
        list(result.request_headers),
        protocol="",
        is_http_request=True,
    )
    request = writer.create_warc_record(
        target,
        "request",
        payload=io.BytesIO(b""),
        length=0,
        http_headers=req_headers,
        warc_headers_dict={"WARC-Date": warc_date(when), "WARC-Concurrent-To": response_id},
    )
    writer.write_record(request)
    writer.write_record(response)
    ids["request"] = request.rec_headers.get_header("WARC-Record-ID")
    ids["response"] = response_id
    body_sha = hashlib.sha256(result.body).hexdigest()
    ids["metadata"] = _metadata_record(
        writer,
        target,
        when,
        response_id,
        {
            "requested_url": result.url,
            "final_url": result.final_url,
            "status": result.status,
            "fetched_at": when.isoformat(),
            "elapsed_seconds": round(result.elapsed, 3),
            "attempts": result.attempts,
            "resolved_ip": result.resolved_ip,
            "redirect_chain": [
                {"url": h.url, "status": h.status, "location": h.location, "ip": h.ip}
                for h in result.redirect_chain
            ],
            "content_encoding": result.content_encoding,
            "decoded_body_sha256": body_sha,
            "raw_body_sha256": hashlib.sha256(result.raw_body).hexdigest(),
            "not_modified": result.not_modified,
        },
    )
    data = buf.getvalue()
    return WarcBlob(
        data=data,
        sha256=hashlib.sha256(data).hexdigest(),
        record_ids=ids,
        payload_sha256=hashlib.sha256(result.raw_body).hexdigest(),
    )


def warc_for_file(
    data: bytes,
    *,
    filename: str,
    content_type: str = "application/octet-stream",
    source_uri: str | None = None,
    captured_at: datetime | None = None,
    metadata: dict[str, Any] | None = None,
    info: dict[str, Any] | None = None,
    gzip: bool = True,
) -> WarcBlob:
    """WARC (warcinfo + resource + metadata) holding an imported file's bytes unchanged."""
    when = captured_at or datetime.now(UTC)
    buf = io.BytesIO()
    writer = _writer(buf, gzip)
    ids = {"warcinfo": _warcinfo(writer, f"{filename}.warc.gz", when, info)}
    uri = source_uri or "file:///" + quote(filename.replace("\\", "/").lstrip("/"))
    resource = writer.create_warc_record(
        uri,
        "resource",
        payload=io.BytesIO(data),
        length=len(data),
        warc_content_type=content_type,
        warc_headers_dict={"WARC-Date": warc_date(when)},
    )
    writer.write_record(resource)
    ids["resource"] = resource.rec_headers.get_header("WARC-Record-ID")
    sha = hashlib.sha256(data).hexdigest()
    ids["metadata"] = _metadata_record(
        writer,
        uri,
        when,
        ids["resource"],
        {
            "filename": filename,
            "size": len(data),
            "sha256": sha,
            "captured_at": when.isoformat(),
            **(metadata or {}),
        },
    )
    out = buf.getvalue()
    return WarcBlob(data=out, sha256=hashlib.sha256(out).hexdigest(), record_ids=ids, payload_sha256=sha)


# ------------------------------------------------------------------------------------------------ verification


@dataclass(slots=True)
class WarcRecordCheck:
    type: str
    record_id: str | None
    target_uri: str | None
    date: str | None
    digest_ok: bool | None  # None: the record carries no digest
    payload_sha256: str | None = None
    problems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class WarcVerification:
    ok: bool
    sha256: str
    records: list[WarcRecordCheck] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def verify_warc(data: bytes, *, require_digests: bool = True) -> WarcVerification:
    """Re-read a WARC and check each record's block and payload digests.

    ``ok`` is true when the file parses to the end, every digest present matches and (with
    ``require_digests``) every ``request``/``response``/``resource``/``metadata`` record has a block digest.
    Problems are reported in Indonesian.
    """
    result = WarcVerification(ok=True, sha256=hashlib.sha256(data).hexdigest())
    if len(data) > MAX_VERIFY_BYTES:
        result.ok = False
        result.problems.append(f"WARC melebihi batas pemeriksaan {MAX_VERIFY_BYTES} bita")
        return result
    if not data:
        result.ok = False
        result.problems.append("WARC kosong")
        return result
    try:
        iterator = ArchiveIterator(io.BytesIO(data), check_digests=True)
        for record in iterator:
            rtype = record.rec_type
            headers = record.rec_headers
            payload_hasher = hashlib.sha256()
            stream = record.raw_stream  # the stored payload, exactly (digests are checked as it is read)
            while True:
                chunk = stream.read(65536)
                if not chunk:
                    break
                payload_hasher.update(chunk)
            check = WarcRecordCheck(
                type=rtype,
                record_id=headers.get_header("WARC-Record-ID"),
                target_uri=headers.get_header("WARC-Target-URI"),
                date=headers.get_header("WARC-Date"),
                digest_ok=record.digest_checker.passed,
            )
            if rtype in ("response", "resource"):
                check.payload_sha256 = payload_hasher.hexdigest()
                declared = headers.get_header("WARC-Payload-Digest")
                hexval = _b32_to_hex(declared) if declared else None
                if hexval and hexval != check.payload_sha256:
                    check.problems.append("digest muatan tidak cocok")
            if not rtype or not check.record_id or not check.date:
                check.problems.append("rekaman tanpa WARC-Type, WARC-Record-ID atau WARC-Date")
            if record.digest_checker.passed is False:
                check.problems.extend(f"digest tidak cocok: {p}" for p in record.digest_checker.problems)
            if require_digests and rtype in ("request", "response", "resource", "metadata"):
                if not headers.get_header("WARC-Block-Digest"):
                    check.problems.append("rekaman tanpa WARC-Block-Digest")
            if check.problems:
                result.ok = False
                result.problems.extend(f"{rtype} {check.record_id}: {p}" for p in check.problems)
            result.records.append(check)
    except (ArchiveLoadFailed, ValueError, EOFError, OSError) as exc:
        result.ok = False
        result.problems.append(f"WARC tidak dapat dibaca sampai akhir: {exc}")
    except Exception as exc:  # zlib.error, struct errors on corrupt gzip members ...
        result.ok = False
        result.problems.append(f"WARC rusak: {type(exc).__name__}: {exc}")
    if not result.records:
        result.ok = False
        result.problems.append("tidak ada rekaman WARC")
    return result
