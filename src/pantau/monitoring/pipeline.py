"""The ingestion pipeline without Celery: raw items → analysed records → persisted, grouped items.

Tasks (tasks.py) call these functions one stage per queue; the benchmark and the eager default call them
in-process. Every stage is idempotent:

* `classify_records` is a pure function of its input;
* `persist_records` writes a chunk in one transaction together with its `ImportChunk` marker, so a retried
  chunk either finds the marker and returns the stored counts, or finds nothing of its own (the crash rolled
  it back). Items are keyed by `dedup_key` (unique), sightings by (item, origin) (unique), both inserted
  with conflicts ignored, so even two workers racing on the same item produce one item.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import adapters
from .models import ContentItem, ImportBatch, ImportChunk, NearDupGroup, Sighting, WatchlistEntry

CHUNK_SIZE = int(os.environ.get("PANTAU_IMPORT_CHUNK_SIZE", "500") or 500)
TEXT_FIELDS = ("platform", "external_id", "url", "canonical_url", "title", "text", "kind", "author_handle",
               "author_name", "author_id", "author_followers", "likes", "shares", "comments", "views",
               "published_at", "region_code", "source_line", "lang", "parent_id", "media")


# ---------------------------------------------------------------------------------------------------------
# raw items as plain dicts (what travels between queues)


def raw_to_record(raw, index: int) -> dict[str, Any]:
    """A RawItem (or a dict shaped like one) → a JSON-ready dict with identity fields filled in."""
    data = raw.to_dict() if hasattr(raw, "to_dict") else dict(raw)
    record = {k: data.get(k) for k in TEXT_FIELDS}
    if isinstance(record.get("published_at"), datetime):
        record["published_at"] = record["published_at"].isoformat()
    record["platform"] = record.get("platform") or "other"
    record["external_id"] = str(record.get("external_id") or "")[:200]
    record["canonical_url"] = record.get("canonical_url") or ""
    record["text"] = record.get("text") or ""
    record["content_hash"] = data.get("content_hash") or _content_hash(record["text"] or record.get("title") or "")
    record["dedup_key"] = dedup_key(record)
    record["row"] = record.get("source_line") or index
    return record


def _content_hash(text: str) -> str:
    from pantau.ingest.items import content_hash

    return content_hash(text)


def dedup_key(record: dict) -> str:
    """The platform's id when it has one; else the canonical URL (any platform: the same article reached by
    RSS and as a web page is one item); else the hash of the normalised text on that platform."""
    if record.get("external_id"):
        key = f"{record['platform']}:id:{record['external_id']}"
    elif record.get("canonical_url"):
        key = f"url:{record['canonical_url']}"
    else:
        key = f"{record['platform']}:hash:{record['content_hash']}"
    if len(key) > 300:  # very long URLs: keep the key unique and within the column
        key = key[:230] + ":" + hashlib.sha256(key.encode()).hexdigest()
    return key


# ---------------------------------------------------------------------------------------------------------
# classify


def _watch_terms() -> list[adapters.WatchTerm]:
    terms = []
    for entry in WatchlistEntry.objects.filter(active=True).select_related("candidate_account"):
        if entry.kind == WatchlistEntry.Kind.KEYWORD:
            terms += [adapters.WatchTerm(entry.pk, "keyword", t, "", entry.watched_region_id or "")
                      for t in entry.terms()]
        elif entry.kind == WatchlistEntry.Kind.ACCOUNT:
            platform = entry.platform or (entry.candidate_account.platform if entry.candidate_account else "")
            terms.append(adapters.WatchTerm(entry.pk, "account", entry.value, platform))
    return terms


def _candidate_accounts() -> list[adapters.WatchTerm]:
    """Accounts the candidate pairs registered with KPU are watched without anyone adding them by hand."""
    from pantau.elections.models import CandidateAccount

    return [adapters.WatchTerm(-acc.pk, "account", acc.handle, acc.platform)
            for acc in CandidateAccount.objects.all()]


def classify_records(records: Sequence[dict], *, now: datetime | None = None) -> list[dict]:
    """Detection, watchlist matching and priority for a chunk. Returns new dicts (input is not changed)."""
    matcher = adapters.watch_matcher(_watch_terms() + _candidate_accounts())
    # Evidence spans are offsets into the item's text (its title when it has no text): analyse exactly that.
    texts = [r.get("text") or r.get("title") or "" for r in records]
    contexts = [{"platform": r.get("platform"), "published_at": r.get("published_at"),
                 "author": r.get("author_handle")} for r in records]
    analyses = adapters.analyse_batch(texts, contexts)
    out = []
    for record, text, analysis in zip(records, texts, analyses, strict=True):
        hits, spans = matcher(text, record.get("platform") or "", record.get("author_handle") or "")
        published = _parse_dt(record.get("published_at"))
        score, parts = adapters.priority(
            labels=analysis.labels, scores=analysis.scores, followers=record.get("author_followers"),
            likes=record.get("likes"), shares=record.get("shares"), comments=record.get("comments"),
            views=record.get("views"), published_at=published, now=now, watch_hits=len(hits),
        )
        enriched = dict(record)
        enriched.update(
            analysed_text=text,
            labels=analysis.labels,
            scores=analysis.scores,
            evidence=analysis.evidence + spans,
            entities={**analysis.entities, **({"money": analysis.money} if analysis.money else {})},
            regions=analysis.regions,
            election_related=analysis.election_related,
            watch_hits=hits,
            priority=score,
            priority_parts=parts,
        )
        out.append(enriched)
    return out


def _parse_dt(value) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    parsed = parse_datetime(str(value))
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


# ---------------------------------------------------------------------------------------------------------
# region attribution

_region_cache: dict[str, set[str]] = {}


def _known_regions() -> set[str]:
    if "codes" not in _region_cache:
        from pantau.regions.models import Level, Region

        _region_cache["codes"] = set(
            Region.objects.filter(level__in=[Level.PROVINSI, Level.KABUPATEN, Level.KECAMATAN])
            .values_list("code", flat=True)
        )
    return _region_cache["codes"]


def attribute_region(record: dict, fallback: str) -> tuple[str, str]:
    """The most specific region the text names inside the fallback's province; else the source's region."""
    province = fallback.split(".")[0]
    known = _known_regions()
    candidates = [c for c in (record.get("regions") or []) + [record.get("region_code") or ""]
                  if c and c in known and (c == province or c.startswith(province + "."))]
    if candidates:
        return max(candidates, key=lambda c: c.count(".")), "text"
    return fallback, "source"


# ---------------------------------------------------------------------------------------------------------
# near-duplicate grouping

_index = adapters.GroupIndex()
_index_lock = threading.Lock()


def group_index() -> adapters.GroupIndex:
    """The process's LSH index, topped up with groups other processes created since the last call."""
    with _index_lock:
        fresh = NearDupGroup.objects.filter(pk__gt=_index.max_id).values_list("pk", "signature").order_by("pk")
        for pk, sig in fresh.iterator(chunk_size=5000):
            _index.add(pk, adapters.signature_from_bytes(sig))
    return _index


def reset_group_index() -> None:
    _index.clear()


# ---------------------------------------------------------------------------------------------------------
# persist


def _item_from_record(record: dict, *, region: str, region_by: str, now: datetime, source_id, batch_id) -> ContentItem:
    flagged = bool(record.get("labels") or record.get("watch_hits"))
    reach = sum(int(record.get(k) or 0) for k in ("likes", "shares", "comments"))
    return ContentItem(
        platform=record["platform"][:20],
        external_id=record["external_id"],
        dedup_key=record["dedup_key"],
        url=(record.get("url") or "")[:2000],
        canonical_url=(record.get("canonical_url") or "")[:2000],
        content_hash=record["content_hash"],
        kind=(record.get("kind") or "post")[:12],
        title=(record.get("title") or "")[:500],
        text=record.get("text") or "",
        author_handle=(record.get("author_handle") or "")[:200],
        author_name=(record.get("author_name") or "")[:200],
        author_followers=record.get("author_followers"),
        likes=record.get("likes"),
        shares=record.get("shares"),
        comments=record.get("comments"),
        views=record.get("views"),
        reach=reach,
        published_at=_parse_dt(record.get("published_at")),
        first_seen_at=now,
        region_id=region,
        region_attributed_by=region_by,
        source_id=source_id,
        batch_id=batch_id,
        labels=record.get("labels") or [],
        scores=record.get("scores") or {},
        evidence=record.get("evidence") or [],
        entities=record.get("entities") or {},
        election_related=bool(record.get("election_related")),
        watch_hits=record.get("watch_hits") or [],
        priority=float(record.get("priority") or 0.0),
        priority_parts=record.get("priority_parts") or {},
        status=ContentItem.Status.FLAGGED if flagged else ContentItem.Status.NEW,
        raw=record.get("raw_evidence") or {},
    )


def persist_records(records: Sequence[dict], *, default_region: str, batch: ImportBatch | None = None,
                    chunk_number: int | None = None, source=None, origin_prefix: str | None = None,
                    warc_blob_id: str | None = None) -> tuple[int, int]:
    """Write a classified chunk. Returns (new items, duplicates: items already known or repeated in the chunk).

    With `batch` and `chunk_number` the chunk is exactly-once: its marker is written in the same transaction.
    """
    now = timezone.now()
    batch_id = batch.pk if batch else None
    source_id = source.pk if source else (batch.source_id if batch else None)
    prefix = origin_prefix or (f"batch:{batch_id}" if batch_id else f"source:{source_id}:{now.isoformat()}")
    index = group_index()
    added_to_index: list[tuple[int, Any]] = []
    with transaction.atomic():
        if batch is not None and chunk_number is not None:
            try:
                with transaction.atomic():
                    marker = ImportChunk.objects.create(batch=batch, number=chunk_number)
            except IntegrityError:
                done = ImportChunk.objects.get(batch=batch, number=chunk_number)
                return done.imported, done.duplicates
        else:
            marker = None

        by_key: dict[str, dict] = {}
        for record in records:
            by_key.setdefault(record["dedup_key"], record)
        existing = dict(ContentItem.objects.filter(dedup_key__in=list(by_key)).values_list("dedup_key", "pk"))
        fresh = [r for k, r in by_key.items() if k not in existing]

        # near-duplicate groups: exact text first, then LSH over known groups, then groups new in this chunk
        hashes = {r["content_hash"] for r in fresh}
        group_of_hash = dict(
            ContentItem.objects.filter(content_hash__in=hashes, group__isnull=False).values_list("content_hash", "group_id")
        )
        local = adapters.GroupIndex()
        pending: list[dict] = []  # new groups: {"sig", "items": [records], "hash"}
        assignment: dict[str, tuple[str, int]] = {}  # dedup_key → ("db", id) | ("new", local index)
        for record in fresh:
            h = record["content_hash"]
            if h in group_of_hash:
                assignment[record["dedup_key"]] = ("db", group_of_hash[h])
                continue
            sig = adapters.minhash(record.get("analysed_text") or record.get("text") or record.get("title") or "")
            gid = index.query(sig)
            if gid is not None:
                assignment[record["dedup_key"]] = ("db", gid)
                group_of_hash[h] = gid
                continue
            local_id = local.query(sig)
            if local_id is None:
                local_id = len(pending) + 1
                pending.append({"sig": sig, "hash": h, "records": []})
                local.add(local_id, sig)
            pending[local_id - 1]["records"].append(record)
            assignment[record["dedup_key"]] = ("new", local_id)

        items = []
        for record in fresh:
            region, region_by = attribute_region(record, default_region)
            item = _item_from_record(record, region=region, region_by=region_by, now=now,
                                     source_id=source_id, batch_id=batch_id)
            item.warc_blob_id = warc_blob_id
            items.append(item)
        item_by_key = {i.dedup_key: i for i in items}

        new_groups = []
        for group in pending:
            first = item_by_key[group["records"][0]["dedup_key"]]
            labels = sorted({label for r in group["records"] for label in (r.get("labels") or [])})
            new_groups.append(NearDupGroup(first_seen_at=now, last_seen_at=now, item_count=len(group["records"]),
                                           region_id=first.region_id, content_hash=group["hash"],
                                           signature=adapters.signature_bytes(group["sig"]), labels=labels))
        NearDupGroup.objects.bulk_create(new_groups, batch_size=1000)
        for group, row in zip(pending, new_groups, strict=True):
            added_to_index.append((row.pk, group["sig"]))
        for item in items:
            kind, ref = assignment[item.dedup_key]
            item.group_id = ref if kind == "db" else new_groups[ref - 1].pk

        ContentItem.objects.bulk_create(items, batch_size=1000, ignore_conflicts=True)
        ids = dict(ContentItem.objects.filter(dedup_key__in=list(by_key)).values_list("dedup_key", "pk"))
        for group, row in zip(pending, new_groups, strict=True):
            row.representative_id = ids.get(group["records"][0]["dedup_key"])
        NearDupGroup.objects.bulk_update(new_groups, ["representative"], batch_size=1000)
        grown = Counter(ref for kind, ref in assignment.values() if kind == "db")
        for gid, count in grown.items():
            NearDupGroup.objects.filter(pk=gid).update(item_count=F("item_count") + count,
                                                       last_seen_at=Greatest(F("last_seen_at"), now))

        sightings = []
        for position, record in enumerate(records):
            item_id = ids.get(record["dedup_key"])
            if item_id is None:
                continue
            metrics = {k: record.get(k) for k in ("likes", "shares", "comments", "views", "author_followers")
                       if record.get(k) is not None}
            sightings.append(Sighting(item_id=item_id, origin=f"{prefix}:{record.get('row') or position}"[:200],
                                      source_id=source_id, batch_id=batch_id, seen_at=now, metrics=metrics))
        Sighting.objects.bulk_create(sightings, batch_size=1000, ignore_conflicts=True)

        created = len(fresh)
        duplicates = len(records) - created
        if marker is not None:
            marker.imported, marker.duplicates = created, duplicates
            marker.save(update_fields=["imported", "duplicates"])
            ImportBatch.objects.filter(pk=batch.pk).update(imported=F("imported") + created,
                                                           duplicates=F("duplicates") + duplicates)
            _maybe_finish(batch.pk)
        transaction.on_commit(lambda: [index.add(pk, sig) for pk, sig in added_to_index])
    return created, duplicates


def _maybe_finish(batch_id: int) -> None:
    batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
    if batch.status != ImportBatch.Status.DONE and batch.chunks_total and batch.chunks.count() >= batch.chunks_total:
        batch.status = ImportBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["status", "finished_at"])


def chunked(seq: Sequence, size: int = CHUNK_SIZE) -> Iterable[tuple[int, Sequence]]:
    for number, start in enumerate(range(0, len(seq), size), start=1):
        yield number, seq[start:start + size]
