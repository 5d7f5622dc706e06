"""API: public submission and tracking (no account), staff list/detail scoped by jurisdiction.

* ``POST /api/v1/reports/`` – multipart (fields + any number of files) or JSON (no files). No authentication.
  Returns 201 ``{"tracking_code": "...", "status": "...", ...}``; 400 ``{"detail", "code", "errors"}`` with
  messages per field in Indonesian, or in English when the request says ``Accept-Language: en``; 429 when the address sends too many. Header ``Idempotency-Key`` (or field
  ``idempotency_key``) makes a retry return the same report.
* ``GET /api/v1/reports/track/<tracking_code>/`` – public status (nothing about the reporter or anyone else).
* ``GET /api/v1/reports/form-token/`` – a signed timestamp for the minimum-fill-time check (optional for API use).
* ``GET /api/v1/reports/`` and ``/api/v1/reports/<id>/`` – staff and partners, scoped; identity masked.
* ``POST /api/v1/reports/<id>/reveal-identity/`` – handlers of the receiving office; audited.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from rest_framework import permissions, serializers, status, viewsets
from rest_framework.decorators import action, api_view, permission_classes, throttle_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle

from pantau.audit.middleware import client_ip
from pantau.regions.models import within

from . import services, spam, uploads
from .models import Channel, Report, ReportAttachment, normalise_tracking_code


class AttachmentSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()
    public_download = serializers.SerializerMethodField()

    class Meta:
        model = ReportAttachment
        fields = ["id", "kind", "sha256", "size", "content_type", "original_name", "had_location", "url",
                  "capture_status", "download", "public_download"]

    def get_download(self, obj) -> str | None:
        return f"/laporan/lampiran/{obj.pk}/asli/" if obj.original_id else None

    def get_public_download(self, obj) -> str | None:
        return f"/laporan/lampiran/{obj.pk}/publik/" if obj.public_copy_id else None


class ReportSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    office = serializers.SerializerMethodField()
    reporter = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, read_only=True)
    outcome = serializers.CharField(read_only=True)
    # Reasons are stored in Indonesian (the record) and read in the language the client asked for.
    routing_reason = serializers.CharField(source="routing_reason_text", read_only=True)
    registrable_reason = serializers.CharField(source="registrable_reason_text", read_only=True)
    spam_reason = serializers.CharField(source="spam_reason_text", read_only=True)
    public_note = serializers.CharField(source="public_note_text", read_only=True)

    class Meta:
        model = Report
        fields = [
            "id", "tracking_code", "kind", "channel", "status", "status_label", "public_note", "decision",
            "case_reference", "outcome", "region", "region_name", "place_detail", "latitude", "longitude",
            "event_date", "event_time", "known_date", "description", "category_hint", "category", "reported_name",
            "reported_role", "reported_address", "reporter_type", "reporter", "has_identity", "organisation",
            "office_region", "office", "routing_reason", "registrable", "registrable_reason", "requirements",
            "detection", "duplicate_of", "spam_suspected", "spam_reason", "attachments", "created_at",
        ]

    def get_office(self, obj) -> str:
        return services.office_name(obj.office_region)

    def get_reporter(self, obj) -> dict:
        return obj.masked_identity()


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    lookup_value_regex = r"\d+"
    throttle_scope = "public_report"

    def initialize_request(self, request, *args, **kwargs):
        if request.method == "POST" and not getattr(request, "_pantau_size_handler", None):
            request._pantau_size_handler = uploads.install(request)
        return super().initialize_request(request, *args, **kwargs)

    def get_permissions(self):
        if self.action in ("create", "form_token"):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_throttles(self):
        if self.action == "create":
            return [ScopedRateThrottle()]
        return super().get_throttles()

    def get_queryset(self):
        qs = services.visible_reports(self.request.user).select_related("region", "office_region")
        qs = qs.prefetch_related("attachments")
        params = self.request.query_params
        for field in ("status", "kind", "category", "channel"):
            if params.get(field):
                qs = qs.filter(**{field: params[field]})
        if params.get("office"):
            qs = qs.filter(office_region_id=params["office"])
        if params.get("region"):
            qs = qs.filter(within(params["region"], "region"))
        return qs.order_by("-created_at")

    def create(self, request, *args, **kwargs):
        handler = getattr(request._request, "_pantau_size_handler", None)
        files = [f for key in request.FILES for f in request.FILES.getlist(key)]
        data = request.data
        if hasattr(data, "dict"):
            data = {key: data.get(key) for key in data if key not in request.FILES}
        try:
            report = services.submit_report(
                data, files, user=request.user, ip=client_ip(request._request),
                idempotency_key=request.headers.get("Idempotency-Key"), channel=Channel.API,
                oversize=handler.oversize if handler else (),
            )
        except services.ReportInvalid as exc:
            return Response(
                {"detail": _("Kiriman belum dapat diterima. Periksa kembali isian berikut."), "code": "invalid",
                 "errors": exc.errors},
                status=status.HTTP_400_BAD_REQUEST,
            )
        body = {
            "tracking_code": report.tracking_code,
            "status": report.status,
            "status_label": report.get_status_display(),
            "kind": report.kind,
            "registrable": report.registrable,
            "registrable_reason": report.registrable_reason_text,
            "tracking_url": f"/lapor/lacak/{report.tracking_code}/",
            "replayed": bool(getattr(report, "replayed", False)),
        }
        response = Response(body, status=status.HTTP_201_CREATED)
        if body["replayed"]:
            response["Idempotent-Replayed"] = "true"
        return response

    @action(detail=True, methods=["post"], url_path="reveal-identity")
    def reveal_identity(self, request, pk=None):
        report = self.get_object()
        try:
            identity = services.reveal_identity(report, request.user, reason=str(request.data.get("reason", ""))[:300])
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return Response(identity)

    @action(detail=False, methods=["get"], url_path="form-token")
    def form_token(self, request):
        return Response({"form_token": spam.new_form_token(), "honeypot_field": spam.HONEYPOT_FIELD,
                         "min_fill_seconds": spam.min_fill_seconds()})


@api_view(["GET"])
@permission_classes([permissions.AllowAny])
@throttle_classes([AnonRateThrottle])
def track(request, tracking_code: str):
    report = (Report.objects.select_related("office_region", "duplicate_of")
              .filter(tracking_code=normalise_tracking_code(tracking_code)).first())
    if report is None:
        raise Http404
    return Response(services.public_view(report))


def register(router):
    router.register("reports", ReportViewSet, basename="report")


urlpatterns = [
    path("reports/track/<str:tracking_code>/", track, name="report-track"),
]
