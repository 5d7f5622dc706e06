"""The API contract: POST /api/v1/reports/ (no account) and GET /api/v1/reports/track/<code>/, plus staff scoping."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from pantau.audit.models import AuditEntry
from pantau.reports import services
from pantau.reports.models import Report, Status

from .conftest import DESA_KERINCI, jpeg_bytes, report_data, upload

URL = "/api/v1/reports/"


@pytest.fixture
def api():
    return APIClient()


def post(api, data=None, files=None, **extra):
    payload = dict(report_data() if data is None else data)
    if files:
        payload["files"] = files
    return api.post(URL, payload, format="multipart", REMOTE_ADDR=extra.pop("ip", "203.0.113.50"), **extra)


@pytest.mark.django_db
class TestPublicSubmit:
    def test_multipart_with_photo_returns_201_with_tracking_code(self, api, jambi):
        response = post(api, files=[upload("foto.jpg", jpeg_bytes(), "image/jpeg")])
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["tracking_code"].startswith("PTU-") and body["status"] == "diterima"
        report = Report.objects.get(tracking_code=body["tracking_code"])
        assert report.channel == "api" and report.attachments.count() == 1
        assert report.attachments.get().sha256

    def test_files_under_any_field_name(self, api, jambi):
        payload = report_data()
        payload["foto"] = upload("a.jpg", jpeg_bytes(), "image/jpeg")
        payload["dokumen"] = upload("b.pdf", b"%PDF-1.7\n%%EOF\n", "application/pdf")
        response = api.post(URL, payload, format="multipart")
        assert response.status_code == 201
        assert Report.objects.get().attachments.count() == 2

    def test_json_without_files(self, api, jambi):
        response = api.post(URL, report_data(declaration=True), format="json")
        assert response.status_code == 201, response.content

    def test_tip_without_identity(self, api, jambi):
        data = {k: v for k, v in report_data(kind="informasi").items() if not k.startswith("reporter_")}
        data.pop("declaration")
        response = post(api, data)
        assert response.status_code == 201
        body = response.json()
        assert body["kind"] == "informasi" and body["registrable"] is False

    def test_validation_errors_are_indonesian_per_field(self, api, jambi):
        response = post(api, report_data(reporter_nik="123", description="pendek"))
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid"
        assert body["errors"]["reporter_nik"] == ["NIK harus 16 digit angka, sesuai KTP elektronik."]
        assert "Uraian terlalu singkat" in body["errors"]["description"][0]
        assert Report.objects.count() == 0

    def test_wrong_type_refused_with_reason(self, api, jambi):
        response = post(api, files=[upload("video.mp4", b"<html><script>alert(1)</script></html>", "video/mp4")])
        assert response.status_code == 400
        message = " ".join(response.json()["errors"]["__all__"])
        assert "video.mp4" in message and "halaman web" in message

    def test_oversize_refused_while_streaming(self, api, jambi, settings):
        settings.PANTAU_MAX_UPLOAD_BYTES = 50_000
        response = post(api, files=[upload("besar.jpg", jpeg_bytes(size=(1600, 1200)) + b"\0" * 60_000, "image/jpeg")])
        assert response.status_code == 400
        assert "terlalu besar" in " ".join(response.json()["errors"]["__all__"])

    def test_past_limit_accepted_but_flagged(self, api, jambi):
        response = post(api, report_data(event_date="2024-11-01", known_date="2024-11-02"))
        assert response.status_code == 201
        body = response.json()
        assert body["registrable"] is False and "tidak dapat diregistrasi" in body["registrable_reason"]

    def test_double_submit_makes_one_report(self, api, jambi):
        first = post(api, HTTP_IDEMPOTENCY_KEY="k-1")
        second = post(api, HTTP_IDEMPOTENCY_KEY="k-1")
        assert first.status_code == second.status_code == 201
        assert first.json()["tracking_code"] == second.json()["tracking_code"]
        assert second.json()["replayed"] is True and second["Idempotent-Replayed"] == "true"
        third = post(api)  # no key: same content from the same address
        assert third.json()["tracking_code"] == first.json()["tracking_code"]
        assert Report.objects.count() == 1

    def test_honeypot(self, api, jambi):
        response = post(api, report_data(website="http://spam.example"))
        assert response.status_code == 400 and Report.objects.count() == 0
        assert "antispam" in response.json()["errors"]["__all__"][0]

    def test_form_token_too_fast(self, api, jambi, settings):
        settings.PANTAU_REPORT_MIN_FILL_SECONDS = 30
        token = api.get(URL + "form-token/").json()["form_token"]
        response = post(api, report_data(form_token=token))
        assert response.status_code == 400 and "terlalu cepat" in response.json()["errors"]["__all__"][0]

    def test_rate_limited(self, api, jambi, settings):
        settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK,
                                   "DEFAULT_THROTTLE_RATES": {"public_report": "2/hour", "anon": "600/hour"}}
        from rest_framework.settings import api_settings
        from rest_framework.throttling import SimpleRateThrottle

        api_settings.reload()
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        try:
            codes = [post(api, report_data(description=f"Kiriman ke-{i}: pembagian uang kepada warga agar memilih "
                                                       f"paslon nomor 3 di desa kami."), ip="198.51.100.77").status_code
                     for i in range(3)]
        finally:
            settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK}
            api_settings.reload()
            SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
        assert codes == [201, 201, 429]


@pytest.mark.django_db
class TestTracking:
    def test_track_shows_status_and_nothing_personal(self, api, jambi, users):
        code = post(api).json()["tracking_code"]
        report = Report.objects.get(tracking_code=code)
        services.update_status(report, Status.REGISTERED, "Diregistrasi nomor 007/Reg/LP/PW/XI/2024.", users["kota"])
        response = api.get(f"/api/v1/reports/track/{code}/")
        assert response.status_code == 200
        body = response.json()
        assert body["status"] == "diregistrasi" and body["status_label"] == "Diregistrasi"
        assert body["office"] == "Bawaslu Kota Jambi"
        assert [h["status"] for h in body["history"]] == ["diterima", "diregistrasi"]
        text = response.content.decode()
        for secret in ("Andi", "1571010101900001", "0812", "andi@contoh.id", "Budi Santoso", "amplop",
                       "kota.penanganan", "Siti"):
            assert secret not in text

    def test_lower_case_and_spaces_accepted(self, api, jambi):
        code = post(api).json()["tracking_code"]
        messy = code.lower().replace("ptu-", "ptu ")
        assert api.get(f"/api/v1/reports/track/{messy}/").status_code == 200

    def test_unknown_code_404(self, api, jambi):
        assert api.get("/api/v1/reports/track/PTU-2222222222/").status_code == 404


@pytest.mark.django_db
class TestStaffApi:
    def _reports(self, api):
        kota = post(api).json()["tracking_code"]
        kerinci = post(api, report_data(kabupaten="15.01", kecamatan="15.01.01", desa=DESA_KERINCI,
                                        description="Kepala desa ikut kampanye calon bupati nomor 1 di lapangan desa "
                                                    "bersama perangkat desa."), ip="203.0.113.51").json()["tracking_code"]
        return kota, kerinci

    def test_list_is_scoped_and_masked(self, api, jambi, users):
        kota, kerinci = self._reports(api)
        api.force_authenticate(users["kota"])
        body = api.get(URL).json()
        codes = [r["tracking_code"] for r in body["results"]]
        assert codes == [kota]
        row = body["results"][0]
        assert row["reporter"]["nik"].endswith("0001") and "1571" not in row["reporter"]["nik"]
        assert "reporter_nik" not in row and "Andi Pratama" not in str(row)
        other = Report.objects.get(tracking_code=kerinci)
        assert api.get(f"{URL}{other.pk}/").status_code == 404  # not 403: do not confirm it exists
        api.force_authenticate(users["provinsi"])
        assert len(api.get(URL).json()["results"]) == 2

    def test_anonymous_cannot_list(self, api, jambi):
        assert api.get(URL).status_code in (401, 403)

    def test_reveal_identity_endpoint(self, api, jambi, users):
        kota, _ = self._reports(api)
        pk = Report.objects.get(tracking_code=kota).pk
        api.force_authenticate(users["kota_analis"])
        assert api.post(f"{URL}{pk}/reveal-identity/").status_code == 403
        api.force_authenticate(users["kota"])
        response = api.post(f"{URL}{pk}/reveal-identity/", {"reason": "klarifikasi"}, format="json")
        assert response.status_code == 200 and response.json()["nik"] == "1571010101900001"
        assert AuditEntry.objects.filter(action="view_identity", actor=users["kota"]).count() == 1

    def test_partner_sees_own_and_coordinator_sees_organisation(self, api, jambi, users):
        data = {k: v for k, v in report_data().items() if not k.startswith("reporter_")}
        api.force_authenticate(users["monitor"])
        mine = api.post(URL, data, format="multipart").json()["tracking_code"]
        api.force_authenticate(users["monitor2"])
        theirs = api.post(URL, dict(data, description=data["description"] + " Kejadian kedua di RT lain."),
                          format="multipart").json()["tracking_code"]
        api.force_authenticate(None)
        public = post(api, ip="203.0.113.99").json()["tracking_code"]
        api.force_authenticate(users["monitor"])
        assert [r["tracking_code"] for r in api.get(URL).json()["results"]] == [mine]
        api.force_authenticate(users["coordinator"])
        assert {r["tracking_code"] for r in api.get(URL).json()["results"]} == {mine, theirs}
        api.force_authenticate(users["other_coordinator"])
        assert api.get(URL).json()["results"] == []
        assert public not in {mine, theirs}
