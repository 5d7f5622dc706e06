import gzip
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from datetime import UTC, datetime

import pytest
from warcio.archiveiterator import ArchiveIterator

from pantau.ingest.fetch import FetchResult, Hop
from pantau.ingest.package import (
    MANIFEST_NAME,
    METADATA_NAME,
    VERIFY_NAME,
    WARC_NAME,
    build_package,
    verify_package,
)
from pantau.ingest.warc import verify_warc, warc_for_fetch, warc_for_file

BODY = b"<html><body><p>Warga menerima amplop 50rb dari tim paslon nomor 2.</p></body></html>"


def fetch_result(**kw):
    raw = gzip.compress(BODY, mtime=0)
    base = dict(
        url="http://wartajambi.example.id/a",
        final_url="https://wartajambi.example.id/a",
        status=200,
        reason="OK",
        http_version="HTTP/1.1",
        headers=[
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
            ("ETag", '"v1"'),
        ],
        body=BODY,
        raw_body=raw,
        fetched_at=datetime(2024, 11, 26, 0, 15, 30, 123456, tzinfo=UTC),
        elapsed=0.42,
        request_method="GET",
        request_headers=[("Host", "wartajambi.example.id"), ("User-Agent", "PantauBot/0.1 (+Bawaslu)")],
        redirect_chain=[
            Hop("http://wartajambi.example.id/a", 301, "https://wartajambi.example.id/a", "93.184.215.14")
        ],
        resolved_ip="93.184.215.14",
        content_encoding="gzip",
    )
    base.update(kw)
    return FetchResult(**base)


def records(data):
    out = []
    for rec in ArchiveIterator(io.BytesIO(data)):
        out.append((rec.rec_type, rec.rec_headers, rec.http_headers, rec.raw_stream.read()))
    return out


def test_warc_for_fetch_records_and_headers():
    blob = warc_for_fetch(fetch_result(), info={"operator": "Bawaslu Provinsi Jambi"})
    assert blob.sha256 == hashlib.sha256(blob.data).hexdigest()
    recs = records(blob.data)
    assert [r[0] for r in recs] == ["warcinfo", "request", "response", "metadata"]
    _, req_h, req_http, _ = recs[1]
    _, resp_h, resp_http, payload = recs[2]
    assert resp_h.get_header("WARC-Target-URI") == "https://wartajambi.example.id/a"
    assert resp_h.get_header("WARC-Date") == "2024-11-26T00:15:30.123456Z"
    assert resp_h.get_header("WARC-IP-Address") == "93.184.215.14"
    assert resp_h.get_header("WARC-Payload-Digest").startswith("sha256:")
    assert resp_h.get_header("WARC-Block-Digest").startswith("sha256:")
    assert resp_http.get_statuscode() == "200"
    assert resp_http.get_header("Content-Encoding") == "gzip"
    assert resp_http.get_header("Transfer-Encoding") is None
    assert resp_http.get_header("X-Archive-Orig-Transfer-Encoding") == "chunked"
    assert gzip.decompress(payload) == BODY  # stored as transferred
    assert blob.payload_sha256 == hashlib.sha256(payload).hexdigest()
    assert req_h.get_header("WARC-Concurrent-To") == resp_h.get_header("WARC-Record-ID")
    assert (req_http.protocol, req_http.statusline) == ("GET", "/a HTTP/1.1")
    meta = json.loads(recs[3][3])
    assert meta["redirect_chain"][0]["status"] == 301
    assert meta["decoded_body_sha256"] == hashlib.sha256(BODY).hexdigest()
    assert b"Bawaslu Provinsi Jambi" in recs[0][3]


def test_verify_warc_ok_and_tampered():
    blob = warc_for_fetch(fetch_result(), gzip=False)
    check = verify_warc(blob.data)
    assert check.ok, check.problems
    assert {r.type: r.digest_ok for r in check.records}["response"] is True
    tampered = bytearray(blob.data)
    i = tampered.find(b"WARC-Type: response")
    j = tampered.find(b"\r\n\r\n", tampered.find(b"HTTP/1.1 200", i)) + 10
    tampered[j] ^= 0x01
    bad = verify_warc(bytes(tampered))
    assert not bad.ok and any("tidak cocok" in p for p in bad.problems)


def test_verify_warc_on_garbage():
    for junk in (b"", b"bukan warc", gzip.compress(b"WARC/1.1\r\nrusak"), b"\x1f\x8b\x08" + b"\x00" * 50):
        assert not verify_warc(junk).ok


def test_warc_for_file_resource_record(sample):
    data = sample("whatsapp_android_id.txt")
    when = datetime(2024, 11, 27, 1, 0, tzinfo=UTC)
    blob = warc_for_file(
        data,
        filename="Chat WhatsApp Warga RT 05.txt",
        content_type="text/plain; charset=utf-8",
        captured_at=when,
        metadata={"format": "whatsapp", "imported_by": "analis.jambi"},
    )
    recs = records(blob.data)
    assert [r[0] for r in recs] == ["warcinfo", "resource", "metadata"]
    rtype, headers, _, payload = recs[1]
    assert payload == data
    assert headers.get_header("WARC-Target-URI") == "file:///Chat%20WhatsApp%20Warga%20RT%2005.txt"
    assert headers.get_header("Content-Type") == "text/plain; charset=utf-8"
    assert headers.get_header("WARC-Date") == "2024-11-27T01:00:00.000000Z"
    assert blob.payload_sha256 == hashlib.sha256(data).hexdigest()
    assert json.loads(recs[2][3])["format"] == "whatsapp"
    assert verify_warc(blob.data).ok


def package_for_test():
    blob = warc_for_fetch(fetch_result())
    meta = {
        "item_id": "c0ffee",
        "url": "https://wartajambi.example.id/a",
        "captured_at": "2024-11-26T00:15:30+00:00",
        "captured_by": "PantauBot/0.1 (+Bawaslu)",
        "labels": ["politik_uang"],
    }
    return blob, build_package(blob.data, meta)


def test_package_contents_and_determinism():
    blob, pkg = package_for_test()
    zf = zipfile.ZipFile(io.BytesIO(pkg.data))
    assert sorted(zf.namelist()) == sorted([MANIFEST_NAME, VERIFY_NAME, METADATA_NAME, WARC_NAME])
    meta = json.loads(zf.read(METADATA_NAME))
    assert meta["warc_sha256"] == blob.sha256 and meta["item_id"] == "c0ffee"
    manifest = zf.read(MANIFEST_NAME).decode()
    assert f"{blob.sha256}  {WARC_NAME}" in manifest
    assert "sha256sum -c MANIFEST-SHA256.txt" in zf.read(VERIFY_NAME).decode()
    again = build_package(
        blob.data,
        {
            "item_id": "c0ffee",
            "url": "https://wartajambi.example.id/a",
            "captured_at": "2024-11-26T00:15:30+00:00",
            "captured_by": "PantauBot/0.1 (+Bawaslu)",
            "labels": ["politik_uang"],
        },
    )
    assert again.data == pkg.data and again.sha256 == pkg.sha256
    check = verify_package(pkg.data)
    assert check.ok, check.problems
    assert check.metadata["item_id"] == "c0ffee"


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="sha256sum not installed")
def test_package_verifies_with_sha256sum(tmp_path):
    _, pkg = package_for_test()
    zipfile.ZipFile(io.BytesIO(pkg.data)).extractall(tmp_path)
    out = subprocess.run(["sha256sum", "-c", MANIFEST_NAME], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.count(": OK") == 3
    (tmp_path / METADATA_NAME).write_text('{"diubah": true}')
    out = subprocess.run(["sha256sum", "-c", MANIFEST_NAME], cwd=tmp_path, capture_output=True, text=True)
    assert out.returncode != 0


def rezip(pkg_bytes, change):
    src = zipfile.ZipFile(io.BytesIO(pkg_bytes))
    files = {n: src.read(n) for n in src.namelist()}
    change(files)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for n, c in files.items():
            zf.writestr(n, c)
    return buf.getvalue()


def test_verify_package_detects_tampering():
    _, pkg = package_for_test()

    def edit_meta(files):
        files[METADATA_NAME] = files[METADATA_NAME].replace(b"c0ffee", b"deadbeef")

    def swap_warc(files):
        other = warc_for_fetch(fetch_result(body=b"lain", raw_body=b"lain")).data
        files[WARC_NAME] = other

    def add_file(files):
        files["tambahan.txt"] = b"x"

    def drop_warc(files):
        del files[WARC_NAME]

    for change, needle in (
        (edit_meta, "metadata.json"),
        (swap_warc, "evidence.warc.gz"),
        (add_file, "tambahan.txt"),
        (drop_warc, "evidence.warc.gz"),
    ):
        check = verify_package(rezip(pkg.data, change))
        assert not check.ok
        assert any(needle in p for p in check.problems), check.problems


def test_verify_package_consistent_manifest_but_wrong_metadata_hash():
    blob, pkg = package_for_test()

    def forge(files):
        other = warc_for_fetch(fetch_result(body=b"lain", raw_body=b"lain")).data
        files[WARC_NAME] = other
        lines = [ln for ln in files[MANIFEST_NAME].decode().splitlines() if not ln.endswith(WARC_NAME)]
        lines.append(f"{hashlib.sha256(other).hexdigest()}  {WARC_NAME}")
        files[MANIFEST_NAME] = ("\n".join(lines) + "\n").encode()

    check = verify_package(rezip(pkg.data, forge))
    assert not check.ok and any("warc_sha256" in p for p in check.problems)


def test_verify_package_garbage_and_unsafe_names():
    assert not verify_package(b"bukan zip").ok
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("../../etc/passwd", b"x")
    assert not verify_package(buf.getvalue()).ok
    with pytest.raises(ValueError):
        build_package(b"x", {}, extra_files={"../x": b""})
