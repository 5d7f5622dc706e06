"""URL map. Feature apps own their prefixes; each is included when its urls module exists."""

from importlib import import_module

from django.contrib import admin
from django.urls import include, path

from pantau.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("accounts/", include("pantau.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("pantau.api.urls")),
    path("mitra/", include("pantau.partners.urls")),
    path("", include("pantau.audit.urls")),
]

# Each feature app's urls module declares its own top-level paths (e.g. "lapor/", "kasus/").
for app in ("reports", "monitoring", "cases", "dashboard", "evidence"):
    try:
        module = import_module(f"pantau.{app}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"pantau.{app}.urls":
            raise
        continue
    urlpatterns.append(path("", include(module)))
