"""Thin adapters over the pure libraries `pantau.detection` and `pantau.ingest`.

The monitoring app calls only the functions here, so that a library whose API is still moving (both were
written in parallel with this app) is adapted in one place. Where a library function is not there yet the
adapter says so in `capabilities()` and uses the smallest honest fallback described next to it.
"""

from __future__ import annotations

import hashlib
import math
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import import_module
from typing import Any

import numpy as np

SEVERITY = {
    "politik_uang": 1.0,
    "hasutan": 0.95,
    "sara": 0.9,
    "kampanye_hitam": 0.8,
    "netralitas": 0.8,
    "masa_tenang": 0.7,
    "watchlist": 0.5,
    "kata_kasar": 0.4,
}


def _optional(module: str, name: str):
    try:
        return getattr(import_module(module), name, None)
    except ImportError:
        return None


def capabilities() -> dict[str, bool]:
    """Which library functions are present (shown on the sources page and in the report)."""
    return {
        "detection.analyse": _optional("pantau.detection", "analyse") is not None,
        "ingest.neardup": _optional("pantau.ingest.neardup", "MinHasher") is not None
        or _optional("pantau.ingest.neardup", "minhash") is not None,
        "ingest.priority": _optional("pantau.ingest.priority", "priority_score") is not None,
        "ingest.fetch": _optional("pantau.ingest.fetch", "fetch") is not None,
        "ingest.warc": _optional("pantau.ingest.warc", "warc_for_fetch") is not None,
        "ingest.package": _optional("pantau.ingest.package", "build_package") is not None,
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


def _get(obj, name, default=None):
    if isinstance(obj, dict):
        return obj.get(name, default)
    return getattr(obj, name, default)


def _as_jsonable(value):
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, dict):
        return {str(k): _as_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_as_jsonable(v) for v in value]
    if hasattr(value, "to_dict"):
        return _as_jsonable(value.to_dict())
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return _as_jsonable(asdict(value))
    return str(value)


def normalise_analysis(result) -> Analysis:
    """Map whatever `pantau.detection.analyse` returns (object or dict) onto `Analysis`."""
    if hasattr(result, "to_dict") and not isinstance(result, dict):
        result = result.to_dict()
    labels = _get(result, "labels") or []
    if isinstance(labels, dict):  # {"label": bool}
        labels = [k for k, v in labels.items() if v]
    scores = {str(k): float(v) for k, v in (_get(result, "scores") or {}).items() if isinstance(v, (int, float))}
    evidence = []
    for span in _get(result, "evidence") or []:
        span = _as_jsonable(span)
        if isinstance(span, dict) and "start" in span and "end" in span:
            evidence.append(span)
    entities = _as_jsonable(_get(result, "entities") or {})
    if isinstance(entities, list):
        entities = {"items": entities}
    regions = [r if isinstance(r, str) else str(_get(r, "code", "")) for r in (_get(result, "regions") or [])]
    money = _as_jsonable(_get(result, "money") or _get(result, "money_amounts") or [])
    flags = _get(result, "flags") or []
    out = Analysis(
        labels=[str(x) for x in labels],
        scores=scores,
        evidence=evidence,
        entities=entities,
        regions=[r for r in regions if r],
        money=money,
        election_related=bool(_get(result, "election_related", False)),
    )
    for flag in flags if isinstance(flags, (list, tuple)) else []:
        if flag == "masa_tenang" and flag not in out.labels:
            out.labels.append(flag)
    return out


_analyser_override: Callable[[str, dict], Any] | None = None


def set_analyser(func: Callable[[str, dict], Any] | None) -> None:
    """Replace the analyser (tests, benchmarks). `None` restores `pantau.detection.analyse`."""
    global _analyser_override
    _analyser_override = func


def analyse_batch(texts: Sequence[str], contexts: Sequence[dict]) -> list[Analysis]:
    """Analyse many texts. Uses `pantau.detection.analyse_batch`/`analyse_many` when present (one model pass),
    else `analyse` per text. Without the detection engine, returns empty analyses (watchlist hits still flag)."""
    if _analyser_override is not None:
        return [normalise_analysis(_analyser_override(t, c)) for t, c in zip(texts, contexts, strict=True)]
    batch = _optional("pantau.detection", "analyse_batch") or _optional("pantau.detection", "analyse_many")
    if batch is not None:
        try:
            results = batch(list(texts), contexts=list(contexts))
        except TypeError:
            results = batch(list(texts))
        return [normalise_analysis(r) for r in results]
    single = _optional("pantau.detection", "analyse")
    if single is None:
        return [Analysis() for _ in texts]
    out = []
    for text, ctx in zip(texts, contexts, strict=True):
        try:
            out.append(normalise_analysis(single(text, ctx)))
        except Exception as exc:  # noqa: BLE001 - one bad text must not stop the batch
            out.append(Analysis(entities={"error": str(exc)[:200]}))
    return out


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
# priority

RECENCY_HALF_LIFE_HOURS = 48.0


def priority(*, labels: Sequence[str], scores: dict[str, float], followers: int | None, likes: int | None,
             shares: int | None, comments: int | None, views: int | None, published_at: datetime | None,
             now: datetime | None = None, watch_hits: int = 0) -> tuple[float, dict[str, float]]:
    """Priority 0–100 = severity × confidence × reach × recency, returned with its parts.

    Uses `pantau.ingest.priority.priority_score` when present. The fallback: severity is the heaviest
    label's weight (SEVERITY); confidence its detection score; reach log-scaled from followers and
    engagement (shares weigh most: they spread the content) to 0.2–1; recency halves every 48 hours.
    """
    lib = _optional("pantau.ingest.priority", "priority_score")
    if lib is not None:
        try:
            result = lib(labels=list(labels), scores=dict(scores), followers=followers, likes=likes, shares=shares,
                         comments=comments, views=views, published_at=published_at, now=now)
            score = float(_get(result, "score", result if isinstance(result, (int, float)) else 0.0))
            parts = _get(result, "parts", None) or {}
            return score, {k: float(v) for k, v in dict(parts).items() if isinstance(v, (int, float))}
        except TypeError:
            pass  # signature differs: keep the documented fallback below
    now = now or datetime.now(UTC)
    weighted = [(SEVERITY.get(label, 0.5), label) for label in labels]
    if not weighted and watch_hits:
        weighted = [(SEVERITY["watchlist"], "watchlist")]
    if not weighted:
        return 0.0, {"severity": 0.0, "confidence": 0.0, "reach": 0.0, "recency": 0.0}
    severity, top = max(weighted)
    confidence = float(scores.get(top, 0.6 if top == "watchlist" else 0.5))
    audience = (followers or 0) + 20 * (shares or 0) + 2 * (comments or 0) + (likes or 0) + 0.05 * (views or 0)
    reach = 0.2 + 0.8 * min(1.0, math.log10(1.0 + audience) / 6.0)
    if published_at is None:
        recency = 0.5
    else:
        age_hours = max(0.0, (now - published_at).total_seconds() / 3600.0)
        recency = max(0.05, 0.5 ** (age_hours / RECENCY_HALF_LIFE_HOURS))
    score = 100.0 * severity * confidence * reach * recency
    return round(score, 3), {"severity": round(severity, 3), "confidence": round(confidence, 3),
                             "reach": round(reach, 3), "recency": round(recency, 3)}


# ---------------------------------------------------------------------------------------------------------
# near-duplicates (MinHash LSH)

NUM_PERM = 64
THRESHOLD = 0.7
_MERSENNE = np.uint64((1 << 61) - 1)
_rng = np.random.RandomState(1 << 20)  # fixed: signatures stored in the database must stay comparable
_A = _rng.randint(1, (1 << 31) - 1, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
_B = _rng.randint(0, (1 << 31) - 1, size=NUM_PERM, dtype=np.int64).astype(np.uint64)
_TOKEN_RE = re.compile(r"\w+", re.UNICODE)


def _shingles(text: str, k: int = 3) -> set[bytes]:
    words = _TOKEN_RE.findall(text.casefold())
    if len(words) < k:
        return {" ".join(words).encode()} if words else {b""}
    return {" ".join(words[i:i + k]).encode() for i in range(len(words) - k + 1)}


def minhash(text: str) -> np.ndarray:
    """MinHash signature (NUM_PERM uint64) of word 3-shingles. Uses `pantau.ingest.neardup` when present."""
    lib = _optional("pantau.ingest.neardup", "minhash")
    if lib is not None:
        try:
            sig = np.asarray(_get(lib(text), "hashvalues", lib(text)), dtype=np.uint64)
            if sig.shape == (NUM_PERM,):
                return sig
        except TypeError:
            pass
    hashes = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s, digest_size=8).digest(), "little") & ((1 << 61) - 1)
         for s in _shingles(text)),
        dtype=np.uint64,
    )
    # (a*x + b) mod p for every permutation at once; with x and a below 2^31 the product fits in 64 bits.
    x = hashes & np.uint64((1 << 31) - 1)
    permuted = (np.outer(_A, x) + _B[:, None]) % _MERSENNE
    return permuted.min(axis=1).astype(np.uint64)


def signature_bytes(sig: np.ndarray) -> bytes:
    return np.asarray(sig, dtype="<u8").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype="<u8").astype(np.uint64)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))


class GroupIndex:
    """LSH over group signatures (bands of rows), kept in memory per process and topped up from the database
    with groups created since the last look (`since_id`). A candidate is accepted when its estimated
    Jaccard similarity with the group's representative is at least THRESHOLD."""

    BANDS = 16

    def __init__(self):
        self.rows = NUM_PERM // self.BANDS
        self.buckets: list[dict[bytes, list[int]]] = [{} for _ in range(self.BANDS)]
        self.signatures: dict[int, np.ndarray] = {}
        self.max_id = 0
        self.lock = threading.Lock()

    def _keys(self, sig: np.ndarray):
        raw = signature_bytes(sig)
        step = self.rows * 8
        return [raw[i * step:(i + 1) * step] for i in range(self.BANDS)]

    def add(self, group_id: int, sig: np.ndarray) -> None:
        with self.lock:
            self.signatures[group_id] = sig
            for band, key in enumerate(self._keys(sig)):
                self.buckets[band].setdefault(key, []).append(group_id)
            self.max_id = max(self.max_id, group_id)

    def query(self, sig: np.ndarray) -> int | None:
        best, best_sim = None, THRESHOLD
        candidates = set()
        for band, key in enumerate(self._keys(sig)):
            candidates.update(self.buckets[band].get(key, ()))
        for gid in candidates:
            sim = jaccard(sig, self.signatures[gid])
            if sim >= best_sim and (best is None or sim > best_sim or gid < best):
                best, best_sim = gid, sim
        return best

    def clear(self) -> None:
        with self.lock:
            self.buckets = [{} for _ in range(self.BANDS)]
            self.signatures.clear()
            self.max_id = 0


# ---------------------------------------------------------------------------------------------------------
# fetching, extraction, WARC, evidence packages


@dataclass
class Fetched:
    url: str
    final_url: str
    status: int | None
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime
    error: str = ""
    not_modified: bool = False
    request_headers: dict[str, str] = field(default_factory=dict)
    result: Any = None  # the library's FetchResult, kept for its WARC writer

    @property
    def ok(self) -> bool:
        return not self.error and self.status is not None and 200 <= self.status < 300


def fetch_url(url: str, *, etag: str = "", last_modified: str = "", method: str = "GET") -> Fetched:
    """Fetch through the SSRF-safe fetcher of `pantau.ingest.fetch`. Never raises: failures are in `.error`.

    Without that module (it was being written at the same time) the fetch is refused rather than done with
    an unguarded client: the source records the reason and the pipeline goes on.
    """
    now = datetime.now(UTC)
    module = None
    try:
        module = import_module("pantau.ingest.fetch")
    except ImportError:
        pass
    func = getattr(module, "fetch", None) if module else None
    if func is None:
        return Fetched(url, url, None, {}, b"", now, error="Pengambil aman (pantau.ingest.fetch) belum tersedia.")
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    try:
        kwargs: dict[str, Any] = {}
        if etag or last_modified:
            kwargs.update(etag=etag or None, last_modified=last_modified or None)
        if method != "GET":
            kwargs["method"] = method
        try:
            result = func(url, **kwargs)
        except TypeError:
            result = func(url, headers=headers) if headers else func(url)
    except Exception as exc:  # noqa: BLE001 - every failure of a remote site is data, not a crash
        return Fetched(url, url, None, {}, b"", now, error=f"{type(exc).__name__}: {str(exc)[:300]}")
    status = _get(result, "status", None) or _get(result, "status_code", None)
    error = _get(result, "error", "") or ""
    body = _get(result, "body", None) or _get(result, "content", None) or b""
    got_headers = dict(_get(result, "headers", {}) or {})
    return Fetched(
        url=url,
        final_url=str(_get(result, "final_url", None) or _get(result, "url", None) or url),
        status=int(status) if status is not None else None,
        headers={str(k): str(v) for k, v in got_headers.items()},
        body=bytes(body),
        fetched_at=_get(result, "fetched_at", None) or now,
        error=str(error),
        not_modified=bool(_get(result, "not_modified", False)) or status == 304,
        request_headers=dict(_get(result, "request_headers", {}) or headers),
        result=result,
    )


def extract_page(body: bytes, url: str, content_type: str | None = None):
    """Article text, title, author and date of a fetched page (`pantau.ingest.extract`) → RawItem."""
    from pantau.ingest.extract import extract

    return extract(body, url, content_type=content_type).to_raw_item(platform="web")


def parse_feed(body: bytes, url: str):
    from pantau.ingest.feeds import import_feed

    return import_feed(body, filename=url)


def warc_bytes(fetched: Fetched) -> bytes:
    """One WARC response record (plus the request) with the payload digest, fetch time and headers.

    Uses `pantau.ingest.warc.write_warc` when present, else warcio directly (the same record layout)."""
    lib = _optional("pantau.ingest.warc", "warc_for_fetch")
    if lib is not None and fetched.result is not None:
        blob = lib(fetched.result)
        data = _get(blob, "data", None) or _get(blob, "content", None) or blob
        if isinstance(data, (bytes, bytearray)):
            return bytes(data)
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    status_line = f"{fetched.status or 0} {'OK' if fetched.ok else 'ERR'}"
    http_headers = StatusAndHeaders(status_line, list(fetched.headers.items()), protocol="HTTP/1.1")
    date = fetched.fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    record = writer.create_warc_record(fetched.final_url, "response", payload=io.BytesIO(fetched.body),
                                       http_headers=http_headers, warc_headers_dict={"WARC-Date": date})
    writer.write_record(record)
    return out.getvalue()


def evidence_package(*, warc: bytes | None, metadata: dict, attachments: dict[str, bytes] | None = None) -> bytes:
    """A zip an outsider can verify offline: the WARC, metadata.json and SHA256SUMS over every file.

    Uses `pantau.ingest.package.build_package` when present."""
    lib = _optional("pantau.ingest.package", "build_package")
    if lib is not None:
        try:
            data = lib(warc=warc, metadata=metadata, attachments=attachments or {})
            if isinstance(data, (bytes, bytearray)):
                return bytes(data)
        except TypeError:
            pass
    import io
    import json
    import zipfile

    files: dict[str, bytes] = {}
    if warc:
        files["capture.warc.gz"] = warc
    for name, data in (attachments or {}).items():
        files[name] = data
    files["metadata.json"] = json.dumps(metadata, ensure_ascii=False, indent=2, sort_keys=True, default=str).encode()
    manifest = "".join(f"{hashlib.sha256(data).hexdigest()}  {name}\n" for name, data in sorted(files.items()))
    files["SHA256SUMS"] = manifest.encode()
    files["VERIFY.txt"] = (
        b"Periksa keaslian paket ini tanpa Pantau:\n  sha256sum -c SHA256SUMS\n"
        b"Setiap baris harus berakhiran OK. metadata.json memuat hash SHA-256 berkas bukti yang tercatat di\n"
        b"log lacak bukti (custody) Bawaslu pada saat penangkapan.\n"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))  # stable bytes for the same input
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()
