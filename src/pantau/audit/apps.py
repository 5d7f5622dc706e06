from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pantau.audit"
    verbose_name = "Audit"

    def ready(self):
        from . import signals

        signals.connect()
