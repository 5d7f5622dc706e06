"""The demo data set gives every handler and the police liaison realistic work."""

from __future__ import annotations

import random

import pytest
from django.utils import timezone

from pantau.cases import demo, violations
from pantau.cases.models import Case, Finding, Notification, Referral, State

pytestmark = pytest.mark.django_db


def test_demo_cases_in_every_state_for_each_office(users, election, client_for):
    from pantau.core.demo import DemoContext

    ctx = DemoContext(election=election, users=users, organisations=[], rng=random.Random(1))
    demo.load(ctx)
    demo.load(ctx)  # idempotent
    for office in ("15.71", "15.01", "15"):
        states = set(Case.objects.filter(office_region_id=office).values_list("state", flat=True))
        assert states == set(State.values), (office, set(State.values) - states)
    statuses = set(Referral.objects.filter(institution="polri").values_list("status", flat=True))
    assert {"dikirim", "diterima", "ada_hasil"} <= statuses
    assert Referral.objects.filter(institution="bkn", deadlines__due__lt=timezone.now(),
                                   deadlines__met_at__isnull=True, deadlines__superseded=False).exists()
    assert Notification.objects.filter(kind="eskalasi_lewat", recipient__username="provinsi.pimpinan").exists()
    # Every demo finding has a violation type, so the dashboard has no "no type" findings.
    types = set(Finding.objects.values_list("violation_type", flat=True))
    assert types and types <= set(violations.keys()), types

    kota = client_for("kotajambi.penanganan").get("/kasus/?all=1").content.decode()
    kerinci = client_for("kerinci.penanganan").get("/kasus/?all=1").content.decode()
    assert 'class="badge lewat"' in kota and 'class="badge mendekati"' in kota and 'class="badge aman"' in kota
    assert "/05.01/" in kerinci and "/05.71/" not in kerinci
    province = client_for("provinsi.penanganan").get("/api/v1/cases/?limit=200").json()
    assert {c["office_region"] for c in province["results"]} == {"15", "15.01", "15.71"}
    police = client_for("gakkumdu.polda").get("/kasus/").content.decode()
    assert police.count("<tr>") - 1 == Referral.objects.filter(institution="polri").count()
    assert "BKN" not in police
