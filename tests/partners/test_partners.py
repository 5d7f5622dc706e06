import pytest

from pantau.audit.models import AuditEntry
from pantau.partners.models import Agreement, Organisation

pytestmark = pytest.mark.django_db


def test_analyst_registers_partner_with_agreement_member_and_training(client_for):
    client = client_for("kotajambi.analis")
    response = client.post("/mitra/baru/", {"name": "Komunitas Pemilih Muda Telanaipura", "kind": "pemuda", "region": "15.71", "active": "on"})
    org = Organisation.objects.get(name="Komunitas Pemilih Muda Telanaipura")
    assert response.status_code == 302 and response["Location"] == f"/mitra/{org.pk}/"
    response = client.post(f"/mitra/{org.pk}/perjanjian/baru/", {
        "number": "010/PKS/2024", "signed_on": "2024-09-01", "scopes": ["partisipatif", "siber"],
        "valid_from": "2024-09-01", "valid_until": "2025-01-31", "region": "15.71"})
    assert response.status_code == 302
    assert Agreement.objects.get(organisation=org).scopes == ["partisipatif", "siber"]
    client.post(f"/mitra/{org.pk}/anggota/baru/", {"name": "Rina Pemantau", "region": "15.71.01", "active": "on"})
    member = org.members.get()
    client.post(f"/mitra/{org.pk}/pelatihan/baru/", {"kind": "pelatihan", "title": "Pelatihan pengawasan", "held_on": "2024-09-20",
                                                    "region": "15.71", "attendees": [member.pk], "other_attendees": "12"})
    training = org.trainings.get()
    assert training.attendance == 13
    page = client.get(f"/mitra/{org.pk}/").content.decode()
    assert "010/PKS/2024" in page and "Rina Pemantau" in page and "Pelatihan pengawasan" in page
    assert AuditEntry.objects.filter(model="partners.Agreement", action="create").exists()


def test_agreement_with_end_before_start_is_refused_in_indonesian(client_for):
    client = client_for("provinsi.analis")
    org = Organisation.objects.create(name="Mitra Uji", kind="mahasiswa", region_id="15.01")
    response = client.post(f"/mitra/{org.pk}/perjanjian/baru/", {
        "number": "1", "signed_on": "2024-09-01", "scopes": ["partisipatif"],
        "valid_from": "2024-09-10", "valid_until": "2024-09-01", "region": "15.01"})
    assert response.status_code == 200
    assert "tidak boleh sebelum tanggal mulai" in response.content.decode()
    assert not Agreement.objects.filter(organisation=org).exists()


def test_analyst_cannot_place_partner_outside_jurisdiction(client_for):
    client = client_for("kotajambi.analis")
    response = client.post("/mitra/baru/", {"name": "Mitra Kerinci", "kind": "pemuda", "region": "15.01"})
    assert response.status_code == 200
    assert not Organisation.objects.filter(name="Mitra Kerinci").exists()


def test_partner_coordinator_sees_only_own_organisation(client_for, demo_users):
    own = demo_users["mitra.koordinator"].organisation
    other = Organisation.objects.exclude(pk=own.pk).first()
    client = client_for("mitra.koordinator")
    listing = client.get("/mitra/").content.decode()
    assert own.name in listing and other.name not in listing
    assert client.get(f"/mitra/{other.pk}/").status_code == 404
    assert client.post("/mitra/baru/", {"name": "x", "kind": "pemuda", "region": "15"}).status_code == 403
    api = client.get("/api/v1/partners/").json()
    assert [o["id"] for o in api["results"]] == [own.pk]
