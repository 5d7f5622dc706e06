"""Pages under /kasus/ (cases, referrals, documents) and /temuan/ (findings).

Every record is looked up through the visibility helpers in `access.py`: another jurisdiction's record is a
404. Every change goes through `actions.perform` → `services`.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from pantau.accounts.models import Role
from pantau.accounts.scoping import can_act_in, sees_everything
from pantau.audit.models import AuditEntry
from pantau.evidence.models import CustodyEntry
from pantau.evidence.store import EvidenceMissing, append_custody, open_blob
from pantau.regions.models import Region

from . import services, timing
from .access import cases_visible_to, findings_visible_to, may_handle, referrals_visible_to
from .actions import action_specs, perform, referral_specs
from .bundle import build_bundle
from .forms import FindingForm, FindingTypeForm, OpenCaseForm
from .models import Case, CaseDocument, CaseEvent, Deadline, Notification, Referral, State


def _staff_or_liaison(user):
    if not (user.is_bawaslu or user.is_liaison or sees_everything(user)):
        raise PermissionDenied


def _staff(user):
    if not (user.is_bawaslu or sees_everything(user)):
        raise PermissionDenied


DEADLINE_STATUS_LABELS = {
    "aman": gettext_lazy("aman"), "mendekati": gettext_lazy("mendekati"), "lewat": gettext_lazy("lewat"),
    "terpenuhi": gettext_lazy("terpenuhi"), "terlambat": gettext_lazy("terlambat"),
    "tanpa_tanggal": gettext_lazy("tidak dapat dihitung"),
}


def _badge(case: Case, now):
    row = case.current_deadline
    if row is None:
        return None
    return {"status": timing.status_of(row, now), "text": timing.time_left_text(row, now), "deadline": row}


# ---------------------------------------------------------------------------------------------------------------
# Cases
# ---------------------------------------------------------------------------------------------------------------

@login_required
def case_list(request):
    user = request.user
    _staff_or_liaison(user)
    now = timezone.now()
    if user.is_liaison:
        referrals = referrals_visible_to(user).select_related("case", "case__office_region").prefetch_related(
            "deadlines")
        status = request.GET.get("status", "")
        if status:
            referrals = referrals.filter(status=status)
        rows = []
        for referral in referrals.order_by("-sent_at"):
            open_rows = [d for d in referral.deadlines.all() if d.met_at is None and not d.superseded]
            deadline = open_rows[0] if open_rows else None
            rows.append({"referral": referral, "deadline": deadline,
                         "status": timing.status_of(deadline, now) if deadline else "",
                         "left": timing.time_left_text(deadline, now) if deadline else ""})
        return render(request, "cases/liaison_list.html", {"rows": rows, "status": status,
                                                           "statuses": Referral.Status.choices})
    cases = cases_visible_to(user).select_related("office_region", "region", "handler", "locked_by")
    cases = cases.prefetch_related(Prefetch("deadlines", queryset=Deadline.objects.order_by("due")))
    state = request.GET.get("state", "")
    office = request.GET.get("office", "")
    query = (request.GET.get("q") or "").strip()
    urgency = request.GET.get("urgency", "")
    mine = request.GET.get("mine") == "1"
    if state:
        cases = cases.filter(state=state)
    elif request.GET.get("all") != "1":
        cases = cases.exclude(state__in=[State.CLOSED, State.NOT_REGISTERED])
    if office:
        cases = cases.filter(office_region_id=office)
    if query:
        cases = cases.filter(Q(title__icontains=query) | Q(register_number__icontains=query)
                             | Q(reported_party__icontains=query))
    if mine:
        cases = cases.filter(handler=user)
    rows = []
    for case in cases.order_by("-received_at")[:500]:
        badge = _badge(case, now)
        if urgency and (badge is None or badge["status"] != urgency):
            continue
        rows.append({"case": case, "badge": badge})
    rows.sort(key=lambda r: (r["badge"] is None, r["badge"]["deadline"].due or now if r["badge"] else now))
    offices = Region.objects.filter(pk__in=cases_visible_to(user).values("office_region")).order_by("code")
    return render(request, "cases/list.html", {
        "rows": rows, "states": State.choices, "state": state, "office": office, "offices": offices, "q": query,
        "urgency": urgency, "mine": mine, "calendar_warning": timing.coverage_warning(now),
        "can_create": user.role in (Role.HANDLER, Role.LEADERSHIP) or sees_everything(user),
    })


def _visible_case(request, pk) -> Case:
    return get_object_or_404(cases_visible_to(request.user).select_related(
        "office_region", "region", "election", "race", "handler", "locked_by", "report", "finding"), pk=pk)


def _detail_context(request, case: Case, posted=None):
    user = request.user
    now = timezone.now()
    referrals = list(case.referrals.select_related("acknowledged_by", "outcome_by", "sent_by", "letter"))
    if user.is_liaison and not sees_everything(user):
        referrals = [r for r in referrals if r.institution == user.institution]
    deadlines = []
    for row in case.deadlines.select_related("referral").order_by("pk"):
        status = timing.status_of(row, now)
        deadlines.append({"row": row, "status": status, "status_label": DEADLINE_STATUS_LABELS.get(status, status),
                          "left": timing.time_left_text(row, now)})
    events = case.events.select_related("actor").prefetch_related("evidence", "documents")
    documents = case.documents.select_related("blob", "referral")
    finding_evidence = list(case.finding.evidence.all()) if case.finding_id else []
    if user.is_liaison and not sees_everything(user):
        # A liaison reads the case file, not what was sent to other institutions.
        events = [e for e in events if e.action != "refused"
                  and (e.details or {}).get("institution") in (None, user.institution)]
        documents = documents.filter(Q(referral__isnull=True) | Q(referral__institution=user.institution))
    # The whole chain of custody of every file shown on the page (captured, derived, viewed, exported).
    shown = {b.sha256 for e in events for b in e.evidence.all()} | set(documents.values_list("blob_id", flat=True))
    shown |= {b.sha256 for b in finding_evidence}
    custody = CustodyEntry.objects.filter(blob_id__in=shown).select_related("blob").order_by("seq")
    return {
        "case": case,
        "badge": _badge(case, now),
        "deadlines": deadlines,
        "events": events,
        "documents": documents,
        "custody": custody,
        "decision": getattr(case, "decision", None),
        "referrals": [{"referral": r, "actions": referral_specs(r, user, posted)} for r in referrals],
        "actions": action_specs(case, user, posted),
        "can_handle": may_handle(user, case) and not user.is_liaison,
        "lock_active": services.lock_active(case, now),
        "calendar_warning": timing.coverage_warning(now),
        "finding_evidence": finding_evidence,
        "refusals": [] if user.is_liaison else AuditEntry.objects.filter(
            action="cases.refused", model="cases.Case", object_pk=str(case.pk)).order_by("-seq")[:20],
    }


@login_required
def case_detail(request, pk):
    _staff_or_liaison(request.user)
    case = _visible_case(request, pk)
    return render(request, "cases/detail.html", _detail_context(request, case))


@login_required
@require_POST
def case_action(request, pk):
    _staff_or_liaison(request.user)
    case = _visible_case(request, pk)
    action = request.POST.get("action", "")
    try:
        result = perform(case, request.user, action, request.POST, request.FILES)
    except services.OutOfJurisdiction:
        raise Http404 from None
    except services.CaseError as error:
        messages.error(request, error.message)
        case = _visible_case(request, pk)
        response = render(request, "cases/detail.html", _detail_context(request, case, posted=request.POST))
        response.status_code = error.status
        return response
    label = services.TRANSITIONS[action].label
    messages.success(request, _("%(action)s: berhasil dicatat.") % {"action": label})
    case_pk = result.case_id if isinstance(result, Referral) else result.pk
    return redirect("cases:detail", pk=case_pk)


@login_required
@require_POST
def referral_action(request, pk):
    _staff_or_liaison(request.user)
    referral = get_object_or_404(referrals_visible_to(request.user), pk=pk)
    data = request.POST.copy()
    data["referral"] = str(referral.pk)
    action = data.get("action", "")
    if action not in services.REFERRAL_SERVICES:
        raise Http404
    try:
        perform(referral.case_id, request.user, action, data)
    except services.OutOfJurisdiction:
        raise Http404 from None
    except services.CaseError as error:
        messages.error(request, error.message)
        case = get_object_or_404(cases_visible_to(request.user), pk=referral.case_id)
        response = render(request, "cases/detail.html", _detail_context(request, case, posted=data))
        response.status_code = error.status
        return response
    messages.success(request, _("%(action)s: berhasil dicatat.") % {"action": services.TRANSITIONS[action].label})
    return redirect("cases:detail", pk=referral.case_id)


@login_required
def case_bundle(request, pk):
    """The whole timeline as one PDF (chronology with evidence hashes, every document attached)."""
    _staff_or_liaison(request.user)
    case = _visible_case(request, pk)
    with translation.override("id"):  # a record for the case file: always in Indonesian
        pdf, blob = build_bundle(case, request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = (case.register_number or f"kasus-{case.pk}").replace("/", "_")
    response["Content-Disposition"] = f'attachment; filename="bundel-{name}.pdf"'
    response["X-Content-SHA256"] = blob.sha256
    return response


def _serve_blob(request, blob, *, subject: str, download_name: str):
    try:
        data = open_blob(blob)
    except EvidenceMissing as exc:
        raise Http404(str(exc)) from None
    append_custody(blob, CustodyEntry.Action.VIEWED, subject=subject, actor=request.user)
    response = HttpResponse(data, content_type=blob.content_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{download_name}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _documents_for(user):
    documents = CaseDocument.objects.filter(case__in=cases_visible_to(user))
    if user.is_liaison and not sees_everything(user):
        documents = documents.filter(Q(referral__isnull=True) | Q(referral__institution=user.institution))
    return documents


@login_required
def case_document(request, pk):
    _staff_or_liaison(request.user)
    document = get_object_or_404(_documents_for(request.user).select_related("blob"), pk=pk)
    name = (document.blob.original_name or f"dokumen-{document.pk}").replace('"', "")
    return _serve_blob(request, document.blob, subject=f"cases.Case:{document.case_id}", download_name=name)


@login_required
def evidence_file(request, sha256):
    """A piece of evidence attached to a visible case (timeline, document) or finding."""
    _staff_or_liaison(request.user)
    cases = cases_visible_to(request.user)
    owner = _documents_for(request.user).filter(blob_id=sha256).values_list("case_id", flat=True).first()
    if not owner and request.user.is_liaison and not sees_everything(request.user):
        owner = cases.filter(finding__evidence__sha256=sha256).values_list("pk", flat=True).first()
    elif not owner:
        owner = CaseEvent.objects.filter(evidence__sha256=sha256, case__in=cases).values_list(
            "case_id", flat=True).first()
    subject = f"cases.Case:{owner}" if owner else ""
    if not owner:
        if request.user.is_liaison:
            raise Http404
        finding = findings_visible_to(request.user).filter(evidence__sha256=sha256).first()
        if finding is None:
            raise Http404
        subject = f"cases.Finding:{finding.pk}"
    from pantau.evidence.models import EvidenceBlob

    blob = get_object_or_404(EvidenceBlob, pk=sha256)
    return _serve_blob(request, blob, subject=subject, download_name=(blob.original_name or sha256).replace('"', ""))


@login_required
def case_create(request):
    """Open a case from a report (laporan): by tracking code."""
    _staff(request.user)
    user = request.user
    if not (user.role in (Role.HANDLER, Role.LEADERSHIP) or sees_everything(user)):
        raise PermissionDenied
    form = OpenCaseForm(request.POST or None, initial={"tracking_code": request.GET.get("laporan", "")})
    if request.method == "POST" and form.is_valid():
        report = form.cleaned_data["report"]
        if report is None or not can_act_in(user, report.region_id):
            form.add_error("tracking_code", _("Laporan tidak ditemukan di wilayah kerja Anda."))
        else:
            try:
                case = services.open_case_from_report(report, user, known_on=form.cleaned_data["known_on"],
                                                      race_office=form.cleaned_data["race_office"] or None)
            except services.CaseError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Kasus dibuka dari laporan."))
                return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/open_case.html", {"form": form})


@login_required
def notifications(request):
    _staff_or_liaison(request.user)
    rows = Notification.objects.filter(recipient=request.user).select_related("case")[:200]
    if request.method == "POST":
        Notification.objects.filter(recipient=request.user, read_at__isnull=True).update(read_at=timezone.now())
        return redirect("cases:notifications")
    return render(request, "cases/notifications.html", {"rows": rows})


# ---------------------------------------------------------------------------------------------------------------
# Findings
# ---------------------------------------------------------------------------------------------------------------

@login_required
def finding_list(request):
    _staff(request.user)
    findings = findings_visible_to(request.user).select_related("region", "created_by").prefetch_related("cases")
    query = (request.GET.get("q") or "").strip()
    if query:
        findings = findings.filter(Q(title__icontains=query) | Q(description__icontains=query))
    return render(request, "cases/finding_list.html", {"findings": findings[:300], "q": query})


@login_required
def finding_create(request):
    _staff(request.user)
    user = request.user
    form = FindingForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        files = [(f.read(), f.content_type or "application/octet-stream", f.name) for f in request.FILES.getlist("evidence")]
        try:
            finding = services.create_finding(
                user, region=data["region"], title=data["title"], description=data["description"],
                known_on=data["known_on"], source=data["source"], reported_party=data["reported_party"],
                source_reference=data["source_reference"], plenary_on=data["plenary_on"],
                race_office=data["race_office"] or None, violation_type=data["violation_type"],
                evidence_files=files)
        except services.CaseError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Temuan dicatat."))
            return redirect("cases:finding_detail", pk=finding.pk)
    return render(request, "cases/finding_form.html", {"form": form})


@login_required
def finding_detail(request, pk):
    _staff(request.user)
    finding = get_object_or_404(findings_visible_to(request.user).select_related("region", "created_by"), pk=pk)
    cases = cases_visible_to(request.user).filter(finding=finding)
    can_open = (request.user.role in (Role.HANDLER, Role.LEADERSHIP) and can_act_in(request.user, finding.region_id)) \
        or sees_everything(request.user)
    return render(request, "cases/finding_detail.html", {
        "finding": finding, "cases": cases, "evidence": finding.evidence.all(),
        "can_open": can_open and not cases.exclude(state__in=[State.CLOSED, State.NOT_REGISTERED]).exists(),
        "type_form": FindingTypeForm(initial={"violation_type": finding.violation_type})
        if _may_edit_finding(request.user, finding) else None,
    })


def _may_edit_finding(user, finding) -> bool:
    return sees_everything(user) or (user.role in services.FINDING_ROLES and can_act_in(user, finding.region_id))


@login_required
@require_POST
def finding_set_type(request, pk):
    """Correct a finding's violation type (e.g. one taken from its origin that does not fit)."""
    _staff(request.user)
    finding = get_object_or_404(findings_visible_to(request.user), pk=pk)
    form = FindingTypeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("violation_type", [])))
        return redirect("cases:finding_detail", pk=finding.pk)
    try:
        services.set_finding_violation_type(finding, request.user, form.cleaned_data["violation_type"])
    except services.OutOfJurisdiction:
        raise Http404 from None
    except services.CaseError as error:
        if error.status == 403:
            raise PermissionDenied(error.message) from None
        messages.error(request, error.message)
        return redirect("cases:finding_detail", pk=finding.pk)
    messages.success(request, _("Jenis pelanggaran temuan diperbarui."))
    return redirect("cases:finding_detail", pk=finding.pk)


@login_required
@require_POST
def finding_open_case(request, pk):
    _staff(request.user)
    finding = get_object_or_404(findings_visible_to(request.user), pk=pk)
    try:
        case = services.open_case_from_finding(finding, request.user)
    except services.OutOfJurisdiction:
        raise Http404 from None
    except services.CaseError as error:
        messages.error(request, error.message)
        return redirect("cases:finding_detail", pk=finding.pk)
    messages.success(request, _("Kasus dibuka dari temuan."))
    return redirect("cases:detail", pk=case.pk)


@login_required
@require_POST
def tip_to_finding(request):
    """Turn a tip (informasi awal) into a finding; the tip itself cannot be registered as a laporan."""
    _staff(request.user)
    try:
        from pantau.reports.models import Report
    except ImportError:
        raise Http404 from None
    report = Report.objects.filter(pk=request.POST.get("report") or 0).first()
    if report is None or not can_act_in(request.user, report.region_id):
        raise Http404
    known = request.POST.get("known_on")
    try:
        finding = services.finding_from_tip(report, request.user,
                                            known_on=dt.date.fromisoformat(known) if known else None)
    except (services.CaseError, ValueError) as error:
        messages.error(request, getattr(error, "message", _("Tanggal tidak valid.")))
        return redirect("cases:finding_list")
    messages.success(request, _("Informasi awal dijadikan temuan."))
    return redirect("cases:finding_detail", pk=finding.pk)
