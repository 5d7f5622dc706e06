"""Archive the URLs reporters submit as evidence, with the monitoring fetcher.

A report keeps each submitted link as an attachment waiting for capture (`reports.services.
urls_awaiting_capture()`). Each is fetched through the process's SSRF-safe `Fetcher` (the one monitored sources
use: private and internal addresses refused, size caps, timeouts, robots.txt, politeness delay per host), the
HTTP exchange is stored as a WARC in the evidence store (custody entry "captured", subject the report), and
the outcome goes back through `reports.services.record_url_capture`: captured with the WARC, or failed with a
note saying why. A failed link is not tried again (`record_url_capture` moves it out of "waiting").

Safe to run twice at once and to retry: a link is leased in the cache while it is fetched (shared across
processes when `PANTAU_CACHE_URL` points to Redis), and its result is recorded only while it is still waiting,
checked under a row lock. A worker that dies mid-fetch leaves the lease to expire (`LEASE_SECONDS`), after
which the next run takes the link again.
"""

from __future__ import annotations

import logging
from collections import Counter

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext_noop

from . import adapters

log = logging.getLogger(__name__)

#: links per run (each may take up to the fetcher's total timeout, with its retries)
BATCH_SIZE = 10
#: longer than one link's worst case (60 s per attempt, 3 retries, back-off)
LEASE_SECONDS = 15 * 60

# Notes are stored on the attachment and in the audit log, so they are written in Indonesian whatever the
# reader's language (as the reports app does with its stored texts); the fetcher's own detail follows.
CAPTURED = gettext_noop("Diarsipkan: %(url)s HTTP %(status)s, %(size)s bita, isi SHA-256 %(sha)s.")
HTTP_ERROR = gettext_noop("Gagal diarsipkan: server menjawab HTTP %(status)s. Jawaban server disimpan sebagai "
                          "WARC %(warc)s.")
REFUSED_ADDRESS = gettext_noop("Gagal diarsipkan: alamat ditolak demi keamanan (alamat privat/internal atau "
                               "tidak diizinkan).")
REFUSED_ROBOTS = gettext_noop("Gagal diarsipkan: situs melarang pengambilan otomatis (robots.txt).")
REFUSED_TYPE = gettext_noop("Gagal diarsipkan: jenis isi tidak diterima pengarsip (yang diterima: halaman web, "
                            "teks, foto, PDF, video dan rekaman suara).")
TOO_LARGE = gettext_noop("Gagal diarsipkan: isi melebihi batas ukuran (%(mb)s MB).")
TIMEOUT = gettext_noop("Gagal diarsipkan: batas waktu habis.")
UNREACHABLE = gettext_noop("Gagal diarsipkan: server tidak dapat dihubungi.")
REDIRECTS = gettext_noop("Gagal diarsipkan: terlalu banyak pengalihan.")
FAILED = gettext_noop("Gagal diarsipkan: pengambilan gagal.")
UNEXPECTED = gettext_noop("Gagal diarsipkan: kesalahan tak terduga (%(error)s).")


def failure_note(exc: Exception) -> str:
    """The stored reason for a fetch that raised: what kind of failure, then the fetcher's own message."""
    if isinstance(exc, adapters.FetchRobotsDisallowed):
        reason = REFUSED_ROBOTS
    elif isinstance(exc, adapters.FetchContentTypeRefused):
        reason = REFUSED_TYPE
    elif isinstance(exc, adapters.FetchRefused):
        reason = REFUSED_ADDRESS
    elif isinstance(exc, adapters.FetchTooLarge):
        reason = TOO_LARGE % {"mb": adapters.fetch_settings(evidence=True).max_bytes // (1024 * 1024)}
    elif isinstance(exc, adapters.FetchTimeout):
        reason = TIMEOUT
    elif isinstance(exc, adapters.FetchConnectionError):
        reason = UNREACHABLE
    elif isinstance(exc, adapters.FetchTooManyRedirects):
        reason = REDIRECTS
    elif isinstance(exc, adapters.FetchError):
        reason = FAILED
    else:
        return UNEXPECTED % {"error": exc.__class__.__name__}
    detail = str(exc).strip()
    return f"{reason} {detail}" if detail else reason


def _lease_key(attachment_id: int) -> str:
    return f"monitoring:url-capture:{attachment_id}"


def awaiting_ids(limit: int = BATCH_SIZE) -> list[int]:
    from pantau.reports.services import urls_awaiting_capture

    return [attachment.pk for attachment in urls_awaiting_capture(limit)]


def capture_awaiting(limit: int = BATCH_SIZE) -> dict[str, int]:
    """Capture up to `limit` waiting links, oldest first. Returns counts: captured, failed, skipped."""
    counts = Counter({"captured": 0, "failed": 0, "skipped": 0})
    for attachment_id in awaiting_ids(limit):
        counts[capture(attachment_id)] += 1
    return dict(counts)


def capture(attachment_id: int) -> str:
    """Fetch one waiting link and record the outcome: "captured", "failed", or "skipped" (no longer waiting,
    or leased by another worker)."""
    if not cache.add(_lease_key(attachment_id), 1, LEASE_SECONDS):
        return "skipped"
    try:
        return _capture(attachment_id)
    finally:
        cache.delete(_lease_key(attachment_id))


def _waiting(attachment_id: int, *, lock: bool = False):
    from pantau.reports.models import AttachmentKind, CaptureStatus, ReportAttachment

    qs = ReportAttachment.objects.select_related("report")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.filter(pk=attachment_id, kind=AttachmentKind.URL, capture_status=CaptureStatus.PENDING).first()


def _capture(attachment_id: int) -> str:
    from pantau.evidence.store import store

    attachment = _waiting(attachment_id)
    if attachment is None:
        return "skipped"
    report = attachment.report
    subject = f"reports.Report:{report.tracking_code}"
    try:
        result = adapters.fetch_url(attachment.url, evidence=True)
    except adapters.FetchError as exc:
        return _record(attachment_id, ok=False, note=failure_note(exc))
    except Exception as exc:  # a fetcher bug on one odd URL must not stall the queue behind it
        log.exception("Capturing report link %s failed unexpectedly", attachment_id)
        return _record(attachment_id, ok=False, note=failure_note(exc))
    warc = adapters.warc_of_fetch(result, report=report.tracking_code,
                                  attachment=f"reports.ReportAttachment:{attachment_id}")
    blob = store(warc.data, content_type="application/warc", original_name=f"tautan-{attachment_id}.warc.gz",
                 subject=subject, note=f"{result.final_url} HTTP {result.status}, isi SHA-256 {result.sha256}")
    if not result.ok:  # what the server said (e.g. 404 after a takedown) is kept, but nothing was archived
        return _record(attachment_id, ok=False, note=HTTP_ERROR % {"status": result.status, "warc": blob.sha256})
    return _record(attachment_id, ok=True, blob=blob, note=CAPTURED % {
        "url": result.final_url, "status": result.status, "size": len(result.body), "sha": result.sha256})


def _record(attachment_id: int, *, ok: bool, note: str, blob=None) -> str:
    from pantau.reports.services import record_url_capture

    with transaction.atomic():
        attachment = _waiting(attachment_id, lock=True)
        if attachment is None:  # recorded meanwhile by another run: keep the first result
            return "skipped"
        record_url_capture(attachment, blob=blob, ok=ok, note=note)
    return "captured" if ok else "failed"


# ---------------------------------------------------------------------------------------------------------
# right after a report with links is stored


def queue_after_submit(sender, instance, created: bool, **kwargs) -> None:
    """post_save of reports.ReportAttachment: with a broker, queue the capture of a new waiting link once the
    report's transaction commits, so a post is archived before it can be deleted. Without a broker tasks run
    eagerly, which would fetch inside the reporter's request: then the beat schedule or `pantau
    capture-urls` takes the link instead."""
    from pantau.reports.models import AttachmentKind, CaptureStatus

    if not created or instance.kind != AttachmentKind.URL or instance.capture_status != CaptureStatus.PENDING:
        return
    if not broker_configured():
        return
    attachment_id = instance.pk

    def send() -> None:
        from .tasks import fetch_report_url

        try:
            fetch_report_url.delay(attachment_id)
        except Exception:  # a broker outage must not fail the report: the beat schedule catches up
            log.exception("Could not queue the capture of report link %s", attachment_id)

    transaction.on_commit(send)


def broker_configured() -> bool:
    from pantau.celery import app

    return not app.conf.task_always_eager
