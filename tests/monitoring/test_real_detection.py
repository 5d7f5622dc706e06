"""The monitoring pipeline on the real detection engine (`pantau.detection.analyse_many`), not the stand-in
analyser of conftest.py: labels, scores, evidence offsets, regions, the quiet-period flag, and the training
feedback read back by the detection trainer."""

from __future__ import annotations

import json

import pytest

from pantau.elections.registry import detection_registry
from pantau.monitoring import adapters, pipeline, services
from pantau.monitoring.models import ContentItem
from pantau.monitoring.tasks import extract_import_batch

from .conftest import jsonl

detection = pytest.importorskip("pantau.detection")

ROWS = [
    {"id": "d1", "username": "warga1", "created_at": "2024-11-20T08:00:00+07:00", "shares": 30,
     "text": "Besok pagi ada amplop 50rb per KK di Kerinci, syaratnya pilih nomor 2"},
    {"id": "d2", "username": "warga2", "created_at": "2024-11-25T10:00:00+07:00",
     "text": "Ayo coblos paslon nomor 2 besok, pilih yang terbaik untuk Jambi!"},
    {"id": "d3", "username": "warga3", "created_at": "2024-11-20T09:00:00+07:00",
     "text": "Harga cabai di pasar Angso Duo naik lagi pagi ini"},
]


@pytest.fixture
def real_engine():
    adapters.set_analyser(None)
    yield
    adapters.set_analyser(None)


@pytest.fixture
def election(db):
    from importlib.resources import files

    from pantau.elections.loading import load_election

    return load_election(files("pantau.elections").joinpath("data", "pilkada-2024-jambi.json"))


def _import(user, rows):
    batch = services.submit_import(user, data=jsonl(rows), filename="d.jsonl", fmt="jsonl", region_code="15",
                                   enqueue=False)
    extract_import_batch.delay(batch.pk)


@pytest.mark.django_db
def test_engine_output_is_stored_as_the_engine_gives_it(real_engine, election, demo_users):
    _import(demo_users["provinsi.analis"], ROWS)
    items = {i.external_id: i for i in ContentItem.objects.all()}

    money = items["d1"]
    # the pipeline passes the active election's candidates (pantau.elections.registry) in the context
    expected = detection.analyse(money.text, {"registry": detection_registry()})
    assert money.labels == expected.labels == ["politik_uang"]
    assert money.scores == {k: round(v, 4) for k, v in expected.scores.items()}
    assert money.status == ContentItem.Status.FLAGGED and money.priority > 0
    assert money.priority_parts["label"] == "politik_uang" and money.priority_parts["severity"] == 1.0
    for span in money.evidence:  # offsets into the stored (original) text
        assert money.text[span["start"]:span["end"]] == span["text"]
    assert {e["id"] for e in money.entities["items"] if e["kind"] == "region"} >= {"15.01"}
    assert money.region_id == "15.01" and money.region_attributed_by == "text"
    assert money.entities["money"][0]["value"] == 50000

    # campaign content posted in the election's masa tenang (24–26 Nov 2024): the engine's flag
    quiet = items["d2"]
    assert "masa_tenang" in quiet.labels and quiet.entities["flags"] == ["masa_tenang"]
    assert quiet.status == ContentItem.Status.FLAGGED
    assert quiet.priority_parts["severity"] == pytest.approx(0.5 * 1.25)

    plain = items["d3"]
    assert plain.labels == [] and plain.status == ContentItem.Status.NEW and plain.priority == 0


@pytest.mark.django_db
def test_chunk_is_classified_in_one_engine_call(real_engine, demo_users, monkeypatch):
    calls = []
    real = detection.analyse_many

    def counting(texts, contexts=None):
        calls.append(len(texts))
        return real(texts, contexts)

    monkeypatch.setattr(detection, "analyse_many", counting)
    records = [pipeline.raw_to_record(r | {"platform": "other"}, i) for i, r in enumerate(ROWS * 20, 1)]
    pipeline.classify_records(records)
    assert calls == [60]


@pytest.mark.django_db
def test_feedback_export_is_read_by_the_detection_trainer(real_engine, demo_users, client_for, tmp_path):
    from pantau.detection.taxonomy import LABELS
    from pantau.detection.training import load_feedback

    _import(demo_users["provinsi.analis"], ROWS + [{"id": "d4", "username": "x", "text": "", "title": ""}])
    analyst = demo_users["provinsi.analis"]
    items = {i.external_id: i for i in ContentItem.objects.all()}
    services.review_labels(analyst, items["d1"], ["politik_uang"])
    services.review_labels(analyst, items["d2"], ["netralitas", "masa_tenang"])
    services.dismiss(analyst, items["d3"], "bukan pelanggaran")
    body = client_for("provinsi.analis").get("/pengawasan/umpan-balik.jsonl").content.decode()
    path = tmp_path / "feedback.jsonl"
    path.write_text(body, encoding="utf-8")
    rows = load_feedback(path)
    assert len(rows) == 3
    by_text = {r["text"]: r["labels"] for r in rows}
    assert by_text[items["d1"].text]["politik_uang"] == 1 and set(by_text[items["d1"].text]) == set(LABELS)
    assert by_text[items["d2"].text]["netralitas"] == 1  # masa_tenang is a flag, not a trainable label
    assert sum(by_text[items["d3"].text].values()) == 0
    assert all(json.loads(line)["source"] == "pantau_analyst" for line in body.splitlines())
