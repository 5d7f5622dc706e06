"""Schemathesis generates requests from the OpenAPI schema and checks that no endpoint fails with a 5xx,
as the Kerinci handler (token authentication) and without credentials."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_test_connection():
    """Requests made straight through the WSGI handler would close the test's database connection at the end
    of each request (Django's test client avoids this the same way)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_server_errors_on_any_operation(demo_users, keep_test_connection):
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    token, _ = Token.objects.get_or_create(user=demo_users["kerinci.penanganan"])
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 5

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def exercise(case):
            for headers in ({"Authorization": f"Token {token.key}"}, {}):
                response = case.call(headers=headers)
                if response.status_code >= 500:
                    failures.append(f"{case.method} {case.formatted_path} → {response.status_code}")

        exercise()
    assert not failures, "\n".join(sorted(set(failures)))


def test_schema_lists_the_contract_endpoints(client, demo_users):
    paths = client.get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()["paths"]
    assert "/api/v1/regions/" in paths
    assert "/api/v1/partners/" in paths
    assert "/api/v1/users/" in paths
