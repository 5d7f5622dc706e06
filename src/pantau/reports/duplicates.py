"""Duplicate detection: two thresholds, "suggest" and "link automatically" (Meedan Check's design, PEERS.md §6).

Signals, each compared only with recent reports (``WINDOW_DAYS``) and a bounded number of candidates:

* text: RapidFuzz token-set and token-sort ratios over normalised text, averaged; short texts (fewer than
  ``MIN_WORDS`` words) are damped because a few shared words mean little. Same desa, same event date and the same
  reported party add a small bonus, but only to texts that are already similar;
* images: identical SHA-256, or the 64-bit difference hash within a few bits (re-encoded or resized copies);
* URLs: the same canonical URL.

Thresholds (Check's defaults: text 0.7 / 0.875, image 0.89 / 0.95) can be changed in
``settings.PANTAU_DUPLICATE_THRESHOLDS``. Below "suggest" nothing is shown; between the two a handler sees a
suggested merge; at or above "auto" the new report is linked to the earlier one at once (it stays in the queue,
marked as a duplicate, and a handler can undo the link).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.utils import timezone
from rapidfuzz import fuzz

from pantau.regions.models import within

from . import texts
from .images import hash_similarity

DEFAULT_THRESHOLDS = {"text_suggest": 0.70, "text_auto": 0.875, "image_suggest": 0.89, "image_auto": 0.95, "url": 0.90}
MIN_WORDS = 8
WINDOW_DAYS = 30
MAX_TEXT_CANDIDATES = 400
MAX_IMAGE_CANDIDATES = 3000

_URL_RE = re.compile(r"https?://\S+")
_NON_WORD = re.compile(r"[^0-9a-z]+")
_TRACKING_PARAMS = {"fbclid", "gclid", "igshid", "si", "feature", "ref", "s", "t"}


def thresholds() -> dict:
    return {**DEFAULT_THRESHOLDS, **(getattr(settings, "PANTAU_DUPLICATE_THRESHOLDS", None) or {})}


def normalise_text(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _URL_RE.sub(" ", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def text_fingerprint(text: str) -> str:
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing slash."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    host = (parts.hostname or "").lower()
    if host.startswith("www.") or host.startswith("m."):
        host = host.split(".", 1)[1]
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS]
    path = parts.path.rstrip("/") or ""
    netloc = host + (f":{parts.port}" if parts.port and parts.port not in (80, 443) else "")
    return urlunsplit(((parts.scheme or "https").lower(), netloc, path, urlencode(query), ""))


def text_similarity(a: str, b: str) -> float:
    na, nb = normalise_text(a), normalise_text(b)
    if not na or not nb:
        return 0.0
    score = (fuzz.token_set_ratio(na, nb) + fuzz.token_sort_ratio(na, nb)) / 200.0
    if min(len(na.split()), len(nb.split())) < MIN_WORDS:
        score *= 0.85
    return score


@dataclass
class Match:
    candidate_id: int
    score: float
    auto: bool
    reasons: list[str] = field(default_factory=list)


def find_matches(report) -> list[Match]:
    """Earlier reports that resemble ``report`` (a saved Report with its attachments)."""
    from .models import AttachmentKind, Report, ReportAttachment, Status

    limits = thresholds()
    since = (report.created_at or timezone.now()) - timedelta(days=WINDOW_DAYS)
    earlier = Report.objects.filter(created_at__gte=since, created_at__lte=report.created_at).exclude(pk=report.pk)
    earlier = earlier.exclude(status=Status.REJECTED)
    found: dict[int, Match] = {}

    def note(pk: int, score: float, auto: bool, reason: str):
        match = found.setdefault(pk, Match(pk, 0.0, False))
        match.score = max(match.score, score)
        match.auto = match.auto or auto
        match.reasons.append(reason)

    # Text, within the same kabupaten/kota (or the province when the place is only the province).
    kab = report.region.kabupaten_code or report.region_id
    rows = (
        earlier.filter(within(kab, "region")).order_by("-created_at")
        .values("pk", "description", "region_id", "event_date", "reported_name")[:MAX_TEXT_CANDIDATES]
    )
    for row in rows:
        sim = text_similarity(report.description, row["description"])
        if sim < 0.5:
            continue
        bonus, why = 0.0, []
        if row["region_id"] == report.region_id:
            bonus += 0.05
            why.append(texts.DUP_SAME_PLACE)
        if row["event_date"] == report.event_date:
            bonus += 0.05
            why.append(texts.DUP_SAME_DATE)
        if report.reported_name and row["reported_name"] and fuzz.ratio(
            normalise_text(report.reported_name), normalise_text(row["reported_name"])
        ) >= 90:
            bonus += 0.05
            why.append(texts.DUP_SAME_PARTY)
        score = min(1.0, sim + bonus)
        if score >= limits["text_suggest"]:
            percent = f"{sim:.0%}"
            detail = (texts.DUP_TEXT_WITH % {"pct": percent, "why": ", ".join(why)} if why
                      else texts.DUP_TEXT % {"pct": percent})
            note(row["pk"], score, score >= limits["text_auto"], detail)

    mine = list(report.attachments.all())
    # Same URL, anywhere in the province.
    urls = {a.url for a in mine if a.kind == AttachmentKind.URL and a.url}
    if urls:
        for pk in ReportAttachment.objects.filter(url__in=urls, report__in=earlier).values_list("report_id", flat=True):
            note(pk, limits["url"], False, texts.DUP_SAME_URL)
    # Same or near-identical image, anywhere in the province.
    shas = {a.sha256 for a in mine if a.sha256}
    if shas:
        for pk in ReportAttachment.objects.filter(sha256__in=shas, report__in=earlier).values_list("report_id", flat=True):
            note(pk, 1.0, True, texts.DUP_SAME_FILE)
    hashes = [a.image_hash for a in mine if a.image_hash and a.image_hash != "0" * 16]
    if hashes:
        images = (
            ReportAttachment.objects.filter(report__in=earlier, kind=AttachmentKind.PHOTO)
            .exclude(image_hash="").exclude(sha256__in=shas)
            .order_by("-pk").values_list("report_id", "image_hash")[:MAX_IMAGE_CANDIDATES]
        )
        for pk, other in images:
            best = max(hash_similarity(h, other) for h in hashes)
            if best >= limits["image_suggest"]:
                note(pk, best, best >= limits["image_auto"], texts.DUP_PHOTO % {"pct": f"{best:.0%}"})
    return sorted(found.values(), key=lambda m: -m.score)


def fingerprint(kind: str, region_code: str, event_date, description: str) -> str:
    """Content fingerprint for the double-submit check (same content from the same address)."""
    raw = f"{kind}|{region_code}|{event_date}|{normalise_text(description)}"
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()
