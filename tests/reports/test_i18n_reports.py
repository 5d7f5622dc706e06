"""English for the participatory-reporting pages and API, Indonesian by default and in every stored record.

The reader chooses English through /i18n/setlang/ (pages) or ``Accept-Language: en`` (API). What the system stores
(reasons, notes, the audit log, the office e-mail) stays Indonesian; pages and API answers read it in English.
"""

from __future__ import annotations

import html
import re

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from rest_framework.test import APIClient

from pantau.reports import services, texts
from pantau.reports.models import Report, Status

from .conftest import report_data, upload

API = "/api/v1/reports/"
LATE = {"event_date": "2024-11-01", "known_date": "2024-11-02"}  # the clock is 20 Nov 2024: 18 days


@pytest.fixture(autouse=True)
def _restore_default_language():
    """LocaleMiddleware leaves the last request's language active in the thread: do not leak English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def english(client: Client) -> Client:
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    return client


def form_post(client, data):
    page = client.get("/lapor/")
    token = re.search(rb'name="form_token" value="([^"]+)"', page.content).group(1).decode()
    return client.post("/lapor/", dict(data, form_token=token))


def api_post(data, language=None, files=None, ip="203.0.113.80"):
    payload = dict(data)
    if files:
        payload["files"] = files
    extra = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return APIClient().post(API, payload, format="multipart", REMOTE_ADDR=ip, **extra)


# --- the public form -------------------------------------------------------------------------------------------

@pytest.mark.django_db
class TestSubmitPage:
    def test_indonesian_by_default_unchanged(self, jambi):
        page = Client().get("/lapor/").content.decode()
        assert '<html lang="id">' in page
        for phrase in ("Lapor dugaan pelanggaran Pilkada", "Sebelum mulai: laporan atau informasi awal?",
                       "paling lama 7 hari sejak pelanggaran diketahui", "Tanggal Anda mengetahui kejadian",
                       "Politik uang (amplop, sembako, transfer, dll.)", "— pilih kabupaten/kota —",
                       "<span>Laporan</span>", "<span>Informasi awal</span>", "Desa/kelurahan</label>"):
            assert phrase in page, phrase
        assert "Report a suspected" not in page

    def test_english_explains_report_tip_and_the_limit(self, jambi):
        page = english(Client()).get("/lapor/").content.decode()
        assert '<html lang="en">' in page
        intro = page.index("Before you start: report or tip?")
        assert intro < page.index('name="description"')
        for phrase in ("Report a suspected regional-election violation",
                       "Time limit: a report must be filed within 7 days of the violation becoming known.",
                       "Later submissions are still accepted as information, but cannot be registered as a report.",
                       "a tip cannot be registered as a report",
                       # kind radios read as one submission, not the "Reports" menu entry
                       "<span>Report</span>", "<span>Tip</span>",
                       "Date you learned of the incident", "The 7-day limit counts from this date.",
                       "Vote buying (envelopes, food parcels, transfers, etc.)", "— choose a regency/city —",
                       "Village</label>", "Full name (as on your ID card)", "Send</button>",
                       "Already reported? Track it with your code."):
            assert phrase in page, phrase
        for phrase in ("Sebelum mulai", "Batas waktu", "Tanggal Anda mengetahui", "Politik uang", "Kirim</button>"):
            assert phrase not in page, phrase

    def test_field_errors_follow_the_language(self, jambi):
        data = report_data(reporter_nik="12AB", event_date="2024-11-18", known_date="2024-11-10",
                           kecamatan="15.71.02")
        indonesian = form_post(Client(), data).content.decode()
        assert "NIK harus 16 digit angka, sesuai KTP elektronik." in indonesian
        assert "Tanggal diketahui tidak boleh sebelum tanggal kejadian." in indonesian
        assert "Pilihan desa tidak cocok dengan wilayah di atasnya." in indonesian

        response = form_post(english(Client()), data)
        assert response.status_code == 400
        page = response.content.decode()
        assert "The NIK must be 16 digits, as on the electronic ID card (KTP)." in page
        assert "The date you learned of it cannot be before the date of the incident." in page
        assert "The village chosen does not lie in the region above it." in page
        assert "Some fields need correcting (marked in red below)." in page
        assert "NIK harus" not in page and "tidak boleh sebelum" not in page
        assert 'value="Andi Pratama"' in page  # what was typed is kept, in either language
        assert Report.objects.count() == 0

    def test_refused_file_and_antispam_messages_in_english(self, jambi, settings):
        client = english(Client())
        page = client.post("/lapor/", report_data(files=[upload("surat.pdf", b"PK\x03\x04rubbish")])).content.decode()
        assert "The form is incomplete. Reload the page and send it again." in page  # no form token
        token = re.search(rb'name="form_token" value="([^"]+)"', client.get("/lapor/").content).group(1).decode()
        page = html.unescape(client.post("/lapor/", report_data(
            form_token=token, files=[upload("surat.pdf", b"PK\x03\x04rubbish")])).content.decode())
        assert ('File "surat.pdf" was refused: it contains a ZIP archive or an Office document other than DOCX, '
                "not an accepted type") in page
        settings.PANTAU_REPORT_MIN_FILL_SECONDS = 60
        page = form_post(client, report_data()).content.decode()
        assert "The form was sent too quickly." in page


# --- tracking --------------------------------------------------------------------------------------------------

@pytest.mark.django_db
class TestTracking:
    def test_lookup_and_unknown_code_in_english(self, jambi):
        client = english(Client())
        page = client.get("/lapor/lacak/").content.decode()
        assert "Track a report or tip" in page and "Show status" in page and "Tracking code" in page
        response = client.get("/lapor/lacak/PTU-2222222222/")
        assert response.status_code == 404
        assert "Tracking code not found. Check the letters and digits again." in response.content.decode()
        assert "Kode lacak tidak ditemukan" not in response.content.decode()

    def test_late_report_sent_in_english_is_stored_in_indonesian_and_read_in_both(self, jambi):
        response = api_post(report_data(**LATE, reported_name=""), language="en")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["status_label"] == "Received"
        assert body["registrable_reason"].startswith(
            "Sent 18 days after the incident became known (02-11-2024); the limit is 7 days (until 09-11-2024")
        report = Report.objects.get(tracking_code=body["tracking_code"])
        # The record is Indonesian, whatever the reporter read.
        assert report.registrable_reason.startswith("Dikirim 18 hari setelah kejadian diketahui (02-11-2024); "
                                                     "batasnya 7 hari (sampai 09-11-2024, UU Pilkada Ps 134 ayat 4)")
        assert report.requirements["perlu_dilengkapi"] == ["nama/alamat terlapor"]
        assert report.history.get().public_note == "Kiriman diterima sistem."
        assert report.routing_reason == "Lokasi kejadian di wilayah kabupaten/kota ini."
        assert report.language == "en"

        url = f"/lapor/lacak/{report.tracking_code}/"
        page = english(Client()).get(url).content.decode()
        for phrase in ("Status of submission", "Current status", ">Received<",
                       "Your submission is in the system and waiting for an initial review by Bawaslu staff.",
                       "Cannot be registered as a report", "Sent 18 days after the incident became known",
                       "Regional Election Law art. 134(4)", "Submission received by the system.", "History",
                       "Report</dd>", "Handled by"):
            assert phrase in page, phrase
        assert "Dikirim 18 hari" not in page and "Kiriman diterima sistem" not in page

        page = Client().get(url).content.decode()
        assert "Dikirim 18 hari setelah kejadian diketahui" in page and "Kiriman diterima sistem." in page
        assert "Sent 18 days" not in page

    def test_status_page_follows_the_status_and_what_to_complete(self, jambi, users):
        report = services.submit_report(report_data(reported_name="", witnesses=""), ip="203.0.113.81")
        services.update_status(report, Status.NEEDS_INFO, "Mohon kirim foto amplop.", users["kota"])
        page = english(Client()).get(f"/lapor/lacak/{report.tracking_code}/").content.decode()
        assert "Needs more information" in page
        assert "Staff ask you to add information or evidence." in page
        assert "What you may be asked to add" in page
        assert "name/address of the reported party" in page
        assert "evidence (photos, videos, documents, links) or witnesses" in page
        assert "Mohon kirim foto amplop." in page  # a handler's own note is shown as written

    def test_track_api_follows_accept_language(self, jambi, users):
        report = services.submit_report(report_data(), ip="203.0.113.82")
        primary = services.submit_report(report_data(description="Pembagian sembako oleh tim paslon 2 di "
                                                                  "lapangan kelurahan, warga diminta memilih."),
                                         ip="203.0.113.83")
        services.link_duplicate(report, primary, users["kota"], merge=True)
        url = f"/api/v1/reports/track/{report.tracking_code}/"
        english_body = APIClient().get(url, HTTP_ACCEPT_LANGUAGE="en").json()
        indonesian_body = APIClient().get(url).json()
        assert indonesian_body["kind_label"] == "Laporan" and english_body["kind_label"] == "Report"
        notes = [h["note"] for h in english_body["history"]]
        assert "Your report concerns the same incident as another report and they are handled together." \
               " This page shows the progress of that handling." in notes
        assert "Submission received by the system." in notes
        assert [h["label"] for h in english_body["history"]][:1] == ["Received"]
        assert indonesian_body["history"][0]["label"] == "Diterima"
        # The merge note is stored in Indonesian.
        assert report.history.order_by("-pk").first().public_note == texts.MERGED_NOTE


# --- the API ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
class TestApiErrors:
    def test_errors_follow_accept_language(self, jambi):
        data = report_data(reporter_nik="123", description="pendek", reporter_email="bukan-email")
        indonesian = api_post(data).json()
        assert indonesian["detail"] == "Kiriman belum dapat diterima. Periksa kembali isian berikut."
        assert indonesian["errors"]["reporter_nik"] == ["NIK harus 16 digit angka, sesuai KTP elektronik."]

        response = api_post(data, language="en")
        assert response.status_code == 400
        body = response.json()
        assert body["code"] == "invalid"
        assert body["detail"] == "The submission cannot be accepted yet. Please check the fields below."
        assert body["errors"]["reporter_nik"] == ["The NIK must be 16 digits, as on the electronic ID card (KTP)."]
        assert body["errors"]["description"] == [
            "The description is too short (at least 30 characters). Say what, who, when and where."]
        assert body["errors"]["reporter_email"] == ["Invalid email address. Example: name@example.id"]

    def test_identity_and_file_errors_in_english(self, jambi, settings):
        settings.PANTAU_MAX_UPLOAD_BYTES = 2000
        data = {k: v for k, v in report_data().items() if not k.startswith("reporter_")}
        body = api_post(data, language="en-GB", files=[
            upload("video.mp4", b"<html><script>alert(1)</script></html>"),
            upload("besar.pdf", b"%PDF-1.7\n" + b"0" * 5000),
        ]).json()
        assert body["errors"]["reporter_name"] == ["For a report, enter your full name."]
        general = " ".join(body["errors"]["__all__"])
        assert 'File "video.mp4" was refused: it contains a web page/SVG/XML' in general
        assert 'File "besar.pdf" is too large (at most 1 KB per file).' in general
        assert 'choose "Tip"' in general


# --- staff pages and e-mail ------------------------------------------------------------------------------------

@pytest.mark.django_db
class TestStaffAndMail:
    def test_report_detail_and_queue_in_english(self, jambi, users):
        report = services.submit_report(report_data(**LATE, description="Cagub nomor 1 membagikan amplop berisi "
                                                                        "uang kepada warga di pasar."),
                                         ip="203.0.113.84")
        assert report.routing_reason.startswith("Menyangkut pemilihan gubernur")
        client = english(Client())
        client.force_login(users["provinsi"])
        page = html.unescape(client.get(f"/laporan/{report.pk}/").content.decode())
        for phrase in ("Requirements and routing", "Receiving office", "Reporter’s identity",
                       'Concerns the governor election / the provincial level ("cagub") → provincial Bawaslu.',
                       "Sent 18 days after the incident became known", "Show identity (recorded)",
                       "Submission received by the system.", "Status history"):
            assert phrase in page, phrase
        assert "Menyangkut pemilihan gubernur" not in page
        queue = client.get("/laporan/?lingkup=semua").content.decode()
        assert "Report queue" in queue and "not registrable" in queue and "1 submission" in queue

    def test_reporter_mail_in_the_language_of_the_form_office_mail_in_indonesian(
            self, jambi, users, mailoutbox, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            body = api_post(report_data(), language="en").json()
        office = [m for m in mailoutbox if m.to == ["kota.penanganan@bawaslu.test"]]
        assert len(office) == 1
        assert "Laporan baru" in office[0].subject and "Buka di Pantau" in office[0].body
        assert "Open in Pantau" not in office[0].body

        english_report = Report.objects.get(tracking_code=body["tracking_code"])
        with translation.override("id"):  # as in a request without a language choice
            indonesian_report = services.submit_report(report_data(
                reporter_email="siti@contoh.id", description="Kepala desa ikut berkampanye untuk paslon 1 di "
                                                             "balai desa."), ip="203.0.113.85")
        assert indonesian_report.language == "id"
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.update_status(english_report, Status.IN_REVIEW, "", users["kota"])
            services.update_status(indonesian_report, Status.IN_REVIEW, "", users["kota"])
        by_address = {m.to[0]: m for m in mailoutbox}
        english_mail, indonesian_mail = by_address["andi@contoh.id"], by_address["siti@contoh.id"]
        assert english_mail.subject == f"[Pantau] Status of {english_report.tracking_code}: Under initial review"
        assert "Dear reporter," in english_mail.body and "Staff are checking the formal and material" in english_mail.body
        assert indonesian_mail.subject == f"[Pantau] Status {indonesian_report.tracking_code}: Dalam kajian awal"
        assert "Yth. Pelapor," in indonesian_mail.body


# --- stored texts ----------------------------------------------------------------------------------------------

SAMPLES = {
    "days": 15, "known": "05-11-2024", "limit": 7, "deadline": "12-11-2024", "n": 3, "word": "cagub",
    "name": "Al Haris", "pct": "93%", "why": "lokasi sama, tanggal kejadian sama",
}


@pytest.mark.parametrize("template", texts.TEMPLATES)
def test_every_stored_template_reads_back_in_english(template):
    values = {k: v for k, v in SAMPLES.items() if f"%({k})" in template}
    stored = template % values if values else template
    with translation.override("id"):
        assert texts.localise(stored) == stored
    with translation.override("en"):
        shown = texts.localise(stored)
    assert shown != stored
    for value in values.values():
        if value == SAMPLES["why"]:
            assert "same place, same incident date" in shown
        else:
            assert str(value) in shown


def test_joined_reasons_and_foreign_text():
    joined = " ".join([texts.TIP_NOT_REGISTRABLE, texts.LATE % {
        "days": 9, "known": "01-11-2024", "limit": 7, "deadline": "08-11-2024"}])
    with translation.override("en"):
        shown = texts.localise(joined)
        assert shown.startswith("A tip (without the reporter’s identity) cannot be registered as a report; ")
        assert " Sent 9 days after the incident became known (01-11-2024)" in shown
        # Text written by people, or only partly a template, is shown as written.
        assert texts.localise("Terlapor tidak dapat diidentifikasi.") == "Terlapor tidak dapat diidentifikasi."
        assert texts.localise("lokasi sama tapi beda orang") == "lokasi sama tapi beda orang"
        assert texts.localise("") == ""
