"""Hash chaining shared by the audit log and the evidence custody log.

Each entry's hash covers its own canonical content and the previous entry's hash, so editing or deleting any
entry breaks every hash after it. Appends are serialised through a lock on the chain's head row.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

GENESIS = "0" * 64


def canonical(value) -> str:
    def default(obj):
        if isinstance(obj, datetime):
            return obj.isoformat()
        return str(obj)

    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=default)


def link_hash(prev_hash: str, content: dict) -> str:
    return hashlib.sha256((prev_hash + "\n" + canonical(content)).encode("utf-8")).hexdigest()


def verify_chain(entries, content_of) -> tuple[int, object | None, str]:
    """Walk entries in order. Returns (checked, first_broken_entry_or_None, reason)."""
    prev = GENESIS
    checked = 0
    for entry in entries:
        if entry.prev_hash != prev:
            return checked, entry, "prev_hash tidak sama dengan hash entri sebelumnya (entri hilang atau disisipkan)"
        if link_hash(prev, content_of(entry)) != entry.hash:
            return checked, entry, "isi entri tidak cocok dengan hash-nya (entri diubah)"
        prev = entry.hash
        checked += 1
    return checked, None, ""
