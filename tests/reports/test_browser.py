"""Playwright on Debian's /usr/bin/chromium, phone-sized: fill /lapor/ with a photo, get a tracking code, open the
status page; the stored public copy of the photo has no GPS EXIF while the original keeps it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from pantau.evidence.store import open_blob
from pantau.reports import images
from pantau.reports.models import Report

from .conftest import DESA_KOTA, jpeg_bytes

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed"),
]


@pytest.fixture
def phone(monkeypatch, tmp_path):
    from django.conf import settings
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the Django ORM calls of the test are still sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # The live server's request threads close their database connections after each request, so PostgreSQL can
    # drop the test database at the end.
    for alias in connections:
        monkeypatch.setitem(settings.DATABASES[alias], "CONN_MAX_AGE", 0)
        monkeypatch.setitem(connections[alias].settings_dict, "CONN_MAX_AGE", 0)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                      has_touch=True, locale="id-ID")
        page = context.new_page()
        page.set_default_timeout(20_000)
        yield page
        context.close()
        browser.close()


@pytest.mark.django_db(transaction=True)
def test_phone_reporter_submits_with_photo_and_tracks(transactional_db, live_server, jambi, phone, tmp_path):
    photo = tmp_path / "IMG_20241118_0815.jpg"
    photo.write_bytes(jpeg_bytes(gps=True, size=(1200, 900)))
    assert images.has_gps(photo.read_bytes())

    page = phone
    page.goto(f"{live_server.url}/lapor/")
    assert page.locator("text=laporan atau informasi awal?").is_visible()
    assert page.locator("text=paling lama 7 hari").is_visible()
    page.check("input[name=kind][value=laporan]")
    page.fill("#id_event_date", "2024-11-18")
    page.select_option("#id_kabupaten", "15.71")
    page.wait_for_selector("#id_kecamatan option[value='15.71.01']", state="attached")
    page.select_option("#id_kecamatan", "15.71.01")
    page.wait_for_selector(f"#id_desa option[value='{DESA_KOTA}']", state="attached")
    page.select_option("#id_desa", DESA_KOTA)
    page.fill("#id_place_detail", "Depan TPS 05")
    page.select_option("#id_category_hint", "politik_uang")
    page.fill("#id_description", "Tim sukses paslon wali kota nomor 2 membagikan amplop berisi Rp50.000 kepada "
                                 "warga di depan TPS 05 dengan ajakan memilih nomor 2.")
    page.fill("#id_reported_name", "Budi Santoso")
    page.fill("#id_reported_role", "tim sukses paslon 2")
    page.set_input_files("#id_files", str(photo))
    page.select_option("#id_reporter_type", "pemilih")
    page.fill("#id_reporter_name", "Andi Pratama")
    page.fill("#id_reporter_nik", "1571010101900001")
    page.fill("#id_reporter_address", "Jl. Kapten Pattimura No. 3")
    page.fill("#id_reporter_phone", "081234567890")
    page.fill("#id_reporter_email", "andi@contoh.id")
    page.check("#id_declaration")
    page.screenshot(path=str(tmp_path / "form.png"), full_page=True)
    page.click("#submit-btn")

    page.wait_for_url(re.compile(r".*/lapor/lacak/PTU-[A-Z0-9]{10}/\?baru=1$"))
    code = page.inner_text("#tracking-code").strip()
    assert re.fullmatch(r"PTU-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{10}", code)
    if os.environ.get("PANTAU_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PANTAU_SCREENSHOTS"], "reports-submitted.png"), full_page=True)

    # The reporter comes back later with the code.
    page.goto(f"{live_server.url}/lapor/lacak/")
    page.fill("#id_code", code.lower())
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/lapor/lacak/{code}/")
    assert page.inner_text("#status-label").strip() == "Diterima"
    assert "Andi" not in page.content() and "1571010101900001" not in page.content()

    report = Report.objects.get(tracking_code=code)
    attachment = report.attachments.get()
    original, public = open_blob(attachment.original), open_blob(attachment.public_copy)
    assert original == photo.read_bytes() and images.has_gps(original)
    assert not images.has_gps(public)
    assert report.region_id == DESA_KOTA and report.office_region_id == "15.71"
