"""Real Celery workers against the real Redis: a worker is SIGKILLed in the middle of an import batch,
restarted, and the batch still ends with every item exactly once and one sighting per row.

The worker processes see the same database as this test: a SQLite file in a temporary PANTAU_DATA_DIR, or,
when DATABASE_URL points at PostgreSQL, a dedicated database created (and dropped) for this test.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

REDIS_DB = 7
ROWS = 3000
CHUNK = 100

pytestmark = pytest.mark.services


def _redis_up() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def _flush_redis():
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()


class Database:
    """The database the workers use, reachable from this process without Django."""

    def __init__(self, tmp: Path):
        self.url = os.environ.get("DATABASE_URL", "")
        self.pg = self.url.startswith(("postgres://", "postgresql://"))
        if self.pg:
            import psycopg

            base, _, _name = self.url.rpartition("/")
            self.name = "pantau_monitoring_workers"
            self.admin_url = base + "/postgres"
            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.name}")
                conn.execute(f"CREATE DATABASE {self.name}")
            self.worker_url = f"{base}/{self.name}"
        else:
            self.path = tmp / "pantau.sqlite3"
            self.worker_url = ""

    def env(self) -> dict:
        return {"DATABASE_URL": self.worker_url} if self.pg else {}

    def scalar(self, sql: str):
        if self.pg:
            import psycopg

            with psycopg.connect(self.worker_url) as conn:
                return conn.execute(sql).fetchone()[0]
        with sqlite3.connect(self.path, timeout=10) as conn:
            return conn.execute(sql).fetchone()[0]

    def drop(self):
        if self.pg:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")


def _export(path: Path) -> None:
    lines = []
    for n in range(ROWS):
        # every 10th row repeats an earlier post (same id): the batch must count it as a duplicate
        ident = n - 5 if n % 10 == 9 else n
        lines.append(json.dumps({"id": f"p{ident}", "username": f"akun{ident % 97}",
                                 "text": f"Kabar nomor {ident} dari kecamatan {ident % 13}: amplop {ident % 7}0rb "
                                         f"untuk pemilih di desa {ident % 31}",
                                 "created_at": "2024-11-25T20:00:00+07:00"}))
    path.write_text("\n".join(lines))


SUBMIT = """
import django, sys
django.setup()
from pantau.monitoring import services
from pantau.monitoring.tasks import extract_import_batch
data = open(sys.argv[1], "rb").read()
batch = services.submit_import(None, data=data, filename="kill-test.jsonl", fmt="jsonl", region_code="15",
                               enqueue=False)
extract_import_batch.delay(batch.pk)
print(batch.pk)
"""


def _start_worker(env, log: Path) -> subprocess.Popen:
    celery = Path(sys.executable).with_name("celery")
    return subprocess.Popen(
        [str(celery), "-A", "pantau", "worker", "-Q", "fetch,extract,classify,persist", "--concurrency=1",
         "--pool=prefork", "--loglevel=INFO", "--without-gossip", "--without-mingle", "-n", f"kill-test-{time.time()}@%h"],
        env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the worker and its pool child, no warm shutdown
    except ProcessLookupError:
        pass
    proc.wait(timeout=10)


@pytest.mark.skipif(not _redis_up(), reason="Redis tidak berjalan di 127.0.0.1:6379: uji pekerja Celery dilewati")
def test_worker_killed_mid_batch_loses_and_duplicates_nothing(tmp_path):
    db = Database(tmp_path)
    broker = f"redis://127.0.0.1:6379/{REDIS_DB}"
    env = {
        **os.environ,
        **db.env(),
        "PANTAU_TESTING": "1",
        "PANTAU_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "pantau.settings",
        "CELERY_BROKER_URL": broker,
        "CELERY_RESULT_BACKEND": "",
        "PANTAU_BROKER_VISIBILITY_TIMEOUT": "5",
        "PANTAU_IMPORT_CHUNK_SIZE": str(CHUNK),
    }
    if not db.pg:
        env.pop("DATABASE_URL", None)
    pantau = str(Path(sys.executable).with_name("pantau"))
    _flush_redis()
    worker = None
    try:
        subprocess.run([pantau, "migrate", "-v", "0"], env=env, check=True, timeout=300)
        subprocess.run([pantau, "load-regions", "15"], env=env, check=True, timeout=300, capture_output=True)
        export = tmp_path / "export.jsonl"
        _export(export)
        log = tmp_path / "worker.log"
        worker = _start_worker(env, log)
        batch = int(subprocess.run([sys.executable, "-c", SUBMIT, str(export)], env=env, check=True,
                                   capture_output=True, text=True, timeout=120).stdout.strip().splitlines()[-1])
        chunks_total = -(-ROWS // CHUNK)

        # wait until the worker is inside the batch, then kill it without warning
        deadline = time.time() + 120
        done = 0
        while time.time() < deadline:
            done = db.scalar(f"SELECT COUNT(*) FROM monitoring_importchunk WHERE batch_id = {batch}")
            if done >= 3:
                break
            time.sleep(0.05)
        assert 3 <= done < chunks_total, f"batch did not run as expected ({done} chunks); see {log}"
        _kill(worker)
        killed_at = db.scalar(f"SELECT COUNT(*) FROM monitoring_importchunk WHERE batch_id = {batch}")
        assert killed_at < chunks_total, "the worker finished before it was killed: nothing was tested"

        worker = _start_worker(env, log)
        deadline = time.time() + 240
        status = ""
        while time.time() < deadline:
            status = db.scalar(f"SELECT status FROM monitoring_importbatch WHERE id = {batch}")
            if status == "done":
                break
            time.sleep(0.5)
        assert status == "done", f"batch not finished after restart (status {status!r}); see {log}"

        unique = len({n - 5 if n % 10 == 9 else n for n in range(ROWS)})
        assert db.scalar("SELECT COUNT(*) FROM monitoring_contentitem") == unique
        assert db.scalar("SELECT COUNT(DISTINCT dedup_key) FROM monitoring_contentitem") == unique
        assert db.scalar(f"SELECT COUNT(*) FROM monitoring_importchunk WHERE batch_id = {batch}") == chunks_total
        assert db.scalar(f"SELECT imported FROM monitoring_importbatch WHERE id = {batch}") == unique
        assert db.scalar(f"SELECT duplicates FROM monitoring_importbatch WHERE id = {batch}") == ROWS - unique
        # one sighting per row of the file: none lost, none doubled by the redelivered chunk
        assert db.scalar("SELECT COUNT(*) FROM monitoring_sighting") == ROWS
        # every item counted once: in its group's count, or alone (a group row exists from the second member)
        grouped = db.scalar("SELECT COALESCE(SUM(item_count), 0) FROM monitoring_neardupgroup")
        assert grouped == db.scalar("SELECT COUNT(*) FROM monitoring_contentitem WHERE group_id IS NOT NULL")
        assert grouped > 0  # the templated posts do form groups
        assert grouped + db.scalar("SELECT COUNT(*) FROM monitoring_contentitem WHERE group_id IS NULL") == unique
    finally:
        if worker is not None:
            _kill(worker)
        _flush_redis()
        db.drop()
