"""/api/v1/: every app contributes through its own `api.py` (`register(router)` and optional `urlpatterns`)."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

API_APPS = ["regions", "accounts", "partners", "elections", "reports", "monitoring", "cases", "dashboard"]

router = DefaultRouter()
extra_patterns = []
for app in API_APPS:
    try:
        module = import_module(f"pantau.{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"pantau.{app}.api":
            raise
        continue
    if hasattr(module, "register"):
        module.register(router)
    extra_patterns += getattr(module, "urlpatterns", [])

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    *extra_patterns,
    path("", include(router.urls)),
]
