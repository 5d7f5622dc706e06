"""The Celery app. Named queues let many machines split the pipeline (see README: many machines)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pantau.settings")

app = Celery("pantau")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.task_routes = {
    "pantau.monitoring.tasks.fetch_*": {"queue": "fetch"},
    "pantau.monitoring.tasks.extract_*": {"queue": "extract"},
    "pantau.monitoring.tasks.classify_*": {"queue": "classify"},
    "pantau.monitoring.tasks.persist_*": {"queue": "persist"},
}
app.autodiscover_tasks()
