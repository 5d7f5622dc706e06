"""Deadlines on cases with time travel: calendar days (Pilkada), working days (Gakkumdu, Pemilu), the 1×24 h
police clock, escalation to the head of the office, and a holiday calendar missing a year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from pantau.cases import deadlines as engine
from pantau.cases import services, timing
from pantau.cases.models import Deadline, Notification
from pantau.cases.tasks import escalate, escalate_deadlines

pytestmark = pytest.mark.django_db
WIB = engine.WIB


def at(*args):
    return dt.datetime(*args, tzinfo=WIB)


@pytest.fixture
def handler(users):
    return users["kotajambi.penanganan"]


def _registered_case(finding_factory, handler, known):
    case = services.open_case_from_finding(finding_factory(known=known), handler)
    return services.register(case, handler)


def test_pilkada_counts_calendar_days_across_a_weekend(handler, finding_factory, time_machine):
    time_machine.move_to(at(2024, 11, 22, 15, 0), tick=False)  # Friday
    case = _registered_case(finding_factory, handler, dt.date(2024, 11, 21))
    due = case.deadlines.get(kind=Deadline.Kind.DECISION).due
    assert timezone.localtime(due, WIB) == at(2024, 11, 25, 23, 59, 59)  # Sat, Sun and Mon all count
    filing = case.deadlines.get(kind=Deadline.Kind.FILING)
    assert timezone.localtime(filing.due, WIB) == at(2024, 11, 28, 23, 59, 59) and filing.met_at


def test_police_investigation_counts_working_days_and_holidays(users, handler, finding_factory, time_machine):
    time_machine.move_to(at(2024, 12, 20, 10, 0), tick=False)  # Friday before Christmas
    case = _registered_case(finding_factory, handler, dt.date(2024, 12, 19))
    case = services.decide(services.start_review(case, handler), handler, decision_type="pidana", reason="187A")
    clock = case.deadlines.get(kind=Deadline.Kind.POLICE_REFERRAL)
    assert timezone.localtime(clock.due, WIB) == at(2024, 12, 21, 10, 0)  # 1×24 h, weekend or not
    case = services.refer(case, handler, institution="polri")
    referral = case.referrals.get()
    services.acknowledge_referral(referral, users["gakkumdu.polda"])
    row = case.deadlines.get(kind=Deadline.Kind.REFERRAL, superseded=False)
    # 14 working days: skips weekends, Natal (25 Dec), cuti bersama (26 Dec) and 1 January.
    assert row.rule_id == "penyidikan"
    assert timezone.localtime(row.due, WIB) == at(2025, 1, 14, 23, 59, 59)
    assert "Hari Raya Natal" in row.explanation and "[S" in row.source


def test_pemilu_rule_set_counts_working_days(handler, finding_factory, time_machine, election):
    from pantau.elections.models import Election, ElectionType

    time_machine.move_to(at(2024, 2, 16, 9, 0), tick=False)
    pemilu = Election.objects.create(slug="pemilu-2024-uji", name="Pemilu 2024 (uji)", type=ElectionType.PEMILU,
                                     region_id="15", voting_day=dt.date(2024, 2, 14), deadline_rules="pemilu")
    finding = finding_factory(known=dt.date(2024, 2, 15))
    finding.election = pemilu
    finding.save()
    case = services.open_case_from_finding(finding, handler)
    filing = case.deadlines.get(kind=Deadline.Kind.FILING)
    # 7 working days from Thu 15 Feb 2024: 16, 19, 20, 21, 22, 23, 26 Feb (weekends skipped).
    assert timezone.localtime(filing.due, WIB) == at(2024, 2, 26, 23, 59, 59)
    assert "UU 7/2017" in filing.source


def test_escalation_to_the_head_of_the_office_near_then_past(users, handler, finding_factory, time_machine,
                                                             django_capture_on_commit_callbacks):
    time_machine.move_to(at(2024, 11, 25, 10, 0), tick=False)
    case = _registered_case(finding_factory, handler, dt.date(2024, 11, 24))  # decision due 28 Nov 23:59:59
    head = users["kotajambi.pimpinan"]
    time_machine.move_to(at(2024, 11, 27, 12, 0), tick=False)
    assert escalate() == 0
    time_machine.move_to(at(2024, 11, 28, 12, 0), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate_deadlines.delay().get() == 1
    note = Notification.objects.get(recipient=head, kind__startswith="eskalasi")
    assert "mendekati tenggat" in note.message and case.register_number in note.message
    assert [m.to for m in mail.outbox] == [[head.email]]
    assert escalate() == 0  # idempotent at the same level
    time_machine.move_to(at(2024, 11, 29, 0, 30), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert escalate() == 1
    past = Notification.objects.filter(recipient=head).order_by("-created_at").first()
    assert "MELEWATI" in past.message
    assert len(mail.outbox) == 2
    # Handlers are not the recipients of an escalation, and the decision ends it.
    assert not Notification.objects.filter(recipient=handler, kind__startswith="eskalasi").exists()
    services.decide(services.start_review(case, handler), handler, decision_type="administrasi", reason="APK")
    time_machine.move_to(at(2024, 11, 30, 0, 30), tick=False)
    assert escalate() == 0


def test_escalation_falls_back_to_the_province_head(users, finding_factory, time_machine):
    kerinci = users["kerinci.penanganan"]
    time_machine.move_to(at(2024, 11, 25, 10, 0), tick=False)
    _registered_case(lambda **kw: finding_factory("15.01", actor="kerinci.penanganan", **kw), kerinci,
                     dt.date(2024, 11, 24))
    time_machine.move_to(at(2024, 11, 29, 1, 0), tick=False)
    assert escalate() == 1
    assert Notification.objects.get(kind__startswith="eskalasi").recipient.username == "provinsi.pimpinan"


def test_missing_holiday_year_gives_a_warning_not_a_date(users, handler, finding_factory, time_machine, monkeypatch,
                                                         client_for):
    only_2024 = engine.HolidayCalendar({2024: engine.default_calendar().year(2024)})
    monkeypatch.setattr(timing, "calendar", lambda: only_2024)
    time_machine.move_to(at(2024, 12, 20, 10, 0), tick=False)
    case = _registered_case(finding_factory, handler, dt.date(2024, 12, 19))
    case = services.decide(services.start_review(case, handler), handler, decision_type="pidana", reason="187A")
    case = services.refer(case, handler, institution="polri")
    services.acknowledge_referral(case.referrals.get(), users["gakkumdu.polda"])
    row = case.deadlines.get(kind=Deadline.Kind.REFERRAL, superseded=False)
    assert row.due is None
    assert "Kalender hari libur tahun 2025 belum tersedia" in row.warning
    assert timing.status_of(row) == "tanpa_tanggal"
    page = client_for("kotajambi.penanganan").get(f"/kasus/{case.pk}/").content.decode()
    assert "Kalender hari libur tahun 2025 belum tersedia" in page
    api = client_for("kotajambi.penanganan").get(f"/api/v1/cases/{case.pk}/").json()
    assert api["deadline"] is None and "2025" in api["deadline_warning"]
    assert escalate() == 1
    assert "tidak dapat dihitung" in Notification.objects.get(kind="eskalasi_tanpa_tanggal").message
    # The calendar-coverage banner also warns ahead of time.
    assert "2025" in timing.coverage_warning(at(2024, 12, 1, 9, 0))
