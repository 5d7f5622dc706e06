"""What a file really is, from its first bytes (magic numbers), never from its name or the browser's claim.

Only the kinds a reporter sends from a phone or a laptop are accepted: photos and screenshots (JPEG, PNG, GIF,
WebP, HEIC/HEIF), video (MP4, MOV, 3GP, WebM), audio (MP3, M4A, OGG/Opus, WAV, AMR) and documents (PDF, DOCX).
Anything else is refused with the reason, whatever its extension says.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

HEAD_BYTES = 4096


@dataclass(frozen=True)
class FileKind:
    name: str          # short id, e.g. "jpeg"
    mime: str          # content type we store and serve
    category: str      # photo | video | audio | document
    label: str         # shown to people


JPEG = FileKind("jpeg", "image/jpeg", "photo", "JPEG")
PNG = FileKind("png", "image/png", "photo", "PNG")
GIF = FileKind("gif", "image/gif", "photo", "GIF")
WEBP = FileKind("webp", "image/webp", "photo", "WebP")
HEIC = FileKind("heic", "image/heic", "photo", "HEIC/HEIF")
MP4 = FileKind("mp4", "video/mp4", "video", "MP4")
MOV = FileKind("mov", "video/quicktime", "video", "MOV")
THREEGP = FileKind("3gp", "video/3gpp", "video", "3GP")
WEBM = FileKind("webm", "video/webm", "video", "WebM")
M4A = FileKind("m4a", "audio/mp4", "audio", "M4A")
MP3 = FileKind("mp3", "audio/mpeg", "audio", "MP3")
OGG = FileKind("ogg", "audio/ogg", "audio", "OGG/Opus")
WAV = FileKind("wav", "audio/wav", "audio", "WAV")
AMR = FileKind("amr", "audio/amr", "audio", "AMR")
PDF = FileKind("pdf", "application/pdf", "document", "PDF")
DOCX = FileKind("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document", "DOCX")

ALLOWED = (JPEG, PNG, GIF, WEBP, HEIC, MP4, MOV, THREEGP, WEBM, M4A, MP3, OGG, WAV, AMR, PDF, DOCX)
ALLOWED_LABELS = ", ".join(k.label for k in ALLOWED)

# ISO base media file format brands (the 4 bytes after "ftyp" at offset 4).
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"}
_M4A_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "}
_MOV_BRANDS = {b"qt  "}
_3GP_BRANDS = {b"3gp4", b"3gp5", b"3gp6", b"3gp7", b"3gs7", b"3ge6", b"3ge7", b"3gg6", b"3g2a", b"3g2b", b"3g2c"}
# Everything else that is a valid ftyp box with a printable brand is treated as MP4 (isom, mp41, mp42, avc1,
# dash, iso2..iso6, M4V, MSNV, NDAS, ...): phones and messaging apps use many brands.


def _ftyp(head: bytes) -> FileKind | None:
    if len(head) < 12 or head[4:8] != b"ftyp":
        return None
    size = int.from_bytes(head[0:4], "big")
    if size < 8:
        return None
    brand = head[8:12]
    compatible = {head[i:i + 4] for i in range(16, min(size, len(head)) - 3, 4)}
    if brand in _HEIF_BRANDS or (brand not in _MOV_BRANDS and compatible & {b"heic", b"heix", b"mif1"} and brand != b"isom"):
        return HEIC
    if brand in _M4A_BRANDS:
        return M4A
    if brand in _MOV_BRANDS:
        return MOV
    if brand in _3GP_BRANDS:
        return THREEGP
    if all(32 <= b < 127 for b in brand):
        return MP4
    return None


def _mp3(head: bytes) -> bool:
    if head.startswith(b"ID3") and len(head) >= 10:
        return True
    # MPEG audio frame sync: 11 set bits, a valid version, layer III, a bitrate index that is neither 0 nor 15,
    # and a sample-rate index that is not 3.
    if len(head) >= 4 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0:
        version = (head[1] >> 3) & 0x3
        layer = (head[1] >> 1) & 0x3
        bitrate = (head[2] >> 4) & 0xF
        rate = (head[2] >> 2) & 0x3
        return version != 1 and layer == 1 and bitrate not in (0, 15) and rate != 3
    return False


def _docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def sniff(data: bytes) -> FileKind | None:
    """The kind of file ``data`` holds (the whole file, or at least its first 4 KB for non-ZIP kinds)."""
    head = data[:HEAD_BYTES]
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return GIF
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return WAV
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"OggS"):
        return OGG
    if head.startswith(b"#!AMR"):
        return AMR
    if head.startswith(b"\x1a\x45\xdf\xa3") and b"webm" in head[:64]:
        return WEBM
    kind = _ftyp(head)
    if kind:
        return kind
    # QuickTime files without an ftyp box start with another atom.
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"):
        return MOV
    if head.startswith(b"PK\x03\x04") and _docx(data):
        return DOCX
    if _mp3(head):
        return MP3
    return None


def describe_unknown(data: bytes) -> str:
    """A short, human description of a refused file, for the error message."""
    head = data[:8]
    if not data:
        return _("berkas kosong")
    if head.startswith(b"MZ"):
        return _("program Windows (.exe)")
    if head.startswith(b"\x7fELF"):
        return _("program Linux")
    if head.startswith(b"PK\x03\x04"):
        return _("arsip ZIP atau dokumen Office selain DOCX")
    if head.startswith(b"Rar!"):
        return _("arsip RAR")
    if head.lstrip().lower().startswith((b"<!doc", b"<html", b"<svg", b"<?xml")):
        return _("halaman web/SVG/XML")
    if all(32 <= b < 127 or b in (9, 10, 13) for b in data[:512]):
        return _("teks biasa")
    return _("jenis tidak dikenal")
