"""Bad input never yields a 500 or someone else's figures."""

import pytest

pytestmark = pytest.mark.django_db

API = "/api/v1/stats/summary/"


@pytest.mark.parametrize("query, field", [
    ("region=15.71&from=2024-11-27&to=2024-09-25", "from"),        # reversed
    ("region=15.71&from=1900-01-01&to=2024-09-25", "from"),        # absurd
    ("region=15.71&from=2024-09-25&to=9999-12-31", "to"),          # absurd
    ("region=15.71&from=2024-13-45", "from"),                      # not a date
    ("region=15.71&from=kemarin", "from"),
    ("region=15.99", "region"),                                    # unknown code
    ("region=abc'--", "region"),                                   # malformed code
    ("region=15.71.01.1001", "region"),                            # desa: below the dashboard's finest grain
    ("region=15.71&jenis=bukan_jenis", "jenis"),
    ("region=15&from=2000-01-01&to=2024-12-31", "to"),             # span too long
])
def test_bad_input_is_a_clear_400(client_for, election, query, field):
    response = client_for("provinsi.analis").get(f"{API}?{query}")
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field
    assert body["detail"] and body["code"] == "input_tidak_sah"


def test_region_outside_jurisdiction_is_404_without_figures(client_for, election):
    response = client_for("kerinci.penanganan").get(f"{API}?region=15.71")
    assert response.status_code == 404
    assert "counts" not in response.json()
    assert "wilayah kerja" in response.json()["detail"]
    # The province is outside a kab/kota office too.
    assert client_for("kerinci.penanganan").get(f"{API}?region=15").status_code == 404
    # A Panwascam sees its kecamatan only, not the kab/kota above it.
    assert client_for("panwascam.telanaipura").get(f"{API}?region=15.71").status_code == 404
    assert client_for("panwascam.telanaipura").get(f"{API}?region=15.71.01").status_code == 200


def test_accounts_without_a_dashboard(client, client_for, election):
    assert client.get(API).status_code in (401, 403)
    for username in ("mitra.koordinator", "mitra.pemantau", "gakkumdu.polda"):
        response = client_for(username).get(API)
        assert response.status_code == 403
        assert "Dasbor" in response.json()["detail"]


def test_default_area_and_period(client_for, election):
    body = client_for("kerinci.penanganan").get(API).json()
    assert body["region"]["code"] == "15.01"
    assert body["period"] == {"from": "2024-09-25", "to": "2024-11-27"}


def test_pages_answer_bad_input_with_a_message(client_for, election):
    client = client_for("provinsi.analis")
    response = client.get("/dasbor/?from=2024-11-30&to=2024-10-01")
    assert response.status_code == 400
    assert "sesudah tanggal akhir" in response.content.decode()
    assert client_for("kerinci.penanganan").get("/dasbor/15.71/").status_code == 404
    assert client.get("/dasbor/15.99/").status_code == 400
    assert client.get("/dasbor/ekspor/tabel.csv?tabel=tidak_ada").status_code == 400
    assert client_for("mitra.pemantau").get("/dasbor/").status_code == 403
