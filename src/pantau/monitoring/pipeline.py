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

import base64
import hashlib
import json
import logging
import os
import threading
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Case, F, OuterRef, Subquery, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import adapters, bulk
from .models import ContentItem, ImportBatch, ImportChunk, NearDupGroup, Sighting, WatchlistEntry

log = logging.getLogger(__name__)

# one transaction (and one commit, ~50 ms of fsync on this machine) per chunk
CHUNK_SIZE = int(os.environ.get("PANTAU_IMPORT_CHUNK_SIZE", "1000") or 1000)
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


def _quiet_periods() -> list[tuple]:
    """Masa tenang (start, end) of every election with that stage in its schedule (elections app)."""
    from pantau.elections.models import ScheduleStage

    return [(st.start, st.end) for st in ScheduleStage.objects.filter(key="masa_tenang").order_by("start")]


def _detection_registry():
    """Candidate pairs and parties of the active elections (elections app), cached until they change."""
    from pantau.elections.registry import detection_registry

    return detection_registry()


def _quiet_period_for(periods: list[tuple], posted: datetime | None):
    if not periods:
        return None
    if posted is not None:
        day = timezone.localtime(posted).date() if timezone.is_aware(posted) else posted.date()
        for start, end in periods:
            if start <= day <= end:
                return (start, end)
    return periods[0]


@dataclass(frozen=True)
class ReferenceData:
    """What classification reads from the database: read once per chunk, or once before forking classify
    processes (which then never touch the database)."""

    watch_terms: list
    candidate_accounts: list
    quiet_periods: list
    registry: Any


def reference_data() -> ReferenceData:
    return ReferenceData(_watch_terms(), _candidate_accounts(), _quiet_periods(), _detection_registry())


def classify_records(records: Sequence[dict], *, now: datetime | None = None,
                     reference: ReferenceData | None = None) -> list[dict]:
    """Detection (one `analyse_many` call per chunk), watchlist matching and priority. Returns new dicts.
    Reads the database only for `reference` when it is not given."""
    reference = reference or reference_data()
    accounts = reference.candidate_accounts
    matcher = adapters.watch_matcher(reference.watch_terms + accounts)
    campaign = {(a.platform, a.term.lstrip("@").lower()) for a in accounts}
    periods = reference.quiet_periods
    registry = reference.registry
    # Evidence spans are offsets into the item's text (its title when it has no text): analyse exactly that.
    texts = [r.get("text") or r.get("title") or "" for r in records]
    published = [_parse_dt(r.get("published_at")) for r in records]
    contexts = []
    for record, posted in zip(records, published, strict=True):
        context = {"posted_at": posted, "quiet_period": _quiet_period_for(periods, posted)}
        if registry is not None:
            context["registry"] = registry  # one object for the whole chunk: the engine does not rebuild it
        handle = (record.get("author_handle") or "").lstrip("@").lower()
        if handle and (record.get("platform"), handle) in campaign:
            context["campaign_account"] = True
        contexts.append(context)
    analyses = adapters.analyse_batch(texts, contexts)
    out = []
    for record, text, posted, analysis in zip(records, texts, published, analyses, strict=True):
        hits, spans = matcher(text, record.get("platform") or "", record.get("author_handle") or "")
        score, parts = adapters.priority(
            labels=analysis.labels, scores=analysis.scores, followers=record.get("author_followers"),
            likes=record.get("likes"), shares=record.get("shares"), comments=record.get("comments"),
            views=record.get("views"), published_at=posted, now=now, watch_hits=len(hits), flags=analysis.flags,
        )
        enriched = dict(record)
        enriched.update(
            analysed_text=text,
            labels=analysis.labels,
            scores=analysis.scores,
            evidence=analysis.evidence + spans,
            entities={**analysis.entities, **({"money": analysis.money} if analysis.money else {}),
                      **({"flags": analysis.flags} if analysis.flags else {})},
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
#
# `pantau.ingest.neardup.NearDupIndex` assigns items to groups in memory, one index per process. Its item
# ids are dedup keys, and a new group is named after the item that started it (the founder), so a group's
# key is its founder's dedup key. Founders' signatures are stored on their items (`ContentItem.signature`),
# which is all another process needs to rebuild the same index (`add_signature`). A `NearDupGroup` row
# exists only once a group has a second member: a text seen once costs no group row.

_index = adapters.new_index()
_index_lock = threading.RLock()
_index_state = {"max_pk": 0}
_recent_pks: set[int] = set()
INDEX_LOOKBACK = 4 * CHUNK_SIZE  # rows committed late by a concurrent worker (lower ids) are still picked up


def group_index():
    """The process's index, topped up with founders other processes stored since the last call."""
    with _index_lock:
        floor = max(0, _index_state["max_pk"] - INDEX_LOOKBACK)
        rows = ContentItem.objects.filter(pk__gt=floor, signature__isnull=False)
        unseen = [pk for pk in rows.values_list("pk", flat=True) if pk not in _recent_pks]
        if unseen:
            fetched = ContentItem.objects.filter(pk__in=unseen).values_list("pk", "dedup_key", "signature")
            for pk, key, sig in fetched.iterator(chunk_size=5000) if len(unseen) > 5000 else fetched:
                _index.add_signature(key, adapters.signature_from_bytes(sig), group_id=key)
                _remember(pk)
        return _index


def _remember(pk: int) -> None:
    _recent_pks.add(pk)
    if pk > _index_state["max_pk"]:
        _index_state["max_pk"] = pk
    if len(_recent_pks) > 4 * INDEX_LOOKBACK:
        floor = _index_state["max_pk"] - INDEX_LOOKBACK
        _recent_pks.difference_update([p for p in _recent_pks if p <= floor])


def reset_group_index() -> None:
    """Forget the in-memory index; the next chunk rebuilds it from the stored founder signatures."""
    global _index
    with _index_lock:
        _index = adapters.new_index()
        _index_state["max_pk"] = 0
        _recent_pks.clear()


#: Where a record carries its near-duplicate sketch (base64 of `Sketch.to_bytes`), made in the classify stage.
SKETCH_FIELD = "neardup_sketch"


def _grouping_text(record: dict) -> str:
    return record.get("analysed_text") or record.get("text") or record.get("title") or ""


def sketch_records(records: list[dict]) -> list[dict]:
    """Add each record's near-duplicate sketch (words, exact key, MinHash signature): the costly, pure part
    of grouping, done beside classification so that the persist stage, which must group one chunk after
    another, only looks sketches up."""
    sketches = _index.sketch_many([_grouping_text(r) for r in records])  # pure: reads only the index's settings
    for record, sketch in zip(records, sketches, strict=True):
        record[SKETCH_FIELD] = base64.b64encode(sketch.to_bytes()).decode("ascii")
    return records


def _sketches_of(index, records: Sequence[dict]) -> list:
    from pantau.ingest.neardup import Sketch

    sketches = [Sketch.from_bytes(base64.b64decode(r[SKETCH_FIELD])) if r.get(SKETCH_FIELD) is not None else None
                for r in records]
    missing = [i for i, sketch in enumerate(sketches) if sketch is None]
    if missing:  # records classified before sketches existed, or by a caller that skipped them
        for i, sketch in zip(missing, index.sketch_many([_grouping_text(records[i]) for i in missing]), strict=True):
            sketches[i] = sketch
    return sketches


def _assign_groups(index, records: Sequence[dict]) -> tuple[list[str], list[bytes | None]]:
    """Group keys for `records` (in order, `NearDupIndex.add_sketches`) and, for the items that start a
    group, the signature to store."""
    keys = [r["dedup_key"] for r in records]
    sketches = _sketches_of(index, records)
    groups = index.add_sketches(zip(keys, sketches, strict=True))
    stored: list[bytes | None] = [
        adapters.signature_bytes(sketch.signature) if key == group and sketch.signature is not None else None
        for key, group, sketch in zip(keys, groups, sketches, strict=True)
    ]
    return groups, stored


# ---------------------------------------------------------------------------------------------------------
# persist


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))  # built once: json.dumps with options
                                                                     # builds an encoder per call


def _json(value, empty: str) -> str:
    return _ENCODER.encode(value) if value else empty


def _clip(value, limit: int) -> str:
    return (value or "")[:limit]


def _item_row(record: dict, *, region: str, region_by: str, now: datetime, source_id, batch_id,
              warc_blob_id, signature: bytes | None) -> dict:
    """One content item as column values (JSON already serialised): what `bulk.insert_ignore` writes."""
    labels = record.get("labels") or []
    flagged = bool(labels or record.get("watch_hits"))
    return {
        "platform": record["platform"][:20],
        "external_id": record["external_id"],
        "dedup_key": record["dedup_key"],
        "url": _clip(record.get("url"), 2000),
        "canonical_url": _clip(record.get("canonical_url"), 2000),
        "content_hash": record["content_hash"],
        "kind": _clip(record.get("kind") or "post", 12),
        "title": _clip(record.get("title"), 500),
        "text": record.get("text") or "",
        "author_handle": _clip(record.get("author_handle"), 200),
        "author_name": _clip(record.get("author_name"), 200),
        "author_followers": record.get("author_followers"),
        "likes": record.get("likes"),
        "shares": record.get("shares"),
        "comments": record.get("comments"),
        "views": record.get("views"),
        "reach": sum(int(record.get(k) or 0) for k in ("likes", "shares", "comments")),
        "published_at": bulk.datetime_value(_parse_dt(record.get("published_at"))),
        "first_seen_at": bulk.datetime_value(now),
        "region_id": region,
        "region_attributed_by": region_by,
        "source_id": source_id,
        "batch_id": batch_id,
        "labels": _json(labels, "[]"),
        "scores": _json(record.get("scores"), "{}"),
        "evidence": _json(record.get("evidence"), "[]"),
        "entities": _json(record.get("entities"), "{}"),
        "election_related": bool(record.get("election_related")),
        "watch_hits": _json(record.get("watch_hits"), "[]"),
        "priority": float(record.get("priority") or 0.0),
        "priority_parts": _json(record.get("priority_parts"), "{}"),
        "group_id": None,
        "signature": signature,
        "status": _FLAGGED if flagged else _NEW,
        "dismiss_reason": "",
        "corrected_labels": None,
        "reviewed_by_id": None,
        "reviewed_at": None,
        "finding_ref": "",
        "report_ref": "",
        "warc_blob_id": warc_blob_id,
        "raw": _json(record.get("raw_evidence"), "{}"),
    }


ITEM_COLUMNS: list[str] = []
_FLAGGED, _NEW = ContentItem.Status.FLAGGED.value, ContentItem.Status.NEW.value  # looked up once, not per row
SIGHTING_COLUMNS = ["item_id", "origin", "source_id", "batch_id", "seen_at", "metrics"]


def _item_columns() -> list[str]:
    if not ITEM_COLUMNS:
        ITEM_COLUMNS.extend(f.column for f in ContentItem._meta.concrete_fields if f.column != "id")
    return ITEM_COLUMNS


def persist_records(records: Sequence[dict], *, default_region: str, batch: ImportBatch | None = None,
                    chunk_number: int | None = None, source=None, origin_prefix: str | None = None,
                    warc_blob_id: str | None = None) -> tuple[int, int]:
    """Write a classified chunk. Returns (new items, duplicates: items already known or repeated in the chunk).

    With `batch` and `chunk_number` the chunk is exactly-once: its marker is written in the same transaction.
    If the transaction fails, the in-memory index (which already holds the chunk's items) is dropped and
    rebuilt from the database on the next call.
    """
    try:
        with _index_lock:
            return _persist(records, default_region=default_region, batch=batch, chunk_number=chunk_number,
                            source=source, origin_prefix=origin_prefix, warc_blob_id=warc_blob_id)
    except BaseException:
        reset_group_index()
        raise


def _persist(records, *, default_region, batch, chunk_number, source, origin_prefix, warc_blob_id):
    now = timezone.now()
    batch_id = batch.pk if batch else None
    source_id = source.pk if source else (batch.source_id if batch else None)
    prefix = origin_prefix or (f"batch:{batch_id}" if batch_id else f"source:{source_id}:{now.isoformat()}")
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

        group_keys, founder_sigs = _assign_groups(group_index(), fresh)

        items = []
        for position, record in enumerate(fresh):
            region, region_by = attribute_region(record, default_region)
            items.append(_item_row(record, region=region, region_by=region_by, now=now, source_id=source_id,
                                   batch_id=batch_id, warc_blob_id=warc_blob_id,
                                   signature=founder_sigs[position]))

        # group rows for every group that now has two members or more
        members: dict[str, list[int]] = {}
        for position, key in enumerate(group_keys):
            members.setdefault(key, []).append(position)
        fresh_keys = {r["dedup_key"] for r in fresh}
        stored_founders = {
            row[0]: row[1:]
            for row in ContentItem.objects.filter(dedup_key__in=[k for k in members if k not in fresh_keys])
            .values_list("dedup_key", "region_id", "labels", "first_seen_at", "signature", "content_hash")
        }
        grouped = [k for k, pos in members.items() if len(pos) + (k in stored_founders) >= 2]
        group_pk = dict(NearDupGroup.objects.filter(key__in=grouped).values_list("key", "pk"))
        new_rows = []
        for key in grouped:
            if key in group_pk:
                continue
            positions = members[key]
            labels = {label for p in positions for label in fresh[p].get("labels") or []}
            if key in stored_founders:
                region, founder_labels, seen, signature, content_hash = stored_founders[key]
                labels.update(founder_labels or [])
            else:
                founder = items[positions[0]]
                region, seen, signature, content_hash = (founder["region_id"], now, founder["signature"],
                                                         founder["content_hash"])
            new_rows.append(NearDupGroup(key=key, first_seen_at=seen, last_seen_at=now, item_count=0,
                                         region_id=region, content_hash=content_hash,
                                         signature=signature, labels=sorted(labels)))
        if new_rows:
            NearDupGroup.objects.bulk_create(new_rows, batch_size=1000, ignore_conflicts=True)
            group_pk.update(NearDupGroup.objects.filter(key__in=[g.key for g in new_rows]).values_list("key", "pk"))
        for key in grouped:
            for position in members[key]:
                items[position]["group_id"] = group_pk[key]

        columns = _item_columns()
        inserted = bulk.insert_ignore(ContentItem._meta.db_table, columns,
                                      [tuple(row[c] for c in columns) for row in items], returning=("dedup_key", "id"))
        ids = {**existing, **dict(inserted)}
        if len(ids) < len(by_key):  # not PostgreSQL, or a concurrent worker inserted some of these first
            missing = [k for k in by_key if k not in ids]
            ids.update(ContentItem.objects.filter(dedup_key__in=missing).values_list("dedup_key", "pk"))

        # founders stored by an earlier chunk join their group now (locked: two workers count them once)
        growth = Counter({group_pk[k]: len(members[k]) for k in grouped})
        waiting = [k for k in grouped if k in stored_founders]
        if waiting:
            attach = list(ContentItem.objects.select_for_update().filter(dedup_key__in=waiting, group__isnull=True)
                          .values_list("dedup_key", flat=True))
            for key in attach:
                ContentItem.objects.filter(dedup_key=key).update(group_id=group_pk[key])
                growth[group_pk[key]] += 1
        if growth:
            NearDupGroup.objects.filter(pk__in=list(growth)).update(
                item_count=F("item_count") + Case(*[When(pk=pk, then=Value(n)) for pk, n in growth.items()],
                                                  default=Value(0)),
                last_seen_at=Greatest(F("last_seen_at"), Value(now)),
            )
            NearDupGroup.objects.filter(pk__in=list(growth), representative__isnull=True).update(
                representative=Subquery(ContentItem.objects.filter(dedup_key=OuterRef("key")).values("pk")[:1]))

        seen_at = bulk.datetime_value(now)
        sightings = []
        for position, record in enumerate(records):
            item_id = ids.get(record["dedup_key"])
            if item_id is None:
                continue
            metrics = {k: record[k] for k in ("likes", "shares", "comments", "views", "author_followers")
                       if record.get(k) is not None}
            sightings.append((item_id, f"{prefix}:{record.get('row') or position}"[:200], source_id, batch_id,
                              seen_at, _json(metrics, "{}")))
        bulk.insert_ignore(Sighting._meta.db_table, SIGHTING_COLUMNS, sightings)

        created = len(fresh)
        duplicates = len(records) - created
        if marker is not None:
            marker.imported, marker.duplicates = created, duplicates
            marker.save(update_fields=["imported", "duplicates"])
            ImportBatch.objects.filter(pk=batch.pk).update(imported=F("imported") + created,
                                                           duplicates=F("duplicates") + duplicates)
            _maybe_finish(batch.pk)
    for row in items:
        if row["signature"] is not None and row["dedup_key"] in ids:
            _remember(ids[row["dedup_key"]])
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


# ---------------------------------------------------------------------------------------------------------
# in-process import with overlapping stages
#
# With a broker, classify and persist are separate workers and overlap on their own. Without one (`pantau
# import` on the embedded default, the benchmark), a chunk used to be classified and then persisted by the
# same process, so one core idled while the other worked. Forked classify processes now prepare the next
# chunks (detection, watchlist, priority, near-duplicate sketches) while this process persists the current
# one, in order. The children get the database-derived reference data in memory at the fork and never open
# or touch a database connection (they end with os._exit, so the inherited ones are not closed either).

_child_reference: ReferenceData | None = None


def _classify_in_child(records: list[dict]) -> list[dict]:
    return sketch_records(classify_records(records, reference=_child_reference))


def classify_processes_default() -> int:
    """One classify process on a machine with more than one core, else none (PANTAU_IMPORT_PROCESSES)."""
    configured = os.environ.get("PANTAU_IMPORT_PROCESSES", "").strip()
    if configured:
        return max(0, int(configured))
    return 1 if (os.cpu_count() or 1) > 1 else 0


def run_import_chunks(batch: ImportBatch, chunks: Sequence[tuple[int, Sequence]], *, processes: int = 0,
                      on_chunk: Callable[[int, int], None] | None = None) -> None:
    """Classify and persist an import's chunks in this process, skipping chunks already persisted (a re-run
    after a crash). With `processes` ≥ 1, that many forked processes classify ahead while this one persists;
    at most `processes + 1` chunks wait in memory. `on_chunk(number, size)` is called after each persist."""
    global _child_reference
    done = set(ImportChunk.objects.filter(batch=batch).values_list("number", flat=True))
    todo = [(number, list(chunk)) for number, chunk in chunks if number not in done]
    reference = reference_data()

    def persist(number: int, classified: list[dict]) -> None:
        persist_records(classified, default_region=batch.region_id, batch=batch, chunk_number=number)
        if on_chunk is not None:
            on_chunk(number, len(classified))

    def classify_here_and_persist(pairs: Iterable[tuple[int, list[dict]]]) -> None:
        for number, chunk in pairs:
            persist(number, sketch_records(classify_records(chunk, reference=reference)))

    if processes < 1 or len(todo) < 2:
        classify_here_and_persist(todo)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _child_reference = reference
    adapters.analyse_batch(["pemanasan"], [{}])  # load the model once, before the fork: children share it
    pending: deque = deque()
    queue = iter(todo)
    persisted: set[int] = set()
    pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"))
    try:
        for number, chunk in islice(queue, processes + 1):
            pending.append((number, pool.submit(_classify_in_child, chunk)))
        while pending:
            number, future = pending.popleft()
            classified = future.result()
            following = next(queue, None)
            if following is not None:
                pending.append((following[0], pool.submit(_classify_in_child, following[1])))
            persist(number, classified)
            persisted.add(number)
    except BrokenProcessPool:
        # A classify process died (killed, out of memory); waiting for a result or handing over the next chunk
        # says so. The chunks not persisted yet are classified here: nothing is lost or doubled.
        log.warning("Proses klasifikasi berhenti; sisa impor diklasifikasi di proses utama.")
        classify_here_and_persist([(n, c) for n, c in todo if n not in persisted])
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        _child_reference = None
