"""Dashboard speed at election scale: 1M content items, 20k reports, 5k cases in PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pantau_bench_dashboard python bench/dashboard_speed.py

Creates the database if needed, migrates, loads Jambi's regions and the Pilkada 2024 schedule, generates the data
(bench/dashboard_data.py, COPY into the real tables; skipped when the data are already there), refreshes the
aggregates, then times the province dashboard page and the summary API (p50/p95 over --runs requests; the budget
applies to the page built from the aggregates with the cache cleared, the cached page is shown beside it), and
next to them the same figures computed by direct SQL COUNTs on the source tables in the same run: the counts must
match and the ratio shows what the aggregates buy. Exit status 1 when counts differ or p95 ≥ --budget-ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/pantau_bench_dashboard")
os.environ.setdefault("PANTAU_TESTING", "1")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pantau.settings")

PERIOD = ("2024-09-25", "2024-11-27")


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1].split("?")[0]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def time_requests(client, url: str, runs: int, *, cold: bool = False, warm_up: bool = True) -> list[float]:
    """Request timings in ms. ``cold``: the cache is cleared before each request, so every board is built from
    the aggregates (the first visitor after a refresh); otherwise the board cached since that refresh serves."""
    from django.core.cache import cache

    for _ in range(3 if warm_up else 0):  # warm-up: connections, template loading
        assert client.get(url).status_code == 200
    timings = []
    for _ in range(runs):
        if cold:
            cache.clear()
        began = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.status_code
    return timings


def direct_counts(region: str) -> tuple[dict, float]:
    """The same figures as the dashboard's headline, counted on the raw tables (the baseline)."""
    from django.db import connection

    began = time.perf_counter()
    like = region + ".%"
    sql = {
        "content": "SELECT COUNT(*) FROM monitoring_contentitem WHERE (region_id = %s OR region_id LIKE %s) "
                   "AND (published_at AT TIME ZONE 'Asia/Jakarta')::date BETWEEN %s AND %s",
        "report": "SELECT COUNT(*) FROM reports_report WHERE (region_id = %s OR region_id LIKE %s) "
                  "AND event_date BETWEEN %s AND %s AND kind = 'laporan' AND status <> 'digabung'",
        "tip": "SELECT COUNT(*) FROM reports_report WHERE (region_id = %s OR region_id LIKE %s) "
               "AND event_date BETWEEN %s AND %s AND kind = 'informasi' AND status <> 'digabung'",
        "finding": "SELECT COUNT(*) FROM cases_finding WHERE (region_id = %s OR region_id LIKE %s) "
                   "AND known_on BETWEEN %s AND %s",
        "case": "SELECT COUNT(*) FROM cases_case WHERE (region_id = %s OR region_id LIKE %s) "
                "AND (received_at AT TIME ZONE 'Asia/Jakarta')::date BETWEEN %s AND %s",
    }
    counts = {}
    with connection.cursor() as cursor:
        for key, query in sql.items():
            cursor.execute(query, [region, like, *PERIOD])
            counts[key] = cursor.fetchone()[0]
    return counts, (time.perf_counter() - began) * 1000


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=int, default=1_000_000)
    parser.add_argument("--reports", type=int, default=20_000)
    parser.add_argument("--findings", type=int, default=2_000)
    parser.add_argument("--cases", type=int, default=5_000)
    parser.add_argument("--groups", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--budget-ms", type=float, default=500)
    parser.add_argument("--regenerate", action="store_true", help="add a fresh data set even if data exist")
    args = parser.parse_args(argv)

    if os.environ["DATABASE_URL"].startswith("postgres"):
        ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from importlib.resources import files

    import dashboard_data
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from pantau.accounts.models import Role, User
    from pantau.dashboard.services.refresh import refresh
    from pantau.elections.loading import load_election
    from pantau.monitoring.models import ContentItem
    from pantau.partners.models import Organisation
    from pantau.regions.loading import load_regions
    from pantau.regions.models import Region

    began = time.perf_counter()
    call_command("migrate", verbosity=0)
    if not Region.objects.filter(pk="15.71").exists():
        load_regions("15")
    load_election(files("pantau.elections").joinpath("data", "pilkada-2024-jambi.json"))
    for n, code in enumerate(("15", "15.71", "15.01")):
        Organisation.objects.get_or_create(name=f"Mitra bench {n}", defaults={"kind": "masyarakat", "region_id": code})
    User.objects.get_or_create(username="bench.admin", defaults={"is_superuser": True})
    leader, _ = User.objects.get_or_create(username="bench.pimpinan",
                                           defaults={"role": Role.LEADERSHIP, "jurisdiction_id": "15"})
    print(f"setup: {time.perf_counter() - began:.1f} s")

    existing = ContentItem.objects.count()
    if existing < args.content or args.regenerate:
        scale = dashboard_data.Scale(content=args.content, reports=args.reports, findings=args.findings,
                                     cases=args.cases, groups=args.groups)
        counts = dashboard_data.generate(scale, seed=int(time.time()), progress=print)
        print(f"generated: {counts}")
    else:
        print(f"data present: {existing} content items (use --regenerate to add more)")

    began = time.perf_counter()
    result = refresh(full=True)
    print(f"refresh-stats --full: {time.perf_counter() - began:.1f} s ({result.summary()})")
    from pantau.dashboard.models import DailyStat

    print(f"aggregate rows: {DailyStat.objects.count()}")
    began = time.perf_counter()
    result = refresh()
    print(f"refresh-stats (incremental, nothing new): {time.perf_counter() - began:.2f} s")
    if connection.vendor == "postgresql":
        # what autovacuum does after a bulk load: without it the planner still sees the tables as empty
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    from django.core.cache import cache

    from pantau.dashboard.services.report import warm_default_boards

    cache.clear()
    began = time.perf_counter()
    warmed = warm_default_boards()
    print(f"default boards built after the refresh (refresh task): {warmed} in {time.perf_counter() - began:.1f} s")

    client = Client()
    client.force_login(leader)
    failures = 0
    for region in ("15", "15.71"):
        query = f"region={region}&from={PERIOD[0]}&to={PERIOD[1]}"
        first = time_requests(client, f"/dasbor/?{query}", 1, warm_up=False)[0]
        page = time_requests(client, f"/dasbor/?{query}", args.runs, cold=True)
        page_warm = time_requests(client, f"/dasbor/?{query}", args.runs)
        api = time_requests(client, f"/api/v1/stats/summary/?{query}", args.runs, cold=True)
        baseline_runs = [direct_counts(region) for _ in range(5)]
        expected = baseline_runs[0][0]
        baseline_ms = statistics.median(ms for _, ms in baseline_runs)
        figures = client.get(f"/api/v1/stats/summary/?{query}").json()["counts"]
        same = all(figures[key] == value for key, value in expected.items())
        failures += not same
        p95_page, p95_api = percentile(page, 0.95), percentile(api, 0.95)
        failures += p95_page >= args.budget_ms
        print(f"\nregion {region}, {PERIOD[0]}..{PERIOD[1]}")
        print(f"  dashboard page /dasbor/      p50 {percentile(page, 0.5):7.1f} ms   p95 {p95_page:7.1f} ms"
              "   (built from the aggregates: cache cleared before each request)")
        print(f"  same page, board cached      p50 {percentile(page_warm, 0.5):7.1f} ms   "
              f"p95 {percentile(page_warm, 0.95):7.1f} ms   (until the next refresh)")
        print(f"  first visit after the refresh      {first:7.1f} ms   "
              f"({'default board built by the refresh' if region == '15' else 'a filter nobody opened yet'})")
        print(f"  summary API                  p50 {percentile(api, 0.5):7.1f} ms   p95 {p95_api:7.1f} ms")
        print(f"  direct SQL COUNT (baseline)  median {baseline_ms:7.1f} ms for the 5 headline counts")
        print(f"  ratio API p95 / baseline     {p95_api / baseline_ms:.3f}")
        for key, value in expected.items():
            mark = "ok" if figures[key] == value else "DIFFERENT"
            print(f"    {key:8s} dashboard {figures[key]:>9}   direct count {value:>9}   {mark}")
    print("\nresult:", "PASS" if not failures else f"FAIL ({failures})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
