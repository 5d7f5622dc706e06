"""Staff pages for partner organisations, agreements, members and trainings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .forms import AgreementForm, MemberForm, OrganisationForm, TrainingForm
from .models import Organisation
from .scoping import can_manage_partners, organisations_visible_to


def _visible_org(request, pk) -> Organisation:
    # 404, not 403, for another jurisdiction's record: do not confirm it exists.
    return get_object_or_404(organisations_visible_to(request.user), pk=pk)


@login_required
def organisation_list(request):
    orgs = organisations_visible_to(request.user).select_related("region").annotate(
        member_count=Count("members", filter=Q(members__active=True), distinct=True),
        training_count=Count("trainings", distinct=True),
    )
    if not (request.user.is_bawaslu or request.user.is_partner or request.user.is_superuser):
        raise PermissionDenied
    return render(request, "partners/list.html", {"organisations": orgs, "can_manage": can_manage_partners(request.user)})


@login_required
def organisation_detail(request, pk):
    org = _visible_org(request, pk)
    return render(
        request,
        "partners/detail.html",
        {
            "org": org,
            "agreements": org.agreements.select_related("region"),
            "members": org.members.select_related("region"),
            "trainings": org.trainings.select_related("region").prefetch_related("attendees"),
            "can_manage": can_manage_partners(request.user),
        },
    )


def _form_page(request, form, title, success_url):
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Tersimpan."))
        return redirect(success_url)
    return render(request, "partners/form.html", {"form": form, "title": title})


@login_required
def organisation_create(request):
    if not can_manage_partners(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        org = form.save()
        messages.success(request, _("Organisasi mitra tersimpan."))
        return redirect("partners:detail", pk=org.pk)
    return render(request, "partners/form.html", {"form": form, "title": _("Organisasi mitra baru")})


@login_required
def organisation_edit(request, pk):
    org = _visible_org(request, pk)
    if not can_manage_partners(request.user):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=org, user=request.user)
    return _form_page(request, form, _("Ubah organisasi mitra"), f"/mitra/{org.pk}/")


def _child_create(form_class, title, **form_kwargs):
    @login_required
    def view(request, pk):
        org = _visible_org(request, pk)
        if not can_manage_partners(request.user):
            raise PermissionDenied
        extra = {"organisation": org} if form_class is TrainingForm else {}
        form = form_class(request.POST or None, user=request.user, **extra)
        if request.method == "POST" and form.is_valid():
            obj = form.save(commit=False)
            obj.organisation = org
            obj.save()
            form.save_m2m()
            messages.success(request, _("Tersimpan."))
            return redirect("partners:detail", pk=org.pk)
        return render(request, "partners/form.html", {"form": form, "title": title, "org": org})

    return view


agreement_create = _child_create(AgreementForm, gettext_lazy("Perjanjian kerja sama baru"))
member_create = _child_create(MemberForm, gettext_lazy("Anggota pemantau baru"))
training_create = _child_create(TrainingForm, gettext_lazy("Pelatihan / sosialisasi baru"))
