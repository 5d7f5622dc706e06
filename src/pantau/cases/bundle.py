"""The case bundle: one PDF for Gakkumdu or a court.

Its pages are the chronology (`letters` kind "kronologi": every timeline event with the SHA-256 of its
evidence, and a fingerprint of the whole list); every document and piece of evidence is embedded in the same
PDF as a file attachment named with its hash, so the bundle travels as one file. The bundle itself is stored as
derived evidence and the export is audited.
"""

from __future__ import annotations

from django.utils import timezone

from pantau.audit.services import record
from pantau.evidence.models import CustodyEntry, EvidenceBlob
from pantau.evidence.store import EvidenceMissing, append_custody, open_blob, store

from .models import Case
from .services import _kantor, state_label
from .workflow import ACTION_LABELS as EVENT_LABELS


def _blobs_of(case: Case) -> list[tuple[EvidenceBlob, str]]:
    """Every blob belonging to the case, with the name it carries in the bundle."""
    seen: dict[str, tuple[EvidenceBlob, str]] = {}
    for doc in case.documents.select_related("blob"):
        seen.setdefault(doc.blob_id, (doc.blob, doc.title))
    for event in case.events.prefetch_related("evidence"):
        for blob in event.evidence.all():
            seen.setdefault(blob.sha256, (blob, blob.original_name or "bukti"))
    if case.finding_id:
        for blob in case.finding.evidence.all():
            seen.setdefault(blob.sha256, (blob, blob.original_name or "bukti temuan"))
    if case.report_id:
        for attachment in getattr(case.report, "attachments", None).all() if hasattr(case.report, "attachments") else []:
            blob = getattr(attachment, "original", None)
            if blob is not None:
                seen.setdefault(blob.sha256, (blob, f"lampiran laporan: {attachment}"))
    return list(seen.values())


def chronology(case: Case) -> list[dict]:
    events = []
    for event in case.events.prefetch_related("evidence").order_by("at", "pk"):
        if event.action == "refused":
            continue
        label = EVENT_LABELS.get(event.action, event.action)
        text = label
        if event.to_state and event.to_state != event.from_state:
            text += f" (status: {state_label(event.to_state)})"
        if event.reason:
            text += f". {event.reason}"
        events.append({
            "waktu": timezone.localtime(event.at),
            "peristiwa": text,
            "oleh": event.actor_label,
            "bukti": [{"nama": b.original_name or "bukti", "sha256": b.sha256} for b in event.evidence.all()],
        })
    return events


def render_bundle(case: Case) -> bytes:
    import weasyprint  # noqa: PLC0415 - heavy

    from .letters import render_html  # noqa: PLC0415

    summary = case.summary or case.title
    decision = getattr(case, "decision", None)
    if decision is not None:
        summary += f"\n\nPutusan: {decision.get_type_display()}. {decision.reasoning}"
    html = render_html("kronologi", {
        "kantor": _kantor(case),
        "nomor_perkara": case.register_number or f"Kasus #{case.pk} (belum diregistrasi)",
        "peristiwa": chronology(case) or [{"waktu": timezone.localtime(case.received_at),
                                           "peristiwa": "Kasus diterima", "oleh": "sistem"}],
        "status_perkara": state_label(case.state),
        "ringkasan": summary,
        "disusun_pada": timezone.localtime(timezone.now()),
        "jenis_pemilihan": "pemilu" if (case.election.deadline_rules or case.election.type) == "pemilu" else "pilkada",
    })
    attachments = []
    for blob, name in _blobs_of(case):
        try:
            content = open_blob(blob)
        except EvidenceMissing as exc:
            attachments.append(weasyprint.Attachment(string=str(exc).encode(), name=f"HILANG-{blob.sha256}.txt",
                                                     description=str(exc)))
            continue
        suffix = (blob.original_name or "").rpartition(".")[2][:8] or "bin"
        attachments.append(weasyprint.Attachment(string=content, name=f"{blob.sha256[:16]}-{name[:60]}.{suffix}",
                                                 description=f"{name} · SHA-256 {blob.sha256}"))

    def refuse(url, *args, **kwargs):
        raise ValueError(f"Bundel tidak memuat sumber eksternal: {str(url)[:60]}")

    return weasyprint.HTML(string=html, base_url=None, url_fetcher=refuse).write_pdf(attachments=attachments)


def build_bundle(case: Case, actor) -> tuple[bytes, EvidenceBlob]:
    pdf = render_bundle(case)
    name = (case.register_number or f"kasus-{case.pk}").replace("/", "_")
    blob = store(pdf, content_type="application/pdf", original_name=f"bundel-{name}.pdf",
                 subject=f"cases.Case:{case.pk}", note="Bundel kronologi dan bukti", action=CustodyEntry.Action.DERIVED)
    append_custody(blob, CustodyEntry.Action.EXPORTED, subject=f"cases.Case:{case.pk}", actor=actor)
    record("cases.export_bundle", case, changes={"sha256": blob.sha256, "size": blob.size}, actor=actor)
    return pdf, blob
