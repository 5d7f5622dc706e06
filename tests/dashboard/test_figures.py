"""Dashboard figures equal direct counts on the source tables; scoping holds."""

import datetime as dt

import pytest
from django.db.models import Q

pytestmark = pytest.mark.django_db

START, END = dt.date(2024, 9, 25), dt.date(2024, 11, 27)


def _within(code, field="region"):
    return Q(**{f"{field}_id": code}) | Q(**{f"{field}__code__startswith": code + "."})


def _local_day_range():
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return (dt.datetime.combine(START, dt.time.min, tzinfo=tz),
            dt.datetime.combine(END + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


def direct_counts(code, label=""):
    from pantau.cases.models import Case, Finding, Referral
    from pantau.monitoring.models import ContentItem
    from pantau.reports.models import Report

    low, high = _local_day_range()
    reports = Report.objects.filter(_within(code), event_date__gte=START, event_date__lte=END).exclude(status="digabung")
    if label:
        reports = reports.filter(category=label)
    content = ContentItem.objects.filter(_within(code), published_at__gte=low, published_at__lt=high)
    counts = {
        "report": reports.filter(kind="laporan").count(),
        "tip": reports.filter(kind="informasi").count(),
        "finding": Finding.objects.filter(_within(code), known_on__gte=START, known_on__lte=END).count(),
        "case": Case.objects.filter(_within(code), received_at__gte=low, received_at__lt=high).count(),
        "referrals": Referral.objects.filter(_within(code, "case__region"), sent_at__gte=low, sent_at__lt=high).count(),
    }
    if label:
        counts["content"] = sum(1 for labels in content.values_list("labels", flat=True) if label in labels)
        del counts["finding"], counts["case"], counts["referrals"]
    else:
        counts["content"] = content.count()
    return counts


@pytest.mark.parametrize("code", ["15", "15.71", "15.01", "15.71.01"])
def test_summary_matches_direct_count(client_for, synthetic, code):
    body = client_for("admin").get(f"/api/v1/stats/summary/?region={code}&from={START}&to={END}").json()
    expected = direct_counts(code)
    assert expected["report"] > 0 or code == "15.71.01"
    for key, value in expected.items():
        assert body["counts"][key] == value, key


def test_summary_by_violation_type_matches_direct_count(client_for, synthetic):
    body = client_for("provinsi.analis").get(
        f"/api/v1/stats/summary/?region=15&from={START}&to={END}&jenis=politik_uang").json()
    expected = direct_counts("15", "politik_uang")
    assert body["counts"]["report"] == expected["report"]
    assert body["counts"]["content"] == expected["content"] > 0


def test_per_voters_and_compliance(client_for, synthetic):
    from pantau.cases.models import Case, Deadline

    body = client_for("kotajambi.penanganan").get(f"/api/v1/stats/summary/?from={START}&to={END}").json()
    assert body["region"]["code"] == "15.71" and body["region"]["voters"] == 451723
    assert body["per_100k_voters"]["report"] == round(body["counts"]["report"] * 100000 / 451723, 2)
    # Deadline compliance: decided within the limit among those met in the period (direct count).
    low, high = _local_day_range()
    met = Deadline.objects.filter(kind="putusan", met_at__gte=low, met_at__lt=high, superseded=False).filter(
        _within("15.71", "case__region"))
    on_time = sum(1 for met_at, due in met.values_list("met_at", "due") if met_at <= due)
    assert body["deadline_compliance"]["decided_on_time"] == on_time
    decided = Case.objects.filter(_within("15.71"), decided_at__gte=low, decided_at__lt=high).count()
    assert body["counts"]["decided"] == decided


def test_kerinci_sees_kerinci_only(client_for, synthetic):
    page = client_for("kerinci.penanganan").get("/dasbor/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Kota Jambi" not in html and "KOTA JAMBI" not in html
    body = client_for("kerinci.penanganan").get("/api/v1/stats/summary/").json()
    assert body["counts"]["report"] == direct_counts("15.01")["report"]


def test_province_page_shows_every_part(client_for, synthetic):
    html = client_for("provinsi.pimpinan").get("/dasbor/").content.decode()
    for part in ("Per kabupaten/kota", "Per kecamatan", "Jenis pelanggaran", "Platform", "Mitra", "Putusan",
                 "Kepatuhan tenggat", "Penerusan", "Aktor berulang", "Narasi mirip terbesar", "Masa tenang",
                 "Pemungutan suara"):
        assert part in html, part
    assert html.count('role="img"') >= 8
    # Each kab/kota links to its office dashboard.
    assert 'href="/dasbor/15.01/' in html


def test_office_dashboard_and_filters(client_for, synthetic):
    client = client_for("provinsi.analis")
    response = client.get("/dasbor/15.72/?from=2024-11-24&to=2024-11-27&jenis=politik_uang&peta=kasus&per=pemilih")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sungai Penuh" in html and "24-11-2024" in html


def test_recurring_actors_and_narratives(client_for, synthetic):
    from pantau.dashboard.services import filters, metrics

    user = client_for("admin") and __import__("pantau.accounts.models", fromlist=["User"]).User.objects.get(username="admin")
    f = filters.parse({"region": "15", "from": "2024-09-10", "to": "2024-12-05"}, user)
    actors = metrics.recurring_actors(f, user)
    assert actors["akun"], "skewed handles must recur"
    assert all(row["active_days"] >= 2 for row in actors["akun"] + actors["desa"])
    # Narratives count a group's members by the day they were posted: give the synthetic groups members.
    from django.utils import timezone

    from pantau.dashboard.services.refresh import refresh
    from pantau.monitoring.models import ContentItem, NearDupGroup

    posted = list(ContentItem.objects.filter(published_at__isnull=False).order_by("pk").values_list("pk", flat=True))
    for n, group in enumerate(NearDupGroup.objects.order_by("pk")):
        ContentItem.objects.filter(pk__in=posted[n * 6:n * 6 + 2 + n % 5]).update(group=group)
    refresh(full=True)
    groups = metrics.narratives(f, user)
    assert groups and groups[0]["items"] >= groups[-1]["items"]
    tz = timezone.get_current_timezone()
    low, high = dt.datetime(2024, 9, 10, tzinfo=tz), dt.datetime(2024, 12, 6, tzinfo=tz)
    for row in groups:
        assert row["items"] == ContentItem.objects.filter(group_id=row["id"], published_at__gte=low,
                                                          published_at__lt=high).count()
