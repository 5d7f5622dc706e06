"""Pages: the public form (/lapor/), tracking (/lapor/lacak/), the staff and partner queue (/laporan/)."""

from __future__ import annotations

import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from pantau.accounts.scoping import can_act_in
from pantau.audit.middleware import client_ip
from pantau.evidence.models import CustodyEntry
from pantau.evidence.store import EvidenceMissing, append_custody, open_blob
from pantau.regions.models import Level, Region

from . import services, spam, uploads
from .forms import ReportForm, TrackForm, filing_limit_days, human_size, max_upload_bytes, max_upload_files
from .models import (
    OPEN_STATUSES,
    DuplicateSuggestion,
    Kind,
    Report,
    ReportAttachment,
    Status,
    normalise_tracking_code,
)
from .sniff import ALLOWED_LABELS

# --- public form ----------------------------------------------------------------------------------------


def _region_options(form: ReportForm) -> dict:
    """Options for the kecamatan and desa selects, so the picker survives an error without JavaScript."""
    kab, kec = form.chosen("kabupaten"), form.chosen("kecamatan")
    return {
        "kecamatan_options": list(Region.objects.filter(parent_id=kab, level=Level.KECAMATAN).values_list("code", "name")) if kab else [],
        "desa_options": list(Region.objects.filter(parent_id=kec, level=Level.DESA).values_list("code", "name")) if kec else [],
    }


def _partner_identity(user) -> dict | None:
    if not (user.is_authenticated and user.is_partner):
        return None
    membership = getattr(user, "membership", None) if hasattr(user, "membership") else None
    return {
        "name": user.get_full_name() or (membership.name if membership else user.get_username()),
        "organisation": str(user.organisation) if user.organisation_id else "",
        "phone": user.phone, "email": user.email,
    }


def _render_form(request, form, status=200):
    context = {
        "form": form,
        "limit_days": filing_limit_days(),
        "max_size": human_size(max_upload_bytes()),
        "max_bytes": max_upload_bytes(),
        "max_files": max_upload_files(),
        "allowed_types": ALLOWED_LABELS,
        "partner": _partner_identity(request.user),
        "honeypot": spam.HONEYPOT_FIELD,
        "form_token": spam.new_form_token(),
        "idempotency_key": form.data.get("idempotency_key") if form.is_bound and form.data.get("idempotency_key") else uuid.uuid4().hex,
        **_region_options(form),
    }
    return render(request, "reports/submit.html", context, status=status)


@csrf_exempt
def submit(request):
    """GET shows the form; POST validates, stores and redirects to the tracking page."""
    if request.method == "POST":
        handler = uploads.install(request)  # before anything reads the body
        return _submit_post(request, handler)
    return _submit_get(request)


@csrf_protect
def _submit_get(request):
    initial = {"kind": request.GET.get("jenis") if request.GET.get("jenis") in Kind.values else Kind.REPORT}
    return _render_form(request, ReportForm(initial=initial, user=request.user))


@csrf_protect
def _submit_post(request, handler):
    key = f"user:{request.user.pk}" if request.user.is_authenticated else spam.ip_hash(client_ip(request))
    if not spam.allow_submission(key):
        form = ReportForm(request.POST, user=request.user)
        form.is_valid()
        form.add_error(None, _("Terlalu banyak kiriman dari alamat ini dalam waktu singkat. Coba lagi nanti, "
                               "atau datang ke kantor Bawaslu terdekat."))
        return _render_form(request, form, status=429)
    files = request.FILES.getlist("files")
    try:
        report = services.submit_report(
            request.POST, files, user=request.user, ip=client_ip(request), oversize=handler.oversize,
            require_token=True,
        )
    except services.ReportInvalid as exc:
        return _render_form(request, exc.form, status=400)
    request.session["reports_last_code"] = report.tracking_code
    return redirect(reverse("reports:track", args=[report.tracking_code]) + "?baru=1")


# --- tracking -------------------------------------------------------------------------------------------


def track_lookup(request):
    form = TrackForm(request.GET or None)
    if form.is_bound and form.is_valid():
        code = normalise_tracking_code(form.cleaned_data["code"])
        return redirect("reports:track", code)
    return render(request, "reports/track_lookup.html", {"form": form})


def track(request, code: str):
    normalised = normalise_tracking_code(code)
    if normalised != code:
        return redirect("reports:track", normalised)
    report = Report.objects.select_related("office_region", "duplicate_of").filter(tracking_code=normalised).first()
    if report is None:
        form = TrackForm({"code": code})
        form.is_valid()
        form.add_error("code", _("Kode lacak tidak ditemukan. Periksa kembali huruf dan angkanya."))
        return render(request, "reports/track_lookup.html", {"form": form}, status=404)
    view = services.public_view(report)
    return render(request, "reports/track.html", {
        "report": report, "view": view, "new": request.GET.get("baru") == "1",
        "open": report.status in OPEN_STATUSES,
    })


# --- staff and partner queue ----------------------------------------------------------------------------


def _require_reader(user):
    if not (user.is_bawaslu or user.is_partner or user.is_superuser):
        raise PermissionDenied


@login_required
def queue(request):
    user = request.user
    _require_reader(user)
    qs = services.visible_reports(user).select_related("region", "office_region", "organisation", "submitted_by")
    scope = request.GET.get("lingkup", "kantor" if user.is_bawaslu and user.jurisdiction_id else "semua")
    if scope == "kantor" and user.is_bawaslu and user.jurisdiction_id:
        qs = qs.filter(office_region_id=user.jurisdiction_id)
    status = request.GET.get("status", "")
    if status == "terbuka":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status in Status.values:
        qs = qs.filter(status=status)
    kind = request.GET.get("jenis", "")
    if kind in Kind.values:
        qs = qs.filter(kind=kind)
    q = request.GET.get("q", "").strip()
    if q:
        qs = qs.filter(Q(tracking_code__icontains=q) | Q(description__icontains=q) | Q(reported_name__icontains=q))
    qs = qs.annotate(suggestions=Count("duplicate_suggestions", filter=Q(duplicate_suggestions__state=DuplicateSuggestion.State.SUGGESTED)))
    page = Paginator(qs.order_by("-created_at"), 50).get_page(request.GET.get("hal"))
    return render(request, "reports/queue.html", {
        "page": page, "scope": scope, "status": status, "kind": kind, "q": q,
        "statuses": Status.choices, "kinds": Kind.choices, "partner": user.is_partner,
    })


def _visible_report(request, pk) -> Report:
    _require_reader(request.user)
    # 404, not 403, for another jurisdiction's report: do not confirm it exists.
    return get_object_or_404(
        services.visible_reports(request.user).select_related("region", "office_region", "organisation",
                                                             "submitted_by", "duplicate_of"),
        pk=pk,
    )


def highlight(text: str, spans: list[dict]) -> str:
    """The description with detection evidence spans marked (<mark>), HTML-escaped."""
    spans = sorted((s for s in spans if 0 <= s.get("start", -1) < s.get("end", -1) <= len(text)), key=lambda s: s["start"])
    out, pos = [], 0
    for span in spans:
        if span["start"] < pos:
            continue
        out.append(escape(text[pos:span["start"]]))
        out.append(f'<mark title="{escape(span.get("label", ""))}">{escape(text[span["start"]:span["end"]])}</mark>')
        pos = span["end"]
    out.append(escape(text[pos:]))
    return mark_safe("".join(out).replace("\n", "<br>"))  # noqa: S308 - every piece is escaped above


def _detail_context(request, report, identity=None):
    user = request.user
    can_act = user.is_superuser or (user.is_bawaslu and can_act_in(user, report.office_region_id))
    suggestions = (report.duplicate_suggestions.select_related("candidate", "candidate__region")
                   .exclude(state=DuplicateSuggestion.State.DISMISSED))
    detection = report.detection or {}
    return {
        "report": report,
        "identity": identity,
        "masked": report.masked_identity(),
        "can_reveal": services.can_reveal_identity(user, report),
        "can_act": can_act and not user.is_partner,
        "can_original": _may_see_original(user, report),
        "attachments": report.attachments.select_related("original", "public_copy"),
        "suggestions": suggestions if not user.is_partner else [],
        "duplicates": report.duplicates.select_related("region") if not user.is_partner else [],
        "history": report.history.select_related("actor"),
        "detection": detection,
        "described": highlight(report.description, detection.get("evidence") or []),
        "staff_statuses": [(s, label) for s, label in Status.choices
                           if s in (Status.IN_REVIEW, Status.NEEDS_INFO, Status.REJECTED, Status.FINDING)],
        "partner": user.is_partner,
    }


@login_required
def detail(request, pk):
    report = _visible_report(request, pk)
    return render(request, "reports/detail.html", _detail_context(request, report))


@login_required
@require_POST
def reveal(request, pk):
    report = _visible_report(request, pk)
    reason = request.POST.get("reason", "").strip()[:300]
    try:
        identity = services.reveal_identity(report, request.user, reason=reason)
    except PermissionDenied:
        messages.error(request, _("Hanya petugas penanganan pelanggaran di kantor penerima yang dapat membuka "
                                  "identitas pelapor. Percobaan ini tercatat."))
        return redirect("reports:detail", pk=pk)
    response = render(request, "reports/detail.html", _detail_context(request, report, identity=identity))
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def change_status(request, pk):
    report = _visible_report(request, pk)
    if not (request.user.is_superuser or (request.user.is_bawaslu and can_act_in(request.user, report.office_region_id))):
        raise PermissionDenied
    status = request.POST.get("status", "")
    note = request.POST.get("public_note", "").strip()
    if status not in (Status.IN_REVIEW, Status.NEEDS_INFO, Status.REJECTED, Status.FINDING):
        messages.error(request, _("Status ini diubah melalui penanganan kasus, bukan dari halaman laporan."))
        return redirect("reports:detail", pk=pk)
    if status in (Status.NEEDS_INFO, Status.REJECTED) and not note:
        messages.error(request, _("Tulis catatan untuk pelapor: apa yang perlu dilengkapi atau mengapa tidak ditindaklanjuti."))
        return redirect("reports:detail", pk=pk)
    services.update_status(report, status, note, request.user)
    messages.success(request, _("Status diperbarui; pelapor diberi tahu bila mencantumkan email."))
    return redirect("reports:detail", pk=pk)


@login_required
@require_POST
def duplicate_action(request, pk, suggestion_id):
    report = _visible_report(request, pk)
    suggestion = get_object_or_404(DuplicateSuggestion, pk=suggestion_id, report=report)
    action = request.POST.get("action")
    try:
        if action == "gabung":
            services.link_duplicate(report, suggestion.candidate, request.user, merge=True,
                                    reason=request.POST.get("reason", "")[:300])
            messages.success(request, _("Laporan digabung dengan %(code)s.") % {"code": suggestion.candidate.tracking_code})
        elif action == "tolak":
            services.dismiss_duplicate(suggestion, request.user, reason=request.POST.get("reason", "")[:300])
            messages.success(request, _("Ditandai bukan duplikat."))
        else:
            raise Http404
    except PermissionDenied:
        messages.error(request, _("Anda tidak berwenang atas laporan ini."))
    return redirect("reports:detail", pk=pk)


# --- evidence files -------------------------------------------------------------------------------------


def _may_see_original(user, report: Report) -> bool:
    """Originals may carry the reporter's location: Bawaslu staff of the receiving office (or above), and the
    partner monitor who sent it. Everyone else who can see the report gets the public copy."""
    if user.is_superuser:
        return True
    if user.is_bawaslu and can_act_in(user, report.office_region_id):
        return True
    return bool(user.is_partner and report.submitted_by_id == user.pk)


_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@login_required
def attachment(request, pk, variant):
    item = get_object_or_404(ReportAttachment.objects.select_related("report", "original", "public_copy"), pk=pk)
    report = _visible_report(request, item.report_id)  # 404 outside the user's reach
    if variant == "asli":
        if not _may_see_original(request.user, report):
            raise PermissionDenied
        blob = item.original
    elif variant == "publik":
        blob = item.public_copy
    else:
        raise Http404
    if blob is None:
        raise Http404
    try:
        data = open_blob(blob)
    except EvidenceMissing as exc:
        return HttpResponse(str(exc), status=410, content_type="text/plain; charset=utf-8")
    if variant == "asli":
        append_custody(blob, CustodyEntry.Action.VIEWED, subject=f"reports.Report:{report.tracking_code}",
                       note=f"Lampiran asli diunduh dari halaman laporan ({item.original_name})", actor=request.user)
    inline = blob.content_type in ("image/jpeg", "image/png", "image/gif", "image/webp") and variant == "publik"
    name = _SAFE_NAME.sub("_", item.original_name or blob.sha256[:12])[-120:] or "lampiran"
    response = HttpResponse(data, content_type=blob.content_type)
    response["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
