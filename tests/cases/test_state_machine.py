"""Random sequences of actions, by random people, at random moments, never break the case invariants:

* no decision without registration;
* no registration past a deadline without a recorded override reason;
* no closed case with an open referral;
* every transition is audited, and every refused attempt is audited and changes nothing;
* a stale form (old version) is always refused.
"""

from __future__ import annotations

import collections
import datetime as dt

import pytest
import time_machine
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test

from pantau.audit.models import AuditEntry
from pantau.cases import services
from pantau.cases.models import Case, Deadline, Referral, State
from pantau.cases.services import CaseError, Conflict

WIB = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2024, 11, 20, 9, 0, tzinfo=WIB)
ACTORS = ["kotajambi.penanganan", "kotajambi.penanganan2", "kotajambi.pimpinan", "provinsi.penanganan",
          "kerinci.penanganan", "kotajambi.analis", "gakkumdu.polda"]
INSTITUTIONS = ["polri", "kpu", "bkn", "pemda", "dkpp", "komdigi"]
DECISIONS = ["administrasi", "kode_etik", "pidana", "hukum_lainnya", "bukan_pelanggaran", "sengketa"]
REACHED: collections.Counter = collections.Counter()
reasons = st.sampled_from(["", "Alasan uji yang dicatat", "Pelapor terlambat karena sakit"])


class CaseMachine(RuleBasedStateMachine):
    users: dict = {}
    finding_factory = None
    report_factory = None

    def __init__(self):
        super().__init__()
        self.traveller = time_machine.travel(START, tick=False)
        self.clock = self.traveller.start()
        self.case = None
        self.successes = 0
        self.refusals = 0
        self.refusals_before = AuditEntry.objects.filter(action="cases.refused").count()

    def teardown(self):
        if self.case is not None:
            case = Case.objects.get(pk=self.case.pk)
            REACHED[case.state] += 1
            REACHED["with_referral"] += Referral.objects.filter(case=case).exists()
            REACHED["override"] += bool(case.registration_override)
        self.traveller.stop()

    # -- setup ---------------------------------------------------------------------------------------------
    @initialize(from_report=st.booleans(), days_before=st.integers(min_value=0, max_value=12),
                head_start=st.integers(min_value=0, max_value=7), decision=st.sampled_from(DECISIONS),
                institution=st.sampled_from(INSTITUTIONS))
    def open_case(self, from_report, days_before, head_start, decision, institution):
        handler = self.users["kotajambi.penanganan"]
        known = (START - dt.timedelta(days=days_before)).date()
        if from_report:
            report = type(self).report_factory("15.71.01", known=known, received_at=START)
            self.case = services.open_case_from_report(report, handler)
        else:
            self.case = services.open_case_from_finding(type(self).finding_factory(known=known), handler)
        for _ in range(head_start):
            step = self._next_step(decision, institution, "Registrasi dengan alasan tercatat")
            if step is not None:
                self._try(step)

    # -- helpers -------------------------------------------------------------------------------------------
    def _try(self, call, *args, **kwargs):
        before = Case.objects.get(pk=self.case.pk)
        try:
            call(*args, **kwargs)
        except CaseError:
            self.refusals += 1
            after = Case.objects.get(pk=self.case.pk)
            assert (after.state, after.version, after.locked_by_id, after.office_region_id) == (
                before.state, before.version, before.locked_by_id, before.office_region_id), "a refusal changed the case"
            return False
        self.successes += 1
        after = Case.objects.get(pk=self.case.pk)
        assert after.version == before.version + 1
        return True

    def _referral(self, index):
        referrals = list(Referral.objects.filter(case=self.case).order_by("pk"))
        return referrals[index % len(referrals)] if referrals else None

    # -- rules ---------------------------------------------------------------------------------------------
    def _next_step(self, decision, institution, override):
        """The next step of the procedure by the case's own handler."""
        case = Case.objects.select_related("decision").get(pk=self.case.pk)
        handler = self.users["kotajambi.penanganan" if case.office_region_id == "15.71" else "provinsi.penanganan"]
        if case.state in (State.RECEIVED, State.INCOMPLETE):
            return lambda: services.register(case.pk, handler, override_reason=override)
        if case.state in (State.REGISTERED, State.CLARIFICATION):
            return lambda: services.start_review(case.pk, handler)
        if case.state == State.REVIEW:
            return lambda: services.decide(case.pk, handler, decision_type=decision, reason="Hasil kajian")
        if case.state == State.DECIDED:
            if case.decision.type in services.REFERABLE_DECISIONS:
                return lambda: services.refer(case.pk, handler, institution=institution)
            return lambda: services.close_case(case.pk, handler)
        if case.state == State.REFERRED:
            pending = Referral.objects.filter(case=case, status__in=["dikirim", "diterima"]).first()
            if pending is not None:
                return lambda: services.record_referral_outcome(pending, handler, reason="Hasil")
            return lambda: services.close_case(case.pk, handler)
        return None

    @rule(decision=st.sampled_from(DECISIONS), institution=st.sampled_from(INSTITUTIONS), override=reasons)
    def advance(self, decision, institution, override):
        """Walks also move forward on purpose, so they reach referrals and closing."""
        step = self._next_step(decision, institution, override)
        if step is not None:
            self._try(step)

    @rule(hours=st.integers(min_value=1, max_value=60))
    def wait(self, hours):
        self.clock.shift(dt.timedelta(hours=hours))

    @rule(actor=st.sampled_from(ACTORS), reason=reasons)
    def request_completion(self, actor, reason):
        self._try(services.request_completion, self.case.pk, self.users[actor], reason=reason)

    @rule(actor=st.sampled_from(ACTORS), override=reasons)
    def register(self, actor, override):
        self._try(services.register, self.case.pk, self.users[actor], override_reason=override)

    @rule(actor=st.sampled_from(ACTORS), reason=reasons)
    def reject_registration(self, actor, reason):
        self._try(services.reject_registration, self.case.pk, self.users[actor], reason=reason)

    @rule(actor=st.sampled_from(ACTORS))
    def invite_clarification(self, actor):
        self._try(services.invite_clarification, self.case.pk, self.users[actor], invitee="Saksi Uji")

    @rule(actor=st.sampled_from(ACTORS))
    def start_review(self, actor):
        self._try(services.start_review, self.case.pk, self.users[actor])

    @rule(actor=st.sampled_from(ACTORS), reason=reasons)
    def extend_deadline(self, actor, reason):
        self._try(services.extend_deadline, self.case.pk, self.users[actor], reason=reason)

    @rule(actor=st.sampled_from(ACTORS), decision=st.sampled_from(DECISIONS), reason=reasons)
    def decide(self, actor, decision, reason):
        self._try(services.decide, self.case.pk, self.users[actor], decision_type=decision, reason=reason)

    @rule(actor=st.sampled_from(ACTORS), institution=st.sampled_from(INSTITUTIONS))
    def refer(self, actor, institution):
        self._try(services.refer, self.case.pk, self.users[actor], institution=institution)

    @rule(actor=st.sampled_from(ACTORS), index=st.integers(0, 5))
    def acknowledge(self, actor, index):
        referral = self._referral(index)
        if referral is not None:
            self._try(services.acknowledge_referral, referral, self.users[actor])

    @rule(actor=st.sampled_from(ACTORS), index=st.integers(0, 5), reason=reasons)
    def outcome(self, actor, index, reason):
        referral = self._referral(index)
        if referral is not None:
            self._try(services.record_referral_outcome, referral, self.users[actor], reason=reason)

    @rule(actor=st.sampled_from(ACTORS), index=st.integers(0, 5), reason=reasons)
    def close_referral(self, actor, index, reason):
        referral = self._referral(index)
        if referral is not None:
            self._try(services.close_referral, referral, self.users[actor], reason=reason)

    @rule(actor=st.sampled_from(ACTORS), reason=reasons)
    def close_case(self, actor, reason):
        self._try(services.close_case, self.case.pk, self.users[actor], reason=reason)

    @rule(actor=st.sampled_from(ACTORS), which=st.sampled_from(["check_out", "release"]))
    def lock(self, actor, which):
        self._try(getattr(services, which), self.case.pk, self.users[actor])

    @rule(actor=st.sampled_from(ACTORS), reason=reasons)
    def break_lock(self, actor, reason):
        self._try(services.break_lock, self.case.pk, self.users[actor], reason=reason)

    @rule(actor=st.sampled_from(ACTORS), office=st.sampled_from(["15", "15.71", "15.01"]), reason=reasons)
    def hand_over(self, actor, office, reason):
        self._try(services.hand_over, self.case.pk, self.users[actor], to_office=office, reason=reason)

    @rule(actor=st.sampled_from(ACTORS[:4]))
    def stale_form(self, actor):
        current = Case.objects.get(pk=self.case.pk).version
        try:
            services.start_review(self.case.pk, self.users[actor], expected_version=current - 1)
        except Conflict:
            self.refusals += 1
        except CaseError as error:  # jurisdiction or role is checked before the version
            assert error.status in (403, 404)
            self.refusals += 1
        else:
            raise AssertionError("a stale form was accepted")

    # -- invariants ----------------------------------------------------------------------------------------
    @invariant()
    def no_decision_without_registration(self):
        case = Case.objects.filter(pk=self.case.pk).select_related("decision").first() if self.case else None
        if case is None:
            return
        decision = getattr(case, "decision", None)
        if decision is not None:
            assert case.registered_at is not None and case.register_number
            assert case.registered_at <= decision.decided_at
        if case.state in (State.REVIEW, State.CLARIFICATION, State.DECIDED, State.REFERRED):
            assert case.registered_at is not None

    @invariant()
    def no_late_registration_without_override(self):
        if self.case is None:
            return
        case = Case.objects.get(pk=self.case.pk)
        if case.registered_at is None:
            return
        late = False
        for row in Deadline.objects.filter(case=case, kind=Deadline.Kind.FILING):
            late |= row.due is None or (row.met_at is not None and row.met_at > row.due)
        for row in Deadline.objects.filter(case=case, kind=Deadline.Kind.COMPLETION):
            late |= row.due is not None and case.registered_at > row.due and (
                row.met_at is None or row.met_at > row.due)
        if late:
            assert case.registration_override.strip(), "registered past a deadline without an override reason"

    @invariant()
    def no_closed_case_with_open_referral(self):
        if self.case is None:
            return
        case = Case.objects.get(pk=self.case.pk)
        if case.state == State.CLOSED:
            assert all(r.resolved for r in Referral.objects.filter(case=case))
            assert not case.deadlines.filter(met_at__isnull=True, superseded=False).exists()

    @invariant()
    def every_transition_and_refusal_audited(self):
        if self.case is None:
            return
        case = Case.objects.get(pk=self.case.pk)
        events = list(case.events.values_list("action", flat=True))
        for action in set(events):
            audited = AuditEntry.objects.filter(action=f"cases.{action}", object_pk=str(case.pk)).count()
            assert audited >= events.count(action), f"{action} not audited"
        assert len(events) == self.successes + 1  # + the opening
        assert case.version == 1 + self.successes
        refused = AuditEntry.objects.filter(action="cases.refused").count() - self.refusals_before
        assert refused == self.refusals


@pytest.mark.django_db
def test_random_action_sequences_keep_the_invariants(users, finding_factory, report_factory):
    CaseMachine.users = users
    CaseMachine.finding_factory = staticmethod(finding_factory)
    CaseMachine.report_factory = staticmethod(report_factory)
    run_state_machine_as_test(
        CaseMachine,
        settings=settings(max_examples=30, stateful_step_count=30, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]),
    )
    print("reached", dict(REACHED))
    # The random walks do reach the far end of the procedure (not only early refusals).
    assert REACHED["diputus"] + REACHED["diteruskan"] + REACHED["selesai"] > 0, REACHED
    assert REACHED["with_referral"] > 0 and REACHED["selesai"] > 0, REACHED
