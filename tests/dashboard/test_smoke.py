import pytest

pytestmark = pytest.mark.django_db


def test_province_dashboard_renders(client_for, synthetic):
    response = client_for("provinsi.analis").get("/dasbor/")
    assert response.status_code == 200, response.content[:2000]
