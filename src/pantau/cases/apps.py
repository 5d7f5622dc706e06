from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "pantau.cases"
    verbose_name = "Penanganan"

    def ready(self):
        # Periodic escalation of cases near or past a deadline (celery beat reads app.conf.beat_schedule).
        from pantau.celery import app

        from .tasks import BEAT_SCHEDULE

        for name, entry in BEAT_SCHEDULE.items():
            app.conf.beat_schedule.setdefault(name, entry)
