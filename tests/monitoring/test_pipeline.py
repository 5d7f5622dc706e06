from __future__ import annotations

import pytest

from pantau.monitoring import services
from pantau.monitoring.models import ContentItem, ImportBatch, NearDupGroup, Sighting
from pantau.monitoring.tasks import extract_import_batch

from .conftest import jsonl

HOAX = ("Beredar kabar paslon nomor 2 punya ijazah palsu, sebarkan sebelum dihapus! "
        "Warga Kerinci jangan mau dibohongi lagi oleh calon ini")

ROWS = [
    {"id": "1", "text": HOAX, "username": "akun_a", "created_at": "2024-11-20T08:00:00+07:00", "likes": 10},
    {"id": "2", "text": HOAX + " !!", "username": "akun_b", "created_at": "2024-11-20T09:00:00+07:00"},
    {"id": "3", "text": "Besok pagi ada amplop 50rb per kepala dari tim sukses, datang ke posko di kota jambi",
     "username": "akun_c", "created_at": "2024-11-26T22:00:00+07:00", "shares": 40},
    {"id": "4", "text": "Cuaca cerah di Muara Bulian hari ini", "username": "akun_d",
     "created_at": "2024-11-21T10:00:00+07:00"},
    {"id": "5", "text": "", "username": "kosong"},
]


def _import(user, data, name="posts.jsonl"):
    batch = services.submit_import(user, data=data, filename=name, fmt="jsonl", region_code="15", enqueue=False)
    extract_import_batch.delay(batch.pk)
    batch.refresh_from_db()
    return batch


@pytest.mark.django_db
def test_import_persists_classifies_groups_and_reports_bad_rows(demo_users):
    analyst = demo_users["provinsi.analis"]
    batch = _import(analyst, jsonl(ROWS))
    assert batch.status == ImportBatch.Status.DONE
    assert (batch.imported, batch.duplicates, batch.errors) == (4, 0, 1)
    assert batch.error_rows and batch.error_rows[0]["row"] == 5

    items = {i.external_id: i for i in ContentItem.objects.all()}
    assert items["1"].group_id == items["2"].group_id  # near-duplicate: one group
    assert NearDupGroup.objects.get(pk=items["1"].group_id).item_count == 2
    assert items["3"].group_id != items["1"].group_id
    assert items["1"].status == ContentItem.Status.FLAGGED and "kampanye_hitam" in items["1"].labels
    assert items["4"].status == ContentItem.Status.NEW and items["4"].priority == 0
    span = items["3"].evidence[0]
    assert items["3"].text[span["start"]:span["end"]] == span["text"]
    # region from the text when it names one, else the batch's region
    assert items["1"].region_id == "15.01" and items["1"].region_attributed_by == "text"
    assert items["3"].region_id == "15.71"
    assert items["4"].region_id == "15" and items["4"].region_attributed_by == "source"
    assert set(items["3"].priority_parts) >= {"severity", "confidence", "reach", "recency"}
    assert items["3"].priority > 0


@pytest.mark.django_db
def test_same_file_twice_is_one_item_with_two_sightings(demo_users):
    analyst = demo_users["provinsi.analis"]
    _import(analyst, jsonl(ROWS))
    again = _import(analyst, jsonl(ROWS), name="posts-lagi.jsonl")
    assert (again.imported, again.duplicates) == (0, 4)
    assert ContentItem.objects.count() == 4
    item = ContentItem.objects.get(external_id="1")
    assert Sighting.objects.filter(item=item).count() == 2
    assert NearDupGroup.objects.get(pk=item.group_id).item_count == 2  # not inflated by the re-import


@pytest.mark.django_db
def test_replayed_chunk_changes_nothing(demo_users):
    from pantau.monitoring import pipeline
    from pantau.monitoring.tasks import persist_chunk

    batch = _import(demo_users["provinsi.analis"], jsonl(ROWS))
    records = pipeline.classify_records([pipeline.raw_to_record(r | {"platform": "other"}, i)
                                         for i, r in enumerate(ROWS[:4], 1)])
    before = (ContentItem.objects.count(), Sighting.objects.count(), batch.imported)
    result = persist_chunk(batch.pk, 1, records)  # chunk 1 was already persisted: a redelivered message
    batch.refresh_from_db()
    assert result["imported"] == 4
    assert (ContentItem.objects.count(), Sighting.objects.count(), batch.imported) == before


@pytest.mark.django_db
def test_malformed_file_fails_clearly(demo_users):
    batch = _import(demo_users["provinsi.analis"], b"\x00\x01 ini bukan json", name="rusak.jsonl")
    assert batch.status == ImportBatch.Status.FAILED
    assert batch.message


@pytest.mark.django_db
def test_watchlist_keyword_flags_with_span(demo_users):
    analyst = demo_users["provinsi.analis"]
    services.add_watch(analyst, kind="keyword", value="cak mano", variants=["cakmano"], region_code="15")
    _import(analyst, jsonl([{"id": "w1", "text": "Cakmano nak milih kalo dak ado duit", "username": "x"}]))
    item = ContentItem.objects.get(external_id="w1")
    assert item.status == ContentItem.Status.FLAGGED
    assert item.watch_hits[0]["term"] in {"cak mano", "cakmano"}
    span = [e for e in item.evidence if e["label"] == "watchlist"][0]
    assert item.text[span["start"]:span["end"]].lower() == "cakmano"
    assert item.priority > 0


@pytest.mark.django_db
def test_analyst_from_other_jurisdiction_cannot_import(demo_users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.submit_import(demo_users["kerinci.penanganan"], data=jsonl(ROWS), filename="x.jsonl", fmt="jsonl",
                               region_code="15.01", enqueue=False)
