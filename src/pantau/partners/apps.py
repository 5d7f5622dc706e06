from django.apps import AppConfig


class PartnersConfig(AppConfig):
    name = "pantau.partners"
    verbose_name = "Mitra"
