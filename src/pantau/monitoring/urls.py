from django.urls import path

from . import views

app_name = "monitoring"
urlpatterns = [
    path("pengawasan/", views.queue, name="queue"),
    path("pengawasan/butir/<int:pk>/", views.item_detail, name="item"),
    path("pengawasan/butir/<int:pk>/abaikan/", views.item_dismiss, name="item_dismiss"),
    path("pengawasan/butir/<int:pk>/label/", views.item_labels, name="item_labels"),
    path("pengawasan/butir/<int:pk>/gabung/", views.item_merge, name="item_merge"),
    path("pengawasan/butir/<int:pk>/temuan/", views.item_promote, name="item_promote"),
    path("pengawasan/butir/<int:pk>/laporan/", views.item_attach_report, name="item_attach_report"),
    path("pengawasan/butir/<int:pk>/bukti/", views.item_evidence, name="item_evidence"),
    path("pengawasan/kelompok/", views.group_list, name="groups"),
    path("pengawasan/kelompok/<int:pk>/", views.group_detail, name="group"),
    path("pengawasan/sumber/", views.sources, name="sources"),
    path("pengawasan/sumber/<int:pk>/ambil/", views.source_fetch, name="source_fetch"),
    path("pengawasan/daftar-pantau/", views.watchlist, name="watchlist"),
    path("pengawasan/impor/", views.import_upload, name="import"),
    path("pengawasan/impor/<int:pk>/", views.batch_detail, name="batch"),
    path("pengawasan/impor/<int:pk>/progres/", views.batch_progress, name="batch_progress"),
    path("pengawasan/umpan-balik.jsonl", views.feedback_export, name="feedback_export"),
    path("pengawasan/takedown/", views.takedowns, name="takedowns"),
    path("pengawasan/takedown/baru/", views.takedown_new, name="takedown_new"),
    path("pengawasan/takedown/<int:pk>/", views.takedown_detail, name="takedown"),
    path("pengawasan/takedown/<int:pk>/surat/", views.takedown_letter, name="takedown_letter"),
    path("pengawasan/takedown/<int:pk>/kirim/", views.takedown_sent, name="takedown_sent"),
    path("pengawasan/takedown/<int:pk>/cek/", views.takedown_recheck, name="takedown_recheck"),
]
