"""Shared fixtures: the Jambi regions (loaded once per database) and the demo users."""

from __future__ import annotations

import os
import random

import pytest

os.environ.setdefault("PANTAU_TESTING", "1")


@pytest.fixture(autouse=True)
def _isolated_storage(settings, tmp_path):
    settings.EVIDENCE_ROOT = tmp_path / "evidence"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from pantau.regions.loading import load_regions

    with django_db_blocker.unblock():
        load_regions("15")


@pytest.fixture
def jambi_regions(db):
    """Provinsi Jambi with every kab/kota, kecamatan and desa (reloaded if a transactional test flushed it)."""
    from pantau.regions.loading import load_regions
    from pantau.regions.models import Region

    if not Region.objects.filter(pk="15.71").exists():
        load_regions("15")
    return Region.objects.all()


@pytest.fixture
def demo_users(jambi_regions):
    """Every demo account (see pantau.core.demo.DEMO_USERS), with the partner organisations they belong to."""
    from pantau.core.demo import _partners, _users

    organisations = _partners(random.Random(7))
    return _users(organisations)


@pytest.fixture
def client_for(client, demo_users):
    """client_for("kerinci.penanganan") → a test client logged in as that demo user."""

    def make(username):
        from django.test import Client

        c = Client()
        c.force_login(demo_users[username])
        return c

    return make


@pytest.fixture
def serve_http(settings):
    """Start a real HTTP server on 127.0.0.1 with a handler class and return its base URL, with the fetcher
    allowed to reach it (127.0.0.1 is refused otherwise: the SSRF guard) and no per-host delay."""
    import threading
    from http.server import ThreadingHTTPServer

    from pantau.monitoring import adapters

    settings.PANTAU_FETCH_ALLOW_PRIVATE = True
    settings.PANTAU_FETCH_MIN_HOST_DELAY = 0
    adapters.reset_fetcher()
    servers = []

    def start(handler) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()
    adapters.reset_fetcher()
