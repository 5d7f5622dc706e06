from django.utils.translation import gettext as _
from rest_framework import serializers, viewsets
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated

from .models import Agreement, Organisation, Training
from .scoping import can_manage_partners, organisations_visible_to


class AgreementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["id", "number", "signed_on", "scopes", "valid_from", "valid_until", "region"]


class OrganisationSerializer(serializers.ModelSerializer):
    agreements = AgreementSerializer(many=True, read_only=True)
    active_members = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["id", "name", "kind", "region", "active", "agreements", "active_members"]

    def get_active_members(self, obj) -> int:
        return obj.members.filter(active=True).count()

    def validate_region(self, region):
        user = self.context["request"].user
        if not user.is_superuser and not (user.jurisdiction_id and region.code.startswith(user.jurisdiction_id)):
            raise serializers.ValidationError(_("Wilayah di luar yurisdiksi Anda."))
        return region


class TrainingSerializer(serializers.ModelSerializer):
    attendance = serializers.IntegerField(read_only=True)

    class Meta:
        model = Training
        fields = ["id", "organisation", "kind", "title", "held_on", "region", "attendance"]


class CanManageOrReadOnly(BasePermission):
    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or can_manage_partners(request.user)


class OrganisationViewSet(viewsets.ModelViewSet):
    serializer_class = OrganisationSerializer
    permission_classes = [IsAuthenticated, CanManageOrReadOnly]

    def get_queryset(self):
        return organisations_visible_to(self.request.user).select_related("region").prefetch_related("agreements")


class TrainingViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TrainingSerializer

    def get_queryset(self):
        orgs = organisations_visible_to(self.request.user)
        return Training.objects.filter(organisation__in=orgs).select_related("region")


def register(router):
    router.register("partners", OrganisationViewSet, basename="partner")
    router.register("trainings", TrainingViewSet, basename="training")
