"""Jurisdiction scoping: the one place that decides which rows a user may see.

Every queryset shown on a page or through the API goes through `visible(...)`, so a new view cannot forget it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from pantau.regions.models import code_within, within

from .models import Role

NOTHING = Q(pk__in=[])


def sees_everything(user) -> bool:
    return bool(user and user.is_authenticated and user.is_superuser)


def region_scope(user, field: str = "region") -> Q:
    """Bawaslu staff: rows in their region or below. Everyone else: nothing (by region)."""
    if sees_everything(user):
        return Q()
    if not (user and user.is_authenticated and user.is_bawaslu and user.jurisdiction_id):
        return NOTHING
    return within(user.jurisdiction_id, field)


def visible(
    queryset: QuerySet,
    user,
    *,
    region_field: str | None = "region",
    organisation_field: str | None = None,
    submitter_field: str | None = None,
    institution_field: str | None = None,
) -> QuerySet:
    """Filter `queryset` to what `user` may see.

    region_field: the Region FK that places a row (Bawaslu staff see their region and below).
    organisation_field: partner coordinators see their organisation's rows.
    submitter_field: partner monitors see rows they submitted themselves.
    institution_field: liaison officers see rows referred to their institution (a field or lookup holding
    the institution code).
    """
    if sees_everything(user):
        return queryset
    if not (user and user.is_authenticated and user.is_active):
        return queryset.none()
    condition = NOTHING
    if user.is_bawaslu and region_field:
        condition = region_scope(user, region_field)
    elif user.role == Role.PARTNER_COORDINATOR and organisation_field and user.organisation_id:
        condition = Q(**{f"{organisation_field}_id": user.organisation_id})
    elif user.role == Role.PARTNER_MONITOR and submitter_field:
        condition = Q(**{f"{submitter_field}_id": user.pk})
    elif user.is_liaison and institution_field and user.institution:
        condition = Q(**{institution_field: user.institution})
        if region_field and user.jurisdiction_id:
            condition &= within(user.jurisdiction_id, region_field)
    if condition is NOTHING:
        return queryset.none()
    return queryset.filter(condition).distinct() if institution_field and "__" in institution_field else queryset.filter(condition)


def can_act_in(user, region_code: str | None) -> bool:
    """May this Bawaslu user act on a record placed in `region_code`?"""
    if sees_everything(user):
        return True
    return bool(user.is_authenticated and user.is_bawaslu and user.jurisdiction_id and code_within(region_code, user.jurisdiction_id))
