"""The audit log for leadership: who changed what, when and from where, within their jurisdiction."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from pantau.accounts.models import Role
from pantau.accounts.scoping import sees_everything

from .models import AuditEntry
from .services import verify


@login_required
def audit_log(request):
    user = request.user
    if not (sees_everything(user) or (user.role == Role.LEADERSHIP and user.jurisdiction_id)):
        raise PermissionDenied
    entries = AuditEntry.objects.select_related("actor").order_by("-seq")
    if not sees_everything(user):
        code = user.jurisdiction_id
        entries = entries.filter(Q(region_code=code) | Q(region_code__startswith=code + "."))
    for key, lookup in (("action", "action"), ("model", "model"), ("actor", "actor_label__icontains"), ("object", "object_pk")):
        value = request.GET.get(key, "").strip()
        if value:
            entries = entries.filter(**{lookup: value})
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    chain = None
    if request.GET.get("verify") and sees_everything(user):
        checked, broken, reason = verify()
        chain = {"checked": checked, "broken": broken, "reason": reason}
    return render(request, "audit/log.html", {"page": page, "chain": chain, "filters": request.GET})
