"""Synthetic Pilkada data for the dashboard benchmark and tests: content items, reports, findings, cases,
decisions, deadlines, referrals and near-duplicate groups spread over Jambi's 11 kab/kota and 144 kecamatan,
from before the campaign to after voting day, denser in the last campaign weeks, the quiet period and on
voting day.

Rows go straight into the real models' tables (COPY on PostgreSQL, bulk_create elsewhere): this is bench and test
data, not an application path. Deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

START = dt.date(2024, 9, 10)
END = dt.date(2024, 12, 5)
CAMPAIGN = (dt.date(2024, 9, 25), dt.date(2024, 11, 23))
QUIET = (dt.date(2024, 11, 24), dt.date(2024, 11, 26))
VOTING = dt.date(2024, 11, 27)
LABELS = ("politik_uang", "netralitas", "sara", "kampanye_hitam", "hasutan", "kata_kasar")
REPORT_CATEGORIES = ("politik_uang", "netralitas", "sara", "kampanye_hitam", "hasutan", "di_luar_jadwal",
                     "fasilitas", "apk", "pemungutan", "lainnya")
PLATFORMS = ("facebook", "tiktok", "whatsapp", "instagram", "twitter", "youtube", "telegram", "rss")
DECISIONS = ("administrasi", "kode_etik", "pidana", "hukum_lainnya", "bukan_pelanggaran")
INSTITUTIONS = ("polri", "bkn", "kpu", "pemda", "dkpp", "komdigi")
REFERRAL_STATUSES = ("dikirim", "diterima", "ada_hasil", "ditutup")


@dataclass
class Scale:
    content: int = 2000
    reports: int = 300
    findings: int = 60
    cases: int = 120
    groups: int = 40


def _day_weights() -> tuple[list[dt.date], list[float]]:
    days, weights = [], []
    day = START
    while day <= END:
        if day < CAMPAIGN[0]:
            weight = 0.3
        elif day <= CAMPAIGN[1]:
            weight = 1.0 + 2.0 * (day - CAMPAIGN[0]).days / (CAMPAIGN[1] - CAMPAIGN[0]).days
        elif day <= QUIET[1]:
            weight = 4.0
        elif day == VOTING:
            weight = 6.0
        else:
            weight = 1.0
        days.append(day)
        weights.append(weight)
        day += dt.timedelta(days=1)
    return days, weights


def _moment(rng: random.Random, day: dt.date) -> dt.datetime:
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(day, dt.time(rng.randint(6, 22), rng.randint(0, 59), rng.randint(0, 59)), tzinfo=tz)


def _bulk(model, rows: list[dict], batch: int = 5000) -> None:
    """Insert plain dicts into `model`'s table: COPY on PostgreSQL, bulk_create elsewhere."""
    if not rows:
        return
    if connection.vendor == "postgresql":
        fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.name == "id")]
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor:
            raw = cursor.cursor
            with raw.copy(f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    values = []
                    for f in fields:
                        value = row[f.attname] if f.attname in row else f.get_default()
                        if f.get_internal_type() == "JSONField":
                            value = None if value is None else json.dumps(value)
                        values.append(value)
                    copy.write_row(values)
        return
    model.objects.bulk_create([model(**row) for row in rows], batch_size=batch)


def _content_in_postgres(model, total, run, rng, days, weights, place, handles, handle_weights) -> None:
    """One million rows in seconds: PostgreSQL draws them with generate_series from pools sampled here with the
    same distributions as the Python path (days by election stage, places by voters, skewed accounts)."""
    pool = 4000
    day_pool = [d.isoformat() for d in rng.choices(days, weights, k=pool)]
    place_pool = [place(0.6) for _ in range(pool)]
    handle_pool = rng.choices(handles, handle_weights, k=pool)
    given = {
        "platform": "p.platforms[1 + floor(random() * %(n_platforms)s)::int]",
        "external_id": "'b' || %(run)s || '-' || g",
        "dedup_key": "'bench:b' || %(run)s || '-' || g",
        "content_hash": "md5(%(run)s || '-' || g) || md5(g::text || %(run)s)",
        "author_handle": "p.handles[1 + floor(random() * %(pool)s)::int]",
        "reach": "floor(random() * 5000)::int",
        "published_at": "((p.days[1 + floor(random() * %(pool)s)::int])::timestamp "
                        "+ make_interval(hours => 6 + floor(random() * 16)::int, mins => floor(random() * 60)::int))"
                        " AT TIME ZONE 'Asia/Jakarta'",
        "region_id": "p.places[1 + floor(random() * %(pool)s)::int]",
        "labels": "CASE WHEN random() < 0.12 THEN jsonb_build_array(p.labels[1 + floor(random() * 6)::int])"
                  " ELSE '[]'::jsonb END",
        "election_related": "true",
    }
    fields = [f for f in model._meta.concrete_fields if not (f.primary_key and f.name == "id")]
    columns, expressions, params = [], [], {
        "platforms": list(PLATFORMS), "n_platforms": len(PLATFORMS), "run": str(run), "handles": handle_pool,
        "pool": pool, "days": day_pool, "places": place_pool, "labels": list(LABELS)}
    for f in fields:
        columns.append(connection.ops.quote_name(f.column))
        if f.attname in given:
            expressions.append(given[f.attname])
        elif f.attname == "first_seen_at":
            expressions.append("now()")  # replaced below with published_at + a delay
        else:
            default = f.get_default()
            if f.get_internal_type() == "JSONField":
                default = None if default is None else json.dumps(default)
            params[f"d_{f.attname}"] = default
            cast = "::jsonb" if f.get_internal_type() == "JSONField" else ""
            expressions.append(f"%(d_{f.attname})s{cast}")
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(expressions)} "
                       f"FROM (SELECT %(platforms)s::text[] AS platforms, %(handles)s::text[] AS handles, %(days)s::date[] AS days, "
                       f"%(places)s::text[] AS places, %(labels)s::text[] AS labels) AS p, "
                       f"generate_series(1, %(total)s) AS g", {**params, "total": total})
        cursor.execute(f"UPDATE {table} SET first_seen_at = published_at + make_interval(mins => 1 + (id %% 600)::int) "
                       f"WHERE external_id LIKE %(prefix)s", {"prefix": f"b{run}-%"})


def generate(scale: Scale, seed: int = 2024, progress=print) -> dict:
    from pantau.accounts.models import User
    from pantau.cases.models import Case, Deadline, Decision, Finding, Referral
    from pantau.elections.models import Election
    from pantau.monitoring.models import ContentItem, NearDupGroup
    from pantau.partners.models import Organisation
    from pantau.regions.models import Region
    from pantau.reports.models import Report

    rng = random.Random(seed)  # noqa: S311 - synthetic data
    began = time.monotonic()
    election = Election.objects.get(slug="pilkada-2024-jambi")
    actor = User.objects.filter(is_superuser=True).first() or User.objects.create(
        username="bench.admin", is_superuser=True)
    kabupaten = list(Region.objects.filter(level="kabupaten", pk__startswith="15.").values_list("pk", "voters"))
    kab_codes = [code for code, _ in kabupaten]
    kab_weights = [voters or 100_000 for _, voters in kabupaten]
    kecamatan: dict[str, list[str]] = {}
    for code in Region.objects.filter(level="kecamatan", pk__startswith="15.").values_list("pk", flat=True):
        kecamatan.setdefault(code[:5], []).append(code)
    desa: dict[str, list[str]] = {}
    for code in Region.objects.filter(level="desa", pk__startswith="15.").values_list("pk", flat=True):
        desa.setdefault(code[:8], []).append(code)
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    days, weights = _day_weights()
    handles = [f"akun_{i:05d}" for i in range(max(50, scale.content // 200))]
    handle_weights = [1 / (i + 1) for i in range(len(handles))]  # a few accounts post a lot

    def place(fine: float = 0.8) -> str:
        kab = rng.choices(kab_codes, kab_weights)[0]
        if rng.random() > fine or kab not in kecamatan:
            return kab
        kec = rng.choice(kecamatan[kab])
        if desa.get(kec) and rng.random() < 0.5:
            return rng.choice(desa[kec])
        return kec

    counts = {}
    with transaction.atomic():
        # --- content items -------------------------------------------------------------------------------
        run = rng.randrange(10**9)
        if connection.vendor == "postgresql":
            _content_in_postgres(ContentItem, scale.content, run, rng, days, weights, place, handles, handle_weights)
            progress(f"  konten: {scale.content} (generate_series)")
        batch: list[dict] = []
        for n in range(scale.content if connection.vendor != "postgresql" else 0):
            day = rng.choices(days, weights)[0]
            published = _moment(rng, day)
            labels = rng.sample(LABELS, k=rng.choice((1, 1, 2))) if rng.random() < 0.12 else []
            platform = rng.choice(PLATFORMS)
            batch.append({
                "platform": platform, "external_id": f"b{run}-{n}", "dedup_key": f"{platform}:b{run}-{n}",
                "content_hash": hashlib.sha256(f"{run}-{n}".encode()).hexdigest(), "kind": "post",
                "text": "", "author_handle": rng.choices(handles, handle_weights)[0], "reach": rng.randint(0, 5000),
                "published_at": published, "first_seen_at": published + dt.timedelta(minutes=rng.randint(1, 600)),
                "region_id": place(0.6), "labels": labels, "election_related": True, "status": "new",
                "scores": {}, "evidence": [], "entities": {}, "watch_hits": [], "priority_parts": {}, "raw": {},
            })
            if len(batch) >= 20000:
                _bulk(ContentItem, batch)
                batch.clear()
                progress(f"  konten: {n + 1}/{scale.content}")
        _bulk(ContentItem, batch)
        counts["content"] = scale.content

        # --- near-duplicate groups -------------------------------------------------------------------------
        items = list(ContentItem.objects.filter(external_id__startswith=f"b{run}-").exclude(labels=[])
                     .values_list("pk", "region_id", "published_at")[: scale.groups])
        group_rows = []
        for pk, region_id, published in items:
            group_rows.append({
                "key": f"bench:{run}:group:{pk}",
                "first_seen_at": published, "last_seen_at": published + dt.timedelta(days=rng.randint(0, 6)),
                "item_count": rng.randint(2, 400), "representative_id": pk, "region_id": region_id[:5],
                "content_hash": hashlib.sha256(f"g{pk}".encode()).hexdigest(), "signature": b"\x00" * 8,
                "labels": [rng.choice(LABELS)],
            })
        _bulk(NearDupGroup, group_rows)
        counts["groups"] = len(group_rows)
        _fill_groups(run, rng)

        # --- reports -------------------------------------------------------------------------------------
        statuses = ["diterima", "kajian_awal", "tidak_diregistrasi", "diregistrasi", "jadi_temuan", "diputus",
                    "diteruskan", "selesai", "tidak_ditindaklanjuti"]
        rows = []
        for n in range(scale.reports):
            day = rng.choices(days, weights)[0]
            region = place(0.9)
            created = _moment(rng, day) + dt.timedelta(days=rng.randint(0, 3))
            category = rng.choice(REPORT_CATEGORIES)
            rows.append({
                "tracking_code": f"PTU-B{run % 10**6:06d}{n:07d}"[:20], "kind": rng.choice(("laporan", "laporan", "informasi")),
                "channel": rng.choice(("publik", "mitra", "petugas")), "status": rng.choice(statuses),
                "status_changed_at": created, "region_id": region, "event_date": day, "known_date": day,
                "description": "Laporan sintetis untuk uji dasbor.", "category_hint": category, "category": category,
                "office_region_id": region[:5], "organisation_id": rng.choice(organisations) if organisations and rng.random() < 0.3 else None,
                "created_at": created, "updated_at": created, "detection": {}, "requirements": {},
            })
        _bulk(Report, rows)
        counts["reports"] = scale.reports
        report_ids = list(Report.objects.filter(tracking_code__startswith=f"PTU-B{run % 10**6:06d}")
                          .values_list("pk", "region_id", "event_date"))

        # --- findings ------------------------------------------------------------------------------------
        rows = []
        for n in range(scale.findings):
            if report_ids and rng.random() < 0.4:
                pk, region, day = rng.choice(report_ids)
                origin = f"reports.Report:{pk}"
            else:
                day, region, origin = rng.choices(days, weights)[0], place(0.85), ""
            rows.append({"region_id": region, "election_id": election.pk, "source": rng.choice(
                ("pengawasan_siber", "laporan_pengawasan", "informasi_awal")), "title": f"Temuan sintetis {n}",
                "description": "Temuan sintetis.", "origin_ref": origin, "known_on": day,
                "created_by_id": actor.pk, "created_at": _moment(rng, day)})
        _bulk(Finding, rows)
        counts["findings"] = scale.findings
        finding_ids = list(Finding.objects.filter(title__startswith="Temuan sintetis")
                           .values_list("pk", "region_id", "known_on"))

        # --- cases, decisions, deadlines, referrals ---------------------------------------------------------
        rows = []
        for n in range(scale.cases):
            if finding_ids and rng.random() < 0.3:
                pk, region, day = rng.choice(finding_ids)
                origin = {"origin": "temuan", "finding_id": pk, "report_id": None}
            else:
                pk, region, day = rng.choice(report_ids)
                origin = {"origin": "laporan", "report_id": pk, "finding_id": None}
            received = _moment(rng, day) + dt.timedelta(days=rng.randint(0, 2))
            decided = received + dt.timedelta(days=rng.randint(1, 7)) if rng.random() < 0.7 else None
            rows.append({**origin, "title": f"Kasus sintetis {run}-{n}", "region_id": region,
                         "office_region_id": region[:5], "election_id": election.pk,
                         "state": "diputus" if decided else "kajian", "known_on": day, "received_at": received,
                         "decided_at": decided, "created_at": received, "updated_at": decided or received})
        _bulk(Case, rows)
        counts["cases"] = scale.cases
        cases = list(Case.objects.filter(title__startswith=f"Kasus sintetis {run}-").values_list(
            "pk", "received_at", "decided_at"))
        decisions, deadlines, referrals = [], [], []
        for pk, received, decided in cases:
            if not decided:
                continue
            decision_type = rng.choice(DECISIONS)
            decisions.append({"case_id": pk, "type": decision_type, "reasoning": "Sintetis.", "decided_at": decided,
                              "decided_by_id": actor.pk})
            due = received + dt.timedelta(days=5)
            deadlines.append({"case_id": pk, "kind": "putusan", "rule_id": "kajian_putusan", "start": received,
                              "due": due, "met_at": decided, "superseded": False})
            if decision_type != "bukan_pelanggaran":
                referrals.append({"case_id": pk, "institution": rng.choice(INSTITUTIONS),
                                  "status": rng.choice(REFERRAL_STATUSES), "sent_at": decided + dt.timedelta(days=1),
                                  "sent_by_id": actor.pk})
        _bulk(Decision, decisions)
        _bulk(Deadline, deadlines)
        _bulk(Referral, referrals)
        counts.update(decisions=len(decisions), deadlines=len(deadlines), referrals=len(referrals))
    counts["seconds"] = round(time.monotonic() - began, 1)
    return counts


def _fill_groups(run, rng) -> None:
    """Every fifth item of the run joins one of the run's groups, so the narratives panel counts real members
    (by the day they were posted); each group's item_count is then the true member count."""
    from django.db import connection

    from pantau.monitoring.models import ContentItem, NearDupGroup

    items_table = connection.ops.quote_name(ContentItem._meta.db_table)
    groups_table = connection.ops.quote_name(NearDupGroup._meta.db_table)
    prefix, key_prefix = f"b{run}-%", f"bench:{run}:group:%"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {items_table} i SET group_id = g.ids[1 + (i.id %% g.n)] "
                f"FROM (SELECT array_agg(id ORDER BY id) AS ids, count(*)::int AS n FROM {groups_table} "
                f"WHERE key LIKE %(key)s) g WHERE i.external_id LIKE %(prefix)s AND i.id %% 5 = 0 AND g.n > 0",
                {"key": key_prefix, "prefix": prefix})
        else:
            group_ids = list(NearDupGroup.objects.filter(key__startswith=f"bench:{run}:group:").values_list("pk", flat=True))
            members = ContentItem.objects.filter(external_id__startswith=f"b{run}-").values_list("pk", flat=True)
            if group_ids:
                cursor.executemany(f"UPDATE {items_table} SET group_id = %s WHERE id = %s",
                                   [(rng.choice(group_ids), pk) for pk in members if pk % 5 == 0])
        cursor.execute(f"UPDATE {groups_table} SET item_count = (SELECT COUNT(*) FROM {items_table} m "
                       f"WHERE m.group_id = {groups_table}.id) WHERE key LIKE %(key)s", {"key": key_prefix})
