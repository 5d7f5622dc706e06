"""The permission matrix, restricted to the dashboard's routes (the full matrix lives in tests/)."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

ROUTES = ["/dasbor/", "/dasbor/kerawanan/", "/dasbor/mitra/", "/dasbor/ekspor/tabel.csv", "/dasbor/ekspor/tabel.xlsx",
          "/api/v1/stats/summary/", "/transparansi/", "/api/v1/stats/public/"]
OUTSIDE = ["kerinci.penanganan", "panwascam.telanaipura", "mitra.koordinator", "mitra.pemantau", "gakkumdu.polda"]
INSIDE = ["admin", "provinsi.pimpinan", "provinsi.analis", "provinsi.penanganan", "kotajambi.penanganan",
          "kotajambi.analis"]


def _client(users, name):
    client = Client()
    if name:
        client.force_login(users[name])
    return client


def test_office_dashboard_refused_outside_kota_jambi(demo_users, election):
    for name in [*OUTSIDE, None]:
        client = _client(demo_users, name)
        for method in ("get", "post", "put", "patch", "delete"):
            response = getattr(client, method)("/dasbor/15.71/")
            refused = response.status_code in {401, 403, 404, 405} or (
                response.status_code == 302 and "/accounts/login/" in response["Location"])
            assert refused, (name, method, response.status_code)
    for name in INSIDE:
        assert _client(demo_users, name).get("/dasbor/15.71/").status_code == 200, name


def test_every_dashboard_route_as_every_role(demo_users, election):
    for name in [*INSIDE, *OUTSIDE, None]:
        client = _client(demo_users, name)
        for url in ROUTES:
            response = client.get(url)
            assert response.status_code < 500, (name, url, response.status_code)
            if name is None and not url.startswith(("/transparansi/", "/api/v1/stats/public")):
                assert response.status_code != 200, url
