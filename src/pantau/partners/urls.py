from django.urls import path

from . import views

app_name = "partners"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("baru/", views.organisation_create, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/ubah/", views.organisation_edit, name="edit"),
    path("<int:pk>/perjanjian/baru/", views.agreement_create, name="agreement_create"),
    path("<int:pk>/anggota/baru/", views.member_create, name="member_create"),
    path("<int:pk>/pelatihan/baru/", views.training_create, name="training_create"),
]
