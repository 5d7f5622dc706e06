from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "pantau.elections"
    verbose_name = "Pemilihan"
