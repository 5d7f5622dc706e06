"""Load benchmark: 100 concurrent reporters, each sending a report with a 1 MB photo, against 127.0.0.1.

    python bench/reports_load.py [--users 100] [--duration 60] [--baseline-duration 20] [--workers 3 --threads 2]

What it does (everything on this machine, bounded in time):

1. creates a fresh PostgreSQL database (``--database-url``, default postgres://postgres@127.0.0.1:5432/
   pantau_bench_reports), migrates it and loads Jambi's regions and the Pilkada 2024 election;
2. starts gunicorn on 127.0.0.1 (a free port) with production-like settings (DEBUG off, Fernet keys set);
3. baseline: the same users and pacing against ``GET /healthz/`` (a request that touches the database),
   for ``--baseline-duration`` seconds;
4. the load: ``--users`` reporters for ``--duration`` seconds, each POSTing a report with a unique ~1 MB JPEG
   (GPS EXIF included) to ``/api/v1/reports/`` and then thinking for 5-15 s (``--think``);
5. checks that **every 201 is in the database with its file and hash**: the report exists, it has one attachment
   whose SHA-256 equals the bytes sent, the evidence file exists and hashes to that value, the public copy has no
   GPS EXIF (sampled), and the custody log holds the capture;
6. prints p50/p95/p99, requests per second, the baseline p95 and the ratio, and exits non-zero if a report was
   lost or p95 ≥ ``--target`` (1.0 s).

Locust's percentiles are rounded to two significant digits.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCUSTFILE = ROOT / "bench" / "reports_locustfile.py"
PY = sys.executable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(cmd, env, **kwargs):
    return subprocess.run(cmd, env=env, check=True, cwd=ROOT, **kwargs)


def prepare_database(url: str):
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def wait_for(url: str, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - 127.0.0.1 only
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server did not answer {url} within {seconds}s")


def warm_up(host: str, n: int, results: Path):
    """A few real submissions so every worker has imported everything, loaded the detection model and opened its
    database connection before anything is measured. They are checked like the others."""
    import io
    from concurrent.futures import ThreadPoolExecutor

    import requests
    from PIL import Image

    def hit(i):
        photo = io.BytesIO()
        Image.new("RGB", (64, 48), (i % 255, 80, 120)).save(photo, format="JPEG")
        data = {"kind": "informasi", "kabupaten": "15.71", "event_date": date.today().isoformat(),
                "description": f"Pemanasan server uji beban nomor {i}: pembagian amplop kepada warga agar memilih."}
        body = photo.getvalue()
        response = requests.post(host + "/api/v1/reports/", data=data, timeout=60,
                                 files={"files": (f"warmup-{i}.jpg", body, "image/jpeg")})
        if response.status_code == 201:
            with open(results, "a", encoding="utf-8") as fh:
                fh.write(json.dumps({"code": response.json()["tracking_code"],
                                     "sha256": hashlib.sha256(body).hexdigest(), "warmup": True}) + "\n")

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(hit, range(n * 2)))


def locust(host: str, mode: str, users: int, duration: int, workdir: Path, env: dict, think: tuple[float, float]):
    prefix = workdir / f"locust-{mode}"
    run_env = dict(env, BENCH_MODE=mode, BENCH_THINK_MIN=str(think[0]), BENCH_THINK_MAX=str(think[1]))
    cmd = [PY, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary", "-u", str(users),
           "-r", str(max(users // 5, 1)), "-t", f"{duration}s", "--host", host, "--csv", str(prefix),
           "--stop-timeout", "30", "--loglevel", "WARNING"]
    subprocess.run(cmd, env=run_env, cwd=ROOT, check=False, timeout=duration + 120,
                   stdout=subprocess.DEVNULL, stderr=open(workdir / f"locust-{mode}.log", "w"))  # noqa: SIM115
    with open(f"{prefix}_stats.csv", newline="", encoding="utf-8") as fh:
        rows = {row["Name"]: row for row in csv.DictReader(fh)}
    row = rows["Aggregated"]
    return {
        "requests": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rps": float(row["Requests/s"]),
        "p50": float(row["50%"]) / 1000, "p95": float(row["95%"]) / 1000, "p99": float(row["99%"]) / 1000,
        "max": float(row["Max Response Time"]) / 1000,
    }


def drain(broker: str, seconds: float) -> bool:
    """Wait until the worker has taken every queued post-processing task (public copies, duplicates)."""
    import redis

    client = redis.Redis.from_url(broker)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if client.llen("celery") == 0:
            time.sleep(3)  # the last task taken may still be running
            if client.llen("celery") == 0:
                return True
        time.sleep(1)
    return False


def verify(results_file: Path, database_url: str, evidence_dir: Path) -> dict:
    """Every 201: report in the DB, one attachment with the SHA-256 of the bytes sent, file on disk, custody entry."""
    import io

    import psycopg
    from PIL import Image

    sent = [json.loads(line) for line in results_file.read_text().splitlines() if line.strip()] \
        if results_file.exists() else []
    problems, checked_public, missing_public = [], 0, 0
    with psycopg.connect(database_url) as conn:
        for i, item in enumerate(sent):
            row = conn.execute(
                "SELECT r.id, a.sha256, a.original_id, a.public_copy_id, a.had_location FROM reports_report r "
                "JOIN reports_reportattachment a ON a.report_id = r.id WHERE r.tracking_code = %s",
                [item["code"]],
            ).fetchall()
            if len(row) != 1:
                problems.append(f"{item['code']}: {len(row)} attachments in the database")
                continue
            _, sha, original, public, had_location = row[0]
            if sha != item["sha256"] or original != sha:
                problems.append(f"{item['code']}: hash mismatch")
                continue
            path = evidence_dir / sha[:2] / sha[2:4] / sha
            if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                problems.append(f"{item['code']}: evidence file missing or corrupt")
                continue
            custody = conn.execute("SELECT count(*) FROM evidence_custodyentry WHERE blob_id = %s AND action = 'captured'",
                                   [sha]).fetchone()[0]
            if not custody:
                problems.append(f"{item['code']}: no custody entry")
            if not had_location and not item.get("warmup"):
                problems.append(f"{item['code']}: GPS EXIF not detected in the original")
            if not public:
                missing_public += 1
            if i % 25 == 0 and public:
                public_path = evidence_dir / public[:2] / public[2:4] / public
                exif = Image.open(io.BytesIO(public_path.read_bytes())).getexif()
                checked_public += 1
                if exif.get_ifd(0x8825):
                    problems.append(f"{item['code']}: public copy still has GPS")
        total = conn.execute("SELECT count(*) FROM reports_report").fetchone()[0]
    return {"created_201": len(sent), "in_database": total, "problems": problems,
            "public_copies_checked": checked_public, "public_copies_missing": missing_public}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--baseline-duration", type=int, default=20)
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0), metavar=("MIN", "MAX"))
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--target", type=float, default=1.0, help="p95 target in seconds")
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pantau_bench_reports"))
    parser.add_argument("--keep", action="store_true", help="keep the work directory and database")
    parser.add_argument("--no-celery", action="store_true",
                        help="no worker: post-processing (public copies, duplicates, e-mail) runs inside the request")
    parser.add_argument("--broker", default=os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13"))
    args = parser.parse_args(argv)

    from cryptography.fernet import Fernet

    workdir = Path(tempfile.mkdtemp(prefix="pantau-bench-reports-"))
    evidence = workdir / "evidence"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PANTAU_", "DJANGO_"))}
    env.update({
        "DJANGO_SETTINGS_MODULE": "pantau.settings",
        "DATABASE_URL": args.database_url,
        "PANTAU_SECRET_KEY": Fernet.generate_key().decode(),
        "PANTAU_FIELD_KEYS": Fernet.generate_key().decode(),
        "PANTAU_DATA_DIR": str(workdir),
        "PANTAU_EVIDENCE_DIR": str(evidence),
        "PANTAU_PUBLIC_REPORT_RATE": "1000000/hour",
        "PANTAU_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PANTAU_LOG_LEVEL": "ERROR",
        "BENCH_RESULTS": str(workdir / "created.jsonl"),
        "BENCH_EVENT_DATE": date.today().isoformat(),
    })
    print(f"== preparing {args.database_url} (migrate, Jambi regions, Pilkada 2024)")
    prepare_database(args.database_url)
    run([PY, "-m", "django", "migrate", "--noinput", "-v", "0"], env)
    run([PY, "-m", "django", "load_regions", "15"], env, stdout=subprocess.DEVNULL)
    run([PY, "-m", "django", "load_election", str(ROOT / "src/pantau/elections/data/pilkada-2024-jambi.json")], env,
        stdout=subprocess.DEVNULL)

    worker = None
    if not args.no_celery:
        import redis

        redis.Redis.from_url(args.broker).flushdb()
        env["CELERY_BROKER_URL"] = args.broker
        env["CELERY_RESULT_BACKEND"] = ""
        worker = subprocess.Popen(
            # Background work at a lower CPU priority than the web workers (as recommended in docs/reports.md).
            ["nice", "-n", "10", PY, "-m", "celery", "-A", "pantau.celery", "worker", "--concurrency", "1", "--loglevel", "WARNING",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
            env=env, cwd=ROOT, stdout=open(workdir / "celery.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
            start_new_session=True,
        )
    port = free_port()
    host = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "pantau.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers), "-k", "gthread",
         "--threads", str(args.threads), "--timeout", "60", "--log-level", "warning"],
        env=env, cwd=ROOT, stdout=open(workdir / "gunicorn.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
        start_new_session=True,
    )
    try:
        wait_for(host + "/healthz/")
        warm_up(host, args.workers * args.threads, workdir / "created.jsonl")
        print(f"== baseline: {args.users} users, GET /healthz/, {args.baseline_duration}s, think {args.think[0]:g}-{args.think[1]:g}s")
        base = locust(host, "healthz", args.users, args.baseline_duration, workdir, env, tuple(args.think))
        print(f"== load: {args.users} reporters with a 1 MB photo each, {args.duration}s")
        load = locust(host, "report", args.users, args.duration, workdir, env, tuple(args.think))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    drained = drain(args.broker, seconds=120) if worker else True
    if worker:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
    check = verify(workdir / "created.jsonl", args.database_url, evidence)
    if not drained:
        check["problems"].append("the worker did not finish the queued post-processing within 120 s")

    ratio = load["p95"] / base["p95"] if base["p95"] else float("inf")
    print()
    print(f"baseline GET /healthz/     requests {base['requests']:6d}  failures {base['failures']:4d}  "
          f"p50 {base['p50']:.3f}s  p95 {base['p95']:.3f}s  rps {base['rps']:.1f}")
    print(f"POST /api/v1/reports/      requests {load['requests']:6d}  failures {load['failures']:4d}  "
          f"p50 {load['p50']:.3f}s  p95 {load['p95']:.3f}s  p99 {load['p99']:.3f}s  max {load['max']:.3f}s  "
          f"rps {load['rps']:.1f}")
    print(f"p95 ratio report/baseline: {ratio:.1f}x   target p95 < {args.target:.1f}s: "
          f"{'met' if load['p95'] < args.target else 'NOT met'}")
    print(f"201 responses (incl. warm-up): {check['created_201']}, reports in database: {check['in_database']}, "
          f"problems: {len(check['problems'])}, public copies missing: {check['public_copies_missing']}, "
          f"checked for GPS: {check['public_copies_checked']}")
    print(f"post-processing: {'Celery worker (1 process, nice 10) on ' + args.broker if not args.no_celery else 'inside the request (no broker)'}; "
          f"gunicorn {args.workers} workers x {args.threads} threads; think time {args.think[0]:g}-{args.think[1]:g} s")
    for problem in check["problems"][:20]:
        print("  -", problem)
    ok = not check["problems"] and check["created_201"] <= check["in_database"] and load["p95"] < args.target \
        and load["failures"] == 0
    if args.keep:
        print(f"work directory kept: {workdir}")
    else:
        shutil.rmtree(workdir, ignore_errors=True)
        try:
            import psycopg

            base_url, name = args.database_url.rsplit("/", 1)
            with psycopg.connect(base_url + "/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        except Exception as exc:  # noqa: BLE001
            print(f"(could not drop the bench database: {exc})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
