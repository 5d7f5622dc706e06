"""Factories for the permission-matrix test: one record per URL name with a pk, placed in a region."""

from __future__ import annotations

from django.utils import timezone

from pantau.evidence.store import store


def _blob(tag: str):
    return store(f"monitoring matrix {tag}".encode(), content_type="text/plain", original_name=f"{tag}.txt")


def _batch(region_code: str, marker: str = ""):
    from pantau.monitoring.models import ImportBatch

    return ImportBatch.objects.create(region_id=region_code, format="jsonl", file=_blob(f"batch-{region_code}"),
                                      original_name=f"{marker or 'm'}.jsonl", status="done")


def _group(region_code: str, marker: str = ""):
    """A group of two copies whose text (shown on the group list and page) carries the marker."""
    from pantau.monitoring import adapters
    from pantau.monitoring.models import ContentItem, NearDupGroup

    now = timezone.now()
    founder = _item(region_code, marker)
    copy = _item(region_code, marker)
    group = NearDupGroup.objects.create(
        key=founder.dedup_key, first_seen_at=now, last_seen_at=now, item_count=2, region_id=region_code,
        content_hash=founder.content_hash, representative=founder, labels=["politik_uang"],
        signature=adapters.signature_bytes(adapters.new_index().signature(founder.text)))
    ContentItem.objects.filter(pk__in=[founder.pk, copy.pk]).update(group=group)
    return group


def _item(region_code: str, marker: str = ""):
    from pantau.monitoring.models import ContentItem

    n = ContentItem.objects.count() + 1
    return ContentItem.objects.create(platform="twitter", external_id=f"matrix-{region_code}-{n}",
                                      dedup_key=f"twitter:id:matrix-{region_code}-{n}", content_hash="1" * 64,
                                      text=f"amplop 50rb per kepala {marker}", first_seen_at=timezone.now(),
                                      region_id=region_code, labels=["politik_uang"], status="flagged",
                                      url=f"https://x.com/a/status/{n}", batch=_batch(region_code))


def _source(region_code: str, marker: str = ""):
    from pantau.monitoring.models import Source

    return Source.objects.create(name=f"Media {region_code} {marker}", kind="rss", url="https://example.org/feed",
                                 region_id=region_code)


def _takedown(region_code: str, marker: str = ""):
    from pantau.monitoring.models import TakedownRequest

    t = TakedownRequest.objects.create(addressee="komdigi", urls=["https://x.com/a/status/1"], reason=f"uji {marker}",
                                       region_id=region_code, letter=_blob(f"letter-{region_code}"))
    t.items.add(_item(region_code, marker))
    return t


FACTORIES = {
    "monitoring:item": _item,
    "monitoring:item_dismiss": _item,
    "monitoring:item_labels": _item,
    "monitoring:item_merge": _item,
    "monitoring:item_promote": _item,
    "monitoring:item_attach_report": _item,
    "monitoring:item_evidence": _item,
    "monitoring:group": _group,
    "monitoring:source_fetch": _source,
    "monitoring:batch": _batch,
    "monitoring:batch_progress": _batch,
    "monitoring:takedown": _takedown,
    "monitoring:takedown_letter": _takedown,
    "monitoring:takedown_sent": _takedown,
    "monitoring:takedown_recheck": _takedown,
    "monitoring-item-detail": _item,
    "monitoring-group-detail": _group,
    "monitoring-import-detail": _batch,
}
