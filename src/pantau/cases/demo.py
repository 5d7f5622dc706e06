"""Demo cases, in two layers. People are fictional. Everything goes through the services (audited).

**Live workflow** (Kota Jambi 15.71, Kerinci 15.01 and the province, governor race): one case in every state, with
referrals that are acknowledged, answered or overdue, opened from walk-in reports recorded now through the reports
service or from findings. Afterwards each scenario is moved back in time by its age (`_backdate`) so that the
time-left badges show the whole range (safe, near, past) and the Gakkumdu liaison has work; escalation runs once.

**Pilkada 2024 history** (every kabupaten/kota and the province, 25 Sep – early Dec 2024), built when the reports
demo has made its 2024 reports: most of the registrable reports become cases, some tips become findings, and every
office records findings of its own supervision. Each case goes through the procedure a real one would
(registration or refusal, requests to complete, clarification, review, decision, referral to the police,
prosecutor, KPU, BKN, the regional head or Komdigi, acknowledgement, outcome, closing), and every step runs *as
of* its 2024 moment: the services take that moment as "now" (`_as_of`), so deadlines, register numbers, letters,
decisions and referrals carry 2024 dates and compliance is computed by the rules themselves; rows that take
their time from the database clock (timeline events, documents, notifications, findings, the reports' status
history) are then moved to the same moment. Most decisions are within the legal limit, some are extended, some are
late; most referrals have an outcome, a few were closed or are still unanswered. Decision types follow the mix
Bawaslu Jambi reported (DOMAIN.md §3.5: mostly "other law" — ASN and village heads — and "not a violation").
The audit log and the evidence custody log keep the real time at which the demo was built.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pantau.accounts.models import Role
from pantau.audit.context import acting_as
from pantau.regions.models import Level, Region

from . import services
from .models import Case, CaseDocument, CaseEvent, Deadline, Decision, Finding, Notification, Referral
from .tasks import escalate

WIB = ZoneInfo("Asia/Jakarta")

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
# Live scenarios opened from a walk-in report (the others from a finding); a request to complete needs a reporter.
FROM_WALK_IN = {"perlu dilengkapi", "tidak diregistrasi", "klarifikasi", "diteruskan ke polisi, diterima",
                "diteruskan ke KPU, ada hasil"}

OFFICES = [
    # office, handler, places (in the office's area), race office
    ("15.71", "kotajambi.penanganan", ["15.71.01", "15.71.02", "15.71.03"], "wali_kota"),
    ("15.01", "kerinci.penanganan", ["15.01.01", "15.01.05", "15.01.09"], "bupati"),
    ("15", "provinsi.penanganan", ["15.71.04", "15.05", "15.04"], "gubernur"),
]

# (violation type, title, description) of the findings that open live cases.
FINDING_TEXTS = [
    ("politik_uang", "Pembagian sembako bergambar paslon", "Relawan membagikan paket sembako dengan stiker paslon kepada warga di "
     "depan balai kelurahan; pengawas kelurahan mendokumentasikan pembagian."),
    ("netralitas", "Kepala desa hadir di kampanye terbuka", "Kepala desa mengenakan atribut paslon dan berorasi pada kampanye "
     "terbuka di lapangan desa."),
    ("apk", "APK terpasang di pagar sekolah", "Baliho paslon terpasang di pagar SD negeri, bertentangan dengan larangan "
     "kampanye di tempat pendidikan."),
    ("netralitas", "Unggahan ASN mendukung paslon", "Akun media sosial seorang ASN dinas pendidikan mengunggah foto bersama "
     "paslon dengan pose jari nomor urut."),
    ("politik_uang", "Uang transport peserta kampanye", "Peserta kampanye tatap muka menerima amplop berisi uang Rp50.000 "
     "setelah acara."),
    ("kampanye_hitam", "Konten fitnah terhadap paslon", "Akun anonim menyebarkan video suntingan yang menuduh paslon menerima suap; "
     "tautan dan tangkapan layar diarsipkan."),
]

# What walk-in reporters tell the office (live layer): distinct stories, so they are not taken for duplicates.
WALK_IN_STORIES = [
    ("politik_uang", "Warga didatangi relawan yang menawarkan uang Rp100.000 agar datang ke TPS dan memilih paslon "
     "tertentu. Pelapor belum melampirkan bukti dan nama saksi."),
    ("netralitas", "Seorang guru ASN mengumumkan dukungan kepada paslon di rapat wali murid dan meminta orang tua "
     "siswa ikut memilihnya."),
    ("apk", "Baliho besar paslon dipasang di taman kota dan menutupi papan informasi pemerintah sejak dua hari lalu."),
    ("kampanye_hitam", "Selebaran tanpa nama pengirim yang menuduh paslon terlibat korupsi dana desa ditempel di "
     "pos ronda dan warung."),
    ("fasilitas", "Kendaraan dinas pemerintah daerah terlihat mengangkut kaus dan spanduk paslon ke posko relawan."),
]


# ---------------------------------------------------------------------------------------------------------------
# Live workflow layer
# ---------------------------------------------------------------------------------------------------------------

def _report_demo():
    """The reports app's demo helpers (dating status changes), or None when that app is not installed."""
    try:
        from pantau.reports import demo as report_demo  # noqa: PLC0415 - optional app
    except ImportError:
        return None
    return report_demo


def _backdate(case: Case, hours: float, history_after: int | None = None) -> None:
    """Move a demo case's own timestamps back by `hours` (not the filing deadline, which counts from real
    dates, nor the receipt of a report). `history_after`: the reports' status changes written after that row
    came from this case and move with it."""
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
    report_demo = _report_demo()
    if history_after is not None and report_demo is not None:
        report_demo.shift_history(history_after, hours)


def _run_steps(case: Case, steps: list[str], handler, liaison, person: str) -> Case:
    for step in steps:
        action, _, argument = step.partition(":")
        if action == "request_completion":
            services.request_completion(case, handler, reason="Lampirkan foto/video kejadian dan nama saksi yang "
                                                              "melihat langsung.")
        elif action == "reject_registration":
            services.reject_registration(case, handler, reason="Laporan tidak memenuhi syarat materiel: waktu dan "
                                                               "tempat kejadian tidak diuraikan dan terlapor tidak "
                                                               "disebutkan.")
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


def _walk_in_report(handler, region_code: str, person: str, age: float, story: tuple[str, str]):
    """A report recorded by staff at the office, through the reports service (None if it is not installed)."""
    try:
        from pantau.reports.services import ReportInvalid, submit_report  # noqa: PLC0415 - optional app
    except ImportError:
        return None
    category, text = story
    received = timezone.now() - dt.timedelta(hours=age + 1)
    known = timezone.localtime(received).date() - dt.timedelta(days=1)
    data = {
        "kind": "laporan", "region": region_code, "kabupaten": region_code[:5], "event_date": known.isoformat(),
        "known_date": known.isoformat(), "category_hint": category, "reported_name": "Koordinator relawan",
        "reported_role": "tim kampanye (fiktif)", "reporter_type": "pemilih", "reporter_name": person,
        "reporter_nik": "1571010101900002", "reporter_address": "Alamat fiktif", "reporter_phone": "080000000000",
        "declaration": "on", "description": text,
    }
    try:
        return submit_report(data, user=handler, received_at=received, notify=False)
    except ReportInvalid:
        return None


def _history_mark() -> int | None:
    report_demo = _report_demo()
    return report_demo.history_mark() if report_demo is not None else None


def _load_live(ctx, liaison) -> None:
    walk_ins = 0
    for _office, handler_name, places, race_office in OFFICES:
        handler = ctx.users[handler_name]
        for index, (label, steps, age) in enumerate(SCENARIOS):
            person = ctx.person_name()
            with transaction.atomic():
                mark = _history_mark()
                report = None
                if label in FROM_WALK_IN:
                    # The last place: each office's walk-ins in a different kab/kota (no duplicate links).
                    report = _walk_in_report(handler, places[-1], person, age,
                                             WALK_IN_STORIES[walk_ins % len(WALK_IN_STORIES)])
                    walk_ins += 1
                    if report is not None and report.duplicate_of_id:
                        report = None
                    if report is None and "request_completion" in steps:
                        continue  # only a reporter can be asked to complete
                if report is not None:
                    case = services.open_case_from_report(report, handler, race_office=race_office)
                else:
                    violation_type, title, text = FINDING_TEXTS[index % len(FINDING_TEXTS)]
                    known = timezone.localdate() - dt.timedelta(hours=age + 24)
                    finding = services.create_finding(
                        handler, region=places[index % len(places)], title=title, description=text,
                        known_on=known, plenary_on=known, reported_party=f"{person} (fiktif)",
                        race_office=race_office, source=Finding.Source.SUPERVISION, violation_type=violation_type,
                        evidence_files=[(f"Dokumentasi pengawasan: {title}\nPengawas: {person}".encode(),
                                         "text/plain", "catatan-pengawasan.txt")])
                    case = services.open_case_from_finding(finding, handler, title=f"{title} ({label})")
                case = _run_steps(case, steps, handler, liaison, person)
                _backdate(case, age, history_after=mark)


# ---------------------------------------------------------------------------------------------------------------
# Pilkada 2024 history
# ---------------------------------------------------------------------------------------------------------------

HISTORY_SEED = 2711  # its own random stream: the layer stays the same whatever the other demos draw
ELECTION_DAYS = (dt.date(2024, 9, 25), dt.date(2024, 11, 27))
CASE_SHARE = 0.8  # registrable reports that the offices opened as cases (the rest stayed with the analysts)
TIP_FINDING_SHARE = 0.35  # tips that supervisors turned into findings

# Supervision findings each office declared (office, place kab/kota, category, title, description, reported
# party, date known). Patterned on what Bawaslu Jambi reported in 2024 (DOMAIN.md §3.5); people are fictional.
SUPERVISION_FINDINGS = [
    ("15.72", "15.72", "netralitas", "Kepala dinas berpose mendukung paslon",
     "Foto kepala dinas Pemerintah Kota Sungai Penuh berpose dua jari bersama paslon wali kota nomor 2 beredar di "
     "media sosial; pengawas kelurahan mengarsipkan unggahan dan tangkapan layarnya.", "kepala dinas (ASN)",
     dt.date(2024, 10, 7)),
    ("15.72", "15.72", "netralitas", "ASN memakai twibbon paslon",
     "Tiga ASN di lingkungan pemerintah kota memasang bingkai foto (twibbon) paslon wali kota pada akun "
     "Facebook-nya selama masa kampanye.", "ASN pemerintah kota", dt.date(2024, 10, 15)),
    ("15.72", "15.72", "netralitas", "Kepala desa menyatakan dukungan terbuka",
     "Kepala desa menyatakan dukungan kepada paslon nomor 1 dalam rapat desa dan meminta warga memilihnya.",
     "kepala desa", dt.date(2024, 10, 21)),
    ("15.71", "15.71", "netralitas", "Lurah hadir di deklarasi relawan",
     "Lurah hadir dan memberi sambutan pada deklarasi relawan paslon wali kota di halaman rumah warga.",
     "lurah (ASN)", dt.date(2024, 10, 2)),
    ("15.71", "15.71", "apk", "APK di jembatan dan taman kota",
     "Pengawas kelurahan mencatat 14 baliho paslon di pagar jembatan dan taman kota, di luar titik yang "
     "ditetapkan KPU.", "tim kampanye paslon 3", dt.date(2024, 10, 29)),
    ("15.05", "15.05", "fasilitas", "Anak-anak dilibatkan dalam pawai kampanye",
     "Belasan anak usia sekolah membawa bendera paslon dalam pawai kampanye di jalan lintas kecamatan.",
     "ketua tim kampanye", dt.date(2024, 10, 19)),
    ("15.04", "15.04", "fasilitas", "Mobil dinas mengangkut logistik kampanye",
     "Mobil berpelat merah milik dinas kabupaten dipakai mengangkut kaus dan spanduk paslon ke posko relawan.",
     "sopir dinas kabupaten", dt.date(2024, 11, 4)),
    ("15.02", "15.02", "politik_uang", "Pembagian sembako bergambar paslon",
     "Relawan membagikan paket beras dan minyak goreng berstiker paslon bupati di depan balai desa; pengawas desa "
     "mendokumentasikan pembagian.", "relawan paslon 2", dt.date(2024, 11, 9)),
    ("15.03", "15.03", "apk", "APK terpasang di pagar sekolah",
     "Baliho paslon bupati terpasang di pagar SD negeri dan puskesmas pembantu.", "tim kampanye paslon 1",
     dt.date(2024, 10, 11)),
    ("15.06", "15.06", "politik_uang", "Uang transport peserta kampanye",
     "Peserta kampanye tatap muka menerima amplop berisi Rp50.000 setelah acara di gedung serbaguna desa.",
     "bendahara tim kampanye", dt.date(2024, 11, 16)),
    ("15.07", "15.07", "netralitas", "Perangkat desa menjadi tim kampanye",
     "Sekretaris desa tercatat dalam susunan tim kampanye tingkat kecamatan dan aktif membagikan alat peraga.",
     "sekretaris desa", dt.date(2024, 10, 24)),
    ("15.08", "15.08", "di_luar_jadwal", "Kampanye pada masa tenang",
     "Pada masa tenang relawan paslon bupati berkeliling membagikan brosur dan kalender dari rumah ke rumah.",
     "relawan paslon 2", dt.date(2024, 11, 25)),
    ("15.09", "15.09", "penyelenggara", "Anggota PPK di grup pemenangan",
     "Anggota PPK tercatat sebagai admin grup WhatsApp pemenangan paslon bupati dan membagikan materi kampanye.",
     "anggota PPK", dt.date(2024, 10, 30)),
    ("15.01", "15.01", "netralitas", "Camat hadir di kampanye paslon",
     "Camat hadir mengenakan seragam dinas dalam kampanye tatap muka paslon bupati dan ikut berfoto dengan pose "
     "nomor urut.", "camat (ASN)", dt.date(2024, 10, 16)),
    ("15", "15.71", "kampanye_hitam", "Hoaks tentang calon gubernur",
     "Akun anonim menyebarkan video suntingan yang menuduh calon gubernur nomor 1 menjual lahan adat; tautan dan "
     "tangkapan layar diarsipkan tim siber.", "akun anonim", dt.date(2024, 11, 12)),
    ("15", "15.05", "politik_uang", "Serangan fajar untuk calon gubernur",
     "Pagi hari pemungutan suara, pengawas TPS mendapati amplop berisi uang dan kartu bergambar calon gubernur "
     "dibagikan kepada pemilih.", "tim pemenangan calon gubernur", dt.date(2024, 11, 27)),
    ("15", "15.04", "netralitas", "Kepala OPD provinsi di kampanye calon gubernur",
     "Seorang kepala organisasi perangkat daerah provinsi berorasi dalam kampanye calon gubernur dan mengajak ASN "
     "memilihnya.", "kepala OPD provinsi (ASN)", dt.date(2024, 10, 27)),
]

DECISION_REASONS = {
    "pidana": [
        ("Unsur memberi uang atau materi lainnya untuk memengaruhi pemilih terpenuhi; disepakati pada pembahasan "
         "kedua Sentra Gakkumdu.", "UU 10/2016 Ps 73 ayat (1) jo. Ps 187A ayat (1)"),
    ],
    "pidana_konten": [
        ("Konten memuat hasutan dan fitnah terhadap pasangan calon; disepakati pada pembahasan kedua Sentra "
         "Gakkumdu.", "UU 1/2015 Ps 69 huruf b dan c jo. Ps 187 ayat (2)"),
    ],
    "administrasi": [
        ("Perbuatan melanggar tata cara kampanye yang diatur PKPU; direkomendasikan kepada KPU untuk ditindaklanjuti.",
         "UU 1/2015 Ps 69 huruf i; PKPU 13/2024"),
    ],
    "administrasi_tps": [
        ("Pemungutan suara tidak sesuai prosedur; direkomendasikan pemungutan suara ulang di TPS tersebut.",
         "UU 1/2015 Ps 112 ayat (2)"),
    ],
    "kode_etik": [
        ("Anggota badan ad hoc tidak netral; melanggar prinsip mandiri dan adil penyelenggara pemilihan.",
         "Peraturan DKPP 2/2017 Ps 8"),
    ],
    "hukum_lainnya": [
        ("ASN terlibat dalam kegiatan kampanye; melanggar asas netralitas ASN.", "UU 20/2023 Ps 24; PP 94/2021"),
    ],
    "hukum_lainnya_desa": [
        ("Kepala desa/perangkat desa membuat tindakan yang menguntungkan pasangan calon.",
         "UU 10/2016 Ps 71 ayat (1); UU 6/2014 Ps 29 huruf g"),
    ],
    "hukum_lainnya_konten": [
        ("Konten bermuatan fitnah dan SARA melanggar UU ITE; direkomendasikan pemutusan akses.", "UU 1/2024 Ps 28"),
    ],
    "bukan_pelanggaran": [
        ("Tidak ditemukan bukti pemberian uang; keterangan saksi tidak saling bersesuaian.", ""),
        ("Kegiatan merupakan acara keluarga tanpa unsur kampanye.", ""),
        ("Unsur tidak terpenuhi pada pembahasan Sentra Gakkumdu: terlapor bukan tim kampanye yang terdaftar.", ""),
        ("Terlapor tidak berstatus ASN, kepala desa maupun perangkat desa.", ""),
        ("Lokasi pemasangan termasuk titik yang ditetapkan KPU.", ""),
    ],
}

OUTCOMES = {
    "polri_p21": "Penyidikan selesai; berkas perkara dinyatakan lengkap (P-21) dan tersangka serta barang bukti "
                 "diserahkan ke penuntut umum.",
    "polri_sp3": "Penyidikan dihentikan (SP3): alat bukti tidak cukup.",
    "kejaksaan": "Perkara dilimpahkan ke Pengadilan Negeri; terdakwa dinyatakan bersalah, pidana penjara dengan masa "
                 "percobaan dan denda (fiktif).",
    "kpu": "KPU menindaklanjuti: alat peraga diturunkan dan tim kampanye diberi teguran tertulis.",
    "kpu_tps": "KPU kabupaten/kota melaksanakan pemungutan suara ulang di TPS tersebut.",
    "kpu_etik": "KPU kabupaten/kota memberhentikan anggota badan ad hoc yang bersangkutan.",
    "bkn": "BKN merekomendasikan hukuman disiplin sedang; pejabat pembina kepegawaian telah menjatuhkan sanksi.",
    "pemda": "Bupati/Wali Kota menjatuhkan sanksi teguran tertulis kepada kepala desa/perangkat desa.",
    "komdigi": "Akses terhadap konten telah diputus oleh platform atas permintaan Komdigi.",
}
CLOSED_REFERRALS = {
    "polri": "Dihentikan pada pembahasan ketiga Sentra Gakkumdu: alat bukti tidak cukup.",
    "pemda": "Tidak ada jawaban setelah dua kali surat; ditutup dan dicatat dalam evaluasi.",
}
# Time an institution took to answer: (on time, late) ranges in hours, from receipt (police) or sending.
ANSWER_HOURS = {
    "polri": ((24 * 5, 24 * 16), (24 * 24, 24 * 30)),  # 14 working days of investigation
    "kejaksaan": ((24 * 2, 24 * 5), (24 * 9, 24 * 12)),  # 5 working days
    "kpu": ((24 * 2, 24 * 6), (24 * 8, 24 * 11)),  # 7 days
    "bkn": ((24 * 5, 24 * 12), (24 * 16, 24 * 25)),  # internal follow-up, 14 days
    "pemda": ((24 * 4, 24 * 12), (24 * 16, 24 * 22)),
    "komdigi": ((4, 20), (30, 50)),  # 1 × 24 hours
}
ON_TIME_SHARE = 0.85
# Offices whose 2024 cases get their PDF letters (the offices with demo accounts). Elsewhere letters are skipped:
# WeasyPrint takes about 0.35 s a letter and the other offices' history would add about a minute to the build.
LETTER_OFFICES = {"15", "15.71", "15.01"}


def _race_office(office: str) -> str:
    if "." not in office:
        return "gubernur"
    return "wali_kota" if office in ("15.71", "15.72") else "bupati"


@contextmanager
def _as_of(at: dt.datetime, *, letters: bool = True):
    """Run service calls as if it were `at`: the services read "now" through `services._now`, so every time
    they stamp or count from (registration, decision, referral, deadlines, register number, letters) is `at`.
    Rows that take the database clock are moved to `at` afterwards: all rows written inside the block belong
    to this step (the demo runs alone, in one thread). `letters=False` skips rendering the PDF letters."""
    marks = {model: model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
             for model in (Case, CaseEvent, CaseDocument, Notification, Finding)}
    report_demo = _report_demo()
    history = report_demo.history_mark() if report_demo is not None else None
    real_now, real_letters = services._now, services.letters_enabled
    services._now = lambda: at
    if not letters:
        services.letters_enabled = lambda: False
    try:
        with transaction.atomic():
            yield
    finally:
        services._now, services.letters_enabled = real_now, real_letters
    Case.objects.filter(pk__gt=marks[Case]).update(created_at=at)
    CaseEvent.objects.filter(pk__gt=marks[CaseEvent]).update(at=at)
    CaseDocument.objects.filter(pk__gt=marks[CaseDocument]).update(created_at=at)
    Finding.objects.filter(pk__gt=marks[Finding]).update(created_at=at, updated_at=at)
    # Notices of 2024 were read back then; they are not today's work.
    Notification.objects.filter(pk__gt=marks[Notification]).update(created_at=at, read_at=at + dt.timedelta(hours=2))
    if history is not None:
        report_demo.redate_history(history, at)


class _History:
    """Builds the 2024 case history, one case at a time, each step on its own 2024 date."""

    def __init__(self, ctx, liaison):
        self.rng = random.Random(HISTORY_SEED)  # noqa: S311 - demo data
        self.ctx = ctx
        self.liaison = liaison
        self.handlers = {u.jurisdiction_id: u for u in ctx.users.values()
                         if u.role == Role.HANDLER and u.jurisdiction_id}
        self.letters = True  # for the case being built (see LETTER_OFFICES)

    # --- helpers ------------------------------------------------------------------------------------------------

    def handler_for(self, office: str):
        """The office's own handler; offices without a demo account are handled here by the province's."""
        return self.handlers.get(office) or self.handlers["15"]

    def hours(self, low: float, high: float) -> dt.timedelta:
        return dt.timedelta(hours=self.rng.uniform(low, high))

    def at(self, when: dt.datetime, call: Callable):
        with _as_of(when, letters=self.letters):
            return call()

    def person(self) -> str:
        return f"{self.rng.choice(['Andi', 'Rudi', 'Sari', 'Tono', 'Lia', 'Mira', 'Hadi', 'Intan'])} " \
               f"{self.rng.choice(['Pratama', 'Lestari', 'Siregar', 'Harahap', 'Kusuma', 'Nugroho'])}"

    def plan(self, category: str, role: str, online: bool) -> tuple[str, str, list[str]]:
        """(decision type, reason key, institutions) for a case about `category`, as Jambi's offices decided
        in 2024: most ASN/village matters "other law", many money-politics reports not proven."""
        roll = self.rng.random()
        role = (role or "").lower()
        village = any(word in role for word in ("kepala desa", "perangkat desa", "sekretaris desa", "ketua rt"))
        if category == "politik_uang":
            # Few reach Gakkumdu's third meeting: most lack evidence or witnesses who will testify.
            return ("pidana", "pidana", ["polri"]) if roll < 0.3 else ("bukan_pelanggaran", "bukan_pelanggaran", [])
        if category == "netralitas":
            if roll < 0.78:
                return ("hukum_lainnya", "hukum_lainnya_desa", ["pemda"]) if village else (
                    "hukum_lainnya", "hukum_lainnya", ["bkn"])
            return "bukan_pelanggaran", "bukan_pelanggaran", []
        if category in ("sara", "hasutan", "kampanye_hitam"):
            if roll < 0.2:
                return "pidana", "pidana_konten", ["polri", "komdigi"] if online else ["polri"]
            if roll < 0.7:
                return "hukum_lainnya", "hukum_lainnya_konten", ["komdigi"]
            return "bukan_pelanggaran", "bukan_pelanggaran", []
        if category == "pemungutan":
            return "administrasi", "administrasi_tps", ["kpu"]
        if category == "penyelenggara":
            return ("kode_etik", "kode_etik", ["kpu"]) if roll < 0.85 else (
                "bukan_pelanggaran", "bukan_pelanggaran", [])
        if category in ("apk", "fasilitas", "di_luar_jadwal"):
            return ("administrasi", "administrasi", ["kpu"]) if roll < 0.65 else (
                "bukan_pelanggaran", "bukan_pelanggaran", [])
        return ("bukan_pelanggaran", "bukan_pelanggaran", []) if roll < 0.85 else (
            "administrasi", "administrasi", ["kpu"])

    # --- opening ------------------------------------------------------------------------------------------------

    def from_report(self, report) -> None:
        office = report.office_region_id
        handler = self.handler_for(office)
        self.letters = office in LETTER_OFFICES
        opened = max(report.created_at + self.hours(2, 26), report.status_changed_at + self.hours(1, 4))
        case = self.at(opened, lambda: services.open_case_from_report(report, handler,
                                                                      race_office=_race_office(office)))
        if not report.registrable:
            self.at(opened + self.hours(18, 40), lambda: services.reject_registration(
                case, handler, reason="Laporan disampaikan melewati 7 hari sejak kejadian diketahui "
                                      "(UU 10/2016 Ps 134 ayat (4))."))
            return
        roll = self.rng.random()
        if roll < 0.16:
            asked = opened + self.hours(1, 5)
            self.at(asked, lambda: services.request_completion(
                case, handler, reason="Lampirkan bukti (foto/video/tangkapan layar) dan nama saksi yang melihat "
                                      "langsung."))
            if roll < 0.08:
                self.at(asked + self.hours(50, 72), lambda: services.reject_registration(
                    case, handler, reason="Pelapor tidak melengkapi syarat materiel dalam 2 × 24 jam."))
                return
            registered = asked + self.hours(8, 40)
        else:
            registered = opened + self.hours(2, 28)
        category = report.category or report.category_hint
        online = report.attachments.exclude(url="").exists() or category in ("kampanye_hitam", "sara", "hasutan")
        urls = list(report.attachments.exclude(url="").values_list("url", flat=True)[:3])
        self.examine(case, handler, registered, category, report.reported_role, online, urls)

    def from_finding(self, finding, category: str, role: str, opened: dt.datetime) -> None:
        office = services.office_for(finding.region, finding.race).code
        handler = self.handler_for(office)
        self.letters = office in LETTER_OFFICES
        case = self.at(opened, lambda: services.open_case_from_finding(finding, handler))
        online = category in ("kampanye_hitam", "sara", "hasutan")
        self.examine(case, handler, opened + self.hours(3, 22), category, role, online, [])

    # --- registration to closing --------------------------------------------------------------------------------

    def examine(self, case, handler, registered: dt.datetime, category: str, role: str, online: bool,
                urls: list[str]) -> None:
        late = services.registration_lateness(case, registered)
        self.at(registered, lambda: services.register(
            case, handler, override_reason="Pleno tetap meregistrasi: temuan ditetapkan setelah klarifikasi "
                                           "pengawas desa." if late else ""))
        row = case.deadlines.filter(kind=Deadline.Kind.DECISION, superseded=False).first()
        due = row.due if row is not None and row.due else registered + dt.timedelta(days=3)
        roll = self.rng.random()
        extend = 0.74 <= roll < 0.86
        if roll < 0.74:  # within the 3 days
            decided = registered + (due - registered) * self.rng.uniform(0.35, 0.95)
        elif extend:  # more information requested: +2 days, decided within them
            decided = due + self.hours(4, 40)
        else:  # past the limit
            decided = due + self.hours(6, 60)
        span = decided - registered
        if self.rng.random() < 0.4:
            invited = registered + span * 0.15
            self.at(invited, lambda: services.invite_clarification(
                case, handler, invitee=self.person(), role=self.rng.choice(["pelapor", "saksi", "terlapor"]),
                when=invited + span * 0.2, place=f"Kantor {services.office_label(case.office_region)}"))
        self.at(registered + span * 0.45, lambda: services.start_review(case, handler))
        if extend:
            self.at(registered + (due - registered) * 0.85, lambda: services.extend_deadline(
                case, handler, reason="Keterangan tambahan dari saksi dan dokumen dinas masih ditunggu."))
        decision_type, reason_key, institutions = self.plan(category, role, online)
        reason, articles = self.rng.choice(DECISION_REASONS[reason_key])
        self.at(decided, lambda: services.decide(case, handler, decision_type=decision_type, reason=reason,
                                                 articles=articles))
        if not institutions:
            self.at(decided + self.hours(2, 30), lambda: services.close_case(
                case, handler, reason="Bukan pelanggaran; pelapor telah diberi tahu."))
            return
        self.follow_up(case, handler, decided, reason_key, institutions, urls)

    def answer_after(self, institution: str) -> dt.timedelta:
        on_time, late = ANSWER_HOURS[institution]
        low, high = on_time if self.rng.random() < ON_TIME_SHARE else late
        return self.hours(low, high)

    def follow_up(self, case, handler, decided, reason_key: str, institutions: list[str], urls: list[str]) -> None:
        """Referrals, the institutions' answers and closing, in date order."""
        steps: list[tuple[dt.datetime, Callable]] = []
        finished: list[dt.datetime] = []
        open_left = False

        def referral(institution):
            return case.referrals.filter(institution=institution).latest("pk")

        sent = decided
        for institution in institutions:
            if institution == "polri":  # 1 × 24 hours after the decision
                sent = decided + (self.hours(2, 20) if self.rng.random() < ON_TIME_SHARE else self.hours(27, 40))
            else:
                sent = sent + self.hours(1, 30)
            steps.append((sent, lambda i=institution: services.refer(
                case, handler, institution=i, reason="Diteruskan sesuai hasil kajian dan pembahasan pleno.",
                takedown_urls=(urls or [f"https://facebook.com/demo.fiktif/posts/{case.pk}"]) if i == "komdigi"
                else None)))
            if institution == "polri":
                received = sent + self.hours(1, 10)
                steps.append((received, lambda: services.acknowledge_referral(
                    referral("polri"), self.liaison, reason="Diterima piket Subdit Gakkumdu Ditreskrimum.")))
                roll = self.rng.random()
                answered = received + self.answer_after("polri")
                if roll < 0.15:
                    answered = received + self.hours(24 * 3, 24 * 8)
                    steps.append((answered, lambda: services.close_referral(
                        referral("polri"), handler, reason=CLOSED_REFERRALS["polri"])))
                    finished.append(answered)
                    continue
                charged = roll < 0.6
                steps.append((answered, lambda c=charged: services.record_referral_outcome(
                    referral("polri"), self.liaison, reason=OUTCOMES["polri_p21" if c else "polri_sp3"])))
                if charged:  # the prosecutor takes the file; Bawaslu follows the prosecution
                    to_court = answered + self.hours(24, 72)
                    steps.append((to_court, lambda: services.refer(
                        case, handler, institution="kejaksaan",
                        reason="Berkas P-21; penuntutan dipantau bersama Sentra Gakkumdu.")))
                    verdict = to_court + self.answer_after("kejaksaan")
                    steps.append((verdict, lambda: services.record_referral_outcome(
                        referral("kejaksaan"), handler, reason=OUTCOMES["kejaksaan"])))
                    finished.append(verdict)
                else:
                    finished.append(answered)
                continue
            roll = self.rng.random()
            if institution == "bkn" and roll < 0.25:
                open_left = True  # BKN has not answered yet: the case stays referred
                continue
            answered = sent + self.answer_after(institution)
            if institution == "pemda" and roll < 0.2:
                steps.append((answered, lambda: services.close_referral(
                    referral("pemda"), handler, reason=CLOSED_REFERRALS["pemda"])))
            else:
                key = {"administrasi_tps": "kpu_tps", "kode_etik": "kpu_etik"}.get(reason_key, institution)
                steps.append((answered, lambda i=institution, k=key: services.record_referral_outcome(
                    referral(i), handler, reason=OUTCOMES[k])))
            finished.append(answered)
        if not open_left:
            steps.append((max(finished) + self.hours(6, 48), lambda: services.close_case(
                case, handler, reason="Seluruh penerusan telah ada hasil atau ditutup dengan alasan.")))
        for when, call in sorted(steps, key=lambda step: step[0]):
            self.at(when, call)

    # --- the whole layer ----------------------------------------------------------------------------------------

    def build(self) -> None:
        from pantau.reports.models import Kind, Report, Status  # noqa: PLC0415 - only with the reports app

        waiting = (Report.objects.filter(duplicate_of__isnull=True, status__in=[Status.RECEIVED, Status.IN_REVIEW],
                                         created_at__date__lte=ELECTION_DAYS[1] + dt.timedelta(days=7))
                   .select_related("region", "office_region").order_by("created_at", "pk"))
        for report in waiting.filter(kind=Kind.REPORT):
            if self.rng.random() < CASE_SHARE:
                self.from_report(report)
        for tip in waiting.filter(kind=Kind.TIP, spam_suspected=False):
            if self.rng.random() >= TIP_FINDING_SHARE or tip.days_to_file() > 4:
                continue
            handler = self.handler_for(tip.office_region_id)
            set_on = tip.created_at + self.hours(20, 60)
            finding = self.at(set_on, lambda t=tip, h=handler: services.finding_from_tip(t, h))
            if self.rng.random() < 0.7:
                finding.refresh_from_db()
                self.from_finding(finding, tip.category or tip.category_hint, tip.reported_role,
                                  set_on + self.hours(2, 20))
        for office, kab, category, title, text, role, known in SUPERVISION_FINDINGS:
            place = (Region.objects.filter(code__startswith=kab + ".", level=Level.KECAMATAN)
                     .order_by("code").values_list("code", flat=True))
            places = list(place)
            region = places[self.rng.randrange(len(places))] if places else kab
            plenary = known + dt.timedelta(days=self.rng.randint(0, 2))
            set_on = dt.datetime.combine(plenary, dt.time(14, 0), tzinfo=WIB)
            handler = self.handler_for(office)
            finding = self.at(set_on, lambda h=handler, r=region, t=title, d=text, p=role, k=known, pl=plenary,
                              o=office, c=category: services.create_finding(
                h, region=r, title=t, description=d, known_on=k, plenary_on=pl, reported_party=f"{p} (fiktif)",
                race_office=_race_office(o), source=Finding.Source.SUPERVISION, violation_type=c,
                evidence_files=[(f"Form A hasil pengawasan: {t}\nTanggal diketahui: {k:%d-%m-%Y}".encode(),
                                 "text/plain", "form-a-hasil-pengawasan.txt")]))
            if known < ELECTION_DAYS[1] or self.rng.random() < 0.5:
                self.from_finding(finding, category, role, set_on + self.hours(1, 5))


def _has_2024_reports() -> bool:
    try:
        from pantau.reports.models import Report  # noqa: PLC0415 - optional app
    except ImportError:
        return False
    return Report.objects.filter(event_date__range=ELECTION_DAYS).exists()


def load(ctx) -> None:
    if Case.objects.exists():
        return  # already loaded
    liaison = ctx.users["gakkumdu.polda"]
    with acting_as(label="demo"):
        if _has_2024_reports():
            _History(ctx, liaison).build()
        _load_live(ctx, liaison)
        escalate()
