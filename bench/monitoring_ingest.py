"""Posts per second through the monitoring pipeline, end to end, against baselines measured in the same run.

    python bench/monitoring_ingest.py [--n 20000] [--chunk 1000] [--processes 1]

End to end = the JSONL importer parses the export, every post is analysed (pantau.detection when
installed, plus watchlist matching and priority), near-duplicates are grouped (MinHash LSH), and items,
groups and sightings are persisted in idempotent chunks. Measured twice: as `pantau import` runs without a
broker (`--processes` forked classify processes work ahead while the main process persists; the reported
end-to-end rate), and in one process (classify then persist, with each stage's own rate). Both runs must
store the same items and groups. Baselines on the same posts in the same run:

* bulk: plain `bulk_create` of the rows (no analysis, no grouping, no sightings);
* naive: one `INSERT` per post, no dedup (measured on a slice, rate extrapolated).

Runs on a temporary SQLite file; when DATABASE_URL is PostgreSQL, also on a dedicated database created and
dropped by this script. Prints one JSON line per database.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HOAXES = [
    "Beredar kabar paslon nomor {n} memakai ijazah palsu, KPU diam saja, sebarkan sebelum dihapus",
    "Besok subuh ada amplop {k}0rb per kepala di posko {place}, bawa KTP dan KK",
    "Kepala desa {place} wajib arahkan warga pilih nomor {n}, kalau tidak bantuan dicabut",
    "Awas surat suara sudah dicoblos duluan di TPS {k} {place}, kawal suara kito",
    "Jangan pilih calon {n}, antek asing yang mau jual tanah adat {place}",
]
PLACES = ["Kerinci", "Merangin", "Sarolangun", "Batanghari", "Muaro Jambi", "Tanjab Timur", "Tanjab Barat",
          "Tebo", "Bungo", "Kota Jambi", "Sungai Penuh"]
WORDS = ("pagi ini warga kampung ramai bicara soal pilkada harga cabai naik jalan rusak belum diperbaiki "
         "debat calon semalam seru pemuda karang taruna gotong royong pasar angso duo banjir sungai batanghari "
         "kopi sore di warung bang udin hujan deras listrik padam lagi anak sekolah libur panen sawit "
         "jembatan baru diresmikan dak ado yang peduli nian kito samo samo jago tps").split()


def make_export(n: int, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    lines = []
    for i in range(n):
        if rng.random() < 0.25:
            text = rng.choice(HOAXES).format(n=rng.randint(1, 4), k=rng.randint(1, 9), place=rng.choice(PLACES))
            if rng.random() < 0.5:
                text += rng.choice(["!!", " #kawalpilkada", " cek grup sebelah", ""])
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
        lines.append(json.dumps({
            "id": f"b{i}", "username": f"akun{rng.randint(1, 5000)}", "text": text,
            "created_at": f"2024-11-{rng.randint(1, 27):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+07:00",
            "likes": rng.randint(0, 500), "shares": rng.randint(0, 100), "followers": rng.randint(0, 20000),
        }))
    return "\n".join(lines).encode()


def run_one(n: int, chunk: int, processes: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from pantau.evidence.store import store
    from pantau.ingest.importers import import_file
    from pantau.monitoring import adapters, pipeline
    from pantau.monitoring.models import ContentItem, ImportBatch, ImportChunk, NearDupGroup, Sighting

    call_command("migrate", verbosity=0)
    from pantau.regions.models import Region

    if not Region.objects.filter(pk="15").exists():
        from pantau.regions.loading import load_regions

        load_regions("15")
    data = make_export(n)

    def snapshot():
        return (ContentItem.objects.count(), ContentItem.objects.filter(status="flagged").count(),
                NearDupGroup.objects.filter(item_count__gt=1).count(),
                NearDupGroup.objects.order_by("-item_count").values_list("item_count", flat=True).first())

    def reset():
        with transaction.atomic():
            Sighting.objects.all().delete()
            ContentItem.objects.all().delete()
            NearDupGroup.objects.all().delete()
            ImportChunk.objects.all().delete()
        pipeline.reset_group_index()

    def new_batch():
        blob = store(data, content_type="application/x-ndjson", original_name="bench.jsonl")
        return ImportBatch.objects.create(region_id="15", format="jsonl", file=blob, original_name="bench.jsonl")

    def parse():
        result = import_file("jsonl", data, filename="bench.jsonl")
        return [pipeline.raw_to_record(item, i) for i, item in enumerate(result.items, 1)]

    # --- end to end, one process: each chunk classified (and sketched), then persisted
    reset()
    batch = new_batch()
    started = time.perf_counter()
    records = parse()
    parse_s = time.perf_counter() - started
    chunks = list(pipeline.chunked(records, chunk))
    ImportBatch.objects.filter(pk=batch.pk).update(chunks_total=len(chunks))
    classify_s = persist_s = 0.0
    reference = pipeline.reference_data()
    for number, part in chunks:
        t0 = time.perf_counter()
        classified = pipeline.sketch_records(pipeline.classify_records(part, reference=reference))
        t1 = time.perf_counter()
        pipeline.persist_records(classified, default_region="15", batch=batch, chunk_number=number)
        t2 = time.perf_counter()
        classify_s += t1 - t0
        persist_s += t2 - t1
    one_process_s = time.perf_counter() - started
    one_process_state = snapshot()

    # --- end to end as `pantau import` runs it without a broker: forked classify processes work ahead
    reset()
    batch = new_batch()
    started = time.perf_counter()
    chunks = list(pipeline.chunked(parse(), chunk))
    ImportBatch.objects.filter(pk=batch.pk).update(chunks_total=len(chunks))
    pipeline.run_import_chunks(batch, chunks, processes=processes)
    total_s = time.perf_counter() - started
    state = snapshot()
    items, flagged, groups_multi, biggest = state
    if state != one_process_state:
        raise SystemExit(f"overlapped run stored {state}, one-process run {one_process_state}")

    # --- baseline: plain bulk insert, no analysis, no grouping
    reset()
    now = timezone.now()
    t0 = time.perf_counter()
    rows = [ContentItem(platform="other", external_id=r["external_id"], dedup_key=r["dedup_key"],
                        content_hash=r["content_hash"], text=r["text"], author_handle=r.get("author_handle") or "",
                        first_seen_at=now, region_id="15") for r in records]
    with transaction.atomic():
        ContentItem.objects.bulk_create(rows, batch_size=chunk)
    bulk_s = time.perf_counter() - t0

    # --- baseline: one row at a time, no dedup (a slice)
    reset()
    naive_n = min(2000, len(records))
    t0 = time.perf_counter()
    for r in records[:naive_n]:
        ContentItem.objects.create(platform="other", external_id=r["external_id"], dedup_key=r["dedup_key"],
                                   content_hash=r["content_hash"], text=r["text"], first_seen_at=now, region_id="15")
    naive_s = time.perf_counter() - t0
    reset()

    e2e_rate = len(records) / total_s
    return {
        "database": connection.vendor,
        "posts": len(records),
        "chunk": chunk,
        "classify_processes": processes,
        "detection_engine": "pantau.detection" if adapters.capabilities()["detection.analyse"] else "none (watchlist only)",
        "end_to_end_posts_per_s": round(e2e_rate, 1),
        "one_process_posts_per_s": round(len(records) / one_process_s, 1),
        "seconds": {"parse": round(parse_s, 2), "classify": round(classify_s, 2),
                    "persist_group": round(persist_s, 2), "one_process_total": round(one_process_s, 2),
                    "total": round(total_s, 2)},
        # each stage on its own, to see which one bounds the end-to-end rate
        "stage_posts_per_s": {"parse": round(len(records) / parse_s, 1),
                              "classify": round(len(records) / classify_s, 1),
                              "persist_group": round(len(records) / persist_s, 1)},
        "items": items, "flagged": flagged, "groups_with_copies": groups_multi, "largest_group": biggest,
        "baseline_bulk_insert_posts_per_s": round(len(records) / bulk_s, 1),
        "baseline_naive_row_by_row_posts_per_s": round(naive_n / naive_s, 1),
        "ratio_vs_bulk": round(e2e_rate / (len(records) / bulk_s), 3),
        "ratio_vs_naive": round(e2e_rate / (naive_n / naive_s), 2),
        "target_posts_per_s_postgres": 2000,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--chunk", type=int, default=1000)
    parser.add_argument("--processes", type=int, default=1, help="forked classify processes in the overlapped run")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(run_one(args.n, args.chunk, args.processes)))
        return 0
    url = os.environ.get("DATABASE_URL", "")
    targets = [("sqlite", "")]
    if url.startswith(("postgres://", "postgresql://")):
        targets.append(("postgresql", url))
    for _name, db_url in targets:
        with tempfile.TemporaryDirectory(prefix="pantau-bench-") as tmp:
            env = {**os.environ, "PANTAU_TESTING": "1", "PANTAU_DATA_DIR": tmp,
                   "DJANGO_SETTINGS_MODULE": "pantau.settings", "PANTAU_LOG_LEVEL": "ERROR"}
            env.pop("CELERY_BROKER_URL", None)
            env.pop("DATABASE_URL", None)
            dbname = None
            if db_url:
                import psycopg

                base = db_url.rpartition("/")[0]
                dbname = "pantau_bench_monitoring"
                with psycopg.connect(base + "/postgres", autocommit=True) as conn:
                    conn.execute(f"DROP DATABASE IF EXISTS {dbname}")
                    conn.execute(f"CREATE DATABASE {dbname}")
                env["DATABASE_URL"] = f"{base}/{dbname}"
            try:
                out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", "--n", str(args.n),
                                      "--chunk", str(args.chunk), "--processes", str(args.processes)], env=env, capture_output=True, text=True)
                if out.returncode:
                    print(out.stderr[-3000:], file=sys.stderr)
                    return out.returncode
                print(out.stdout.strip().splitlines()[-1])
            finally:
                if dbname:
                    import psycopg

                    with psycopg.connect(db_url.rpartition("/")[0] + "/postgres", autocommit=True) as conn:
                        conn.execute(f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
