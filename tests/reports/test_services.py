"""submit_report, update_status, reveal_identity: the service layer the other apps rely on."""

from __future__ import annotations

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from PIL import Image

from pantau.audit.models import AuditEntry
from pantau.evidence.models import CustodyEntry, EvidenceBlob
from pantau.evidence.store import blob_path, open_blob
from pantau.reports import images, services
from pantau.reports.models import TRACKING_ALPHABET, AttachmentKind, Kind, Report, Status

from .conftest import jpeg_bytes, report_data, upload


def submit(data=None, files=(), **kwargs):
    kwargs.setdefault("ip", "203.0.113.7")
    return services.submit_report(data or report_data(), files, **kwargs)


@pytest.mark.django_db
class TestSubmit:
    def test_report_gets_unguessable_tracking_code_and_is_routed(self, jambi, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            report = submit()
        assert report.tracking_code.startswith("PTU-") and len(report.tracking_code) == 14
        assert set(report.tracking_code[4:]) <= set(TRACKING_ALPHABET)
        assert report.kind == Kind.REPORT and report.status == Status.RECEIVED
        assert report.region_id == "15.71.01.1001"
        assert report.office_region_id == "15.71"  # Kota Jambi's queue
        assert report.registrable, report.registrable_reason
        assert report.has_identity
        assert report.history.get().status == Status.RECEIVED

    def test_codes_are_distinct(self, jambi):
        codes = {submit(report_data(description=f"Laporan nomor {i}: pembagian sembako oleh tim paslon di desa kami "
                                                f"dengan ajakan memilih, kejadian ke-{i}."), ip=f"10.0.0.{i}").tracking_code
                 for i in range(20)}
        assert len(codes) == 20

    def test_identity_is_encrypted_at_rest(self, jambi):
        report = submit()
        with connection.cursor() as cursor:
            cursor.execute("SELECT reporter_name, reporter_nik, reporter_phone, reporter_email, witnesses "
                           "FROM reports_report WHERE id = %s", [report.pk])
            row = cursor.fetchone()
        for stored in row:
            assert stored.startswith("fernet:")
        joined = " ".join(row)
        assert "1571010101900001" not in joined and "Andi" not in joined and "0812" not in joined
        fresh = Report.objects.get(pk=report.pk)
        assert fresh.reporter_nik == "1571010101900001"
        assert fresh.reporter_phone == "081234567890"  # normalised
        assert fresh.masked_identity()["nik"].endswith("0001") and "1571" not in fresh.masked_identity()["nik"]
        assert fresh.masked_reporter == "A*** P******"

    def test_audit_never_holds_identity(self, jambi):
        report = submit()
        entries = AuditEntry.objects.filter(model="reports.Report", object_pk=str(report.pk))
        assert entries.exists()
        for entry in entries:
            text = str(entry.changes)
            assert "1571010101900001" not in text and "Andi Pratama" not in text and "fernet:" not in text

    def test_tip_needs_no_identity_and_is_not_registrable(self, jambi):
        data = report_data(kind="informasi")
        for field in ("reporter_type", "reporter_name", "reporter_nik", "reporter_address", "reporter_phone",
                      "reporter_email", "declaration"):
            data.pop(field)
        report = submit(data)
        assert report.kind == Kind.TIP and not report.has_identity
        assert not report.registrable
        assert "Informasi awal" in report.registrable_reason

    def test_report_without_identity_is_refused_with_indonesian_messages(self, jambi):
        data = report_data(reporter_name="", reporter_nik="", reporter_phone="", reporter_email="")
        with pytest.raises(services.ReportInvalid) as exc:
            submit(data)
        errors = exc.value.errors
        assert "Untuk laporan, isi nama lengkap Anda." in errors["reporter_name"]
        assert any("NIK" in m for m in errors["reporter_nik"])
        assert any("informasi awal" in m.lower() for m in errors["__all__"])

    @pytest.mark.parametrize("field,value,expected", [
        ("reporter_nik", "12345", "NIK harus 16 digit"),
        ("reporter_nik", "1571019901900001", "NIK tidak sesuai format"),
        ("reporter_phone", "12345", "Nomor HP tidak valid"),
        ("reporter_email", "bukan-email", "Alamat email tidak valid"),
        ("event_date", "2024-12-25", "tidak boleh setelah hari ini"),
        ("event_date", "kemarin", "Tanggal kejadian tidak valid"),
        ("known_date", "2024-11-01", "tidak boleh sebelum tanggal kejadian"),
        ("description", "amplop", "Uraian terlalu singkat"),
        ("kabupaten", "", "Pilih kabupaten/kota"),
        ("urls", "javascript:alert(1)", "Tautan tidak valid"),
        ("desa", "15.71.02.1002", "tidak cocok"),
        ("kind", "rahasia", "Jenis kiriman tidak dikenal"),
    ])
    def test_each_field_has_a_clear_message(self, jambi, field, value, expected):
        data = report_data(**{field: value})
        if field == "kabupaten":
            data.update(kecamatan="", desa="")
        with pytest.raises(services.ReportInvalid) as exc:
            submit(data)
        messages = " ".join(m for ms in exc.value.errors.values() for m in ms)
        assert expected in messages, messages

    def test_past_the_seven_day_limit_is_accepted_as_information_not_registrable(self, jambi):
        report = submit(report_data(event_date="2024-11-08", known_date="2024-11-10"))
        assert report.pk and report.status == Status.RECEIVED
        assert not report.registrable
        assert "10 hari" in report.registrable_reason and "7 hari" in report.registrable_reason
        assert "17-11-2024" in report.registrable_reason  # the last day it could have been filed
        assert report.requirements["formal"]["tepat_waktu"] is False

    def test_day_seven_is_still_on_time(self, jambi):
        report = submit(report_data(event_date="2024-11-13", known_date="2024-11-13"))
        assert report.registrable and report.requirements["hari_sejak_diketahui"] == 7

    def test_known_date_defaults_to_event_date(self, jambi):
        report = submit(report_data(known_date=""))
        assert report.known_date == report.event_date

    def test_governor_race_goes_to_the_province(self, jambi):
        report = submit(report_data(description="Kepala desa mengajak warga memilih calon gubernur nomor urut 1 "
                                                "saat pembagian BLT di balai desa."))
        assert report.office_region_id == "15"
        assert "gubernur" in report.routing_reason

    def test_governor_candidate_name_goes_to_the_province(self, jambi):
        from pantau.elections.models import CandidatePair, Race

        pair = CandidatePair.objects.filter(race__office=Race.Office.GOVERNOR).first()
        report = submit(report_data(description=f"Tim {pair.head_name} membagikan sembako kepada warga dengan "
                                                f"ajakan mencoblos pada 27 November."))
        assert report.office_region_id == "15", report.routing_reason

    def test_place_without_kabupaten_goes_to_the_province(self, jambi):
        report = submit(report_data(kabupaten="", kecamatan="", desa="", region="15", category_hint="kampanye_hitam",
                                    description="Akun anonim di TikTok menyebarkan video fitnah bahwa seorang calon "
                                                "terlibat judi online, dibagikan ribuan kali."))
        assert report.office_region_id == "15"

    def test_kabupaten_report_stays_in_kabupaten(self, jambi):
        report = submit(report_data(kabupaten="15.01", kecamatan="15.01.01", desa="15.01.01.2001",
                                    description="Kepala desa Lempur Tengah ikut berkampanye untuk calon bupati "
                                                "nomor 2 di lapangan desa."))
        assert report.office_region_id == "15.01"

    def test_detection_unavailable_is_not_fatal(self, jambi, no_detection):
        report = submit()
        assert report.detection["available"] is False
        assert report.category == "politik_uang"  # falls back to the reporter's hint

    def test_detection_result_is_stored(self, jambi, monkeypatch):
        import pantau.detection as detection

        def fake(text, context=None):
            start = text.index("amplop")
            return {"labels": ["politik_uang"], "scores": {"politik_uang": 0.93, "sara": 0.01},
                    "evidence": [{"label": "politik_uang", "start": start, "end": start + 6, "text": "amplop"}],
                    "election_related": True, "regions": ["15.71"]}

        monkeypatch.setattr(detection, "analyse", fake, raising=False)
        report = submit(report_data(category_hint="lainnya"))
        assert report.detection["labels"] == ["politik_uang"]
        assert report.detection["evidence"][0]["text"] == "amplop"
        assert report.category == "politik_uang"

    def test_detection_crash_is_not_fatal(self, jambi, monkeypatch):
        import pantau.detection as detection

        def broken(text, context=None):
            raise RuntimeError("model file missing")

        monkeypatch.setattr(detection, "analyse", broken, raising=False)
        report = submit()
        assert report.detection["available"] is False and "RuntimeError" in report.detection["error"]

    def test_same_idempotency_key_makes_one_report(self, jambi):
        first = submit(idempotency_key="abc-123")
        second = submit(report_data(description="Isi berbeda tetapi kunci sama: klik dua kali pada tombol kirim "
                                                "di ponsel yang lambat."), idempotency_key="abc-123", ip="198.51.100.1")
        assert first.pk == second.pk and second.replayed
        assert Report.objects.count() == 1

    def test_same_content_from_same_address_makes_one_report(self, jambi):
        first = submit()
        second = submit()
        assert first.pk == second.pk and second.replayed
        third = submit(ip="198.51.100.9")  # same text from another address is another report
        assert third.pk != first.pk

    def test_copy_paste_campaign_is_flagged(self, jambi):
        for i in range(3):
            report = submit(ip=f"192.0.2.{i}")
        assert report.spam_suspected and "3 alamat" in report.spam_reason


@pytest.mark.django_db
class TestEvidence:
    def test_photo_original_kept_public_copy_without_gps(self, jambi):
        photo = jpeg_bytes(gps=True)
        report = submit(files=[upload("IMG_0001.jpg", photo, "image/jpeg")])
        attachment = report.attachments.get()
        assert attachment.had_location and attachment.public_copy is None  # made after the report is stored
        assert services.make_public_copies(report) == 1
        assert services.make_public_copies(report) == 0  # idempotent
        attachment.refresh_from_db()
        assert attachment.kind == AttachmentKind.PHOTO and attachment.had_location
        assert attachment.sha256 == attachment.original.sha256
        original = open_blob(attachment.original)
        public = open_blob(attachment.public_copy)
        assert original == photo and images.has_gps(original)
        assert not images.has_gps(public)
        assert not Image.open(io.BytesIO(public)).getexif()
        assert attachment.public_copy.content_type == "image/jpeg"
        assert blob_path(attachment.sha256).exists()
        actions = set(CustodyEntry.objects.filter(subject=f"reports.Report:{report.tracking_code}")
                      .values_list("action", flat=True))
        assert actions == {CustodyEntry.Action.CAPTURED, CustodyEntry.Action.DERIVED}

    def test_type_is_checked_by_content_not_extension(self, jambi):
        with pytest.raises(services.ReportInvalid) as exc:
            submit(files=[upload("foto.jpg", b"MZ\x90\x00" + b"\x00" * 100, "image/jpeg")])
        message = " ".join(exc.value.errors["__all__"])
        assert "foto.jpg" in message and "program Windows" in message and "bukan jenis yang diterima" in message
        assert Report.objects.count() == 0

    def test_pdf_named_jpg_is_stored_as_pdf(self, jambi):
        pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
        report = submit(files=[upload("bukti.jpg", pdf, "image/jpeg")])
        attachment = report.attachments.get()
        assert attachment.kind == AttachmentKind.DOCUMENT and attachment.content_type == "application/pdf"
        assert attachment.public_copy is None

    def test_too_big_is_refused_with_the_reason(self, jambi, settings):
        settings.PANTAU_MAX_UPLOAD_BYTES = 1024
        with pytest.raises(services.ReportInvalid) as exc:
            submit(files=[upload("besar.jpg", jpeg_bytes(size=(400, 300)), "image/jpeg")])
        assert "terlalu besar" in " ".join(exc.value.errors["__all__"])

    def test_broken_image_is_refused(self, jambi):
        with pytest.raises(services.ReportInvalid) as exc:
            submit(files=[upload("rusak.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 50, "image/jpeg")])
        assert "rusak" in " ".join(exc.value.errors["__all__"])

    def test_urls_are_kept_for_capture(self, jambi):
        report = submit(report_data(urls="https://www.tiktok.com/@akun/video/123?utm_source=wa\nhttps://contoh.id/berita"))
        urls = list(report.attachments.filter(kind=AttachmentKind.URL).values_list("url", flat=True))
        assert urls == ["https://tiktok.com/@akun/video/123", "https://contoh.id/berita"]
        assert set(services.urls_awaiting_capture()) == set(report.attachments.all())
        blob = EvidenceBlob.objects.create(sha256="f" * 64, size=1, content_type="text/html")
        services.record_url_capture(report.attachments.first(), blob=blob, ok=True, note="arsip WARC")
        assert services.urls_awaiting_capture().count() == 1


@pytest.mark.django_db
class TestStatusAndIdentity:
    def test_update_status_records_history_and_audit(self, jambi, users):
        report = submit()
        services.update_status(report, Status.REGISTERED, "Diregistrasi dengan nomor 001/Reg/LP/PW/Kota/05.01/XI/2024.",
                               users["kota"], reference="001/Reg/LP/PW/Kota/05.01/XI/2024")
        report.refresh_from_db()
        assert report.status == Status.REGISTERED and report.case_reference.startswith("001/Reg")
        assert list(report.history.values_list("status", flat=True)) == [Status.RECEIVED, Status.REGISTERED]
        entry = AuditEntry.objects.filter(action="report_status", object_pk=str(report.pk)).get()
        assert entry.actor == users["kota"] and entry.changes["status"] == [Status.RECEIVED, Status.REGISTERED]

    def test_unknown_status_is_refused(self, jambi, users):
        with pytest.raises(ValueError):
            services.update_status(submit(), "entah", "", users["kota"])

    def test_reveal_identity_only_for_handlers_of_the_office_and_audited(self, jambi, users):
        report = submit()
        identity = services.reveal_identity(report, users["kota"], reason="undangan klarifikasi")
        assert identity["nik"] == "1571010101900001" and identity["name"] == "Andi Pratama"
        assert identity["witnesses"].startswith("Siti")
        entry = AuditEntry.objects.filter(action="view_identity").get()
        assert entry.actor == users["kota"] and entry.reason == "undangan klarifikasi"
        assert "1571010101900001" not in str(entry.changes)
        # The province handler is above the receiving office: allowed.
        services.reveal_identity(report, users["provinsi"])
        for who in ("kerinci", "kota_analis", "monitor", "coordinator", "liaison", "admin"):
            with pytest.raises(PermissionDenied):
                services.reveal_identity(report, users[who])
        assert AuditEntry.objects.filter(action="view_identity").count() == 2
        assert AuditEntry.objects.filter(action="view_identity_denied").count() == 6

    def test_kota_handler_cannot_reveal_a_province_report(self, jambi, users):
        report = submit(report_data(description="Camat hadir di deklarasi relawan calon gubernur nomor 2 dan "
                                                "mengajak warga memilih."))
        assert report.office_region_id == "15"
        with pytest.raises(PermissionDenied):
            services.reveal_identity(report, users["kota"])
        assert services.reveal_identity(report, users["provinsi"])["name"] == "Andi Pratama"

    def test_partner_submits_with_identity_from_profile(self, jambi, users):
        data = report_data()
        for field in ("reporter_type", "reporter_name", "reporter_nik", "reporter_address", "reporter_phone",
                      "reporter_email", "declaration"):
            data.pop(field)
        report = submit(data, user=users["monitor"])
        assert report.channel == "mitra" and report.organisation == users["monitor"].organisation
        assert report.reporter_name == "Rina Pemantau" and report.reporter_type == "pemantau"
        assert report.has_identity and report.registrable and report.submitted_by == users["monitor"]

    def test_received_at_is_respected_for_imports(self, jambi):
        when = datetime(2024, 11, 19, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
        report = submit(received_at=when)
        assert report.created_at == when
