"""Importer throughput: posts per second parsed into validated RawItems, per format.

Baseline, measured in the same run on the same bytes: the least work that still yields the fields
(``json.loads`` and dict look-ups for the JSON formats, ``csv.DictReader`` for CSV, one regex per line for
WhatsApp), with no validation, time-zone handling, URL canonicalisation or per-row error reporting. The
ratio (importer / baseline) is the price of doing it properly; the absolute rate shows the parsing share of
the pipeline's 2 000 posts/s budget.

    python bench/ingest_import.py [--n 100000] [--json]
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pantau.ingest.importers import import_meta_csv, import_twitter_v2, import_whatsapp  # noqa: E402

WORDS = (
    "warga kades camat paslon nomor dua amplop 50rb serangan fajar bawaslu tps jambi tebo bungo hoaks".split()
)


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 30)))


def twitter_blob(n: int, rng: random.Random) -> bytes:
    users = [
        {
            "id": str(i),
            "username": f"akun{i}",
            "name": f"Akun {i}",
            "public_metrics": {"followers_count": i * 7},
        }
        for i in range(500)
    ]
    data = [
        {
            "id": str(1859000000000000000 + i),
            "text": sentence(rng),
            "author_id": str(rng.randrange(500)),
            "created_at": f"2024-11-{rng.randint(1, 26):02d}T{rng.randint(0, 23):02d}:15:00.000Z",
            "lang": "in",
            "public_metrics": {
                "retweet_count": rng.randrange(50),
                "reply_count": 1,
                "like_count": 3,
                "quote_count": 0,
                "impression_count": 100,
            },
        }
        for i in range(n)
    ]
    return json.dumps({"data": data, "includes": {"users": users}}).encode()


def whatsapp_blob(n: int, rng: random.Random) -> bytes:
    lines = []
    for _ in range(n):
        lines.append(
            f"{rng.randint(1, 28):02d}/11/24 {rng.randint(0, 23):02d}.{rng.randint(0, 59):02d} - "
            f"Warga {rng.randrange(80)}: {sentence(rng)}"
        )
        if rng.random() < 0.1:
            lines.append(sentence(rng))
    return ("\n".join(lines) + "\n").encode()


def crowdtangle_blob(n: int, rng: random.Random) -> bytes:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(
        [
            "Page Name",
            "User Name",
            "Facebook Id",
            "Followers at Posting",
            "Post Created",
            "Type",
            "Likes",
            "Comments",
            "Shares",
            "Love",
            "URL",
            "Message",
        ]
    )
    for i in range(n):
        w.writerow(
            [
                f"Halaman {i % 300}",
                f"halaman{i % 300}",
                str(100000 + i % 300),
                str(i % 5000),
                f"2024-11-{rng.randint(1, 26):02d} 10:00:00 WIB",
                "Status",
                str(rng.randrange(100)),
                "2",
                "1",
                "0",
                f"https://www.facebook.com/{100000 + i % 300}/posts/{900000 + i}",
                sentence(rng),
            ]
        )
    return out.getvalue().encode()


def naive_twitter(blob: bytes) -> int:
    doc = json.loads(blob)
    users = {u["id"]: u for u in doc["includes"]["users"]}
    out = [
        (
            t["id"],
            t["text"],
            t["created_at"],
            users.get(t["author_id"], {}).get("username"),
            t["public_metrics"]["like_count"],
        )
        for t in doc["data"]
    ]
    return len(out)


_WA = re.compile(r"^(\d\d/\d\d/\d\d \d\d\.\d\d) - ([^:]+): (.*)$")


def naive_whatsapp(blob: bytes) -> int:
    out = []
    for line in blob.decode().splitlines():
        m = _WA.match(line)
        if m:
            out.append(m.groups())
    return len(out)


def naive_csv(blob: bytes) -> int:
    return sum(1 for row in csv.DictReader(io.StringIO(blob.decode())) if row["Message"])


def timed(fn, blob) -> tuple[float, int]:
    t0 = time.perf_counter()
    res = fn(blob)
    dt = time.perf_counter() - t0
    count = res if isinstance(res, int) else len(res.items)
    return dt, count


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rng = random.Random(27)
    cases = [
        ("twitter-v2", twitter_blob(args.n, rng), import_twitter_v2, naive_twitter),
        ("whatsapp", whatsapp_blob(args.n, rng), import_whatsapp, naive_whatsapp),
        ("meta-csv", crowdtangle_blob(args.n, rng), import_meta_csv, naive_csv),
    ]
    results = []
    print(f"importer throughput, {args.n:,} posts per format")
    for name, blob, importer, naive in cases:
        base_s, base_n = timed(naive, blob)
        imp_s, imp_n = timed(importer, blob)
        row = {
            "format": name,
            "posts": imp_n,
            "importer_posts_per_s": round(imp_n / imp_s),
            "baseline_posts_per_s": round(base_n / base_s),
            "ratio_importer_vs_baseline": round((imp_n / imp_s) / (base_n / base_s), 3),
        }
        results.append(row)
        print(
            f"  {name:11s} importer {row['importer_posts_per_s']:>9,} posts/s   naive baseline "
            f"{row['baseline_posts_per_s']:>9,} posts/s   ratio {row['ratio_importer_vs_baseline']}"
        )
    if args.json:
        print(json.dumps({"bench": "ingest_import", "n": args.n, "results": results}))


if __name__ == "__main__":
    main()
