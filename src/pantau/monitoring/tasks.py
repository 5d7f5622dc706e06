"""Celery tasks of the ingestion pipeline, one stage per queue (routes in pantau/celery.py by name prefix):

    fetch_source ─→ extract_capture ─→ classify_source_records ─→ persist_source_records
    (fetch)          (extract)          (classify)                  (persist)
    extract_import_batch ─→ classify_chunk ─→ persist_chunk

All tasks are acknowledged late (a worker killed mid-task leaves the message to be delivered again) and
idempotent (see pipeline.py), so redelivery never loses or duplicates an item. With no broker configured
the same code runs eagerly, in the calling process.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError, transaction
from django.db.models import F
from django.utils import timezone

from pantau.celery import app

from . import adapters, pipeline
from .models import ImportBatch, Source, TakedownRequest

log = logging.getLogger(__name__)

# A message whose worker died is redelivered once the broker's visibility timeout has passed (Redis):
# settings.CELERY_BROKER_TRANSPORT_OPTIONS, from PANTAU_BROKER_VISIBILITY_TIMEOUT. Kombu only looks for
# such messages every unacked_restore_interval × unacked_restore_throttle seconds (10 × 10 by default), and
# a worker killed during that sweep leaves its mutex for unacked_mutex_expire (300 s): with those defaults
# a short visibility timeout still meant minutes before a killed worker's chunk came back. Sweep every
# visibility_timeout / 5 seconds (1–10 s; one ZRANGE on Redis) and let a dead sweeper's mutex expire in 30 s.


def _restore_options(options: dict) -> dict:
    options = dict(options or {})
    timeout = int(options.get("visibility_timeout") or 3600)
    options.setdefault("unacked_restore_interval", max(1, min(10, timeout // 5)))
    options.setdefault("unacked_restore_throttle", 1)
    options.setdefault("unacked_mutex_expire", 30)
    return options


app.conf.broker_transport_options = _restore_options(app.conf.broker_transport_options)

TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": True,
    "retry_backoff_max": 120,
    "max_retries": 8,
}

RECHECK_HOURS = 24


# ---------------------------------------------------------------------------------------------------------
# imports


@shared_task(name="pantau.monitoring.tasks.extract_import_batch", **TASK_OPTIONS)
def extract_import_batch(batch_id: int) -> dict:
    """Parse the stored export and queue its chunks. Re-running it queues the same chunks again, which
    persist_chunk recognises by their markers."""
    batch, chunks, summary = prepare_import_batch(batch_id)
    for number, chunk in chunks:
        classify_chunk.delay(batch_id, number, list(chunk))
    return summary


def prepare_import_batch(batch_id: int) -> tuple[ImportBatch, list, dict]:
    """Parse a stored export into record chunks and record its totals and row errors on the batch. Returns
    no chunks for a batch that is finished or failed."""
    from pantau.evidence.store import open_blob
    from pantau.ingest.importers import import_file

    batch = ImportBatch.objects.get(pk=batch_id)
    if batch.status in (ImportBatch.Status.DONE, ImportBatch.Status.FAILED):
        return batch, [], {"batch": batch_id, "status": batch.status}
    options = dict(batch.options or {})
    try:
        result = import_file(batch.format, open_blob(batch.file), filename=batch.original_name, **options)
    except (TypeError, ValueError) as exc:
        ImportBatch.objects.filter(pk=batch_id).update(status=ImportBatch.Status.FAILED, message=str(exc)[:500],
                                                       finished_at=timezone.now())
        return batch, [], {"batch": batch_id, "status": "failed"}
    records = [pipeline.raw_to_record(item, index) for index, item in enumerate(result.items, start=1)]
    chunks = list(pipeline.chunked(records))
    fields = {
        "total": result.total or len(records) + result.error_count,
        "errors": result.error_count,
        "error_rows": [e.to_dict() for e in result.errors],
        "chunks_total": len(chunks),
        "status": ImportBatch.Status.FAILED if result.fatal else ImportBatch.Status.RUNNING,
        "message": (result.errors[0].message if result.fatal and result.errors else "")[:500],
    }
    if result.fatal or not chunks:
        fields["finished_at"] = timezone.now()
        if not result.fatal:
            fields["status"] = ImportBatch.Status.DONE
    ImportBatch.objects.filter(pk=batch_id).update(**fields)
    return batch, chunks, {"batch": batch_id, "chunks": len(chunks), "errors": result.error_count}


@shared_task(name="pantau.monitoring.tasks.classify_chunk", **TASK_OPTIONS)
def classify_chunk(batch_id: int, number: int, records: list[dict]) -> int:
    if ImportBatch.objects.filter(pk=batch_id, chunks__number=number).exists():
        return 0  # already persisted: a redelivered message
    persist_chunk.delay(batch_id, number, pipeline.sketch_records(pipeline.classify_records(records)))
    return len(records)


@shared_task(name="pantau.monitoring.tasks.persist_chunk", **TASK_OPTIONS)
def persist_chunk(batch_id: int, number: int, records: list[dict]) -> dict:
    batch = ImportBatch.objects.get(pk=batch_id)
    created, duplicates = pipeline.persist_records(records, default_region=batch.region_id, batch=batch,
                                                   chunk_number=number)
    return {"batch": batch_id, "chunk": number, "imported": created, "duplicates": duplicates}


# ---------------------------------------------------------------------------------------------------------
# sources (RSS feeds and web pages)


@shared_task(name="pantau.monitoring.tasks.fetch_due_sources", **TASK_OPTIONS)
def fetch_due_sources() -> int:
    now = timezone.now()
    due = [s.pk for s in Source.objects.filter(active=True).exclude(kind=Source.Kind.UPLOAD) if s.is_due(now)]
    for pk in due:
        fetch_source.delay(pk)
    return len(due)


@shared_task(name="pantau.monitoring.tasks.fetch_source", **TASK_OPTIONS)
def fetch_source(source_id: int) -> dict:
    """Fetch through the process's SSRF-safe Fetcher, store the exchange as a WARC, pass it on to extraction.

    A refused or failed fetch (FetchError: SSRF, robots.txt, size, timeout ...) is recorded on the source;
    a non-2xx answer is kept as a WARC too (it shows what the server said) but extracts nothing."""
    from pantau.evidence.store import store

    source = Source.objects.get(pk=source_id)
    now = timezone.now()
    try:
        result = adapters.fetch_url(source.url, etag=source.etag, last_modified=source.last_modified)
    except adapters.FetchError as exc:
        Source.objects.filter(pk=source_id).update(last_fetched_at=now, last_status=str(exc)[:300],
                                                   failures=F("failures") + 1)
        return {"source": source_id, "error": str(exc)}
    if result.not_modified:
        Source.objects.filter(pk=source_id).update(last_fetched_at=now, last_status="304 tidak berubah", failures=0)
        return {"source": source_id, "status": 304}
    warc = adapters.warc_of_fetch(result, source=f"monitoring.Source:{source_id}")
    blob = store(warc.data, content_type="application/warc", original_name=f"source-{source_id}.warc.gz",
                 subject=f"monitoring.Source:{source_id}",
                 note=f"{result.final_url} HTTP {result.status}, isi SHA-256 {result.sha256}")
    if not result.ok:
        Source.objects.filter(pk=source_id).update(last_fetched_at=now, last_status=f"HTTP {result.status}",
                                                   failures=F("failures") + 1)
        return {"source": source_id, "error": f"HTTP {result.status}", "warc": blob.sha256}
    Source.objects.filter(pk=source_id).update(
        last_fetched_at=now, last_status=f"HTTP {result.status}, {len(result.body)} B", failures=0,
        etag=(result.etag or "")[:300], last_modified=(result.last_modified or "")[:100],
    )
    extract_capture.delay(source_id, blob.sha256, result.final_url, result.content_type or "")
    return {"source": source_id, "warc": blob.sha256}


@shared_task(name="pantau.monitoring.tasks.extract_capture", **TASK_OPTIONS)
def extract_capture(source_id: int, warc_sha: str, url: str, content_type: str = "") -> int:
    from pantau.evidence.store import open_blob

    source = Source.objects.get(pk=source_id)
    body = _payload_from_warc(open_blob(warc_sha))
    if source.kind == Source.Kind.RSS:
        result = adapters.parse_feed(body, url)
        raws = result.items
        if result.fatal:
            Source.objects.filter(pk=source_id).update(last_status=result.errors[0].message[:300])
    else:
        raws = [adapters.extract_page(body, url, content_type)]
    records = [pipeline.raw_to_record(raw, index) for index, raw in enumerate(raws, start=1)]
    for _number, chunk in pipeline.chunked(records):
        classify_source_records.delay(source_id, warc_sha, list(chunk))
    return len(records)


def _payload_from_warc(data: bytes) -> bytes:
    import io

    from warcio.archiveiterator import ArchiveIterator

    for rec in ArchiveIterator(io.BytesIO(data)):
        if rec.rec_type in ("response", "resource"):
            return rec.content_stream().read()
    return b""


@shared_task(name="pantau.monitoring.tasks.classify_source_records", **TASK_OPTIONS)
def classify_source_records(source_id: int, warc_sha: str, records: list[dict]) -> int:
    persist_source_records.delay(source_id, warc_sha, pipeline.sketch_records(pipeline.classify_records(records)))
    return len(records)


@shared_task(name="pantau.monitoring.tasks.persist_source_records", **TASK_OPTIONS)
def persist_source_records(source_id: int, warc_sha: str, records: list[dict]) -> dict:
    source = Source.objects.get(pk=source_id)
    # The origin names the capture, so a redelivered message adds no second sighting.
    created, duplicates = pipeline.persist_records(
        records, default_region=source.region_id, source=source, origin_prefix=f"source:{source_id}:{warc_sha[:16]}",
        warc_blob_id=warc_sha,
    )
    return {"source": source_id, "imported": created, "duplicates": duplicates}


# ---------------------------------------------------------------------------------------------------------
# takedown re-checks


@shared_task(name="pantau.monitoring.tasks.fetch_takedown_recheck", **TASK_OPTIONS)
def fetch_takedown_recheck(request_id: int) -> int | None:
    from .services import recheck_takedown

    request = TakedownRequest.objects.get(pk=request_id)
    return recheck_takedown(request).still_online


@shared_task(name="pantau.monitoring.tasks.fetch_due_rechecks", **TASK_OPTIONS)
def fetch_due_rechecks() -> int:
    cutoff = timezone.now() - timezone.timedelta(hours=RECHECK_HOURS)
    due = TakedownRequest.objects.filter(sent_at__isnull=False).exclude(still_online=0).exclude(
        last_checked_at__gt=cutoff)
    ids = list(due.values_list("pk", flat=True))
    for pk in ids:
        transaction.on_commit(lambda pk=pk: fetch_takedown_recheck.delay(pk))
    return len(ids)


# ---------------------------------------------------------------------------------------------------------
# links submitted as evidence with reports (url_capture.py)


@shared_task(name="pantau.monitoring.tasks.fetch_report_urls", **TASK_OPTIONS)
def fetch_report_urls(limit: int = 0) -> dict:
    """Archive a batch of report links still waiting for capture (oldest first). A link leased by another
    run or recorded meanwhile is skipped, so overlapping runs and redelivered messages do no double work."""
    from pantau.audit.context import acting_as

    from . import url_capture

    with acting_as(label="sistem"):
        return url_capture.capture_awaiting(limit or url_capture.BATCH_SIZE)


@shared_task(name="pantau.monitoring.tasks.fetch_report_url", **TASK_OPTIONS)
def fetch_report_url(attachment_id: int) -> str:
    """Archive one report link (queued right after the report is stored, when a broker is configured)."""
    from pantau.audit.context import acting_as

    from . import url_capture

    with acting_as(label="sistem"):
        return url_capture.capture(attachment_id)


# Sources say how often they want fetching; a one-minute tick picks the due ones (`celery -A pantau beat`).
# Report links are taken every five minutes (those queued at submission are usually done by then).
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "monitoring-due-sources": {"task": "pantau.monitoring.tasks.fetch_due_sources", "schedule": 60.0},
    "monitoring-takedown-rechecks": {"task": "pantau.monitoring.tasks.fetch_due_rechecks", "schedule": 3600.0},
    "monitoring-report-urls": {"task": "pantau.monitoring.tasks.fetch_report_urls", "schedule": 300.0},
}
