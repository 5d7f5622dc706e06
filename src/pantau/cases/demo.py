"""Demo cases: every state, for Kota Jambi (15.71), Kerinci (15.01) and the province (governor race), with
referrals that are acknowledged, answered or overdue. Opened from the reports app's demo reports when there are
any, otherwise from findings. Everything goes through the services (audited); afterwards each scenario is
moved back in time by its age so that the deadlines show the whole range: safe, near, past. People are
fictional.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pantau.audit.context import acting_as

from . import services
from .models import Case, CaseDocument, CaseEvent, Deadline, Decision, Finding, Referral
from .tasks import escalate

# (label, steps, age in hours). Steps: action or "action:argument".
SCENARIOS = [
    ("baru diterima", [], 3),
    ("perlu dilengkapi", ["request_completion"], 30),
    ("tidak diregistrasi", ["reject_registration"], 120),
    ("diregistrasi", ["register"], 12),
    ("klarifikasi", ["register", "invite_clarification"], 60),
    ("kajian lewat tenggat", ["register", "start_review"], 100),
    ("diputus pidana, menunggu penerusan", ["register", "start_review", "decide:pidana"], 20),
    ("diteruskan ke polisi, diterima", ["register", "start_review", "decide:pidana", "refer:polri", "acknowledge"],
     72),
    ("diteruskan ke polisi, belum dikonfirmasi (lewat)", ["register", "start_review", "decide:pidana",
                                                         "refer:polri"], 24 * 25),
    ("diteruskan ke KPU, ada hasil", ["register", "start_review", "decide:administrasi", "refer:kpu", "outcome"],
     24 * 9),
    ("diteruskan ke BKN, tanpa jawaban", ["register", "start_review", "decide:hukum_lainnya", "refer:bkn"], 24 * 20),
    ("selesai", ["register", "start_review", "decide:pidana", "refer:polri", "acknowledge", "outcome", "close"],
     24 * 30),
    ("bukan pelanggaran, selesai", ["register", "start_review", "decide:bukan_pelanggaran", "close"], 24 * 6),
]

OFFICES = [
    # office, handler, places (in the office's area), race office
    ("15.71", "kotajambi.penanganan", ["15.71.01", "15.71.02", "15.71.03"], "wali_kota"),
    ("15.01", "kerinci.penanganan", ["15.01.01", "15.01.05", "15.01.09"], "bupati"),
    ("15", "provinsi.penanganan", ["15.71.04", "15.05", "15.04"], "gubernur"),
]

FINDING_TEXTS = [
    ("Pembagian sembako bergambar paslon", "Relawan membagikan paket sembako dengan stiker paslon kepada warga di "
     "depan balai kelurahan; pengawas kelurahan mendokumentasikan pembagian."),
    ("Kepala desa hadir di kampanye terbuka", "Kepala desa mengenakan atribut paslon dan berorasi pada kampanye "
     "terbuka di lapangan desa."),
    ("APK terpasang di pagar sekolah", "Baliho paslon terpasang di pagar SD negeri, bertentangan dengan larangan "
     "kampanye di tempat pendidikan."),
    ("Unggahan ASN mendukung paslon", "Akun media sosial seorang ASN dinas pendidikan mengunggah foto bersama "
     "paslon dengan pose jari nomor urut."),
    ("Uang transport peserta kampanye", "Peserta kampanye tatap muka menerima amplop berisi uang Rp50.000 "
     "setelah acara."),
    ("Konten fitnah terhadap paslon", "Akun anonim menyebarkan video suntingan yang menuduh paslon menerima suap; "
     "tautan dan tangkapan layar diarsipkan."),
]


def _reports_for(office_code: str):
    try:
        from pantau.reports.models import Report
    except ImportError:
        return []
    used = Case.objects.filter(report__isnull=False).values("report_id")
    return list(Report.objects.filter(office_region_id=office_code, kind="laporan", duplicate_of__isnull=True)
                .exclude(pk__in=used).order_by("created_at")[:20])


def _backdate(case: Case, hours: float) -> None:
    """Move a demo case's own timestamps back by `hours` (not the filing deadline, which counts from real
    dates, nor the receipt of a real demo report)."""
    if hours <= 0:
        return
    shift = dt.timedelta(hours=hours)
    fields = ["registered_at", "decided_at", "closed_at", "locked_at", "created_at", "updated_at"]
    if case.origin == Case.Origin.FINDING:
        fields.append("received_at")
    Case.objects.filter(pk=case.pk).update(**{f: F(f) - shift for f in fields})
    CaseEvent.objects.filter(case=case).exclude(action__startswith="open_case").update(at=F("at") - shift)
    CaseEvent.objects.filter(case=case, action__startswith="open_case").update(
        at=F("at") - (shift if case.origin == Case.Origin.FINDING else dt.timedelta(0)))
    Deadline.objects.filter(case=case).exclude(kind=Deadline.Kind.FILING).update(
        start=F("start") - shift, due=F("due") - shift, met_at=F("met_at") - shift)
    Referral.objects.filter(case=case).update(sent_at=F("sent_at") - shift, acknowledged_at=F("acknowledged_at") - shift,
                                              outcome_at=F("outcome_at") - shift, closed_at=F("closed_at") - shift)
    Decision.objects.filter(case=case).update(decided_at=F("decided_at") - shift)
    CaseDocument.objects.filter(case=case).update(created_at=F("created_at") - shift)


def _run_steps(case: Case, steps: list[str], handler, liaison, person: str) -> Case:
    for step in steps:
        action, _, argument = step.partition(":")
        if action == "request_completion":
            services.request_completion(case, handler, reason="Lampirkan foto/video kejadian dan nama saksi yang "
                                                              "melihat langsung.")
        elif action == "reject_registration":
            services.reject_registration(case, handler, reason="Laporan melewati 7 hari sejak kejadian diketahui "
                                                               "dan tidak memuat identitas terlapor.")
        elif action == "register":
            late = services.registration_lateness(case)
            services.register(case, handler, override_reason="Pleno memutuskan tetap diregistrasi: pelapor baru "
                                                             "mengetahui dari siaran ulang." if late else "")
        elif action == "invite_clarification":
            services.invite_clarification(case, handler, invitee=person, role="saksi",
                                          when=timezone.now() + dt.timedelta(days=1),
                                          place="Ruang klarifikasi kantor Bawaslu")
        elif action == "start_review":
            services.start_review(case, handler)
        elif action == "decide":
            services.decide(case, handler, decision_type=argument, reason={
                "pidana": "Unsur memberi uang untuk memengaruhi pemilih terpenuhi; dibahas bersama Sentra Gakkumdu.",
                "administrasi": "Pemasangan APK melanggar ketentuan lokasi kampanye.",
                "hukum_lainnya": "Keterlibatan ASN dalam kegiatan kampanye melanggar ketentuan netralitas ASN.",
                "bukan_pelanggaran": "Kegiatan merupakan acara keluarga tanpa unsur kampanye.",
            }.get(argument, "Hasil kajian."), articles={"pidana": "UU 10/2016 Ps 187A ayat (1)",
                                                         "hukum_lainnya": "UU 20/2023; PP 94/2021"}.get(argument, ""))
        elif action == "refer":
            services.refer(case, handler, institution=argument, reason="Diteruskan sesuai hasil kajian.")
        elif action == "acknowledge":
            services.acknowledge_referral(case.referrals.filter(institution="polri").latest("pk"), liaison,
                                          reason="Diterima piket Subdit Gakkumdu Ditreskrimum.")
        elif action == "outcome":
            referral = case.referrals.exclude(status__in=["ada_hasil", "ditutup"]).latest("pk")
            who = liaison if referral.institution == "polri" else handler
            services.record_referral_outcome(referral, who, reason={
                "polri": "Penyidikan selesai; berkas dinyatakan lengkap (P-21) dan dilimpahkan ke penuntut umum.",
                "kpu": "KPU menjatuhkan teguran tertulis dan memerintahkan penurunan APK.",
            }.get(referral.institution, "Instansi menyampaikan hasil tindak lanjut."))
        elif action == "close":
            services.close_case(case, handler, reason="Seluruh penerusan telah ada hasil.")
        case.refresh_from_db()
    return case


def _walk_in_report(handler, region_code: str, person: str, age: float):
    """A report recorded by staff at the office, through the reports service (None if it is not installed)."""
    try:
        from pantau.reports.services import ReportInvalid, submit_report
    except ImportError:
        return None
    received = timezone.now() - dt.timedelta(hours=age + 1)
    known = timezone.localtime(received).date() - dt.timedelta(days=1)
    data = {
        "kind": "laporan", "region": region_code, "kabupaten": region_code[:5], "event_date": known.isoformat(),
        "known_date": known.isoformat(), "category_hint": "politik_uang", "reported_name": "Koordinator relawan",
        "reported_role": "tim kampanye (fiktif)", "reporter_type": "pemilih", "reporter_name": person,
        "reporter_nik": "1571010101900002", "reporter_address": "Alamat fiktif", "reporter_phone": "080000000000",
        "declaration": "on",
        "description": "Warga didatangi relawan yang menawarkan uang Rp100.000 agar datang ke TPS dan memilih "
                       "paslon tertentu. Pelapor belum melampirkan bukti dan nama saksi.",
    }
    try:
        return submit_report(data, user=handler, received_at=received, notify=False)
    except ReportInvalid:
        return None


def load(ctx) -> None:
    if Case.objects.exists():
        return  # already loaded
    liaison = ctx.users["gakkumdu.polda"]
    now = timezone.now()
    with acting_as(label="demo"):
        for office, handler_name, places, race_office in OFFICES:
            handler = ctx.users[handler_name]
            reports = _reports_for(office)
            for index, (label, steps, age) in enumerate(SCENARIOS):
                person = ctx.person_name()
                with transaction.atomic():
                    report = reports.pop(0) if reports else None
                    if report is not None:
                        age = min(age, max(0.0, (now - report.created_at).total_seconds() / 3600 - 1))
                        case = services.open_case_from_report(report, handler, race_office=race_office)
                    else:
                        if "request_completion" in steps:
                            # Only a reporter can be asked to complete: record a walk-in report for it.
                            report = _walk_in_report(handler, places[0], person, age)
                            if report is None:
                                continue
                        if report is not None:
                            case = services.open_case_from_report(report, handler, race_office=race_office)
                            case = _run_steps(case, steps, handler, liaison, person)
                            _backdate(case, age)
                            continue
                        title, text = FINDING_TEXTS[index % len(FINDING_TEXTS)]
                        known = timezone.localdate() - dt.timedelta(hours=age + 24)
                        finding = services.create_finding(
                            handler, region=places[index % len(places)], title=title, description=text,
                            known_on=known, plenary_on=known, reported_party=f"{person} (fiktif)",
                            race_office=race_office, source=Finding.Source.SUPERVISION,
                            evidence_files=[(f"Dokumentasi pengawasan: {title}\nPengawas: {person}".encode(),
                                             "text/plain", "catatan-pengawasan.txt")])
                        case = services.open_case_from_finding(finding, handler, title=f"{title} ({label})")
                    case = _run_steps(case, steps, handler, liaison, person)
                    _backdate(case, age)
        escalate()
