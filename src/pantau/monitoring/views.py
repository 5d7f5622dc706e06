"""Analyst pages under /pengawasan/: the queue, item actions, groups, sources, imports, takedown requests.

Every record is looked up through the user's visible queryset: another jurisdiction's record is a 404.
Changes go through services.py, which answers 403 when a visible record may not be changed by this role.
"""

from __future__ import annotations

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pantau.evidence.store import append_custody, open_blob
from pantau.regions.models import within

from . import adapters, services
from .forms import ImportForm, QueueFilterForm, SourceForm, TakedownForm, WatchlistForm
from .models import ContentItem, ImportBatch, TakedownRequest


def _require_view(request):
    if not services.can_view(request.user):
        raise PermissionDenied


def _message_errors(request, exc: ValidationError):
    for message in exc.messages:
        messages.error(request, message)


def highlight(text: str, spans: list[dict]) -> str:
    """The text with evidence spans wrapped in <mark> (escaped; overlapping spans merged)."""
    clean = sorted(
        ((int(s["start"]), int(s["end"]), str(s.get("label", ""))) for s in spans
         if isinstance(s.get("start"), int) and isinstance(s.get("end"), int) and 0 <= s["start"] < s["end"] <= len(text)),
    )
    merged: list[list] = []
    for start, end, label in clean:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            if label not in merged[-1][2]:
                merged[-1][2].append(label)
        else:
            merged.append([start, end, [label]])
    out, pos = [], 0
    for start, end, labels in merged:
        out.append(escape(text[pos:start]))
        out.append(f'<mark title="{escape(", ".join(labels))}">{escape(text[start:end])}</mark>')
        pos = end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped


def _filtered_items(request, form: QueueFilterForm):
    qs = services.items_for(request.user).select_related("region", "source", "group")
    if not form.is_valid():
        return qs.filter(status=ContentItem.Status.FLAGGED)
    data = form.cleaned_data
    qs = qs.filter(status=data.get("status") or ContentItem.Status.FLAGGED)
    if data.get("label"):
        # JSON containment differs between databases; a text match on the stored list works on both.
        qs = qs.filter(labels__icontains=f'"{data["label"]}"')
    if data.get("region"):
        qs = qs.filter(within(data["region"], "region"))
    if data.get("platform"):
        qs = qs.filter(platform=data["platform"])
    if data.get("source"):
        qs = qs.filter(source_id=data["source"])
    if data.get("group"):
        qs = qs.filter(group_id=data["group"])
    tz = timezone.get_current_timezone()
    if data.get("date_from"):
        qs = qs.filter(published_at__gte=datetime.combine(data["date_from"], time.min, tz))
    if data.get("date_to"):
        qs = qs.filter(published_at__lte=datetime.combine(data["date_to"], time.max, tz))
    return qs


@login_required
def queue(request):
    _require_view(request)
    form = QueueFilterForm(request.GET or None, user=request.user)
    qs = _filtered_items(request, form).order_by("-priority", "-first_seen_at")
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    rows = [{"item": item, "html": highlight(item.text or item.title, item.evidence)} for item in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "monitoring/queue.html", {
        "form": form, "page": page, "rows": rows, "query": query.urlencode(),
        "can_act": services.can_act(request.user),
        "capabilities": adapters.capabilities(),
    })


def _item(request, pk) -> ContentItem:
    _require_view(request)
    return get_object_or_404(services.items_for(request.user).select_related("region", "group", "source", "batch"),
                             pk=pk)


@login_required
def item_detail(request, pk):
    item = _item(request, pk)
    labels = services.known_labels()
    return render(request, "monitoring/item.html", {
        "item": item,
        "html": highlight(item.text or item.title, item.evidence),
        "sightings": item.sightings.select_related("source", "batch")[:50],
        "sighting_count": item.sightings.count(),
        "labels": labels,
        "effective": set(item.effective_labels),
        "siblings": item.group.items.exclude(pk=item.pk).order_by("first_seen_at")[:10] if item.group_id else [],
        "can_act": services.can_act(request.user, item.region_id),
        "feedback": item.feedback.select_related("by").all(),
    })


def _act(request, pk, action):
    item = _item(request, pk)
    try:
        action(item)
    except ValidationError as exc:
        _message_errors(request, exc)
    return redirect("monitoring:item", pk=item.pk)


@login_required
@require_POST
def item_dismiss(request, pk):
    def run(item):
        services.dismiss(request.user, item, request.POST.get("reason", ""))
        messages.success(request, _("Butir diabaikan."))
    return _act(request, pk, run)


@login_required
@require_POST
def item_labels(request, pk):
    def run(item):
        result = services.review_labels(request.user, item, request.POST.getlist("labels"), request.POST.get("note", ""))
        messages.success(request, _("Label dikonfirmasi.") if result.corrected_labels is None else _("Label dikoreksi."))
    return _act(request, pk, run)


@login_required
@require_POST
def item_merge(request, pk):
    def run(item):
        group_id = request.POST.get("group", "")
        if not group_id.isdigit():
            raise ValidationError(_("Nomor kelompok tidak sah."))
        group = get_object_or_404(services.groups_for(request.user), pk=int(group_id))
        services.merge_into_group(request.user, [item], group)
        messages.success(request, _("Butir digabungkan ke kelompok #%(g)s.") % {"g": group.pk})
    return _act(request, pk, run)


@login_required
@require_POST
def item_promote(request, pk):
    item = _item(request, pk)
    try:
        finding = services.promote_to_finding(request.user, item, title=request.POST.get("title", ""),
                                              note=request.POST.get("note", ""))
    except ValidationError as exc:
        _message_errors(request, exc)
        return redirect("monitoring:item", pk=item.pk)
    messages.success(request, _("Temuan dibuat."))
    url = getattr(finding, "get_absolute_url", None)
    return redirect(url()) if url else redirect("monitoring:item", pk=item.pk)


@login_required
@require_POST
def item_attach_report(request, pk):
    def run(item):
        from pantau.reports.services import visible_reports

        report_id = request.POST.get("report", "")
        if not report_id.isdigit():
            raise ValidationError(_("Nomor laporan tidak sah."))
        report = get_object_or_404(visible_reports(request.user), pk=int(report_id))
        services.attach_to_report(request.user, item, report)
        messages.success(request, _("Butir dilampirkan ke laporan."))
    return _act(request, pk, run)


@login_required
def item_evidence(request, pk):
    item = _item(request, pk)
    data, name = services.evidence_package(request.user, item)
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def group_detail(request, pk):
    _require_view(request)
    group = get_object_or_404(services.groups_for(request.user), pk=pk)
    items = services.items_for(request.user).filter(group=group).order_by("first_seen_at")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    platforms = items.values("platform").annotate(n=Count("pk")).order_by("-n")
    return render(request, "monitoring/group.html", {"group": group, "page": page, "platforms": platforms})


# ---------------------------------------------------------------------------------------------------------
# sources, watchlist, imports


@login_required
def sources(request):
    _require_view(request)
    form = SourceForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.register_source(request.user, **form.service_kwargs())
                messages.success(request, _("Sumber terdaftar."))
                return redirect("monitoring:sources")
            except ValidationError as exc:
                _message_errors(request, exc)
            except PermissionDenied:
                raise
    return render(request, "monitoring/sources.html", {
        "form": form,
        "sources": services.sources_for(request.user).select_related("region").annotate(n=Count("items")),
        "batches": services.batches_for(request.user).select_related("region")[:20],
        "can_act": services.can_act(request.user),
        "capabilities": adapters.capabilities(),
    })


@login_required
@require_POST
def source_fetch(request, pk):
    _require_view(request)
    source = get_object_or_404(services.sources_for(request.user), pk=pk)
    if not services.can_act(request.user, source.region_id):
        raise PermissionDenied
    from .tasks import fetch_source

    fetch_source.delay(source.pk)
    messages.success(request, _("Pengambilan sumber dijadwalkan."))
    return redirect("monitoring:sources")


@login_required
def watchlist(request):
    _require_view(request)
    form = WatchlistForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.add_watch(request.user, **form.service_kwargs())
        messages.success(request, _("Daftar pantau diperbarui."))
        return redirect("monitoring:watchlist")
    from pantau.elections.models import CandidateAccount

    return render(request, "monitoring/watchlist.html", {
        "form": form,
        "entries": services.watchlist_for(request.user).select_related("region", "watched_region"),
        "accounts": CandidateAccount.objects.select_related("pair").order_by("platform", "handle")[:200],
        "can_act": services.can_act(request.user),
    })


@login_required
def import_upload(request):
    _require_view(request)
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.submit_import(
                request.user, data=upload.read(), filename=upload.name, fmt=form.cleaned_data["format"],
                region_code=form.cleaned_data["region"], source=form.cleaned_data.get("source"),
                options=form.options(),
            )
        except ValidationError as exc:
            _message_errors(request, exc)
        else:
            return redirect("monitoring:batch", pk=batch.pk)
    return render(request, "monitoring/import.html", {"form": form})


def _batch(request, pk) -> ImportBatch:
    _require_view(request)
    return get_object_or_404(services.batches_for(request.user).select_related("region", "file"), pk=pk)


@login_required
def batch_detail(request, pk):
    return render(request, "monitoring/batch.html", {"batch": _batch(request, pk)})


@login_required
def batch_progress(request, pk):
    """The htmx fragment polled every two seconds while the batch runs."""
    return render(request, "monitoring/_batch_progress.html", {"batch": _batch(request, pk)})


@login_required
def feedback_export(request):
    _require_view(request)
    if not services.can_act(request.user):
        raise PermissionDenied
    response = HttpResponse(services.feedback_jsonl(request.user), content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pantau-umpan-balik-label.jsonl"'
    return response


# ---------------------------------------------------------------------------------------------------------
# takedown requests


@login_required
def takedowns(request):
    _require_view(request)
    return render(request, "monitoring/takedowns.html", {
        "requests": services.takedowns_for(request.user).prefetch_related("items"),
    })


@login_required
def takedown_new(request):
    _require_view(request)
    ids = [int(x) for x in request.GET.getlist("item") + request.POST.getlist("item") if str(x).isdigit()]
    items = list(services.items_for(request.user).filter(pk__in=ids))
    form = TakedownForm(request.POST or None, initial={"platform": items[0].platform if items else ""})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.draft_takedown(request.user, items, **form.service_kwargs())
        except ValidationError as exc:
            _message_errors(request, exc)
        else:
            messages.success(request, _("Draf surat permintaan takedown dibuat."))
            return redirect("monitoring:takedown", pk=created.pk)
    return render(request, "monitoring/takedown_new.html", {"form": form, "items": items})


def _takedown(request, pk) -> TakedownRequest:
    _require_view(request)
    return get_object_or_404(services.takedowns_for(request.user), pk=pk)


@login_required
def takedown_detail(request, pk):
    request_obj = _takedown(request, pk)
    return render(request, "monitoring/takedown.html", {
        "t": request_obj, "items": request_obj.items.all(),
        "can_act": services.can_act(request.user, request_obj.region_id),
    })


@login_required
def takedown_letter(request, pk):
    request_obj = _takedown(request, pk)
    if not request_obj.letter_id:
        raise PermissionDenied
    data = open_blob(request_obj.letter)
    append_custody(request_obj.letter, "viewed", subject=f"monitoring.TakedownRequest:{request_obj.pk}",
                   actor=request.user, note=_("surat takedown diunduh"))
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="takedown-{request_obj.pk}.pdf"'
    return response


@login_required
@require_POST
def takedown_sent(request, pk):
    request_obj = _takedown(request, pk)
    services.mark_takedown_sent(request.user, request_obj)
    messages.success(request, _("Surat ditandai terkirim."))
    return redirect("monitoring:takedown", pk=request_obj.pk)


@login_required
@require_POST
def takedown_recheck(request, pk):
    request_obj = _takedown(request, pk)
    if not services.can_act(request.user, request_obj.region_id):
        raise PermissionDenied
    from .tasks import fetch_takedown_recheck

    fetch_takedown_recheck.delay(request_obj.pk)
    messages.success(request, _("Pemeriksaan ulang tautan dijadwalkan."))
    return redirect("monitoring:takedown", pk=request_obj.pk)


@login_required
def group_list(request):
    _require_view(request)
    groups = services.groups_for(request.user).filter(item_count__gt=1).select_related("representative", "region")
    page = Paginator(groups, 30).get_page(request.GET.get("page"))
    return render(request, "monitoring/groups.html", {"page": page})
