from django_filters import rest_framework as filters
from rest_framework import permissions, serializers, viewsets

from .models import Level, Region


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.CharField(source="parent_id", allow_null=True, read_only=True)

    class Meta:
        model = Region
        fields = ["code", "bps_code", "name", "level", "kind", "parent", "aliases", "latitude", "longitude"]


class RegionFilter(filters.FilterSet):
    level = filters.ChoiceFilter(choices=Level.choices)
    parent = filters.CharFilter(field_name="parent_id")
    within = filters.CharFilter(method="filter_within", label="kode wilayah induk (semua tingkat di bawahnya)")

    class Meta:
        model = Region
        fields = ["level", "parent", "kind"]

    def filter_within(self, queryset, name, value):
        return queryset.filter(code__startswith=value + ".")


class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    """Regions are public reference data: the report form's picker needs them without an account."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    permission_classes = [permissions.AllowAny]
    lookup_value_regex = r"[0-9.]+"
    pagination_class = None


def register(router):
    router.register("regions", RegionViewSet, basename="region")
