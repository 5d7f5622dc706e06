import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_csv_xlsx_pdf(client_for, synthetic):
    client = client_for("provinsi.analis")
    csv = client.get("/dasbor/ekspor/tabel.csv?tabel=kabupaten")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Kode,Kabupaten/kota") and len(lines) == 12  # header + 11 kab/kota
    xlsx = client.get("/dasbor/ekspor/tabel.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    import io
    import zipfile

    sheets = zipfile.ZipFile(io.BytesIO(xlsx.content)).namelist()
    assert sum(1 for name in sheets if name.startswith("xl/worksheets/")) >= 10
    pdf = client.get("/dasbor/ekspor/rakor.pdf?from=2024-11-21&to=2024-11-27")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert len(pdf.content) > 20_000


def test_transparency_is_aggregate_only_and_cached(client, synthetic, settings):
    from django.core.cache import cache

    from pantau.monitoring.models import ContentItem

    cache.clear()
    page = client.get("/transparansi/")
    assert page.status_code == 200 and "max-age" in page["Cache-Control"]
    html = page.content.decode()
    handle = ContentItem.objects.exclude(author_handle="").values_list("author_handle", flat=True).first()
    assert handle not in html and "Laporan sintetis" not in html and "akun_" not in html
    body = client.get("/api/v1/stats/public/").json()
    assert "_areas" not in body and "akun_" not in str(body)
    assert body["counts"]["report"] > 0 and len(body["by_kabupaten"]) == 11
    # Cached: a new report does not show until the cache expires.
    ContentItem.objects.all().delete()
    assert client.get("/api/v1/stats/public/").json()["counts"] == body["counts"]


def test_incremental_refresh_picks_up_new_and_corrected_items(client_for, synthetic):
    from django.utils import timezone

    from pantau.dashboard.models import RefreshState
    from pantau.dashboard.services.refresh import refresh
    from pantau.monitoring.models import ContentItem

    api = "/api/v1/stats/summary/?region=15.72&from=2024-11-26&to=2024-11-26&jenis=sara"
    client = client_for("provinsi.analis")
    before = client.get(api).json()["counts"]["content"]
    RefreshState.objects.update(watermark=timezone.now() - dt.timedelta(minutes=1))
    moment = dt.datetime(2024, 11, 26, 10, tzinfo=timezone.get_current_timezone())
    ContentItem.objects.create(platform="tiktok", external_id="inc-1", dedup_key="tiktok:inc-1", content_hash="x" * 64,
                               published_at=moment, first_seen_at=timezone.now(), region_id="15.72.01", labels=["sara"])
    result = refresh()
    assert result.days["content"] == (dt.date(2024, 11, 26), dt.date(2024, 11, 26))  # only the touched day
    assert client.get(api).json()["counts"]["content"] == before + 1
    # An analyst's correction (reviewed now) moves the item out of the label.
    ContentItem.objects.filter(external_id="inc-1").update(corrected_labels=["hasutan"], reviewed_at=timezone.now())
    refresh()
    assert client.get(api).json()["counts"]["content"] == before
    # Idempotent: a second full rebuild yields identical aggregates.
    full = client.get("/api/v1/stats/summary/?region=15").json()
    refresh(full=True)
    refresh(full=True)
    assert client.get("/api/v1/stats/summary/?region=15").json() == full


def test_missing_app_degrades_with_a_note(client_for, synthetic, monkeypatch):
    from pantau.dashboard.services import refresh as refresh_module

    real = refresh_module._model
    monkeypatch.setattr(refresh_module, "_model", lambda label: None if label.startswith("cases.") else real(label))
    response = client_for("provinsi.analis").get("/dasbor/")
    assert response.status_code == 200
    assert "Belum tersedia di sistem ini: temuan dan kasus" in response.content.decode()
    result = refresh_module.refresh(full=True)
    assert "cases" in result.skipped and "findings" in result.skipped


def test_vulnerability_view_and_loader(client_for, synthetic, tmp_path, monkeypatch):
    from pantau.dashboard import vulnerability

    data = vulnerability.load("pilkada-2024-jambi")
    assert data.get("15.03").score == 26.05 and data.get("15.03").category == "tinggi"
    assert data.get("15.08").category_label == "Rawan rendah" and data.sources
    html = client_for("provinsi.pimpinan").get("/dasbor/kerawanan/").content.decode()
    assert "26.05" in html or "26,05" in html
    assert "tribunnews.com" in html and "Spearman" in html
    other = tmp_path / "lain.json"
    other.write_text('{"title": "Uji", "scores": [{"code": "15.01", "score": 99, "category": "tinggi"}]}')
    monkeypatch.setenv("PANTAU_VULNERABILITY_FILE", str(other))
    assert vulnerability.load("apa-saja").get("15.01").score == 99
    kerinci = client_for("kerinci.penanganan").get("/dasbor/kerawanan/").content.decode()
    assert "Sarolangun" not in kerinci and "Kerinci" in kerinci


def test_partner_view(client_for, synthetic, demo_users):
    coordinator = client_for("mitra.koordinator").get("/dasbor/mitra/")
    assert coordinator.status_code == 200
    html = coordinator.content.decode()
    own = demo_users["mitra.koordinator"].organisation.name
    assert own in html and "Pemuda Peduli Demokrasi Kerinci" not in html
    assert client_for("mitra.pemantau").get("/dasbor/mitra/").status_code == 403
    assert client_for("provinsi.analis").get("/dasbor/mitra/?from=2024-12-01&to=2024-01-01").status_code == 400
