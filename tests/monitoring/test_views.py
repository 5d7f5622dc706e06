from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from pantau.evidence.models import CustodyEntry
from pantau.monitoring import services
from pantau.monitoring.models import ContentItem, LabelFeedback, TakedownRequest
from pantau.monitoring.tasks import extract_import_batch

from .conftest import jsonl
from .matrix import _item

ROWS = [
    {"id": "a1", "text": "Ada amplop 50rb buat yang coblos nomor 1 di kota jambi", "username": "tim_sukses",
     "url": "https://x.com/tim_sukses/status/111", "created_at": "2024-11-25T20:00:00+07:00"},
    {"id": "a2", "text": "Cuaca cerah hari ini", "username": "warga"},
]


@pytest.fixture
def imported(demo_users):
    batch = services.submit_import(demo_users["provinsi.analis"], data=jsonl(ROWS), filename="p.jsonl",
                                   fmt="jsonl", region_code="15", enqueue=False)
    extract_import_batch.delay(batch.pk)
    return ContentItem.objects.get(external_id="a1")


@pytest.mark.django_db
def test_queue_shows_flagged_items_with_marked_evidence(client_for, imported):
    page = client_for("provinsi.analis").get("/pengawasan/")
    body = page.content.decode()
    assert page.status_code == 200
    assert '<mark title="politik_uang">amplop</mark>' in body
    assert "Cuaca cerah" not in body  # not flagged
    assert "keparahan" in body  # priority parts shown


@pytest.mark.django_db
def test_queue_filters(client_for, imported):
    c = client_for("provinsi.analis")
    assert "amplop" in c.get("/pengawasan/?label=politik_uang").content.decode()
    assert "amplop" not in c.get("/pengawasan/?label=sara").content.decode()
    assert "amplop" not in c.get("/pengawasan/?platform=tiktok").content.decode()
    assert "amplop" in c.get("/pengawasan/?region=15.71").content.decode()


@pytest.mark.django_db
def test_other_jurisdiction_gets_404_and_partner_403(client_for, demo_users):
    kerinci_item = _item("15.01")
    assert client_for("kotajambi.analis").get(f"/pengawasan/butir/{kerinci_item.pk}/").status_code == 404
    assert client_for("provinsi.analis").get(f"/pengawasan/butir/{kerinci_item.pk}/").status_code == 200
    assert client_for("mitra.pemantau").get("/pengawasan/").status_code == 403


@pytest.mark.django_db
def test_handler_sees_but_cannot_dismiss(client_for, imported):
    c = client_for("provinsi.penanganan")
    assert c.get(f"/pengawasan/butir/{imported.pk}/").status_code == 200
    response = c.post(f"/pengawasan/butir/{imported.pk}/abaikan/", {"reason": "x"})
    assert response.status_code == 403


@pytest.mark.django_db
def test_dismiss_needs_reason_and_is_audited(client_for, imported):
    from pantau.audit.models import AuditEntry

    c = client_for("provinsi.analis")
    c.post(f"/pengawasan/butir/{imported.pk}/abaikan/", {"reason": ""})
    imported.refresh_from_db()
    assert imported.status == ContentItem.Status.FLAGGED
    c.post(f"/pengawasan/butir/{imported.pk}/abaikan/", {"reason": "berita sosialisasi, bukan pelanggaran"})
    imported.refresh_from_db()
    assert imported.status == ContentItem.Status.DISMISSED
    assert AuditEntry.objects.filter(action="monitoring.item.dismiss", object_pk=str(imported.pk)).exists()


@pytest.mark.django_db
def test_corrected_labels_become_training_jsonl(client_for, imported):
    c = client_for("provinsi.analis")
    c.post(f"/pengawasan/butir/{imported.pk}/label/", {"labels": ["politik_uang", "netralitas"]})
    imported.refresh_from_db()
    assert imported.corrected_labels == ["netralitas", "politik_uang"]
    assert LabelFeedback.objects.get(item=imported).verdict == "corrected"
    lines = c.get("/pengawasan/umpan-balik.jsonl").content.decode().splitlines()
    row = json.loads(lines[0])
    assert row["text"] == imported.text
    assert row["labels"]["netralitas"] == 1 and row["labels"]["sara"] == 0


@pytest.mark.django_db
def test_evidence_package_verifies_and_logs_custody(client_for, imported):
    import hashlib

    from pantau.ingest.package import verify_package

    before = CustodyEntry.objects.filter(action="exported").count()
    response = client_for("provinsi.analis").get(f"/pengawasan/butir/{imported.pk}/bukti/")
    assert response.status_code == 200
    check = verify_package(response.content)
    assert check.ok, check.problems
    zf = zipfile.ZipFile(io.BytesIO(response.content))
    meta = json.loads(zf.read("metadata.json"))
    assert meta["item"]["content_hash"] == imported.content_hash
    # the WARC in the package is the one stored when the export was uploaded
    assert meta["warc_sha256"] == imported.batch.warc_id == meta["evidence_blob"]["sha256"]
    exported = CustodyEntry.objects.filter(action="exported").order_by("-seq")
    assert exported.count() == before + 1
    assert hashlib.sha256(response.content).hexdigest() in exported.first().note


@pytest.mark.django_db
def test_takedown_letter_and_recheck(client_for, imported, monkeypatch):
    from pantau.monitoring import adapters

    c = client_for("provinsi.analis")
    response = c.post(reverse("monitoring:takedown_new"), {"item": [imported.pk], "addressee": "komdigi",
                                                           "reason": "Politik uang pada masa tenang"})
    takedown = TakedownRequest.objects.get()
    assert response.status_code == 302
    pdf = c.get(reverse("monitoring:takedown_letter", args=[takedown.pk]))
    assert pdf.content.startswith(b"%PDF")

    class Gone:
        status = 404

    def gone(url, **kwargs):
        return Gone()

    monkeypatch.setattr(adapters, "fetch_url", gone)
    c.post(reverse("monitoring:takedown_sent", args=[takedown.pk]))
    c.post(reverse("monitoring:takedown_recheck", args=[takedown.pk]))
    takedown.refresh_from_db()
    assert takedown.sent_at is not None
    assert takedown.still_online == 0 and takedown.recheck_results[-1]["online"] is False


@pytest.mark.django_db
def test_upload_page_and_progress_fragment(client_for, demo_users, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_for("kotajambi.analis")
    upload = SimpleUploadedFile("posts.jsonl", jsonl(ROWS))
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post(reverse("monitoring:import"), {"file": upload, "format": "jsonl", "region": "15.71"})
    assert response.status_code == 302
    fragment = c.get(response["Location"] + "progres/").content.decode()
    assert "Selesai" in fragment or "selesai" in fragment
    assert ContentItem.objects.filter(region__code__startswith="15.71").count() == 2


@pytest.mark.django_db
def test_api_scoped_and_upload(client_for, demo_users, imported, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    kerinci = _item("15.01")
    c = client_for("kotajambi.analis")
    ids = {row["id"] for row in c.get("/api/v1/monitoring/items/").json()["results"]}
    assert imported.pk in ids and kerinci.pk not in ids
    assert c.get(f"/api/v1/monitoring/items/{kerinci.pk}/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = c.post("/api/v1/monitoring/imports/", {"file": SimpleUploadedFile("x.jsonl", jsonl(ROWS[1:])),
                                                          "format": "jsonl"})
    assert response.status_code == 201, response.content
    assert response.json()["region"] == "15.71"


@pytest.mark.django_db
def test_promote_to_finding_through_cases_service(client_for, imported):
    pytest.importorskip("pantau.cases.services")
    from importlib.resources import files

    from pantau.cases.models import Finding
    from pantau.elections.loading import load_election

    load_election(files("pantau.elections").joinpath("data", "pilkada-2024-jambi.json"))  # findings need an election

    c = client_for("provinsi.analis")
    c.post(reverse("monitoring:item_promote", args=[imported.pk]), {"title": "Politik uang di Kota Jambi"})
    imported.refresh_from_db()
    finding = Finding.objects.get(origin_ref=f"monitoring.ContentItem:{imported.pk}")
    assert imported.status == ContentItem.Status.PROMOTED and imported.finding_ref == str(finding.pk)
    assert "amplop" in finding.description


@pytest.mark.django_db
def test_merging_into_a_group_moves_it_for_the_dashboard_refresh(demo_users, imported):
    from datetime import timedelta

    from django.utils import timezone

    from pantau.monitoring.models import NearDupGroup

    long_ago = timezone.now() - timedelta(days=30)
    group = NearDupGroup.objects.create(key="manual", first_seen_at=long_ago, last_seen_at=long_ago, item_count=1,
                                        region_id="15", content_hash="x" * 64)
    moved = services.merge_into_group(demo_users["provinsi.analis"], [imported], group)
    group.refresh_from_db()
    assert moved == 1 and group.item_count == 2
    assert group.last_seen_at > long_ago + timedelta(days=29)  # the incremental refresh recounts changed groups
    assert ContentItem.objects.get(pk=imported.pk).group_id == group.pk


@pytest.mark.django_db
def test_queue_label_filter_shows_names_not_keys(client_for):
    body = client_for("provinsi.analis").get("/pengawasan/").content.decode()
    assert '<option value="masa_tenang">Kampanye di masa tenang</option>' in body
    assert ">masa_tenang<" not in body and ">politik_uang<" not in body
