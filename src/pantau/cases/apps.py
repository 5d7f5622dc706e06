from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "pantau.cases"
    verbose_name = "Penanganan"
