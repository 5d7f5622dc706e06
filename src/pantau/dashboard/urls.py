from django.urls import path, register_converter

from . import views


class RegionCodeConverter:
    """Kemendagri codes: 15, 15.71, 15.71.01 (desa codes are refused by the filter with a message)."""

    regex = r"\d{2}(?:\.\d{2}){0,2}(?:\.\d{4})?"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(RegionCodeConverter, "kode")

app_name = "dashboard"
urlpatterns = [
    path("dasbor/", views.dashboard, name="province"),
    path("dasbor/kerawanan/", views.vulnerability_view, name="vulnerability"),
    path("dasbor/mitra/", views.partner_view, name="partners"),
    path("dasbor/ekspor/rakor.pdf", views.export_rakor_pdf, name="export_pdf"),
    path("dasbor/ekspor/tabel.xlsx", views.export_xlsx, name="export_xlsx"),
    path("dasbor/ekspor/tabel.csv", views.export_csv, name="export_csv"),
    path("dasbor/<kode:code>/", views.dashboard, name="office"),
    path("transparansi/", views.transparency, name="transparency"),
]
