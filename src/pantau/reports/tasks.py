"""Work after a report is stored: public copies of photos (EXIF/GPS removed), duplicate suggestions and
e-mails. Idempotent and safe to retry.

Without a broker (the embedded default) Celery runs these eagerly, right after the submission's transaction
commits; with Redis they run on a worker. A failure here never loses the report: it is already committed.
"""

from __future__ import annotations

import logging

from celery import shared_task
from django.core.cache import cache

from pantau.audit.context import acting_as

log = logging.getLogger(__name__)


@shared_task(name="pantau.reports.tasks.process_new_report", acks_late=True)
def process_new_report(report_id: int, notify: bool = True) -> dict:
    from .models import Report
    from .services import make_public_copies, notify_office, suggest_duplicates

    report = Report.objects.select_related("region", "office_region").filter(pk=report_id).first()
    if report is None:
        return {"report": report_id, "missing": True}
    result = {"report": report_id, "public_copies": 0, "suggestions": 0, "office_mail": False}
    with acting_as(label="sistem"):
        # Public copies first: the duplicate check compares their perceptual hashes.
        result["public_copies"] = make_public_copies(report)
        try:
            result["suggestions"] = len(suggest_duplicates(report))
        except Exception:
            log.exception("Duplicate check failed for report %s", report_id)
    # Send the office notice once, even when the task is retried.
    if notify and cache.add(f"reports:office-mail:{report_id}", 1, 24 * 3600):
        result["office_mail"] = notify_office(report)
    return result


@shared_task(name="pantau.reports.tasks.notify_status_change", acks_late=True)
def notify_status_change(report_id: int) -> int:
    from .models import Report
    from .services import notify_status

    report = Report.objects.filter(pk=report_id).first()
    return notify_status(report) if report else 0
