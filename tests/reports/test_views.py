"""Pages: the public form keeps what was typed, the tracking page shows nothing of anyone else, staff pages are
scoped and audited, evidence files are served only through a permission check."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from pantau.audit.models import AuditEntry
from pantau.evidence.models import CustodyEntry
from pantau.reports import images, services
from pantau.reports.models import Report, Status

from .conftest import DESA_KERINCI, jpeg_bytes, report_data, upload


def form_post(client, data=None, files=None, **extra):
    page = client.get("/lapor/")
    token = re.search(rb'name="form_token" value="([^"]+)"', page.content).group(1).decode()
    payload = dict(report_data() if data is None else data, form_token=token)
    if files:
        payload["files"] = files
    return client.post("/lapor/", payload, **extra)


@pytest.mark.django_db
class TestPublicForm:
    def test_form_explains_report_vs_tip_and_the_limit_before_starting(self, jambi):
        page = Client().get("/lapor/").content.decode()
        intro = page.index("laporan atau informasi awal?")
        assert intro < page.index('name="description"')
        assert "paling lama 7 hari sejak pelanggaran diketahui" in page
        assert "tidak dapat diregistrasi sebagai laporan" in page
        assert "Kota Jambi" in page and 'name="desa"' in page and 'name="website"' in page

    def test_success_redirects_to_tracking_page_with_code(self, jambi):
        client = Client(enforce_csrf_checks=True)
        client.get("/lapor/")
        csrf = client.cookies["csrftoken"].value
        response = form_post(client, dict(report_data(), csrfmiddlewaretoken=csrf),
                             files=[upload("IMG_1.jpg", jpeg_bytes(), "image/jpeg")])
        assert response.status_code == 302
        report = Report.objects.get()
        assert response["Location"] == f"/lapor/lacak/{report.tracking_code}/?baru=1"
        page = client.get(response["Location"]).content.decode()
        assert report.tracking_code in page and "Terima kasih" in page
        assert report.channel == "publik" and report.attachments.count() == 1

    def test_error_keeps_what_was_typed(self, jambi):
        data = report_data(reporter_nik="12AB", description="Pembagian amplop di depan TPS oleh orang berbaju "
                                                           "kaos paslon, disaksikan banyak warga.")
        response = form_post(Client(), data)
        assert response.status_code == 400
        page = response.content.decode()
        assert "NIK harus 16 digit angka" in page
        assert "Pembagian amplop di depan TPS" in page
        assert 'value="Andi Pratama"' in page and 'value="Budi Santoso"' in page
        assert 'value="15.71.01" selected' in page  # kecamatan options rebuilt without JavaScript
        assert f'value="{data["desa"]}" selected' in page
        assert "Pilih lagi berkas bukti" in page
        assert Report.objects.count() == 0

    def test_wrong_file_refused_with_reason(self, jambi):
        response = form_post(Client(), files=[upload("surat.pdf", b"PK\x03\x04garbage", "application/pdf")])
        assert response.status_code == 400
        assert "surat.pdf" in response.content.decode() and "ditolak" in response.content.decode()

    def test_too_fast_is_refused_politely(self, jambi, settings):
        settings.PANTAU_REPORT_MIN_FILL_SECONDS = 60
        response = form_post(Client())
        assert response.status_code == 400 and "terlalu cepat" in response.content.decode()

    def test_missing_token_is_refused(self, jambi):
        response = Client().post("/lapor/", report_data())
        assert response.status_code == 400 and Report.objects.count() == 0

    def test_double_click_makes_one_report(self, jambi):
        client = Client()
        page = client.get("/lapor/").content
        token = re.search(rb'name="form_token" value="([^"]+)"', page).group(1).decode()
        key = re.search(rb'name="idempotency_key" value="([^"]+)"', page).group(1).decode()
        data = dict(report_data(), form_token=token, idempotency_key=key)
        first = client.post("/lapor/", data)
        second = client.post("/lapor/", data)
        assert first["Location"] == second["Location"]
        assert Report.objects.count() == 1

    def test_late_report_shows_the_reason(self, jambi):
        response = form_post(Client(), report_data(event_date="2024-11-01", known_date="2024-11-05"))
        page = Client().get(response["Location"]).content.decode()
        assert "Tidak dapat diregistrasi sebagai laporan" in page and "15 hari" in page

    def test_partner_form_takes_identity_from_profile(self, jambi, users):
        client = Client()
        client.force_login(users["monitor"])
        assert "Rina Pemantau" in client.get("/lapor/").content.decode()
        data = {k: v for k, v in report_data().items() if not k.startswith("reporter_")}
        data.pop("declaration")
        response = form_post(client, data)
        assert response.status_code == 302
        assert Report.objects.get().submitted_by == users["monitor"]


@pytest.mark.django_db
class TestTrackingPage:
    def test_lookup_by_typed_code(self, jambi):
        report = services.submit_report(report_data(), [], ip="1.2.3.4")
        response = Client().get("/lapor/lacak/", {"code": report.tracking_code.lower().replace("-", " ")})
        assert response.status_code == 302 and response["Location"] == f"/lapor/lacak/{report.tracking_code}/"

    def test_unknown_code(self, jambi):
        response = Client().get("/lapor/lacak/PTU-ZZZZZZZZZZ/")
        assert response.status_code == 404 and "tidak ditemukan" in response.content.decode()

    def test_page_shows_status_decision_and_nothing_about_anyone(self, jambi, users):
        report = services.submit_report(report_data(), [], ip="1.2.3.4")
        services.update_status(report, Status.DECIDED, "Kajian selesai.", users["kota"],
                               decision="Terbukti pelanggaran pidana pemilihan; diteruskan ke Sentra Gakkumdu.")
        page = Client().get(f"/lapor/lacak/{report.tracking_code}/").content.decode()
        assert "Sudah diputus" in page and "Terbukti pelanggaran pidana" in page
        for secret in ("Andi", "1571010101900001", "andi@contoh.id", "Budi Santoso", "amplop", "kota.penanganan",
                       "Simpang IV Sipin", "Siti"):
            assert secret not in page, secret


@pytest.mark.django_db
class TestStaffPages:
    @pytest.fixture
    def reports(self, jambi, users):
        kota = services.submit_report(report_data(), [upload("a.jpg", jpeg_bytes(), "image/jpeg")], ip="1.1.1.1")
        services.make_public_copies(kota)
        kerinci = services.submit_report(report_data(kabupaten="15.01", kecamatan="15.01.01", desa=DESA_KERINCI,
                                                     description="Kades Selam Paung mengajak warga memilih calon "
                                                                 "bupati nomor 1 saat rapat desa."), [], ip="1.1.1.2")
        return kota, kerinci

    def login(self, user):
        client = Client()
        client.force_login(user)
        return client

    def test_queue_is_scoped_and_masked(self, reports, users):
        kota, kerinci = reports
        page = self.login(users["kota"]).get("/laporan/").content.decode()
        assert kota.tracking_code in page and kerinci.tracking_code not in page
        assert "Andi Pratama" not in page and "A*** P******" in page
        page = self.login(users["provinsi"]).get("/laporan/?lingkup=semua").content.decode()
        assert kota.tracking_code in page and kerinci.tracking_code in page

    def test_other_jurisdiction_detail_is_404(self, reports, users):
        _, kerinci = reports
        assert self.login(users["kota"]).get(f"/laporan/{kerinci.pk}/").status_code == 404

    def test_liaison_and_anonymous_are_kept_out(self, reports, users):
        assert Client().get("/laporan/").status_code == 302
        assert self.login(users["liaison"]).get("/laporan/").status_code == 403

    def test_detail_masks_identity_until_revealed_and_audits(self, reports, users):
        kota, _ = reports
        client = self.login(users["kota"])
        page = client.get(f"/laporan/{kota.pk}/").content.decode()
        assert "1571010101900001" not in page and "Tampilkan identitas" in page
        response = client.post(f"/laporan/{kota.pk}/identitas/", {"reason": "undangan klarifikasi"})
        page = response.content.decode()
        assert "1571010101900001" in page and "Andi Pratama" in page
        assert response["Cache-Control"] == "no-store"
        entry = AuditEntry.objects.get(action="view_identity")
        assert entry.actor == users["kota"] and entry.reason == "undangan klarifikasi"

    def test_analyst_sees_report_but_not_identity(self, reports, users):
        kota, _ = reports
        client = self.login(users["kota_analis"])
        page = client.get(f"/laporan/{kota.pk}/").content.decode()
        assert "Tampilkan identitas" not in page
        response = client.post(f"/laporan/{kota.pk}/identitas/")
        assert response.status_code == 302
        assert AuditEntry.objects.filter(action="view_identity_denied", actor=users["kota_analis"]).exists()

    def test_attachments_served_only_through_permission_check(self, reports, users):
        kota, _ = reports
        item = kota.attachments.get()
        handler = self.login(users["kota"])
        original = handler.get(f"/laporan/lampiran/{item.pk}/asli/")
        assert original.status_code == 200 and images.has_gps(original.content)
        assert original["Content-Disposition"].startswith("attachment")
        assert CustodyEntry.objects.filter(action=CustodyEntry.Action.VIEWED, actor=users["kota"]).count() == 1
        public = handler.get(f"/laporan/lampiran/{item.pk}/publik/")
        assert public.status_code == 200 and not images.has_gps(public.content)
        assert self.login(users["kerinci"]).get(f"/laporan/lampiran/{item.pk}/asli/").status_code == 404
        assert Client().get(f"/laporan/lampiran/{item.pk}/publik/").status_code == 302
        assert handler.get(f"/laporan/lampiran/{item.pk}/../../etc/").status_code == 404

    def test_staff_status_change_and_merge(self, reports, users):
        kota, _ = reports
        client = self.login(users["kota"])
        client.post(f"/laporan/{kota.pk}/status/", {"status": "perlu_dilengkapi", "public_note": "Mohon kirim video."})
        kota.refresh_from_db()
        assert kota.status == Status.NEEDS_INFO and kota.public_note == "Mohon kirim video."
        # Registration belongs to case handling, not to this page.
        client.post(f"/laporan/{kota.pk}/status/", {"status": "diregistrasi"})
        kota.refresh_from_db()
        assert kota.status == Status.NEEDS_INFO
        twin = services.submit_report(report_data(reporter_nik="1571014507950002"), [], ip="9.9.9.9")
        suggestion = services.suggest_duplicates(twin)[0]
        page = client.get(f"/laporan/{twin.pk}/").content.decode()
        assert kota.tracking_code in page and "Gabungkan" in page
        client.post(f"/laporan/{twin.pk}/duplikat/{suggestion.pk}/", {"action": "gabung"})
        twin.refresh_from_db()
        assert twin.status == Status.MERGED and twin.duplicate_of_id == kota.pk

    def test_partner_sees_own_submissions_and_outcome(self, jambi, users):
        data = {k: v for k, v in report_data().items() if not k.startswith("reporter_")}
        mine = services.submit_report(data, [], user=users["monitor"])
        services.update_status(mine, Status.REGISTERED, "Diregistrasi.", users["kota"], reference="001/Reg/LP/PW/XI/2024")
        public = services.submit_report(report_data(), [], ip="8.8.8.8")
        page = self.login(users["monitor"]).get("/laporan/").content.decode()
        assert mine.tracking_code in page and public.tracking_code not in page
        assert "Kasus" in page and "001/Reg/LP/PW/XI/2024" in page
        page = self.login(users["coordinator"]).get("/laporan/").content.decode()
        assert mine.tracking_code in page
        detail = self.login(users["monitor"]).get(f"/laporan/{mine.pk}/").content.decode()
        assert "Tampilkan identitas" not in detail and "Gabungkan" not in detail
