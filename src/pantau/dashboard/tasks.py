"""Celery: refresh the dashboard aggregates. Idempotent (each step deletes and rebuilds its rows in one
transaction), so a retry or two overlapping runs leave the same figures."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from pantau.celery import app

REFRESH_EVERY_SECONDS = 300.0


@shared_task(name="pantau.dashboard.tasks.refresh_stats", autoretry_for=(Exception,), retry_backoff=True,
             max_retries=3, acks_late=True)
def refresh_stats(full: bool = False) -> dict:
    from .services.refresh import refresh
    from .services.report import warm_default_boards

    result = refresh(full=full)
    # The province's and offices' default boards are built now, not by the first person who opens them: where the
    # web processes can read them (a shared cache, or this task running eagerly inside a web process).
    shared = app.conf.task_always_eager or "LocMemCache" not in settings.CACHES["default"]["BACKEND"]
    warmed = warm_default_boards() if shared and any(result.rows.values()) else 0
    return {"rows": result.rows, "skipped": result.skipped, "seconds": round(result.seconds, 2), "boards": warmed}


app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "dashboard-refresh-stats": {"task": "pantau.dashboard.tasks.refresh_stats", "schedule": REFRESH_EVERY_SECONDS},
}
