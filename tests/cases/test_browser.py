"""Playwright on Debian's chromium: one public report all the way to a referral outcome.

The report comes in through the reports service (as the /lapor/ form stores it); the Kota Jambi handler opens,
registers, reviews, decides "election crime" and refers it to the police; the Gakkumdu liaison acknowledges and
posts the outcome; the handler closes the case; the reporter's tracking page shows it finished.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from pantau.cases.models import Case, State

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium (/usr/bin/chromium) is not installed"),
]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the sync API runs an event loop in this thread
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _page_as(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(locale="id-ID")
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.set_default_timeout(20_000)
    return page


def _act(page, action, fill=None, select=None):
    box = page.locator(f'details[data-action="{action}"]').first
    box.locator("summary").click()
    for name, value in (select or {}).items():
        box.locator(f'select[name="{name}"]').select_option(value)
    for name, value in (fill or {}).items():
        box.locator(f'[name="{name}"]').fill(value)
    box.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator(".msg.success").count() == 1, page.locator(".msg").all_inner_texts()


@pytest.mark.django_db(transaction=True)
def test_public_report_to_referral_outcome(live_server, users, report_factory, browser, settings):
    settings.PANTAU_CASE_LETTERS = True
    report = report_factory("15.71.01")
    handler = _page_as(browser, live_server, users["kotajambi.penanganan"])

    handler.goto(f"{live_server.url}/kasus/baru/")
    handler.fill("#id_tracking_code", report.tracking_code)
    handler.locator("form.card button[type=submit]").click()
    handler.wait_for_selector("#case-state")
    case_url = handler.url
    assert handler.inner_text("#case-state") == "Diterima (pemeriksaan syarat formil/materiil)"

    _act(handler, "register")
    register_number = handler.inner_text("#register-number")
    assert register_number.startswith("001/Reg/LP/PB/Kota/05.71/")
    assert "Kajian dan putusan status" in handler.inner_text("#time-left")
    _act(handler, "start_review")
    _act(handler, "decide", select={"decision_type": "pidana"},
         fill={"articles": "UU 10/2016 Ps 187A", "reason": "Pemberian uang kepada pemilih terbukti; Gakkumdu sepakat."})
    assert "Penerusan ke Kepolisian" in handler.inner_text("#time-left")
    _act(handler, "refer", select={"institution": "polri"}, fill={"reason": "Diteruskan kepada penyidik"})
    assert handler.inner_text("#case-state") == "Diteruskan"

    police = _page_as(browser, live_server, users["gakkumdu.polda"])
    police.goto(f"{live_server.url}/kasus/")
    police.click(f"text={register_number}")
    police.wait_for_selector("#case-state")
    assert police.url == case_url
    _act(police, "acknowledge_referral", fill={"reason": "Diterima piket Gakkumdu"})
    assert police.inner_text(".referral .referral-status") == "Diterima instansi"
    _act(police, "record_referral_outcome", fill={"reason": "Berkas P-21, dilimpahkan ke penuntut umum"})
    assert police.inner_text(".referral .referral-status") == "Hasil tindak lanjut diterima"
    assert police.locator('details[data-action="close_case"]').count() == 0  # not the liaison's to close

    handler.goto(case_url)
    _act(handler, "close_case", fill={"reason": "Penerusan telah ada hasil"})
    assert handler.inner_text("#case-state") == "Selesai"
    steps = handler.locator("#timeline strong[data-action]").evaluate_all("els => els.map(e => e.dataset.action)")
    assert steps == ["open_case_from_report", "register", "start_review", "decide", "refer", "acknowledge_referral",
                     "record_referral_outcome", "close_case"]
    assert "Konfirmasi penerimaan penerusan" in handler.inner_text("#timeline")

    case = Case.objects.get(register_number=register_number)
    assert case.state == State.CLOSED and case.referrals.get().outcome.startswith("Berkas P-21")
    tracking = Client().get(f"/lapor/lacak/{report.tracking_code}/")
    assert tracking.status_code == 200 and "Selesai" in tracking.content.decode()
