"""Periodic work for cases: escalate deadlines that are near or past to the head of the handling office."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import transaction
from django.utils import timezone

from pantau.audit.context import acting_as
from pantau.audit.services import record

from . import timing
from .models import TERMINAL_STATES, Deadline
from .services import notify, office_heads, office_label

ESCALATION_MINUTES = 15

BEAT_SCHEDULE = {
    "cases-escalate-deadlines": {
        "task": "pantau.cases.tasks.escalate_deadlines",
        "schedule": dt.timedelta(minutes=ESCALATION_MINUTES),
    },
}

LEVEL_TEXT = {
    "mendekati": "mendekati tenggat",
    "lewat": "MELEWATI tenggat",
    "tanpa_tanggal": "tenggat tidak dapat dihitung",
}
LEVEL_RANK = {"": 0, "tanpa_tanggal": 1, "mendekati": 1, "lewat": 2}


def escalate(now: dt.datetime | None = None) -> int:
    """Notify the office's pimpinan once per deadline and level (near → past). Idempotent: re-running at the
    same moment sends nothing new. Returns the number of deadlines escalated."""
    now = now or timezone.now()
    rows = (
        Deadline.objects.filter(met_at__isnull=True, superseded=False)
        .exclude(case__state__in=TERMINAL_STATES)
        .select_related("case", "case__office_region", "case__election", "referral")
    )
    escalated = 0
    for row in rows:
        level = timing.status_of(row, now)
        if level not in LEVEL_TEXT or LEVEL_RANK[level] <= LEVEL_RANK.get(row.escalated_level, 0):
            continue
        case = row.case
        heads = office_heads(case.office_region)
        if row.due is not None:
            when = timezone.localtime(row.due).strftime("%d-%m-%Y %H:%M")
            detail = f"batas {when} ({timing.time_left_text(row, now)})"
        else:
            detail = row.warning
        target = f" – penerusan ke {row.referral.get_institution_display()}" if row.referral_id else ""
        message = (
            f"{office_label(case.office_region)}: kasus {case.register_number or f'#{case.pk}'} "
            f"\"{case.title[:80]}\" {LEVEL_TEXT[level]}: {row.get_kind_display()}{target}, {detail}."
        )
        with transaction.atomic():
            notify(heads, case, f"eskalasi_{level}", message, key=f"deadline:{row.pk}:{level}")
            row.escalated_at, row.escalated_level = now, level
            row.save(update_fields=["escalated_at", "escalated_level"])
            record("cases.escalate", case, changes={"deadline": row.pk, "level": level,
                                                    "recipients": [u.get_username() for u in heads]})
        escalated += 1
    return escalated


@shared_task(name="pantau.cases.tasks.escalate_deadlines", acks_late=True)
def escalate_deadlines() -> int:
    with acting_as(label="tugas-eskalasi"):
        return escalate()
