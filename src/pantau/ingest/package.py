"""Evidence packages: a zip anyone can verify offline with ``sha256sum -c``.

Layout::

    evidence.warc.gz        the WARC of the capture (fetched page or imported file)
    metadata.json           what, when, where from, SHA-256 of the WARC, item details, custody info
    VERIFY.txt              how to check the package offline (Indonesian)
    MANIFEST-SHA256.txt     "<sha256>  <name>" for every other file, the format ``sha256sum -c`` reads

The zip is deterministic: the same inputs give the same bytes (fixed member order, timestamps taken
from ``metadata["captured_at"]`` or 1980-01-01, fixed permissions), so its SHA-256 can be recorded in the
custody log and recomputed later. :func:`verify_package` checks the manifest, that every file is listed,
that ``metadata.json`` names the WARC's true SHA-256, and every digest inside the WARC.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from pantau.ingest.warc import verify_warc

WARC_NAME = "evidence.warc.gz"
METADATA_NAME = "metadata.json"
VERIFY_NAME = "VERIFY.txt"
MANIFEST_NAME = "MANIFEST-SHA256.txt"
PACKAGE_FORMAT = "pantau-evidence-package/1"

#: Limits applied when reading a package (zip-bomb guard).
MAX_PACKAGE_MEMBERS = 64
MAX_PACKAGE_UNCOMPRESSED = 1024 * 1024 * 1024

VERIFY_TEXT = """\
PAKET BUKTI PANTAU — CARA MEMERIKSA KEASLIANNYA TANPA INTERNET
================================================================

Paket ini berisi:
  {warc}      rekaman arsip web (format WARC, ISO 28500) dari konten yang diambil
                          atau berkas ekspor yang diimpor, persis seperti diterima;
  {meta}           keterangan: apa, kapan, dari mana, dan nilai SHA-256 rekaman WARC;
  {manifest}     daftar nilai SHA-256 setiap berkas di paket ini;
  {verify}              petunjuk ini.

Langkah pemeriksaan
-------------------
1. Ekstrak (unzip) paket ini ke sebuah folder kosong.

2. Buka terminal di folder itu lalu jalankan:

       sha256sum -c {manifest}

   Setiap baris harus berakhir dengan "OK" (atau "BERHASIL"). Satu baris "FAILED"/"GAGAL"
   berarti berkas itu telah berubah sejak paket dibuat dan tidak dapat dipakai sebagai bukti.

   - macOS:   shasum -a 256 -c {manifest}
   - Windows: certutil -hashfile {warc} SHA256
              (bandingkan hasilnya dengan baris {warc} di {manifest})

3. Cocokkan nilai SHA-256 rekaman WARC di {meta} (kolom "warc_sha256") dengan nilai di
   {manifest}, dan dengan nilai yang tercatat di log lacak (custody log) Pantau / berita acara
   pengambilan bukti. Nilai yang sama membuktikan berkas ini adalah salinan yang sama.

4. Bila perlu, periksa juga digest di dalam WARC dan lihat isinya:

       pip install warcio
       warcio check -v {warc}
       warcio index {warc}

   Halaman web di dalam WARC dapat diputar ulang secara luring dengan ReplayWeb.page atau pywb.

Catatan
-------
- Waktu dalam paket ini adalah UTC (WIB = UTC+7).
- SHA-256 paket zip ini sendiri: lihat log lacak Pantau (nilai itu tidak dapat dicantumkan di dalam
  paket yang sama).
"""


@dataclass(slots=True)
class EvidencePackage:
    data: bytes
    sha256: str
    manifest: dict[str, str]  # file name -> sha256


@dataclass(slots=True)
class PackageVerification:
    ok: bool
    sha256: str
    files: dict[str, str] = field(default_factory=dict)  # name -> actual sha256
    problems: list[str] = field(default_factory=list)
    metadata: dict[str, Any] | None = None


def _zip_time(metadata: dict[str, Any]) -> tuple[int, int, int, int, int, int]:
    value = metadata.get("captured_at")
    try:
        dt = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        dt = None
    if dt is None or dt.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    dt = dt.astimezone(UTC) if dt.tzinfo else dt
    return (dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second - dt.second % 2)


def build_package(
    warc_bytes: bytes,
    metadata: dict[str, Any],
    *,
    extra_files: dict[str, bytes] | None = None,
) -> EvidencePackage:
    """Build the zip. ``metadata`` is stored as given plus ``format``, ``warc_file`` and ``warc_sha256``."""
    meta = dict(metadata)
    meta["format"] = PACKAGE_FORMAT
    meta["warc_file"] = WARC_NAME
    meta["warc_sha256"] = hashlib.sha256(warc_bytes).hexdigest()
    meta["warc_size"] = len(warc_bytes)
    files: dict[str, bytes] = {
        WARC_NAME: warc_bytes,
        METADATA_NAME: json.dumps(meta, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode(
            "utf-8"
        )
        + b"\n",
        VERIFY_NAME: VERIFY_TEXT.format(
            warc=WARC_NAME, meta=METADATA_NAME, manifest=MANIFEST_NAME, verify=VERIFY_NAME
        ).encode("utf-8"),
    }
    for name, content in (extra_files or {}).items():
        if name in files or name == MANIFEST_NAME or not _safe_name(name):
            raise ValueError(f"nama berkas tambahan tidak sah: {name!r}")
        files[name] = content
    manifest = {name: hashlib.sha256(content).hexdigest() for name, content in sorted(files.items())}
    manifest_text = "".join(f"{digest}  {name}\n" for name, digest in manifest.items())
    files[MANIFEST_NAME] = manifest_text.encode("utf-8")
    date_time = _zip_time(meta)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in [MANIFEST_NAME, VERIFY_NAME, METADATA_NAME, WARC_NAME] + sorted(
            n for n in files if n not in (MANIFEST_NAME, VERIFY_NAME, METADATA_NAME, WARC_NAME)
        ):
            info = zipfile.ZipInfo(name, date_time=date_time)
            # the WARC is already gzip-compressed: store it; deflate the small text files
            info.compress_type = zipfile.ZIP_STORED if name.endswith(".gz") else zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            zf.writestr(info, files[name])
    data = buf.getvalue()
    return EvidencePackage(data=data, sha256=hashlib.sha256(data).hexdigest(), manifest=manifest)


def _safe_name(name: str) -> bool:
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,120}", name)) and ".." not in name


_MANIFEST_LINE = re.compile(r"^([0-9a-fA-F]{64}) [ *](.+)$")


def verify_package(zip_bytes: bytes) -> PackageVerification:
    """Check an evidence package offline. Problems are reported in Indonesian."""
    result = PackageVerification(ok=True, sha256=hashlib.sha256(zip_bytes).hexdigest())

    def fail(msg: str) -> PackageVerification:
        result.ok = False
        result.problems.append(msg)
        return result

    try:
        zf = zipfile.ZipFile(io.BytesIO(zip_bytes))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return fail(f"bukan berkas zip yang sah: {exc}")
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_PACKAGE_MEMBERS:
            return fail(f"terlalu banyak berkas di dalam paket ({len(infos)})")
        if sum(i.file_size for i in infos) > MAX_PACKAGE_UNCOMPRESSED:
            return fail("ukuran isi paket setelah diekstrak terlalu besar")
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            return fail("ada nama berkas ganda di dalam paket")
        for n in names:
            if not _safe_name(n):
                return fail(f"nama berkas tidak aman di dalam paket: {n!r}")
        if MANIFEST_NAME not in names:
            return fail(f"{MANIFEST_NAME} tidak ada")
        contents: dict[str, bytes] = {}
        for info in infos:
            try:
                contents[info.filename] = zf.read(info)
            except (zipfile.BadZipFile, zlib.error, OSError, ValueError) as exc:
                fail(f"{info.filename} tidak dapat dibaca: {exc}")
    for name, content in contents.items():
        result.files[name] = hashlib.sha256(content).hexdigest()
    listed: dict[str, str] = {}
    manifest_text = contents.get(MANIFEST_NAME, b"").decode("utf-8", errors="replace")
    for lineno, line in enumerate(manifest_text.splitlines(), start=1):
        if not line.strip():
            continue
        m = _MANIFEST_LINE.match(line)
        if not m:
            fail(f"{MANIFEST_NAME} baris {lineno} tidak sah")
            continue
        listed[m.group(2)] = m.group(1).lower()
    for name, digest in listed.items():
        if name not in contents:
            fail(f"{name} tercantum di manifes tetapi tidak ada di paket")
        elif result.files[name] != digest:
            fail(f"{name}: SHA-256 tidak cocok dengan manifes (berkas telah berubah)")
    for name in contents:
        if name != MANIFEST_NAME and name not in listed:
            fail(f"{name} ada di paket tetapi tidak tercantum di manifes")
    for required in (WARC_NAME, METADATA_NAME):
        if required not in contents:
            fail(f"{required} tidak ada")
    if METADATA_NAME in contents:
        try:
            meta = json.loads(contents[METADATA_NAME])
            result.metadata = meta if isinstance(meta, dict) else None
        except ValueError:
            fail(f"{METADATA_NAME} bukan JSON yang sah")
        if result.metadata is not None and WARC_NAME in contents:
            if result.metadata.get("warc_sha256") != result.files[WARC_NAME]:
                fail(f"warc_sha256 di {METADATA_NAME} tidak sama dengan SHA-256 {WARC_NAME}")
    if WARC_NAME in contents:
        warc_check = verify_warc(contents[WARC_NAME])
        if not warc_check.ok:
            for p in warc_check.problems:
                fail(f"{WARC_NAME}: {p}")
    return result
