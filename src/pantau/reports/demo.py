"""Demo reports: ~100 laporan and informasi awal across all 11 kabupaten/kota, over the campaign (25 Sep – 23 Nov
2024), the quiet period (24–26 Nov) and voting day (27 Nov), from the public and from partner monitors.

Every person, candidate and team below is fictional. Reports go through ``services.submit_report`` (the same path
as the public form), dated with ``received_at``. Every story (so every violation type) is used at least once before
the rest are drawn at random, and every kabupaten/kota gets reports in proportion to its size. Partner reports come
from monitors of every demo organisation: members who submit through Pantau get a partner-monitor account (no
password: they are data, not demo logins). A few reports were recorded by office staff (walk-ins). Statuses stay
where intake leaves them (mostly "diterima" and "dalam kajian awal"): registration, decisions and referrals are the
cases app's to make (its demo opens cases from these reports, and dates each status change with
``redate_history``). A few are late (not registrable), some are copies of each other (linked as duplicates, one
merged), three are spam, and some carry a photo with GPS EXIF so the public copy without location can be seen.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q

from pantau.regions.models import Level, Region

WIB = ZoneInfo("Asia/Jakarta")
CAMPAIGN = (date(2024, 9, 25), date(2024, 11, 23))
QUIET = (date(2024, 11, 24), date(2024, 11, 26))
VOTING = date(2024, 11, 27)

# kabupaten/kota: weight (reports are denser where more voters live)
KABUPATEN = {"15.71": 16, "15.05": 9, "15.01": 9, "15.02": 8, "15.04": 7, "15.08": 8, "15.09": 7, "15.03": 6,
             "15.06": 7, "15.07": 6, "15.72": 5}

# (category, kind-of-period, description template, reported name, reported role). {desa}, {n}, {p}, {name} filled in.
STORIES = [
    ("politik_uang", "any", "Tim pemenangan paslon nomor {p} membagikan amplop berisi Rp{n}.000 kepada warga di {desa} "
     "dengan pesan agar memilih nomor {p}. Warga diminta menyerahkan fotokopi KTP.", "{name}", "koordinator tim pemenangan"),
    ("politik_uang", "any", "Ada pembagian sembako (beras 5 kg, minyak goreng, gula) di rumah ketua RT di {desa}. "
     "Yang datang diminta berjanji mencoblos paslon nomor {p}.", "{name}", "ketua RT, relawan paslon"),
    ("politik_uang", "quiet", "Malam masa tenang, orang tak dikenal mendatangi rumah-rumah di {desa} membagikan "
     "'uang transport' Rp{n}.000 per kepala keluarga untuk memilih nomor {p} besok.", "", "orang tak dikenal"),
    ("politik_uang", "vote", "Pagi hari pemungutan suara ada serangan fajar di {desa}: amplop Rp{n}.000 dibagikan "
     "sebelum warga berangkat ke TPS, disertai kartu bergambar paslon nomor {p}.", "{name}", "tim sukses paslon {p}"),
    ("politik_uang", "any", "Di grup WhatsApp warga {desa} ada pesan: kirim nomor DANA kamu, nanti ditransfer "
     "Rp{n}.000 kalau coblos paslon nomor {p}. Tangkapan layar terlampir.", "{name}", "admin grup WhatsApp"),
    ("netralitas", "any", "Kepala desa {desa} mengajak warga memilih paslon nomor {p} saat pembagian BLT di kantor "
     "desa. Ucapannya direkam warga.", "{name}", "kepala desa"),
    ("netralitas", "any", "Seorang ASN dinas pendidikan kabupaten berfoto dengan pose {p} jari bersama calon bupati "
     "di acara kampanye di {desa}, lalu mengunggahnya ke Facebook.", "{name}", "ASN dinas pendidikan"),
    ("netralitas", "any", "Camat hadir dan berpidato di deklarasi relawan paslon nomor {p} di balai {desa}, "
     "mengenakan seragam dinas.", "{name}", "camat"),
    ("netralitas", "any", "Perangkat desa {desa} membagikan kalender bergambar paslon nomor {p} dari rumah ke rumah "
     "pada jam kerja.", "{name}", "sekretaris desa"),
    ("netralitas", "any", "Guru honorer sekolah dasar di {desa} mengarahkan wali murid dalam rapat komite untuk "
     "memilih paslon nomor {p}.", "{name}", "guru (ASN PPPK)"),
    ("sara", "any", "Dalam pengajian di {desa}, penceramah mengatakan haram memilih calon yang tidak seiman dan "
     "menyebut paslon nomor {p} sebagai calon pendatang yang bukan putra daerah.", "{name}", "penceramah"),
    ("sara", "any", "Spanduk di simpang jalan {desa} bertuliskan ajakan jangan pilih calon yang bukan orang "
     "Melayu Jambi. Spanduk tanpa identitas pemasang.", "", "tidak diketahui"),
    ("kampanye_hitam", "any", "Akun Facebook anonim menyebarkan tuduhan bahwa calon nomor {p} terlibat judi online "
     "dan narkoba, tanpa bukti. Postingan dibagikan ratusan kali oleh warga {desa}.", "akun 'Suara Rakyat Jambi'",
     "akun media sosial anonim"),
    ("kampanye_hitam", "any", "Beredar surat edaran palsu mengatasnamakan KPU yang menyebut pemungutan suara diundur "
     "ke 28 November. Surat disebar di grup warga {desa}.", "", "tidak diketahui"),
    ("kampanye_hitam", "quiet", "Saat masa tenang, akun TikTok yang tidak terdaftar di KPU mengunggah video kampanye "
     "paslon nomor {p} dan ajakan memilih; video ditonton ribuan kali di {desa}.", "akun TikTok @jambi.maju.terus",
     "akun tidak terdaftar"),
    ("hasutan", "any", "Di grup Facebook warga {desa} ada ajakan mengepung kantor PPK jika paslon nomor {p} kalah, "
     "disertai kata-kata ancaman.", "{name}", "pemilik akun Facebook"),
    ("hasutan", "vote", "Sekelompok orang berkumpul di dekat TPS di {desa} dan mengintimidasi pemilih agar tidak "
     "memilih paslon nomor {p}.", "", "sekelompok orang"),
    ("fasilitas", "any", "Mobil dinas berpelat merah dipakai mengangkut atribut kampanye paslon nomor {p} ke {desa} "
     "pada hari kerja.", "{name}", "pejabat pemerintah kabupaten"),
    ("fasilitas", "any", "Kampanye paslon nomor {p} diadakan di halaman masjid di {desa} setelah salat Jumat, "
     "dengan pembagian stiker.", "{name}", "juru kampanye"),
    ("apk", "any", "Baliho paslon nomor {p} dipasang di pagar sekolah dasar dan di tiang listrik di {desa}, di luar "
     "lokasi yang ditetapkan KPU.", "", "tim kampanye paslon {p}"),
    ("di_luar_jadwal", "quiet", "Pada masa tenang masih ada kampanye dari rumah ke rumah di {desa} oleh relawan "
     "paslon nomor {p} yang membawa brosur.", "{name}", "relawan paslon"),
    ("pemungutan", "vote", "Di TPS {n} {desa}, KPPS membiarkan satu orang mencoblos lebih dari sekali dengan "
     "undangan milik orang lain.", "{name}", "anggota KPPS"),
    ("politik_uang", "any", "Relawan calon gubernur nomor {p} membagikan paket sembako bergambar cagub di {desa}, "
     "warga diminta mencoblos paslon gubernur nomor {p}.", "{name}", "relawan paslon gubernur"),
    ("netralitas", "any", "Kepala dinas pemerintah provinsi ikut berorasi di kampanye calon gubernur nomor {p} di "
     "{desa} dan mengajak ASN memilihnya.", "{name}", "kepala dinas provinsi (ASN)"),
    ("kampanye_hitam", "any", "Video suntingan yang menuduh calon gubernur nomor {p} menerima suap proyek jalan "
     "beredar di grup WhatsApp warga {desa}.", "", "akun WhatsApp tak dikenal"),
    ("penyelenggara", "any", "Anggota PPS {desa} terlihat aktif di grup pemenangan paslon nomor {p} dan membagikan "
     "konten kampanyenya.", "{name}", "anggota PPS"),
    ("penyelenggara", "vote", "Ketua KPPS TPS {n} {desa} memakai foto profil WhatsApp bersama paslon nomor {p} dan "
     "pagi ini mengarahkan pemilih lansia untuk mencoblos nomor {p}.", "{name}", "ketua KPPS"),
    ("pemungutan", "vote", "Di TPS {n} {desa} ditemukan beberapa surat suara sudah tercoblos untuk paslon nomor {p} "
     "sebelum pemungutan dimulai; saksi paslon lain menolak menandatangani berita acara.", "{name}", "anggota KPPS"),
    ("apk", "any", "Stiker dan spanduk paslon nomor {p} ditempel di angkutan umum dan pohon pelindung jalan di "
     "{desa}; sebagian menutupi rambu lalu lintas.", "", "tim kampanye paslon {p}"),
    ("fasilitas", "any", "Calon bupati nomor {p} membagikan bantuan dari program pemerintah daerah di aula kantor "
     "camat dekat {desa} sambil menyebut nomor urutnya.", "{name}", "calon petahana"),
    ("di_luar_jadwal", "any", "Sebelum jadwal kampanye rapat umum, paslon nomor {p} menggelar konser dan orasi di "
     "lapangan {desa} tanpa surat tanda terima pemberitahuan kampanye.", "{name}", "ketua tim kampanye"),
]

# Walk-ins recorded by office staff (channel "petugas"): (office, category, description).
WALK_INS = [
    ("15.71", "politik_uang", "Warga datang ke kantor Bawaslu membawa amplop berisi Rp100.000 dan kartu nama calon "
     "wali kota nomor 2 yang dibagikan di pengajian RT 07 kemarin malam."),
    ("15.01", "netralitas", "Pelapor datang ke kantor menyerahkan foto seorang kepala puskesmas (ASN) yang memakai "
     "kaus paslon bupati nomor 1 di acara senam pagi kampanye."),
    ("15", "kampanye_hitam", "Pelapor datang ke kantor Bawaslu Provinsi membawa selebaran tanpa identitas yang "
     "menuduh calon gubernur nomor 1 menjual lahan adat; selebaran disebar di pasar."),
    ("15.71", "fasilitas", "Pelapor datang ke kantor: aula kantor lurah dipakai untuk pertemuan relawan paslon "
     "wali kota nomor 1 pada jam kerja, dihadiri staf kelurahan."),
]

FIRST = ["Ahmad", "Rina", "Yusuf", "Maya", "Iwan", "Nurul", "Hendra", "Sari", "Fikri", "Lina", "Rahmat", "Dewi",
         "Agus", "Fitri", "Taufik", "Wulan", "Bayu", "Ratna", "Zainal", "Melati"]
LAST = ["Hasibuan", "Pratama", "Saputra", "Lestari", "Nasution", "Rahman", "Wijaya", "Kurnia", "Hidayat", "Putri",
        "Sembiring", "Siregar", "Syafitri", "Harahap", "Effendi"]


def _day(rng) -> date:
    roll = rng.random()
    if roll < 0.12:
        return QUIET[0] + timedelta(days=rng.randint(0, 2))
    if roll < 0.22:
        return VOTING
    span = (CAMPAIGN[1] - CAMPAIGN[0]).days
    # Denser towards the end of the campaign.
    return CAMPAIGN[0] + timedelta(days=int(span * (rng.random() ** 0.6)))


def _nik(rng, kab: str) -> str:
    day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
    return f"{kab.replace('.', '')}{rng.randint(1, 9):02d}{day:02d}{rng.randint(1, 12):02d}{rng.randint(60, 99):02d}{rng.randint(1, 9999):04d}"


def _photo(rng, lat: float, lng: float) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (640, 480), (rng.randint(90, 200), rng.randint(90, 200), rng.randint(90, 200)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x, y = rng.randint(0, 600), rng.randint(0, 440)
        draw.rectangle((x, y, x + rng.randint(20, 120), y + rng.randint(20, 90)),
                       fill=(rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)))
    draw.text((20, 20), "FOTO DEMO (fiktif)", fill=(255, 255, 255))
    exif = Image.Exif()
    exif[0x010F] = "DemoPhone"
    gps = exif.get_ifd(0x8825)

    def dms(value: float):
        value = abs(value)
        deg = int(value)
        minutes = int((value - deg) * 60)
        return (float(deg), float(minutes), round(((value - deg) * 60 - minutes) * 60, 2))

    gps[1], gps[2], gps[3], gps[4] = ("S" if lat < 0 else "N"), dms(lat), "E", dms(lng)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85, exif=exif)
    return out.getvalue()


def _upload(name: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def _partner_monitors(ctx) -> list:
    """Partner monitors who submit through Pantau: the demo's partner accounts, plus one or two members of every
    other demo organisation, given an account without a password (a Member has an account only if they submit
    through Pantau). Returns the partner accounts that send reports."""
    from pantau.accounts.models import Role, User
    from pantau.partners.models import Member

    monitors = [u for u in ctx.users.values() if getattr(u, "is_partner", False)]
    for index, org in enumerate(ctx.organisations):
        if any(u.organisation_id == org.pk for u in monitors if u.role == Role.PARTNER_MONITOR):
            continue
        members = list(Member.objects.filter(organisation=org, active=True, user__isnull=True).order_by("pk")[:2])
        for n, member in enumerate(members, start=1):
            username = f"pemantau.mitra{index + 1}.{n}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(username=username, first_name=member.name[:150], role=Role.PARTNER_MONITOR,
                            jurisdiction_id=member.region_id, organisation=org)
                user.set_unusable_password()
                user.save()
            Member.objects.filter(pk=member.pk).update(user=user)
            monitors.append(user)
    return monitors


def _partner_for(rng, monitors, kab: str):
    """A monitor working in that kabupaten/kota when there is one, else one whose organisation covers it."""
    local = [u for u in monitors if u.jurisdiction_id and (kab + ".").startswith(u.jurisdiction_id + ".")
             and u.jurisdiction_id != kab[:2]]
    return rng.choice(local or monitors)


def _story_order(rng) -> list[tuple]:
    """Every story once (shuffled), then random draws: every violation type appears."""
    first = list(STORIES)
    rng.shuffle(first)
    return first


def load(ctx) -> None:
    from . import services
    from .models import Report, Status

    if Report.objects.exists():
        return
    rng = ctx.rng
    partners = _partner_monitors(ctx)
    handlers = {u.jurisdiction_id: u for u in ctx.users.values() if u.role == "penanganan"}
    desa_by_kab = {
        kab: list(Region.objects.filter(Q(code__startswith=kab + "."), level=Level.DESA)
                  .values_list("code", "latitude", "longitude")[:400])
        for kab in KABUPATEN
    }
    seats = {code: (la, lo) for code, la, lo in Region.objects.filter(pk__in=list(KABUPATEN))
             .values_list("code", "latitude", "longitude") if la is not None}
    kabs = [k for k, w in KABUPATEN.items() for _ in range(w)]
    stories = _story_order(rng)
    made: list[Report] = []
    for i in range(96):
        kab = kabs[i % len(kabs)] if i < len(kabs) else rng.choice(kabs)
        category, period, template, reported, role = stories[i] if i < len(stories) else rng.choice(STORIES)
        if period == "quiet":
            day = QUIET[0] + timedelta(days=rng.randint(0, 2))
        elif period == "vote":
            day = VOTING
        else:
            day = _day(rng)
        places = desa_by_kab.get(kab) or [(kab, None, None)]
        code, lat, lng = rng.choice(places)
        desa = Region.objects.filter(pk=code).values_list("name", flat=True).first() or "desa setempat"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        text = template.format(desa=f"Desa/Kel. {desa}", n=rng.choice([20, 50, 100, 150, 200]), p=rng.randint(1, 3),
                               name=name)
        late = i % 16 == 5  # about one in sixteen is filed past the 7-day limit
        known = day + timedelta(days=rng.randint(0, 1)) if day < VOTING else day
        filed = known + timedelta(days=rng.randint(9, 13) if late else rng.randint(0, 3))
        filed = min(filed, date(2024, 12, 3))
        received = datetime.combine(filed, time(rng.randint(7, 21), rng.randint(0, 59)), tzinfo=WIB)
        tip = rng.random() < 0.3
        partner = None if not partners or rng.random() > (0.12 if tip else 0.3) else _partner_for(rng, partners, kab)
        data = {
            "kind": "informasi" if tip else "laporan",
            "region": code, "kabupaten": kab,
            "event_date": day.isoformat(), "known_date": known.isoformat(),
            "event_time": f"{rng.randint(6, 22):02d}:{rng.choice(['00', '15', '30', '45'])}",
            "place_detail": rng.choice(["", f"dekat TPS {rng.randint(1, 30):02d}", f"RT {rng.randint(1, 20):02d}",
                                        "balai desa", "pasar"]),
            "description": text, "category_hint": category if rng.random() < 0.8 else "lainnya",
            "reported_name": reported.format(name=f"{rng.choice(FIRST)} {rng.choice(LAST)}") if reported else "",
            "reported_role": role.format(p=rng.randint(1, 3)),
            "witnesses": "" if rng.random() < 0.4 else f"{rng.choice(FIRST)} {rng.choice(LAST)} (tetangga), 08{rng.randint(10**9, 10**10 - 1)}",
            "urls": f"https://facebook.com/demo.fiktif/posts/{rng.randint(10**6, 10**7)}" if category in (
                "kampanye_hitam", "hasutan", "sara") and rng.random() < 0.6 else "",
        }
        if not tip and partner is None:
            person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
            data.update({
                "reporter_type": rng.choice(["pemilih"] * 5 + ["pemantau", "peserta"]),
                "reporter_name": person, "reporter_nik": _nik(rng, kab),
                "reporter_address": f"RT {rng.randint(1, 20):02d}, Desa/Kel. {desa}",
                "reporter_phone": f"08{rng.choice(['12', '13', '21', '52', '77'])}{rng.randint(10**7, 10**8 - 1)}",
                "reporter_email": f"{person.split()[0].lower()}.{i}@contoh.id" if rng.random() < 0.5 else "",
                "declaration": "on",
            })
        if lat is None:
            lat, lng = seats.get(kab) or (-1.61, 103.61)
            lat, lng = lat + rng.uniform(-0.05, 0.05), lng + rng.uniform(-0.05, 0.05)
        files = []
        if rng.random() < 0.14:
            files = [_upload(f"IMG_{day:%Y%m%d}_{i:03d}.jpg", _photo(rng, lat, lng))]
        try:
            report = services.submit_report(data, files, user=partner, ip=f"10.15.{i // 200}.{i % 200 + 1}",
                                            received_at=received, notify=False)
        except services.ReportInvalid:
            continue
        made.append(report)

    # Walk-ins: reporters who came to the office; staff record the report on their behalf.
    for n, (office, category, text) in enumerate(WALK_INS):
        staff = handlers.get(office)
        places = desa_by_kab.get(office if office != "15" else "15.71")
        if staff is None or not places:
            continue
        code = places[(n * 37) % len(places)][0]
        day = date(2024, 10, 8) + timedelta(days=11 * n)
        person = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        try:
            made.append(services.submit_report({
                "kind": "laporan", "region": code, "kabupaten": code[:5], "event_date": day.isoformat(),
                "known_date": day.isoformat(), "description": text, "category_hint": category,
                "reported_name": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "reported_role": "terlapor (fiktif)",
                "reporter_type": "pemilih", "reporter_name": person, "reporter_nik": _nik(rng, code[:5]),
                "reporter_address": "Alamat fiktif", "reporter_phone": f"0812{rng.randint(10**7, 10**8 - 1)}",
                "declaration": "on",
            }, [], user=staff, received_at=datetime.combine(day + timedelta(days=1), time(10, 15), tzinfo=WIB),
                notify=False))
        except services.ReportInvalid:
            continue

    # Two reporters describing the same serangan fajar; the handler merges the second into the first.
    if made:
        base = next((r for r in made if r.category_hint == "politik_uang" and r.kind == "laporan"
                     and not r.duplicate_of_id), made[0])
        copy = {
            "kind": "laporan", "region": base.region_id, "event_date": base.event_date.isoformat(),
            "known_date": base.known_date.isoformat(), "description": base.description,
            "category_hint": base.category_hint, "reported_name": base.reported_name,
            "reported_role": base.reported_role, "reporter_type": "pemilih",
            "reporter_name": "Melati Syafitri", "reporter_nik": _nik(rng, base.region_id[:5]),
            "reporter_address": "RT 03 (fiktif)", "reporter_phone": "081377700011", "declaration": "on",
        }
        twin = services.submit_report(copy, [], ip="10.15.9.9", received_at=base.created_at + timedelta(hours=3),
                                      notify=False)
        handler = handlers.get(base.office_region_id) or handlers.get("15")
        if handler is not None and twin.pk != base.pk:
            mark = history_mark()
            services.link_duplicate(twin, base, handler, merge=True, reason="Kejadian yang sama (demo).")
            redate_history(mark, twin.created_at + timedelta(hours=20))
        made.append(twin)

    # Spam: the same nonsense text pasted from several addresses.
    spam_text = ("PROMO PULSA MURAH klik tautan ini untuk hadiah jutaan rupiah, tidak ada hubungannya dengan "
                 "pilkada sama sekali!!!")
    for n in range(3):
        spam = services.submit_report({
            "kind": "informasi", "region": "15.71", "event_date": "2024-11-10", "description": spam_text,
        }, [], ip=f"10.99.0.{n}", received_at=datetime(2024, 11, 10, 2, n, tzinfo=WIB), notify=False)
        services.update_status(spam, Status.REJECTED, "Bukan informasi dugaan pelanggaran pemilihan.",
                               handlers.get("15.71"), notify=False, at=spam.created_at + timedelta(hours=8))

    # Intake steps a handler takes before a case exists: most stay "diterima", many are "dalam kajian awal".
    for report in made:
        handler = handlers.get(report.office_region_id) or handlers.get("15")
        report.refresh_from_db(fields=["status", "duplicate_of"])
        if report.duplicate_of_id or report.status != Status.RECEIVED or report.created_at.date() > date(2024, 11, 29):
            continue
        if rng.random() < 0.35:
            services.update_status(report, Status.IN_REVIEW, "", handler, notify=False,
                                   at=report.created_at + timedelta(hours=rng.randint(2, 20)))


# --- dating status changes made by other apps' demo data ------------------------------------------------------
# The cases demo runs its services on 2024 dates; the status changes it causes here are stamped with the real
# clock (update_status without `at`). These put them on the date of the step that caused them.

def history_mark() -> int:
    """The newest status change so far (rows after it were written by the step that follows)."""
    from .models import StatusChange

    return StatusChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def redate_history(after: int, at: datetime) -> int:
    """Date every status change written after `after` (and the reports' current status time) at `at`."""
    from .models import DuplicateSuggestion, Report, StatusChange

    rows = StatusChange.objects.filter(pk__gt=after)
    report_ids = list(rows.values_list("report_id", flat=True).distinct())
    if not report_ids:
        return 0
    count = rows.update(at=at)
    Report.objects.filter(pk__in=report_ids).update(status_changed_at=at)
    DuplicateSuggestion.objects.filter(report_id__in=report_ids, decided_at__gt=at).update(decided_at=at)
    return count


def shift_history(after: int, hours: float) -> int:
    """Move status changes written after `after` back by `hours` (cases demo: live scenarios of various ages)."""
    from django.db.models import F

    from .models import Report, StatusChange

    rows = StatusChange.objects.filter(pk__gt=after)
    report_ids = list(rows.values_list("report_id", flat=True).distinct())
    count = rows.update(at=F("at") - timedelta(hours=hours))
    for report_id in report_ids:
        last = StatusChange.objects.filter(report_id=report_id).order_by("-at", "-pk").values_list("at", flat=True)
        Report.objects.filter(pk=report_id).update(status_changed_at=last[0])
    return count
