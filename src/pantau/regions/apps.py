from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "pantau.regions"
    verbose_name = "Wilayah"
