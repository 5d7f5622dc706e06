"""`pantau import` without a broker: forked classify processes work ahead while the main process persists.

The overlapped run must store exactly what the one-process run stores, and survive a classify process that
dies in the middle of the import."""

from __future__ import annotations

import json
import os
import random
import signal

import pytest
from django.core.management import call_command

from pantau.monitoring import pipeline
from pantau.monitoring.models import ContentItem, ImportBatch, ImportChunk, NearDupGroup, Sighting

from .conftest import jsonl

HOAXES = ["Besok subuh ada amplop {k}0rb per kepala di posko {p}, bawa KTP",
          "Beredar kabar paslon nomor {k} memakai ijazah palsu, sebarkan sebelum dihapus {p}",
          "Warga {p} siap serbu kantor KPU kalau hasil tidak sesuai, bakar saja"]
WORDS = "pagi warga kampung ramai harga cabai naik jalan rusak debat calon seru pasar banjir kopi sore".split()


def _rows(n: int) -> list[dict]:
    rng = random.Random(3)
    rows = []
    for i in range(n):
        if i % 4 == 0:
            text = rng.choice(HOAXES).format(k=rng.randint(1, 3), p=rng.choice(["Kerinci", "Kota Jambi", "Tebo"]))
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(12)) + f" {i}"
        rows.append({"id": f"p{i}", "text": text, "username": f"akun{i % 50}", "likes": i % 30})
    return rows


def _snapshot() -> dict:
    items = {i.dedup_key: (i.labels, i.status, round(i.priority, 6), i.region_id,
                           i.group.key if i.group_id else None)
             for i in ContentItem.objects.select_related("group")}
    groups = sorted(NearDupGroup.objects.values_list("key", "item_count"))
    return {"items": items, "groups": groups, "sightings": Sighting.objects.count()}


def _import(tmp_path, rows, processes: int, capsys) -> dict:
    path = tmp_path / f"ekspor-{processes}.jsonl"
    path.write_bytes(jsonl(rows))
    call_command("import", "jsonl", str(path), "--json", "--no-progress", "--processes", str(processes))
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def _clear():
    Sighting.objects.all().delete()
    ContentItem.objects.all().delete()
    NearDupGroup.objects.all().delete()
    ImportChunk.objects.all().delete()
    ImportBatch.objects.all().delete()
    pipeline.reset_group_index()


@pytest.mark.django_db(transaction=True)
def test_overlapped_import_stores_what_one_process_stores(tmp_path, capsys, jambi_regions):
    rows = _rows(2600)  # three chunks of 1000
    one = _import(tmp_path, rows, 0, capsys)
    expected = _snapshot()
    _clear()
    overlapped = _import(tmp_path, rows, 1, capsys)
    assert overlapped == {**one, "batch": overlapped["batch"]}
    assert overlapped["imported"] == 2600 and overlapped["errors"] == 0
    assert _snapshot() == expected
    assert max(count for _, count in expected["groups"]) > 50  # the hoax copies were grouped
    assert ImportBatch.objects.get(pk=overlapped["batch"]).status == ImportBatch.Status.DONE


_real_classify_in_child = pipeline._classify_in_child


def _dies_on_second_chunk(records):  # module level: the pool pickles it by name
    if any(r["external_id"] == "p1000" for r in records):
        os.kill(os.getpid(), signal.SIGKILL)
    return _real_classify_in_child(records)


@pytest.mark.django_db(transaction=True)
def test_a_classify_process_killed_mid_import_loses_nothing(tmp_path, capsys, jambi_regions, monkeypatch):
    monkeypatch.setattr(pipeline, "_classify_in_child", _dies_on_second_chunk)
    rows = _rows(3500)
    summary = _import(tmp_path, rows, 1, capsys)
    assert summary["imported"] == 3500
    assert ContentItem.objects.count() == 3500
    assert set(ContentItem.objects.values_list("external_id", flat=True)) == {r["id"] for r in rows}
    assert Sighting.objects.count() == 3500
    assert ImportChunk.objects.count() == 4
