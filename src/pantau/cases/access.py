"""Who sees which findings, cases and referrals (all through `pantau.accounts.scoping.visible`)."""

from __future__ import annotations

from pantau.accounts.scoping import can_act_in, sees_everything, visible
from pantau.regions.models import code_within

from .models import Case, Finding, Referral


def cases_visible_to(user, queryset=None):
    """Bawaslu staff: cases placed in, or handled by an office in, their jurisdiction. Liaison officers: only
    cases referred to their institution."""
    qs = queryset if queryset is not None else Case.objects.all()
    if user and user.is_authenticated and user.is_liaison:
        return visible(qs, user, region_field="office_region", institution_field="referrals__institution")
    return visible(qs, user, region_field="region") | visible(qs, user, region_field="office_region")


def referrals_visible_to(user, queryset=None):
    qs = queryset if queryset is not None else Referral.objects.all()
    if user and user.is_authenticated and user.is_liaison:
        return visible(qs, user, region_field="case__office_region", institution_field="institution")
    return visible(qs, user, region_field="case__region") | visible(qs, user, region_field="case__office_region")


def findings_visible_to(user, queryset=None):
    qs = queryset if queryset is not None else Finding.objects.all()
    return visible(qs, user, region_field="region")


def may_handle(user, case) -> bool:
    """May this Bawaslu user act on the case (its handling office lies in their jurisdiction)?"""
    return can_act_in(user, case.office_region_id)


def liaison_reaches(user, referral) -> bool:
    if sees_everything(user):
        return True
    if not (user and user.is_authenticated and user.is_liaison and user.institution == referral.institution):
        return False
    return not user.jurisdiction_id or code_within(referral.case.office_region_id, user.jurisdiction_id)
