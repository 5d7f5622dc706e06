"""/api/v1/monitoring/...: items and groups scoped by jurisdiction, and the import upload endpoint."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from . import services
from .models import ContentItem, ImportBatch, ImportFormat, NearDupGroup


class ContentItemSerializer(serializers.ModelSerializer):
    effective_labels = serializers.ListField(read_only=True)

    class Meta:
        model = ContentItem
        fields = ["id", "platform", "external_id", "url", "canonical_url", "content_hash", "kind", "title", "text",
                  "author_handle", "author_name", "author_followers", "likes", "shares", "comments", "views",
                  "published_at", "first_seen_at", "region", "source", "batch", "labels", "scores", "evidence",
                  "entities", "election_related", "watch_hits", "priority", "priority_parts", "group", "status",
                  "dismiss_reason", "corrected_labels", "effective_labels"]


class NearDupGroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = NearDupGroup
        fields = ["id", "first_seen_at", "last_seen_at", "item_count", "representative", "region", "labels"]


class ImportBatchSerializer(serializers.ModelSerializer):
    progress = serializers.IntegerField(read_only=True)

    class Meta:
        model = ImportBatch
        fields = ["id", "format", "original_name", "region", "source", "status", "message", "total", "imported",
                  "duplicates", "errors", "error_rows", "progress", "file", "created_at", "finished_at"]


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField()
    format = serializers.ChoiceField(choices=ImportFormat.choices)
    region = serializers.CharField(required=False)
    mapping = serializers.DictField(child=serializers.CharField(), required=False)
    platform = serializers.CharField(required=False)


class ContentItemViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ContentItemSerializer
    filterset_fields = ["status", "platform", "region", "group", "source", "batch"]

    def get_queryset(self):
        return services.items_for(self.request.user).order_by("-priority", "-first_seen_at")


class NearDupGroupViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = NearDupGroupSerializer

    def get_queryset(self):
        return services.groups_for(self.request.user)


class ImportBatchViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    parser_classes = [MultiPartParser, FormParser]

    def get_serializer_class(self):
        return ImportUploadSerializer if self.action == "create" else ImportBatchSerializer

    def get_queryset(self):
        return services.batches_for(self.request.user)

    def create(self, request, *args, **kwargs):
        upload = ImportUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        data = upload.validated_data
        region = data.get("region") or request.user.jurisdiction_id or "15"
        options = {k: data[k] for k in ("mapping", "platform") if data.get(k)}
        try:
            batch = services.submit_import(request.user, data=data["file"].read(), filename=data["file"].name,
                                           fmt=data["format"], region_code=region, options=options)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc) or None) from exc
        except DjangoValidationError as exc:
            raise ValidationError({"file": exc.messages}) from exc
        batch.refresh_from_db()
        return Response(ImportBatchSerializer(batch).data, status=status.HTTP_201_CREATED)


def register(router):
    router.register("monitoring/items", ContentItemViewSet, basename="monitoring-item")
    router.register("monitoring/groups", NearDupGroupViewSet, basename="monitoring-group")
    router.register("monitoring/imports", ImportBatchViewSet, basename="monitoring-import")
