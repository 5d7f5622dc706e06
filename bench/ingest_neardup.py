"""Near-duplicate grouping throughput: MinHash LSH (pantau.ingest.neardup) against a naive baseline.

Synthetic Indonesian election posts: a share of them are lightly varied copies of a few hundred "hoax"
templates (prefixes, suffixes, word swaps, case and spacing changes), the rest are unrelated sentences.

Baseline, measured in the same run on the same first ``--sample`` posts: exact pairwise grouping, i.e.
each post's word-bigram set is compared (Jaccard) with every earlier post and joins the group of the most
similar one at or above the threshold. That is what MinHash LSH approximates, so the bench also prints
how well the two groupings agree (pair precision and recall of MinHash against the exact answer).

    python bench/ingest_neardup.py                 # 50 000 posts, baseline on 2 000
    python bench/ingest_neardup.py --n 1000000     # the issue's 1 M target (minutes)
    python bench/ingest_neardup.py --json          # one JSON line at the end
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from pantau.ingest.neardup import DEFAULT_THRESHOLD, NearDupIndex, shingles, tokens  # noqa: E402

WORDS = (
    "warga kades camat asn paslon nomor satu dua tiga amplop uang sembako beras minyak bawaslu kpu tps "
    "pilkada jambi merangin sarolangun tebo bungo kerinci muaro batanghari tanjab kota sungai penuh desa "
    "kecamatan relawan tim sukses kampanye baliho spanduk masa tenang serangan fajar hoaks fitnah judi "
    "online surat edaran pencoblosan diundur logistik surat suara netral pejabat pose jari twibbon "
    "posko malam pagi besok tadi siang rumah ketua rt rw ktp kk undangan c6 laporan panwascam pengawas "
    "video foto rekaman viral sebarkan grup keluarga pengajian masjid sekolah kantor bupati gubernur"
).split()
PREFIXES = ["", "", "", "Info penting!! ", "Fwd: ", "🚨 ", "Dari grup sebelah: ", "VIRAL ", "cek ini "]
SUFFIXES = [
    "",
    "",
    "",
    " 🙏",
    " Sebarkan!!!",
    " #pilkadajambi",
    " (copas)",
    " https://bit.ly/x",
    " benarkah?",
]


def make_posts(n: int, templates: int, dup_share: float, seed: int) -> tuple[list[str], list[int]]:
    rng = random.Random(seed)
    bases = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(18, 40))) for _ in range(templates)]
    posts: list[str] = []
    truth: list[int] = []
    for i in range(n):
        if rng.random() < dup_share:
            t = rng.randrange(templates)
            words = bases[t].split()
            for _ in range(rng.randint(0, 2)):
                words[rng.randrange(len(words))] = rng.choice(WORDS)
            text = " ".join(words)
            if rng.random() < 0.3:
                text = text.upper()
            posts.append(rng.choice(PREFIXES) + text + rng.choice(SUFFIXES))
            truth.append(t)
        else:
            posts.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 40))) + f" {i}")
            truth.append(-1 - i)
    return posts, truth


def naive_groups(texts: list[str], threshold: float) -> list[int]:
    sets = [set(shingles(tokens(t))) for t in texts]
    group = []
    for i, s in enumerate(sets):
        best, best_j = -1.0, -1
        if s:
            for j in range(i):
                o = sets[j]
                if not o:
                    continue
                inter = len(s & o)
                if inter == 0:
                    continue
                sim = inter / (len(s) + len(o) - inter)
                if sim > best:
                    best, best_j = sim, j
        group.append(group[best_j] if best >= threshold else i)
    return group


def pair_agreement(reference: list, candidate: list) -> tuple[float, float]:
    def pairs(counts):
        return sum(c * (c - 1) // 2 for c in counts)

    both = pairs(Counter(zip(reference, candidate, strict=True)).values())
    ref = pairs(Counter(reference).values())
    cand = pairs(Counter(candidate).values())
    precision = both / cand if cand else 1.0
    recall = both / ref if ref else 1.0
    return precision, recall


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=50_000)
    ap.add_argument("--sample", type=int, default=2_000)
    ap.add_argument("--templates", type=int, default=300)
    ap.add_argument("--dup-share", type=float, default=0.4)
    ap.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD)
    ap.add_argument("--seed", type=int, default=27)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()

    posts, _truth = make_posts(args.n, args.templates, args.dup_share, args.seed)
    sample = posts[: min(args.sample, len(posts))]

    t0 = time.perf_counter()
    naive = naive_groups(sample, args.threshold)
    naive_s = time.perf_counter() - t0

    idx_small = NearDupIndex(args.threshold)
    t0 = time.perf_counter()
    lsh_small = idx_small.add_many((str(i), t) for i, t in enumerate(sample))
    lsh_small_s = time.perf_counter() - t0
    precision, recall = pair_agreement(naive, lsh_small)

    rss_before = rss_mb()
    idx = NearDupIndex(args.threshold)
    t0 = time.perf_counter()
    idx.add_many((str(i), t) for i, t in enumerate(posts))
    full_s = time.perf_counter() - t0
    rss_after = rss_mb()

    naive_rate = len(sample) / naive_s
    lsh_sample_rate = len(sample) / lsh_small_s
    full_rate = len(posts) / full_s
    # the naive method is quadratic: its rate at n posts is about its sample rate × sample / n
    naive_rate_at_n = naive_rate * len(sample) / len(posts)
    result = {
        "bench": "ingest_neardup",
        "n": len(posts),
        "sample": len(sample),
        "threshold": args.threshold,
        "naive_posts_per_s_on_sample": round(naive_rate, 1),
        "minhash_posts_per_s_on_sample": round(lsh_sample_rate, 1),
        "minhash_posts_per_s_full": round(full_rate, 1),
        "minhash_seconds_full": round(full_s, 2),
        "ratio_on_sample": round(lsh_sample_rate / naive_rate, 2),
        "ratio_full_vs_naive_extrapolated": round(full_rate / naive_rate_at_n, 1),
        "groups": idx.group_count,
        "representatives": idx.representative_count,
        "pair_precision_vs_exact": round(precision, 4),
        "pair_recall_vs_exact": round(recall, 4),
        "peak_rss_mb": round(rss_after, 1),
        "rss_growth_mb": round(rss_after - rss_before, 1),
    }
    print(f"near-duplicate grouping, threshold {args.threshold} (word bigrams, MinHash 128 perms)")
    print(f"  naive pairwise Jaccard on {len(sample)} posts: {naive_s:.2f} s  ({naive_rate:,.0f} posts/s)")
    print(
        f"  MinHash LSH on the same {len(sample)} posts:  {lsh_small_s:.2f} s  ({lsh_sample_rate:,.0f} posts/s)"
    )
    print(
        f"  MinHash LSH on all {len(posts):,} posts:      {full_s:.2f} s  ({full_rate:,.0f} posts/s), "
        f"{idx.group_count:,} groups, {idx.representative_count:,} indexed representatives"
    )
    print(
        f"  agreement with the exact grouping on the sample: pair precision {precision:.3f}, recall {recall:.3f}"
    )
    print(f"  memory: peak RSS {rss_after:.0f} MB (+{rss_after - rss_before:.0f} MB for the full index)")
    print(f"ratio (MinHash / naive, same {len(sample)} posts): {result['ratio_on_sample']}x")
    print(
        f"ratio (MinHash / naive extrapolated to {len(posts):,} posts): {result['ratio_full_vs_naive_extrapolated']}x"
    )
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
