"""Demo data for cyber monitoring: a few hundred posts across all 11 kabupaten/kota of Jambi during the
campaign, the quiet period and voting day, written as a platform export and run through the real pipeline
(importer → detection → watchlist → priority → near-duplicate groups → persisted items), then a few analyst
actions and two takedown requests. Accounts, candidates and stories are fictional."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from pantau.audit.context import acting_as

WIB = ZoneInfo("Asia/Jakarta")
KABKOTA = {
    "15.01": "Kerinci", "15.02": "Merangin", "15.03": "Sarolangun", "15.04": "Batanghari", "15.05": "Muaro Jambi",
    "15.06": "Tanjung Jabung Timur", "15.07": "Tanjung Jabung Barat", "15.08": "Tebo", "15.09": "Bungo",
    "15.71": "Kota Jambi", "15.72": "Sungai Penuh",
}
HOAXES = [
    "INFO A1!! Paslon nomor {n} ketahuan pakai ijazah palsu, KPU {place} tutup mata. Sebarkan sebelum dihapus!",
    "Warga {place} jangan kaget, surat suara di TPS {k} sudah dicoblos duluan untuk calon nomor {n}. Kawal!",
    "Calon nomor {n} itu antek asing, mau jual tanah adat {place}. Jangan mau dibohongi lagi!",
]
MONEY = [
    "Malam ini serangan fajar di {place}, amplop {k}0rb per kepala asal coblos nomor {n}. Ambo la dapat.",
    "Yang mau uang transport {k}0 ribu kumpul di posko nomor {n} {place} jam 8, bawa KTP.",
    "Token listrik gratis buat yang pilih nomor {n}, daftar ke pak RT {place}",
]
NEUTRALITY = [
    "Kepala desa di {place} ikut kampanye nomor {n} pakai baju dinas, ado fotonyo",
    "Camat {place} suruh perangkat desa arahkan warga pilih nomor {n}",
]
ABUSE = ["Dasar calon nomor {n} bodoh nian, dak becus urus {place}", "Bakar posko nomor {n} di {place} kalau kalah!"]
NEUTRAL = [
    "Bawaslu {place} ajak warga awasi politik uang, laporkan kalau ado amplop",
    "Debat kandidat semalam di {place} cukup seru, warga antusias",
    "Jalan ke {place} rusak lagi, semoga siapa pun yang menang peduli",
    "Harga cabai di pasar {place} naik jelang pilkada",
    "Petugas KPPS {place} siap bertugas 27 November, jangan lupa datang ke TPS",
    "Kopi pagi di {place} sambil bahas visi misi calon",
]
SLANG = [("serangan fajar", ["serfa", "srangan fajar"]), ("amplop", ["amplob", "ampop"]),
         ("ijazah palsu", ["ijasah palsu"]), ("uang transport", ["duit transport", "uang bensin"])]


def _stamp(rng, phase: str) -> datetime:
    if phase == "quiet":
        day = date(2024, 11, rng.choice([24, 25, 26]))
    elif phase == "voting":
        day = date(2024, 11, 27)
    else:
        day = date(2024, 9, 25) + timedelta(days=rng.randint(0, 57))
    return datetime.combine(day, time(rng.randint(5, 23), rng.randint(0, 59)), WIB)


def build_export(rng, count: int = 360) -> bytes:
    rows = []
    for n in range(count):
        code = rng.choice(list(KABKOTA))
        place = KABKOTA[code]
        phase = rng.choices(["campaign", "quiet", "voting"], [70, 20, 10])[0]
        kind = rng.choices(["hoax", "money", "neutral_actor", "abuse", "plain"], [22, 14, 7, 5, 52])[0]
        pool = {"hoax": HOAXES, "money": MONEY, "neutral_actor": NEUTRALITY, "abuse": ABUSE, "plain": NEUTRAL}[kind]
        template = pool[0] if kind == "hoax" and rng.random() < 0.5 else rng.choice(pool)
        text = template.format(n=rng.randint(1, 3), k=rng.randint(1, 9), place=place)
        if kind == "hoax" and rng.random() < 0.4:
            text += rng.choice([" 🙏", " #KawalPilkadaJambi", " (dari grup sebelah)"])
        stamp = _stamp(rng, phase)
        platform = rng.choice(["twitter", "facebook", "tiktok", "instagram"])
        handle = f"{rng.choice(['warga', 'info', 'suara', 'kabar', 'relawan'])}_{place.split()[-1].lower()}{rng.randint(1, 60)}"
        rows.append({
            "id": f"demo-{n}", "platform": platform, "username": handle, "text": text,
            "url": f"https://{'x.com' if platform == 'twitter' else platform + '.com'}/{handle}/posts/{900000 + n}",
            "created_at": stamp.isoformat(), "likes": rng.randint(0, 800), "shares": rng.randint(0, 300),
            "followers": rng.randint(50, 40000), "wilayah": code,
        })
    return "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode()


def load(ctx) -> None:
    from pantau.monitoring import services
    from pantau.monitoring.models import ContentItem, Source, TakedownRequest, WatchlistEntry
    from pantau.monitoring.tasks import extract_import_batch

    if ContentItem.objects.exists():
        return
    analyst = ctx.users["provinsi.analis"]
    rng = ctx.rng
    with acting_as(user=analyst):
        for term, variants in SLANG:
            if not WatchlistEntry.objects.filter(value=term).exists():
                services.add_watch(analyst, kind="keyword", value=term, variants=variants, region_code="15",
                                   note="kata kunci politik uang / hoaks (demo)")
        for name, url in (("Jambi Ekspres Fiktif", "https://jambiekspres.example/feed"),
                          ("Kerinci Today Fiktif", "https://kerincitoday.example/rss")):
            if not Source.objects.filter(name=name).exists():
                services.register_source(analyst, name=name, kind="rss", url=url, region_code="15")
        upload = Source.objects.get_or_create(name="Ekspor patroli siber (demo)", kind=Source.Kind.UPLOAD,
                                              defaults={"region_id": "15"})[0]
        batch = services.submit_import(
            analyst, data=build_export(rng), filename="patroli-siber-pilkada-2024.jsonl", fmt="jsonl",
            region_code="15", source=upload, enqueue=False,
            options={"mapping": {"text": "text", "external_id": "id", "author_handle": "username",
                                 "published_at": "created_at", "url": "url", "likes": "likes", "shares": "shares",
                                 "author_followers": "followers", "region_code": "wilayah", "platform": "platform"}},
        )
        extract_import_batch.delay(batch.pk)

        flagged = list(ContentItem.objects.filter(status=ContentItem.Status.FLAGGED).order_by("-priority"))
        for item in flagged[5:8]:
            services.review_labels(analyst, item, item.labels or ["politik_uang"], note="dicek analis (demo)")
        for item in ContentItem.objects.filter(text__startswith="Bawaslu", status=ContentItem.Status.FLAGGED)[:3]:
            services.dismiss(analyst, item, "Berita sosialisasi pengawasan, bukan pelanggaran.")
        hoaxes = [i for i in flagged if "ijazah palsu" in i.text][:4]
        money = [i for i in flagged if "amplop" in i.text or "serangan fajar" in i.text][:3]
        if hoaxes and not TakedownRequest.objects.exists():
            services.draft_takedown(analyst, hoaxes, addressee="komdigi",
                                    reason="Hoaks tentang ijazah paslon yang menyebar di banyak akun.")
        if money:
            t = services.draft_takedown(analyst, money, addressee="platform", platform=money[0].platform,
                                        reason="Ajakan politik uang pada masa kampanye/masa tenang.")
            services.mark_takedown_sent(analyst, t)
