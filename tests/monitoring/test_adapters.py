"""The monitoring app on the real ingest library: near-duplicate index, priority, fetcher, WARC, packages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pantau.ingest import priority as ingest_priority
from pantau.ingest.neardup import NearDupIndex
from pantau.ingest.package import PACKAGE_FORMAT, verify_package
from pantau.ingest.warc import verify_warc
from pantau.monitoring import adapters, pipeline, services
from pantau.monitoring.models import ContentItem, NearDupGroup
from pantau.monitoring.tasks import extract_import_batch

from .conftest import jsonl

HOAX = "Beredar kabar paslon nomor dua memakai ijazah palsu dan KPU diam saja, sebarkan sebelum dihapus"


def _import(user, rows, name="p.jsonl"):
    batch = services.submit_import(user, data=jsonl(rows), filename=name, fmt="jsonl", region_code="15",
                                   enqueue=False)
    extract_import_batch.delay(batch.pk)
    batch.refresh_from_db()
    return batch


def test_signature_round_trip_is_the_library_signature():
    index = adapters.new_index()
    sig = index.signature(HOAX)
    assert len(sig) == 128 and isinstance(index, NearDupIndex) and index.threshold == 0.7
    data = adapters.signature_bytes(sig)
    assert len(data) == 512
    assert adapters.signature_from_bytes(data).tolist() == sig
    assert NearDupIndex().signature(HOAX) == sig  # stable: a fresh index (another process) computes the same


def test_priority_comes_from_the_ingest_library():
    published = datetime(2024, 11, 25, 12, tzinfo=UTC)
    now = published + timedelta(hours=10)
    score, parts = adapters.priority(labels=["politik_uang"], scores={"politik_uang": 0.8}, followers=5000,
                                     likes=10, shares=40, comments=2, views=None, published_at=published, now=now)
    expected = ingest_priority.priority_score(labels=["politik_uang"], scores={"politik_uang": 0.8}, followers=5000,
                                              likes=10, shares=40, comments=2, published_at=published, now=now)
    assert score == expected["score"] > 0
    assert parts["severity"] == 1.0 and parts["reach_shares"] > 0 and "keparahan" in parts["explanation"]
    assert parts["max_reach"] == ingest_priority.PrioritySettings().max_reach


def test_priority_of_a_watchlist_hit_and_of_nothing():
    score, parts = adapters.priority(labels=[], scores={}, followers=None, likes=None, shares=None, comments=None,
                                     views=None, published_at=None, watch_hits=1)
    assert score > 0 and parts["label"] == "watchlist" and parts["confidence"] == adapters.WATCHLIST_CONFIDENCE
    assert adapters.priority(labels=[], scores={}, followers=1, likes=1, shares=1, comments=1, views=1,
                             published_at=None) == (0.0, {})


def test_masa_tenang_flag_raises_severity_instead_of_counting_as_a_label():
    kwargs = dict(labels=["netralitas"], scores={"netralitas": 0.9}, followers=None, likes=None, shares=None,
                  comments=None, views=None, published_at=None)
    plain, _ = adapters.priority(**kwargs)
    quiet, parts = adapters.priority(**kwargs, flags=["masa_tenang"])
    assert quiet > plain and parts["severity"] == pytest.approx(0.75 * 1.25)


def test_one_fetcher_per_process(monkeypatch, settings):
    settings.PANTAU_FETCH_ALLOW_PRIVATE = True
    adapters.reset_fetcher()
    try:
        first = adapters.fetcher()
        assert adapters.fetcher() is first  # politeness delays and robots cache are shared
        assert first.settings.allow_private is True
        # a forked pool child: the fetcher was built by another process id
        monkeypatch.setitem(adapters._fetchers, "crawl", (-1, first))
        assert adapters.fetcher() is not first
        evidence = adapters.fetcher("evidence")
        assert evidence is not adapters.fetcher() and not evidence.settings.respect_robots
        assert adapters.fetcher().settings.respect_robots
    finally:
        adapters.reset_fetcher()


def test_fetch_refusal_is_an_exception_with_an_indonesian_message(settings):
    settings.PANTAU_FETCH_ALLOW_PRIVATE = False
    adapters.reset_fetcher()
    try:
        with pytest.raises(adapters.FetchError) as err:
            adapters.fetch_url("http://169.254.169.254/latest/meta-data/")
        assert str(err.value)
    finally:
        adapters.reset_fetcher()


def test_evidence_package_is_the_library_package():
    warc = adapters.warc_of_file(b'{"id": "1"}\n', filename="x.jsonl").data
    package = adapters.evidence_package(warc=warc, metadata={"item": {"id": 1}}, extra_files={"catatan.txt": b"ok"})
    check = verify_package(package.data)
    assert check.ok, check.problems
    assert check.metadata["format"] == PACKAGE_FORMAT and "catatan.txt" in check.files
    with pytest.raises(TypeError):  # no silent substitute when called the wrong way
        adapters.evidence_package(warc=warc, metadata={}, attachments={})


@pytest.mark.django_db
def test_import_keeps_a_verifiable_warc_of_the_file(demo_users):
    batch = _import(demo_users["provinsi.analis"], [{"id": "1", "text": HOAX, "username": "a"}])
    from pantau.evidence.models import CustodyEntry
    from pantau.evidence.store import open_blob

    assert batch.warc_id and batch.warc.content_type == "application/warc"
    assert verify_warc(open_blob(batch.warc)).ok
    assert CustodyEntry.objects.filter(blob=batch.warc, action="captured").exists()


@pytest.mark.django_db
def test_one_off_texts_create_no_group_rows_and_a_later_copy_does(demo_users):
    analyst = demo_users["provinsi.analis"]
    _import(analyst, [{"id": "1", "text": HOAX, "username": "a"},
                      {"id": "2", "text": "Cuaca cerah di Muara Bulian hari ini, warga panen sawit", "username": "b"}])
    assert NearDupGroup.objects.count() == 0
    founder = ContentItem.objects.get(external_id="1")
    assert founder.group_id is None and len(bytes(founder.signature)) == 512
    assert ContentItem.objects.get(external_id="2").signature is not None

    # another process (empty index) sees a copy in a later batch: the index is rebuilt from stored signatures
    pipeline.reset_group_index()
    _import(analyst, [{"id": "3", "text": "SEBARKAN!! " + HOAX, "username": "c"}], name="q.jsonl")
    copy = ContentItem.objects.get(external_id="3")
    founder.refresh_from_db()
    group = NearDupGroup.objects.get()
    assert founder.group_id == copy.group_id == group.pk
    assert group.item_count == 2 and group.key == founder.dedup_key and group.representative_id == founder.pk
    assert copy.signature is None  # joined a group: not a founder

    _import(analyst, [{"id": "4", "text": HOAX + " !!", "username": "d"}], name="r.jsonl")
    group.refresh_from_db()
    assert group.item_count == 3 and ContentItem.objects.filter(group=group).count() == 3


@pytest.mark.django_db
def test_failed_chunk_drops_the_in_memory_index(demo_users, monkeypatch):
    analyst = demo_users["provinsi.analis"]
    calls = {"n": 0}
    real = pipeline.bulk.insert_ignore

    def boom(table, *args, **kwargs):
        if table == pipeline.Sighting._meta.db_table:  # the last write of the chunk fails
            calls["n"] += 1
            raise RuntimeError("database went away")
        return real(table, *args, **kwargs)

    monkeypatch.setattr(pipeline.bulk, "insert_ignore", boom)
    with pytest.raises(RuntimeError):
        _import(analyst, [{"id": "1", "text": HOAX, "username": "a"}])
    assert calls["n"] == 1 and "other:id:1" not in pipeline._index  # nothing of the failed chunk remains
    assert not ContentItem.objects.exists()
    monkeypatch.setattr(pipeline.bulk, "insert_ignore", real)
    _import(analyst, [{"id": "1", "text": HOAX, "username": "a"}, {"id": "2", "text": HOAX + "!", "username": "b"}],
            name="again.jsonl")
    assert NearDupGroup.objects.get().item_count == 2
    assert ContentItem.objects.get(external_id="1").dedup_key in pipeline._index


def test_broker_sweeps_for_abandoned_messages_within_the_visibility_timeout():
    from pantau.monitoring.tasks import _restore_options

    fast = _restore_options({"visibility_timeout": 5})
    assert fast["unacked_restore_interval"] == 1 and fast["unacked_restore_throttle"] == 1
    assert fast["unacked_mutex_expire"] == 30
    assert _restore_options({"visibility_timeout": 3600})["unacked_restore_interval"] == 10
    assert _restore_options({"visibility_timeout": 60, "unacked_restore_interval": 7})["unacked_restore_interval"] == 7

    from pantau.celery import app

    assert app.conf.broker_transport_options["unacked_restore_throttle"] == 1
