"""Every state change of a report goes through one function here: it checks, writes, audits and notifies.

Other apps call these (never the models directly):

* ``submit_report(data, files, user=None)`` → Report (validates with ReportForm; raises ``ReportInvalid``);
* ``update_status(report, status, public_note, actor)`` → the cases app calls this when a case moves;
* ``reveal_identity(report, user)`` → the reporter's identity, for handlers of the receiving office only (audited);
* ``suggest_duplicates(report)``, ``link_duplicate(report, primary, actor)``, ``dismiss_duplicate(...)``;
* ``record_url_capture(attachment, ...)`` and ``urls_awaiting_capture()`` → for the monitoring fetcher.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, is_dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pantau.accounts.models import Role
from pantau.audit.services import record
from pantau.evidence.models import CustodyEntry
from pantau.evidence.store import store
from pantau.regions.models import code_within

from . import duplicates, spam, texts
from .forms import ReportForm, filing_deadline, filing_limit_days
from .models import (
    AttachmentKind,
    CaptureStatus,
    Channel,
    DuplicateSuggestion,
    Kind,
    Report,
    ReportAttachment,
    ReporterType,
    Status,
    StatusChange,
)
from .routing import route

log = logging.getLogger(__name__)

SPAM_DISTINCT_SOURCES = 3
SPAM_WINDOW = timedelta(hours=1)
CATEGORY_THRESHOLD = 0.5


class ReportInvalid(Exception):
    """The submission did not validate; ``form`` carries the field errors (in the language that was active when
    it was validated: the reader's)."""

    def __init__(self, form: ReportForm):
        super().__init__("laporan tidak valid")
        self.form = form

    @property
    def errors(self) -> dict:
        return {field: [str(m) for m in messages] for field, messages in self.form.errors.items()}


# --- detection ------------------------------------------------------------------------------------------


def _json_safe(value):
    return json.loads(json.dumps(value, default=lambda o: asdict(o) if is_dataclass(o) else str(o)))


def run_detection(text: str, context: dict | None = None) -> dict:
    """``pantau.detection.analyse`` on the report text, reduced to labels, scores and evidence spans.

    Detection is optional: when the package or its model is unavailable the report is still accepted, routed by
    the reporter's category and place, and ``available`` is False (staff see "deteksi tidak tersedia").
    """
    try:
        from pantau.detection import analyse
    except ImportError:
        return {"available": False, "error": "modul deteksi belum tersedia"}
    context = dict(context or {})
    if "registry" not in context:
        # candidates and parties of the active elections, so the report's text names them as entities; the
        # report's region tells which races a bare "nomor 2" may mean
        try:
            from pantau.elections.registry import detection_registry

            registry = detection_registry(context.get("region"))
        except Exception:  # the registry only enriches detection: never lose a report over it
            log.exception("Candidate registry unavailable for report detection")
            registry = None
        if registry is not None:
            context["registry"] = registry
    try:
        try:
            result = analyse(text, context=context)
        except TypeError:
            result = analyse(text)
    except Exception as exc:  # a broken model must never lose a report
        log.exception("Detection failed on a report")
        return {"available": False, "error": f"deteksi gagal: {exc.__class__.__name__}"}
    if hasattr(result, "to_dict"):
        result = result.to_dict()
    elif is_dataclass(result):
        result = asdict(result)
    data = _json_safe(result) if not isinstance(result, dict) else _json_safe(dict(result))
    scores = {}
    for label, value in (data.get("scores") or {}).items():
        if isinstance(value, dict):
            value = value.get("score", 0)
        try:
            scores[label] = round(float(value), 4)
        except (TypeError, ValueError):
            continue
    labels = [str(x) for x in (data.get("labels") or [])]
    evidence = []
    for span in data.get("evidence") or []:
        if isinstance(span, dict) and isinstance(span.get("start"), int) and isinstance(span.get("end"), int):
            evidence.append({k: span.get(k) for k in ("label", "start", "end", "text", "phrase", "feature") if k in span})
    return {
        "available": True,
        "labels": labels,
        "scores": scores,
        "evidence": evidence[:50],
        "election_related": data.get("election_related"),
        "regions": data.get("regions") or [],
        "entities": data.get("entities") or {},
    }


def _suggested_category(detection: dict, hint: str) -> str:
    labels = detection.get("labels") or []
    scores = detection.get("scores") or {}
    if labels:
        return max(labels, key=lambda label: scores.get(label, 0))
    if scores:
        label, score = max(scores.items(), key=lambda item: item[1])
        if score >= CATEGORY_THRESHOLD:
            return label
    return hint if hint and hint != "lainnya" else ""


# --- requirements ---------------------------------------------------------------------------------------


def assess(*, kind: str, has_identity: bool, reported_name: str, known_date, received_on, has_evidence: bool,
           has_witnesses: bool) -> tuple[bool, str, dict]:
    """Formal and material requirements (Perbawaslu 8/2020 as amended by 9/2024; DOMAIN.md §1.3).

    Returns (registrable, reason, checklist). "Registrable" is False only for what cannot be mended: a tip (no
    identity by choice) or a report past the filing limit. Missing pieces that the reporter can still complete
    (reported party, evidence) are listed, and staff ask for them (status "perlu dilengkapi").
    """
    limit = filing_limit_days()
    days = (received_on - known_date).days
    deadline = filing_deadline(known_date)
    timely = days <= limit
    checklist = {
        "formal": {
            "identitas_pelapor": has_identity,
            "identitas_terlapor": bool(reported_name),
            "tepat_waktu": timely,
            "tanda_tangan": None,  # signed at registration, against the KTP
        },
        "materiel": {
            "waktu_dan_tempat": True,
            "uraian": True,
            "bukti": has_evidence or has_witnesses,
        },
        "hari_sejak_diketahui": days,
        "batas_hari": limit,
        "batas_tanggal": deadline.isoformat(),
    }
    # Stored in Indonesian whatever language the reporter reads (the record); shown through texts.localise().
    missing = []
    if not checklist["formal"]["identitas_terlapor"]:
        missing.append(texts.MISSING_REPORTED)
    if not checklist["materiel"]["bukti"]:
        missing.append(texts.MISSING_EVIDENCE)
    checklist["perlu_dilengkapi"] = missing

    reasons = []
    if kind == Kind.TIP:
        reasons.append(texts.TIP_NOT_REGISTRABLE)
    elif not has_identity:
        reasons.append(texts.IDENTITY_INCOMPLETE)
    if not timely:
        reasons.append(texts.LATE % {"days": days, "known": known_date.strftime("%d-%m-%Y"), "limit": limit,
                                     "deadline": deadline.strftime("%d-%m-%Y")})
    return not reasons, " ".join(reasons), checklist


# --- submission -----------------------------------------------------------------------------------------


def _existing_double_submit(*, key: str | None, fingerprint: str, source: str, user) -> Report | None:
    if key:
        found = Report.objects.filter(idempotency_key=key).first()
        if found:
            return found
    since = timezone.now() - timedelta(minutes=spam.dedup_minutes())
    same = Report.objects.filter(content_fingerprint=fingerprint, created_at__gte=since)
    if user is not None and getattr(user, "is_authenticated", False):
        same = same.filter(submitted_by=user)
    else:
        same = same.filter(source_ip_hash=source, submitted_by__isnull=True)
    return same.order_by("created_at").first()


def _identity_from_profile(user) -> dict:
    membership = getattr(user, "membership", None) if hasattr(user, "membership") else None
    name = user.get_full_name() or (membership.name if membership else "") or user.get_username()
    return {
        "reporter_type": ReporterType.MONITOR,
        "reporter_name": name,
        "reporter_phone": user.phone or "",
        "reporter_email": user.email or "",
    }


def _store_files(prepared, subject: str) -> list[dict]:
    """Write the originals to the evidence store (outside the report's transaction: the custody chain lock is
    held only for the custody entry, not while the report rows are written). Public copies come later
    (``make_public_copies``), so the request does only what must be durable before it answers 201."""
    stored = []
    for item in prepared:
        original = store(item.data, content_type=item.kind.mime, original_name=item.name, subject=subject,
                         note=f"Lampiran laporan: {item.name} ({len(item.data)} B, {item.kind.label})")
        stored.append({
            "kind": {"photo": AttachmentKind.PHOTO, "video": AttachmentKind.VIDEO, "audio": AttachmentKind.AUDIO}
            .get(item.kind.category, AttachmentKind.DOCUMENT),
            "original": original, "public_copy": None, "sha256": original.sha256, "content_type": item.kind.mime,
            "size": len(item.data), "original_name": item.name,
            "had_location": bool(item.image and item.image.had_gps), "image_hash": "",
        })
    return stored


def make_public_copies(report: Report) -> int:
    """For each photo without one: a copy with EXIF/GPS removed (re-encoded by Pillow), stored as a derived
    piece of evidence, and the perceptual hash used by the duplicate check. Idempotent."""
    from pantau.evidence.store import EvidenceMissing, open_blob

    from . import images

    made = 0
    subject = f"reports.Report:{report.tracking_code}"
    pending = report.attachments.filter(kind=AttachmentKind.PHOTO, public_copy__isnull=True, original__isnull=False)
    for attachment in pending.select_related("original"):
        kind = {"image/jpeg": "jpeg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}.get(
            attachment.content_type)
        if kind is None:
            continue  # HEIC: no decoder here; the original stays internal, no public copy
        try:
            processed = images.process(open_blob(attachment.original), kind)
        except (images.ImageError, EvidenceMissing) as exc:
            log.warning("No public copy for attachment %s: %s", attachment.pk, exc)
            continue
        public = store(processed.public_bytes, content_type=processed.public_mime,
                       original_name=f"publik-{attachment.original_name}", subject=subject,
                       note=f"Salinan publik tanpa EXIF/GPS dari {attachment.sha256}",
                       action=CustodyEntry.Action.DERIVED)
        ReportAttachment.objects.filter(pk=attachment.pk).update(
            public_copy=public, image_hash=processed.dhash, had_location=processed.had_gps or attachment.had_location)
        made += 1
    return made


def submit_report(data, files=(), user=None, *, ip: str | None = None, idempotency_key: str | None = None,
                  channel: str | None = None, oversize=(), require_token: bool = False,
                  received_at: datetime | None = None, notify: bool = True) -> Report:
    """Validate and store a report or tip with its evidence. Raises ``ReportInvalid`` with Indonesian errors.

    A double submit (same idempotency key, or the same content from the same address/account within
    ``PANTAU_REPORT_DEDUP_MINUTES``) returns the report already stored; ``report.replayed`` is then True.
    """
    received_at = received_at or timezone.now()
    user = user if (user is not None and getattr(user, "is_authenticated", False)) else None
    form = ReportForm(data, files_list=files, oversize=oversize, user=user, require_token=require_token,
                      today=timezone.localtime(received_at).date())
    if not form.is_valid():
        raise ReportInvalid(form)
    cd = form.cleaned_data
    region = form.region_obj
    source = spam.ip_hash(ip)
    key = (idempotency_key or cd.get("idempotency_key") or "").strip()[:80] or None
    fingerprint = duplicates.fingerprint(cd["kind"], region.code, cd["event_date"], cd["description"])
    existing = _existing_double_submit(key=key, fingerprint=fingerprint, source=source, user=user)
    if existing:
        existing.replayed = True
        return existing

    identity = {f: cd.get(f) or "" for f in ("reporter_type", "reporter_name", "reporter_nik", "reporter_address",
                                             "reporter_phone", "reporter_email")}
    organisation = None
    if user is not None and user.is_partner:
        identity.update(_identity_from_profile(user))
        organisation = user.organisation
        channel = Channel.PARTNER
    elif user is not None:
        channel = channel or Channel.STAFF
    channel = channel or Channel.PUBLIC
    # An account (partner monitor, staff recording a walk-in) identifies the reporter by itself.
    has_identity = bool(identity["reporter_name"]) and (
        user is not None
        or bool(identity["reporter_nik"] and identity["reporter_address"]
                and (identity["reporter_phone"] or identity["reporter_email"]))
    )

    text = cd["description"]
    reported = " ".join(x for x in (cd.get("reported_name"), cd.get("reported_role")) if x)
    detection = run_detection(f"{text}\n{reported}".strip(), {
        "date": cd["event_date"].isoformat(), "region": region.code, "source": "report",
    })
    category = _suggested_category(detection, cd["category_hint"])
    where = route(region=region, category=category, text=text, reported=reported)
    registrable, reason, checklist = assess(
        kind=cd["kind"], has_identity=has_identity, reported_name=cd.get("reported_name", ""),
        known_date=cd["known_date"], received_on=timezone.localtime(received_at).date(),
        has_evidence=bool(form.prepared_files or form.url_list), has_witnesses=bool(cd.get("witnesses")),
    )
    text_fp = duplicates.text_fingerprint(text)
    others = (Report.objects.filter(text_fingerprint=text_fp, created_at__gte=received_at - SPAM_WINDOW)
              .exclude(source_ip_hash=source).values("source_ip_hash").distinct().count())

    report = Report(
        kind=cd["kind"], channel=channel, region=region, place_detail=cd.get("place_detail", ""),
        latitude=cd.get("latitude"), longitude=cd.get("longitude"), event_date=cd["event_date"],
        event_time=cd.get("event_time"), known_date=cd["known_date"], description=text,
        category_hint=cd["category_hint"], reported_name=cd.get("reported_name", ""),
        reported_role=cd.get("reported_role", ""), reported_address=cd.get("reported_address", ""),
        witnesses=cd.get("witnesses", ""), has_identity=has_identity, submitted_by=user, organisation=organisation,
        office_region_id=where.office_code, routing_reason=where.reason, category=category, detection=detection,
        registrable=registrable, registrable_reason=reason, requirements=checklist, idempotency_key=key,
        content_fingerprint=fingerprint, text_fingerprint=text_fp, source_ip_hash=source,
        spam_suspected=others + 1 >= SPAM_DISTINCT_SOURCES,
        spam_reason=(texts.SPAM_SAME_TEXT % {"n": others + 1}) if others + 1 >= SPAM_DISTINCT_SOURCES else "",
        language=reporter_language(),
        created_at=received_at, status_changed_at=received_at, **identity,
    )
    stored = _store_files(form.prepared_files, f"reports.Report:{report.tracking_code}")
    try:
        with transaction.atomic():
            report.save()
            StatusChange.objects.create(report=report, at=received_at, status=Status.RECEIVED,
                                        public_note=texts.RECEIVED_NOTE)
            for item in stored:
                ReportAttachment.objects.create(report=report, created_at=received_at, **item)
            for url in form.url_list:
                ReportAttachment.objects.create(
                    report=report, kind=AttachmentKind.URL, url=duplicates.canonical_url(url)[:1000],
                    original_name=url[:255], capture_status=CaptureStatus.PENDING, created_at=received_at,
                )
            if stored or form.url_list:
                record("report_attachments", report, changes={
                    "files": [{"sha256": item["sha256"], "type": item["content_type"], "size": item["size"],
                               "public_copy": item["public_copy"].sha256 if item["public_copy"] else None}
                              for item in stored],
                    "urls": len(form.url_list),
                })
    except IntegrityError:
        # Two identical submits raced past the check: the other one won. Return it.
        if key:
            winner = Report.objects.filter(idempotency_key=key).first()
            if winner:
                winner.replayed = True
                return winner
        raise
    report.replayed = False
    transaction.on_commit(lambda: _after_submit(report.pk, notify))
    return report


def _after_submit(report_id: int, notify: bool):
    from .tasks import process_new_report

    try:
        process_new_report.delay(report_id, notify)
    except Exception:  # a broker outage must not turn a stored report into an error page
        log.exception("Could not queue post-processing of report %s; running it inline", report_id)
        process_new_report(report_id, notify)


# --- status ---------------------------------------------------------------------------------------------


def update_status(report: Report, status: str, public_note: str = "", actor=None, *, decision: str | None = None,
                  reference: str | None = None, notify: bool = True, at: datetime | None = None) -> Report:
    """Move a report to ``status`` with a note the reporter will read. Audited; emails the reporter.

    Called by the cases app (registration, decision, referral) and by handlers in the report queue.
    ``decision`` sets the decision text shown on the tracking page; ``reference`` the register number or case
    reference shown to staff and partners; ``at`` dates the change (imports and demo data; default now).
    """
    if status not in Status.values:
        raise ValueError(f"status tidak dikenal: {status}")
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        old = locked.status
        changes = {"status": [old, status]}
        fields = {"status": status, "status_changed_at": at or timezone.now(), "public_note": public_note or ""}
        if decision is not None:
            fields["decision"] = decision
            changes["decision"] = [locked.decision, decision]
        if reference is not None:
            fields["case_reference"] = reference
            changes["case_reference"] = [locked.case_reference, reference]
        if old == status and (public_note or "") == locked.public_note and decision is None and reference is None:
            return locked
        Report.objects.filter(pk=report.pk).update(**fields)
        StatusChange.objects.create(report=locked, at=fields["status_changed_at"], status=status,
                                    public_note=public_note or "", actor=actor if getattr(actor, "pk", None) else None)
        record("report_status", locked, changes=changes, reason=public_note or "", actor=actor)
    for name, value in fields.items():
        setattr(report, name, value)
    if notify:
        transaction.on_commit(lambda: _notify_status(report.pk))
    return report


def _notify_status(report_id: int):
    from .tasks import notify_status_change

    try:
        notify_status_change.delay(report_id)
    except Exception:
        log.exception("Could not queue the status e-mail for report %s", report_id)


# --- identity -------------------------------------------------------------------------------------------


def can_reveal_identity(user, report: Report) -> bool:
    """Only handlers (penanganan pelanggaran) of the receiving office or an office above it."""
    return bool(
        user and user.is_authenticated and user.is_active and user.role == Role.HANDLER and user.jurisdiction_id
        and code_within(report.office_region_id, user.jurisdiction_id)
    )


def reveal_identity(report: Report, user, reason: str = "") -> dict:
    """The reporter's identity in clear. Every view is audited (``view_identity``); a refusal too."""
    if not can_reveal_identity(user, report):
        record("view_identity_denied", report, actor=user, reason=reason or "bukan penanganan pelanggaran "
               "di wilayah kantor penerima")
        raise PermissionDenied(_("Hanya petugas penanganan pelanggaran di kantor penerima yang dapat membuka "
                                 "identitas pelapor."))
    record("view_identity", report, actor=user, reason=reason or "membuka identitas pelapor",
           changes={"fields": list(Report.IDENTITY_FIELDS) + ["witnesses"]})
    return {
        "reporter_type": report.get_reporter_type_display() if report.reporter_type else "",
        "name": report.reporter_name,
        "nik": report.reporter_nik,
        "address": report.reporter_address,
        "phone": report.reporter_phone,
        "email": report.reporter_email,
        "witnesses": report.witnesses,
        "submitted_by": report.submitted_by.get_username() if report.submitted_by_id else "",
        "organisation": str(report.organisation) if report.organisation_id else "",
    }


# --- duplicates -----------------------------------------------------------------------------------------


def _root(report: Report) -> Report:
    seen = set()
    while report.duplicate_of_id and report.pk not in seen:
        seen.add(report.pk)
        report = report.duplicate_of
    return report


MAX_SUGGESTIONS = 10


def _root_id(pk: int) -> int:
    seen = set()
    while pk not in seen:
        seen.add(pk)
        parent = Report.objects.filter(pk=pk).values_list("duplicate_of_id", flat=True).first()
        if not parent:
            return pk
        pk = parent
    return pk


def suggest_duplicates(report: Report) -> list[DuplicateSuggestion]:
    """Compare with recent reports; store the best suggestions; link automatically above the higher threshold.

    Suggestions are machine output (not audited one by one); linking is audited, and so is every decision a
    handler takes on a suggestion.
    """
    matches = duplicates.find_matches(report)[:MAX_SUGGESTIONS]
    if not matches:
        return []
    with transaction.atomic():
        known = set(DuplicateSuggestion.objects.filter(report=report).values_list("candidate_id", flat=True))
        DuplicateSuggestion.objects.bulk_create([
            DuplicateSuggestion(report=report, candidate_id=m.candidate_id, score=round(m.score, 4), reasons=m.reasons)
            for m in matches if m.candidate_id not in known
        ], ignore_conflicts=True)
        by_candidate = {s.candidate_id: s for s in DuplicateSuggestion.objects.filter(
            report=report, candidate_id__in=[m.candidate_id for m in matches])}
        auto = next((by_candidate[m.candidate_id] for m in matches if m.auto and m.candidate_id in by_candidate
                     and by_candidate[m.candidate_id].state == DuplicateSuggestion.State.SUGGESTED), None)
        current = Report.objects.filter(pk=report.pk).values_list("duplicate_of_id", flat=True).first()
        if auto is not None and current is None:
            primary_id = _root_id(auto.candidate_id)
            if primary_id != report.pk:
                Report.objects.filter(pk=report.pk).update(duplicate_of_id=primary_id)
                report.duplicate_of_id = primary_id
                auto.state = DuplicateSuggestion.State.LINKED
                auto.decided_at = timezone.now()
                auto.save(update_fields=["state", "decided_at"])
                record("duplicate_linked", report, changes={"duplicate_of": [None, primary_id]},
                       reason=f"otomatis: skor {auto.score:.2f} ({'; '.join(auto.reasons)})")
    return [by_candidate[m.candidate_id] for m in matches if m.candidate_id in by_candidate]


def _require_actor_on(actor, *reports: Report):
    from pantau.accounts.scoping import can_act_in

    for report in reports:
        if not (actor and actor.is_authenticated and actor.is_bawaslu and can_act_in(actor, report.office_region_id)) \
                and not (actor and actor.is_superuser):
            raise PermissionDenied(_("Anda tidak berwenang atas laporan ini."))


def link_duplicate(report: Report, primary: Report, actor, *, merge: bool = True, reason: str = "") -> Report:
    """Link ``report`` to ``primary`` (the earlier report about the same event). With ``merge`` the report is also
    marked "digabung": its reporter is told, and from then on sees the primary's progress on the tracking page."""
    _require_actor_on(actor, report)
    primary = _root(primary)
    if primary.pk == report.pk:
        raise ValueError("laporan tidak dapat digabung dengan dirinya sendiri")
    with transaction.atomic():
        old = report.duplicate_of_id
        Report.objects.filter(pk=report.pk).update(duplicate_of=primary)
        # Reports that pointed at this one follow it to the primary (no chains).
        Report.objects.filter(duplicate_of=report).update(duplicate_of=primary)
        report.duplicate_of = primary
        DuplicateSuggestion.objects.filter(report=report, candidate=primary).update(
            state=DuplicateSuggestion.State.MERGED if merge else DuplicateSuggestion.State.LINKED,
            decided_by=actor, decided_at=timezone.now())
        DuplicateSuggestion.objects.get_or_create(
            report=report, candidate=primary,
            defaults={"score": 1.0, "reasons": [texts.DUP_BY_STAFF], "decided_by": actor, "decided_at": timezone.now(),
                      "state": DuplicateSuggestion.State.MERGED if merge else DuplicateSuggestion.State.LINKED},
        )
        record("duplicate_merged" if merge else "duplicate_linked", report, actor=actor,
               changes={"duplicate_of": [old, primary.pk]}, reason=reason)
        if merge:
            update_status(report, Status.MERGED, texts.MERGED_NOTE, actor)
    return report


def dismiss_duplicate(suggestion: DuplicateSuggestion, actor, reason: str = "") -> DuplicateSuggestion:
    """A handler says "not the same event": the suggestion is closed, an automatic link is undone."""
    report = suggestion.report
    _require_actor_on(actor, report)
    with transaction.atomic():
        if suggestion.state == DuplicateSuggestion.State.LINKED and report.duplicate_of_id == _root(suggestion.candidate).pk:
            Report.objects.filter(pk=report.pk).update(duplicate_of=None)
            report.duplicate_of = None
        suggestion.state = DuplicateSuggestion.State.DISMISSED
        suggestion.decided_by = actor
        suggestion.decided_at = timezone.now()
        suggestion.save(update_fields=["state", "decided_by", "decided_at"])
        record("duplicate_dismissed", report, actor=actor, reason=reason,
               changes={"candidate": suggestion.candidate_id, "score": suggestion.score})
    return suggestion


# --- URL capture (the monitoring fetcher calls these) ---------------------------------------------------


def urls_awaiting_capture(limit: int = 100):
    return ReportAttachment.objects.filter(kind=AttachmentKind.URL, capture_status=CaptureStatus.PENDING).order_by("pk")[:limit]


def record_url_capture(attachment: ReportAttachment, *, blob=None, ok: bool, note: str = "") -> ReportAttachment:
    """Store the result of archiving a URL: ``blob`` is the snapshot (WARC/HTML/screenshot) in the evidence store."""
    attachment.capture = blob if ok else None
    attachment.capture_status = CaptureStatus.CAPTURED if ok else CaptureStatus.FAILED
    attachment.capture_note = note[:300]
    with transaction.atomic():
        attachment.save(update_fields=["capture", "capture_status", "capture_note"])
        record("report_url_capture", attachment.report, changes={
            "url": attachment.url, "status": attachment.capture_status, "blob": blob.sha256 if ok and blob else None,
        }, reason=note[:300])
    return attachment


# --- notifications --------------------------------------------------------------------------------------


def site_url() -> str:
    return getattr(settings, "PANTAU_SITE_URL", "http://127.0.0.1:8000").rstrip("/")


def office_recipients(office_code: str) -> list[str]:
    configured = (getattr(settings, "PANTAU_OFFICE_EMAILS", None) or {}).get(office_code)
    if configured:
        return [configured] if isinstance(configured, str) else list(configured)
    from pantau.accounts.models import User

    return sorted(set(
        User.objects.filter(is_active=True, role__in=[Role.HANDLER, Role.LEADERSHIP], jurisdiction_id=office_code)
        .exclude(email="").values_list("email", flat=True)
    ))


def _send(subject: str, body: str, to: list[str]) -> bool:
    if not to:
        return False
    try:
        connection = get_connection(fail_silently=False, timeout=getattr(settings, "EMAIL_TIMEOUT", None) or 10)
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, to, connection=connection).send()
        return True
    except Exception:  # mail is best effort: the report and its status are already stored
        log.exception("E-mail to %d recipient(s) failed: %s", len(to), subject)
        return False


def reporter_language() -> str:
    """The active language if the site offers it (the reporter's choice), else the default (Indonesian)."""
    offered = {code for code, _name in settings.LANGUAGES}
    language = (translation.get_language() or "").split("-")[0]
    return language if language in offered else settings.LANGUAGE_CODE


def notify_office(report: Report) -> bool:
    to = office_recipients(report.office_region_id)
    if not to:
        return False
    # Mail to a Bawaslu office is Indonesian, even when the eager task runs inside an English request.
    with translation.override(settings.LANGUAGE_CODE):
        return _send(*_office_message(report), to)


def _office_message(report: Report) -> tuple[str, str]:
    body = render_to_string("reports/email/new_report.txt", {"report": report, "site_url": site_url(),
                                                              "place": place_name(report.region)})
    subject = _("[Pantau] %(kind)s baru %(code)s – %(region)s") % {
        "kind": report.get_kind_display(), "code": report.tracking_code, "region": place_name(report.region)}
    return subject, body


def notify_reporter(report: Report, *, shown: Report | None = None) -> bool:
    """E-mail the reporter of ``report`` about the status of ``shown`` (itself, or the primary it was merged into)."""
    email = report.reporter_email
    if not email:
        return False
    shown = shown or report
    # In the language the reporter used the form in (Indonesian for reports stored before it was recorded).
    with translation.override(report.language or settings.LANGUAGE_CODE):
        body = render_to_string("reports/email/status_changed.txt", {
            "report": report, "shown": shown, "site_url": site_url(),
            "label": shown.get_status_display(), "explanation": shown.status_explanation,
        })
        subject = _("[Pantau] Status %(code)s: %(status)s") % {"code": report.tracking_code,
                                                               "status": shown.get_status_display()}
    return _send(subject, body, [email])


def notify_status(report: Report) -> int:
    sent = int(notify_reporter(report))
    # Reporters whose reports were merged into this one hear about its progress too (Check's tipline practice).
    for child in Report.objects.filter(duplicate_of=report, status=Status.MERGED).exclude(reporter_email=""):
        sent += int(notify_reporter(child, shown=report))
    return sent


# --- reading helpers for views and the API --------------------------------------------------------------


def public_view(report: Report) -> dict:
    """What anyone holding the tracking code may see: no identity, no description, nothing of other reports."""
    shown = report
    if report.status == Status.MERGED and report.duplicate_of_id:
        shown = _root(report)
    history = [
        {"at": h.at.isoformat(), "status": h.status, "label": str(h.status_label), "note": h.public_note_text}
        for h in report.history.all()
    ]
    if shown.pk != report.pk:
        history += [
            {"at": h.at.isoformat(), "status": h.status, "label": str(h.status_label), "note": h.public_note_text}
            for h in shown.history.filter(at__gte=report.created_at)
        ]
        history.sort(key=lambda h: h["at"])
    return {
        "tracking_code": report.tracking_code,
        "kind": report.kind,
        "kind_label": report.get_kind_display(),
        "status": shown.status,
        "status_label": shown.get_status_display(),
        "status_explanation": str(shown.status_explanation),
        "merged": shown.pk != report.pk,
        "public_note": shown.public_note_text,
        "decision": shown.decision,
        "received_at": report.created_at.isoformat(),
        "updated_at": shown.status_changed_at.isoformat(),
        "office": office_name(report.office_region),
        "registrable": report.registrable,
        "registrable_reason": report.registrable_reason_text,
        "to_complete": report.to_complete,
        "attachments": report.attachments.count(),
        "history": history,
    }


def place_name(region) -> str:
    """'Simpang IV Sipin, Telanaipura, Kota Jambi': the place with its kecamatan and kabupaten/kota."""
    parts, node = [], region
    while node is not None and node.level != "provinsi":
        parts.append(node.name)
        node = node.parent
    return ", ".join(parts) or (region.name if region is not None else "")


def office_name(region) -> str:
    if region is None:
        return ""
    if region.level == "provinsi":
        return _("Bawaslu Provinsi %(name)s") % {"name": region.name}
    return f"Bawaslu {region.name}"


def visible_reports(user):
    from pantau.accounts.scoping import visible

    return visible(Report.objects.all(), user, region_field="region", organisation_field="organisation",
                   submitter_field="submitted_by")


def open_statuses_q() -> Q:
    return Q(status__in=[Status.RECEIVED, Status.IN_REVIEW, Status.NEEDS_INFO])
