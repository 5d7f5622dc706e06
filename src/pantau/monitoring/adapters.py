"""Thin adapters over the pure libraries `pantau.detection` and `pantau.ingest`.

The monitoring app calls only the functions here, so each library is adapted in one place. The ingest
library is used as it is documented (docs/ingest.md): a mismatch raises instead of being papered over by
a local substitute. Only the detection engine may be absent (it is optional at run time): then items are
flagged by the watchlist alone, and `capabilities()` says so on the sources page.
"""

from __future__ import annotations

import dataclasses
import os
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from importlib import import_module
from typing import Any

import numpy as np

from pantau.ingest.fetch import (
    DEFAULT_CONTENT_TYPES,
    FetchConnectionError,
    FetchContentTypeRefused,
    Fetcher,
    FetchError,
    FetchRefused,
    FetchResult,
    FetchRobotsDisallowed,
    FetchSettings,
    FetchTimeout,
    FetchTooLarge,
    FetchTooManyRedirects,
)
from pantau.ingest.neardup import SIGNATURE_SCHEME, NearDupIndex
from pantau.ingest.package import EvidencePackage, build_package
from pantau.ingest.priority import PrioritySettings, priority_score
from pantau.ingest.warc import WarcBlob, warc_for_fetch, warc_for_file

__all__ = ["FetchConnectionError", "FetchContentTypeRefused", "FetchError", "FetchRefused", "FetchResult",
           "FetchRobotsDisallowed", "FetchTimeout", "FetchTooLarge", "FetchTooManyRedirects", "SIGNATURE_SCHEME",
           "WarcBlob"]


def _optional(module: str, name: str):
    try:
        return getattr(import_module(module), name, None)
    except ImportError:
        return None


def capabilities() -> dict[str, bool]:
    """Which library functions are present (shown on the sources page and in the report)."""
    return {
        "detection.analyse": _detection_batch() is not None,
        # imported above: present, or this module would not have loaded
        "ingest.neardup": True,
        "ingest.priority": True,
        "ingest.fetch": True,
        "ingest.warc": True,
        "ingest.package": True,
    }


# ---------------------------------------------------------------------------------------------------------
# detection


@dataclass
class Analysis:
    labels: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    evidence: list[dict] = field(default_factory=list)
    entities: dict[str, Any] = field(default_factory=dict)
    regions: list[str] = field(default_factory=list)
    money: list[Any] = field(default_factory=list)
    election_related: bool = False
    flags: list[str] = field(default_factory=list)


def _get(obj, name, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


_ENTITY_FIELDS = ("kind", "id", "name", "start", "end", "text")
_MONEY_FIELDS = ("value", "start", "end", "text", "per")


def _pick(obj, names) -> dict:
    return {n: _get(obj, n) for n in names}


def normalise_analysis(result) -> Analysis:
    """`pantau.detection.Analysis` (or a dict of the same shape, e.g. from a test analyser) → `Analysis`.

    Reads the attributes directly rather than `to_dict()` (whose `dataclasses.asdict` costs more than the
    rest of this stage). Evidence spans keep `start`/`end` offsets into the original text; the quiet-period
    flag (`masa_tenang`) is kept as a flag and also shown as a label in the queue."""
    labels = [str(x) for x in (_get(result, "labels") or [])]
    scores = {str(k): round(float(v), 4) for k, v in (_get(result, "scores") or {}).items()}
    evidence = []
    for span in _get(result, "evidence") or []:
        item = span if isinstance(span, dict) else span.to_dict()
        if "start" in item and "end" in item:
            evidence.append(item)
    entities = [e if isinstance(e, dict) else _pick(e, _ENTITY_FIELDS) for e in (_get(result, "entities") or [])]
    money = [m if isinstance(m, dict) else _pick(m, _MONEY_FIELDS) for m in (_get(result, "money") or [])]
    flags = [str(f) for f in (_get(result, "flags") or [])]
    out = Analysis(
        labels=labels,
        scores=scores,
        evidence=evidence,
        entities={"items": entities} if entities else {},
        regions=[str(r) for r in (_get(result, "regions") or []) if r],
        money=money,
        election_related=bool(_get(result, "election_related", False)),
        flags=flags,
    )
    if "masa_tenang" in flags and "masa_tenang" not in out.labels:
        out.labels.append("masa_tenang")
    return out


_analyser_override: Callable[[str, dict], Any] | None = None


def set_analyser(func: Callable[[str, dict], Any] | None) -> None:
    """Replace the analyser (tests, benchmarks). `None` restores `pantau.detection`."""
    global _analyser_override
    _analyser_override = func


def _detection_batch():
    return _optional("pantau.detection", "analyse_many")


def analyse_batch(texts: Sequence[str], contexts: Sequence[dict]) -> list[Analysis]:
    """`pantau.detection.analyse_many` over a whole chunk (its model part is one vectorised pass).

    Context keys are the engine's: `posted_at`, `quiet_period` (start, end), `campaign_account` and `registry`
    (the active elections' candidates and parties, `pantau.elections.registry`). Without
    the detection engine installed, returns empty analyses (watchlist hits still flag)."""
    if _analyser_override is not None:
        return [normalise_analysis(_analyser_override(t, c)) for t, c in zip(texts, contexts, strict=True)]
    batch = _detection_batch()
    if batch is None:
        return [Analysis() for _ in texts]
    return [normalise_analysis(r) for r in batch(list(texts), list(contexts))]


# ---------------------------------------------------------------------------------------------------------
# watchlist


@dataclass(frozen=True)
class WatchTerm:
    entry_id: int
    kind: str
    term: str
    platform: str = ""
    region_code: str = ""


def watch_matcher(terms: Iterable[WatchTerm]):
    """Compile keyword terms into one regex (word boundaries, case-insensitive) and accounts into a set."""
    keywords = [t for t in terms if t.kind == "keyword"]
    accounts = {}
    for t in terms:
        if t.kind == "account":
            accounts[(t.platform, t.term.lstrip("@").lower())] = t
    by_lower = {t.term.lower(): t for t in keywords}
    pattern = None
    if by_lower:
        alternatives = sorted((re.escape(k) for k in by_lower), key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)

    def match(text: str, platform: str, handle: str) -> tuple[list[dict], list[dict]]:
        hits, spans = [], []
        if pattern is not None and text:
            seen = set()
            for m in pattern.finditer(text):
                term = by_lower.get(m.group(1).lower())
                if term is None:
                    continue
                spans.append({"label": "watchlist", "start": m.start(), "end": m.end(), "text": m.group(0)})
                if term.entry_id not in seen:
                    seen.add(term.entry_id)
                    hits.append({"entry": term.entry_id, "kind": "keyword", "term": term.term})
        if handle:
            key = handle.lstrip("@").lower()
            account = accounts.get((platform, key)) or accounts.get(("", key))
            if account is not None:
                hits.append({"entry": account.entry_id, "kind": "account", "term": account.term})
        return hits, spans

    return match


# ---------------------------------------------------------------------------------------------------------
# priority (pantau.ingest.priority)

#: A watchlist hit without a detection label: ranked as an unknown label (severity 0.5) at this confidence.
WATCHLIST_LABEL = "watchlist"
WATCHLIST_CONFIDENCE = 0.6
PRIORITY_SETTINGS = PrioritySettings()


def priority(*, labels: Sequence[str], scores: dict[str, float], followers: int | None, likes: int | None,
             shares: int | None, comments: int | None, views: int | None, published_at: datetime | None,
             now: datetime | None = None, watch_hits: int = 0, flags: Sequence[str] = (),
             copies: int | None = None) -> tuple[float, dict[str, Any]]:
    """Priority 0–100 from `pantau.ingest.priority.priority_score`, with its parts.

    The parts are severity, confidence, reach, recency and the reach terms, plus `max_reach` (the score is
    100 × severity × confidence × reach × recency ÷ max_reach) and the library's Indonesian explanation.
    An item flagged only by the watchlist is ranked under the label "watchlist" (see WATCHLIST_*)."""
    labels = [label for label in labels if label != "masa_tenang"]
    scores = dict(scores)
    if not labels and "masa_tenang" in flags:
        # campaign content in the quiet period with no violation label: ranked like a watchlist hit, × 1.25
        labels = ["masa_tenang"]
        scores["masa_tenang"] = WATCHLIST_CONFIDENCE
    elif not labels and watch_hits:
        labels = [WATCHLIST_LABEL]
        scores[WATCHLIST_LABEL] = WATCHLIST_CONFIDENCE
    if not labels:
        return 0.0, {}
    result = priority_score(labels=labels, scores=scores, followers=followers, likes=likes, shares=shares,
                            comments=comments, views=views, published_at=published_at, now=now, copies=copies,
                            flags=tuple(flags), settings=PRIORITY_SETTINGS)
    parts: dict[str, Any] = dict(result["parts"])
    parts["max_reach"] = PRIORITY_SETTINGS.max_reach
    parts["label"] = result["label"]
    parts["explanation"] = result["explanation"]
    return float(result["score"]), parts


# ---------------------------------------------------------------------------------------------------------
# near-duplicates (pantau.ingest.neardup)

NEARDUP_THRESHOLD = 0.7


def new_index() -> NearDupIndex:
    return NearDupIndex(threshold=NEARDUP_THRESHOLD)


def signature_bytes(sig: Sequence[int] | np.ndarray) -> bytes:
    """128 uint32 little-endian (512 bytes); empty for a text without words."""
    return np.asarray(sig, dtype="<u4").tobytes()


def signature_from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u4").astype(np.uint32)


# ---------------------------------------------------------------------------------------------------------
# fetching (pantau.ingest.fetch): one Fetcher per worker process, so that per-host politeness delays and
# the robots.txt cache are shared by every fetch the process makes.

_fetchers: dict[str, tuple[int, Fetcher]] = {}  # purpose → (pid that built it, fetcher)
_fetcher_lock = threading.Lock()

#: A link a person submitted as evidence is fetched once, on their behalf, as their browser would: robots.txt
#: (written for crawlers) is not consulted, and the media that evidence often is (photos, PDFs, short videos,
#: voice notes) is accepted up to the upload limit. The SSRF guard, timeouts and caps stay.
EVIDENCE_CONTENT_TYPES = (*DEFAULT_CONTENT_TYPES, "image/jpeg", "image/png", "image/gif", "image/webp",
                          "application/pdf", "video/mp4", "video/quicktime", "video/webm", "audio/mpeg",
                          "audio/ogg", "audio/mp4", "audio/aac")
EVIDENCE_MAX_BYTES = 25 * 1024 * 1024


def fetch_settings(*, evidence: bool = False) -> FetchSettings:
    """FetchSettings from Django settings: PANTAU_FETCH_ALLOW_PRIVATE (tests only; cloud-metadata addresses
    stay refused), PANTAU_FETCH_MIN_HOST_DELAY (seconds, default 2). ``evidence``: for submitted links."""
    from django.conf import settings

    allow_private = getattr(settings, "PANTAU_FETCH_ALLOW_PRIVATE", None)
    if allow_private is None:
        allow_private = os.environ.get("PANTAU_FETCH_ALLOW_PRIVATE", "") in ("1", "true", "yes")
    delay = getattr(settings, "PANTAU_FETCH_MIN_HOST_DELAY", None)
    if delay is None:
        delay = float(os.environ.get("PANTAU_FETCH_MIN_HOST_DELAY", "2") or 2)
    base = FetchSettings(allow_private=bool(allow_private), min_host_delay=float(delay))
    if not evidence:
        return base
    return dataclasses.replace(base, respect_robots=False, allowed_content_types=EVIDENCE_CONTENT_TYPES,
                               max_bytes=EVIDENCE_MAX_BYTES, max_decompressed_bytes=EVIDENCE_MAX_BYTES + 5 * 1024 * 1024)


def fetcher(purpose: str = "crawl") -> Fetcher:
    """The process's Fetcher for a purpose ("crawl": sources and re-checks; "evidence": submitted links). One
    per process so per-host delays and the robots.txt cache are shared; a forked child builds its own."""
    with _fetcher_lock:
        pid, current = _fetchers.get(purpose, (None, None))
        if current is None or pid != os.getpid():
            current = Fetcher(fetch_settings(evidence=purpose == "evidence"))
            _fetchers[purpose] = (os.getpid(), current)
        return current


def reset_fetcher() -> None:
    """Drop the process's Fetchers (settings changed, e.g. in tests)."""
    with _fetcher_lock:
        for pid, current in _fetchers.values():
            if pid == os.getpid():
                current.close()
        _fetchers.clear()


def fetch_url(url: str, *, etag: str = "", last_modified: str = "", evidence: bool = False) -> FetchResult:
    """GET through the shared SSRF-safe fetcher. Raises `FetchError` (Indonesian message) on failure."""
    return fetcher("evidence" if evidence else "crawl").fetch(url, etag=etag or None,
                                                              last_modified=last_modified or None)


# ---------------------------------------------------------------------------------------------------------
# page extraction, feeds, WARC, evidence packages


def extract_page(body: bytes, url: str, content_type: str | None = None):
    """Article text, title, author and date of a fetched page (`pantau.ingest.extract`) → RawItem."""
    from pantau.ingest.extract import extract

    return extract(body, url, content_type=content_type).to_raw_item(platform="web")


def parse_feed(body: bytes, url: str):
    from pantau.ingest.feeds import import_feed

    return import_feed(body, feed_url=url, filename=url)


def warc_of_fetch(result: FetchResult, **info) -> WarcBlob:
    return warc_for_fetch(result, info=info or None)


def warc_of_file(data: bytes, *, filename: str, content_type: str = "application/octet-stream",
                 captured_at: datetime | None = None) -> WarcBlob:
    return warc_for_file(data, filename=filename, content_type=content_type, captured_at=captured_at)


def evidence_package(*, warc: bytes, metadata: dict, extra_files: dict[str, bytes] | None = None) -> EvidencePackage:
    """`pantau.ingest.package.build_package`: evidence.warc.gz, metadata.json, VERIFY.txt and
    MANIFEST-SHA256.txt, verifiable offline (`verify_package`)."""
    return build_package(warc, metadata, extra_files=extra_files or None)
