from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from .models import User
from .scoping import region_scope, sees_everything


class UserSerializer(serializers.ModelSerializer):
    office = serializers.CharField(source="office_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "first_name", "last_name", "role", "jurisdiction", "organisation", "institution", "office"]


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    """Colleagues within the caller's jurisdiction; everyone can read their own record at /users/me/."""

    serializer_class = UserSerializer

    def get_queryset(self):
        user = self.request.user
        qs = User.objects.filter(is_active=True).order_by("username")
        if sees_everything(user):
            return qs
        if user.is_bawaslu:
            return qs.filter(region_scope(user, "jurisdiction"))
        if user.is_partner and user.organisation_id and user.role == "mitra_koordinator":
            return qs.filter(organisation_id=user.organisation_id)
        return qs.filter(pk=user.pk)

    @action(detail=False)
    def me(self, request):
        return Response(self.get_serializer(request.user).data)


def register(router):
    router.register("users", UserViewSet, basename="user")
