"""Locust users for bench/reports_load.py (run it through that script, which starts the server and checks the DB).

BENCH_MODE=report: each user is a reporter who sends a report with a ~1 MB photo (JPEG with GPS EXIF, unique bytes
per request) to POST /api/v1/reports/, then waits BENCH_THINK_MIN..BENCH_THINK_MAX seconds (filling in the next
one). Every 201 is appended to BENCH_RESULTS as JSON (tracking code + SHA-256 of the photo sent) for the check.
BENCH_MODE=healthz: the same users and pacing against /healthz/, the baseline measured in the same run.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import random
import struct

from locust import HttpUser, between, task

MODE = os.environ.get("BENCH_MODE", "report")
RESULTS = os.environ.get("BENCH_RESULTS", "")
PHOTO_BYTES = int(os.environ.get("BENCH_PHOTO_BYTES", str(1024 * 1024)))
THINK = (float(os.environ.get("BENCH_THINK_MIN", "5")), float(os.environ.get("BENCH_THINK_MAX", "15")))
PLACES = [
    ("15.71", "15.71.01", "15.71.01.1001"), ("15.71", "15.71.02", "15.71.02.1002"),
    ("15.01", "15.01.01", "15.01.01.2001"), ("15.05", "15.05.01", "15.05.01.2002"),
    ("15.04", "", ""), ("15.02", "", ""), ("15.03", "", ""), ("15.06", "", ""), ("15.07", "", ""),
    ("15.08", "", ""), ("15.09", "", ""), ("15.72", "", ""),
]
STORIES = [
    "Tim sukses membagikan amplop berisi Rp{n}.000 kepada warga RT {rt} dengan syarat memilih paslon nomor {p}.",
    "Kepala desa mengajak warga memilih paslon nomor {p} saat pembagian BLT di balai desa, sekitar {n} warga hadir.",
    "Baliho paslon nomor {p} dipasang di halaman sekolah dasar negeri {rt}, padahal dilarang dipasang di sana.",
    "Akun anonim menyebarkan tuduhan tanpa bukti bahwa paslon nomor {p} terlibat judi online, dibagikan {n} kali.",
    "ASN dinas kabupaten berfoto dengan pose {p} jari bersama calon di acara kampanye, foto beredar di grup RT {rt}.",
]
_counter = itertools.count()


def _base_photo(seed: int) -> bytes:
    """A real JPEG with GPS EXIF, padded with comment segments to exactly PHOTO_BYTES."""
    from PIL import Image

    noise = random.Random(seed).randbytes(320 * 240 * 3)
    img = Image.frombytes("RGB", (320, 240), noise).resize((1280, 960), Image.Resampling.BILINEAR)
    exif = Image.Exif()
    exif[0x010F] = "BenchCam"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "S", (1.0, 36.0, float(seed % 60)), "E", (103.0, 36.0, 1.0)
    out = io.BytesIO()
    img.save(out, format="JPEG", quality=85, exif=exif)
    data = out.getvalue()
    return _pad(data, PHOTO_BYTES)


def _pad(jpeg: bytes, size: int) -> bytes:
    """Insert COM segments after SOI until the file is `size` bytes (or as close as segment framing allows)."""
    missing = size - len(jpeg)
    segments = []
    while missing > 4:
        body = min(missing - 4, 65533)
        segments.append(b"\xff\xfe" + struct.pack(">H", body + 2) + b"P" * body)
        missing -= body + 4
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def _unique(photo: bytes, tag: str) -> bytes:
    """Same picture, unique bytes: a small comment segment with the request id right after SOI."""
    body = tag.encode()
    segment = b"\xff\xfe" + struct.pack(">H", len(body) + 2) + body
    return photo[:2] + segment + photo[2:]


# Made before the users start: CPU work inside a running user would block gevent's loop and inflate the
# response times measured for every other user.
POOL = [_base_photo(seed) for seed in range(8)] if MODE == "report" else []


class Reporter(HttpUser):
    wait_time = between(*THINK)

    def on_start(self):
        self.seed = next(_counter)
        self.photo = POOL[self.seed % len(POOL)] if POOL else b""
        self.rng = random.Random(self.seed)

    @task
    def act(self):
        if MODE == "healthz":
            self.client.get("/healthz/", name="GET /healthz/")
            return
        n = next(_counter)
        tag = f"bench-{os.getpid()}-{self.seed}-{n}-{self.rng.getrandbits(32)}"
        photo = _unique(self.photo, tag)
        kab, kec, desa = self.rng.choice(PLACES)
        story = self.rng.choice(STORIES).format(n=self.rng.randint(20, 300), rt=self.rng.randint(1, 40),
                                                p=self.rng.randint(1, 3))
        data = {
            "kind": "laporan" if self.rng.random() < 0.7 else "informasi",
            "event_date": os.environ.get("BENCH_EVENT_DATE", ""),
            "kabupaten": kab, "kecamatan": kec, "desa": desa,
            "description": f"{story} (kiriman uji beban {tag})",
            "category_hint": "lainnya",
            "reported_name": f"Terlapor {n}",
            "reporter_type": "pemilih",
            "reporter_name": f"Pelapor Uji {self.seed}",
            "reporter_nik": "1571010101900001",
            "reporter_address": "Jl. Uji Beban No. 1",
            "reporter_phone": "081234567890",
            "declaration": "on",
        }
        with self.client.post("/api/v1/reports/", data=data, files={"files": (f"IMG_{n}.jpg", photo, "image/jpeg")},
                              headers={"Idempotency-Key": tag}, name="POST /api/v1/reports/",
                              catch_response=True) as response:
            if response.status_code == 201:
                response.success()
                if RESULTS:
                    record = {"code": response.json()["tracking_code"], "sha256": hashlib.sha256(photo).hexdigest()}
                    with open(RESULTS, "a", encoding="utf-8") as fh:
                        fh.write(json.dumps(record) + "\n")
            else:
                response.failure(f"{response.status_code}: {response.text[:200]}")
