"""Violation types on the dashboard: a finding counts under its own type first (then its origin's), and every type
is shown by its name (Indonesian, English in English mode), never by its key, on the dashboard, the transparency
page, the exports and the public statistics API."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.utils import timezone

from pantau.cases import services
from pantau.dashboard.models import DailyStat, Grain, Metric, RefreshState
from pantau.dashboard.services.refresh import refresh

pytestmark = pytest.mark.django_db

DAY = dt.date(2024, 11, 25)  # quiet period of Pilkada 2024, inside the default dashboard window


def _labels(metric: str) -> dict[str, int]:
    rows = DailyStat.objects.filter(grain=Grain.KABUPATEN, metric=metric)
    out: dict[str, int] = {}
    for label, count in rows.values_list("label", "count"):
        out[label] = out.get(label, 0) + count
    return out


def _content_item(region_code: str, labels: list[str], n: int, published: dt.datetime):
    from pantau.monitoring.models import ContentItem

    return ContentItem.objects.create(
        platform="facebook", external_id=f"jenis-{n}", dedup_key=f"facebook:id:jenis-{n}", content_hash=f"{n:064d}",
        text=f"Pilih nomor 2 besok, kumpul di posko {n}", published_at=published, first_seen_at=timezone.now(),
        region_id=region_code, labels=labels, status="flagged", url=f"https://facebook.com/demo.fiktif/posts/{n}")


@pytest.fixture
def handler(demo_users, election):
    return demo_users["kotajambi.penanganan"]


def _report(region_code: str, category: str, kind: str = "informasi"):
    """A tip (informasi awal) or report through the public form's service, the reporter's category "other" and
    the system's set to `category`."""
    from pantau.reports.models import Report
    from pantau.reports.services import submit_report

    data = {
        "kind": kind, "region": region_code, "kabupaten": region_code[:5], "event_date": DAY.isoformat(),
        "known_date": DAY.isoformat(), "category_hint": "lainnya", "declaration": "on",
        "description": f"Ada pembagian amplop berisi uang kepada warga di dekat posko {region_code} pada malam hari.",
    }
    if kind == "laporan":
        data.update({"reported_name": "Tim sukses fiktif", "reported_role": "koordinator", "reporter_type": "pemilih",
                     "reporter_name": "Pelapor Fiktif", "reporter_nik": "1571010101900001",
                     "reporter_address": "Jl. Contoh No. 1, Jambi", "reporter_phone": "081234567890",
                     "witnesses": "Saksi Fiktif"})
    tip = submit_report(data, received_at=dt.datetime.combine(DAY, dt.time(21), tzinfo=timezone.get_current_timezone()),
                        notify=False)
    Report.objects.filter(pk=tip.pk).update(category=category)
    tip.refresh_from_db()
    return tip


def test_finding_counts_under_its_own_type_then_its_origins(handler):
    tip = _report("15.71.01", "politik_uang")
    own = services.finding_from_tip(tip, handler)
    services.set_finding_violation_type(own, handler, "netralitas")  # corrected: the finding's own type wins
    # A finding recorded before findings had a type of their own still counts under its origin's.
    older = services.create_finding(handler, region="15.71.02", title="t", description="d", known_on=DAY,
                                    origin_ref=f"reports.Report:{tip.pk}")
    type(older).objects.filter(pk=older.pk).update(violation_type="")
    plain = services.create_finding(handler, region="15.71.03", title="t", description="d", known_on=DAY,
                                    violation_type="masa_tenang")
    services.open_case_from_finding(plain, handler)
    refresh(full=True)
    assert _labels(Metric.FINDING) == {"netralitas": 1, "politik_uang": 1, "masa_tenang": 1}
    assert _labels(Metric.CASE) == {"masa_tenang": 1}

    # Correcting a type later reaches findings and the cases opened from them on the next incremental refresh.
    RefreshState.objects.update(watermark=timezone.now() - dt.timedelta(minutes=1))
    services.set_finding_violation_type(plain, handler, "politik_uang")
    result = refresh()
    assert result.rows["findings"] > 0 and result.rows["cases"] > 0
    assert _labels(Metric.FINDING) == {"netralitas": 1, "politik_uang": 2}
    assert _labels(Metric.CASE) == {"politik_uang": 1}


def test_report_of_type_other_and_its_case_count_under_other(handler):
    report = _report("15.71.01", "", kind="laporan")
    services.open_case_from_report(report, handler)
    refresh(full=True)
    assert _labels(Metric.REPORT) == {"lainnya": 1}
    assert _labels(Metric.CASE) == {"lainnya": 1}  # not "no type": the same as the report it came from


@pytest.fixture
def quiet_period_records(handler):
    """Content flagged `masa_tenang` and a finding of that type, aggregated."""
    moment = dt.datetime.combine(DAY, dt.time(20), tzinfo=timezone.get_current_timezone())
    for n in range(3):
        _content_item("15.71.01", ["masa_tenang"], n, moment)
    _content_item("15.71.01", ["politik_uang"], 9, moment)
    services.create_finding(handler, region="15.71.01", title="Kampanye pada masa tenang", description="Brosur.",
                            known_on=DAY, violation_type="masa_tenang")
    refresh(full=True)
    cache.clear()


def _visible_text(html: str) -> str:
    """The page without tags and attribute values: what a reader sees (filter values and links may hold keys)."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]*>", " ", html)


def test_no_raw_key_on_dashboard_transparency_and_api(client_for, client, quiet_period_records):
    page = client_for("provinsi.analis").get("/dasbor/")
    assert page.status_code == 200
    text = _visible_text(page.content.decode())
    assert "masa_tenang" not in text and "politik_uang" not in text
    assert "Kampanye di masa tenang" in text
    # The filter offers the type by name, and filtering by it works.
    assert re.search(r'<option value="masa_tenang"[^>]*>Kampanye di masa tenang</option>', page.content.decode())
    filtered = client_for("provinsi.analis").get("/dasbor/?jenis=masa_tenang")
    assert filtered.status_code == 200 and "masa_tenang" not in _visible_text(filtered.content.decode())

    csv = client_for("provinsi.analis").get("/dasbor/ekspor/tabel.csv?tabel=jenis").content.decode("utf-8-sig")
    assert "Kampanye di masa tenang" in csv and "masa_tenang" not in csv

    public = client.get("/transparansi/")
    assert public.status_code == 200
    assert "masa_tenang" not in public.content.decode()
    assert "Kampanye di masa tenang" in _visible_text(public.content.decode())

    body = client.get("/api/v1/stats/public/").json()
    types = {row["type"]: row["name"] for row in body["by_violation_type"]}
    assert types["masa_tenang"] == "Kampanye di masa tenang"
    assert all(name and name != key and "_" not in name for key, name in types.items()), types


def test_type_names_in_english(client_for, quiet_period_records):
    client = client_for("provinsi.analis")
    assert client.post("/i18n/setlang/", {"language": "en", "next": "/"}).status_code == 302
    page = _visible_text(client.get("/dasbor/").content.decode())
    assert "Money politics / vote buying" in page
    assert "masa_tenang" not in page and "Politik uang" not in page
    cache.clear()
    body = client.get("/api/v1/stats/public/").json()
    names = {row["type"]: row["name"] for row in body["by_violation_type"]}
    assert names["politik_uang"] == "Money politics / vote buying"
    assert all(name != key for key, name in names.items())


def test_unknown_key_in_the_aggregates_is_still_shown_as_words(client_for, election):
    for grain, region in ((Grain.KABUPATEN, "15.71"), (Grain.PROVINCE, "15")):  # as the refresh rolls them up
        DailyStat.objects.create(day=DAY, grain=grain, region_id=region, metric=Metric.REPORT, label="label_lama",
                                 count=2)
    text = _visible_text(client_for("provinsi.analis").get("/dasbor/").content.decode())
    assert "label_lama" not in text and "Label lama" in text
