"""Recording and verifying audit entries."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from .chain import GENESIS, link_hash, verify_chain
from .context import current_actor
from .models import AuditEntry, ChainHead

AUDIT_CHAIN = "audit"


def _lock_head(name: str) -> ChainHead:
    head, _ = ChainHead.objects.get_or_create(name=name, defaults={"last_hash": GENESIS, "length": 0})
    return ChainHead.objects.select_for_update().get(pk=head.pk)


def record(
    action: str,
    obj=None,
    *,
    model: str | None = None,
    object_pk: str | None = None,
    changes: dict | None = None,
    reason: str = "",
    region_code: str | None = None,
    actor=None,
) -> AuditEntry:
    """Append one entry. Call inside the same transaction as the change it describes."""
    who = current_actor()
    user = actor if actor is not None else who.user
    if obj is not None:
        model = model or obj._meta.label
        object_pk = object_pk or str(obj.pk)
        if region_code is None:
            region_code = getattr(obj, "audit_region_code", None) or getattr(obj, "region_id", None)
    with transaction.atomic():
        head = _lock_head(AUDIT_CHAIN)
        entry = AuditEntry(
            seq=head.length + 1,
            at=timezone.now(),
            actor=user if getattr(user, "pk", None) else None,
            actor_label=(user.get_username() if getattr(user, "pk", None) else who.label)[:150],
            ip=who.ip,
            action=action,
            model=model or "",
            object_pk=(object_pk or "")[:64],
            object_repr=(str(obj) if obj is not None else "")[:200],
            region_code=region_code or "",
            changes=changes or {},
            reason=reason,
            prev_hash=head.last_hash,
        )
        entry.hash = link_hash(entry.prev_hash, entry.chain_content())
        entry.save()
        head.last_hash = entry.hash
        head.length = entry.seq
        head.save(update_fields=["last_hash", "length"])
    return entry


def verify() -> tuple[int, AuditEntry | None, str]:
    entries = AuditEntry.objects.order_by("seq").iterator(chunk_size=2000)
    checked, broken, reason = verify_chain(entries, AuditEntry.chain_content)
    if broken is None:
        head = ChainHead.objects.filter(pk=AUDIT_CHAIN).first()
        if head and head.length != checked:
            return checked, None, f"ujung rantai mencatat {head.length} entri, ditemukan {checked} (entri terakhir hilang)"
    return checked, broken, reason
