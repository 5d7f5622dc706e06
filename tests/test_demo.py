"""The README's first command, minus the web server: `pantau demo --no-serve` builds the whole demo, every
demo user logs in with the documented password and lands on a page scoped to their jurisdiction."""

import pytest
from django.core.management import call_command
from django.test import Client

from pantau.core.demo import DEMO_PASSWORD, DEMO_USERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_mode(settings):
    settings.DEMO_MODE = True
    settings.PANTAU_CASE_LETTERS = False  # PDF letters are covered by the cases tests; here they only cost time


def test_demo_builds_and_every_user_logs_in(demo_mode, jambi_regions, capsys):
    call_command("demo", "--no-serve")
    out = capsys.readouterr().out
    for username, *_ in DEMO_USERS:
        assert username in out
        client = Client()
        response = client.post("/accounts/login/", {"username": username, "password": DEMO_PASSWORD}, follow=True)
        assert response.status_code == 200, username
        assert response.context["user"].username == username
        assert b"Masuk ke Pantau" not in response.content, username


def test_demo_refuses_outside_demo_mode(settings):
    settings.DEMO_MODE = False
    with pytest.raises(Exception, match="PANTAU_DEMO"):
        call_command("demo", "--no-serve")


def test_demo_is_repeatable(demo_mode, jambi_regions):
    call_command("demo", "--no-serve")
    from pantau.partners.models import Organisation

    first = Organisation.objects.count()
    call_command("demo", "--no-serve")
    assert Organisation.objects.count() == first
