import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from pantau.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "pantau-demo"


def test_every_demo_user_logs_in_and_lands_on_their_home(demo_users):
    landing = {"provinsi.analis": "/dasbor/", "kerinci.penanganan": "/dasbor/", "mitra.pemantau": "/mitra/", "gakkumdu.polda": "/kasus/"}
    for username, expected in landing.items():
        client = Client()
        response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert response.status_code == 302, username
        assert client.get("/").get("Location") == expected
    assert AuditEntry.objects.filter(action="login").count() == len(landing)


def test_wrong_password_is_refused_then_throttled(demo_users):
    client = Client()
    for _ in range(4):
        response = client.post("/accounts/login/", {"username": "kerinci.penanganan", "password": "salah"})
        assert response.status_code == 200 and b"Masuk ke Pantau" in response.content
    fifth = client.post("/accounts/login/", {"username": "kerinci.penanganan", "password": "salah"})
    assert fifth.status_code == 429
    # now even the right password is refused until the cool-off ends
    locked = client.post("/accounts/login/", {"username": "kerinci.penanganan", "password": PASSWORD})
    assert locked.status_code == 429
    assert "dikunci sementara" in locked.content.decode()


def test_forged_csrf_is_refused(demo_users):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "provinsi.analis", "password": PASSWORD})
    assert response.status_code == 403
    client.force_login(demo_users["provinsi.analis"])
    assert client.post("/mitra/baru/", {"name": "x"}).status_code == 403


def test_expired_session_is_sent_back_to_login(demo_users, settings):
    client = Client()
    client.force_login(demo_users["provinsi.analis"])
    session = client.session
    session.set_expiry(-1)
    session.save()
    response = client.get("/mitra/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_two_factor_enrolment_then_required_at_login(demo_users):
    user = demo_users["provinsi.penanganan"]
    client = Client()
    client.force_login(user)
    assert client.get("/accounts/dua-langkah/").status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    assert client.post("/accounts/dua-langkah/", {"token": f"{totp.token():06d}"}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    fresh = Client()
    without_code = fresh.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert without_code.status_code == 200  # password alone is not enough once 2FA is on
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + device.step  # next window: the enrolment code cannot be replayed
    with_code = fresh.post("/accounts/login/", {"username": user.username, "password": PASSWORD,
                                                 "otp_token": f"{totp.token():06d}"})
    assert with_code.status_code == 302, with_code.context["form"].errors if with_code.context else ""


def test_english_is_available(demo_users):
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
