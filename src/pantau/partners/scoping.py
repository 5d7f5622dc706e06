from django.db.models import Q

from pantau.accounts.scoping import region_scope, sees_everything


def organisations_visible_to(user, queryset=None):
    from .models import Organisation

    queryset = queryset if queryset is not None else Organisation.objects.all()
    if sees_everything(user):
        return queryset
    if not user.is_authenticated:
        return queryset.none()
    if user.is_bawaslu:
        return queryset.filter(region_scope(user, "region"))
    if user.is_partner and user.organisation_id:
        return queryset.filter(Q(pk=user.organisation_id))
    return queryset.none()


def can_manage_partners(user) -> bool:
    from pantau.accounts.models import Role

    return sees_everything(user) or (user.is_authenticated and user.role in {Role.LEADERSHIP, Role.ANALYST})
