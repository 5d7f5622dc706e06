"""Spam checks that need no third-party service (the machine is offline: no reCAPTCHA).

1. Honeypot: a field named ``website`` hidden from people (CSS + aria-hidden + tabindex -1). Bots fill it.
2. Minimum fill time: the form carries a signed timestamp (``form_token``); a form sent back faster than
   ``PANTAU_REPORT_MIN_FILL_SECONDS`` (default 3 s) is refused with a message that lets a person simply send again.
   API clients may send the token they got from ``GET /api/v1/reports/form-token/``; it is optional there.
3. Rate limit per address (or per account): the DRF scope ``public_report`` (``PANTAU_PUBLIC_REPORT_RATE``,
   default 20/hour) for the API, and the same rate for the HTML form through the cache.
4. Duplicate text: the same text from the same address within ``PANTAU_REPORT_DEDUP_MINUTES`` (default 30) returns
   the report already made (no second report); the same text from three or more addresses within an hour is
   stored but flagged ``spam_suspected`` for staff (a copy-paste campaign, or many genuine witnesses: people decide).

The client address is kept only as a keyed hash (``crypto.keyed_hash``), never in clear.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from .crypto import keyed_hash

HONEYPOT_FIELD = "website"
TOKEN_SALT = "pantau.reports.form"  # noqa: S105 - a signing salt name, not a secret
TOKEN_MAX_AGE = 24 * 3600


def min_fill_seconds() -> float:
    return float(getattr(settings, "PANTAU_REPORT_MIN_FILL_SECONDS", 3))


def dedup_minutes() -> int:
    return int(getattr(settings, "PANTAU_REPORT_DEDUP_MINUTES", 30))


def new_form_token() -> str:
    return signing.dumps({"t": time.time()}, salt=TOKEN_SALT, compress=True)


def check_form_token(token: str | None, *, required: bool) -> str | None:
    """None when fine, otherwise the reason in the reader's language (Indonesian unless they chose English)."""
    if not token:
        return _("Formulir tidak lengkap. Muat ulang halaman lalu kirim lagi.") if required else None
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.SignatureExpired:
        return _("Formulir sudah terlalu lama terbuka (lebih dari 24 jam). Periksa isian Anda lalu kirim lagi.")
    except signing.BadSignature:
        return _("Formulir tidak sah. Muat ulang halaman lalu kirim lagi.")
    if time.time() - float(data.get("t", 0)) < min_fill_seconds():
        return _("Formulir dikirim terlalu cepat. Periksa kembali isian Anda lalu tekan Kirim sekali lagi.")
    return None


def honeypot_tripped(data) -> bool:
    return bool((data.get(HONEYPOT_FIELD) or "").strip())


def ip_hash(ip: str | None) -> str:
    return keyed_hash(ip or "unknown", "report-ip")


def _parse_rate(rate: str) -> tuple[int, int]:
    num, period = rate.split("/")
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]
    return int(num), seconds


def public_rate() -> str:
    return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get("public_report") or "20/hour"


def allow_submission(key: str) -> bool:
    """Sliding-window-ish counter per key in the cache (shared across processes when the cache is Redis)."""
    limit, seconds = _parse_rate(public_rate())
    bucket = f"reports:rate:{key}:{int(time.time() // seconds)}"
    added = cache.add(bucket, 1, seconds)
    if added:
        return True
    try:
        count = cache.incr(bucket)
    except ValueError:
        cache.set(bucket, 1, seconds)
        return True
    return count <= limit
