"""/api/v1/cases/, /api/v1/findings/, /api/v1/referrals/ (read) and POST /api/v1/cases/<id>/transitions/.

A transition answers 200 with the case, 400 for bad input, 403 for the wrong role, 404 for another
jurisdiction, 409 (with an Indonesian message) when the action is not allowed from the current state, the form
is stale (version) or another handler holds the lock.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from . import services, timing
from .access import cases_visible_to, findings_visible_to, referrals_visible_to
from .actions import perform
from .models import Case, Deadline, Decision, Finding, Referral
from .workflow import TRANSITIONS, allowed_from


class DeadlineSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField()

    class Meta:
        model = Deadline
        fields = ["id", "kind", "rule_id", "source", "start", "due", "extended", "met_at", "superseded", "warning",
                  "referral", "status"]

    def get_status(self, obj) -> str:
        return timing.status_of(obj)


class ReferralSerializer(serializers.ModelSerializer):
    deadline = serializers.SerializerMethodField()
    letter_sha256 = serializers.CharField(source="letter_id", read_only=True)

    class Meta:
        model = Referral
        fields = ["id", "case", "institution", "status", "letter_number", "letter_sha256", "note", "sent_at",
                  "acknowledged_at", "outcome", "outcome_at", "closed_reason", "closed_at", "deadline"]

    def get_deadline(self, obj) -> str | None:
        rows = [d for d in obj.deadlines.all() if d.met_at is None and not d.superseded and d.due]
        return min(rows, key=lambda d: d.due).due.isoformat() if rows else None


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Decision
        fields = ["type", "reasoning", "articles", "decided_at"]


class CaseSerializer(serializers.ModelSerializer):
    deadline = serializers.SerializerMethodField()
    deadline_status = serializers.SerializerMethodField()
    deadline_warning = serializers.SerializerMethodField()
    referrals = serializers.SerializerMethodField()
    deadlines = DeadlineSerializer(many=True, read_only=True)
    decision = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    report_tracking_code = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = ["id", "origin", "report", "report_tracking_code", "finding", "title", "reported_party", "region",
                  "office_region", "election", "state", "register_number", "known_on", "received_at",
                  "registered_at", "decided_at", "closed_at", "handler", "locked_by", "locked_at", "version",
                  "deadline", "deadline_status", "deadline_warning", "deadlines", "decision", "referrals",
                  "allowed_actions"]

    def _current(self, obj):
        return obj.current_deadline

    def get_deadline(self, obj) -> str | None:
        row = self._current(obj)
        return row.due.isoformat() if row is not None and row.due else None

    def get_deadline_status(self, obj) -> str | None:
        row = self._current(obj)
        return timing.status_of(row) if row is not None else None

    def get_deadline_warning(self, obj) -> str:
        row = self._current(obj)
        return row.warning if row is not None else ""

    def get_referrals(self, obj) -> list[dict]:
        user = self.context["request"].user
        rows = obj.referrals.all()
        if user.is_liaison and not user.is_superuser:
            rows = [r for r in rows if r.institution == user.institution]
        return ReferralSerializer(rows, many=True).data

    def get_decision(self, obj) -> dict | None:
        decision = getattr(obj, "decision", None)
        return DecisionSerializer(decision).data if decision else None

    def get_allowed_actions(self, obj) -> list[str]:
        return [t.action for t in allowed_from(obj.state)]

    def get_report_tracking_code(self, obj) -> str | None:
        return obj.report.tracking_code if obj.report_id else None


class FindingSerializer(serializers.ModelSerializer):
    evidence = serializers.SlugRelatedField(slug_field="sha256", many=True, read_only=True)
    violation_type_name = serializers.CharField(read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "region", "election", "source", "title", "violation_type", "violation_type_name",
                  "description", "reported_party", "source_reference", "known_on", "plenary_on", "evidence",
                  "created_at"]


TRANSITION_REQUEST = inline_serializer("CaseTransition", {
    "action": serializers.ChoiceField(choices=list(TRANSITIONS)),
    "reason": serializers.CharField(required=False, allow_blank=True),
    "version": serializers.IntegerField(required=False),
    "referral": serializers.IntegerField(required=False),
    "decision_type": serializers.CharField(required=False),
    "institution": serializers.CharField(required=False),
    "to_office": serializers.CharField(required=False),
    "override_reason": serializers.CharField(required=False),
})


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = CaseSerializer
    filterset_fields = ["state", "office_region", "origin"]

    def get_queryset(self):
        return cases_visible_to(self.request.user).select_related("report").prefetch_related(
            "deadlines", "referrals__deadlines").order_by("-received_at")

    @extend_schema(request=TRANSITION_REQUEST, responses={200: CaseSerializer})
    @action(detail=True, methods=["post"], url_path="transitions")
    def transitions(self, request, pk=None):
        case = self.get_object()  # 404 outside the user's jurisdiction
        data = request.data if hasattr(request.data, "get") else {}
        action_name = data.get("action") or ""
        if action_name not in TRANSITIONS:
            detail = _("Aksi tidak dikenal: %(action)r. Pilih salah satu: %(options)s.") % {
                "action": action_name, "options": ", ".join(TRANSITIONS)}
            return Response({"detail": detail, "code": "invalid"}, status=400)
        try:
            perform(case, request.user, action_name, data)
        except services.CaseError as error:
            return Response({"detail": error.message, "code": error.code, "state": case.state,
                             "allowed_actions": [t.action for t in allowed_from(case.state)]}, status=error.status)
        fresh = self.get_queryset().get(pk=case.pk)
        return Response(CaseSerializer(fresh, context={"request": request}).data)


class FindingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = FindingSerializer

    def get_queryset(self):
        if not (self.request.user.is_bawaslu or self.request.user.is_superuser):
            return Finding.objects.none()
        return findings_visible_to(self.request.user).prefetch_related("evidence")


class ReferralViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReferralSerializer
    filterset_fields = ["institution", "status"]

    def get_queryset(self):
        return referrals_visible_to(self.request.user).prefetch_related("deadlines").order_by("-sent_at")


def register(router):
    router.register("cases", CaseViewSet, basename="case")
    router.register("findings", FindingViewSet, basename="finding")
    router.register("referrals", ReferralViewSet, basename="referral")

