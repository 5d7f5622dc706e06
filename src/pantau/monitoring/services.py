"""Every state change of cyber monitoring: one function per action, checked, audited, in one transaction.

Views, the API, the CLI and the demo call these; nothing else writes the monitoring models.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from pantau.accounts.models import Role
from pantau.accounts.scoping import can_act_in, sees_everything, visible
from pantau.audit.services import record
from pantau.evidence.store import append_custody, open_blob, store

from . import adapters
from .models import (
    ContentItem,
    ImportBatch,
    LabelFeedback,
    NearDupGroup,
    Source,
    TakedownRequest,
    WatchlistEntry,
)

ACTING_ROLES = {Role.ANALYST}
VIEWING_ROLES = {Role.ANALYST, Role.HANDLER, Role.LEADERSHIP, Role.PANWASCAM}
DETECTION_LABELS = ("politik_uang", "netralitas", "sara", "kampanye_hitam", "hasutan", "kata_kasar")


def known_labels() -> tuple[str, ...]:
    try:
        from pantau.detection.taxonomy import LABELS

        return tuple(LABELS)
    except ImportError:
        return DETECTION_LABELS


# ---------------------------------------------------------------------------------------------------------
# who may do what


def can_view(user) -> bool:
    return sees_everything(user) or bool(user.is_authenticated and user.role in VIEWING_ROLES and user.jurisdiction_id)


def can_act(user, region_code: str | None = None) -> bool:
    if sees_everything(user):
        return True
    if not (user.is_authenticated and user.role in ACTING_ROLES and user.jurisdiction_id):
        return False
    return region_code is None or can_act_in(user, region_code)


def _require_act(user, region_code: str | None) -> None:
    if not can_act(user, region_code):
        raise PermissionDenied(_("Hanya analis di wilayah ini yang dapat melakukan tindakan ini."))


def items_for(user):
    if not can_view(user):
        return ContentItem.objects.none()
    return visible(ContentItem.objects.all(), user, region_field="region")


def groups_for(user):
    if not can_view(user):
        return NearDupGroup.objects.none()
    return visible(NearDupGroup.objects.all(), user, region_field="region")


def sources_for(user):
    if not can_view(user):
        return Source.objects.none()
    return visible(Source.objects.all(), user, region_field="region")


def batches_for(user):
    if not can_view(user):
        return ImportBatch.objects.none()
    return visible(ImportBatch.objects.all(), user, region_field="region")


def takedowns_for(user):
    if not can_view(user):
        return TakedownRequest.objects.none()
    return visible(TakedownRequest.objects.all(), user, region_field="region")


def watchlist_for(user):
    if not can_view(user):
        return WatchlistEntry.objects.none()
    return visible(WatchlistEntry.objects.all(), user, region_field="region")


# ---------------------------------------------------------------------------------------------------------
# sources, watchlist, imports


def register_source(user, *, name: str, kind: str, url: str, region_code: str, interval_minutes: int = 60) -> Source:
    _require_act(user, region_code)
    if kind in (Source.Kind.RSS, Source.Kind.PAGE) and not url:
        raise ValidationError(_("Sumber RSS atau halaman web memerlukan URL."))
    with transaction.atomic():
        source = Source.objects.create(name=name, kind=kind, url=url, region_id=region_code,
                                       interval_minutes=max(5, interval_minutes), created_by=user)
        record("monitoring.source.register", source, changes={"name": name, "kind": kind, "url": url,
                                                               "interval_minutes": source.interval_minutes})
    return source


def set_source_active(user, source: Source, active: bool) -> Source:
    _require_act(user, source.region_id)
    with transaction.atomic():
        Source.objects.filter(pk=source.pk).update(active=active)
        source.active = active
        record("monitoring.source.active", source, changes={"active": [not active, active]})
    return source


def add_watch(user, *, kind: str, value: str, region_code: str, variants: Iterable[str] = (), platform: str = "",
              candidate_account=None, watched_region_code: str | None = None, note: str = "") -> WatchlistEntry:
    _require_act(user, region_code)
    return WatchlistEntry.objects.create(
        kind=kind, value=value.strip(), variants=[v.strip() for v in variants if v.strip()], platform=platform,
        candidate_account=candidate_account, region_id=region_code, watched_region_id=watched_region_code,
        note=note,
    )


_IMPORT_CONTENT_TYPES = {
    "twitter-v2": "application/json", "tiktok": "application/json", "telegram": "application/json",
    "youtube": "application/json", "meta-csv": "text/csv", "csv": "text/csv", "jsonl": "application/x-ndjson",
    "whatsapp": "text/plain", "rss": "application/rss+xml",
}


def submit_import(user, *, data: bytes, filename: str, fmt: str, region_code: str, source: Source | None = None,
                  options: dict | None = None, enqueue: bool = True) -> ImportBatch:
    """Store the uploaded export as evidence, create the batch and queue its extraction."""
    if user is not None:
        _require_act(user, region_code)
    limit = getattr(settings, "PANTAU_MAX_UPLOAD_BYTES", 25 * 1024 * 1024)
    if len(data) > limit:
        raise ValidationError(_("Berkas melebihi batas unggah (%(mb)d MB).") % {"mb": limit // (1024 * 1024)})
    if not data.strip():
        raise ValidationError(_("Berkas kosong."))
    from pantau.ingest.importers import FORMATS

    if fmt not in FORMATS:
        raise ValidationError(_("Format impor tidak dikenal: %(fmt)s") % {"fmt": fmt})
    with transaction.atomic():
        blob = store(data, content_type="application/octet-stream", original_name=filename,
                     note=f"ekspor platform {fmt}: {filename} ({len(data)} B)")
        warc = adapters.warc_of_file(data, filename=filename, content_type=_IMPORT_CONTENT_TYPES.get(fmt,
                                     "application/octet-stream"))
        warc_blob = store(warc.data, content_type="application/warc", original_name=f"{filename}.warc.gz",
                          note=f"WARC ekspor {filename}, isi SHA-256 {blob.sha256}")
        batch = ImportBatch.objects.create(source=source, region_id=region_code, format=fmt, file=blob,
                                           warc=warc_blob, original_name=filename[:255], options=options or {},
                                           created_by=user if getattr(user, "pk", None) else None)
        for stored in (blob, warc_blob):
            append_custody(stored, "captured", subject=f"monitoring.ImportBatch:{batch.pk}",
                           note=_("impor diterima sebagai batch %(pk)s") % {"pk": batch.pk})
        record("monitoring.import.submit", batch, changes={"format": fmt, "file": blob.sha256,
                                                           "warc": warc_blob.sha256, "name": filename})
        if enqueue:
            from .tasks import extract_import_batch

            transaction.on_commit(lambda: extract_import_batch.delay(batch.pk))
    return batch


# ---------------------------------------------------------------------------------------------------------
# analyst actions on items


def _log_item(action: str, item: ContentItem, user, changes: dict, reason: str = "") -> None:
    record(action, item, changes=changes, reason=reason, actor=user)


def dismiss(user, item: ContentItem, reason: str) -> ContentItem:
    _require_act(user, item.region_id)
    if not reason.strip():
        raise ValidationError(_("Alasan wajib diisi untuk mengabaikan butir."))
    with transaction.atomic():
        before = item.status
        ContentItem.objects.filter(pk=item.pk).update(status=ContentItem.Status.DISMISSED, dismiss_reason=reason,
                                                      reviewed_by=user, reviewed_at=timezone.now())
        LabelFeedback.objects.create(item=item, labels=[], predicted=item.labels, verdict="dismissed", by=user)
        _log_item("monitoring.item.dismiss", item, user, {"status": [before, "dismissed"]}, reason)
    item.refresh_from_db()
    return item


def review_labels(user, item: ContentItem, labels: Iterable[str], note: str = "") -> ContentItem:
    """Confirm (same labels) or correct the labels. Either way it becomes a training example."""
    _require_act(user, item.region_id)
    allowed = set(known_labels()) | {"masa_tenang"}
    final = sorted({label for label in labels if label})
    unknown = [label for label in final if label not in allowed]
    if unknown:
        raise ValidationError(_("Label tidak dikenal: %(labels)s") % {"labels": ", ".join(unknown)})
    predicted = sorted(item.labels)
    verdict = "confirmed" if final == predicted else "corrected"
    with transaction.atomic():
        ContentItem.objects.filter(pk=item.pk).update(
            status=ContentItem.Status.CONFIRMED if final else ContentItem.Status.DISMISSED,
            corrected_labels=None if verdict == "confirmed" else final,
            reviewed_by=user, reviewed_at=timezone.now(),
        )
        LabelFeedback.objects.create(item=item, labels=final, predicted=predicted, verdict=verdict, by=user)
        _log_item(f"monitoring.item.{verdict}", item, user, {"labels": [predicted, final]}, note)
    item.refresh_from_db()
    return item


def merge_into_group(user, items: Iterable[ContentItem], group: NearDupGroup) -> int:
    items = list(items)
    for item in items:
        _require_act(user, item.region_id)
    _require_act(user, group.region_id)
    with transaction.atomic():
        moved = 0
        for item in items:
            if item.group_id == group.pk:
                continue
            old = item.group_id
            ContentItem.objects.filter(pk=item.pk).update(group=group)
            if old:
                NearDupGroup.objects.filter(pk=old).update(item_count=F("item_count") - 1)
            _log_item("monitoring.item.merge", item, user, {"group": [old, group.pk]})
            moved += 1
        # last_seen_at moves so that the dashboard's incremental refresh recounts the group
        NearDupGroup.objects.filter(pk=group.pk).update(item_count=F("item_count") + moved,
                                                        last_seen_at=Greatest(F("last_seen_at"), Value(timezone.now())))
        first = min((i.first_seen_at for i in items), default=group.first_seen_at)
        if first < group.first_seen_at:
            NearDupGroup.objects.filter(pk=group.pk).update(first_seen_at=first)
    return moved


def promote_to_finding(user, item: ContentItem, *, title: str = "", note: str = ""):
    """Turn an item into a temuan through the cases service (the cases app owns findings)."""
    _require_act(user, item.region_id)
    try:
        from pantau.cases import services as case_services
    except ImportError as exc:
        raise ValidationError(_("Modul penanganan kasus belum tersedia; temuan belum dapat dibuat.")) from exc
    create = getattr(case_services, "create_finding", None)
    if create is None:
        raise ValidationError(_("Layanan pembuatan temuan belum tersedia di modul kasus."))
    evidence_files = ([(open_blob(item.warc_blob), "application/warc", item.warc_blob.original_name or "capture.warc.gz")]
                      if item.warc_blob_id else [])
    case_error = getattr(case_services, "CaseError", ())
    try:
        finding = _create_finding(create, user, item, title, note, evidence_files)
    except case_error as exc:
        raise ValidationError(getattr(exc, "message", str(exc))) from exc
    with transaction.atomic():
        ContentItem.objects.filter(pk=item.pk).update(status=ContentItem.Status.PROMOTED, finding_ref=str(finding.pk),
                                                      reviewed_by=user, reviewed_at=timezone.now())
        _log_item("monitoring.item.promote", item, user, {"finding": finding.pk}, note)
    return finding


def _create_finding(create, user, item: ContentItem, title: str, note: str, evidence_files):
    with transaction.atomic():
        return create(
            user,
            region=item.region,
            title=(title or _("Temuan pengawasan siber: %(platform)s") % {"platform": item.get_platform_display()})[:200],
            description=_describe(item, note),
            reported_party=item.author_handle or item.author_name,
            source_reference=item.url or item.canonical_url,
            origin_ref=f"monitoring.ContentItem:{item.pk}",
            known_on=timezone.localdate(),
            evidence_files=evidence_files,
        )


def _describe(item: ContentItem, note: str) -> str:
    labels = ", ".join(item.effective_labels) or "-"
    when = timezone.localtime(item.published_at).strftime("%d-%m-%Y %H:%M") if item.published_at else "-"
    lines = [
        f"Platform: {item.get_platform_display()}",
        f"Akun: {item.author_handle or item.author_name or '-'}",
        f"Diterbitkan: {when} WIB",
        f"Tautan: {item.url or item.canonical_url or '-'}",
        f"Label deteksi: {labels}",
        "",
        item.text,
    ]
    if note:
        lines += ["", f"Catatan analis: {note}"]
    return "\n".join(lines)


def attach_to_report(user, item: ContentItem, report) -> ContentItem:
    """Link the item to a report the analyst can see. `pantau.reports.services` has no service that adds
    evidence to an existing report, so the link lives on the item (`report_ref`) and in the audit log."""
    _require_act(user, item.region_id)
    from pantau.reports.services import visible_reports

    if not visible_reports(user).filter(pk=report.pk).exists():
        raise PermissionDenied(_("Laporan ini tidak berada di wilayah Anda."))
    with transaction.atomic():
        ContentItem.objects.filter(pk=item.pk).update(report_ref=str(report.pk))
        _log_item("monitoring.item.attach_report", item, user, {"report": report.pk})
    item.refresh_from_db()
    return item


# ---------------------------------------------------------------------------------------------------------
# evidence package


def evidence_package(user, item: ContentItem) -> tuple[bytes, str]:
    """The item's WARC (the page capture, or the WARC of the export it came in), metadata and a hash
    manifest, as a zip built by `pantau.ingest.package.build_package` and verifiable offline. Each download
    writes a custody entry ("exported") naming the package's own SHA-256."""
    if not can_view(user) or not items_for(user).filter(pk=item.pk).exists():
        raise PermissionDenied
    blob = item.warc_blob or (item.batch.warc if item.batch_id else None)
    if blob is not None:
        warc = open_blob(blob)
    elif item.batch_id:
        # a batch imported before export WARCs were kept: wrap the stored export now and say so
        blob = item.batch.file
        warc = adapters.warc_of_file(open_blob(blob), filename=item.batch.original_name or "ekspor.bin",
                                     captured_at=item.batch.created_at).data
    else:
        raise ValidationError(_("Butir ini tidak memiliki rekaman bukti."))
    metadata = {
        "item": {
            "id": item.pk, "platform": item.platform, "external_id": item.external_id, "url": item.url,
            "canonical_url": item.canonical_url, "content_hash": item.content_hash, "author": item.author_handle,
            "published_at": item.published_at.isoformat() if item.published_at else None,
            "first_seen_at": item.first_seen_at.isoformat(), "text": item.text, "labels": item.effective_labels,
            "detected_labels": item.labels, "scores": item.scores, "evidence": item.evidence,
            "priority": item.priority, "priority_parts": item.priority_parts,
        },
        "captured_at": blob.created_at.isoformat(),
        "sightings": [{"origin": s.origin, "seen_at": s.seen_at.isoformat(), "metrics": s.metrics}
                      for s in item.sightings.all()],
        "evidence_blob": {"sha256": blob.sha256, "size": blob.size, "content_type": blob.content_type,
                          "original_name": blob.original_name},
        "warc_stored": blob.content_type == "application/warc",
        "exported_at": datetime.now(UTC).isoformat(),
        "exported_by": user.get_username(),
        "office": getattr(user, "office_name", ""),
    }
    package = adapters.evidence_package(warc=warc, metadata=metadata)
    append_custody(blob, "exported", subject=f"monitoring.ContentItem:{item.pk}", actor=user,
                   note=_("paket bukti diunduh, SHA-256 paket %(sha)s") % {"sha": package.sha256})
    record("monitoring.item.evidence_download", item, actor=user,
           changes={"blob": blob.sha256, "package_sha256": package.sha256})
    return package.data, f"bukti-pantau-{item.pk}.zip"


# ---------------------------------------------------------------------------------------------------------
# takedown requests


def draft_takedown(user, items: list[ContentItem], *, addressee: str, reason: str, platform: str = "",
                   number: str = "", extra_urls: Iterable[str] = ()) -> TakedownRequest:
    if not items:
        raise ValidationError(_("Pilih paling sedikit satu butir konten."))
    for item in items:
        _require_act(user, item.region_id)
    urls = [i.url or i.canonical_url for i in items if i.url or i.canonical_url] + [u for u in extra_urls if u]
    if not urls:
        raise ValidationError(_("Butir yang dipilih tidak memiliki tautan untuk diturunkan."))
    region = user.jurisdiction_id or items[0].region_id
    with transaction.atomic():
        request = TakedownRequest.objects.create(addressee=addressee, platform=platform, urls=urls, reason=reason,
                                                 region_id=region, created_by=user,
                                                 number=number or "")
        request.items.set(items)
        if not request.number:
            request.number = f"{request.pk:03d}/PM.00.02/K.JI/{timezone.localdate():%m/%Y}"
            TakedownRequest.objects.filter(pk=request.pk).update(number=request.number)
        pdf = render_takedown_letter(request, items, user)
        blob = store(pdf, content_type="application/pdf", original_name=f"takedown-{request.pk}.pdf",
                     subject=f"monitoring.TakedownRequest:{request.pk}", note=_("surat permintaan takedown"))
        TakedownRequest.objects.filter(pk=request.pk).update(letter=blob)
        request.letter = blob
        record("monitoring.takedown.draft", request, actor=user,
               changes={"urls": urls, "addressee": addressee, "letter": blob.sha256}, reason=reason)
    return request


def render_takedown_letter(request: TakedownRequest, items: list[ContentItem], user) -> bytes:
    office = getattr(user, "office_name", "") or "Bawaslu Provinsi Jambi"
    penerima = (dict(TakedownRequest.Addressee.choices)[request.addressee] if request.addressee == "komdigi"
                else f"{dict(ContentItem._meta.get_field('platform').choices).get(request.platform, 'Platform')}")
    konten = []
    for item in items:
        konten.append({
            "url": item.url or item.canonical_url,
            "platform": item.get_platform_display(),
            "akun": item.author_handle,
            "ditemukan": timezone.localtime(item.first_seen_at),
            "alasan": ", ".join(item.effective_labels) or request.reason[:200],
        })
    data = {
        "kantor": {"nama": _office_full_name(office), "kota": "Jambi"},
        "nomor": request.number,
        "penerima": penerima,
        "konten": konten,
        "alasan_umum": request.reason,
        "tanggal": timezone.localdate(),
    }
    try:
        from pantau.cases.letters import render_letter
    except ImportError:
        render_letter = None
    if render_letter is not None:
        return render_letter("permintaan_takedown", data)
    return _plain_letter_pdf(data)


def _office_full_name(office: str) -> str:
    if office.startswith("Bawaslu "):
        return "Badan Pengawas Pemilihan Umum " + office[len("Bawaslu "):]
    return office


def _plain_letter_pdf(data: dict) -> bytes:
    """WeasyPrint letter used only when pantau.cases.letters is not installed."""
    from django.template.loader import render_to_string
    from weasyprint import HTML

    html = render_to_string("monitoring/takedown_letter.html", {"d": data})
    return HTML(string=html).write_pdf()


def mark_takedown_sent(user, request: TakedownRequest) -> TakedownRequest:
    _require_act(user, request.region_id)
    with transaction.atomic():
        now = timezone.now()
        TakedownRequest.objects.filter(pk=request.pk).update(sent_at=now)
        request.sent_at = now
        record("monitoring.takedown.sent", request, actor=user, changes={"sent_at": now.isoformat()})
    return request


def recheck_takedown(request: TakedownRequest) -> TakedownRequest:
    """Is each URL still online? 2xx = still online; 404/410/451 = taken down; anything else = unknown."""
    results = []
    now = datetime.now(UTC)
    for url in request.urls:
        status, error = None, ""
        try:
            status = adapters.fetch_url(url).status
        except adapters.FetchError as exc:
            error = str(exc)
        if status is not None and 200 <= status < 300:
            online = True
        elif status in (404, 410, 451):
            online = False
        else:
            online = None
        results.append({"url": url, "at": now.isoformat(), "status": status, "online": online, "error": error[:200]})
    still = sum(1 for r in results if r["online"])
    history = (request.recheck_results or []) + results
    TakedownRequest.objects.filter(pk=request.pk).update(recheck_results=history[-500:], last_checked_at=now,
                                                         still_online=still)
    record("monitoring.takedown.recheck", request, changes={"still_online": still, "checked": len(results)})
    request.refresh_from_db()
    return request


# ---------------------------------------------------------------------------------------------------------
# training feedback


def feedback_jsonl(user=None) -> str:
    """Analysts' verdicts as JSON Lines for `pantau train --extra-labels FILE`: one object per reviewed item,
    `{"id", "text", "labels": {label: 0|1 for every label}, "source", "verdict"}`. The latest verdict per
    item wins."""
    qs = LabelFeedback.objects.select_related("item").order_by("item_id", "at")
    if user is not None:
        qs = qs.filter(item__in=items_for(user))
    latest: dict[int, LabelFeedback] = {}
    for fb in qs:
        latest[fb.item_id] = fb
    labels = known_labels()
    lines = []
    for fb in latest.values():
        text = fb.item.text or fb.item.title
        if not text.strip():
            continue  # the trainer refuses a line without text
        chosen = set(fb.labels)
        lines.append(json.dumps({
            "id": f"pantau-{fb.item_id}",
            "text": text,
            "labels": {label: int(label in chosen) for label in labels},
            "source": "pantau_analyst",
            "verdict": fb.verdict,
        }, ensure_ascii=False))
    return "\n".join(lines) + ("\n" if lines else "")
