from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "pantau.reports"
    verbose_name = "Laporan"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system check for PANTAU_FIELD_KEYS
