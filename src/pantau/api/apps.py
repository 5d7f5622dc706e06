from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "pantau.api"
    verbose_name = "API"
