"""Walk every URL and API endpoint as every demo role.

For each route that addresses one record, a factory (tests/<app>/matrix.py, FACTORIES: url name →
callable(region_code, marker)) creates a record in Kota Jambi (15.71) carrying a unique marker. The matrix then proves that everyone outside Kota Jambi's chain of
command — the Kerinci handler, a Panwascam of one Kota Jambi kecamatan, partners, the police liaison and the
public — can neither read nor change it by any route, and that list pages never leak its marker. A route that
addresses a record but has no factory fails the test, so a new route cannot skip the matrix.
"""

from __future__ import annotations

import importlib.util
import uuid
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

INSIDE = {"admin", "provinsi.pimpinan", "provinsi.analis", "provinsi.penanganan", "kotajambi.penanganan", "kotajambi.analis"}
OUTSIDE = ["kerinci.penanganan", "panwascam.telanaipura", "mitra.koordinator", "mitra.pemantau", "gakkumdu.polda", None]

# Routes anyone may open (reference data, public intake, login, schema). Everything else needs an account.
PUBLIC_PREFIXES = ("/", "/healthz/", "/accounts/login/", "/i18n/", "/api/v1/regions/", "/api/v1/schema/",
                   "/api/v1/docs/", "/lapor/", "/transparansi/", "/api/v1/reports/", "/api/v1/stats/public")
SKIP_NAMESPACES = ("admin",)
# Object routes meant for the public: reference data, and status pages reached by an unguessable tracking code.
PUBLIC_OBJECT_ROUTES = {"region-detail", "report-track", "reports:track"}
REFUSED = {401, 403, 404, 405}


def _walk(patterns, prefix="", namespace=None):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            if ns and ns != namespace:
                ns = f"{namespace}:{ns}" if namespace else ns
            yield from _walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), prefix + str(p.pattern), p.pattern.converters


def routes():
    seen = set()
    for name, pattern, _converters in _walk(get_resolver().url_patterns):
        if name.split(":")[0] in SKIP_NAMESPACES or "format" in pattern or name in seen:
            continue
        seen.add(name)
        yield name, pattern


def factories() -> dict:
    found = {}
    for path in sorted(Path(__file__).parent.glob("*/matrix.py")):
        found.update(getattr(_load(path), "FACTORIES", {}))
    return found


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(f"matrix_{path.parent.name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _client(users, username):
    client = Client()
    if username:
        client.force_login(users[username])
    return client


def _url_kwargs(name, obj):
    """A factory returns the record, or (for routes with several parameters) the URL kwargs as a dict."""
    from django.urls import NoReverseMatch

    if isinstance(obj, dict):
        return reverse(name, kwargs=obj)
    for key in ("pk", "id", "code", "tracking_code", "sha256", "token"):
        value = getattr(obj, key, None) if key not in ("pk",) else obj.pk
        if value is None:
            continue
        for kw in (key, "pk"):
            try:
                return reverse(name, kwargs={kw: value})
            except NoReverseMatch:
                continue
    raise AssertionError(f"cannot build a URL for {name} from {obj!r}")


def _is_login_redirect(response):
    return response.status_code == 302 and "/accounts/login/" in response.get("Location", "")


def test_every_route_as_every_role(demo_users):
    available = factories()
    problems, missing = [], []
    object_urls, list_urls = [], []
    markers = []
    for name, pattern in routes():
        if "<" not in pattern:
            try:
                list_urls.append(reverse(name))
            except Exception:  # noqa: S112 - a route with regex groups is handled as an object route below
                continue
            continue
        factory = available.get(name)
        if factory is None:
            if name in PUBLIC_OBJECT_ROUTES:
                continue
            missing.append(f"{name} ({pattern})")
            continue
        marker = f"MATRIX-{uuid.uuid4().hex[:10].upper()}"
        obj = factory("15.71", marker)
        markers.append(marker)
        object_urls.append((name, _url_kwargs(name, obj)))
    assert not missing, "routes without a permission-matrix factory: " + ", ".join(missing)

    for username in OUTSIDE:
        client = _client(demo_users, username)
        for name, url in object_urls:
            for method in ("get", "post", "put", "patch", "delete"):
                response = getattr(client, method)(url, content_type="application/json") if method != "get" else client.get(url)
                ok = response.status_code in REFUSED or _is_login_redirect(response)
                if method == "get" and response.status_code == 302 and username is None:
                    ok = _is_login_redirect(response)
                if not ok:
                    problems.append(f"{username or 'publik'} {method.upper()} {url} ({name}) → {response.status_code}")
        for url in list_urls:
            response = client.get(url)
            if response.status_code >= 500:
                problems.append(f"{username or 'publik'} GET {url} → {response.status_code}")
                continue
            body = response.content.decode("utf-8", "replace") if response.status_code == 200 else ""
            leaked = [m for m in markers if m in body]
            if leaked:
                problems.append(f"{username or 'publik'} GET {url} shows Kota Jambi records {leaked}")
            if username is None and response.status_code == 200 and not url.startswith(PUBLIC_PREFIXES[1:]) and url != "/":
                problems.append(f"publik GET {url} → 200 without an account")

    for username in sorted(INSIDE):
        client = _client(demo_users, username)
        for _name, url in object_urls + [(u, u) for u in list_urls]:
            response = client.get(url)
            if response.status_code >= 500:
                problems.append(f"{username} GET {url} → {response.status_code}")
    assert not problems, "\n".join(problems)


def test_kerinci_handler_cannot_change_kota_jambi_partner_by_any_route(demo_users):
    from pantau.partners.models import Organisation

    org = Organisation.objects.create(name="Mitra Kota Jambi", kind="mahasiswa", region_id="15.71")
    client = _client(demo_users, "kerinci.penanganan")
    assert client.post(f"/mitra/{org.pk}/ubah/", {"name": "DIUBAH", "kind": "mahasiswa", "region": "15.01"}).status_code == 404
    assert client.patch(f"/api/v1/partners/{org.pk}/", {"name": "DIUBAH"}, content_type="application/json").status_code in {403, 404}
    assert client.delete(f"/api/v1/partners/{org.pk}/").status_code in {403, 404}
    org.refresh_from_db()
    assert org.name == "Mitra Kota Jambi"
    # while the Kota Jambi analyst... cannot either (only leadership/analysts manage partners) but can see it:
    assert _client(demo_users, "kotajambi.analis").get(f"/mitra/{org.pk}/").status_code == 200
