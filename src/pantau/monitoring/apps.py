from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "pantau.monitoring"
    verbose_name = "Pengawasan Siber"

    def ready(self):
        from django.db.models.signals import post_save

        from .url_capture import queue_after_submit

        # Links submitted with a report are archived by the monitoring fetcher (url_capture.py).
        post_save.connect(queue_after_submit, sender="reports.ReportAttachment",
                          dispatch_uid="monitoring.url_capture.queue_after_submit")
