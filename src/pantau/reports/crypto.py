"""Encryption at rest for the reporter's identity (name, NIK, address, phone, email) and witnesses.

Keys come from ``settings.PANTAU_FIELD_KEYS``: a list of Fernet keys (``PANTAU_FIELD_KEYS`` in the environment,
comma-separated). The first key encrypts; every key decrypts, so a key is rotated by putting a new key first and
re-saving the rows (``pantau shell -c "from pantau.reports.crypto import rotate; rotate()"``).

Demo and test mode only: when no key is set and the site runs with ``PANTAU_DEBUG``, ``PANTAU_DEMO`` or
``PANTAU_TESTING``, a key is derived from ``SECRET_KEY`` (SHA-256 of a fixed label and the secret). Losing or
changing that secret makes the stored identities unreadable; production must set ``PANTAU_FIELD_KEYS`` (the
system check ``reports.E001`` refuses to start without it).

Generate a key with:  python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

log = logging.getLogger(__name__)

UNREADABLE = "[tidak dapat dibuka]"
TOKEN_PREFIX = "fernet:"  # noqa: S105 - a marker, not a secret


def insecure_mode() -> bool:
    """True where a derived key is acceptable: debug, demo and test runs."""
    testing = os.environ.get("PANTAU_TESTING", "").strip().lower() in {"1", "true", "yes", "on", "ya"}
    return bool(settings.DEBUG or getattr(settings, "DEMO_MODE", False) or testing)


def derived_key(secret: str) -> bytes:
    return base64.urlsafe_b64encode(hashlib.sha256(b"pantau-field-key:v1:" + secret.encode("utf-8")).digest())


def configured_keys() -> list[str]:
    return [k for k in (getattr(settings, "PANTAU_FIELD_KEYS", None) or []) if k]


@lru_cache(maxsize=8)
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode("ascii") if isinstance(k, str) else k) for k in keys])


def fernet() -> MultiFernet:
    keys = configured_keys()
    if not keys:
        if not insecure_mode():
            raise ImproperlyConfigured(
                "PANTAU_FIELD_KEYS belum diatur: identitas pelapor tidak bisa dienkripsi. "
                "Buat kunci dengan cryptography.fernet.Fernet.generate_key()."
            )
        keys = [derived_key(settings.SECRET_KEY).decode("ascii")]
    return _fernet_for(tuple(keys))


def encrypt(value: str) -> str:
    return TOKEN_PREFIX + fernet().encrypt(value.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    if not token.startswith(TOKEN_PREFIX):
        return token  # written before encryption existed (or by a fixture): returned as is
    try:
        return fernet().decrypt(token[len(TOKEN_PREFIX):].encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        log.error("Field value could not be decrypted with the configured PANTAU_FIELD_KEYS.")
        return UNREADABLE


def keyed_hash(value: str, purpose: str) -> str:
    """A stable, non-reversible fingerprint (HMAC-SHA256 with SECRET_KEY), e.g. for the client's IP address."""
    mac = hmac.new(settings.SECRET_KEY.encode("utf-8"), f"{purpose}:{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def rotate(batch: int = 500) -> int:
    """Re-encrypt every identity with the first key of PANTAU_FIELD_KEYS. Returns the number of rows."""
    from .models import Report

    fields = [f.name for f in Report._meta.concrete_fields if f.__class__.__name__ == "EncryptedTextField"]
    count = 0
    for report in Report.objects.only("pk", *fields).iterator(chunk_size=batch):
        Report.objects.filter(pk=report.pk).update(**{name: getattr(report, name) for name in fields})
        count += 1
    return count


# --- masking for lists -------------------------------------------------------------------------------------


def mask_name(name: str) -> str:
    """'Siti Rahmawati' -> 'S*** R*********'."""
    if not name:
        return ""
    return " ".join(part[0] + "*" * max(len(part) - 1, 2) for part in name.split())


def mask_digits(value: str, keep: int = 4) -> str:
    """NIK or phone: keep the last ``keep`` digits."""
    digits = "".join(ch for ch in value or "" if ch.isdigit())
    if not digits:
        return ""
    return "•" * max(len(digits) - keep, 2) + digits[-keep:]


def mask_email(value: str) -> str:
    if not value or "@" not in value:
        return ""
    local, domain = value.split("@", 1)
    return f"{local[:1]}***@{domain}"
