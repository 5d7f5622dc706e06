"""The procedure end to end through the services, with letters, reporter status, locks and conflicts."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone

from pantau.audit.models import AuditEntry
from pantau.cases import services
from pantau.cases.models import Case, Deadline, Referral, State
from pantau.evidence.models import CustodyEntry
from pantau.evidence.store import open_blob

pytestmark = pytest.mark.django_db


@pytest.fixture
def handler(users):
    return users["kotajambi.penanganan"]


def test_report_to_referral_outcome_with_letters_and_reporter_status(users, handler, report_factory, settings):
    settings.PANTAU_CASE_LETTERS = True
    report = report_factory("15.71.01")
    case = services.open_case_from_report(report, handler)
    assert case.state == State.RECEIVED and case.office_region_id == "15.71"
    report.refresh_from_db()
    assert report.status == "kajian_awal"

    case = services.register(case, handler)
    assert case.register_number == f"001/Reg/LP/PB/Kota/05.71/{services.ROMAN_MONTHS[timezone.localtime().month - 1]}/" \
                                   f"{timezone.localtime().year}"
    report.refresh_from_db()
    assert report.status == "diregistrasi" and report.case_reference == case.register_number
    case = services.invite_clarification(case, handler, invitee="Saksi Fiktif", role="saksi",
                                         place="Kantor Bawaslu Kota Jambi")
    case = services.start_review(case, handler)
    case = services.decide(case, handler, decision_type="pidana", reason="Unsur Ps 187A terpenuhi",
                           articles="UU 10/2016 Ps 187A")
    police_clock = case.deadlines.get(kind=Deadline.Kind.POLICE_REFERRAL)
    assert police_clock.due - police_clock.start == dt.timedelta(hours=24)
    case = services.refer(case, handler, institution="polri", reason="Diteruskan ke penyidik")
    police_clock.refresh_from_db()
    assert police_clock.met_at is not None and not police_clock.missed
    referral = case.referrals.get()
    assert referral.letter_id and referral.letter_number
    referral = services.acknowledge_referral(referral, users["gakkumdu.polda"])
    referral = services.record_referral_outcome(referral, users["gakkumdu.polda"], reason="Naik ke penyidikan")
    assert referral.status == Referral.Status.OUTCOME
    case = services.close_case(case, handler, reason="Semua penerusan ada hasil")
    assert case.state == State.CLOSED
    report.refresh_from_db()
    assert report.status == "selesai"

    kinds = list(case.documents.values_list("kind", flat=True))
    assert kinds.count("pemberitahuan_status") == 2  # registered, followed up
    assert "undangan_klarifikasi" in kinds and "surat_penerusan" in kinds
    for document in case.documents.all():
        data = open_blob(document.blob)
        assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == document.blob_id
        assert CustodyEntry.objects.filter(blob=document.blob, subject=f"cases.Case:{case.pk}").exists()
    actions = list(case.events.values_list("action", flat=True))
    assert actions == ["open_case_from_report", "register", "invite_clarification", "start_review", "decide",
                       "refer", "acknowledge_referral", "record_referral_outcome", "close_case"]
    for action in actions:
        assert AuditEntry.objects.filter(action=f"cases.{action}", object_pk=str(case.pk)).exists()


def test_tip_cannot_become_a_case_but_can_become_a_finding(users, handler, report_factory):
    tip = report_factory("15.71.01", kind="informasi")
    with pytest.raises(services.NotAllowed, match="Informasi awal"):
        services.open_case_from_report(tip, handler)
    assert AuditEntry.objects.filter(action="cases.refused", object_pk=str(tip.pk)).exists()
    finding = services.finding_from_tip(tip, handler)
    assert finding.origin_ref == f"reports.Report:{tip.pk}" and finding.source == "informasi_awal"
    tip.refresh_from_db()
    assert tip.status == "jadi_temuan"
    case = services.open_case_from_finding(finding, handler)
    assert services.register(case, handler).register_number.startswith("001/Reg/TM/")


def test_late_report_needs_a_recorded_override_to_register(handler, report_factory):
    received = timezone.now()
    report = report_factory("15.71.01", known=timezone.localdate() - dt.timedelta(days=12), received_at=received)
    case = services.open_case_from_report(report, handler, known_on=timezone.localdate() - dt.timedelta(days=12))
    with pytest.raises(services.NotAllowed, match="melewati tenggat"):
        services.register(case, handler)
    case.refresh_from_db()
    assert case.state == State.RECEIVED and not case.register_number
    case = services.register(case, handler, override_reason="Pelapor baru mengetahui dari siaran ulang video")
    assert case.state == State.REGISTERED
    assert "siaran ulang" in case.registration_override and "7 hari" in case.registration_override
    entry = AuditEntry.objects.filter(action="cases.register", object_pk=str(case.pk)).get()
    assert "registration_override" in entry.changes


def test_completion_window_then_late_registration(handler, report_factory, time_machine):
    time_machine.move_to(dt.datetime(2024, 11, 18, 9, 0, tzinfo=dt.UTC), tick=False)
    report = report_factory("15.71.01", known=dt.date(2024, 11, 17))
    case = services.open_case_from_report(report, handler)
    case = services.request_completion(case, handler, reason="Lampirkan foto amplop dan nama saksi")
    row = case.deadlines.get(kind=Deadline.Kind.COMPLETION)
    assert row.due == dt.datetime(2024, 11, 20, 9, 0, tzinfo=dt.UTC)
    time_machine.move_to(dt.datetime(2024, 11, 20, 10, 0, tzinfo=dt.UTC), tick=False)
    with pytest.raises(services.NotAllowed, match="kelengkapan"):
        services.register(case, handler)
    case = services.reject_registration(case, handler, reason="Kekurangan tidak dilengkapi dalam 2×24 jam")
    assert case.state == State.NOT_REGISTERED
    report.refresh_from_db()
    assert report.status == "tidak_diregistrasi" and "2×24 jam" in report.public_note


def test_case_closes_only_when_every_referral_is_resolved(users, handler, finding_factory):
    case = services.open_case_from_finding(finding_factory(), handler)
    for step in (services.register, services.start_review):
        case = step(case, handler)
    case = services.decide(case, handler, decision_type="hukum_lainnya", reason="Kepala desa ikut kampanye")
    case = services.refer(case, handler, institution="pemda", reason="Sanksi UU Desa")
    case = services.refer(case, handler, institution="bkn", reason="ASN ikut kampanye")
    with pytest.raises(services.NotAllowed, match="belum ada hasil"):
        services.close_case(case, handler)
    pemda, bkn = case.referrals.order_by("institution")[1], case.referrals.order_by("institution")[0]
    services.record_referral_outcome(pemda, handler, reason="Teguran tertulis dari Wali Kota")
    with pytest.raises(services.NotAllowed):
        services.close_case(case, handler)
    with pytest.raises(services.InvalidInput):
        services.close_referral(bkn, handler, reason="")
    services.close_referral(bkn, handler, reason="Tidak ada jawaban setelah dua surat susulan")
    assert services.close_case(case, handler).state == State.CLOSED


def test_crime_must_reach_the_police_before_closing(handler, finding_factory):
    case = services.open_case_from_finding(finding_factory(), handler)
    case = services.start_review(services.register(case, handler), handler)
    case = services.decide(case, handler, decision_type="pidana", reason="Politik uang")
    with pytest.raises(services.NotAllowed, match="Kepolisian"):
        services.close_case(case, handler)


def test_not_a_violation_cannot_be_referred_and_disallowed_action_is_409(handler, finding_factory, client_for):
    case = services.open_case_from_finding(finding_factory(), handler)
    with pytest.raises(services.NotAllowed) as refused:
        services.decide(case, handler, decision_type="pidana", reason="x")
    assert refused.value.status == 409 and "Diterima" in refused.value.message
    case = services.start_review(services.register(case, handler), handler)
    case = services.decide(case, handler, decision_type="bukan_pelanggaran", reason="Tidak memenuhi unsur")
    with pytest.raises(services.NotAllowed, match="Hanya putusan"):
        services.refer(case, handler, institution="kpu")
    assert services.close_case(case, handler).state == State.CLOSED


def test_two_handlers_at_once_one_wins_the_other_keeps_input(users, handler, finding_factory, client_for):
    other = users["kotajambi.penanganan2"]
    case = services.open_case_from_finding(finding_factory(), handler)
    version = case.version
    services.register(case, handler, expected_version=version)
    with pytest.raises(services.Conflict, match="isian Anda tetap ada"):
        services.reject_registration(case, other, reason="tidak lengkap", expected_version=version)
    # Through the page: the refused form comes back with what was typed.
    typed = "Alasan panjang yang diketik petugas kedua dan tidak boleh hilang"
    response = client_for("kotajambi.penanganan").post(
        f"/kasus/{case.pk}/aksi/", {"action": "extend_deadline", "version": version, "reason": typed})
    assert response.status_code == 409
    body = response.content.decode()
    assert typed in body and "sudah diubah" in body
    case.refresh_from_db()
    assert case.state == State.REGISTERED and not case.deadlines.filter(extended=True).exists()


def test_check_out_lock_blocks_others_and_pimpinan_breaks_it(users, handler, finding_factory):
    other = users["kotajambi.penanganan2"]
    case = services.open_case_from_finding(finding_factory(), handler)
    case = services.check_out(case, handler)
    with pytest.raises(services.Locked, match="sedang dikerjakan"):
        services.register(case, other)
    with pytest.raises(services.Locked):
        services.check_out(case, other)
    with pytest.raises(services.WrongRole):
        services.break_lock(case, other, reason="mendesak")
    services.register(case, handler)  # the holder works on
    case = services.break_lock(case, users["kotajambi.pimpinan"], reason="Petugas cuti sakit")
    assert case.locked_by is None
    entry = AuditEntry.objects.filter(action="cases.break_lock", object_pk=str(case.pk)).get()
    assert entry.reason == "Petugas cuti sakit" and entry.actor == users["kotajambi.pimpinan"]
    assert handler.case_notifications.filter(kind="kunci_dibuka").exists()
    assert services.start_review(case, other).state == State.REVIEW


def test_expired_lock_does_not_block(users, handler, finding_factory, time_machine, settings):
    settings.PANTAU_CASE_LOCK_HOURS = 2
    case = services.open_case_from_finding(finding_factory(), handler)
    services.check_out(case, handler)
    time_machine.move_to(timezone.now() + dt.timedelta(hours=3))
    assert services.register(case, users["kotajambi.penanganan2"]).state == State.REGISTERED


def test_hand_over_between_levels(users, handler, finding_factory):
    case = services.open_case_from_finding(finding_factory("15.71"), handler)
    with pytest.raises(services.InvalidInput, match="tidak berada di wilayah"):
        services.hand_over(case, handler, to_office="15.01", reason="salah kirim")
    case = services.hand_over(case, handler, to_office="15", reason="Menyangkut pemilihan gubernur")
    assert case.office_region_id == "15" and case.handler is None
    # Kota Jambi no longer handles it, the province does; the province hands it back down.
    with pytest.raises(services.WrongRole):
        services.register(case, handler)
    case = services.hand_over(case, users["provinsi.penanganan"], to_office="15.71", reason="Kewenangan kota")
    assert case.office_region_id == "15.71"
    assert Case.objects.get(pk=case.pk).events.filter(action="hand_over").count() == 2


def test_extension_only_once_and_adds_two_days(handler, finding_factory, time_machine):
    time_machine.move_to(dt.datetime(2024, 11, 25, 3, 0, tzinfo=dt.UTC), tick=False)  # 10.00 WIB
    case = services.register(services.open_case_from_finding(finding_factory(known=dt.date(2024, 11, 24)),
                                                             handler), handler)
    first = case.deadlines.get(kind=Deadline.Kind.DECISION)
    assert timezone.localtime(first.due).isoformat() == "2024-11-28T23:59:59+07:00"
    case = services.extend_deadline(case, handler, reason="Meminta keterangan tambahan dari pelapor")
    extended = case.deadlines.get(kind=Deadline.Kind.DECISION, superseded=False)
    assert timezone.localtime(extended.due).isoformat() == "2024-11-30T23:59:59+07:00" and extended.extended
    with pytest.raises(services.NotAllowed, match="sudah pernah"):
        services.extend_deadline(case, handler, reason="lagi")
