"""Two handlers acting on one case at the same moment, in two real database connections (PostgreSQL: the case
row lock serialises them; the second sees the new version and is refused without losing anything)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from pantau.cases import services
from pantau.cases.models import Case, State

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_two_handlers_at_once_one_wins(users, finding_factory):
    first, second = users["kotajambi.penanganan"], users["kotajambi.penanganan2"]
    case = services.open_case_from_finding(finding_factory(), first)
    version = case.version
    results = _race([
        lambda: services.register(case.pk, first, expected_version=version),
        lambda: services.reject_registration(case.pk, second, reason="Syarat tidak lengkap", expected_version=version),
    ])
    winners = [r for r in results if isinstance(r, Case)]
    losers = [r for r in results if isinstance(r, services.Conflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert "isian Anda tetap ada" in losers[0].message
    case.refresh_from_db()
    assert case.version == version + 1 and case.state in (State.REGISTERED, State.NOT_REGISTERED)


def test_concurrent_registrations_get_distinct_numbers(users, finding_factory):
    handler = users["kotajambi.penanganan"]
    cases = [services.open_case_from_finding(finding_factory(title=f"Kasus {i}"), handler) for i in range(4)]
    results = _race([lambda c=c: services.register(c.pk, handler) for c in cases])
    assert all(isinstance(r, Case) for r in results), results
    numbers = sorted(Case.objects.filter(pk__in=[c.pk for c in cases]).values_list("register_number", flat=True))
    assert len(set(numbers)) == 4
    assert [n.split("/")[0] for n in numbers] == ["001", "002", "003", "004"]
