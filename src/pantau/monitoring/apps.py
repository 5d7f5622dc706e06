from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "pantau.monitoring"
    verbose_name = "Pengawasan Siber"
