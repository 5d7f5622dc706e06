"""The dashboard in a real browser (Playwright + Debian's chromium): maps, text alternatives, phone width."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
KABKOTA = Path(os.environ.get("PANTAU_SHARED_DIR", Path(__file__).resolve().parents[3] / "shared")) / "geo" / \
    "jambi_kabkota.geojson"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="/usr/bin/chromium tidak terpasang"),
]


@pytest.fixture
def browser(monkeypatch):
    # Playwright's sync API keeps an event loop in this thread; the ORM calls in the test stay synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield instance
        instance.close()


def _page(browser, live_server, user, width, height):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                          "url": live_server.url}])
    return context.new_page()


def _check_text_alternatives(page):
    charts = page.locator("svg[role=img]")
    assert charts.count() >= 8
    for i in range(charts.count()):
        chart = charts.nth(i)
        labelled = chart.get_attribute("aria-labelledby").split()
        for ident in labelled:
            assert page.locator(f"#{ident}").text_content().strip()
        assert chart.get_attribute("aria-label")
    # Every chart card offers its data as a table.
    assert page.locator("details.data-table").count() >= 8


def test_points_without_boundaries_desktop_and_phone(browser, live_server, synthetic, demo_users, tmp_path):
    from pantau.regions.models import Region

    Region.objects.update(boundary=None)
    page = _page(browser, live_server, demo_users["provinsi.pimpinan"], 1366, 900)
    page.goto(live_server.url + "/dasbor/")
    kab_map = page.locator("svg.map-points").first
    assert kab_map.locator("circle.area").count() == 11
    assert kab_map.locator("path.area").count() == 0
    _check_text_alternatives(page)
    page.screenshot(path=str(tmp_path / "dasbor-desktop.png"), full_page=True)
    assert (tmp_path / "dasbor-desktop.png").stat().st_size > 20_000

    phone = _page(browser, live_server, demo_users["provinsi.pimpinan"], 390, 844)
    phone.goto(live_server.url + "/dasbor/")
    overflow = phone.evaluate("document.documentElement.scrollWidth")
    assert overflow <= 392, f"halaman melebar {overflow}px di layar 390px"
    phone.screenshot(path=str(tmp_path / "dasbor-phone.png"), full_page=True)
    assert phone.locator("svg.map-points circle.area").count() >= 11


@pytest.mark.skipif(not KABKOTA.exists(), reason=f"{KABKOTA} tidak ada")
def test_polygons_with_boundaries(browser, live_server, synthetic, demo_users, tmp_path):
    from pantau.regions.loading import load_boundaries

    assert load_boundaries(str(KABKOTA)) == 11
    page = _page(browser, live_server, demo_users["provinsi.pimpinan"], 1366, 900)
    page.goto(live_server.url + "/dasbor/")
    kab_map = page.locator("svg.map-polygons").first
    assert kab_map.locator("path.area").count() == 11
    codes = {kab_map.locator("path.area").nth(i).get_attribute("data-code") for i in range(11)}
    assert codes == {"15.01", "15.02", "15.03", "15.04", "15.05", "15.06", "15.07", "15.08", "15.09", "15.71", "15.72"}
    # Each region says its name and figure to assistive technology.
    assert "Kota Jambi:" in kab_map.locator("path.area[data-code='15.71'] title").text_content()
    _check_text_alternatives(page)
    page.screenshot(path=str(tmp_path / "dasbor-peta.png"), full_page=True)

    # A kab/kota office sees its own area only.
    office = _page(browser, live_server, demo_users["kerinci.penanganan"], 390, 844)
    office.goto(live_server.url + "/dasbor/")
    assert "Kerinci" in office.locator("h1").inner_text()
    assert office.locator("text=Kota Jambi").count() == 0
