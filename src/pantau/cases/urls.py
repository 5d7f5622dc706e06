from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("kasus/", views.case_list, name="list"),
    path("kasus/baru/", views.case_create, name="create"),
    path("kasus/notifikasi/", views.notifications, name="notifications"),
    path("kasus/<int:pk>/", views.case_detail, name="detail"),
    path("kasus/<int:pk>/aksi/", views.case_action, name="action"),
    path("kasus/<int:pk>/bundel.pdf", views.case_bundle, name="bundle"),
    path("kasus/penerusan/<int:pk>/aksi/", views.referral_action, name="referral_action"),
    path("kasus/dokumen/<int:pk>/", views.case_document, name="document"),
    path("kasus/bukti/<str:sha256>/", views.evidence_file, name="evidence"),
    path("temuan/", views.finding_list, name="finding_list"),
    path("temuan/baru/", views.finding_create, name="finding_create"),
    path("temuan/dari-informasi/", views.tip_to_finding, name="tip_to_finding"),
    path("temuan/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("temuan/<int:pk>/buka-kasus/", views.finding_open_case, name="finding_open_case"),
    path("temuan/<int:pk>/jenis/", views.finding_set_type, name="finding_set_type"),
]
