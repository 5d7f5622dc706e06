"""Top-level paths owned by the reports app: /lapor/ (public) and /laporan/ (staff and partners)."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("lapor/", views.submit, name="submit"),
    path("lapor/lacak/", views.track_lookup, name="track_lookup"),
    path("lapor/lacak/<str:code>/", views.track, name="track"),
    path("laporan/", views.queue, name="queue"),
    path("laporan/<int:pk>/", views.detail, name="detail"),
    path("laporan/<int:pk>/identitas/", views.reveal, name="reveal"),
    path("laporan/<int:pk>/status/", views.change_status, name="status"),
    path("laporan/<int:pk>/duplikat/<int:suggestion_id>/", views.duplicate_action, name="duplicate"),
    path("laporan/lampiran/<int:pk>/<str:variant>/", views.attachment, name="attachment"),
]
