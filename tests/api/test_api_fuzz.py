"""Schemathesis generates requests from the OpenAPI schema and checks that no endpoint fails with a 5xx,
as the Kerinci handler (token authentication) and without credentials."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db(transaction=False)


@pytest.fixture
def api_schema(demo_users):
    return schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case, demo_users):
    token, _ = Token.objects.get_or_create(user=demo_users["kerinci.penanganan"])
    for headers in ({"Authorization": f"Token {token.key}"}, {}):
        response = case.call(headers=headers)
        assert response.status_code < 500, f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:300]}"


def test_schema_lists_the_contract_endpoints(client, demo_users):
    paths = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/v1/regions/" in paths
    assert "/api/v1/partners/" in paths
    assert "/api/v1/users/" in paths
