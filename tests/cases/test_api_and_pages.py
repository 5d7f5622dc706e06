"""The API contract (state, ISO deadline, referrals, 409/404/403 on transitions) and the pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from pantau.cases import services
from pantau.cases.models import State

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(users, finding_factory):
    return services.open_case_from_finding(finding_factory("15.71"), users["kotajambi.penanganan"])


def test_get_case_has_state_iso_deadline_and_referrals(client_for, users, case):
    handler = users["kotajambi.penanganan"]
    services.register(case, handler)
    api = client_for("kotajambi.penanganan")
    body = api.get(f"/api/v1/cases/{case.pk}/").json()
    assert body["state"] == "diregistrasi" and body["referrals"] == []
    due = dt.datetime.fromisoformat(body["deadline"])
    assert due.tzinfo is not None and due > timezone.now()
    assert body["deadline_status"] in ("aman", "mendekati")
    services.start_review(case, handler)
    services.decide(case, handler, decision_type="pidana", reason="Ps 187A")
    services.refer(case, handler, institution="polri")
    body = api.get(f"/api/v1/cases/{case.pk}/").json()
    assert body["state"] == "diteruskan"
    (referral,) = body["referrals"]
    assert referral["institution"] == "polri" and referral["status"] == "dikirim"
    assert dt.datetime.fromisoformat(referral["deadline"]) > timezone.now()


def test_transition_endpoint_success_409_and_400(client_for, case):
    api = client_for("kotajambi.penanganan")
    url = f"/api/v1/cases/{case.pk}/transitions/"
    response = api.post(url, {"action": "decide", "reason": "terlalu cepat"}, content_type="application/json")
    assert response.status_code == 409
    assert "tidak dapat dilakukan karena kasus berstatus 'Diterima" in response.json()["detail"]
    assert response.json()["code"] == "not_allowed"
    assert "register" in response.json()["allowed_actions"]
    response = api.post(url, {"action": "register", "reason": ""}, content_type="application/json")
    assert response.status_code == 200 and response.json()["state"] == "diregistrasi"
    version = response.json()["version"]
    response = api.post(url, {"action": "extend_deadline", "reason": ""}, content_type="application/json")
    assert response.status_code == 400 and "wajib diisi" in response.json()["detail"]
    response = api.post(url, {"action": "terbang"}, content_type="application/json")
    assert response.status_code == 400
    # A stale version is a 409 conflict.
    api.post(url, {"action": "start_review", "version": version}, content_type="application/json")
    response = api.post(url, {"action": "invite_clarification", "version": version},
                        content_type="application/json")
    assert response.status_code == 409 and response.json()["code"] == "conflict"


def test_liaison_acknowledges_through_the_api(client_for, users, case):
    handler = users["kotajambi.penanganan"]
    for step in (services.register, services.start_review):
        step(case, handler)
    services.decide(case, handler, decision_type="pidana", reason="Ps 187A")
    services.refer(case, handler, institution="polri")
    referral = case.referrals.get()
    police = client_for("gakkumdu.polda")
    url = f"/api/v1/cases/{case.pk}/transitions/"
    response = police.post(url, {"action": "close_case"}, content_type="application/json")
    assert response.status_code == 403  # visible to the liaison, but closing is the handler's
    response = police.post(url, {"action": "acknowledge_referral", "referral": referral.pk},
                           content_type="application/json")
    assert response.status_code == 200
    assert response.json()["referrals"][0]["status"] == "diterima"
    listing = police.get("/api/v1/referrals/").json()["results"]
    assert [r["id"] for r in listing] == [referral.pk]


def test_list_page_filters_and_time_left_badges(client_for, users, finding_factory, time_machine):
    time_machine.move_to(dt.datetime(2024, 11, 25, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False)
    handler = users["kotajambi.penanganan"]
    soon = services.register(services.open_case_from_finding(
        finding_factory(known=dt.date(2024, 11, 24), title="Kasus segera"), handler), handler)
    fresh = services.open_case_from_finding(finding_factory(known=dt.date(2024, 11, 24), title="Kasus baru"), handler)
    time_machine.move_to(dt.datetime(2024, 11, 28, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))), tick=False)
    page = client_for("kotajambi.penanganan")
    body = page.get("/kasus/").content.decode()
    assert "Kasus segera" in body and "Kasus baru" in body
    assert 'class="badge mendekati"' in body and "11 jam" in body
    only_near = page.get("/kasus/?urgency=mendekati").content.decode()
    assert "Kasus segera" in only_near and "Kasus baru" not in only_near
    by_state = page.get("/kasus/?state=diterima").content.decode()
    assert "Kasus baru" in by_state and "Kasus segera" not in by_state
    detail = page.get(f"/kasus/{soon.pk}/").content.decode()
    assert "Mulai kajian" in detail and soon.register_number in detail and 'id="time-left"' in detail
    assert fresh.pk != soon.pk


def test_page_action_and_refusal_message(client_for, users, case):
    page = client_for("kotajambi.penanganan")
    response = page.post(f"/kasus/{case.pk}/aksi/", {"action": "register", "version": case.version})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == State.REGISTERED
    response = page.post(f"/kasus/{case.pk}/aksi/", {"action": "close_case", "version": case.version,
                                                   "reason": "ketikan saya"})
    assert response.status_code == 409
    assert "tidak dapat dilakukan" in response.content.decode()
    # A Kota Jambi analyst may look but not act.
    analyst = client_for("kotajambi.analis")
    assert analyst.get(f"/kasus/{case.pk}/").status_code == 200
    assert analyst.post(f"/kasus/{case.pk}/aksi/", {"action": "start_review"}).status_code == 403


def test_finding_pages_and_bundle(client_for, users, settings):
    settings.PANTAU_CASE_LETTERS = True
    page = client_for("kotajambi.penanganan")
    response = page.post("/temuan/baru/", {
        "region": "15.71", "title": "Kampanye di rumah ibadah", "description": "Orasi paslon di masjid.",
        "violation_type": "fasilitas", "source": "laporan_pengawasan", "known_on": timezone.localdate().isoformat(),
        "plenary_on": timezone.localdate().isoformat(), "race_office": "wali_kota",
    })
    assert response.status_code == 302
    finding_url = response["Location"]
    assert "Kampanye di rumah ibadah" in page.get(finding_url).content.decode()
    response = page.post(finding_url + "buka-kasus/")
    case_url = response["Location"]
    assert case_url.startswith("/kasus/")
    page.post(case_url + "aksi/", {"action": "register"})
    minutes = SimpleUploadedFile("berita-acara.txt", b"Berita acara klarifikasi saksi", content_type="text/plain")
    response = page.post(case_url + "aksi/", {"action": "add_document", "title": "Berita acara", "file": minutes})
    assert response.status_code == 302
    bundle = page.get(case_url + "bundel.pdf")
    assert bundle.status_code == 200 and bundle.content.startswith(b"%PDF")
    digest = hashlib.sha256(b"Berita acara klarifikasi saksi").hexdigest()
    reader = pypdf.PdfReader(io.BytesIO(bundle.content))
    text = "".join(p.extract_text() for p in reader.pages)
    assert "Kronologi" in text and digest[:32] in text.replace("\n", "")
    attached = {name: data for name, data in reader.attachments.items()}
    assert any(name.startswith(digest[:16]) for name in attached)  # the document travels inside the bundle
    assert hashlib.sha256(bundle.content).hexdigest() == bundle["X-Content-SHA256"]
    # Kerinci cannot see the finding.
    assert client_for("kerinci.penanganan").get(finding_url).status_code == 404
