from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "pantau.evidence"
    verbose_name = "Bukti"
