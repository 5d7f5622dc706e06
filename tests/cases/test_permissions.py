"""Jurisdiction and role: a Kerinci handler cannot act on a Kota Jambi case by any route; liaisons see only
what was referred to their institution; refusals are audited."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from pantau.audit.models import AuditEntry
from pantau.cases import services
from pantau.cases.models import Case, State

pytestmark = pytest.mark.django_db


def _matrix():
    path = Path(__file__).with_name("matrix.py")
    spec = importlib.util.spec_from_file_location("cases_matrix", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def kota_case(users, finding_factory):
    case = services.open_case_from_finding(finding_factory("15.71"), users["kotajambi.penanganan"])
    return services.register(case, users["kotajambi.penanganan"])


def test_kerinci_handler_refused_by_services_pages_and_api(users, kota_case):
    kerinci = users["kerinci.penanganan"]
    before = AuditEntry.objects.filter(action="cases.refused").count()
    with pytest.raises(services.OutOfJurisdiction):
        services.start_review(kota_case, kerinci)
    with pytest.raises(services.OutOfJurisdiction):
        services.check_out(kota_case, kerinci)
    with pytest.raises(services.OutOfJurisdiction):
        services.hand_over(kota_case, kerinci, to_office="15.01", reason="ambil alih")
    client = _client(kerinci)
    assert client.get(f"/kasus/{kota_case.pk}/").status_code == 404
    assert client.post(f"/kasus/{kota_case.pk}/aksi/", {"action": "start_review"}).status_code == 404
    assert client.get(f"/kasus/{kota_case.pk}/bundel.pdf").status_code == 404
    response = client.post(f"/api/v1/cases/{kota_case.pk}/transitions/", {"action": "start_review"},
                           content_type="application/json")
    assert response.status_code == 404
    assert client.get(f"/api/v1/cases/{kota_case.pk}/").status_code == 404
    listing = client.get("/kasus/").content.decode()
    assert kota_case.title not in listing
    assert kota_case.pk not in [c["id"] for c in client.get("/api/v1/cases/").json()["results"]]
    kota_case.refresh_from_db()
    assert kota_case.state == State.REGISTERED and kota_case.version == 2
    refusals = AuditEntry.objects.filter(action="cases.refused", object_pk=str(kota_case.pk))
    assert refusals.count() - before >= 3
    assert {r.actor_id for r in refusals} == {kerinci.pk}


def test_wrong_role_is_403_and_audited(users, kota_case):
    analyst = users["kotajambi.analis"]
    with pytest.raises(services.WrongRole):
        services.start_review(kota_case, analyst)
    response = _client(analyst).post(f"/api/v1/cases/{kota_case.pk}/transitions/",
                                     {"action": "start_review", "reason": ""}, content_type="application/json")
    assert response.status_code == 403
    assert "tidak dapat" in response.json()["detail"]
    assert AuditEntry.objects.filter(action="cases.refused", actor=analyst, object_pk=str(kota_case.pk)).count() == 2


def test_province_handler_may_act_in_kota_jambi_but_kota_cannot_act_on_governor_case(users, election,
                                                                                      report_factory):
    # A governor-race report from Kota Jambi is handled by the province (Race GOVERNOR → office "15").
    case = services.open_case_from_report(report_factory("15.71.01"), users["kotajambi.penanganan"],
                                          race_office="gubernur")
    assert case.office_region_id == "15"
    kota = users["kotajambi.penanganan"]
    # Visible to Kota Jambi (the place is theirs) but not theirs to handle: 403, not 404.
    assert _client(kota).get(f"/kasus/{case.pk}/").status_code == 200
    with pytest.raises(services.WrongRole):
        services.register(case, kota)
    assert services.register(case, users["provinsi.penanganan"]).state == State.REGISTERED
    # Kerinci sees nothing of it.
    assert _client(users["kerinci.penanganan"]).get(f"/kasus/{case.pk}/").status_code == 404


def test_liaison_sees_only_referrals_to_its_institution(users, kota_case):
    handler = users["kotajambi.penanganan"]
    police = users["gakkumdu.polda"]
    client = _client(police)
    assert client.get(f"/kasus/{kota_case.pk}/").status_code == 404
    services.start_review(kota_case, handler)
    services.decide(kota_case, handler, decision_type="pidana", reason="Ps 187A")
    services.refer(kota_case, handler, institution="kpu", reason="aspek administrasi")
    assert client.get(f"/kasus/{kota_case.pk}/").status_code == 404
    kpu_referral = kota_case.referrals.get(institution="kpu")
    with pytest.raises(services.OutOfJurisdiction):
        services.acknowledge_referral(kpu_referral, police)
    services.refer(kota_case, handler, institution="polri", reason="pidana")
    page = client.get(f"/kasus/{kota_case.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Gakkumdu – Kepolisian" in body and "aspek administrasi" not in body
    api = client.get(f"/api/v1/cases/{kota_case.pk}/").json()
    assert [r["institution"] for r in api["referrals"]] == ["polri"]
    # A liaison cannot take handler actions on a case it sees (403), nor act on another institution's referral.
    with pytest.raises(services.WrongRole):
        services.close_case(kota_case, police)
    listing = client.get("/kasus/").content.decode()
    assert kota_case.register_number in listing


def test_every_cases_route_refuses_outsiders(users):
    """The cases part of the permission matrix: each object route, as each outsider, every method."""
    from pantau.accounts.models import Role, User

    User.objects.get_or_create(username="gakkumdu.kpu", defaults={"role": Role.LIAISON, "institution": "polri"})
    factories = _matrix().FACTORIES
    urls = []
    for name, factory in factories.items():
        obj = factory("15.71", f"M-{name}")
        key = "sha256" if name == "cases:evidence" else "pk"
        urls.append((name, reverse(name, kwargs={key: obj.pk})))
    outsiders = ["kerinci.penanganan", "panwascam.telanaipura", "mitra.koordinator", "mitra.pemantau",
                 "gakkumdu.polda"]
    problems = []
    for username in outsiders + [None]:
        client = _client(users[username]) if username else Client()
        for _name, url in urls:
            for method in ("get", "post", "put", "patch", "delete"):
                response = getattr(client, method)(url) if method == "get" else getattr(client, method)(
                    url, {}, content_type="application/json")
                refused = response.status_code in {401, 403, 404, 405} or (
                    response.status_code == 302 and "/accounts/login/" in response["Location"])
                if not refused:
                    problems.append(f"{username} {method} {url} → {response.status_code}")
    assert not problems, problems
    assert Case.objects.filter(state=State.RECEIVED).exists()
