"""The demo data set fills the leadership dashboard for Pilkada 2024 (issue 7): reports in every kab/kota, over the
campaign, quiet period and voting day; cases in every state; decisions within and past their legal limit;
referrals with outcomes at several institutions; and the province and office figures of the summary API.

The demo is built once (`pantau demo --no-serve`, without PDF letters for speed) and checked as a whole."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db

KABUPATEN_KOTA = ["15.01", "15.02", "15.03", "15.04", "15.05", "15.06", "15.07", "15.08", "15.09", "15.71", "15.72"]
CAMPAIGN = (dt.date(2024, 9, 25), dt.date(2024, 11, 23))
QUIET = (dt.date(2024, 11, 24), dt.date(2024, 11, 26))
VOTING = dt.date(2024, 11, 27)
PERIOD = "from=2024-09-25&to=2024-11-27"


def _client(username: str) -> Client:
    from pantau.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def _check_reports() -> None:
    from pantau.reports.models import Category, Channel, Kind, Report, Status

    reports = Report.objects.filter(event_date__range=(CAMPAIGN[0], VOTING))
    assert reports.count() >= 90
    for kab in KABUPATEN_KOTA:
        assert reports.filter(region__code__startswith=kab + ".").exists(), f"no reports in {kab}"
    hinted = set(reports.values_list("category_hint", flat=True))
    assert set(Category.values) - {Category.OTHER} <= hinted, set(Category.values) - hinted
    assert {Kind.REPORT, Kind.TIP} <= set(reports.values_list("kind", flat=True))
    assert {Channel.PUBLIC, Channel.PARTNER, Channel.STAFF} <= set(reports.values_list("channel", flat=True))
    assert reports.filter(channel=Channel.PARTNER).values("organisation").distinct().count() >= 3
    assert reports.filter(event_date__range=CAMPAIGN).count() > reports.filter(event_date__range=QUIET).count() > 0
    assert reports.filter(event_date=VOTING).exists()
    assert reports.filter(duplicate_of__isnull=False).exists()
    assert reports.filter(status=Status.MERGED).exists()
    # Everything the demo dated in 2024 stays in 2024 (or the follow-up weeks), including status changes.
    assert not Report.objects.filter(created_at__year=2024, history__at__gte=dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
                                     ).exists()


def _check_cases() -> None:
    from pantau.cases.models import Case, Deadline, Finding, Referral, State
    from pantau.cases.services import PUBLIC_STATUS

    assert set(Case.objects.values_list("state", flat=True)) == set(State.values)
    history = Case.objects.filter(received_at__date__range=(CAMPAIGN[0], VOTING))
    offices = set(history.values_list("office_region_id", flat=True))
    assert offices == {"15", *KABUPATEN_KOTA}, offices
    assert {State.CLOSED, State.NOT_REGISTERED, State.REFERRED} <= set(history.values_list("state", flat=True))
    assert not history.filter(events__at__year__gt=2025).exists()
    assert history.filter(register_number__endswith="/2024").count() >= 30

    decisions = Deadline.objects.filter(kind=Deadline.Kind.DECISION, superseded=False, met_at__isnull=False,
                                        case__in=history)
    on_time = [d for d in decisions if d.met_at <= d.due]
    late = [d for d in decisions if d.met_at > d.due]
    assert on_time and late
    assert len(on_time) > 2 * len(late)  # most within the limit
    assert decisions.filter(extended=True).exists()

    answered = set(Referral.objects.filter(case__in=history, status=Referral.Status.OUTCOME)
                   .values_list("institution", flat=True))
    assert len(answered) >= 4, answered
    assert "polri" in answered

    findings = Finding.objects.filter(known_on__year=2024)
    assert findings.filter(created_at__year=2024).count() == findings.count() >= 10
    assert {Finding.Source.SUPERVISION, Finding.Source.TIP} <= set(findings.values_list("source", flat=True))

    # A reporter's status follows the case.
    for case in Case.objects.filter(report__isnull=False).select_related("report"):
        assert case.report.status == PUBLIC_STATUS[State(case.state)][0], (case.pk, case.state, case.report.status)


def _check_dashboard() -> None:
    province = _client("provinsi.pimpinan").get(f"/api/v1/stats/summary/?region=15&{PERIOD}")
    assert province.status_code == 200
    counts = province.json()["counts"]
    for key in ("report", "tip", "finding", "case", "referrals", "decided"):
        assert counts[key] > 0, (key, counts)
    compliance = province.json()["deadline_compliance"]
    assert compliance["decided_on_time"] > compliance["decided_late"] > 0

    kerinci = _client("kerinci.penanganan")
    assert kerinci.get(f"/api/v1/stats/summary/?region=15.71&{PERIOD}").status_code == 404
    own = kerinci.get(f"/api/v1/stats/summary/?region=15.01&{PERIOD}")
    assert own.status_code == 200
    assert own.json()["counts"]["report"] > 0 and own.json()["counts"]["case"] > 0


def test_demo_fills_the_2024_dashboard(settings, jambi_regions):
    settings.DEMO_MODE = True
    settings.PANTAU_CASE_LETTERS = False
    call_command("demo", "--no-serve")
    _check_reports()
    _check_cases()
    _check_dashboard()
