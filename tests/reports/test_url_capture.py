"""Links submitted with a report are archived by the monitoring fetcher (pantau.monitoring.url_capture): a
local HTTP server on 127.0.0.1 serves the pages; the fetcher's SSRF guard lets it through only with the test
setting PANTAU_FETCH_ALLOW_PRIVATE, as in tests/monitoring/test_real_fetch.py."""

from __future__ import annotations

import hashlib
import io
import json
from http.server import BaseHTTPRequestHandler

import pytest
from django.core.cache import cache
from django.core.management import call_command

from pantau.audit.models import AuditEntry
from pantau.evidence.models import CustodyEntry
from pantau.evidence.store import open_blob
from pantau.ingest.warc import verify_warc
from pantau.monitoring import adapters, url_capture
from pantau.monitoring.tasks import fetch_report_url, fetch_report_urls
from pantau.reports import services
from pantau.reports.models import AttachmentKind, CaptureStatus

from .conftest import report_data

PAGE = (b"<!doctype html><html lang='id'><head><meta charset='utf-8'><title>Bagi amplop di Telanaipura</title>"
        b"</head><body><article><p>Akun ini mengajak warga datang ke posko untuk mengambil amplop.</p>"
        b"</article></body></html>")
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15"
       b"\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


class _Handler(BaseHTTPRequestHandler):
    paths: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        type(self).paths.append(self.path)
        if self.path.startswith("/postingan/"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)
        elif self.path == "/robots.txt":  # a site that forbids every crawler
            body = b"User-agent: *\nDisallow: /\n"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path == "/foto.png":
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", str(len(PNG)))
            self.end_headers()
            self.wfile.write(PNG)
        elif self.path == "/video-besar":
            # declares far more than the evidence fetcher's 25 MB cap: refused before the body is read
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(200 * 1024 * 1024))
            self.end_headers()
        else:
            self.send_error(404)

    def log_message(self, *args):
        pass


@pytest.fixture
def site(serve_http):
    _Handler.paths = []
    return serve_http(_Handler)


def _submit(*urls, ip="203.0.113.50"):
    report = services.submit_report(report_data(urls="\n".join(urls)), ip=ip)
    return report, list(report.attachments.filter(kind=AttachmentKind.URL).order_by("pk"))


def _response_status(warc: bytes) -> str:
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(io.BytesIO(warc)):
        if record.rec_type == "response":
            return record.http_headers.get_statuscode()
    return ""


def _response_body(warc: bytes) -> bytes:
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(io.BytesIO(warc)):
        if record.rec_type == "response":
            return record.content_stream().read()
    return b""


@pytest.mark.django_db
def test_waiting_link_is_archived_as_a_warc_with_custody_and_recorded_on_the_report(jambi, site):
    report, [link] = _submit(f"{site}/postingan/77")
    assert link.capture_status == CaptureStatus.PENDING  # eager default: nothing fetched during the request
    assert _Handler.paths == []

    assert fetch_report_urls.delay().get() == {"captured": 1, "failed": 0, "skipped": 0}
    link.refresh_from_db()
    assert link.capture_status == CaptureStatus.CAPTURED and link.capture is not None
    warc = open_blob(link.capture)
    assert verify_warc(warc).ok and _response_body(warc) == PAGE
    assert link.capture.content_type == "application/warc"
    custody = CustodyEntry.objects.get(blob=link.capture, action=CustodyEntry.Action.CAPTURED)
    assert custody.subject == f"reports.Report:{report.tracking_code}" and f"{site}/postingan/77" in custody.note
    assert link.capture_note.startswith("Diarsipkan:") and hashlib.sha256(PAGE).hexdigest() in link.capture_note
    audit = AuditEntry.objects.filter(action="report_url_capture", object_pk=str(report.pk)).get()
    assert audit.changes["blob"] == link.capture.sha256 and audit.changes["status"] == CaptureStatus.CAPTURED

    # nothing left: a second run (or a redelivered message) fetches nothing and stores nothing
    captured_before = CustodyEntry.objects.filter(action=CustodyEntry.Action.CAPTURED).count()
    assert fetch_report_urls.delay().get() == {"captured": 0, "failed": 0, "skipped": 0}
    assert fetch_report_url.delay(link.pk).get() == "skipped"
    assert _Handler.paths.count("/postingan/77") == 1
    assert CustodyEntry.objects.filter(action=CustodyEntry.Action.CAPTURED).count() == captured_before


@pytest.mark.django_db
def test_private_address_is_refused_without_the_test_setting_and_not_retried(jambi, site, settings):
    settings.PANTAU_FETCH_ALLOW_PRIVATE = False
    adapters.reset_fetcher()
    _report, [link] = _submit(f"{site}/postingan/1")

    assert fetch_report_urls.delay().get() == {"captured": 0, "failed": 1, "skipped": 0}
    link.refresh_from_db()
    assert link.capture_status == CaptureStatus.FAILED and link.capture is None
    assert link.capture_note.startswith("Gagal diarsipkan: alamat ditolak demi keamanan")
    assert "127.0.0.1" in link.capture_note  # the fetcher's own detail follows
    assert _Handler.paths == []  # refused before connecting
    assert link not in services.urls_awaiting_capture()
    assert fetch_report_urls.delay().get() == {"captured": 0, "failed": 0, "skipped": 0}


@pytest.mark.django_db
def test_too_large_and_missing_pages_fail_with_their_reason(jambi, site):
    report, [big, gone] = _submit(f"{site}/video-besar", f"{site}/postingan-dihapus")
    assert fetch_report_urls.delay().get() == {"captured": 0, "failed": 2, "skipped": 0}
    big.refresh_from_db()
    gone.refresh_from_db()
    assert big.capture_status == CaptureStatus.FAILED
    assert big.capture_note.startswith("Gagal diarsipkan: isi melebihi batas ukuran (25 MB).")
    # a 404 is what the server said (e.g. after a takedown): its WARC is kept and named in the note
    assert gone.capture_status == CaptureStatus.FAILED and gone.capture is None
    assert "HTTP 404" in gone.capture_note
    kept = CustodyEntry.objects.filter(subject=f"reports.Report:{report.tracking_code}",
                                       blob__content_type="application/warc").get()
    warc = open_blob(kept.blob)
    assert kept.blob.sha256 in gone.capture_note and verify_warc(warc).ok
    assert _response_status(warc) == "404"


@pytest.mark.django_db
def test_a_link_leased_by_another_worker_is_left_to_it(jambi, site):
    _report, [first, second] = _submit(f"{site}/postingan/1", f"{site}/postingan/2")
    cache.add(f"monitoring:url-capture:{first.pk}", 1, 60)  # another worker is fetching it
    try:
        assert fetch_report_urls.delay().get() == {"captured": 1, "failed": 0, "skipped": 1}
    finally:
        cache.delete(f"monitoring:url-capture:{first.pk}")
    first.refresh_from_db()
    assert first.capture_status == CaptureStatus.PENDING and _Handler.paths == ["/postingan/2"]
    # once the lease is gone (done or expired) the next run takes it
    assert url_capture.capture_awaiting() == {"captured": 1, "failed": 0, "skipped": 0}


@pytest.mark.django_db
def test_result_recorded_meanwhile_by_another_run_is_kept(jambi, site, monkeypatch):
    _report, [link] = _submit(f"{site}/postingan/5")
    fetch = adapters.fetch_url

    def slow_fetch(url, **kwargs):
        result = fetch(url, **kwargs)
        # another worker finished first (its lease had expired)
        services.record_url_capture(type(link).objects.get(pk=link.pk), ok=False, note="hasil lain")
        return result

    monkeypatch.setattr(adapters, "fetch_url", slow_fetch)
    assert url_capture.capture(link.pk) == "skipped"
    link.refresh_from_db()
    assert link.capture_status == CaptureStatus.FAILED and link.capture_note == "hasil lain"


@pytest.mark.django_db
def test_with_a_broker_each_new_link_is_queued_when_the_report_commits(jambi, site, monkeypatch,
                                                                        django_capture_on_commit_callbacks):
    queued = []
    monkeypatch.setattr(fetch_report_url, "delay", lambda pk: queued.append(pk))
    with django_capture_on_commit_callbacks(execute=True):
        _submit(f"{site}/postingan/8")
    assert queued == []  # eager default: no fetch inside the reporter's request

    monkeypatch.setattr(url_capture, "broker_configured", lambda: True)
    with django_capture_on_commit_callbacks(execute=True):
        _report, links = _submit(f"{site}/postingan/9", f"{site}/postingan/10", ip="203.0.113.51")
    assert queued == [link.pk for link in links]

    def broker_down(pk):
        raise ConnectionError("broker tidak tersedia")

    monkeypatch.setattr(fetch_report_url, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        report, _links = _submit(f"{site}/postingan/11", ip="203.0.113.52")
    assert report.pk  # the report is stored; the beat schedule takes the link later


@pytest.mark.django_db
def test_management_command_captures_waiting_links(jambi, site):
    _submit(f"{site}/postingan/3", f"{site}/tidak-ada")
    out = io.StringIO()
    call_command("capture_urls", "--json", stdout=out)
    assert json.loads(out.getvalue().strip().splitlines()[-1]) == {"captured": 1, "failed": 1, "skipped": 0}


@pytest.mark.django_db
def test_a_submitted_photo_link_is_archived_even_where_robots_txt_forbids_crawlers(jambi, site):
    """A link a reporter gives is fetched once on their behalf, as their browser would: robots.txt is for
    crawlers (the monitoring sources still honour it), and photos are evidence."""
    _report, [link] = _submit(f"{site}/foto.png")
    assert url_capture.capture_awaiting() == {"captured": 1, "failed": 0, "skipped": 0}
    link.refresh_from_db()
    assert link.capture_status == CaptureStatus.CAPTURED
    assert "/robots.txt" not in _Handler.paths
    assert _response_body(open_blob(link.capture)) == PNG
    # the crawler used for sources is unchanged: the same site's robots.txt keeps it out
    with pytest.raises(adapters.FetchError):
        adapters.fetch_url(f"{site}/postingan/9")
