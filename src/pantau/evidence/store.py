"""The content-addressed evidence store on local disk (an S3-compatible store can replace `_write`).

Files are stored under EVIDENCE_ROOT/ab/cd/<sha256>. A write goes to a temporary file that is linked into
place only if nothing is there yet, so an existing piece of evidence is never overwritten.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from pantau.audit.chain import GENESIS, link_hash, verify_chain
from pantau.audit.context import current_actor
from pantau.audit.models import ChainHead

from .models import CustodyEntry, EvidenceBlob

CUSTODY_CHAIN = "custody"
CHUNK = 1024 * 1024


class EvidenceMissing(Exception):
    pass


def blob_path(sha256: str) -> Path:
    return Path(settings.EVIDENCE_ROOT) / sha256[:2] / sha256[2:4] / sha256


def _write(source: BinaryIO | bytes) -> tuple[str, int, Path]:
    root = Path(settings.EVIDENCE_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=root, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as tmp:
            if isinstance(source, (bytes, bytearray)):
                chunks = [bytes(source)]
            else:
                chunks = iter(lambda: source.read(CHUNK), b"")
            for chunk in chunks:
                digest.update(chunk)
                size += len(chunk)
                tmp.write(chunk)
            tmp.flush()
            os.fsync(tmp.fileno())
        sha = digest.hexdigest()
        final = blob_path(sha)
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(tmp_name, final)  # fails if present: never overwrite
            os.chmod(final, 0o440)
        except FileExistsError:
            pass
        return sha, size, final
    finally:
        os.unlink(tmp_name)


def append_custody(blob: EvidenceBlob, action: str, *, subject: str = "", note: str = "", actor=None) -> CustodyEntry:
    who = current_actor()
    user = actor if actor is not None else who.user
    with transaction.atomic():
        ChainHead.objects.get_or_create(name=CUSTODY_CHAIN, defaults={"last_hash": GENESIS, "length": 0})
        head = ChainHead.objects.select_for_update().get(pk=CUSTODY_CHAIN)
        entry = CustodyEntry(
            seq=head.length + 1,
            at=timezone.now(),
            blob=blob,
            action=action,
            actor=user if getattr(user, "pk", None) else None,
            actor_label=(user.get_username() if getattr(user, "pk", None) else who.label)[:150],
            ip=who.ip,
            subject=subject[:120],
            note=note,
            prev_hash=head.last_hash,
        )
        entry.hash = link_hash(entry.prev_hash, entry.chain_content())
        entry.save()
        head.last_hash, head.length = entry.hash, entry.seq
        head.save(update_fields=["last_hash", "length"])
    return entry


def store(source: BinaryIO | bytes, *, content_type: str, original_name: str = "", subject: str = "",
          note: str = "", action: str = CustodyEntry.Action.CAPTURED) -> EvidenceBlob:
    """Store bytes as evidence and log the capture. Returns the (possibly pre-existing) blob."""
    sha, size, _ = _write(source)
    blob, _created = EvidenceBlob.objects.get_or_create(
        sha256=sha, defaults={"size": size, "content_type": content_type, "original_name": original_name[:255]}
    )
    append_custody(blob, action, subject=subject, note=note or f"{original_name} ({size} B)")
    return blob


def open_blob(blob: EvidenceBlob | str, *, verify: bool = True) -> bytes:
    sha = blob if isinstance(blob, str) else blob.sha256
    path = blob_path(sha)
    if not path.exists():
        raise EvidenceMissing(f"Berkas bukti {sha[:12]}… tidak ditemukan di penyimpanan.")
    data = path.read_bytes()
    if verify and hashlib.sha256(data).hexdigest() != sha:
        raise EvidenceMissing(f"Berkas bukti {sha[:12]}… rusak: hash tidak cocok.")
    return data


def verify_custody() -> tuple[int, CustodyEntry | None, str]:
    return verify_chain(CustodyEntry.objects.order_by("seq").iterator(chunk_size=2000), CustodyEntry.chain_content)
