"""E-mail through a real local SMTP server, and duplicate suggestions / automatic links / merges."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from pantau.audit.models import AuditEntry
from pantau.reports import duplicates, services
from pantau.reports.models import DuplicateSuggestion, Report, Status

from .conftest import DESA_KOTA_OTHER_KEC, jpeg_bytes, report_data, upload
from .smtp_server import SMTPServer


@pytest.fixture
def smtp(settings):
    with SMTPServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.DEFAULT_FROM_EMAIL = "Pantau <pantau@bawaslu.test>"
        yield server


def submit(data=None, files=(), ip="203.0.113.7", **kwargs):
    report = services.submit_report(data or report_data(), files, ip=ip, **kwargs)
    services.make_public_copies(report)  # what the post-commit task does first
    return report


@pytest.mark.django_db
class TestEmail:
    def test_office_is_told_of_a_new_report(self, jambi, users, smtp, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            report = submit()
        assert len(smtp.messages) == 1
        mail = smtp.messages[0]
        assert mail.rcpt_to == ["kota.penanganan@bawaslu.test"]
        assert report.tracking_code in mail.subject and "Kota Jambi" in mail.subject
        assert f"http://pantau.test/laporan/{report.pk}/" in mail.body
        # No identity in the e-mail.
        assert "Andi" not in mail.body and "1571010101900001" not in mail.body

    def test_configured_office_address_wins(self, jambi, users, smtp, settings, django_capture_on_commit_callbacks):
        settings.PANTAU_OFFICE_EMAILS = {"15.71": "penanganan@kotajambi.bawaslu.test"}
        with django_capture_on_commit_callbacks(execute=True):
            submit()
        assert smtp.messages[0].rcpt_to == ["penanganan@kotajambi.bawaslu.test"]

    def test_reporter_is_told_on_each_status_change(self, jambi, users, smtp, django_capture_on_commit_callbacks):
        report = submit()
        with django_capture_on_commit_callbacks(execute=True):
            services.update_status(report, Status.IN_REVIEW, "", users["kota"])
        with django_capture_on_commit_callbacks(execute=True):
            services.update_status(report, Status.NOT_REGISTERED, "Terlapor tidak dapat diidentifikasi.", users["kota"])
        to_reporter = [m for m in smtp.messages if m.rcpt_to == ["andi@contoh.id"]]
        assert len(to_reporter) == 2
        last = to_reporter[-1]
        assert "Tidak diregistrasi" in last.subject and report.tracking_code in last.subject
        assert "Terlapor tidak dapat diidentifikasi." in last.body
        assert f"http://pantau.test/lapor/lacak/{report.tracking_code}/" in last.body

    def test_no_email_no_message(self, jambi, users, smtp, django_capture_on_commit_callbacks):
        report = submit(report_data(reporter_email=""))
        with django_capture_on_commit_callbacks(execute=True):
            services.update_status(report, Status.IN_REVIEW, "", users["kota"])
        assert not [m for m in smtp.messages if "Status" in m.subject]

    def test_mail_server_down_does_not_lose_the_report(self, jambi, users, settings,
                                                       django_capture_on_commit_callbacks):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # discard port: nothing listens
        with django_capture_on_commit_callbacks(execute=True):
            report = submit()
            services.update_status(report, Status.IN_REVIEW, "", users["kota"])
        assert Report.objects.get(pk=report.pk).status == Status.IN_REVIEW

    def test_merged_reporters_hear_about_the_primary(self, jambi, users, smtp, django_capture_on_commit_callbacks):
        primary = submit()
        other = submit(report_data(reporter_email="warga2@contoh.id", reporter_nik="1571014507950002",
                                   description="Saya juga melihat tim sukses paslon nomor 2 membagikan amplop berisi "
                                               "uang lima puluh ribu kepada warga agar memilih nomor 2."),
                       ip="198.51.100.3")
        services.link_duplicate(other, primary, users["kota"])
        smtp.messages.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.update_status(primary, Status.REGISTERED, "Diregistrasi.", users["kota"])
        recipients = sorted(r for m in smtp.messages for r in m.rcpt_to)
        assert recipients == ["andi@contoh.id", "warga2@contoh.id"]
        mail = next(m for m in smtp.messages if m.rcpt_to == ["warga2@contoh.id"])
        assert other.tracking_code in mail.subject and primary.tracking_code not in mail.body


@pytest.mark.django_db
class TestDuplicates:
    def test_text_similarity_thresholds(self):
        a = "Tim sukses paslon nomor 2 membagikan amplop berisi uang Rp50.000 kepada warga RT 05 agar memilih nomor 2"
        b = "Tim sukses paslon no 2 membagi amplop isi uang 50 ribu ke warga RT 05 supaya memilih nomor 2"
        c = "Baliho calon bupati dipasang di halaman masjid raya dan sekolah dasar negeri"
        assert duplicates.text_similarity(a, a) == 1.0
        assert duplicates.text_similarity(a, b) >= 0.7
        assert duplicates.text_similarity(a, c) < 0.5

    def test_canonical_url(self):
        assert duplicates.canonical_url("https://www.TikTok.com/@x/video/1/?utm_source=wa&fbclid=1#top") == \
            "https://tiktok.com/@x/video/1"

    def test_near_identical_text_is_linked_automatically(self, jambi, users):
        first = submit()
        second = submit(report_data(reporter_nik="1571014507950002", reporter_name="Dewi Lestari"), ip="198.51.100.4")
        suggestions = services.suggest_duplicates(second)
        assert [s.candidate_id for s in suggestions] == [first.pk]
        second.refresh_from_db()
        assert second.duplicate_of_id == first.pk
        assert suggestions[0].state == DuplicateSuggestion.State.LINKED
        assert AuditEntry.objects.filter(action="duplicate_linked", object_pk=str(second.pk)).exists()

    def test_similar_text_is_only_suggested(self, jambi, users):
        first = submit()
        second = submit(report_data(
            desa=DESA_KOTA_OTHER_KEC, kecamatan="15.71.02", event_date="2024-11-17", known_date="2024-11-17",
            description="Ada tim sukses paslon nomor 2 yang membagi amplop uang Rp50.000 ke warga, katanya supaya "
                        "kami memilih nomor 2 nanti di TPS."), ip="198.51.100.5")
        suggestions = services.suggest_duplicates(second)
        assert len(suggestions) == 1 and suggestions[0].candidate_id == first.pk
        assert 0.70 <= suggestions[0].score < 0.875, suggestions[0].score
        assert suggestions[0].state == DuplicateSuggestion.State.SUGGESTED
        second.refresh_from_db()
        assert second.duplicate_of_id is None

    def test_unrelated_reports_are_not_suggested(self, jambi, users):
        submit()
        other = submit(report_data(description="Baliho calon wali kota dipasang di pagar sekolah dasar negeri 12 dan "
                                               "di halaman masjid tanpa izin."), ip="198.51.100.6")
        assert services.suggest_duplicates(other) == []

    def test_same_photo_links_across_kabupaten(self, jambi, users):
        photo = jpeg_bytes(pattern=1)
        first = submit(files=[upload("a.jpg", photo, "image/jpeg")])
        second = submit(report_data(kabupaten="15.05", kecamatan="", desa="",
                                    description="Foto ini beredar di grup WhatsApp warga, berisi ajakan memilih "
                                                "dengan imbalan sembako dari tim kampanye."),
                        files=[upload("b.jpg", photo, "image/jpeg")], ip="198.51.100.7")
        suggestion = services.suggest_duplicates(second)[0]
        assert suggestion.candidate_id == first.pk and suggestion.score == 1.0
        assert "identik" in suggestion.reasons[0]

    def test_resized_photo_is_recognised(self, jambi, users):
        import io

        from PIL import Image

        big = jpeg_bytes(pattern=2, size=(800, 600))
        small = io.BytesIO()
        Image.open(io.BytesIO(big)).resize((400, 300)).save(small, format="JPEG", quality=60)
        first = submit(files=[upload("a.jpg", big, "image/jpeg")])
        second = submit(report_data(kabupaten="15.05", kecamatan="", desa="",
                                    description="Gambar kiriman tetangga tentang pembagian sembako, dikirim ulang "
                                                "lewat aplikasi pesan sehingga ukurannya kecil."),
                        files=[upload("b.jpg", small.getvalue(), "image/jpeg")],
                        ip="198.51.100.8")
        suggestion = services.suggest_duplicates(second)[0]
        assert suggestion.candidate_id == first.pk and suggestion.score >= 0.89

    def test_same_url_is_suggested(self, jambi, users):
        first = submit(report_data(urls="https://www.facebook.com/akun/posts/991"))
        second = submit(report_data(kabupaten="15.01", kecamatan="", desa="", urls="https://facebook.com/akun/posts/991/",
                                    description="Postingan ini menghina suku tertentu dan mengajak tidak memilih "
                                                "calon yang bukan putra daerah."), ip="198.51.100.9")
        suggestion = services.suggest_duplicates(second)[0]
        assert suggestion.candidate_id == first.pk and "tautan sama" in suggestion.reasons

    def test_merge_and_dismiss_by_handler(self, jambi, users):
        first = submit()
        second = submit(report_data(reporter_nik="1571014507950002"), ip="198.51.100.10")
        suggestion = services.suggest_duplicates(second)[0]
        with pytest.raises(PermissionDenied):
            services.link_duplicate(second, first, users["kerinci"])
        services.dismiss_duplicate(suggestion, users["kota"], reason="kejadian berbeda")
        second.refresh_from_db()
        assert second.duplicate_of_id is None
        services.link_duplicate(second, first, users["kota"])
        second.refresh_from_db()
        assert second.status == Status.MERGED and second.duplicate_of_id == first.pk
        view = services.public_view(second)
        assert view["merged"] and first.tracking_code not in str(view)
